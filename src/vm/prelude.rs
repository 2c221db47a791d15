//! The standard library written in Elixir: everything that calls back
//! into user code (`Enum.map/2`, `GenServer`, `Supervisor`, `Agent`,
//! `Task` ...), so that it can wait and be preempted like any process's
//! code; and the built-in applications' client APIs, which build on it.
//!
//! Such Elixir comes as a [`Library`] of source files. A world holds a
//! library's modules from the start (`:code.is_loaded/1` and calls see
//! them), but each top-level `defmodule` is compiled only when something
//! first looks it up — the BEAM's interactive code loading, where the
//! code server loads a module from the code path on its first call. The
//! compiled module is cached per thread and shared by every world, so a
//! page that calls only `Enum` and `GenServer` never compiles `Task` (a
//! scenario link renders without compiling the whole prelude first).

use super::code::Module;
use super::code_server::CodeServer;
use crate::kernel::World;
use crate::term::Atom;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Elixir source files whose modules every world that installs it has.
#[derive(Debug)]
pub struct Library {
    /// A name for errors and tests.
    pub name: &'static str,
    /// `(file, source)` pairs; a file holds top-level `defmodule`s only.
    pub sources: &'static [(&'static str, &'static str)],
}

impl PartialEq for Library {
    fn eq(&self, other: &Library) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The prelude: Elixir's and OTP's modules that are written in Elixir here.
pub static PRELUDE: Library = Library {
    name: "prelude",
    sources: SOURCES,
};

/// The prelude's source files.
pub const SOURCES: &[(&str, &str)] = &[
    ("kernel.ex", include_str!("../prelude/kernel.ex")),
    ("enum.ex", include_str!("../prelude/enum.ex")),
    ("stream.ex", include_str!("../prelude/stream.ex")),
    ("collections.ex", include_str!("../prelude/collections.ex")),
    ("otp_support.ex", include_str!("../prelude/otp_support.ex")),
    ("application.ex", include_str!("../prelude/application.ex")),
    ("logger.ex", include_str!("../prelude/logger.ex")),
    ("gen_server.ex", include_str!("../prelude/gen_server.ex")),
    ("supervisor.ex", include_str!("../prelude/supervisor.ex")),
    (
        "dynamic_supervisor.ex",
        include_str!("../prelude/dynamic_supervisor.ex"),
    ),
    ("agent.ex", include_str!("../prelude/agent.ex")),
    ("task.ex", include_str!("../prelude/task.ex")),
    ("rpc.ex", include_str!("../prelude/rpc.ex")),
    ("file.ex", include_str!("../prelude/file.ex")),
    ("path.ex", include_str!("../prelude/path.ex")),
];

/// One top-level `defmodule ... end` of a source file: the unit compiled
/// on demand.
struct Chunk {
    library: &'static Library,
    file: &'static str,
    /// The text, from its `defmodule` line to its closing `end`.
    text: &'static str,
    /// The line `text` starts on in `file`, so errors point into the file.
    line: u32,
    /// Every module it defines (nested ones by their full names).
    names: Vec<Atom>,
    /// The names its `def`s (of any kind) give functions, or `None` when
    /// a `use` may define more: what compiling a call to it needs before
    /// it is compiled ([`peek`]). Scanned on the first such call.
    defs: std::cell::OnceCell<Option<BTreeSet<&'static str>>>,
}

/// Where a chunk is in its life.
enum Status {
    Source,
    Compiling,
    Compiled,
}

/// Every library seen on this thread, split into chunks, and what has
/// been compiled.
#[derive(Default)]
struct Table {
    chunks: Vec<(Chunk, Status)>,
    /// Module name → its chunk.
    by_name: BTreeMap<Atom, usize>,
    /// Compiled modules, with their library.
    modules: BTreeMap<Atom, (Rc<Module>, &'static Library)>,
    /// `file:line: message` for each chunk that failed to compile.
    errors: Vec<String>,
    /// Libraries already split into chunks.
    indexed: Vec<&'static Library>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

/// Splits `library`'s files into chunks, once per thread.
fn index(library: &'static Library) {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        if t.indexed.contains(&library) {
            return;
        }
        t.indexed.push(library);
        for (file, source) in library.sources {
            for (text, line, names) in split(source) {
                let at = t.chunks.len();
                for name in &names {
                    t.by_name.insert(*name, at);
                }
                let chunk = Chunk {
                    library,
                    file,
                    text,
                    line,
                    names,
                    defs: std::cell::OnceCell::new(),
                };
                t.chunks.push((chunk, Status::Source));
            }
        }
    });
}

