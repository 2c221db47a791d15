//! Atoms, interned: each text is stored once for the life of the program,
//! as in the BEAM's atom table, so an atom is one pointer, copying it is
//! free and comparing two atoms for equality is a pointer comparison.
//!
//! The table is shared by every world (atoms are never collected, on the
//! BEAM either). A per-thread cache in front of it keeps lookups lock-free.
//! Ordering compares the text, so nothing depends on the order in which
//! atoms were first made; the hash is FNV-1a of the text, the same on every
//! platform.
//!
//! Code written in Rust makes atoms with [`Atom::new`]; text that comes
//! from a user (`String.to_atom/1`) goes through [`Atom::try_new`], which
//! enforces the BEAM's limits (255 characters, a million atoms).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

/// The most atoms a program may create, as the BEAM's default `+t`.
pub const MAX_ATOMS: usize = 1_048_576;

/// The longest atom, in characters, as on the BEAM.
pub const MAX_ATOM_CHARS: usize = 255;

/// An atom such as `:ok` or `Fleet.Registry` (stored with its `Elixir.` prefix).
#[derive(Clone, Copy)]
pub struct Atom(&'static Entry);

struct Entry {
    text: &'static str,
    hash: u64,
    /// `hashpjw` of the text, what `phash2` mixes in for this atom: the
    /// BEAM keeps it in its atom table too, so hashing a node name (the
    /// shard fleet ranks every node for every shard) reads a word.
    pjw: u32,
}

/// Atoms the VM makes on every call, return and comparison (`nil` fills
/// fresh registers, `true` and `false` are what comparisons give): static
/// entries that the table holds from the start, so [`Atom::NIL`] and
/// friends cost no lookup.
static NIL: Entry = Entry::fixed("nil");
static TRUE: Entry = Entry::fixed("true");
static FALSE: Entry = Entry::fixed("false");
static OK: Entry = Entry::fixed("ok");

/// Tags the kernel and the native servers read on every message (a
/// forming thousand-node mesh passes millions): compared as pointers,
/// where a tag looked up by its text costs a hash or a string compare.
static GEN_CALL: Entry = Entry::fixed("$gen_call");
static GEN_CAST: Entry = Entry::fixed("$gen_cast");
static SYSTEM: Entry = Entry::fixed("system");
static EXIT: Entry = Entry::fixed("EXIT");
static DOWN: Entry = Entry::fixed("DOWN");
static NODEUP: Entry = Entry::fixed("nodeup");
static NODEDOWN: Entry = Entry::fixed("nodedown");
static DISCOVER: Entry = Entry::fixed("discover");
static SYNC: Entry = Entry::fixed("sync");
static JOIN: Entry = Entry::fixed("join");
static LEAVE: Entry = Entry::fixed("leave");
static PROCESS: Entry = Entry::fixed("process");

/// Every static entry, put in the table when it is made.
static FIXED: [&Entry; 16] = [
    &NIL, &TRUE, &FALSE, &OK, &GEN_CALL, &GEN_CAST, &SYSTEM, &EXIT, &DOWN, &NODEUP, &NODEDOWN,
    &DISCOVER, &SYNC, &JOIN, &LEAVE, &PROCESS,
];

impl Entry {
    const fn fixed(text: &'static str) -> Entry {
        Entry {
            text,
            hash: text_hash(text),
            pjw: pjw_hash(text),
        }
    }
}

/// Why user text could not become an atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomError {
    /// More than [`MAX_ATOM_CHARS`] characters.
    TooLong,
    /// The table already holds [`MAX_ATOMS`] atoms.
    TableFull,
}

/// FNV-1a: a fixed, platform-independent hash for the table and for `Hash`.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Text to entry. FxHash, not FNV: it takes the text eight bytes at a
/// time, where FNV takes one, and natives look up module names of forty
/// characters on hot paths. The tables are never iterated, so their hash
/// (which differs between 32- and 64-bit targets) leaks no order.
type Table = HashMap<&'static str, &'static Entry, rustc_hash::FxBuildHasher>;

fn global() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(FIXED.iter().map(|e| (e.text, *e)).collect()))
}

thread_local! {
    static CACHE: RefCell<Table> = RefCell::new(Table::default());
}

/// FNV-1a of the text, as [`Fnv`] computes it (`const`, for the fixed entries).
const fn text_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// `hashpjw` over the atom's text, with the BEAM's Latin-1 "clutch": a
/// two-byte UTF-8 sequence for U+0080..U+00FF counts as its Latin-1 byte.
const fn pjw_hash(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut h: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut v = bytes[i];
        i += 1;
        if i < bytes.len() {
            let next = bytes[i];
            if v & 0xFE == 0xC2 && next & 0xC0 == 0x80 {
                v = (v << 6) | (next & 0x3F);
                i += 1;
            }
        }
        h = (h << 4).wrapping_add(v as u32);
        let g = h & 0xf000_0000;
        if g != 0 {
            h ^= g >> 24;
            h ^= g;
        }
    }
    h
}

fn intern(text: &str, limit: usize) -> Result<Atom, AtomError> {
    if let Some(entry) = CACHE.with(|c| c.borrow().get(text).copied()) {
        return Ok(Atom(entry));
    }
    // A poisoned lock only means another thread panicked mid-insert of a
    // leaked entry; the table itself is still consistent.
    let mut table = global().lock().unwrap_or_else(|p| p.into_inner());
    let entry = match table.get(text) {
        Some(entry) => *entry,
        None => {
            if table.len() >= limit {
                return Err(AtomError::TableFull);
            }
            let text: &'static str = Box::leak(Box::from(text));
            let entry: &'static Entry = Box::leak(Box::new(Entry::fixed(text)));
            table.insert(entry.text, entry);
            entry
        }
    };
    drop(table);
    CACHE.with(|c| c.borrow_mut().insert(entry.text, entry));
    Ok(Atom(entry))
}

