//! The standard library written in Elixir: everything that calls back
//! into user code (`Enum.map/2`, `GenServer`, `Supervisor`, `Agent`,
//! `Task` ...), so that it can wait and be preempted like any process's
//! code. Compiled once per thread, loaded into every world.

use super::code::Module;
use super::code_server::{self, CodeServer};
use crate::kernel::World;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The prelude's source files, in load order (later ones may use earlier ones).
pub const SOURCES: &[(&str, &str)] = &[
    ("kernel.ex", include_str!("../prelude/kernel.ex")),
    ("enum.ex", include_str!("../prelude/enum.ex")),
    ("stream.ex", include_str!("../prelude/stream.ex")),
    ("collections.ex", include_str!("../prelude/collections.ex")),
    ("otp_support.ex", include_str!("../prelude/otp_support.ex")),
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
];

thread_local! {
    static COMPILED: RefCell<BTreeMap<&'static str, Rc<Compiled>>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// The compiled prelude, and what failed to compile (empty when all is well).
pub struct Compiled {
    /// Every module, by name.
    pub modules: Vec<Rc<Module>>,
    /// `file: error` for each source that did not compile.
    pub errors: Vec<String>,
}

/// Compiles `sources` in order, each seeing the modules before it (and
/// the prelude, for sources other than the prelude's own).
fn compile_all(sources: &[(&str, &str)], base: Option<&Compiled>) -> Compiled {
    let mut scratch = World::new(crate::kernel::WorldConfig {
        seed: 0,
        trace: false,
    });
    let mut known = std::collections::BTreeSet::new();
    if let Some(base) = base {
        for m in &base.modules {
            known.insert(m.name);
            code_server::load(&mut scratch, m.clone());
        }
    }
    let mut errors = Vec::new();
    for (file, source) in sources {
        let ast = match crate::lang::parse(source) {
            Ok(ast) => ast,
            Err(e) => {
                errors.push(format!("{file}: {e}"));
                continue;
            }
        };
        let mut env = crate::lang::compile::ShellEnv::default();
        if let Err(e) = crate::lang::compile::compile_chunk(&mut scratch, &ast, &mut env, &[]) {
            errors.push(format!("{file}:{}: {}", e.line, e.message));
        }
    }
    let modules = scratch
        .ext::<CodeServer>()
        .map(|c| {
            c.modules()
                .filter(|m| !known.contains(&m.name))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Compiled { modules, errors }
}

/// `sources` compiled on first use on this thread, cached under `key`.
fn cached(key: &'static str, make: impl FnOnce() -> Compiled) -> Rc<Compiled> {
    if let Some(done) = COMPILED.with(|c| c.borrow().get(key).cloned()) {
        return done;
    }
    let done = Rc::new(make());
    COMPILED.with(|c| c.borrow_mut().insert(key, done.clone()));
    done
}

/// The prelude, compiled on first use on this thread.
pub fn compiled() -> Rc<Compiled> {
    cached("prelude", || compile_all(SOURCES, None))
}

/// Loads the prelude into `world`.
pub fn load(world: &mut World) {
    for m in &compiled().modules {
        code_server::load(world, m.clone());
    }
}

/// Elixir source that builds on the prelude (the built-in applications'
/// client APIs), compiled once per thread under `key`.
pub fn compiled_set(key: &'static str, sources: &'static [(&str, &str)]) -> Rc<Compiled> {
    let base = compiled();
    cached(key, || compile_all(sources, Some(&base)))
}

/// Loads [`compiled_set`]'s modules into `world`.
pub fn load_sources(world: &mut World, key: &'static str, sources: &'static [(&str, &str)]) {
    for m in &compiled_set(key, sources).modules {
        code_server::load(world, m.clone());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prelude_compiles() {
        let c = super::compiled();
        assert!(c.errors.is_empty(), "{}", c.errors.join("\n"));
        assert!(!c.modules.is_empty());
        let apps = super::compiled_set("apps", crate::apps::SOURCES);
        assert!(apps.errors.is_empty(), "{}", apps.errors.join("\n"));
        assert!(apps
            .modules
            .iter()
            .any(|m| m.name.as_str() == "Elixir.Fleet"));
    }
}
