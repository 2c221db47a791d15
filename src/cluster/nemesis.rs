//! `Sim.nemesis/1`: faults on a schedule. A schedule is a list of
//! `{after_ms, fault}` pairs, each time counted from the call:
//!
//! | fault | what happens |
//! |---|---|
//! | `{:partition, [[a, b], [c]]}` | every link between groups is cut both ways (nodes named nowhere form one more group) |
//! | `{:bridge, [a], b, [c]}` | the left and right sides are cut from each other; the bridge node keeps its links to both (but see below) |
//! | `{:cut, a, b}` | only `a → b` is cut (a one-way failure) |
//! | `:heal` | every cut is removed |
//! | `{:crash, a}` / `{:restart, a}` | the node goes down / comes back with its applications |
//! | `{:link, a, b, latency: ms, jitter: ms, loss: percent}` | a slow or lossy link, both directions |
//! | `{:kill, a, n}` | `n` of the node's workers, picked with the seeded RNG, are killed (`:killed`) |
//! | `{:pause, a, ms}` | the node stops running for `ms`; after the net tick time its peers drop it (see `kernel/pause.rs`) |
//! | `{:skew, a, ms}` | the node's OS clock (`System.os_time/0`, `:os.system_time/0`) is `ms` off; timers and monotonic time are not |
//! | `{:udp, duplicate: percent, reorder: ms}` | datagrams between nodes (seed 002's gossip) arrive twice, or up to `ms` late and out of order |
//! | `{:disk, a, fail: percent}` | that share of the node's file writes fail with `{:error, :eio}` (0 ends it) |
//! | `{:power_loss, a}` | the node crashes keeping its disk, minus the writes not yet written back (see `kernel/disk.rs`) |
//!
//! A bridge does not last on OTP 25: global's `prevent_overlapping_partitions`
//! has a node that loses a peer make its other peers drop that peer too, so
//! the bridge node ends up on one side, as it does here.
//!
//! The whole schedule is checked when it is given, so a bad entry is an
//! error naming it and nothing is scheduled. The kernel keeps each fault
//! until its time (`kernel/fault.rs`), traces it as a `fault` event, and
//! calls [`apply`], which does what the console line for it would.

use super::network;
use crate::kernel::{NodeId, ProcessKind, World, MS};
use crate::term::{inspect, Term};

/// The most faults one schedule may hold.
pub const MAX_FAULTS: usize = 10_000;

/// The latest a fault may be scheduled, in ms from now (about 31 years).
pub const MAX_AFTER_MS: i64 = 1_000_000_000_000;

/// The most workers one `{:kill, node, n}` may name.
pub const MAX_KILLS: i64 = 100_000;

/// One fault, its nodes resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Cut every link between different groups.
    Partition(Vec<Vec<NodeId>>),
    /// Cut `left` from `right`; `bridge` keeps its links to both.
    Bridge {
        /// One side.
        left: Vec<NodeId>,
        /// The node in both.
        bridge: NodeId,
        /// The other side.
        right: Vec<NodeId>,
    },
    /// Cut `from → to` only.
    Cut {
        /// Sending side.
        from: NodeId,
        /// Receiving side.
        to: NodeId,
    },
    /// Remove every cut.
    Heal,
    /// Crash a node.
    Crash(NodeId),
    /// Restart a crashed node.
    Restart(NodeId),
    /// Latency, jitter (ms) and loss (percent) on both directions of a pair.
    Link {
        /// One end.
        a: NodeId,
        /// The other end.
        b: NodeId,
        /// One-way delay, ms.
        latency: Option<u64>,
        /// Extra random delay, up to this many ms.
        jitter: Option<u64>,
        /// Packets lost, percent.
        loss: Option<u64>,
    },
    /// Stop a node from running for `ms`.
    Pause {
        /// The node.
        node: NodeId,
        /// For how long.
        ms: u64,
    },
    /// Set how far a node's OS clock is off.
    Skew {
        /// The node.
        node: NodeId,
        /// By how many ms (either way).
        ms: i64,
    },
    /// Datagram faults: duplicates and reordering (UDP only: the BEAM's
    /// distribution runs over TCP, which has neither).
    Udp {
        /// Percent of datagrams that arrive twice.
        duplicate: Option<u64>,
        /// Up to this many ms of extra delay each.
        reorder: Option<u64>,
    },
    /// Fail this percent of a node's file writes with `:eio`.
    DiskFail {
        /// The node.
        node: NodeId,
        /// Percent of writes (0: none).
        percent: u8,
    },
    /// The node's machine loses power: it crashes, and its disk keeps only
    /// what was written back or synced.
    PowerLoss(NodeId),
    /// Kill `count` random workers of a node.
    Kill {
        /// The node.
        node: NodeId,
        /// How many.
        count: usize,
    },
}

