//! Console text to [`Expr`]: a Pratt parser for the Elixir subset iex users
//! type, with iex's error messages.
//!
//! - `error` — [`SyntaxError`], and how iex words and places each error.
//! - `cursor` — moving over tokens, newline rules, the nesting limit.
//! - `operators` — binary and unary operators, with pipes, `in` and ranges
//!   desugared.
//! - `primary` — literals, variables, aliases, parentheses.
//! - `postfix` — dots, calls with and without parentheses, field access.
//! - `collections` — lists, tuples, maps, argument lists, keyword sugar.
//! - `functions` — `fn ... end` and `&captures`.
//! - `strings` — string, charlist and atom literals, and interpolation.
//!
//! Everything that is not plain syntax is desugared here, so the evaluator
//! only sees the [`Expr`] shapes: `a |> f(b)` is `f(a, b)`, `x[k]` is
//! `Access.get(x, k)`, `a in b` is `Enum.member?(b, a)`, `"a#{b}"` is
//! `"a" <> Kernel.to_string(b)`.

mod collections;
mod cursor;
mod error;
mod functions;
mod operators;
mod postfix;
mod primary;
mod strings;

use super::ast::{Expr, Span};
use super::lexer::{self, Token};
use crate::term::Term;

pub(crate) use error::locate;
pub use error::{ErrorKind, SyntaxError};

/// How deeply brackets, operators and interpolations may nest. Elixir has no
/// limit, but the console runs in a browser tab, where a stack overflow kills
/// the page. Measured cost: at most ~2 KB of stack per level in release
/// builds (~12 KB in debug), so a line at the limit needs ~256 KB; the
/// limit also bounds the depth of every tree built here, which keeps the
/// evaluator's own recursion over it shallow.
pub const MAX_NESTING: usize = 128;

/// Parses one console input.
///
/// Several expressions (separated by `;` or newlines) come back as an
/// [`Expr::Block`]; a single one as itself; empty input (or only comments)
/// as an empty block, which the console prints as nothing.
pub fn parse(source: &str) -> Result<Expr, SyntaxError> {
    let tokens = lexer::tokenize(source)?;
    let mut parser = Parser::new(source, &tokens, 0);
    let mut exprs = parser.parse_exprs(|_| false)?;
    Ok(match exprs.len() {
        0 => Expr::Block(
            Vec::new(),
            Span {
                start: 0,
                end: source.len(),
            },
        ),
        1 => exprs.remove(0),
        _ => {
            let span = cover(&exprs);
            Expr::Block(exprs, span)
        }
    })
}

/// The parser's state over one token stream: the line, or one interpolation.
struct Parser<'a> {
    src: &'a str,
    tokens: &'a [Token],
    pos: usize,
    /// Current nesting, checked against [`MAX_NESTING`].
    depth: usize,
}

/// The expressions of a body: nothing is `nil`, one is itself, more a block.
fn body(mut exprs: Vec<Expr>, empty: Span) -> Expr {
    match exprs.len() {
        0 => Expr::Lit(Term::nil(), empty),
        1 => exprs.remove(0),
        _ => {
            let span = cover(&exprs);
            Expr::Block(exprs, span)
        }
    }
}

/// The span from the first expression to the last.
fn cover(exprs: &[Expr]) -> Span {
    match (exprs.first(), exprs.last()) {
        (Some(first), Some(last)) => Span {
            start: first.span().start,
            end: last.span().end,
        },
        _ => Span::default(),
    }
}

/// A literal atom, for the module of a desugared call.
fn atom(name: &str, span: Span) -> Box<Expr> {
    Box::new(Expr::Lit(Term::atom(name), span))
}
