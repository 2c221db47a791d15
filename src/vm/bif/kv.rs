//! What the KV store (`src/apps/ex/kv.ex`) asks of the simulation: its
//! client history, for the linearizability check (`apps/kv/history.rs`).

use super::{Bif, Native};
use crate::apps::kv::history;
use crate::term::Term;
use crate::vm::exception::Res;

/// `:otpsim.kv_invoke(line)`: records the caller invoking `line`; an id for
/// `kv_complete/2`, or `nil` when the line is not a key operation.
fn kv_invoke(n: &mut Native, args: &[Term]) -> Res {
    let line = String::from_utf8_lossy(args[0].as_binary().unwrap_or_default()).into_owned();
    let me = n.me;
    Ok(history::invoke(n.world, me, &line).map_or_else(Term::nil, |id| Term::Int(id as i64)))
}

/// `:otpsim.kv_complete(id, reply)`: records the reply to `id`.
fn kv_complete(n: &mut Native, args: &[Term]) -> Res {
    if let (Some(id), Some(reply)) = (args[0].as_int(), args[1].as_binary()) {
        let reply = String::from_utf8_lossy(reply).into_owned();
        history::complete(n.world, id as u64, &reply);
    }
    Ok(Term::ok())
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("otpsim", "kv_invoke", 1, kv_invoke),
    Bif::world("otpsim", "kv_complete", 2, kv_complete),
];
