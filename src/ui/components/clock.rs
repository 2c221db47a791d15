//! The virtual clock: the world's time, not the wall's.

use crate::ui::state::clock_text;
use yew::prelude::*;

/// Props of [`Clock`].
#[derive(Properties, PartialEq)]
pub struct ClockProps {
    /// Virtual time in microseconds.
    pub now: u64,
    /// Whether time is running (drawn as a live dot).
    pub playing: bool,
}

/// Virtual time as `mm:ss.mmm`, in tabular digits so it never jitters.
#[function_component(Clock)]
pub fn clock(props: &ClockProps) -> Html {
    let state = if props.playing { "running" } else { "paused" };
    html! {
        <div class="clock" data-testid="clock" title={format!("virtual time ({state})")}>
            <span class={classes!("clock-dot", props.playing.then_some("live"))} aria-hidden="true" />
            <span class="clock-label">{ "virtual" }</span>
            <time class="clock-time">{ clock_text(props.now) }</time>
        </div>
    }
}
