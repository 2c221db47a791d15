//! Maps as the BEAM keeps them: up to 32 keys in one sorted array (a
//! "flatmap"), more in a persistent tree, so `Map.put/3` on a big map
//! copies a path of the tree, not the whole map.
//!
//! Keys are in Erlang's exact term order (integers before floats, then the
//! usual kind order), which is the order the BEAM prints small maps in.
//! Maps of more than 32 keys print in the same order here; the BEAM prints
//! those in the order of its internal hash.
//!
//! A map whose handle is the only one left is changed in place
//! ([`Map::insert`] through `Rc::make_mut`), so a loop that threads one map
//! through `Map.put/3` does not copy it at every step.

use super::Term;
use imbl::shared_ptr::RcK;
use std::rc::Rc;

/// The most keys kept in the flat, sorted form (as the BEAM's `MAP_SMALL_MAP_LIMIT`).
pub const FLAT_LIMIT: usize = 32;

type Tree = imbl::GenericOrdMap<Term, Term, RcK>;

/// Where `key` is in a flat map, or where it would go (a binary search's
/// answer). An atom key, the usual kind (a struct's or a GenServer state's
/// fields), is first looked for by identity, one pointer compare a pair:
/// ordering atoms compares their names, and a search makes several.
fn flat_index(v: &[(Term, Term)], key: &Term) -> Result<usize, usize> {
    if let Term::Atom(a) = key {
        if let Some(i) = v
            .iter()
            .position(|(k, _)| matches!(k, Term::Atom(b) if b == a))
        {
            return Ok(i);
        }
    }
    v.binary_search_by(|(k, _)| k.cmp(key))
}

/// A map term.
#[derive(Clone)]
pub struct Map(Rc<Body>);

#[derive(Clone)]
struct Body {
    /// Nesting depth (see [`Term::depth`]); an upper bound after removals.
    depth: u32,
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    /// Sorted by key, at most [`FLAT_LIMIT`] pairs.
    Flat(Vec<(Term, Term)>),
    Tree(Tree),
}

impl Default for Map {
    fn default() -> Map {
        Map::new()
    }
}

fn pair_depth(k: &Term, v: &Term) -> u32 {
    k.depth().max(v.depth()).saturating_add(1)
}

impl Map {
    /// `%{}`.
    pub fn new() -> Map {
        Map(Rc::new(Body {
            depth: 1,
            repr: Repr::Flat(Vec::new()),
        }))
    }

