//! `Date`.

use super::parse::parse_date;
use super::{
    date_at, date_term, date_text, day_of_week, days_in_month, iso_days, leap_year, order,
    valid_date, ymd, Ymd, ISO,
};
use crate::term::{inspect, Term};
use crate::vm::bif::support::{args, no_clause, pair};
use crate::vm::bif::{Bif, Native};
use crate::vm::exception::{Exception, Res};

const M: &str = "Elixir.Date";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "new", 3, new),
    Bif::pure(M, "new", 4, new),
    Bif::pure(M, "new!", 3, new_bang),
    Bif::pure(M, "new!", 4, new_bang),
    Bif::pure(M, "add", 2, add),
    Bif::pure(M, "diff", 2, diff),
    Bif::pure(M, "day_of_week", 1, day_of_week1),
    Bif::pure(M, "day_of_week", 2, day_of_week2),
    Bif::pure(M, "day_of_year", 1, day_of_year),
    Bif::pure(M, "days_in_month", 1, days_in_month1),
    Bif::pure(M, "months_in_year", 1, months_in_year),
    Bif::pure(M, "leap_year?", 1, leap_year1),
    Bif::pure(M, "quarter_of_year", 1, quarter_of_year),
    Bif::pure(M, "year_of_era", 1, year_of_era),
    Bif::pure(M, "compare", 2, compare),
    Bif::pure(M, "to_string", 1, to_string),
    Bif::pure(M, "to_iso8601", 1, to_iso8601),
    Bif::pure(M, "to_iso8601", 2, to_iso8601),
    Bif::pure(M, "from_iso8601", 1, from_iso8601),
    Bif::pure(M, "from_iso8601", 2, from_iso8601),
    Bif::pure(M, "from_iso8601!", 1, from_iso8601_bang),
    Bif::pure(M, "from_iso8601!", 2, from_iso8601_bang),
    Bif::pure(M, "beginning_of_month", 1, beginning_of_month),
    Bif::pure(M, "end_of_month", 1, end_of_month),
    Bif::pure(M, "beginning_of_week", 1, beginning_of_week),
    Bif::pure(M, "beginning_of_week", 2, beginning_of_week),
    Bif::pure(M, "end_of_week", 1, end_of_week),
    Bif::pure(M, "end_of_week", 2, end_of_week),
    Bif::pure(M, "to_erl", 1, to_erl),
    Bif::pure(M, "from_erl", 1, from_erl),
    Bif::pure(M, "from_erl", 2, from_erl),
    Bif::pure(M, "from_erl!", 1, from_erl_bang),
    Bif::pure(M, "from_erl!", 2, from_erl_bang),
    Bif::pure(M, "to_gregorian_days", 1, to_gregorian_days),
    Bif::pure(M, "from_gregorian_days", 1, from_gregorian_days),
    Bif::world(M, "utc_today", 0, utc_today),
    Bif::world(M, "utc_today", 1, utc_today),
];

/// The date in the first argument, or a clause error in `Date.name`.
fn date_arg(args: &[Term], name: &str) -> Res<Ymd> {
    args.first()
        .and_then(ymd)
        .ok_or_else(|| no_clause(M, name, args))
}

fn calendar_ok(args: &[Term], at: usize) -> bool {
    args.get(at).is_none_or(|c| c.is_atom(ISO))
}

/// `{:ok, date}` or `{:error, :invalid_date}` from three integers.
fn build(args: &[Term], name: &str) -> Res<Result<Ymd, Term>> {
    let (Some(y), Some(m), Some(d)) = (
        args.first().and_then(Term::as_int),
        args.get(1).and_then(Term::as_int),
        args.get(2).and_then(Term::as_int),
    ) else {
        return Err(no_clause(ISO, "valid_date?", args.get(..3).unwrap_or(args)));
    };
    if !calendar_ok(args, 3) {
        return Err(no_clause(M, name, args));
    }
    let date = Ymd { y, m, d };
    Ok(if valid_date(date) {
        Ok(date)
    } else {
        Err(Term::atom("invalid_date"))
    })
}

