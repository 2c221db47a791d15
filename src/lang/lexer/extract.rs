//! Erlang's `elixir_interpolation:extract/6`: reading quoted text up to its
//! closing delimiter, with escapes kept for later and `#{...}` tokenized by
//! running the main loop until the `}` that closes it (bounded by
//! `MAX_INTERPOLATION`).

use super::{Lexer, Stop, Token};
use crate::lang::error::ParseError;
use crate::lang::MAX_INTERPOLATION;

/// What ends the text: one character, or three at the start of a line.
#[derive(Clone, Copy)]
pub(super) enum Closer {
    One(char),
    Triple(char),
}

/// A piece of text before unescaping.
pub(super) enum Raw {
    Lit(String),
    Interp(u32, u32, Vec<Token>),
}

/// Why extraction failed: Elixir's `{string, Line, Column, Message, []}`
/// (to which the caller adds "(for string starting at line N)"), or an
/// error from inside an interpolation, reported as is.
pub(super) enum ExtractError {
    Str(u32, u32, String),
    Other(ParseError),
}

impl ExtractError {
    pub(super) fn with_context(self, context: &str) -> ParseError {
        match self {
            ExtractError::Str(line, column, message) => {
                ParseError::new(line, column, format!("{message}{context}"), "")
            }
            ExtractError::Other(e) => e,
        }
    }
}

impl Lexer {
    /// Reads up to the closer; the cursor is just after the opening delimiter.
    pub(super) fn extract(
        &mut self,
        interpol: bool,
        closer: Closer,
        heredoc: bool,
    ) -> Result<Vec<Raw>, ExtractError> {
        let mut parts = Vec::new();
        let mut buf = String::new();
        if heredoc {
            buf.push('\n');
            if self.after_newline(&mut buf, closer) {
                return Ok(finish(parts, buf));
            }
        }
        loop {
            let Some(c) = self.at(0) else {
                let text = match closer {
                    Closer::One(c) => c.to_string(),
                    Closer::Triple(c) => [c, c, c].iter().collect(),
                };
                return Err(ExtractError::Str(
                    self.line,
                    self.column,
                    format!("missing terminator: {text}"),
                ));
            };
            let (c1, c2) = (self.at(1), self.at(2));
            if let Closer::One(last) = closer {
                if c == last {
                    self.advance(1);
                    return Ok(finish(parts, buf));
                }
            }
            let newline = if c == '\\' && c1 == Some('\r') && c2 == Some('\n') {
                Some("\\\r\n")
            } else if c == '\\' && c1 == Some('\n') {
                Some("\\\n")
            } else if c == '\n' {
                Some("\n")
            } else {
                None
            };
            if let Some(text) = newline {
                buf.push_str(text);
                self.pos += text.chars().count();
                if self.after_newline(&mut buf, closer) {
                    return Ok(finish(parts, buf));
                }
                continue;
            }
            match closer {
                Closer::One(last) if c == '\\' && c1 == Some(last) => {
                    buf.push(last);
                    self.advance(2);
                    continue;
                }
                Closer::Triple(last)
                    if c == '\\'
                        && c1 == Some(last)
                        && c2 == Some(last)
                        && self.at(3) == Some(last) =>
                {
                    buf.extend([last, last, last]);
                    self.advance(4);
                    continue;
                }
                _ => {}
            }
            if interpol && c == '\\' && c1 == Some('#') && c2 == Some('{') {
                buf.push_str("\\#{");
                self.pos += 3;
                self.column += 1;
                continue;
            }
            if interpol && c == '#' && c1 == Some('{') {
                if !buf.is_empty() {
                    parts.push(Raw::Lit(std::mem::take(&mut buf)));
                }
                parts.push(self.interpolation()?);
                continue;
            }
            if c == '\\' {
                buf.push('\\');
                self.advance(1);
                match self.at(0) {
                    Some(next) => self.push_char(&mut buf, next)?,
                    None => continue,
                }
                continue;
            }
            self.push_char(&mut buf, c)?;
        }
    }

    /// One character of text (Erlang's `extract_char/8`).
    fn push_char(&mut self, buf: &mut String, c: char) -> Result<(), ExtractError> {
        if super::is_bidi(c) {
            let token = format!("\\u{:04X}", u32::from(c));
            return Err(ExtractError::Other(ParseError::split(
                self.line,
                self.column,
                "invalid bidirectional formatting character in string: ",
                format!(". If you want to use such character, use it in its escaped {token} form instead"),
                token,
            )));
        }
        buf.push(c);
        self.advance(1);
        Ok(())
    }

    /// Erlang's `extract_nl/7`, after a line break was consumed: true when
    /// a heredoc's closing delimiter was found (and consumed).
    fn after_newline(&mut self, buf: &mut String, closer: Closer) -> bool {
        self.line += 1;
        match closer {
            Closer::One(_) => {
                self.column = 1;
                false
            }
            Closer::Triple(h) => {
                let spaces = self.horizontal_spaces(0);
                if (0..3).all(|k| self.at(spaces + k) == Some(h)) {
                    self.pos += spaces + 3;
                    self.column = spaces as u32 + 4;
                    return true;
                }
                buf.extend(self.chars.get(self.pos..self.pos + spaces).unwrap_or(&[]));
                self.pos += spaces;
                self.column = spaces as u32 + 1;
                false
            }
        }
    }

    /// `#{...}` under the cursor: its tokens, up to the closing `}`.
    fn interpolation(&mut self) -> Result<Raw, ExtractError> {
        let (line, column) = (self.line, self.column);
        if self.depth >= MAX_INTERPOLATION {
            return Err(ExtractError::Other(ParseError::too_deep(
                line,
                column,
                MAX_INTERPOLATION,
            )));
        }
        self.advance(2);
        let terminators = std::mem::take(&mut self.terminators);
        let hints = std::mem::take(&mut self.hints);
        let indentation = self.indentation;
        self.depth += 1;
        let result = self.run(true);
        self.depth -= 1;
        self.terminators = terminators;
        self.hints = hints;
        self.indentation = indentation;
        match result {
            Ok((tokens, Stop::CloseBrace)) => {
                self.advance(1);
                Ok(Raw::Interp(line, column, tokens))
            }
            Ok((_, Stop::Eof)) => Err(ExtractError::Str(
                line,
                column,
                "missing interpolation terminator: \"}\"".to_string(),
            )),
            Err(e) => Err(ExtractError::Other(e)),
        }
    }
}

/// The parts of a finished extraction (`[""]` when there are none).
fn finish(mut parts: Vec<Raw>, buf: String) -> Vec<Raw> {
    if !buf.is_empty() || parts.is_empty() {
        parts.push(Raw::Lit(buf));
    }
    parts
}
