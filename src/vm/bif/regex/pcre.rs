//! PCRE, as Erlang's `:re` compiles it (PCRE 8.44 with Latin-1 character
//! tables), translated to the syntax of the `regex` crate, with PCRE's
//! compile errors (message and offset) for the common mistakes.
//!
//! Without the `u` option PCRE works on bytes, and Erlang's tables treat
//! bytes 128 to 255 as Latin-1: `\w`, `[[:alpha:]]` and caseless matching
//! know `é` as the byte 0xE9. The translation writes every class and
//! every literal as an explicit set of bytes, so these semantics hold
//! exactly; `regex` then runs without Unicode (`(?-u)`). With `u`
//! (Elixir adds `:ucp`), classes are Unicode properties as PCRE's UCP
//! mode defines them.
//!
//! Flags (`i`, `m`, `s`, `x`, `U` and their inline forms) are applied
//! here, atom by atom, so the output carries no flag of its own.
//!
//! Not supported, and refused with a compile error naming the feature:
//! lookahead and lookbehind assertions, backreferences, atomic groups and
//! possessive quantifiers, recursion, conditionals, branch reset groups,
//! `\G`, `\K`, `\X`, callouts and `(*VERB)`s. Known differences: `\b`
//! without `u` knows only ASCII word characters; `$` without `m` (it also
//! matches before a final newline) is exact unless the subject holds other
//! newlines too (see `Dollar`).

use std::fmt::Write as _;

/// The compile options (`Regex.compile/2`'s letters or atoms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Options {
    /// `i`, `:caseless`.
    pub(crate) caseless: bool,
    /// `m`, `:multiline`.
    pub(crate) multiline: bool,
    /// `s`, `:dotall`.
    pub(crate) dotall: bool,
    /// `x`, `:extended`.
    pub(crate) extended: bool,
    /// `u`, `:unicode` and `:ucp`.
    pub(crate) unicode: bool,
    /// `U`, `:ungreedy`.
    pub(crate) ungreedy: bool,
    /// `f`, `:firstline`.
    pub(crate) firstline: bool,
}

/// What `$` without `m` (and `\Z`) becomes: PCRE matches it at the end
/// and before a newline that ends the subject.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dollar {
    /// `\z`: exact for subjects that do not end in a newline.
    End,
    /// `(?m:$)`: exact for subjects whose only newline ends them.
    Line,
}

/// A translated pattern.
pub(crate) struct Translated {
    /// The pattern in the `regex` crate's syntax.
    pub(crate) pattern: String,
    /// How many capturing groups it has.
    pub(crate) groups: usize,
    /// The named groups and their numbers, sorted by name.
    pub(crate) names: Vec<(Vec<u8>, usize)>,
    /// Whether `$` without `m`, or `\Z`, occurs.
    pub(crate) loose_dollar: bool,
}

/// A compile error as PCRE words it, with its byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PcreError {
    /// PCRE's message (`missing )`).
    pub(crate) message: String,
    /// Where PCRE stopped.
    pub(crate) offset: usize,
}

type Out<T = ()> = Result<T, PcreError>;

fn err<T>(message: &str, offset: usize) -> Out<T> {
    Err(PcreError {
        message: message.to_string(),
        offset,
    })
}

fn unsupported<T>(what: &str, offset: usize) -> Out<T> {
    err(&format!("{what} not supported by the simulation"), offset)
}

/// The flags in force at a point of the pattern.
#[derive(Clone, Copy)]
struct Flags {
    i: bool,
    m: bool,
    s: bool,
    x: bool,
    ungreedy: bool,
}

/// A set of bytes (classes without `u`).
#[derive(Clone, Copy)]
struct Bytes([bool; 256]);

impl Bytes {
    const EMPTY: Bytes = Bytes([false; 256]);

    fn range(lo: u8, hi: u8) -> Bytes {
        let mut b = Bytes::EMPTY;
        b.add_range(lo, hi);
        b
    }

    fn add_range(&mut self, lo: u8, hi: u8) {
        for c in lo..=hi {
            self.0[usize::from(c)] = true;
        }
    }

    fn add(&mut self, other: &Bytes) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }

    fn not(&self) -> Bytes {
        let mut b = *self;
        for x in b.0.iter_mut() {
            *x = !*x;
        }
        b
    }

    /// Adds the Latin-1 case partners of the members.
    fn fold(&self) -> Bytes {
        let mut b = *self;
        for c in 0..=255u8 {
            if self.0[usize::from(c)] {
                if let Some(o) = latin1_other_case(c) {
                    b.0[usize::from(o)] = true;
                }
            }
        }
        b
    }

    /// As a `regex` class of bytes (the pattern runs with `(?-u)`).
    fn emit(&self, out: &mut String) {
        out.push('[');
        let mut c = 0usize;
        let mut any = false;
        while c < 256 {
            if self.0[c] {
                let start = c;
                while c + 1 < 256 && self.0[c + 1] {
                    c += 1;
                }
                let _ = write!(out, "\\x{start:02X}");
                if c > start {
                    let _ = write!(out, "-\\x{c:02X}");
                }
                any = true;
            }
            c += 1;
        }
        if !any {
            // Nothing: a class that no byte is in.
            out.push_str("^\\x00-\\xFF");
        }
        out.push(']');
    }
}

