//! The supervision tree of one node, drawn as nested boxes: supervisors hold
//! their children; each process is a button that opens it in the inspector.

use crate::kernel::NodeId;
use crate::ui::components::node_picker::node_picker;
use crate::ui::hooks::use_restart_flash;
use crate::view::{Intensity, ProcessRole, TreeNode};
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Tree`].
#[derive(Properties, PartialEq)]
pub struct TreeProps {
    /// The node's trees, as [`crate::view::trees`] returns them.
    pub trees: Rc<Vec<TreeNode>>,
    /// The node's name (`a@sim`).
    pub node: AttrValue,
    /// Every node's name, in index order, for the node picker.
    pub nodes: Rc<Vec<String>>,
    /// The index of [`TreeProps::node`] in `nodes`.
    pub index: NodeId,
    /// Another node was picked (its index).
    pub onpick: Callback<NodeId>,
    /// A process was clicked; carries its pid as printed (`#PID<0.107.0>`).
    pub oninspect: Callback<AttrValue>,
    /// Virtual time in whole seconds, the right edge of the restart
    /// timelines.
    pub now_s: u64,
    /// Processes outside any tree that are not drawn.
    #[prop_or_default]
    pub more: usize,
}

/// The tree pane for one node.
#[function_component(Tree)]
pub fn tree(props: &TreeProps) -> Html {
    let flashing = use_restart_flash(&props.trees);
    let count = count(&props.trees) + props.more;
    html! {
        <div class="tree" data-testid="supervision-view">
            <div class="pane-head">
                <h2>{ "Supervision tree" }</h2>
                { node_picker(&props.nodes, props.index, &props.onpick, Some("node-picker")) }
                <span class="legend">
                    <span class="swatch swatch-sup" />{ "supervisor" }
                    <span class="swatch swatch-worker" />{ "worker" }
                    <span class="pane-hint">{ "· click a process to inspect it" }</span>
                </span>
            </div>
            <div class="tree-body">
                <div class="node" data-testid="tree-node">
                    <div class="node-title">
                        <span class="node-dot" aria-hidden="true" />
                        <span class="node-name">{ props.node.clone() }</span>
                        <span class="node-count">{ format!("{count} processes") }</span>
                    </div>
                    <ul class="forest">
                        { for props.trees.iter().map(|t| proc_view(t, &flashing, &props.oninspect, props.now_s)) }
                    </ul>
                    if props.more > 0 {
                        <p class="pane-hint tree-more" data-testid="tree-more">
                            { format!("and {} more processes outside any supervisor: the Processes tab lists them all", props.more) }
                        </p>
                    }
                </div>
            </div>
        </div>
    }
}

/// Processes in `trees`, all levels.
fn count(trees: &[TreeNode]) -> usize {
    trees.iter().map(|t| 1 + count(&t.children)).sum()
}

/// One process and, for supervisors, its children. Keyed by pid, so a
/// restarted child is a new element and its flash animation starts afresh.
fn proc_view(
    node: &TreeNode,
    flashing: &HashSet<String>,
    oninspect: &Callback<AttrValue>,
    now_s: u64,
) -> Html {
    let supervisor = node.kind == ProcessRole::Supervisor;
    let title = node.name.clone().unwrap_or_else(|| node.module.clone());
    let subtitle = node
        .name
        .as_ref()
        .filter(|n| **n != node.module)
        .map(|_| node.module.clone());
    let class = classes!(
        "proc",
        if supervisor {
            "proc-sup"
        } else {
            "proc-worker"
        },
        flashing.contains(&node.pid).then_some("restarted"),
    );
    let details = html! {
        <>
            <span class="proc-top">
                <span class="kind-badge">{ if supervisor { "sup" } else { "w" } }</span>
                <span class="proc-title" title={title.clone()}>{ title }</span>
                if node.mailbox > 0 {
                    <span class="mailbox" title="messages waiting in its mailbox">
                        { format!("✉ {}", node.mailbox) }
                    </span>
                }
            </span>
            if let Some(module) = subtitle {
                <span class="proc-module">{ module }</span>
            }
            <span class="proc-meta">
                <span class="proc-pid">{ node.pid.clone() }</span>
                { for node.keys.iter().map(|k| html! {
                    <span class="proc-key" title="registry key (via name)">{ key_text(k) }</span>
                }) }
                if let Some(Intensity { max_restarts: max, max_seconds: secs }) = node.intensity {
                    { intensity_view(&node.restarts, max, secs, now_s) }
                }
            </span>
        </>
    };
    let key = node.pid.clone();
    let onclick = {
        let pid = AttrValue::from(node.pid.clone());
        oninspect.reform(move |_: MouseEvent| pid.clone())
    };
    let tip = format!("Inspect {}", node.pid);
    if supervisor {
        let leaves = node
            .children
            .iter()
            .all(|c| c.children.is_empty() && c.kind != ProcessRole::Supervisor);
        html! {
            <li {key} class={class} data-kind="supervisor" data-module={node.module.clone()}>
                <button type="button" class="proc-card" title={tip} {onclick}>{ details }</button>
                if !node.children.is_empty() {
                    <ul class={classes!("children", leaves.then_some("leaves"))}>
                        { for node.children.iter().map(|c| proc_view(c, flashing, oninspect, now_s)) }
                    </ul>
                }
            </li>
        }
    } else {
        html! {
            <li {key} class={class} data-kind="worker" data-module={node.module.clone()}>
                <button type="button" class="proc-card" title={tip} {onclick}>{ details }</button>
            </li>
        }
    }
}

/// The restart-intensity window as a timeline: the last `secs` seconds
/// of virtual time, a tick for each restart in them, and the count against
/// `max`. One more restart than `max` inside the window and the supervisor
/// gives up, so the strip turns to a warning at `max`.
fn intensity_view(restarts: &[u64], max: u32, secs: u64, now_s: u64) -> Html {
    const W: f64 = 84.0;
    let from = now_s.saturating_sub(secs);
    let inside: Vec<u64> = restarts.iter().copied().filter(|t| *t >= from).collect();
    let full = inside.len() >= max as usize && max > 0;
    let x = |t: u64| {
        let span = secs.max(1) as f64;
        ((t.saturating_sub(from)) as f64 / span * W).clamp(1.0, W - 1.0)
    };
    html! {
        <span class={classes!("proc-restarts", full.then_some("at-limit"))}
            title={format!("restarts in the last {secs} s (virtual): {} of at most {max}; one more and this supervisor gives up", inside.len())}>
            <svg class="intensity" width="84" height="12" viewBox="0 0 84 12" aria-hidden="true">
                <rect class="intensity-window" x="0" y="3" width="84" height="6" rx="3" />
                { for inside.iter().map(|t| html! {
                    <line class="intensity-tick" x1={format!("{:.1}", x(*t))} x2={format!("{:.1}", x(*t))} y1="0" y2="12" />
                }) }
            </svg>
            { format!("↻ {}/{} in {}s", inside.len(), max, secs) }
        </span>
    }
}

/// A registry key as the via tuple writes it: `Fleet.Registry 3` →
/// `{Fleet.Registry, 3}`.
fn key_text(key: &str) -> String {
    match key.split_once(' ') {
        Some((registry, key)) => format!("{{{registry}, {key}}}"),
        None => key.to_string(),
    }
}
