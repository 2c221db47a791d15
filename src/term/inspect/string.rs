//! Which binaries and charlists print as text, and how their characters are
//! escaped (Elixir 1.14's `String.printable?/2`, `List.ascii_printable?/2`
//! and `Code.Identifier.escape/4`).

use super::super::Term;

/// How many characters of a string or charlist Elixir checks and prints
/// (`printable_limit: 4096`).
pub(super) const PRINTABLE_LIMIT: usize = 4096;

/// `String.printable?/2` for one character.
fn is_printable_char(c: char) -> bool {
    matches!(u32::from(c),
        0x20..=0x7E | 0x07..=0x0D | 0x1B | 0x7F
        | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

/// The character at the start of `bytes`, or the byte when that is not
/// valid UTF-8 (decoding at most four bytes, so scanning stays linear).
fn next_char(bytes: &[u8]) -> Option<Result<char, u8>> {
    let first = *bytes.first()?;
    let window = bytes.get(..4).unwrap_or(bytes);
    let decoded = window
        .utf8_chunks()
        .next()
        .and_then(|chunk| chunk.valid().chars().next());
    Some(decoded.ok_or(first))
}

/// Whether a binary prints as a string: its first `limit` characters
/// (`PRINTABLE_LIMIT` by default) are valid, printable UTF-8 (what follows
/// is not checked).
pub(super) fn is_printable(bytes: &[u8], limit: usize) -> bool {
    let mut rest = bytes;
    for _ in 0..limit {
        match next_char(rest) {
            None => return true,
            Some(Ok(c)) if is_printable_char(c) => rest = &rest[c.len_utf8()..],
            Some(_) => return false,
        }
    }
    true
}

/// Whether a list prints as a charlist: its first `limit` elements are
/// ASCII text or the escapes `\a` to `\r` and `\e`.
pub(super) fn is_ascii_printable(items: &[&Term], limit: usize) -> bool {
    items
        .iter()
        .take(limit)
        .all(|item| matches!(item, Term::Int(7..=13 | 27 | 32..=126)))
}

/// `IO.chardata_to_string/1` for a charlist: its codepoints (and any
/// nested binaries or lists) as UTF-8, or `None` where Elixir would raise.
pub(super) fn chardata_to_string(items: &[&Term], out: &mut Vec<u8>) -> Option<()> {
    for item in items {
        match item {
            Term::Int(code) => {
                let c = u32::try_from(*code).ok().and_then(char::from_u32)?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            Term::Binary(bytes) if std::str::from_utf8(bytes).is_ok() => {
                out.extend_from_slice(bytes)
            }
            Term::List(_) => {
                let inner: Vec<&Term> = item.list_iter().collect();
                chardata_to_string(&inner, out)?
            }
            _ => return None,
        }
    }
    Some(())
}

/// Escapes with a name of their own (`\n`, `\\`, ...).
fn named_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{07}' => "\\a",
        '\u{08}' => "\\b",
        '\u{7F}' => "\\d",
        '\u{1B}' => "\\e",
        '\u{0C}' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{0B}' => "\\v",
        '\\' => "\\\\",
        _ => return None,
    })
}

/// Appends a character that has no named escape: as itself when printable,
/// otherwise in hex (`\x01`, `\x{0085}`...).
fn push_char(out: &mut String, c: char) {
    let code = u32::from(c);
    if code == 0 {
        out.push_str("\\0");
    } else if code == 0xFEFF {
        out.push_str("\\uFEFF");
    } else if matches!(code, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..) {
        out.push(c);
    } else if code <= 0xFF {
        out.push_str(&format!("\\x{code:02X}"));
    } else {
        // Every character above U+FFFF is printable, so four digits do.
        out.push_str(&format!("\\x{{{code:04X}}}"));
    }
}

/// Escapes text for printing between `quote`s, stopping after `limit`
/// characters. Returns the escaped text and whether anything was left out
/// (Elixir then appends `<> ...` or `++ ...`).
pub(super) fn escape(bytes: &[u8], quote: u8, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    for _ in 0..limit {
        let Some(next) = next_char(rest) else {
            return (out, false);
        };
        if rest.first() == Some(&quote) {
            out.push('\\');
            out.push(char::from(quote));
            rest = &rest[1..];
        } else if rest.starts_with(b"#{") {
            out.push_str("\\#{");
            rest = &rest[2..];
        } else {
            match next {
                Ok(c) => {
                    match named_escape(c) {
                        Some(escaped) => out.push_str(escaped),
                        None => push_char(&mut out, c),
                    }
                    rest = &rest[c.len_utf8()..];
                }
                Err(byte) => {
                    out.push_str(&format!("\\x{byte:02X}"));
                    rest = &rest[1..];
                }
            }
        }
    }
    let truncated = !rest.is_empty();
    (out, truncated)
}
