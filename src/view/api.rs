//! What the JS API (`src/web`) returns, as plain serializable types: the
//! result of `cluster.eval`, the whole `cluster.snapshot()`. The views they
//! are made of ([`super::NodeView`], [`super::LinkView`], [`super::TreeNode`],
//! [`super::LogLine`] ...) carry their own JS shape; this module adds the
//! few shapes only the JS API has, and [`typescript`], the TypeScript of
//! all of them (checked in as `js/views.d.ts`).

use super::term_value::TermValue;
use super::{
    ms, Broke, ClusterView, EventKind, FlightView, Intensity, InvariantTrack, LinkState, LinkView,
    LogLine, NameTable, NodeView, ProcessRole, RedSpan, TreeNode,
};
use crate::kernel::{NodeId, World};
use crate::term::Term;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::rc::Rc;
use ts_rs::TS;

/// Trace events the snapshot's `log` holds.
pub const LOG_LINES: usize = 200;

/// What `cluster.eval(line)` returns.
#[derive(Debug, Serialize, TS)]
pub struct EvalResult<'a> {
    /// True when the line evaluated to a value.
    pub ok: bool,
    /// The value (null when not ok).
    pub value: Option<TermValue<'a>>,
    /// The value as `inspect` prints it, or the whole error text.
    pub text: &'a str,
    /// Lines printed while evaluating (`IO.puts/1`, `flush/0`).
    pub printed: Vec<&'a str>,
}

impl<'a> EvalResult<'a> {
    /// The result of a line (`ok`: it did not fail) that ended in `value`,
    /// printed as `text`, after `printed`.
    pub fn new(ok: bool, value: Option<&'a Term>, text: &'a str, printed: Vec<&'a str>) -> Self {
        EvalResult {
            ok,
            value: value.map(TermValue::new),
            text,
            printed,
        }
    }
}

/// Pairs serialized as one object (`{ first: second, ... }`), in order.
fn keyed<S: Serializer, V: Serialize>(pairs: &[(String, V)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// One name, group or registry, and each node's belief about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct NameSnapshot {
    /// The table it is in.
    pub table: NameTable,
    /// The name as the console writes it (`:leader`, `:pg :workers`, `Fleet.Registry`).
    pub key: String,
    /// Per node: a pid, members, or "N keys"; null where the node knows nothing of it or is down.
    #[serde(serialize_with = "keyed")]
    #[ts(as = "std::collections::BTreeMap<String, Option<String>>")]
    pub cells: Vec<(String, Option<String>)>,
    /// True while live nodes disagree (a split); registries are per node and never divergent.
    pub divergent: bool,
}

/// Keys held by one shard worker, as `Shards.counts()` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ShardCount {
    /// The shard.
    pub shard: i64,
    /// The node its worker runs on.
    pub node: String,
    /// Keys it holds.
    pub keys: usize,
}

/// The shard fleet: K and the keys each shard worker holds.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, TS)]
pub struct ShardsSnapshot {
    /// The shard count K.
    pub k: i64,
    /// Keys per shard per node, by shard then node.
    pub counts: Vec<ShardCount>,
}

/// The shard fleet of `world`: K and what `Shards.counts()` would return,
/// read without evaluating anything.
pub fn shards(world: &World) -> ShardsSnapshot {
    use crate::apps::shards;
    let registry = crate::term::Atom::new(shards::REGISTRY);
    let mut counts = Vec::new();
    for node in 0..world.node_count() as NodeId {
        let Some(name) = world.node_name(node) else {
            continue;
        };
        if !world.node_alive(node) {
            continue;
        }
        for (key, pid, _) in crate::otp::registry::all(world, node, &registry) {
            if let Some(shard) = key.as_int() {
                counts.push(ShardCount {
                    shard,
                    node: name.as_str().to_string(),
                    keys: shards::workers::key_count(world, pid).unwrap_or(0),
                });
            }
        }
    }
    counts.sort_by(|x, y| (x.shard, &x.node).cmp(&(y.shard, &y.node)));
    ShardsSnapshot {
        k: shards::k(world),
        counts,
    }
}

/// What `cluster.snapshot()` returns.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSnapshot {
    /// Virtual time: µs in Rust, milliseconds in JS.
    #[serde(serialize_with = "ms")]
    #[ts(type = "number")]
    pub time: u64,
    /// Every node, in index order.
    pub nodes: Rc<Vec<NodeView>>,
    /// Every pair of nodes once.
    pub links: Rc<Vec<LinkView>>,
    /// Up to 200 packets on the wire.
    pub in_flight: Vec<FlightView>,
    /// Supervision trees by node name.
    #[serde(serialize_with = "keyed")]
    #[ts(as = "std::collections::BTreeMap<String, Vec<TreeNode>>")]
    pub trees: Vec<(String, Vec<TreeNode>)>,
    /// The last 200 trace events, oldest first.
    pub log: Vec<LogLine>,
    /// `:global` names and Registries, with what each node believes.
    pub names: Vec<NameSnapshot>,
    /// `:pg` groups (`":scope group"`), with each node's view of the members.
    pub groups: Vec<NameSnapshot>,
    /// The shard fleet.
    pub shards: ShardsSnapshot,
    /// The invariants watched with `Sim.invariant/2`: whether each holds,
    /// when it first broke, and the spans it was red.
    pub invariants: Vec<super::InvariantTrack>,
}

