//! Printing terms exactly as Elixir 1.14's `Kernel.inspect/2` does, so the
//! console reads like IEx.
//!
//! [`inspect`] is `inspect(term)`: default options, one line however long.
//! [`inspect_width`] is `inspect(term, pretty: true, width: w)`, what IEx
//! prints, breaking lines through the same layout algebra as Elixir.
//!
//! Both keep Elixir's default limits: collections show 50 elements, each
//! nested level with one less per element before it (as Elixir passes
//! `limit - 1` down), binaries as bytes show 50 bytes, and strings and
//! charlists show 4096 characters.
//!
//! A pid prints as `#PID<node.id.serial>` with the node's index (a BEAM
//! prints 0 for its own pids and a per-connection number for remote ones), a
//! reference as `#Reference<node.a.b.c>` with numbers derived from its `id`
//! (see [`Ref::printed_numbers`](super::Ref::printed_numbers)).
//!
//! Known differences from a real BEAM, all for terms the simulation rarely
//! builds:
//!
//! - maps of more than 32 keys print in term order; the BEAM prints them in
//!   the order of its internal hash;
//! - a map with `__struct__: Mod` (an alias) prints as `%Mod{...}` with its
//!   fields in term order, assuming the struct exists (Elixir uses the
//!   definition order, and prints `%{__struct__: Mod, ...}` when `Mod` is
//!   not a loaded struct); `Range`, `MapSet`, `Regex`, `Date`, `Time`,
//!   `NaiveDateTime` and `DateTime` print as Elixir prints them,
//!   and a `Range` missing `first`/`last` prints as a plain struct where
//!   Elixir would report an `Inspect.Error`;
//! - a charlist whose first 4096 elements are text but that later holds a
//!   non-character prints as a list, where Elixir raises.

mod algebra;
mod atom;
mod float;
mod string;
mod structs;

pub use structs::{builtin_struct, register_struct};

pub use float::{float_to_string, inspect_float};

#[cfg(test)]
mod tests;

use self::algebra::{container, flex_join, format, Breaking, Doc};
use super::{Fun, Map, Term};

/// The `Inspect.Opts` that vary while printing a term.
#[derive(Clone, Copy)]
struct Opts {
    /// Elements still to print in the current collection (`limit: 50`).
    limit: usize,
    /// Characters of a string or charlist to print (`printable_limit: 4096`).
    printable: usize,
    /// Whether lists of text codes print as `'charlists'`; MapSet turns
    /// this off for everything inside it.
    charlists: bool,
    /// `charlists: :as_charlists`: every list of characters prints as one.
    as_charlists: bool,
    /// The base integers print in (`base:`, 10 for `:decimal`).
    base: u32,
    /// `binaries: :as_binaries`.
    as_binaries: bool,
    /// `binaries: :as_strings`.
    as_strings: bool,
    /// `structs: true`: structs print as their own kind.
    structs: bool,
}

impl Opts {
    const DEFAULT: Opts = Opts {
        limit: 50,
        printable: string::PRINTABLE_LIMIT,
        charlists: true,
        as_charlists: false,
        base: 10,
        as_binaries: false,
        as_strings: false,
        structs: true,
    };

    fn with_limit(self, limit: usize) -> Opts {
        Opts { limit, ..self }
    }
}

/// `inspect(term)`: the term on one line, as Elixir prints it.
pub fn inspect(term: &Term) -> String {
    one_line(term, MAX_PRINTED_NODES)
}

/// The term on one line, laying out at most `nodes` of it.
fn one_line(term: &Term, nodes: u64) -> String {
    let mut out = String::new();
    if flat(term, &mut out, Opts::DEFAULT.limit, FLAT_DEPTH) {
        return out;
    }
    format(&doc_within(term, Opts::DEFAULT, nodes).group(), None)
}