/// A source file's top-level `defmodule`s: each one's text, first line
/// and module names. Relies on the library's layout (checked by a test
/// against what the compiler makes): a top-level module starts with
/// `defmodule Name do` in column 0 and ends with `end` in column 0;
/// nested ones are indented.
fn split(source: &'static str) -> Vec<(&'static str, u32, Vec<Atom>)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, u32, Vec<Atom>)> = None;
    let mut offset = 0;
    for (n, line) in source.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.trim_start().strip_prefix("defmodule ") {
            let name = rest.strip_suffix(" do").unwrap_or(rest).trim();
            match &mut start {
                None => start = Some((offset, line_no, vec![module_atom(name, None)])),
                Some((_, _, names)) => {
                    let outer = names[0];
                    names.push(module_atom(name, Some(outer)));
                }
            }
        } else if trimmed == "end" {
            if let Some((from, first, names)) = start.take() {
                out.push((&source[from..offset + line.len()], first, names));
            }
        }
        offset += line.len();
    }
    out
}

/// The function names `text` defines (`def`, `defp`, `defmacro`,
/// `defguard` ...), or `None` when it `use`s a module, which may define
/// functions the text does not show. A name too many is harmless: a call
/// to it is only bound later ([`peek`]).
fn defs(text: &'static str) -> Option<BTreeSet<&'static str>> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("use ") {
            return None;
        }
        let Some((keyword, rest)) = line.split_once(' ') else {
            continue;
        };
        if keyword.starts_with("def") && keyword != "defmodule" && keyword != "defstruct" {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '?' | '!')))
                .unwrap_or(rest.len());
            out.insert(&rest[..end]);
        }
    }
    Some(out)
}

/// The atom a `defmodule` name stands for (`Enum` → `Elixir.Enum`,
/// `:lists` → `lists`), nested under `outer` when it is an alias.
fn module_atom(name: &str, outer: Option<Atom>) -> Atom {
    if let Some(erlang) = name.strip_prefix(':') {
        return Atom::new(erlang);
    }
    match outer {
        Some(outer) => Atom::new(&format!("{}.{name}", outer.as_str())),
        None => Atom::new(&format!("Elixir.{name}")),
    }
}

/// The module called `name` from one of `libraries` (a world's installed
/// libraries, in install order), compiled now if it was not yet. `None`
/// when no library defines it, when it failed to compile, or while it is
/// compiling (a module that needs itself at compile time).
pub fn module(libraries: &[&'static Library], name: Atom) -> Option<Rc<Module>> {
    let chunk = TABLE.with(|t| {
        let t = t.borrow();
        if let Some((m, library)) = t.modules.get(&name) {
            return libraries.contains(library).then(|| Err(m.clone()));
        }
        let at = *t.by_name.get(&name)?;
        let (chunk, status) = &t.chunks[at];
        match status {
            Status::Source if libraries.contains(&chunk.library) => Some(Ok(at)),
            _ => None,
        }
    })?;
    match chunk {
        Err(done) => Some(done),
        Ok(at) => {
            compile(libraries, at);
            TABLE.with(|t| t.borrow().modules.get(&name).map(|(m, _)| m.clone()))
        }
    }
}

/// What compiling a call to `module.fun` can know of a library module
/// without compiling it.
pub enum Peek {
    /// No library of the world defines the module.
    Absent,
    /// The module, compiled.
    Compiled(Rc<Module>),
    /// Not compiled yet (or compiling right now); `may_define` is false
    /// when its source defines no function called `fun`.
    Uncompiled {
        /// True unless `fun` is surely not defined in Elixir.
        may_define: bool,
    },
}

/// [`Peek`]s at `module` in `libraries` for a call to `fun`.
pub fn peek(libraries: &[&'static Library], module: Atom, fun: &str) -> Peek {
    TABLE.with(|t| {
        let t = t.borrow();
        let Some((chunk, status)) = t.by_name.get(&module).and_then(|at| t.chunks.get(*at)) else {
            return Peek::Absent;
        };
        if !libraries.contains(&chunk.library) {
            return Peek::Absent;
        }
        match (status, t.modules.get(&module)) {
            (Status::Compiled, Some((m, _))) => Peek::Compiled(m.clone()),
            (Status::Compiled, None) => Peek::Absent,
            _ => Peek::Uncompiled {
                may_define: chunk
                    .defs
                    .get_or_init(|| defs(chunk.text))
                    .as_ref()
                    .is_none_or(|d| d.contains(fun)),
            },
        }
    })
}

/// True when one of `libraries` defines `name` (compiled or not).
pub fn defines(libraries: &[&'static Library], name: Atom) -> bool {
    TABLE.with(|t| {
        let t = t.borrow();
        t.by_name
            .get(&name)
            .and_then(|at| t.chunks.get(*at))
            .is_some_and(|(c, _)| libraries.contains(&c.library))
    })
}

/// Compiles chunk `at` in a scratch world that has the libraries up to and
/// including the chunk's own (so a library never sees a later one).
fn compile(libraries: &[&'static Library], at: usize) {
    let Some((library, file, text, line)) = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let (chunk, status) = t.chunks.get_mut(at)?;
        *status = Status::Compiling;
        Some((chunk.library, chunk.file, chunk.text, chunk.line))
    }) else {
        return;
    };
    let base: Vec<&'static Library> = match libraries.iter().position(|l| *l == library) {
        Some(i) => libraries[..=i].to_vec(),
        None => vec![library],
    };
    let mut scratch = World::new(crate::kernel::WorldConfig {
        seed: 0,
        trace: false,
    });
    scratch.ext_mut::<CodeServer>().install(&base);
    let mut error = None;
    match crate::lang::parse(text) {
        Err(e) => error = Some(format!("{file}: {e}")),
        Ok(ast) => {
            let mut env = crate::lang::compile::ShellEnv::default();
            env.env.line_offset = line.saturating_sub(1);
            env.env.source = Some(Rc::from(text));
            if let Err(e) = crate::lang::compile::compile_chunk(&mut scratch, &ast, &mut env, &[]) {
                error = Some(format!("{file}:{}: {}", e.line, e.message));
            }
        }
    }
    let compiled: Vec<Rc<Module>> = scratch
        .ext::<CodeServer>()
        .map(|c| c.modules().cloned().collect())
        .unwrap_or_default();
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        for m in compiled {
            t.modules.insert(m.name, (m, library));
        }
        if let Some(e) = error {
            t.errors.push(e);
        }
        if let Some((_, status)) = t.chunks.get_mut(at) {
            *status = Status::Compiled;
        }
    });
}

