//! The standard library written in Elixir: everything that calls back
//! into user code (`Enum.map/2`, `GenServer`, `Supervisor`, `Agent`,
//! `Task` ...), so that it can wait and be preempted like any process's
//! code. Compiled once per thread, loaded into every world.

use super::code::Module;
use super::code_server::{self, CodeServer};
use crate::kernel::World;
use std::cell::RefCell;
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
];

thread_local! {
    static COMPILED: RefCell<Option<Rc<Compiled>>> = const { RefCell::new(None) };
}

/// The compiled prelude, and what failed to compile (empty when all is well).
pub struct Compiled {
    /// Every module, in load order.
    pub modules: Vec<Rc<Module>>,
    /// `file: error` for each source that did not compile.
    pub errors: Vec<String>,
}

fn compile_all() -> Compiled {
    let mut scratch = World::new(crate::kernel::WorldConfig {
        seed: 0,
        trace: false,
    });
    let mut errors = Vec::new();
    for (file, source) in SOURCES {
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
        .map(|c| c.modules().cloned().collect())
        .unwrap_or_default();
    Compiled { modules, errors }
}

/// The prelude, compiled on first use on this thread.
pub fn compiled() -> Rc<Compiled> {
    COMPILED.with(|c| {
        let mut slot = c.borrow_mut();
        match &*slot {
            Some(done) => done.clone(),
            None => {
                let done = Rc::new(compile_all());
                *slot = Some(done.clone());
                done
            }
        }
    })
}

/// Loads the prelude into `world`.
pub fn load(world: &mut World) {
    for m in &compiled().modules {
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
    }
}
