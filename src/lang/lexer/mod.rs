//! Source text to tokens: a port of Elixir 1.14's `elixir_tokenizer`, clause
//! by clause, so that tokens, their positions and the tokenizer's errors are
//! Elixir's own. The whole input is tokenized before parsing, as Elixir
//! does, so a tokenizer error anywhere wins over a parse error.
//!
//! - `token` — [`Token`] and how yecc prints one in errors.
//! - `scan` — the main loop: dispatch on the next characters.
//! - `operators` — operators, `:op` atoms, the ambiguous `foo -1`.
//! - `words` — identifiers, aliases, keywords, `do`, dots and atoms.
//! - `numbers` — integers and floats.
//! - `extract` — reading quoted text up to its delimiter, `#{...}` included.
//! - `quoted` — strings, heredocs, sigils, quoted atoms, char literals.
//! - `escapes` — unescaping string contents.
//! - `terminators` — matching brackets, `fn`/`do` and `end`, with hints.

mod escapes;
mod extract;
mod numbers;
mod operators;
mod quoted;
mod scan;
mod terminators;
pub(crate) mod token;
mod words;

use crate::lang::error::ParseError;
pub(crate) use token::{Part, Sigil, TokVal, Token};
pub(crate) use words::{is_identifier, INVALID_DO};

/// Tokenizes the whole source, or gives the first error Elixir's tokenizer gives.
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        pos: 0,
        line: 1,
        column: 1,
        terminators: Vec::new(),
        hints: Vec::new(),
        indentation: 0,
        depth: 0,
    };
    match lexer.run(false)? {
        (tokens, Stop::Eof) => Ok(tokens),
        // Only an interpolation stops at a `}`.
        (_, Stop::CloseBrace) => Err(ParseError::new(1, 1, "unexpected token: ", "}")),
    }
}

/// The tokenizer's state (Erlang's `#elixir_tokenizer{}` scope plus position).
pub(crate) struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    column: u32,
    /// Open brackets, `fn` and `do`: (opener, line, indentation).
    terminators: Vec<(&'static str, u32, u32)>,
    /// Elixir's `mismatch_hints`: openers and `end`s that look misplaced.
    hints: Vec<(&'static str, u32, u32)>,
    /// Indentation of the current line.
    indentation: u32,
    /// How many interpolations deep we are.
    depth: usize,
}

/// Why a run of the main loop stopped.
pub(crate) enum Stop {
    /// End of input.
    Eof,
    /// The `}` that closes an interpolation (not consumed).
    CloseBrace,
}

impl Lexer {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(self.pos + i).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        (self.pos..)
            .zip(s.chars())
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    /// Moves `n` characters forward on the same line.
    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.column += n as u32;
    }

    /// How many spaces and tabs start at `pos + from`.
    fn horizontal_spaces(&self, from: usize) -> usize {
        self.chars
            .get(self.pos + from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| is_horizontal_space(**c))
            .count()
    }

    /// A tokenizer error `{Line, Column, Message, Token}`.
    fn error<T>(
        &self,
        line: u32,
        column: u32,
        message: impl Into<String>,
        token: impl Into<String>,
    ) -> Result<T, ParseError> {
        Err(ParseError::new(line, column, message, token))
    }

    /// Elixir's "unexpected token" error for the character at `pos + i`.
    fn unexpected_char<T>(&self, i: usize, column: u32) -> Result<T, ParseError> {
        let c = self.at(i).unwrap_or(' ');
        let text = match special_char(c) {
            Some((_, name)) => name.to_string(),
            None => format!("\"{c}\""),
        };
        self.error(
            self.line,
            column,
            "unexpected token: ",
            format!("{text} (column {column}, code point U+{})", hex4(c)),
        )
    }
}

/// A code point as Erlang's `~4.16.0B` writes it: four hex digits, or
/// `****` when it needs more (Erlang fills a too-narrow field with `*`).
pub(crate) fn hex4(c: char) -> String {
    let code = u32::from(c);
    if code > 0xFFFF {
        "****".to_string()
    } else {
        format!("{code:04X}")
    }
}

pub(crate) fn is_horizontal_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Elixir's `handle_char/1`: control characters it names in errors.
pub(crate) fn special_char(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\0' => ("\\0", "null byte"),
        '\u{7}' => ("\\a", "alert"),
        '\u{8}' => ("\\b", "backspace"),
        '\u{7f}' => ("\\d", "delete"),
        '\u{1b}' => ("\\e", "escape"),
        '\u{c}' => ("\\f", "form feed"),
        '\n' => ("\\n", "newline"),
        '\r' => ("\\r", "carriage return"),
        ' ' => ("\\s", "space"),
        '\t' => ("\\t", "tab"),
        '\u{b}' => ("\\v", "vertical tab"),
        _ => return None,
    })
}

/// Unicode bidirectional controls, refused in comments and strings.
pub(crate) fn is_bidi(c: char) -> bool {
    matches!(
        u32::from(c),
        0x202A | 0x202B | 0x202D | 0x202E | 0x2066 | 0x2067 | 0x2068 | 0x202C | 0x2069
    )
}
