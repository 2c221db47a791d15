//! `Time`, `NaiveDateTime` and `DateTime` (in UTC).

use super::parse::{parse_naive, parse_time, parse_utc};
use super::{
    convert, date_term, date_text, from_total, full, hms, naive_term, order, second, struct_name,
    time_term, time_text, total_micros, unit_precision, utc_term, valid_date, valid_time, ymd, Hms,
    Ymd, ISO, US_PER_DAY,
};
use crate::term::{inspect, Term};
use crate::vm::bif::support::{args, no_clause, pair};
use crate::vm::bif::{Bif, Native};
use crate::vm::exception::{Exception, Res};

const T: &str = "Elixir.Time";
const N: &str = "Elixir.NaiveDateTime";
const D: &str = "Elixir.DateTime";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(T, "new", 3, time_new),
    Bif::pure(T, "new", 4, time_new),
    Bif::pure(T, "new", 5, time_new),
    Bif::pure(T, "new!", 3, time_new_bang),
    Bif::pure(T, "new!", 4, time_new_bang),
    Bif::pure(T, "new!", 5, time_new_bang),
    Bif::pure(T, "add", 2, time_add),
    Bif::pure(T, "add", 3, time_add),
    Bif::pure(T, "diff", 2, time_diff),
    Bif::pure(T, "diff", 3, time_diff),
    Bif::pure(T, "compare", 2, time_compare),
    Bif::pure(T, "to_string", 1, time_to_string),
    Bif::pure(T, "to_iso8601", 1, time_to_iso8601),
    Bif::pure(T, "to_iso8601", 2, time_to_iso8601),
    Bif::pure(T, "from_iso8601", 1, time_from_iso8601),
    Bif::pure(T, "from_iso8601!", 1, time_from_iso8601_bang),
    Bif::pure(T, "to_erl", 1, time_to_erl),
    Bif::pure(T, "from_erl", 1, time_from_erl),
    Bif::pure(T, "from_erl", 2, time_from_erl),
    Bif::pure(T, "to_seconds_after_midnight", 1, seconds_after_midnight),
    Bif::pure(
        T,
        "from_seconds_after_midnight",
        1,
        from_seconds_after_midnight,
    ),
    Bif::pure(
        T,
        "from_seconds_after_midnight",
        2,
        from_seconds_after_midnight,
    ),
    Bif::pure(T, "truncate", 2, time_truncate),
    Bif::world(T, "utc_now", 0, time_utc_now),
    Bif::pure(N, "new", 2, naive_new2),
    Bif::pure(N, "new", 6, naive_new),
    Bif::pure(N, "new", 7, naive_new),
    Bif::pure(N, "new!", 2, naive_new2_bang),
    Bif::pure(N, "new!", 6, naive_new_bang),
    Bif::pure(N, "new!", 7, naive_new_bang),
    Bif::pure(N, "add", 2, naive_add),
    Bif::pure(N, "add", 3, naive_add),
    Bif::pure(N, "diff", 2, naive_diff),
    Bif::pure(N, "diff", 3, naive_diff),
    Bif::pure(N, "compare", 2, naive_compare),
    Bif::pure(N, "to_date", 1, to_date),
    Bif::pure(N, "to_time", 1, to_time),
    Bif::pure(N, "to_string", 1, naive_to_string),
    Bif::pure(N, "to_iso8601", 1, naive_to_iso8601),
    Bif::pure(N, "to_iso8601", 2, naive_to_iso8601),
    Bif::pure(N, "from_iso8601", 1, naive_from_iso8601),
    Bif::pure(N, "from_iso8601!", 1, naive_from_iso8601_bang),
    Bif::pure(N, "to_erl", 1, naive_to_erl),
    Bif::pure(N, "from_erl", 1, naive_from_erl),
    Bif::pure(N, "from_erl", 2, naive_from_erl),
    Bif::pure(N, "truncate", 2, naive_truncate),
    Bif::world(N, "utc_now", 0, naive_utc_now),
    Bif::world(D, "utc_now", 0, utc_now),
    Bif::world(D, "utc_now", 1, utc_now),
    Bif::pure(D, "to_unix", 1, to_unix),
    Bif::pure(D, "to_unix", 2, to_unix),
    Bif::pure(D, "from_unix", 1, from_unix),
    Bif::pure(D, "from_unix", 2, from_unix),
    Bif::pure(D, "from_unix!", 1, from_unix_bang),
    Bif::pure(D, "from_unix!", 2, from_unix_bang),
    Bif::pure(D, "to_iso8601", 1, utc_to_iso8601),
    Bif::pure(D, "to_iso8601", 2, utc_to_iso8601),
    Bif::pure(D, "to_string", 1, utc_to_string),
    Bif::pure(D, "to_date", 1, to_date),
    Bif::pure(D, "to_time", 1, to_time),
    Bif::pure(D, "to_naive", 1, to_naive),
    Bif::pure(D, "compare", 2, utc_compare),
    Bif::pure(D, "diff", 2, utc_diff),
    Bif::pure(D, "diff", 3, utc_diff),
    Bif::pure(D, "add", 2, utc_add),
    Bif::pure(D, "add", 3, utc_add),
    Bif::pure(D, "truncate", 2, utc_truncate),
    Bif::pure(D, "from_iso8601", 1, utc_from_iso8601),
    Bif::pure(D, "from_naive", 2, from_naive),
    Bif::pure(D, "new", 2, utc_new),
    Bif::pure(D, "new", 3, utc_new),
];

