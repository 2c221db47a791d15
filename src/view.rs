//! Serializable views of a world, for the UI and the JS API.
//!
//! The UI draws these structs and never reads the kernel's tables, so the
//! kernel can change shape without the pictures breaking.

use crate::kernel::{NodeId, ProcessKind, World};
use crate::otp::{dynamic_supervisor, registry, supervisor};
use crate::term::{inspect, Pid, Term};
use serde::Serialize;

/// One process in a supervision tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TreeNode {
    /// The pid as iex prints it (`#PID<0.105.0>`).
    pub pid: String,
    /// The raw pid.
    #[serde(skip)]
    pub raw: Pid,
    /// Locally registered name (`Fleet.Dynamic`), if any.
    pub name: Option<String>,
    /// Registry keys it holds, as via names would print them (`Fleet.Registry 3`).
    pub keys: Vec<String>,
    /// Module it runs.
    pub module: String,
    /// `"supervisor"` or `"worker"`.
    pub kind: &'static str,
    /// Children in start order (supervisors only).
    pub children: Vec<TreeNode>,
    /// Messages waiting in its mailbox.
    pub mailbox: usize,
    /// Restart times inside the supervisor's intensity window (seconds).
    pub restarts: Vec<u64>,
    /// `(max_restarts, max_seconds)` for supervisors.
    pub intensity: Option<(u32, u64)>,
}

/// The supervision trees on `node`: one root per application top supervisor,
/// plus every other process not under a supervisor (shells, loose spawns).
pub fn trees(world: &World, node: NodeId) -> Vec<TreeNode> {
    let keys = registry_keys(world, node);
    let mut roots = Vec::new();
    let mut placed = std::collections::BTreeSet::new();
    for pid in world.pids(node) {
        if world
            .module_of(pid)
            .is_some_and(|m| m.as_str() == "application_master")
        {
            for child in world.process_info(pid).map(|i| i.links).unwrap_or_default() {
                if world.kind_of(child) == Some(ProcessKind::Supervisor) {
                    roots.push(build(world, child, &keys, &mut placed));
                }
            }
        }
    }
    for pid in world.pids(node) {
        if placed.contains(&pid) {
            continue;
        }
        let module = world
            .module_of(pid)
            .map(|m| m.as_str().to_string())
            .unwrap_or_default();
        if module == "application_master" || module == "application_controller" {
            continue;
        }
        roots.push(build(world, pid, &keys, &mut placed));
    }
    roots
}

fn registry_keys(world: &World, node: NodeId) -> Vec<(Pid, String)> {
    let mut out = Vec::new();
    for reg in registry::registries(world, node) {
        for (key, pid, _) in registry::all(world, node, &reg) {
            out.push((
                pid,
                format!("{} {}", inspect(&Term::Atom(reg.clone())), inspect(&key)),
            ));
        }
    }
    out
}

fn build(
    world: &World,
    pid: Pid,
    keys: &[(Pid, String)],
    placed: &mut std::collections::BTreeSet<Pid>,
) -> TreeNode {
    placed.insert(pid);
    let info = world.process_info(pid);
    let kind = world.kind_of(pid);
    let mut node = TreeNode {
        pid: inspect(&Term::Pid(pid)),
        raw: pid,
        name: info.as_ref().and_then(|i| i.name.clone()),
        keys: keys
            .iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, k)| k.clone())
            .collect(),
        module: info.as_ref().map(|i| i.module.clone()).unwrap_or_default(),
        kind: if kind == Some(ProcessKind::Supervisor) {
            "supervisor"
        } else {
            "worker"
        },
        children: Vec::new(),
        mailbox: info.as_ref().map_or(0, |i| i.message_queue_len),
        restarts: Vec::new(),
        intensity: None,
    };
    let behaviour = world.behaviour(pid);
    if let Some(sup) = behaviour.and_then(|b| b.as_any().downcast_ref::<supervisor::Supervisor>()) {
        node.restarts = sup.restart_times().to_vec();
        let flags = sup.flags();
        node.intensity = Some((flags.max_restarts, flags.max_seconds));
    }
    if let Some(sup) = behaviour.and_then(|b| {
        b.as_any()
            .downcast_ref::<dynamic_supervisor::DynamicSupervisor>()
    }) {
        node.restarts = sup.restart_times().to_vec();
        node.intensity = Some(sup.intensity_limits());
    }
    let children: Vec<Pid> = if let Some(list) = supervisor::children_of(world, pid) {
        list.into_iter().filter_map(|(_, p)| p).collect()
    } else {
        dynamic_supervisor::children_of(world, pid).unwrap_or_default()
    };
    for child in children {
        if world.is_alive(child) {
            node.children.push(build(world, child, keys, placed));
        }
    }
    node
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogLine {
    /// Virtual time in microseconds.
    pub time: u64,
    /// Kind of event (`"send"`, `"exit"`, ...).
    pub kind: &'static str,
    /// The description.
    pub text: String,
}

/// The last `n` trace events, oldest first.
pub fn log_tail(world: &World, n: usize) -> Vec<LogLine> {
    let trace = world.trace();
    trace[trace.len().saturating_sub(n)..]
        .iter()
        .map(|e| LogLine {
            time: e.time,
            kind: e.kind_name(),
            text: e.describe(),
        })
        .collect()
}
