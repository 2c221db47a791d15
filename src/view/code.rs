//! The code view: the built-in applications' Elixir source, file by file,
//! and the modules typed into the console, each with what it exports.
//! Read-only here; a module changes by typing a new `defmodule` for it.

use crate::kernel::World;
use crate::term::{inspect, inspect_function_name, Term};
use crate::vm::code::Module;
use crate::vm::code_server::{self, CodeServer};
use serde::Serialize;
use std::rc::Rc;

/// One module: its name, exports and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeModule {
    /// As Elixir prints it (`Fleet.UserWorker`).
    pub name: String,
    /// Its public functions, `name/arity`, sorted (as `__info__(:functions)`
    /// lists them: no `module_info`).
    pub functions: Vec<String>,
    /// The source it was compiled from.
    pub source: String,
    /// True when the console replaced the file's version.
    pub changed: bool,
}

/// One source file (`fleet.ex`), or the console's modules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeFile {
    /// `src/apps/ex/fleet.ex`, or `typed in the console`.
    pub title: String,
    /// Its modules, in source order.
    pub modules: Vec<CodeModule>,
}

/// Everything the code view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct CodeView {
    /// The applications' files, then the console's modules (if any).
    pub files: Vec<CodeFile>,
}

/// The application modules and the console's, as `world` has them now.
/// Looking compiles the applications' modules not compiled yet.
pub fn code(world: &World) -> CodeView {
    let mut files = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    let user: Vec<Rc<Module>> = world
        .ext::<CodeServer>()
        .map(|c| c.modules().cloned().collect())
        .unwrap_or_default();
    for (file, names) in crate::vm::prelude::files(&crate::apps::LIBRARY) {
        let modules = names
            .into_iter()
            .filter_map(|name| {
                listed.insert(name);
                let changed = user.iter().any(|m| m.name == name);
                code_server::module(world, name).map(|m| entry(&m, changed))
            })
            .collect();
        files.push(CodeFile {
            title: format!("src/apps/ex/{file}"),
            modules,
        });
    }
    let typed: Vec<CodeModule> = user
        .iter()
        .filter(|m| !listed.contains(&m.name))
        .map(|m| entry(m, false))
        .collect();
    if !typed.is_empty() {
        files.push(CodeFile {
            title: "typed in the console".into(),
            modules: typed,
        });
    }
    CodeView { files }
}

/// The modules typed into the console that are not the applications'
/// own (a process running one is the user's).
pub fn typed_modules(world: &World) -> std::collections::BTreeSet<crate::term::Atom> {
    let apps: std::collections::BTreeSet<_> = crate::vm::prelude::files(&crate::apps::LIBRARY)
        .into_iter()
        .flat_map(|(_, names)| names)
        .collect();
    world
        .ext::<CodeServer>()
        .map(|c| {
            c.modules()
                .map(|m| m.name)
                .filter(|name| !apps.contains(name))
                .collect()
        })
        .unwrap_or_default()
}

/// How many modules `world` has loaded so far: a code view is stale when
/// this changes.
pub fn version(world: &World) -> u64 {
    world.ext::<CodeServer>().map_or(0, CodeServer::loads)
}

fn entry(module: &Module, changed: bool) -> CodeModule {
    let mut functions: Vec<String> = module
        .exports
        .keys()
        .filter(|(f, _)| !f.as_str().starts_with("__") && f.as_str() != "module_info")
        .map(|(f, a)| format!("{}/{a}", inspect_function_name(f.as_str())))
        .collect();
    functions.sort();
    CodeModule {
        name: inspect(&Term::Atom(module.name)),
        functions,
        source: module.source.as_deref().unwrap_or_default().to_string(),
        changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    #[test]
    fn the_apps_files_list_their_modules_and_the_console_adds_its_own() {
        let mut c = Console::new(1);
        let view = code(c.world());
        let fleet = view
            .files
            .iter()
            .find(|f| f.title.ends_with("fleet.ex"))
            .expect("fleet.ex is listed");
        let names: Vec<&str> = fleet.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Fleet",
                "Fleet.Supervisor",
                "Fleet.UserWorker",
                "Fleet.Cluster"
            ]
        );
        let worker = &fleet.modules[2];
        assert!(worker.source.starts_with("defmodule Fleet.UserWorker do"));
        assert!(worker.functions.contains(&"start_link/1".to_string()));
        assert!(!worker.changed);
        assert!(view.files.iter().all(|f| f.title != "typed in the console"));

        let before = version(c.world());
        for line in [
            "defmodule Mine do def hi, do: :hi end",
            "defmodule Fleet.UserWorker do use GenServer; def init(s), do: {:ok, s} end",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        assert_ne!(version(c.world()), before);
        let view = code(c.world());
        let typed = view.files.last().expect("the console's file");
        assert_eq!(typed.title, "typed in the console");
        assert_eq!(typed.modules.len(), 1);
        assert_eq!(typed.modules[0].name, "Mine");
        assert_eq!(typed.modules[0].functions, ["hi/0"]);
        let worker = view
            .files
            .iter()
            .flat_map(|f| &f.modules)
            .find(|m| m.name == "Fleet.UserWorker")
            .expect("still listed under its file");
        assert!(worker.changed);
        assert!(worker.source.contains("def init(s)"));
    }
}
