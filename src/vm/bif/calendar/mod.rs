//! Dates and times in `Calendar.ISO`: the `~D`, `~T`, `~N` and `~U`
//! sigils, `Date`, `Time`, `NaiveDateTime` and `DateTime` (UTC only, as
//! with Elixir's default time zone database).
//!
//! | file | what |
//! |------|------|
//! | `parse` | ISO 8601 text to dates and times (`Calendar.ISO.parse_*`), the sigils |
//! | `date` | `Date` |
//! | `time` | `Time`, `NaiveDateTime`, `DateTime` |
//!
//! The simulation's wall clock starts at 2026-01-01T00:00:00Z and moves
//! with virtual time: `DateTime.utc_now/0` and `Date.utc_today/0` read it
//! (the same clock as `System.system_time/1`).
//!
//! Only `Calendar.ISO` exists here: a struct of another calendar is not
//! matched by any function (a `FunctionClauseError`).

mod date;
mod parse;
mod time;

use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// The sigils and `Calendar.ISO`'s parsers.
pub(super) const PARSE_BIFS: &[Bif] = parse::BIFS;
/// `Date`.
pub(super) const DATE_BIFS: &[Bif] = date::BIFS;
/// `Time`, `NaiveDateTime` and `DateTime`.
pub(super) const TIME_BIFS: &[Bif] = time::BIFS;

/// `Calendar.ISO` as stored.
const ISO: &str = "Elixir.Calendar.ISO";

/// Microseconds in a day.
const US_PER_DAY: i128 = 86_400_000_000;

/// Days from 0000-01-01 to 1970-01-01.
const UNIX_EPOCH_DAYS: i64 = 719_528;

/// The days `Calendar.ISO.date_from_iso_days/1` accepts (years -9999 to 9999).
const ISO_DAYS: std::ops::RangeInclusive<i64> = -3_652_059..=3_652_424;

/// A date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ymd {
    pub(crate) y: i64,
    pub(crate) m: i64,
    pub(crate) d: i64,
}

/// A time of day with its microseconds and their precision (0 to 6 digits).
#[derive(Clone, Copy)]
pub(crate) struct Hms {
    pub(crate) h: i64,
    pub(crate) mi: i64,
    pub(crate) s: i64,
    pub(crate) us: i64,
    pub(crate) prec: i64,
}

impl Hms {
    /// Microseconds since midnight.
    fn micros(&self) -> i128 {
        i128::from(((self.h * 60 + self.mi) * 60 + self.s) * 1_000_000 + self.us)
    }

    /// The time `us` microseconds after midnight (`us` within a day).
    fn from_micros(us: i128, prec: i64) -> Hms {
        let us = us.rem_euclid(US_PER_DAY) as i64;
        let secs = us / 1_000_000;
        Hms {
            h: secs / 3600,
            mi: secs / 60 % 60,
            s: secs % 60,
            us: us % 1_000_000,
            prec,
        }
    }
}