/// The simulated wall clock at virtual time 0: 2026-01-01T00:00:00Z, in
/// Unix microseconds (as `System.system_time/1` counts).
const WALL_CLOCK_START_US: i128 = 1_767_225_600_000_000;

/// Seconds from 0000-01-01 to the Unix epoch.
const UNIX_EPOCH_SECONDS: i128 = 62_167_219_200;

/// The date and time on the simulation's wall clock (microsecond precision).
pub(super) fn now(n: &mut Native) -> Res<(Ymd, Hms)> {
    let unix_us = WALL_CLOCK_START_US + i128::from(n.world.now());
    from_total(unix_us + UNIX_EPOCH_SECONDS * 1_000_000, 6)
}

fn time_arg(args: &[Term], module: &str, name: &str) -> Res<Hms> {
    args.first()
        .and_then(hms)
        .ok_or_else(|| no_clause(module, name, args))
}

fn both(t: &Term) -> Option<(Ymd, Hms)> {
    Some((ymd(t)?, hms(t)?))
}

fn both_arg(args: &[Term], module: &str, name: &str) -> Res<(Ymd, Hms)> {
    args.first()
        .and_then(both)
        .ok_or_else(|| no_clause(module, name, args))
}

fn is_utc(t: &Term) -> bool {
    struct_name(t) == Some(D)
        && t.as_map()
            .and_then(|m| m.get(&Term::atom("utc_offset")))
            .is_some_and(|o| o == &Term::Int(0))
}

fn utc_arg(args: &[Term], name: &str) -> Res<(Ymd, Hms)> {
    match args.first() {
        Some(t) if is_utc(t) => both(t).ok_or_else(|| no_clause(D, name, args)),
        _ => Err(no_clause(D, name, args)),
    }
}

fn error(why: &str) -> Term {
    pair(Term::atom("error"), Term::atom(why))
}

/// The microseconds of `Time.new/4`: `{us, precision}` or an integer
/// (precision 6).
fn micro_arg(t: Option<&Term>) -> Option<(i64, i64)> {
    match t {
        None => Some((0, 0)),
        Some(Term::Int(us)) => Some((*us, 6)),
        Some(t) => match t.as_tuple()? {
            [Term::Int(us), Term::Int(p)] => Some((*us, *p)),
            _ => None,
        },
    }
}

