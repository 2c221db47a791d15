//! The cluster picture: nodes on a circle, their processes as dots
//! (supervisors square-ish and first, in tree order; hover for the name,
//! click to inspect), the link between every pair coloured by its state,
//! packets in flight as dots along their link.
//!
//! Every control issues a console line (`Sim.add_node/1`, `Sim.partition/1`,
//! `Sim.heal/0`, `Sim.crash_node/1`, `Sim.restart_node/1`), so the learner
//! sees the code behind each click in the transcript.

use crate::ui::state::{next_node_name, node_atom, split_line};
use crate::view::{ClusterView, LinkState, LinkView, NodeView};
use std::rc::Rc;
use yew::prelude::*;

/// Width and height of the picture's view box.
const SIZE: f64 = 400.0;
/// Radius of the circle the nodes sit on.
const RING: f64 = 140.0;
/// Radius of one node's disc.
const NODE_R: f64 = 46.0;

/// Props of [`ClusterPane`].
#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    /// The cluster, as [`crate::view::cluster`] returns it.
    pub view: Rc<ClusterView>,
    /// Evaluate a console line (shown in the transcript).
    pub oneval: Callback<String>,
    /// A process dot was clicked: its pid as printed.
    pub oninspect: Callback<AttrValue>,
}

/// Where node `i` of `n` sits: on a circle, the first at the top, clockwise;
/// a lone node sits in the middle.
pub fn position(i: usize, n: usize) -> (f64, f64) {
    let c = SIZE / 2.0;
    if n <= 1 {
        return (c, c);
    }
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    (c + RING * angle.cos(), c + RING * angle.sin())
}

/// The console line a click on a node issues: crash it, or restart it when
/// it is down.
pub fn node_line(name: &str, alive: bool) -> String {
    if alive {
        format!("Sim.crash_node({})", node_atom(name))
    } else {
        format!("Sim.restart_node({})", node_atom(name))
    }
}

/// The cluster pane: controls above the picture.
#[function_component(ClusterPane)]
pub fn cluster_pane(props: &ClusterProps) -> Html {
    let view = &props.view;
    let names: Vec<&str> = view.nodes.iter().map(|n| n.name.as_str()).collect();
    let live: Vec<&str> = view
        .nodes
        .iter()
        .filter(|n| n.alive)
        .map(|n| n.name.as_str())
        .collect();
    let add = next_node_name(&names).map(|n| format!("Sim.add_node({})", node_atom(&n)));
    let split = split_line(&live);
    let button = |label: &'static str, testid: &'static str, line: Option<String>| {
        let title = line.clone().unwrap_or_default();
        let disabled = line.is_none();
        let onclick = {
            let oneval = props.oneval.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(line) = &line {
                    oneval.emit(line.clone());
                }
            })
        };
        html! {
            <button type="button" class="btn" data-testid={testid} {title} {disabled} {onclick}>
                { label }
            </button>
        }
    };
    let index = |name: &str| names.iter().position(|n| *n == name);
    let n = names.len();
    // Thousands of links change far less often than packets move: draw
    // their paths again only when they do.
    let paths = {
        let view = Rc::clone(view);
        use_memo((Rc::clone(&view.links), names.len()), move |_| {
            if n > LINK_DETAIL_NODES {
                link_paths(&view, n)
            } else {
                Html::default()
            }
        })
    };
    html! {
        <div class="cluster" data-testid="cluster-view">
            <div class="pane-head">
                <h2>{ "Cluster" }</h2>
                <div class="cluster-controls" role="group" aria-label="Cluster actions">
                    { button("add node", "add-node", add) }
                    { button("split", "split", split) }
                    { button("heal", "heal", Some("Sim.heal()".to_string())) }
                </div>
                <span class="pane-hint">{ "click a node: crash / restart · a dot: inspect" }</span>
            </div>
            <div class="cluster-body">
                // Links on a layer of their own: packets move every frame,
                // and repainting thousands of links with them is what would
                // drop frames.
                <svg class="cluster-svg cluster-links" viewBox={format!("0 0 {SIZE} {SIZE}")}
                    preserveAspectRatio="xMidYMid meet" aria-hidden="true">
                    <g class="links">
                        if n <= LINK_DETAIL_NODES {
                            { for view.links.iter().filter_map(|l| {
                                let (a, b) = (index(&l.a)?, index(&l.b)?);
                                Some(link_view(l, position(a, n), position(b, n)))
                            }) }
                        } else {
                            { (*paths).clone() }
                        }
                    </g>
                </svg>
                <svg class="cluster-svg" viewBox={format!("0 0 {SIZE} {SIZE}")}
                    preserveAspectRatio="xMidYMid meet" role="img"
                    aria-label="Nodes of the cluster and the links between them">
                    <g class="packets">
                        { for view.in_flight.iter().filter_map(|f| {
                            let (a, b) = (index(&f.from)?, index(&f.to)?);
                            let progress = f64::from(f.progress) / 1000.0;
                            let ((x1, y1), (x2, y2)) = (position(a, n), position(b, n));
                            let (cx, cy) = (x1 + (x2 - x1) * progress, y1 + (y2 - y1) * progress);
                            Some(html! {
                                <circle class="packet" cx={fmt(cx)} cy={fmt(cy)} r="4" />
                            })
                        }) }
                    </g>
                    <NodeLayer nodes={Rc::clone(&view.nodes)} oneval={props.oneval.clone()}
                        oninspect={props.oninspect.clone()} />
                </svg>
            </div>
            <div class="cluster-legend" aria-hidden="true">
                { for [("up", "connected"), ("idle", "not connected"), ("cut", "cut"),
                       ("one-way", "one way cut"), ("down", "node down"), ("lossy", "lossy")]
                    .iter()
                    .map(|(state, label)| html! {
                        <span class="legend-item">
                            <svg width="22" height="8" viewBox="0 0 22 8">
                                <line class={classes!("link", link_class(state))} x1="1" y1="4" x2="21" y2="4" />
                            </svg>
                            { *label }
                        </span>
                    }) }
                <span class="legend-item"><span class="packet-dot" />{ "packet" }</span>
                <span class="legend-item"><span class="user-dot" />{ "your process" }</span>
            </div>
        </div>
    }
}