/// Nodes one `inspect` lays out at most; past them, `...`. A term may
/// share its parts (`x = [x, x]` forty times over is forty cells that
/// print as a trillion), and the trace, the views and the console all
/// print terms a user made: this keeps any one print to about a second.
/// The console's line budget refuses far smaller prints first.
pub(crate) const MAX_PRINTED_NODES: u64 = 1 << 20;

thread_local! {
    /// What is left of [`MAX_PRINTED_NODES`] in the print under way
    /// (`None` between prints).
    static NODES_LEFT: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// Nodes [`inspect_brief`] lays out at most.
pub(crate) const BRIEF_NODES: u64 = 2_000;

/// `inspect(term)` for a line of a view or of the trace's text: laid out
/// to at most [`BRIEF_NODES`] nodes (`...` past them). The event log shows
/// a thousand of these at once, so each must be cheap whatever the term.
pub fn inspect_brief(term: &Term) -> String {
    one_line(term, BRIEF_NODES)
}

/// `to_doc` for a whole print: the outermost one sets the node budget,
/// and a print nested in it (a struct's own inspect) shares it.
fn bounded_doc(term: &Term, opts: Opts) -> Doc {
    doc_within(term, opts, MAX_PRINTED_NODES)
}

fn doc_within(term: &Term, opts: Opts, nodes: u64) -> Doc {
    let outer = NODES_LEFT.with(|n| n.get().is_none());
    if outer {
        NODES_LEFT.with(|n| n.set(Some(nodes)));
    }
    let doc = to_doc(term, opts);
    if outer {
        NODES_LEFT.with(|n| n.set(None));
    }
    doc
}

/// Takes one node from the print's budget; false when it is spent.
fn take_node() -> bool {
    NODES_LEFT.with(|n| match n.get() {
        Some(0) => false,
        Some(left) => {
            n.set(Some(left - 1));
            true
        }
        None => true,
    })
}

/// How deep [`flat`] goes before it leaves a term to the printer.
const FLAT_DEPTH: u32 = 8;

/// The common terms the trace is full of (pids, atoms, integers,
/// references, binaries, tuples of them), written straight out rather than
/// through the pretty printer's documents, with the same `limit` (the one
/// this term gets: each container hands the next item what is left of its
/// own). False, with `out` in any state, for anything else.
fn flat(term: &Term, out: &mut String, limit: usize, depth: u32) -> bool {
    use std::fmt::Write;
    match term {
        Term::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Term::Atom(a) => out.push_str(&atom::literal(a.as_str())),
        Term::Pid(pid) => out.push_str(&pid_text(pid)),
        Term::Ref(r) => out.push_str(&ref_text(r)),
        // As `binary_doc` prints them with the default options.
        Term::Binary(bytes) => {
            let printable = Opts::DEFAULT.printable;
            if string::is_printable(bytes, printable) {
                out.push_str(&string_text(bytes, printable));
            } else if bytes.is_empty() {
                out.push_str("<<>>");
            } else {
                out.push_str("<<");
                for (i, byte) in bytes.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if i == limit {
                        out.push_str("...");
                        break;
                    }
                    let _ = write!(out, "{byte}");
                }
                out.push_str(">>");
            }
        }
        // As `container` hands out the limit: each item gets what is left.
        Term::Tuple(elements, _) if depth > 0 => {
            out.push('{');
            let mut left = limit;
            for (i, element) in elements.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if left == 0 {
                    out.push_str("...");
                    break;
                }
                left -= 1;
                if !flat(element, out, left, depth - 1) {
                    return false;
                }
            }
            out.push('}');
        }
        // Short lists of atoms, pids and references only: a list with
        // integers may be a charlist, one with pairs a keyword list.
        // `[:alias | ref]`, a call's reply tag, is the common one.
        Term::List(list) => {
            let simple = |t: &Term| matches!(t, Term::Atom(_) | Term::Pid(_) | Term::Ref(_));
            let mut heads = Vec::new();
            let mut cell = list;
            let mut tail = None;
            while let Some((head, rest)) = cell.split() {
                if !simple(head) || heads.len() >= limit {
                    return false;
                }
                heads.push(head);
                match rest {
                    Term::List(more) => cell = more,
                    other if simple(other) => {
                        tail = Some(other);
                        break;
                    }
                    _ => return false,
                }
            }
            out.push('[');
            for (i, head) in heads.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flat(head, out, limit, 0);
            }
            if let Some(tail) = tail {
                out.push_str(" | ");
                flat(tail, out, limit, 0);
            }
            out.push(']');
        }
        _ => return false,
    }
    true
}

