//! OTP's `:string` on binaries and charlists: "characters" are grapheme
//! clusters, a binary argument gives binary results and a charlist gives
//! lists, and results have the shapes OTP 25 builds (`pad/2` returns
//! `["abc", 32, 32]`, `replace/3` a list of pieces, `reverse/1` a list of
//! graphemes). Deeper chardata (lists holding binaries) is read as one
//! charlist, so its results are flat lists where OTP may keep pieces.
//!
//! Also the old list functions `join/2`, `tokens/2`, `to_upper/1`,
//! `to_lower/1` and `str/2`.

use super::string::casing;
use super::support::{args, check_items, no_clause, pair};
use super::Bif;
use crate::term::{inspect, Term};
use crate::vm::exception::{Exception, Res};
use unicode_segmentation::UnicodeSegmentation;

const M: &str = "string";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "uppercase", 1, uppercase),
    Bif::pure(M, "lowercase", 1, lowercase),
    Bif::pure(M, "titlecase", 1, titlecase),
    Bif::pure(M, "casefold", 1, casefold),
    Bif::pure(M, "trim", 1, trim),
    Bif::pure(M, "trim", 2, trim),
    Bif::pure(M, "trim", 3, trim),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "split", 3, split),
    Bif::pure(M, "length", 1, length),
    Bif::pure(M, "reverse", 1, reverse),
    Bif::pure(M, "find", 2, find),
    Bif::pure(M, "find", 3, find),
    Bif::pure(M, "replace", 3, replace),
    Bif::pure(M, "replace", 4, replace),
    Bif::pure(M, "pad", 2, pad),
    Bif::pure(M, "pad", 3, pad),
    Bif::pure(M, "pad", 4, pad),
    Bif::pure(M, "is_empty", 1, is_empty),
    Bif::pure(M, "slice", 2, slice),
    Bif::pure(M, "slice", 3, slice),
    Bif::pure(M, "equal", 2, equal),
    Bif::pure(M, "equal", 3, equal),
    Bif::pure(M, "equal", 4, equal),
    Bif::pure(M, "to_integer", 1, to_integer),
    Bif::pure(M, "to_float", 1, to_float),
    Bif::pure(M, "join", 2, join),
    Bif::pure(M, "tokens", 2, tokens),
    Bif::pure(M, "lexemes", 2, lexemes),
    Bif::pure(M, "next_grapheme", 1, next_grapheme),
    Bif::pure(M, "next_codepoint", 1, next_codepoint),
    Bif::pure(M, "chomp", 1, chomp),
    Bif::pure(M, "to_upper", 1, to_upper),
    Bif::pure(M, "to_lower", 1, to_lower),
    Bif::pure(M, "str", 2, str),
];

/// Whether a string came as a binary or as a list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bin,
    List,
}

/// Chardata as text: a binary (valid UTF-8), or a list of code points,
/// binaries and nested lists.
fn text(t: &Term) -> Option<(Kind, String)> {
    match t {
        Term::Binary(b) => std::str::from_utf8(b)
            .ok()
            .map(|s| (Kind::Bin, s.to_string())),
        Term::List(_) => {
            let mut out = String::new();
            flatten(t, &mut out)?;
            Some((Kind::List, out))
        }
        _ => None,
    }
}

fn flatten(t: &Term, out: &mut String) -> Option<()> {
    let mut iter = t.list_iter();
    for item in iter.by_ref() {
        match item {
            Term::Int(c) => out.push(u32::try_from(*c).ok().and_then(char::from_u32)?),
            Term::Binary(b) => out.push_str(std::str::from_utf8(b).ok()?),
            Term::List(_) => flatten(item, out)?,
            _ => return None,
        }
    }
    match iter.tail() {
        Term::Binary(b) => out.push_str(std::str::from_utf8(b).ok()?),
        tail if tail.is_empty_list() => {}
        _ => return None,
    }
    Some(())
}

/// The text of argument `n` (0-based), or OTP's error for it.
fn arg(args: &[Term], n: usize) -> Res<(Kind, String)> {
    let t = args.get(n).unwrap_or(&Term::EMPTY_LIST);
    text(t).ok_or_else(|| no_clause("unicode_util", "cp", std::slice::from_ref(t)))
}

fn codepoints(s: &str) -> Term {
    Term::list(
        s.chars()
            .map(|c| Term::Int(i64::from(u32::from(c))))
            .collect(),
    )
}

fn out(kind: Kind, s: &str) -> Term {
    match kind {
        Kind::Bin => Term::string(s),
        Kind::List => codepoints(s),
    }
}

/// A grapheme as OTP gives it: a code point, or a list of them.
fn grapheme(g: &str) -> Term {
    let mut chars = g.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Term::Int(i64::from(u32::from(c))),
        _ => codepoints(g),
    }
}