pub(crate) fn leap_year(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `Calendar.ISO.valid_date?/3` for integers.
fn valid_date(d: Ymd) -> bool {
    (-9999..=9999).contains(&d.y)
        && (1..=12).contains(&d.m)
        && d.d >= 1
        && d.d <= days_in_month(d.y, d.m)
}

/// `Calendar.ISO.valid_time?/4`.
fn valid_time(t: Hms) -> bool {
    (0..=23).contains(&t.h)
        && (0..=59).contains(&t.mi)
        && (0..=59).contains(&t.s)
        && (0..=999_999).contains(&t.us)
        && (0..=6).contains(&t.prec)
}

/// Days since 0000-01-01 (`Calendar.ISO.date_to_iso_days/3`).
pub(crate) fn iso_days(d: Ymd) -> i64 {
    // Howard Hinnant's days_from_civil, shifted to the ISO epoch.
    let y = if d.m <= 2 { d.y - 1 } else { d.y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (d.m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d.d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + UNIX_EPOCH_DAYS
}

/// The date `days` after 0000-01-01, if within years -9999 to 9999.
pub(crate) fn from_iso_days(days: i64) -> Option<Ymd> {
    if !ISO_DAYS.contains(&days) {
        return None;
    }
    let z = days - UNIX_EPOCH_DAYS + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(Ymd { y, m, d })
}

/// `from_iso_days`, or the clause error Elixir raises out of range.
fn date_at(days: i64) -> Res<Ymd> {
    from_iso_days(days)
        .ok_or_else(|| Exception::function_clause(ISO, "date_from_iso_days", vec![Term::Int(days)]))
}

/// 1 for Monday to 7 for Sunday.
pub(crate) fn day_of_week(d: Ymd) -> i64 {
    (iso_days(d) + 5).rem_euclid(7) + 1
}

fn zero_pad(v: i64, width: usize) -> String {
    if v < 0 {
        format!("-{:0width$}", v.unsigned_abs())
    } else {
        format!("{v:0width$}")
    }
}

/// `2024-01-31` (or `20240131` for `:basic`).
pub(crate) fn date_text(d: Ymd, basic: bool) -> String {
    let sep = if basic { "" } else { "-" };
    format!(
        "{}{sep}{}{sep}{}",
        zero_pad(d.y, 4),
        zero_pad(d.m, 2),
        zero_pad(d.d, 2)
    )
}

/// `13:45:00.123` with as many fraction digits as the precision.
pub(crate) fn time_text(t: Hms, basic: bool) -> String {
    let sep = if basic { "" } else { ":" };
    let mut s = format!("{:02}{sep}{:02}{sep}{:02}", t.h, t.mi, t.s);
    if t.prec > 0 {
        let digits = format!("{:06}", t.us);
        s.push('.');
        s.push_str(digits.get(..t.prec as usize).unwrap_or(&digits));
    }
    s
}

fn get<'a>(t: &'a Term, key: &str) -> Option<&'a Term> {
    t.as_map()?.get(&Term::atom(key))
}

fn int(t: &Term, key: &str) -> Option<i64> {
    get(t, key)?.as_int()
}

/// Whether the map's `calendar` is `Calendar.ISO`.
fn iso(t: &Term) -> bool {
    get(t, "calendar").is_some_and(|c| c.is_atom(ISO))
}

/// The date fields of a map (a `Date`, `NaiveDateTime` or `DateTime`).
pub(crate) fn ymd(t: &Term) -> Option<Ymd> {
    if !iso(t) {
        return None;
    }
    Some(Ymd {
        y: int(t, "year")?,
        m: int(t, "month")?,
        d: int(t, "day")?,
    })
}

/// The time fields of a map (a `Time`, `NaiveDateTime` or `DateTime`).
pub(crate) fn hms(t: &Term) -> Option<Hms> {
    if !iso(t) {
        return None;
    }
    let (us, prec) = match get(t, "microsecond")?.as_tuple()? {
        [Term::Int(us), Term::Int(p)] => (*us, *p),
        _ => return None,
    };
    Some(Hms {
        h: int(t, "hour")?,
        mi: int(t, "minute")?,
        s: int(t, "second")?,
        us,
        prec,
    })
}

/// The struct name of a map, if it has one.
pub(crate) fn struct_name(t: &Term) -> Option<&'static str> {
    get(t, "__struct__")?.as_atom()
}

fn date_fields(d: Ymd) -> Vec<(Term, Term)> {
    vec![
        (Term::atom("year"), Term::Int(d.y)),
        (Term::atom("month"), Term::Int(d.m)),
        (Term::atom("day"), Term::Int(d.d)),
    ]
}

fn time_fields(t: Hms) -> Vec<(Term, Term)> {
    vec![
        (Term::atom("hour"), Term::Int(t.h)),
        (Term::atom("minute"), Term::Int(t.mi)),
        (Term::atom("second"), Term::Int(t.s)),
        (
            Term::atom("microsecond"),
            Term::tuple([Term::Int(t.us), Term::Int(t.prec)]),
        ),
    ]
}

fn with_struct(name: &str, mut fields: Vec<(Term, Term)>) -> Term {
    fields.push((Term::atom("__struct__"), Term::atom(name)));
    fields.push((Term::atom("calendar"), Term::atom(ISO)));
    Term::map(fields)
}

/// `%Date{}`.
pub(crate) fn date_term(d: Ymd) -> Term {
    with_struct("Elixir.Date", date_fields(d))
}

/// `%Time{}`.
pub(crate) fn time_term(t: Hms) -> Term {
    with_struct("Elixir.Time", time_fields(t))
}

/// `%NaiveDateTime{}`.
pub(crate) fn naive_term(d: Ymd, t: Hms) -> Term {
    let mut f = date_fields(d);
    f.extend(time_fields(t));
    with_struct("Elixir.NaiveDateTime", f)
}

