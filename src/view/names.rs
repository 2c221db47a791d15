//! What every node believes about names: `:global` names, `:pg` groups and
//! the node-local Registries, one column per node. During a netsplit each
//! side keeps its own `:global` table and `:pg` view, so rows where live
//! nodes disagree are marked divergent; after a heal they settle again.

use crate::kernel::{NodeId, World};
use crate::otp::pg;
use crate::otp::{global, registry};
use crate::term::{inspect, Pid, Term};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// Which table a name lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum NameTable {
    /// `:global`'s names.
    Global,
    /// `:pg` groups.
    Pg,
    /// A node-local Registry.
    Registry,
}

impl NameTable {
    /// `"global"`, `"pg"` or `"registry"` (CSS classes, test ids).
    pub fn as_str(self) -> &'static str {
        match self {
            NameTable::Global => "global",
            NameTable::Pg => "pg",
            NameTable::Registry => "registry",
        }
    }
}

/// One row: a name (or group, or registry) and each node's belief.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameRow {
    /// The table it is in.
    pub table: NameTable,
    /// The name as the console would write it (`:leader`, `:scope {:g, 1}`).
    pub key: String,
    /// Per node, in column order: what it believes (`None`: nothing, or
    /// the node is down).
    pub cells: Vec<Option<String>>,
    /// True when live nodes disagree. Registries are node-local by design
    /// and never divergent.
    pub divergent: bool,
}

/// The names table of a whole cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct NamesView {
    /// Column headings: every node's name.
    pub nodes: Vec<String>,
    /// Whether each node is up.
    pub alive: Vec<bool>,
    /// `:global` rows, then `:pg`, then Registries.
    pub rows: Vec<NameRow>,
}

fn pid_text(pid: Pid) -> String {
    inspect(&Term::Pid(pid))
}

/// A cell for a set of pids: the pids, or a count when there are many.
fn members_text(pids: &[Pid]) -> String {
    let mut sorted = pids.to_vec();
    sorted.sort();
    if sorted.len() > 3 {
        return format!("{} members", sorted.len());
    }
    sorted
        .into_iter()
        .map(pid_text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn row(table: NameTable, key: String, cells: Vec<Option<String>>, alive: &[bool]) -> NameRow {
    let beliefs: BTreeSet<&Option<String>> = cells
        .iter()
        .zip(alive)
        .filter(|(_, up)| **up)
        .map(|(c, _)| c)
        .collect();
    NameRow {
        table,
        key,
        divergent: table != NameTable::Registry && beliefs.len() > 1,
        cells,
    }
}

/// Every node's view of the names, `:global` first.
pub fn names(world: &World) -> NamesView {
    let count = world.node_count() as NodeId;
    let ids: Vec<NodeId> = (0..count).collect();
    let alive: Vec<bool> = ids.iter().map(|n| world.node_alive(*n)).collect();
    let nodes = ids.iter().map(|n| super::node_name(world, *n)).collect();
    let mut rows = Vec::new();

    let mut global_names: BTreeSet<Term> = BTreeSet::new();
    for &n in ids.iter().filter(|n| alive[**n as usize]) {
        if let Some(table) = global::names(world, n) {
            global_names.extend(table.0.keys().cloned());
        }
    }
    for name in global_names {
        let cells = ids
            .iter()
            .map(|&n| {
                let entry = global::names(world, n)?.0.get(&name)?;
                alive[n as usize].then(|| pid_text(entry.pid))
            })
            .collect();
        rows.push(row(NameTable::Global, inspect(&name), cells, &alive));
    }

    let mut groups: BTreeMap<(String, Term), ()> = BTreeMap::new();
    for &n in ids.iter().filter(|n| alive[**n as usize]) {
        for scope in pg::scopes(world, n) {
            if let Some(members) = pg::members(world, n, &scope) {
                for group in members.groups.keys() {
                    groups.insert((inspect(&Term::Atom(scope)), group.clone()), ());
                }
            }
        }
    }
    for (scope, group) in groups.into_keys() {
        let cells = ids
            .iter()
            .map(|&n| {
                if !alive[n as usize] {
                    return None;
                }
                let atom = pg::scopes(world, n)
                    .into_iter()
                    .find(|s| inspect(&Term::Atom(*s)) == scope)?;
                let pids = pg::get_members(world, n, &atom, &group);
                (!pids.is_empty()).then(|| members_text(&pids))
            })
            .collect();
        rows.push(row(
            NameTable::Pg,
            format!("{scope} {}", inspect(&group)),
            cells,
            &alive,
        ));
    }

    let mut registries = BTreeSet::new();
    for &n in ids.iter().filter(|n| alive[**n as usize]) {
        registries.extend(registry::registries(world, n));
    }
    for reg in registries {
        let cells = ids
            .iter()
            .map(|&n| {
                let keys = registry::count(world, n, &reg).ok()?;
                alive[n as usize].then(|| format!("{keys} keys"))
            })
            .collect();
        rows.push(row(
            NameTable::Registry,
            inspect(&Term::Atom(reg)),
            cells,
            &alive,
        ));
    }
    NamesView { nodes, alive, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    fn row_of<'v>(view: &'v NamesView, table: NameTable, key: &str) -> Option<&'v NameRow> {
        view.rows.iter().find(|r| r.table == table && r.key == key)
    }

    #[test]
    fn a_split_shows_divergent_global_names_and_the_heal_settles_them() {
        let mut c = Console::new(9);
        for line in [
            "Sim.net_tick(2_000)",
            "Sim.add_node(:\"b@sim\")",
            "Process.sleep(3_000)",
            "{:ok, p1} = Agent.start(fn -> 1 end)",
            ":global.register_name(:leader, p1)",
            "Process.sleep(100)",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        let before = names(c.world());
        assert_eq!(before.nodes, vec!["a@sim", "b@sim"]);
        let leader = row_of(&before, NameTable::Global, ":leader").expect("a :leader row");
        assert!(!leader.divergent, "{leader:?}");
        assert!(leader.cells.iter().all(Option::is_some));
        for line in [
            "Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])",
            "Process.sleep(3_000)",
            "Sim.attach(:\"b@sim\")",
            "{:ok, p2} = Agent.start(fn -> 2 end)",
            ":global.register_name(:leader, p2, &:global.random_exit_name/3)",
            "Sim.attach(:\"a@sim\")",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        let split = names(c.world());
        let leader = row_of(&split, NameTable::Global, ":leader").expect("a :leader row");
        assert!(leader.divergent, "{leader:?}");
        assert_ne!(leader.cells[0], leader.cells[1]);
        // Registries are per node and never divergent.
        assert!(split
            .rows
            .iter()
            .filter(|r| r.table == NameTable::Registry)
            .all(|r| !r.divergent));
        assert!(c.eval_line("Sim.heal()").ok);
        assert!(c.eval_line("Process.sleep(3_000)").ok);
        let healed = names(c.world());
        let leader = row_of(&healed, NameTable::Global, ":leader").expect("a :leader row");
        assert!(!leader.divergent, "{leader:?}");
    }

    #[test]
    fn pg_groups_show_each_nodes_members() {
        let mut c = Console::new(4);
        for line in [
            "Sim.add_node(:\"b@sim\")",
            "Process.sleep(3_000)",
            ":pg.join(:workers, self())",
            "Process.sleep(100)",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        let view = names(c.world());
        let group = view
            .rows
            .iter()
            .find(|r| r.table == NameTable::Pg && r.key.ends_with(":workers"))
            .expect("the :workers group");
        assert!(!group.divergent, "{group:?}");
        assert_eq!(group.cells[0], group.cells[1]);
    }
}
