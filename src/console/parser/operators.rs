//! Binary and unary operators, by Elixir's precedence table.
//!
//! Operators with no AST node are desugared here: `a |> f(b)` is `f(a, b)`,
//! `a in b` is `Enum.member?(b, a)`, `-1` is the literal `-1` (so it can be
//! matched), and `first..last//step` is one [`Expr::Range`]. Operators that
//! are valid Elixir but not simulated get a clear "not supported" error.

use super::error::{ErrorKind, SyntaxError};
use super::{atom, Parser};
use crate::console::ast::{BinOp, Expr, Span, UnOp};
use crate::console::lexer::{Token, TokenKind};
use crate::term::Term;

/// Unary operators bind tighter than every binary operator.
const UNARY: u16 = 300;

/// What a binary operator builds.
#[derive(Clone, Copy)]
enum Infix {
    Bin(BinOp),
    Match,
    Pipe,
    In,
    NotIn,
    Range,
    Step,
    /// Valid Elixir that the simulation does not evaluate.
    Unsupported(&'static str),
}

/// A binary operator found at the cursor.
struct Operator {
    infix: Infix,
    /// Elixir's precedence number (higher binds tighter).
    prec: u16,
    right: bool,
    /// How many tokens it spans (`not in` is two).
    len: usize,
}

/// The binary operator starting at `tok`; `next` tells `not in` from `not`.
fn operator(tok: &Token, next: Option<&Token>) -> Option<Operator> {
    use BinOp::*;
    let (infix, prec, right) = match &tok.kind {
        TokenKind::Sym(sym) => match *sym {
            "=" => (Infix::Match, 100, true),
            "||" => (Infix::Bin(OrElse), 120, false),
            "&&" => (Infix::Bin(AndAlso), 130, false),
            "==" => (Infix::Bin(Eq), 140, false),
            "!=" => (Infix::Bin(NotEq), 140, false),
            "===" => (Infix::Bin(StrictEq), 140, false),
            "!==" => (Infix::Bin(StrictNotEq), 140, false),
            "<" => (Infix::Bin(Lt), 150, false),
            ">" => (Infix::Bin(Gt), 150, false),
            "<=" => (Infix::Bin(LtEq), 150, false),
            ">=" => (Infix::Bin(GtEq), 150, false),
            "|>" => (Infix::Pipe, 160, false),
            "//" => (Infix::Step, 190, true),
            "++" => (Infix::Bin(ListConcat), 200, true),
            "--" => (Infix::Bin(ListSubtract), 200, true),
            "<>" => (Infix::Bin(Concat), 200, true),
            ".." => (Infix::Range, 200, true),
            "+" => (Infix::Bin(Add), 210, false),
            "-" => (Infix::Bin(Sub), 210, false),
            "*" => (Infix::Bin(Mul), 220, false),
            "/" => (Infix::Bin(Div), 220, false),
            s @ ("<-" | "\\\\") => (Infix::Unsupported(s), 40, true),
            s @ "::" => (Infix::Unsupported(s), 60, true),
            s @ "|||" => (Infix::Unsupported(s), 120, false),
            s @ "&&&" => (Infix::Unsupported(s), 130, false),
            s @ "=~" => (Infix::Unsupported(s), 140, false),
            s @ ("<<<" | ">>>" | "<<~" | "~>>" | "<~" | "~>" | "<~>" | "<|>") => {
                (Infix::Unsupported(s), 160, false)
            }
            s @ "^^^" => (Infix::Unsupported(s), 180, false),
            s @ ("+++" | "---") => (Infix::Unsupported(s), 200, true),
            s @ "**" => (Infix::Unsupported(s), 230, false),
            _ => return None,
        },
        TokenKind::Reserved("or") => (Infix::Bin(Or), 120, false),
        TokenKind::Reserved("and") => (Infix::Bin(And), 130, false),
        TokenKind::Reserved("in") => (Infix::In, 170, false),
        TokenKind::Reserved("not")
            if matches!(
                next,
                Some(Token {
                    kind: TokenKind::Reserved("in"),
                    ..
                })
            ) =>
        {
            return Some(Operator {
                infix: Infix::NotIn,
                prec: 170,
                right: false,
                len: 2,
            })
        }
        _ => return None,
    };
    Some(Operator {
        infix,
        prec,
        right,
        len: 1,
    })
}

/// Operators that also read as unary do not continue the previous line:
/// `x\n-1` is two expressions, while `x\n|> f()` is one.
fn continues_line(tok: &Token) -> bool {
    !matches!(
        tok.kind,
        TokenKind::Sym("-" | "+") | TokenKind::Reserved("not")
    )
}

impl Parser<'_> {
    /// One full expression (stopping at `,`, `|`, `=>`, `when`, `->`, ...).
    pub(super) fn parse_expr(&mut self) -> Result<Expr, SyntaxError> {
        self.parse_bp(0)
    }

