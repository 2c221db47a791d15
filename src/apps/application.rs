//! The application master: the process that starts an application's top
//! supervisor and notices when it stops, as OTP's `application_master` does.

use crate::kernel::{apply, Ctx, NodeId, ProcessKind, World};
use crate::otp::gen_server::{self, GenServer, Init, Next, StartOpts};
use crate::term::{Atom, Term};
use std::any::Any;

/// An application master for one application.
#[derive(Clone)]
struct Master {
    app: Atom,
    start: (Atom, Atom),
}

impl GenServer for Master {
    fn module(&self) -> Atom {
        Atom::new("application_master")
    }

    fn kind(&self) -> ProcessKind {
        ProcessKind::Worker
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        ctx.trap_exit(true);
        let (m, f) = self.start;
        match apply(ctx, &m, &f, &[]) {
            Ok(result) if gen_server::started_pid(&result).is_some() => Init::Ok,
            Ok(other) => Init::Stop(other),
            Err(reason) => Init::Stop(reason),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        // The top supervisor exited: the (temporary) application stops.
        if let Some([tag, _, reason]) = msg.as_tuple() {
            if tag.is_atom("EXIT") {
                stopped(ctx, self.app, reason);
                return Next::Stop(Term::atom("normal"));
            }
        }
        Next::NoReply
    }

    fn state(&self) -> Term {
        Term::Atom(self.app)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Application `app`, whose master runs `ctx`, stopped for `reason`: in
/// the node's log and the trace, as the master written in Elixir reports
/// it (`vm::bif::stop_report`).
fn stopped(ctx: &mut Ctx, app: Atom, reason: &Term) {
    let (text, record) = crate::vm::bif::stop_report(ctx.me(), &Term::Atom(app), reason);
    ctx.log("notice", text);
    ctx.record(record);
}

/// Starts application `app` on `node` by applying `module.function()`:
/// in the application master written in Elixir (`:application_master`
/// in the prelude) when that function is compiled code, else in the Rust
/// master above, which applies a native start function inline.
pub fn start(world: &mut World, node: NodeId, app: &str, module: &str, function: &str) {
    let controller = Atom::new("application_controller");
    let root = match world.whereis(node, &controller) {
        Some(pid) => pid,
        None => {
            let Some(pid) = world.spawn(node, None, false, controller, ProcessKind::Shell) else {
                return;
            };
            let _ = world.register_name(&controller, pid);
            pid
        }
    };
    let (module, function) = (Atom::new(module), Atom::new(function));
    if crate::vm::spawn::is_code(world, module, function, 0) {
        let args = vec![Term::atom(app), Term::Atom(module), Term::Atom(function)];
        let master = Atom::new("application_master");
        crate::vm::spawn::spawn_mfa(world, node, Some(root), master, Atom::new("start_it"), args);
        return;
    }
    let master = Master {
        app: Atom::new(app),
        start: (module, function),
    };
    gen_server::start(
        &mut Ctx::new(world, root),
        master,
        StartOpts {
            name: None,
            link: false,
        },
    );
}
