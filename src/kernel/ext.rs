//! State that the layers above the kernel keep in a world, by type: the
//! VM keeps its loaded modules here, so that a world's snapshot (a clone)
//! carries its code too, and the kernel need not know the VM's types.

use std::any::{Any, TypeId};

/// A piece of state a layer keeps in the world.
pub trait Ext: Any {
    /// A copy, for snapshots.
    fn clone_box(&self) -> Box<dyn Ext>;
    /// For downcasting.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Clone> Ext for T {
    fn clone_box(&self) -> Box<dyn Ext> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The pieces, looked up by type (a handful at most, so a list will do).
#[derive(Default)]
pub(crate) struct Exts(Vec<(TypeId, Box<dyn Ext>)>);

impl Clone for Exts {
    fn clone(&self) -> Exts {
        Exts(
            self.0
                .iter()
                .map(|(t, e)| (*t, Ext::clone_box(e.as_ref())))
                .collect(),
        )
    }
}

impl super::World {
    /// The state of type `T` kept in this world, if any.
    pub fn ext<T: Any + Clone>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        self.ext
            .0
            .iter()
            .find(|(t, _)| *t == id)
            .and_then(|(_, e)| Ext::as_any(e.as_ref()).downcast_ref())
    }

    /// The state of type `T`, made with `Default` on first use.
    pub fn ext_mut<T: Any + Clone + Default>(&mut self) -> &mut T {
        let id = TypeId::of::<T>();
        let at = match self.ext.0.iter().position(|(t, _)| *t == id) {
            Some(at) => at,
            None => {
                self.ext.0.push((id, Box::new(T::default())));
                self.ext.0.len() - 1
            }
        };
        // The entry at `at` has type T: it was found or made by its TypeId.
        match Ext::as_any_mut(self.ext.0[at].1.as_mut()).downcast_mut() {
            Some(t) => t,
            None => unreachable!("ext entry {at} holds the type of its id"),
        }
    }
}
