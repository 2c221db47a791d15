//! [`Ctx`]: what a behaviour may do while it handles a message.
//!
//! A behaviour written in Rust never holds the world. It changes it only
//! through [`Effect`]s, which the kernel applies ([`Ctx::apply`] and the
//! methods named after the effects: `send`, `exit`, `link`, `record` …),
//! and asks the kernel a few synchronous services whose answer it needs at
//! once: a reference, a monitor, a name, a new child (its `init` runs
//! inside the parent's handler, as `proc_lib` makes a parent wait for its
//! child's ack), the contents of a table it owns. Reading is free:
//! [`Ctx::world_ref`] looks things up (names, tables, nodes) and changes
//! nothing.
//!
//! Compiled code is run by the interpreter, the kernel's own runner, which
//! is handed the world itself (see [`super::Slice`]); everything else acts
//! as here.

use super::effect::Effect;
use super::tables::TableData;
use super::{Behaviour, NodeId, ProcessKind, Time, TraceKind, World};
use crate::term::{Atom, Pid, Ref, Term};

/// The running process's handle on the world.
pub struct Ctx<'w> {
    world: &'w mut World,
    me: Pid,
}

impl<'w> Ctx<'w> {
    /// A context acting as `me`.
    pub fn new(world: &'w mut World, me: Pid) -> Ctx<'w> {
        Ctx { world, me }
    }

    /// `self()`.
    pub fn me(&self) -> Pid {
        self.me
    }

    /// `node()` as an index.
    pub fn node(&self) -> NodeId {
        self.me.node
    }

    /// Current virtual time in microseconds.
    pub fn now(&self) -> Time {
        self.world.now()
    }

    /// Read-only view of the world, for lookups.
    pub fn world_ref(&self) -> &World {
        self.world
    }

    /// Runs `f` acting as another process (a child during its `init`).
    pub fn as_process<R>(&mut self, pid: Pid, f: impl FnOnce(&mut Ctx) -> R) -> R {
        f(&mut Ctx::new(self.world, pid))
    }

    // ---- effects ------------------------------------------------------------

    /// Has the kernel apply `effect` now, as this process.
    pub fn apply(&mut self, effect: Effect) {
        self.world.apply_effect(self.me, effect);
    }

    /// `send(to, msg)`.
    pub fn send(&mut self, to: Pid, msg: Term) {
        self.apply(Effect::Send { to, msg });
    }

    /// Sends to a locally registered name; false when nobody has it.
    pub fn send_named(&mut self, name: &Atom, msg: Term) -> bool {
        match self.world.whereis(self.me.node, name) {
            Some(pid) => {
                self.send(pid, msg);
                true
            }
            None => false,
        }
    }

    /// `Process.exit(target, reason)`.
    pub fn exit(&mut self, target: Pid, reason: Term) {
        self.apply(Effect::Exit { to: target, reason });
    }

    /// `Process.link(other)`.
    pub fn link(&mut self, other: Pid) {
        self.apply(Effect::Link(other));
    }

    /// `Process.unlink(other)`.
    pub fn unlink(&mut self, other: Pid) {
        self.apply(Effect::Unlink(other));
    }

    /// `Process.demonitor(ref)`.
    pub fn demonitor(&mut self, r: Ref) {
        self.apply(Effect::Demonitor(r));
    }

    /// `Process.flag(:trap_exit, on)`.
    pub fn trap_exit(&mut self, on: bool) {
        self.apply(Effect::TrapExit(on));
    }

    /// `Process.send_after(to, msg, ms)`: the timer's reference.
    pub fn send_after(&mut self, to: Pid, msg: Term, after_ms: u64) -> Ref {
        let timer = self.make_ref();
        self.apply(Effect::SendAfter {
            timer,
            to,
            msg,
            after_ms,
        });
        timer
    }

    /// `Process.cancel_timer(ref)`.
    pub fn cancel_timer(&mut self, r: Ref) {
        self.apply(Effect::CancelTimer(r));
    }

    /// Spends virtual time: the next message starts no earlier than `now + duration`.
    pub fn consume(&mut self, duration: Time) {
        self.apply(Effect::Consume(duration));
    }

    /// Records an event the OTP layer observed (a restart, a shutdown).
    pub fn record(&mut self, kind: TraceKind) {
        self.apply(Effect::Record(kind));
    }

    /// Appends a line to this node's log.
    pub fn log(&mut self, level: &'static str, text: String) {
        self.apply(Effect::Log { level, text });
    }

    /// Ends `pid` now with `reason` (see [`Effect::Die`]).
    pub fn kill_now(&mut self, pid: Pid, reason: Term) {
        self.apply(Effect::Die { pid, reason });
    }

    /// Gives `pid`, spawned by [`Ctx::spawn`], its code.
    pub fn install(&mut self, pid: Pid, behaviour: Box<dyn Behaviour>) {
        self.apply(Effect::Install { pid, behaviour });
    }

    /// Creates (or replaces) the table `name` on this node, owned by `owner`.
    pub fn create_table(&mut self, name: Atom, owner: Pid, data: Box<dyn TableData>) {
        self.apply(Effect::CreateTable { name, owner, data });
    }

    /// `:net_kernel.monitor_nodes(on)`.
    pub fn monitor_nodes(&mut self, on: bool) {
        self.apply(Effect::MonitorNodes(on));
    }

    /// Broadcasts `payload` to UDP `port` everywhere.
    pub fn udp_broadcast(&mut self, port: u16, payload: Term) {
        self.apply(Effect::UdpBroadcast { port, payload });
    }

    /// Connects this node to `node` unless it already is.
    pub fn connect(&mut self, node: NodeId) {
        self.apply(Effect::Connect(node));
    }

    // ---- services: what the process needs an answer to ------------------------

    /// `make_ref()`.
    pub fn make_ref(&mut self) -> Ref {
        self.world.make_ref(self.me.node)
    }

    /// `Process.monitor(target)`.
    pub fn monitor(&mut self, target: Pid) -> Ref {
        self.world.monitor(self.me, target)
    }

    /// A new process on this node with this one as its parent (linked to it
    /// when `link`), and no code until [`Ctx::install`] gives it some.
    /// `None` when the node is down or its process table is full.
    pub fn spawn(&mut self, link: bool, module: Atom, kind: ProcessKind) -> Option<Pid> {
        self.world
            .spawn(self.me.node, Some(self.me), link, module, kind)
    }

    /// Registers `pid` under `name`: an atom, or a via name the OTP layer
    /// resolves (see [`World::register_term`]). Fails with the current owner
    /// when the name is taken, or `None` when it cannot be taken.
    pub fn register(&mut self, name: &Term, pid: Pid) -> Result<(), Option<Pid>> {
        self.world.register_term(name, pid)
    }

    /// The contents of the table `name` on this node, as `T`, when this
    /// process owns it: as ETS's protected tables, only the owner writes.
    pub fn table_mut<T: 'static>(&mut self, name: &Atom) -> Option<&mut T> {
        let me = self.me;
        self.world
            .table_mut(me.node, name)
            .filter(|t| t.owner == me)?
            .get_mut()
    }