fn latin1_other_case(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' | 0xC0..=0xDE if c != 0xD7 => Some(c + 32),
        b'a'..=b'z' | 0xE0..=0xFE if c != 0xF7 => Some(c - 32),
        _ => None,
    }
}

fn set(ranges: &[(u8, u8)]) -> Bytes {
    let mut b = Bytes::EMPTY;
    for (lo, hi) in ranges {
        b.add_range(*lo, *hi);
    }
    b
}

const LATIN1_LOWER: &[(u8, u8)] = &[
    (b'a', b'z'),
    (0xAA, 0xAA),
    (0xB5, 0xB5),
    (0xBA, 0xBA),
    (0xDF, 0xF6),
    (0xF8, 0xFF),
];
const LATIN1_UPPER: &[(u8, u8)] = &[(b'A', b'Z'), (0xC0, 0xD6), (0xD8, 0xDE)];

fn alpha() -> Bytes {
    let mut b = set(LATIN1_LOWER);
    b.add(&set(LATIN1_UPPER));
    b
}

fn digit() -> Bytes {
    Bytes::range(b'0', b'9')
}

fn word() -> Bytes {
    let mut b = alpha();
    b.add(&digit());
    b.add(&Bytes::range(b'_', b'_'));
    b
}

fn space() -> Bytes {
    let mut b = Bytes::range(9, 13);
    b.add(&Bytes::range(b' ', b' '));
    b
}

fn graph() -> Bytes {
    let mut b = Bytes::range(0x21, 0x7E);
    b.add(&Bytes::range(0xA0, 0xFF));
    b
}

fn punct() -> Bytes {
    let mut b = graph();
    let not = {
        let mut n = alpha();
        n.add(&digit());
        n
    };
    for c in 0..256 {
        if not.0[c] {
            b.0[c] = false;
        }
    }
    b
}

/// A POSIX class `[:name:]` as bytes, with the Latin-1 tables.
fn posix_bytes(name: &[u8]) -> Option<Bytes> {
    Some(match name {
        b"alpha" => alpha(),
        b"digit" => digit(),
        b"alnum" => {
            let mut b = alpha();
            b.add(&digit());
            b
        }
        b"word" => word(),
        b"lower" => set(LATIN1_LOWER),
        b"upper" => set(LATIN1_UPPER),
        b"space" => space(),
        b"blank" => set(&[(b'\t', b'\t'), (b' ', b' ')]),
        b"cntrl" => set(&[(0, 0x1F), (0x7F, 0x9F)]),
        b"graph" => graph(),
        b"print" => {
            let mut b = graph();
            b.add(&Bytes::range(b' ', b' '));
            b
        }
        b"punct" => punct(),
        b"xdigit" => set(&[(b'0', b'9'), (b'a', b'f'), (b'A', b'F')]),
        b"ascii" => Bytes::range(0, 255),
        _ => return None,
    })
}

/// A POSIX class in UCP mode, as `regex` class items.
fn posix_unicode(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"alpha" => "\\p{L}",
        b"digit" => "\\p{Nd}",
        b"alnum" => "\\p{L}\\p{N}",
        b"word" => "\\p{L}\\p{N}_",
        b"lower" => "\\p{Ll}",
        b"upper" => "\\p{Lu}",
        b"space" => "\\p{Z}\\t\\n\\x0B\\x0C\\r",
        b"blank" => H_UNICODE,
        b"cntrl" => "\\x00-\\x1F\\x7F",
        b"graph" => "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Cf}",
        b"print" => "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Cf}\\p{Zs}",
        b"punct" => "\\p{P}$+<=>^`|~",
        b"xdigit" => "0-9a-fA-F",
        b"ascii" => "\\x00-\\xFF",
        _ => return None,
    })
}

const H_UNICODE: &str =
    "\\t\\x20\\xA0\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";
const V_UNICODE: &str = "\\n\\x0B\\x0C\\r\\x{85}\\x{2028}\\x{2029}";

/// A class escape (`\d`, `\W`, `\h`, ...): its letter's lower-case form
/// and whether it is negated.
fn class_escape(c: u8) -> Option<(u8, bool)> {
    match c {
        b'd' | b'w' | b's' | b'h' | b'v' => Some((c, false)),
        b'D' | b'W' | b'S' | b'H' | b'V' => Some((c.to_ascii_lowercase(), true)),
        _ => None,
    }
}

fn class_escape_bytes(c: u8) -> Bytes {
    match c {
        b'd' => digit(),
        b'w' => word(),
        b's' => space(),
        b'h' => set(&[(b'\t', b'\t'), (b' ', b' '), (0xA0, 0xA0)]),
        _ => set(&[(0x0A, 0x0D), (0x85, 0x85)]),
    }
}

fn class_escape_unicode(c: u8) -> &'static str {
    match c {
        b'd' => "\\p{Nd}",
        b'w' => "\\p{L}\\p{N}_",
        b's' => "\\p{Z}\\t\\n\\x0B\\x0C\\r",
        b'h' => H_UNICODE,
        _ => V_UNICODE,
    }
}

