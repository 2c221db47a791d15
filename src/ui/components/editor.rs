//! The editor: a code pane for whole modules. A plain `<textarea>` over a
//! highlighted copy of its text (`view::highlight`), so typing is the
//! browser's own (undo, selection, IME, mobile keyboards) and no editor
//! library is shipped. Enter keeps the line's indentation (two more after
//! `do`, `->`, `fn` or an open bracket), Tab indents, the bracket at the
//! caret and its partner are marked, and Ctrl/Cmd+Enter (or Load) sends
//! the buffer to the console as one chunk: modules load on every node,
//! other expressions run in the shell. An error's `iex:LINE` marks that
//! line.

use crate::ui::state::Entry;
use crate::view::editor_text::{byte_at, error_line, units_at};
use crate::view::highlight::{highlight, indent_after, matching_bracket, Class};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What a new editor holds.
pub const STARTER: &str = "defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def bump, do: GenServer.cast(__MODULE__, :bump)
  def value, do: GenServer.call(__MODULE__, :value)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_cast(:bump, n), do: {:noreply, n + 1}

  @impl true
  def handle_call(:value, _from, n), do: {:reply, n, n}
end
";

/// Props of [`EditorPane`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// Evaluate a chunk in the console.
    pub oneval: Callback<String>,
    /// Text to open, with a number that changes each time it is asked for
    /// (a module's Edit button in the code view).
    #[prop_or_default]
    pub open: Option<(u64, AttrValue)>,
    /// The console's last entry, to show an error the buffer caused.
    #[prop_or_default]
    pub last: Option<Entry>,
}

/// The highlighted copy: spans, the matched brackets marked, the error
/// line marked. A trailing newline gets a space so the last line has height.
fn highlighted(text: &str, caret: usize, error: Option<usize>) -> Html {
    let spans = highlight(text);
    let bracket_at = |at: usize| {
        spans
            .iter()
            .any(|s| s.class == Class::Bracket && s.start == at)
            .then_some(at)
    };
    let here = caret
        .checked_sub(1)
        .filter(|b| text.is_char_boundary(*b))
        .and_then(bracket_at)
        .or_else(|| bracket_at(caret));
    let pair = here.and_then(|at| Some((at, matching_bracket(text, &spans, at)?)));
    let lines: Vec<&str> = text.split('\n').collect();
    let mut offset = 0;
    let mut out = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let (start, end) = (offset, offset + line.len());
        offset = end + 1;
        let parts: Vec<Html> = spans
            .iter()
            .filter(|s| s.end > start && s.start < end)
            .map(|s| {
                let (a, b) = (s.start.max(start), s.end.min(end));
                let matched =
                    pair.is_some_and(|(x, y)| s.class == Class::Bracket && (a == x || a == y));
                html! {
                    <span class={classes!(s.class.css(), matched.then_some("hl-match"))}>
                        { &text[a..b] }
                    </span>
                }
            })
            .collect();
        let bad = error == Some(n + 1);
        out.push(html! {
            <div class={classes!("ed-line", bad.then_some("ed-error"))}>
                { for parts }
                { if line.is_empty() { " " } else { "" } }
            </div>
        });
    }
    html! { <>{ for out }</> }
}

