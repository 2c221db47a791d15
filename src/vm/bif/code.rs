//! What is loaded: `function_exported?/3`, `Module.__info__/1`,
//! `Code.ensure_loaded/1`. A module is loaded when the learner's code, the
//! prelude, the natives or the Rust OTP layer define something in it.

use super::support::atom_at as atom;
use super::{Bif, Native};
use crate::term::{Atom, Term};
use crate::vm::code_server;
use crate::vm::exception::{Exception, Res};

/// `:erlang.function_exported/3`.
fn function_exported(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    let name = atom(args, 1)?;
    let arity = match args.get(2) {
        Some(Term::Int(a)) if (0..=255).contains(a) => *a as u8,
        _ => return Err(Exception::badarg_at(3, "not a valid arity")),
    };
    Ok(Term::boolean(code_server::is_exported(
        n.world, module, name, arity,
    )))
}

/// `:otpsim.module_info(module, key)`: what `module.__info__(key)` gives.
fn module_info(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    let key = args.get(1).and_then(Term::as_atom).unwrap_or("");
    let loaded = code_server::module(n.world, module);
    Ok(match key {
        "module" => Term::Atom(module),
        "functions" => Term::list(
            code_server::exports(n.world, module)
                .into_iter()
                .filter(|(f, _)| !matches!(f.as_str(), "__info__" | "module_info"))
                .map(|(f, a)| Term::tuple([Term::Atom(f), Term::Int(i64::from(a))]))
                .collect(),
        ),
        "macros" | "compile" => Term::EMPTY_LIST,
        "attributes" => Term::list(
            loaded
                .iter()
                .flat_map(|m| m.attributes.iter())
                .map(|(k, v)| {
                    let v = if v.is_list() {
                        v.clone()
                    } else {
                        Term::list(vec![v.clone()])
                    };
                    Term::tuple([Term::Atom(*k), v])
                })
                .collect(),
        ),
        "struct" => match loaded.as_ref().and_then(|m| m.struct_fields.as_ref()) {
            Some(fields) => Term::list(
                fields
                    .iter()
                    .filter(|(k, _)| k.as_str() != "__exception__")
                    .map(|(k, _)| {
                        Term::map([
                            (Term::atom("field"), Term::Atom(*k)),
                            (Term::atom("required"), Term::boolean(false)),
                        ])
                    })
                    .collect(),
            ),
            None => Term::nil(),
        },
        _ => {
            // Elixir inlines `__info__/1` into a function of this name.
            return Err(Exception::function_clause(
                module.as_str(),
                "-inlined-__info__/1-",
                vec![args[1].clone()],
            ));
        }
    })
}

/// `module.module_info(key)` (and `/0`, every key): the exports with
/// `__info__/1` and `module_info/0,1`, sorted by name; the attributes as
/// `__info__/1` gives them; no compile options or checksum to show.
fn beam_module_info(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    match args.get(1) {
        Some(key) => beam_info_key(n, module, key.as_atom().unwrap_or("")),
        None => {
            let mut all = Vec::new();
            for key in ["module", "exports", "attributes", "compile", "md5"] {
                let value = beam_info_key(n, module, key)?;
                all.push(Term::tuple([Term::atom(key), value]));
            }
            Ok(Term::list(all))
        }
    }
}

fn beam_info_key(n: &mut Native, module: Atom, key: &str) -> Res {
    Ok(match key {
        "module" => Term::Atom(module),
        "exports" | "functions" => {
            let mut all = code_server::exports(n.world, module);
            // The module's own, sorted, then what the Erlang compiler
            // appends: module_info/0,1.
            all.retain(|(f, _)| f.as_str() != "module_info");
            all.push((Atom::new("__info__"), 1));
            all.sort_by(|x, y| x.0.as_str().cmp(y.0.as_str()).then(x.1.cmp(&y.1)));
            all.dedup();
            all.push((Atom::new("module_info"), 0));
            all.push((Atom::new("module_info"), 1));
            Term::list(
                all.into_iter()
                    .map(|(f, a)| Term::tuple([Term::Atom(f), Term::Int(i64::from(a))]))
                    .collect(),
            )
        }
        "attributes" => module_info(n, &[Term::Atom(module), Term::atom("attributes")])?,
        "compile" => Term::EMPTY_LIST,
        "md5" => Term::bytes(&[0; 16]),
        _ => return Err(Exception::badarg()),
    })
}

/// `Sim.source(module)`: the Elixir source a loaded module was compiled
/// from (as typed into the console, or the prelude's and the
/// applications' files), or `nil` (natives, Rust servers).
fn source(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    Ok(code_server::module(n.world, module)
        .and_then(|m| m.source.clone())
        .map_or_else(Term::nil, |text| Term::string(&text)))
}

/// `Code.ensure_loaded(module)`: `{:module, module}` or `{:error, :nofile}`.
fn ensure_loaded(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    Ok(if code_server::is_loaded(n.world, module) {
        Term::tuple([Term::atom("module"), Term::Atom(module)])
    } else {
        Term::tuple([Term::atom("error"), Term::atom("nofile")])
    })
}

/// `Code.ensure_loaded?(module)`.
fn is_ensure_loaded(n: &mut Native, args: &[Term]) -> Res {
    let module = atom(args, 0)?;
    Ok(Term::boolean(code_server::is_loaded(n.world, module)))
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("erlang", "function_exported", 3, function_exported),
    Bif::world("Elixir.Kernel", "function_exported?", 3, function_exported),
    Bif::world("otpsim", "module_info", 2, module_info),
    Bif::world("Elixir.Sim", "source", 1, source),
    Bif::world("otpsim", "beam_module_info", 1, beam_module_info),
    Bif::world("otpsim", "beam_module_info", 2, beam_module_info),
    Bif::world("Elixir.Code", "ensure_loaded", 1, ensure_loaded),
    Bif::world("Elixir.Code", "ensure_loaded?", 1, is_ensure_loaded),
    Bif::world("Elixir.Code", "ensure_compiled", 1, ensure_loaded),
];
