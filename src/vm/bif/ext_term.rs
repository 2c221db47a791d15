//! The external term format (version 131): `:erlang.term_to_binary/1,2`,
//! `binary_to_term/1,2` and `external_size/1,2`, byte for byte as OTP 25
//! writes them (latin-1 atoms as `ATOM_EXT`, others as
//! `SMALL_ATOM_UTF8_EXT`, floats as `NEW_FLOAT_EXT`, byte lists as
//! `STRING_EXT`, maps as `MAP_EXT` in key order).
//!
//! Pids and references carry a node name: node index `i` is written as
//! `:"a@sim"`, `:"b@sim"`, ... (`:"n26@sim"` past `z`), creation 0, and
//! read back to the same index (`:nonode@nohost` reads as node 0).
//!
//! Known differences: a closure cannot be encoded (it raises `badarg`;
//! export funs `&Mod.fun/n` can); maps of more than 32 keys are written
//! in key order where a BEAM uses its hash order; `:compressed` is
//! accepted and ignored, and compressed input is refused.

use super::support::{bin, check_bytes, MAX_BYTES};
use super::Bif;
use crate::term::{Atom, Fun, Pid, Ref, Term, MAX_DEPTH};
use crate::vm::exception::{Exception, Res};
use num_bigint::{BigInt, Sign};

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("erlang", "term_to_binary", 1, term_to_binary),
    Bif::pure("erlang", "term_to_binary", 2, term_to_binary),
    Bif::pure("erlang", "term_to_iovec", 1, term_to_binary),
    Bif::pure("erlang", "term_to_iovec", 2, term_to_binary),
    Bif::pure("erlang", "binary_to_term", 1, binary_to_term),
    Bif::pure("erlang", "binary_to_term", 2, binary_to_term),
    Bif::pure("erlang", "external_size", 1, external_size),
    Bif::pure("erlang", "external_size", 2, external_size),
];

const VERSION: u8 = 131;
const NEW_FLOAT: u8 = 70;
const BIT_BINARY: u8 = 77;
const NEW_PID: u8 = 88;
const NEWER_REFERENCE: u8 = 90;
const SMALL_INTEGER: u8 = 97;
const INTEGER: u8 = 98;
const FLOAT: u8 = 99;
const ATOM: u8 = 100;
const PID: u8 = 103;
const SMALL_TUPLE: u8 = 104;
const LARGE_TUPLE: u8 = 105;
const NIL: u8 = 106;
const STRING: u8 = 107;
const LIST: u8 = 108;
const BINARY: u8 = 109;
const SMALL_BIG: u8 = 110;
const LARGE_BIG: u8 = 111;
const EXPORT: u8 = 113;
const NEW_REFERENCE: u8 = 114;
const SMALL_ATOM: u8 = 115;
const MAP: u8 = 116;
const ATOM_UTF8: u8 = 118;
const SMALL_ATOM_UTF8: u8 = 119;

/// The node name written for node index `i`.
fn node_name(i: u32) -> String {
    if i < 26 {
        format!("{}@sim", char::from(b'a' + i as u8))
    } else {
        format!("n{i}@sim")
    }
}

/// The node index of a node name, for names this file writes.
fn node_index(name: &str) -> Option<u32> {
    if name == "nonode@nohost" {
        return Some(0);
    }
    let host = name.strip_suffix("@sim")?;
    let bytes = host.as_bytes();
    match bytes {
        [c @ b'a'..=b'z'] => Some(u32::from(c - b'a')),
        [b'n', digits @ ..] if !digits.is_empty() => host.get(1..)?.parse().ok(),
        _ => None,
    }
}

/// Encoding options.
#[derive(Clone, Copy)]
struct Enc {
    /// `{:minor_version, 0}`: floats as 31-byte text.
    old_floats: bool,
    /// `{:minor_version, 2}`: every atom as UTF-8.
    utf8_atoms: bool,
}

fn put_u16(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u16).to_be_bytes());
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_be_bytes());
}

