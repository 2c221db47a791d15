//! [`ParseError`]: what `Code.string_to_quoted/2` returns as
//! `{:error, {meta, message, token}}`, and how iex 1.14 words it.

use std::fmt;

/// Which exception iex raises for a [`ParseError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `** (SyntaxError) iex:LINE:COLUMN: ...`: the input is wrong.
    Syntax,
    /// `** (TokenMissingError) iex:LINE:COLUMN: ...`: the input ended too
    /// early (an open bracket, string, `do` or a dangling operator).
    TokenMissing,
}

impl ErrorKind {
    /// The exception's name as iex prints it (`SyntaxError`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::TokenMissing => "TokenMissingError",
        }
    }
}

/// Source text that is not valid Elixir, located and worded as Elixir does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the error.
    pub line: u32,
    /// 1-based column (in characters) of the error.
    pub column: u32,
    /// Elixir's message; the prefix when Elixir gives `{prefix, suffix}`.
    pub message: String,
    /// The suffix when Elixir gives the message as `{prefix, suffix}`
    /// (the token then goes between them).
    pub suffix: Option<String>,
    /// Elixir's token: the offending token's text, `""` at the end of input.
    pub token: String,
}

impl ParseError {
    /// An error with a plain message.
    pub(crate) fn new(
        line: u32,
        column: u32,
        message: impl Into<String>,
        token: impl Into<String>,
    ) -> ParseError {
        ParseError {
            line,
            column,
            message: message.into(),
            suffix: None,
            token: token.into(),
        }
    }

    /// An error whose token goes between `prefix` and `suffix`.
    pub(crate) fn split(
        line: u32,
        column: u32,
        prefix: impl Into<String>,
        suffix: impl Into<String>,
        token: impl Into<String>,
    ) -> ParseError {
        ParseError {
            line,
            column,
            message: prefix.into(),
            suffix: Some(suffix.into()),
            token: token.into(),
        }
    }

    /// otpsim's own error for input nested beyond `limit` levels (Elixir
    /// has no limit, but a browser tab's stack does).
    pub(crate) fn too_deep(line: u32, column: u32, limit: usize) -> ParseError {
        ParseError::new(
            line.max(1),
            column.max(1),
            "expression is nested too deeply: ",
            format!("otpsim allows at most {limit} levels"),
        )
    }

    /// The exception iex raises: a missing token when the input ended.
    pub fn kind(&self) -> ErrorKind {
        if self.token.is_empty() {
            ErrorKind::TokenMissing
        } else {
            ErrorKind::Syntax
        }
    }

    /// True when iex would read another line rather than report the error:
    /// exactly when Elixir's error token is empty (IEx.Evaluator.parse/3).
    pub fn is_incomplete(&self) -> bool {
        self.token.is_empty()
    }

    /// The message iex shows after `iex:LINE:COLUMN: ` (elixir_errors:parse_error/5).
    pub fn description(&self) -> String {
        let token = self.token.as_str();
        if let Some(suffix) = &self.suffix {
            return format!("{}{token}{suffix}", self.message);
        }
        let message = self.message.as_str();
        if token.is_empty() {
            return if message == "syntax error before: " {
                "syntax error: expression is incomplete".to_string()
            } else {
                message.to_string()
            };
        }
        if message != "syntax error before: " {
            return match token.strip_prefix('[') {
                Some(rest) => format!("{message}{}", first_binary(rest)),
                None => format!("{message}{token}"),
            };
        }
        if token == "eol" {
            return "unexpectedly reached end of line. The current expression is invalid or incomplete"
                .to_string();
        }
        let quoted_keyword = [
            "'not'", "'and'", "'or'", "'when'", "'after'", "'catch'", "'end'",
        ];
        if quoted_keyword.contains(&token) {
            return reserved(token.trim_matches('\''));
        }
        if ["fn", "else", "rescue", "true", "false", "nil", "in"].contains(&token) {
            return reserved(token);
        }
        if let Some(rest) = token.strip_prefix("{sigil,") {
            return sigil_message(rest);
        }
        if let Some(rest) = token.strip_prefix('[') {
            return format!("{message}{}", first_binary(rest));
        }
        if let Some(rest) = token.strip_prefix('$') {
            return format!("{message}?{rest}");
        }
        format!("{message}{token}")
    }
}