/// `%DateTime{}` in UTC.
pub(crate) fn utc_term(d: Ymd, t: Hms) -> Term {
    let mut f = date_fields(d);
    f.extend(time_fields(t));
    f.extend([
        (Term::atom("time_zone"), Term::string("Etc/UTC")),
        (Term::atom("zone_abbr"), Term::string("UTC")),
        (Term::atom("utc_offset"), Term::Int(0)),
        (Term::atom("std_offset"), Term::Int(0)),
    ]);
    with_struct("Elixir.DateTime", f)
}

/// Parts per second of a `System.time_unit`.
fn unit_parts(unit: &Term) -> Option<i128> {
    match unit {
        Term::Int(n) if *n > 0 => Some(i128::from(*n)),
        _ => match unit.as_atom()? {
            "second" => Some(1),
            "millisecond" => Some(1_000),
            "microsecond" => Some(1_000_000),
            "nanosecond" | "native" => Some(1_000_000_000),
            _ => None,
        },
    }
}

fn bad_unit(unit: &Term) -> Exception {
    Exception::argument(format!(
        "unsupported time unit. Expected :second, :millisecond, :microsecond, :nanosecond, or a positive integer, got {}",
        crate::term::inspect(unit)
    ))
}

/// `System.convert_time_unit(n, from, to)` (rounding down).
fn convert(n: i128, from: &Term, to: &Term) -> Res<i128> {
    let f = unit_parts(from).ok_or_else(|| bad_unit(from))?;
    let t = unit_parts(to).ok_or_else(|| bad_unit(to))?;
    Ok(n.saturating_mul(t).div_euclid(f))
}

/// The precision a unit gives (`DateTime.from_unix/2`).
fn unit_precision(unit: &Term) -> i64 {
    match unit_parts(unit) {
        Some(1) => 0,
        Some(10) => 1,
        Some(100) => 2,
        Some(1_000) => 3,
        Some(10_000) => 4,
        Some(100_000) => 5,
        _ => 6,
    }
}

/// Microseconds since 0000-01-01T00:00:00.
fn total_micros(d: Ymd, t: Hms) -> i128 {
    i128::from(iso_days(d)) * US_PER_DAY + t.micros()
}

/// The date and time `us` microseconds after 0000-01-01T00:00:00.
fn from_total(us: i128, prec: i64) -> Res<(Ymd, Hms)> {
    let days = us.div_euclid(US_PER_DAY);
    let days = i64::try_from(days).unwrap_or(i64::MAX);
    Ok((
        date_at(days)?,
        Hms::from_micros(us.rem_euclid(US_PER_DAY), prec),
    ))
}

/// The arguments with defaults filled in, for the clause error of a
/// function with default arguments (Elixir names the full arity).
fn full(args: &[Term], defaults: &[Term]) -> Vec<Term> {
    let mut v = args.to_vec();
    let have = v.len();
    let total = have.max(defaults.len());
    if let Some(rest) = defaults.get(have..total) {
        v.extend_from_slice(rest);
    }
    v
}

/// `:second`, the default unit.
fn second() -> Term {
    Term::atom("second")
}

/// `:lt`, `:eq` or `:gt`.
fn order(o: std::cmp::Ordering) -> Term {
    Term::atom(match o {
        std::cmp::Ordering::Less => "lt",
        std::cmp::Ordering::Equal => "eq",
        std::cmp::Ordering::Greater => "gt",
    })
}

/// `to_string/1` (`String.Chars`) for the calendar structs, if `t` is one.
pub(crate) fn to_string(t: &Term) -> Option<String> {
    match struct_name(t)? {
        "Elixir.Date" => Some(date_text(ymd(t)?, false)),
        "Elixir.Time" => Some(time_text(hms(t)?, false)),
        "Elixir.NaiveDateTime" => Some(format!(
            "{} {}",
            date_text(ymd(t)?, false),
            time_text(hms(t)?, false)
        )),
        "Elixir.DateTime" => Some(format!(
            "{} {}Z",
            date_text(ymd(t)?, false),
            time_text(hms(t)?, false)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_round_trip() {
        for days in [-3_652_059, -1, 0, 1, 365, 366, 719_528, 739_372, 3_652_424] {
            let d = from_iso_days(days).unwrap();
            assert_eq!(iso_days(d), days);
        }
        assert_eq!(iso_days(Ymd { y: 0, m: 1, d: 1 }), 0);
        assert_eq!(
            iso_days(Ymd {
                y: 2024,
                m: 5,
                d: 1
            }),
            739_372
        );
        assert!(from_iso_days(3_652_425).is_none());
    }
}
