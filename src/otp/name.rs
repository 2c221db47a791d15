//! Names a process can be reached by, as `GenServer` resolves them.
//!
//! A name is a pid, a local atom, `{atom, node}`, `{:via, module, term}`
//! or `{:global, name}` (the same as `{:via, :global, name}`).
//! Resolution happens at the moment of the send, so a name that has moved
//! to a restarted process reaches the new one.
//!
//! Via names are resolved by whoever registered a [`Resolver`] for the
//! module with the world ([`add_resolver`]): `Registry` and `:global` do,
//! when [`super::load`] loads them. This module knows neither, so the
//! layers stay one-way (they call it to resolve names; it never calls them).

use crate::kernel::{NodeId, World};
use crate::term::{Atom, Pid, Term};
use std::collections::BTreeMap;

/// How one via module (`Elixir.Registry`, `global`) finds and takes names.
#[derive(Clone, Copy)]
pub struct Resolver {
    /// The pid behind the name's term, looked up from a node.
    pub whereis: fn(&World, NodeId, &Term) -> Option<Pid>,
    /// Registers a pid under the name's term.
    pub register: fn(&mut World, &Term, Pid) -> Result<(), RegisterError>,
}

/// The world's resolvers, by via module (a piece of world state the OTP
/// layer keeps, so snapshots carry it).
#[derive(Clone, Default)]
struct Resolvers(BTreeMap<Atom, Resolver>);

/// Makes `{:via, module, term}` names resolve through `resolver`, for
/// the world's own registration too ([`World::register_term`], which
/// behaviours reach through their `Ctx`).
pub fn add_resolver(world: &mut World, module: &str, resolver: Resolver) {
    world
        .ext_mut::<Resolvers>()
        .0
        .insert(Atom::new(module), resolver);
    world.set_registrar(registrar);
}

/// [`register`] as the world's [`crate::kernel::Registrar`].
fn registrar(world: &mut World, name: &Term, pid: Pid) -> Result<(), Option<Pid>> {
    register(world, name, pid).map_err(|e| match e {
        RegisterError::Taken(owner) => Some(owner),
        RegisterError::Invalid => None,
    })
}

/// The resolver for via module `module`, if one was added.
fn resolver(world: &World, module: &Term) -> Option<Resolver> {
    let Term::Atom(module) = module else {
        return None;
    };
    world.ext::<Resolvers>()?.0.get(module).copied()
}

/// `{:global, name}` is `{:via, :global, name}`.
fn global() -> Term {
    Term::atom("global")
}

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
            [tag, inner] if tag.is_atom("global") => {
                (resolver(world, &global())?.whereis)(world, node, inner)
            }
            [Term::Atom(name), Term::Atom(node_name)] => {
                let node = world.node_by_atom(node_name)?;
                world.whereis(node, name)
            }
            [via, module, inner] if via.is_atom("via") => {
                (resolver(world, module)?.whereis)(world, node, inner)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Registers `pid` under `name` (an atom or a via tuple whose module has
/// a resolver).
pub fn register(world: &mut World, name: &Term, pid: Pid) -> Result<(), RegisterError> {
    match name {
        Term::Atom(atom) => world.register_name(atom, pid).map_err(|owner| match owner {
            Some(owner) => RegisterError::Taken(owner),
            None => RegisterError::Invalid,
        }),
        Term::Tuple(parts, _) => {
            let (module, inner) = match &parts[..] {
                [via, module, inner] if via.is_atom("via") => (module.clone(), inner),
                [tag, inner] if tag.is_atom("global") => (global(), inner),
                _ => return Err(RegisterError::Invalid),
            };
            let resolver = resolver(world, &module).ok_or(RegisterError::Invalid)?;
            (resolver.register)(world, inner, pid)
        }
        _ => Err(RegisterError::Invalid),
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
