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

    let send = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(action.clone()))
    };
    let onplay = send(Action::Play);
    let onpause = send(Action::Pause);
    let onstep = send(Action::Step);
    let onspeed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |speed: u32| dispatcher.dispatch(Action::SetSpeed(speed)))
    };
    let oneval = {
        let dispatcher = state.dispatcher();
        Callback::from(move |line: String| dispatcher.dispatch(Action::Eval(line)))
    };
    // Killing from the tree goes through the console, so the learner sees
    // the line that did it.
    let onkill = {
        let dispatcher = state.dispatcher();
        Callback::from(move |pid: AttrValue| {
            if let Some(line) = kill_line(&pid) {
                dispatcher.dispatch(Action::Eval(line));
            }
        })
    };

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
