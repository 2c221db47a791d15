//! The Yew web app (wasm32 only): a console on a simulated cluster, with
//! tabs beside it (the cluster picture, any node's supervision tree, the
//! shard fleet) above the event log, all drawn live.
//!
//! The app never reads the kernel's tables: it drives the world only through
//! [`crate::console::session::Session`] (lines, `advance`, `seek`) and draws only
//! [`crate::view`] snapshots, so the core stays free of web types.
//!
//! | file | what it holds |
//! |------|---------------|
//! | `state.rs` | [`crate::page::model::State`] (the page's state machine, plain Rust) as a Yew reducer on the browser's clock |
//! | `hooks.rs` | the play loop, restart-flash detection, stick-to-bottom scrolling |
//! | `complete.rs` | Tab completion of `Module.function` names from the built-in catalog |
//! | `embed.rs` | [`embed::Embed`]: an `<otp-sim>` widget's checked attributes and its first state |
//! | `share.rs` | reading and replacing `location.hash` (the link itself: [`crate::page::share`]) |
//! | `download.rs` | saving an export as a file (a `Blob` and an `<a download>`) |
//! | `panic.rs` | the panic hook: browser console report plus a reset banner |
//! | `components/app.rs` | [`App`]: the page layout, owns the state |
//! | `components/scenario.rs` | the scenario picker and the explanation panel |
//! | `components/clock.rs` | the virtual clock, `mm:ss.mmm` |
//! | `components/controls.rs` | play / pause / step back / step and the speed select (0.1×–1000×) |
//! | `components/scrubber.rs` | the time scrubber: seek to any recorded moment (replay); a new line there branches |
//! | `components/console.rs` | the iex-like console: transcript, input, history, completion |
//! | `components/cluster.rs` | the cluster picture: nodes, links, packets; add node, split, heal, crash/restart |
//! | `components/shards.rs` | K slider, strategy picker, movement chart, `Shards.counts()` table |
//! | `components/tree.rs` | the supervision tree of one node, with a node picker |
//! | `components/event_log.rs` | the last trace events, filterable by kind, node and process |
//! | `components/names.rs` | `:global`, `:pg` and Registry names per node; divergent rows during a split |
//! | `components/services.rs` | PubSub subscribers and fan-out, a KV protocol prompt with routes, the to-do load test |
//! | `components/sequence.rs` | the message sequence chart (Lamport diagram) of recent sends and receives |
//!
//! `src/bin/otpsim-web.rs` calls [`run`]; the stylesheet is `style.css`.

pub mod complete;
pub mod components;
pub mod download;
pub mod embed;
pub mod hooks;
pub mod panic;
pub mod share;
pub mod state;

pub use components::app::{App, AppProps};

/// Starts the app: installs the panic hook, then mounts [`App`] on `#app`
/// (or on `<body>` when the page has no `#app`).
pub fn run() {
    panic::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
