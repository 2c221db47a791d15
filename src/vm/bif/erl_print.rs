//! Terms in Erlang syntax, as `io_lib:write/2` (`~w`, `~W`) and
//! `io_lib_pretty` (`~p`, `~P`) print them: `[1,2]`, `{ok,<<"hi">>}`,
//! `'Elixir.Foo'`, `#{a => 1}`, `<0.120.0>`, `fun 'Elixir.Enum':map/2`.
//!
//! `~p` prints lists of printable characters as strings and printable
//! binaries as `<<"...">>` (Latin-1 for `~p`, Unicode for `~tp`), and
//! breaks a term that does not fit in 80 columns as OTP does for lists
//! and tuples: simple elements fill lines of up to 78 columns, compound
//! ones go one to a line. Maps that do not fit stay on one line (OTP
//! breaks them too).

use crate::term::{Fun, Term};

/// How to print.
#[derive(Clone, Copy)]
pub(super) struct Style {
    /// `~p` rather than `~w`.
    pub(super) pretty: bool,
    /// `~tp`: Unicode strings.
    pub(super) unicode: bool,
}

/// Erlang's reserved words, which print quoted as atoms.
const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor",
];

fn latin1_lower(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(u32::from(c), 0xDF..=0xF6 | 0xF8..=0xFF)
}

fn latin1_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '@'
        || matches!(u32::from(c), 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF)
}

/// An atom as Erlang writes it: bare when it can be, else in quotes.
pub(super) fn atom(text: &str) -> String {
    let mut chars = text.chars();
    let bare = chars.next().is_some_and(latin1_lower)
        && chars.all(latin1_alnum)
        && !RESERVED.contains(&text);
    if bare {
        return text.to_string();
    }
    let mut out = String::from("'");
    for c in text.chars() {
        escape_char(c, '\'', &mut out);
    }
    out.push('\'');
    out
}

fn escape_char(c: char, quote: char, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{B}' => out.push_str("\\v"),
        '\u{8}' => out.push_str("\\b"),
        '\u{C}' => out.push_str("\\f"),
        '\u{1B}' => out.push_str("\\e"),
        '\u{7F}' => out.push_str("\\d"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if u32::from(c) < 32 => {
            out.push_str("\\^");
            out.push(char::from_u32(u32::from(c) + 64).unwrap_or('?'));
        }
        c => out.push(c),
    }
}

/// Whether a code is a character `~p` prints inside a string.
fn printable(c: i64, unicode: bool) -> bool {
    matches!(c, 32..=126 | 8..=13 | 27)
        || (160..=255).contains(&c)
        || (unicode && c > 255 && u32::try_from(c).ok().and_then(char::from_u32).is_some())
}

/// The list as a printable string, if it is one.
fn string_of(items: &[&Term], unicode: bool) -> Option<String> {
    let mut s = String::from("\"");
    for item in items {
        match item {
            Term::Int(c) if printable(*c, unicode) => {
                escape_char(char::from_u32(*c as u32)?, '"', &mut s)
            }
            _ => return None,
        }
    }
    s.push('"');
    Some(s)
}

fn binary_text(bytes: &[u8], style: Style) -> String {
    if bytes.is_empty() {
        return "<<>>".into();
    }
    if style.pretty {
        if style.unicode {
            if let Ok(text) = std::str::from_utf8(bytes) {
                if text
                    .chars()
                    .all(|c| printable(i64::from(u32::from(c)), true))
                {
                    let mut s = String::from("<<\"");
                    text.chars().for_each(|c| escape_char(c, '"', &mut s));
                    s.push('"');
                    if !text.is_ascii() {
                        s.push_str("/utf8");
                    }
                    s.push_str(">>");
                    return s;
                }
            }
        }
        if bytes.iter().all(|b| printable(i64::from(*b), false)) {
            let mut s = String::from("<<\"");
            bytes
                .iter()
                .for_each(|b| escape_char(char::from(*b), '"', &mut s));
            s.push_str("\">>");
            return s;
        }
    }
    let parts: Vec<String> = bytes.iter().map(u8::to_string).collect();
    format!("<<{}>>", parts.join(","))
}

fn fun_text(f: &Fun) -> String {
    match f {
        Fun::Export {
            module,
            function,
            arity,
        } => format!(
            "fun {}:{}/{arity}",
            atom(module.as_str()),
            atom(function.as_str())
        ),
        Fun::Closure(c) => {
            let info = c.lambda.info();
            format!(
                "#Fun<{}.{}.{}>",
                info.module.as_str(),
                info.index,
                info.uniq
            )
        }
    }
}

/// A float as `float_to_list(F, [short])` writes it: the shortest
/// digits that read back, in fixed or scientific notation, whichever is
/// shorter (fixed on a tie): `100.0`, `1.0e3`, `0.0001`, `1.0e-5`.
pub(super) fn float_text(f: f64) -> String {
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let fixed = if exp >= 0 {
        let point = exp as usize + 1;
        let mut d = digits.clone();
        while d.len() < point {
            d.push('0');
        }
        let (int, frac) = d.split_at(point);
        format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
    } else {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    };
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let scientific = format!("{first}.{}e{exp}", if rest.is_empty() { "0" } else { rest });
    if scientific.len() < fixed.len() {
        format!("{sign}{scientific}")
    } else {
        format!("{sign}{fixed}")
    }
}