/// `inspect(term, pretty: true, width: width)`: as IEx prints results,
/// breaking lines to fit `width` columns where Elixir would.
pub fn inspect_width(term: &Term, width: usize) -> String {
    format(&bounded_doc(term, Opts::DEFAULT).group(), Some(width))
}

/// The options of `inspect/2` that the printer follows (`usize::MAX`
/// stands for `:infinity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InspectOpts {
    /// `limit:` (default 50).
    pub limit: usize,
    /// `printable_limit:` (default 4096).
    pub printable_limit: usize,
    /// `charlists: :infer` (true, the default) or `:as_lists` (false).
    pub charlists: bool,
    /// `pretty: true, width: w`: break lines to fit `w` columns.
    pub width: Option<usize>,
    /// `charlists: :as_charlists`.
    pub as_charlists: bool,
    /// `base:` as a radix: 2, 8, 10 (the default) or 16.
    pub base: u32,
    /// `binaries: :as_binaries`.
    pub as_binaries: bool,
    /// `binaries: :as_strings`.
    pub as_strings: bool,
    /// `structs:` (default true; false prints structs as maps).
    pub structs: bool,
}

impl Default for InspectOpts {
    fn default() -> InspectOpts {
        InspectOpts {
            limit: Opts::DEFAULT.limit,
            printable_limit: Opts::DEFAULT.printable,
            charlists: true,
            width: None,
            as_charlists: false,
            base: 10,
            as_binaries: false,
            as_strings: false,
            structs: true,
        }
    }
}

/// `inspect(term, opts)` with the options in `opts`.
pub fn inspect_with(term: &Term, opts: &InspectOpts) -> String {
    let inner = Opts {
        limit: opts.limit,
        printable: opts.printable_limit,
        charlists: opts.charlists,
        as_charlists: opts.as_charlists,
        base: opts.base,
        as_binaries: opts.as_binaries,
        as_strings: opts.as_strings,
        structs: opts.structs,
    };
    format(&bounded_doc(term, inner).group(), opts.width)
}

/// An atom with the given text as Elixir writes it: `:ok`,
/// `Fleet.Registry` (for `Elixir.Fleet.Registry`), `:"foo bar"`, `nil`.
pub fn inspect_atom(text: &str) -> String {
    atom::literal(text)
}

/// A function name as Elixir writes it in `Mod.name/arity`: `map`,
/// `done?`, `+`, `"foo bar"`.
pub fn inspect_function_name(text: &str) -> String {
    atom::remote_call(text)
}

fn to_doc(term: &Term, opts: Opts) -> Doc {
    if !take_node() {
        return Doc::text("...");
    }
    match term {
        Term::Int(i) if opts.base == 10 => Doc::text(i.to_string()),
        Term::BigInt(b) if opts.base == 10 => Doc::text(b.to_string()),
        Term::Int(i) => Doc::text(radix_text(&num_bigint::BigInt::from(*i), opts.base)),
        Term::BigInt(b) => Doc::text(radix_text(b, opts.base)),
        Term::Float(f) => Doc::text(inspect_float(*f)),
        Term::Atom(a) => Doc::text(atom::literal(a.as_str())),
        Term::Binary(bytes) => binary_doc(bytes, opts),
        Term::Tuple(elements, _) => container(
            Doc::text("{"),
            elements,
            "}",
            opts.limit,
            Breaking::Flex,
            |element, limit| to_doc(element, opts.with_limit(limit)),
        ),
        Term::List(_) => list_doc(term, opts),
        Term::Map(map) => map_doc(map, opts),
        Term::Pid(pid) => Doc::text(pid_text(pid)),
        Term::Ref(r) => Doc::text(ref_text(r)),
        Term::Fun(fun) => Doc::text(fun_text(fun)),
    }
}

