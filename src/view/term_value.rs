//! A term as plain JS data ([`TermValue`]): what `eval` results carry.
//! A custom `Serialize` (terms have no derive) that any serde serializer
//! can write; the JS API writes it with `serde-wasm-bindgen`.

use crate::term::{inspect, Term};
use serde::ser::{Serialize, Serializer};
use ts_rs::TS;

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// Nesting deeper than this is given as the inspected string, so a very
/// deep term cannot overflow the stack while it is serialized.
const MAX_DEPTH: usize = 100;

/// A term of more nodes than this (counting a shared part at every place
/// it occurs) is given as its inspected string, which the printer bounds:
/// `[x, x]` forty times over would otherwise be a trillion JS values.
const MAX_NODES: u64 = 100_000;

/// True when `t` has more than `left` nodes, counted until it is known
/// (down to the depth that is serialized as data).
fn larger_than(t: &Term, left: &mut u64, depth: usize) -> bool {
    if *left == 0 {
        return true;
    }
    *left -= 1;
    if depth > MAX_DEPTH {
        return false;
    }
    let mut deeper = |i: &Term| larger_than(i, left, depth + 1);
    match t {
        Term::Tuple(items, _) => items.iter().any(deeper),
        Term::List(_) => t.list_iter().any(deeper),
        Term::Map(m) => m.iter().any(|(k, v)| deeper(k) || deeper(v)),
        _ => false,
    }
}

/// A term as plain JS data: integers as numbers when exact (else decimal
/// strings), `true`/`false` as booleans and `nil` as null, other atoms and
/// UTF-8 binaries as strings, lists and tuples as arrays, maps as objects
/// keyed by the inspected keys, anything else (pids, refs, funs, improper
/// lists, other binaries, nesting past 100 levels) as its inspected string.
#[derive(Clone, Copy, Debug)]
pub struct TermValue<'a> {
    term: &'a Term,
    depth: usize,
}

impl<'a> TermValue<'a> {
    /// `term`, to serialize.
    pub fn new(term: &'a Term) -> Self {
        TermValue { term, depth: 0 }
    }

    fn child(&self, term: &'a Term) -> Self {
        TermValue {
            term,
            depth: self.depth + 1,
        }
    }
}

impl Serialize for TermValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = self.term;
        if self.depth > MAX_DEPTH || (self.depth == 0 && larger_than(value, &mut { MAX_NODES }, 0))
        {
            return s.serialize_str(&inspect(value));
        }
        match value {
            Term::Int(n) if n.unsigned_abs() <= MAX_SAFE_INTEGER => s.serialize_i64(*n),
            Term::Int(n) => s.collect_str(n),
            Term::BigInt(n) => s.collect_str(n),
            Term::Float(f) => s.serialize_f64(*f),
            Term::Atom(atom) => match atom.as_str() {
                "true" => s.serialize_bool(true),
                "false" => s.serialize_bool(false),
                "nil" => s.serialize_none(),
                other => s.serialize_str(other),
            },
            Term::Binary(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => s.serialize_str(text),
                Err(_) => s.serialize_str(&inspect(value)),
            },
            Term::Tuple(items, _) => s.collect_seq(items.iter().map(|t| self.child(t))),
            Term::List(_) if value.is_proper_list() => {
                s.collect_seq(value.list_iter().map(|t| self.child(t)))
            }
            Term::Map(map) => s.collect_map(map.iter().map(|(k, v)| (inspect(k), self.child(v)))),
            Term::List(_) | Term::Pid(_) | Term::Ref(_) | Term::Fun(_) => {
                s.serialize_str(&inspect(value))
            }
        }
    }
}

/// Written by hand: the serialization above is too, and the type is
/// recursive.
impl TS for TermValue<'_> {
    type WithoutGenerics = TermValue<'static>;
    type OptionInnerType = Self;

    fn docs() -> Option<String> {
        Some(
            "/**\n * A term as plain JS data: integers as numbers when exact (else decimal\n \
             * strings), `true`/`false` as booleans and `nil` as null, other atoms and\n \
             * UTF-8 binaries as strings, lists and tuples as arrays,\n \
             * maps as objects keyed by the inspected key (`\":a\"`, `\"\\\"k\\\"\"`, `\"1\"`),\n \
             * pids, refs and funs as their inspected strings.\n */\n"
                .to_string(),
        )
    }

    fn name(_: &ts_rs::Config) -> String {
        "TermValue".to_string()
    }

    fn decl(cfg: &ts_rs::Config) -> String {
        format!("type TermValue = {};", Self::inline(cfg))
    }

    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        Self::decl(cfg)
    }

    fn inline(_: &ts_rs::Config) -> String {
        "number | string | boolean | null | Array<TermValue> | { [inspectedKey: string]: TermValue }"
            .to_string()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::console::Console;

    fn json(line: &str) -> String {
        let mut c = Console::new(1);
        let out = c.eval_line(line);
        assert!(out.ok, "{line}: {}", out.full);
        let value = out.value.expect("a value");
        serde_json::to_string(&TermValue::new(&value)).expect("serializes")
    }

    #[test]
    fn terms_become_plain_data() {
        assert_eq!(
            json("{:ok, [1, \"two\"], %{a: 1}, 2.5}"),
            r#"["ok",[1,"two"],{":a":1},2.5]"#
        );
        assert_eq!(
            json("[true, false, nil, :other]"),
            r#"[true,false,null,"other"]"#
        );
        assert_eq!(
            json("[9_007_199_254_740_991, 9_007_199_254_740_992, 12345678901234567890]"),
            r#"[9007199254740991,"9007199254740992","12345678901234567890"]"#
        );
        assert_eq!(json("[1 | 2]"), r#""[1 | 2]""#);
        assert_eq!(json("<<255>>"), r#""<<255>>""#);
        assert!(json("self()").starts_with(r##""#PID<"##));
    }

    #[test]
    fn deep_terms_end_in_their_inspected_text() {
        let value = json("Enum.reduce(1..150, 0, fn _, acc -> [acc] end)");
        let opened = value.chars().take_while(|c| *c == '[').count();
        assert_eq!(opened, MAX_DEPTH + 1, "{value}");
        assert!(value.contains("\"[[["), "the rest is a string: {value}");
    }

    #[test]
    fn terms_of_too_many_nodes_become_their_inspected_text() {
        // Shared parts count at every place: 2^40 leaves.
        let value = json("Enum.reduce(1..40, [], fn _, a -> [a, a] end)");
        assert!(
            value.starts_with("\"[[[[") && value.contains("..."),
            "{}",
            &value[..60]
        );
        // Just under the bound stays data.
        let value = json("Enum.to_list(1..99_000)");
        assert!(value.starts_with("[1,2,3"), "{}", &value[..20]);
    }
}
