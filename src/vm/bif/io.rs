//! `IO.puts/1,2`, `IO.write/1,2`, `IO.inspect/1,2,3` and the logger's
//! one line: text goes to the console, as every process's group leader
//! is the shell's on a BEAM node started with iex.

use super::{Bif, Native};
use crate::term::{inspect, inspect_width, Term};
use crate::vm::bif::enumerable::protocol_undefined;
use crate::vm::exception::{Exception, Res};

/// Chardata (binaries, codepoints, nested lists) or a `String.Chars`
/// value (atoms, numbers) as text.
pub(crate) fn chardata(t: &Term) -> Res<String> {
    match t {
        Term::Atom(a) if a.as_str() == "nil" => return Ok(String::new()),
        Term::Atom(a) => return Ok(a.as_str().trim_start_matches("Elixir.").to_string()),
        Term::Int(i) => return Ok(i.to_string()),
        Term::BigInt(b) => return Ok(b.to_string()),
        Term::Float(f) => return Ok(crate::term::float_to_string(*f)),
        Term::Binary(_) | Term::List(_) => {}
        _ => return Err(protocol_undefined("String.Chars", t)),
    }
    let invalid = || Exception::argument(format!("invalid chardata: {}", inspect(t)));
    let mut out = Vec::new();
    let mut stack = vec![t];
    while let Some(x) = stack.pop() {
        match x {
            Term::Binary(b) => out.extend_from_slice(b),
            Term::Int(c) => match u32::try_from(*c).ok().and_then(char::from_u32) {
                Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
                None => return Err(invalid()),
            },
            Term::List(_) => {
                let mut iter = x.list_iter();
                let mut items: Vec<&Term> = iter.by_ref().collect();
                let tail = iter.tail();
                if !tail.is_empty_list() {
                    items.push(tail);
                }
                stack.extend(items.into_iter().rev());
            }
            _ => return Err(invalid()),
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn puts(n: &mut Native, args: &[Term]) -> Res {
    let item = args.last().unwrap_or(&Term::EMPTY_LIST);
    let text = chardata(item)?;
    n.world.print(text);
    Ok(Term::ok())
}

fn write(n: &mut Native, args: &[Term]) -> Res {
    let item = args.last().unwrap_or(&Term::EMPTY_LIST);
    let text = chardata(item)?;
    n.world.print_partial(text);
    Ok(Term::ok())
}

fn keyword(opts: &Term, key: &str) -> Option<Term> {
    opts.list_iter().find_map(|p| match p.as_tuple() {
        Some([k, v]) if k.is_atom(key) => Some(v.clone()),
        _ => None,
    })
}

fn io_inspect(n: &mut Native, args: &[Term]) -> Res {
    // `inspect(item)`, `inspect(item, opts)`, `inspect(device, item, opts)`.
    let (item, opts) = match args {
        [item] => (item, Term::EMPTY_LIST),
        [item, opts] if opts.is_list() => (item, opts.clone()),
        [_, item, opts] => (item, opts.clone()),
        _ => return Err(Exception::badarg()),
    };
    let width = keyword(&opts, "width")
        .and_then(|w| w.as_int())
        .unwrap_or(80)
        .max(1) as usize;
    let mut text = inspect_width(item, width);
    if let Some(label) = keyword(&opts, "label") {
        text = format!("{}: {text}", chardata(&label)?);
    }
    n.world.print(text);
    Ok(item.clone())
}

/// `:otpsim.log(level, text)`: what `Logger` would print on this node.
fn log(n: &mut Native, args: &[Term]) -> Res {
    let level = args[0].as_atom().unwrap_or("info");
    let text = chardata(&args[1])?;
    let node = n.me.node;
    let lvl: &'static str = match level {
        "error" => "error",
        "warning" | "warn" => "warning",
        "debug" => "debug",
        _ => "info",
    };
    // Logger's console backend starts every report on a new line.
    n.world.print_parts(&["\n[", lvl, "] ", &text, "\n"]);
    n.world.log(node, lvl, text);
    Ok(Term::ok())
}

/// `:otpsim.note(text)`: a line in this node's log (`Sim.log/1`), not
/// printed: what an application keeps for the views (the KV router's
/// routes) without filling the console.
fn note(n: &mut Native, args: &[Term]) -> Res {
    let text = chardata(&args[0])?;
    let node = n.me.node;
    n.world.log(node, "info", text);
    Ok(Term::ok())
}

/// `IO.chardata_to_string/1`: a binary or a list (IO.puts also takes
/// atoms and numbers, this does not).
fn chardata_to_string(args: &[Term]) -> Res {
    if !matches!(args[0], Term::Binary(_) | Term::List(_)) {
        return Err(Exception::function_clause(
            "Elixir.IO",
            "chardata_to_string",
            args.to_vec(),
        ));
    }
    Ok(Term::string(&chardata(&args[0])?))
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("Elixir.IO", "chardata_to_string", 1, chardata_to_string),
    Bif::world("Elixir.IO", "puts", 1, puts),
    Bif::world("Elixir.IO", "puts", 2, puts),
    Bif::world("Elixir.IO", "write", 1, write),
    Bif::world("Elixir.IO", "write", 2, write),
    Bif::world("Elixir.IO", "inspect", 1, io_inspect),
    Bif::world("Elixir.IO", "inspect", 2, io_inspect),
    Bif::world("Elixir.IO", "inspect", 3, io_inspect),
    Bif::world("otpsim", "log", 2, log),
    Bif::world("otpsim", "note", 1, note),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chardata_flattens_as_io_does() {
        let t = Term::list(vec![
            Term::string("ab"),
            Term::Int(99),
            Term::list(vec![Term::Int(0xE9)]),
        ]);
        assert_eq!(chardata(&t).unwrap(), "abcé");
        assert_eq!(chardata(&Term::atom("ok")).unwrap(), "ok");
        assert_eq!(chardata(&Term::Int(42)).unwrap(), "42");
        assert!(chardata(&Term::tuple([])).is_err());
    }
}