/// An integer in base 2, 8 or 16 with its prefix (`0xFF`, `-0b101`).
fn radix_text(n: &num_bigint::BigInt, base: u32) -> String {
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        _ => "0x",
    };
    let digits = n.magnitude().to_str_radix(base).to_uppercase();
    let sign = if n.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    format!("{sign}{prefix}{digits}")
}

/// A string in double quotes when printable, else its bytes `<<1, 2>>`.
/// `#PID<0.105.0>`.
fn pid_text(pid: &crate::term::Pid) -> String {
    format!("#PID<{}.{}.{}>", pid.node, pid.id, pid.serial)
}

/// `#Reference<0.1.2.3>`.
fn ref_text(r: &crate::term::Ref) -> String {
    let [a, b, c] = r.printed_numbers();
    format!("#Reference<{}.{a}.{b}.{c}>", r.node)
}

/// A binary as a string literal, cut short (`<> ...`) past `printable` bytes.
fn string_text(bytes: &[u8], printable: usize) -> String {
    let (escaped, truncated) = string::escape(bytes, b'"', printable);
    let more = if truncated { " <> ..." } else { "" };
    format!("\"{escaped}\"{more}")
}

fn binary_doc(bytes: &[u8], opts: Opts) -> Doc {
    let (limit, printable) = (opts.limit, opts.printable);
    let text = opts.base == 10
        && (opts.as_strings || (!opts.as_binaries && string::is_printable(bytes, printable)));
    if text {
        return Doc::text(string_text(bytes, printable));
    }
    let mut docs = Vec::new();
    for (i, byte) in bytes.iter().enumerate() {
        if i == limit {
            docs.push(Doc::text("..."));
            break;
        }
        docs.push(to_doc(&Term::Int(i64::from(*byte)), opts));
    }
    if docs.is_empty() {
        return Doc::text("<<>>");
    }
    Doc::text("<<")
        .then(Doc::Nest(Box::new(flex_join(docs)), 2))
        .then_text(">>")
        .group()
}

/// A list: `'charlist'`, `[key: value]`, `[a, b]` or `[a, b | tail]`.
fn list_doc(list: &Term, opts: Opts) -> Doc {
    if list.is_empty_list() {
        return Doc::text("[]");
    }
    // Only the first elements can show (the limit, or the printable limit
    // for a charlist); the rest is walked once to find the tail.
    let shown = opts.printable.max(opts.limit).saturating_add(1);
    let mut iter = list.list_iter();
    let items: Vec<&Term> = iter.by_ref().take(shown).collect();
    let mut keyword = items.iter().all(|item| keyword_pair(item).is_some());
    if keyword {
        keyword = iter.by_ref().all(|item| keyword_pair(item).is_some());
    } else {
        iter.by_ref().for_each(drop);
    }
    let tail = iter.tail();
    let proper = tail.is_empty_list();
    let as_text =
        opts.as_charlists || (opts.charlists && string::is_ascii_printable(&items, opts.printable));
    if proper && as_text {
        let mut bytes = Vec::new();
        if string::chardata_to_string(&items, &mut bytes).is_some() {
            let (escaped, truncated) = string::escape(&bytes, b'\'', opts.printable);
            let more = if truncated { " ++ ..." } else { "" };
            return Doc::text(format!("'{escaped}'{more}"));
        }
    }
    let improper = (!proper).then_some(tail);
    if proper && keyword {
        container(
            Doc::text("["),
            &items,
            "]",
            opts.limit,
            Breaking::Strict,
            |item, limit| {
                let opts = opts.with_limit(limit);
                match keyword_pair(item) {
                    Some((key, value)) => keyword_doc(key, value, opts),
                    None => to_doc(item, opts),
                }
            },
        )
    } else {
        let count = items.len();
        container(
            Doc::text("["),
            &items.iter().enumerate().collect::<Vec<_>>(),
            "]",
            opts.limit,
            Breaking::Maybe,
            |(i, item), limit| {
                let doc = to_doc(item, opts.with_limit(limit));
                match improper {
                    Some(tail) if *i + 1 == count => doc
                        .then_text(" | ")
                        .then(to_doc(tail, opts.with_limit(limit))),
                    _ => doc,
                }
            },
        )
    }
}

