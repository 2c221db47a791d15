//! The "Processes" list: every process on a node with what Observer's
//! process table shows — name, module, mailbox length, reductions, memory
//! — sortable and searchable, cheap enough for 10,000 processes: the
//! printed parts of a row are kept in a [`RowCache`] between refreshes, so
//! a refresh only reads numbers.

use crate::kernel::{NodeId, World};
use crate::term::{flat_size, inspect, Atom, Pid, Term};
use crate::vm::behaviour::VmBehaviour;
use serde::Serialize;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Words every process has before its stack and messages (what
/// `Process.info(pid, :memory)` reports for a fresh process, in words).
const BASE_WORDS: usize = 233;

/// One process in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcessRow {
    /// The pid as iex prints it.
    pub pid: Rc<str>,
    /// The raw pid, for the inspector.
    #[serde(skip)]
    pub raw: Pid,
    /// Registered name, else the module.
    pub label: Rc<str>,
    /// The module it runs.
    pub module: Rc<str>,
    /// `supervisor`, `worker` or `shell`.
    pub kind: &'static str,
    /// True for processes the user started (spawned from a shell, or
    /// running a module typed into the console), as the picture draws them apart.
    pub user: bool,
    /// Messages waiting.
    pub mailbox: usize,
    /// Reductions run (compiled code).
    pub reductions: u64,
    /// Bytes: a base, the stack, and the messages waiting (an estimate;
    /// terms shared between registers count once per register).
    pub memory: usize,
}

/// How the list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Oldest first.
    #[default]
    Pid,
    /// Longest mailbox first.
    Mailbox,
    /// Most reductions first.
    Reductions,
    /// Most memory first.
    Memory,
}

/// What a row prints, by pid, with the name and module it was printed
/// for (a process may register a name or change module later).
#[derive(Clone, Debug, Default)]
pub struct RowCache(BTreeMap<Pid, Printed>);

#[derive(Clone, Debug)]
struct Printed {
    name: Option<Atom>,
    module: Option<Atom>,
    pid: Rc<str>,
    label: Rc<str>,
    module_text: Rc<str>,
    user: bool,
}

/// Every live process on `node`, oldest first.
pub fn processes(world: &World, node: NodeId) -> Vec<ProcessRow> {
    processes_cached(world, node, &mut RowCache::default())
}

/// [`processes`], reusing and updating what `cache` has printed before.
pub fn processes_cached(world: &World, node: NodeId, cache: &mut RowCache) -> Vec<ProcessRow> {
    let mut typed = None;
    let mut rows = Vec::with_capacity(world.process_count(node));
    for pid in world.pids(node) {
        let Some(p) = world.process(pid) else {
            continue;
        };
        let fresh = cache
            .0
            .get(&pid)
            .is_none_or(|c| c.name != p.name || c.module != p.module);
        if fresh {
            let typed = typed.get_or_insert_with(|| crate::view::code::typed_modules(world));
            let module_text: Rc<str> = p
                .module
                .map(|m| inspect(&Term::Atom(m)))
                .unwrap_or_default()
                .into();
            let label = match p.name {
                Some(a) => inspect(&Term::Atom(a)).into(),
                None => Rc::clone(&module_text),
            };
            let user = crate::view::is_users(world, typed, pid);
            cache.0.insert(
                pid,
                Printed {
                    name: p.name,
                    module: p.module,
                    pid: inspect(&Term::Pid(pid)).into(),
                    label,
                    module_text,
                    user,
                },
            );
        }
        let Some(printed) = cache.0.get(&pid) else {
            continue;
        };
        let vm = p
            .behaviour
            .as_deref()
            .and_then(|b| b.as_any().downcast_ref::<VmBehaviour>());
        let stack = vm.map_or(0, |v| v.proc.stack_size());
        let messages: usize = p.mailbox.iter().map(|l| 1 + flat_size(&l.msg)).sum();
        rows.push(ProcessRow {
            pid: Rc::clone(&printed.pid),
            raw: pid,
            label: Rc::clone(&printed.label),
            module: Rc::clone(&printed.module_text),
            kind: p.kind.as_str(),
            user: printed.user,
            mailbox: p.mailbox.len(),
            reductions: vm.map_or(0, |v| v.proc.reductions),
            memory: (BASE_WORDS + stack + messages) * 8,
        });
    }
    if cache.0.len() > rows.len() {
        let live: std::collections::BTreeSet<Pid> = rows.iter().map(|r| r.raw).collect();
        cache.0.retain(|pid, _| live.contains(pid));
    }
    rows
}

