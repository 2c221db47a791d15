//! The main loop: Erlang's `tokenize/5`, one `if` per clause, in the same
//! order (the order decides, e.g., that `..//` is tried before `..`).

use super::operators::{
    op2_kind, op3_kind, AtomOp, ATOM_OPS_1, ATOM_OPS_2, ATOM_OPS_3, KW_OPERATORS, OPERATOR_ATOMS,
};
use super::{is_horizontal_space, is_space, Lexer, Stop, Token};
use crate::lang::error::ParseError;
use crate::lang::parser::tables::T;

impl Lexer {
    /// Tokenizes until the end of input or, inside an interpolation
    /// (`interp`), until the `}` that closes it.
    pub(super) fn run(&mut self, interp: bool) -> Result<(Vec<Token>, Stop), ParseError> {
        let mut tokens: Vec<Token> = Vec::new();
        loop {
            let Some(c) = self.at(0) else {
                self.check_all_closed()?;
                return Ok((tokens, Stop::Eof));
            };
            if interp && c == '}' && self.terminators.is_empty() {
                return Ok((tokens, Stop::CloseBrace));
            }
            self.step(c, &mut tokens)?;
        }
    }

    /// One clause of `tokenize/5`: consumes the next token (or space).
    fn step(&mut self, c: char, tokens: &mut Vec<Token>) -> Result<(), ParseError> {
        let (line, column) = (self.line, self.column);
        let c1 = self.at(1);
        let c2 = self.at(2);
        if column == 1 && self.starts_with("<<<<<<<") {
            let first: String = self
                .chars
                .get(self.pos..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| **c != '\n' && **c != '\r')
                .collect();
            return self.error(
                line,
                1,
                "found an unexpected version control marker, please resolve the conflicts: ",
                first,
            );
        }
        if c == '0' {
            let radix = match (c1, c2) {
                (Some('x'), Some(d)) if d.is_ascii_hexdigit() => Some(16),
                (Some('b'), Some('0' | '1')) => Some(2),
                (Some('o'), Some('0'..='7')) => Some(8),
                _ => None,
            };
            if let Some(radix) = radix {
                let token = self.based_integer(radix)?;
                tokens.push(token);
                return Ok(());
            }
        }
        if c == '#' {
            return self.comment();
        }
        if c == '~' && c1.is_some_and(|s| s.is_ascii_alphabetic()) {
            if let Some(h) = c2 {
                let token = self.sigil(h)?;
                tokens.push(token);
                return Ok(());
            }
        }
        if c == '?' {
            if let Some(next) = c1 {
                let token = self.char_literal(next)?;
                tokens.push(token);
                return Ok(());
            }
        }
        if self.starts_with("\"\"\"") || self.starts_with("'''") {
            let token = self.heredoc(c)?;
            tokens.push(token);
            return Ok(());
        }
        if c == '"' || c == '\'' {
            let token = self.string(c)?;
            tokens.push(token);
            return Ok(());
        }
        for op in KW_OPERATORS {
            let n = op.chars().count();
            if self.starts_with(op)
                && self.at(n + 1).is_some_and(is_space)
                && self.at(n) == Some(':')
            {
                tokens.push(Token::named(T::KwIdentifier, line, column, op));
                self.advance(n + 1);
                return Ok(());
            }
        }
        if c == ':' {
            if let Some(op) = OPERATOR_ATOMS.iter().find(|op| self.starts_with_at(1, op)) {
                tokens.push(Token::named(T::Atom, line, column, op));
                self.advance(1 + op.chars().count());
                return Ok(());
            }
            for (len, ops) in [
                (3, ATOM_OPS_3),
                (0, &[][..]),
                (2, ATOM_OPS_2),
                (1, ATOM_OPS_1),
            ] {
                if len == 0 {
                    if self.starts_with(":::") {
                        tokens.push(Token::named(T::Atom, line, column, "::"));
                        self.advance(3);
                        return Ok(());
                    }
                    continue;
                }
                if let Some(op) = ops.iter().find(|op: &&AtomOp| self.starts_with_at(1, op)) {
                    tokens.push(Token::named(T::Atom, line, column, op));
                    self.advance(1 + len);
                    return Ok(());
                }
            }
        }
        if self.starts_with("...") {
            let token = words::call_identifier(line, column, "...", self.at(3));
            tokens.push(token);
            self.advance(3);
            return Ok(());
        }
        if self.starts_with("=>") {
            self.advance(2);
            push_with_eol(tokens, Token::named(T::AssocOp, line, column, "=>"));
            return Ok(());
        }
        if self.starts_with("..//") {
            let spaces = self.horizontal_spaces(4);
            if self.at(4 + spaces) == Some('/') {
                tokens.push(Token::named(T::Identifier, line, column, "..//"));
                self.advance(4 + spaces);
                return Ok(());
            }
            return self.unexpected_char(0, column);
        }
        if let Some((kind, op)) = op3_kind(c, c1, c2) {
            return self.operator(tokens, kind, op, 3);
        }
        match c {
            ',' => {
                tokens.push(Token::bare(T::Comma, line, column));
                self.advance(1);
                return Ok(());
            }
            '<' if c1 == Some('<') => return self.open(tokens, T::OpenBit, 2),
            '>' if c1 == Some('>') => return self.close(tokens, T::CloseBit, 2),
            '(' => return self.open(tokens, T::OpenParen, 1),
            '[' => return self.open(tokens, T::OpenBracket, 1),
            '{' => return self.open(tokens, T::OpenCurly, 1),
            ')' => return self.close(tokens, T::CloseParen, 1),
            ']' => return self.close(tokens, T::CloseBracket, 1),
            '}' => return self.close(tokens, T::CloseCurly, 1),
            _ => {}
        }
        if c == '/' && c1 == Some('/') {
            self.advance(2);
            push_with_eol(tokens, Token::named(T::TernaryOp, line, column, "//"));
            return Ok(());
        }
        if let Some((kind, op)) = op2_kind(c, c1) {
            return self.operator(tokens, kind, op, 2);
        }
        match c {
            '&' => return self.capture(tokens),
            '@' => return self.operator(tokens, T::AtOp, "@", 1),
            '!' => return self.operator(tokens, T::UnaryOp, "!", 1),
            '^' => return self.operator(tokens, T::UnaryOp, "^", 1),
            '<' => return self.operator(tokens, T::RelOp, "<", 1),
            '>' => return self.operator(tokens, T::RelOp, ">", 1),
            '+' => return self.operator(tokens, T::DualOp, "+", 1),
            '-' => return self.operator(tokens, T::DualOp, "-", 1),
            '*' => return self.operator(tokens, T::MultOp, "*", 1),
            '/' => return self.operator(tokens, T::MultOp, "/", 1),
            '=' => return self.operator(tokens, T::MatchOp, "=", 1),
            '|' => return self.operator(tokens, T::PipeOp, "|", 1),
            _ => {}
        }
        if c == ':' && matches!(c1, Some('"' | '\'')) {
            let token = self.quoted_atom()?;
            tokens.push(token);
            return Ok(());
        }
        if c == ':' {
            let token = self.atom()?;
            tokens.push(token);
            return Ok(());
        }
        if c.is_ascii_digit() {
            let token = self.number()?;
            tokens.push(token);
            return Ok(());
        }
        if is_horizontal_space(c) {
            let spaces = self.horizontal_spaces(0);
            self.advance(spaces);
            self.space_sensitive(tokens);
            return Ok(());
        }
        if c == ';' {
            if tokens.last().is_some_and(|t| t.kind == T::Semicolon) {
                return self.unexpected_char(0, column);
            }
            tokens.push(Token::bare(T::Semicolon, line, column));
            self.advance(1);
            return Ok(());
        }
        if c == '\\' {
            let rest: String = self
                .chars
                .get(self.pos..)
                .unwrap_or(&[])
                .iter()
                .take(3)
                .collect();
            if rest == "\\" || rest == "\\\n" || rest == "\\\r\n" {
                return self.error(line, column, "invalid escape \\ at end of file", "");
            }
            if c1 == Some('\n') {
                self.pos += 2;
                self.eol_continue();
                return Ok(());
            }
            if c1 == Some('\r') && c2 == Some('\n') {
                self.pos += 3;
                self.eol_continue();
                return Ok(());
            }
        }
        if c == '\n' || (c == '\r' && c1 == Some('\n')) {
            self.pos += if c == '\n' { 1 } else { 2 };
            push_eol(tokens, line, column);
            self.eol_continue();
            return Ok(());
        }
        if c == '%' {
            if let Some(b @ ('(' | '[')) = c1 {
                return self.error(
                    line,
                    column,
                    "expected %{ to define a map, got: ",
                    format!("%{b}"),
                );
            }
            if c1 == Some('{') {
                tokens.push(Token::bare(T::PercentCurly, line, column));
                self.advance(1);
                return Ok(());
            }
            tokens.push(Token::bare(T::Percent, line, column));
            self.advance(1);
            return Ok(());
        }
        if c == '.' {
            return self.dot(tokens);
        }
        self.identifier(tokens)
    }