/// Checks `schedule` (`[{after_ms, fault}, ...]`) and schedules every
/// fault in it; returns how many. Nothing is scheduled when an entry is
/// wrong: the error names it.
pub fn schedule(world: &mut World, schedule: &Term) -> Result<usize, String> {
    let entries = schedule.list_to_vec().ok_or_else(|| {
        format!(
            "expected a list of {{after_ms, fault}}, got: {}",
            inspect(schedule)
        )
    })?;
    if entries.len() > MAX_FAULTS {
        return Err(format!(
            "a schedule holds at most {MAX_FAULTS} faults, this one has {}",
            entries.len()
        ));
    }
    let mut timed = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let fail = |why: String| format!("fault {} ({}): {why}", i + 1, inspect(entry));
        let Some([after, fault]) = entry.as_tuple() else {
            return Err(fail("expected {after_ms, fault}".into()));
        };
        let after = match after.as_int() {
            Some(ms) if (0..=MAX_AFTER_MS).contains(&ms) => ms as u64,
            _ => {
                return Err(fail(format!(
                    "the time must be an integer of ms in 0..{MAX_AFTER_MS}"
                )))
            }
        };
        parse(world, fault).map_err(fail)?;
        timed.push((after, fault.clone()));
    }
    world.set_fault_handler(fire);
    let now = world.now();
    let count = timed.len();
    for (after, fault) in timed {
        world.schedule_fault(now.saturating_add(after * MS), fault);
    }
    Ok(count)
}

/// The kernel's [`crate::kernel::FaultHandler`]: applies a fault that was
/// checked when it was scheduled.
fn fire(world: &mut World, fault: &Term) {
    if let Ok(fault) = parse(world, fault) {
        apply(world, &fault);
    }
}

