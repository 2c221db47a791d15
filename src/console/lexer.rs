//! Console text to tokens, with the errors Elixir's tokenizer gives.
//!
//! Brackets and `fn`/`do` ... `end` are matched here, as Elixir's tokenizer
//! does, so an unbalanced line gets iex's "missing terminator" error before
//! any parsing happens. Newlines are kept as [`TokenKind::Eol`] because they
//! separate expressions; whether whitespace came before a token is kept too,
//! because Elixir tells `f (1)` from `f(1)` and `f -1` from `f - 1` by it.
//!
//! - `number` — integer literals (floats are refused).
//! - `text` — strings, charlists, quoted atoms, `?c`, escapes, `#{...}`.
//! - `words` — identifiers, aliases, reserved words, atoms, operators.

mod number;
mod text;
mod words;

use super::ast::Span;
use super::parser::{SyntaxError, MAX_NESTING};
use crate::term::Term;

/// One token and where it is.
#[derive(Clone, Debug)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its bytes in the source.
    pub span: Span,
    /// Whitespace, a comment or a line break comes right before it.
    pub spaced: bool,
}

/// The kinds of token.
#[derive(Clone, Debug)]
pub enum TokenKind {
    /// An integer literal (its source text is in the span).
    Int(Term),
    /// A character literal such as `?a`.
    Char(i64),
    /// A double-quoted string.
    Str(Vec<StrPart>),
    /// A single-quoted charlist.
    Charlist(Vec<StrPart>),
    /// An atom such as `:ok` or `:+`.
    Atom(String),
    /// A quoted atom such as `:"hello world"`, which may interpolate.
    QuotedAtom(Vec<StrPart>),
    /// A keyword key such as `name:` or `"quoted key":`.
    KwKey(String),
    /// A lowercase identifier (`foo`, `_x`, `valid?`).
    Ident(String),
    /// One segment of an alias (`Fleet` in `Fleet.Registry`).
    Alias(String),
    /// `true false nil fn end do when and or not in`.
    Reserved(&'static str),
    /// An operator or punctuation, by its spelling (`%{` opens a map).
    Sym(&'static str),
    /// One or more line breaks.
    Eol,
}

/// A piece of a quoted literal.
#[derive(Clone, Debug)]
pub enum StrPart {
    /// Literal bytes (escapes decoded; `\xFF` may make them invalid UTF-8).
    Lit(Vec<u8>, Span),
    /// The tokens of a `#{...}`; the span covers `#{` to `}`.
    Interp(Vec<Token>, Span),
}

/// Splits `src` into tokens, or reports the first error iex would report.
pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        depth: 0,
    };
    let (tokens, _) = lexer.run(false)?;
    Ok(tokens)
}

/// The scanning state shared by every interpolation level.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// How many `#{` we are inside, bounded so recursion cannot overflow.
    depth: usize,
}

/// Why one level of tokenizing stopped.
enum Stop {
    /// End of input.
    Eof,
    /// The `}` closing an interpolation.
    CloseBrace,
}

/// An opened bracket, `fn` or `do` waiting for its terminator.
struct Open {
    opener: &'static str,
    closer: &'static str,
    at: usize,
}

/// The tokens of one level (the whole line, or one interpolation).
#[derive(Default)]
struct Level {
    tokens: Vec<Token>,
    stack: Vec<Open>,
    spaced: bool,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    /// Tokenizes until the end of input or, inside an interpolation, until
    /// the `}` that closes it.
    fn run(&mut self, interp: bool) -> Result<(Vec<Token>, Stop), SyntaxError> {
        let mut level = Level {
            spaced: true,
            ..Level::default()
        };
        loop {
            let start = self.pos;
            let Some(c) = self.peek() else {
                if let Some(open) = level.stack.last() {
                    return Err(self.missing_terminator(open));
                }
                return Ok((level.tokens, Stop::Eof));
            };
            match c {
                ' ' | '\t' => {
                    self.pos += 1;
                    level.spaced = true;
                }
                '\n' => {
                    self.pos += 1;
                    self.newline(&mut level, start);
                }
                '\r' if self.peek_nth(1) == Some('\n') => {
                    self.pos += 2;
                    self.newline(&mut level, start);
                }
                '#' => {
                    self.pos = self.src[start..]
                        .find('\n')
                        .map_or(self.src.len(), |i| start + i);
                    level.spaced = true;
                }
                '0'..='9' => {
                    let (value, end) = number::lex(self.src, start)?;
                    self.pos = end;
                    self.push(&mut level, TokenKind::Int(value), start)?;
                }
                '"' | '\'' => {
                    let kind = self.quoted(c)?;
                    self.push(&mut level, kind, start)?;
                }
                '?' => {
                    let kind = self.char_literal()?;
                    self.push(&mut level, kind, start)?;
                }
                ':' => {
                    let kind = self.colon()?;
                    self.push(&mut level, kind, start)?;
                }
                c if words::is_ident_start(c) || c.is_ascii_uppercase() => {
                    let after_dot = matches!(
                        level.tokens.last(),
                        Some(Token {
                            kind: TokenKind::Sym("."),
                            ..
                        })
                    );
                    let kind = self.word(after_dot)?;
                    self.push(&mut level, kind, start)?;
                }
                '}' if interp && level.stack.is_empty() => {
                    self.pos += 1;
                    return Ok((level.tokens, Stop::CloseBrace));
                }
                _ => {
                    let kind = self.symbol(&level)?;
                    self.push(&mut level, kind, start)?;
                }
            }
        }
    }

