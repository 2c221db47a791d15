// The JS API's data types, generated from the Rust types that serialize
// them (src/view.rs, src/view/*). Do not edit: run
//   UPDATE_TYPESCRIPT=1 cargo test --test typescript
// after changing them.

/**
 * A term as plain JS data: integers as numbers when exact (else decimal
 * strings), `true`/`false` as booleans and `nil` as null, other atoms and
 * UTF-8 binaries as strings, lists and tuples as arrays,
 * maps as objects keyed by the inspected key (`":a"`, `"\"k\""`, `"1"`),
 * pids, refs and funs as their inspected strings.
 */
export type TermValue = number | string | boolean | null | Array<TermValue> | { [inspectedKey: string]: TermValue };

/**
 * What `cluster.eval(line)` returns.
 */
export type EvalResult = { 
/**
 * True when the line evaluated to a value.
 */
ok: boolean, 
/**
 * The value (null when not ok).
 */
value: TermValue | null, 
/**
 * The value as `inspect` prints it, or the whole error text.
 */
text: string, 
/**
 * Lines printed while evaluating (`IO.puts/1`, `flush/0`).
 */
printed: Array<string>, };

/**
 * The kind of a trace event, as filters and `cluster.on` name it.
 */
export type TraceKind = "spawn" | "send" | "receive" | "drop" | "exit" | "signal" | "link" | "unlink" | "monitor" | "register" | "unregister" | "restart" | "shutdown" | "timer" | "nodeup" | "nodedown" | "node" | "network" | "fault" | "invariant" | "ownership" | "console";

/**
 * One trace event: a line of the event log, what `cluster.on` callbacks
 * get and `snapshot().log` holds.
 */
export type TraceEventInfo = { 
/**
 * Virtual time: µs in Rust, milliseconds in JS.
 */
time: number, 
/**
 * Kind of event.
 */
kind: TraceKind, 
/**
 * The event log's line for it.
 */
text: string, };

/**
 * One node of the cluster, for the cluster picture and the snapshot.
 */
export type NodeSnapshot = { 
/**
 * Its name (`a@sim`).
 */
name: string, 
/**
 * False while crashed.
 */
alive: boolean, 
/**
 * Live processes on it.
 */
processes: number, 
/**
 * Nodes it is connected to.
 */
peers: Array<string>, };

/**
 * The state of a link between two nodes, as the picture colours it.
 */
export type LinkState = "up" | "idle" | "cut" | "one-way" | "down";

/**
 * The state of the link between two nodes, as the picture colours it.
 */
export type LinkSnapshot = { 
/**
 * One end.
 */
a: string, 
/**
 * The other end.
 */
b: string, 
/**
 * Its state.
 */
state: LinkState, 
/**
 * True when either direction loses packets.
 */
lossy: boolean, 
/**
 * One-way latency a → b in milliseconds.
 */
latencyMs: number, };

/**
 * A message or signal on the wire between two nodes.
 */
export type FlightSnapshot = { 
/**
 * Sending node.
 */
from: string, 
/**
 * Receiving node.
 */
to: string, 
/**
 * When it arrives, in virtual time: µs in Rust, milliseconds in JS.
 */
arrivesAt: number, };

/**
 * What a process in a supervision tree is.
 */
export type ProcessRole = "supervisor" | "worker";

/**
 * A supervisor's restart intensity: more than `max_restarts` restarts in
 * `max_seconds` and it gives up.
 */
export type Intensity = { 
/**
 * Restarts allowed in the window.
 */
maxRestarts: number, 
/**
 * The window, in seconds.
 */
maxSeconds: number, };

/**
 * One process in a supervision tree.
 */
export type TreeSnapshot = { 
/**
 * The pid as iex prints it (`#PID<0.105.0>`).
 */
pid: string, 
/**
 * Locally registered name (`Fleet.Dynamic`), if any.
 */
name: string | null, 
/**
 * Registry keys it holds, as via names would print them (`Fleet.Registry 3`).
 */
keys: Array<string>, 
/**
 * Module it runs.
 */
module: string, 
/**
 * Supervisor or worker.
 */
kind: ProcessRole, 
/**
 * Children in start order (supervisors only).
 */
children: Array<TreeSnapshot>, 
/**
 * Messages waiting in its mailbox.
 */
mailbox: number, 
/**
 * Restart times inside the supervisor's intensity window (seconds).
 */
restarts: Array<number>, 
/**
 * Its restart intensity (supervisors only).
 */
intensity: Intensity | null, };

/**
 * Which table a name lives in.
 */
export type NameTable = "global" | "pg" | "registry";

/**
 * One name, group or registry, and each node's belief about it.
 */
export type NameSnapshot = { 
/**
 * The table it is in.
 */
table: NameTable, 
/**
 * The name as the console writes it (`:leader`, `:pg :workers`, `Fleet.Registry`).
 */
key: string, 
/**
 * Per node: a pid, members, or "N keys"; null where the node knows nothing of it or is down.
 */
cells: { [key in string]: string | null }, 
/**
 * True while live nodes disagree (a split); registries are per node and never divergent.
 */
divergent: boolean, };

/**
 * Keys held by one shard worker, as `Shards.counts()` lists them.
 */
export type ShardCount = { 
/**
 * The shard.
 */
shard: number, 
/**
 * The node its worker runs on.
 */
node: string, 
/**
 * Keys it holds.
 */
keys: number, };

/**
 * The shard fleet: K and the keys each shard worker holds.
 */
export type ShardsSnapshot = { 
/**
 * The shard count K.
 */
k: number, 
/**
 * Keys per shard per node, by shard then node.
 */
counts: Array<ShardCount>, };

/**
 * A stretch of virtual time an invariant was red.
 */
export type RedSpan = { 
/**
 * When it broke: µs in Rust, milliseconds in JS.
 */
from: number, 
/**
 * When it held again; null while it is still red.
 */
until: number | null, };

/**
 * When an invariant first broke, and why.
 */
export type Broke = { 
/**
 * Virtual time: µs in Rust, milliseconds in JS.
 */
time: number, 
/**
 * What the check said.
 */
why: string, };

/**
 * One invariant on the track.
 */
export type InvariantTrack = { 
/**
 * Its name.
 */
name: string, 
/**
 * True while it is red.
 */
red: boolean, 
/**
 * When it first broke and why: where the page jumps to. Null if it
 * never did.
 */
firstBroke: Broke | null, 
/**
 * Each red span, oldest first.
 */
spans: Array<RedSpan>, };

/**
 * What `cluster.snapshot()` returns.
 */
export type ClusterSnapshot = { 
/**
 * Virtual time: µs in Rust, milliseconds in JS.
 */
time: number, 
/**
 * Every node, in index order.
 */
nodes: Array<NodeSnapshot>, 
/**
 * Every pair of nodes once.
 */
links: Array<LinkSnapshot>, 
/**
 * Up to 200 packets on the wire.
 */
inFlight: Array<FlightSnapshot>, 
/**
 * Supervision trees by node name.
 */
trees: { [key in string]: Array<TreeSnapshot> }, 
/**
 * The last 200 trace events, oldest first.
 */
log: Array<TraceEventInfo>, 
/**
 * `:global` names and Registries, with what each node believes.
 */
names: Array<NameSnapshot>, 
/**
 * `:pg` groups (`":scope group"`), with each node's view of the members.
 */
groups: Array<NameSnapshot>, 
/**
 * The shard fleet.
 */
shards: ShardsSnapshot, 
/**
 * The invariants watched with `Sim.invariant/2`: whether each holds,
 * when it first broke, and the spans it was red.
 */
invariants: Array<InvariantTrack>, };
