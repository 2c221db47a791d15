//! Words: identifiers, aliases, keywords, keyword keys, `:atoms`, and what
//! follows a `.` (Erlang's `tokenize_identifier`, `tokenize_keyword`,
//! `tokenize_dot` and `handle_dot`).

use super::operators::{op3_kind, DOT_OPS_1, DOT_OPS_2};
use super::scan::push_with_eol;
use super::{is_space, Lexer, Token};
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;

/// What `String.Tokenizer.tokenize/1` found.
struct Word {
    /// `Alias`, `Identifier`, or `Atom` (a non-ASCII uppercase start).
    kind: WordKind,
    text: String,
    /// Length in characters.
    len: usize,
    ascii: bool,
    has_at: bool,
    punctuated: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Alias,
    Identifier,
    Atom,
}

/// Uppercase and titlecase letters (Lu, Lt), which start only atoms.
fn is_upper_or_title(c: char) -> bool {
    c.is_uppercase() || (!c.is_lowercase() && c.to_lowercase().next() != Some(c))
}

/// True when `text` is a variable or function name as Elixir writes one
/// bare (`olá`, `foo?`), which `inspect` then prints without quotes.
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let start = first.is_ascii_lowercase()
        || first == '_'
        || (!first.is_ascii() && unicode_ident::is_xid_start(first) && !is_upper_or_title(first));
    let rest: Vec<char> = chars.collect();
    let body = match rest.split_last() {
        Some((last, body)) if *last == '?' || *last == '!' => body,
        _ => &rest[..],
    };
    start
        && body.iter().all(|c| {
            c.is_ascii_alphanumeric()
                || *c == '_'
                || (!c.is_ascii() && unicode_ident::is_xid_continue(*c))
        })
}

/// The token for a name followed by `(`, `[` or anything else.
pub(super) fn call_identifier(line: u32, column: u32, name: &str, next: Option<char>) -> Token {
    let kind = match next {
        Some('(') => T::ParenIdentifier,
        Some('[') => T::BracketIdentifier,
        _ => T::Identifier,
    };
    Token::named(kind, line, column, name)
}

fn keyword(text: &str) -> Option<T> {
    Some(match text {
        "fn" => T::Fn,
        "do" => T::Do,
        "end" => T::EndKw,
        "true" => T::True,
        "false" => T::False,
        "nil" => T::Nil,
        "not" => T::UnaryOp,
        "and" => T::AndOp,
        "or" => T::OrOp,
        "when" => T::WhenOp,
        "in" => T::InOp,
        "after" | "else" | "catch" | "rescue" => T::BlockIdentifier,
        _ => return None,
    })
}

impl Lexer {
    /// `String.Tokenizer.tokenize/1` at `pos + from`.
    fn word(&self, from: usize) -> Option<Word> {
        let first = self.at(from)?;
        let kind = if first.is_ascii_uppercase() {
            WordKind::Alias
        } else if first.is_ascii_lowercase() || first == '_' {
            WordKind::Identifier
        } else if !first.is_ascii() && unicode_ident::is_xid_start(first) {
            if is_upper_or_title(first) {
                WordKind::Atom
            } else {
                WordKind::Identifier
            }
        } else {
            return None;
        };
        let mut text = String::from(first);
        let mut ascii = first.is_ascii();
        let (mut has_at, mut punctuated) = (false, false);
        let mut i = from + 1;
        while let Some(c) = self.at(i) {
            if c == '@' {
                has_at = true;
            } else if c == '!' || c == '?' {
                text.push(c);
                punctuated = true;
                break;
            } else if c.is_ascii_alphanumeric() || c == '_' {
            } else if !c.is_ascii() && unicode_ident::is_xid_continue(c) {
                ascii = false;
            } else {
                break;
            }
            text.push(c);
            i += 1;
        }
        let len = text.chars().count();
        Some(Word {
            kind,
            text,
            len,
            ascii,
            has_at,
            punctuated,
        })
    }

