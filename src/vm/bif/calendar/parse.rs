//! ISO 8601 in the extended format, as `Calendar.ISO.parse_date/1`,
//! `parse_time/1`, `parse_naive_datetime/1` and `parse_utc_datetime/1`
//! read it, and the sigils built on them (`~D`, `~T`, `~N`, `~U`), which
//! receive the text and the modifiers at run time here.

use super::{
    date_at, date_term, iso_days, naive_term, time_term, utc_term, valid_date, valid_time, Hms,
    Ymd, ISO,
};
use crate::term::{inspect, Term};
use crate::vm::bif::support::{args, no_clause, pair};
use crate::vm::bif::Bif;
use crate::vm::exception::{Exception, Res};

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("Elixir.Kernel", "sigil_D", 2, sigil_d),
    Bif::pure("Elixir.Kernel", "sigil_T", 2, sigil_t),
    Bif::pure("Elixir.Kernel", "sigil_N", 2, sigil_n),
    Bif::pure("Elixir.Kernel", "sigil_U", 2, sigil_u),
    Bif::pure(ISO, "parse_date", 1, iso_parse_date),
    Bif::pure(ISO, "parse_time", 1, iso_parse_time),
    Bif::pure(ISO, "parse_naive_datetime", 1, iso_parse_naive),
    Bif::pure(ISO, "parse_utc_datetime", 1, iso_parse_utc),
];

/// Why text is not a date or time (`:invalid_format`, ...).
pub(super) type Why = &'static str;

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |a, d| a * 10 + i64::from(d - b'0')))
}

/// A leading `-` or `+` and the rest.
fn sign(s: &[u8]) -> (i64, &[u8]) {
    match s.split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, s),
    }
}

/// `YYYY-MM-DD` at the start of `s` (unchecked values) and the rest.
fn date_part(s: &[u8]) -> Option<(Ymd, &[u8])> {
    let head = s.get(..10)?;
    if head.get(4) != Some(&b'-') || head.get(7) != Some(&b'-') {
        return None;
    }
    Some((
        Ymd {
            y: digits(head.get(0..4)?)?,
            m: digits(head.get(5..7)?)?,
            d: digits(head.get(8..10)?)?,
        },
        s.get(10..)?,
    ))
}

/// Hours, minutes and seconds.
type Clock = (i64, i64, i64);

/// `HH:MM:SS` at the start of `s` and the rest.
fn time_part(s: &[u8]) -> Option<(Clock, &[u8])> {
    let head = s.get(..8)?;
    if head.get(2) != Some(&b':') || head.get(5) != Some(&b':') {
        return None;
    }
    Some((
        (
            digits(head.get(0..2)?)?,
            digits(head.get(3..5)?)?,
            digits(head.get(6..8)?)?,
        ),
        s.get(8..)?,
    ))
}

/// The fraction after the seconds: `(microseconds, precision)` and the
/// rest; `None` for a `.` without digits.
fn fraction(s: &[u8]) -> Option<((i64, i64), &[u8])> {
    let Some((b'.' | b',', rest)) = s.split_first() else {
        return Some(((0, 0), s));
    };
    let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let taken = rest.get(..n.min(6))?;
    let mut us = digits(taken)?;
    for _ in taken.len()..6 {
        us *= 10;
    }
    Some(((us, n.min(6) as i64), rest.get(n..)?))
}

/// The UTC offset in seconds (`None` when absent); `Err` when malformed
/// or followed by anything.
fn offset(s: &[u8]) -> Result<Option<i64>, ()> {
    match s {
        b"" => return Ok(None),
        b"Z" => return Ok(Some(0)),
        b"-00:00" => return Err(()),
        _ => {}
    }
    let (sgn, rest) = match s.split_first() {
        Some((b'+', rest)) => (1, rest),
        Some((b'-', rest)) => (-1, rest),
        _ => return Err(()),
    };
    let (h, m) = match rest {
        [h1, h2, b':', m1, m2] => (vec![*h1, *h2], vec![*m1, *m2]),
        [h1, h2, m1, m2] => (vec![*h1, *h2], vec![*m1, *m2]),
        [h1, h2] => (vec![*h1, *h2], b"00".to_vec()),
        _ => return Err(()),
    };
    match (digits(&h), digits(&m)) {
        (Some(h), Some(m)) if h < 24 && m < 60 => Ok(Some((h * 60 + m) * 60 * sgn)),
        _ => Err(()),
    }
}

