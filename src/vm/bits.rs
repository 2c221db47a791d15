//! `<<...>>`: building binaries from segments and matching them apart.
//!
//! Segments are whole bytes here (the BEAM also has bitstrings of any bit
//! length; a segment whose size is not a multiple of 8 bits is refused).

use super::code::{BinSpec, SegSize, SegType, Segment};
use super::exception::{Exception, Res};
use crate::term::{inspect, Term, MAX_BINARY};
use num_bigint::{BigInt, Sign};

fn type_name(ty: SegType) -> &'static str {
    match ty {
        SegType::Integer => "integer",
        SegType::Float => "float",
        SegType::Binary => "binary",
        SegType::Bits => "bitstring",
        SegType::Utf8 => "utf8",
        SegType::Utf16 => "utf16",
        SegType::Utf32 => "utf32",
    }
}

fn build_error(i: usize, seg: &Segment, what: &str, value: &Term) -> Exception {
    Exception::argument(format!(
        "construction of binary failed: segment {} of type '{}': {what} but got: {}",
        i + 1,
        type_name(seg.ty),
        inspect(value)
    ))
}

/// The segment's size in bits, `None` for "all of it" (binaries).
fn size_bits(seg: &Segment, regs: &[Term]) -> Result<Option<u64>, ()> {
    let units = match seg.size {
        SegSize::Default => {
            return Ok(match seg.ty {
                SegType::Integer => Some(8),
                SegType::Float => Some(64),
                _ => None,
            })
        }
        SegSize::Fixed(n) => u64::from(n),
        SegSize::Reg(r) => match regs.get(usize::from(r)) {
            Some(Term::Int(n)) if *n >= 0 => *n as u64,
            _ => return Err(()),
        },
    };
    Ok(Some(units.saturating_mul(u64::from(seg.unit))))
}

fn int_bytes(value: &BigInt, bytes: usize, little: bool) -> Vec<u8> {
    // Two's complement, truncated to `bytes` as the BEAM does.
    let mut le = value.to_signed_bytes_le();
    let fill = if value.sign() == Sign::Minus { 0xFF } else { 0 };
    le.resize(bytes.max(le.len()), fill);
    le.truncate(bytes);
    if !little {
        le.reverse();
    }
    le
}

/// `:system_limit` for a binary past [`MAX_BINARY`], checked before the
/// bytes are copied, so a doubling loop stops at the limit, not after.
fn too_large(bytes: u64) -> Exception {
    Exception::system_limit(&format!(
        "a binary of {bytes} bytes is more than the simulation builds at once ({MAX_BINARY})"
    ))
}

/// `<<...>>` from `values` (one per segment); sizes read from `regs`.
pub(super) fn build(spec: &BinSpec, values: &[Term], regs: &[Term]) -> Res {
    let mut out: Vec<u8> = Vec::new();
    for (i, seg) in spec.segments.iter().enumerate() {
        let Some(value) = values.get(i) else {
            return Err(Exception::badarg());
        };
        let bits =
            size_bits(seg, regs).map_err(|_| build_error(i, seg, "expected a size", value))?;
        let after = |more: u64| (out.len() as u64).saturating_add(more);
        if after(bits.map_or(0, |b| b / 8)) > MAX_BINARY as u64 {
            return Err(too_large(after(bits.map_or(0, |b| b / 8))));
        }
        if let Some(b) = bits {
            if b % 8 != 0 {
                return Err(Exception::argument(format!(
                    "construction of binary failed: segment {} of {b} bits: otpsim builds whole bytes only",
                    i + 1
                )));
            }
        }
        match seg.ty {
            SegType::Integer => {
                let v = match value {
                    Term::Int(n) => BigInt::from(*n),
                    Term::BigInt(b) => (**b).clone(),
                    _ => return Err(build_error(i, seg, "expected an integer", value)),
                };
                let bytes = (bits.unwrap_or(8) / 8) as usize;
                out.extend(int_bytes(&v, bytes, seg.little));
            }
            SegType::Float => {
                let Some(f) = super::arith::to_f64(value) else {
                    return Err(build_error(i, seg, "expected a float or an integer", value));
                };
                match bits {
                    Some(64) => {
                        let b = f.to_bits();
                        out.extend(if seg.little {
                            b.to_le_bytes()
                        } else {
                            b.to_be_bytes()
                        });
                    }
                    Some(32) => {
                        let b = (f as f32).to_bits();
                        out.extend(if seg.little {
                            b.to_le_bytes()
                        } else {
                            b.to_be_bytes()
                        });
                    }
                    _ => return Err(build_error(i, seg, "expected a size of 32 or 64", value)),
                }
            }
            SegType::Binary | SegType::Bits => {
                let Some(b) = value.as_binary() else {
                    return Err(build_error(i, seg, "expected a binary", value));
                };
                if after(b.len() as u64) > MAX_BINARY as u64 {
                    return Err(too_large(after(b.len() as u64)));
                }
                match bits {
                    None => out.extend_from_slice(b),
                    Some(n) => {
                        let n = (n / 8) as usize;
                        match b.get(..n) {
                            Some(part) => out.extend_from_slice(part),
                            None => {
                                return Err(build_error(
                                    i,
                                    seg,
                                    &format!("the binary is shorter than {n} bytes"),
                                    value,
                                ))
                            }
                        }
                    }
                }
            }
            SegType::Utf8 | SegType::Utf16 | SegType::Utf32 => {
                let c = value
                    .as_int()
                    .and_then(|n| u32::try_from(n).ok())
                    .and_then(char::from_u32)
                    .ok_or_else(|| build_error(i, seg, "expected a Unicode code point", value))?;
                match seg.ty {
                    SegType::Utf8 => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                    SegType::Utf16 => {
                        for unit in c.encode_utf16(&mut [0; 2]) {
                            out.extend(if seg.little {
                                unit.to_le_bytes()
                            } else {
                                unit.to_be_bytes()
                            });
                        }
                    }
                    _ => {
                        let v = u32::from(c);
                        out.extend(if seg.little {
                            v.to_le_bytes()
                        } else {
                            v.to_be_bytes()
                        });
                    }
                }
            }
        }
        if out.len() > MAX_BINARY {
            return Err(too_large(out.len() as u64));
        }
    }
    Ok(Term::bytes_vec(out))
}