fn build_time(args: &[Term], name: &str) -> Res<Result<Hms, &'static str>> {
    let ints: Option<Vec<i64>> = args.iter().take(3).map(Term::as_int).collect();
    let (Some(ints), Some((us, prec))) = (ints, micro_arg(args.get(3))) else {
        return Err(no_clause(T, name, args));
    };
    let [h, mi, s] = ints.as_slice() else {
        return Err(no_clause(T, name, args));
    };
    let t = Hms {
        h: *h,
        mi: *mi,
        s: *s,
        us,
        prec,
    };
    Ok(if valid_time(t) {
        Ok(t)
    } else {
        Err("invalid_time")
    })
}

fn time_new(args: &[Term]) -> Res {
    Ok(match build_time(args, "new")? {
        Ok(t) => pair(Term::ok(), time_term(t)),
        Err(why) => error(why),
    })
}

fn time_new_bang(args: &[Term]) -> Res {
    match build_time(args, "new!")? {
        Ok(t) => Ok(time_term(t)),
        Err(why) => Err(Exception::argument(format!(
            "cannot build time, reason: :{why}"
        ))),
    }
}

/// An amount in a unit as microseconds (`:day`, `:hour` and `:minute` too).
fn amount_us(amount: i64, unit: Option<&Term>) -> Res<i128> {
    let unit = unit.cloned().unwrap_or_else(|| Term::atom("second"));
    let seconds = match unit.as_atom() {
        Some("day") => 86_400,
        Some("hour") => 3_600,
        Some("minute") => 60,
        _ => return convert(i128::from(amount), &unit, &Term::atom("microsecond")),
    };
    Ok(i128::from(amount) * seconds * 1_000_000)
}

fn time_add(args: &[Term]) -> Res {
    let clause = || no_clause(T, "add", &full(args, &[Term::nil(), Term::nil(), second()]));
    let t = args.first().and_then(hms).ok_or_else(clause)?;
    let Some(Term::Int(amount)) = args.get(1) else {
        return Err(clause());
    };
    let total = t.micros() + amount_us(*amount, args.get(2))?;
    Ok(time_term(Hms::from_micros(
        total.rem_euclid(US_PER_DAY),
        t.prec,
    )))
}

/// A difference in `unit`: each side converted (rounding down) then
/// subtracted, as Elixir does; `:day`, `:hour` and `:minute` divide the
/// seconds (rounding toward zero).
fn difference(a: i128, b: i128, unit: Option<&Term>) -> Res {
    let unit = unit.cloned().unwrap_or_else(|| Term::atom("second"));
    let us = Term::atom("microsecond");
    let per = match unit.as_atom() {
        Some("day") => 86_400,
        Some("hour") => 3_600,
        Some("minute") => 60,
        _ => 1,
    };
    let target = if per == 1 { unit } else { Term::atom("second") };
    let d = convert(a, &us, &target)? - convert(b, &us, &target)?;
    Ok(Term::from_i128(d / per))
}

fn time_diff(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (args.first().and_then(hms), args.get(1).and_then(hms)) else {
        return Err(no_clause(
            T,
            "diff",
            &full(args, &[Term::nil(), Term::nil(), second()]),
        ));
    };
    difference(a.micros(), b.micros(), args.get(2))
}

fn time_compare(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (args.first().and_then(hms), args.get(1).and_then(hms)) else {
        return Err(no_clause(T, "compare", args));
    };
    Ok(order(a.micros().cmp(&b.micros())))
}

fn time_to_string(args: &[Term]) -> Res {
    let t = time_arg(args, T, "to_string")?;
    Ok(Term::string(&time_text(t, false)))
}

