//! The shards tab: a K slider (`Shards.set_k/1`), a strategy picker
//! (`Shards.movement/4`), a chart of the keys each strategy moves when K
//! goes to K + 1, a key search (`Shards.route/1`: key → shard → node →
//! worker), and the keys each shard worker holds (`Shards.counts/0`),
//! whose cells flash as keys move.
//!
//! The chart is computed once per page, one K at a time between frames
//! (see [`rows`]), so the page never blocks on it.

use crate::shard::{movement, Kind};
use crate::view::api::ShardsSnapshot;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::num::NonZeroU32;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Largest K the slider and the chart offer.
pub const K_MAX: u32 = 32;
/// Keys placed for each point of the chart.
pub const CHART_KEYS: u32 = 10_000;

thread_local! {
    /// Fraction of [`CHART_KEYS`] moved on `K → K + 1`, per strategy in
    /// [`Kind::ALL`] order; row `i` is `K = i + 1`.
    static ROWS: RefCell<Vec<[f64; 4]>> = const { RefCell::new(Vec::new()) };
}

/// The chart rows computed so far (`K = 1..=len`).
pub fn rows() -> Vec<[f64; 4]> {
    ROWS.with(|r| r.borrow().clone())
}

/// Computes the next row of the chart, if any is left; returns how many
/// rows there are now.
pub fn compute_next_row() -> usize {
    ROWS.with(|r| {
        let mut rows = r.borrow_mut();
        let k = rows.len() as u32 + 1;
        if k <= K_MAX {
            let (from, to) = (nz(k), nz(k + 1));
            let row = Kind::ALL.map(|kind| {
                movement(kind, from, to, CHART_KEYS).moved as f64 / f64::from(CHART_KEYS)
            });
            rows.push(row);
        }
        rows.len()
    })
}

fn nz(k: u32) -> NonZeroU32 {
    NonZeroU32::new(k).unwrap_or(NonZeroU32::MIN)
}

/// The colour class of each strategy, in [`Kind::ALL`] order.
const CLASSES: [&str; 4] = ["s-rendezvous", "s-jump", "s-ring", "s-modulo"];

/// Props of [`ShardsPane`].
#[derive(Properties, PartialEq)]
pub struct ShardsProps {
    /// K and the keys per shard.
    pub view: Rc<ShardsSnapshot>,
    /// Whether the tab is shown (the chart is computed only then).
    pub active: bool,
    /// Evaluate a console line (shown in the transcript).
    pub oneval: Callback<String>,
    /// The latest key search: the `Shards.route(key)` line and its result.
    #[prop_or_default]
    pub route: Option<(AttrValue, AttrValue)>,
}

/// The parts of a `Shards.route/1` result, `{shard, node, pid}`, for the
/// search's breadcrumb; `None` when it is something else (an error).
pub fn route_parts(result: &str) -> Option<(i64, String, String)> {
    let inner = result.strip_prefix('{')?.strip_suffix('}')?;
    let mut parts = inner.splitn(3, ", ");
    let shard = parts.next()?.parse().ok()?;
    let node = parts
        .next()?
        .trim_start_matches(':')
        .trim_matches('"')
        .to_string();
    let pid = parts.next()?.to_string();
    Some((shard, node, pid))
}

/// The key search: a key as the console writes it (`42`, `"alice"`),
/// looked up with `Shards.route/1` through the console.
fn key_search(props: &ShardsProps, input: &NodeRef) -> Html {
    let onsubmit = {
        let (oneval, input) = (props.oneval.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(field) = input.cast::<HtmlInputElement>() {
                let key = field.value();
                if !key.trim().is_empty() {
                    oneval.emit(format!("Shards.route({})", key.trim()));
                }
            }
        })
    };
    let found = props.route.as_ref().map(|(line, result)| {
        let key = line
            .trim_start_matches("Shards.route(")
            .trim_end_matches(')')
            .to_string();
        match route_parts(result) {
            Some((shard, node, pid)) => html! {
                <p class="route" data-testid="key-route">
                    <span class="mono">{ key }</span>{ " → shard " }<b>{ shard }</b>
                    { " → " }<span class="mono">{ node }</span>{ " → " }<span class="mono">{ pid }</span>
                </p>
            },
            None => html! { <p class="route muted" data-testid="key-route">{ result.to_string() }</p> },
        }
    });
    html! {
        <div class="key-search">
            <form class="kv-form" {onsubmit}>
                <input ref={input.clone()} class="kv-input mono" data-testid="key-search" type="text"
                    placeholder={"find a key: 42 or \"alice\""} aria-label="A key to find"
                    autocomplete="off" spellcheck="false" />
                <button type="submit" class="btn">{ "route" }</button>
            </form>
            { for found }
        </div>
    }
}

