//! Native functions ("BIFs"): the parts of the standard library written in
//! Rust, one file per module family. Everything that takes a function
//! argument (`Enum.map/2`, `GenServer.call/3`, ...) is Elixir source in
//! the prelude instead, so that it can wait and be preempted like any
//! other code.
//!
//! | file | modules |
//! |------|---------|
//! | `enumerable` | (helpers) lists, ranges, maps and MapSets as element lists |
//! | `support` | (helpers) arguments, size limits, Elixir's clause errors |
//! | `cost` | (helpers) the reductions and memory a heavy native charges before it runs |
//! | `erlang_terms` | `:erlang` tuples, lists, maps, booleans, comparisons, type tests, `phash2` |
//! | `erlang_arith` | `:erlang` arithmetic, rounding, `max`/`min`, bitwise operators |
//! | `erlang_convert` | `:erlang` atoms and integers to and from text |
//! | `erlang_float` | `:erlang` floats to and from text |
//! | `erlang_binary` | `:erlang` binaries and iolists, `:binary.copy`, `:unicode` characters |
//! | `elixir_inline` | Elixir functions the compiler inlines to `:erlang` (`Atom.to_string/1`, `Bitwise`, ...) |
//! | `math` | `:math` |
//! | `integer` | `Integer` |
//! | `float` | `Float` |
//! | `tuple` | `Tuple` |
//! | `lists` | `:lists` |
//! | `lists_sort` | `:lists.sort/1` as OTP writes it (where `1` and `1.0` end up) |
//! | `lists_keys` | `:lists` key functions (`keyfind/3`, `keysort/2`, ...) |
//! | `lists_merge` | (helpers) the ascending merges of `lists_sort` |
//! | `lists_rmerge` | (helpers) its descending three-way merge |
//! | `list` | `List` |
//! | `maps` | `:maps` |
//! | `map` | `Map` |
//! | `keyword` | `Keyword` |
//! | `map_set` | `MapSet` |
//! | `enum_pure` | `Enum` without fun arguments: counting, sorting, membership, joining, `into` |
//! | `enum_slice` | `Enum` slicing: `take`, `drop`, `slice`, `chunk_every`, ... |
//! | `string/` | `String` (Unicode-aware; see `string/mod.rs`) |
//! | `binary_mod` | `:binary` (but `copy`) |
//! | `queue` | `:queue` |
//! | `erl_string` | OTP's `:string` |
//! | `exception_mod` | `Exception`, built-in exceptions' `exception/1` |
//! | `io_format` | `:io.format`, `:io_lib.format` |
//! | `erl_print` | (helpers) terms in Erlang syntax for `~w` and `~p` |
//! | `ext_term` | `term_to_binary`, `binary_to_term`: the external term format |
//! | `calendar/` | `~D` `~T` `~N` `~U`, `Date`, `Time`, `NaiveDateTime`, `DateTime` (UTC) |
//! | `regex/` | `Regex`, `=~`, `String.match?/2` (PCRE on the `regex` crate; see `regex/mod.rs`) |
//! | `kernel_pure` | `Kernel.to_string/1`, `to_charlist/1`, `inspect/1,2`, `binary_slice/2,3` |
//! | `process` | spawning, sending, links, monitors, names, timers, the dictionary, `Process.info` |
//! | `ops` | raising, `elem`/`put_elem`, `Range.new`, built-in exceptions' `exception/1` |
//! | `io` | `IO.puts/write/inspect`, the logger's line |
//! | `registry` | `Registry` and name registration (atoms, `:global`, via tuples) |
//! | `supervision` | what the Elixir behaviours tell the views: callback module, intensity, restarts |
//! | `application` | `Application`'s environment |
//! | `fleet` | `Fleet.pick_shard/2`, `Fleet.Cluster.where/1`, ownership moves in the trace |
//! | `shards` | what the shard fleet's Elixir client asks the native fleet |
//! | `code` | what is loaded: `function_exported?/3`, `__info__/1`, `Code.ensure_loaded/1` |
//! | `ets` | `:ets` tables: `new`, access rights, owners and heirs, `info`, `delete/1` |
//! | `ets_objects` | `:ets` objects: `insert`, `lookup`, `update_counter`, `first`/`next`, ... |
//! | `ets_select` | `:ets.match/2`, `select/2` and friends |
//! | `ets_rows` | (helpers) how each table type stores and orders its objects |
//! | `ets_match` | (helpers) ETS patterns and match specifications |
//! | `ets_error` | (helpers) `:ets` errors as OTP 25 explains them |
//!
//! Each file exports `pub(super) const BIFS: &[Bif]`; [`table`] joins
//! them in a fixed order, so a native's index is the same in every world
//! and compiled code can refer to it directly.

