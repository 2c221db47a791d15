//! Quoted text: strings, charlists, quoted atoms and keys, and `?c` literals.
//!
//! Escapes are decoded to bytes here (`\xFF` is a byte, not a character, as
//! in Elixir). `#{...}` is tokenized by re-entering the main loop, which
//! stops at the `}` that closes it; the nesting is bounded by `MAX_NESTING`.

use super::{invalid_char, too_deep, Lexer, Stop, StrPart, TokenKind};
use crate::console::ast::Span;
use crate::console::parser::{locate, SyntaxError, MAX_NESTING};

impl<'a> Lexer<'a> {
    /// A string or charlist starting at the quote under the cursor; a
    /// keyword key (`"my key": 1`) when `:` and whitespace follow it.
    pub(super) fn quoted(&mut self, quote: char) -> Result<TokenKind, SyntaxError> {
        let start = self.pos;
        let heredoc = if quote == '"' { "\"\"\"" } else { "'''" };
        if self.src[start..].starts_with(heredoc) {
            return Err(SyntaxError::syntax(
                self.src,
                start,
                format!("heredocs ({heredoc}) are not supported in otpsim"),
            ));
        }
        let parts = self.quoted_parts(quote, start, "string")?;
        if self.peek() == Some(':') && self.peek_nth(1).is_none_or(char::is_whitespace) {
            self.pos += 1;
            return match parts.as_slice() {
                [] => Ok(TokenKind::KwKey(String::new())),
                [StrPart::Lit(bytes, _)] => Ok(TokenKind::KwKey(
                    String::from_utf8_lossy(bytes).into_owned(),
                )),
                _ => Err(SyntaxError::syntax(
                    self.src,
                    start,
                    "interpolation in keyword keys is not supported in otpsim".to_string(),
                )),
            };
        }
        Ok(if quote == '"' {
            TokenKind::Str(parts)
        } else {
            TokenKind::Charlist(parts)
        })
    }

