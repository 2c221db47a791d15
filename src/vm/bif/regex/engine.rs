//! Compiled patterns, cached per thread, and matching as `:re.run/3`
//! does it: one match or all of them (`:global`), each as the byte spans
//! of its groups.

use super::pcre::{translate, Dollar, Options, PcreError};
use ::regex::bytes::{CaptureLocations, Regex, RegexBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The most compiled patterns kept per thread; the cache empties when full.
const CACHE_SIZE: usize = 256;

/// The most bytes a compiled pattern may take (`regex`'s size limit).
const SIZE_LIMIT: usize = 4 << 20;

/// A pattern ready to run.
pub(crate) struct Compiled {
    /// `$` without `m` as `\z`.
    end: Regex,
    /// `$` without `m` as `(?m:$)`, when the pattern has such a `$`.
    line: Option<Regex>,
    /// Capturing groups (not counting the whole match).
    pub(crate) groups: usize,
    /// Named groups and their numbers, sorted by name.
    pub(crate) names: Vec<(Vec<u8>, usize)>,
    /// `u`: subjects must be valid UTF-8, and an empty match moves on by a
    /// character rather than a byte.
    pub(crate) unicode: bool,
    /// `f`: a match must start on the first line.
    firstline: bool,
}

/// The span of one group in one match; `None` when the group did not
/// take part.
pub(crate) type Span = Option<(usize, usize)>;

type Key = (Vec<u8>, Options);

thread_local! {
    static CACHE: RefCell<HashMap<Key, Rc<Result<Compiled, PcreError>>>> =
        RefCell::new(HashMap::new());
}

fn build(pattern: &str, source_len: usize) -> Result<Regex, PcreError> {
    RegexBuilder::new(pattern)
        .unicode(true)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .nest_limit(1000)
        .build()
        .map_err(|e| PcreError {
            message: match e {
                ::regex::Error::CompiledTooBig(_) => "regular expression is too large".into(),
                other => format!("cannot translate the pattern ({other})"),
            },
            offset: source_len,
        })
}

fn compile_fresh(source: &[u8], opts: Options) -> Result<Compiled, PcreError> {
    let t = translate(source, opts, Dollar::End)?;
    let end = build(&t.pattern, source.len())?;
    let line = if t.loose_dollar {
        let l = translate(source, opts, Dollar::Line)?;
        Some(build(&l.pattern, source.len())?)
    } else {
        None
    };
    Ok(Compiled {
        end,
        line,
        groups: t.groups,
        names: t.names,
        unicode: opts.unicode,
        firstline: opts.firstline,
    })
}

/// The compiled form of `source` with `opts`, from the cache if it is there.
pub(crate) fn compile(source: &[u8], opts: Options) -> Rc<Result<Compiled, PcreError>> {
    let key = (source.to_vec(), opts);
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let compiled = Rc::new(compile_fresh(source, opts));
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= CACHE_SIZE {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    });
    compiled
}

impl Compiled {
    /// The regex for this subject (see [`Dollar`]).
    fn regex_for(&self, hay: &[u8]) -> &Regex {
        match &self.line {
            Some(line)
                if hay.ends_with(b"\n")
                    && !hay
                        .get(..hay.len() - 1)
                        .unwrap_or_default()
                        .contains(&b'\n') =>
            {
                line
            }
            _ => &self.end,
        }
    }

    /// Matches from `start`: the spans of every group (index 0 is the
    /// whole match), or `None`. Stops after the first match when `global`
    /// is false; `limit` bounds how many matches are collected.
    pub(crate) fn run(
        &self,
        hay: &[u8],
        start: usize,
        global: bool,
        limit: usize,
    ) -> Vec<Vec<Span>> {
        let re = self.regex_for(hay);
        let mut locs: CaptureLocations = re.capture_locations();
        let mut out = Vec::new();
        let mut pos = start;
        let first_line_end = if self.firstline {
            hay.get(start..)
                .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
                .map_or(hay.len(), |k| start + k)
        } else {
            usize::MAX
        };
        while pos <= hay.len() && out.len() < limit {
            let Some(m) = re.captures_read_at(&mut locs, hay, pos) else {
                break;
            };
            if m.start() > first_line_end {
                break;
            }
            let spans: Vec<Span> = (0..=self.groups).map(|g| locs.get(g)).collect();
            out.push(spans);
            if !global {
                break;
            }
            pos = if m.end() == m.start() {
                self.next_char(hay, m.end())
            } else {
                m.end()
            };
        }
        out
    }

    /// Whether the pattern matches anywhere from `start`.
    pub(crate) fn is_match(&self, hay: &[u8]) -> bool {
        if self.firstline {
            return !self.run(hay, 0, false, 1).is_empty();
        }
        self.regex_for(hay).is_match(hay)
    }

    /// The position one character after `at`.
    fn next_char(&self, hay: &[u8], at: usize) -> usize {
        if !self.unicode {
            return at + 1;
        }
        let mut next = at + 1;
        while hay.get(next).is_some_and(|b| b & 0xC0 == 0x80) {
            next += 1;
        }
        next
    }
}