    /// An expression whose operators all bind tighter than `min`.
    fn parse_bp(&mut self, min: u16) -> Result<Expr, SyntaxError> {
        self.deeper()?;
        let start = self.here();
        let mut lhs = self.parse_prefix()?;
        // Each left-associative fold makes the tree one deeper; it is counted
        // once built, so the right operand is not charged for it twice.
        let mut folds = 0;
        while let Some((op, skip)) = self.next_operator(min) {
            self.pos += skip;
            let op_span = self.peek().map_or(Span::default(), |t| t.span);
            self.pos += op.len;
            if let Infix::Unsupported(sym) = op.infix {
                if self.peek().is_none() {
                    return Err(self.unexpected());
                }
                return Err(self.error_at(
                    op_span.start,
                    format!("the {sym} operator is not supported in otpsim"),
                ));
            }
            self.skip_eols();
            let rhs = self.parse_bp(if op.right { op.prec - 1 } else { op.prec })?;
            let span = self.span_from(start);
            lhs = self.combine(op.infix, lhs, rhs, span, op_span)?;
            if !op.right {
                self.deeper()?;
                folds += 1;
            }
        }
        self.shallower(folds + 1);
        Ok(lhs)
    }

    /// The operator at the cursor (or at the start of the next line) if it
    /// binds tighter than `min`, with how many newline tokens precede it.
    fn next_operator(&self, min: u16) -> Option<(Operator, usize)> {
        let first = self.peek()?;
        let (tok, skip) = match first.kind {
            TokenKind::Eol => (self.peek_nth(1)?, 1),
            _ => (first, 0),
        };
        let op = operator(tok, self.peek_nth(skip + 1))?;
        if skip == 1 && !continues_line(tok) {
            return None;
        }
        (op.prec > min).then_some((op, skip))
    }

    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn combine(
        &self,
        infix: Infix,
        lhs: Expr,
        rhs: Expr,
        span: Span,
        op_span: Span,
    ) -> Result<Expr, SyntaxError> {
        let (lhs, rhs) = (Box::new(lhs), Box::new(rhs));
        Ok(match infix {
            Infix::Bin(op) => Expr::BinOp(op, lhs, rhs, span),
            Infix::Match => Expr::Match(lhs, rhs, span),
            Infix::Range => Expr::Range(lhs, rhs, None, span),
            Infix::Step => match *lhs {
                Expr::Range(first, last, None, _) => Expr::Range(first, last, Some(rhs), span),
                _ => {
                    return Err(self.error_at(
                        op_span.start,
                        "the range step operator (//) must immediately follow the range \
                         definition operator (..), for example: 1..9//2. If you wanted to \
                         define a default argument, use (\\\\) instead. Syntax error before: '//'",
                    ))
                }
            },
            Infix::In => member(*lhs, *rhs, span, op_span),
            Infix::NotIn => {
                Expr::UnOp(UnOp::Not, Box::new(member(*lhs, *rhs, span, op_span)), span)
            }
            Infix::Pipe => self.pipe(*lhs, *rhs, span)?,
            Infix::Unsupported(sym) => {
                return Err(self.error_at(
                    op_span.start,
                    format!("the {sym} operator is not supported in otpsim"),
                ))
            }
        })
    }

