//! `KVServer.Command.run/1` through the router. Under the routing table
//! the registry operation (`create`, `lookup`) runs on the bucket's node,
//! then the bucket's Agent is called straight from the client, wherever it
//! lives. Under the hash router the command goes to the shard fleet
//! ([`super::store`]).

use super::protocol::{self, Command, NOT_FOUND, OK, UNKNOWN_COMMAND};
use super::router::{self, RouteError};
use super::{bucket, registry};
use crate::kernel::World;
use crate::otp::call::Budget;
use crate::term::{Pid, Term};

/// Why a command did not run.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// `{:error, :not_found}`: no such bucket.
    NotFound,
    /// Routing failed, or a call exited (the guide's server would crash here).
    Route(RouteError),
}

/// The local registry's name, resolved on whichever node the lookup runs.
fn registry_name() -> Term {
    Term::atom(registry::MODULE)
}

/// Runs a parsed command as `caller`; the reply bytes on success.
pub fn run(
    world: &mut World,
    caller: Pid,
    command: &Command,
    budget: &mut Budget,
) -> Result<Vec<u8>, Failure> {
    if router::current(world) == router::Router::Hash {
        return super::store::run(world, caller, command, budget);
    }
    if let Command::Create(name) = command {
        router::route(world, caller, name, budget, |w, p, _| {
            Ok(registry::create(w, p, &registry_name(), name))
        })
        .map_err(Failure::Route)?;
        return Ok(OK.to_vec());
    }
    let name = command.bucket();
    let (_, found) = router::route(world, caller, name, budget, |w, p, b| {
        registry::lookup(w, p, &registry_name(), name, b)
    })
    .map_err(Failure::Route)?;
    let pid = match found.as_tuple() {
        Some([ok, pid]) if ok.is_atom("ok") => pid.clone(),
        _ => return Err(Failure::NotFound),
    };
    let fail = |e| Failure::Route(RouteError::Call(e));
    match command {
        Command::Get(_, key) => {
            let value = bucket::get(world, caller, &pid, key, budget).map_err(fail)?;
            Ok(protocol::value_reply(&value))
        }
        Command::Put(_, key, value) => {
            bucket::put(world, caller, &pid, key, value, budget).map_err(fail)?;
            Ok(OK.to_vec())
        }
        Command::Delete(_, key) => {
            bucket::delete(world, caller, &pid, key, budget).map_err(fail)?;
            Ok(OK.to_vec())
        }
        Command::Create(_) => Ok(OK.to_vec()),
    }
}

/// Parses and runs one line as `caller`. Unknown commands and missing
/// buckets are replies (`UNKNOWN COMMAND`, `NOT FOUND`); a routing failure
/// is an error, for the caller to raise or to answer `ERROR`.
pub fn execute(
    world: &mut World,
    caller: Pid,
    line: &[u8],
    budget: &mut Budget,
) -> Result<Vec<u8>, RouteError> {
    let Ok(command) = protocol::parse(line) else {
        return Ok(UNKNOWN_COMMAND.to_vec());
    };
    match run(world, caller, &command, budget) {
        Ok(reply) => Ok(reply),
        Err(Failure::NotFound) => Ok(NOT_FOUND.to_vec()),
        Err(Failure::Route(e)) => Err(e),
    }
}
