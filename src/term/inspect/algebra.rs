//! The part of Elixir 1.14's `Inspect.Algebra` that `inspect` needs.
//!
//! A document is text plus places where a line may break. `format` lays it
//! out within a width: a group stays on one line when its content fits,
//! otherwise its strict breaks become newlines; a flex break becomes a
//! newline only when the text up to the next break would overflow.
//! `Kernel.inspect/2` formats with an infinite width unless `pretty: true`,
//! so plain `inspect` never breaks lines and only `inspect_width` does.
//!
//! The layout rules (including their quirks, such as a group measuring only
//! its own content, and widths counting bytes) are kept as Elixir has them,
//! because output must match IEx character for character.

use std::borrow::Cow;

/// A document to lay out.
pub(super) enum Doc {
    /// Nothing.
    Nil,
    /// Text that is printed as is.
    Text(Cow<'static, str>),
    /// One document after the other.
    Cons(Box<Doc>, Box<Doc>),
    /// A place to break: printed as its text, or as a newline plus indent.
    Break(&'static str, BreakKind),
    /// A document whose new lines are indented further.
    Nest(Box<Doc>, usize),
    /// A unit that is laid out flat when it fits.
    Group(Box<Doc>),
}

/// Dropped a node at a time: a list of a million elements is a chain of a
/// million `Cons`, which the default drop would follow on the stack.
impl Drop for Doc {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        take_children(self, &mut stack);
        while let Some(mut doc) = stack.pop() {
            take_children(&mut doc, &mut stack);
        }
    }
}

/// Moves `doc`'s children onto `stack`, leaving it a leaf.
fn take_children(doc: &mut Doc, stack: &mut Vec<Doc>) {
    match doc {
        Doc::Cons(left, right) => {
            stack.push(std::mem::replace(&mut **left, Doc::Nil));
            stack.push(std::mem::replace(&mut **right, Doc::Nil));
        }
        Doc::Nest(inner, _) | Doc::Group(inner) => {
            stack.push(std::mem::replace(&mut **inner, Doc::Nil));
        }
        Doc::Nil | Doc::Text(_) | Doc::Break(..) => {}
    }
}

/// How a break decides to become a newline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BreakKind {
    /// Breaks whenever its enclosing group does not fit.
    Strict,
    /// Breaks only when the text up to the next break does not fit.
    Flex,
}

/// How a container breaks between its elements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Breaking {
    /// Flex when every element is plain text, strict otherwise (lists).
    Maybe,
    /// Always strict (keyword lists, maps, structs).
    Strict,
    /// Always flex (tuples).
    Flex,
}

impl Doc {
    /// Text that is printed as is.
    pub(super) fn text(text: impl Into<Cow<'static, str>>) -> Doc {
        Doc::Text(text.into())
    }

    /// This document followed by `next`.
    pub(super) fn then(self, next: Doc) -> Doc {
        Doc::Cons(Box::new(self), Box::new(next))
    }

    /// This document followed by text.
    pub(super) fn then_text(self, text: impl Into<Cow<'static, str>>) -> Doc {
        self.then(Doc::text(text))
    }

    /// This document and `next` around a break (`glue` or `flex_glue`).
    fn glue(self, text: &'static str, kind: BreakKind, next: Doc) -> Doc {
        self.then(Doc::Break(text, kind).then(next))
    }

    fn nest(self, indent: usize) -> Doc {
        Doc::Nest(Box::new(self), indent)
    }

    /// This document as a group.
    pub(super) fn group(self) -> Doc {
        Doc::Group(Box::new(self))
    }

    /// Plain text only: lets a list of such elements use flex breaks.
    fn is_simple(&self) -> bool {
        match self {
            Doc::Nil | Doc::Text(_) => true,
            Doc::Cons(left, right) => left.is_simple() && right.is_simple(),
            Doc::Break(..) | Doc::Nest(..) | Doc::Group(_) => false,
        }
    }
}

/// Items separated by `,` and flex breaks, as in `<<1, 2, 3>>` (right fold
/// like `fold_doc`).
pub(super) fn flex_join(docs: Vec<Doc>) -> Doc {
    join(docs, BreakKind::Flex)
}

fn join(docs: Vec<Doc>, kind: BreakKind) -> Doc {
    let mut docs = docs.into_iter().rev();
    let last = docs.next().unwrap_or(Doc::Nil);
    docs.fold(last, |rest, doc| doc.then_text(",").glue(" ", kind, rest))
}