/// Reads one fault term.
pub fn parse(world: &World, fault: &Term) -> Result<Fault, String> {
    let node = |t: &Term| -> Result<NodeId, String> {
        match t {
            Term::Atom(a) => world
                .node_id(a.as_str())
                .ok_or_else(|| format!("unknown node {}", inspect(t))),
            _ => Err(format!("expected a node name, got: {}", inspect(t))),
        }
    };
    let nodes = |t: &Term| -> Result<Vec<NodeId>, String> {
        t.list_to_vec()
            .ok_or_else(|| format!("expected a list of nodes, got: {}", inspect(t)))?
            .iter()
            .map(node)
            .collect()
    };
    if fault.is_atom("heal") {
        return Ok(Fault::Heal);
    }
    let parts = fault.as_tuple().unwrap_or(&[]);
    let tag = parts.first().and_then(Term::as_atom).unwrap_or("");
    match (tag, parts) {
        ("partition", [_, groups]) => {
            let groups = groups
                .list_to_vec()
                .ok_or_else(|| "expected a list of groups of nodes".to_string())?;
            Ok(Fault::Partition(
                groups.iter().map(nodes).collect::<Result<_, _>>()?,
            ))
        }
        ("bridge", [_, left, bridge, right]) => {
            let (left, bridge, right) = (nodes(left)?, node(bridge)?, nodes(right)?);
            if left.contains(&bridge) || right.contains(&bridge) {
                return Err("the bridge node belongs to neither side".into());
            }
            Ok(Fault::Bridge {
                left,
                bridge,
                right,
            })
        }
        ("cut", [_, from, to]) => Ok(Fault::Cut {
            from: node(from)?,
            to: node(to)?,
        }),
        ("crash", [_, n]) => Ok(Fault::Crash(node(n)?)),
        ("restart", [_, n]) => Ok(Fault::Restart(node(n)?)),
        ("power_loss", [_, n]) => Ok(Fault::PowerLoss(node(n)?)),
        ("disk", [_, n, opts]) => {
            if opts.list_to_vec().is_none() {
                return Err("expected options: fail: percent".into());
            }
            let percent = int_option(opts, "fail", 100)?
                .ok_or_else(|| "expected fail: percent (0..100)".to_string())?;
            Ok(Fault::DiskFail {
                node: node(n)?,
                percent: percent as u8,
            })
        }
        ("link", [_, a, b, opts]) => {
            if opts.list_to_vec().is_none() {
                return Err("expected options: latency: ms, jitter: ms, loss: percent".into());
            }
            let opt = |key: &str, max: i64| int_option(opts, key, max);
            Ok(Fault::Link {
                a: node(a)?,
                b: node(b)?,
                latency: opt("latency", MAX_AFTER_MS)?,
                jitter: opt("jitter", MAX_AFTER_MS)?,
                loss: opt("loss", 100)?,
            })
        }
        ("pause", [_, n, ms]) => match ms.as_int() {
            Some(ms) if (1..=MAX_AFTER_MS).contains(&ms) => Ok(Fault::Pause {
                node: node(n)?,
                ms: ms as u64,
            }),
            _ => Err(format!(
                "the pause must be an integer of ms in 1..{MAX_AFTER_MS}"
            )),
        },
        ("skew", [_, n, ms]) => match ms.as_int() {
            Some(ms) if (-MAX_AFTER_MS..=MAX_AFTER_MS).contains(&ms) => {
                Ok(Fault::Skew { node: node(n)?, ms })
            }
            _ => Err(format!(
                "the skew must be an integer of ms in -{MAX_AFTER_MS}..{MAX_AFTER_MS}"
            )),
        },
        ("udp", [_, opts]) => {
            if opts.list_to_vec().is_none() {
                return Err("expected options: duplicate: percent, reorder: ms".into());
            }
            let opt = |key: &str, max: i64| int_option(opts, key, max);
            Ok(Fault::Udp {
                duplicate: opt("duplicate", 100)?,
                reorder: opt("reorder", MAX_AFTER_MS)?,
            })
        }
        ("kill", [_, n, count]) => match count.as_int() {
            Some(c) if (1..=MAX_KILLS).contains(&c) => Ok(Fault::Kill {
                node: node(n)?,
                count: c as usize,
            }),
            _ => Err(format!("the number of workers must be in 1..{MAX_KILLS}")),
        },
        _ => Err(
            "unknown fault; expected :heal, {:partition, groups}, {:bridge, left, node, right}, \
             {:cut, from, to}, {:crash, node}, {:restart, node}, {:link, a, b, opts}, \
             {:kill, node, n}, {:pause, node, ms}, {:skew, node, ms}, {:udp, opts}, \
             {:disk, node, fail: percent} or {:power_loss, node}"
                .into(),
        ),
    }
}

/// The integer option `key` of a keyword list, in `0..=max`, if given.
fn int_option(opts: &Term, key: &str, max: i64) -> Result<Option<u64>, String> {
    match crate::otp::gen_server::keyword_get(opts, key) {
        None => Ok(None),
        Some(Term::Int(v)) if (0..=max).contains(&v) => Ok(Some(v as u64)),
        Some(_) => Err(format!(":{key} must be an integer in 0..{max}")),
    }
}