    /// Delivers `msg` to `pid` and runs its handler now, inside this one:
    /// the `:EXIT` of a supervisor's ordered shutdown, which on the BEAM
    /// waits for the child to go (see `otp/shutdown.rs`).
    pub fn handle_now(&mut self, pid: Pid, msg: Term) {
        self.world.handle_now(pid, msg);
    }

    /// Opens UDP `port` for this process, dropping unread every heartbeat
    /// `prefix <> term_to_binary(node)` from a node it already knows (see
    /// `kernel/datagram.rs`): the socket's term.
    pub fn udp_open_heartbeats(&mut self, port: u16, prefix: &[u8]) -> Term {
        self.world.udp_drop_known_heartbeats(self.me, port, prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::WorldConfig;

    fn shell(world: &mut World) -> Pid {
        world
            .spawn(0, None, false, Atom::new("t"), ProcessKind::Shell)
            .expect("node is up")
    }

    #[test]
    fn a_process_writes_only_the_tables_it_owns() {
        let mut world = World::new(WorldConfig::default());
        let (owner, other) = (shell(&mut world), shell(&mut world));
        let name = Atom::new("t");
        let mut ctx = Ctx::new(&mut world, owner);
        ctx.create_table(name, owner, Box::new(1_i64));
        *ctx.table_mut::<i64>(&name).expect("owned") += 1;
        assert!(ctx.table_mut::<u8>(&name).is_none(), "wrong type");
        let mut ctx = Ctx::new(&mut world, other);
        assert!(ctx.table_mut::<i64>(&name).is_none(), "not its table");
        assert_eq!(world.table(0, &name).and_then(|t| t.get::<i64>()), Some(&2));
    }

    #[test]
    fn without_a_registrar_only_atoms_are_names() {
        let mut world = World::new(WorldConfig::default());
        let (a, b) = (shell(&mut world), shell(&mut world));
        let mut ctx = Ctx::new(&mut world, a);
        assert_eq!(ctx.register(&Term::atom("x"), a), Ok(()));
        assert_eq!(ctx.register(&Term::atom("x"), b), Err(Some(a)));
        let via = Term::tuple([Term::atom("global"), Term::atom("y")]);
        assert_eq!(ctx.register(&via, b), Err(None));
    }

    #[test]
    fn effects_apply_in_the_order_they_are_made() {
        let mut world = World::new(WorldConfig::default());
        let (a, b) = (shell(&mut world), shell(&mut world));
        let mut ctx = Ctx::new(&mut world, a);
        ctx.send(b, Term::Int(1));
        let child = ctx.spawn(true, Atom::new("c"), ProcessKind::Shell);
        ctx.send(b, Term::Int(2));
        let timer = ctx.send_after(b, Term::Int(3), 5);
        assert!(child.is_some_and(|c| world.is_alive(c)));
        assert!(world.read_timer(timer).is_some());
        world.run_until(10 * crate::kernel::MS);
        let got: Vec<Term> = world.mailbox(b).cloned().collect();
        assert_eq!(got, vec![Term::Int(1), Term::Int(2), Term::Int(3)]);
    }
}