    /// Reads from the opening quote under the cursor through the closing one.
    /// `start` is where the literal began (the `:` of an atom) and `what`
    /// names it in errors ("string" or "atom").
    pub(super) fn quoted_parts(
        &mut self,
        quote: char,
        start: usize,
        what: &str,
    ) -> Result<Vec<StrPart>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut buf = Vec::new();
        let mut lit_start = self.pos;
        loop {
            let Some(c) = self.peek() else {
                let (line, _) = locate(self.src, start);
                return Err(SyntaxError::missing(
                    self.src,
                    self.src.len(),
                    format!("missing terminator: {quote} (for {what} starting at line {line})"),
                ));
            };
            if c == quote {
                flush(&mut parts, &mut buf, lit_start, self.pos);
                self.pos += 1;
                return Ok(parts);
            }
            match c {
                '\\' => self.escape(&mut buf, open)?,
                '#' if self.peek_nth(1) == Some('{') => {
                    flush(&mut parts, &mut buf, lit_start, self.pos);
                    parts.push(self.interpolation(start, what)?);
                    lit_start = self.pos;
                }
                c => {
                    let mut utf8 = [0; 4];
                    buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// The tokens of the `#{...}` under the cursor.
    fn interpolation(&mut self, start: usize, what: &str) -> Result<StrPart, SyntaxError> {
        let hash = self.pos;
        if self.depth >= MAX_NESTING {
            return Err(too_deep(self.src, hash));
        }
        self.depth += 1;
        self.pos += 2;
        let (tokens, stop) = self.run(true)?;
        self.depth -= 1;
        match stop {
            Stop::CloseBrace => Ok(StrPart::Interp(
                tokens,
                Span {
                    start: hash,
                    end: self.pos,
                },
            )),
            Stop::Eof => {
                let (line, _) = locate(self.src, start);
                Err(SyntaxError::missing(
                    self.src,
                    hash,
                    format!(
                        "missing interpolation terminator: \"}}\" (for {what} starting at line {line})"
                    ),
                ))
            }
        }
    }

    /// Decodes the escape under the cursor (a backslash) into `buf`.
    /// Errors point just after the opening quote `open`, as Elixir's do.
    fn escape(&mut self, buf: &mut Vec<u8>, open: usize) -> Result<(), SyntaxError> {
        self.pos += 1;
        let Some(c) = self.peek() else {
            // The missing closing quote is reported by the caller.
            return Ok(());
        };
        self.pos += c.len_utf8();
        let byte = match c {
            'x' => return self.hex_escape(buf, open),
            'u' => return self.unicode_escape(buf, open),
            '\n' => return Ok(()),
            '\r' if self.peek() == Some('\n') => {
                self.pos += 1;
                return Ok(());
            }
            other => match simple_escape(other) {
                Some(byte) => byte,
                None => {
                    let mut utf8 = [0; 4];
                    buf.extend_from_slice(other.encode_utf8(&mut utf8).as_bytes());
                    return Ok(());
                }
            },
        };
        buf.push(byte);
        Ok(())
    }

    /// `\xH`, `\xHH` (one byte) or `\x{H...}` (a code point).
    fn hex_escape(&mut self, buf: &mut Vec<u8>, open: usize) -> Result<(), SyntaxError> {
        let src = self.src;
        let error = || {
            SyntaxError::syntax(
                src,
                open + 1,
                "invalid hex escape character, expected \\xHH where H is a hexadecimal digit. \
                 Syntax error after: \\x"
                    .to_string(),
            )
        };
        if self.peek() == Some('{') {
            let code = self.braced_hex().ok_or_else(error)?;
            return self.push_code_point(buf, code, open);
        }
        let digits = self.hex_digits(2);
        let byte = u8::from_str_radix(digits, 16).map_err(|_| error())?;
        buf.push(byte);
        Ok(())
    }

    /// `\uHHHH` or `\u{H...}`.
    fn unicode_escape(&mut self, buf: &mut Vec<u8>, open: usize) -> Result<(), SyntaxError> {
        let code = if self.peek() == Some('{') {
            self.braced_hex()
        } else {
            let digits = self.hex_digits(4);
            if digits.len() == 4 {
                u32::from_str_radix(digits, 16).ok()
            } else {
                None
            }
        };
        let Some(code) = code else {
            return Err(SyntaxError::syntax(
                self.src,
                open + 1,
                "invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a \
                 hexadecimal digit. Syntax error after: \\u"
                    .to_string(),
            ));
        };
        self.push_code_point(buf, code, open)
    }

    fn push_code_point(
        &self,
        buf: &mut Vec<u8>,
        code: u32,
        open: usize,
    ) -> Result<(), SyntaxError> {
        let Some(c) = char::from_u32(code) else {
            return Err(SyntaxError::syntax(
                self.src,
                open + 1,
                format!("invalid or reserved Unicode code point \\u{{{code:X}}}. Syntax error after: \\u"),
            ));
        };
        let mut utf8 = [0; 4];
        buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        Ok(())
    }

    /// `{H...}` with one to six hex digits.
    fn braced_hex(&mut self) -> Option<u32> {
        self.pos += 1;
        let digits = self.hex_digits(6);
        if digits.is_empty() || self.peek() != Some('}') {
            return None;
        }
        self.pos += 1;
        u32::from_str_radix(digits, 16).ok()
    }

    /// Up to `max` hex digits under the cursor.
    fn hex_digits(&mut self, max: usize) -> &'a str {
        let start = self.pos;
        let len = self.src[start..]
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_hexdigit)
            .count();
        self.pos += len;
        &self.src[start..start + len]
    }

    /// `?a`, `?\n`, `?é`: the code point as an integer.
    pub(super) fn char_literal(&mut self) -> Result<TokenKind, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(invalid_char(self.src, start, '?'));
        };
        self.pos += c.len_utf8();
        if c != '\\' {
            return Ok(TokenKind::Char(i64::from(u32::from(c))));
        }
        let Some(e) = self.peek() else {
            return Ok(TokenKind::Char(i64::from(b'\\')));
        };
        self.pos += e.len_utf8();
        let code = simple_escape(e).map_or(u32::from(e), u32::from);
        Ok(TokenKind::Char(i64::from(code)))
    }
}

/// The one-letter escapes shared by strings and `?` literals.
fn simple_escape(c: char) -> Option<u8> {
    Some(match c {
        'n' => b'\n',
        't' => b'\t',
        'r' => b'\r',
        's' => b' ',
        'e' => 27,
        '0' => 0,
        'a' => 7,
        'b' => 8,
        'd' => 127,
        'f' => 12,
        'v' => 11,
        _ => return None,
    })
}

/// Moves pending literal bytes into `parts`.
fn flush(parts: &mut Vec<StrPart>, buf: &mut Vec<u8>, start: usize, end: usize) {
    if !buf.is_empty() {
        parts.push(StrPart::Lit(std::mem::take(buf), Span { start, end }));
    }
}