fn new(args: &[Term]) -> Res {
    Ok(match build(args, "new")? {
        Ok(d) => pair(Term::ok(), date_term(d)),
        Err(why) => pair(Term::atom("error"), why),
    })
}

fn new_bang(args: &[Term]) -> Res {
    match build(args, "new!")? {
        Ok(d) => Ok(date_term(d)),
        Err(why) => Err(Exception::argument(format!(
            "cannot build date, reason: {}",
            inspect(&why)
        ))),
    }
}

fn add(args: &[Term]) -> Res {
    args!(args, date, days);
    let d = date_arg(args, "add")?;
    match days {
        Term::Int(n) => Ok(date_term(date_at(iso_days(d).saturating_add(*n))?)),
        Term::Float(f) => Err(no_clause(
            ISO,
            "date_from_iso_days",
            &[Term::Float(iso_days(d) as f64 + f)],
        )),
        _ => Err(no_clause(M, "add", &[date.clone(), days.clone()])),
    }
}

fn diff(args: &[Term]) -> Res {
    args!(args, a, b);
    match (ymd(a), ymd(b)) {
        (Some(a), Some(b)) => Ok(Term::Int(iso_days(a) - iso_days(b))),
        _ => Err(no_clause(M, "diff", args)),
    }
}

fn day_of_week1(args: &[Term]) -> Res {
    let d = date_arg(args, "day_of_week")?;
    Ok(Term::Int(day_of_week(d)))
}

/// The first day of the week: 1 (Monday) to 7 (Sunday).
fn week_start(starting_on: Option<&Term>) -> Option<i64> {
    Some(match starting_on.map(Term::as_atom) {
        None | Some(Some("default" | "monday")) => 1,
        Some(Some("tuesday")) => 2,
        Some(Some("wednesday")) => 3,
        Some(Some("thursday")) => 4,
        Some(Some("friday")) => 5,
        Some(Some("saturday")) => 6,
        Some(Some("sunday")) => 7,
        _ => return None,
    })
}

/// The day of the week counted from `start` (1 for the first day).
fn weekday_from(d: Ymd, args: &[Term], name: &str) -> Res<i64> {
    let start = week_start(args.get(1)).ok_or_else(|| no_clause(ISO, "day_of_week", args))?;
    let _ = name;
    Ok((day_of_week(d) - start).rem_euclid(7) + 1)
}

fn day_of_week2(args: &[Term]) -> Res {
    let d = date_arg(args, "day_of_week")?;
    Ok(Term::Int(weekday_from(d, args, "day_of_week")?))
}

fn day_of_year(args: &[Term]) -> Res {
    let d = date_arg(args, "day_of_year")?;
    Ok(Term::Int(
        iso_days(d) - iso_days(Ymd { m: 1, d: 1, ..d }) + 1,
    ))
}

fn days_in_month1(args: &[Term]) -> Res {
    let d = date_arg(args, "days_in_month")?;
    Ok(Term::Int(days_in_month(d.y, d.m)))
}

fn months_in_year(args: &[Term]) -> Res {
    date_arg(args, "months_in_year")?;
    Ok(Term::Int(12))
}

fn leap_year1(args: &[Term]) -> Res {
    let d = date_arg(args, "leap_year?")?;
    Ok(Term::boolean(leap_year(d.y)))
}

fn quarter_of_year(args: &[Term]) -> Res {
    let d = date_arg(args, "quarter_of_year")?;
    Ok(Term::Int((d.m + 2) / 3))
}

fn year_of_era(args: &[Term]) -> Res {
    let d = date_arg(args, "year_of_era")?;
    Ok(if d.y > 0 {
        pair(Term::Int(d.y), Term::Int(1))
    } else {
        pair(Term::Int(1 - d.y), Term::Int(0))
    })
}

fn compare(args: &[Term]) -> Res {
    args!(args, a, b);
    match (ymd(a), ymd(b)) {
        (Some(a), Some(b)) => Ok(order(a.cmp(&b))),
        _ => Err(no_clause(M, "compare", args)),
    }
}

fn to_string(args: &[Term]) -> Res {
    let d = date_arg(args, "to_string")?;
    Ok(Term::string(&date_text(d, false)))
}