    /// Records a line break; runs of them become one [`TokenKind::Eol`].
    fn newline(&mut self, level: &mut Level, start: usize) {
        if !matches!(
            level.tokens.last(),
            Some(Token {
                kind: TokenKind::Eol,
                ..
            })
        ) {
            level.tokens.push(Token {
                kind: TokenKind::Eol,
                span: Span {
                    start,
                    end: self.pos,
                },
                spaced: level.spaced,
            });
        }
        level.spaced = true;
    }

    /// Appends a token that ends at the current position, matching brackets.
    fn push(
        &mut self,
        level: &mut Level,
        kind: TokenKind,
        start: usize,
    ) -> Result<(), SyntaxError> {
        let pair = match &kind {
            TokenKind::Sym("(") => Some(("(", ")")),
            TokenKind::Sym("[") => Some(("[", "]")),
            TokenKind::Sym("{" | "%{") => Some(("{", "}")),
            TokenKind::Sym("<<") => Some(("<<", ">>")),
            TokenKind::Reserved("fn") => Some(("fn", "end")),
            TokenKind::Reserved("do") => Some(("do", "end")),
            _ => None,
        };
        if let Some((opener, closer)) = pair {
            if level.stack.len() >= MAX_NESTING {
                return Err(too_deep(self.src, start));
            }
            level.stack.push(Open {
                opener,
                closer,
                at: start,
            });
        }
        let closer = match &kind {
            TokenKind::Sym(s @ (")" | "]" | "}" | ">>")) => Some(*s),
            TokenKind::Reserved("end") => Some("end"),
            _ => None,
        };
        if let Some(closer) = closer {
            self.close(level, closer, start)?;
        }
        level.tokens.push(Token {
            kind,
            span: Span {
                start,
                end: self.pos,
            },
            spaced: level.spaced,
        });
        level.spaced = false;
        Ok(())
    }

    /// Pops the innermost opener if `closer` matches it, else reports iex's error.
    fn close(&self, level: &mut Level, closer: &str, at: usize) -> Result<(), SyntaxError> {
        let head = if closer == "end" {
            "unexpected reserved word: end".to_string()
        } else {
            format!("unexpected token: {closer}")
        };
        match level.stack.last() {
            Some(open) if open.closer == closer => {
                level.stack.pop();
                Ok(())
            }
            Some(open) => {
                let (line, _) = super::parser::locate(self.src, open.at);
                Err(SyntaxError::syntax(
                    self.src,
                    at,
                    format!(
                        "{head}. The \"{}\" at line {line} is missing terminator \"{}\"",
                        open.opener, open.closer
                    ),
                ))
            }
            None => Err(SyntaxError::syntax(self.src, at, head)),
        }
    }

    fn missing_terminator(&self, open: &Open) -> SyntaxError {
        let (line, _) = super::parser::locate(self.src, open.at);
        SyntaxError::missing(
            self.src,
            self.src.len(),
            format!(
                "missing terminator: {} (for \"{}\" starting at line {line})",
                open.closer, open.opener
            ),
        )
    }
}

/// iex's error for a character that cannot start any token.
fn invalid_char(src: &str, at: usize, c: char) -> SyntaxError {
    let (_, column) = super::parser::locate(src, at);
    SyntaxError::syntax(
        src,
        at,
        format!(
            "unexpected token: \"{c}\" (column {column}, code point U+{:04X})",
            u32::from(c)
        ),
    )
}

/// The error for input nested deeper than [`MAX_NESTING`].
pub(crate) fn too_deep(src: &str, at: usize) -> SyntaxError {
    SyntaxError::syntax(
        src,
        at,
        format!("expression is nested too deeply (otpsim allows at most {MAX_NESTING} levels)"),
    )
}
