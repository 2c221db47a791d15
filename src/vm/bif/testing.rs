//! A small evaluator for the native tests: Elixir literals and calls of
//! natives, enough to run the lines of `tests/data/bif/cases.txt`
//! (written by hand, checked against real Elixir by `gen.exs`).
//!
//! It knows literals (numbers, atoms, strings, charlists, lists, improper
//! lists, tuples, maps, `<<bytes>>`, ranges `a..b` and `a..b//s`), the
//! operators that are natives (`++`, `--`, `+`, `<`, ...), `<>`, remote
//! calls `Mod.fun(args)` looked up in the native table, Kernel's local
//! calls (`length(x)`, `elem(t, i)`) through [`KERNEL`], `=~`, and sigils:
//! `~r` builds the regex struct as the compiler does, the others call
//! `Kernel.sigil_X/2`.

use super::enumerable::range;
use super::{get, lookup, Call};
use crate::lang::{parse, Ast, Head, Node};
use crate::term::{inspect_with, InspectOpts, Term};
use crate::vm::exception::{banner, exception_name, normalize, Exception};

/// Why a case could not run: syntax the evaluator does not know, or a
/// native that does not exist.
#[derive(Debug)]
pub(super) struct Unsupported(pub(super) String);

type Eval = Result<Result<Term, Exception>, Unsupported>;

/// Kernel's local calls and the native each becomes (Elixir inlines them);
/// `elem`, `put_elem` and `is_map_key` reorder their arguments on the way.
const KERNEL: &[(&str, &str, &str)] = &[
    ("length", "erlang", "length"),
    ("hd", "erlang", "hd"),
    ("tl", "erlang", "tl"),
    ("tuple_size", "erlang", "tuple_size"),
    ("map_size", "erlang", "map_size"),
    ("byte_size", "erlang", "byte_size"),
    ("bit_size", "erlang", "bit_size"),
    ("binary_part", "erlang", "binary_part"),
    ("abs", "erlang", "abs"),
    ("trunc", "erlang", "trunc"),
    ("round", "erlang", "round"),
    ("ceil", "erlang", "ceil"),
    ("floor", "erlang", "floor"),
    ("div", "erlang", "div"),
    ("rem", "erlang", "rem"),
    ("max", "erlang", "max"),
    ("min", "erlang", "min"),
    ("not", "erlang", "not"),
    ("is_atom", "erlang", "is_atom"),
    ("is_binary", "erlang", "is_binary"),
    ("is_bitstring", "erlang", "is_bitstring"),
    ("is_boolean", "erlang", "is_boolean"),
    ("is_float", "erlang", "is_float"),
    ("is_function", "erlang", "is_function"),
    ("is_integer", "erlang", "is_integer"),
    ("is_list", "erlang", "is_list"),
    ("is_map", "erlang", "is_map"),
    ("is_number", "erlang", "is_number"),
    ("is_pid", "erlang", "is_pid"),
    ("is_port", "erlang", "is_port"),
    ("is_reference", "erlang", "is_reference"),
    ("is_tuple", "erlang", "is_tuple"),
    ("++", "erlang", "++"),
    ("--", "erlang", "--"),
    ("+", "erlang", "+"),
    ("-", "erlang", "-"),
    ("*", "erlang", "*"),
    ("/", "erlang", "/"),
    ("==", "erlang", "=="),
    ("!=", "erlang", "/="),
    ("===", "erlang", "=:="),
    ("!==", "erlang", "=/="),
    ("<", "erlang", "<"),
    (">", "erlang", ">"),
    ("<=", "erlang", "=<"),
    (">=", "erlang", ">="),
    ("to_string", "Elixir.Kernel", "to_string"),
    ("to_charlist", "Elixir.Kernel", "to_charlist"),
    ("inspect", "Elixir.Kernel", "inspect"),
    ("binary_slice", "Elixir.Kernel", "binary_slice"),
];

/// Evaluates one line of Elixir.
pub(super) fn eval_source(source: &str) -> Eval {
    // A BEAM's atom table holds every atom of the loaded standard library;
    // the cases look a few of them up as existing atoms.
    for atom in ["ok", "error"] {
        Term::atom(atom);
    }
    let ast = parse(source).map_err(|e| Unsupported(format!("parse error: {e}")))?;
    eval(&ast)
}

