//! `String.upcase/2`, `downcase/2` and `capitalize/2` with their modes:
//! `:default` (full Unicode mappings), `:ascii`, `:greek` (a final sigma
//! for `downcase`) and `:turkic` (dotted and dotless i). Bytes that are
//! not UTF-8 pass through unchanged, as in Elixir.

use super::casing::{lower, title, upper};
use super::M;
use crate::term::Term;
use crate::vm::bif::support::{args, check_bytes, no_clause};
use crate::vm::exception::Res;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Default,
    Ascii,
    Greek,
    Turkic,
}

fn mode(term: &Term) -> Option<Mode> {
    match term.as_atom()? {
        "default" => Some(Mode::Default),
        "ascii" => Some(Mode::Ascii),
        "greek" => Some(Mode::Greek),
        "turkic" => Some(Mode::Turkic),
        _ => None,
    }
}

/// Maps the valid UTF-8 text of `bytes` with `map`, keeping invalid
/// bytes, refusing results past the size limit.
fn map_text(bytes: &[u8], mut map: impl FnMut(&str, &mut String)) -> Res {
    let mut out = String::with_capacity(bytes.len());
    let mut raw: Vec<u8> = Vec::new();
    for chunk in bytes.utf8_chunks() {
        map(chunk.valid(), &mut out);
        if !chunk.invalid().is_empty() {
            raw.extend_from_slice(out.as_bytes());
            out.clear();
            raw.extend_from_slice(chunk.invalid());
        }
        check_bytes((out.len() + raw.len()) as u128)?;
    }
    if raw.is_empty() {
        return Ok(Term::string(&out));
    }
    raw.extend_from_slice(out.as_bytes());
    Ok(Term::bytes_vec(raw))
}

pub(super) fn upcase1(args: &[Term]) -> Res {
    args!(args, s);
    upcase2(&[s.clone(), Term::atom("default")])
}

pub(super) fn upcase2(args: &[Term]) -> Res {
    args!(args, s, m);
    let (Some(bytes), Some(m)) = (s.as_binary(), mode(m)) else {
        if s.as_binary().is_some_and(<[u8]>::is_empty) {
            return Ok(s.clone());
        }
        return Err(no_clause(M, "upcase", args));
    };
    if m == Mode::Ascii {
        return Ok(Term::bytes_vec(bytes.to_ascii_uppercase()));
    }
    map_text(bytes, |text, out| {
        for c in text.chars() {
            match c {
                'i' if m == Mode::Turkic => out.push('İ'),
                _ => upper(c, out),
            }
        }
    })
}

pub(super) fn downcase1(args: &[Term]) -> Res {
    args!(args, s);
    downcase2(&[s.clone(), Term::atom("default")])
}

/// True for letters with case (upper, lower or title).
fn cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || matches!(u32::from(c), 0x1C5 | 0x1C8 | 0x1CB | 0x1F2)
}

/// Downcases `text` in `mode` (not `:ascii`).
fn downcase_text(text: &str, mode: Mode, out: &mut String) {
    let mut chars = text.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            'İ' if mode == Mode::Turkic => out.push('i'),
            'I' if mode == Mode::Turkic => {
                if chars.peek() == Some(&'\u{307}') {
                    chars.next();
                    out.push('i');
                } else {
                    out.push('ı');
                }
            }
            'Σ' => {
                let final_sigma = mode == Mode::Greek
                    && previous.is_some_and(cased)
                    && !chars.peek().copied().is_some_and(cased);
                out.push(if final_sigma { 'ς' } else { 'σ' });
            }
            _ => lower(c, out),
        }
        previous = Some(c);
    }
}

pub(super) fn downcase2(args: &[Term]) -> Res {
    args!(args, s, m);
    let (Some(bytes), Some(m)) = (s.as_binary(), mode(m)) else {
        if s.as_binary().is_some_and(<[u8]>::is_empty) {
            return Ok(s.clone());
        }
        return Err(no_clause(M, "downcase", args));
    };
    if m == Mode::Ascii {
        return Ok(Term::bytes_vec(bytes.to_ascii_lowercase()));
    }
    map_text(bytes, |text, out| downcase_text(text, m, out))
}

pub(super) fn capitalize1(args: &[Term]) -> Res {
    args!(args, s);
    capitalize2(&[s.clone(), Term::atom("default")])
}

pub(super) fn capitalize2(args: &[Term]) -> Res {
    args!(args, s, m);
    let (Some(bytes), Some(m)) = (s.as_binary(), mode(m)) else {
        return Err(no_clause(M, "capitalize", args));
    };
    if m == Mode::Ascii {
        let mut out = bytes.to_ascii_lowercase();
        if let (Some(first), Some(orig)) = (out.first_mut(), bytes.first()) {
            *first = orig.to_ascii_uppercase();
        }
        return Ok(Term::bytes_vec(out));
    }
    // A leading invalid byte is the "first letter", kept as it is.
    let mut first = bytes
        .utf8_chunks()
        .next()
        .is_some_and(|chunk| !chunk.valid().is_empty());
    map_text(bytes, |text, out| {
        let mut rest = text;
        if first {
            if let Some(c) = text.chars().next() {
                match c {
                    'i' if m == Mode::Turkic => out.push('İ'),
                    _ => title(c, out),
                }
                rest = text.get(c.len_utf8()..).unwrap_or_default();
                first = false;
            }
        }
        downcase_text(rest, m, out);
    })
}
