//! Floats as Elixir 1.14 prints them.
//!
//! The digits are the shortest that read back to the same double (the
//! `ryu` crate computes them, as OTP's `float_to_list(F, [short])` does).
//! Where the point goes follows OTP's `io_lib_format:fwrite_g/1`: plain
//! decimal notation unless the exponent form is shorter. `inspect/1`
//! differs in one case: a whole number from 1 up to 10^16 prints in full
//! (`1000000000000000.0`, where `Float.to_string/1` gives `1.0e15`).

/// `Float.to_string/1`: the shortest digits, placed as `fwrite_g` places them.
pub fn float_to_string(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let (digits, place) = shortest(f.abs());
    let sign = if f < 0.0 { "-" } else { "" };
    format!("{sign}{}", insert_decimal(place, &digits, f.abs()))
}

/// `inspect/1` of a float.
pub fn inspect_float(f: f64) -> String {
    let abs = f.abs();
    if (1.0..1.0e16).contains(&abs) && abs.trunc() == abs {
        return format!("{}.0", f as i64);
    }
    float_to_string(f)
}

/// The shortest round-trip digits of a positive finite `f`, and where the
/// decimal point goes: `f = 0.DIGITS × 10^place`.
fn shortest(f: f64) -> (String, i32) {
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(f);
    let (mantissa, exp) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int_part}{frac_part}");
    let mut place = exp + int_part.len() as i32;
    // Strip leading zeros (0.001 → digits "1", place -2) and trailing ones.
    while digits.starts_with('0') && digits.len() > 1 {
        digits.remove(0);
        place -= 1;
    }
    while digits.ends_with('0') && digits.len() > 1 {
        digits.pop();
    }
    (digits, place)
}

/// Where OTP 25's `float_to_list(F, [short])` puts the point: plain
/// decimal notation unless the exponent form is strictly shorter, and
/// always the exponent form from 2^53 up (where doubles stop being exact
/// integers). Found by comparing with the BEAM over many values.
fn insert_decimal(place: i32, digits: &str, abs: f64) -> String {
    let len = digits.len() as i32;
    let plain = if place <= 0 {
        format!("0.{}{digits}", "0".repeat((-place) as usize))
    } else if place < len {
        let (a, b) = digits.split_at(place as usize);
        format!("{a}.{b}")
    } else {
        format!("{digits}{}.0", "0".repeat((place - len) as usize))
    };
    let (first, rest) = digits.split_at(1);
    let rest = if rest.is_empty() { "0" } else { rest };
    let sci = format!("{first}.{rest}e{}", place - 1);
    if abs >= 9_007_199_254_740_992.0 || sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{value, inspect(value), Float.to_string(value)}` from Elixir 1.14 / OTP 25.
    const CASES: &[(f64, &str, &str)] = &[
        (0.0, "0.0", "0.0"),
        (-0.0, "-0.0", "-0.0"),
        (1.0, "1.0", "1.0"),
        (1.5, "1.5", "1.5"),
        (0.1, "0.1", "0.1"),
        (
            0.30000000000000004,
            "0.30000000000000004",
            "0.30000000000000004",
        ),
        (100.0, "100.0", "100.0"),
        (1.0e15, "1000000000000000.0", "1.0e15"),
        (1.0e16, "1.0e16", "1.0e16"),
        (1.0e17, "1.0e17", "1.0e17"),
        (
            1.2345678901234568e17,
            "1.2345678901234568e17",
            "1.2345678901234568e17",
        ),
        (1.0e-3, "0.001", "0.001"),
        (1.0e-4, "0.0001", "0.0001"),
        (0.001234, "0.001234", "0.001234"),
        (1.0e-5, "1.0e-5", "1.0e-5"),
        (1.5e300, "1.5e300", "1.5e300"),
        (5.0e-324, "5.0e-324", "5.0e-324"),
        (2.0e22, "2.0e22", "2.0e22"),
        (1.0e21, "1.0e21", "1.0e21"),
        (999999999999999.9, "999999999999999.9", "999999999999999.9"),
        (12345.678, "12345.678", "12345.678"),
        (1.0e100, "1.0e100", "1.0e100"),
        (4.25, "4.25", "4.25"),
        (1.0e-10, "1.0e-10", "1.0e-10"),
        (12345600.0, "12345600.0", "1.23456e7"),
        (-1.0e15, "-1000000000000000.0", "-1.0e15"),
        (1200.0, "1200.0", "1.2e3"),
        (120.0, "120.0", "120.0"),
        (1230.0, "1230.0", "1230.0"),
        (
            0.0012345678900000001,
            "0.0012345678900000001",
            "0.0012345678900000001",
        ),
        (1.23456789e-4, "1.23456789e-4", "1.23456789e-4"),
        (
            12345678901234568.0,
            "1.2345678901234568e16",
            "1.2345678901234568e16",
        ),
        (
            9007199254740992.0,
            "9007199254740992.0",
            "9.007199254740992e15",
        ),
        (
            4503599627370496.0,
            "4503599627370496.0",
            "4503599627370496.0",
        ),
        (
            9999999999999998.0,
            "9999999999999998.0",
            "9.999999999999998e15",
        ),
        (
            0.12344999999999999,
            "0.12344999999999999",
            "0.12344999999999999",
        ),
    ];

    #[test]
    fn prints_as_elixir() {
        for (value, inspected, to_string) in CASES {
            assert_eq!(inspect_float(*value), *inspected, "inspect({value:e})");
            assert_eq!(float_to_string(*value), *to_string, "to_string({value:e})");
        }
    }
}
