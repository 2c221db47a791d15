//! Reading input as iex does: lines are joined until they make a complete
//! expression (an open bracket, string, `do`, or a trailing operator asks
//! for more), and `#iex:break` on a line of its own abandons what is
//! pending.

/// The most text one pending chunk may grow to before it is given up.
pub const MAX_CHUNK: usize = 64 * 1024;

/// Joins input lines into chunks.
#[derive(Clone, Debug, Default)]
pub struct Reader {
    pending: String,
}

/// What a line of input made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    /// A complete chunk, ready to evaluate (one ending in `#iex:break`
    /// is evaluated too: the shell reports the abandoned expression).
    Chunk(String),
    /// The expression goes on: read another line (iex's `...>` prompt).
    More,
}

impl Reader {
    /// A reader with nothing pending.
    pub fn new() -> Reader {
        Reader::default()
    }

    /// True while a chunk is incomplete.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// What is pending, taken (at the end of input), if anything.
    pub fn take_pending(&mut self) -> Option<String> {
        (!self.pending.is_empty()).then(|| std::mem::take(&mut self.pending))
    }

    /// Takes one line (without its newline).
    pub fn feed(&mut self, line: &str) -> Read {
        if !self.pending.is_empty() {
            self.pending.push('\n');
        }
        self.pending.push_str(line);
        let broken = line.trim() == "#iex:break";
        if !broken && self.pending.len() < MAX_CHUNK && super::Console::is_incomplete(&self.pending)
        {
            return Read::More;
        }
        Read::Chunk(std::mem::take(&mut self.pending))
    }

    /// Takes a whole text, line by line: the complete chunks in it, and
    /// whatever is left incomplete at the end (evaluated as it is, so the
    /// error reads as iex's at end of input).
    ///
    /// Chunks of nothing but blank lines and comments are left out (a
    /// script's commentary, which iex would read as no expression).
    pub fn chunks(text: &str) -> Vec<String> {
        let mut reader = Reader::new();
        let mut out = Vec::new();
        for line in text.lines() {
            if let Read::Chunk(c) = reader.feed(line) {
                out.push(c);
            }
        }
        out.extend(reader.take_pending());
        out.retain(|c| {
            c.lines().any(|l| {
                let l = l.trim();
                !l.is_empty() && (!l.starts_with('#') || l == "#iex:break")
            })
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_until_complete() {
        let mut r = Reader::new();
        assert_eq!(r.feed("1 +"), Read::More);
        assert_eq!(r.feed("2"), Read::Chunk("1 +\n2".into()));
        assert_eq!(r.feed("if true do"), Read::More);
        assert_eq!(r.feed(":a"), Read::More);
        assert_eq!(
            r.feed("#iex:break"),
            Read::Chunk("if true do\n:a\n#iex:break".into())
        );
        assert!(!r.is_pending());
        assert_eq!(r.feed("[1,"), Read::More);
        assert_eq!(r.feed("2]"), Read::Chunk("[1,\n2]".into()));
        assert_eq!(
            Reader::chunks(
                "# a comment\nx = 1\n\ndefmodule A do\n  # inside\n  def f, do: 1\nend\nA.f()\n"
            ),
            vec![
                "x = 1",
                "defmodule A do\n  # inside\n  def f, do: 1\nend",
                "A.f()"
            ]
        );
    }
}
