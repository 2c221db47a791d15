//! A process running compiled code: its frames, registers and handlers,
//! and the state natives may touch (the process dictionary).

use crate::term::Term;
use std::collections::BTreeMap;

/// What a running process keeps besides its stack.
#[derive(Clone, Debug, Default)]
pub struct ProcState {
    /// The process dictionary (`Process.put/2`).
    pub dict: BTreeMap<Term, Term>,
}