impl Atom {
    /// `nil`.
    pub const NIL: Atom = Atom(&NIL);
    /// `true`.
    pub const TRUE: Atom = Atom(&TRUE);
    /// `false`.
    pub const FALSE: Atom = Atom(&FALSE);
    /// `:ok`.
    pub const OK: Atom = Atom(&OK);
    /// `:"$gen_call"`, a GenServer call's tag.
    pub const GEN_CALL: Atom = Atom(&GEN_CALL);
    /// `:"$gen_cast"`, a GenServer cast's tag.
    pub const GEN_CAST: Atom = Atom(&GEN_CAST);
    /// `:system`, a system message's tag.
    pub const SYSTEM: Atom = Atom(&SYSTEM);
    /// `:EXIT`, a trapped exit's tag.
    pub const EXIT: Atom = Atom(&EXIT);
    /// `:DOWN`, a monitor's message tag.
    pub const DOWN: Atom = Atom(&DOWN);
    /// `:nodeup`.
    pub const NODEUP: Atom = Atom(&NODEUP);
    /// `:nodedown`.
    pub const NODEDOWN: Atom = Atom(&NODEDOWN);
    /// `:discover`, pg's hello between scopes.
    pub const DISCOVER: Atom = Atom(&DISCOVER);
    /// `:sync`, pg's membership exchange.
    pub const SYNC: Atom = Atom(&SYNC);
    /// `:join`.
    pub const JOIN: Atom = Atom(&JOIN);
    /// `:leave`.
    pub const LEAVE: Atom = Atom(&LEAVE);
    /// `:process`, a process monitor's kind.
    pub const PROCESS: Atom = Atom(&PROCESS);

    /// The atom with this text, exactly as the BEAM stores it
    /// (`Atom::new("Elixir.Fleet")` is the alias `Fleet`). For text the
    /// program itself chose; user text goes through [`Atom::try_new`].
    pub fn new(text: &str) -> Atom {
        // Past the user limit, program atoms still get made: the table only
        // refuses users, so built-in code can never fail here.
        match intern(text, usize::MAX) {
            Ok(atom) => atom,
            Err(_) => Atom::new("system_limit"),
        }
    }

    /// The atom with this text, within the BEAM's limits on length and count.
    pub fn try_new(text: &str) -> Result<Atom, AtomError> {
        if text.chars().count() > MAX_ATOM_CHARS {
            return Err(AtomError::TooLong);
        }
        intern(text, MAX_ATOMS)
    }

    /// The atom with this text if it already exists (`String.to_existing_atom/1`).
    pub fn existing(text: &str) -> Option<Atom> {
        if let Some(entry) = CACHE.with(|c| c.borrow().get(text).copied()) {
            return Some(Atom(entry));
        }
        let table = global().lock().unwrap_or_else(|p| p.into_inner());
        table.get(text).map(|e| Atom(e))
    }

    /// The atom's text as the BEAM stores it.
    pub fn as_str(&self) -> &'static str {
        self.0.text
    }

    /// `hashpjw` of the text, made once when the atom was (`phash2`'s
    /// ingredient for an atom).
    pub(crate) fn pjw_hash(&self) -> u32 {
        self.0.pjw
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Atom) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Atom {}

impl Hash for Atom {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash);
    }
}

impl PartialOrd for Atom {
    fn partial_cmp(&self, other: &Atom) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Byte-wise on the text, which is the BEAM's atom order.
impl Ord for Atom {
    fn cmp(&self, other: &Atom) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Debug for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Atom({:?})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_atom() {
        let a = Atom::new("hello_atom");
        let b = Atom::new(&String::from("hello_atom"));
        assert!(std::ptr::eq(a.0, b.0));
        assert_eq!(a, b);
        assert_ne!(a, Atom::new("other_atom"));
    }

    #[test]
    fn fixed_atoms_are_the_interned_ones() {
        for (fixed, text) in [
            (Atom::NIL, "nil"),
            (Atom::TRUE, "true"),
            (Atom::FALSE, "false"),
            (Atom::OK, "ok"),
        ] {
            assert_eq!(Atom::new(text), fixed);
            assert_eq!(Atom::existing(text), Some(fixed));
            assert_eq!(fixed.as_str(), text);
            let mut a = Fnv::default();
            let mut b = Fnv::default();
            fixed.hash(&mut a);
            Atom::new(text).hash(&mut b);
            assert_eq!(a.finish(), b.finish());
        }
    }

    #[test]
    fn order_is_by_text() {
        let z = Atom::new("zzz_first_made");
        let a = Atom::new("aaa_made_later");
        assert!(a < z);
    }

    #[test]
    fn user_atoms_have_limits() {
        assert_eq!(Atom::try_new(&"x".repeat(256)), Err(AtomError::TooLong));
        assert!(Atom::try_new(&"é".repeat(255)).is_ok());
        assert!(Atom::existing("never_made_by_anyone_42").is_none());
        assert!(Atom::existing("hello_atom").is_some() || Atom::try_new("hello_atom").is_ok());
    }

    #[test]
    fn atoms_made_on_other_threads_are_equal() {
        let here = Atom::new("shared_across_threads");
        let there =
            std::thread::spawn(|| Atom::new("shared_across_threads").as_str().as_ptr() as usize)
                .join()
                .unwrap_or(0);
        assert_eq!(here.as_str().as_ptr() as usize, there);
    }
}