fn put_atom(out: &mut Vec<u8>, text: &str, enc: Enc) {
    let latin1: Option<Vec<u8>> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    match latin1 {
        Some(bytes) if !enc.utf8_atoms => {
            out.push(ATOM);
            put_u16(out, bytes.len());
            out.extend_from_slice(&bytes);
        }
        _ if text.len() <= 255 => {
            out.push(SMALL_ATOM_UTF8);
            out.push(text.len() as u8);
            out.extend_from_slice(text.as_bytes());
        }
        _ => {
            out.push(ATOM_UTF8);
            put_u16(out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

fn put_big(out: &mut Vec<u8>, n: &BigInt) {
    let (sign, digits) = n.to_bytes_le();
    if digits.len() <= 255 {
        out.push(SMALL_BIG);
        out.push(digits.len() as u8);
    } else {
        out.push(LARGE_BIG);
        put_u32(out, digits.len());
    }
    out.push(u8::from(sign == Sign::Minus));
    out.extend_from_slice(&digits);
}

/// A float as `FLOAT_EXT` writes it: `%.20e`, padded with NULs to 31 bytes.
fn old_float(f: f64) -> [u8; 31] {
    let text = format!("{f:.20e}");
    // Rust writes `1.5e0`; C writes `1.5e+00`.
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let c = format!(
        "{mantissa}e{}{:02}",
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    );
    let mut buf = [0u8; 31];
    for (slot, b) in buf.iter_mut().zip(c.bytes()) {
        *slot = b;
    }
    buf
}

fn encode(t: &Term, out: &mut Vec<u8>, enc: Enc) -> Res<()> {
    if out.len() > MAX_BYTES {
        check_bytes(out.len() as u128)?;
    }
    match t {
        Term::Int(i) if (0..=255).contains(i) => {
            out.push(SMALL_INTEGER);
            out.push(*i as u8);
        }
        Term::Int(i) if i32::try_from(*i).is_ok() => {
            out.push(INTEGER);
            out.extend_from_slice(&(*i as i32).to_be_bytes());
        }
        Term::Int(i) => put_big(out, &BigInt::from(*i)),
        Term::BigInt(b) => put_big(out, b),
        Term::Float(f) if enc.old_floats => {
            out.push(FLOAT);
            out.extend_from_slice(&old_float(*f));
        }
        Term::Float(f) => {
            out.push(NEW_FLOAT);
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        Term::Atom(a) => put_atom(out, a.as_str(), enc),
        Term::Binary(b) => {
            out.push(BINARY);
            put_u32(out, b.len());
            out.extend_from_slice(b);
        }
        Term::Tuple(items, _) => {
            if items.len() <= 255 {
                out.push(SMALL_TUPLE);
                out.push(items.len() as u8);
            } else {
                out.push(LARGE_TUPLE);
                put_u32(out, items.len());
            }
            for item in items.iter() {
                encode(item, out, enc)?;
            }
        }
        Term::List(_) => encode_list(t, out, enc)?,
        Term::Map(m) => {
            out.push(MAP);
            put_u32(out, m.len());
            for (k, v) in m.iter() {
                encode(k, out, enc)?;
                encode(v, out, enc)?;
            }
        }
        Term::Pid(p) => {
            out.push(NEW_PID);
            put_atom(out, &node_name(p.node), enc);
            put_u32(out, p.id as usize);
            put_u32(out, p.serial as usize);
            put_u32(out, 0);
        }
        Term::Ref(r) => {
            out.push(NEWER_REFERENCE);
            put_u16(out, 3);
            put_atom(out, &node_name(r.node), enc);
            put_u32(out, 0);
            let [a, b, c] = r.printed_numbers();
            for w in [c, b, a] {
                put_u32(out, w as usize);
            }
        }
        Term::Fun(f) => match &**f {
            Fun::Export {
                module,
                function,
                arity,
            } => {
                out.push(EXPORT);
                put_atom(out, module.as_str(), enc);
                put_atom(out, function.as_str(), enc);
                out.push(SMALL_INTEGER);
                out.push(*arity);
            }
            Fun::Closure(_) => {
                return Err(Exception::badarg_at(
                    1,
                    "a closure cannot be encoded in the simulation",
                ))
            }
        },
    }
    Ok(())
}

fn encode_list(t: &Term, out: &mut Vec<u8>, enc: Enc) -> Res<()> {
    if t.is_empty_list() {
        out.push(NIL);
        return Ok(());
    }
    let mut iter = t.list_iter();
    let items: Vec<&Term> = iter.by_ref().collect();
    let tail = iter.tail();
    let bytes: Option<Vec<u8>> = items
        .iter()
        .map(|i| match i {
            Term::Int(b @ 0..=255) => Some(*b as u8),
            _ => None,
        })
        .collect();
    match bytes {
        Some(bytes) if tail.is_empty_list() && bytes.len() < 65536 => {
            out.push(STRING);
            put_u16(out, bytes.len());
            out.extend_from_slice(&bytes);
        }
        _ => {
            out.push(LIST);
            put_u32(out, items.len());
            for item in items {
                encode(item, out, enc)?;
            }
            encode(tail, out, enc)?;
        }
    }
    Ok(())
}

fn enc_options(opts: Option<&Term>) -> Res<Enc> {
    let mut enc = Enc {
        old_floats: false,
        utf8_atoms: false,
    };
    let Some(opts) = opts else {
        return Ok(enc);
    };
    let bad = || Exception::badarg_at(2, "invalid option in list");
    if !opts.is_proper_list() {
        return Err(Exception::badarg_at(2, "not a list"));
    }
    for o in opts.list_iter() {
        match (o.as_atom(), o.as_tuple()) {
            (Some("compressed" | "deterministic" | "local"), _) => {}
            (_, Some([k, Term::Int(v)])) if k.is_atom("minor_version") && (0..=2).contains(v) => {
                enc.old_floats = *v == 0;
                enc.utf8_atoms = *v == 2;
            }
            (_, Some([k, Term::Int(v)])) if k.is_atom("compressed") && (0..=9).contains(v) => {}
            _ => return Err(bad()),
        }
    }
    Ok(enc)
}

/// The encoding of `t`, version byte first.
fn to_bytes(t: &Term, opts: Option<&Term>) -> Res<Vec<u8>> {
    let enc = enc_options(opts)?;
    let mut out = vec![VERSION];
    encode(t, &mut out, enc)?;
    check_bytes(out.len() as u128)?;
    Ok(out)
}

fn term_to_binary(args: &[Term]) -> Res {
    let t = args.first().unwrap_or(&Term::EMPTY_LIST);
    Ok(bin(to_bytes(t, args.get(1))?))
}

fn external_size(args: &[Term]) -> Res {
    let t = args.first().unwrap_or(&Term::EMPTY_LIST);
    Ok(Term::Int(to_bytes(t, args.get(1))?.len() as i64))
}

/// Decoding state: the bytes, the cursor, and whether only existing
/// atoms may be read (`:safe`).
struct Dec<'a> {
    b: &'a [u8],
    at: usize,
    safe: bool,
}

/// Why decoding stopped: malformed input, or an atom that `:safe` refuses.
enum Bad {
    Invalid,
    Unsafe,
}

type D<T> = Result<T, Bad>;

impl Dec<'_> {
    fn take(&mut self, n: usize) -> D<&[u8]> {
        let end = self.at.checked_add(n).ok_or(Bad::Invalid)?;
        let s = self.b.get(self.at..end).ok_or(Bad::Invalid)?;
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self) -> D<u8> {
        Ok(*self.take(1)?.first().ok_or(Bad::Invalid)?)
    }

    fn array<const N: usize>(&mut self) -> D<[u8; N]> {
        self.take(N)?.try_into().map_err(|_| Bad::Invalid)
    }

    fn u16(&mut self) -> D<usize> {
        Ok(usize::from(u16::from_be_bytes(self.array()?)))
    }

    fn u32(&mut self) -> D<usize> {
        Ok(u32::from_be_bytes(self.array()?) as usize)
    }

    /// A count of items that each take at least `min` bytes: refused
    /// when the input is too short to hold them.
    fn count(&self, n: usize, min: usize) -> D<usize> {
        if n.saturating_mul(min) > self.b.len().saturating_sub(self.at) {
            return Err(Bad::Invalid);
        }
        Ok(n)
    }

    fn atom_text(&mut self, tag: u8) -> D<String> {
        let len = match tag {
            ATOM | ATOM_UTF8 => self.u16()?,
            _ => usize::from(self.u8()?),
        };
        let bytes = self.take(len)?;
        Ok(match tag {
            ATOM | SMALL_ATOM => bytes.iter().map(|b| char::from(*b)).collect(),
            _ => std::str::from_utf8(bytes)
                .map_err(|_| Bad::Invalid)?
                .to_string(),
        })
    }

    fn atom(&mut self, tag: u8) -> D<Atom> {
        let text = self.atom_text(tag)?;
        if self.safe {
            return Atom::existing(&text).ok_or(Bad::Unsafe);
        }
        Atom::try_new(&text).map_err(|_| Bad::Invalid)
    }

    /// An atom item (with its tag).
    fn any_atom(&mut self) -> D<Atom> {
        let tag = self.u8()?;
        match tag {
            ATOM | SMALL_ATOM | ATOM_UTF8 | SMALL_ATOM_UTF8 => self.atom(tag),
            _ => Err(Bad::Invalid),
        }
    }

    fn node(&mut self) -> D<u32> {
        let a = self.any_atom()?;
        node_index(a.as_str()).ok_or(Bad::Invalid)
    }

    fn big(&mut self, n: usize) -> D<Term> {
        let sign = self.u8()?;
        let digits = self.take(n)?;
        let sign = if sign == 0 { Sign::Plus } else { Sign::Minus };
        Ok(Term::from_bigint(BigInt::from_bytes_le(sign, digits)))
    }

    fn term(&mut self, depth: u32) -> D<Term> {
        if depth > MAX_DEPTH {
            return Err(Bad::Invalid);
        }
        let tag = self.u8()?;
        Ok(match tag {
            SMALL_INTEGER => Term::Int(i64::from(self.u8()?)),
            INTEGER => Term::Int(i64::from(i32::from_be_bytes(self.array()?))),
            SMALL_BIG => {
                let n = usize::from(self.u8()?);
                self.big(n)?
            }
            LARGE_BIG => {
                let n = self.u32()?;
                self.big(n)?
            }
            NEW_FLOAT => {
                let f = f64::from_be_bytes(self.array()?);
                if !f.is_finite() {
                    return Err(Bad::Invalid);
                }
                Term::Float(f)
            }
            FLOAT => {
                let s = self.take(31)?;
                let text: String = s
                    .iter()
                    .take_while(|b| **b != 0)
                    .map(|b| char::from(*b))
                    .collect();
                let f: f64 = text.trim().parse().map_err(|_| Bad::Invalid)?;
                Term::Float(f)
            }
            ATOM | SMALL_ATOM | ATOM_UTF8 | SMALL_ATOM_UTF8 => Term::Atom(self.atom(tag)?),
            SMALL_TUPLE | LARGE_TUPLE => {
                let n = if tag == SMALL_TUPLE {
                    usize::from(self.u8()?)
                } else {
                    self.u32()?
                };
                let n = self.count(n, 1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.term(depth + 1)?);
                }
                Term::tuple(items)
            }
            NIL => Term::EMPTY_LIST,
            STRING => {
                let n = self.u16()?;
                let bytes = self.take(n)?;
                Term::list(bytes.iter().map(|b| Term::Int(i64::from(*b))).collect())
            }
            LIST => {
                let n = self.u32()?;
                let n = self.count(n, 1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.term(depth + 1)?);
                }
                let tail = self.term(depth + 1)?;
                Term::improper_list(items, tail)
            }
            BINARY => {
                let n = self.u32()?;
                Term::bytes(self.take(n)?)
            }
            BIT_BINARY => {
                let n = self.u32()?;
                let bits = self.u8()?;
                if bits != 8 {
                    // Bitstrings other than whole bytes do not exist here.
                    return Err(Bad::Invalid);
                }
                Term::bytes(self.take(n)?)
            }
            MAP => {
                let n = self.u32()?;
                let n = self.count(n, 2)?;
                let mut pairs = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = self.term(depth + 1)?;
                    let v = self.term(depth + 1)?;
                    pairs.push((k, v));
                }
                Term::map(pairs)
            }
            NEW_PID | PID => {
                let node = self.node()?;
                let id = self.u32()? as u32;
                let serial = self.u32()? as u32;
                if tag == NEW_PID {
                    self.u32()?;
                } else {
                    self.u8()?;
                }
                Term::Pid(Pid { node, id, serial })
            }
            NEWER_REFERENCE | NEW_REFERENCE => {
                let words = self.u16()?;
                let node = self.node()?;
                if tag == NEWER_REFERENCE {
                    self.u32()?;
                } else {
                    self.u8()?;
                }
                let words = self.count(words, 4)?;
                let mut ws = Vec::with_capacity(words);
                for _ in 0..words {
                    ws.push(self.u32()? as u64);
                }
                let c = ws.first().copied().unwrap_or(0) & 0x3_FFFF;
                let b = ws.get(1).copied().unwrap_or(0);
                let a = ws.get(2).copied().unwrap_or(0) & 0x3FFF;
                Term::Ref(Ref {
                    node,
                    id: (a << 50) | (b << 18) | c,
                })
            }
            EXPORT => {
                let module = self.any_atom()?;
                let function = self.any_atom()?;
                let arity = match self.term(depth + 1)? {
                    Term::Int(n) => u8::try_from(n).map_err(|_| Bad::Invalid)?,
                    _ => return Err(Bad::Invalid),
                };
                Term::export(module, function, arity)
            }
            _ => return Err(Bad::Invalid),
        })
    }
}