/// The rows whose pid, label or module contains `search` (any case),
/// sorted by `by` (ties oldest first), at most `limit` of them, with how
/// many matched in all.
pub fn select(
    rows: &[ProcessRow],
    search: &str,
    by: SortBy,
    limit: usize,
) -> (Vec<ProcessRow>, usize) {
    let needle = search.trim().to_lowercase();
    let mut hits: Vec<&ProcessRow> = rows
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.pid.to_lowercase().contains(&needle)
                || r.label.to_lowercase().contains(&needle)
                || r.module.to_lowercase().contains(&needle)
        })
        .collect();
    let total = hits.len();
    match by {
        SortBy::Pid => {}
        SortBy::Mailbox => hits.sort_by_key(|r| std::cmp::Reverse(r.mailbox)),
        SortBy::Reductions => hits.sort_by_key(|r| std::cmp::Reverse(r.reductions)),
        SortBy::Memory => hits.sort_by_key(|r| std::cmp::Reverse(r.memory)),
    }
    (hits.into_iter().take(limit).cloned().collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    #[test]
    fn the_cache_reprints_a_process_that_registered_a_name_and_forgets_the_dead() {
        let mut c = Console::new(1);
        let mut cache = RowCache::default();
        assert!(
            c.eval_line("p = spawn(fn -> receive do :stop -> :ok end end)")
                .ok
        );
        let label = |rows: &[ProcessRow], pid: &str| {
            rows.iter()
                .find(|r| &*r.pid == pid)
                .map(|r| r.label.to_string())
        };
        let Some(Term::Pid(pid)) = c.bindings().get("p").cloned() else {
            panic!("p is a pid");
        };
        let text = inspect(&Term::Pid(pid));
        let rows = processes_cached(c.world(), 0, &mut cache);
        assert_eq!(rows, processes(c.world(), 0));
        assert_eq!(label(&rows, &text).as_deref(), Some(":erl_eval"));
        assert!(c.eval_line("Process.register(p, :later)").ok);
        let rows = processes_cached(c.world(), 0, &mut cache);
        assert_eq!(label(&rows, &text).as_deref(), Some(":later"));
        assert!(c.eval_line("send(p, :stop); Process.sleep(1)").ok);
        let rows = processes_cached(c.world(), 0, &mut cache);
        assert_eq!(label(&rows, &text), None);
        assert!(!cache.0.contains_key(&pid));
        assert_eq!(cache.0.len(), rows.len());
    }

    #[test]
    fn lists_sorts_and_searches_a_nodes_processes() {
        let mut c = Console::new(1);
        for line in [
            "defmodule Sink do\n  def loop, do: (receive do :never -> :ok end; loop())\nend",
            "busy = spawn(&Sink.loop/0); for i <- 1..30, do: send(busy, {:msg, i})",
            "Process.register(busy, :busy_sink)",
        ] {
            let r = c.eval_line(line);
            assert!(r.ok, "{line}: {}", r.text);
        }
        let rows = processes(c.world(), 0);
        assert_eq!(rows.len(), c.world().process_count(0));
        let pids: Vec<Pid> = rows.iter().map(|r| r.raw).collect();
        assert_eq!(pids, c.world().pids(0), "oldest first");

        let (top, total) = select(&rows, "", SortBy::Mailbox, 3);
        assert_eq!(total, rows.len());
        assert_eq!(top.len(), 3);
        assert_eq!(&*top[0].label, ":busy_sink");
        assert_eq!(top[0].mailbox, 30);
        assert!(top[0].user, "started from the shell");
        assert!(top[0].memory > top[1].memory || top[1].mailbox == 0);

        let (found, total) = select(&rows, "FLEET.reg", SortBy::Pid, 10);
        assert_eq!(total, found.len());
        assert!(!found.is_empty());
        assert!(found
            .iter()
            .all(|r| r.label.contains("Fleet.Registry") || r.module.contains("Fleet.Registry")));
        assert!(
            found.iter().all(|r| !r.user),
            "the app's own processes are not the user's"
        );

        let (by_reductions, _) = select(&rows, "", SortBy::Reductions, rows.len());
        assert!(by_reductions
            .windows(2)
            .all(|w| w[0].reductions >= w[1].reductions));
        let (by_memory, _) = select(&rows, "", SortBy::Memory, rows.len());
        assert!(by_memory.windows(2).all(|w| w[0].memory >= w[1].memory));
    }
}