/// What `gen.exs` writes for a result: `inspect(term, limit: :infinity,
/// printable_limit: :infinity)`, or the iex banner of an exception (the
/// first line only for a `FunctionClauseError`), newlines as `\n`.
pub(super) fn render(result: &Result<Term, Exception>) -> String {
    let text = match result {
        Ok(term) => inspect_with(
            term,
            &InspectOpts {
                limit: usize::MAX,
                printable_limit: usize::MAX,
                ..InspectOpts::default()
            },
        ),
        Err(e) => {
            // What iex prints: the banner with Exception.blame's additions;
            // a FunctionClauseError's arguments block is left out.
            let text = banner(e);
            if exception_name(&normalize(e)) == "FunctionClauseError" {
                text.lines()
                    .next()
                    .unwrap_or_default()
                    .trim_end()
                    .to_string()
            } else {
                text
            }
        }
    };
    text.replace('\n', "\\n")
}

macro_rules! tri {
    ($e:expr) => {
        match $e? {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}

fn eval_all(items: &[Ast]) -> Result<Result<Vec<Term>, Exception>, Unsupported> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match eval(item)? {
            Ok(v) => out.push(v),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(out))
}

fn eval(ast: &Ast) -> Eval {
    Ok(Ok(match ast {
        Ast::Int(i) => Term::Int(*i),
        Ast::BigInt(b) => Term::from_bigint((**b).clone()),
        Ast::Float(f) => Term::Float(*f),
        Ast::Atom(a) => Term::atom(a),
        Ast::Bin(bytes) => Term::bytes(bytes),
        Ast::Pair(a, b) => Term::tuple([tri!(eval(a)), tri!(eval(b))]),
        Ast::List(items) => return eval_list(items),
        Ast::Node(node) => return eval_node(node),
    }))
}

fn eval_list(items: &[Ast]) -> Eval {
    let (init, tail) = match items.split_last() {
        Some((Ast::Node(last), init)) if matches!(&last.head, Head::Atom(a) if &**a == "|") => {
            match last.args.as_deref() {
                Some([head, tail]) => {
                    let mut init = tri!(eval_all(init));
                    init.push(tri!(eval(head)));
                    (init, tri!(eval(tail)))
                }
                _ => return Err(Unsupported("bad |".into())),
            }
        }
        _ => (tri!(eval_all(items)), Term::EMPTY_LIST),
    };
    Ok(Ok(Term::improper_list(init, tail)))
}

fn alias(node: &Node) -> Option<String> {
    let parts: Option<Vec<&str>> = node
        .args
        .as_ref()?
        .iter()
        .map(|a| match a {
            Ast::Atom(a) => Some(&**a),
            _ => None,
        })
        .collect();
    Some(format!("Elixir.{}", parts?.join(".")))
}

fn eval_node(node: &Node) -> Eval {
    let args: &[Ast] = node.args.as_deref().unwrap_or(&[]);
    match &node.head {
        Head::Ast(dot) => {
            let Ast::Node(dot) = &**dot else {
                return Err(Unsupported("call of a non-dot".into()));
            };
            let (module, fun) = match dot.args.as_deref() {
                Some([Ast::Atom(m), Ast::Atom(f)]) => (m.to_string(), f.to_string()),
                Some([Ast::Node(m), Ast::Atom(f)]) => (
                    alias(m).ok_or_else(|| Unsupported("bad alias".into()))?,
                    f.to_string(),
                ),
                _ => return Err(Unsupported("bad remote call".into())),
            };
            let values = tri!(eval_all(args));
            call(&module, &fun, values)
        }
        Head::Atom(name) => {
            let name: &str = name;
            match (name, args) {
                ("__aliases__", _) => Ok(Ok(Term::atom(
                    &alias(node).ok_or_else(|| Unsupported("bad alias".into()))?,
                ))),
                ("__block__", [only]) => eval(only),
                ("{}", _) => Ok(Ok(Term::tuple(tri!(eval_all(args))))),
                ("%{}", _) => {
                    let mut pairs = Vec::new();
                    for pair in args {
                        match pair {
                            Ast::Pair(k, v) => pairs.push((tri!(eval(k)), tri!(eval(v)))),
                            _ => return Err(Unsupported("bad map pair".into())),
                        }
                    }
                    Ok(Ok(Term::map(pairs)))
                }
                ("<<>>", _) => {
                    let mut bytes = Vec::new();
                    for part in tri!(eval_all(args)) {
                        match part {
                            Term::Int(i) => bytes.push(i as u8),
                            Term::Binary(b) => bytes.extend_from_slice(&b),
                            _ => return Err(Unsupported("bad <<>> part".into())),
                        }
                    }
                    Ok(Ok(Term::bytes_vec(bytes)))
                }
                ("..", [a, b]) => {
                    let (a, b) = (tri!(eval(a)), tri!(eval(b)));
                    match (a.as_int(), b.as_int()) {
                        (Some(a), Some(b)) => Ok(Ok(range(a, b, if a <= b { 1 } else { -1 }))),
                        _ => Err(Unsupported("bad range".into())),
                    }
                }
                ("..//", [a, b, s]) => {
                    let (a, b, s) = (tri!(eval(a)), tri!(eval(b)), tri!(eval(s)));
                    match (a.as_int(), b.as_int(), s.as_int()) {
                        (Some(a), Some(b), Some(s)) => Ok(Ok(range(a, b, s))),
                        _ => Err(Unsupported("bad range".into())),
                    }
                }
                ("sigil_r" | "sigil_R", [text, mods]) => {
                    // As Elixir does when it compiles the sigil.
                    let (text, mods) = (tri!(eval(text)), tri!(eval(mods)));
                    let letters: String = mods
                        .list_iter()
                        .filter_map(|c| c.as_int())
                        .filter_map(|c| u32::try_from(c).ok().and_then(char::from_u32))
                        .collect();
                    call(
                        "Elixir.Regex",
                        "compile!",
                        vec![text, Term::string(&letters)],
                    )
                }
                (sigil, [text, mods]) if sigil.starts_with("sigil_") => {
                    let (text, mods) = (tri!(eval(text)), tri!(eval(mods)));
                    call("Elixir.Kernel", sigil, vec![text, mods])
                }
                ("=~", [a, b]) => {
                    let (a, b) = (tri!(eval(a)), tri!(eval(b)));
                    call("Elixir.Kernel", "=~", vec![a, b])
                }
                ("-", [Ast::Int(i)]) => Ok(Ok(Term::from_i128(-i128::from(*i)))),
                ("-", [Ast::BigInt(b)]) => Ok(Ok(Term::from_bigint(-(**b).clone()))),
                ("-", [Ast::Float(f)]) => Ok(Ok(Term::Float(-f))),
                ("<>", [a, b]) => {
                    let (a, b) = (tri!(eval(a)), tri!(eval(b)));
                    match (a.as_binary(), b.as_binary()) {
                        (Some(a), Some(b)) => Ok(Ok(Term::bytes(&[a, b].concat()))),
                        _ => Err(Unsupported("<> of non-binaries".into())),
                    }
                }
                ("elem", [t, i]) => {
                    let (t, i) = (tri!(eval(t)), tri!(eval(i)));
                    let i = tri!(call("erlang", "+", vec![i, Term::Int(1)]));
                    call("erlang", "element", vec![i, t])
                }
                ("put_elem", [t, i, v]) => {
                    let (t, i, v) = (tri!(eval(t)), tri!(eval(i)), tri!(eval(v)));
                    let i = tri!(call("erlang", "+", vec![i, Term::Int(1)]));
                    call("erlang", "setelement", vec![i, t, v])
                }
                ("is_map_key", [m, k]) => {
                    let (m, k) = (tri!(eval(m)), tri!(eval(k)));
                    call("erlang", "is_map_key", vec![k, m])
                }
                _ => match KERNEL.iter().find(|(local, _, _)| *local == name) {
                    Some((_, module, fun)) => {
                        let values = tri!(eval_all(args));
                        call(module, fun, values)
                    }
                    None => Err(Unsupported(format!("unknown local call {name}"))),
                },
            }
        }
    }
}

fn call(module: &str, fun: &str, args: Vec<Term>) -> Eval {
    let arity = u8::try_from(args.len()).map_err(|_| Unsupported("arity".into()))?;
    let bif = lookup(module, fun, arity)
        .and_then(get)
        .ok_or_else(|| Unsupported(format!("no native {module}.{fun}/{arity}")))?;
    match bif.call {
        Call::Pure(f) => Ok(f(&args)),
        Call::World(_) => Err(Unsupported(format!("{module}.{fun}/{arity} is not pure"))),
    }
}

/// Calls the pure native `module.fun/args.len()` directly (for the
/// property tests); a missing native is a `:undef`.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn call_native(module: &str, fun: &str, args: &[Term]) -> Result<Term, Exception> {
    match call(module, fun, args.to_vec()) {
        Ok(result) => result,
        Err(_) => Err(Exception::undef(module, fun, args.to_vec())),
    }
}
