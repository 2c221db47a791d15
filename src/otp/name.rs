//! Names a process can be reached by, as `GenServer` resolves them.
//!
//! A name is a pid, a local atom, `{atom, node}`, `{:via, Registry, {reg, key}}`,
//! `{:global, name}` or `{:via, :global, name}`.
//! Resolution happens at the moment of the send, so a name that has moved
//! to a restarted process reaches the new one.

use super::{global, registry};
use crate::kernel::{NodeId, World};
use crate::term::{Atom, Pid, Term};

/// Why a name could not be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// Someone already has it.
    Taken(Pid),
    /// It is not a name (`name:` must be an atom or a via tuple).
    Invalid,
}

/// The pid behind `name`, looked up from `node`. A pid resolves to itself,
/// even when dead (a call to it then fails with `:noproc`).
pub fn whereis(world: &World, node: NodeId, name: &Term) -> Option<Pid> {
    match name {
        Term::Pid(pid) => Some(*pid),
        Term::Atom(atom) => world.whereis(node, atom),
        Term::Tuple(parts, _) => match &parts[..] {
            [tag, inner] if tag.is_atom("global") => global::whereis(world, node, inner),
            [Term::Atom(name), Term::Atom(node_name)] => {
                let node = world.node_id(node_name.as_str())?;
                world.whereis(node, name)
            }
            [via, module, inner] if via.is_atom("via") && module.is_atom("Elixir.Registry") => {
                let [reg, key] = inner.as_tuple()? else {
                    return None;
                };
                registry::whereis(world, node, &Atom::new(reg.as_atom()?), key)
            }
            [via, module, inner] if via.is_atom("via") && module.is_atom("global") => {
                global::whereis(world, node, inner)
            }
            [tag, inner] if tag.is_atom("global") => global::whereis(world, node, inner),
            _ => None,
        },
        _ => None,
    }
}

/// Registers `pid` under `name` (an atom or a Registry via tuple).
pub fn register(world: &mut World, name: &Term, pid: Pid) -> Result<(), RegisterError> {
    match name {
        Term::Atom(atom) => world.register_name(atom, pid).map_err(|owner| match owner {
            Some(owner) => RegisterError::Taken(owner),
            None => RegisterError::Invalid,
        }),
        Term::Tuple(parts, _) => match &parts[..] {
            [via, module, inner] if via.is_atom("via") && module.is_atom("Elixir.Registry") => {
                let Some([reg, key]) = inner.as_tuple() else {
                    return Err(RegisterError::Invalid);
                };
                let reg = Atom::new(reg.as_atom().ok_or(RegisterError::Invalid)?);
                registry::register_name(world, &reg, key, pid)
            }
            [via, module, inner] if via.is_atom("via") && module.is_atom("global") => {
                register_global(world, inner, pid)
            }
            [tag, inner] if tag.is_atom("global") => register_global(world, inner, pid),
            _ => Err(RegisterError::Invalid),
        },
        _ => Err(RegisterError::Invalid),
    }
}

/// Registers a `{:global, name}` with the default resolver.
fn register_global(world: &mut World, name: &Term, pid: Pid) -> Result<(), RegisterError> {
    if global::register(world, pid.node, name, pid, global::Resolver::RandomExit) {
        Ok(())
    } else {
        match global::whereis(world, pid.node, name) {
            Some(owner) => Err(RegisterError::Taken(owner)),
            None => Err(RegisterError::Invalid),
        }
    }
}

/// True for a well-formed name (what `GenServer.call/3` accepts as a target).
pub fn is_name(term: &Term) -> bool {
    match term {
        Term::Pid(_) | Term::Atom(_) => true,
        Term::Tuple(parts, _) => match &parts[..] {
            [Term::Atom(_), Term::Atom(_)] => true,
            [via, Term::Atom(_), _] => via.is_atom("via"),
            [global, _] => global.is_atom("global"),
            _ => false,
        },
        _ => false,
    }
}