/// Above this many nodes, links are drawn as one path per state (no
/// per-link hover text): 100 nodes have 4,950 links, and one element per
/// link costs more per frame than the simulation does.
const LINK_DETAIL_NODES: usize = 16;

/// Every link as one `<path>` per state and lossiness: few elements
/// however many nodes.
fn link_paths(view: &ClusterView, n: usize) -> Html {
    let index: std::collections::BTreeMap<&str, usize> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.name.as_str(), i))
        .collect();
    let mut paths: std::collections::BTreeMap<(LinkState, bool), String> = Default::default();
    for l in view.links.iter() {
        let (Some(&a), Some(&b)) = (index.get(&*l.a), index.get(&*l.b)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (position(a, n), position(b, n));
        let d = paths.entry((l.state, l.lossy)).or_default();
        d.push_str(&format!("M{x1:.1} {y1:.1}L{x2:.1} {y2:.1}"));
    }
    html! {
        { for paths.into_iter().map(|((state, lossy), d)| {
            let class = classes!("link", link_class(state.as_str()), lossy.then_some("link-lossy"));
            html! { <path {class} {d} /> }
        }) }
    }
}

/// Props of [`NodeLayer`].
#[derive(Properties, PartialEq)]
struct NodeLayerProps {
    /// The nodes (shared: equal while nothing about them changed).
    nodes: Rc<Vec<NodeView>>,
    /// Evaluate a console line.
    oneval: Callback<String>,
    /// Open a process in the inspector.
    oninspect: Callback<AttrValue>,
}

