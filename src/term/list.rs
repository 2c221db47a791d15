//! Lists as the BEAM builds them: cons cells, so `[h | t]` is one
//! allocation that shares `t`, and matching `[h | t]` copies nothing.
//!
//! A tail may be any term, so improper lists such as `[1 | 2]` exist.
//! Dropping a long list walks its tail in a loop: a million-element list
//! must not recurse a million deep when it goes away.

use super::Term;
use std::rc::Rc;

/// A list: empty, or a cons cell.
#[derive(Clone, Default)]
pub struct List(pub(crate) Option<Rc<Cons>>);

/// One cell of a list.
pub struct Cons {
    pub(crate) head: Term,
    pub(crate) tail: Term,
    /// Nesting depth of the list from this cell on (see [`Term::depth`]).
    pub(crate) depth: u32,
}

impl List {
    /// `[]`.
    pub const EMPTY: List = List(None);

    /// True for `[]`.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The head and tail of a cons cell; `None` for `[]`.
    pub fn split(&self) -> Option<(&Term, &Term)> {
        self.0.as_deref().map(|c| (&c.head, &c.tail))
    }

    pub(crate) fn depth(&self) -> u32 {
        self.0.as_ref().map_or(0, |c| c.depth)
    }
}

/// `[head | tail]`: the depth of the new cell follows from its parts.
pub(crate) fn cons(head: Term, tail: Term) -> Term {
    let tail_depth = match &tail {
        Term::List(l) => l.depth(),
        other => other.depth().saturating_add(1),
    };
    let depth = head.depth().saturating_add(1).max(tail_depth).max(1);
    Term::List(List(Some(Rc::new(Cons { head, tail, depth }))))
}

impl Drop for Cons {
    fn drop(&mut self) {
        let mut next = std::mem::replace(&mut self.tail, Term::List(List::EMPTY));
        while let Term::List(List(Some(cell))) = next {
            match Rc::try_unwrap(cell) {
                Ok(mut cell) => {
                    next = std::mem::replace(&mut cell.tail, Term::List(List::EMPTY));
                }
                Err(_) => break,
            }
        }
    }
}

/// The elements of a list, front to back. After the last element,
/// [`ListIter::tail`] is what ended the list: `[]` for a proper list.
pub struct ListIter<'a> {
    rest: &'a Term,
}

impl<'a> ListIter<'a> {
    pub(crate) fn new(list: &'a Term) -> ListIter<'a> {
        ListIter { rest: list }
    }

    /// What remains: the tail not yet walked (after the end, `[]` or the
    /// improper tail).
    pub fn tail(&self) -> &'a Term {
        self.rest
    }
}

impl<'a> Iterator for ListIter<'a> {
    type Item = &'a Term;

    fn next(&mut self) -> Option<&'a Term> {
        match self.rest {
            Term::List(List(Some(cell))) => {
                self.rest = &cell.tail;
                Some(&cell.head)
            }
            _ => None,
        }
    }
}

impl Term {
    /// `[]`.
    pub const EMPTY_LIST: Term = Term::List(List::EMPTY);

    /// A proper list of the given elements.
    pub fn list(elements: Vec<Term>) -> Term {
        Term::improper_list(elements, Term::EMPTY_LIST)
    }

    /// `[e1, e2, ... | tail]`.
    pub fn improper_list(elements: Vec<Term>, tail: Term) -> Term {
        elements
            .into_iter()
            .rev()
            .fold(tail, |acc, head| cons(head, acc))
    }

    /// `[head | tail]`.
    pub fn cons(head: Term, tail: Term) -> Term {
        cons(head, tail)
    }

    /// A proper list from an iterator of elements.
    pub fn list_from_iter(elements: impl IntoIterator<Item = Term>) -> Term {
        Term::list(elements.into_iter().collect())
    }

    /// True for `[]`.
    pub fn is_empty_list(&self) -> bool {
        matches!(self, Term::List(List(None)))
    }

    /// True for any list, empty, proper or improper (`is_list/1`).
    pub fn is_list(&self) -> bool {
        matches!(self, Term::List(_))
    }

    /// The head and tail of a non-empty list.
    pub fn head_tail(&self) -> Option<(&Term, &Term)> {
        match self {
            Term::List(l) => l.split(),
            _ => None,
        }
    }

    /// The elements of a list (for an improper list, up to its tail; see
    /// [`ListIter::tail`]). Empty for anything that is not a list.
    pub fn list_iter(&self) -> ListIter<'_> {
        ListIter::new(self)
    }

    /// The elements of a proper list; `None` for anything else.
    pub fn list_to_vec(&self) -> Option<Vec<Term>> {
        if !self.is_list() {
            return None;
        }
        let mut iter = self.list_iter();
        let items: Vec<Term> = iter.by_ref().cloned().collect();
        iter.tail().is_empty_list().then_some(items)
    }

    /// The length of a proper list (`length/1`); `None` for anything else.
    pub fn list_len(&self) -> Option<usize> {
        if !self.is_list() {
            return None;
        }
        let mut iter = self.list_iter();
        let n = iter.by_ref().count();
        iter.tail().is_empty_list().then_some(n)
    }

    /// True for a proper list.
    pub fn is_proper_list(&self) -> bool {
        self.list_len().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_walk() {
        let l = Term::list(vec![Term::Int(1), Term::Int(2), Term::Int(3)]);
        assert_eq!(l.list_len(), Some(3));
        let (h, t) = l.head_tail().unwrap();
        assert_eq!(*h, Term::Int(1));
        assert_eq!(t.list_to_vec(), Some(vec![Term::Int(2), Term::Int(3)]));
    }

    #[test]
    fn improper_lists() {
        let l = Term::improper_list(vec![Term::Int(1)], Term::Int(2));
        assert_eq!(l.list_len(), None);
        let mut it = l.list_iter();
        assert_eq!(it.next(), Some(&Term::Int(1)));
        assert_eq!(it.next(), None);
        assert_eq!(*it.tail(), Term::Int(2));
    }

    #[test]
    fn a_long_list_drops_without_recursion() {
        let mut l = Term::EMPTY_LIST;
        for i in 0..2_000_000 {
            l = Term::cons(Term::Int(i), l);
        }
        assert_eq!(l.depth(), 1);
        drop(l);
    }

    #[test]
    fn shared_tails_survive_the_drop_of_one_list() {
        let tail = Term::list(vec![Term::Int(2), Term::Int(3)]);
        let a = Term::cons(Term::Int(1), tail.clone());
        drop(a);
        assert_eq!(tail.list_len(), Some(2));
    }
}
