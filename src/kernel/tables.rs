//! ETS-like tables: named storage on a node, owned by a process.
//!
//! As with ETS, a table disappears when its owner dies. Callers read and write
//! it directly, without a message round trip — this is how `Registry.lookup/2`
//! answers without asking the registry process.

use crate::term::{Atom, Pid};
use std::any::Any;

/// A named table. The OTP layer decides what `data` holds.
pub struct Table {
    /// The process whose death deletes the table.
    pub owner: Pid,
    /// The table's contents.
    pub data: Box<dyn Any>,
}

impl Table {
    /// The contents as `T`, if that is what the table holds.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.data.downcast_ref()
    }

    /// The contents as `T`, mutably.
    pub fn get_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.data.downcast_mut()
    }
}

/// Key of a table in the world: its node and its name.
pub(crate) type TableKey = (u32, Atom);
