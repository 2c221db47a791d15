//! Locally registered names (`Process.register/2`, `name: Foo`).

use super::world::World;
use super::TraceKind;
use crate::term::{Atom, Pid, Term};

/// Registers a pid under a name term, for [`World::register_term`]: the
/// OTP layer's, which knows via names (`{:via, Registry, …}`,
/// `{:global, …}`). Fails as [`World::register_name`] does.
pub type Registrar = fn(&mut World, &Term, Pid) -> Result<(), Option<Pid>>;

impl World {
    /// Makes [`World::register_term`] take names through `registrar`.
    pub fn set_registrar(&mut self, registrar: Registrar) {
        self.registrar = Some(registrar);
    }

    /// Registers `pid` under `name`: through the registrar when one is set,
    /// else only atoms, as [`World::register_name`]. This is how a
    /// behaviour takes a name ([`super::Ctx::register`]) without holding the
    /// world.
    pub fn register_term(&mut self, name: &Term, pid: Pid) -> Result<(), Option<Pid>> {
        match (self.registrar, name) {
            (Some(registrar), _) => registrar(self, name, pid),
            (None, Term::Atom(atom)) => self.register_name(atom, pid),
            (None, _) => Err(None),
        }
    }

    /// Registers `name` for `pid` on its node. Fails with the current owner
    /// when the name is taken, or with `None` when `pid` is dead or already named.
    pub fn register_name(&mut self, name: &Atom, pid: Pid) -> Result<(), Option<Pid>> {
        if let Some(owner) = self.whereis(pid.node, name) {
            return Err(Some(owner));
        }
        let Some(process) = self.process_mut(pid) else {
            return Err(None);
        };
        if process.name.is_some() {
            return Err(None);
        }
        process.name = Some(*name);
        if let Some(node) = self.nodes.get_mut(pid.node as usize) {
            node.names.insert(*name, pid);
        }
        let now = self.now;
        self.trace.record(
            self.cause,
            now,
            TraceKind::Register {
                name: Term::Atom(*name),
                pid,
            },
        );
        Ok(())
    }

    /// Removes a registered name; true when it existed.
    pub fn unregister_name(&mut self, node: u32, name: &Atom) -> bool {
        let Some(pid) = self
            .nodes
            .get_mut(node as usize)
            .and_then(|n| n.names.remove(name))
        else {
            return false;
        };
        if let Some(process) = self.process_mut(pid) {
            process.name = None;
        }
        let now = self.now;
        self.trace.record(
            self.cause,
            now,
            TraceKind::Unregister {
                name: Term::Atom(*name),
                pid,
            },
        );
        true
    }

    /// The pid registered under `name` on `node`.
    pub fn whereis(&self, node: u32, name: &Atom) -> Option<Pid> {
        self.nodes.get(node as usize)?.names.get(name).copied()
    }

    /// Every registered name on `node`, in name order.
    pub fn registered(&self, node: u32) -> Vec<(Atom, Pid)> {
        self.nodes
            .get(node as usize)
            .map(|n| n.names.iter().map(|(a, p)| (*a, *p)).collect())
            .unwrap_or_default()
    }
}
