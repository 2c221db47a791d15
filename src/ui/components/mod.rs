//! The components, one per file. [`app::App`] owns the state; the others get
//! plain data and callbacks as props.

pub mod app;
pub mod clock;
pub mod cluster;
pub mod code;
pub mod console;
pub mod controls;
pub mod editor;
pub mod event_log;
pub mod inspector;
pub mod lab;
pub mod names;
pub mod node_picker;
pub mod pid_text;
pub mod processes;
pub mod scenario;
pub mod scrubber;
pub mod sequence;
pub mod services;
pub mod shards;
pub mod tree;
