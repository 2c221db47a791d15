//! The iex-like console: a transcript of every chunk with its result, and
//! an input with history (↑/↓) and Tab completion of built-in names.
//!
//! The input reads as iex reads: Enter runs what is typed when it is a
//! complete expression and starts a new line when it is not (an open
//! `do`, bracket or string); Shift+Enter always adds a line; a last line
//! `#iex:break` abandons the expression.
//!
//! The input is uncontrolled (read and written through a `NodeRef`): the
//! caret stays where the user put it, and a value set by script (as the
//! browser test does) is what Enter evaluates.

use crate::console::Console;
use crate::ui::complete::{
    byte_to_utf16, complete, names as names_of_everything, utf16_to_byte, Name,
};
use crate::ui::components::pid_text::pid_text;
use crate::ui::hooks::use_stick_to_bottom;
use crate::ui::state::Entry;
use std::cell::{Cell, OnceCell};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Lines offered in the welcome text; clicking one puts it in the input.
const EXAMPLES: [&str; 4] = [
    "Fleet.start_users(1..5)",
    "DynamicSupervisor.count_children(Fleet.Dynamic)",
    "Fleet.put(1, :color, :blue)",
    "Fleet.get(1, :color)",
];

/// Most completion candidates listed under the input.
const MAX_HINTS: usize = 12;

/// Props of [`ConsolePane`].
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// Evaluated lines, oldest first.
    pub entries: Rc<Vec<Entry>>,
    /// The number the next prompt shows.
    pub next: u64,
    /// A line was entered.
    pub oneval: Callback<String>,
    /// The line under way, while one runs (a slice per frame).
    #[prop_or_default]
    pub running: Option<Rc<str>>,
    /// Lines entered while one ran, waiting their turn.
    #[prop_or_default]
    pub queued: Rc<Vec<Rc<str>>>,
    /// The interrupt button (or Escape) was pressed while a line ran.
    #[prop_or_default]
    pub oninterrupt: Callback<()>,
    /// A pid in the output was clicked.
    #[prop_or_default]
    pub oninspect: Callback<AttrValue>,
}

