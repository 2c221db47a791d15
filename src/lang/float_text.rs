//! Floats as Elixir 1.14 writes them.
//!
//! - [`float_to_string`] is `inspect/1` (and so how iex shows a float):
//!   integral floats from 1.0 up to 1.0e16 in full (`1500.0`,
//!   `1000000000000000.0`), everything else as [`float_to_short_string`].
//! - [`float_to_short_string`] is `Float.to_string/1`, i.e. Erlang's
//!   `float_to_list(f, [:short])`: the shortest digits that read back as the
//!   same float, written as plain decimals when that is no longer than the
//!   exponent form (`0.001`, `100.0`, `0.0001`), else as `1.5e3`, `1.5e-5`;
//!   always in the exponent form from 2^53 (9007199254740992.0) up.
//!
//! The shortest digits come from `ryu`, which finds the same digits as
//! Erlang's algorithm (both give the shortest round-trip, closest digits).

/// The shortest round-trip digits of a finite, nonzero `|f|` and the place
/// of the decimal point relative to them (`0.DIGITS × 10^place`).
fn digits(f: f64) -> (Vec<u8>, i32) {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(f.abs());
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let mut place = int_part.len() as i32 + exponent;
    while all.first() == Some(&b'0') {
        all.remove(0);
        place -= 1;
    }
    while all.last() == Some(&b'0') {
        all.pop();
    }
    if all.is_empty() {
        all.push(b'0');
    }
    (all, place)
}

/// `Float.to_string/1` (Erlang's `io_lib_format:fwrite_g/1`).
pub fn float_to_short_string(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    if !f.is_finite() {
        return format!("{f}");
    }
    let (digits, place) = digits(f);
    let s = String::from_utf8_lossy(&digits).into_owned();
    let body = if f.abs() >= 9007199254740992.0 {
        // From 2^53 up Erlang always uses the exponent form.
        exponent_form(place, &s)
    } else {
        insert_decimal(place, &s)
    };
    if f < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

/// Erlang's `insert_decimal/3`.
fn insert_decimal(place: i32, s: &str) -> String {
    if place == 0 {
        return format!("0.{s}");
    }
    let len = s.len() as i32;
    if place > 0 && place < len {
        let (a, b) = s.split_at(place as usize);
        return format!("{a}.{b}");
    }
    let exp = (place - 1).to_string();
    let exp_dot = if len == 1 { 2 } else { 1 };
    let exp_cost = exp.len() as i32 + 1 + exp_dot;
    if place < 0 {
        if 2 - place <= exp_cost {
            return format!("0.{}{s}", "0".repeat((-place) as usize));
        }
    } else if place - len + 2 <= exp_cost {
        return format!("{s}{}.0", "0".repeat((place - len) as usize));
    }
    exponent_form(place, s)
}

/// `D.DDDeX` (with `.0` when there is one digit).
fn exponent_form(place: i32, s: &str) -> String {
    let exp = place - 1;
    let (first, rest) = s.split_at(1.min(s.len()));
    if rest.is_empty() {
        format!("{first}.0e{exp}")
    } else {
        format!("{first}.{rest}e{exp}")
    }
}

/// `inspect/1` of a float, as iex prints it.
pub fn float_to_string(f: f64) -> String {
    let abs = f.abs();
    if (1.0..1.0e16).contains(&abs) && f.trunc() == f {
        return format!("{}.0", f.trunc() as i64);
    }
    float_to_short_string(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value with `inspect/1` and `Float.to_string/1` from Elixir 1.14.
    const CASES: &[(f64, &str, &str)] = &[
        (0.0, "0.0", "0.0"),
        (-0.0, "-0.0", "-0.0"),
        (1.0, "1.0", "1.0"),
        (1500.0, "1500.0", "1.5e3"),
        (1.0e10, "10000000000.0", "1.0e10"),
        (1.0e-4, "0.0001", "0.0001"),
        (0.1, "0.1", "0.1"),
        (
            0.30000000000000004,
            "0.30000000000000004",
            "0.30000000000000004",
        ),
        (1.0e15, "1000000000000000.0", "1.0e15"),
        (1.0e16, "1.0e16", "1.0e16"),
        (
            123456789012345680.0,
            "1.2345678901234568e17",
            "1.2345678901234568e17",
        ),
        (1.0e-3, "0.001", "0.001"),
        (0.01, "0.01", "0.01"),
        (1.5e-5, "1.5e-5", "1.5e-5"),
        (5.0e-324, "5.0e-324", "5.0e-324"),
        (
            2.2250738585072014e-308,
            "2.2250738585072014e-308",
            "2.2250738585072014e-308",
        ),
        (
            1.7976931348623157e308,
            "1.7976931348623157e308",
            "1.7976931348623157e308",
        ),
        (12345.678, "12345.678", "12345.678"),
        (1.0e21, "1.0e21", "1.0e21"),
        (100.0, "100.0", "100.0"),
        (
            9007199254740993.0,
            "9007199254740992.0",
            "9.007199254740992e15",
        ),
        (999999999999999.9, "999999999999999.9", "999999999999999.9"),
        (1.0e14, "100000000000000.0", "1.0e14"),
        (123.456e10, "1234560000000.0", "1.23456e12"),
        (-2.5e-7, "-2.5e-7", "-2.5e-7"),
        (0.00012, "1.2e-4", "1.2e-4"),
        (4.35, "4.35", "4.35"),
        (1.0e100, "1.0e100", "1.0e100"),
        (3.0e-10, "3.0e-10", "3.0e-10"),
        (
            1.2345678901234567e-5,
            "1.2345678901234568e-5",
            "1.2345678901234568e-5",
        ),
        (0.0001234, "1.234e-4", "1.234e-4"),
    ];

    #[test]
    fn matches_elixir() {
        for (f, inspect, short) in CASES {
            assert_eq!(float_to_string(*f), *inspect, "inspect({f:e})");
            assert_eq!(float_to_short_string(*f), *short, "Float.to_string({f:e})");
        }
    }
}