    /// True when the text at `pos + i` starts with `s`.
    fn starts_with_at(&self, i: usize, s: &str) -> bool {
        (self.pos + i..)
            .zip(s.chars())
            .all(|(k, c)| self.chars.get(k) == Some(&c))
    }

    /// A comment up to the end of the line.
    fn comment(&mut self) -> Result<(), ParseError> {
        let mut i = self.pos;
        while let Some(&c) = self.chars.get(i) {
            if c == '\n' || (c == '\r' && self.chars.get(i + 1) == Some(&'\n')) {
                break;
            }
            if super::is_bidi(c) {
                return self.error(
                    self.line,
                    self.column,
                    "invalid bidirectional formatting character in comment: ",
                    format!("\\u{:04X}", u32::from(c)),
                );
            }
            i += 1;
        }
        self.pos = i;
        Ok(())
    }

    /// After a line break: the next line's indentation.
    pub(super) fn eol_continue(&mut self) {
        let spaces = self.horizontal_spaces(0);
        self.pos += spaces;
        self.line += 1;
        self.indentation = spaces as u32;
        self.column = spaces as u32 + 1;
    }
}

use super::words;

/// Elixir's `eol/3`: a line break merges into a preceding `,`, `;` or `eol`.
fn push_eol(tokens: &mut Vec<Token>, line: u32, column: u32) {
    if tokens
        .last()
        .is_some_and(|t| matches!(t.kind, T::Comma | T::Semicolon | T::Eol))
    {
        return;
    }
    tokens.push(Token::bare(T::Eol, line, column));
}

/// Elixir's `add_token_with_eol/2`: most operators swallow a line break
/// before them, which is how `a\n|> f()` continues a line.
pub(super) fn push_with_eol(tokens: &mut Vec<Token>, token: Token) {
    if token.kind != T::UnaryOp && tokens.last().is_some_and(|t| t.kind == T::Eol) {
        tokens.pop();
    }
    tokens.push(token);
}
