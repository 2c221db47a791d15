//! The names view: `:global` names, `:pg` groups and Registries, one column
//! per node, so a netsplit's two truths sit side by side. Rows where live
//! nodes believe different things are marked until a heal settles them.

use crate::view::{NameTable, NamesView};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`NamesPane`].
#[derive(Properties, PartialEq)]
pub struct NamesProps {
    /// Every node's view of the names.
    pub view: Rc<NamesView>,
}

/// What a table's rows are, for its section heading.
fn heading(table: NameTable) -> (&'static str, &'static str) {
    match table {
        NameTable::Global => (
            ":global",
            "cluster-wide names; each node keeps its own copy",
        ),
        NameTable::Pg => (
            ":pg",
            "process groups per scope; each node's view of the members",
        ),
        NameTable::Registry => ("Registry", "node-local registries; keys per node"),
    }
}

/// The names pane.
#[function_component(NamesPane)]
pub fn names_pane(props: &NamesProps) -> Html {
    let view = &props.view;
    let divergent = view.rows.iter().filter(|r| r.divergent).count();
    let section = |table: NameTable| {
        let rows: Vec<_> = view.rows.iter().filter(|r| r.table == table).collect();
        let (title, about) = heading(table);
        html! {
            <>
                <tr class="names-section">
                    <th colspan={(view.nodes.len() + 1).to_string()} scope="colgroup">
                        <span class="names-table">{ title }</span>
                        <span class="names-about">{ about }</span>
                    </th>
                </tr>
                if rows.is_empty() {
                    <tr><td class="names-none" colspan={(view.nodes.len() + 1).to_string()}>
                        { "none" }
                    </td></tr>
                }
                { for rows.iter().map(|r| html! {
                    <tr class={classes!("names-row", r.divergent.then_some("divergent"))}
                        data-testid={format!("names-{}-{}", r.table.as_str(), r.key)}>
                        <th scope="row" class="names-key mono">
                            { &r.key }
                            if r.divergent {
                                <span class="badge-diverge" title="Live nodes disagree">{ "differs" }</span>
                            }
                        </th>
                        { for r.cells.iter().zip(&view.alive).map(|(cell, up)| html! {
                            <td class={classes!("mono", (!up).then_some("node-down"))}>
                                { cell.clone().unwrap_or_else(|| if *up { "—".into() } else { "down".into() }) }
                            </td>
                        }) }
                    </tr>
                }) }
            </>
        }
    };
    html! {
        <div class="names" data-testid="names-view">
            <div class="pane-head">
                <h2>{ "Names" }</h2>
                <span class={classes!("pane-hint", (divergent > 0).then_some("warn"))}
                    data-testid="names-divergent">
                    { if divergent == 0 {
                        "every live node agrees".to_string()
                    } else {
                        format!("{divergent} name(s) seen differently — a split?")
                    } }
                </span>
            </div>
            <div class="names-body">
                <table class="names-grid">
                    <thead>
                        <tr>
                            <th scope="col">{ "name" }</th>
                            { for view.nodes.iter().zip(&view.alive).map(|(n, up)| html! {
                                <th scope="col" class={classes!("mono", (!up).then_some("node-down"))}>{ n }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { section(NameTable::Global) }
                        { section(NameTable::Pg) }
                        { section(NameTable::Registry) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
