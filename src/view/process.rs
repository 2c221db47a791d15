//! The process inspector: everything the page shows about one process —
//! names, module, what it is doing or waiting for, its mailbox, links and
//! monitors, dictionary, a GenServer's state, and where it sits in its
//! supervision tree. Read from the world without running anything, so it
//! follows the time scrubber: seek the world, look again.

use crate::kernel::{ProcessKind, World};
use crate::otp::{global, registry};
use crate::term::{inspect, inspect_brief, Atom, Pid, Term};
use crate::vm::behaviour::VmBehaviour;
use serde::Serialize;

/// Messages of the mailbox the inspector lists, oldest first.
pub const MAILBOX_SHOWN: usize = 50;
/// Characters of one printed term the inspector keeps.
const TERM_CHARS: usize = 2_000;

/// One process, as the inspector shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcessView {
    /// The pid as iex prints it.
    pub pid: String,
    /// Its node.
    pub node: String,
    /// Locally registered name.
    pub name: Option<String>,
    /// Registry keys it holds (`Fleet.Registry 3`): its via names.
    pub via: Vec<String>,
    /// `:global` names it holds, as its node sees them.
    pub global: Vec<String>,
    /// The module it runs (a GenServer's callback module).
    pub module: String,
    /// `supervisor`, `worker` or `shell`.
    pub kind: &'static str,
    /// What it is doing: `runnable`, `waiting for a message`, `waiting for
    /// a reply from #PID<...>`, `suspended`, ...
    pub status: String,
    /// For compiled code, the `receive` it waits in, as written.
    pub waiting_in: Option<String>,
    /// For compiled code, the function it is in (`Fleet.UserWorker.handle_call/3`).
    pub current_function: Option<String>,
    /// Messages waiting.
    pub mailbox_len: usize,
    /// The first [`MAILBOX_SHOWN`] of them, printed.
    pub messages: Vec<String>,
    /// Linked pids.
    pub links: Vec<String>,
    /// Pids it monitors.
    pub monitors: Vec<String>,
    /// Pids that monitor it.
    pub monitored_by: Vec<String>,
    /// Whether it traps exits.
    pub trap_exit: bool,
    /// Its process dictionary, `{key, value}` printed.
    pub dictionary: Vec<(String, String)>,
    /// A GenServer's state, printed.
    pub state: Option<String>,
    /// Reductions run (compiled code; one per call, as on the BEAM).
    pub reductions: u64,
    /// Its supervisors, from the application's top one down to its own
    /// (name or module of each).
    pub ancestors: Vec<String>,
    /// When it was spawned (virtual µs).
    pub spawned_at: u64,
}

fn printed(t: &Term) -> String {
    let mut s = inspect_brief(t);
    if s.len() > TERM_CHARS {
        let mut cut = TERM_CHARS;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str(" ...");
    }
    s
}

fn pid_text(pid: Pid) -> String {
    inspect(&Term::Pid(pid))
}

/// A function as Elixir prints it in a stacktrace: `Mod.fun/arity` (an
/// anonymous function as `anonymous fn/1 in Mod.fun/0`).
fn function_text(module: Atom, fun: Atom, arity: u8) -> String {
    crate::vm::exception::mfa_text(
        &Term::Atom(module),
        &Term::Atom(fun),
        &Term::Int(i64::from(arity)),
    )
}

/// The inspector's view of `pid`, or `None` when it is not alive.
pub fn process(world: &World, pid: Pid) -> Option<ProcessView> {
    let info = world.process_info(pid)?;
    let node = pid.node;
    let vm = world
        .behaviour(pid)
        .and_then(|b| b.as_any().downcast_ref::<VmBehaviour>());
    let via = registry::registries(world, node)
        .into_iter()
        .flat_map(|reg| {
            registry::all(world, node, &reg)
                .into_iter()
                .filter(|(_, p, _)| *p == pid)
                .map(move |(key, _, _)| format!("{} {}", inspect(&Term::Atom(reg)), inspect(&key)))
        })
        .collect();
    let global = global::registered_names(world, node)
        .into_iter()
        .filter(|name| global::whereis(world, node, name) == Some(pid))
        .map(|name| printed(&name))
        .collect();
    let module = info.module.clone();
    let (status, waiting_in) = status(world, pid, vm);
    let messages = world
        .mailbox(pid)
        .take(MAILBOX_SHOWN)
        .map(printed)
        .collect();
    let (monitors, monitored_by) = world.monitors_of(pid);
    Some(ProcessView {
        pid: pid_text(pid),
        node: crate::view::node_name(world, node),
        name: info.name.clone(),
        via,
        global,
        module,
        kind: info.kind.as_str(),
        status,
        waiting_in,
        current_function: vm
            .and_then(|v| v.proc.current_function())
            .map(|(m, f, a)| function_text(m, f, a)),
        mailbox_len: info.message_queue_len,
        messages,
        links: info.links.iter().map(|p| pid_text(*p)).collect(),
        monitors: monitors.into_iter().map(pid_text).collect(),
        monitored_by: monitored_by.into_iter().map(pid_text).collect(),
        trap_exit: info.trap_exit,
        dictionary: vm
            .map(|v| {
                v.proc
                    .state
                    .dict
                    .iter()
                    .map(|(k, v)| (printed(k), printed(v)))
                    .collect()
            })
            .unwrap_or_default(),
        state: crate::vm::peek::gen_server_state(world, pid)
            .or_else(|| {
                let s = world.behaviour(pid)?.state();
                (!s.is_atom("nil")).then_some(s)
            })
            .map(|s| printed(&s)),
        reductions: vm.map_or(0, |v| v.proc.reductions),
        ancestors: ancestors(world, pid),
        spawned_at: info.spawned_at,
    })
}