/// The key and value of a keyword-list element: a pair whose first element
/// is an atom other than an alias.
fn keyword_pair(item: &Term) -> Option<(&str, &Term)> {
    match item.as_tuple()? {
        [Term::Atom(key), value] if !key.as_str().starts_with("Elixir.") => {
            Some((key.as_str(), value))
        }
        _ => None,
    }
}

fn keyword_doc(key: &str, value: &Term, opts: Opts) -> Doc {
    Doc::text(atom::key(key))
        .then_text(" ")
        .then(to_doc(value, opts))
}

fn map_doc(map: &Map, opts: Opts) -> Doc {
    if !opts.structs {
        return pairs_doc(map, "%{".to_string(), opts, |_| true);
    }
    if let Some(Term::Atom(module)) = map.get(&Term::atom("__struct__")) {
        let module = module.as_str();
        let shown = match module {
            "Elixir.Range" => range_doc(map, opts),
            "Elixir.MapSet" => map_set_doc(map, opts),
            "Elixir.Regex" => regex_doc(map, opts),
            "Elixir.Date" | "Elixir.Time" | "Elixir.NaiveDateTime" | "Elixir.DateTime" => {
                calendar_text(module, map).map(Doc::text)
            }
            _ => None,
        };
        if let Some(doc) = shown {
            return doc;
        }
        if atom::is_alias(module) && map.keys().all(|key| key.as_atom().is_some()) {
            let name = atom::literal(module);
            let keep = |key: &Term| !key.is_atom("__struct__") && !key.is_atom("__exception__");
            if let Some(order) = structs::order(super::Atom::new(module)) {
                let fields: Vec<Term> = order.into_iter().map(Term::Atom).collect();
                // The definition's order, when it names exactly these keys.
                if fields.len() == map.keys().filter(|k| keep(k)).count()
                    && fields.iter().all(|f| map.contains_key(f))
                {
                    let pairs: Vec<(Term, Term)> = fields
                        .into_iter()
                        .filter_map(|f| map.get(&f).cloned().map(|v| (f, v)))
                        .collect();
                    return ordered_pairs_doc(&pairs, format!("%{name}{{"), opts);
                }
            }
            return pairs_doc(map, format!("%{name}{{"), opts, keep);
        }
    }
    pairs_doc(map, "%{".to_string(), opts, |_| true)
}

/// The map's pairs (those whose key passes `keep`) between `open` and `}`:
/// `a: 1` when every key is a keyword key, `"a" => 1` otherwise.
fn pairs_doc(map: &Map, open: String, opts: Opts, keep: impl Fn(&Term) -> bool) -> Doc {
    let pairs: Vec<(Term, Term)> = map
        .iter()
        .filter(|(key, _)| keep(key))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    ordered_pairs_doc(&pairs, open, opts)
}

