//! # otpsim — an Erlang/OTP cluster you can hold in a browser tab
//!
//! A deterministic simulation of BEAM nodes, processes, supervisors and
//! registries. The same crate builds natively (CLI, tests, benchmarks) and for
//! WebAssembly (the Yew app in `ui`).
//!
//! Map of the crate, bottom up (data flows down, views flow up):
//!
//! | module      | what it holds |
//! |-------------|---------------|
//! | [`term`]    | Erlang terms, `inspect` as Elixir prints, `:erlang.phash2` |
//! | [`kernel`]  | the [`kernel::World`]: virtual clock, event queue, seeded RNG, processes, mailboxes, links, monitors, exit signals, timers, trace |
//! | [`otp`]     | GenServer-style behaviours, Supervisor, DynamicSupervisor, Registry, Agent, Task |
//! | [`cluster`] | many nodes: add, crash, restart; partitions, heals, link settings |
//! | [`shard`]   | which shard a key goes to (rendezvous, jump, ring, modulo) and how many keys move as K changes |
//! | [`apps`]    | built-in applications from the seeds (`Fleet`) |
//! | [`lang`]    | Elixir source to its quoted form, as `Code.string_to_quoted/2` gives it |
//! | [`console`] | the iex-like language: parse and evaluate one line against a world |
//! | [`scenarios`] | built-in lessons: console scripts with a title, a seed and an explanation |
//! | [`view`]    | serializable snapshots (supervision trees, event log) for the UI |
//! | [`vm`]      | the virtual machine: compiled modules, processes running Elixir, native functions |
//! | `ui`        | the Yew web app (wasm32 only) |
//! | `web`       | the JS API: the `Cluster` class and `mountWidget` for `<otp-sim>`, the only `#[wasm_bindgen]` exports (wasm32, feature `js-api`) |
//!
//! Everything except `ui` and `web` is plain Rust with no web types, no wall clock and no
//! OS randomness: the same seed and input give the same trace everywhere.
//!
//! ```
//! let mut console = otpsim::console::Console::new(42);
//! assert_eq!(console.eval_line("Fleet.start_users(1..2) |> length()").text, "2");
//! assert_eq!(console.eval_line("Fleet.ping(2)").text, ":pong");
//! ```

pub mod apps;
pub mod cluster;
pub mod console;
pub mod kernel;
pub mod lang;
pub mod otp;
pub mod page;
pub mod scenarios;
pub mod shard;
pub mod term;
pub mod view;
pub mod vm;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub mod web;
