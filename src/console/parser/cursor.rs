//! Moving over tokens: peeking, separators, newline continuation, errors at
//! the current token, and the nesting limit.

use super::error::{unexpected_token, SyntaxError};
use super::{Parser, MAX_NESTING};
use crate::console::ast::{Expr, Span};
use crate::console::lexer::{too_deep, Token, TokenKind};

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str, tokens: &'a [Token], depth: usize) -> Parser<'a> {
        Parser {
            src,
            tokens,
            pos: 0,
            depth,
        }
    }

    pub(super) fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos)
    }

    pub(super) fn peek_nth(&self, n: usize) -> Option<&'a Token> {
        self.tokens.get(self.pos + n)
    }

    pub(super) fn peek_kind(&self) -> Option<&'a TokenKind> {
        self.peek().map(|t| &t.kind)
    }

    pub(super) fn at_sym(&self, sym: &str) -> bool {
        matches!(self.peek_kind(), Some(TokenKind::Sym(s)) if *s == sym)
    }

    pub(super) fn at_reserved(&self, word: &str) -> bool {
        matches!(self.peek_kind(), Some(TokenKind::Reserved(w)) if *w == word)
    }

    pub(super) fn at_eol(&self) -> bool {
        matches!(self.peek_kind(), Some(TokenKind::Eol))
    }

    pub(super) fn eat_sym(&mut self, sym: &str) -> bool {
        let found = self.at_sym(sym);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes `sym` or fails with iex's error for whatever is there.
    pub(super) fn expect_sym(&mut self, sym: &str) -> Result<&'a Token, SyntaxError> {
        match self.peek() {
            Some(tok) if matches!(tok.kind, TokenKind::Sym(s) if s == sym) => {
                self.pos += 1;
                Ok(tok)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Consumes `sym`, also when it starts the next line (`\n|> f()`).
    pub(super) fn eat_sym_across_eol(&mut self, sym: &str) -> bool {
        if self.at_eol()
            && matches!(self.peek_nth(1), Some(Token { kind: TokenKind::Sym(s), .. }) if *s == sym)
        {
            self.pos += 1;
        }
        self.eat_sym(sym)
    }

    pub(super) fn skip_eols(&mut self) {
        while self.at_eol() {
            self.pos += 1;
        }
    }

    /// Skips newlines and `;`, which separate expressions.
    pub(super) fn skip_separators(&mut self) {
        while self.at_eol() || self.at_sym(";") {
            self.pos += 1;
        }
    }

    /// True at a newline, `;` or the end: where an expression may end.
    pub(super) fn at_separator(&self) -> bool {
        self.peek().is_none() || self.at_eol() || self.at_sym(";")
    }

    /// Byte offset of the current token (the end of input past the last).
    pub(super) fn here(&self) -> usize {
        self.peek().map_or(self.src.len(), |t| t.span.start)
    }

    /// Byte offset just after the last consumed token.
    pub(super) fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    /// The span from `start` to the end of the last consumed token.
    pub(super) fn span_from(&self, start: usize) -> Span {
        Span {
            start,
            end: self.prev_end().max(start),
        }
    }

    /// The source text of `span`.
    pub(super) fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// iex's error for the current token, or for running out of input.
    // Out of line: inlined into the recursive parse functions, the
    // message formatting would enlarge every stack frame of a deep parse.
    #[cold]
    #[inline(never)]
    pub(super) fn unexpected(&self) -> SyntaxError {
        // A binary operator Elixir knows but we do not take here (`1 when`)
        // still only lacks its right side when it ends the input.
        let dangling_operator = self.peek_nth(1).is_none()
            && matches!(
                self.peek_kind(),
                Some(TokenKind::Reserved("when") | TokenKind::Sym("|"))
            );
        match self.peek() {
            Some(tok) if !dangling_operator => {
                SyntaxError::syntax(self.src, tok.span.start, unexpected_token(tok, self.src))
            }
            _ => {
                let at = self.tokens.last().map_or(self.src.len(), |t| t.span.start);
                SyntaxError::missing(
                    self.src,
                    at,
                    "syntax error: expression is incomplete".to_string(),
                )
            }
        }
    }

    /// A `SyntaxError` at byte `at`.
    // Out of line: inlined into the recursive parse functions, the
    // message formatting would enlarge every stack frame of a deep parse.
    #[cold]
    #[inline(never)]
    pub(super) fn error_at(&self, at: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError::syntax(self.src, at, message.into())
    }

    /// Goes one level deeper, failing past [`MAX_NESTING`]. Callers undo it
    /// with [`Parser::shallower`] on success; an error ends the parse anyway.
    pub(super) fn deeper(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_NESTING {
            return Err(too_deep(self.src, self.here()));
        }
        self.depth += 1;
        Ok(())
    }

    pub(super) fn shallower(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// Parses expressions separated by newlines or `;` until the end of the
    /// tokens or a token for which `stop` holds (left unconsumed).
    pub(super) fn parse_exprs(
        &mut self,
        stop: impl Fn(&TokenKind) -> bool,
    ) -> Result<Vec<Expr>, SyntaxError> {
        let mut exprs = Vec::new();
        loop {
            self.skip_separators();
            match self.peek_kind() {
                None => return Ok(exprs),
                Some(kind) if stop(kind) => return Ok(exprs),
                Some(_) => {}
            }
            exprs.push(self.parse_expr()?);
            match self.peek_kind() {
                None => return Ok(exprs),
                Some(kind) if stop(kind) => return Ok(exprs),
                Some(TokenKind::Eol | TokenKind::Sym(";")) => {}
                Some(_) => return Err(self.unexpected()),
            }
        }
    }
}