/// Applies `fault` now, as its console line would.
pub fn apply(world: &mut World, fault: &Fault) {
    let name = |world: &World, n: NodeId| {
        world
            .node_name(n)
            .map_or_else(String::new, |a| inspect(&Term::Atom(*a)))
    };
    match fault {
        Fault::Partition(groups) => {
            let what = format!(
                "partition [{}]",
                groups
                    .iter()
                    .map(|g| format!(
                        "[{}]",
                        g.iter()
                            .map(|n| name(world, *n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            network::partition(world, groups, what);
        }
        Fault::Bridge {
            left,
            bridge,
            right,
        } => {
            for &l in left {
                for &r in right {
                    if l != r {
                        network::cut_quietly(world, l, r);
                        network::cut_quietly(world, r, l);
                    }
                }
            }
            let what = format!("bridge through {}", name(world, *bridge));
            world.record(crate::kernel::TraceKind::Network { change: what });
        }
        Fault::Cut { from, to } => {
            let what = format!("cut {} -> {}", name(world, *from), name(world, *to));
            network::cut(world, *from, *to, what);
        }
        Fault::Heal => network::heal(world, "heal".into()),
        Fault::Crash(node) => {
            world.crash_node(*node);
        }
        Fault::Restart(node) => {
            super::restart_node(world, *node);
        }
        Fault::Link {
            a,
            b,
            latency,
            jitter,
            loss,
        } => {
            let what = format!(
                "link {} <-> {} latency {} ms, jitter {} ms, loss {}%",
                name(world, *a),
                name(world, *b),
                latency.map_or("unchanged".into(), |v| v.to_string()),
                jitter.map_or("unchanged".into(), |v| v.to_string()),
                loss.map_or("unchanged".into(), |v| v.to_string()),
            );
            network::set_link(world, *a, *b, *latency, *jitter, *loss, what);
        }
        Fault::Kill { node, count } => kill_workers(world, *node, *count),
        Fault::DiskFail { node, percent } => world.set_disk_failures(*node, *percent),
        Fault::PowerLoss(node) => {
            world.power_loss(*node);
        }
        Fault::Pause { node, ms } => {
            let until = world.now().saturating_add(ms.saturating_mul(MS));
            world.pause_node(*node, until);
        }
        Fault::Skew { node, ms } => world.set_clock_skew(*node, ms.saturating_mul(MS as i64)),
        Fault::Udp { duplicate, reorder } => {
            let net = world.net_mut();
            if let Some(p) = duplicate {
                net.udp_duplicate = *p as f64 / 100.0;
            }
            if let Some(ms) = reorder {
                net.udp_reorder = ms.saturating_mul(MS);
            }
            let (dup, late) = (net.udp_duplicate, net.udp_reorder / MS);
            world.record(crate::kernel::TraceKind::Network {
                change: format!("udp: {}% duplicated, up to {late} ms late", dup * 100.0),
            });
        }
    }
}

/// Kills `count` of `node`'s workers (fewer if it has fewer), picked with
/// the world's seeded RNG: live processes of kind worker that are not the
/// node's kernel processes (whose death takes the node down), application
/// masters (whose death stops the application: infrastructure, not a
/// worker) or shells.
fn kill_workers(world: &mut World, node: NodeId, count: usize) {
    if !world.node_alive(node) {
        return;
    }
    let mut workers: Vec<_> = world
        .pids(node)
        .into_iter()
        .filter(|p| !world.is_vital(*p) && world.kind_of(*p) == Some(ProcessKind::Worker))
        .filter(|p| {
            world
                .module_of(*p)
                .is_none_or(|m| m.as_str() != "application_master")
        })
        .collect();
    for _ in 0..count.min(workers.len()) {
        let i = (world.rng().uniform(workers.len() as u64) - 1) as usize;
        let pid = workers.swap_remove(i);
        world.die(pid, Term::atom("killed"));
    }
}
