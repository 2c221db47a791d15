//! Reading and building quoted forms: the shapes the compiler looks for
//! (`{name, meta, args}` calls, variables, `Mod.fun(...)`, keyword lists)
//! and the nodes its rewrites make.

use crate::lang::ast::{Ast, Head, Meta, Node};
use std::rc::Rc;

impl Ast {
    /// `{name, meta, args}` with an atom head and arguments.
    pub fn as_call(&self) -> Option<(&str, &[Ast], Meta)> {
        match self {
            Ast::Node(n) => match (&n.head, &n.args) {
                (Head::Atom(name), Some(args)) => Some((name, args, n.meta)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `{name, meta, nil}`: a variable (or a call without parentheses).
    pub fn as_var(&self) -> Option<(&str, Meta)> {
        match self {
            Ast::Node(n) => match (&n.head, &n.args) {
                (Head::Atom(name), None) => Some((name, n.meta)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `{{:., _, [module, :fun]}, meta, args}`: a remote call (or field access).
    pub fn as_remote(&self) -> Option<(&Ast, &str, &[Ast], Meta)> {
        let Ast::Node(n) = self else { return None };
        let (Head::Ast(head), Some(args)) = (&n.head, &n.args) else {
            return None;
        };
        let (".", dot_args, _) = head.as_call()? else {
            return None;
        };
        match dot_args {
            [module, Ast::Atom(fun)] => Some((module, fun, args, n.meta)),
            _ => None,
        }
    }

    /// `{{:., _, [fun]}, meta, args}`: `fun.(args)`.
    pub fn as_anon_call(&self) -> Option<(&Ast, &[Ast], Meta)> {
        let Ast::Node(n) = self else { return None };
        let (Head::Ast(head), Some(args)) = (&n.head, &n.args) else {
            return None;
        };
        let (".", [fun], _) = head.as_call()? else {
            return None;
        };
        Some((fun, args, n.meta))
    }

    /// The node's metadata (a default for literals).
    pub fn meta(&self) -> Meta {
        match self {
            Ast::Node(n) => n.meta,
            Ast::Pair(a, b) => {
                let m = a.meta();
                if m.line > 0 {
                    m
                } else {
                    b.meta()
                }
            }
            Ast::List(items) => items.first().map(Ast::meta).unwrap_or_default(),
            _ => Meta::default(),
        }
    }

    /// The line the expression starts on (0 when unknown).
    pub fn line(&self) -> u32 {
        self.meta().line
    }

    /// A keyword list `[a: 1, b: 2]` as pairs, if this is one.
    pub fn as_keyword(&self) -> Option<Vec<(&str, &Ast)>> {
        let Ast::List(items) = self else { return None };
        items
            .iter()
            .map(|item| match item {
                Ast::Pair(k, v) => match &**k {
                    Ast::Atom(key) => Some((&**key, &**v)),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The value under `key` in a keyword list.
    pub fn keyword_get(&self, key: &str) -> Option<&Ast> {
        self.as_keyword()?
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    /// An atom literal's text.
    pub fn as_atom(&self) -> Option<&str> {
        match self {
            Ast::Atom(a) => Some(a),
            _ => None,
        }
    }

    /// The statements of a block (or this one expression).
    pub fn block_items(&self) -> Vec<&Ast> {
        match self.as_call() {
            Some(("__block__", items, _)) => items.iter().collect(),
            _ => vec![self],
        }
    }

    /// `{name, meta, args}`.
    pub fn call(name: &str, args: Vec<Ast>, meta: Meta) -> Ast {
        Ast::Node(Box::new(Node {
            head: Head::Atom(Rc::from(name)),
            meta,
            args: Some(args),
        }))
    }

    /// A variable.
    pub fn var(name: &str, meta: Meta) -> Ast {
        Ast::Node(Box::new(Node {
            head: Head::Atom(Rc::from(name)),
            meta,
            args: None,
        }))
    }

    /// `module.fun(args)` with `module` an atom (`Elixir.Enum`, `lists`).
    pub fn remote(module: &str, fun: &str, args: Vec<Ast>, meta: Meta) -> Ast {
        Ast::remote_on(Ast::Atom(Rc::from(module)), fun, args, meta)
    }

    /// `module.fun(args)` with any module expression.
    pub fn remote_on(module: Ast, fun: &str, args: Vec<Ast>, meta: Meta) -> Ast {
        let dot = Ast::call(".", vec![module, Ast::Atom(Rc::from(fun))], meta);
        Ast::Node(Box::new(Node {
            head: Head::Ast(Box::new(dot)),
            meta,
            args: Some(args),
        }))
    }

    /// `fun.(args)`.
    pub fn anon_call(fun: Ast, args: Vec<Ast>, meta: Meta) -> Ast {
        let dot = Ast::call(".", vec![fun], meta);
        Ast::Node(Box::new(Node {
            head: Head::Ast(Box::new(dot)),
            meta,
            args: Some(args),
        }))
    }

    /// An atom literal.
    pub fn atom(text: &str) -> Ast {
        Ast::Atom(Rc::from(text))
    }

    /// `[do: body]`-style keyword list.
    pub fn keyword(pairs: Vec<(&str, Ast)>) -> Ast {
        Ast::List(
            pairs
                .into_iter()
                .map(|(k, v)| Ast::Pair(Box::new(Ast::atom(k)), Box::new(v)))
                .collect(),
        )
    }

    /// A `{:{}, meta, items}` tuple (or a literal pair for two items).
    pub fn tuple(items: Vec<Ast>, meta: Meta) -> Ast {
        match <[Ast; 2]>::try_from(items) {
            Ok([a, b]) => Ast::Pair(Box::new(a), Box::new(b)),
            Err(items) => Ast::call("{}", items, meta),
        }
    }

    /// `left -> right` clause.
    pub fn clause(params: Vec<Ast>, body: Ast, meta: Meta) -> Ast {
        Ast::call("->", vec![Ast::List(params), body], meta)
    }
}
