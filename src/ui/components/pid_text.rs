//! Printed text with every pid in it a button that opens the process
//! inspector (console results, log lines).

use crate::view::pids::pid_pieces;
use yew::prelude::*;

/// `text`, its pids clickable: each emits its pid as printed.
pub fn pid_text(text: &str, oninspect: &Callback<AttrValue>) -> Html {
    html! {
        { for pid_pieces(text).into_iter().map(|(piece, pid)| {
            if pid {
                let pid = AttrValue::from(piece.to_string());
                let onclick = oninspect.reform({
                    let pid = pid.clone();
                    move |_: MouseEvent| pid.clone()
                });
                html! {
                    <button type="button" class="pid-inline" title="Inspect this process" {onclick}>{ pid }</button>
                }
            } else {
                html! { { piece.to_string() } }
            }
        }) }
    }
}