/// `Calendar.ISO.parse_date/1`.
pub(super) fn parse_date(s: &[u8]) -> Result<Ymd, Why> {
    let (sgn, s) = sign(s);
    match date_part(s) {
        Some((d, b"")) => {
            let d = Ymd { y: d.y * sgn, ..d };
            if valid_date(d) {
                Ok(d)
            } else {
                Err("invalid_date")
            }
        }
        _ => Err("invalid_format"),
    }
}

/// The time after `HH:MM:SS`: fraction then an offset that is ignored.
fn time_rest(hms: (i64, i64, i64), rest: &[u8]) -> Result<(Hms, Option<i64>), Why> {
    let ((us, prec), rest) = fraction(rest).ok_or("invalid_format")?;
    let off = offset(rest).map_err(|_| "invalid_format")?;
    Ok((
        Hms {
            h: hms.0,
            mi: hms.1,
            s: hms.2,
            us,
            prec,
        },
        off,
    ))
}

/// `Calendar.ISO.parse_time/1`.
pub(super) fn parse_time(s: &[u8]) -> Result<Hms, Why> {
    let s = s.strip_prefix(b"T").unwrap_or(s);
    let (hms, rest) = time_part(s).ok_or("invalid_format")?;
    let (t, _) = time_rest(hms, rest)?;
    if valid_time(t) {
        Ok(t)
    } else {
        Err("invalid_time")
    }
}

/// A date and time; the offset as written (not applied).
fn parse_both(s: &[u8]) -> Result<(Ymd, Hms, Option<i64>), Why> {
    let (sgn, s) = sign(s);
    let (d, rest) = date_part(s).ok_or("invalid_format")?;
    let rest = match rest.split_first() {
        Some((b' ' | b'T', rest)) => rest,
        _ => return Err("invalid_format"),
    };
    let (hms, rest) = time_part(rest).ok_or("invalid_format")?;
    let (t, off) = time_rest(hms, rest)?;
    let d = Ymd { y: d.y * sgn, ..d };
    if !valid_date(d) {
        return Err("invalid_date");
    }
    if !valid_time(t) {
        return Err("invalid_time");
    }
    Ok((d, t, off))
}

/// `Calendar.ISO.parse_naive_datetime/1`.
pub(super) fn parse_naive(s: &[u8]) -> Result<(Ymd, Hms), Why> {
    let (d, t, _) = parse_both(s)?;
    Ok((d, t))
}

/// `Calendar.ISO.parse_utc_datetime/1`: the date and time in UTC, and
/// the offset that was written.
pub(super) fn parse_utc(s: &[u8]) -> Result<(Ymd, Hms, i64), Why> {
    let (d, t, off) = parse_both(s)?;
    let off = off.ok_or("missing_offset")?;
    if off == 0 {
        return Ok((d, t, 0));
    }
    let secs = ((t.h * 60 + t.mi) * 60 + t.s) - off;
    let days = iso_days(d) + secs.div_euclid(86_400);
    let d = date_at(days).map_err(|_| "invalid_date")?;
    let secs = secs.rem_euclid(86_400);
    Ok((
        d,
        Hms {
            h: secs / 3600,
            mi: secs / 60 % 60,
            s: secs % 60,
            ..t
        },
        off,
    ))
}

fn error_tuple(why: Why) -> Term {
    pair(Term::atom("error"), Term::atom(why))
}

fn text_arg<'a>(args: &'a [Term], name: &str) -> Res<&'a [u8]> {
    args.first()
        .and_then(Term::as_binary)
        .ok_or_else(|| no_clause(ISO, name, args))
}

