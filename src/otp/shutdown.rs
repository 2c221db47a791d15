//! Stopping a child in order, as a supervisor does.
//!
//! OTP's supervisor unlinks the child, sends it an exit signal (`:shutdown`,
//! or `:kill` for `:brutal_kill`) and waits for it to go. Here the child's
//! last act runs at once: a child that traps exits handles its `:EXIT` now
//! (a GenServer runs `terminate/2`, a supervisor stops its own children
//! first), and one that does not stop within its handler is killed, as a
//! timeout would. So children go one by one in the order the caller chooses.

use super::child_spec::Shutdown;
use crate::kernel::Ctx;
use crate::term::{Pid, Term};

/// Stops `child` of the supervisor behind `ctx` and returns its exit reason.
pub fn shutdown_child(ctx: &mut Ctx, child: Pid, how: Shutdown) -> Term {
    let me = ctx.me();
    ctx.unlink(child);
    if !ctx.world_ref().is_alive(child) {
        return Term::atom("noproc");
    }
    let shutdown = Term::atom("shutdown");
    match how {
        Shutdown::BrutalKill => {
            ctx.kill_now(child, Term::atom("killed"));
            Term::atom("killed")
        }
        Shutdown::Timeout(_) | Shutdown::Infinity => {
            let world = ctx.world_ref();
            if world.traps_exit(child) && world.behaviour(child).is_some() {
                let exit = Term::tuple([Term::atom("EXIT"), Term::Pid(me), shutdown.clone()]);
                ctx.handle_now(child, exit);
            }
            let world = ctx.world_ref();
            if world.is_alive(child) {
                let reason = if world.traps_exit(child) {
                    Term::atom("killed")
                } else {
                    shutdown.clone()
                };
                ctx.kill_now(child, reason.clone());
                reason
            } else {
                shutdown
            }
        }
    }
}