/// A Unicode property name as PCRE knows it, as `regex` class items
/// (`None` for a name PCRE does not know).
fn property(name: &str) -> Option<String> {
    const GENERAL: &[&str] = &[
        "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me",
        "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc",
        "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    ];
    Some(match name {
        "Any" => "\\x{0}-\\x{10FFFF}".to_string(),
        "L&" => "\\p{Lu}\\p{Ll}\\p{Lt}".to_string(),
        "Xan" => "\\p{L}\\p{N}".to_string(),
        "Xwd" => "\\p{L}\\p{N}_".to_string(),
        "Xsp" | "Xps" => "\\p{Z}\\t\\n\\x0B\\x0C\\r".to_string(),
        _ if GENERAL.contains(&name) => format!("\\p{{{name}}}"),
        _ if name.len() > 2
            && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
            && name.as_bytes().first().is_some_and(u8::is_ascii_uppercase) =>
        {
            // A script (`Greek`, `Old_Italic`); checked against regex's
            // tables when the pattern is built.
            if ::regex::Regex::new(&format!("\\p{{{name}}}")).is_err() {
                return None;
            }
            format!("\\p{{{name}}}")
        }
        _ => return None,
    })
}

/// The Latin-1 characters (bytes) that have a property, for `\p` without `u`.
fn property_bytes(items: &str) -> Bytes {
    let mut b = Bytes::EMPTY;
    if let Ok(re) = ::regex::Regex::new(&format!("^[{items}]$")) {
        for c in 0..=255u8 {
            let ch = char::from(c);
            if re.is_match(ch.encode_utf8(&mut [0; 4])) {
                b.0[usize::from(c)] = true;
            }
        }
    }
    b
}

/// One character of a class in UCP mode, escaped for `regex`.
fn push_char(out: &mut String, c: u32) {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() => out.push(ch),
        _ => {
            let _ = write!(out, "\\x{{{c:X}}}");
        }
    }
}

/// What the last item written can be repeated as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing to repeat (start, `(`, `|`, an assertion, a quantifier).
    Nothing,
    /// An atom starting at this output offset.
    Atom(usize),
    /// A quantified atom: another quantifier is an error.
    Quantified,
}

/// One open group.
struct Frame {
    flags: Flags,
    /// Where the group's text starts in the output.
    out_start: usize,
}

/// A class being read: bytes without `u`, `regex` items with it.
struct Class {
    bytes: Bytes,
    items: String,
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    out: String,
    unicode: bool,
    dollar: Dollar,
    flags: Flags,
    stack: Vec<Frame>,
    groups: usize,
    names: Vec<(Vec<u8>, usize)>,
    loose_dollar: bool,
    last: Last,
    backref: Option<(usize, usize)>,
}

