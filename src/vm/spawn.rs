//! Starting compiled code from the Rust layer: a new process that runs
//! `module.function(args)`. The Rust OTP behaviours use it to start a
//! child written in Elixir, which they cannot run inline (its start
//! function waits in `receive` for its child's `init/1`).

use super::behaviour::VmBehaviour;
use super::proc::VmProc;
use crate::kernel::{Ctx, NodeId, ProcessKind, World};
use crate::term::{Atom, Pid, Term};

/// Spawns a process on `node` running `module.function(args)`; `None` when
/// the function is not compiled code (or the node is down).
pub fn spawn_mfa(
    world: &mut World,
    node: NodeId,
    parent: Option<Pid>,
    module: Atom,
    function: Atom,
    args: Vec<Term>,
) -> Option<Pid> {
    let prepared = VmProc::mfa(world, module, function, args).ok()?;
    let pid = world.spawn(node, parent, false, module, ProcessKind::Worker)?;
    world.install(pid, Box::new(VmBehaviour::new(prepared, module)));
    Some(pid)
}

/// [`spawn_mfa`] by the native behaviour behind `ctx`, as its child on its
/// node: made through the kernel's services, as any behaviour starts one.
pub fn spawn_mfa_child(
    ctx: &mut Ctx,
    module: Atom,
    function: Atom,
    args: Vec<Term>,
) -> Option<Pid> {
    let prepared = VmProc::mfa(ctx.world_ref(), module, function, args).ok()?;
    let pid = ctx.spawn(false, module, ProcessKind::Worker)?;
    ctx.install(pid, Box::new(VmBehaviour::new(prepared, module)));
    Some(pid)
}

/// True when `module.function/arity` is compiled code in `world`.
pub fn is_code(world: &World, module: Atom, function: Atom, arity: usize) -> bool {
    let Ok(arity) = u8::try_from(arity) else {
        return false;
    };
    matches!(
        super::code_server::resolve(world, module, function, arity),
        super::code_server::Target::Code(..)
    )
}
