//! The time scrubber: a slider over every moment the session has recorded,
//! from 0 to its end. Moving it puts the world back (or forward) to that
//! moment by deterministic replay; a console line typed there branches.

use crate::kernel::{FaultMark, Time, MS};
use crate::ui::state::clock_text;
use crate::view::InvariantTrack;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`Scrubber`].
#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    /// Virtual time now, in microseconds.
    pub now: u64,
    /// The latest recorded virtual time, in microseconds.
    pub end: u64,
    /// The slider moved: seek to this many virtual milliseconds.
    pub onseek: Callback<u64>,
    /// Scheduled faults, drawn on the track where they fall.
    #[prop_or_default]
    pub faults: Rc<Vec<FaultMark>>,
    /// Watched invariants: their red spans under the track, and a chip
    /// each that jumps to where it first broke.
    #[prop_or_default]
    pub invariants: Rc<Vec<InvariantTrack>>,
    /// Jump to this virtual time, in microseconds (an invariant's break).
    #[prop_or_default]
    pub onjump: Callback<Time>,
}

/// A range input in virtual milliseconds, with the time now and the end.
#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let seek = {
        let onseek = props.onseek.clone();
        move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|input| input.value().parse::<u64>().ok());
            if let Some(ms) = value {
                onseek.emit(ms);
            }
        }
    };
    let oninput = {
        let seek = seek.clone();
        Callback::from(move |e: InputEvent| seek(e.into()))
    };
    let onchange = Callback::from(seek);
    let now_ms = props.now / MS;
    let end_ms = (props.end / MS).max(now_ms);
    let behind = now_ms < end_ms;
    let at = |t: Time| {
        if end_ms == 0 {
            0.0
        } else {
            ((t / MS).min(end_ms)) as f64 * 100.0 / end_ms as f64
        }
    };
    // Faults on the track at their time (those past the recorded end are
    // still to come: they show when the clock gets there).
    let marks = props
        .faults
        .iter()
        .filter(|m| m.time / MS <= end_ms)
        .map(|m| {
            let left = at(m.time);
            let title = format!("{} {}", clock_text(m.time), m.fault);
            html! {
                <span class={classes!("fault-mark", (!m.fired).then_some("to-come"))}
                    data-testid="fault-mark" style={format!("left: {left:.3}%")} {title} />
            }
        });
    // Red spans of every invariant, one band under the slider.
    let spans = props.invariants.iter().flat_map(|track| {
        track.spans.iter().filter(|s| s.from / MS <= end_ms).map(move |span| {
            let left = at(span.from);
            let right = span.until.map_or(100.0, at);
            let title = match span.until {
                Some(u) => format!("{} red from {} to {}", track.name, clock_text(span.from), clock_text(u)),
                None => format!("{} red from {}", track.name, clock_text(span.from)),
            };
            html! {
                <span class="invariant-span" data-testid="invariant-span" {title}
                    style={format!("left: {left:.3}%; width: {:.3}%", (right - left).max(0.4))} />
            }
        })
    });
    let chips = props.invariants.iter().map(|track| {
        let (title, jump) = match &track.first_broke {
            Some(b) => (
                format!("{}: first broke at {}: {}. Click to go there.", track.name, clock_text(b.time), b.why),
                Some(b.time),
            ),
            None => (format!("{}: has held so far", track.name), None),
        };
        let onclick = {
            let onjump = props.onjump.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(t) = jump {
                    onjump.emit(t);
                }
            })
        };
        html! {
            <button type="button" data-testid="invariant" {title} {onclick}
                class={classes!("invariant-chip", if track.red { "red" } else { "green" },
                    track.first_broke.is_some().then_some("broke"))}
                aria-label={format!("invariant {} {}", track.name, if track.red { "broken" } else { "holds" })}>
                { track.name.to_string() }
            </button>
        }
    });
    html! {
        <div class={classes!("timebar", behind.then_some("behind"))} role="group"
            aria-label="Time travel">
            <time class="timebar-now" data-testid="scrub-now">{ clock_text(props.now) }</time>
            // `max` comes before `value` so the browser never clamps the new
            // value to the old end.
            <div class="scrubber-track">
                <input type="range" class="scrubber" data-testid="time-scrubber"
                    min="0" max={end_ms.to_string()} step="1" value={now_ms.to_string()}
                    aria-label="Virtual time" aria-valuetext={clock_text(props.now)}
                    title="Drag to go back to any earlier moment; type a line there to branch"
                    {oninput} {onchange} />
                <div class="fault-marks" aria-hidden="true">{ for marks }</div>
                <div class="invariant-spans" aria-hidden="true">{ for spans }</div>
            </div>
            <time class="timebar-end" data-testid="scrub-end"
                title="The latest recorded moment">{ clock_text(props.end.max(props.now)) }</time>
            if !props.invariants.is_empty() {
                <div class="invariant-chips" data-testid="invariants" aria-label="Invariants">
                    { for chips }
                </div>
            }
        </div>
    }
}
