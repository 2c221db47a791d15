//! The page: a header with the clock and play controls, the time scrubber
//! under it, the console on the left; on the right, tabs (cluster picture,
//! supervision tree of any node, shards) above the event log, which the
//! "Log" tab gives the whole column.
//!
//! Keyboard, when focus is not in a text field, select or slider: space
//! plays or pauses, → steps to the next event, ← steps back
//! [`crate::ui::state::STEP_BACK_MS`] of virtual time.
//!
//! Embedded (`<otp-sim>`, [`AppProps::embed`]) the same App draws only the
//! views asked for, fills its container instead of the window, and leaves
//! the page's address and keyboard alone: several widgets share a page.

use crate::page::model::{ExportFormat, Exported};
use crate::ui::components::clock::Clock;
use crate::ui::components::cluster::ClusterPane;
use crate::ui::components::code::CodePane;
use crate::ui::components::console::ConsolePane;
use crate::ui::components::controls::Controls;
use crate::ui::components::editor::EditorPane;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::inspector::Inspector;
use crate::ui::components::lab::LabPane;
use crate::ui::components::names::NamesPane;
use crate::ui::components::processes::ProcessesPane;
use crate::ui::components::scenario::{Explanation, ScenarioPicker};
use crate::ui::components::scrubber::Scrubber;
use crate::ui::components::sequence::SequencePane;
use crate::ui::components::services::ServicesPane;
use crate::ui::components::shards::ShardsPane;
use crate::ui::components::tree::Tree;
use crate::ui::embed::{Embed, Theme};
use crate::ui::hooks::{use_held, use_play_loop};
use crate::ui::share;
use crate::ui::state::{kill_line, Action, State};
use gloo::events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub use crate::ui::state::Tab;

/// The action a key pressed outside text fields stands for: space, → and ←.
/// `None` for any other key, a key with a modifier, or when the event came
/// from a field that uses these keys itself (inputs, selects, text areas,
/// editable text; buttons for space, which clicks them).
fn shortcut(e: &KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.repeat() && e.key() == " " {
        return None;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(tag.as_str(), "input" | "select" | "textarea")
        || target.as_ref().is_some_and(|t| t.is_content_editable())
    {
        return None;
    }
    match e.key().as_str() {
        " " | "Spacebar" if tag != "button" => Some(Action::Toggle),
        "ArrowRight" => Some(Action::Step),
        "ArrowLeft" => Some(Action::StepBack),
        _ => None,
    }
}

/// The first state: the one the page's share link holds, else the blank
/// world.
fn initial_state() -> State {
    let parsed = share::parse(&share::current_hash());
    let mut state = match &parsed.shared {
        Some(shared) => State::restore(shared),
        None => State::default(),
    };
    state.notice = share::notice(&parsed.problems);
    state
}

/// Wall-clock milliseconds between hash updates while time runs (browsers
/// rate-limit `history.replaceState`); a new line or a pause writes at once.
const SHARE_EVERY_MS: f64 = 1_000.0;

/// What the share-link effect remembers between renders.
#[derive(Default)]
struct ShareMemo {
    /// Wall-clock time of the last write (ms).
    at: f64,
    /// The prompt number at the last write.
    next_n: u64,
    /// The last hash written.
    hash: String,
}

/// Keeps `location.hash` on the share link of `state`, at most once per
/// [`SHARE_EVERY_MS`] while playing. Returns whether the link got too long
/// to keep updated.
#[hook]
fn use_share_link(state: &UseReducerHandle<State>, enabled: bool) -> Option<String> {
    let memo = use_mut_ref(ShareMemo::default);
    let too_long = use_state_eq(|| None::<String>);
    let deps = (
        enabled,
        state.now,
        state.end,
        state.next_n,
        state.playing,
        state.scenario.map(|s| s.name),
    );
    {
        let state = state.clone();
        let too_long = too_long.clone();
        use_effect_with(deps, move |&(enabled, _, _, next_n, playing, _)| {
            if !enabled {
                return;
            }
            let now = js_sys::Date::now();
            let mut memo = memo.borrow_mut();
            let due = !playing || next_n != memo.next_n || now - memo.at >= SHARE_EVERY_MS;
            if due {
                if let Some(folded) = state.share_notice() {
                    too_long.set(Some(folded));
                } else if let Some(shared) = state.shared() {
                    let hash = share::to_hash(&shared);
                    if hash.len() > share::MAX_HASH {
                        too_long.set(Some(format!(
                            "This session is too long for a share link (over {} KB): the address \
                             stopped updating.",
                            share::MAX_HASH / 1_000
                        )));
                    } else {
                        too_long.set(None);
                        if hash != memo.hash {
                            share::replace_hash(&hash);
                            memo.hash = hash;
                        }
                    }
                    memo.at = now;
                    memo.next_n = next_n;
                }
            }
        });
    }
    (*too_long).clone()
}

/// Where the page keeps the reader's theme choice.
const THEME_KEY: &str = "otpsim-theme";

/// The theme the reader picked last time (auto when none or unreadable).
fn stored_theme() -> Theme {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    match stored.as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => Theme::Auto,
    }
}