fn basic(args: &[Term], at: usize, module: &str, name: &str) -> Res<bool> {
    match args.get(at).map(Term::as_atom) {
        None | Some(Some("extended")) => Ok(false),
        Some(Some("basic")) => Ok(true),
        _ => Err(no_clause(module, name, args)),
    }
}

fn time_to_iso8601(args: &[Term]) -> Res {
    let t = time_arg(args, T, "to_iso8601")?;
    let b = basic(args, 1, T, "to_iso8601")?;
    Ok(Term::string(&time_text(t, b)))
}

fn text_arg<'a>(args: &'a [Term], module: &str, name: &str) -> Res<&'a [u8]> {
    args.first()
        .and_then(Term::as_binary)
        .ok_or_else(|| no_clause(module, name, args))
}

fn time_from_iso8601(args: &[Term]) -> Res {
    Ok(match parse_time(text_arg(args, T, "from_iso8601")?) {
        Ok(t) => pair(Term::ok(), time_term(t)),
        Err(why) => error(why),
    })
}

fn cannot_parse(text: &[u8], kind: &str, why: &str) -> Exception {
    Exception::argument(format!(
        "cannot parse {} as {kind}, reason: :{why}",
        inspect(&Term::bytes(text))
    ))
}

fn time_from_iso8601_bang(args: &[Term]) -> Res {
    let text = text_arg(args, T, "from_iso8601!")?;
    parse_time(text)
        .map(time_term)
        .map_err(|why| cannot_parse(text, "time", why))
}

fn time_to_erl(args: &[Term]) -> Res {
    let t = time_arg(args, T, "to_erl")?;
    Ok(Term::tuple([
        Term::Int(t.h),
        Term::Int(t.mi),
        Term::Int(t.s),
    ]))
}

fn time_from_erl(args: &[Term]) -> Res {
    let Some([h, m, s]) = args.first().and_then(Term::as_tuple) else {
        return Err(no_clause(T, "from_erl", args));
    };
    let mut parts = vec![h.clone(), m.clone(), s.clone()];
    if let Some(us) = args.get(1) {
        parts.push(us.clone());
    }
    time_new(&parts)
}

fn seconds_after_midnight(args: &[Term]) -> Res {
    let t = time_arg(args, T, "to_seconds_after_midnight")?;
    Ok(pair(
        Term::Int((t.h * 60 + t.mi) * 60 + t.s),
        Term::Int(t.us),
    ))
}

fn from_seconds_after_midnight(args: &[Term]) -> Res {
    let Some(Term::Int(secs)) = args.first() else {
        return Err(no_clause(T, "from_seconds_after_midnight", args));
    };
    let (us, prec) =
        micro_arg(args.get(1)).ok_or_else(|| no_clause(T, "from_seconds_after_midnight", args))?;
    let total = i128::from(*secs) * 1_000_000 + i128::from(us);
    Ok(time_term(Hms::from_micros(
        total.rem_euclid(US_PER_DAY),
        prec,
    )))
}

/// The precision `truncate/2` keeps.
fn truncated(t: Hms, unit: &Term) -> Option<Hms> {
    let p = match unit.as_atom()? {
        "microsecond" => 6,
        "millisecond" => 3,
        "second" => 0,
        _ => return None,
    };
    if t.prec <= p {
        return Some(t);
    }
    let keep = 10i64.pow((6 - p) as u32);
    Some(Hms {
        us: t.us / keep * keep,
        prec: p,
        ..t
    })
}

fn time_truncate(args: &[Term]) -> Res {
    args!(args, _t, unit);
    let t = time_arg(args, T, "truncate")?;
    truncated(t, unit)
        .map(time_term)
        .ok_or_else(|| no_clause(T, "truncate", args))
}

fn time_utc_now(n: &mut Native, _: &[Term]) -> Res {
    let (_, t) = now(n)?;
    Ok(time_term(t))
}