/// `depth` as OTP counts it: `None` for unlimited.
fn sub(depth: Option<usize>) -> Option<usize> {
    depth.map(|d| d.saturating_sub(1))
}

/// The term on one line (`io_lib:write/2` with `~p`'s strings when pretty).
pub(super) fn write(t: &Term, depth: Option<usize>, style: Style) -> String {
    if depth == Some(0) {
        return "...".into();
    }
    match t {
        Term::Int(i) => i.to_string(),
        Term::BigInt(b) => b.to_string(),
        Term::Float(f) => float_text(*f),
        Term::Atom(a) => atom(a.as_str()),
        Term::Binary(b) => binary_text(b, style),
        Term::Pid(p) => format!("<{}.{}.{}>", p.node, p.id, p.serial),
        Term::Ref(r) => {
            let [a, b, c] = r.printed_numbers();
            format!("#Ref<{}.{a}.{b}.{c}>", r.node)
        }
        Term::Fun(f) => fun_text(f),
        Term::Tuple(items, _) => {
            if items.is_empty() {
                return "{}".into();
            }
            if depth == Some(1) {
                return "{...}".into();
            }
            let parts: Vec<(&Term, Option<&Term>)> = items.iter().map(|i| (i, None)).collect();
            format!("{{{}}}", elements(&parts, sub(depth), style))
        }
        Term::List(_) => write_list(t, depth, style),
        Term::Map(m) => {
            if m.is_empty() {
                return "#{}".into();
            }
            if depth == Some(1) {
                return "#{...}".into();
            }
            let parts: Vec<(&Term, Option<&Term>)> = m.iter().map(|(k, v)| (k, Some(v))).collect();
            format!("#{{{}}}", elements(&parts, sub(depth), style))
        }
    }
}

/// Comma-separated elements (or `key => value` pairs) as OTP writes a
/// tuple's or map's insides: each one a level deeper than the one
/// before, `...` where the depth runs out.
fn elements(parts: &[(&Term, Option<&Term>)], mut depth: Option<usize>, style: Style) -> String {
    let mut s = String::new();
    for (i, (k, v)) in parts.iter().enumerate() {
        if i > 0 {
            s.push(',');
            if depth == Some(1) {
                s.push_str("...");
                break;
            }
            depth = sub(depth);
        }
        s.push_str(&write(k, depth, style));
        if let Some(v) = v {
            s.push_str(" => ");
            s.push_str(&write(v, depth, style));
        }
    }
    s
}

fn write_list(t: &Term, depth: Option<usize>, style: Style) -> String {
    if t.is_empty_list() {
        return "[]".into();
    }
    let mut iter = t.list_iter();
    let items: Vec<&Term> = iter.by_ref().collect();
    let tail = iter.tail();
    if style.pretty && tail.is_empty_list() {
        // The printable range is Latin-1 even for `~tp` (as with the
        // BEAM's default `+pc latin1`).
        if let Some(s) = string_of(&items, false) {
            return s;
        }
    }
    if depth == Some(1) {
        return "[...]".into();
    }
    let mut d = sub(depth);
    let mut s = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            if d == Some(1) {
                s.push_str("|...]");
                return s;
            }
            s.push(',');
            d = sub(d);
        }
        s.push_str(&write(item, d, style));
    }
    if !tail.is_empty_list() {
        if d == Some(1) {
            s.push_str("|...]");
            return s;
        }
        s.push('|');
        s.push_str(&write(tail, sub(d), style));
    }
    s.push(']');
    s
}

/// Whether an element is simple enough for `~p` to fill lines with it.
fn simple(t: &Term) -> bool {
    !matches!(t, Term::Tuple(..) | Term::Map(_)) && (!t.is_list() || t.is_empty_list())
}

/// `~p` at column `col`: one line when it fits in 80 columns, else lines
/// broken as OTP breaks lists and tuples.
pub(super) fn pretty(t: &Term, col: usize, depth: Option<usize>, style: Style) -> String {
    let flat = write(t, depth, style);
    if col + flat.chars().count() <= 80 || depth.is_some() {
        return flat;
    }
    let (open, close, items): (&str, &str, Vec<&Term>) = match t {
        Term::Tuple(items, _) => ("{", "}", items.iter().collect()),
        Term::List(_) if t.is_proper_list() => {
            let items: Vec<&Term> = t.list_iter().collect();
            if style.pretty && string_of(&items, false).is_some() {
                return flat;
            }
            ("[", "]", items)
        }
        _ => return flat,
    };
    let inner = col + open.len();
    let indent = " ".repeat(inner);
    let mut out = String::from(open);
    if items.iter().all(|i| simple(i)) {
        let mut at = inner;
        for (i, item) in items.iter().enumerate() {
            let text = write(item, None, style);
            let sep = if i + 1 < items.len() { "," } else { "" };
            let width = text.chars().count() + 1;
            if i > 0 && at + width > 78 {
                out.push('\n');
                out.push_str(&indent);
                at = inner;
            }
            out.push_str(&text);
            out.push_str(sep);
            at += width;
        }
    } else {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
                out.push_str(&indent);
            }
            out.push_str(&pretty(item, inner, None, style));
        }
    }
    out.push_str(close);
    out
}