fn case_arg(args: &[Term]) -> Res<(Kind, String)> {
    let t = args.first().unwrap_or(&Term::EMPTY_LIST);
    text(t).ok_or_else(|| Exception::argument(format!("argument error: {}", inspect(t))))
}

fn uppercase(args: &[Term]) -> Res {
    let (k, s) = case_arg(args)?;
    let mut o = String::with_capacity(s.len());
    s.chars().for_each(|c| casing::upper(c, &mut o));
    Ok(out(k, &o))
}

fn lowercase(args: &[Term]) -> Res {
    let (k, s) = case_arg(args)?;
    let mut o = String::with_capacity(s.len());
    s.chars().for_each(|c| casing::lower(c, &mut o));
    Ok(out(k, &o))
}

fn titlecase(args: &[Term]) -> Res {
    let (k, s) = case_arg(args)?;
    let mut chars = s.chars();
    let mut o = String::with_capacity(s.len());
    if let Some(c) = chars.next() {
        casing::title(c, &mut o);
    }
    o.push_str(chars.as_str());
    Ok(out(k, &o))
}

fn casefold(args: &[Term]) -> Res {
    let (k, s) = case_arg(args)?;
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => o.push_str("ss"),
            'ς' => o.push('σ'),
            'ſ' => o.push('s'),
            _ => casing::lower(c, &mut o),
        }
    }
    Ok(out(k, &o))
}

/// OTP's default whitespace for `trim`.
const WHITESPACE: &[&str] = &[
    "\r\n", " ", "\t", "\n", "\r", "\u{B}", "\u{C}", "\u{85}", "\u{200E}", "\u{200F}", "\u{2028}",
    "\u{2029}",
];

/// The separators of `trim/3`: code points and lists of them.
fn separators(t: &Term) -> Res<Vec<String>> {
    let mut v = Vec::new();
    for item in t.list_iter() {
        match item {
            Term::Int(c) => {
                if let Some(ch) = u32::try_from(*c).ok().and_then(char::from_u32) {
                    v.push(ch.to_string());
                }
            }
            Term::List(_) => {
                let mut s = String::new();
                if flatten(item, &mut s).is_some() {
                    v.push(s);
                }
            }
            _ => {}
        }
    }
    Ok(v)
}

fn trim(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let dir = args.get(1).cloned().unwrap_or_else(|| Term::atom("both"));
    let seps: Vec<String> = match args.get(2) {
        Some(t) => separators(t)?,
        None => WHITESPACE.iter().map(|s| s.to_string()).collect(),
    };
    let (lead, trail) = match dir.as_atom() {
        Some("both") => (true, true),
        Some("leading") => (true, false),
        Some("trailing") => (false, true),
        _ => {
            let full = [
                args.first().cloned().unwrap_or(Term::EMPTY_LIST),
                dir.clone(),
                args.get(2).cloned().unwrap_or(Term::EMPTY_LIST),
            ];
            return Err(no_clause(M, "trim", &full));
        }
    };
    let gs: Vec<&str> = s.graphemes(true).collect();
    let is_sep = |g: &&str| seps.iter().any(|x| x == g);
    let mut a = 0;
    let mut b = gs.len();
    if lead {
        while a < b && gs.get(a).is_some_and(is_sep) {
            a += 1;
        }
    }
    if trail {
        while b > a && gs.get(b - 1).is_some_and(is_sep) {
            b -= 1;
        }
    }
    Ok(out(k, &gs.get(a..b).unwrap_or_default().concat()))
}

/// Where `split/3`, `find/3` and `replace/4` look.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Leading,
    Trailing,
    All,
}

fn where_arg(t: Option<&Term>, all_ok: bool) -> Res<Where> {
    match t.map(Term::as_atom) {
        None | Some(Some("leading")) => Ok(Where::Leading),
        Some(Some("trailing")) => Ok(Where::Trailing),
        Some(Some("all")) if all_ok => Ok(Where::All),
        _ => Err(Exception::case_clause(t.cloned().unwrap_or_else(Term::nil))),
    }
}

/// The pieces of `s` between occurrences of `sep`.
fn split_text<'a>(s: &'a str, sep: &str, w: Where) -> Vec<&'a str> {
    if sep.is_empty() {
        return vec![s];
    }
    match w {
        Where::All => s.split(sep).collect(),
        Where::Leading => match s.find(sep) {
            Some(i) => vec![&s[..i], &s[i + sep.len()..]],
            None => vec![s],
        },
        Where::Trailing => match s.rfind(sep) {
            Some(i) => vec![&s[..i], &s[i + sep.len()..]],
            None => vec![s],
        },
    }
}