fn naive_new2(args: &[Term]) -> Res {
    args!(args, d, t);
    match (ymd(d), hms(t)) {
        (Some(d), Some(t)) => Ok(pair(Term::ok(), naive_term(d, t))),
        _ => Err(no_clause(N, "new", args)),
    }
}

fn naive_new2_bang(args: &[Term]) -> Res {
    args!(args, d, t);
    match (ymd(d), hms(t)) {
        (Some(d), Some(t)) => Ok(naive_term(d, t)),
        _ => Err(no_clause(N, "new!", args)),
    }
}

fn build_naive(args: &[Term], name: &str) -> Res<Result<(Ymd, Hms), &'static str>> {
    let ints: Option<Vec<i64>> = args.iter().take(6).map(Term::as_int).collect();
    let (Some(ints), Some((us, prec))) = (ints, micro_arg(args.get(6))) else {
        return Err(no_clause(N, name, args));
    };
    let [y, m, d, h, mi, s] = ints.as_slice() else {
        return Err(no_clause(N, name, args));
    };
    let date = Ymd {
        y: *y,
        m: *m,
        d: *d,
    };
    let time = Hms {
        h: *h,
        mi: *mi,
        s: *s,
        us,
        prec,
    };
    Ok(if !valid_date(date) {
        Err("invalid_date")
    } else if !valid_time(time) {
        Err("invalid_time")
    } else {
        Ok((date, time))
    })
}

fn naive_new(args: &[Term]) -> Res {
    Ok(match build_naive(args, "new")? {
        Ok((d, t)) => pair(Term::ok(), naive_term(d, t)),
        Err(why) => error(why),
    })
}

fn naive_new_bang(args: &[Term]) -> Res {
    match build_naive(args, "new!")? {
        Ok((d, t)) => Ok(naive_term(d, t)),
        Err(why) => Err(Exception::argument(format!(
            "cannot build naive datetime, reason: :{why}"
        ))),
    }
}

/// `add/2,3` of a date and time: the same precision, `amount` later.
fn shifted(d: Ymd, t: Hms, args: &[Term], module: &str) -> Res<(Ymd, Hms)> {
    let Some(Term::Int(amount)) = args.get(1) else {
        return Err(no_clause(
            module,
            "add",
            &full(args, &[Term::nil(), Term::nil(), second()]),
        ));
    };
    from_total(
        total_micros(d, t) + amount_us(*amount, args.get(2))?,
        t.prec,
    )
}

fn naive_add(args: &[Term]) -> Res {
    let (d, t) = args
        .first()
        .and_then(both)
        .ok_or_else(|| no_clause(N, "add", &full(args, &[Term::nil(), Term::nil(), second()])))?;
    let (d, t) = shifted(d, t, args, N)?;
    Ok(naive_term(d, t))
}

fn naive_diff(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (args.first().and_then(both), args.get(1).and_then(both)) else {
        return Err(no_clause(
            N,
            "diff",
            &full(args, &[Term::nil(), Term::nil(), second()]),
        ));
    };
    difference(total_micros(a.0, a.1), total_micros(b.0, b.1), args.get(2))
}

fn naive_compare(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (args.first().and_then(both), args.get(1).and_then(both)) else {
        return Err(no_clause(N, "compare", args));
    };
    Ok(order(total_micros(a.0, a.1).cmp(&total_micros(b.0, b.1))))
}

fn to_date(args: &[Term]) -> Res {
    let module = args.first().and_then(struct_name).unwrap_or(N);
    let (d, _) = both_arg(args, module, "to_date")?;
    Ok(date_term(d))
}

fn to_time(args: &[Term]) -> Res {
    let module = args.first().and_then(struct_name).unwrap_or(N);
    let (_, t) = both_arg(args, module, "to_time")?;
    Ok(time_term(t))
}

fn naive_text(d: Ymd, t: Hms, sep: &str, basic: bool) -> String {
    format!("{}{sep}{}", date_text(d, basic), time_text(t, basic))
}

