//! Text positions for the editor: a textarea counts UTF-16 units, Rust
//! strings bytes; and the line a console error points at (`iex:3:`), which
//! the editor marks.

/// The line (1-based) an error message points at: `iex:3:` → 3.
pub fn error_line(message: &str) -> Option<usize> {
    let rest = &message[message.find("iex:")? + 4..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// The byte offset of UTF-16 position `units` in `text` (what a textarea's
/// selection counts).
pub fn byte_at(text: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 position of byte offset `at` in `text`.
pub fn units_at(text: &str, at: usize) -> u32 {
    text[..at.min(text.len())].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_and_utf16_positions() {
        assert_eq!(
            error_line("** (CompileError) iex:3: undefined function foo/0"),
            Some(3)
        );
        assert_eq!(
            error_line("** (SyntaxError) iex:4:3: syntax error before: end"),
            Some(4)
        );
        assert_eq!(error_line("** (ArithmeticError) bad argument"), None);
        let text = "é💡x";
        assert_eq!(byte_at(text, 0), 0);
        assert_eq!(byte_at(text, 1), 2);
        assert_eq!(byte_at(text, 3), 6);
        assert_eq!(units_at(text, 6), 3);
        assert_eq!(byte_at(text, 99), text.len());
    }
}
