//! `:io.format/1,2,3` (and `:io.fwrite`), `:io_lib.format/2` (and
//! `:io_lib.fwrite/2`): OTP's control sequences `~p ~P ~w ~W ~s ~n ~~ ~b
//! ~B ~x ~X ~# ~+ ~e ~f ~g ~c ~i` with the `t` modifier, field width,
//! precision and pad character (`~5.2f`, `~-10s`, `~.16B`, `~8.16.0B`).
//!
//! `:io_lib.format` returns a flat charlist (OTP returns a deep one with
//! the same characters: compare them after `IO.iodata_to_binary/1` or
//! `List.flatten/1`). `:io.format` prints on the console with no newline
//! of its own; the device argument is ignored (everything goes to the
//! shell). As on a BEAM, `~s` and `~p` without `t` write a binary's
//! bytes as Latin-1 characters.

use super::erl_print::{pretty, write, Style};
use super::support::check_items;
use super::{Bif, Native};
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("io_lib", "format", 2, io_lib_format),
    Bif::pure("io_lib", "fwrite", 2, io_lib_format),
    Bif::world("io", "format", 1, io_format),
    Bif::world("io", "format", 2, io_format),
    Bif::world("io", "format", 3, io_format),
    Bif::world("io", "fwrite", 1, io_format),
    Bif::world("io", "fwrite", 2, io_format),
    Bif::world("io", "fwrite", 3, io_format),
];

/// The most characters one format call may produce.
const MAX_CHARS: usize = 16 << 20;

fn badarg() -> Exception {
    Exception::badarg()
}

/// The format as characters: a charlist, a binary (UTF-8) or an atom.
fn format_chars(t: &Term) -> Res<Vec<char>> {
    match t {
        Term::Binary(b) => Ok(String::from_utf8_lossy(b).chars().collect()),
        Term::Atom(a) => Ok(a.as_str().chars().collect()),
        Term::List(_) => {
            let mut out = Vec::new();
            flatten_chars(t, &mut out, true)?;
            Ok(out)
        }
        _ => Err(badarg()),
    }
}

/// The characters of chardata; binaries as UTF-8 when `unicode`, else as
/// Latin-1 bytes.
fn flatten_chars(t: &Term, out: &mut Vec<char>, unicode: bool) -> Res<()> {
    match t {
        Term::Binary(b) => {
            if unicode {
                out.extend(String::from_utf8_lossy(b).chars());
            } else {
                out.extend(b.iter().map(|x| char::from(*x)));
            }
        }
        Term::Int(c) => out.push(
            u32::try_from(*c)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(badarg)?,
        ),
        Term::List(_) => {
            let mut iter = t.list_iter();
            for item in iter.by_ref() {
                flatten_chars(item, out, unicode)?;
            }
            let tail = iter.tail();
            if !tail.is_empty_list() {
                flatten_chars(tail, out, unicode)?;
            }
        }
        _ => return Err(badarg()),
    }
    if out.len() > MAX_CHARS {
        return Err(Exception::system_limit("the formatted text is too long"));
    }
    Ok(())
}

/// One control sequence's settings.
struct Spec {
    width: Option<i64>,
    precision: Option<i64>,
    pad: char,
    unicode: bool,
}

/// Takes the next argument.
fn next<'a>(args: &mut std::slice::Iter<'a, Term>) -> Res<&'a Term> {
    args.next().ok_or_else(badarg)
}

/// A number field (`5`, `*` for an argument), if present.
fn number(chars: &[char], i: &mut usize, args: &mut std::slice::Iter<Term>) -> Res<Option<i64>> {
    if chars.get(*i) == Some(&'*') {
        *i += 1;
        return match next(args)? {
            Term::Int(n) => Ok(Some(*n)),
            _ => Err(badarg()),
        };
    }
    let neg = chars.get(*i) == Some(&'-');
    let start = if neg { *i + 1 } else { *i };
    let mut j = start;
    let mut n: i64 = 0;
    while let Some(d) = chars.get(j).and_then(|c| c.to_digit(10)) {
        n = n.saturating_mul(10).saturating_add(i64::from(d));
        j += 1;
    }
    if j == start {
        return Ok(None);
    }
    *i = j;
    Ok(Some(if neg { -n } else { n }))
}

