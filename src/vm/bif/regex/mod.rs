//! `Regex`, `Kernel.=~/2`, `String.match?/2`, and `String.split/3` and
//! `String.replace/4` with a regex, on the `regex` crate.
//!
//! A regex is the struct the compiler builds for `~r/.../opts`:
//! `%Regex{source: "...", opts: "i", re_pattern: nil, re_version: nil}`.
//! It is compiled on first use and kept in a per-thread cache keyed by
//! source and options (`engine`), after translation from PCRE's syntax
//! (`pcre`, which lists what is not supported). A source that does not
//! compile raises `Regex.CompileError` with PCRE's message at its first
//! use (Elixir raises it when compiling `~r`).
//!
//! | file | what |
//! |------|------|
//! | `pcre` | PCRE syntax and errors to the `regex` crate's syntax |
//! | `engine` | compiled patterns, the cache, `:re.run`'s matching |
//!
//! Not here: `Regex.replace/3,4` with a function replacement (natives do
//! not call functions: that case is Elixir code's to write on top of
//! `Regex.scan(regex, string, return: :index)`). After an empty match
//! the next search starts one character on, where PCRE first tries a
//! non-empty match at the same place (this differs only for patterns
//! such as `a*?` that prefer an empty match).

mod engine;
mod pcre;

use self::engine::{compile, Compiled, Span};
use self::pcre::Options;
use super::support::{args, check_items, no_clause, option, pair};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};
use std::rc::Rc;

const M: &str = "Elixir.Regex";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "compile", 1, compile1),
    Bif::pure(M, "compile", 2, compile2),
    Bif::pure(M, "compile!", 1, compile_bang1),
    Bif::pure(M, "compile!", 2, compile_bang2),
    Bif::pure(M, "recompile", 1, recompile),
    Bif::pure(M, "recompile!", 1, recompile_bang),
    Bif::pure(M, "version", 0, version),
    Bif::pure(M, "run", 2, run2),
    Bif::pure(M, "run", 3, run3),
    Bif::pure(M, "scan", 2, scan2),
    Bif::pure(M, "scan", 3, scan3),
    Bif::pure(M, "match?", 2, match2),
    Bif::pure(M, "replace", 3, replace3),
    Bif::pure(M, "replace", 4, replace4),
    Bif::pure(M, "split", 2, split2),
    Bif::pure(M, "split", 3, split3),
    Bif::pure(M, "named_captures", 2, named_captures2),
    Bif::pure(M, "named_captures", 3, named_captures3),
    Bif::pure(M, "names", 1, names),
    Bif::pure(M, "source", 1, source),
    Bif::pure(M, "opts", 1, opts),
    Bif::pure(M, "re_pattern", 1, re_pattern),
    Bif::pure(M, "escape", 1, escape),
    Bif::pure(M, "regex?", 1, is_regex1),
    Bif::pure("Elixir.Kernel", "=~", 2, match_op),
    Bif::pure("Elixir.String", "match?", 2, string_match),
];

/// True for a `%Regex{}` (any map whose `__struct__` is `Regex`).
pub(super) fn is_regex(term: &Term) -> bool {
    term.as_map()
        .and_then(|m| m.get(&Term::atom("__struct__")))
        .is_some_and(|s| s.is_atom(M))
}

fn field<'a>(regex: &'a Term, key: &str) -> Option<&'a Term> {
    regex.as_map().and_then(|m| m.get(&Term::atom(key)))
}

/// The options of `Regex.compile/2` given as letters: the options, or the
/// rest of the text from the first letter that is not one.
fn letters(text: &[u8]) -> Result<Options, &[u8]> {
    let mut o = Options::default();
    for (k, c) in text.iter().enumerate() {
        match c {
            b'u' => o.unicode = true,
            b'i' => o.caseless = true,
            b'x' => o.extended = true,
            b'f' => o.firstline = true,
            b'U' | b'r' => o.ungreedy = true,
            b's' => o.dotall = true,
            b'm' => o.multiline = true,
            _ => return Err(text.get(k..).unwrap_or_default()),
        }
    }
    Ok(o)
}

