//! The processes view: every process of one node, as Observer's process
//! table lists them — sortable by mailbox, reductions and memory, with a
//! search box. Only the first [`SHOWN`] rows of the sorted list are drawn,
//! so ten thousand processes cost one sort, not ten thousand rows.

use crate::kernel::NodeId;
use crate::ui::components::node_picker::node_picker;
use crate::view::processes::select;
use crate::view::{ProcessRow, SortBy};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Rows drawn at most.
pub const SHOWN: usize = 200;

/// Props of [`ProcessesPane`].
#[derive(Properties, PartialEq)]
pub struct ProcessesProps {
    /// Every process of the node, oldest first.
    pub rows: Rc<Vec<ProcessRow>>,
    /// Every node's name, in index order, for the node picker.
    pub nodes: Rc<Vec<String>>,
    /// The node shown.
    pub index: NodeId,
    /// Another node was picked.
    pub onpick: Callback<NodeId>,
    /// A row was clicked: its pid as printed.
    pub oninspect: Callback<AttrValue>,
    /// The pid the inspector is open on, highlighted.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
}

fn sort_of(value: &str) -> SortBy {
    match value {
        "mailbox" => SortBy::Mailbox,
        "reductions" => SortBy::Reductions,
        "memory" => SortBy::Memory,
        _ => SortBy::Pid,
    }
}

/// Bytes as `12.3 KB`.
fn bytes(n: usize) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} KB", n as f64 / 1_000.0),
        _ => format!("{:.1} MB", n as f64 / 1_000_000.0),
    }
}

/// The processes pane.
#[function_component(ProcessesPane)]
pub fn processes_pane(props: &ProcessesProps) -> Html {
    let search = use_state(String::new);
    let sort = use_state(|| SortBy::Mailbox);
    let (rows, total) = {
        let (rows, search, sort) = (props.rows.clone(), (*search).clone(), *sort);
        (*use_memo((rows, search, sort), |(rows, search, sort)| {
            select(rows, search, *sort, SHOWN)
        }))
        .clone()
    };
    let oninput = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                search.set(input.value());
            }
        })
    };
    let onsort = {
        let sort = sort.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                sort.set(sort_of(&select.value()));
            }
        })
    };
    let sort_value = match *sort {
        SortBy::Pid => "pid",
        SortBy::Mailbox => "mailbox",
        SortBy::Reductions => "reductions",
        SortBy::Memory => "memory",
    };
    html! {
        <div class="processes" data-testid="processes-view">
            <div class="pane-head">
                <h2>{ "Processes" }</h2>
                { node_picker(&props.nodes, props.index, &props.onpick, None) }
                <input type="search" class="proc-search" placeholder="search pid, name, module"
                    aria-label="Search processes" data-testid="processes-search"
                    value={(*search).clone()} {oninput} />
                <select aria-label="Sort by" data-testid="processes-sort" onchange={onsort}>
                    { for [("mailbox", "mailbox"), ("reductions", "reductions"), ("memory", "memory"), ("pid", "oldest")]
                        .into_iter().map(|(v, label)| html! {
                            <option value={v} selected={v == sort_value}>{ format!("by {label}") }</option>
                        }) }
                </select>
                <span class="pane-hint" data-testid="processes-count">
                    { if total > rows.len() {
                        format!("{} of {total} shown · click one to inspect", rows.len())
                    } else {
                        format!("{total} processes · click one to inspect")
                    } }
                </span>
            </div>
            <div class="processes-body">
                <table class="proc-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "pid" }</th>
                            <th scope="col">{ "name or module" }</th>
                            <th scope="col" class="num">{ "mailbox" }</th>
                            <th scope="col" class="num">{ "reductions" }</th>
                            <th scope="col" class="num">{ "memory" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|r| {
                            let pid = AttrValue::from(Rc::clone(&r.pid));
                            let onclick = props.oninspect.reform({
                                let pid = pid.clone();
                                move |_: MouseEvent| pid.clone()
                            });
                            let selected = props.selected.as_ref() == Some(&pid);
                            html! {
                                <tr class={classes!("proc-row", r.user.then_some("user"), r.kind,
                                        selected.then_some("selected"))}
                                    data-testid={format!("process-{}", r.pid)} {onclick}>
                                    <td class="mono">{ &*r.pid }</td>
                                    <td class="mono">{ &*r.label }</td>
                                    <td class={classes!("num", (r.mailbox > 0).then_some("warn"))}>{ r.mailbox }</td>
                                    <td class="num">{ r.reductions }</td>
                                    <td class="num">{ bytes(r.memory) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
