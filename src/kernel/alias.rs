//! Process aliases (OTP 24 and later): a reference that delivers what is
//! sent to it to the process that made it while the alias is active, and
//! drops it afterwards. `GenServer.call` replies to an alias made with its
//! monitor (`:erlang.monitor(:process, pid, alias: :demonitor)`), so a
//! reply that arrives after the call timed out is dropped instead of
//! landing in the caller's mailbox.

use super::world::World;
use crate::term::{Pid, Ref};

impl World {
    /// `:erlang.alias/0`: a new active alias of `owner`.
    pub fn alias(&mut self, owner: Pid) -> Ref {
        let r = self.make_ref_of(owner);
        self.aliases.insert(r, owner);
        r
    }

    /// A monitor of `target` whose reference is also an alias of
    /// `watcher`, deactivated with the monitor (`alias: :demonitor`).
    pub fn monitor_alias(&mut self, watcher: Pid, target: Pid) -> Ref {
        let r = self.monitor(watcher, target);
        self.aliases.insert(r, watcher);
        r
    }

    /// `:erlang.unalias/1`: true when `r` was an active alias of `owner`.
    pub fn unalias(&mut self, owner: Pid, r: Ref) -> bool {
        if self.aliases.get(&r) == Some(&owner) {
            self.aliases.remove(&r);
            return true;
        }
        false
    }

    /// The process an active alias delivers to.
    pub fn alias_owner(&self, r: Ref) -> Option<Pid> {
        self.aliases.get(&r).copied()
    }

    /// Forgets the aliases of a process that died.
    pub(crate) fn drop_aliases_of(&mut self, pid: Pid) {
        if !self.aliases.is_empty() {
            self.aliases.retain(|_, owner| *owner != pid);
        }
    }
}