/// The console pane.
#[function_component(ConsolePane)]
pub fn console_pane(props: &ConsoleProps) -> Html {
    let input_ref = use_node_ref();
    let output_ref = use_node_ref();
    let hints = use_state(Vec::<String>::new);
    // Position while walking the history: `None` is the line being typed,
    // which `draft` keeps while the user looks back.
    let cursor: Rc<Cell<Option<usize>>> = use_memo((), |_| Cell::new(None));
    let draft = use_mut_ref(String::new);
    // Built on the first Tab: listing every function compiles the whole
    // prelude, which the first render should not wait for.
    let names: Rc<OnceCell<Vec<Name>>> = use_memo((), |_| OnceCell::new());
    let last_n = props.entries.last().map(|e| e.n);
    let onscroll = use_stick_to_bottom(
        output_ref.clone(),
        (last_n, props.running.is_some(), props.queued.len()),
    );

    let onkeydown = {
        let input_ref = input_ref.clone();
        let hints = hints.clone();
        let oneval = props.oneval.clone();
        let entries = props.entries.clone();
        let running = props.running.is_some();
        let oninterrupt = props.oninterrupt.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let history = || entries.iter().map(|entry| entry.line.as_str());
            // History walks only while the input is one line; in a longer
            // one the arrows move the caret.
            let one_line = !input.value().contains('\n');
            match e.key().as_str() {
                "Enter" if e.shift_key() => {
                    // The textarea adds the line itself.
                    grow(&input, 1);
                }
                "Escape" if running => oninterrupt.emit(()),
                "Enter" => {
                    let line = input.value();
                    if line.trim().is_empty() {
                        e.prevent_default();
                        return;
                    }
                    if ends_in_break(&line) || !Console::is_incomplete(&line) {
                        e.prevent_default();
                        input.set_value("");
                        grow(&input, 0);
                        cursor.set(None);
                        hints.set(Vec::new());
                        oneval.emit(line);
                    } else {
                        // Not complete yet: Enter adds a line, as iex's `...>`.
                        grow(&input, 1);
                    }
                }
                "ArrowUp" if one_line => {
                    let len = history().count();
                    let at = match cursor.get() {
                        None if len > 0 => {
                            if let Ok(mut draft) = draft.try_borrow_mut() {
                                *draft = input.value();
                            }
                            len - 1
                        }
                        Some(i) if i > 0 => i - 1,
                        _ => return,
                    };
                    e.prevent_default();
                    cursor.set(Some(at));
                    input.set_value(history().nth(at).unwrap_or_default());
                    grow(&input, 0);
                }
                "ArrowDown" if one_line => {
                    let Some(i) = cursor.get() else {
                        return;
                    };
                    e.prevent_default();
                    if let Some(line) = history().nth(i + 1) {
                        cursor.set(Some(i + 1));
                        input.set_value(line);
                    } else {
                        cursor.set(None);
                        input.set_value(&draft.try_borrow().map(|d| d.clone()).unwrap_or_default());
                    }
                    grow(&input, 0);
                }
                "Tab" => {
                    let value = input.value();
                    if value.is_empty() {
                        // Nothing to complete: let Tab move focus as usual.
                        return;
                    }
                    e.prevent_default();
                    let caret = input
                        .selection_start()
                        .ok()
                        .flatten()
                        .map_or(value.len(), |units| utf16_to_byte(&value, units as usize));
                    match complete(&value, caret, names.get_or_init(names_of_everything)) {
                        Some(done) => {
                            input.set_value(&done.line);
                            let at = u32::try_from(byte_to_utf16(&done.line, done.caret))
                                .unwrap_or(u32::MAX);
                            let _ = input.set_selection_range(at, at);
                            hints.set(done.candidates);
                        }
                        None => hints.set(Vec::new()),
                    }
                }
                "Escape" => hints.set(Vec::new()),
                _ => {}
            }
        })
    };
    let oninput = {
        let hints = hints.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |_: InputEvent| {
            if !hints.is_empty() {
                hints.set(Vec::new());
            }
            if let Some(input) = input_ref.cast::<HtmlTextAreaElement>() {
                grow(&input, 0);
            }
        })
    };
    let onexample = {
        let input_ref = input_ref.clone();
        Callback::from(move |line: &'static str| {
            if let Some(input) = input_ref.cast::<HtmlTextAreaElement>() {
                input.set_value(line);
                grow(&input, 0);
                let _ = input.focus();
            }
        })
    };

    html! {
        <div class="console">
            <div class="pane-head">
                <h2>{ "Console" }</h2>
                <span class="pane-hint">{ "Enter runs · Shift+Enter new line · ↑/↓ history · Tab completes" }</span>
            </div>
            <div class="console-output" data-testid="console-output" ref={output_ref}
                {onscroll} role="log" aria-live="polite">
                <div class="welcome">
                    <p>{ "Interactive shell on " }<code>{ "a@sim" }</code>
                        { ". Click any process or pid to inspect it. Try:" }</p>
                    <ul class="examples">
                        { for EXAMPLES.iter().map(|&line| {
                            let onclick = onexample.reform(move |_: MouseEvent| line);
                            html! {
                                <li><button type="button" class="example" {onclick}
                                    title="Put this line in the input">{ line }</button></li>
                            }
                        }) }
                    </ul>
                </div>
                { for props.entries.iter().map(|e| entry_view(e, &props.oninspect)) }
                if let Some(line) = &props.running {
                    <div class="running-entry" data-testid="running-line">
                        { for line.lines().enumerate().map(|(i, code)| html! {
                            <div class="entry-line">
                                <span class="prompt">{
                                    if i == 0 { format!("iex({})>", props.next) } else { format!("...({})>", props.next) }
                                }</span>
                                { " " }
                                <span class="entry-code">{ code }</span>
                            </div>
                        }) }
                        <div class="running-row">
                            <span class="running-note">{ "running… (Esc or Interrupt stops it)" }</span>
                            <button type="button" class="interrupt" data-testid="interrupt"
                                onclick={props.oninterrupt.reform(|_: MouseEvent| ())}
                                title="Stop this line, as iex's break menu interrupts an evaluator">
                                { "Interrupt" }</button>
                        </div>
                    </div>
                }
                { for props.queued.iter().map(|line| html! {
                    <div class="queued-entry" data-testid="queued-line">
                        <span class="prompt">{ "queued>" }</span>{ " " }
                        <span class="entry-code">{ line.to_string() }</span>
                    </div>
                }) }
            </div>
            <div class="console-input-row">
                <label class="prompt" for="console-input">{ format!("iex({})>", props.next) }</label>
                <textarea
                    id="console-input"
                    class="console-input"
                    data-testid="console-input"
                    ref={input_ref}
                    rows="1"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    enterkeyhint="go"
                    aria-label="Console input (Elixir)"
                    placeholder="Fleet.start_users(1..5)"
                    {onkeydown}
                    {oninput}
                />
            </div>
            <div class="hints" aria-live="polite">
                { for hints.iter().take(MAX_HINTS).map(|h| html! { <code class="hint">{ h }</code> }) }
                if hints.len() > MAX_HINTS {
                    <span class="hint-more">{ format!("+{} more", hints.len() - MAX_HINTS) }</span>
                }
            </div>
        </div>
    }
}

/// True when the last line is `#iex:break` (run it: the shell reports the
/// abandoned expression).
fn ends_in_break(text: &str) -> bool {
    text.lines()
        .last()
        .is_some_and(|l| l.trim() == "#iex:break")
}

/// Sizes the input to its lines (plus `extra` about to be added), up to a
/// dozen before it scrolls.
fn grow(input: &HtmlTextAreaElement, extra: usize) {
    let lines = input.value().lines().count().max(1) + extra;
    input.set_rows(lines.min(12) as u32);
}

/// One transcript entry: the prompt and each line of the chunk (`...>` after
/// the first, as iex shows a continued expression), what it printed, its
/// result.
fn entry_view(entry: &Entry, oninspect: &Callback<AttrValue>) -> Html {
    html! {
        <div class="entry" key={entry.n}>
            { for entry.line.lines().enumerate().map(|(i, code)| html! {
                <div class="entry-line">
                    <span class="prompt">{
                        if i == 0 { format!("iex({})>", entry.n) } else { format!("...({})>", entry.n) }
                    }</span>
                    { " " }
                    <span class="entry-code">{ code }</span>
                </div>
            }) }
            { for entry.printed.iter().map(|p| html! { <div class="printed">{ pid_text(p, oninspect) }</div> }) }
            <pre class={classes!("result", (!entry.ok).then_some("error"))}>{ pid_text(&entry.result, oninspect) }</pre>
        </div>
    }
}