mod application;
mod binary_mod;
mod calendar;
mod code;
pub mod cost;
mod elixir_inline;
mod enum_pure;
mod enum_slice;
pub mod enumerable;
mod erl_print;
mod erl_string;
mod erlang_arith;
mod erlang_binary;
mod erlang_convert;
mod erlang_float;
mod erlang_terms;
mod ets;
mod ets_error;
mod ets_match;
mod ets_objects;
mod ets_rows;
mod ets_select;
mod exception_mod;
mod ext_term;
mod float;
mod integer;
mod io;
pub(crate) use io::chardata;
mod file;
mod fleet;
mod global;
mod io_format;
mod kernel_pure;
mod keyword;
mod kv;
mod list;
mod lists;
mod lists_keys;
mod lists_merge;
mod lists_rmerge;
mod lists_sort;
mod map;
mod map_set;
mod maps;
mod math;
mod ops;
mod pg;
mod process;
mod pubsub;
mod queue;
mod regex;
mod registry;
mod shards;
mod string;
mod supervision;
pub(crate) use supervision::stop_report;
mod support;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
mod tuple;

use super::exception::Res;
use super::proc::ProcState;
use crate::kernel::World;
use crate::term::{Pid, Term};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// What a native function may touch: the world, acting as the calling process.
pub struct Native<'a> {
    /// The world.
    pub world: &'a mut World,
    /// The calling process.
    pub me: Pid,
    /// The caller's own state (dictionary, ...).
    pub state: &'a mut ProcState,
}

/// A native's code.
#[derive(Clone, Copy)]
pub enum Call {
    /// Depends only on its arguments.
    Pure(fn(&[Term]) -> Res),
    /// Reads or changes the world (sends, spawns, the clock, the dictionary).
    World(fn(&mut Native, &[Term]) -> Res),
}

/// One native function.
#[derive(Clone, Copy)]
pub struct Bif {
    /// Module as the BEAM stores it (`erlang`, `Elixir.String`).
    pub module: &'static str,
    /// Function name.
    pub name: &'static str,
    /// Arity.
    pub arity: u8,
    /// The code.
    pub call: Call,
    /// Allowed in guards.
    pub guard: bool,
    /// What a call costs beyond its one reduction, when that grows with
    /// the arguments (set from [`cost::of`] when the table is built).
    pub cost: Option<cost::CostFn>,
}

impl Bif {
    /// A pure native.
    pub const fn pure(
        module: &'static str,
        name: &'static str,
        arity: u8,
        f: fn(&[Term]) -> Res,
    ) -> Bif {
        Bif {
            module,
            name,
            arity,
            call: Call::Pure(f),
            guard: false,
            cost: None,
        }
    }

    /// A pure native allowed in guards.
    pub const fn guard(
        module: &'static str,
        name: &'static str,
        arity: u8,
        f: fn(&[Term]) -> Res,
    ) -> Bif {
        Bif {
            module,
            name,
            arity,
            call: Call::Pure(f),
            guard: true,
            cost: None,
        }
    }