/// The options of `:re.compile/2` given as a list (`None` for one this
/// does not know).
fn atoms(list: &Term) -> Option<Options> {
    let mut o = Options::default();
    for item in list.list_iter() {
        match item.as_atom() {
            Some("unicode" | "ucp") => o.unicode = true,
            Some("caseless") => o.caseless = true,
            Some("extended") => o.extended = true,
            Some("firstline") => o.firstline = true,
            Some("ungreedy") => o.ungreedy = true,
            Some("dotall") => o.dotall = true,
            Some("multiline") => o.multiline = true,
            _ => match item.as_tuple() {
                Some([k, _]) if k.is_atom("newline") => {}
                _ => return None,
            },
        }
    }
    list.is_proper_list().then_some(o)
}

fn compile_error(e: &pcre::PcreError) -> Exception {
    Exception::elixir(
        "Regex.CompileError",
        vec![(
            "message",
            Term::string(&format!("{} at position {}", e.message, e.offset)),
        )],
    )
}

/// The compiled pattern of a regex struct (or `Regex.CompileError`).
fn compiled(regex: &Term) -> Res<Rc<Result<Compiled, pcre::PcreError>>> {
    let (Some(src), Some(opts)) = (
        field(regex, "source").and_then(Term::as_binary),
        field(regex, "opts"),
    ) else {
        return Err(Exception::badarg());
    };
    let options = match opts {
        Term::Binary(b) => letters(b).map_err(|_| Exception::badarg())?,
        _ => atoms(opts).ok_or_else(Exception::badarg)?,
    };
    let c = compile(src, options);
    if let Err(e) = &*c {
        return Err(compile_error(e));
    }
    Ok(c)
}

/// Runs `f` on the compiled form of `regex`.
fn with<T>(regex: &Term, f: impl FnOnce(&Compiled) -> Res<T>) -> Res<T> {
    let c = compiled(regex)?;
    match &*c {
        Ok(c) => f(c),
        Err(e) => Err(compile_error(e)),
    }
}

fn regex_struct(source: &Term, opts: Term) -> Term {
    Term::map([
        (Term::atom("__struct__"), Term::atom(M)),
        (Term::atom("source"), source.clone()),
        (Term::atom("opts"), opts),
        (Term::atom("re_pattern"), Term::nil()),
        (Term::atom("re_version"), Term::nil()),
    ])
}

/// `{:ok, regex}`, or `Err(reason)` with `:re`'s error reason.
fn compile_term(source: &Term, opts: &Term, args: &[Term]) -> Res<Result<Term, Term>> {
    let Some(src) = source.as_binary() else {
        return Err(no_clause(M, "compile", args));
    };
    let options = match opts {
        Term::Binary(b) => match letters(b) {
            Ok(o) => o,
            Err(rest) => {
                return Ok(Err(pair(Term::atom("invalid_option"), Term::bytes(rest))));
            }
        },
        _ if opts.is_list() => match atoms(opts) {
            Some(o) => o,
            None => return Err(Exception::badarg_at(2, "invalid options")),
        },
        _ => {
            return Err(no_clause(
                M,
                "compile",
                &[source.clone(), opts.clone(), version(&[])?],
            ))
        }
    };
    match &*compile(src, options) {
        Ok(_) => {
            let doc = if opts.is_empty_list() {
                Term::string("")
            } else {
                opts.clone()
            };
            Ok(Ok(regex_struct(source, doc)))
        }
        Err(e) => Ok(Err(pair(
            super::erlang_convert::charlist(&e.message),
            Term::Int(e.offset as i64),
        ))),
    }
}

fn compile1(args: &[Term]) -> Res {
    args!(args, source);
    compile2(&[source.clone(), Term::string("")])
}

fn compile2(args: &[Term]) -> Res {
    args!(args, source, opts);
    Ok(match compile_term(source, opts, args)? {
        Ok(regex) => pair(Term::ok(), regex),
        Err(reason) => pair(Term::atom("error"), reason),
    })
}

fn compile_bang1(args: &[Term]) -> Res {
    args!(args, source);
    compile_bang2(&[source.clone(), Term::string("")])
}

