//! The fault lab tab: a seed sweep of the session's lines (run a little
//! per frame; failing seeds link to their replay) and the KV history's
//! linearizability, with the smallest failing part drawn as a timeline of
//! operations, one row per client.

use crate::page::lab::{HistoryView, ShrinkView, SweepView, MAX_SEEDS};
use crate::page::model::clock_text;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`LabPane`].
#[derive(Properties, PartialEq)]
pub struct LabProps {
    /// The sweep, if one was started.
    pub sweep: Option<Rc<SweepView>>,
    /// The shrink of a failing seed's run, if one was started.
    pub shrink: Option<Rc<ShrinkView>>,
    /// The KV history's check.
    pub history: Rc<HistoryView>,
    /// Start a sweep over the seeds `1..=n`.
    pub onsweep: Callback<u64>,
    /// Stop the sweep or shrink under way.
    pub onstop: Callback<()>,
    /// Shrink the run of this failing seed.
    pub onshrink: Callback<u64>,
}

/// Seeds a sweep covers unless the learner asks for more.
const DEFAULT_SEEDS: u64 = 20;

/// The fault lab pane.
#[function_component(LabPane)]
pub fn lab_pane(props: &LabProps) -> Html {
    let seeds = use_node_ref();
    let running = props.sweep.as_ref().is_some_and(|s| s.running)
        || props.shrink.as_ref().is_some_and(|s| s.running);
    let onsubmit = {
        let seeds = seeds.clone();
        let onsweep = props.onsweep.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = seeds
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<u64>().ok())
                .unwrap_or(DEFAULT_SEEDS);
            onsweep.emit(n.clamp(1, MAX_SEEDS));
        })
    };
    let onstop = props.onstop.reform(|_: MouseEvent| ());
    html! {
        <div class="lab" data-testid="faults-view">
            <section class="lab-section">
                <h3 class="lab-title">{ "Seed sweep" }</h3>
                <p class="lab-about">
                    { "Runs this session's lines again on seeds 1 to N, each in a world of its own, and lists the seeds where Sim.check(), a watched invariant or the KV history's linearizability breaks. Open one to replay it here." }
                </p>
                <form class="lab-form" {onsubmit}>
                    <label>
                        { "seeds " }
                        <input ref={seeds} type="number" min="1" max={MAX_SEEDS.to_string()}
                            value={DEFAULT_SEEDS.to_string()} data-testid="sweep-seeds" class="lab-seeds" />
                    </label>
                    <button type="submit" class="btn" data-testid="sweep-run" disabled={running}>
                        { "Sweep" }
                    </button>
                    <button type="button" class="btn" data-testid="sweep-stop" disabled={!running}
                        onclick={onstop}>
                        { "Stop" }
                    </button>
                </form>
                { props.sweep.as_deref().map(|s| sweep_results(s, &props.onshrink, running)).unwrap_or_default() }
                { props.shrink.as_deref().map(shrink_result).unwrap_or_default() }
            </section>
            <section class="lab-section" data-testid="kv-history">
                <h3 class="lab-title">{ "KV history" }</h3>
                { history(&props.history) }
            </section>
        </div>
    }
}

/// Progress and the failing seeds.
fn sweep_results(sweep: &SweepView, onshrink: &Callback<u64>, busy: bool) -> Html {
    let state = if sweep.running {
        "running"
    } else if sweep.stopped {
        "stopped"
    } else {
        "done"
    };
    html! {
        <>
            <p class="lab-progress" data-testid="sweep-progress">
                <progress max={sweep.seeds.to_string()} value={sweep.done.to_string()} />
                { format!(" {} of {} seeds, {} failing ({state})", sweep.done, sweep.seeds, sweep.failing.len()) }
            </p>
            if !sweep.failing.is_empty() {
                <ol class="lab-failing" data-testid="sweep-failing">
                    { for sweep.failing.iter().map(|f| html! {
                        <li data-testid="sweep-seed">
                            <a href={f.link.to_string()} data-testid="sweep-open"
                                title="Replay this seed up to the line that broke it">
                                { format!("seed {}", f.seed) }
                            </a>
                            <span class="lab-when">{ format!(" after line {}: ", f.chunk) }</span>
                            <span class="lab-why">{ f.violation.to_string() }</span>
                            if f.count > 1 {
                                <span class="lab-more">{ format!(" (and {} more)", f.count - 1) }</span>
                            }
                            <button type="button" class="btn btn-small" data-testid="sweep-shrink"
                                disabled={busy} title="Drop lines while this seed still breaks, and show the fewest"
                                onclick={onshrink.reform({ let seed = f.seed; move |_: MouseEvent| seed })}>
                                { "shrink" }
                            </button>
                        </li>
                    }) }
                </ol>
            }
        </>
    }
}

