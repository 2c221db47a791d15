//! Supervisor strategies, restart types and escalation.

use super::{console, ok};
use otpsim::console::Console;
use otpsim::view::{Intensity, ProcessRole};

/// Starts a supervisor from the shell over three user workers `:w1..:w3`.
fn start(c: &mut Console, strategy: &str, restart: &str) {
    ok(c, "Process.flag(:trap_exit, true)");
    let children: Vec<String> = (1..=3)
        .map(|i| {
            format!(
                "%{{id: :w{i}, start: {{Fleet.UserWorker, :start_link, [:w{i}]}}, restart: :{restart}}}"
            )
        })
        .collect();
    ok(
        c,
        &format!(
            "{{:ok, sup}} = Supervisor.start_link([{}], strategy: :{strategy})",
            children.join(", ")
        ),
    );
}

fn pids(c: &mut Console) -> Vec<String> {
    (1..=3)
        .map(|i| ok(c, &format!("GenServer.whereis(Fleet.via(:w{i}))")))
        .collect()
}

fn kill(c: &mut Console, i: u32) {
    ok(
        c,
        &format!("Process.exit(GenServer.whereis(Fleet.via(:w{i})), :kill)"),
    );
    ok(c, "Process.sleep(1)");
}

#[test]
fn one_for_one_restarts_only_the_crashed_child() {
    let mut c = console();
    start(&mut c, "one_for_one", "permanent");
    let before = pids(&mut c);
    kill(&mut c, 2);
    let after = pids(&mut c);
    assert_eq!(before[0], after[0]);
    assert_ne!(before[1], after[1]);
    assert_eq!(before[2], after[2]);
}

#[test]
fn one_for_all_restarts_every_child() {
    let mut c = console();
    start(&mut c, "one_for_all", "permanent");
    let before = pids(&mut c);
    kill(&mut c, 2);
    let after = pids(&mut c);
    for i in 0..3 {
        assert_ne!(before[i], after[i], "child {i}");
        assert_ne!(after[i], "nil");
    }
}

#[test]
fn rest_for_one_restarts_the_child_and_those_after_it() {
    let mut c = console();
    start(&mut c, "rest_for_one", "permanent");
    let before = pids(&mut c);
    kill(&mut c, 2);
    let after = pids(&mut c);
    assert_eq!(before[0], after[0]);
    assert_ne!(before[1], after[1]);
    assert_ne!(before[2], after[2]);
}

#[test]
fn transient_children_stay_down_after_a_normal_exit() {
    let mut c = console();
    start(&mut c, "one_for_one", "transient");
    ok(&mut c, "GenServer.stop(Fleet.via(:w1))");
    assert_eq!(ok(&mut c, "GenServer.whereis(Fleet.via(:w1))"), "nil");
    kill(&mut c, 2);
    assert_ne!(ok(&mut c, "GenServer.whereis(Fleet.via(:w2))"), "nil");
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(sup)"),
        "%{active: 2, specs: 3, supervisors: 0, workers: 3}"
    );
}

#[test]
fn temporary_children_are_forgotten() {
    let mut c = console();
    start(&mut c, "one_for_one", "temporary");
    kill(&mut c, 1);
    assert_eq!(ok(&mut c, "GenServer.whereis(Fleet.via(:w1))"), "nil");
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(sup)"),
        "%{active: 2, specs: 2, supervisors: 0, workers: 2}"
    );
}

#[test]
fn too_many_restarts_stop_the_supervisor_with_shutdown() {
    let mut c = console();
    start(&mut c, "one_for_one", "permanent");
    for _ in 0..4 {
        kill(&mut c, 1);
    }
    assert_eq!(ok(&mut c, "Process.alive?(sup)"), "false");
    let out = c.eval_line("flush()");
    assert!(
        out.printed
            .iter()
            .any(|m| m.starts_with("{:EXIT, #PID<") && m.ends_with(", :shutdown}")),
        "{:?}",
        out.printed
    );
    // Every child went down with it, and their names are free.
    for i in 1..=3 {
        assert_eq!(
            ok(&mut c, &format!("GenServer.whereis(Fleet.via(:w{i}))")),
            "nil"
        );
    }
}

/// A supervisor written in Elixir shows in the supervision view as the
/// Rust ones do: its module, its children in start order, its intensity
/// and the restarts in its window; each restart is in the trace.
#[test]
fn an_elixir_supervisor_shows_its_children_restarts_and_intensity() {
    let mut c = console();
    ok(
        &mut c,
        "defmodule Sv.W do
           use GenServer
           def start_link(n), do: GenServer.start_link(__MODULE__, n)
           def init(n), do: {:ok, n}
         end",
    );
    ok(
        &mut c,
        "defmodule Sv.Top do
           use Supervisor
           def start_link(_), do: Supervisor.start_link(__MODULE__, :ok, name: Sv.Top)
           def init(:ok) do
             children = for i <- 1..3, do: Supervisor.child_spec({Sv.W, i}, id: i)
             Supervisor.init(children, strategy: :one_for_one, max_restarts: 4, max_seconds: 7)
           end
         end",
    );
    ok(&mut c, "{:ok, sup} = Sv.Top.start_link([])");
    ok(
        &mut c,
        "[_, {2, second, _, _}, _] = Supervisor.which_children(sup)",
    );
    ok(&mut c, "Process.exit(second, :kill); Process.sleep(5)");
    let trees = otpsim::view::trees(c.world(), 0);
    let top = trees
        .iter()
        .find(|t| t.name.as_deref() == Some("Sv.Top"))
        .expect("the supervisor is a root of the view");
    assert_eq!(top.kind, ProcessRole::Supervisor);
    assert_eq!(top.module, "Sv.Top");
    assert_eq!(
        top.intensity,
        Some(Intensity {
            max_restarts: 4,
            max_seconds: 7
        })
    );
    assert_eq!(top.restarts.len(), 1);
    let modules: Vec<&str> = top.children.iter().map(|t| t.module.as_str()).collect();
    assert_eq!(modules, ["Sv.W", "Sv.W", "Sv.W"]);
    let restarted = ok(
        &mut c,
        "inspect(elem(Enum.at(Supervisor.which_children(sup), 1), 1))",
    );
    let restarts: Vec<String> = c
        .world()
        .trace()
        .iter()
        .filter(|e| e.kind_name() == "restart")
        .map(|e| e.describe())
        .collect();
    assert_eq!(restarts.len(), 1, "{restarts:?}");
    assert!(
        restarts[0].ends_with(&format!("child 2 as {}", restarted.trim_matches('"'))),
        "{restarts:?} vs {restarted}"
    );
}

/// A supervisor started without a module of its own is drawn as what it
/// is (`Supervisor`, `DynamicSupervisor`), not as `Supervisor.Default`.
#[test]
fn a_supervisor_without_a_module_is_named_by_its_kind() {
    let mut c = console();
    ok(
        &mut c,
        "Supervisor.start_link([], strategy: :one_for_one, name: Sv.Plain)",
    );
    ok(
        &mut c,
        "DynamicSupervisor.start_link(strategy: :one_for_one, name: Sv.Dyn)",
    );
    let trees = otpsim::view::trees(c.world(), 0);
    let module = |name: &str| {
        trees
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
            .map(|t| (t.kind.as_str(), t.module.clone()))
    };
    assert_eq!(
        module("Sv.Plain"),
        Some(("supervisor", "Supervisor".to_string()))
    );
    assert_eq!(
        module("Sv.Dyn"),
        Some(("supervisor", "DynamicSupervisor".to_string()))
    );
}
