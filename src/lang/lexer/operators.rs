//! Operators: which characters make which operator token, the `:+` atoms,
//! `+:` keyword keys, `&` captures, and the whitespace-sensitive `foo -1`.

use super::scan::push_with_eol;
use super::{is_space, Lexer, Token};
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;

/// An operator's spelling.
pub(super) type AtomOp = &'static str;

/// Operators that make keyword keys when `:` and a space follow (`%{}: 1`),
/// tried before anything else that starts with their characters.
pub(super) const KW_OPERATORS: &[&str] = &[".", "...", "<<>>", "%{}", "%", "&", "{}", "..//"];

/// Atoms Elixir lexes whole after `:` before trying other operators.
pub(super) const OPERATOR_ATOMS: &[&str] = &["...", "<<>>", "%{}", "%", "{}", "..//"];

/// Three-character operators that may follow `:` (or `.`).
pub(super) const ATOM_OPS_3: &[AtomOp] = &[
    "~~~", "===", "!==", "&&&", "|||", "<<<", ">>>", "~>>", "<<~", "<~>", "<|>", "^^^", "+++",
    "---",
];

/// Two-character operators that may follow `:`.
pub(super) const ATOM_OPS_2: &[AtomOp] = &[
    "==", "=~", "!=", "<=", ">=", "&&", "||", "|>", "~>", "<~", "<-", "\\\\", "++", "--", "<>",
    "**", "->", "..",
];

/// One-character operators that may follow `:`.
pub(super) const ATOM_OPS_1: &[AtomOp] = &[
    "@", "!", "^", "&", "+", "-", "*", "/", "<", ">", "=", "|", ".",
];

/// Two-character operators that may follow `.` in a remote call (`Kernel.==`).
pub(super) const DOT_OPS_2: &[AtomOp] = &[
    "==", "=~", "!=", "<=", ">=", "&&", "||", "|>", "~>", "<~", "<-", "\\\\", "++", "--", "<>",
    "**", "::", "..",
];

/// One-character operators that may follow `.`.
pub(super) const DOT_OPS_1: &[AtomOp] =
    &["@", "!", "^", "&", "+", "-", "*", "/", "<", ">", "=", "|"];

/// The three-character operator starting with these characters, if any.
pub(super) fn op3_kind(a: char, b: Option<char>, c: Option<char>) -> Option<(T, AtomOp)> {
    let (Some(b), Some(c)) = (b, c) else {
        return None;
    };
    let s: String = [a, b, c].iter().collect();
    let kind = match s.as_str() {
        "~~~" => T::UnaryOp,
        "===" | "!==" => T::CompOp,
        "&&&" => T::AndOp,
        "|||" => T::OrOp,
        "^^^" => T::XorOp,
        "+++" | "---" => T::ConcatOp,
        "<<<" | ">>>" | "~>>" | "<<~" | "<~>" | "<|>" => T::ArrowOp,
        _ => return None,
    };
    ATOM_OPS_3.iter().find(|op| **op == s).map(|op| (kind, *op))
}

/// The two-character operator starting with these characters (after `//`).
pub(super) fn op2_kind(a: char, b: Option<char>) -> Option<(T, AtomOp)> {
    let b = b?;
    let s: String = [a, b].iter().collect();
    let (kind, op): (T, AtomOp) = match s.as_str() {
        "**" => (T::PowerOp, "**"),
        ".." => (T::RangeOp, ".."),
        "++" => (T::ConcatOp, "++"),
        "--" => (T::ConcatOp, "--"),
        "<>" => (T::ConcatOp, "<>"),
        "|>" => (T::ArrowOp, "|>"),
        "~>" => (T::ArrowOp, "~>"),
        "<~" => (T::ArrowOp, "<~"),
        "==" => (T::CompOp, "=="),
        "=~" => (T::CompOp, "=~"),
        "!=" => (T::CompOp, "!="),
        "<=" => (T::RelOp, "<="),
        ">=" => (T::RelOp, ">="),
        "&&" => (T::AndOp, "&&"),
        "||" => (T::OrOp, "||"),
        "<-" => (T::InMatchOp, "<-"),
        "\\\\" => (T::InMatchOp, "\\\\"),
        "::" => (T::TypeOp, "::"),
        "->" => (T::StabOp, "->"),
        _ => return None,
    };
    Some((kind, op))
}

impl Lexer {
    /// Erlang's `handle_op/8` and `handle_unary_op/8`: an operator of `len`
    /// characters, or a keyword key (`+: 1`), or a capture name (`&+/2`).
    pub(super) fn operator(
        &mut self,
        tokens: &mut Vec<Token>,
        kind: T,
        op: AtomOp,
        len: usize,
    ) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        if self.at(len) == Some(':') && self.at(len + 1).is_some_and(is_space) {
            tokens.push(Token::named(T::KwIdentifier, line, column, op));
            self.advance(len + 1);
            return Ok(());
        }
        let spaces = self.horizontal_spaces(len);
        if self.at(len + spaces) == Some('/') {
            tokens.push(Token::named(T::Identifier, line, column, op));
            self.advance(len + spaces);
            return Ok(());
        }
        self.advance(len + spaces);
        let token = Token::named(kind, line, column, op);
        let unary = matches!(kind, T::UnaryOp | T::AtOp | T::DualOp);
        if unary {
            tokens.push(token);
        } else {
            push_with_eol(tokens, token);
        }
        Ok(())
    }

    /// `&`: a capture, or the name `&` in `&&/2`-like captures (`& /2`).
    pub(super) fn capture(&mut self, tokens: &mut Vec<Token>) -> Result<(), ParseError> {
        let spaces = self.horizontal_spaces(1);
        let kind = if self.at(1 + spaces) == Some('/') {
            let more = self.horizontal_spaces(2 + spaces);
            if self.at(2 + spaces + more) == Some('/') {
                T::CaptureOp
            } else {
                T::Identifier
            }
        } else {
            T::CaptureOp
        };
        tokens.push(Token::named(kind, self.line, self.column, "&"));
        self.advance(1);
        Ok(())
    }

    /// Erlang's `handle_space_sensitive_tokens/5`: after whitespace, an
    /// identifier followed by `-1` (sign glued to what follows) is a call
    /// `foo(-1)`, marked `op_identifier`.
    pub(super) fn space_sensitive(&mut self, tokens: &mut Vec<Token>) {
        let Some(last) = tokens.last_mut() else {
            return;
        };
        let (Some(sign @ ('+' | '-')), Some(next)) = (self.at(0), self.at(1)) else {
            return;
        };
        let excluded = is_space(next) || "([<{%+-/>:".contains(next);
        if excluded || last.kind != T::Identifier {
            return;
        }
        last.kind = T::OpIdentifier;
        let op = if sign == '+' { "+" } else { "-" };
        let token = Token::named(T::DualOp, self.line, self.column, op);
        self.advance(1);
        tokens.push(token);
    }
}