/// What the process is doing, and for compiled code waiting in a
/// `receive` of its own, that `receive` as written.
fn status(world: &World, pid: Pid, vm: Option<&VmBehaviour>) -> (String, Option<String>) {
    let Some(p) = world.process(pid) else {
        return ("exited".into(), None);
    };
    if p.scheduled {
        return ("runnable".into(), None);
    }
    let timeout = p
        .wake_at
        .map(|t| format!(" (times out at {} ms)", t / crate::kernel::MS))
        .unwrap_or_default();
    let Some(vm) = vm else {
        return if p.kind == ProcessKind::Shell {
            ("waiting for input".into(), None)
        } else {
            ("waiting for a message".into(), None)
        };
    };
    let Some(frame) = vm.proc.frames.last() else {
        return ("done".into(), None);
    };
    let (module, fun) = (frame.module.name.as_str(), frame.func.name.as_str());
    let arity = frame.func.arity - frame.func.free;
    match (module, fun, arity) {
        ("Elixir.Otpsim.Gen", "call", 4) => {
            let to = vm
                .proc
                .regs
                .get(frame.base as usize)
                .map(printed)
                .unwrap_or_default();
            (format!("waiting for a reply from {to}{timeout}"), None)
        }
        ("Elixir.GenServer", "suspended", 5) => ("suspended (:sys.suspend/1)".into(), None),
        ("Elixir.GenServer", "loop", 5) => (format!("waiting for a message{timeout}"), None),
        _ => {
            let line = frame.func.line_at(frame.pc);
            (
                format!(
                    "waiting in receive in {}{timeout}",
                    function_text(frame.module.name, frame.func.name, arity)
                ),
                receive_text(&frame.module, line),
            )
        }
    }
}