/// Pads `text` to the field width (negative: left-justified), or fills
/// it with `*` when it does not fit and `stars` is set (numbers).
fn adjust(text: Vec<char>, spec: &Spec, stars: bool) -> Vec<char> {
    let Some(w) = spec.width else {
        return text;
    };
    let (left, w) = (w < 0, w.unsigned_abs() as usize);
    if text.len() > w {
        if stars {
            return vec!['*'; w];
        }
        return text.into_iter().take(w).collect();
    }
    let fill = std::iter::repeat_n(spec.pad, w - text.len());
    if left {
        text.into_iter().chain(fill).collect()
    } else {
        fill.chain(text).collect()
    }
}

fn float_arg(t: &Term) -> Res<f64> {
    match t {
        Term::Float(f) => Ok(*f),
        _ => Err(badarg()),
    }
}

/// `~e`: `d.ddde+X` with `p` significant digits.
fn exp_text(f: f64, p: usize) -> String {
    let s = format!("{:.*e}", p.saturating_sub(1), f);
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            format!("{m}e{sign}{digits}")
        }
        None => s,
    }
}

fn integer_text(t: &Term, base: u32, lower: bool) -> Res<String> {
    let n = super::support::big(t).ok_or_else(badarg)?;
    let s = n.to_str_radix(base);
    Ok(if lower { s } else { s.to_uppercase() })
}

/// Formats `fmt` with `args` into characters.
fn format(fmt: &Term, args: &Term) -> Res<Vec<char>> {
    let chars = format_chars(fmt)?;
    let list = args.list_to_vec().ok_or_else(badarg)?;
    let mut args = list.iter();
    let mut out: Vec<char> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c != '~' {
            out.push(c);
            continue;
        }
        let width = number(&chars, &mut i, &mut args)?;
        let mut precision = None;
        let mut pad = ' ';
        if chars.get(i) == Some(&'.') {
            i += 1;
            precision = number(&chars, &mut i, &mut args)?;
            if chars.get(i) == Some(&'.') {
                i += 1;
                match chars.get(i) {
                    Some('*') => {
                        i += 1;
                        pad = match next(&mut args)? {
                            Term::Int(c) => u32::try_from(*c)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(badarg)?,
                            _ => return Err(badarg()),
                        };
                    }
                    Some(&p) => {
                        i += 1;
                        pad = p;
                    }
                    None => return Err(badarg()),
                }
            }
        }
        let mut unicode = false;
        while let Some(m @ ('t' | 'l')) = chars.get(i) {
            unicode |= *m == 't';
            i += 1;
        }
        let spec = Spec {
            width,
            precision,
            pad,
            unicode,
        };
        let Some(&control) = chars.get(i) else {
            return Err(badarg());
        };
        i += 1;
        let col = out.iter().rev().take_while(|c| **c != '\n').count();
        let piece = control_text(control, &spec, &mut args, col)?;
        out.extend(piece);
        if out.len() > MAX_CHARS {
            return Err(Exception::system_limit("the formatted text is too long"));
        }
    }
    if args.next().is_some() {
        return Err(badarg());
    }
    Ok(out)
}