fn compile_bang2(args: &[Term]) -> Res {
    args!(args, source, opts);
    if source.as_binary().is_none() {
        return Err(no_clause(M, "compile!", args));
    }
    match compile_term(source, opts, args)? {
        Ok(regex) => Ok(regex),
        Err(reason) => {
            let (what, at) = match reason.as_tuple() {
                Some([what, at]) => (what.clone(), at.clone()),
                _ => (reason.clone(), Term::nil()),
            };
            let text = |t: &Term| -> Res<String> {
                let s = super::kernel_pure::to_string(std::slice::from_ref(t))?;
                Ok(String::from_utf8_lossy(s.as_binary().unwrap_or_default()).into_owned())
            };
            Err(Exception::elixir(
                "Regex.CompileError",
                vec![(
                    "message",
                    Term::string(&format!("{} at position {}", text(&what)?, text(&at)?)),
                )],
            ))
        }
    }
}

fn recompile(args: &[Term]) -> Res {
    args!(args, regex);
    if !is_regex(regex) {
        return Err(no_clause(M, "recompile", args));
    }
    Ok(pair(Term::ok(), regex.clone()))
}

fn recompile_bang(args: &[Term]) -> Res {
    args!(args, regex);
    with(regex, |_| Ok(regex.clone()))
}

fn version(_: &[Term]) -> Res {
    Ok(pair(Term::string("8.44 2020-02-12"), Term::atom("little")))
}

/// What to return for each match (`:capture`).
enum Capture {
    All,
    First,
    AllButFirst,
    Nothing,
    /// Given groups (`None` for a name the pattern does not have).
    Groups(Vec<Option<usize>>),
}

fn name_index(c: &Compiled, name: &[u8]) -> Option<usize> {
    c.names.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
}

fn capture_spec(c: &Compiled, spec: Option<&Term>) -> Res<Capture> {
    let Some(spec) = spec else {
        return Ok(Capture::All);
    };
    Ok(match spec.as_atom() {
        Some("all") => Capture::All,
        Some("first") => Capture::First,
        Some("all_but_first") => Capture::AllButFirst,
        Some("none") => Capture::Nothing,
        Some("all_names") => Capture::Groups(c.names.iter().map(|(_, i)| Some(*i)).collect()),
        _ if spec.is_proper_list() => {
            let mut groups = Vec::new();
            for item in spec.list_iter() {
                groups.push(match item {
                    Term::Int(i) if *i >= 0 && (*i as usize) <= c.groups => Some(*i as usize),
                    Term::Int(_) => None,
                    Term::Binary(b) => name_index(c, b),
                    Term::Atom(a) => name_index(c, a.as_str().as_bytes()),
                    _ => return Err(Exception::badarg()),
                });
            }
            Capture::Groups(groups)
        }
        _ => return Err(Exception::badarg()),
    })
}

/// How to return a group (`:return`).
#[derive(Clone, Copy)]
enum Return {
    Binary,
    Index,
    List,
}

fn return_spec(opts: &Term) -> Res<Return> {
    match option(opts, "return").map(Term::as_atom) {
        None | Some(Some("binary")) => Ok(Return::Binary),
        Some(Some("index")) => Ok(Return::Index),
        Some(Some("list")) => Ok(Return::List),
        _ => Err(Exception::badarg()),
    }
}

fn offset_of(opts: &Term, hay: &[u8]) -> Res<usize> {
    match option(opts, "offset") {
        None => Ok(0),
        Some(Term::Int(n)) if *n >= 0 => {
            let n = *n as usize;
            if n > hay.len() {
                return Err(Exception::error(Term::atom("internal_error")));
            }
            Ok(n)
        }
        Some(_) => Err(Exception::badarg_at(3, "invalid options")),
    }
}