/// The shards pane.
#[function_component(ShardsPane)]
pub fn shards_pane(props: &ShardsProps) -> Html {
    let picked = use_state(|| Kind::Rendezvous);
    // K while the slider is dragged, before `change` sets it for real.
    let dragging = use_state(|| None::<i64>);
    let computed = use_state(|| ROWS.with(|r| r.borrow().len()));

    // One chart row per timeout while the tab is shown.
    {
        let computed = computed.clone();
        use_effect_with((*computed, props.active), move |&(done, active)| {
            let timeout = (active && done < K_MAX as usize)
                .then(|| Timeout::new(0, move || computed.set(compute_next_row())));
            move || drop(timeout)
        });
    }

    let k = dragging.unwrap_or(props.view.k);
    let oninput = {
        let dragging = dragging.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dragging.set(input.value().parse().ok());
            }
        })
    };
    let onchange = {
        let (dragging, oneval) = (dragging.clone(), props.oneval.clone());
        Callback::from(move |e: Event| {
            if let Some(k) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|input| input.value().parse::<i64>().ok())
            {
                oneval.emit(format!("Shards.set_k({k})"));
            }
            dragging.set(None);
        })
    };
    let pick = |kind: Kind| {
        let (picked, oneval) = (picked.clone(), props.oneval.clone());
        let k = props.view.k;
        Callback::from(move |_: MouseEvent| {
            picked.set(kind);
            oneval.emit(format!(
                "Shards.movement(:{}, {k}, {}, 10_000)",
                kind.name(),
                k + 1
            ));
        })
    };
    let rows = rows();
    let search = use_node_ref();
    let hit = props
        .route
        .as_ref()
        .and_then(|(_, result)| route_parts(result))
        .map(|(shard, _, _)| shard);
    // Cells whose count changed since the last drawing flash: keys moving.
    let previous = use_mut_ref(Vec::<crate::view::api::ShardCount>::new);
    let changed: BTreeSet<(i64, String)> = {
        let mut prev = previous.borrow_mut();
        let changed = props
            .view
            .counts
            .iter()
            .filter(|c| {
                !prev.is_empty()
                    && !prev
                        .iter()
                        .any(|p| p.shard == c.shard && p.node == c.node && p.keys == c.keys)
            })
            .map(|c| (c.shard, c.node.clone()))
            .collect();
        if *prev != props.view.counts {
            *prev = props.view.counts.clone();
        }
        changed
    };
    html! {
        <div class="shards" data-testid="shards-view">
            <div class="pane-head shards-head">
                <h2>{ "Shards" }</h2>
                <label class="k-control">
                    <span class="k-label">{ format!("K = {k}") }</span>
                    <input type="range" min="1" max={K_MAX.to_string()} step="1"
                        data-testid="k-slider" aria-label="Shard count K"
                        title="Shards.set_k(K)"
                        value={k.clamp(1, i64::from(K_MAX)).to_string()}
                        {oninput} {onchange} />
                </label>
                <div class="strategy-picker" data-testid="strategy-picker" role="radiogroup"
                    aria-label="Strategy">
                    { for Kind::ALL.iter().zip(CLASSES).map(|(&kind, class)| {
                        let on = *picked == kind;
                        html! {
                            <button type="button" role="radio" aria-checked={on.to_string()}
                                class={classes!("strategy", class, on.then_some("on"))}
                                data-testid={format!("strategy-{}", kind.name())}
                                title={format!("Shards.movement(:{}, K, K + 1, 10_000)", kind.name())}
                                onclick={pick(kind)}>
                                { kind.name() }
                            </button>
                        }
                    }) }
                </div>
            </div>
            <div class="shards-body">
                { chart(&rows, *picked, props.view.k) }
                { key_search(props, &search) }
                { counts_table(&props.view, hit, &changed) }
            </div>
        </div>
    }
}

/// Chart geometry: view box and plot area.
const W: f64 = 420.0;
const H: f64 = 220.0;
const LEFT: f64 = 38.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

fn x_of(k: u32) -> f64 {
    LEFT + (W - LEFT - RIGHT) * f64::from(k - 1) / f64::from(K_MAX - 1)
}

fn y_of(fraction: f64) -> f64 {
    TOP + (H - TOP - BOTTOM) * (1.0 - fraction.clamp(0.0, 1.0))
}