/// Elixir's message for a reserved word where an expression should be.
fn reserved(word: &str) -> String {
    format!(
        "syntax error before: {word}. \"{word}\" is a reserved word in Elixir and therefore its \
         usage is limited. For instance, it can't be used as a variable or be defined nor invoked \
         as a regular function"
    )
}

/// `"text"` from an Erlang-printed list of parts `[<<"text">>, ...]` (the
/// leading `[` already removed), or `"` when it does not start with a binary.
fn first_binary(rest: &str) -> String {
    if rest.starts_with("<<>>") {
        return "\"\"".to_string();
    }
    match rest.strip_prefix("<<\"").and_then(erlang_string_body) {
        Some(text) => format!("\"{text}\""),
        None => "\"".to_string(),
    }
}

/// The unescaped text of an Erlang string whose opening quote was removed.
fn erlang_string_body(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'e' => out.push('\u{1b}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                'b' => out.push('\u{8}'),
                'd' => out.push('\u{7f}'),
                's' => out.push(' '),
                'x' => {
                    let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)?,
                    );
                }
                d @ '0'..='7' => {
                    let mut code = d.to_digit(8)?;
                    let rest: String = chars
                        .clone()
                        .take(2)
                        .take_while(|c| c.is_digit(8))
                        .collect();
                    for r in rest.chars() {
                        code = code * 8 + r.to_digit(8)?;
                        chars.next();
                    }
                    out.push(char::from_u32(code)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// "syntax error before: sigil ~s starting with content 'abc'".
fn sigil_message(rest: &str) -> String {
    // rest: `{L,C,nil},115,[<<"abc">>],...`
    let after_loc = rest.split_once("},").map_or("", |(_, r)| r);
    let (letter, parts) = after_loc.split_once(',').unwrap_or(("", ""));
    let letter = letter
        .parse::<u32>()
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('?');
    let content = parts
        .strip_prefix("[<<\"")
        .and_then(erlang_string_body)
        .unwrap_or_default();
    format!("syntax error before: sigil ~{letter} starting with content '{content}'")
}

impl fmt::Display for ParseError {
    /// The text iex prints after `** (SyntaxError) ` (or `TokenMissingError`):
    /// `iex:LINE:COLUMN: message`, without the source snippet under it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "iex:{}:{}: {}",
            self.line,
            self.column,
            self.description()
        )
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_follow_elixir_errors() {
        let e = ParseError::new(1, 5, "unexpected token: ", ")");
        assert_eq!(e.to_string(), "iex:1:5: unexpected token: )");
        assert_eq!(e.kind(), ErrorKind::Syntax);
        let e = ParseError::new(1, 3, "syntax error before: ", "");
        assert!(e.is_incomplete());
        assert_eq!(e.description(), "syntax error: expression is incomplete");
        let e = ParseError::new(1, 3, "syntax error before: ", "[<<\"a\\nb\">>]");
        assert_eq!(e.description(), "syntax error before: \"a\nb\"");
        let e = ParseError::new(1, 3, "syntax error before: ", "'end'");
        assert!(e
            .description()
            .starts_with("syntax error before: end. \"end\" is a reserved"));
        let e = ParseError::new(1, 3, "syntax error before: ", "$a");
        assert_eq!(e.description(), "syntax error before: ?a");
        let e = ParseError::new(
            1,
            3,
            "syntax error before: ",
            "{sigil,{1,3,nil},115,[<<\"x\">>],[],nil,<<\"(\">>}",
        );
        assert_eq!(
            e.description(),
            "syntax error before: sigil ~s starting with content 'x'"
        );
    }
}
