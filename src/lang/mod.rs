//! Elixir source to its quoted form: what `Code.string_to_quoted/2`
//! (with `columns: true`) returns in Elixir 1.14, kept to the metadata
//! `line`, `column` and `no_parens`.
//!
//! | file | what it holds |
//! |------|---------------|
//! | `ast.rs` | [`Ast`], [`Node`], [`Head`], [`Meta`]: the quoted form |
//! | `error.rs` | [`ParseError`], [`ErrorKind`]: Elixir's `{meta, message, token}` and how iex words it |
//! | `lexer/` | a port of `elixir_tokenizer`: source to tokens, with its errors |
//! | `parser/` | the LALR(1) automaton of `elixir_parser.yrl` and its rule actions |
//! | `printer.rs` | [`Ast::to_quoted_string`]: the quoted form as `inspect/2` writes it |
//!
//! The parser runs in a browser tab, where a panic or a stack overflow
//! kills the page: nothing here panics on any input, the automaton is a
//! loop, and nesting is bounded by [`MAX_NESTING`] (brackets, `do`/`fn`),
//! [`MAX_INTERPOLATION`] and [`MAX_DEPTH`] (the depth of the quoted form),
//! with an error saying so past them.
//!
//! ```
//! let ast = otpsim::lang::parse("1 + 2").unwrap();
//! assert_eq!(ast.to_quoted_string(), "{:+, [line: 1, column: 3], [1, 2]}");
//! let err = otpsim::lang::parse("foo(").unwrap_err();
//! assert!(err.is_incomplete());
//! ```

pub mod ast;
pub mod compile;
pub mod error;
pub(crate) mod lexer;
pub(crate) mod parser;
mod printer;

pub use ast::{Ast, Head, Meta, Node};
pub use error::{ErrorKind, ParseError};

/// How deeply brackets, `fn`/`do` blocks and interpolations may nest.
/// Elixir has no limit; this one keeps a browser tab's stack safe.
pub const MAX_NESTING: usize = 128;

/// How deeply interpolations (`"#{"#{x}"}"`) may nest. Each level is a
/// recursion of the tokenizer (and of the parser's pre-pass), so this is
/// kept well below [`MAX_NESTING`]; real code rarely nests more than twice.
pub const MAX_INTERPOLATION: usize = 32;

/// How deep the quoted form may be (a literal is 1, `a + b` is 2). Long
/// operator chains (`a + b + ...`) nest without brackets, so they are
/// bounded here; consumers may recurse over the tree this deep.
pub const MAX_DEPTH: usize = 256;

/// The quoted form of `source`, exactly as `Code.string_to_quoted(source,
/// columns: true)` gives it (metadata filtered), or Elixir's error.
pub fn parse(source: &str) -> Result<Ast, ParseError> {
    let tokens = lexer::tokenize(source)?;
    parser::parse(tokens)
}