fn naive_to_string(args: &[Term]) -> Res {
    let (d, t) = both_arg(args, N, "to_string")?;
    Ok(Term::string(&naive_text(d, t, " ", false)))
}

fn naive_to_iso8601(args: &[Term]) -> Res {
    let (d, t) = both_arg(args, N, "to_iso8601")?;
    let b = basic(args, 1, N, "to_iso8601")?;
    Ok(Term::string(&naive_text(d, t, "T", b)))
}

fn naive_from_iso8601(args: &[Term]) -> Res {
    Ok(match parse_naive(text_arg(args, N, "from_iso8601")?) {
        Ok((d, t)) => pair(Term::ok(), naive_term(d, t)),
        Err(why) => error(why),
    })
}

fn naive_from_iso8601_bang(args: &[Term]) -> Res {
    let text = text_arg(args, N, "from_iso8601!")?;
    parse_naive(text)
        .map(|(d, t)| naive_term(d, t))
        .map_err(|why| cannot_parse(text, "naive datetime", why))
}

fn naive_to_erl(args: &[Term]) -> Res {
    let (d, t) = both_arg(args, N, "to_erl")?;
    Ok(pair(
        Term::tuple([Term::Int(d.y), Term::Int(d.m), Term::Int(d.d)]),
        Term::tuple([Term::Int(t.h), Term::Int(t.mi), Term::Int(t.s)]),
    ))
}

fn naive_from_erl(args: &[Term]) -> Res {
    let Some([date, time]) = args.first().and_then(Term::as_tuple) else {
        return Err(no_clause(N, "from_erl", args));
    };
    let (Some([y, m, d]), Some([h, mi, s])) = (date.as_tuple(), time.as_tuple()) else {
        return Err(no_clause(N, "from_erl", args));
    };
    let mut parts = vec![
        y.clone(),
        m.clone(),
        d.clone(),
        h.clone(),
        mi.clone(),
        s.clone(),
    ];
    if let Some(us) = args.get(1) {
        parts.push(us.clone());
    }
    naive_new(&parts)
}

fn naive_truncate(args: &[Term]) -> Res {
    args!(args, _t, unit);
    let (d, t) = both_arg(args, N, "truncate")?;
    truncated(t, unit)
        .map(|t| naive_term(d, t))
        .ok_or_else(|| no_clause(N, "truncate", args))
}

fn naive_utc_now(n: &mut Native, _: &[Term]) -> Res {
    let (d, t) = now(n)?;
    Ok(naive_term(d, t))
}

/// `DateTime.utc_now/0`: the simulation's wall clock.
fn utc_now(n: &mut Native, _: &[Term]) -> Res {
    let (d, t) = now(n)?;
    Ok(utc_term(d, t))
}

fn to_unix(args: &[Term]) -> Res {
    let (d, t) = utc_arg(args, "to_unix")?;
    let unit = args.get(1).cloned().unwrap_or_else(|| Term::atom("second"));
    let us = Term::atom("microsecond");
    let value = convert(total_micros(d, t), &us, &unit)?
        - convert(UNIX_EPOCH_SECONDS, &Term::atom("second"), &unit)?;
    Ok(Term::from_i128(value))
}

/// The first and last Unix microsecond `DateTime.from_unix/2` accepts.
const UNIX_RANGE: std::ops::RangeInclusive<i128> =
    -377_705_116_800_000_000..=253_402_300_799_999_999;

fn unix(args: &[Term], name: &str) -> Res<Option<(Ymd, Hms)>> {
    let Some(Term::Int(n)) = args.first() else {
        let filled = full(args, &[Term::nil(), second(), Term::atom(ISO)]);
        return Err(no_clause(D, name, &filled));
    };
    let unit = args.get(1).cloned().unwrap_or_else(second);
    let total = convert(i128::from(*n), &unit, &Term::atom("microsecond"))?;
    if !UNIX_RANGE.contains(&total) {
        return Ok(None);
    }
    Ok(Some(from_total(
        total + UNIX_EPOCH_SECONDS * 1_000_000,
        unit_precision(&unit),
    )?))
}

