//! Tokens to the quoted form: the LALR(1) automaton of Elixir's own grammar
//! (`elixir_parser.yrl`, compiled by yecc into [`tables`]) driven by a plain
//! loop, with each grammar rule's action ported from the Erlang code. Being
//! the same automaton, it accepts what Elixir accepts and fails at the same
//! token with the same message.
//!
//! - `tables` — the generated automaton (states, actions, gotos, rules).
//! - `values` — what the parser stack holds while building the quoted form.
//! - `actions` — [`actions::Act`]: one variant per distinct rule action.
//! - `reduce` — what each action does.
//! - `build` — Elixir's `build_*` helpers: operators, calls, dots, blocks.
//! - `literals` — strings, charlists, sigils, atoms, interpolation.
//!
//! The driver never recurses except into interpolations (bounded by the
//! tokenizer's nesting limit); every node records its depth, so no tree
//! deeper than [`MAX_DEPTH`](crate::lang::MAX_DEPTH) is ever built.

pub(crate) mod actions;
mod build;
mod literals;
mod reduce;
pub(crate) mod tables;
mod values;

use crate::lang::ast::Ast;
use crate::lang::error::ParseError;
use crate::lang::lexer::{Part, TokVal, Token};
use tables::{
    Nt, ACCEPT, ACTION, ACTION_START, ACTION_TERM, DEFAULT, GOTO_NT, GOTO_START, GOTO_TO, RULES, T,
};
pub(crate) use values::{Ex, Value};

/// Parses a whole token list (the source, or one interpolation).
pub(crate) fn parse_tokens(tokens: Vec<Token>) -> Result<Ex, ParseError> {
    let last = tokens.last().map(|t| (t.line, t.column));
    let mut input = tokens.into_iter();
    let mut lookahead = input.next();
    let mut states: Vec<u16> = vec![0];
    let mut stack: Vec<Value> = Vec::new();
    loop {
        let state = states.last().copied().unwrap_or(0);
        let term = lookahead.as_ref().map_or(T::End, |t| t.kind);
        let action = action(state, term);
        if action == ACCEPT {
            return match stack.pop() {
                Some(value) => values::to_ex(value),
                None => Err(values::internal()),
            };
        }
        if action > 0 {
            let Some(token) = lookahead.take() else {
                return Err(values::internal());
            };
            states.push((action - 1) as u16);
            stack.push(Value::Tok(token));
            lookahead = input.next();
            continue;
        }
        if action < 0 {
            let rule = (-action - 1) as usize;
            let Some(&(head, len, act)) = RULES.get(rule) else {
                return Err(values::internal());
            };
            let len = usize::from(len);
            if stack.len() < len || states.len() <= len {
                return Err(values::internal());
            }
            states.truncate(states.len() - len);
            let from_at = stack.len() - len;
            let value = reduce::reduce(act, stack.drain(from_at..))?;
            let from = states.last().copied().unwrap_or(0);
            let Some(to) = goto(from, head) else {
                return Err(values::internal());
            };
            states.push(to);
            stack.push(value);
            continue;
        }
        return Err(match lookahead {
            Some(token) => ParseError::new(
                token.line,
                token.column,
                "syntax error before: ",
                token.describe(),
            ),
            None => {
                let (line, column) = last.unwrap_or((1, 1));
                ParseError::new(line, column, "syntax error before: ", "")
            }
        });
    }
}

/// The action of `state` on `term` (0 for an error).
fn action(state: u16, term: T) -> i16 {
    let s = usize::from(state);
    let (Some(&start), Some(&end)) = (ACTION_START.get(s), ACTION_START.get(s + 1)) else {
        return 0;
    };
    let (start, end) = (usize::from(start), usize::from(end));
    let terms = ACTION_TERM.get(start..end).unwrap_or(&[]);
    match terms.binary_search(&(term as u8)) {
        Ok(i) => ACTION.get(start + i).copied().unwrap_or(0),
        Err(_) => match DEFAULT.get(s) {
            Some(&d) if d != -1 => d,
            _ => 0,
        },
    }
}

/// The state reached from `state` over the nonterminal `nt`.
fn goto(state: u16, nt: Nt) -> Option<u16> {
    let s = usize::from(state);
    let start = usize::from(*GOTO_START.get(s)?);
    let end = usize::from(*GOTO_START.get(s + 1)?);
    let nts = GOTO_NT.get(start..end)?;
    let i = nts.binary_search(&(nt as u8)).ok()?;
    GOTO_TO.get(start + i).copied()
}

/// Parses the tokens of the source into its quoted form.
pub(crate) fn parse(mut tokens: Vec<Token>) -> Result<Ast, ParseError> {
    preparse(&mut tokens);
    parse_tokens(tokens).map(|ex| ex.ast)
}

/// Parses every interpolation inside `tokens`, innermost first, so that
/// [`parse_tokens`] itself never recurses: only this small function does,
/// as deep as interpolations nest (bounded by the tokenizer).
fn preparse(tokens: &mut [Token]) {
    for token in tokens {
        let parts = match &mut token.val {
            TokVal::Parts(parts) | TokVal::Heredoc(_, parts) => parts,
            TokVal::Sigil(sigil) => &mut sigil.parts,
            _ => continue,
        };
        for part in parts.iter_mut() {
            if let Part::Interp(line, column, inner) = part {
                preparse(inner);
                let result = parse_tokens(std::mem::take(inner));
                *part = Part::Parsed(*line, *column, Box::new(result));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{parse as parse_source, MAX_DEPTH, MAX_INTERPOLATION, MAX_NESTING};

    #[test]
    fn tables_are_consistent() {
        let states = DEFAULT.len();
        assert_eq!(ACTION_START.len(), states + 1);
        assert_eq!(GOTO_START.len(), states + 1);
        for s in 0..states {
            let (a, b) = (
                usize::from(ACTION_START[s]),
                usize::from(ACTION_START[s + 1]),
            );
            assert!(
                ACTION_TERM[a..b].windows(2).all(|w| w[0] < w[1]),
                "state {s} sorted"
            );
            for &act in ACTION[a..b].iter().chain([DEFAULT[s]].iter()) {
                if act > 0 && act != ACCEPT {
                    assert!(usize::from((act - 1) as u16) < states);
                } else if act < -1 {
                    assert!(((-act - 1) as usize) < RULES.len());
                }
            }
        }
    }

    #[test]
    fn limits_are_errors_iex_reports_at_once() {
        let cases = [
            format!(
                "{}1{}",
                "[".repeat(MAX_NESTING + 1),
                "]".repeat(MAX_NESTING + 1)
            ),
            format!(
                "{}1{}",
                "\"#{".repeat(MAX_INTERPOLATION + 1),
                "}\"".repeat(MAX_INTERPOLATION + 1)
            ),
            format!("1{}", " + 1".repeat(MAX_DEPTH + 1)),
        ];
        for source in cases {
            let e = parse_source(&source).expect_err("over the limit");
            assert!(!e.is_incomplete(), "{e}");
            assert!(e.description().contains("nested too deeply"), "{e}");
        }
        let fine = format!("1{}", " + 1".repeat(MAX_DEPTH - 2));
        assert!(parse_source(&fine).is_ok());
    }
}