/// One group's value as `:return` asks.
fn value(hay: &Term, bytes: &[u8], span: Span, ret: Return, unicode: bool) -> Term {
    match (ret, span) {
        (Return::Index, Some((s, e))) => pair(Term::Int(s as i64), Term::Int((e - s) as i64)),
        (Return::Index, None) => pair(Term::Int(-1), Term::Int(0)),
        (Return::Binary, Some((s, e))) => sub_binary(hay, bytes, s, e),
        (Return::Binary, None) => Term::string(""),
        (Return::List, span) => {
            let part = span.and_then(|(s, e)| bytes.get(s..e)).unwrap_or_default();
            if unicode {
                let text = String::from_utf8_lossy(part);
                Term::list(
                    text.chars()
                        .map(|c| Term::Int(i64::from(u32::from(c))))
                        .collect(),
                )
            } else {
                Term::list(part.iter().map(|b| Term::Int(i64::from(*b))).collect())
            }
        }
    }
}

/// `binary_part(hay, s, e - s)`, sharing the bytes.
fn sub_binary(hay: &Term, bytes: &[u8], s: usize, e: usize) -> Term {
    match hay {
        Term::Binary(b) => b
            .slice(s, e.saturating_sub(s))
            .map(Term::Binary)
            .unwrap_or_else(|| Term::string("")),
        _ => Term::bytes(bytes.get(s..e).unwrap_or_default()),
    }
}

/// The values of one match, as `:re.run` returns them (`None` for
/// `capture: :none`).
fn captured(
    hay: &Term,
    bytes: &[u8],
    spans: &[Span],
    spec: &Capture,
    ret: Return,
    unicode: bool,
) -> Option<Term> {
    // PCRE reports the groups up to the last one that took part.
    let last_set = spans.iter().rposition(Option::is_some).unwrap_or(0);
    let pick = |range: std::ops::RangeInclusive<usize>| {
        Term::list(
            range
                .filter_map(|g| spans.get(g))
                .map(|s| value(hay, bytes, *s, ret, unicode))
                .collect(),
        )
    };
    Some(match spec {
        Capture::All => pick(0..=last_set),
        Capture::First => pick(0..=0),
        Capture::AllButFirst if last_set == 0 => Term::EMPTY_LIST,
        Capture::AllButFirst => pick(1..=last_set),
        Capture::Nothing => return None,
        Capture::Groups(groups) => Term::list(
            groups
                .iter()
                .map(|g| {
                    let span = g.and_then(|g| spans.get(g).copied()).flatten();
                    value(hay, bytes, span, ret, unicode)
                })
                .collect(),
        ),
    })
}

/// The subject's bytes, checked as UTF-8 for a `u` pattern (`:re.run`
/// raises `badarg` otherwise).
fn subject<'a>(c: &Compiled, s: &'a Term) -> Res<&'a [u8]> {
    let bytes = s.as_binary().unwrap_or_default();
    if c.unicode && std::str::from_utf8(bytes).is_err() {
        return Err(Exception::badarg());
    }
    Ok(bytes)
}

fn run2(args: &[Term]) -> Res {
    args!(args, regex, s);
    run3(&[regex.clone(), s.clone(), Term::EMPTY_LIST])
}

fn run3(args: &[Term]) -> Res {
    args!(args, regex, s, opts);
    if !is_regex(regex) || s.as_binary().is_none() {
        return Err(no_clause(M, "run", args));
    }
    with(regex, |c| {
        let bytes = subject(c, s)?;
        let spec = capture_spec(c, option(opts, "capture"))?;
        let ret = return_spec(opts)?;
        let start = offset_of(opts, bytes)?;
        let found = c.run(bytes, start, false, 1);
        Ok(match found.first() {
            None => Term::nil(),
            Some(spans) => {
                captured(s, bytes, spans, &spec, ret, c.unicode).unwrap_or(Term::EMPTY_LIST)
            }
        })
    })
}

fn scan2(args: &[Term]) -> Res {
    args!(args, regex, s);
    scan3(&[regex.clone(), s.clone(), Term::EMPTY_LIST])
}

fn scan3(args: &[Term]) -> Res {
    args!(args, regex, s, opts);
    if !is_regex(regex) || s.as_binary().is_none() {
        return Err(no_clause(M, "scan", args));
    }
    with(regex, |c| {
        let bytes = subject(c, s)?;
        let spec = capture_spec(c, option(opts, "capture"))?;
        let ret = return_spec(opts)?;
        let start = offset_of(opts, bytes)?;
        let found = c.run(bytes, start, true, usize::MAX);
        check_items(found.len() as u128)?;
        if matches!(spec, Capture::Nothing) {
            return Ok(Term::EMPTY_LIST);
        }
        Ok(Term::list(
            found
                .iter()
                .filter_map(|spans| captured(s, bytes, spans, &spec, ret, c.unicode))
                .collect(),
        ))
    })
}