/// Pairs in the given order between `open` and `}`.
fn ordered_pairs_doc(pairs: &[(Term, Term)], open: String, opts: Opts) -> Doc {
    let pairs: Vec<(&Term, &Term)> = pairs.iter().map(|(k, v)| (k, v)).collect();
    let keyword = pairs.iter().all(|(key, _)| {
        key.as_atom()
            .is_some_and(|text| !text.starts_with("Elixir."))
    });
    container(
        Doc::text(open),
        &pairs,
        "}",
        opts.limit,
        Breaking::Strict,
        |(key, value), limit| {
            let opts = opts.with_limit(limit);
            match key.as_atom() {
                Some(text) if keyword => keyword_doc(text, value, opts),
                _ => to_doc(key, opts)
                    .then_text(" => ")
                    .then(to_doc(value, opts)),
            }
        },
    )
}

/// `first..last` or `first..last//step`, as `Inspect.Range` prints.
fn range_doc(map: &Map, opts: Opts) -> Option<Doc> {
    let first = map.get(&Term::atom("first"))?;
    let last = map.get(&Term::atom("last"))?;
    let implied;
    let step = match map.get(&Term::atom("step")) {
        Some(step) => step,
        None => {
            implied = Term::Int(if first <= last { 1 } else { -1 });
            &implied
        }
    };
    let doc = to_doc(first, opts).then_text("..").then(to_doc(last, opts));
    Some(if step == &Term::Int(1) && last >= first {
        doc
    } else {
        doc.then_text("//").then(to_doc(step, opts))
    })
}

/// `MapSet.new([...])`, listing the members (the keys of its `map` field);
/// no list inside prints as a charlist.
fn map_set_doc(map: &Map, opts: Opts) -> Option<Doc> {
    let Some(Term::Map(members)) = map.get(&Term::atom("map")) else {
        return None;
    };
    let members = Term::list(members.keys().cloned().collect());
    Some(
        Doc::text("MapSet.new(")
            .then(list_doc(
                &members,
                Opts {
                    charlists: false,
                    ..opts
                },
            ))
            .then_text(")"),
    )
}

/// `~D[2024-01-31]`, `~T[13:45:00.5]`, `~N[2024-01-31 13:45:00]`,
/// `~U[2024-01-31 13:45:00Z]` (a `DateTime` elsewhere than UTC prints as
/// `#DateTime<2024-01-31 13:45:00+01:00 CET Europe/Paris>`), for
/// `Calendar.ISO` structs with every field.
fn calendar_text(module: &str, map: &Map) -> Option<String> {
    let get = |k: &str| map.get(&Term::atom(k));
    let int = |k: &str| get(k).and_then(Term::as_int);
    if !get("calendar")?.is_atom("Elixir.Calendar.ISO") {
        return None;
    }
    let pad = |v: i64, w: usize| {
        if v < 0 {
            format!("-{:0w$}", v.unsigned_abs())
        } else {
            format!("{v:0w$}")
        }
    };
    let date = || -> Option<String> {
        Some(format!(
            "{}-{}-{}",
            pad(int("year")?, 4),
            pad(int("month")?, 2),
            pad(int("day")?, 2)
        ))
    };
    let time = || -> Option<String> {
        let (us, prec) = match get("microsecond")?.as_tuple()? {
            [Term::Int(us), Term::Int(p)] if (0..=6).contains(p) => (*us, *p as usize),
            _ => return None,
        };
        let mut t = format!(
            "{:02}:{:02}:{:02}",
            int("hour")?,
            int("minute")?,
            int("second")?
        );
        if prec > 0 {
            let digits = format!("{us:06}");
            t.push('.');
            t.push_str(digits.get(..prec)?);
        }
        Some(t)
    };
    Some(match module {
        "Elixir.Date" => format!("~D[{}]", date()?),
        "Elixir.Time" => format!("~T[{}]", time()?),
        "Elixir.NaiveDateTime" => format!("~N[{} {}]", date()?, time()?),
        _ => {
            let zone = get("time_zone")?.as_binary()?;
            let offset = int("utc_offset")? + int("std_offset")?;
            if zone == b"Etc/UTC" && offset == 0 {
                format!("~U[{} {}Z]", date()?, time()?)
            } else {
                let abbr = String::from_utf8_lossy(get("zone_abbr")?.as_binary()?).into_owned();
                let sign = if offset < 0 { '-' } else { '+' };
                let o = offset.unsigned_abs() / 60;
                format!(
                    "#DateTime<{} {}{sign}{:02}:{:02} {abbr} {}>",
                    date()?,
                    time()?,
                    o / 60,
                    o % 60,
                    String::from_utf8_lossy(zone)
                )
            }
        }
    })
}

