//! The scenario picker (header) and the explanation panel (above the
//! console).

use crate::scenarios::{self, Scenario};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The picker's value for the blank world.
pub const BLANK: &str = "blank";

/// Props of [`ScenarioPicker`].
#[derive(Properties, PartialEq)]
pub struct ScenarioPickerProps {
    /// The scenario shown, by name (`None`: the blank world).
    pub current: Option<&'static str>,
    /// A scenario was picked: its name, or [`BLANK`].
    pub onpick: Callback<String>,
}

/// A select of "blank" and every built-in scenario's title.
#[function_component(ScenarioPicker)]
pub fn scenario_picker(props: &ScenarioPickerProps) -> Html {
    // An option's `selected` attribute stops moving the selection once the
    // reader has picked by hand; the select's value follows the state here
    // (a scenario opened by a hash change, say).
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(props.current, move |current| {
            if let Some(el) = select.cast::<HtmlSelectElement>() {
                el.set_value(current.unwrap_or(BLANK));
            }
        });
    }
    let onchange = {
        let onpick = props.onpick.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                onpick.emit(select.value());
            }
        })
    };
    html! {
        <label class="scenario-pick">
            <span class="visually-hidden">{ "scenario" }</span>
            <select data-testid="scenario-picker" ref={select} {onchange}
                title="Start over on a lesson: a fresh world on its seed, its script run">
                <option value={BLANK} selected={props.current.is_none()}>{ BLANK }</option>
                { for scenarios::ALL.iter().map(|s| html! {
                    <option value={s.name} selected={props.current == Some(s.name)}>
                        { s.title }
                    </option>
                }) }
            </select>
        </label>
    }
}

/// Props of [`Explanation`].
#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    /// The scenario whose explanation to show.
    pub scenario: &'static Scenario,
}

/// The scenario's title and its paragraph of what to watch for.
#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    html! {
        <aside class="scenario-explanation" data-testid="scenario-explanation"
            aria-label="About this scenario">
            <h2 class="scenario-title">{ props.scenario.title }</h2>
            <p>{ props.scenario.explanation }</p>
        </aside>
    }
}