fn from_unix(args: &[Term]) -> Res {
    Ok(match unix(args, "from_unix")? {
        Some((d, t)) => pair(Term::ok(), utc_term(d, t)),
        None => error("invalid_unix_time"),
    })
}

fn from_unix_bang(args: &[Term]) -> Res {
    match unix(args, "from_unix!")? {
        Some((d, t)) => Ok(utc_term(d, t)),
        None => Err(Exception::argument(format!(
            "invalid Unix time {}",
            inspect(args.first().unwrap_or(&Term::nil()))
        ))),
    }
}

fn utc_to_iso8601(args: &[Term]) -> Res {
    let (d, t) = utc_arg(args, "to_iso8601")?;
    let b = basic(args, 1, D, "to_iso8601")?;
    Ok(Term::string(&format!("{}Z", naive_text(d, t, "T", b))))
}

fn utc_to_string(args: &[Term]) -> Res {
    let (d, t) = utc_arg(args, "to_string")?;
    Ok(Term::string(&format!("{}Z", naive_text(d, t, " ", false))))
}

fn to_naive(args: &[Term]) -> Res {
    let (d, t) = utc_arg(args, "to_naive")?;
    Ok(naive_term(d, t))
}

fn utc_compare(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (
        args.first().filter(|t| is_utc(t)).and_then(both),
        args.get(1).filter(|t| is_utc(t)).and_then(both),
    ) else {
        return Err(no_clause(D, "compare", args));
    };
    Ok(order(total_micros(a.0, a.1).cmp(&total_micros(b.0, b.1))))
}

fn utc_diff(args: &[Term]) -> Res {
    let (Some(a), Some(b)) = (
        args.first().filter(|t| is_utc(t)).and_then(both),
        args.get(1).filter(|t| is_utc(t)).and_then(both),
    ) else {
        return Err(no_clause(D, "diff", args));
    };
    difference(total_micros(a.0, a.1), total_micros(b.0, b.1), args.get(2))
}

fn utc_add(args: &[Term]) -> Res {
    let (d, t) = utc_arg(args, "add")?;
    let (d, t) = shifted(d, t, args, D)?;
    Ok(utc_term(d, t))
}

fn utc_truncate(args: &[Term]) -> Res {
    args!(args, _t, unit);
    let (d, t) = utc_arg(args, "truncate")?;
    truncated(t, unit)
        .map(|t| utc_term(d, t))
        .ok_or_else(|| no_clause(D, "truncate", args))
}

fn utc_from_iso8601(args: &[Term]) -> Res {
    Ok(match parse_utc(text_arg(args, D, "from_iso8601")?) {
        Ok((d, t, off)) => Term::tuple([Term::ok(), utc_term(d, t), Term::Int(off)]),
        Err(why) => error(why),
    })
}

fn utc_only(zone: &Term) -> bool {
    zone.as_binary() == Some(b"Etc/UTC")
}

fn from_naive(args: &[Term]) -> Res {
    args!(args, naive, zone);
    let Some((d, t)) = both(naive) else {
        return Err(no_clause(D, "from_naive", args));
    };
    if !utc_only(zone) {
        return Ok(error("utc_only_time_zone_database"));
    }
    Ok(pair(Term::ok(), utc_term(d, t)))
}

fn utc_new(args: &[Term]) -> Res {
    let (Some(d), Some(t)) = (args.first().and_then(ymd), args.get(1).and_then(hms)) else {
        return Err(no_clause(D, "new", args));
    };
    if !args.get(2).is_none_or(utc_only) {
        return Ok(error("utc_only_time_zone_database"));
    }
    Ok(pair(Term::ok(), utc_term(d, t)))
}
