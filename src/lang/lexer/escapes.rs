//! Unescaping string contents: Erlang's `elixir_interpolation:unescape_chars`
//! on the UTF-8 bytes of a literal part.

/// Why a part could not be unescaped: Elixir's message and token.
pub(super) type EscapeError = (String, &'static str);

/// The value of `\c` (`unescape_map/1`): `c` itself when it is not special.
pub(super) fn unescape_char(c: u32) -> u32 {
    match char::from_u32(c) {
        Some('0') => 0,
        Some('a') => 7,
        Some('b') => 8,
        Some('d') => 127,
        Some('e') => 27,
        Some('f') => 12,
        Some('n') => 10,
        Some('r') => 13,
        Some('s') => 32,
        Some('t') => 9,
        Some('v') => 11,
        _ => c,
    }
}

/// Decodes every escape in `raw`.
pub(super) fn unescape(raw: &[u8]) -> Result<Vec<u8>, EscapeError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        match raw.get(i + 1) {
            None => {
                out.push(b'\\');
                i += 1;
            }
            Some(b'x') => i = hex(raw, i + 2, &mut out)?,
            Some(b'u') => i = unicode(raw, i + 2, &mut out)?,
            Some(b'\n') => i += 2,
            Some(b'\r') if raw.get(i + 2) == Some(&b'\n') => i += 3,
            Some(&e) => {
                out.push(unescape_char(u32::from(e)) as u8);
                i += 2;
            }
        }
    }
    Ok(out)
}

fn is_hex(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_hexdigit)
}

/// `{H}` .. `{HHHHHH}` at `i`: the digits and the index after `}`.
fn braced(raw: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if raw.get(i) != Some(&b'{') {
        return None;
    }
    let digits = raw
        .get(i + 1..)?
        .iter()
        .take(7)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    if (1..=6).contains(&digits) && raw.get(i + 1 + digits) == Some(&b'}') {
        Some((raw.get(i + 1..i + 1 + digits)?, i + 2 + digits))
    } else {
        None
    }
}

fn hex(raw: &[u8], i: usize, out: &mut Vec<u8>) -> Result<usize, EscapeError> {
    if is_hex(raw.get(i)) && is_hex(raw.get(i + 1)) {
        let digits = raw.get(i..i + 2).unwrap_or_default();
        out.push(parse_hex(digits) as u8);
        return Ok(i + 2);
    }
    if is_hex(raw.get(i)) {
        let digits = raw.get(i..i + 1).unwrap_or_default();
        push_code_point(out, digits)?;
        return Ok(i + 1);
    }
    if let Some((digits, next)) = braced(raw, i) {
        push_code_point(out, digits)?;
        return Ok(next);
    }
    Err((
        "invalid hex escape character, expected \\xHH where H is a hexadecimal digit".to_string(),
        "\\x",
    ))
}

fn unicode(raw: &[u8], i: usize, out: &mut Vec<u8>) -> Result<usize, EscapeError> {
    if (0..4).all(|k| is_hex(raw.get(i + k))) {
        let digits = raw.get(i..i + 4).unwrap_or_default();
        push_code_point(out, digits)?;
        return Ok(i + 4);
    }
    if let Some((digits, next)) = braced(raw, i) {
        push_code_point(out, digits)?;
        return Ok(next);
    }
    Err((
        "invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a hexadecimal digit"
            .to_string(),
        "\\u",
    ))
}

fn parse_hex(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |acc, d| {
        acc * 16 + char::from(*d).to_digit(16).unwrap_or(0)
    })
}

fn push_code_point(out: &mut Vec<u8>, digits: &[u8]) -> Result<(), EscapeError> {
    match char::from_u32(parse_hex(digits)) {
        Some(c) => {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            Ok(())
        }
        None => Err((
            format!(
                "invalid or reserved Unicode code point \\u{{{}}}",
                String::from_utf8_lossy(digits)
            ),
            "\\u",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(b"a\\nb\\x41\\u00e9\\u{1F600}\\\"").ok(),
            Some("a\nbAé😀\"".as_bytes().to_vec())
        );
        assert_eq!(unescape(b"\\xFF").ok(), Some(vec![255]));
        assert!(unescape(b"\\xZ").is_err());
        assert!(unescape(b"\\uD800").is_err());
    }
}