fn binary_to_term(args: &[Term]) -> Res {
    let Some(bytes) = args.first().and_then(Term::as_binary) else {
        return Err(Exception::badarg_at(1, "not a binary"));
    };
    let (mut safe, mut used) = (false, false);
    if let Some(opts) = args.get(1) {
        if !opts.is_proper_list() {
            return Err(Exception::badarg_at(2, "not a list"));
        }
        for o in opts.list_iter() {
            match o.as_atom() {
                Some("safe") => safe = true,
                Some("used") => used = true,
                _ => return Err(Exception::badarg_at(2, "invalid option in list")),
            }
        }
    }
    let invalid = || Exception::badarg_at(1, "invalid external representation of a term");
    if bytes.first() != Some(&VERSION) {
        return Err(invalid());
    }
    let mut d = Dec {
        b: bytes,
        at: 1,
        safe,
    };
    let t = d.term(0).map_err(|why| match why {
        Bad::Invalid => invalid(),
        Bad::Unsafe => {
            Exception::badarg_at(1, "invalid or unsafe external representation of a term")
        }
    })?;
    if used {
        return Ok(Term::tuple([t, Term::Int(d.at as i64)]));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_round_trip() {
        for i in [0, 1, 25, 26, 300] {
            assert_eq!(node_index(&node_name(i)), Some(i));
        }
    }

    #[test]
    fn pids_and_refs_round_trip() {
        let p = Term::Pid(Pid {
            node: 2,
            id: 120,
            serial: 0,
        });
        let r = Term::Ref(Ref {
            node: 1,
            id: 123_456_789_012,
        });
        for t in [p, r] {
            let b = term_to_binary(std::slice::from_ref(&t)).unwrap();
            assert_eq!(binary_to_term(&[b]).unwrap(), t);
        }
    }

    #[test]
    fn junk_deep_nesting_is_refused() {
        let mut junk = vec![VERSION];
        junk.extend(std::iter::repeat_n([SMALL_TUPLE, 1], 100_000).flatten());
        assert!(binary_to_term(&[Term::bytes(&junk)]).is_err());
    }
}
