//! The message sequence chart: one vertical lane per recently active
//! process, time running down, and an arrow for each message from the
//! sender's lane at the moment it was sent to the receiver's lane at the
//! moment it was received (a Lamport diagram). Messages still in flight
//! (or dropped) end in a small open circle.

use crate::ui::hooks::use_stick_to_bottom;
use crate::ui::state::clock_text;
use crate::view::SequenceView;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`SequencePane`].
#[derive(Properties, PartialEq)]
pub struct SequenceProps {
    /// The chart of the last events.
    pub view: Rc<SequenceView>,
}

/// Horizontal distance between lanes.
const LANE_W: f64 = 78.0;
/// Vertical distance between event rows.
const ROW_H: f64 = 14.0;
/// Room above the first row (the headings are a sticky strip above).
const TOP: f64 = 4.0;

fn x(lane: usize) -> f64 {
    LANE_W / 2.0 + LANE_W * lane as f64
}

fn y(row: usize, first: usize) -> f64 {
    TOP + ROW_H * (row.saturating_sub(first)) as f64 + 8.0
}

/// A lane heading that fits its lane: the last part of a module name,
/// cut to 11 characters.
fn short(label: &str) -> String {
    let tail = label.rsplit('.').next().unwrap_or(label);
    if tail.chars().count() <= 11 {
        return tail.to_string();
    }
    let cut: String = tail.chars().take(10).collect();
    format!("{cut}…")
}

/// The sequence chart pane.
#[function_component(SequencePane)]
pub fn sequence_pane(props: &SequenceProps) -> Html {
    let view = &props.view;
    // Only rows with an arrow end take room: start at the first one.
    let first = view.arrows.iter().map(|a| a.sent).min().unwrap_or(0);
    let last = view
        .arrows
        .iter()
        .map(|a| a.received.unwrap_or(a.sent + 2).max(a.sent))
        .max()
        .unwrap_or(0);
    let width = (LANE_W * view.lanes.len().max(1) as f64).max(240.0);
    let height = y(last, first) + 24.0;
    let body_ref = use_node_ref();
    let onscroll = use_stick_to_bottom(body_ref.clone(), (view.span, view.arrows.len()));
    html! {
        <div class="sequence" data-testid="sequence-view">
            <div class="pane-head">
                <h2>{ "Messages" }</h2>
                <span class="pane-hint">
                    { format!("{} messages between {} processes, {} – {}",
                        view.arrows.len(), view.lanes.len(),
                        clock_text(view.span.0), clock_text(view.span.1)) }
                </span>
            </div>
            <div class="sequence-body" ref={body_ref} {onscroll}>
                if view.arrows.is_empty() {
                    <p class="sequence-empty">{ "No messages yet: start some processes, or press play." }</p>
                } else {
                    // Lane headings stay in view while the chart scrolls.
                    <svg class="sequence-head" width={format!("{width:.0}")} height="36"
                        viewBox={format!("0 0 {width:.0} 36")} aria-hidden="true">
                        { for view.lanes.iter().enumerate().map(|(i, lane)| html! {
                            <g>
                                <title>{ format!("{} {}", lane.label, lane.pid) }</title>
                                <text class="seq-label" x={format!("{:.0}", x(i))} y="14">{ short(&lane.label) }</text>
                                <text class="seq-pid" x={format!("{:.0}", x(i))} y="28">{ &lane.pid }</text>
                            </g>
                        }) }
                    </svg>
                    <svg class="sequence-svg" width={format!("{width:.0}")} height={format!("{height:.0}")}
                        viewBox={format!("0 0 {width:.0} {height:.0}")} role="img"
                        aria-label="Messages between processes over time">
                        <defs>
                            <marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                                markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0 0L10 5L0 10z" class="seq-head" />
                            </marker>
                        </defs>
                        { for (0..view.lanes.len()).map(|i| html! {
                            <g class="seq-lane">
                                <line x1={format!("{:.0}", x(i))} x2={format!("{:.0}", x(i))}
                                    y1={format!("{TOP:.0}")} y2={format!("{:.0}", height - 8.0)} />
                            </g>
                        }) }
                        { for view.arrows.iter().map(|a| {
                            let (x1, y1) = (x(a.from), y(a.sent, first));
                            let (x2, y2) = match a.received {
                                Some(r) => (x(a.to), y(r, first)),
                                None => (x1 + (x(a.to) - x1) * 0.5, y1 + ROW_H * 2.0),
                            };
                            let own = a.from == a.to;
                            let title = format!("{} {}", clock_text(a.time), a.label);
                            html! {
                                <g class={classes!("seq-msg", a.received.is_none().then_some("in-flight"))}>
                                    <title>{ title }</title>
                                    if own {
                                        <path d={format!("M{x1:.1} {y1:.1} h18 V{y2:.1} h-16")}
                                            marker-end="url(#seq-arrow)" />
                                    } else {
                                        <line x1={format!("{x1:.1}")} y1={format!("{y1:.1}")}
                                            x2={format!("{x2:.1}")} y2={format!("{y2:.1}")}
                                            marker-end={a.received.is_some().then_some("url(#seq-arrow)")} />
                                    }
                                    if a.received.is_none() {
                                        <circle cx={format!("{x2:.1}")} cy={format!("{y2:.1}")} r="3" />
                                    }
                                    <text x={format!("{:.1}", (x1 + x2) / 2.0)} y={format!("{:.1}", (y1 + y2) / 2.0 - 3.0)}>
                                        { &a.label }
                                    </text>
                                </g>
                            }
                        }) }
                    </svg>
                }
            </div>
        </div>
    }
}
