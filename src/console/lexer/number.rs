//! Integer literals: decimal with `_` separators, `0x`, `0o` and `0b`.
//!
//! The simulation has no floats, so `1.5` is refused here with a clear
//! message rather than parsed into something the evaluator cannot hold.

use num_bigint::BigInt;

use crate::console::parser::SyntaxError;
use crate::term::Term;

/// Longest literal accepted: big-integer parsing is quadratic in the digits,
/// and a browser tab must not freeze on a pasted wall of digits.
const MAX_DIGITS: usize = 10_000;

/// Lexes the integer starting at byte `start`; returns it and where it ends.
pub(super) fn lex(src: &str, start: usize) -> Result<(Term, usize), SyntaxError> {
    let bytes = src.as_bytes();
    let radix = match (bytes.get(start), bytes.get(start + 1)) {
        (Some(b'0'), Some(b'x')) => 16,
        (Some(b'0'), Some(b'o')) => 8,
        (Some(b'0'), Some(b'b')) => 2,
        _ => 10,
    };
    let digits_start = if radix == 10 { start } else { start + 2 };
    if !bytes.get(digits_start).is_some_and(|b| is_digit(*b, radix)) {
        // `0x` without a digit: Elixir blames the letter after the `0`.
        return Err(after_number(src, start, start + 1));
    }
    let end = scan_digits(bytes, digits_start, radix);
    if radix == 10
        && bytes.get(end) == Some(&b'.')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        let float_end = scan_float_tail(bytes, end + 1);
        return Err(SyntaxError::syntax(
            src,
            start,
            format!(
                "float literals are not supported in otpsim (integers only): {}",
                &src[start..float_end]
            ),
        ));
    }
    if src[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return Err(after_number(src, start, end));
    }
    let digits: String = src[digits_start..end]
        .chars()
        .filter(|c| *c != '_')
        .collect();
    if digits.len() > MAX_DIGITS {
        return Err(SyntaxError::syntax(
            src,
            start,
            format!("integer literal is too long (otpsim allows at most {MAX_DIGITS} digits)"),
        ));
    }
    let value = match i64::from_str_radix(&digits, radix) {
        Ok(small) => Term::Int(small),
        Err(_) => BigInt::parse_bytes(digits.as_bytes(), radix)
            .map(Term::from_bigint)
            .ok_or_else(|| SyntaxError::syntax(src, start, format!("invalid number: {digits}")))?,
    };
    Ok((value, end))
}

fn is_digit(b: u8, radix: u32) -> bool {
    char::from(b).is_digit(radix)
}

/// Digits with single `_` separators between them.
fn scan_digits(bytes: &[u8], mut i: usize, radix: u32) -> usize {
    loop {
        match bytes.get(i) {
            Some(b) if is_digit(*b, radix) => i += 1,
            Some(b'_') if bytes.get(i + 1).is_some_and(|b| is_digit(*b, radix)) => i += 1,
            _ => return i,
        }
    }
}

/// The rest of a float after its `.`, only to quote it in the error.
fn scan_float_tail(bytes: &[u8], start: usize) -> usize {
    let end = scan_digits(bytes, start, 10);
    if !matches!(bytes.get(end), Some(b'e' | b'E')) {
        return end;
    }
    let exponent = match bytes.get(end + 1) {
        Some(b'+' | b'-') => end + 2,
        _ => end + 1,
    };
    if bytes.get(exponent).is_some_and(u8::is_ascii_digit) {
        scan_digits(bytes, exponent, 10)
    } else {
        end
    }
}

/// iex's error for a letter glued to a number (`123abc`, `0x`, `5_`).
fn after_number(src: &str, start: usize, at: usize) -> SyntaxError {
    let c = src[at..].chars().next().unwrap_or('?');
    SyntaxError::syntax(
        src,
        start,
        format!(
            "invalid character \"{c}\" after number {}. If you intended to write a number, make \
             sure to separate the number from the character (using comma, space, etc). If you \
             meant to write a function name or a variable, note that identifiers in Elixir \
             cannot start with numbers. Unexpected token: {c}",
            &src[start..at]
        ),
    )
}