/// Matches `value` against `spec`, writing segment values to
/// `regs[dst..]`; sizes read from `regs` (earlier segments included).
pub(super) fn matches(spec: &BinSpec, value: &Term, regs: &mut [Term], dst: usize) -> bool {
    let Term::Binary(bin) = value else {
        return false;
    };
    let bytes = bin.as_slice();
    let mut at = 0usize;
    let last = spec.segments.len().saturating_sub(1);
    for (i, seg) in spec.segments.iter().enumerate() {
        let Ok(bits) = size_bits(seg, regs) else {
            return false;
        };
        if bits.is_some_and(|b| b % 8 != 0) {
            return false;
        }
        let rest = bytes.get(at..).unwrap_or_default();
        let extracted = match seg.ty {
            SegType::Integer => {
                let n = (bits.unwrap_or(8) / 8) as usize;
                let Some(chunk) = rest.get(..n) else {
                    return false;
                };
                at += n;
                let big = if seg.signed {
                    if seg.little {
                        BigInt::from_signed_bytes_le(chunk)
                    } else {
                        BigInt::from_signed_bytes_be(chunk)
                    }
                } else if seg.little {
                    BigInt::from_bytes_le(Sign::Plus, chunk)
                } else {
                    BigInt::from_bytes_be(Sign::Plus, chunk)
                };
                Term::from_bigint(big)
            }
            SegType::Float => {
                let n = (bits.unwrap_or(64) / 8) as usize;
                let Some(chunk) = rest.get(..n) else {
                    return false;
                };
                at += n;
                let f = match n {
                    8 => {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(chunk);
                        if seg.little {
                            f64::from_le_bytes(b)
                        } else {
                            f64::from_be_bytes(b)
                        }
                    }
                    4 => {
                        let mut b = [0u8; 4];
                        b.copy_from_slice(chunk);
                        f64::from(if seg.little {
                            f32::from_le_bytes(b)
                        } else {
                            f32::from_be_bytes(b)
                        })
                    }
                    _ => return false,
                };
                if !f.is_finite() {
                    return false;
                }
                Term::Float(f)
            }
            SegType::Binary | SegType::Bits => match bits {
                None => {
                    if i != last {
                        return false;
                    }
                    let Some(part) = bin.slice(at, bytes.len() - at) else {
                        return false;
                    };
                    at = bytes.len();
                    Term::Binary(part)
                }
                Some(b) => {
                    let n = (b / 8) as usize;
                    let Some(part) = bin.slice(at, n) else {
                        return false;
                    };
                    at += n;
                    Term::Binary(part)
                }
            },
            SegType::Utf8 => {
                let window = rest.get(..4.min(rest.len())).unwrap_or_default();
                let Some(c) = window
                    .utf8_chunks()
                    .next()
                    .and_then(|ch| ch.valid().chars().next())
                else {
                    return false;
                };
                at += c.len_utf8();
                Term::Int(i64::from(u32::from(c)))
            }
            SegType::Utf16 => {
                let unit = |b: &[u8]| -> Option<u16> {
                    let pair = [*b.first()?, *b.get(1)?];
                    Some(if seg.little {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    })
                };
                let Some(first) = unit(rest) else {
                    return false;
                };
                let units: Vec<u16> = match unit(rest.get(2..).unwrap_or_default()) {
                    Some(second) if (0xD800..0xDC00).contains(&first) => vec![first, second],
                    _ => vec![first],
                };
                let Some(Ok(c)) = char::decode_utf16(units.iter().copied()).next() else {
                    return false;
                };
                at += c.len_utf16() * 2;
                Term::Int(i64::from(u32::from(c)))
            }
            SegType::Utf32 => {
                let Some(chunk) = rest.get(..4) else {
                    return false;
                };
                let mut b = [0u8; 4];
                b.copy_from_slice(chunk);
                let v = if seg.little {
                    u32::from_le_bytes(b)
                } else {
                    u32::from_be_bytes(b)
                };
                if char::from_u32(v).is_none() {
                    return false;
                }
                at += 4;
                Term::Int(i64::from(v))
            }
        };
        match regs.get_mut(dst + i) {
            Some(slot) => *slot = extracted,
            None => return false,
        }
    }
    at == bytes.len()
}