fn control_text(
    control: char,
    spec: &Spec,
    args: &mut std::slice::Iter<Term>,
    col: usize,
) -> Res<Vec<char>> {
    let style = |pretty: bool| Style {
        pretty,
        unicode: spec.unicode,
    };
    let p = spec.precision;
    Ok(match control {
        '~' => vec!['~'],
        'n' => vec!['\n'],
        'i' => {
            next(args)?;
            Vec::new()
        }
        'c' => {
            let ch = match next(args)? {
                Term::Int(c) => u32::try_from(*c).ok().and_then(char::from_u32),
                _ => None,
            }
            .ok_or_else(badarg)?;
            if !spec.unicode && u32::from(ch) > 255 {
                return Err(badarg());
            }
            let n = p.or(spec.width.map(i64::abs)).unwrap_or(1).max(0) as usize;
            check_items(n as u128)?;
            adjust(vec![ch; n], spec, false)
        }
        's' => {
            let arg = next(args)?;
            let mut text = Vec::new();
            match arg {
                Term::Atom(a) => text.extend(a.as_str().chars()),
                Term::List(_) | Term::Binary(_) => flatten_chars(arg, &mut text, spec.unicode)?,
                _ => return Err(badarg()),
            }
            if !spec.unicode && text.iter().any(|c| u32::from(*c) > 255) {
                return Err(badarg());
            }
            if let Some(p) = p {
                text.truncate(p.max(0) as usize);
            }
            adjust(text, spec, false)
        }
        'w' | 'p' => {
            let t = next(args)?;
            let text = if control == 'p' {
                pretty(t, col, None, style(true))
            } else {
                write(t, None, style(false))
            };
            adjust(text.chars().collect(), spec, false)
        }
        'W' | 'P' => {
            let t = next(args)?;
            let depth = match next(args)? {
                Term::Int(d) if *d > 0 => Some(*d as usize),
                Term::Int(_) => None,
                _ => return Err(badarg()),
            };
            let text = if control == 'P' {
                pretty(t, col, depth, style(true))
            } else {
                write(t, depth, style(false))
            };
            adjust(text.chars().collect(), spec, false)
        }
        'f' | 'e' | 'g' => {
            let f = float_arg(next(args)?)?;
            let prec = p.unwrap_or(6);
            let text = match control {
                'f' => {
                    if prec < 1 {
                        return Err(badarg());
                    }
                    format!("{:.*}", prec as usize, f)
                }
                'e' => {
                    if prec < 2 {
                        return Err(badarg());
                    }
                    exp_text(f, prec as usize)
                }
                _ => {
                    let a = f.abs();
                    if a >= 0.1 && a < 10f64.powi(prec as i32 - 1) {
                        let e = if a == 0.0 {
                            0
                        } else {
                            a.log10().floor() as i64
                        };
                        let decimals = (prec - 1 - e).max(0) as usize;
                        format!("{f:.decimals$}")
                    } else {
                        exp_text(f, prec.max(2) as usize)
                    }
                }
            };
            adjust(text.chars().collect(), spec, true)
        }
        'b' | 'B' | 'x' | 'X' | '#' | '+' => {
            let n = next(args)?;
            let base = p.unwrap_or(10);
            if !(2..=36).contains(&base) {
                return Err(badarg());
            }
            let lower = matches!(control, 'b' | 'x' | '+');
            let digits = integer_text(n, base as u32, lower)?;
            let (sign, digits) = match digits.strip_prefix('-') {
                Some(d) => ("-", d.to_string()),
                None => ("", digits),
            };
            let prefix = match control {
                'x' | 'X' => {
                    let pre = next(args)?;
                    let mut chars = Vec::new();
                    match pre {
                        Term::Atom(a) => chars.extend(a.as_str().chars()),
                        Term::List(_) => flatten_chars(pre, &mut chars, true)?,
                        _ => return Err(badarg()),
                    }
                    chars.into_iter().collect::<String>()
                }
                '#' | '+' => format!("{base}#"),
                _ => String::new(),
            };
            adjust(
                format!("{sign}{prefix}{digits}").chars().collect(),
                spec,
                true,
            )
        }
        _ => return Err(badarg()),
    })
}

fn chars_term(chars: Vec<char>) -> Term {
    Term::list(
        chars
            .into_iter()
            .map(|c| Term::Int(i64::from(u32::from(c))))
            .collect(),
    )
}

/// `:io_lib.format(format, args)`: the characters, as a charlist.
fn io_lib_format(args: &[Term]) -> Res {
    let [fmt, list] = args else {
        return Err(badarg());
    };
    Ok(chars_term(format(fmt, list)?))
}

/// `:io.format(format)`, `(format, args)`, `(device, format, args)`.
fn io_format(n: &mut Native, args: &[Term]) -> Res {
    let (fmt, list) = match args {
        [fmt] => (fmt, &Term::EMPTY_LIST),
        [fmt, list] => (fmt, list),
        [_device, fmt, list] => (fmt, list),
        _ => return Err(badarg()),
    };
    let text: String = format(fmt, list)?.into_iter().collect();
    n.world.print_partial(text);
    Ok(Term::ok())
}
