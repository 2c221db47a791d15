//! (helpers) The rows of an ETS table: how the four table types keep their
//! objects, and the order in which they are walked.
//!
//! - `ordered_set`: a `BTreeMap` from key to object in Erlang's term order
//!   ([`compare`]), so keys that are `==` (`1` and `1.0`) are one key, and
//!   `first/1`, `next/2`, `tab2list/1` walk in term order, as on the BEAM.
//! - `set`, `bag`, `duplicate_bag`: keys are exact (`=:=`: `1` and `1.0`
//!   differ), looked up in a `BTreeMap`. The BEAM walks these tables in the
//!   order of its hash buckets; here they walk in the order their keys
//!   were first inserted (a key keeps its place when its object is replaced,
//!   and goes last when deleted and inserted again), and a key's objects in
//!   the order they were inserted. That order is the same on every platform
//!   and in every run, but it is not the BEAM's, and neither should be
//!   relied on.

use crate::term::{compare, Term};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;

/// The table type chosen at `:ets.new/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// One object per key (exact keys).
    Set,
    /// One object per key, in term order (`==` keys).
    OrderedSet,
    /// Several objects per key, never two identical ones.
    Bag,
    /// Several objects per key, duplicates kept.
    DuplicateBag,
}

impl Kind {
    /// The option's name, as `:ets.info/2` reports it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Set => "set",
            Kind::OrderedSet => "ordered_set",
            Kind::Bag => "bag",
            Kind::DuplicateBag => "duplicate_bag",
        }
    }

    /// One object per key.
    pub(super) fn is_set(self) -> bool {
        matches!(self, Kind::Set | Kind::OrderedSet)
    }
}

/// A key of an `ordered_set`: ordered, and equal, as `<` and `==` see it.
#[derive(Clone)]
struct OrdKey(Term);

impl PartialEq for OrdKey {
    fn eq(&self, other: &Self) -> bool {
        compare(&self.0, &other.0) == Ordering::Equal
    }
}

impl Eq for OrdKey {}

impl PartialOrd for OrdKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdKey {
    fn cmp(&self, other: &Self) -> Ordering {
        compare(&self.0, &other.0)
    }
}

/// The objects of one key of a set or bag, and when the key came.
#[derive(Clone)]
struct Slot {
    stamp: u64,
    objects: Vec<Term>,
}

#[derive(Clone)]
enum Store {
    Ordered(BTreeMap<OrdKey, Term>),
    Hashed {
        by_key: BTreeMap<Term, Slot>,
        /// Keys by arrival stamp: the walking order.
        order: BTreeMap<u64, Term>,
        next_stamp: u64,
    },
}

/// The objects of one table.
#[derive(Clone)]
pub(super) struct Rows {
    kind: Kind,
    keypos: usize,
    store: Store,
    size: usize,
}

/// `next/2` on a set or bag was given a key the table does not hold.
pub(super) struct NoSuchKey;

impl Rows {
    /// An empty table; `keypos` counts from 1.
    pub(super) fn new(kind: Kind, keypos: usize) -> Rows {
        let store = match kind {
            Kind::OrderedSet => Store::Ordered(BTreeMap::new()),
            _ => Store::Hashed {
                by_key: BTreeMap::new(),
                order: BTreeMap::new(),
                next_stamp: 0,
            },
        };
        Rows {
            kind,
            keypos,
            store,
            size: 0,
        }
    }

    /// The table type.
    pub(super) fn kind(&self) -> Kind {
        self.kind
    }

    /// The key position, from 1.
    pub(super) fn keypos(&self) -> usize {
        self.keypos
    }

    /// How many objects the table holds.
    pub(super) fn len(&self) -> usize {
        self.size
    }

