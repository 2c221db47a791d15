//! The event log: the world's latest trace events, newest at the bottom,
//! filterable by kind (`exit restart`, `spawn`, ...).

use crate::ui::hooks::use_stick_to_bottom;
use crate::ui::state::clock_text;
use crate::view::LogLine;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Lines drawn at most (of those that pass the filter).
pub const SHOWN: usize = 200;

/// Props of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// Recent trace events, oldest first.
    pub lines: Rc<Vec<LogLine>>,
}

/// Whether `kind` passes `filter`: empty lets everything through, otherwise
/// any word of it that starts `kind` does.
pub fn passes(filter: &str, kind: &str) -> bool {
    let mut words = filter
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_none() || words.any(|w| kind.starts_with(&w.to_ascii_lowercase()))
}

/// The event log pane.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let filter = use_state(String::new);
    let list_ref = use_node_ref();
    let shown: Vec<&LogLine> = {
        let mut kept: Vec<&LogLine> = props
            .lines
            .iter()
            .rev()
            .filter(|l| passes(&filter, l.kind))
            .take(SHOWN)
            .collect();
        kept.reverse();
        kept
    };
    let last = shown
        .last()
        .map(|l| (l.time, shown.len(), props.lines.len()));
    let onscroll = use_stick_to_bottom(list_ref.clone(), (last, (*filter).clone()));
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    html! {
        <div class="event-log">
            <div class="pane-head">
                <h2>{ "Event log" }</h2>
                <input
                    class="log-filter"
                    type="search"
                    list="log-kinds"
                    placeholder="filter by kind: exit restart"
                    aria-label="Filter events by kind"
                    value={(*filter).clone()}
                    {oninput}
                />
                <datalist id="log-kinds">
                    { for crate::kernel::KIND_NAMES.iter().map(|k| html! { <option value={*k} /> }) }
                </datalist>
            </div>
            <ol class="log-lines" data-testid="event-log" ref={list_ref} {onscroll}>
                if shown.is_empty() {
                    <li class="log-empty">{ "no events match" }</li>
                }
                { for shown.iter().map(|l| line_view(l)) }
            </ol>
        </div>
    }
}

/// One event: time, kind, description (without the trace's own time stamp).
fn line_view(line: &LogLine) -> Html {
    let text = line
        .text
        .split_once(' ')
        .map_or(line.text.as_str(), |(_, rest)| rest);
    let text = text.strip_prefix(line.kind).map_or(text, str::trim_start);
    html! {
        <li class={classes!("log-line", format!("kind-{}", line.kind))}>
            <time class="log-time">{ clock_text(line.time) }</time>
            <span class="log-kind">{ line.kind }</span>
            <span class="log-text">{ text }</span>
        </li>
    }
}
