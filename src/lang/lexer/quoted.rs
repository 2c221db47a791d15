//! Quoted text: strings, charlists, heredocs, sigils, quoted atoms, keys and
//! calls, and `?c` — the tokenizer clauses that call `extract`.

use super::escapes::{unescape, unescape_char};
use super::extract::{Closer, Raw};
use super::scan::push_with_eol;
use super::words::call_identifier;
use super::{is_horizontal_space, is_space, Lexer, Part, Sigil, TokVal, Token};
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;

impl Lexer {
    /// A `"string"` or `'charlist'`, or a quoted keyword key (`"a b": 1`).
    pub(super) fn string(&mut self, quote: char) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        self.advance(1);
        let raw = self
            .extract(true, Closer::One(quote), false)
            .map_err(|e| e.with_context(&format!(" (for string starting at line {line})")))?;
        let parts = unescape_parts(raw).map_err(|(m, t)| {
            ParseError::new(line, column + 1, format!("{m}. Syntax error after: "), t)
        })?;
        if self.at(0) == Some(':') && self.at(1).is_some_and(is_space) {
            self.advance(1);
            return key_token(parts, line, column, T::KwIdentifier, T::KwIdentifierUnsafe);
        }
        let kind = if quote == '"' {
            T::BinString
        } else {
            T::ListString
        };
        Ok(Token {
            kind,
            line,
            column,
            val: TokVal::Parts(parts),
        })
    }

    /// `:"quoted atom"`, maybe interpolated.
    pub(super) fn quoted_atom(&mut self) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let quote = self.at(1).unwrap_or('"');
        self.advance(2);
        let raw = self
            .extract(true, Closer::One(quote), false)
            .map_err(|e| e.with_context(&format!(" (for atom starting at line {line})")))?;
        let parts = unescape_parts(raw).map_err(|(m, t)| {
            ParseError::new(line, column, format!("{m}. Syntax error after: "), t)
        })?;
        key_token(parts, line, column, T::AtomQuoted, T::AtomUnsafe)
    }

    /// `."quoted"` after a dot: a call whose name is the raw text.
    pub(super) fn quoted_call(
        &mut self,
        tokens: &mut Vec<Token>,
        dot: Token,
        quote: char,
    ) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        self.advance(1);
        let raw = self.extract(true, Closer::One(quote), false).map_err(|e| {
            e.with_context(&format!(" (for function name starting at line {line})"))
        })?;
        match raw.as_slice() {
            [Raw::Lit(name)] => {
                if name.chars().count() > 255 {
                    return Err(ParseError::new(line, column, "atom length must be less than system limit: ", name.clone()));
                }
                let token = call_identifier(line, column, name, self.at(0));
                push_with_eol(tokens, dot);
                tokens.push(token);
                Ok(())
            }
            _ => Err(ParseError::new(
                line,
                column,
                "interpolation is not allowed when calling function/macro. Found interpolation in a call starting with: ",
                quote.to_string(),
            )),
        }
    }

    /// `"""` or `'''`.
    pub(super) fn heredoc(&mut self, quote: char) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        self.advance(3);
        let (indent, raw) = self.heredoc_body(line, column, true, quote)?;
        let parts = unescape_parts(raw).map_err(|(m, t)| {
            ParseError::new(line, column, format!("{m}. Syntax error after: "), t)
        })?;
        let kind = if quote == '"' {
            T::BinHeredoc
        } else {
            T::ListHeredoc
        };
        Ok(Token {
            kind,
            line,
            column,
            val: TokVal::Heredoc(indent, parts),
        })
    }

    /// Erlang's `extract_heredoc_with_interpolation/6`, after the opening
    /// delimiter: the closing indentation and the de-indented parts.
    fn heredoc_body(
        &mut self,
        line: u32,
        column: u32,
        interpol: bool,
        quote: char,
    ) -> Result<(u32, Vec<Raw>), ParseError> {
        let spaces = self.horizontal_spaces(0);
        let header = match (self.at(spaces), self.at(spaces + 1)) {
            (Some('\n'), _) => spaces + 1,
            (Some('\r'), Some('\n')) => spaces + 2,
            _ => {
                return Err(ParseError::new(
                    line,
                    column,
                    "heredoc allows only zero or more whitespace characters followed by a new line after ",
                    [quote, quote, quote].iter().collect::<String>(),
                ))
            }
        };
        self.pos += header;
        let raw = self
            .extract(interpol, Closer::Triple(quote), true)
            .map_err(|e| e.with_context(&format!(" (for heredoc starting at line {line})")))?;
        let indent = self.column.saturating_sub(4);
        let mut parts: Vec<Raw> = raw
            .into_iter()
            .map(|part| match part {
                Raw::Lit(text) => Raw::Lit(dedent(&text, indent as usize)),
                other => other,
            })
            .collect();
        if let Some(Raw::Lit(first)) = parts.first_mut() {
            if first.starts_with('\n') {
                first.remove(0);
            }
        }
        Ok((indent, parts))
    }

    /// `~x` followed by `h`: a sigil, or Elixir's error for its delimiter.
    pub(super) fn sigil(&mut self, h: char) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let letter = self.at(1).unwrap_or('s');
        let interpol = letter.is_ascii_lowercase();
        let (parts, delimiter) = if (h == '"' || h == '\'')
            && self.at(3) == Some(h)
            && self.at(4) == Some(h)
        {
            self.advance(5);
            let (_indent, raw) = self.heredoc_body(line, column, interpol, h)?;
            (raw, [h, h, h].iter().collect::<String>())
        } else if "/<\"'[({|".contains(h) {
            self.advance(3);
            let closer = match h {
                '(' => ')',
                '[' => ']',
                '{' => '}',
                '<' => '>',
                other => other,
            };
            let raw = self
                .extract(interpol, Closer::One(closer), false)
                .map_err(|e| {
                    e.with_context(&format!(
                        " (for sigil ~{letter}{h} starting at line {line})"
                    ))
                })?;
            (raw, h.to_string())
        } else {
            return Err(ParseError::new(
                    line,
                    column,
                    "invalid sigil delimiter: ",
                    format!(
                        "\"{h}\" (column {}, code point U+{}). The available delimiters are: //, ||, \"\", '', (), [], {{}}, <>",
                        column + 2,
                        super::hex4(h)
                    ),
                ));
        };
        let mut modifiers = Vec::new();
        while let Some(c) = self.at(0).filter(char::is_ascii_alphanumeric) {
            modifiers.push(c);
            self.advance(1);
        }
        let parts = parts
            .into_iter()
            .map(|p| match p {
                Raw::Lit(text) => Part::Lit(text.into_bytes()),
                Raw::Interp(l, c, tokens) => Part::Interp(l, c, tokens),
            })
            .collect();

        Ok(Token {
            kind: T::Sigil,
            line,
            column,
            val: TokVal::Sigil(Box::new(Sigil {
                letter,
                parts,
                modifiers,
                delimiter,
            })),
        })
    }

    /// `?a` or `?\n`: the code point.
    pub(super) fn char_literal(&mut self, next: char) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let code = if next == '\\' {
            match self.at(2) {
                Some(h) => {
                    self.advance(3);
                    unescape_char(u32::from(h))
                }
                None => {
                    self.advance(2);
                    u32::from('\\')
                }
            }
        } else {
            self.advance(2);
            u32::from(next)
        };
        Ok(Token {
            kind: T::Char,
            line,
            column,
            val: TokVal::Char(code),
        })
    }
}