/// A shrink's progress and the lines it kept.
fn shrink_result(shrink: &ShrinkView) -> Html {
    let state = if shrink.running {
        format!(
            "shrinking seed {}: {} runs so far",
            shrink.seed, shrink.trials
        )
    } else if !shrink.breaks {
        format!(
            "seed {} does not break with these lines: nothing to shrink",
            shrink.seed
        )
    } else {
        format!(
            "seed {}: {} of {} lines still break it ({} runs)",
            shrink.seed,
            shrink.kept.len(),
            shrink.before,
            shrink.trials
        )
    };
    html! {
        <div class="lab-shrink" data-testid="shrink-result">
            <p class="lab-progress">{ state }</p>
            if !shrink.running && shrink.breaks {
                <ol class="lab-kept mono" data-testid="shrink-lines">
                    { for shrink.kept.iter().map(|l| html! { <li>{ l.to_string() }</li> }) }
                </ol>
                <a href={shrink.link.to_string()} data-testid="shrink-open"
                    title="Replay just these lines on this seed">{ "open the shrunk run" }</a>
            }
        </div>
    }
}

/// Width of the timeline's drawing, and of its label column.
const WIDTH: f64 = 640.0;
const LABEL: f64 = 96.0;
const ROW: f64 = 34.0;

/// The history's verdict, and a failing part's timeline.
fn history(h: &HistoryView) -> Html {
    let Some(key) = &h.key else {
        let text = if h.checked == 0 {
            "No KV operations yet: KV.command/1 records every GET, PUT and DELETE with when it was invoked and answered.".to_string()
        } else {
            format!(
                "{} operations, linearizable: one copy of the store could have answered each of them.",
                h.checked
            )
        };
        return html! { <p class="lab-about" data-testid="kv-history-ok">{ text }</p> };
    };
    let (start, end) = h.span;
    let span = (end - start).max(1) as f64;
    let x = |t: u64| LABEL + (t.saturating_sub(start)) as f64 / span * (WIDTH - LABEL - 12.0);
    let height = ROW * h.clients.len() as f64 + 20.0;
    html! {
        <>
            <p class="lab-about lab-bad" data-testid="kv-history-bad">
                { format!("Not linearizable on {key}: no single copy could have given these answers. The fewest operations that show it, one row per client:") }
            </p>
            <svg class="lab-timeline" data-testid="kv-timeline" viewBox={format!("0 0 {WIDTH} {height}")}
                width="100%" role="img" aria-label={format!("operations on {key} per client")}>
                { for h.clients.iter().enumerate().map(|(i, row)| {
                    let y = 10.0 + ROW * i as f64;
                    html! {
                        <g class="lab-client">
                            <text x="0" y={(y + 20.0).to_string()} class="lab-client-name">{ row.client.to_string() }</text>
                            <line x1={LABEL.to_string()} x2={(WIDTH - 12.0).to_string()}
                                y1={(y + 17.0).to_string()} y2={(y + 17.0).to_string()} class="lab-axis" />
                            { for row.ops.iter().map(|op| {
                                let (a, b) = (x(op.invoke), x(op.complete.unwrap_or(end)));
                                let title = format!("{} invoked {}, {}", op.what, clock_text(op.invoke),
                                    op.complete.map_or("never answered".to_string(), |t| format!("answered {}", clock_text(t))));
                                html! {
                                    <g class="lab-op" data-testid="kv-op">
                                        <title>{ title }</title>
                                        <rect x={a.to_string()} y={(y + 12.0).to_string()} width={(b - a).max(3.0).to_string()}
                                            height="10" rx="3"
                                            class={classes!("lab-op-bar", op.complete.is_none().then_some("pending"))} />
                                        // A label in the right half ends at its bar's end, so
                                        // it never runs off the drawing.
                                        if a > (LABEL + WIDTH) / 2.0 {
                                            <text x={b.max(a + 3.0).to_string()} y={(y + 8.0).to_string()}
                                                class="lab-op-text" text-anchor="end">{ op.what.to_string() }</text>
                                        } else {
                                            <text x={a.to_string()} y={(y + 8.0).to_string()} class="lab-op-text">{ op.what.to_string() }</text>
                                        }
                                    </g>
                                }
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <p class="lab-span">{ format!("{} to {}", clock_text(start), clock_text(end)) }</p>
        </>
    }
}
