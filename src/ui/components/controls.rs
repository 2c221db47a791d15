//! Play, pause, step back, step and speed: how virtual time moves between
//! console lines.

use crate::ui::state::{speed_text, SPEEDS, STEP_BACK_MS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// SVG path of the play icon (16×16 box). Icons are drawn, not taken from
/// fonts, because symbol glyphs are missing on many systems.
const PLAY: &str = "M4 2.5v11l9-5.5z";
/// SVG path of the pause icon.
const PAUSE: &str = "M4 2.5h3v11H4zM9 2.5h3v11H9z";
/// SVG path of the step icon: a play triangle against a bar.
const STEP: &str = "M3 2.5v11l7-5.5zM11 2.5h2.5v11H11z";
/// SVG path of the step-back icon: the step icon mirrored.
const BACK: &str = "M13 2.5v11l-7-5.5zM5 2.5H2.5v11H5z";

/// A 16×16 icon filled with the text colour.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d={path} fill="currentColor" />
        </svg>
    }
}

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Whether time is running.
    pub playing: bool,
    /// Speed in percent of real time.
    pub speed: u32,
    /// Start time.
    pub onplay: Callback<()>,
    /// Stop time.
    pub onpause: Callback<()>,
    /// Run until the next event.
    pub onstep: Callback<()>,
    /// Go back a little (replaying from the start).
    pub onback: Callback<()>,
    /// A new speed was picked, in percent.
    pub onspeed: Callback<u32>,
}

/// The transport buttons and speed select. Both play and pause are always
/// shown (the one that does nothing is disabled) so nothing shifts.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let onplay = props.onplay.reform(|_: MouseEvent| ());
    let onpause = props.onpause.reform(|_: MouseEvent| ());
    let onstep = props.onstep.reform(|_: MouseEvent| ());
    let onback = props.onback.reform(|_: MouseEvent| ());
    let onchange = {
        let onspeed = props.onspeed.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|select| select.value().parse::<u32>().ok());
            if let Some(speed) = value {
                onspeed.emit(speed);
            }
        })
    };
    html! {
        <div class="controls" role="group" aria-label="Virtual time">
            <button type="button" class="btn" data-testid="play" onclick={onplay}
                disabled={props.playing} title="Run virtual time (space)">
                { icon(PLAY) }{ "play" }
            </button>
            <button type="button" class="btn" data-testid="pause" onclick={onpause}
                disabled={!props.playing} title="Stop virtual time (space)">
                { icon(PAUSE) }{ "pause" }
            </button>
            <button type="button" class="btn" data-testid="step-back" onclick={onback}
                title={format!("Pause, then go back {STEP_BACK_MS} ms of virtual time (\u{2190})")}>
                { icon(BACK) }{ "back" }
            </button>
            <button type="button" class="btn" data-testid="step" onclick={onstep}
                title="Pause, then run until the next scheduled event (\u{2192})">
                { icon(STEP) }{ "step" }
            </button>
            <label class="speed">
                <span class="visually-hidden">{ "speed" }</span>
                <select data-testid="speed" {onchange} title="Virtual seconds per real second">
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == props.speed}>
                            { speed_text(s) }
                        </option>
                    }) }
                </select>
            </label>
        </div>
    }
}