    /// The key of `object`: its element at the key position, if it is a
    /// tuple that long.
    pub(super) fn key_of<'a>(&self, object: &'a Term) -> Option<&'a Term> {
        object.as_tuple()?.get(self.keypos - 1)
    }

    /// Adds `object` (a tuple with a key): a set replaces the key's object,
    /// a bag skips an identical one, a duplicate bag keeps everything.
    pub(super) fn insert(&mut self, object: Term) {
        let Some(key) = self.key_of(&object).cloned() else {
            return;
        };
        let kind = self.kind;
        match &mut self.store {
            Store::Ordered(map) => {
                // `insert` would keep the old key (`1` where `1.0` came).
                if map.remove(&OrdKey(key.clone())).is_some() {
                    self.size -= 1;
                }
                map.insert(OrdKey(key), object);
                self.size += 1;
            }
            Store::Hashed {
                by_key,
                order,
                next_stamp,
            } => match by_key.get_mut(&key) {
                Some(slot) => match kind {
                    Kind::Set => slot.objects[0] = object,
                    Kind::Bag if slot.objects.contains(&object) => {}
                    _ => {
                        slot.objects.push(object);
                        self.size += 1;
                    }
                },
                None => {
                    let stamp = *next_stamp;
                    *next_stamp += 1;
                    order.insert(stamp, key.clone());
                    by_key.insert(
                        key,
                        Slot {
                            stamp,
                            objects: vec![object],
                        },
                    );
                    self.size += 1;
                }
            },
        }
    }

    /// The objects stored under `key`.
    pub(super) fn get(&self, key: &Term) -> &[Term] {
        match &self.store {
            Store::Ordered(map) => map
                .get(&OrdKey(key.clone()))
                .map_or(&[], std::slice::from_ref),
            Store::Hashed { by_key, .. } => by_key.get(key).map_or(&[], |s| &s.objects),
        }
    }

    /// True when some object has `key`.
    pub(super) fn contains(&self, key: &Term) -> bool {
        !self.get(key).is_empty()
    }

    /// Removes and returns the objects under `key`.
    pub(super) fn remove(&mut self, key: &Term) -> Vec<Term> {
        let removed = match &mut self.store {
            Store::Ordered(map) => map.remove(&OrdKey(key.clone())).into_iter().collect(),
            Store::Hashed { by_key, order, .. } => match by_key.remove(key) {
                Some(slot) => {
                    order.remove(&slot.stamp);
                    slot.objects
                }
                None => Vec::new(),
            },
        };
        self.size -= removed.len();
        removed
    }

    /// Removes every object identical (`=:=`) to `object`.
    pub(super) fn remove_object(&mut self, object: &Term) {
        let Some(key) = self.key_of(object).cloned() else {
            return;
        };
        match &mut self.store {
            Store::Ordered(map) => {
                let key = OrdKey(key);
                if map.get(&key) == Some(object) {
                    map.remove(&key);
                    self.size -= 1;
                }
            }
            Store::Hashed { by_key, order, .. } => {
                if let Some(slot) = by_key.get_mut(&key) {
                    let before = slot.objects.len();
                    slot.objects.retain(|o| o != object);
                    self.size -= before - slot.objects.len();
                    if slot.objects.is_empty() {
                        order.remove(&slot.stamp);
                        by_key.remove(&key);
                    }
                }
            }
        }
    }

    /// Removes every object.
    pub(super) fn clear(&mut self) {
        *self = Rows::new(self.kind, self.keypos);
    }

    /// Every object, in the table's order.
    pub(super) fn objects(&self) -> Box<dyn DoubleEndedIterator<Item = &Term> + '_> {
        match &self.store {
            Store::Ordered(map) => Box::new(map.values()),
            Store::Hashed { by_key, order, .. } => Box::new(
                order
                    .values()
                    .filter_map(|k| by_key.get(k))
                    .flat_map(|s| s.objects.iter()),
            ),
        }
    }

    /// Keeps the objects for which `keep` is true; returns how many went.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&Term) -> bool) -> usize {
        let before = self.size;
        let mut left = 0;
        match &mut self.store {
            Store::Ordered(map) => {
                map.retain(|_, o| keep(o));
                left = map.len();
            }
            Store::Hashed { by_key, order, .. } => by_key.retain(|_, slot| {
                slot.objects.retain(|o| keep(o));
                left += slot.objects.len();
                if slot.objects.is_empty() {
                    order.remove(&slot.stamp);
                }
                !slot.objects.is_empty()
            }),
        }
        self.size = left;
        before - left
    }

    /// The first key in the table's order.
    pub(super) fn first(&self) -> Option<Term> {
        match &self.store {
            Store::Ordered(map) => map.keys().next().map(|k| k.0.clone()),
            Store::Hashed { order, .. } => order.values().next().cloned(),
        }
    }

    /// The last key: in term order for an `ordered_set`, else the first
    /// (OTP: `last/1` is `first/1` for the other types).
    pub(super) fn last(&self) -> Option<Term> {
        match &self.store {
            Store::Ordered(map) => map.keys().next_back().map(|k| k.0.clone()),
            Store::Hashed { .. } => self.first(),
        }
    }

    /// The key after `key`. An `ordered_set` takes any term; the other
    /// types need a key they hold.
    pub(super) fn next(&self, key: &Term) -> Result<Option<Term>, NoSuchKey> {
        match &self.store {
            Store::Ordered(map) => Ok(map
                .range((Bound::Excluded(OrdKey(key.clone())), Bound::Unbounded))
                .next()
                .map(|(k, _)| k.0.clone())),
            Store::Hashed { by_key, order, .. } => {
                let stamp = by_key.get(key).ok_or(NoSuchKey)?.stamp;
                Ok(order
                    .range((Bound::Excluded(stamp), Bound::Unbounded))
                    .next()
                    .map(|(_, k)| k.clone()))
            }
        }
    }

    /// The key before `key` for an `ordered_set`, else as [`Rows::next`].
    pub(super) fn prev(&self, key: &Term) -> Result<Option<Term>, NoSuchKey> {
        match &self.store {
            Store::Ordered(map) => Ok(map
                .range(..OrdKey(key.clone()))
                .next_back()
                .map(|(k, _)| k.0.clone())),
            Store::Hashed { .. } => self.next(key),
        }
    }
}
