//! Matching openers with closers as the tokenizer goes, as Elixir's
//! `check_terminator/3` does, with its hints about misindented `do`/`end`.

use super::scan::push_with_eol;
use super::{Lexer, Token};
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;
use crate::lang::MAX_NESTING;

/// The closer Elixir expects for an opener.
fn terminator(start: &str) -> &'static str {
    match start {
        "(" => ")",
        "[" => "]",
        "{" => "}",
        "<<" => ">>",
        _ => "end",
    }
}

fn opener_text(kind: T) -> Option<&'static str> {
    Some(match kind {
        T::OpenParen => "(",
        T::OpenBracket => "[",
        T::OpenCurly => "{",
        T::OpenBit => "<<",
        T::Fn => "fn",
        T::Do => "do",
        _ => return None,
    })
}

fn closer_text(kind: T) -> Option<&'static str> {
    Some(match kind {
        T::CloseParen => ")",
        T::CloseBracket => "]",
        T::CloseCurly => "}",
        T::CloseBit => ">>",
        T::EndKw => "end",
        _ => return None,
    })
}

impl Lexer {
    /// An opening bracket of `len` characters.
    pub(super) fn open(
        &mut self,
        tokens: &mut Vec<Token>,
        kind: T,
        len: usize,
    ) -> Result<(), ParseError> {
        let token = Token::bare(kind, self.line, self.column);
        self.advance(len);
        if kind == T::OpenParen {
            if let Some(alias) = tokens.last().filter(|t| t.kind == T::Alias) {
                return Err(ParseError::new(
                    self.line,
                    self.column,
                    format!(
                        "unexpected ( after alias {}. Function names and identifiers in Elixir start \
                         with lowercase characters or underscore. For example:\n\n    hello_world()\n    \
                         _starting_with_underscore()\n    numb3rs_are_allowed()\n    \
                         may_finish_with_question_mark?()\n    may_finish_with_exclamation_mark!()\n\n\
                         Unexpected token: ",
                        alias.name()
                    ),
                    "(",
                ));
            }
        }
        self.check_terminator(&token)?;
        tokens.push(token);
        Ok(())
    }

    /// A closing bracket of `len` characters.
    pub(super) fn close(
        &mut self,
        tokens: &mut Vec<Token>,
        kind: T,
        len: usize,
    ) -> Result<(), ParseError> {
        let token = Token::bare(kind, self.line, self.column);
        self.advance(len);
        self.check_terminator(&token)?;
        tokens.push(token);
        Ok(())
    }

    /// `fn`, `do` or `end` (the caller has placed the token).
    pub(super) fn keyword_terminator(
        &mut self,
        tokens: &mut Vec<Token>,
        token: Token,
    ) -> Result<(), ParseError> {
        self.check_terminator(&token)?;
        if token.kind == T::Do {
            push_with_eol(tokens, token);
        } else {
            tokens.push(token);
        }
        Ok(())
    }

    /// Erlang's `check_terminator/3`.
    fn check_terminator(&mut self, token: &Token) -> Result<(), ParseError> {
        if let Some(start) = opener_text(token.kind) {
            if self.terminators.len() >= MAX_NESTING {
                return Err(ParseError::too_deep(token.line, token.column, MAX_NESTING));
            }
            if start == "fn" || start == "do" {
                if let Some(&previous) = self.terminators.last() {
                    if previous.0 == start && self.indentation <= previous.2 {
                        self.hints.push(previous);
                    }
                }
            }
            self.terminators.push((start, token.line, self.indentation));
            return Ok(());
        }
        let Some(end) = closer_text(token.kind) else {
            return Ok(());
        };
        match self.terminators.last().copied() {
            Some(("do", _, indentation)) if end == "end" => {
                if self.indentation > indentation {
                    self.hints.push(("end", token.line, self.indentation));
                }
                self.terminators.pop();
                Ok(())
            }
            Some((start, start_line, _)) => {
                let expected = terminator(start);
                if expected == end {
                    self.terminators.pop();
                    return Ok(());
                }
                let prefix = if end == "end" {
                    "unexpected reserved word: "
                } else {
                    "unexpected token: "
                };
                let suffix = format!(
                    ". The \"{start}\" at line {start_line} is missing terminator \"{expected}\"{}",
                    self.missing_terminator_hint(start, expected)
                );
                Err(ParseError::split(
                    token.line,
                    token.column,
                    prefix,
                    suffix,
                    end,
                ))
            }
            None if end == "end" => {
                let suffix = match self.hints.iter().rev().find(|h| h.0 == "end") {
                    Some((_, line, _)) => format!(
                        "\n\n    HINT: it looks like the \"end\" on line {line} does not have a matching \"do\" defined before it\n"
                    ),
                    None => String::new(),
                };
                Err(ParseError::split(
                    token.line,
                    token.column,
                    "unexpected reserved word: ",
                    suffix,
                    "end",
                ))
            }
            None => Err(ParseError::new(
                token.line,
                token.column,
                "unexpected token: ",
                end,
            )),
        }
    }

    fn missing_terminator_hint(&self, start: &str, end: &str) -> String {
        match self.hints.iter().rev().find(|h| h.0 == start) {
            Some((_, line, _)) => format!(
                "\n\n    HINT: it looks like the \"{start}\" on line {line} does not have a matching \"{end}\"\n"
            ),
            None => String::new(),
        }
    }

    /// At the end of input: every opener must have been closed.
    pub(super) fn check_all_closed(&self) -> Result<(), ParseError> {
        let Some(&(start, start_line, _)) = self.terminators.last() else {
            return Ok(());
        };
        let end = terminator(start);
        let hint = self.missing_terminator_hint(start, end);
        Err(ParseError::new(
            self.line,
            self.column,
            format!(
                "missing terminator: {end} (for \"{start}\" starting at line {start_line}){hint}"
            ),
            "",
        ))
    }
}