/// Auto → dark → light → auto, with the button's label for each.
fn next_theme(theme: Theme) -> Theme {
    match theme {
        Theme::Auto => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::Auto,
    }
}

fn theme_label(theme: Theme) -> &'static str {
    match theme {
        Theme::Auto => "◐ auto",
        Theme::Dark => "● dark",
        Theme::Light => "○ light",
    }
}

/// Props of [`App`]: none for the page, an [`Embed`] for a widget.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The widget's settings; `None` for the full page.
    #[prop_or_default]
    pub embed: Option<Rc<Embed>>,
}

/// The whole app. Owns the [`State`]; everything below it only dispatches.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embed = props.embed.clone();
    let state = {
        let embed = embed.clone();
        use_reducer(move || match &embed {
            Some(e) => e.initial_state(),
            None => initial_state(),
        })
    };
    // A line under way runs a slice per frame, playing or not.
    use_play_loop(
        state.playing || state.running.is_some() || state.lab_busy(),
        state.dispatcher(),
    );
    let too_long = use_share_link(&state, embed.is_none());
    // The page's theme: a class on <html>, so the page background follows.
    let theme = use_state(stored_theme);
    use_effect_with((*theme, embed.is_none()), |&(theme, page)| {
        if page {
            let window = web_sys::window();
            if let Some(root) = window
                .as_ref()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                root.set_class_name(theme.class());
            }
            if let Some(storage) = window.and_then(|w| w.local_storage().ok().flatten()) {
                let name = match theme {
                    Theme::Auto => "auto",
                    Theme::Dark => "dark",
                    Theme::Light => "light",
                };
                let _ = storage.set_item(THEME_KEY, name);
            }
        }
    });
    let ontheme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| theme.set(next_theme(*theme)))
    };

    // Callbacks are memoized on the dispatcher (stable for the app's life),
    // so the panes' props stay equal between ticks and Yew skips them.
    let dispatcher = state.dispatcher();
    let onplay = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Play));
    let onpause = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Pause));
    let onstep = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Step));
    let onback = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::StepBack));
    let onseek = use_callback(dispatcher.clone(), |ms: u64, d| {
        d.dispatch(Action::Seek(ms.saturating_mul(crate::kernel::MS)));
    });
    // An invariant's chip: to the very event where it first broke.
    let onjump = use_callback(dispatcher.clone(), |us: u64, d| {
        d.dispatch(Action::Seek(us))
    });
    // Space, → and ← anywhere on the page but in fields (see [`shortcut`]);
    // not for widgets, which share the page.
    use_effect_with((dispatcher.clone(), embed.is_none()), |(d, page)| {
        let d = d.clone();
        let document = web_sys::window()
            .and_then(|w| w.document())
            .filter(|_| *page);
        let listener = document.map(|doc| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(action) = shortcut(e) {
                    e.prevent_default();
                    d.dispatch(action);
                }
            })
        });
        move || drop(listener)
    });
    // A hash changed by hand (or a link to this page followed) opens what
    // it holds; the page's own updates use replaceState, which fires no
    // `hashchange`.
    use_effect_with((dispatcher.clone(), embed.is_none()), |(d, page)| {
        let d = d.clone();
        let window = web_sys::window().filter(|_| *page);
        let listener = window.map(|w| {
            EventListener::new(&w, "hashchange", move |_| {
                d.dispatch(Action::Open(share::current_hash()));
            })
        });
        move || drop(listener)
    });
    let onspeed = use_callback(dispatcher.clone(), |speed: u32, d| {
        d.dispatch(Action::SetSpeed(speed));
    });
    let oneval = use_callback(dispatcher.clone(), |line: String, d| {
        d.dispatch(Action::Eval(line));
    });
    let oninterrupt = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Interrupt));
    // Killing from the inspector goes through the console, so the learner
    // sees the line that did it.
    let onkill = use_callback(dispatcher.clone(), |pid: AttrValue, d| {
        if let Some(line) = kill_line(&pid) {
            d.dispatch(Action::Eval(line));
        }
    });
    // The event log's Export buttons: the trace as a file, made on the click.
    let onsweep = use_callback(dispatcher.clone(), |n: u64, d| d.dispatch(Action::Sweep(n)));
    let onstopsweep = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::StopSweep));
    let onshrink = use_callback(dispatcher.clone(), |seed: u64, d| {
        d.dispatch(Action::Shrink(seed))
    });
    let onexport = {
        let state = state.clone();
        Callback::from(move |format: ExportFormat| {
            let saved = match state.export(format) {
                Some(Exported::Json(data)) => {
                    crate::ui::download::json_text(&data).and_then(|text| {
                        crate::ui::download::save(format.file_name(), "application/json", &text)
                    })
                }
                Some(Exported::Text(text)) => {
                    crate::ui::download::save(format.file_name(), "text/plain", &text)
                }
                None => Ok(()), // a line is running: nothing to save yet
            };
            if let Err(e) = saved {
                web_sys::console::error_1(&e);
            }
        })
    };
    let oninspect = use_callback(dispatcher.clone(), |pid: AttrValue, d| {
        d.dispatch(Action::Inspect(Some(pid.to_string())));
    });
    let onedit = use_callback(dispatcher.clone(), |source: AttrValue, d| {
        d.dispatch(Action::Edit(source.to_string()));
    });
    let onclose = use_callback(dispatcher.clone(), |(), d| {
        d.dispatch(Action::Inspect(None))
    });
    let onpick = use_callback(dispatcher.clone(), |node: u32, d| {
        d.dispatch(Action::ShowNode(node))
    });
    let onscenario = use_callback(dispatcher, |name: String, d| {
        d.dispatch(Action::Scenario(name))
    });
    let mut notices: Vec<String> = state.notice.iter().cloned().collect();
    notices.extend(too_long);
    let tabs: Vec<Tab> = match &embed {
        Some(e) => e.tabs.clone(),
        None => Tab::ALL.to_vec(),
    };
    // The shown tab lives in the state, so views only it draws (names,
    // services, messages) are snapshotted only while it shows.
    let first = tabs.first().copied().unwrap_or(Tab::Cluster);
    {
        let d = state.dispatcher();
        // Only when it differs: a dispatch renders the whole page again.
        let shown = state.tab;
        use_effect_with(first, move |first| {
            if *first != shown {
                d.dispatch(Action::ShowTab(*first));
            }
        });
    }
    let tab = state.tab;
    // Hidden tabs keep their last props, so a frame diffs only what shows.
    // (Not the trees: they change only when a tree does, and tests and
    // embedders read them from a hidden pane.)
    let cluster_view = use_held(state.cluster.clone(), tab == Tab::Cluster);
    let process_rows = use_held(state.processes.clone(), tab == Tab::Processes);
    let names: Vec<String> = state.cluster.nodes.iter().map(|n| n.name.clone()).collect();
    let names = use_memo(names, |names| names.clone());
    let node_name = names
        .get(state.node as usize)
        .cloned()
        .unwrap_or_else(|| crate::ui::state::NODE_NAME.to_string());
    // A tab's view is built when the tab first shows and kept (hidden)
    // after, so the first render builds only the open tab (and the
    // supervision trees, the view most often switched to) and a tab keeps
    // what was typed into it.
    let opened = use_mut_ref(|| vec![Tab::Supervision]);
    let opened: Vec<Tab> = match opened.try_borrow_mut() {
        Ok(mut seen) => {
            if !seen.contains(&tab) {
                seen.push(tab);
            }
            seen.clone()
        }
        Err(_) => Tab::ALL.to_vec(),
    };
    let panel = |t: Tab, body: Html| {
        html! {
            <div class={classes!("tab-panel", format!("panel-{}", t.id()))} role="tabpanel"
                id={format!("panel-{}", t.id())} hidden={tab != t}>
                if opened.contains(&t) { { body } }
            </div>
        }
    };

    let inspected: Option<AttrValue> = state
        .inspected
        .map(|pid| AttrValue::from(crate::term::inspect(&crate::term::Term::Pid(pid))));
    // The latest key search, for the shards tab's breadcrumb.
    let route: Option<(AttrValue, AttrValue)> = state
        .transcript
        .iter()
        .rev()
        .find(|e| e.line.starts_with("Shards.route("))
        .map(|e| {
            (
                AttrValue::from(e.line.clone()),
                AttrValue::from(e.result.clone()),
            )
        });
    let show_console = embed.as_ref().is_none_or(|e| e.console);
    let controls = embed.as_ref().is_none_or(|e| e.controls);
    let app_class = match &embed {
        Some(e) => classes!("app", "embedded", e.theme.class()),
        None => classes!("app"),
    };
    let panes_class = classes!(
        "panes",
        format!("tab-{}", tab.id()),
        (!show_console).then_some("no-console"),
        (tabs.len() < 2).then_some("single-tab"),
        tabs.is_empty().then_some("no-views"),
    );
    let header = match &embed {
        None => html! {
            <>
                <h1 class="brand">{ "otpsim" }</h1>
                <span class="tagline">{ "an Erlang/OTP cluster in a tab" }</span>
                <ScenarioPicker current={state.scenario.map(|s| s.name)} onpick={onscenario} />
                <button type="button" class="btn theme-toggle" data-testid="theme-toggle"
                    title="Colour theme: follow the system, dark, or light" onclick={ontheme}>
                    { theme_label(*theme) }
                </button>
            </>
        },
        Some(e) => html! {
            <span class="embed-title" data-testid="embed-title">
                { e.scenario.map_or("otpsim", |s| s.title) }
            </span>
        },
    };

    html! {
        <div class={app_class}>
            <header class="topbar">
                { header }
                <div class="topbar-controls">
                    <Clock now={state.now} playing={state.playing} />
                    if controls {
                        <Controls
                            playing={state.playing}
                            speed={state.speed}
                            {onplay}
                            {onpause}
                            {onback}
                            {onstep}
                            {onspeed}
                        />
                    }
                </div>
            </header>
            if controls {
                <Scrubber now={state.now} end={state.end} faults={Rc::clone(&state.faults)}
                    invariants={Rc::clone(&state.invariants)} {onseek} {onjump} />
            }
            if !notices.is_empty() {
                <div class="share-notice" data-testid="share-notice" role="status">
                    { for notices.iter().map(|n| html! { <p>{ n }</p> }) }
                </div>
            }
            <main class={panes_class}>
                if show_console {
                    <section class="pane pane-console" aria-label="Console">
                        if let Some(scenario) = state.scenario.filter(|_| embed.is_none()) {
                            <Explanation {scenario} />
                        }
                        <ConsolePane
                            entries={state.transcript.clone()}
                            next={state.next_n}
                            running={state.running.as_ref().map(|(line, _)| Rc::clone(line))}
                            queued={state.queued.clone()}
                            {oninterrupt}
                            oneval={oneval.clone()}
                            oninspect={oninspect.clone()}
                        />
                    </section>
                }
                if !tabs.is_empty() {
                    <nav class="tabs" role="tablist" aria-label="Views">
                        { for tabs.iter().map(|&t| {
                            let onclick = {
                                let d = state.dispatcher();
                                Callback::from(move |_: MouseEvent| d.dispatch(Action::ShowTab(t)))
                            };
                            html! {
                                <button type="button" role="tab" class={classes!("tab", (tab == t).then_some("on"))}
                                    aria-selected={(tab == t).to_string()}
                                    aria-controls={format!("panel-{}", t.id())}
                                    data-testid={format!("tab-{}", t.id())} {onclick}>
                                    { t.label() }
                                </button>
                            }
                        }) }
                    </nav>
                    <section class="pane pane-view" aria-label={tab.label()}>
                        if tabs.contains(&Tab::Cluster) {
                            { panel(Tab::Cluster, html! {
                                <ClusterPane view={cluster_view} oneval={oneval.clone()}
                                    oninspect={oninspect.clone()} />
                            }) }
                        }
                        if tabs.contains(&Tab::Supervision) {
                            { panel(Tab::Supervision, html! {
                                <Tree key={state.node} trees={state.trees.clone()} node={node_name}
                                    nodes={Rc::clone(&names)} index={state.node} onpick={onpick.clone()}
                                    oninspect={oninspect.clone()} now_s={state.trees_at_s} more={state.trees_more} />
                            }) }
                        }
                        if tabs.contains(&Tab::Processes) {
                            { panel(Tab::Processes, html! {
                                <ProcessesPane rows={process_rows} nodes={Rc::clone(&names)}
                                    index={state.node} onpick={onpick.clone()} oninspect={oninspect.clone()}
                                    selected={inspected.clone()} />
                            }) }
                        }
                        if tabs.contains(&Tab::Shards) {
                            { panel(Tab::Shards, html! {
                                <ShardsPane view={state.shards.clone()} active={tab == Tab::Shards}
                                    oneval={oneval.clone()} route={route.clone()} />
                            }) }
                        }
                        if tabs.contains(&Tab::Names) {
                            { panel(Tab::Names, html! { <NamesPane view={state.names.clone()} /> }) }
                        }
                        if tabs.contains(&Tab::Services) {
                            { panel(Tab::Services, html! {
                                <ServicesPane view={state.services.clone()} oneval={oneval.clone()} />
                            }) }
                        }
                        if tabs.contains(&Tab::Messages) {
                            { panel(Tab::Messages, html! { <SequencePane view={state.sequence.clone()} /> }) }
                        }
                        if tabs.contains(&Tab::Faults) {
                            { panel(Tab::Faults, html! {
                                <LabPane sweep={state.sweep.clone()} shrink={state.shrink.clone()}
                                    history={state.history.clone()} {onsweep} onstop={onstopsweep} {onshrink} />
                            }) }
                        }
                        if tabs.contains(&Tab::Code) {
                            { panel(Tab::Code, html! { <CodePane view={state.code.clone()} {onedit} /> }) }
                        }
                        if tabs.contains(&Tab::Editor) {
                            { panel(Tab::Editor, html! {
                                <EditorPane oneval={oneval.clone()}
                                    open={state.editor_open.as_ref().map(|(n, s)| (*n, AttrValue::from(Rc::clone(s))))}
                                    last={state.transcript.last().cloned()} />
                            }) }
                        }
                    </section>
                }
                if tabs.contains(&Tab::Log) {
                    <section class="pane pane-log" aria-label="Event log">
                        <EventLog lines={state.log.clone()} nodes={Rc::clone(&names)} oninspect={oninspect.clone()}
                            transcript={state.transcript.clone()} {onexport} />
                    </section>
                }
                if let Some(pid) = inspected.clone() {
                    <Inspector {pid} view={state.inspector.clone()} {onclose} {onkill}
                        oninspect={oninspect.clone()} />
                }
            </main>
        </div>
    }
}