fn iso_parse_date(args: &[Term]) -> Res {
    Ok(match parse_date(text_arg(args, "parse_date")?) {
        Ok(d) => pair(
            Term::ok(),
            Term::tuple([Term::Int(d.y), Term::Int(d.m), Term::Int(d.d)]),
        ),
        Err(why) => error_tuple(why),
    })
}

fn time_tuple(t: Hms) -> Vec<Term> {
    vec![
        Term::Int(t.h),
        Term::Int(t.mi),
        Term::Int(t.s),
        pair(Term::Int(t.us), Term::Int(t.prec)),
    ]
}

fn iso_parse_time(args: &[Term]) -> Res {
    Ok(match parse_time(text_arg(args, "parse_time")?) {
        Ok(t) => pair(Term::ok(), Term::tuple(time_tuple(t))),
        Err(why) => error_tuple(why),
    })
}

fn both_tuple(d: Ymd, t: Hms) -> Term {
    let mut items = vec![Term::Int(d.y), Term::Int(d.m), Term::Int(d.d)];
    items.extend(time_tuple(t));
    Term::tuple(items)
}

fn iso_parse_naive(args: &[Term]) -> Res {
    Ok(match parse_naive(text_arg(args, "parse_naive_datetime")?) {
        Ok((d, t)) => pair(Term::ok(), both_tuple(d, t)),
        Err(why) => error_tuple(why),
    })
}

fn iso_parse_utc(args: &[Term]) -> Res {
    Ok(match parse_utc(text_arg(args, "parse_utc_datetime")?) {
        Ok((d, t, off)) => Term::tuple([Term::ok(), both_tuple(d, t), Term::Int(off)]),
        Err(why) => error_tuple(why),
    })
}

/// The sigil's text without a trailing calendar name (`~D[2024-01-01
/// Calendar.ISO]`), or the `UndefinedFunctionError` another calendar gives.
fn sigil_text<'a>(args: &'a [Term], name: &str, parser: &str) -> Res<&'a [u8]> {
    args!(args, text, mods);
    let (Some(bytes), true) = (text.as_binary(), mods.is_empty_list()) else {
        return Err(no_clause("Elixir.Kernel", name, args));
    };
    let Some(space) = bytes.iter().rposition(|&b| b == b' ') else {
        return Ok(bytes);
    };
    let last = bytes.get(space + 1..).unwrap_or_default();
    if !last.first().is_some_and(u8::is_ascii_uppercase) {
        return Ok(bytes);
    }
    let rest = bytes.get(..space).unwrap_or_default();
    if last == b"Calendar.ISO" {
        return Ok(rest);
    }
    let module = format!("Elixir.{}", String::from_utf8_lossy(last));
    Err(Exception::undef(&module, parser, vec![Term::bytes(rest)]))
}

fn cannot_parse(text: &[u8], kind: &str, why: Why) -> Exception {
    Exception::argument(format!(
        "cannot parse {} as {kind} for Calendar.ISO, reason: :{why}",
        inspect(&Term::bytes(text))
    ))
}

fn sigil_d(args: &[Term]) -> Res {
    let text = sigil_text(args, "sigil_D", "parse_date")?;
    parse_date(text)
        .map(date_term)
        .map_err(|why| cannot_parse(text, "Date", why))
}

fn sigil_t(args: &[Term]) -> Res {
    let text = sigil_text(args, "sigil_T", "parse_time")?;
    parse_time(text)
        .map(time_term)
        .map_err(|why| cannot_parse(text, "Time", why))
}

fn sigil_n(args: &[Term]) -> Res {
    let text = sigil_text(args, "sigil_N", "parse_naive_datetime")?;
    parse_naive(text)
        .map(|(d, t)| naive_term(d, t))
        .map_err(|why| cannot_parse(text, "NaiveDateTime", why))
}

fn sigil_u(args: &[Term]) -> Res {
    let text = sigil_text(args, "sigil_U", "parse_utc_datetime")?;
    match parse_utc(text) {
        Ok((d, t, 0)) => Ok(utc_term(d, t)),
        Ok(_) => Err(cannot_parse(text, "UTC DateTime", "non_utc_offset")),
        Err(why) => Err(cannot_parse(text, "UTC DateTime", why)),
    }
}
