//! Literals: numbers, `true`/`false`/`nil`, strings, charlists, heredocs,
//! sigils and quoted atoms, with interpolations parsed into
//! `Kernel.to_string/1` calls as Elixir's `string_parts/1` does.

use super::values::{self, internal, leaf, meta, Ex};
use crate::lang::ast::{Ast, Meta};
use crate::lang::error::ParseError;
use crate::lang::lexer::{Part, TokVal, Token};
use crate::lang::parser::tables::T;

/// `true`, `false` or `nil`.
pub(super) fn keyword_literal(token: &Token) -> Ex {
    values::atom(match token.kind {
        T::True => "true",
        T::False => "false",
        _ => "nil",
    })
}

/// An `int`, `flt` or `char` token's value.
pub(super) fn number(token: Token) -> Result<Ex, ParseError> {
    match token.val {
        TokVal::Number(value, _) => Ok(leaf(value)),
        TokVal::Char(c) => Ok(leaf(Ast::Int(i64::from(c)))),
        _ => Err(internal()),
    }
}

/// The parts of a quoted token.
fn parts(token: Token) -> Result<(Meta, Vec<Part>), ParseError> {
    let m = meta(&token);
    match token.val {
        TokVal::Parts(parts) | TokVal::Heredoc(_, parts) => Ok((m, parts)),
        TokVal::Name(name) => Ok((m, vec![Part::Lit(name.as_bytes().to_vec())])),
        _ => Err(internal()),
    }
}

/// A binary literal.
fn bin(bytes: Vec<u8>) -> Ex {
    leaf(Ast::Bin(bytes.into()))
}

/// Elixir's `string_parts/1`: binaries stay, each interpolation becomes
/// `Kernel.to_string(expr) :: binary`.
fn string_parts(parts: Vec<Part>) -> Result<Vec<Ex>, ParseError> {
    parts
        .into_iter()
        .map(|part| match part {
            Part::Lit(bytes) => Ok(bin(bytes)),
            Part::Interp(..) => Err(internal()),
            Part::Parsed(line, column, form) => {
                let m = Meta {
                    line,
                    column,
                    no_parens: false,
                };
                let call = to_string_call(*form, m)?;
                values::node("::", m, vec![call, values::var("binary", m)])
            }
        })
        .collect()
}

/// `Kernel.to_string(expr)` for a parsed interpolation.
fn to_string_call(form: Result<Ex, ParseError>, m: Meta) -> Result<Ex, ParseError> {
    let form = form?;
    let dot = values::node(
        ".",
        m,
        vec![values::atom("Elixir.Kernel"), values::atom("to_string")],
    )?;
    values::call(dot, m, vec![form])
}

/// Elixir's `build_bin_string/2` (and heredocs).
pub(super) fn bin_string(token: Token) -> Result<Ex, ParseError> {
    let (m, mut parts) = parts(token)?;
    if let [Part::Lit(_)] = parts.as_slice() {
        if let Some(Part::Lit(bytes)) = parts.pop() {
            return Ok(bin(bytes));
        }
    }
    values::node("<<>>", m, string_parts(parts)?)
}

/// The code points of a charlist literal.
fn charlist(bytes: &[u8]) -> Result<Ex, ParseError> {
    let text = String::from_utf8_lossy(bytes);
    let items = text
        .chars()
        .map(|c| leaf(Ast::Int(i64::from(u32::from(c)))))
        .collect();
    values::list(items, Meta::default())
}

/// Elixir's `build_list_string/2` (and heredocs).
pub(super) fn list_string(token: Token) -> Result<Ex, ParseError> {
    let (m, parts) = parts(token)?;
    if let [Part::Lit(bytes)] = parts.as_slice() {
        return charlist(bytes);
    }
    let items = parts
        .into_iter()
        .map(|part| match part {
            Part::Lit(bytes) => Ok(bin(bytes)),
            Part::Interp(..) => Err(internal()),
            Part::Parsed(line, column, form) => to_string_call(
                *form,
                Meta {
                    line,
                    column,
                    no_parens: false,
                },
            ),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let dot = values::node(
        ".",
        m,
        vec![values::atom("Elixir.List"), values::atom("to_charlist")],
    )?;
    let list = values::list(items, m)?;
    values::call(dot, m, vec![list])
}

/// Elixir's `build_quoted_atom/3`: an atom, or `:erlang.binary_to_atom/2`
/// of the interpolated binary.
pub(super) fn quoted_atom(token: Token) -> Result<Ex, ParseError> {
    let (m, mut parts) = parts(token)?;
    if let [Part::Lit(_)] = parts.as_slice() {
        if let Some(Part::Lit(bytes)) = parts.pop() {
            return Ok(values::atom(&String::from_utf8_lossy(&bytes)));
        }
    }
    let dot = values::node(
        ".",
        m,
        vec![values::atom("erlang"), values::atom("binary_to_atom")],
    )?;
    let binary = values::node("<<>>", m, string_parts(parts)?)?;
    values::call(dot, m, vec![binary, values::atom("utf8")])
}

/// Elixir's `build_sigil/1`: `sigil_x(<<parts>>, 'modifiers')`.
pub(super) fn sigil(token: Token) -> Result<Ex, ParseError> {
    let m = meta(&token);
    let TokVal::Sigil(sigil) = token.val else {
        return Err(internal());
    };
    let sigil = *sigil;
    let name = format!("sigil_{}", sigil.letter);
    let binary = values::node("<<>>", m, string_parts(sigil.parts)?)?;
    let modifiers = sigil
        .modifiers
        .iter()
        .map(|c| leaf(Ast::Int(i64::from(u32::from(*c)))))
        .collect();
    let modifiers = values::list(modifiers, m)?;
    values::node(&name, m, vec![binary, modifiers])
}
