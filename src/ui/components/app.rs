//! The page: a header with the clock and play controls, the console on the
//! left, node `a@sim`'s supervision tree and the event log on the right.

use crate::ui::components::clock::Clock;
use crate::ui::components::console::ConsolePane;
use crate::ui::components::controls::Controls;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::tree::Tree;
use crate::ui::hooks::use_play_loop;
use crate::ui::state::{kill_line, Action, State, NODE_NAME};
use yew::prelude::*;

/// The whole app. Owns the [`State`]; everything below it only dispatches.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    use_play_loop(state.playing, state.dispatcher());

    // Callbacks are memoized on the dispatcher (stable for the app's life),
    // so the panes' props stay equal between ticks and Yew skips them.
    let dispatcher = state.dispatcher();
    let onplay = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Play));
    let onpause = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Pause));
    let onstep = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Step));
    let onspeed = use_callback(dispatcher.clone(), |speed: u32, d| {
        d.dispatch(Action::SetSpeed(speed));
    });
    let oneval = use_callback(dispatcher.clone(), |line: String, d| {
        d.dispatch(Action::Eval(line));
    });
    // Killing from the tree goes through the console, so the learner sees
    // the line that did it.
    let onkill = use_callback(dispatcher, |pid: AttrValue, d| {
        if let Some(line) = kill_line(&pid) {
            d.dispatch(Action::Eval(line));
        }
    });

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "otpsim" }</h1>
                <span class="tagline">{ "an Erlang/OTP cluster in a tab" }</span>
                <div class="topbar-controls">
                    <Clock now={state.now} playing={state.playing} />
                    <Controls
                        playing={state.playing}
                        speed={state.speed}
                        {onplay}
                        {onpause}
                        {onstep}
                        {onspeed}
                    />
                </div>
            </header>
            <main class="panes">
                <section class="pane pane-console" aria-label="Console">
                    <ConsolePane
                        entries={state.transcript.clone()}
                        next={state.next_n}
                        {oneval}
                    />
                </section>
                <section class="pane pane-tree" aria-label="Supervision tree">
                    <Tree trees={state.trees.clone()} node={NODE_NAME} {onkill} />
                </section>
                <section class="pane pane-log" aria-label="Event log">
                    <EventLog lines={state.log.clone()} />
                </section>
            </main>
        </div>
    }
}