/// Translates `source` compiled with `opts`; `$` becomes `dollar`.
pub(crate) fn translate(source: &[u8], opts: Options, dollar: Dollar) -> Out<Translated> {
    let mut p = Parser {
        s: source,
        i: 0,
        out: String::with_capacity(source.len() * 2 + 8),
        unicode: opts.unicode,
        dollar,
        flags: Flags {
            i: opts.caseless,
            m: opts.multiline,
            s: opts.dotall,
            x: opts.extended,
            ungreedy: opts.ungreedy,
        },
        stack: Vec::new(),
        groups: 0,
        names: Vec::new(),
        loose_dollar: false,
        last: Last::Nothing,
        backref: None,
    };
    if opts.unicode {
        if std::str::from_utf8(source).is_err() {
            let at = source.utf8_chunks().next().map_or(0, |c| c.valid().len());
            return err("invalid UTF-8 string", at);
        }
    } else {
        p.out.push_str("(?-u)");
    }
    p.run()?;
    if !p.stack.is_empty() {
        return err("missing )", source.len());
    }
    if let Some((n, at)) = p.backref {
        if n > p.groups {
            return err("reference to non-existent subpattern", source.len());
        }
        return unsupported("backreferences are", at);
    }
    let mut names = p.names;
    names.sort();
    Ok(Translated {
        pattern: p.out,
        groups: p.groups,
        names,
        loose_dollar: p.loose_dollar,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    /// Skips whitespace and `#` comments in extended mode.
    fn skip_extended(&mut self) {
        if !self.flags.x {
            return;
        }
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                self.i += 1;
            } else if c == b'#' {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b'\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn run(&mut self) -> Out {
        loop {
            self.skip_extended();
            let Some(c) = self.peek() else {
                return Ok(());
            };
            match c {
                b'*' | b'+' | b'?' => self.quantifier(c)?,
                b'{' if self.counted_repeat() => self.quantifier(c)?,
                b'|' => {
                    self.i += 1;
                    self.out.push('|');
                    self.last = Last::Nothing;
                }
                b'(' => self.open()?,
                b')' => {
                    let Some(frame) = self.stack.pop() else {
                        return err("unmatched parentheses", self.i);
                    };
                    self.i += 1;
                    self.flags = frame.flags;
                    self.out.push(')');
                    self.last = Last::Atom(frame.out_start);
                }
                b'[' => {
                    let start = self.out.len();
                    self.i += 1;
                    let class = self.class()?;
                    self.emit_class(class, start);
                }
                b'\\' => self.escape()?,
                b'^' => {
                    self.i += 1;
                    self.out
                        .push_str(if self.flags.m { "(?m:^)" } else { "\\A" });
                    self.last = Last::Nothing;
                }
                b'$' => {
                    self.i += 1;
                    self.dollar_out();
                }
                b'.' => {
                    self.i += 1;
                    let start = self.out.len();
                    if self.unicode {
                        self.out
                            .push_str(if self.flags.s { "(?s:.)" } else { "(?-s:.)" });
                    } else if self.flags.s {
                        Bytes::range(0, 255).emit(&mut self.out);
                    } else {
                        Bytes::range(b'\n', b'\n').not().emit(&mut self.out);
                    }
                    self.last = Last::Atom(start);
                }
                _ => self.literal_here()?,
            }
        }
    }

    fn dollar_out(&mut self) {
        if self.flags.m {
            self.out.push_str("(?m:$)");
        } else {
            self.loose_dollar = true;
            self.out.push_str(match self.dollar {
                Dollar::End => "\\z",
                Dollar::Line => "(?m:$)",
            });
        }
        self.last = Last::Nothing;
    }

    /// Whether `{` at the cursor starts `{n}`, `{n,}` or `{n,m}`.
    fn counted_repeat(&self) -> bool {
        let rest = self.s.get(self.i + 1..).unwrap_or_default();
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        match rest.get(digits) {
            Some(b'}') => true,
            Some(b',') => {
                let more = rest.get(digits + 1..).unwrap_or_default();
                let d2 = more.iter().take_while(|c| c.is_ascii_digit()).count();
                more.get(d2) == Some(&b'}')
            }
            _ => false,
        }
    }

    /// Reads a number of a `{}` quantifier (at most 65535).
    fn repeat_number(&mut self) -> Out<u32> {
        let mut n: u32 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            self.i += 1;
            n = n * 10 + u32::from(c - b'0');
            if n > 65535 {
                return err("number too big in {} quantifier", self.i);
            }
        }
        Ok(n)
    }

    fn quantifier(&mut self, c: u8) -> Out {
        let start_i = self.i;
        self.i += 1;
        let text = if c == b'{' {
            let min = self.repeat_number()?;
            let text = if self.peek() == Some(b',') {
                self.i += 1;
                if self.peek() == Some(b'}') {
                    format!("{{{min},}}")
                } else {
                    let max = self.repeat_number()?;
                    if max < min {
                        return err("numbers out of order in {} quantifier", self.i);
                    }
                    format!("{{{min},{max}}}")
                }
            } else {
                format!("{{{min}}}")
            };
            self.i += 1; // `}`
            text
        } else {
            (c as char).to_string()
        };
        let atom = match self.last {
            Last::Atom(at) => at,
            _ => {
                // PCRE notices after reading `{n,m`: at the `}`.
                let at = if c == b'{' { self.i - 1 } else { start_i };
                return err("nothing to repeat", at);
            }
        };
        let mut lazy = false;
        match self.peek() {
            Some(b'?') => {
                self.i += 1;
                lazy = true;
            }
            Some(b'+') => return unsupported("possessive quantifiers are", self.i),
            _ => {}
        }
        if self.flags.ungreedy {
            lazy = !lazy;
        }
        let inner = self.out.split_off(atom);
        let _ = write!(self.out, "(?:{inner}){text}{}", if lazy { "?" } else { "" });
        self.last = Last::Quantified;
        Ok(())
    }

    fn open(&mut self) -> Out {
        let open_at = self.i;
        self.i += 1;
        let saved = self.flags;
        if self.peek() == Some(b'*') {
            if self
                .at(1)
                .is_some_and(|c| c.is_ascii_uppercase() || c == b':')
            {
                return unsupported("(*VERB) items are", open_at);
            }
            // `(*)`: a group whose first item is a quantifier.
            self.groups += 1;
            self.push_group(saved, "(");
            return Ok(());
        }
        if self.peek() != Some(b'?') {
            self.groups += 1;
            self.push_group(saved, "(");
            return Ok(());
        }
        self.i += 1;
        match self.peek() {
            Some(b'#') => {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b')' {
                        return Ok(());
                    }
                }
                err("missing ) after comment", self.i)
            }
            Some(b':') => {
                self.i += 1;
                self.push_group(saved, "(?:");
                Ok(())
            }
            Some(b'=' | b'!') => unsupported("lookahead assertions are", open_at),
            Some(b'>') => unsupported("atomic groups are", open_at),
            Some(b'|') => unsupported("branch reset groups are", open_at),
            Some(b'(') => unsupported("conditional groups are", open_at),
            Some(b'C') => unsupported("callouts are", open_at),
            Some(b'R' | b'&' | b'0'..=b'9') => unsupported("recursive patterns are", open_at),
            Some(b'+') => unsupported("recursive patterns are", open_at),
            Some(b'-') if self.at(1).is_some_and(|c| c.is_ascii_digit()) => {
                unsupported("recursive patterns are", open_at)
            }
            Some(b'<') => {
                self.i += 1;
                match self.peek() {
                    Some(b'=' | b'!') => unsupported("lookbehind assertions are", open_at),
                    Some(c) if c.is_ascii_alphanumeric() || c == b'_' => self.named(b'>', saved),
                    _ => err("unrecognized character after (?<", self.i),
                }
            }
            Some(b'\'') => {
                self.i += 1;
                self.named(b'\'', saved)
            }
            Some(b'P') => {
                self.i += 1;
                match self.peek() {
                    Some(b'<') => {
                        self.i += 1;
                        self.named(b'>', saved)
                    }
                    Some(b'=') => unsupported("backreferences are", open_at),
                    Some(b'>') => unsupported("recursive patterns are", open_at),
                    _ => err("unrecognized character after (?P", self.i),
                }
            }
            _ => self.option_setting(saved),
        }
    }

    fn push_group(&mut self, saved: Flags, text: &str) {
        self.stack.push(Frame {
            flags: saved,
            out_start: self.out.len(),
        });
        self.out.push_str(text);
        self.last = Last::Nothing;
    }

    /// `(?<name>`, `(?'name'` or `(?P<name>`, the cursor on the name.
    fn named(&mut self, terminator: u8, saved: Flags) -> Out {
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return err("group name must start with a non-digit", self.i);
        }
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        let name = self.s.get(start..self.i).unwrap_or_default().to_vec();
        if self.i - start > 32 {
            return err(
                "subpattern name is too long (maximum 32 characters)",
                self.i,
            );
        }
        if self.peek() != Some(terminator) {
            return err(
                "syntax error in subpattern name (missing terminator)",
                self.i,
            );
        }
        if self.names.iter().any(|(n, _)| *n == name) {
            return err("two named subpatterns have the same name", self.i);
        }
        self.i += 1;
        self.groups += 1;
        self.names.push((name, self.groups));
        self.push_group(saved, "(");
        Ok(())
    }

    /// `(?imsxU-imsxU)` or `(?imsxU-imsxU:`, the cursor after `?`.
    fn option_setting(&mut self, saved: Flags) -> Out {
        let mut on = true;
        let mut flags = self.flags;
        loop {
            let Some(c) = self.peek() else {
                return err("unrecognized character after (? or (?-", self.i);
            };
            self.i += 1;
            match c {
                b'-' => on = false,
                b'i' => flags.i = on,
                b'm' => flags.m = on,
                b's' => flags.s = on,
                b'x' => flags.x = on,
                b'U' => flags.ungreedy = on,
                b'J' | b'X' => {}
                b')' => {
                    self.flags = flags;
                    return Ok(());
                }
                b':' => {
                    self.push_group(saved, "(?:");
                    self.flags = flags;
                    return Ok(());
                }
                _ => return err("unrecognized character after (? or (?-", self.i - 1),
            }
        }
    }

    /// A literal code point (or byte) at the cursor.
    fn literal_here(&mut self) -> Out {
        let c = self.read_char();
        self.literal(c);
        Ok(())
    }

    /// The character at the cursor: a code point with `u`, else a byte.
    fn read_char(&mut self) -> u32 {
        if self.unicode {
            let rest = self.s.get(self.i..).unwrap_or_default();
            let window = rest.get(..4).unwrap_or(rest);
            if let Some(ch) = window
                .utf8_chunks()
                .next()
                .and_then(|c| c.valid().chars().next())
            {
                self.i += ch.len_utf8();
                return u32::from(ch);
            }
        }
        let c = self.peek().unwrap_or(0);
        self.i += 1;
        u32::from(c)
    }

    fn literal(&mut self, c: u32) {
        let start = self.out.len();
        if self.unicode {
            if self.flags.i {
                self.out.push_str("(?i:");
                push_char(&mut self.out, c);
                self.out.push(')');
            } else {
                push_char(&mut self.out, c);
            }
        } else {
            let b = u8::try_from(c).unwrap_or(0);
            let mut set = Bytes::range(b, b);
            if self.flags.i {
                set = set.fold();
            }
            set.emit(&mut self.out);
        }
        self.last = Last::Atom(start);
    }

    fn emit_class(&mut self, class: Class, start: usize) {
        if self.unicode {
            if self.flags.i {
                let _ = write!(self.out, "(?i:{})", class.items);
            } else {
                self.out.push_str(&class.items);
            }
        } else {
            class.bytes.emit(&mut self.out);
        }
        self.last = Last::Atom(start);
    }

    /// A class escape or property outside brackets, as a one-item class.
    fn single_class(&mut self, bytes: Bytes, items: String) {
        let start = self.out.len();
        let class = Class {
            bytes,
            items: format!("[{items}]"),
        };
        self.emit_class(class, start);
    }

    fn escape(&mut self) -> Out {
        let esc_at = self.i;
        self.i += 1;
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern", self.i);
        };
        self.i += 1;
        if let Some((letter, negated)) = class_escape(c) {
            let bytes = class_escape_bytes(letter);
            let items = class_escape_unicode(letter);
            let (bytes, items) = if negated {
                (bytes.not(), format!("^{items}"))
            } else {
                (bytes, items.to_string())
            };
            self.single_class(bytes, items);
            return Ok(());
        }
        match c {
            b'b' | b'B' => {
                self.out.push('\\');
                self.out.push(c as char);
                self.last = Last::Nothing;
            }
            b'A' => {
                self.out.push_str("\\A");
                self.last = Last::Nothing;
            }
            b'z' => {
                self.out.push_str("\\z");
                self.last = Last::Nothing;
            }
            b'Z' => {
                let m = self.flags.m;
                self.flags.m = false;
                self.dollar_out();
                self.flags.m = m;
            }
            b'G' => return unsupported("\\G is", esc_at),
            b'K' => return unsupported("\\K is", esc_at),
            b'X' => return unsupported("\\X is", esc_at),
            b'C' => {
                let start = self.out.len();
                self.out.push_str("(?-u:[\\x00-\\xFF])");
                self.last = Last::Atom(start);
            }
            b'N' => {
                if self.peek() == Some(b'{') {
                    return err(
                        "PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u",
                        self.i,
                    );
                }
                let start = self.out.len();
                if self.unicode {
                    self.out.push_str("(?-s:.)");
                } else {
                    Bytes::range(b'\n', b'\n').not().emit(&mut self.out);
                }
                self.last = Last::Atom(start);
            }
            b'R' => {
                let start = self.out.len();
                self.out.push_str(if self.unicode {
                    "(?:\\r\\n|[\\n\\x0B\\x0C\\r\\x{85}\\x{2028}\\x{2029}])"
                } else {
                    "(?:\\r\\n|[\\n\\x0B\\x0C\\r\\x85])"
                });
                self.last = Last::Atom(start);
            }
            b'p' | b'P' => {
                let (items, negated) = self.property(c == b'P')?;
                let bytes = property_bytes(&items);
                if negated {
                    self.single_class(bytes.not(), format!("^{items}"));
                } else {
                    self.single_class(bytes, items);
                }
            }
            b'Q' => self.quoted(),
            b'E' => {}
            b'1'..=b'9' => {
                self.i -= 1;
                let digits_at = self.i;
                let mut n: usize = 0;
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.i += 1;
                    n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                }
                if n < 10 || n <= self.groups {
                    self.note_backref(n, esc_at);
                } else {
                    // Octal, as PCRE reads `\12` with fewer groups.
                    self.i = digits_at;
                    let v = self.octal(3);
                    self.char_value(v, esc_at)?;
                }
            }
            b'g' => {
                let n = self.group_reference()?;
                self.note_backref(n, esc_at);
            }
            b'k' => match self.peek() {
                Some(b'<' | b'\'' | b'{') => return unsupported("backreferences are", esc_at),
                _ => {
                    return err(
                        "\\k is not followed by a braced, angle-bracketed, or quoted name",
                        self.i - 1,
                    )
                }
            },
            b'L' | b'l' | b'U' | b'u' => {
                return err(
                    "PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u",
                    self.i,
                )
            }
            _ => {
                self.i -= 1;
                let v = self.char_escape(esc_at)?;
                self.char_value(v, esc_at)?;
            }
        }
        Ok(())
    }

    fn note_backref(&mut self, n: usize, at: usize) {
        match self.backref {
            Some((m, first)) => self.backref = Some((m.max(n), first)),
            None => self.backref = Some((n, at)),
        }
    }

    /// `\g{n}`, `\gn`, `\g{-n}`, `\g{name}`: the group number (0 for a name).
    fn group_reference(&mut self) -> Out<usize> {
        let braced = self.peek() == Some(b'{');
        if braced {
            self.i += 1;
        }
        if matches!(self.peek(), Some(b'<' | b'\'')) && !braced {
            return unsupported("subroutine calls are", self.i);
        }
        let neg = self.peek() == Some(b'-');
        if neg || self.peek() == Some(b'+') {
            self.i += 1;
        }
        let start = self.i;
        let mut n: usize = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            self.i += 1;
            n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
        }
        if self.i == start {
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            {
                self.i += 1;
            }
            if braced && self.peek() == Some(b'}') {
                self.i += 1;
                return Ok(0);
            }
            return err("a numbered reference must not be zero", self.i);
        }
        if braced {
            if self.peek() != Some(b'}') {
                return err("\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number", self.i);
            }
            self.i += 1;
        }
        if neg {
            n = self.groups + 1 - n.min(self.groups + 1);
        }
        Ok(n)
    }

    /// `\Q...\E`: every character up to `\E` (or the end) is literal.
    fn quoted(&mut self) {
        while self.i < self.s.len() {
            if self.peek() == Some(b'\\') && self.at(1) == Some(b'E') {
                self.i += 2;
                return;
            }
            let c = self.read_char();
            self.literal(c);
        }
    }

    /// Up to `max` octal digits.
    fn octal(&mut self, max: usize) -> u32 {
        let mut v = 0u32;
        for _ in 0..max {
            match self.peek() {
                Some(d @ b'0'..=b'7') => {
                    self.i += 1;
                    v = v * 8 + u32::from(d - b'0');
                }
                _ => break,
            }
        }
        v
    }

    /// A character escape (`\n`, `\x41`, `\x{263A}`, `\cA`, `\0`, `\.`),
    /// the cursor on the letter after the backslash.
    fn char_escape(&mut self, esc_at: usize) -> Out<u32> {
        let c = self.peek().unwrap_or(0);
        self.i += 1;
        Ok(match c {
            b'a' => 7,
            b'e' => 27,
            b'f' => 12,
            b'n' => 10,
            b'r' => 13,
            b't' => 9,
            b'0' => self.octal(2),
            b'o' => {
                if self.peek() != Some(b'{') {
                    return err("missing opening brace after \\o", self.i);
                }
                self.i += 1;
                let mut v: u32 = 0;
                while let Some(d @ b'0'..=b'7') = self.peek() {
                    self.i += 1;
                    v = v.saturating_mul(8).saturating_add(u32::from(d - b'0'));
                }
                if self.peek() != Some(b'}') {
                    return err(
                        "non-octal character in \\o{} (closing brace missing?)",
                        self.i,
                    );
                }
                self.i += 1;
                v
            }
            b'x' => {
                if self.peek() == Some(b'{') {
                    let save = self.i;
                    self.i += 1;
                    let mut v: u32 = 0;
                    let start = self.i;
                    while let Some(d) = self.peek().and_then(|c| (c as char).to_digit(16)) {
                        self.i += 1;
                        v = v.saturating_mul(16).saturating_add(d);
                    }
                    if self.peek() == Some(b'}') && self.i > start {
                        self.i += 1;
                        v
                    } else {
                        // Not a braced value: `\x` is NUL and `{` literal.
                        self.i = save;
                        0
                    }
                } else {
                    let mut v = 0;
                    for _ in 0..2 {
                        match self.peek().and_then(|c| (c as char).to_digit(16)) {
                            Some(d) => {
                                self.i += 1;
                                v = v * 16 + d;
                            }
                            None => break,
                        }
                    }
                    v
                }
            }
            b'c' => {
                let Some(x) = self.peek() else {
                    return err("\\c at end of pattern", self.i);
                };
                if x > 127 {
                    return err("\\c must be followed by an ASCII character", self.i);
                }
                self.i += 1;
                u32::from(x.to_ascii_uppercase() ^ 0x40)
            }
            c if c.is_ascii_alphanumeric() => {
                let _ = esc_at;
                return err("unrecognized character follows \\", self.i);
            }
            _ => {
                // Any other character stands for itself.
                self.i -= 1;
                self.read_char()
            }
        })
    }

    /// A character value from an escape: a literal (too big without `u`
    /// is an error).
    fn char_value(&mut self, v: u32, _esc_at: usize) -> Out {
        // PCRE reports the offset of the closing brace.
        if (!self.unicode && v > 255)
            || (self.unicode && (v > 0x10FFFF || (0xD800..=0xDFFF).contains(&v)))
        {
            return err(
                "character value in \\x{} or \\o{} is too large",
                self.i.saturating_sub(1),
            );
        }
        self.literal(v);
        Ok(())
    }

    /// `\p{Name}`, `\p{^Name}` or `\pL`, the cursor after `p`: the class
    /// items and whether the result is negated.
    fn property(&mut self, mut negated: bool) -> Out<(String, bool)> {
        let name: String = match self.peek() {
            Some(b'{') => {
                self.i += 1;
                if self.peek() == Some(b'^') {
                    self.i += 1;
                    negated = !negated;
                }
                let start = self.i;
                while self.peek().is_some_and(|c| c != b'}') {
                    self.i += 1;
                }
                if self.peek() != Some(b'}') {
                    return err("malformed \\P or \\p sequence", self.i);
                }
                let name = String::from_utf8_lossy(self.s.get(start..self.i).unwrap_or_default())
                    .into_owned();
                self.i += 1;
                name
            }
            Some(c) => {
                self.i += 1;
                (c as char).to_string()
            }
            None => return err("malformed \\P or \\p sequence", self.i),
        };
        match property(&name) {
            Some(items) => Ok((items, negated)),
            None => err(
                "unknown property name after \\P or \\p",
                self.i.saturating_sub(1),
            ),
        }
    }

    /// A bracketed class, the cursor after `[`.
    fn class(&mut self) -> Out<Class> {
        let mut negated = false;
        if self.peek() == Some(b'^') {
            self.i += 1;
            negated = true;
        }
        let mut bytes = Bytes::EMPTY;
        let mut items = String::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return err("missing terminating ] for character class", self.s.len());
            };
            if c == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == b'[' && matches!(self.at(1), Some(b':' | b'.' | b'=')) && self.posix_ahead() {
                self.posix(&mut bytes, &mut items)?;
                continue;
            }
            let lo = match self.class_atom()? {
                ClassAtom::Char(v) => v,
                ClassAtom::Set(b, text) => {
                    bytes.add(&b);
                    items.push_str(&text);
                    continue;
                }
                ClassAtom::Nothing => continue,
            };
            // A range `lo-hi`, unless `-` ends the class.
            if self.peek() == Some(b'-') && self.at(1).is_some_and(|c| c != b']') {
                let save = self.i;
                self.i += 1;
                if self.peek() == Some(b'[')
                    && matches!(self.at(1), Some(b':'))
                    && self.posix_ahead()
                {
                    // `[a-[:digit:]]`: the `-` is literal.
                    self.i = save;
                    self.class_char(lo, &mut bytes, &mut items);
                    continue;
                }
                match self.class_atom()? {
                    ClassAtom::Char(hi) => {
                        if hi < lo {
                            return err("range out of order in character class", self.i - 1);
                        }
                        self.class_range(lo, hi, &mut bytes, &mut items);
                    }
                    ClassAtom::Set(..) => {
                        return err("invalid range in character class", self.i - 1)
                    }
                    ClassAtom::Nothing => {
                        self.class_char(lo, &mut bytes, &mut items);
                        self.class_char(u32::from(b'-'), &mut bytes, &mut items);
                    }
                }
                continue;
            }
            self.class_char(lo, &mut bytes, &mut items);
        }
        if self.flags.i {
            bytes = bytes.fold();
        }
        if negated {
            bytes = bytes.not();
        }
        let items = if items.is_empty() {
            if negated {
                "[\\x{0}-\\x{10FFFF}]".to_string()
            } else {
                "[^\\x{0}-\\x{10FFFF}]".to_string()
            }
        } else if negated {
            format!("[^{items}]")
        } else {
            format!("[{items}]")
        };
        Ok(Class { bytes, items })
    }

    fn class_char(&self, c: u32, bytes: &mut Bytes, items: &mut String) {
        if let Ok(b) = u8::try_from(c) {
            bytes.0[usize::from(b)] = true;
        }
        push_char(items, c);
    }

    fn class_range(&self, lo: u32, hi: u32, bytes: &mut Bytes, items: &mut String) {
        if let Ok(l) = u8::try_from(lo) {
            bytes.add_range(l, u8::try_from(hi).unwrap_or(255));
        }
        push_char(items, lo);
        items.push('-');
        push_char(items, hi);
    }

    /// Whether `[:name:]` (or `[.x.]`, `[=x=]`) starts at the cursor.
    fn posix_ahead(&self) -> bool {
        let Some(kind) = self.at(1) else {
            return false;
        };
        let rest = self.s.get(self.i + 2..).unwrap_or_default();
        let mut k = 0;
        while let Some(&c) = rest.get(k) {
            if c == b'\\' || c == b'[' || c == b']' {
                return c == b']' && k > 0 && rest.get(k - 1) == Some(&kind);
            }
            k += 1;
        }
        false
    }

    fn posix(&mut self, bytes: &mut Bytes, items: &mut String) -> Out {
        let kind = self.at(1).unwrap_or(b':');
        self.i += 2;
        if kind != b':' {
            return err("POSIX collating elements are not supported", self.i);
        }
        let negated = self.peek() == Some(b'^');
        if negated {
            self.i += 1;
        }
        let start = self.i;
        while self.peek().is_some_and(|c| c != b':') {
            self.i += 1;
        }
        let name = self.s.get(start..self.i).unwrap_or_default().to_vec();
        self.i += 2; // `:]`
        let (Some(b), Some(text)) = (
            if self.unicode {
                Some(Bytes::EMPTY)
            } else {
                posix_bytes(&name)
            },
            if self.unicode {
                posix_unicode(&name)
            } else {
                Some("")
            },
        ) else {
            return err("unknown POSIX class name", start);
        };
        if negated {
            bytes.add(&b.not());
            let _ = write!(items, "[^{text}]");
        } else {
            bytes.add(&b);
            items.push_str(text);
        }
        Ok(())
    }

    /// One item of a class: a character, a set (`\d`, `\p{L}`) or nothing
    /// (`\E`, an empty `\Q\E`).
    fn class_atom(&mut self) -> Out<ClassAtom> {
        if self.peek() != Some(b'\\') {
            return Ok(ClassAtom::Char(self.read_char()));
        }
        let esc_at = self.i;
        self.i += 1;
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern", self.i);
        };
        self.i += 1;
        if let Some((letter, negated)) = class_escape(c) {
            let b = class_escape_bytes(letter);
            let text = class_escape_unicode(letter);
            return Ok(if negated {
                ClassAtom::Set(Box::new(b.not()), format!("[^{text}]"))
            } else {
                ClassAtom::Set(Box::new(b), text.to_string())
            });
        }
        match c {
            b'b' => Ok(ClassAtom::Char(8)),
            b'p' | b'P' => {
                let (items, negated) = self.property(c == b'P')?;
                let b = property_bytes(&items);
                Ok(if negated {
                    ClassAtom::Set(Box::new(b.not()), format!("[^{items}]"))
                } else {
                    ClassAtom::Set(Box::new(b), items)
                })
            }
            b'E' => Ok(ClassAtom::Nothing),
            b'Q' => {
                // Quoted characters inside a class: each is a member.
                let mut b = Bytes::EMPTY;
                let mut text = String::new();
                while self.i < self.s.len() {
                    if self.peek() == Some(b'\\') && self.at(1) == Some(b'E') {
                        self.i += 2;
                        break;
                    }
                    let v = self.read_char();
                    self.class_char(v, &mut b, &mut text);
                }
                Ok(ClassAtom::Set(Box::new(b), text))
            }
            b'B' | b'R' | b'X' => err("escape sequence is invalid in character class", self.i),
            b'1'..=b'9' => {
                self.i -= 1;
                Ok(ClassAtom::Char(self.octal(3)))
            }
            _ => {
                self.i -= 1;
                let v = self.char_escape(esc_at)?;
                if !self.unicode && v > 255 {
                    return err("character value in \\x{} or \\o{} is too large", self.i);
                }
                Ok(ClassAtom::Char(v))
            }
        }
    }
}

enum ClassAtom {
    Char(u32),
    Set(Box<Bytes>, String),
    Nothing,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> (String, usize) {
        match translate(source.as_bytes(), Options::default(), Dollar::End) {
            Err(e) => (e.message, e.offset),
            Ok(t) => (format!("ok: {}", t.pattern), 0),
        }
    }

    #[test]
    fn errors_are_worded_and_placed_as_pcre_does() {
        assert_eq!(error("("), ("missing )".into(), 1));
        assert_eq!(error("unclosed("), ("missing )".into(), 9));
        assert_eq!(error("a)"), ("unmatched parentheses".into(), 1));
        assert_eq!(error("*a"), ("nothing to repeat".into(), 0));
        assert_eq!(error("a**"), ("nothing to repeat".into(), 2));
        assert_eq!(error("a{2}{3}"), ("nothing to repeat".into(), 6));
        assert_eq!(
            error("[a"),
            ("missing terminating ] for character class".into(), 2)
        );
        assert_eq!(
            error("[z-a]"),
            ("range out of order in character class".into(), 3)
        );
        assert_eq!(error("(?<n>a)(?<n>b)").1, 11);
    }
}
