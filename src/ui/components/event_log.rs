//! The event log: the world's latest trace events, newest at the bottom,
//! filterable by kind (`exit restart`), node (`b@sim`) and process
//! (`<0.151.0>`), in any mix. The built-in applications' routine traffic
//! (gossip, periodic checks, timers) is hidden until "system" is ticked.
//! What a console line set off — however far it spread, through messages,
//! timers, spawns and restarts — is marked with that line's prompt, and the
//! last line's work stands out.

use crate::page::model::ExportFormat;
use crate::ui::components::pid_text::pid_text;
use crate::ui::hooks::use_stick_to_bottom;
use crate::ui::state::{clock_text, Entry};
use crate::view::LogLine;
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Lines drawn at most (of those that pass the filter): a few screens of
/// the pane; more rows only slow every render down (the filter reaches
/// further back, over the last `LOG_WINDOW` events).
pub const SHOWN: usize = 100;

/// Props of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// Recent trace events, oldest first.
    pub lines: Rc<Vec<LogLine>>,
    /// Node names in index order, so `b@sim` can pick its processes.
    pub nodes: Rc<Vec<String>>,
    /// A pid in a line was clicked.
    #[prop_or_default]
    pub oninspect: Callback<AttrValue>,
    /// The console's transcript, to name the line each event was work for.
    #[prop_or_default]
    pub transcript: Rc<Vec<Entry>>,
    /// An Export button was pressed: save the trace in this format.
    #[prop_or_default]
    pub onexport: Callback<ExportFormat>,
}

/// The transcript's entries by cause (the latest wins after a branch).
fn by_cause(transcript: &[Entry]) -> BTreeMap<u32, &Entry> {
    transcript.iter().map(|e| (e.cause, e)).collect()
}

/// Whether an event passes `filter`. Each word of the filter is one of:
/// a node name (`b@sim`: events that name a process on it), a pid or part
/// of one (`<0.151.0>`: events that mention it), or the start of a kind
/// (`exit`, `res`). Words of the same sort are alternatives; the sorts
/// must all match. An empty filter lets everything through.
pub fn passes(filter: &str, line: &LogLine, nodes: &[String]) -> bool {
    let (mut kinds, mut kind_ok) = (false, false);
    let (mut places, mut place_ok) = (false, false);
    let (mut texts, mut text_ok) = (false, false);
    for word in filter
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
    {
        if let Some(index) = nodes.iter().position(|n| n == word) {
            places = true;
            place_ok |= line.text.contains(&format!("<{index}."));
        } else if word.starts_with('<') || word.starts_with("#PID") {
            texts = true;
            text_ok |= line.text.contains(word);
        } else {
            kinds = true;
            kind_ok |= line.kind.as_str().starts_with(&word.to_ascii_lowercase());
        }
    }
    (!kinds || kind_ok) && (!places || place_ok) && (!texts || text_ok)
}

/// The event log pane.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let filter = use_state(String::new);
    let system = use_state(|| false);
    let list_ref = use_node_ref();
    let causes = by_cause(&props.transcript);
    let latest = props.transcript.last().map_or(0, |e| e.cause);
    let shown: Vec<&LogLine> = {
        let mut kept: Vec<&LogLine> = props
            .lines
            .iter()
            .rev()
            .filter(|l| (*system || !l.system) && passes(&filter, l, &props.nodes))
            .take(SHOWN)
            .collect();
        kept.reverse();
        kept
    };
    let last = shown
        .last()
        .map(|l| (l.time, shown.len(), props.lines.len()));
    let onscroll = use_stick_to_bottom(list_ref.clone(), (last, (*filter).clone(), *system));
    let hidden = if *system {
        0
    } else {
        props.lines.iter().filter(|l| l.system).count()
    };
    let ontoggle = {
        let system = system.clone();
        Callback::from(move |_: Event| system.set(!*system))
    };
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
                    placeholder="filter: exit restart · b@sim · <0.151.0>"
                    aria-label="Filter events by kind, node or process"
                    data-testid="log-filter"
                    value={(*filter).clone()}
                    {oninput}
                />
                <span class="log-export" role="group" aria-label="Export the trace">
                    { for [
                        (ExportFormat::Json, "JSON", "export-json", "The trace as otpsim-trace/1 JSON"),
                        (ExportFormat::Mermaid, "Mermaid", "export-mermaid", "The trace as a Mermaid sequence diagram"),
                        (ExportFormat::Shiviz, "ShiViz", "export-shiviz", "The trace as a ShiViz log (vector clocks)"),
                    ].into_iter().map(|(format, label, id, title)| {
                        let onexport = props.onexport.clone();
                        let onclick = Callback::from(move |_: MouseEvent| onexport.emit(format));
                        html! {
                            <button type="button" class="btn" data-testid={id} {title} {onclick}>
                                { label }
                            </button>
                        }
                    }) }
                </span>
                <label class="log-system" title="Show the built-in applications' routine traffic: gossip, periodic checks, timers">
                    <input type="checkbox" data-testid="log-system" checked={*system} onchange={ontoggle} />
                    { "system" }
                    if hidden > 0 {
                        <span class="log-hidden" data-testid="log-hidden">{ format!(" ({hidden} hidden)") }</span>
                    }
                </label>
                <datalist id="log-kinds">
                    { for crate::kernel::EventKind::ALL.iter().map(|k| html! { <option value={k.as_str()} /> }) }
                </datalist>
            </div>
            <ol class="log-lines" data-testid="event-log" ref={list_ref} {onscroll}>
                if shown.is_empty() {
                    <li class="log-empty">{ "no events match" }</li>
                }
                { for shown.iter().map(|l| line_view(l, &props.oninspect, &causes, latest)) }
            </ol>
        </div>
    }
}

/// One event: time, kind, description (without the trace's own time stamp).
fn line_view(
    line: &LogLine,
    oninspect: &Callback<AttrValue>,
    causes: &BTreeMap<u32, &Entry>,
    latest: u32,
) -> Html {
    let text = line
        .text
        .split_once(' ')
        .map_or(&*line.text, |(_, rest)| rest);
    let text = text
        .strip_prefix(line.kind.as_str())
        .map_or(text, str::trim_start);
    let cause = causes.get(&line.cause).filter(|_| line.cause != 0);
    let caused = cause.is_some().then_some("caused");
    let last = (cause.is_some() && line.cause == latest).then_some("latest");
    html! {
        <li class={classes!("log-line", format!("kind-{}", line.kind.as_str()), caused, last)}>
            <time class="log-time">{ clock_text(line.time) }</time>
            <span class="log-kind">{ line.kind.as_str() }</span>
            <span class="log-text">{ pid_text(text, oninspect) }</span>
            if let Some(entry) = cause {
                <span class="log-cause" data-testid="log-cause"
                    title={format!("work for iex({})> {}", entry.n, entry.line)}>
                    { format!("iex({})", entry.n) }
                </span>
            }
        </li>
    }
}
