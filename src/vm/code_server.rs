//! The code server: which modules a world has loaded, and what a call
//! `Module.fun(args)` reaches — compiled code first, then a native, else
//! `:undef`.
//!
//! One table serves every node of a world: a module loaded in the console
//! is loaded everywhere, including on nodes added later (the BEAM loads
//! code per node). Loading a module again replaces it: processes running
//! the old code keep it until their next call through the module name, as
//! after a hot code load on the BEAM (which would also keep the old version
//! around for a second load; here the old code lives as long as anything
//! still runs it).

use super::bif;
use super::code::Module;
use super::prelude::{self, Library};
use crate::kernel::World;
use crate::term::{Atom, Term};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The loaded modules of one world.
#[derive(Clone, Default)]
pub struct CodeServer {
    /// Modules compiled into this world (the user's), by name.
    modules: BTreeMap<Atom, Rc<Module>>,
    /// Elixir libraries whose modules this world has, compiled on first
    /// use ([`prelude`]); a module in `modules` hides theirs.
    libraries: Vec<&'static Library>,
    /// Counts loads, so unique numbers of shell chunks never repeat.
    loads: u64,
    /// Remote calls already resolved to compiled code or a native: a
    /// GenServer's every message makes several (`mod.handle_info/2`,
    /// `Map.put/3`, ...), and resolving one looks at the modules, the
    /// libraries and the natives by name. Emptied whenever the code
    /// changes; never iterated, so its order cannot leak.
    resolved: RefCell<FxHashMap<(Atom, Atom, u8), Target>>,
}

impl CodeServer {
    /// The module called `name`, if loaded: compiled into this world, or
    /// from one of its libraries (compiled now if nothing used it yet).
    pub fn get(&self, name: Atom) -> Option<Rc<Module>> {
        match self.modules.get(&name) {
            Some(m) => Some(m.clone()),
            None => prelude::module(&self.libraries, name),
        }
    }

    /// True when `name` is loaded, without compiling a library's module.
    pub fn has(&self, name: Atom) -> bool {
        self.modules.contains_key(&name) || prelude::defines(&self.libraries, name)
    }

    /// What compiling a call to `name.fun` can know of `name` without
    /// compiling a library module for it ([`prelude::peek`]).
    pub fn peek(&self, name: Atom, fun: &str) -> prelude::Peek {
        match self.modules.get(&name) {
            Some(m) => prelude::Peek::Compiled(m.clone()),
            None => prelude::peek(&self.libraries, name, fun),
        }
    }

    /// The libraries this world has, in install order.
    pub fn libraries(&self) -> &[&'static Library] {
        &self.libraries
    }

    /// Sets the libraries this world has ([`prelude::install`]).
    pub fn install(&mut self, libraries: &[&'static Library]) {
        self.libraries = libraries.to_vec();
        self.resolved.get_mut().clear();
    }

    /// Loads (or replaces) a module; returns the version it replaced.
    pub fn load(&mut self, module: Rc<Module>) -> Option<Rc<Module>> {
        self.loads += 1;
        self.resolved.get_mut().clear();
        self.modules.insert(module.name, module)
    }

    /// Removes a module (`:code.delete/1` and `:code.purge/1` at once).
    pub fn delete(&mut self, name: Atom) -> bool {
        self.resolved.get_mut().clear();
        self.modules.remove(&name).is_some()
    }

    /// Every module compiled into this world (not its libraries'), by name.
    pub fn modules(&self) -> impl Iterator<Item = &Rc<Module>> {
        self.modules.values()
    }

    /// How many loads this world has seen: changes whenever a module is
    /// (re)defined, so a view of the code knows when to look again.
    pub fn loads(&self) -> u64 {
        self.loads
    }

    /// A number no earlier load in this world had (for shell chunks).
    pub fn next_unique(&mut self) -> u64 {
        self.loads += 1;
        self.loads
    }
}

/// What a remote call reaches.
#[derive(Clone)]
pub enum Target {
    /// Compiled code: the module and the function's index.
    Code(Rc<Module>, u32),
    /// A native function, by index in [`bif::table`].
    Native(u32),
    /// A function of the world's Rust OTP layer (`Registry.start_link/1`),
    /// run as the calling process.
    Kernel(crate::kernel::NativeFn),
    /// `child_spec/1` of a Rust-layer module that starts with
    /// `start_link/1`: the spec `use GenServer` would give it.
    DefaultChildSpec(Atom),
    /// Nothing: `function_exported` is false when the module exists.
    Undef {
        /// True when the module exists (the function does not).
        module_exists: bool,
    },
}

/// What `module.name/arity` reaches in `world`.
pub fn resolve(world: &World, module: Atom, name: Atom, arity: u8) -> Target {
    let server = world.ext::<CodeServer>();
    let key = (module, name, arity);
    if let Some(hit) = server.and_then(|c| c.resolved.borrow().get(&key).cloned()) {
        return hit;
    }
    // Code and natives come first and change only with the code server,
    // so only they are remembered.
    let remember = |target: Target| {
        if let Some(c) = server {
            c.resolved.borrow_mut().insert(key, target.clone());
        }
        target
    };
    let loaded = server.and_then(|c| c.get(module));
    if let Some(m) = &loaded {
        if let Some(index) = m.export(name, arity) {
            return remember(Target::Code(m.clone(), index));
        }
    }
    if let Some(index) = bif::lookup(module.as_str(), name.as_str(), arity) {
        // A library module still compiling (or that failed to) may yet
        // define the function: ask again next time.
        let settled = loaded.is_some() || !server.is_some_and(|c| c.has(module));
        let target = Target::Native(index);
        return if settled { remember(target) } else { target };
    }
    if let Some(f) = world.function(&module, &name, usize::from(arity)) {
        return Target::Kernel(f);
    }
    if name.as_str() == "child_spec"
        && arity == 1
        && world
            .function(&module, &Atom::new("start_link"), 1)
            .is_some()
    {
        return Target::DefaultChildSpec(module);
    }
    Target::Undef {
        module_exists: loaded.is_some()
            || bif::module_exists(module.as_str())
            || world.module_loaded(&module),
    }
}

/// The module called `name` in `world`, if loaded.
pub fn module(world: &World, name: Atom) -> Option<Rc<Module>> {
    world.ext::<CodeServer>()?.get(name)
}

/// Loads `module` into `world`; returns the version it replaced.
pub fn load(world: &mut World, module: Rc<Module>) -> Option<Rc<Module>> {
    if let Some(fields) = &module.struct_fields {
        let order = fields
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| k.as_str() != "__exception__")
            .collect();
        crate::term::register_struct(module.name, order);
    }
    world.ext_mut::<CodeServer>().load(module)
}