/// The nodes and their process dots: a component of its own so the
/// packets can move every frame without the nodes being drawn again.
#[function_component(NodeLayer)]
fn node_layer(props: &NodeLayerProps) -> Html {
    let n = props.nodes.len();
    let scale = node_scale(n);
    html! {
        <g class="nodes">
            { for props.nodes.iter().enumerate().map(|(i, node)| {
                let (x, y) = position(i, n);
                let line = node_line(&node.name, node.alive);
                let onclick = {
                    let (oneval, line) = (props.oneval.clone(), line.clone());
                    Callback::from(move |_: MouseEvent| oneval.emit(line.clone()))
                };
                let onkeydown = {
                    let (oneval, line) = (props.oneval.clone(), line.clone());
                    Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Enter" || e.key() == " " {
                            e.prevent_default();
                            oneval.emit(line.clone());
                        }
                    })
                };
                let class = classes!("cluster-node", (!node.alive).then_some("down"));
                html! {
                    <g key={node.name.clone()} {class} data-testid={format!("node-{}", node.name)}
                        role="button" tabindex="0" {onclick} {onkeydown}>
                        <title>{ line }</title>
                        <g transform={format!("translate({} {}) scale({})", fmt(x), fmt(y), fmt(scale))}>
                        <circle cx="0" cy="0" r={fmt(node_r(n))} />
                        if n <= LINK_DETAIL_NODES {
                        <text class="cluster-node-name" x="0" y="-17">
                            { &node.name }
                        </text>
                        <text class="cluster-node-count" x="0" y="-4">
                            { if node.alive {
                                format!("{} procs", node.processes)
                            } else {
                                "down".to_string()
                            } }
                        </text>
                        }
                        { for node.dots.iter().enumerate().map(|(k, dot)| {
                            let (dx, dy) = dot_offset(k);
                            let onclick = {
                                let (oninspect, pid) = (props.oninspect.clone(), AttrValue::from(dot.pid.clone()));
                                Callback::from(move |e: MouseEvent| {
                                    // A dot opens its process, not its node.
                                    e.stop_propagation();
                                    oninspect.emit(pid.clone());
                                })
                            };
                            let class = classes!(
                                "dot",
                                if dot.supervisor { "dot-sup" } else { "dot-worker" },
                                dot.user.then_some("dot-user"),
                            );
                            html! {
                                <circle {class} cx={fmt(dx)} cy={fmt(dy)} r="2.7"
                                    data-testid={format!("proc-{}", dot.pid)} {onclick}>
                                    <title>{ format!("{} {} — click to inspect", dot.label, dot.pid) }</title>
                                </circle>
                            }
                        }) }
                        </g>
                    </g>
                }
            }) }
        </g>
    }
}

/// The class of a link in `state` (`lossy` is a style of its own in the legend).
fn link_class(state: &str) -> String {
    format!("link-{state}")
}

/// One link between two node centres, shortened to the discs' edges.
fn link_view(link: &LinkView, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> Html {
    let class = classes!(
        "link",
        link_class(link.state.as_str()),
        link.lossy.then_some("link-lossy")
    );
    let title = format!(
        "{} ↔ {}: {}{}, {} ms",
        link.a,
        link.b,
        link.state.as_str(),
        if link.lossy { ", lossy" } else { "" },
        link.latency_ms
    );
    html! {
        <line {class} x1={fmt(x1)} y1={fmt(y1)} x2={fmt(x2)} y2={fmt(y2)}>
            <title>{ title }</title>
        </line>
    }
}

/// How much a node is drawn larger than [`NODE_R`]: a lone node fills the
/// picture, two or three have room to spare.
fn node_scale(n: usize) -> f64 {
    match n {
        0 | 1 => 3.0,
        2 => 1.25,
        _ => 1.0,
    }
}

/// A node's radius: full size while the nodes fit around the ring, then
/// shrinking so neighbours never overlap (names move to the hover text).
fn node_r(n: usize) -> f64 {
    if n <= LINK_DETAIL_NODES {
        return NODE_R
            .min(RING * (std::f64::consts::PI / n.max(1) as f64).sin() * 0.9)
            .max(NODE_R * 0.6);
    }
    (RING * (std::f64::consts::PI / n as f64).sin() * 0.85).max(2.5)
}

/// Where the `k`th process dot sits relative to its node's centre: a grid
/// of [`DOT_COLS`] columns in the lower half of the disc.
fn dot_offset(k: usize) -> (f64, f64) {
    let (col, row) = ((k % DOT_COLS) as f64, (k / DOT_COLS) as f64);
    let left = -DOT_STEP * (DOT_COLS as f64 - 1.0) / 2.0;
    (left + col * DOT_STEP, 8.0 + row * DOT_STEP)
}

/// Columns of process dots in a node.
const DOT_COLS: usize = 8;
/// Distance between process dots.
const DOT_STEP: f64 = 7.0;

/// A coordinate with one decimal: short attributes, no float noise.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