/// The editor pane.
#[function_component(EditorPane)]
pub fn editor_pane(props: &EditorProps) -> Html {
    let text = use_state(|| STARTER.to_string());
    let caret = use_state(|| 0usize);
    // The last buffer sent, to tell our error from another line's.
    let sent = use_state(|| None::<String>);
    let under = use_node_ref();
    {
        let (text, sent) = (text.clone(), sent.clone());
        use_effect_with(props.open.clone(), move |open| {
            if let Some((_, source)) = open {
                text.set(source.to_string());
                sent.set(None);
            }
        });
    }
    let failed = props
        .last
        .as_ref()
        .filter(|e| !e.ok && sent.as_deref() == Some(e.line.as_str()));
    let error = failed.map(|e| e.result.clone());
    // iex numbers lines from the prompt's number on.
    let error_at =
        failed.and_then(|e| error_line(&e.result)?.checked_sub(e.counter.max(1) as usize - 1));
    let load = {
        let (text, sent, oneval) = (text.clone(), sent.clone(), props.oneval.clone());
        Callback::from(move |()| {
            let chunk = text.trim_end().to_string();
            if !chunk.trim().is_empty() {
                sent.set(Some(chunk.clone()));
                oneval.emit(chunk);
            }
        })
    };
    let track = {
        let (caret, text) = (caret.clone(), text.clone());
        move |area: &HtmlTextAreaElement| {
            let at = area.selection_start().ok().flatten().unwrap_or(0);
            caret.set(byte_at(&text, at));
        }
    };
    let oninput = {
        let (text, caret) = (text.clone(), caret.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                let value = area.value();
                let at = area.selection_start().ok().flatten().unwrap_or(0);
                caret.set(byte_at(&value, at));
                text.set(value);
            }
        })
    };
    let onkeydown = {
        let (text, caret, load) = (text.clone(), caret.clone(), load.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let key = e.key();
            if key == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                load.emit(());
                return;
            }
            let enter = key == "Enter" && !e.shift_key() && !e.alt_key();
            if !enter && (key != "Tab" || e.shift_key()) {
                return;
            }
            e.prevent_default();
            let value = area.value();
            let units = |v: Option<u32>| v.unwrap_or(0);
            let (from, to) = (
                byte_at(&value, units(area.selection_start().ok().flatten())),
                byte_at(&value, units(area.selection_end().ok().flatten())),
            );
            let insert = if enter {
                let line_start = value[..from].rfind('\n').map_or(0, |i| i + 1);
                format!("\n{}", indent_after(&value[line_start..from]))
            } else {
                "  ".to_string()
            };
            let mut next = String::with_capacity(value.len() + insert.len());
            next.push_str(&value[..from]);
            next.push_str(&insert);
            next.push_str(&value[to.max(from)..]);
            let at = from + insert.len();
            area.set_value(&next);
            let u = units_at(&next, at);
            let _ = area.set_selection_range(u, u);
            caret.set(at);
            text.set(next);
        })
    };
    let onkeyup = {
        let track = track.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                track(&area);
            }
        })
    };
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
            track(&area);
        }
    });
    // The highlighted copy scrolls with the text area.
    let onscroll = {
        let under = under.clone();
        Callback::from(move |e: Event| {
            let (Some(area), Some(under)) = (
                e.target_dyn_into::<HtmlTextAreaElement>(),
                under.cast::<web_sys::HtmlElement>(),
            ) else {
                return;
            };
            under.set_scroll_top(area.scroll_top());
            under.set_scroll_left(area.scroll_left());
        })
    };
    let onload = load.reform(|_: MouseEvent| ());
    let lines = text.split('\n').count();
    let view = highlighted(&text, *caret, error_at);
    html! {
        <div class="editor" data-testid="editor-view">
            <div class="pane-head">
                <h2>{ "Editor" }</h2>
                <span class="pane-hint">{ format!("{lines} lines · Ctrl/⌘+Enter loads") }</span>
                <button type="button" class="btn btn-primary" data-testid="editor-load"
                    title="Compile and load the modules on every node; run the rest in the shell"
                    onclick={onload}>{ "Load" }</button>
            </div>
            <div class="editor-body">
                <div class="editor-under" aria-hidden="true" ref={under}>{ view }</div>
                <textarea class="editor-input" data-testid="editor-input"
                    spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-label="Elixir source" value={(*text).clone()}
                    {oninput} {onkeydown} {onkeyup} {onclick} {onscroll} />
            </div>
            if let Some(message) = error {
                <pre class="editor-message" data-testid="editor-error" role="alert">{ message }</pre>
            }
        </div>
    }
}
