//! The web page's state machine in plain Rust: what the page shows and how
//! every button, key, frame and link changes it — play, a long line run a
//! slice per frame, seek, branch, tabs, share links. No web types: the
//! wall clock comes in as an argument, so all of it runs and is tested
//! natively; the Yew app (`ui/`) is a thin wrapper that dispatches actions
//! and draws.
//!
//! | file | what it holds |
//! |------|---------------|
//! | `model.rs` | [`model::State`], the one source of truth (session, transcript, clock, snapshots), changed only by [`model::Action`]s |
//! | `lab.rs` | the fault lab tab: a seed sweep run a little per frame, and the KV history's failing operations per client |
//! | `share.rs` | the share link: scenario, seed, inputs and time as a `location.hash` string |

pub mod lab;
pub mod model;
pub mod share;
