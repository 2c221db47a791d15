//! What the parser stack holds: Erlang's untyped values, typed. Every
//! expression carries its depth, checked against `MAX_DEPTH` as nodes are
//! built, so no consumer (printer, `Drop`) ever recurses too deeply.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::lang::ast::{Ast, Head, Meta, Node};
use crate::lang::error::ParseError;
use crate::lang::lexer::Token;
use crate::lang::MAX_DEPTH;

/// An expression and its depth (a leaf is 1).
#[derive(Clone, Debug)]
pub(crate) struct Ex {
    /// The quoted form.
    pub ast: Ast,
    /// How many nested levels it has.
    pub depth: u32,
}

/// A value on the parser stack.
#[derive(Debug)]
pub(crate) enum Value {
    /// A shifted token.
    Tok(Token),
    /// An expression.
    Ex(Ex),
    /// An Erlang list, in Erlang's order (often reversed, as yecc builds them).
    List(VecDeque<Ex>),
    /// `{'$1', '$2'}`: an operator and its right side, a keyword pair ...
    Pair(Box<Value>, Box<Value>),
    /// `build_dot/3`'s `{'.', Meta, IdentifierMeta, [Left, Name]}`.
    Dot(Box<DotCallee>),
    /// The arguments of `(...)` (call_args_parens).
    Args(Vec<Ex>),
    /// `[...]` after an expression: its contents and where `[` is.
    Access(Ex, Meta),
    /// A `do ... end` block: the keyword list it becomes.
    DoBlock(Ex),
    /// `map | entries` in `%{map | entries}`: the `|` token, map, entries.
    Update(Token, Ex, Vec<Ex>),
}

/// `left.name` before it becomes a call.
#[derive(Debug)]
pub(crate) struct DotCallee {
    /// Where the `.` is.
    pub meta: Meta,
    /// Where the name is.
    pub ident_meta: Meta,
    /// What is left of the `.`.
    pub left: Ex,
    /// The name right of it.
    pub name: Rc<str>,
}

/// An error that means the automaton and the actions disagree (a bug).
#[cold]
pub(crate) fn internal() -> ParseError {
    ParseError::new(1, 1, "internal parser error (please report): ", "")
}

/// The metadata of a token.
pub(crate) fn meta(token: &Token) -> Meta {
    Meta {
        line: token.line,
        column: token.column,
        no_parens: false,
    }
}

/// A leaf.
pub(crate) fn leaf(ast: Ast) -> Ex {
    Ex { ast, depth: 1 }
}

/// An atom leaf.
pub(crate) fn atom(name: &str) -> Ex {
    leaf(Ast::Atom(name.into()))
}

fn deeper(children: u32, meta: Meta) -> Result<u32, ParseError> {
    let depth = children + 1;
    if depth as usize > MAX_DEPTH {
        return Err(ParseError::too_deep(meta.line, meta.column, MAX_DEPTH));
    }
    Ok(depth)
}

/// `{head, meta, args}` with an atom head.
pub(crate) fn node(head: &str, meta: Meta, args: Vec<Ex>) -> Result<Ex, ParseError> {
    let children = args.iter().map(|a| a.depth).max().unwrap_or(0);
    let depth = deeper(children, meta)?;
    Ok(Ex {
        ast: Ast::Node(Box::new(Node {
            head: Head::Atom(head.into()),
            meta,
            args: Some(args.into_iter().map(|a| a.ast).collect()),
        })),
        depth,
    })
}

/// `{head, meta, args}` whose head is itself an expression.
pub(crate) fn call(head: Ex, meta: Meta, args: Vec<Ex>) -> Result<Ex, ParseError> {
    let children = args
        .iter()
        .map(|a| a.depth)
        .max()
        .unwrap_or(0)
        .max(head.depth);
    let depth = deeper(children, meta)?;
    Ok(Ex {
        ast: Ast::Node(Box::new(Node {
            head: Head::Ast(Box::new(head.ast)),
            meta,
            args: Some(args.into_iter().map(|a| a.ast).collect()),
        })),
        depth,
    })
}

/// `{name, meta, nil}`: a variable.
pub(crate) fn var(name: &str, meta: Meta) -> Ex {
    leaf(Ast::Node(Box::new(Node {
        head: Head::Atom(name.into()),
        meta,
        args: None,
    })))
}

/// A literal list.
pub(crate) fn list(items: Vec<Ex>, meta: Meta) -> Result<Ex, ParseError> {
    let children = items.iter().map(|a| a.depth).max().unwrap_or(0);
    let depth = deeper(children, meta)?;
    Ok(Ex {
        ast: Ast::List(items.into_iter().map(|a| a.ast).collect()),
        depth,
    })
}

/// A literal 2-tuple.
pub(crate) fn pair(a: Ex, b: Ex, meta: Meta) -> Result<Ex, ParseError> {
    let depth = deeper(a.depth.max(b.depth), meta)?;
    Ok(Ex {
        ast: Ast::Pair(Box::new(a.ast), Box::new(b.ast)),
        depth,
    })
}

/// The metadata of an expression, where Elixir would read it (`?meta`).
pub(crate) fn meta_of(ex: &Ex) -> Meta {
    match &ex.ast {
        Ast::Node(n) => n.meta,
        _ => Meta::default(),
    }
}

/// A stack value as an expression: lists and pairs become literals.
pub(crate) fn to_ex(value: Value) -> Result<Ex, ParseError> {
    match value {
        Value::Ex(ex) => Ok(ex),
        Value::List(items) => list(items.into_iter().collect(), Meta::default()),
        Value::Pair(a, b) => pair(to_ex(*a)?, to_ex(*b)?, Meta::default()),
        _ => Err(internal()),
    }
}

/// A stack value that must be a token.
pub(crate) fn tok(value: Value) -> Result<Token, ParseError> {
    match value {
        Value::Tok(t) => Ok(t),
        _ => Err(internal()),
    }
}

/// A stack value that must be a list.
pub(crate) fn items(value: Value) -> Result<VecDeque<Ex>, ParseError> {
    match value {
        Value::List(items) => Ok(items),
        _ => Err(internal()),
    }
}