/// `~r/source/opts`, as `Inspect.Regex` prints it (`/` escaped), or
/// `Regex.compile!("source", [opts])` for options given as a list.
fn regex_doc(map: &Map, opts: Opts) -> Option<Doc> {
    let source = map.get(&Term::atom("source"))?.as_binary()?;
    let options = map.get(&Term::atom("opts"))?;
    if options.is_list() {
        return Some(
            Doc::text("Regex.compile!(")
                .then(to_doc(&Term::bytes(source), opts))
                .then_text(", ")
                .then(to_doc(options, opts))
                .then_text(")"),
        );
    }
    let letters = String::from_utf8_lossy(options.as_binary()?).into_owned();
    Some(Doc::text(format!("~r/{}/{letters}", regex_source(source))))
}

/// A regex source escaped for `~r/.../`: `\/` loses its backslash, then
/// `/` and `#{` gain one, and characters that are not printable are
/// written as escapes (`Code.Identifier.escape/4` with the regex map).
fn regex_source(source: &[u8]) -> String {
    let mut normal = Vec::with_capacity(source.len());
    let mut k = 0;
    while let Some(&b) = source.get(k) {
        match (b, source.get(k + 1)) {
            (b'\\', Some(b'\\')) => {
                normal.extend_from_slice(b"\\\\");
                k += 2;
            }
            (b'\\', Some(b'/')) => {
                normal.push(b'/');
                k += 2;
            }
            _ => {
                normal.push(b);
                k += 1;
            }
        }
    }
    let mut out = String::with_capacity(normal.len());
    for chunk in normal.utf8_chunks() {
        let mut chars = chunk.valid().chars().peekable();
        while let Some(c) = chars.next() {
            let code = u32::from(c);
            match c {
                '/' => out.push_str("\\/"),
                '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
                '\u{07}' => out.push_str("\\a"),
                '\u{0C}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{0B}' => out.push_str("\\v"),
                '\0' => out.push_str("\\0"),
                '\u{FEFF}' => out.push_str("\\uFEFF"),
                _ if matches!(code, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..) => {
                    out.push(c)
                }
                _ if code < 0x100 => out.push_str(&format!("\\x{code:02X}")),
                _ => out.push_str(&format!("\\x{{{code:04X}}}")),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// A capture prints as `&Mod.fun/2`; a closure as the BEAM prints a fun,
/// `#Function<index.uniq/arity in Mod.fun/arity>`, where the shell's own
/// funs are `:erl_eval`'s (`#Function<42.3316493/1 in :erl_eval.expr/6>`).
fn fun_text(fun: &Fun) -> String {
    match fun {
        // The old console's funs (`:erl_eval.expr_N`), until it goes.
        Fun::Export {
            module,
            function,
            arity,
        } if module.as_str() == "erl_eval" && function.as_str().starts_with("expr_") => {
            format!(
                "#Function<{}.3316493/{arity} in :erl_eval.expr/6>",
                &function.as_str()[5..]
            )
        }
        Fun::Export {
            module,
            function,
            arity,
        } => format!(
            "&{}.{}/{}",
            atom::literal(module.as_str()),
            atom::remote_call(function.as_str()),
            arity
        ),
        Fun::Closure(c) => {
            let info = c.lambda.info();
            format!(
                "#Function<{}.{}/{} in {}.{}>",
                info.index,
                info.uniq,
                c.lambda.arity(),
                atom::literal(info.module.as_str()),
                info.context
            )
        }
    }
}