/// Every function `module` exports in `world`: its compiled code's, its
/// natives' and the world's Rust OTP layer's, sorted by name and arity.
pub fn exports(world: &World, module: Atom) -> Vec<(Atom, u8)> {
    let mut all: std::collections::BTreeSet<(Atom, u8)> = std::collections::BTreeSet::new();
    if let Some(m) = world.ext::<CodeServer>().and_then(|c| c.get(module)) {
        all.extend(m.exports.keys().copied());
    }
    for b in bif::table().iter().filter(|b| b.module == module.as_str()) {
        all.insert((Atom::new(b.name), b.arity));
    }
    all.extend(
        world
            .functions_of(&module)
            .into_iter()
            .filter_map(|(f, a)| Some((f, u8::try_from(a).ok()?))),
    );
    let mut out: Vec<(Atom, u8)> = all.into_iter().collect();
    out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()).then(a.1.cmp(&b.1)));
    out
}

/// True when `module.name/arity` can be called (`function_exported?/3`).
pub fn is_exported(world: &World, module: Atom, name: Atom, arity: u8) -> bool {
    !matches!(resolve(world, module, name, arity), Target::Undef { .. })
}

/// True when `module` exists in `world` in any form.
pub fn is_loaded(world: &World, module: Atom) -> bool {
    world.ext::<CodeServer>().is_some_and(|c| c.has(module))
        || bif::module_exists(module.as_str())
        || world.module_loaded(&module)
}

/// What iex adds to "function M.f/a is undefined or private": the
/// functions of `module` with the same name or a name within a Jaro
/// distance of 0.77, best five first, as `UndefinedFunctionError`
/// suggests them.
pub fn undefined_hint(world: &World, module: Atom, name: Atom, arity: u8) -> String {
    let wanted = name.as_str();
    if crate::lang::compile::is_macro(module, wanted, usize::from(arity)) {
        return format!(
            ". However there is a macro with the same name and arity. Be sure to require {} if you intend to invoke this macro",
            crate::term::inspect(&crate::term::Term::Atom(module))
        );
    }
    let exports: Vec<(Atom, u8)> = exports(world, module)
        .into_iter()
        .filter(|(f, _)| f.as_str() != "__info__" && f.as_str() != "module_info")
        .collect();
    // Other arities of the same name if there are any, else similar names.
    let mut found: Vec<(f64, Atom, u8)> = exports
        .iter()
        .filter(|(f, _)| *f == name)
        .map(|(f, a)| (1.0, *f, *a))
        .collect();
    if found.is_empty() {
        found = exports
            .into_iter()
            .filter_map(|(f, a)| {
                let d = crate::vm::bif::jaro_distance(f.as_str(), wanted);
                (d >= 0.77).then_some((d, f, a))
            })
            .collect();
    }
    if found.is_empty() {
        return String::new();
    }
    found.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    found.truncate(5);
    found.sort_by(|a, b| a.1.as_str().cmp(b.1.as_str()).then(a.2.cmp(&b.2)));
    let lines: String = found
        .iter()
        .map(|(_, f, a)| {
            format!(
                "      * {}/{a}\n",
                crate::term::inspect_atom(f.as_str()).trim_start_matches(':')
            )
        })
        .collect();
    format!(". Did you mean:\n\n{lines}")
}

/// The child spec `use GenServer` gives `module` for `arg`.
pub fn default_child_spec(module: Atom, arg: Term) -> Term {
    Term::map([
        (Term::atom("id"), Term::Atom(module)),
        (
            Term::atom("start"),
            Term::tuple([
                Term::Atom(module),
                Term::atom("start_link"),
                Term::list(vec![arg]),
            ]),
        ),
    ])
}