fn split(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let (_, sep) = arg(args, 1)?;
    let w = where_arg(args.get(2), true)?;
    let parts = split_text(&s, &sep, w);
    check_items(parts.len() as u128)?;
    Ok(Term::list(parts.into_iter().map(|p| out(k, p)).collect()))
}

fn length(args: &[Term]) -> Res {
    let (_, s) = arg(args, 0)?;
    Ok(Term::Int(s.graphemes(true).count() as i64))
}

fn reverse(args: &[Term]) -> Res {
    let (_, s) = arg(args, 0)?;
    Ok(Term::list(s.graphemes(true).rev().map(grapheme).collect()))
}

fn find(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let (_, pat) = arg(args, 1)?;
    let w = where_arg(args.get(2), false)?;
    if pat.is_empty() {
        return Ok(args.first().cloned().unwrap_or(Term::EMPTY_LIST));
    }
    let at = match w {
        Where::Trailing => s.rfind(&pat),
        _ => s.find(&pat),
    };
    Ok(match at {
        Some(i) => out(k, &s[i..]),
        None => Term::atom("nomatch"),
    })
}

fn replace(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let (_, pat) = arg(args, 1)?;
    let with = args.get(2).cloned().unwrap_or(Term::EMPTY_LIST);
    let w = where_arg(args.get(3), true)?;
    let parts = split_text(&s, &pat, w);
    check_items(parts.len() as u128 * 2)?;
    let mut items = Vec::with_capacity(parts.len() * 2);
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            items.push(with.clone());
        }
        items.push(out(k, p));
    }
    Ok(Term::list(items))
}

fn pad(args: &[Term]) -> Res {
    let original = args.first().cloned().unwrap_or(Term::EMPTY_LIST);
    let (_, s) = arg(args, 0)?;
    let Some(Term::Int(len)) = args.get(1) else {
        return Err(no_clause(M, "pad", args));
    };
    let ch = args.get(3).cloned().unwrap_or(Term::Int(32));
    let n = (*len)
        .saturating_sub(s.graphemes(true).count() as i64)
        .max(0);
    check_items(n as u128)?;
    let dup = |n: i64| Term::list(vec![ch.clone(); n.max(0) as usize]);
    match args.get(2).map(Term::as_atom) {
        None | Some(Some("trailing")) => {
            let mut items = vec![original];
            items.extend(std::iter::repeat_n(ch.clone(), n as usize));
            Ok(Term::list(items))
        }
        Some(Some("leading")) => Ok(Term::list(vec![dup(n), original])),
        Some(Some("both")) => {
            let half = n / 2;
            let mut items = vec![dup(half), original, dup(half)];
            if n % 2 == 1 {
                items.push(ch.clone());
            }
            Ok(Term::list(items))
        }
        _ => Err(no_clause(M, "pad", args)),
    }
}

fn is_empty(args: &[Term]) -> Res {
    let (_, s) = arg(args, 0)?;
    Ok(Term::boolean(s.is_empty()))
}

fn slice(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let Some(Term::Int(start)) = args.get(1) else {
        return Err(no_clause(M, "slice", args));
    };
    let len = match args.get(2) {
        None => usize::MAX,
        Some(t) if t.is_atom("infinity") => usize::MAX,
        Some(Term::Int(n)) if *n >= 0 => *n as usize,
        _ => return Err(no_clause(M, "slice", args)),
    };
    let start = usize::try_from(*start).map_err(|_| no_clause(M, "slice", args))?;
    let picked: String = s.graphemes(true).skip(start).take(len).collect();
    Ok(out(k, &picked))
}

fn folded(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    s.chars().for_each(|c| casing::lower(c, &mut o));
    o.replace('ß', "ss")
}

fn equal(args: &[Term]) -> Res {
    let (_, a) = arg(args, 0)?;
    let (_, b) = arg(args, 1)?;
    let ignore = args.get(2).is_some_and(|t| t.is_atom("true"));
    Ok(Term::boolean(if ignore {
        folded(&a) == folded(&b)
    } else {
        a == b
    }))
}

/// A leading `+` or `-` and the digits after it: the byte count of each.
fn number_start(s: &str) -> (usize, usize) {
    let sign = usize::from(s.starts_with(['+', '-']));
    let digits = s[sign..].bytes().take_while(u8::is_ascii_digit).count();
    (sign, digits)
}

fn to_integer(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let (sign, digits) = number_start(&s);
    if digits == 0 {
        return Ok(pair(Term::atom("error"), Term::atom("no_integer")));
    }
    let end = sign + digits;
    let n: num_bigint::BigInt = s[..end].trim_start_matches('+').parse().unwrap_or_default();
    Ok(pair(Term::from_bigint(n), out(k, &s[end..])))
}