/// The `receive` starting at source `line` of `module`, up to its `after`
/// or `end` (at most a dozen lines).
fn receive_text(module: &crate::vm::code::Module, line: u32) -> Option<String> {
    let source = module.source.as_deref()?;
    let at = line.checked_sub(module.first_line)? as usize;
    let lines: Vec<&str> = source.lines().skip(at).take(12).collect();
    let first = lines.first()?;
    // From the word on: a one-line module has more before it.
    let from = first.find("receive")?;
    let indent = first.len() - first.trim_start().len();
    if from > indent {
        return Some(first[from..].trim_end().to_string());
    }
    let mut out = vec![first.trim_end()];
    for l in &lines[1..] {
        let own = l.len() - l.trim_start().len();
        let t = l.trim();
        if own <= indent && (t == "end" || t.starts_with("after")) {
            out.push(l.trim_end());
            break;
        }
        out.push(l.trim_end());
    }
    // Strip the common indentation.
    Some(
        out.iter()
            .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The supervisors above `pid`, top first.
fn ancestors(world: &World, pid: Pid) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = world.process(pid).and_then(|p| p.parent);
    let mut steps = 0;
    while let Some(parent) = at {
        steps += 1;
        let Some(p) = world.process(parent) else {
            break;
        };
        if steps > 64 || p.module.is_some_and(|m| m.as_str() == "application_master") {
            break;
        }
        if p.kind == ProcessKind::Supervisor {
            let label = p
                .name
                .or(p.module)
                .map(|a| inspect(&Term::Atom(a)))
                .unwrap_or_else(|| pid_text(parent));
            out.push(label);
        }
        at = p.parent;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    fn run(c: &mut Console, line: &str) {
        let r = c.eval_line(line);
        assert!(r.ok, "{line}: {}", r.text);
    }

    fn bound(c: &Console, var: &str) -> Pid {
        match c.bindings().get(var) {
            Some(Term::Pid(pid)) => *pid,
            other => panic!("{var} is {other:?}"),
        }
    }

    #[test]
    fn a_gen_server_shows_its_state_mailbox_links_and_monitors() {
        let mut c = Console::new(1);
        run(
            &mut c,
            "defmodule Counter do\n  use GenServer\n  def init(n), do: {:ok, n}\n  \
             def handle_call(:hold, _from, n) do\n    receive do\n      :go -> {:reply, n, n}\n    end\n  end\n  \
             def handle_cast(:bump, n), do: {:noreply, n + 1}\nend",
        );
        run(
            &mut c,
            "{:ok, pid} = GenServer.start_link(Counter, 1, name: :counter)",
        );
        run(&mut c, "GenServer.cast(pid, :bump); Process.sleep(1)");
        let view = process(c.world(), bound(&c, "pid")).expect("alive");
        assert_eq!(view.name.as_deref(), Some(":counter"));
        assert_eq!(view.module, "Counter");
        assert_eq!(view.state.as_deref(), Some("2"));
        assert_eq!(view.status, "waiting for a message");
        assert_eq!(view.links, [inspect(&Term::Pid(c.shell()))]);
        assert!(view
            .dictionary
            .iter()
            .any(|(k, v)| k == ":\"$initial_call\"" && v == "{Counter, :init, 1}"));

        // A caller waits in GenServer.call; the server waits in its own
        // receive, with two messages queued behind.
        run(
            &mut c,
            "caller = spawn(fn -> GenServer.call(pid, :hold) end); Process.sleep(1)",
        );
        run(&mut c, "send(pid, :one); send(pid, {:two, [1, 2]})");
        let server = process(c.world(), bound(&c, "pid")).expect("alive");
        assert_eq!(server.mailbox_len, 2);
        assert_eq!(server.messages, [":one", "{:two, [1, 2]}"]);
        assert!(server
            .status
            .starts_with("waiting in receive in Counter.handle_call/3"));
        assert_eq!(
            server.waiting_in.as_deref(),
            Some("receive do\n  :go -> {:reply, n, n}\nend")
        );
        assert_eq!(
            server.current_function.as_deref(),
            Some("Counter.handle_call/3")
        );
        let caller = process(c.world(), bound(&c, "caller")).expect("alive");
        // GenServer.call's default timeout, 5 s after the call.
        let now_ms = c.world().now() / crate::kernel::MS;
        assert_eq!(
            caller.status,
            format!(
                "waiting for a reply from {} (times out at {} ms)",
                inspect(&Term::Pid(bound(&c, "pid"))),
                now_ms - 1 + 5_000
            )
        );
        assert_eq!(caller.monitors, std::slice::from_ref(&server.pid));
        let server = process(c.world(), bound(&c, "pid")).expect("alive");
        assert!(server.monitored_by.contains(&caller.pid));
    }

    #[test]
    fn a_fleet_worker_shows_its_via_name_and_its_supervisors() {
        let mut c = Console::new(1);
        run(&mut c, "Fleet.start_user(7)");
        run(&mut c, "[{pid, _}] = Registry.lookup(Fleet.Registry, 7)");
        let view = process(c.world(), bound(&c, "pid")).expect("alive");
        assert_eq!(view.via, ["Fleet.Registry 7"]);
        assert_eq!(view.module, "Fleet.UserWorker");
        assert_eq!(view.ancestors, ["Fleet.Supervisor", "Fleet.Dynamic"]);
        assert!(view.state.is_some_and(|s| s.contains("id: 7")));
        run(&mut c, ":sys.suspend(pid)");
        let view = process(c.world(), bound(&c, "pid")).expect("alive");
        assert_eq!(view.status, "suspended (:sys.suspend/1)");
    }

    #[test]
    fn a_global_name_and_a_dead_pid() {
        let mut c = Console::new(1);
        run(&mut c, "pid = spawn(fn -> receive do :stop -> :ok end end)");
        run(&mut c, ":yes = :global.register_name(:solo, pid)");
        let view = process(c.world(), bound(&c, "pid")).expect("alive");
        assert_eq!(view.global, [":solo"]);
        assert!(
            view.status.starts_with("waiting in receive in"),
            "{}",
            view.status
        );
        run(&mut c, "send(pid, :stop); Process.sleep(1)");
        assert_eq!(process(c.world(), bound(&c, "pid")), None);
    }
}