/// Every module name `libraries` define, in source order.
pub fn names(libraries: &[&'static Library]) -> Vec<Atom> {
    for library in libraries {
        index(library);
    }
    TABLE.with(|t| {
        let t = t.borrow();
        t.chunks
            .iter()
            .filter(|(c, _)| libraries.contains(&c.library))
            .flat_map(|(c, _)| c.names.iter().copied())
            .collect()
    })
}

/// The modules each file of `library` defines, file by file in the
/// library's order and modules in source order: what the page's code view
/// lists.
pub fn files(library: &'static Library) -> Vec<(&'static str, Vec<Atom>)> {
    index(library);
    TABLE.with(|t| {
        let t = t.borrow();
        let mut out: Vec<(&'static str, Vec<Atom>)> = Vec::new();
        for (chunk, _) in t.chunks.iter().filter(|(c, _)| c.library == library) {
            match out.last_mut() {
                Some((file, names)) if *file == chunk.file => names.extend(&chunk.names),
                _ => out.push((chunk.file, chunk.names.clone())),
            }
        }
        out
    })
}

/// Compiles every module of `libraries` that is not compiled yet; returns
/// the errors of every chunk that failed on this thread (empty when all
/// is well).
pub fn compile_all(libraries: &[&'static Library]) -> Vec<String> {
    for name in names(libraries) {
        module(libraries, name);
    }
    TABLE.with(|t| t.borrow().errors.clone())
}

/// Installs `library` into `world`: its modules exist there from now on,
/// each compiled on first use.
pub fn install(world: &mut World, library: &'static Library) {
    index(library);
    let code = world.ext_mut::<CodeServer>();
    let mut libraries = code.libraries().to_vec();
    if !libraries.contains(&library) {
        libraries.push(library);
        code.install(&libraries);
    }
}

/// Installs the prelude into `world`.
pub fn load(world: &mut World) {
    install(world, &PRELUDE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every library compiles, module by module, and the chunking finds
    /// exactly the modules the compiler makes of each chunk.
    #[test]
    fn every_library_compiles_module_by_module() {
        let libraries = [&PRELUDE, &crate::apps::LIBRARY];
        let errors = compile_all(&libraries);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        TABLE.with(|t| {
            let t = t.borrow();
            let made: Vec<Atom> = t.modules.keys().copied().collect();
            let mut named: Vec<Atom> = t.by_name.keys().copied().collect();
            named.sort();
            assert_eq!(made, named, "split() names vs compiled modules");
        });
        let fleet = module(&libraries, Atom::new("Elixir.Fleet")).expect("Fleet");
        assert!(fleet.export(Atom::new("start_users"), 1).is_some());
        // A world with only the prelude does not see the applications.
        assert!(module(&[&PRELUDE], Atom::new("Elixir.Fleet")).is_none());
    }

    #[test]
    fn split_finds_top_level_and_nested_modules() {
        let src =
            "# a comment\ndefmodule A do\n  defmodule B do\n  end\nend\n\ndefmodule :c do\nend\n";
        let chunks = split(src);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].1, 2);
        assert!(chunks[0].0.starts_with("defmodule A do") && chunks[0].0.ends_with("end\n"));
        let names: Vec<&str> = chunks[0].2.iter().map(|a| a.as_str()).collect();
        assert_eq!(names, ["Elixir.A", "Elixir.A.B"]);
        assert_eq!(chunks[1].2[0].as_str(), "c");
        assert_eq!(chunks[1].1, 7);
    }

    #[test]
    fn defs_lists_function_names_unless_a_use_may_add_some() {
        let names = defs("defmodule A do\n  def f(x), do: x\n  defp g?, do: 1\n  defmacro m(a) do\n  end\n  defguardp is_x(s) when s\n  defstruct a: 1\nend\n")
            .expect("no use");
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["f", "g?", "is_x", "m"]
        );
        assert!(defs("defmodule A do\n  use GenServer\nend\n").is_none());
    }
}
