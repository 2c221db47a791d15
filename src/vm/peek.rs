//! Looking into a process of compiled code from outside, as views and
//! `Sim.check()` do between events (the BEAM's `:sys.get_state/1` asks the
//! process; a view must not send messages, and must work on a snapshot).

use super::behaviour::VmBehaviour;
use crate::kernel::World;
use crate::term::{Pid, Term};

/// The functions of the prelude's `GenServer` (`src/prelude/gen_server.ex`)
/// that hold the server's state while it waits or runs a callback: name,
/// arity, and which argument is the state. Each uses the state after its
/// calls return, so its register still holds it.
const HOLDERS: [(&str, u8, usize); 5] = [
    ("loop", 5, 2),
    ("suspended", 5, 2),
    ("handle_msg", 5, 3),
    ("system_msg", 7, 4),
    ("common_reply", 7, 6),
];

/// The state of the `GenServer` at `pid`: the state its receive loop holds
/// (while a callback runs, the state it was called with). `None` when `pid`
/// is not a compiled `GenServer`.
pub fn gen_server_state(world: &World, pid: Pid) -> Option<Term> {
    let vm = world
        .behaviour(pid)?
        .as_any()
        .downcast_ref::<VmBehaviour>()?;
    vm.proc.frames.iter().rev().find_map(|f| {
        if f.module.name.as_str() != "Elixir.GenServer" {
            return None;
        }
        let arity = f.func.arity - f.func.free;
        let (_, _, at) = HOLDERS
            .iter()
            .find(|(name, n, _)| *n == arity && f.func.name.as_str() == *name)?;
        vm.proc.regs.get(f.base as usize + at).cloned()
    })
}

#[cfg(test)]
mod tests {
    use super::gen_server_state;
    use crate::console::Console;
    use crate::term::{inspect, Term};

    fn state_of(c: &Console) -> Option<String> {
        let Some(Term::Pid(pid)) = c.bindings().get("pid") else {
            panic!("no pid bound");
        };
        gen_server_state(c.world(), *pid).map(|t| inspect(&t))
    }

    #[test]
    fn reads_the_state_a_gen_server_holds_between_messages_and_inside_a_callback() {
        let mut c = Console::new(1);
        let run = |c: &mut Console, line: &str| {
            let r = c.eval_line(line);
            assert!(r.ok, "{line}: {}", r.text);
        };
        run(
            &mut c,
            "defmodule Peeked do\n use GenServer\n def init(n), do: {:ok, %{n: n}}\n \
             def handle_cast(:bump, s), do: {:noreply, %{s | n: s.n + 1}}\n \
             def handle_call(:wait, _from, s) do\n receive do\n :go -> {:reply, :ok, s}\n end\n end\nend",
        );
        run(&mut c, "{:ok, pid} = GenServer.start(Peeked, 41)");
        assert_eq!(state_of(&c).as_deref(), Some("%{n: 41}"));
        run(&mut c, "GenServer.cast(pid, :bump); Process.sleep(1)");
        assert_eq!(state_of(&c).as_deref(), Some("%{n: 42}"));
        // Waiting in a `receive` of its own, inside a callback.
        run(
            &mut c,
            "spawn(fn -> GenServer.call(pid, :wait) end); Process.sleep(1)",
        );
        assert_eq!(state_of(&c).as_deref(), Some("%{n: 42}"));
        run(
            &mut c,
            "send(pid, :go); :sys.replace_state(pid, fn s -> Map.put(s, :m, 1) end)",
        );
        assert_eq!(state_of(&c).as_deref(), Some("%{m: 1, n: 42}"));
        run(&mut c, "pid = self()");
        assert_eq!(state_of(&c), None, "the shell is no GenServer");
    }
}