fn to_float(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let no = || Ok(pair(Term::atom("error"), Term::atom("no_float")));
    let (sign, digits) = number_start(&s);
    let mut end = sign + digits;
    let b = s.as_bytes();
    if digits == 0 || !matches!(b.get(end), Some(b'.' | b',')) {
        return no();
    }
    let frac = b
        .get(end + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if frac == 0 {
        return no();
    }
    end += 1 + frac;
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let mut e = end + 1;
        if matches!(b.get(e), Some(b'+' | b'-')) {
            e += 1;
        }
        let exp = b
            .get(e..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if exp > 0 {
            end = e + exp;
        }
    }
    let text = s[..end].replace(',', ".");
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(pair(Term::Float(f), out(k, &s[end..]))),
        _ => no(),
    }
}

fn join(args: &[Term]) -> Res {
    args!(args, list, sep);
    let (Some(items), Some(sep_items)) = (list.list_to_vec(), sep.list_to_vec()) else {
        return Err(no_clause(M, "join", args));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend(sep_items.iter().cloned());
        }
        out.extend(
            item.list_to_vec()
                .ok_or_else(|| no_clause(M, "join", args))?,
        );
        check_items(out.len() as u128)?;
    }
    Ok(Term::list(out))
}

fn tokens(args: &[Term]) -> Res {
    args!(args, s, seps);
    let (Some(chars), Some(seps)) = (s.list_to_vec(), seps.list_to_vec()) else {
        return Err(no_clause("lists", "reverse", std::slice::from_ref(s)));
    };
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for c in chars {
        if seps.contains(&c) {
            if !cur.is_empty() {
                out.push(Term::list(std::mem::take(&mut cur)));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Term::list(cur));
    }
    Ok(Term::list(out))
}

fn lexemes(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let seps = separators(args.get(1).unwrap_or(&Term::EMPTY_LIST))?;
    let mut parts = Vec::new();
    let mut cur = String::new();
    for g in s.graphemes(true) {
        if seps.iter().any(|x| x == g) {
            if !cur.is_empty() {
                parts.push(out(k, &std::mem::take(&mut cur)));
            }
        } else {
            cur.push_str(g);
        }
    }
    if !cur.is_empty() {
        parts.push(out(k, &cur));
    }
    Ok(Term::list(parts))
}

fn next_grapheme(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let Some(g) = s.graphemes(true).next() else {
        return Ok(Term::EMPTY_LIST);
    };
    Ok(Term::cons(grapheme(g), out(k, &s[g.len()..])))
}

fn next_codepoint(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let Some(c) = s.chars().next() else {
        return Ok(Term::EMPTY_LIST);
    };
    Ok(Term::cons(
        Term::Int(i64::from(u32::from(c))),
        out(k, &s[c.len_utf8()..]),
    ))
}

fn chomp(args: &[Term]) -> Res {
    let (k, s) = arg(args, 0)?;
    let mut t = s.as_str();
    loop {
        if let Some(rest) = t.strip_suffix("\r\n") {
            t = rest;
        } else if let Some(rest) = t.strip_suffix('\n') {
            t = rest;
        } else {
            break;
        }
    }
    Ok(out(k, t))
}

fn latin1_case(args: &[Term], name: &str, upper: bool) -> Res {
    args!(args, t);
    let map = |c: i64| -> i64 {
        let lower = (97..=122).contains(&c) || (224..=254).contains(&c) && c != 247;
        let upper_c = (65..=90).contains(&c) || (192..=222).contains(&c) && c != 215;
        if upper && lower {
            c - 32
        } else if !upper && upper_c {
            c + 32
        } else {
            c
        }
    };
    match t {
        Term::Int(c) => Ok(Term::Int(map(*c))),
        Term::List(_) => {
            let items = t.list_to_vec().ok_or_else(|| no_clause(M, name, args))?;
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match i {
                    Term::Int(c) => out.push(Term::Int(map(c))),
                    _ => return Err(no_clause(M, name, args)),
                }
            }
            Ok(Term::list(out))
        }
        _ => Err(no_clause(M, name, args)),
    }
}

fn to_upper(args: &[Term]) -> Res {
    latin1_case(args, "to_upper", true)
}

fn to_lower(args: &[Term]) -> Res {
    latin1_case(args, "to_lower", false)
}

fn str(args: &[Term]) -> Res {
    args!(args, s, sub);
    let (Some((Kind::List, a)), Some((Kind::List, b))) = (text(s), text(sub)) else {
        return Err(no_clause(M, "str", args));
    };
    if b.is_empty() {
        return Ok(Term::Int(0));
    }
    Ok(Term::Int(
        a.find(&b)
            .map_or(0, |at| a[..at].chars().count() as i64 + 1),
    ))
}