/// Unescapes the literal parts.
fn unescape_parts(raw: Vec<Raw>) -> Result<Vec<Part>, (String, &'static str)> {
    raw.into_iter()
        .map(|part| match part {
            Raw::Lit(text) => unescape(text.as_bytes()).map(Part::Lit),
            Raw::Interp(l, c, tokens) => Ok(Part::Interp(l, c, tokens)),
        })
        .collect()
}

/// A quoted atom or key: `single` when it has no interpolation, else `unsafe_kind`.
fn key_token(
    parts: Vec<Part>,
    line: u32,
    column: u32,
    single: T,
    unsafe_kind: T,
) -> Result<Token, ParseError> {
    if let [Part::Lit(bytes)] = parts.as_slice() {
        let name = String::from_utf8_lossy(bytes).into_owned();
        if name.chars().count() > 255 {
            return Err(ParseError::new(
                line,
                column,
                "atom length must be less than system limit: ",
                name,
            ));
        }
        return Ok(Token::named(single, line, column, &name));
    }
    Ok(Token {
        kind: unsafe_kind,
        line,
        column,
        val: TokVal::Parts(parts),
    })
}

/// Erlang's `extract_heredoc_indent`: removes up to `indent` spaces or tabs
/// after each line break.
fn dedent(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '\n' {
            continue;
        }
        let mut left = indent;
        while left > 0 {
            match chars.peek() {
                Some(&s) if is_horizontal_space(s) => {
                    chars.next();
                    left -= 1;
                }
                _ => break,
            }
        }
    }
    out
}
