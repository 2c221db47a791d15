//! Quoted literals. Interpolation is desugared as Elixir evaluates it:
//! `"a#{x}b"` is `"a" <> (Kernel.to_string(x) <> "b")`, a charlist with
//! interpolation is `List.to_charlist([...])`, an interpolated atom is
//! `:erlang.binary_to_atom(..., :utf8)`.

use super::error::SyntaxError;
use super::{atom, body, Parser};
use crate::console::ast::{BinOp, Expr, Span};
use crate::console::lexer::{StrPart, Token};
use crate::term::Term;

impl<'a> Parser<'a> {
    /// A string literal, or the concatenation its interpolations make.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn string(&mut self, parts: &'a [StrPart], span: Span) -> Result<Expr, SyntaxError> {
        let pieces = self.pieces(parts)?;
        Ok(concat(pieces, span))
    }

    /// `'abc'` is a list of code points.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn charlist(
        &mut self,
        parts: &'a [StrPart],
        span: Span,
    ) -> Result<Expr, SyntaxError> {
        if let Some(bytes) = literal(parts) {
            let codes = code_points(bytes)
                .map(|code| Expr::Lit(Term::Int(i64::from(code)), span))
                .collect();
            return Ok(Expr::List(codes, None, span));
        }
        let pieces = self.pieces(parts)?;
        Ok(Expr::Call {
            module: Some(atom("Elixir.List", span)),
            function: "to_charlist".to_string(),
            args: vec![Expr::List(pieces, None, span)],
            span,
        })
    }

    /// `:"any text"`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn quoted_atom(
        &mut self,
        parts: &'a [StrPart],
        span: Span,
    ) -> Result<Expr, SyntaxError> {
        if let Some(bytes) = literal(parts) {
            return Ok(Expr::Lit(Term::atom(&String::from_utf8_lossy(bytes)), span));
        }
        let pieces = self.pieces(parts)?;
        Ok(Expr::Call {
            module: Some(atom("erlang", span)),
            function: "binary_to_atom".to_string(),
            args: vec![concat(pieces, span), Expr::Lit(Term::atom("utf8"), span)],
            span,
        })
    }

    /// Literal parts as binaries, interpolations as `Kernel.to_string/1` calls.
    fn pieces(&mut self, parts: &'a [StrPart]) -> Result<Vec<Expr>, SyntaxError> {
        parts
            .iter()
            .map(|part| match part {
                StrPart::Lit(bytes, span) => Ok(Expr::Lit(Term::bytes(bytes), *span)),
                StrPart::Interp(tokens, span) => {
                    let inner = self.interpolated(tokens, *span)?;
                    Ok(Expr::Call {
                        module: Some(atom("Elixir.Kernel", *span)),
                        function: "to_string".to_string(),
                        args: vec![inner],
                        span: *span,
                    })
                }
            })
            .collect()
    }

    /// The expressions inside one `#{...}`, at the current depth.
    fn interpolated(&mut self, tokens: &'a [Token], span: Span) -> Result<Expr, SyntaxError> {
        let mut inner = Parser::new(self.src, tokens, self.depth);
        let exprs = inner.parse_exprs(|_| false)?;
        Ok(body(exprs, span))
    }
}

/// The bytes of a literal without interpolation.
fn literal(parts: &[StrPart]) -> Option<&[u8]> {
    match parts {
        [] => Some(&[]),
        [StrPart::Lit(bytes, _)] => Some(bytes),
        _ => None,
    }
}

/// Code points of UTF-8 text; a stray byte (from `\xFF`) counts as itself.
fn code_points(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.utf8_chunks().flat_map(|chunk| {
        chunk
            .valid()
            .chars()
            .map(u32::from)
            .chain(chunk.invalid().iter().map(|b| u32::from(*b)))
    })
}

/// Joins pieces with `<>` as a balanced tree (so a string with thousands of
/// interpolations stays shallow); the root gets the whole literal's span.
fn concat(mut pieces: Vec<Expr>, span: Span) -> Expr {
    match pieces.len() {
        0 => Expr::Lit(Term::string(""), span),
        1 => with_span(pieces.remove(0), span),
        _ => with_span(balanced(pieces), span),
    }
}

fn balanced(mut pieces: Vec<Expr>) -> Expr {
    if pieces.len() == 1 {
        return pieces.remove(0);
    }
    let right = balanced(pieces.split_off(pieces.len() / 2));
    let left = balanced(pieces);
    let span = Span {
        start: left.span().start,
        end: right.span().end,
    };
    Expr::BinOp(BinOp::Concat, Box::new(left), Box::new(right), span)
}

fn with_span(expr: Expr, span: Span) -> Expr {
    match expr {
        Expr::Lit(term, _) => Expr::Lit(term, span),
        Expr::BinOp(op, left, right, _) => Expr::BinOp(op, left, right, span),
        Expr::Call {
            module,
            function,
            args,
            ..
        } => Expr::Call {
            module,
            function,
            args,
            span,
        },
        other => other,
    }
}