/// The whole picture of `world` for the JS API.
pub fn snapshot(world: &World) -> ClusterSnapshot {
    let shards = shards(world);
    let ClusterView {
        time,
        nodes,
        links,
        in_flight,
    } = super::cluster(world);
    let trees = nodes
        .iter()
        .enumerate()
        .map_while(|(index, node)| {
            let id: NodeId = index.try_into().ok()?;
            Some((node.name.clone(), super::trees(world, id)))
        })
        .collect();
    let names = super::names(world);
    let rows = |pg: bool| -> Vec<NameSnapshot> {
        names
            .rows
            .iter()
            .filter(|r| (r.table == NameTable::Pg) == pg)
            .map(|r| NameSnapshot {
                table: r.table,
                key: r.key.clone(),
                cells: names.nodes.iter().cloned().zip(r.cells.clone()).collect(),
                divergent: r.divergent,
            })
            .collect()
    };
    ClusterSnapshot {
        time,
        nodes,
        links,
        in_flight,
        trees,
        log: super::log_tail(world, LOG_LINES),
        names: rows(false),
        groups: rows(true),
        shards,
        invariants: super::invariants(world),
    }
}

/// The TypeScript of every type the JS API hands out, in one file: what
/// `js/views.d.ts` must hold (tests/typescript.rs compares them; the JS
/// API's typescript section includes that file). 64-bit integers are
/// `number`: the serializer writes them as JS numbers.
pub fn typescript() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let mut out = String::from(
        "// The JS API's data types, generated from the Rust types that serialize\n\
         // them (src/view.rs, src/view/*). Do not edit: run\n\
         //   UPDATE_TYPESCRIPT=1 cargo test --test typescript\n\
         // after changing them.\n",
    );
    fn push<T: TS + ?Sized>(cfg: &ts_rs::Config, out: &mut String) {
        out.push('\n');
        out.push_str(&T::docs().unwrap_or_default());
        out.push_str("export ");
        out.push_str(&T::decl(cfg));
        out.push('\n');
    }
    push::<TermValue>(&cfg, &mut out);
    push::<EvalResult>(&cfg, &mut out);
    push::<EventKind>(&cfg, &mut out);
    push::<LogLine>(&cfg, &mut out);
    push::<NodeView>(&cfg, &mut out);
    push::<LinkState>(&cfg, &mut out);
    push::<LinkView>(&cfg, &mut out);
    push::<FlightView>(&cfg, &mut out);
    push::<ProcessRole>(&cfg, &mut out);
    push::<Intensity>(&cfg, &mut out);
    push::<TreeNode>(&cfg, &mut out);
    push::<NameTable>(&cfg, &mut out);
    push::<NameSnapshot>(&cfg, &mut out);
    push::<ShardCount>(&cfg, &mut out);
    push::<ShardsSnapshot>(&cfg, &mut out);
    push::<RedSpan>(&cfg, &mut out);
    push::<Broke>(&cfg, &mut out);
    push::<InvariantTrack>(&cfg, &mut out);
    push::<ClusterSnapshot>(&cfg, &mut out);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::us_to_ms;
    use super::*;
    use crate::console::Console;
    use serde_json::{json, Value};

    /// Every type the declared ones mention is declared too.
    #[test]
    fn the_typescript_declares_every_type_it_uses() {
        let cfg = ts_rs::Config::new().with_large_int("number");
        let ts = typescript();
        let deps = ClusterSnapshot::dependencies(&cfg)
            .into_iter()
            .chain(EvalResult::dependencies(&cfg))
            .chain(LogLine::dependencies(&cfg));
        for dep in deps {
            let declared = format!("export type {} =", dep.ts_name);
            assert!(ts.contains(&declared), "{} is not declared", dep.ts_name);
        }
        assert!(!ts.contains("bigint"), "64-bit integers are numbers");
    }

    #[test]
    fn event_kinds_serialize_as_they_are_named() {
        for kind in EventKind::ALL {
            assert_eq!(json!(kind), json!(kind.as_str()));
            assert_eq!(EventKind::named(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::named("*"), None);
        for state in [
            LinkState::Up,
            LinkState::Idle,
            LinkState::Cut,
            LinkState::OneWay,
            LinkState::Down,
        ] {
            assert_eq!(json!(state), json!(state.as_str()));
        }
        for table in [NameTable::Global, NameTable::Pg, NameTable::Registry] {
            assert_eq!(json!(table), json!(table.as_str()));
        }
        for role in [ProcessRole::Supervisor, ProcessRole::Worker] {
            assert_eq!(json!(role), json!(role.as_str()));
        }
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The JS shape the browser tests and pages rely on.
    #[test]
    fn the_snapshot_has_the_js_shape() {
        let mut c = Console::new(1);
        for line in [
            "Sim.add_node(:\"b@sim\")",
            "Process.sleep(3_000)",
            ":pg.join(:workers, self())",
            "Process.sleep(1_000)",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        assert!(
            c.eval_line("Shards.set_k(2); Enum.each(1..3, &Shards.put(&1, &1))")
                .ok
        );
        let snap = serde_json::to_value(snapshot(c.world())).expect("serializes");
        let mut top = keys(&snap);
        top.sort_unstable();
        assert_eq!(
            top,
            [
                "groups",
                "inFlight",
                "invariants",
                "links",
                "log",
                "names",
                "nodes",
                "shards",
                "time",
                "trees"
            ]
        );
        assert_eq!(snap["time"].as_f64(), Some(us_to_ms(c.world().now())));
        let mut node = keys(&snap["nodes"][0]);
        node.sort_unstable();
        assert_eq!(node, ["alive", "name", "peers", "processes"]);
        assert_eq!(snap["nodes"][1]["peers"], json!(["a@sim"]));
        let link = &snap["links"][0];
        assert_eq!(link["state"], "up");
        assert_eq!(link["lossy"], false);
        assert!(link["latencyMs"].is_u64());
        let tree = &snap["trees"]["a@sim"][0];
        let mut fields = keys(tree);
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "children",
                "intensity",
                "keys",
                "kind",
                "mailbox",
                "module",
                "name",
                "pid",
                "restarts"
            ]
        );
        let sup = snap["trees"]["a@sim"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["name"] == "Fleet.Supervisor"))
            .expect("the Fleet supervisor");
        assert_eq!(sup["kind"], "supervisor");
        assert!(sup["intensity"]["maxRestarts"].is_u64());
        assert!(sup["intensity"]["maxSeconds"].is_u64());
        let line = &snap["log"][0];
        let mut fields = keys(line);
        fields.sort_unstable();
        assert_eq!(fields, ["kind", "text", "time"]);
        assert!(line["time"].is_f64());
        let workers = snap["groups"]
            .as_array()
            .and_then(|g| {
                g.iter()
                    .find(|r| r["key"].as_str().is_some_and(|k| k.ends_with(":workers")))
            })
            .expect("the :workers group");
        assert_eq!(workers["table"], "pg");
        assert!(workers["cells"]["a@sim"].is_string());
        assert_eq!(workers["divergent"], false);
        assert!(snap["names"]
            .as_array()
            .is_some_and(|n| n.iter().all(|r| r["table"] != "pg")));
        // K and the three keys put, spread over the shards' workers.
        assert_eq!(snap["shards"]["k"], json!(2));
        let counts = snap["shards"]["counts"].as_array().expect("a list");
        assert!(!counts.is_empty());
        let total: u64 = counts.iter().filter_map(|c| c["keys"].as_u64()).sum();
        assert_eq!(total, 3);
        for count in counts {
            let mut fields = keys(count);
            fields.sort_unstable();
            assert_eq!(fields, ["keys", "node", "shard"]);
            assert!(count["node"].as_str().is_some_and(|n| n.ends_with("@sim")));
        }
    }

    #[test]
    fn invariants_in_the_snapshot_say_when_they_were_red_in_ms() {
        let mut c = Console::new(1);
        for line in [
            ":ets.new(:t, [:named_table, :public])",
            "Sim.invariant(:empty, fn -> :ets.info(:t, :size) == 0 end)",
            "spawn(fn -> Process.sleep(300); :ets.insert(:t, {1}); Process.sleep(200); :ets.delete(:t, 1) end)",
            "Process.sleep(1_000)",
            "Sim.invariant(:fine, fn -> true end)",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        let snap = serde_json::to_value(snapshot(c.world())).expect("serializes");
        assert_eq!(
            snap["invariants"],
            json!([
                {
                    "name": "empty",
                    "red": false,
                    "firstBroke": {"time": 300.0, "why": "returned false"},
                    "spans": [{"from": 300.0, "until": 500.0}]
                },
                {"name": "fine", "red": false, "firstBroke": null, "spans": []}
            ])
        );
    }

    #[test]
    fn an_eval_result_has_the_js_shape() {
        let mut c = Console::new(1);
        let out = c.eval_line("IO.puts(\"hi\"); nil");
        let printed = out.printed.iter().map(String::as_str).collect();
        let result = EvalResult::new(out.ok, out.value.as_ref(), &out.full, printed);
        assert_eq!(
            serde_json::to_value(&result).expect("serializes"),
            json!({ "ok": true, "value": null, "text": "nil", "printed": ["hi"] })
        );
        let failed = EvalResult::new(false, None, "** (RuntimeError) boom", vec![]);
        assert_eq!(
            serde_json::to_value(&failed).expect("serializes"),
            json!({ "ok": false, "value": null, "text": "** (RuntimeError) boom", "printed": [] })
        );
    }
}
