//! The syntax tree of one console line.
//!
//! Patterns are parsed as expressions (`Expr`) and checked by the evaluator
//! when they are matched, as Elixir itself does for the left side of `=`.

use crate::term::Term;

/// A byte offset range into the source line, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Binary operators, named after their Elixir spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNotEq,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    LtEq,
    /// `>=`
    GtEq,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `<>` (binary concatenation)
    Concat,
    /// `++`
    ListConcat,
    /// `--`
    ListSubtract,
    /// `and` (strict boolean)
    And,
    /// `or` (strict boolean)
    Or,
    /// `&&`
    AndAlso,
    /// `||`
    OrElse,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `not x`
    Not,
    /// `!x`
    Bang,
}

/// One expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A literal: integer, string, atom, alias (`Fleet.Registry` is the atom
    /// `:"Elixir.Fleet.Registry"`), `true`, `false`, `nil`.
    Lit(Term, Span),
    /// A variable (or `_`, `_name`). A bare name that is not bound is an
    /// arity-0 local call, as `flush` is in iex; the evaluator decides.
    Var(String, Span),
    /// `^name` in a pattern.
    Pin(String, Span),
    /// `{a, b}`
    Tuple(Vec<Expr>, Span),
    /// `[a, b]` or `[a, b | tail]`; keyword sugar `[a: 1]` arrives as tuples.
    List(Vec<Expr>, Option<Box<Expr>>, Span),
    /// `%{k => v, a: 1}`
    Map(Vec<(Expr, Expr)>, Span),
    /// `%{base | k => v}`
    MapUpdate(Box<Expr>, Vec<(Expr, Expr)>, Span),
    /// `first..last` or `first..last//step`
    Range(Box<Expr>, Box<Expr>, Option<Box<Expr>>, Span),
    /// `pattern = value`
    Match(Box<Expr>, Box<Expr>, Span),
    /// `left op right`
    BinOp(BinOp, Box<Expr>, Box<Expr>, Span),
    /// `op operand`
    UnOp(UnOp, Box<Expr>, Span),
    /// A call. `module` is `None` for local calls (`self()`), else the
    /// expression before the dot (an alias, an atom like `:erlang`, or a
    /// variable). Pipes are desugared: `a |> f(b)` arrives as `f(a, b)`.
    Call {
        /// The module expression, or `None` for a local call.
        module: Option<Box<Expr>>,
        /// The function name.
        function: String,
        /// The arguments.
        args: Vec<Expr>,
        /// Where the call is.
        span: Span,
    },
    /// `map.key` field access (no parentheses).
    Field(Box<Expr>, String, Span),
    /// `&Mod.fun/arity` or `&fun/arity`.
    Capture {
        /// The module expression, or `None` for a local function.
        module: Option<Box<Expr>>,
        /// The function name.
        function: String,
        /// Its arity.
        arity: u8,
        /// Where the capture is.
        span: Span,
    },
    /// `fun.(args)`: applying an anonymous function or capture held in a value.
    Apply(Box<Expr>, Vec<Expr>, Span),
    /// `fn pattern, ... -> body end` with one or more clauses.
    Fn(Vec<FnClause>, Span),
    /// Expressions separated by `;` (or newlines); the value is the last one.
    Block(Vec<Expr>, Span),
}

/// One clause of an anonymous function.
#[derive(Clone, Debug, PartialEq)]
pub struct FnClause {
    /// Argument patterns.
    pub params: Vec<Expr>,
    /// Optional `when` guard.
    pub guard: Option<Expr>,
    /// The body.
    pub body: Expr,
}

impl Expr {
    /// Where this expression is in the source.
    pub fn span(&self) -> Span {
        match self {
            Expr::Lit(_, s)
            | Expr::Var(_, s)
            | Expr::Pin(_, s)
            | Expr::Tuple(_, s)
            | Expr::List(_, _, s)
            | Expr::Map(_, s)
            | Expr::MapUpdate(_, _, s)
            | Expr::Range(_, _, _, s)
            | Expr::Match(_, _, s)
            | Expr::BinOp(_, _, _, s)
            | Expr::UnOp(_, _, s)
            | Expr::Field(_, _, s)
            | Expr::Apply(_, _, s)
            | Expr::Fn(_, s)
            | Expr::Block(_, s) => *s,
            Expr::Call { span, .. } | Expr::Capture { span, .. } => *span,
        }
    }
}
