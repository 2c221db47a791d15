//! The process inspector: one process's names, status, mailbox, links,
//! monitors, dictionary and GenServer state, as the world is at the time
//! shown — scrub back and it shows the process as it was then. Opened by
//! clicking a process anywhere (the cluster picture, a tree, the processes
//! list); killing it goes through the console, so the line is in the
//! transcript.

use crate::view::ProcessView;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The pid it is open on, as printed.
    pub pid: AttrValue,
    /// The process now; `None` when it is not alive at the time shown.
    pub view: Option<Rc<ProcessView>>,
    /// Close the inspector.
    pub onclose: Callback<()>,
    /// Kill the process (its pid as printed).
    pub onkill: Callback<AttrValue>,
    /// Inspect another process (a link or monitor clicked).
    pub oninspect: Callback<AttrValue>,
}

fn row(label: &'static str, body: Html) -> Html {
    html! {
        <div class="insp-row">
            <dt>{ label }</dt>
            <dd>{ body }</dd>
        </div>
    }
}

fn pids(list: &[String], oninspect: &Callback<AttrValue>) -> Html {
    if list.is_empty() {
        return html! { <span class="muted">{ "none" }</span> };
    }
    html! {
        { for list.iter().map(|p| {
            let pid = AttrValue::from(p.clone());
            let onclick = oninspect.reform(move |_: MouseEvent| pid.clone());
            html! { <button type="button" class="pid-link mono" {onclick}>{ p }</button> }
        }) }
    }
}

/// The inspector panel.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    let onkill = {
        let pid = props.pid.clone();
        props.onkill.reform(move |_: MouseEvent| pid.clone())
    };
    let body = match &props.view {
        None => html! {
            <p class="muted" data-testid="inspector-dead">
                { "Not alive at this time. Scrub to when it ran, or pick another process." }
            </p>
        },
        Some(v) => {
            let names: Vec<String> = v
                .name
                .iter()
                .cloned()
                .chain(v.via.iter().map(|k| format!("via {k}")))
                .chain(v.global.iter().map(|g| format!("global {g}")))
                .collect();
            html! {
                <dl class="insp-grid">
                    { row("module", html! { <span class="mono">{ &v.module }</span> }) }
                    { row("node", html! { <span class="mono">{ &v.node }</span> }) }
                    if !names.is_empty() {
                        { row("names", html! { <span class="mono">{ names.join(" · ") }</span> }) }
                    }
                    { row("status", html! {
                        <span data-testid="inspector-status">{ &v.status }</span>
                    }) }
                    if let Some(waiting) = &v.waiting_in {
                        { row("waits in", html! { <pre class="insp-code">{ waiting }</pre> }) }
                    }
                    if let Some(f) = &v.current_function {
                        { row("function", html! { <span class="mono">{ f }</span> }) }
                    }
                    if !v.ancestors.is_empty() {
                        { row("supervised by", html! {
                            <span class="mono">{ v.ancestors.join(" › ") }</span>
                        }) }
                    }
                    if let Some(state) = &v.state {
                        { row("state", html! {
                            <pre class="insp-code" data-testid="inspector-state">{ state }</pre>
                        }) }
                    }
                    { row("mailbox", html! {
                        <div data-testid="inspector-mailbox">
                            <span class="insp-count">{ format!("{} message(s)", v.mailbox_len) }</span>
                            if !v.messages.is_empty() {
                                <ol class="insp-messages">
                                    { for v.messages.iter().map(|m| html! { <li class="mono">{ m }</li> }) }
                                </ol>
                            }
                        </div>
                    }) }
                    { row("links", pids(&v.links, &props.oninspect)) }
                    { row("monitors", pids(&v.monitors, &props.oninspect)) }
                    { row("monitored by", pids(&v.monitored_by, &props.oninspect)) }
                    { row("trap_exit", html! { { v.trap_exit.to_string() } }) }
                    { row("reductions", html! { { v.reductions } }) }
                    if !v.dictionary.is_empty() {
                        { row("dictionary", html! {
                            <ul class="insp-dict">
                                { for v.dictionary.iter().map(|(k, val)| html! {
                                    <li class="mono">{ format!("{k} => {val}") }</li>
                                }) }
                            </ul>
                        }) }
                    }
                </dl>
            }
        }
    };
    html! {
        <aside class="inspector" data-testid="inspector" aria-label="Process inspector">
            <div class="pane-head">
                <h2>{ "Process " }<span class="mono">{ props.pid.clone() }</span></h2>
                if props.view.is_some() {
                    <button type="button" class="btn btn-danger" data-testid="inspector-kill"
                        title="Process.exit(pid, :kill), through the console" onclick={onkill}>
                        { "Kill" }
                    </button>
                }
                <button type="button" class="btn" data-testid="inspector-close"
                    aria-label="Close the inspector" onclick={onclose}>{ "×" }</button>
            </div>
            <div class="inspector-body">{ body }</div>
        </aside>
    }
}
