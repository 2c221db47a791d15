//! Integers and floats: Erlang's `tokenize_number/4` and `tokenize_hex/3`
//! and friends, with the source text kept for error messages.

use std::rc::Rc;

use num_bigint::BigInt;

use super::{Lexer, TokVal, Token};
use crate::lang::ast::Ast;
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;

/// Longest integer literal accepted: big-integer parsing is quadratic in
/// its length, and a browser tab must not freeze on a wall of digits.
pub(crate) const MAX_DIGITS: usize = 100_000;

impl Lexer {
    /// `0x..`, `0o..`, `0b..` (the cursor is on the `0`).
    pub(super) fn based_integer(&mut self, radix: u32) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let mut i = self.pos + 2;
        let mut text: String = self.chars.get(self.pos..i).unwrap_or(&[]).iter().collect();
        let is_digit = |c: Option<&char>| c.is_some_and(|c| c.is_digit(radix));
        while let Some(&c) = self.chars.get(i) {
            if c.is_digit(radix) {
                text.push(c);
                i += 1;
            } else if c == '_' && is_digit(self.chars.get(i + 1)) {
                text.push('_');
                i += 1;
            } else {
                break;
            }
        }
        let len = i - self.pos;
        self.advance(len);
        let digits: String = text.chars().skip(2).filter(|c| *c != '_').collect();
        let value = integer(&digits, radix, line, column, &text)?;
        Ok(Token {
            kind: T::Int,
            line,
            column,
            val: TokVal::Number(value, text.into()),
        })
    }

    /// A decimal integer or a float (the cursor is on a digit).
    pub(super) fn number(&mut self) -> Result<Token, ParseError> {
        let (line, column) = (self.line, self.column);
        let mut i = self.pos;
        let mut text = String::new();
        let mut float = false;
        let digit = |k: usize| self.chars.get(k).is_some_and(char::is_ascii_digit);
        while let Some(&c) = self.chars.get(i) {
            if c == '.' && !float && digit(i + 1) {
                float = true;
                text.push('.');
                i += 1;
            } else if c == '_' && digit(i + 1) {
                text.push('_');
                i += 1;
            } else if float
                && (c == 'e' || c == 'E')
                && matches!(self.chars.get(i + 1), Some('+' | '-'))
                && digit(i + 2)
            {
                text.push(c);
                text.push(self.chars.get(i + 1).copied().unwrap_or('+'));
                i += 2;
            } else if c.is_ascii_digit() || (float && (c == 'e' || c == 'E') && digit(i + 1)) {
                text.push(c);
                i += 1;
            } else {
                break;
            }
        }
        let plain: String = text.chars().filter(|c| *c != '_').collect();
        let value = if float {
            match plain.parse::<f64>() {
                Ok(f) if f.is_finite() => Ast::Float(f),
                _ => return Err(ParseError::new(line, column, "invalid float number ", text)),
            }
        } else {
            integer(&plain, 10, line, column, &text)?
        };
        if let Some(&c) = self
            .chars
            .get(i)
            .filter(|c| c.is_ascii_alphabetic() || **c == '_')
        {
            return Err(ParseError::new(
                line,
                column,
                format!(
                    "invalid character \"{c}\" after number {text}. If you intended to write a number, \
                     make sure to separate the number from the character (using comma, space, etc). \
                     If you meant to write a function name or a variable, note that identifiers in \
                     Elixir cannot start with numbers. Unexpected token: "
                ),
                c.to_string(),
            ));
        }
        let len = i - self.pos;
        self.advance(len);
        Ok(Token {
            kind: if float { T::Flt } else { T::Int },
            line,
            column,
            val: TokVal::Number(value, Rc::from(text.as_str())),
        })
    }
}

/// The value of `digits` in `radix`.
fn integer(
    digits: &str,
    radix: u32,
    line: u32,
    column: u32,
    text: &str,
) -> Result<Ast, ParseError> {
    if let Ok(small) = i64::from_str_radix(digits, radix) {
        return Ok(Ast::Int(small));
    }
    if digits.len() > MAX_DIGITS {
        return Err(ParseError::new(
            line,
            column,
            format!("integer literal is too long (otpsim allows at most {MAX_DIGITS} digits): "),
            text.chars().take(20).collect::<String>() + "...",
        ));
    }
    BigInt::parse_bytes(digits.as_bytes(), radix)
        .map(|b| Ast::BigInt(Rc::new(b)))
        .ok_or_else(|| ParseError::new(line, column, "invalid number: ", text.to_string()))
}
