//! The quoted form of Elixir source: the same shapes `Code.string_to_quoted/2`
//! returns, so the compiler can expand `if`, `case`, `def` ... exactly as
//! Elixir's own macros are written against them.
//!
//! | Elixir quoted form                       | [`Ast`]                          |
//! |------------------------------------------|----------------------------------|
//! | `1`, `2.5`, `:ok`, `"text"`              | `Int`, `Float`, `Atom`, `Bin`    |
//! | `[a, b]` (also keyword lists, charlists) | `List`                           |
//! | `{a, b}` (a 2-tuple is literal)          | `Pair`                           |
//! | `{name, meta, nil}` (a variable)         | `Node` with `args: None`         |
//! | `{name, meta, [args]}` (a call/operator) | `Node` with `head: Head::Atom`   |
//! | `{{:., m, [mod, :f]}, meta, [args]}`     | `Node` with `head: Head::Ast`    |
//!
//! Only the metadata the compiler and error messages need is kept: line,
//! column and `no_parens` (which tells `map.key` from `map.key()`).

use num_bigint::BigInt;
use std::rc::Rc;

/// Where a node starts, and the one flag the compiler reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters as Elixir counts them.
    pub column: u32,
    /// `no_parens: true`: a remote call written without parentheses and
    /// without arguments (`map.key`), which may be a field access.
    pub no_parens: bool,
}

/// What a node is called: an atom (`:if`, `:+`, `:foo`, `:__aliases__`,
/// `:{}`, `:%{}`, `:<<>>`, `:->` ...) or another node (`{:., _, _}` for
/// `Mod.fun(...)` and `fun.(...)`).
#[derive(Clone, Debug, PartialEq)]
pub enum Head {
    /// `{:name, meta, args}`.
    Atom(Rc<str>),
    /// `{{:., meta, [...]}, meta, args}`.
    Ast(Box<Ast>),
}

/// A node `{head, meta, args}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What is called.
    pub head: Head,
    /// Where it is.
    pub meta: Meta,
    /// `None` for a variable (`{:x, meta, nil}`), else the arguments.
    pub args: Option<Vec<Ast>>,
}

/// A quoted expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A larger integer.
    BigInt(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// An atom, written without the colon and with `Elixir.` for aliases
    /// as the BEAM stores them (`true`, `ok`, `Elixir.Kernel` — the last
    /// appears in quoted forms such as string interpolation's `Kernel.to_string`).
    Atom(Rc<str>),
    /// A binary literal (a string; may hold invalid UTF-8 from `\x` escapes).
    Bin(Rc<[u8]>),
    /// A literal list: `[1, 2]`, `[a: 1]` (a list of `Pair`s), `'ab'` (a list of `Int`s).
    List(Vec<Ast>),
    /// A literal 2-tuple.
    Pair(Box<Ast>, Box<Ast>),
    /// Everything else.
    Node(Box<Node>),
}