/// A bracketed, comma-separated collection (`container_doc`).
///
/// Each element is rendered by `each` with the limit it gets in Elixir: the
/// container's limit minus one per element so far; once the limit is used
/// up the rest is printed as `...`.
pub(super) fn container<T>(
    open: Doc,
    items: &[T],
    close: &'static str,
    limit: usize,
    breaking: Breaking,
    mut each: impl FnMut(&T, usize) -> Doc,
) -> Doc {
    if items.is_empty() {
        return open.then_text(close);
    }
    let mut docs = Vec::new();
    let mut simple = breaking == Breaking::Maybe;
    let mut limit = limit;
    for item in items {
        if limit == 0 {
            docs.push(Doc::text("..."));
            break;
        }
        limit -= 1;
        let doc = each(item, limit);
        simple = simple && doc.is_simple();
        docs.push(doc);
    }
    if simple || breaking == Breaking::Flex {
        open.then(join(docs, BreakKind::Flex).nest(1))
            .then_text(close)
            .group()
    } else {
        let body = open.glue("", BreakKind::Strict, join(docs, BreakKind::Strict));
        body.nest(2)
            .glue("", BreakKind::Strict, Doc::text(close))
            .group()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// A document waiting on the layout stack, with its indent and mode.
#[derive(Clone, Copy)]
struct Entry<'d> {
    indent: usize,
    mode: Mode,
    doc: &'d Doc,
}

/// Lays the document out within `width` columns (`None`: no limit).
pub(super) fn format(doc: &Doc, width: Option<usize>) -> String {
    let mut out = String::new();
    let mut column = 0;
    let mut stack = vec![Entry {
        indent: 0,
        mode: Mode::Flat,
        doc,
    }];
    while let Some(Entry { indent, mode, doc }) = stack.pop() {
        match doc {
            Doc::Nil => {}
            Doc::Text(text) => {
                out.push_str(text);
                column += text.len();
            }
            Doc::Cons(left, right) => {
                stack.push(Entry {
                    indent,
                    mode,
                    doc: right,
                });
                stack.push(Entry {
                    indent,
                    mode,
                    doc: left,
                });
            }
            Doc::Break(text, kind) => {
                let stays = match (kind, width) {
                    (BreakKind::Strict, _) => mode == Mode::Flat,
                    (BreakKind::Flex, None) => true,
                    (BreakKind::Flex, Some(width)) => {
                        mode == Mode::Flat || fits(width, column + text.len(), true, vec![], &stack)
                    }
                };
                if stays {
                    out.push_str(text);
                    column += text.len();
                } else {
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', indent));
                    column = indent;
                }
            }
            Doc::Nest(inner, more) => stack.push(Entry {
                indent: indent + more,
                mode,
                doc: inner,
            }),
            Doc::Group(inner) => {
                let flat = Entry {
                    indent,
                    mode: Mode::Flat,
                    doc: inner,
                };
                let fits_flat = match width {
                    None => true,
                    Some(width) => fits(width, column, false, vec![Fit::Doc(flat)], &[]),
                };
                let mode = if fits_flat { Mode::Flat } else { Mode::Break };
                stack.push(Entry { mode, ..flat });
            }
        }
    }
    out
}

/// Work for `fits`: a document, or the end of a group, which restores
/// whether a break had been seen before it.
enum Fit<'d> {
    Doc(Entry<'d>),
    GroupEnd(bool),
}

/// Whether the documents fit in the rest of the line (`fits?`): `local`
/// first, then the layout stack `rest` from its top. The width only counts
/// once a break has been seen; a break in break mode ends the line, so
/// everything fits.
fn fits<'d>(
    width: usize,
    mut column: usize,
    mut broke: bool,
    mut local: Vec<Fit<'d>>,
    rest: &[Entry<'d>],
) -> bool {
    let mut rest = rest.iter().rev();
    loop {
        if broke && column > width {
            return false;
        }
        let entry = match local.pop() {
            Some(Fit::GroupEnd(saved)) => {
                broke = saved;
                continue;
            }
            Some(Fit::Doc(entry)) => entry,
            None => match rest.next() {
                Some(entry) => *entry,
                None => return true,
            },
        };
        match entry.doc {
            Doc::Break(..) if entry.mode == Mode::Break => return true,
            Doc::Break(text, _) => {
                column += text.len();
                broke = true;
            }
            Doc::Nil => {}
            Doc::Text(text) => column += text.len(),
            Doc::Cons(left, right) => {
                local.push(Fit::Doc(Entry {
                    doc: right,
                    ..entry
                }));
                local.push(Fit::Doc(Entry { doc: left, ..entry }));
            }
            Doc::Nest(inner, more) => local.push(Fit::Doc(Entry {
                indent: entry.indent + more,
                mode: entry.mode,
                doc: inner,
            })),
            Doc::Group(inner) => {
                local.push(Fit::GroupEnd(broke));
                local.push(Fit::Doc(Entry {
                    indent: entry.indent,
                    mode: Mode::Flat,
                    doc: inner,
                }));
            }
        }
    }
}
