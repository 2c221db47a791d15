//! Words and symbols: identifiers, aliases, reserved words, keyword keys,
//! atoms, and operators (longest match first, as Elixir's tokenizer does).

use super::{invalid_char, Level, Lexer, Token, TokenKind};
use crate::console::parser::SyntaxError;

/// Words that are not identifiers (except right after a `.`).
const RESERVED: &[&str] = &[
    "true", "false", "nil", "fn", "end", "do", "when", "and", "or", "not", "in",
];

/// Operators and punctuation, longest first so the first match is the longest.
const SYMBOLS: &[&str] = &[
    "===", "!==", "...", "<<<", ">>>", "|||", "&&&", "^^^", "~~~", "+++", "---", "<<~", "~>>",
    "<~>", "<|>", "==", "!=", "<=", ">=", "<>", "++", "--", "..", "//", "&&", "||", "|>", "->",
    "=>", "<-", "::", "**", "=~", "<<", ">>", "~>", "<~", "%{", "\\\\", "+", "-", "*", "/", "=",
    "<", ">", "!", "^", "&", "|", ".", ",", ";", "(", ")", "[", "]", "{", "}", "%", "@",
];

/// Operators that may follow `:` to make an atom (`:+`, `:==`), longest first.
const ATOM_OPERATORS: &[&str] = &[
    "<<>>", "===", "!==", "%{}", "...", "<<<", ">>>", "|||", "&&&", "^^^", "~~~", "+++", "---",
    "<~>", "<|>", "==", "!=", "<=", ">=", "<>", "++", "--", "..", "//", "&&", "||", "|>", "=~",
    "**", "->", "<-", "=>", "\\\\", "{}", "+", "-", "*", "/", "=", "<", ">", "!", "^", "&", "|",
    ".", "@", "%",
];

impl Lexer<'_> {
    /// After `:`: an atom, a quoted atom, or the `::` operator.
    pub(super) fn colon(&mut self) -> Result<TokenKind, SyntaxError> {
        let start = self.pos;
        match self.peek_nth(1) {
            Some(':') => {
                self.pos += 2;
                Ok(TokenKind::Sym("::"))
            }
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                let parts = self.quoted_parts(q, start, "atom")?;
                Ok(TokenKind::QuotedAtom(parts))
            }
            Some(c) if is_ident_start(c) || c.is_ascii_uppercase() => {
                self.pos += 1;
                let name_start = self.pos;
                self.scan_while(|c| is_ident_continue(c) || c == '@');
                self.scan_suffix();
                Ok(TokenKind::Atom(self.src[name_start..self.pos].to_string()))
            }
            _ => {
                let rest = &self.src[start + 1..];
                match ATOM_OPERATORS.iter().find(|op| rest.starts_with(**op)) {
                    Some(op) => {
                        self.pos += 1 + op.len();
                        Ok(TokenKind::Atom((*op).to_string()))
                    }
                    None => Err(invalid_char(self.src, start, ':')),
                }
            }
        }
    }

    /// An identifier, alias, reserved word or keyword key.
    pub(super) fn word(&mut self, after_dot: bool) -> Result<TokenKind, SyntaxError> {
        let start = self.pos;
        let alias = self.peek().is_some_and(|c| c.is_ascii_uppercase());
        if alias {
            self.scan_while(|c| c.is_ascii_alphanumeric() || c == '_');
        } else {
            self.scan_while(is_ident_continue);
            self.scan_suffix();
        }
        let name = &self.src[start..self.pos];
        if self.peek() == Some(':') && self.peek_nth(1) != Some(':') {
            if self.peek_nth(1).is_some_and(|c| !c.is_whitespace()) {
                return Err(SyntaxError::syntax(
                    self.src,
                    start,
                    format!("keyword argument must be followed by space after: {name}:"),
                ));
            }
            self.pos += 1;
            return Ok(TokenKind::KwKey(name.to_string()));
        }
        if alias {
            return Ok(TokenKind::Alias(name.to_string()));
        }
        match RESERVED.iter().find(|w| **w == name) {
            Some(word) if !after_dot => Ok(TokenKind::Reserved(word)),
            _ => Ok(TokenKind::Ident(name.to_string())),
        }
    }

    /// An operator or punctuation, or iex's error for a character it rejects.
    pub(super) fn symbol(&mut self, level: &Level) -> Result<TokenKind, SyntaxError> {
        let start = self.pos;
        let rest = &self.src[start..];
        if rest.starts_with('~') && self.peek_nth(1).is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(SyntaxError::syntax(
                self.src,
                start,
                "sigils (~s, ~w, ~r, ...) are not supported in otpsim".to_string(),
            ));
        }
        let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) else {
            let c = self.peek().unwrap_or('\u{fffd}');
            return Err(invalid_char(self.src, start, c));
        };
        let doubled_semicolon = *sym == ";"
            && matches!(
                level.tokens.last(),
                Some(Token {
                    kind: TokenKind::Sym(";"),
                    ..
                })
            );
        if doubled_semicolon {
            return Err(invalid_char(self.src, start, ';'));
        }
        self.pos += sym.len();
        Ok(TokenKind::Sym(sym))
    }

    fn scan_while(&mut self, keep: impl Fn(char) -> bool) {
        let rest = &self.src[self.pos..];
        self.pos += rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
    }

    /// The optional `?` or `!` that ends an identifier (`valid?`, `put!`).
    fn scan_suffix(&mut self) {
        if let Some(c @ ('?' | '!')) = self.peek() {
            self.pos += c.len_utf8();
        }
    }
}

/// Lowercase letters (any script) and `_` start identifiers.
pub(super) fn is_ident_start(c: char) -> bool {
    c == '_' || (c.is_alphabetic() && !c.is_uppercase())
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}