    /// A map from pairs; a later pair with an equal key wins, as in `%{}`.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Term, Term)>) -> Map {
        let mut map = Map::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        map
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        match &self.0.repr {
            Repr::Flat(v) => v.len(),
            Repr::Tree(t) => t.len(),
        }
    }

    /// True for `%{}`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn depth(&self) -> u32 {
        self.0.depth
    }

    /// The value under `key` (exact match: `1` and `1.0` are different keys).
    pub fn get(&self, key: &Term) -> Option<&Term> {
        match &self.0.repr {
            Repr::Flat(v) => flat_index(v, key)
                .ok()
                .and_then(|i| v.get(i))
                .map(|(_, value)| value),
            Repr::Tree(t) => t.get(key),
        }
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &Term) -> bool {
        self.get(key).is_some()
    }

    /// Puts `key => value`, in place when this is the only handle.
    pub fn insert(&mut self, key: Term, value: Term) {
        let depth = pair_depth(&key, &value);
        let body = Rc::make_mut(&mut self.0);
        body.depth = body.depth.max(depth);
        match &mut body.repr {
            Repr::Flat(v) => match flat_index(v, &key) {
                Ok(i) => {
                    if let Some(slot) = v.get_mut(i) {
                        slot.1 = value;
                    }
                }
                Err(i) if v.len() < FLAT_LIMIT => v.insert(i, (key, value)),
                Err(_) => {
                    let mut tree: Tree = std::mem::take(v).into_iter().collect();
                    tree.insert(key, value);
                    body.repr = Repr::Tree(tree);
                }
            },
            Repr::Tree(t) => {
                t.insert(key, value);
            }
        }
    }

    /// A copy with `key => value` (`Map.put/3`).
    pub fn put(&self, key: Term, value: Term) -> Map {
        let mut map = self.clone();
        map.insert(key, value);
        map
    }

    /// Takes `key` out, in place when this is the only handle; returns its value.
    pub fn remove_in_place(&mut self, key: &Term) -> Option<Term> {
        self.get(key)?;
        let body = Rc::make_mut(&mut self.0);
        match &mut body.repr {
            Repr::Flat(v) => {
                let i = v.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
                Some(v.remove(i).1)
            }
            Repr::Tree(t) => {
                let value = t.remove(key);
                if t.len() <= FLAT_LIMIT {
                    let flat: Vec<(Term, Term)> = std::mem::take(t).into_iter().collect();
                    body.repr = Repr::Flat(flat);
                }
                value
            }
        }
    }

    /// A copy without `key` (`Map.delete/2`).
    pub fn remove(&self, key: &Term) -> Map {
        let mut map = self.clone();
        map.remove_in_place(key);
        map
    }

    /// The pairs in key order.
    pub fn iter(&self) -> MapIter<'_> {
        match &self.0.repr {
            Repr::Flat(v) => MapIter::Flat(v.iter()),
            Repr::Tree(t) => MapIter::Tree(t.iter()),
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Term> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Term> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// Where this map's body is in memory (for comparisons that remember
    /// pairs of terms already found equal).
    pub(crate) fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// True when both handles share one body (a cheap equality shortcut).
    pub fn ptr_eq(&self, other: &Map) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The pairs of a map in key order.
pub enum MapIter<'a> {
    /// Over a flatmap.
    Flat(std::slice::Iter<'a, (Term, Term)>),
    /// Over a tree.
    Tree(imbl::ordmap::Iter<'a, Term, Term, RcK>),
}

impl<'a> Iterator for MapIter<'a> {
    type Item = (&'a Term, &'a Term);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            MapIter::Flat(i) => i.next().map(|(k, v)| (k, v)),
            MapIter::Tree(i) => i.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            MapIter::Flat(i) => i.size_hint(),
            MapIter::Tree(i) => i.size_hint(),
        }
    }
}

impl DoubleEndedIterator for MapIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            MapIter::Flat(i) => i.next_back().map(|(k, v)| (k, v)),
            MapIter::Tree(i) => i.next_back(),
        }
    }
}

impl ExactSizeIterator for MapIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_keys_found_by_identity_keep_term_order_among_other_keys() {
        let mut m = Map::new();
        for k in [
            Term::atom("b"),
            Term::Int(1),
            Term::string("a"),
            Term::atom("a"),
            Term::Float(1.0),
        ] {
            m.insert(k.clone(), k);
        }
        m.insert(Term::atom("b"), Term::Int(2));
        let keys: Vec<Term> = m.keys().cloned().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "numbers < atoms < binaries");
        assert_eq!(m.len(), 5);
        assert_eq!(m.get(&Term::atom("b")), Some(&Term::Int(2)));
        assert_eq!(m.get(&Term::atom("a")), Some(&Term::atom("a")));
        assert_eq!(m.get(&Term::atom("c")), None);
        assert_eq!(m.get(&Term::Int(1)), Some(&Term::Int(1)));
        assert_eq!(m.get(&Term::Float(1.0)), Some(&Term::Float(1.0)));
    }

    #[test]
    fn small_and_big_maps_keep_key_order() {
        let mut m = Map::new();
        for i in (0..100).rev() {
            m.insert(Term::Int(i), Term::Int(i * 2));
            let keys: Vec<i64> = m.keys().filter_map(Term::as_int).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted);
        }
        assert_eq!(m.len(), 100);
        assert_eq!(m.get(&Term::Int(42)), Some(&Term::Int(84)));
        for i in 0..90 {
            m.remove_in_place(&Term::Int(i));
        }
        assert_eq!(m.len(), 10);
        assert!(matches!(m.0.repr, Repr::Flat(_)));
    }

    #[test]
    fn put_leaves_the_original_alone() {
        let a = Map::from_pairs([(Term::Int(1), Term::Int(1))]);
        let b = a.put(Term::Int(2), Term::Int(2));
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn integers_and_floats_are_different_keys() {
        let m = Map::from_pairs([
            (Term::Float(1.0), Term::Int(1)),
            (Term::Int(1), Term::Int(2)),
        ]);
        assert_eq!(m.len(), 2);
        assert_eq!(m.keys().next(), Some(&Term::Int(1)));
    }
}
