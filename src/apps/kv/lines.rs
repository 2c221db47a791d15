//! Splitting a byte stream into lines with bounded memory, for the KV
//! server's connections (`:gen_tcp`'s `packet: :line`).
//!
//! Input is fed in chunks and taken back one line at a time, so a reader
//! can stop taking lines while its output is backed up. A line longer than
//! the limit is reported once as [`Line::TooLong`] as soon as it passes the
//! limit, and its bytes are dropped up to the next newline: a connection
//! never holds more than one chunk and one line.

/// The longest line a connection may send, newline excluded.
pub const MAX_LINE: usize = 64 * 1024;

/// One line taken from the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line without its `\n` (a `\r` before it stays; it is whitespace).
    Text(Vec<u8>),
    /// A line went past the limit; the rest of it is being dropped.
    TooLong,
}

/// A bounded line splitter.
#[derive(Debug)]
pub struct LineBuffer {
    /// Fed bytes not yet looked at, from `at` on.
    input: Vec<u8>,
    at: usize,
    /// The line being collected.
    line: Vec<u8>,
    max: usize,
    /// Dropping the rest of a line that was too long.
    discarding: bool,
}

impl LineBuffer {
    /// A splitter for lines of at most `max` bytes.
    pub fn new(max: usize) -> LineBuffer {
        LineBuffer {
            input: Vec::new(),
            at: 0,
            line: Vec::new(),
            max,
            discarding: false,
        }
    }

    /// True when every fed byte has been looked at (time to read more).
    pub fn wants_input(&self) -> bool {
        self.at >= self.input.len()
    }

    /// Adds bytes read from the stream.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.wants_input() {
            self.input.clear();
            self.at = 0;
        }
        self.input.extend_from_slice(bytes);
    }

    /// The next complete line, or `None` until more input arrives.
    pub fn next_line(&mut self) -> Option<Line> {
        while self.at < self.input.len() {
            let rest = &self.input[self.at..];
            let (part, newline) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            self.at += part.len() + usize::from(newline);
            if self.discarding {
                if newline {
                    self.discarding = false;
                }
                continue;
            }
            if self.line.len() + part.len() > self.max {
                self.line.clear();
                self.discarding = !newline;
                return Some(Line::TooLong);
            }
            self.line.extend_from_slice(part);
            if newline {
                return Some(Line::Text(std::mem::take(&mut self.line)));
            }
        }
        None
    }

    /// End of input: the last line if it had no newline.
    pub fn finish(&mut self) -> Option<Line> {
        self.input.clear();
        self.at = 0;
        if self.discarding || self.line.is_empty() {
            self.discarding = false;
            self.line.clear();
            return None;
        }
        Some(Line::Text(std::mem::take(&mut self.line)))
    }
}

#[cfg(test)]
mod tests {
    use super::{Line, LineBuffer};

    fn all(buf: &mut LineBuffer) -> Vec<Line> {
        std::iter::from_fn(|| buf.next_line()).collect()
    }

    #[test]
    fn lines_across_chunks() {
        let mut b = LineBuffer::new(16);
        b.feed(b"CREATE a\r\nGE");
        assert_eq!(all(&mut b), vec![Line::Text(b"CREATE a\r".to_vec())]);
        b.feed(b"T a b\nPUT");
        assert_eq!(all(&mut b), vec![Line::Text(b"GET a b".to_vec())]);
        assert_eq!(b.finish(), Some(Line::Text(b"PUT".to_vec())));
    }

    #[test]
    fn a_long_line_is_reported_once_and_dropped() {
        let mut b = LineBuffer::new(4);
        b.feed(b"abcdef");
        assert_eq!(all(&mut b), vec![Line::TooLong]);
        b.feed(b"ghij");
        assert_eq!(all(&mut b), vec![]);
        b.feed(b"k\nok\n");
        assert_eq!(all(&mut b), vec![Line::Text(b"ok".to_vec())]);
        assert_eq!(b.finish(), None);
    }
}