    /// A native that acts on the world.
    pub const fn world(
        module: &'static str,
        name: &'static str,
        arity: u8,
        f: fn(&mut Native, &[Term]) -> Res,
    ) -> Bif {
        Bif {
            module,
            name,
            arity,
            call: Call::World(f),
            guard: false,
            cost: None,
        }
    }
}

struct Table {
    bifs: Vec<Bif>,
    index: HashMap<(&'static str, &'static str, u8), u32, BuildHasherDefault<crate::term::Fnv>>,
}

fn build() -> Table {
    let parts: &[&[Bif]] = &[
        erlang_terms::BIFS,
        erlang_arith::BIFS,
        erlang_convert::BIFS,
        erlang_float::BIFS,
        erlang_binary::BIFS,
        elixir_inline::BIFS,
        math::BIFS,
        integer::BIFS,
        float::BIFS,
        tuple::BIFS,
        lists::BIFS,
        lists_keys::BIFS,
        list::BIFS,
        maps::BIFS,
        map::BIFS,
        keyword::BIFS,
        map_set::BIFS,
        enum_pure::BIFS,
        enum_slice::BIFS,
        kernel_pure::BIFS,
        string::BIFS,
        regex::BIFS,
        calendar::PARSE_BIFS,
        calendar::DATE_BIFS,
        calendar::TIME_BIFS,
        binary_mod::BIFS,
        queue::BIFS,
        erl_string::BIFS,
        ext_term::BIFS,
        io_format::BIFS,
        exception_mod::BIFS,
        process::BIFS,
        registry::BIFS,
        supervision::BIFS,
        application::BIFS,
        pg::BIFS,
        global::BIFS,
        file::BIFS,
        pubsub::BIFS,
        shards::BIFS,
        kv::BIFS,
        fleet::BIFS,
        ops::BIFS,
        ops::EXCEPTION_BIFS,
        io::BIFS,
        code::BIFS,
        ets::BIFS,
        ets_objects::BIFS,
        ets_select::BIFS,
    ];
    let mut bifs = Vec::new();
    let mut index = HashMap::default();
    for part in parts {
        for bif in part.iter() {
            let bif = Bif {
                cost: cost::of(bif.module, bif.name, bif.arity),
                ..*bif
            };
            // The first entry for a name wins, so the order of `parts` decides.
            index
                .entry((bif.module, bif.name, bif.arity))
                .or_insert(bifs.len() as u32);
            bifs.push(bif);
        }
    }
    Table { bifs, index }
}

fn table_ref() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// Every native, in index order.
pub fn table() -> &'static [Bif] {
    &table_ref().bifs
}

/// The index of `module.name/arity` (module as stored: `Elixir.String`).
pub fn lookup(module: &str, name: &str, arity: u8) -> Option<u32> {
    table_ref().index.get(&(module, name, arity)).copied()
}

/// The native at `index`.
pub fn get(index: u32) -> Option<&'static Bif> {
    table_ref().bifs.get(index as usize)
}

/// True when some native of `module` exists (for "module is not available").
pub fn module_exists(module: &str) -> bool {
    table_ref().bifs.iter().any(|b| b.module == module)
}

/// `String.jaro_distance/2` on two texts (for "Did you mean" hints).
pub fn jaro_distance(a: &str, b: &str) -> f64 {
    match string::jaro_terms(&[Term::string(a), Term::string(b)]) {
        Ok(Term::Float(d)) => d,
        _ => 0.0,
    }
}

/// Calls the pure native `module.name(args)`, if there is one (for the
/// compiler, which checks literals such as `~r/.../` as Elixir does).
pub fn call_pure(module: &str, name: &str, args: &[Term]) -> Option<Res> {
    let arity = u8::try_from(args.len()).ok()?;
    match get(lookup(module, name, arity)?)?.call {
        Call::Pure(f) => Some(f(args)),
        Call::World(_) => None,
    }
}