fn points(values: impl Iterator<Item = (u32, f64)>) -> String {
    values
        .map(|(k, v)| format!("{:.1},{:.1}", x_of(k), y_of(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Keys moved when K goes to K + 1", all four strategies and the minimum.
fn chart(rows: &[[f64; 4]], picked: Kind, k: i64) -> Html {
    let minimum = points((1..=K_MAX).map(|k| (k, 1.0 / f64::from(k + 1))));
    let marker = u32::try_from(k)
        .ok()
        .filter(|k| (1..=K_MAX).contains(k))
        .map(x_of);
    html! {
        <figure class="chart">
            <figcaption>
                { "Keys moved when K goes to K + 1 " }
                <span class="muted">{ format!("({CHART_KEYS} keys)") }</span>
                if rows.len() < K_MAX as usize {
                    <span class="muted">{ format!(" · computing K = {}…", rows.len() + 1) }</span>
                }
            </figcaption>
            <svg class="chart-svg" viewBox={format!("0 0 {W} {H}")} role="img"
                aria-label="Fraction of keys moved per strategy when K grows by one">
                { for [0.0, 0.25, 0.5, 0.75, 1.0].iter().map(|&f| html! {
                    <g class="grid">
                        <line x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                            y1={format!("{:.1}", y_of(f))} y2={format!("{:.1}", y_of(f))} />
                        <text class="axis" x={(LEFT - 4.0).to_string()} y={format!("{:.1}", y_of(f) + 3.0)}
                            text-anchor="end">{ format!("{}%", (f * 100.0) as u32) }</text>
                    </g>
                }) }
                { for [1u32, 8, 16, 24, 32].iter().map(|&k| html! {
                    <text class="axis" x={format!("{:.1}", x_of(k))} y={(H - BOTTOM + 14.0).to_string()}
                        text-anchor="middle">{ k }</text>
                }) }
                <text class="axis" x={format!("{:.1}", (LEFT + W - RIGHT) / 2.0)} y={(H - 3.0).to_string()}
                    text-anchor="middle">{ "K" }</text>
                if let Some(x) = marker {
                    <line class="k-marker" x1={format!("{x:.1}")} x2={format!("{x:.1}")}
                        y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
                }
                { for Kind::ALL.iter().enumerate().map(|(i, &kind)| {
                    let line = points(rows.iter().enumerate().map(|(r, row)| (r as u32 + 1, row[i])));
                    let class = classes!("series", CLASSES[i], (kind == picked).then_some("on"));
                    html! { <polyline {class} points={line} /> }
                }) }
                <polyline class="minimum" points={minimum} />
            </svg>
            <div class="chart-legend">
                { for Kind::ALL.iter().zip(CLASSES).map(|(&kind, class)| html! {
                    <span class={classes!("legend-item", class, (kind == picked).then_some("on"))}>
                        <span class="series-swatch" />{ kind.name() }
                    </span>
                }) }
                <span class="legend-item minimum-item"><span class="series-swatch" />{ "1/(K+1) minimum" }</span>
            </div>
        </figure>
    }
}

/// Keys per node (rows) per shard (columns), as `Shards.counts()` has
/// them: few rows, and the columns scroll sideways when K is large.
fn counts_table(
    view: &ShardsSnapshot,
    hit: Option<i64>,
    changed: &BTreeSet<(i64, String)>,
) -> Html {
    let nodes: BTreeSet<&str> = view.counts.iter().map(|c| c.node.as_str()).collect();
    let shards: BTreeSet<i64> = view.counts.iter().map(|c| c.shard).collect();
    let cell = |shard: i64, node: &str| {
        view.counts
            .iter()
            .find(|c| c.shard == shard && c.node == node)
            .map(|c| c.keys)
    };
    html! {
        <div class="counts">
            <div class="counts-title">
                <code>{ "Shards.counts()" }</code>
                <span class="muted">{ " keys per shard per node" }</span>
            </div>
            if view.counts.is_empty() {
                <p class="muted">{ "no shard workers running" }</p>
            } else {
                <div class="counts-scroll">
                    <table class="counts-table">
                        <thead>
                            <tr>
                                <th>{ "shard" }</th>
                                { for shards.iter().map(|s| html! {
                                    <th class={classes!((hit == Some(*s)).then_some("hit"))}>{ *s }</th>
                                }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for nodes.iter().map(|&n| html! {
                                <tr key={n}>
                                    <th>{ n }</th>
                                    { for shards.iter().map(|&s| match cell(s, n) {
                                        Some(keys) => {
                                            let class = classes!(
                                                (hit == Some(s)).then_some("hit"),
                                                changed.contains(&(s, n.to_string())).then_some("changed"),
                                            );
                                            html! { <td {class}>{ keys }</td> }
                                        }
                                        None => html! { <td class="muted">{ "·" }</td> },
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}