    /// Erlang's last `tokenize/5` clause: identifiers, aliases, keywords.
    pub(super) fn identifier(&mut self, tokens: &mut Vec<Token>) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        let Some(word) = self.word(0) else {
            return self.unexpected_char(0, column);
        };
        let after = self.at(word.len);
        let after2 = self.at(word.len + 1);
        let after_dot = tokens.last().is_some_and(|t| t.kind == T::Dot);
        let key = after == Some(':') && after2 != Some(':');
        let maybe_keyword = !(after_dot || key);
        if maybe_keyword {
            if let Some(kind) = keyword(&word.text) {
                return self.keyword(tokens, kind, &word.text, word.len);
            }
        }
        if word.len > 255 {
            return self.error(
                line,
                column,
                "atom length must be less than system limit: ",
                word.text,
            );
        }
        if after == Some(':') && after2.is_some_and(is_space) {
            tokens.push(Token::named(T::KwIdentifier, line, column, &word.text));
            self.advance(word.len + 1);
            return Ok(());
        }
        if after == Some(':') && after2.is_some_and(|c| c != ':') {
            return self.error(
                line,
                column,
                "keyword argument must be followed by space after: ",
                format!("{}:", word.text),
            );
        }
        let what = match word.kind {
            WordKind::Alias => "alias",
            _ => "identifier",
        };
        if word.has_at {
            return self.error(
                line,
                column,
                format!("invalid character \"@\" (code point U+0040) in {what}: "),
                word.text,
            );
        }
        if word.text == "__aliases__" || word.text == "__block__" {
            return self.error(line, column, "reserved token: ", word.text);
        }
        match word.kind {
            WordKind::Alias => {
                if !word.ascii || word.punctuated {
                    let bad = word
                        .text
                        .chars()
                        .find(|c| *c < 'A' || u32::from(*c) > 127)
                        .unwrap_or('?');
                    return self.error(
                        line,
                        column,
                        format!(
                            "invalid character \"{bad}\" (code point U+{}) in alias (only ASCII \
                             characters, without punctuation, are allowed): ",
                            super::hex4(bad)
                        ),
                        word.text,
                    );
                }
                tokens.push(Token::named(T::Alias, line, column, &word.text));
            }
            WordKind::Identifier => tokens.push(call_identifier(line, column, &word.text, after)),
            WordKind::Atom => return self.unexpected_char(0, column),
        }
        self.advance(word.len);
        Ok(())
    }

    /// Erlang's `tokenize_keyword/8`.
    fn keyword(
        &mut self,
        tokens: &mut Vec<Token>,
        kind: T,
        text: &str,
        len: usize,
    ) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        match kind {
            T::Fn | T::EndKw => {
                self.advance(len);
                self.keyword_terminator(tokens, Token::bare(kind, line, column))
            }
            T::Do => {
                match tokens.last_mut() {
                    Some(last) if last.kind == T::Identifier => last.kind = T::DoIdentifier,
                    Some(last) if last.kind == T::Fn => return Err(ParseError::split(
                        line,
                        column,
                        "unexpected reserved word: ",
                        ". Anonymous functions are written as:\n\n    fn pattern -> expression end",
                        "do",
                    )),
                    Some(last) if matches!(last.kind, T::Comma | T::Semicolon) => {
                        return Err(ParseError::split(
                            line,
                            column,
                            "unexpected reserved word: ",
                            INVALID_DO,
                            "do",
                        ))
                    }
                    _ => {}
                }
                self.advance(len);
                self.keyword_terminator(tokens, Token::bare(T::Do, line, column))
            }
            T::True | T::False | T::Nil => {
                tokens.push(Token::bare(kind, line, column));
                self.advance(len);
                Ok(())
            }
            T::BlockIdentifier => {
                tokens.push(Token::named(kind, line, column, text));
                self.advance(len);
                Ok(())
            }
            _ => {
                let spaces = self.horizontal_spaces(len);
                self.advance(len);
                if self.at(spaces) == Some('/') {
                    tokens.push(Token::named(T::Identifier, line, column, text));
                    return Ok(());
                }
                if kind == T::InOp {
                    if let Some(not) = tokens
                        .last()
                        .filter(|t| t.kind == T::UnaryOp && t.name() == "not")
                    {
                        let token = Token::named(T::InOp, not.line, not.column, "not in");
                        tokens.pop();
                        push_with_eol(tokens, token);
                        return Ok(());
                    }
                }
                let token = Token::named(kind, line, column, text);
                if kind == T::UnaryOp {
                    tokens.push(token);
                } else {
                    push_with_eol(tokens, token);
                }
                Ok(())
            }
        }
    }

    /// `:name` (any word after `:`, keywords included).
    pub(super) fn atom(&mut self) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let Some(word) = self.word(1) else {
            return self.unexpected_char(0, column);
        };
        if word.len > 255 {
            return self.error(
                line,
                column,
                "atom length must be less than system limit: ",
                word.text,
            );
        }
        self.advance(1 + word.len);
        Ok(Token::named(T::Atom, line, column, &word.text))
    }

    /// `.` and what follows it: Erlang's `tokenize_dot/6` and `handle_dot/6`.
    pub(super) fn dot(&mut self, tokens: &mut Vec<Token>) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        self.advance(1);
        loop {
            let spaces = self.horizontal_spaces(0);
            match self.at(spaces) {
                Some('#') => {
                    self.advance(spaces);
                    self.skip_comment_after_dot()?;
                    // Elixir restarts the column at 1 after such a comment.
                    self.column = 1;
                }
                Some('\n') => {
                    self.pos += spaces + 1;
                    self.line += 1;
                    self.column = 1;
                }
                Some('\r') if self.at(spaces + 1) == Some('\n') => {
                    self.pos += spaces + 2;
                    self.line += 1;
                    self.column = 1;
                }
                _ => {
                    self.advance(spaces);
                    break;
                }
            }
        }
        let dot = Token::bare(T::Dot, line, column);
        let (c0, c1, c2) = (self.at(0), self.at(1), self.at(2));
        let op = c0
            .and_then(|a| op3_kind(a, c1, c2))
            .map(|(_, op)| (op, 3))
            .or_else(|| {
                let two: String = [c0, c1].iter().flatten().collect();
                let one: String = c0.iter().collect();
                DOT_OPS_2
                    .iter()
                    .find(|op| **op == two)
                    .map(|op| (*op, 2))
                    .or_else(|| DOT_OPS_1.iter().find(|op| **op == one).map(|op| (*op, 1)))
            });
        if let Some((op, len)) = op {
            let token = call_identifier(self.line, self.column, op, self.at(len));
            push_with_eol(tokens, dot);
            tokens.push(token);
            self.advance(len);
            return Ok(());
        }
        if c0 == Some('(') {
            push_with_eol(tokens, Token::named(T::DotCallOp, line, column, "."));
            return Ok(());
        }
        if let Some(quote @ ('"' | '\'')) = c0 {
            return self.quoted_call(tokens, dot, quote);
        }
        push_with_eol(tokens, dot);
        Ok(())
    }

    /// A comment between a `.` and what it calls.
    fn skip_comment_after_dot(&mut self) -> Result<(), ParseError> {
        while let Some(c) = self.at(0) {
            if c == '\n' || (c == '\r' && self.at(1) == Some('\n')) {
                break;
            }
            if super::is_bidi(c) {
                return self.error(
                    self.line,
                    self.column,
                    "invalid bidirectional formatting character in comment: ",
                    format!("\\u{:04X}", u32::from(c)),
                );
            }
            self.pos += 1;
        }
        Ok(())
    }
}

/// Erlang's `invalid_do_error/1` suffix.
pub(crate) const INVALID_DO: &str = ". In case you wanted to write a \"do\" expression, you must \
either use do-blocks or separate the keyword argument with comma. For example, you should either \
write:\n\n    if some_condition? do\n      :this\n    else\n      :that\n    end\n\nor the \
equivalent construct:\n\n    if(some_condition?, do: :this, else: :that)\n\nwhere \
\"some_condition?\" is the first argument and the second argument is a keyword list.\n\nYou may \
see this error if you forget a trailing comma before the \"do\" in a \"do\" block";
