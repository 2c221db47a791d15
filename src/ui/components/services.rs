//! The services view: seed 002's PubSub (subscribers per topic per node and
//! the last broadcast's fan-out, one forward per remote node), seed 003's
//! KV store (a prompt that speaks the text protocol, and the route each
//! command took) and seed 001's to-do load test. Every button and the KV
//! prompt issue console lines, shown in the transcript.

use crate::ui::state::clock_text;
use crate::view::{Broadcast, ServicesView};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ServicesPane`].
#[derive(Properties, PartialEq)]
pub struct ServicesProps {
    /// Subscribers, the last broadcast and KV routes.
    pub view: Rc<ServicesView>,
    /// Evaluate a console line (shown in the transcript).
    pub oneval: Callback<String>,
}

/// The console line that sends `command` through the KV router, quoted
/// as an Elixir string.
pub fn kv_line(command: &str) -> String {
    let escaped = command.replace('\\', "\\\\").replace('"', "\\\"");
    format!("KV.command(\"{escaped}\")")
}

/// The fan-out picture: the publisher's node on the left, an arrow to
/// every node a forward went to.
fn fan_out(b: &Broadcast, nodes: &[String], counts: Option<&Vec<usize>>) -> Html {
    let h = 28.0 * b.to.len().max(1) as f64 + 16.0;
    let sy = h / 2.0;
    let subs = |name: &str| {
        let i = nodes.iter().position(|n| n == name)?;
        counts.and_then(|c| c.get(i)).copied()
    };
    html! {
        <svg class="fanout" viewBox={format!("0 0 320 {h:.0}")} width="320" height={format!("{h:.0}")}
            role="img" aria-label="The last broadcast's forwards">
            <defs>
                <marker id="fan-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                    <path d="M0 0L10 5L0 10z" />
                </marker>
            </defs>
            <g class="fan-node from">
                <rect x="4" y={format!("{:.0}", sy - 12.0)} width="92" height="24" rx="6" />
                <text x="50" y={format!("{:.0}", sy + 4.0)}>{ &b.from }</text>
            </g>
            { for b.to.iter().enumerate().map(|(i, to)| {
                let ty = 8.0 + 28.0 * i as f64 + 14.0;
                html! {
                    <g class="fan-node">
                        <line x1="96" y1={format!("{sy:.0}")} x2="196" y2={format!("{ty:.0}")}
                            marker-end="url(#fan-arrow)" />
                        <rect x="198" y={format!("{:.0}", ty - 12.0)} width="118" height="24" rx="6" />
                        <text x="257" y={format!("{:.0}", ty + 4.0)}>
                            { match subs(to) {
                                Some(n) => format!("{to} · {n} sub"),
                                None => to.clone(),
                            } }
                        </text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// The services pane.
#[function_component(ServicesPane)]
pub fn services_pane(props: &ServicesProps) -> Html {
    let view = &props.view;
    let kv_input = use_node_ref();
    let onsubmit = {
        let (oneval, kv_input) = (props.oneval.clone(), kv_input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = kv_input.cast::<HtmlInputElement>() {
                let command = input.value();
                if !command.trim().is_empty() {
                    oneval.emit(kv_line(command.trim()));
                    input.set_value("");
                }
            }
        })
    };
    let run = |line: &'static str| {
        let oneval = props.oneval.clone();
        Callback::from(move |_: MouseEvent| oneval.emit(line.to_string()))
    };
    let last_counts = view.last_broadcast.as_ref().and_then(|b| {
        view.topics
            .iter()
            .find(|t| t.topic == b.topic)
            .map(|t| &t.counts)
    });
    html! {
        <div class="services" data-testid="services-view">
            <div class="pane-head"><h2>{ "Services" }</h2></div>
            <div class="services-body">
                <section class="service" data-testid="pubsub-view" aria-label="PubSub">
                    <h3>{ "PubSub" } <span class="service-about">{ "subscribers per topic per node" }</span></h3>
                    if view.topics.is_empty() {
                        <p class="service-empty">
                            { "No subscribers. Try " }<code>{ "Hermes.Client.start(:\"user.created\")" }</code>
                        </p>
                    } else {
                        <table class="names-grid">
                            <thead><tr>
                                <th scope="col">{ "topic" }</th>
                                { for view.nodes.iter().map(|n| html! { <th scope="col" class="mono">{ n }</th> }) }
                            </tr></thead>
                            <tbody>
                                { for view.topics.iter().map(|t| html! {
                                    <tr>
                                        <th scope="row" class="mono" title={t.pubsub.clone()}>{ &t.topic }</th>
                                        { for t.counts.iter().map(|c| html! {
                                            <td class={classes!("mono", (*c == 0).then_some("zero"))}>{ c }</td>
                                        }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    }
                    if let Some(b) = &view.last_broadcast {
                        <div class="fanout-box" data-testid="fanout">
                            <p class="service-about">
                                { format!("last broadcast on {} at {}: one message to each of {} node(s), whatever their subscriber count",
                                    b.topic, clock_text(b.time), b.to.len()) }
                            </p>
                            { fan_out(b, &view.nodes, last_counts) }
                        </div>
                    }
                </section>
                <section class="service" data-testid="kv-view" aria-label="KV store">
                    <h3>{ "KV" } <span class="service-about">{ "the text protocol, through KV.command/1" }</span></h3>
                    <form class="kv-form" {onsubmit}>
                        <input ref={kv_input} class="kv-input mono" data-testid="kv-input" type="text"
                            placeholder="CREATE shopping · PUT shopping milk 1 · GET shopping milk"
                            aria-label="A KV protocol line" autocomplete="off" spellcheck="false" />
                        <button type="submit" class="btn">{ "send" }</button>
                    </form>
                    <ol class="kv-routes" data-testid="kv-routes">
                        if view.kv_routes.is_empty() {
                            <li class="service-empty">{ "No routed commands yet." }</li>
                        }
                        { for view.kv_routes.iter().map(|r| html! {
                            <li class="mono">
                                <time>{ clock_text(r.time) }</time>{ " " }
                                <span class="kv-node">{ &r.node }</span>{ " " }
                                { r.text.trim_start_matches("KV.Router: ") }
                            </li>
                        }) }
                    </ol>
                </section>
                <section class="service" aria-label="To-do load test">
                    <h3>{ "To-do" } <span class="service-about">{ "the cache's mailbox under load (results in the console)" }</span></h3>
                    <div class="service-buttons">
                        <button type="button" class="btn" data-testid="todo-cache" onclick={run("Todo.use_registry(false); Todo.load(100, 20)")}>
                            { "load: cache design" }
                        </button>
                        <button type="button" class="btn" data-testid="todo-registry" onclick={run("Todo.use_registry(true); Todo.load(100, 20)")}>
                            { "load: Registry design" }
                        </button>
                    </div>
                </section>
            </div>
        </div>
    }
}
