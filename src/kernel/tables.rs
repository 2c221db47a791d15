//! ETS-like tables: named storage on a node, owned by a process.
//!
//! As with ETS, a table disappears when its owner dies, unless it names an
//! heir that is alive: the heir then owns it and is sent
//! `{:"ETS-TRANSFER", table, old_owner, data}`. Callers read and write
//! it directly, without a message round trip — this is how `Registry.lookup/2`
//! answers without asking the registry process. The VM's `:ets` keeps each
//! of its tables here too, under its name or, unnamed, under the number of
//! its reference ([`TableName`]).

use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::ops::Bound;
use std::rc::Rc;

/// What a table may hold: any value that can be copied with the world
/// (for snapshots).
pub trait TableData: Any {
    /// A copy.
    fn clone_data(&self) -> Box<dyn TableData>;
    /// For downcasting to the holder's type.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting to the holder's type, mutably.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Clone> TableData for T {
    fn clone_data(&self) -> Box<dyn TableData> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A named table. The OTP layer decides what `data` holds.
pub struct Table {
    /// The process whose death deletes the table.
    pub owner: Pid,
    /// The process that inherits the table when the owner dies, and the
    /// data it is sent then (ETS's `{:heir, pid, data}`).
    pub heir: Option<(Pid, Term)>,
    /// The table's contents: shared with snapshots of the world until the
    /// first write after one copies them ([`Table::get_mut`]), so taking a
    /// snapshot costs nothing per row.
    pub data: Rc<dyn TableData>,
}

impl Clone for Table {
    fn clone(&self) -> Self {
        Table {
            owner: self.owner,
            heir: self.heir.clone(),
            data: Rc::clone(&self.data),
        }
    }
}

impl Table {
    /// The contents as `T`, if that is what the table holds.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        // Through the `dyn`: `Rc` itself is `Any + Clone`, so the blanket
        // impl would answer for the pointer.
        (*self.data).as_any().downcast_ref()
    }

    /// The contents as `T`, mutably (copied first if a snapshot shares them).
    pub fn get_mut<T: 'static>(&mut self) -> Option<&mut T> {
        if Rc::get_mut(&mut self.data).is_none() {
            self.data = Rc::from((*self.data).clone_data());
        }
        Rc::get_mut(&mut self.data)?.as_any_mut().downcast_mut()
    }
}

/// What a table is called on its node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableName {
    /// A name: a registry's, a `pg` scope's, a named ETS table's.
    Atom(Atom),
    /// An unnamed ETS table: the number of its reference.
    Id(u64),
}

/// Key of a table in the world: its node and its name.
pub(crate) type TableKey = (u32, TableName);

/// The keys of `node`'s tables, as a range of the world's table map (keys
/// sort by node first, and `Id(u64::MAX)` is the largest name).
pub(crate) fn node_tables(node: u32) -> (Bound<TableKey>, Bound<TableKey>) {
    let start = match node.checked_sub(1) {
        Some(before) => Bound::Excluded((before, TableName::Id(u64::MAX))),
        None => Bound::Unbounded,
    };
    (start, Bound::Included((node, TableName::Id(u64::MAX))))
}

impl TableName {
    /// How ETS names the table on `node` in messages: its name, or its
    /// reference.
    pub fn to_term(self, node: u32) -> Term {
        match self {
            TableName::Atom(a) => Term::Atom(a),
            TableName::Id(id) => Term::Ref(Ref { node, id }),
        }
    }
}
