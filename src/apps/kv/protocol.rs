//! `KVServer.Command`'s text protocol: parsing a line and the replies.
//!
//! ```text
//! CREATE shopping        OK\r\n
//! PUT shopping milk 1    OK\r\n
//! GET shopping milk      1\r\nOK\r\n      (a missing key: \r\nOK\r\n)
//! DELETE shopping eggs   OK\r\n
//! GET nosuch milk        NOT FOUND\r\n
//! HELLO                  UNKNOWN COMMAND\r\n
//! ```
//!
//! A line is split as `String.split/1` splits it: at runs of Unicode
//! whitespace except the non-breaking ones, ignoring leading and trailing
//! whitespace (so `"CREATE shopping \r\n"` is `CREATE shopping`). Commands
//! are case-sensitive; a wrong word count is an unknown command. Lines are
//! bytes: a name may hold any bytes but whitespace, as a binary may.

use crate::term::{inspect, Term};

/// `OK\r\n`.
pub const OK: &[u8] = b"OK\r\n";
/// The reply to an unknown or malformed command.
pub const UNKNOWN_COMMAND: &[u8] = b"UNKNOWN COMMAND\r\n";
/// The reply when the bucket does not exist.
pub const NOT_FOUND: &[u8] = b"NOT FOUND\r\n";
/// The reply to any other failure (the guide's `format_msg({:error, _})`).
pub const ERROR: &[u8] = b"ERROR\r\n";

/// A parsed command; names, keys and values are binaries.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `CREATE bucket`
    Create(Term),
    /// `GET bucket key`
    Get(Term, Term),
    /// `PUT bucket key value`
    Put(Term, Term, Term),
    /// `DELETE bucket key`
    Delete(Term, Term),
}

impl Command {
    /// The bucket the command is about.
    pub fn bucket(&self) -> &Term {
        match self {
            Command::Create(b) | Command::Get(b, _) | Command::Put(b, _, _) => b,
            Command::Delete(b, _) => b,
        }
    }
}

/// `{:error, :unknown_command}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownCommand;

/// Whitespace as `String.split/1` sees it: Unicode `White_Space` except the
/// non-breaking spaces U+00A0, U+2007 and U+202F.
fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// `String.split(line)`: the words between runs of whitespace. Bytes that
/// are not UTF-8 belong to words, as they do in a binary.
pub fn split(line: &[u8]) -> Vec<&[u8]> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for chunk in line.utf8_chunks() {
        for (i, c) in chunk.valid().char_indices() {
            let pos = at + i;
            if is_space(c) {
                if let Some(s) = start.take() {
                    words.push(&line[s..pos]);
                }
            } else if start.is_none() {
                start = Some(pos);
            }
        }
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            start.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    if let Some(s) = start {
        words.push(&line[s..]);
    }
    words
}

/// `KVServer.Command.parse(line)`.
pub fn parse(line: &[u8]) -> Result<Command, UnknownCommand> {
    let bin = |b: &[u8]| Term::bytes(b);
    match split(line)[..] {
        [b"CREATE", bucket] => Ok(Command::Create(bin(bucket))),
        [b"GET", bucket, key] => Ok(Command::Get(bin(bucket), bin(key))),
        [b"PUT", bucket, key, value] => Ok(Command::Put(bin(bucket), bin(key), bin(value))),
        [b"DELETE", bucket, key] => Ok(Command::Delete(bin(bucket), bin(key))),
        _ => Err(UnknownCommand),
    }
}

/// `"#{value}\r\nOK\r\n"`, GET's two-line reply.
pub fn value_reply(value: &Term) -> Vec<u8> {
    let mut out = to_chars(value);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(OK);
    out
}

/// `"#{value}"`: what string interpolation makes of a value (`nil` is
/// empty). Terms without `String.Chars` (tuples, maps, pids), which would
/// raise in Elixir, are written as `inspect` writes them.
pub fn to_chars(value: &Term) -> Vec<u8> {
    match value {
        Term::Binary(b) => b.to_vec(),
        Term::Int(i) => i.to_string().into_bytes(),
        Term::BigInt(i) => i.to_string().into_bytes(),
        Term::Atom(a) if a.as_str() == "nil" => Vec::new(),
        Term::Atom(a) => a.as_str().as_bytes().to_vec(),
        Term::List(_) => {
            let chars: Option<String> = value
                .list_iter()
                .map(|t| t.as_int().and_then(|i| u32::try_from(i).ok()))
                .map(|cp| cp.and_then(char::from_u32))
                .collect();
            chars.map_or_else(|| inspect(value).into_bytes(), String::into_bytes)
        }
        other => inspect(other).into_bytes(),
    }
}
