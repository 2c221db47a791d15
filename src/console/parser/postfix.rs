//! What may follow an expression: `.name`, `.name(...)`, `.name arg`,
//! `.(...)` and `[key]`, plus when a name takes arguments without parentheses.
//!
//! `Mod.fun` without parentheses is a call (the module is an atom), while
//! `map.key` is a field access; `x[k]` becomes `Access.get(x, k)`, which is
//! what Elixir evaluates.

use super::error::SyntaxError;
use super::{atom, Parser};
use crate::console::ast::{Expr, Span};
use crate::console::lexer::{Token, TokenKind};
use crate::term::Term;

impl Parser<'_> {
    /// A primary followed by its postfixes.
    pub(super) fn parse_postfix_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let mut expr = self.parse_primary()?;
        let mut levels = 0;
        loop {
            let dot = self.at_sym(".")
                || (self.at_eol()
                    && matches!(
                        self.peek_nth(1),
                        Some(Token {
                            kind: TokenKind::Sym("."),
                            ..
                        })
                    ));
            let glued = self.peek().is_some_and(|t| !t.spaced);
            // Each postfix makes the tree one deeper, counted once built.
            if dot {
                expr = self.parse_dot(expr, start)?;
            } else if glued && self.at_sym("[") {
                expr = self.parse_access(expr, start)?;
            } else if glued && self.at_sym("(") {
                return Err(self.unexpected());
            } else {
                break;
            }
            self.deeper()?;
            levels += 1;
        }
        self.shallower(levels);
        Ok(expr)
    }

    /// After `lhs`: `.name`, `.name(args)`, `.name args` or `.(args)`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn parse_dot(&mut self, lhs: Expr, start: usize) -> Result<Expr, SyntaxError> {
        self.skip_eols();
        self.expect_sym(".")?;
        self.skip_eols();
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        match &tok.kind {
            TokenKind::Ident(name) => {
                self.pos += 1;
                let args = if self.at_call_parens() {
                    Some(self.parse_call_args()?)
                } else if self.starts_no_parens_arg() {
                    Some(self.parse_no_parens_args()?)
                } else {
                    None
                };
                let span = self.span_from(start);
                let module_literal = matches!(lhs, Expr::Lit(Term::Atom(_), _));
                Ok(match args {
                    None if !module_literal => Expr::Field(Box::new(lhs), name.clone(), span),
                    args => Expr::Call {
                        module: Some(Box::new(lhs)),
                        function: name.clone(),
                        args: args.unwrap_or_default(),
                        span,
                    },
                })
            }
            TokenKind::Sym("(") => {
                let args = self.parse_call_args()?;
                Ok(Expr::Apply(Box::new(lhs), args, self.span_from(start)))
            }
            TokenKind::Sym(op) if is_operator_function(op) => {
                // `Kernel.+(1, 2)`: operators are functions too, but need parentheses.
                self.pos += 1;
                if !self.at_call_parens() {
                    return Err(self.unexpected());
                }
                let args = self.parse_call_args()?;
                Ok(Expr::Call {
                    module: Some(Box::new(lhs)),
                    function: (*op).to_string(),
                    args,
                    span: self.span_from(start),
                })
            }
            TokenKind::Alias(_) if matches!(lhs, Expr::Lit(Term::Atom(_), _)) => Err(self
                .error_at(
                    tok.span.start,
                    "atom cannot be followed by an alias. If the '.' was meant to be part of the \
                 atom's name, the atom name must be quoted. Syntax error before: '.'",
                )),
            TokenKind::Alias(_) => Err(self.error_at(
                tok.span.start,
                "aliases built from expressions (expr.Alias) are not supported in otpsim",
            )),
            _ => Err(self.unexpected()),
        }
    }

    /// `expr[key]`, which Elixir evaluates as `Access.get(expr, key)`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn parse_access(&mut self, lhs: Expr, start: usize) -> Result<Expr, SyntaxError> {
        let open = self.here();
        self.pos += 1;
        self.skip_eols();
        let key = self.parse_expr()?;
        self.skip_eols();
        self.expect_sym("]")?;
        let bracket = Span {
            start: open,
            end: self.prev_end(),
        };
        Ok(Expr::Call {
            module: Some(atom("Elixir.Access", bracket)),
            function: "get".to_string(),
            args: vec![lhs, key],
            span: self.span_from(start),
        })
    }

    /// `(` right after a name: the arguments of a call.
    pub(super) fn at_call_parens(&self) -> bool {
        self.peek()
            .is_some_and(|t| !t.spaced && matches!(t.kind, TokenKind::Sym("(")))
    }

    /// Whether the token after a name starts an argument of a call without
    /// parentheses (`IO.puts "hi"`, `send pid, :hi`), by Elixir's rules:
    /// a space before it, and for `-`/`+` none after (`f -1` vs `f - 1`).
    pub(super) fn starts_no_parens_arg(&self) -> bool {
        let Some(tok) = self.peek() else {
            return false;
        };
        if !tok.spaced {
            return false;
        }
        match &tok.kind {
            TokenKind::Int(_)
            | TokenKind::Char(_)
            | TokenKind::Str(_)
            | TokenKind::Charlist(_)
            | TokenKind::Atom(_)
            | TokenKind::QuotedAtom(_)
            | TokenKind::KwKey(_)
            | TokenKind::Ident(_)
            | TokenKind::Alias(_) => true,
            TokenKind::Reserved("not") => !matches!(
                self.peek_nth(1),
                Some(Token {
                    kind: TokenKind::Reserved("in"),
                    ..
                })
            ),
            TokenKind::Reserved(word) => matches!(*word, "true" | "false" | "nil" | "fn"),
            TokenKind::Sym("-" | "+") => self
                .peek_nth(1)
                .is_some_and(|next| !next.spaced && !matches!(next.kind, TokenKind::Eol)),
            TokenKind::Sym(sym) => matches!(
                *sym,
                "(" | "[" | "{" | "%{" | "^" | "!" | "&" | "%" | "@" | "<<"
            ),
            TokenKind::Eol => false,
        }
    }
}

/// Operators that may be called by name, as in `Kernel.+(1, 2)` or `&Kernel.+/2`.
pub(super) fn is_operator_function(op: &str) -> bool {
    matches!(
        op,
        "+" | "-"
            | "*"
            | "/"
            | "=="
            | "!="
            | "==="
            | "!=="
            | "<"
            | ">"
            | "<="
            | ">="
            | "<>"
            | "++"
            | "--"
            | "&&"
            | "||"
            | ".."
            | "!"
    )
}
