//! Tokens as `elixir_tokenizer` makes them, and how yecc prints one in
//! "syntax error before: ..." (Erlang's `~tp`).

use std::rc::Rc;

use crate::lang::ast::Ast;
use crate::lang::parser::tables::T;

/// One token: its grammar terminal, where it starts, and its value.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    /// The terminal the grammar sees.
    pub kind: T,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What it carries.
    pub val: TokVal,
}

/// The value a token carries, by kind.
#[derive(Clone, Debug)]
pub(crate) enum TokVal {
    /// Punctuation, keywords, `eol`.
    None,
    /// Identifiers, aliases, atoms, operators, keyword keys: the atom.
    Name(Rc<str>),
    /// `int` and `flt`: the number and its source text (with `_`).
    Number(Ast, Rc<str>),
    /// `char` (`?a`): the code point.
    Char(u32),
    /// Strings, charlists, quoted atoms and keys with interpolation.
    Parts(Vec<Part>),
    /// `"""` and `'''`: the closing indentation and the parts.
    Heredoc(u32, Vec<Part>),
    /// `~s(...)` and friends.
    Sigil(Box<Sigil>),
}

/// A piece of a quoted literal.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    /// Literal bytes (unescaped, except in sigils).
    Lit(Vec<u8>),
    /// `#{...}`: where the `#` is, and the tokens inside.
    Interp(u32, u32, Vec<Token>),
    /// `#{...}` once the parser has parsed its tokens (or failed to; the
    /// error is reported when the string is reduced, as Elixir does).
    Parsed(
        u32,
        u32,
        Box<Result<crate::lang::parser::Ex, crate::lang::error::ParseError>>,
    ),
}

/// A sigil token's contents.
#[derive(Clone, Debug)]
pub(crate) struct Sigil {
    /// The letter after `~`.
    pub letter: char,
    /// The raw contents (escapes are the sigil's business).
    pub parts: Vec<Part>,
    /// The modifiers after the closing delimiter.
    pub modifiers: Vec<char>,
    /// The opening delimiter (`(`, `"""` ...).
    pub delimiter: String,
}

impl Token {
    /// A token without a value.
    pub(crate) fn bare(kind: T, line: u32, column: u32) -> Token {
        Token {
            kind,
            line,
            column,
            val: TokVal::None,
        }
    }

    /// A token carrying an atom.
    pub(crate) fn named(kind: T, line: u32, column: u32, name: &str) -> Token {
        Token {
            kind,
            line,
            column,
            val: TokVal::Name(name.into()),
        }
    }

    /// The atom a token carries (`""` for none).
    pub(crate) fn name(&self) -> &str {
        match &self.val {
            TokVal::Name(n) => n,
            _ => "",
        }
    }

    /// The token as yecc prints it in "syntax error before: ...".
    pub(crate) fn describe(&self) -> String {
        match &self.val {
            TokVal::Name(name) => erlang_atom(name),
            TokVal::Number(_, text) => format!("\"{text}\""),
            TokVal::Char(c) => erlang_char(*c),
            TokVal::Parts(parts) => erlang_parts(parts),
            TokVal::Heredoc(indent, parts) => format!(
                "{{{},{{{},{},nil}},{indent},{}}}",
                terminal_name(self.kind),
                self.line,
                self.column,
                erlang_parts(parts)
            ),
            TokVal::Sigil(s) => format!(
                "{{sigil,{{{},{},nil}},{},{},{},nil,<<\"{}\">>}}",
                self.line,
                self.column,
                u32::from(s.letter),
                erlang_parts(&s.parts),
                erlang_charlist(&s.modifiers),
                s.delimiter
            ),
            TokVal::None => erlang_atom(terminal_name(self.kind)),
        }
    }
}

