//! The node picker the supervision and processes panes share: a select of
//! every node, emitting the picked node's index.

use crate::kernel::NodeId;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A select of `nodes` (in index order) with `index` selected; `onpick`
/// gets the index picked. `testid` names it for tests (one pane only, so
/// the id stays unique on the page).
pub fn node_picker(
    nodes: &[String],
    index: NodeId,
    onpick: &Callback<NodeId>,
    testid: Option<&'static str>,
) -> Html {
    let onchange = onpick.reform(|e: Event| {
        e.target_dyn_into::<HtmlSelectElement>()
            .and_then(|select| select.value().parse::<NodeId>().ok())
            .unwrap_or(0)
    });
    html! {
        <select class="node-picker" data-testid={testid} aria-label="Node" {onchange}>
            { for nodes.iter().enumerate().map(|(i, name)| html! {
                <option value={i.to_string()} selected={i as NodeId == index}>{ name }</option>
            }) }
        </select>
    }
}
