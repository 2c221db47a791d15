//! Anonymous functions (`fn a, b when guard -> body end`, several clauses)
//! and captures of named functions (`&Mod.fun/2`, `&fun/1`).

use super::error::SyntaxError;
use super::postfix::is_operator_function;
use super::{body, Parser};
use crate::console::ast::{Expr, FnClause, Span};
use crate::console::lexer::TokenKind;

/// A clause head: parameters, guard, and the span of its `->`.
type Head = (Vec<Expr>, Option<Expr>, Span);

impl Parser<'_> {
    /// `fn ... end`. Clause boundaries are found the way Elixir finds them:
    /// an expression followed by `,`, `when` or `->` starts a new clause.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_fn(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        self.skip_separators();
        let mut head = self.parse_fn_head(None, start)?;
        let mut clauses = Vec::new();
        loop {
            let (exprs, next) = self.parse_fn_body(start)?;
            let (params, guard, arrow) = head;
            clauses.push(FnClause {
                params,
                guard,
                body: body(exprs, arrow),
            });
            match next {
                Some(next) => head = next,
                None => break,
            }
        }
        Ok(Expr::Fn(clauses, self.span_from(start)))
    }

    /// Parameters, optional guard and `->`. `first` is a parameter already
    /// parsed while looking for the end of the previous clause's body.
    fn parse_fn_head(&mut self, first: Option<Expr>, fn_start: usize) -> Result<Head, SyntaxError> {
        let mut params = Vec::new();
        match first {
            Some(param) => params.push(param),
            None if self.at_sym("->") => {}
            None if self.at_sym("(") => params = self.parse_paren_params()?,
            None => params.push(self.parse_expr()?),
        }
        let mut plain = true;
        while self.eat_sym(",") {
            plain = false;
            self.skip_eols();
            params.push(self.parse_expr()?);
        }
        let guard = if self.at_reserved("when") {
            plain = false;
            self.pos += 1;
            self.skip_eols();
            Some(self.parse_expr()?)
        } else {
            None
        };
        if plain && self.at_reserved("end") {
            return Err(no_arrow(self, fn_start));
        }
        let arrow = self.expect_sym("->")?.span;
        self.skip_eols();
        Ok((params, guard, arrow))
    }

    /// `fn(a, b) -> ...` or `fn () -> ...`.
    fn parse_paren_params(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        self.pos += 1;
        self.skip_eols();
        let mut params = Vec::new();
        if self.eat_sym(")") {
            return Ok(params);
        }
        loop {
            params.push(self.parse_expr()?);
            self.skip_eols();
            if !self.eat_sym(",") {
                break;
            }
            self.skip_eols();
        }
        self.expect_sym(")")?;
        Ok(params)
    }

    /// A clause body, up to `end` (consumed) or the head of the next clause,
    /// which must follow a body expression and a separator.
    fn parse_fn_body(&mut self, fn_start: usize) -> Result<(Vec<Expr>, Option<Head>), SyntaxError> {
        let mut exprs = Vec::new();
        let mut separated = false;
        loop {
            let before = self.pos;
            self.skip_separators();
            separated |= self.pos != before;
            if self.at_reserved("end") {
                self.pos += 1;
                return Ok((exprs, None));
            }
            let may_start_clause = separated && !exprs.is_empty();
            let first = if self.at_sym("->") {
                None
            } else {
                let expr = self.parse_expr()?;
                if !(self.at_sym(",") || self.at_sym("->") || self.at_reserved("when")) {
                    exprs.push(expr);
                    separated = false;
                    if !self.at_separator() && !self.at_reserved("end") {
                        return Err(self.unexpected());
                    }
                    continue;
                }
                Some(expr)
            };
            if !may_start_clause {
                return Err(self.unexpected());
            }
            return Ok((exprs, Some(self.parse_fn_head(first, fn_start)?)));
        }
    }

    /// `&Mod.fun/2`, `&:mod.fun/2`, `&var.fun/2`, `&fun/2` or `&Kernel.+/2`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_capture(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        let module = match &tok.kind {
            TokenKind::Alias(_) => Some(self.parse_alias()?),
            TokenKind::Atom(_) => Some(self.parse_primary()?),
            TokenKind::Ident(name)
                if self
                    .peek_nth(1)
                    .is_some_and(|t| matches!(t.kind, TokenKind::Sym("."))) =>
            {
                self.pos += 1;
                Some(Expr::Var(name.clone(), tok.span))
            }
            TokenKind::Ident(_) => None,
            TokenKind::Int(_) => {
                return Err(self.error_at(
                    start,
                    "capture arguments (&1, &2, ...) are not supported in otpsim; write \
                     fn x -> ... end instead",
                ))
            }
            _ => return Err(unsupported_capture(self, start)),
        };
        if module.is_some() && !self.eat_sym(".") {
            return Err(unsupported_capture(self, start));
        }
        let function = match self.peek_kind() {
            Some(TokenKind::Ident(name)) => name.clone(),
            Some(TokenKind::Sym(op)) if module.is_some() && is_operator_function(op) => {
                (*op).to_string()
            }
            _ => return Err(unsupported_capture(self, start)),
        };
        self.pos += 1;
        if !self.eat_sym("/") {
            return Err(unsupported_capture(self, start));
        }
        let arity = match self.peek_kind() {
            Some(TokenKind::Int(n)) => n.as_int().and_then(|n| u8::try_from(n).ok()),
            _ => None,
        };
        let Some(arity) = arity else {
            return Err(self.error_at(
                self.here(),
                "the arity of a capture must be an integer from 0 to 255",
            ));
        };
        self.pos += 1;
        Ok(Expr::Capture {
            module: module.map(Box::new),
            function,
            arity,
            span: self.span_from(start),
        })
    }
}

/// Elixir's error for `fn` without any `->`.
fn no_arrow(parser: &Parser<'_>, fn_start: usize) -> SyntaxError {
    parser.error_at(
        fn_start,
        "expected anonymous functions to be defined with -> inside: 'fn'",
    )
}

fn unsupported_capture(parser: &Parser<'_>, start: usize) -> SyntaxError {
    parser.error_at(
        start,
        "only captures of named functions (&Mod.fun/2, &fun/1) are supported in otpsim; write \
         fn x -> ... end instead",
    )
}
