//! The time scrubber: a slider over every moment the session has recorded,
//! from 0 to its end. Moving it puts the world back (or forward) to that
//! moment by deterministic replay; a console line typed there branches.

use crate::kernel::MS;
use crate::ui::state::clock_text;
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
    html! {
        <div class={classes!("timebar", behind.then_some("behind"))} role="group"
            aria-label="Time travel">
            <time class="timebar-now" data-testid="scrub-now">{ clock_text(props.now) }</time>
            // `max` comes before `value` so the browser never clamps the new
            // value to the old end.
            <input type="range" class="scrubber" data-testid="time-scrubber"
                min="0" max={end_ms.to_string()} step="1" value={now_ms.to_string()}
                aria-label="Virtual time" aria-valuetext={clock_text(props.now)}
                title="Drag to go back to any earlier moment; type a line there to branch"
                {oninput} {onchange} />
            <time class="timebar-end" data-testid="scrub-end"
                title="The latest recorded moment">{ clock_text(props.end.max(props.now)) }</time>
        </div>
    }
}
