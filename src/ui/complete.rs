//! Tab completion for the console: the word before the caret against every
//! built-in's `Module.function` (or bare `function` for local calls).
//!
//! Pure string work with byte offsets, so it can be tested without a DOM.

use crate::console::builtins::catalog;

/// A name the console can complete to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// `Fleet.start_users`, `:erlang.phash2`, or `self` for local calls.
    pub text: String,
    /// True when every arity is 0, so completion can close the parentheses.
    pub nullary: bool,
}

/// Every completable name, sorted and without duplicates (arities merged).
pub fn names() -> Vec<Name> {
    let mut out: Vec<Name> = Vec::new();
    let mut entries: Vec<(String, usize)> = catalog()
        .into_iter()
        .map(|(module, function, arity)| {
            let text = if module.is_empty() {
                function
            } else {
                format!("{module}.{function}")
            };
            (text, arity)
        })
        .collect();
    entries.sort();
    for (text, arity) in entries {
        match out.last_mut() {
            Some(last) if last.text == text => last.nullary &= arity == 0,
            _ => out.push(Name {
                text,
                nullary: arity == 0,
            }),
        }
    }
    out
}

/// The result of pressing Tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The whole new line.
    pub line: String,
    /// Where the caret goes, as a byte offset into `line`.
    pub caret: usize,
    /// Every name that matched, for the hint row (empty once unique).
    pub candidates: Vec<String>,
}

/// Whether `c` can be part of a completable word (`:erlang.phash2`, `alive?`).
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '?' | '!')
}

/// Completes the word ending at byte offset `caret` of `line`. `None` when
/// there is no word there or nothing matches it.
pub fn complete(line: &str, caret: usize, names: &[Name]) -> Option<Completion> {
    let caret = floor_char_boundary(line, caret);
    let before = &line[..caret];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| word_char(c))
        .last()
        .map_or(caret, |(i, _)| i);
    let word = &line[start..caret];
    if word.is_empty() {
        return None;
    }
    let matches: Vec<&Name> = names.iter().filter(|n| n.text.starts_with(word)).collect();
    let (insert, candidates) = match matches.as_slice() {
        [] => return None,
        [only] => {
            let opens = line[caret..].starts_with('(');
            let suffix = match (opens, only.nullary) {
                (true, _) => "",
                (false, true) => "()",
                (false, false) => "(",
            };
            (format!("{}{suffix}", only.text), Vec::new())
        }
        [first, rest @ ..] => {
            let mut common = first.text.as_str();
            for name in rest {
                let len = common_prefix_len(common, &name.text);
                common = &common[..len];
            }
            let shown = matches.iter().map(|n| n.text.clone()).collect();
            (common.to_string(), shown)
        }
    };
    let mut out = String::with_capacity(line.len() + insert.len());
    out.push_str(&line[..start]);
    out.push_str(&insert);
    let new_caret = out.len();
    out.push_str(&line[caret..]);
    Some(Completion {
        line: out,
        caret: new_caret,
        candidates,
    })
}

/// Length in bytes of the longest common prefix, on a char boundary.
fn common_prefix_len(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|&((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Converts a caret position in UTF-16 code units (what the DOM reports) to a
/// byte offset into `s`.
pub fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

/// Converts a byte offset into `s` to UTF-16 code units (for the DOM).
pub fn byte_to_utf16(s: &str, byte: usize) -> usize {
    s[..floor_char_boundary(s, byte)].encode_utf16().count()
}