    /// `lhs |> rhs`: `lhs` becomes the first argument of the call `rhs`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    fn pipe(&self, lhs: Expr, rhs: Expr, span: Span) -> Result<Expr, SyntaxError> {
        let call = match rhs {
            Expr::Call {
                module,
                function,
                mut args,
                ..
            } => {
                args.insert(0, lhs);
                Expr::Call {
                    module,
                    function,
                    args,
                    span,
                }
            }
            Expr::Apply(fun, mut args, _) => {
                args.insert(0, lhs);
                Expr::Apply(fun, args, span)
            }
            Expr::Var(function, _) => Expr::Call {
                module: None,
                function,
                args: vec![lhs],
                span,
            },
            Expr::Field(module, function, _) => Expr::Call {
                module: Some(module),
                function,
                args: vec![lhs],
                span,
            },
            Expr::Fn(..) => {
                let message = format!(
                    "cannot pipe {} into an anonymous function without calling the function; \
                     use Kernel.then/2 instead or define the anonymous function as a regular \
                     private function",
                    self.text(lhs.span())
                );
                return Err(SyntaxError::new(
                    ErrorKind::Argument,
                    self.src,
                    span.start,
                    message,
                ));
            }
            other => {
                let message = format!(
                    "cannot pipe {} into {}, can only pipe into local calls foo(), remote calls \
                     Foo.bar() or anonymous function calls foo.()",
                    self.text(lhs.span()),
                    self.text(other.span())
                );
                return Err(SyntaxError::new(
                    ErrorKind::Argument,
                    self.src,
                    span.start,
                    message,
                ));
            }
        };
        Ok(call)
    }

    /// A unary operator and its operand, or a primary with its postfixes.
    fn parse_prefix(&mut self) -> Result<Expr, SyntaxError> {
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        let start = tok.span.start;
        if self.peek_nth(1).is_none() && matches!(tok.kind, TokenKind::Sym("@" | "%")) {
            self.pos += 1;
            return Err(self.unexpected());
        }
        let op = match &tok.kind {
            TokenKind::Sym("-") => UnOp::Neg,
            TokenKind::Sym("+") => UnOp::Plus,
            TokenKind::Sym("!") => UnOp::Bang,
            TokenKind::Reserved("not") => UnOp::Not,
            TokenKind::Sym("^") => return self.parse_pin(),
            TokenKind::Sym("&") => return self.parse_capture(),
            TokenKind::Sym("@") => {
                return Err(
                    self.error_at(start, "module attributes (@) are not supported in otpsim")
                )
            }
            TokenKind::Sym("%") => {
                return Err(self.error_at(start, "structs (%Name{}) are not supported in otpsim"))
            }
            TokenKind::Sym("<<") => {
                return Err(self.error_at(start, "bitstrings (<<>>) are not supported in otpsim"))
            }
            _ => return self.parse_postfix_expr(),
        };
        self.parse_unary(op, start)
    }

    /// `-x`, `+x`, `!x`, `not x`; a negated integer literal is folded into
    /// the literal, so `-1` can be matched as a pattern.
    fn parse_unary(&mut self, op: UnOp, start: usize) -> Result<Expr, SyntaxError> {
        self.pos += 1;
        self.skip_eols();
        let operand = self.parse_bp(UNARY)?;
        let span = self.span_from(start);
        Ok(match (op, operand) {
            (UnOp::Neg, Expr::Lit(Term::Int(n), _)) => {
                Expr::Lit(Term::from_i128(-i128::from(n)), span)
            }
            (UnOp::Neg, Expr::Lit(Term::BigInt(n), _)) => {
                Expr::Lit(Term::from_bigint(-n.as_ref().clone()), span)
            }
            (op, operand) => Expr::UnOp(op, Box::new(operand), span),
        })
    }

    /// `^name`: anything but a variable is iex's compile error.
    fn parse_pin(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        self.skip_eols();
        let operand = self.parse_bp(UNARY)?;
        let span = self.span_from(start);
        match operand {
            Expr::Var(name, _) => Ok(Expr::Pin(name, span)),
            other => {
                let message = format!(
                    "invalid argument for unary operator ^, expected an existing variable, got: ^{}",
                    self.text(other.span())
                );
                Err(SyntaxError::new(
                    ErrorKind::Compile,
                    self.src,
                    start,
                    message,
                ))
            }
        }
    }
}

/// `element in collection`, which Elixir evaluates as `Enum.member?/2`.
fn member(element: Expr, collection: Expr, span: Span, op_span: Span) -> Expr {
    Expr::Call {
        module: Some(atom("Elixir.Enum", op_span)),
        function: "member?".to_string(),
        args: vec![collection, element],
        span,
    }
}