/// The grammar's name of a terminal, as the tokenizer's tuple tag.
pub(crate) fn terminal_name(t: T) -> &'static str {
    match t {
        T::OpenParen => "(",
        T::CloseParen => ")",
        T::OpenBracket => "[",
        T::CloseBracket => "]",
        T::OpenCurly => "{",
        T::CloseCurly => "}",
        T::OpenBit => "<<",
        T::CloseBit => ">>",
        T::PercentCurly => "%{}",
        T::Percent => "%",
        T::Semicolon => ";",
        T::Comma => ",",
        T::Dot => ".",
        T::EndKw => "end",
        T::Do => "do",
        T::Fn => "fn",
        T::True => "true",
        T::False => "false",
        T::Nil => "nil",
        T::Eol => "eol",
        T::BinHeredoc => "bin_heredoc",
        T::ListHeredoc => "list_heredoc",
        _ => "",
    }
}

/// Erlang's reserved words, which `~p` always quotes as atoms.
const ERLANG_RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor",
];

/// `text` as Erlang's `~tp` prints an atom: bare when it may be, else quoted.
pub(crate) fn erlang_atom(text: &str) -> String {
    let lower =
        |c: char| c.is_ascii_lowercase() || (('\u{df}'..='\u{ff}').contains(&c) && c != '\u{f7}');
    let word = |c: char| {
        c.is_ascii_alphanumeric()
            || c == '_'
            || c == '@'
            || (('\u{c0}'..='\u{ff}').contains(&c) && c != '\u{d7}' && c != '\u{f7}')
    };
    let mut chars = text.chars();
    let bare =
        chars.next().is_some_and(lower) && chars.all(word) && !ERLANG_RESERVED.contains(&text);
    if bare {
        return text.to_string();
    }
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c => push_erlang_char(&mut out, c),
        }
    }
    out.push('\'');
    out
}

fn push_erlang_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\u{1b}' => out.push_str("\\e"),
        '\u{c}' => out.push_str("\\f"),
        '\u{b}' => out.push_str("\\v"),
        '\u{8}' => out.push_str("\\b"),
        '\u{7f}' => out.push_str("\\d"),
        c if u32::from(c) < 32 => out.push_str(&format!("\\{:o}", u32::from(c))),
        c => out.push(c),
    }
}

/// A code point as `io_lib:write_char/1` prints it (`$a`, `$\n`).
fn erlang_char(c: u32) -> String {
    match char::from_u32(c) {
        Some(' ') => "$\\s".to_string(),
        Some('\\') => "$\\\\".to_string(),
        Some(ch) if c < 32 || c == 127 => {
            let mut out = String::from("$");
            push_erlang_char(&mut out, ch);
            out
        }
        Some(ch) => format!("${ch}"),
        None => format!("{c}"),
    }
}

/// A list of string parts as `~tp` prints it: `[<<"text">>, ...]`.
fn erlang_parts(parts: &[Part]) -> String {
    let items: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Part::Lit(bytes) => erlang_binary(bytes),
            Part::Interp(line, column, _) | Part::Parsed(line, column, _) => {
                format!("{{{{{line},{column},nil}},...}}")
            }
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A binary as `~tp` prints it.
fn erlang_binary(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "<<>>".to_string();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let mut out = String::from("<<\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c => push_erlang_char(&mut out, c),
                }
            }
            out.push_str("\">>");
            out
        }
        Err(_) => {
            let items: Vec<String> = bytes.iter().map(u8::to_string).collect();
            format!("<<{}>>", items.join(","))
        }
    }
}

fn erlang_charlist(chars: &[char]) -> String {
    if chars.is_empty() {
        return "[]".to_string();
    }
    format!("\"{}\"", chars.iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoms_are_quoted_like_erlang() {
        assert_eq!(erlang_atom("foo"), "foo");
        assert_eq!(erlang_atom("foo?"), "'foo?'");
        assert_eq!(erlang_atom("Foo"), "'Foo'");
        assert_eq!(erlang_atom("end"), "'end'");
        assert_eq!(erlang_atom("("), "'('");
        assert_eq!(erlang_char(u32::from('a')), "$a");
        assert_eq!(erlang_char(10), "$\\n");
    }
}