/// `Regex.match?(regex, string)`.
pub(super) fn match2(args: &[Term]) -> Res {
    args!(args, regex, s);
    if !is_regex(regex) || s.as_binary().is_none() {
        return Err(no_clause(M, "match?", args));
    }
    with(regex, |c| {
        let bytes = subject(c, s)?;
        Ok(Term::boolean(c.is_match(bytes)))
    })
}

fn match_op(args: &[Term]) -> Res {
    args!(args, left, right);
    let Some(hay) = left.as_binary() else {
        return Err(no_clause("Elixir.Kernel", "=~", args));
    };
    match right.as_binary() {
        Some([]) => Ok(Term::boolean(true)),
        Some(needle) => Ok(Term::boolean(
            hay.windows(needle.len()).any(|w| w == needle),
        )),
        None => match2(&[right.clone(), left.clone()]),
    }
}

fn string_match(args: &[Term]) -> Res {
    args!(args, s, regex);
    if s.as_binary().is_none() {
        return Err(no_clause("Elixir.String", "match?", args));
    }
    match2(&[regex.clone(), s.clone()])
}

/// One piece of a replacement: text, or a group number.
enum Piece {
    Text(Vec<u8>),
    Group(usize),
}

/// `precompile_replacement/1`: `\N`, `\g{N}` and `\\` in a replacement.
fn pieces(repl: &[u8]) -> Res<Vec<Piece>> {
    let mut out: Vec<Piece> = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    let digits_at = |k: usize| {
        repl.get(k..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let number = |k: usize, n: usize| -> usize {
        repl.get(k..k + n)
            .unwrap_or_default()
            .iter()
            .fold(0usize, |a, d| {
                a.saturating_mul(10).saturating_add(usize::from(d - b'0'))
            })
    };
    while let Some(&c) = repl.get(i) {
        let next = repl.get(i + 1).copied();
        if c == b'\\' && next == Some(b'g') && repl.get(i + 2) == Some(&b'{') && repl.len() > i + 3
        {
            let n = digits_at(i + 3);
            if n == 0 {
                return Err(Exception::badarg_at(
                    1,
                    "not a textual representation of an integer",
                ));
            }
            if repl.get(i + 3 + n) != Some(&b'}') {
                let ds = repl.get(i + 3..i + 3 + n).unwrap_or_default();
                return Err(Exception::badmatch(pair(
                    Term::list(ds.iter().map(|d| Term::Int(i64::from(*d))).collect()),
                    Term::bytes(repl.get(i + 3 + n..).unwrap_or_default()),
                )));
            }
            out.push(Piece::Text(std::mem::take(&mut text)));
            out.push(Piece::Group(number(i + 3, n)));
            i += 4 + n;
        } else if c == b'\\' && next == Some(b'\\') {
            text.push(b'\\');
            i += 2;
        } else if c == b'\\' && next.is_some_and(|d| d.is_ascii_digit()) {
            let n = digits_at(i + 1);
            out.push(Piece::Text(std::mem::take(&mut text)));
            out.push(Piece::Group(number(i + 1, n)));
            i += 1 + n;
        } else {
            text.push(c);
            i += 1;
        }
    }
    out.push(Piece::Text(text));
    Ok(out)
}

fn replace3(args: &[Term]) -> Res {
    args!(args, regex, s, repl);
    replace4(&[regex.clone(), s.clone(), repl.clone(), Term::EMPTY_LIST])
}

/// `Regex.replace/4` with a string replacement.
pub(super) fn replace4(args: &[Term]) -> Res {
    args!(args, regex, s, repl, opts);
    if !is_regex(regex) || s.as_binary().is_none() || !opts.is_list() {
        return Err(no_clause(M, "replace", args));
    }
    let Some(with_text) = repl.as_binary() else {
        if repl.as_fun().is_some() {
            return Err(Exception::argument(
                "Regex.replace/4 with a function replacement is not a native",
            ));
        }
        return Err(no_clause(
            M,
            "precompile_replacement",
            std::slice::from_ref(repl),
        ));
    };
    let global = !option(opts, "global").is_some_and(|g| g.is_atom("false"));
    with(regex, |c| {
        let bytes = subject(c, s)?;
        let found = c.run(bytes, 0, global, usize::MAX);
        if found.is_empty() {
            return Ok(s.clone());
        }
        let parts = pieces(with_text)?;
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        for spans in &found {
            let last_set = spans.iter().rposition(Option::is_some).unwrap_or(0);
            let Some(Some((ms, me))) = spans.first().copied() else {
                continue;
            };
            out.extend_from_slice(bytes.get(at..ms).unwrap_or_default());
            for p in &parts {
                match p {
                    Piece::Text(t) => out.extend_from_slice(t),
                    Piece::Group(g) if *g <= last_set => {
                        if let Some(Some((gs, ge))) = spans.get(*g) {
                            out.extend_from_slice(bytes.get(*gs..*ge).unwrap_or_default());
                        }
                    }
                    Piece::Group(_) => {}
                }
            }
            super::support::check_bytes(out.len() as u128)?;
            at = me;
        }
        out.extend_from_slice(bytes.get(at..).unwrap_or_default());
        Ok(Term::bytes_vec(out))
    })
}

fn split2(args: &[Term]) -> Res {
    args!(args, regex, s);
    split3(&[regex.clone(), s.clone(), Term::EMPTY_LIST])
}

fn parts_index(opts: &Term) -> Res<i64> {
    match option(opts, "parts") {
        None => Ok(0),
        Some(p) if p.is_atom("infinity") => Ok(0),
        Some(Term::Int(n)) if *n > 0 => Ok(*n),
        Some(other) => Err(no_clause(M, "parts_to_index", std::slice::from_ref(other))),
    }
}

/// `Regex.split/3`.
pub(super) fn split3(args: &[Term]) -> Res {
    args!(args, regex, s, opts);
    if is_regex(regex) && s.as_binary().is_some_and(<[u8]>::is_empty) {
        if !opts.is_list() {
            return Err(no_clause(
                "Elixir.Keyword",
                "get",
                &[opts.clone(), Term::atom("trim"), Term::boolean(false)],
            ));
        }
        let trim = option(opts, "trim").is_some_and(|t| !t.is_falsy());
        return Ok(if trim {
            Term::EMPTY_LIST
        } else {
            Term::list(vec![Term::string("")])
        });
    }
    if !is_regex(regex) || s.as_binary().is_none() || !opts.is_list() {
        return Err(no_clause(M, "split", args));
    }
    with(regex, |c| {
        let bytes = subject(c, s)?;
        let spec = capture_spec(c, Some(option(opts, "on").unwrap_or(&Term::atom("first"))))?;
        let found = c.run(bytes, 0, true, usize::MAX);
        if found.is_empty() || matches!(spec, Capture::Nothing) {
            return Ok(Term::list(vec![s.clone()]));
        }
        let index = parts_index(opts)?;
        let trim = option(opts, "trim").is_some_and(|t| !t.is_falsy());
        let with_captures = option(opts, "include_captures").is_some_and(|t| !t.is_falsy());
        // Each match's spans as `:re` returns them for `capture: on`.
        let mut matches: Vec<Vec<(i64, i64)>> = Vec::with_capacity(found.len());
        for spans in &found {
            let list = captured(s, bytes, spans, &spec, Return::Index, c.unicode);
            let mut pairs = Vec::new();
            for t in list.iter().flat_map(|l| l.list_iter()) {
                if let Some([Term::Int(p), Term::Int(l)]) = t.as_tuple() {
                    pairs.push((*p, *l));
                }
            }
            matches.push(pairs);
        }
        let len = bytes.len() as i64;
        let part = |from: i64, to: i64| sub_binary(s, bytes, from as usize, to as usize);
        let mut out = Vec::new();
        let mut offset: i64 = 0;
        let mut counter = index;
        let mut queue = matches.iter().flat_map(|m| m.iter().copied()).peekable();
        loop {
            if trim && len <= offset {
                break;
            }
            if counter == 1 {
                out.push(part(offset, len));
                break;
            }
            let Some((pos, length)) = queue.next() else {
                out.push(part(offset, len));
                break;
            };
            if pos - offset < 0 {
                continue;
            }
            let keep = pos - offset;
            let new_offset = pos + length;
            if with_captures {
                if !(keep == 0 && trim) {
                    out.push(part(offset, pos));
                }
                out.push(part(pos, new_offset));
                counter -= 1;
            } else if !(keep == 0 && trim) {
                out.push(part(offset, pos));
                counter -= 1;
            }
            offset = new_offset;
        }
        check_items(out.len() as u128)?;
        Ok(Term::list(out))
    })
}

fn named_captures2(args: &[Term]) -> Res {
    args!(args, regex, s);
    named_captures3(&[regex.clone(), s.clone(), Term::EMPTY_LIST])
}

fn named_captures3(args: &[Term]) -> Res {
    args!(args, regex, s, opts);
    if s.as_binary().is_none() {
        return Err(no_clause(M, "named_captures", args));
    }
    let names = names(std::slice::from_ref(regex))?;
    let mut run_opts: Vec<Term> = opts
        .list_iter()
        .filter(|o| !matches!(o.as_tuple(), Some([k, _]) if k.is_atom("capture")))
        .cloned()
        .collect();
    run_opts.insert(0, pair(Term::atom("capture"), names.clone()));
    let found = run3(&[regex.clone(), s.clone(), Term::list(run_opts)])?;
    if found.is_atom("nil") {
        return Ok(Term::nil());
    }
    Ok(Term::map(
        names.list_iter().cloned().zip(found.list_iter().cloned()),
    ))
}

fn names(args: &[Term]) -> Res {
    args!(args, regex);
    if !is_regex(regex) {
        return Err(no_clause(M, "names", args));
    }
    with(regex, |c| {
        Ok(Term::list(
            c.names.iter().map(|(n, _)| Term::bytes(n)).collect(),
        ))
    })
}

fn source(args: &[Term]) -> Res {
    args!(args, regex);
    match field(regex, "source") {
        Some(s) if is_regex(regex) => Ok(s.clone()),
        _ => Err(no_clause(M, "source", args)),
    }
}

fn opts(args: &[Term]) -> Res {
    args!(args, regex);
    match field(regex, "opts") {
        Some(s) if is_regex(regex) => Ok(s.clone()),
        _ => Err(no_clause(M, "opts", args)),
    }
}

fn re_pattern(args: &[Term]) -> Res {
    args!(args, regex);
    match field(regex, "re_pattern") {
        Some(s) if is_regex(regex) => Ok(s.clone()),
        _ => Err(no_clause(M, "re_pattern", args)),
    }
}

fn escape(args: &[Term]) -> Res {
    args!(args, s);
    let Some(bytes) = s.as_binary() else {
        return Err(no_clause(M, "escape", args));
    };
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for &b in bytes {
        if b".^$*+?()[]{}|#-\\\t\n\x0B\x0C\r ".contains(&b) {
            out.push(b'\\');
        }
        out.push(b);
    }
    super::support::check_bytes(out.len() as u128)?;
    Ok(Term::bytes_vec(out))
}

fn is_regex1(args: &[Term]) -> Res {
    args!(args, t);
    Ok(Term::boolean(is_regex(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::inspect;

    fn re(source: &str, opts: &str) -> Term {
        regex_struct(&Term::string(source), Term::string(opts))
    }

    #[test]
    fn runs_and_scans() {
        let r = run2(&[re("(\\d+)-(\\d+)", ""), Term::string("call 555-1234 now")]).unwrap();
        assert_eq!(inspect(&r), "[\"555-1234\", \"555\", \"1234\"]");
        let r = scan2(&[re("a*?", ""), Term::string("aa")]).unwrap();
        assert_eq!(inspect(&r), "[[\"\"], [\"\"], [\"\"]]");
        let r = match2(&[re("hello", "i"), Term::string("HELLO")]).unwrap();
        assert!(r.is_atom("true"));
    }
}
