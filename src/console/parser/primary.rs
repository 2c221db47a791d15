//! The smallest expressions: literals, variables and local calls, aliases,
//! parentheses, and the brackets that start collections.

use super::error::SyntaxError;
use super::{body, Parser};
use crate::console::ast::Expr;
use crate::console::lexer::TokenKind;
use crate::term::Term;

impl Parser<'_> {
    pub(super) fn parse_primary(&mut self) -> Result<Expr, SyntaxError> {
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        let span = tok.span;
        let literal = match &tok.kind {
            TokenKind::Int(value) => value.clone(),
            TokenKind::Char(code) => Term::Int(*code),
            TokenKind::Atom(name) => Term::atom(name),
            TokenKind::Reserved(word @ ("true" | "false" | "nil")) => Term::atom(word),
            TokenKind::Str(parts) => {
                self.pos += 1;
                return self.string(parts, span);
            }
            TokenKind::Charlist(parts) => {
                self.pos += 1;
                return self.charlist(parts, span);
            }
            TokenKind::QuotedAtom(parts) => {
                self.pos += 1;
                return self.quoted_atom(parts, span);
            }
            TokenKind::Ident(name) => return self.parse_ident(name),
            TokenKind::Alias(_) => return self.parse_alias(),
            TokenKind::Reserved("fn") => return self.parse_fn(),
            TokenKind::Sym("(") => return self.parse_parens(),
            TokenKind::Sym("[") => return self.parse_list(),
            TokenKind::Sym("{") => return self.parse_tuple(),
            TokenKind::Sym("%{") => return self.parse_map(),
            _ => return Err(self.unexpected()),
        };
        self.pos += 1;
        Ok(Expr::Lit(literal, span))
    }

    /// A variable, or a local call with or without parentheses.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn parse_ident(&mut self, name: &str) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let name_span = self.peek().map(|t| t.span).unwrap_or_default();
        self.pos += 1;
        let args = if self.at_call_parens() {
            self.parse_call_args()?
        } else if self.starts_no_parens_arg() {
            self.parse_no_parens_args()?
        } else {
            return Ok(Expr::Var(name.to_string(), name_span));
        };
        Ok(Expr::Call {
            module: None,
            function: name.to_string(),
            args,
            span: self.span_from(start),
        })
    }

    /// `Fleet.Registry` is the atom `:"Elixir.Fleet.Registry"`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_alias(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let mut segments = Vec::new();
        while let Some(TokenKind::Alias(segment)) = self.peek_kind() {
            self.pos += 1;
            segments.push(segment.as_str());
            let dot_alias = self.at_sym(".")
                && matches!(self.peek_nth(1).map(|t| &t.kind), Some(TokenKind::Alias(_)));
            if !dot_alias {
                break;
            }
            self.pos += 1;
        }
        let joined = segments.join(".");
        let name = if segments.first() == Some(&"Elixir") {
            joined
        } else {
            format!("Elixir.{joined}")
        };
        Ok(Expr::Lit(Term::atom(&name), self.span_from(start)))
    }

    /// `(expr)`, `(a; b)` (a block) or `()` (nil).
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn parse_parens(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let open = self.pos;
        self.pos += 1;
        let exprs = match self.parse_exprs(|kind| matches!(kind, TokenKind::Sym(")"))) {
            Ok(exprs) => exprs,
            Err(_) if self.at_sym(",") => return Err(self.comma_in_parens(open)),
            Err(err) => return Err(err),
        };
        self.expect_sym(")")?;
        Ok(body(exprs, self.span_from(start)))
    }

    /// Elixir's errors for `(a, b)`: a hint when a space split a call
    /// (`foo (1, 2)`), else "syntax error before: ')'" at the closing paren.
    // Out of line: inlined into the recursive parse functions, the
    // message formatting would enlarge every stack frame of a deep parse.
    #[cold]
    #[inline(never)]
    fn comma_in_parens(&mut self, open: usize) -> SyntaxError {
        let spaced_call = self.tokens.get(open).is_some_and(|paren| paren.spaced)
            && open
                .checked_sub(1)
                .and_then(|i| self.tokens.get(i))
                .is_some_and(|before| matches!(before.kind, TokenKind::Ident(_)));
        if spaced_call {
            let at = self.tokens.get(open).map_or(0, |t| t.span.start);
            return self.error_at(
                at,
                "unexpected parentheses. If you are making a function call, do not insert spaces \
                 between the function name and the opening parentheses. Syntax error before: '('",
            );
        }
        while self.eat_sym(",") {
            self.skip_eols();
            if self.at_sym(")") {
                break;
            }
            if let Err(err) = self.parse_expr() {
                return err;
            }
            self.skip_eols();
        }
        self.unexpected()
    }
}