fn to_iso8601(args: &[Term]) -> Res {
    let d = date_arg(args, "to_iso8601")?;
    let basic = match args.get(1).map(Term::as_atom) {
        None | Some(Some("extended")) => false,
        Some(Some("basic")) => true,
        _ => return Err(no_clause(M, "to_iso8601", args)),
    };
    Ok(Term::string(&date_text(d, basic)))
}

fn from_iso8601(args: &[Term]) -> Res {
    let (Some(text), true) = (args.first().and_then(Term::as_binary), calendar_ok(args, 1)) else {
        return Err(no_clause(M, "from_iso8601", args));
    };
    Ok(match parse_date(text) {
        Ok(d) => pair(Term::ok(), date_term(d)),
        Err(why) => pair(Term::atom("error"), Term::atom(why)),
    })
}

fn from_iso8601_bang(args: &[Term]) -> Res {
    let (Some(text), true) = (args.first().and_then(Term::as_binary), calendar_ok(args, 1)) else {
        return Err(no_clause(M, "from_iso8601!", args));
    };
    parse_date(text).map(date_term).map_err(|why| {
        Exception::argument(format!(
            "cannot parse {} as date, reason: :{why}",
            inspect(&Term::bytes(text))
        ))
    })
}

fn beginning_of_month(args: &[Term]) -> Res {
    let d = date_arg(args, "beginning_of_month")?;
    Ok(date_term(Ymd { d: 1, ..d }))
}

fn end_of_month(args: &[Term]) -> Res {
    let d = date_arg(args, "end_of_month")?;
    Ok(date_term(Ymd {
        d: days_in_month(d.y, d.m),
        ..d
    }))
}

fn beginning_of_week(args: &[Term]) -> Res {
    let d = date_arg(args, "beginning_of_week")?;
    let n = weekday_from(d, args, "beginning_of_week")?;
    Ok(date_term(date_at(iso_days(d) - (n - 1))?))
}

fn end_of_week(args: &[Term]) -> Res {
    let d = date_arg(args, "end_of_week")?;
    let n = weekday_from(d, args, "end_of_week")?;
    Ok(date_term(date_at(iso_days(d) + (7 - n))?))
}

fn to_erl(args: &[Term]) -> Res {
    let d = date_arg(args, "to_erl")?;
    Ok(Term::tuple([
        Term::Int(d.y),
        Term::Int(d.m),
        Term::Int(d.d),
    ]))
}

fn erl_date(args: &[Term], name: &str) -> Res<Result<Ymd, Term>> {
    match args.first().and_then(Term::as_tuple) {
        Some([y, m, d]) if calendar_ok(args, 1) => build(&[y.clone(), m.clone(), d.clone()], name),
        _ => Err(no_clause(M, name, args)),
    }
}

fn from_erl(args: &[Term]) -> Res {
    Ok(match erl_date(args, "from_erl")? {
        Ok(d) => pair(Term::ok(), date_term(d)),
        Err(why) => pair(Term::atom("error"), why),
    })
}

fn from_erl_bang(args: &[Term]) -> Res {
    match erl_date(args, "from_erl!")? {
        Ok(d) => Ok(date_term(d)),
        Err(why) => Err(Exception::argument(format!(
            "cannot convert {} to date, reason: {}",
            inspect(args.first().unwrap_or(&Term::nil())),
            inspect(&why)
        ))),
    }
}

fn to_gregorian_days(args: &[Term]) -> Res {
    let d = date_arg(args, "to_gregorian_days")?;
    Ok(Term::Int(iso_days(d)))
}

fn from_gregorian_days(args: &[Term]) -> Res {
    args!(args, days);
    let Term::Int(n) = days else {
        return Err(no_clause(M, "from_gregorian_days", args));
    };
    Ok(date_term(date_at(*n)?))
}

/// `Date.utc_today/0`: the date on the simulation's wall clock.
fn utc_today(n: &mut Native, _: &[Term]) -> Res {
    let (d, _) = super::time::now(n)?;
    Ok(date_term(d))
}
