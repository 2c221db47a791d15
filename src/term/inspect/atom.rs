//! How Elixir 1.14 writes an atom (`Macro.inspect_atom/2`): as an alias
//! (`Fleet.Registry`), bare (`:ok`, `:+`, `:foo?`), or quoted (`:"foo bar"`),
//! in three contexts: a literal, a keyword key (`ok:`), and the function
//! name of a remote call (`&:erlang.+/2`).
//!
//! Identifiers follow Elixir's tokenizer exactly for ASCII. For other
//! letters it uses Rust's Unicode `alphabetic`/`alphanumeric`/`uppercase`
//! properties instead of Elixir's UAX #31 tables, and skips its NFC and
//! mixed-script checks, so unusual non-ASCII atoms may be quoted differently.

use super::string;

/// What kind of name the atom's text is (Elixir's `inner_classify`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Syntax that is never called: `:%{}`, `:..`, `:foo@bar`, `:Foo`.
    NotCallable,
    /// Operators that must be quoted: `:"::"`, `:"^^^"`.
    QuotedOperator,
    /// Operators written bare: `:+`, `:when`.
    Operator,
    /// `Elixir.Foo.Bar`, written `Foo.Bar`.
    Alias,
    /// A plain identifier: `:ok`, `:foo?`.
    Identifier,
    /// Anything else: must be quoted.
    Other,
}

const NOT_CALLABLE: &[&str] = &["%", "%{}", "{}", "<<>>", "...", "..", ".", "..//", "->"];

const QUOTED_OPERATORS: &[&str] = &["::", "^^^", "~~~", "<|>"];

/// Unary and binary operators (`//` is missing on purpose: Elixir quotes it).
const OPERATORS: &[&str] = &[
    "&", "!", "^", "not", "+", "-", "@", "<-", "\\\\", "when", "|", "=", "||", "|||", "or", "&&",
    "&&&", "and", "==", "!=", "=~", "===", "!==", "<", "<=", ">=", ">", "|>", "<<<", ">>>", "<~",
    "~>", "<<~", "~>>", "<~>", "in", "++", "--", "<>", "+++", "---", "*", "/", "**",
];

fn classify(text: &str) -> Kind {
    if NOT_CALLABLE.contains(&text) {
        Kind::NotCallable
    } else if QUOTED_OPERATORS.contains(&text) {
        Kind::QuotedOperator
    } else if OPERATORS.contains(&text) {
        Kind::Operator
    } else if is_alias(text) {
        Kind::Alias
    } else {
        tokenize(text)
    }
}

/// `Elixir` followed by `.Name` pieces, each an ASCII capital and then
/// ASCII letters, digits or underscores.
pub(super) fn is_alias(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("Elixir") else {
        return false;
    };
    rest.is_empty()
        || rest.strip_prefix('.').is_some_and(|pieces| {
            pieces.split('.').all(|piece| {
                let mut chars = piece.chars();
                chars.next().is_some_and(|c| c.is_ascii_uppercase())
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
}

/// Runs Elixir's identifier tokenizer over the whole text.
fn tokenize(text: &str) -> Kind {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Kind::Other;
    };
    // Only names starting in lower case (or `_`) are callable identifiers;
    // `Foo` and `Éa` are valid but not callable.
    let callable = if first.is_ascii_lowercase() || first == '_' {
        true
    } else if first.is_ascii_uppercase() || (!first.is_ascii() && first.is_uppercase()) {
        false
    } else if !first.is_ascii() && first.is_alphabetic() {
        true
    } else {
        return Kind::Other;
    };
    let mut at = false;
    while let Some(c) = chars.next() {
        match c {
            // `?` and `!` may only end the name.
            '?' | '!' => {
                if chars.next().is_some() {
                    return Kind::Other;
                }
            }
            '@' => at = true,
            c if c.is_ascii_alphanumeric() || c == '_' => {}
            c if !c.is_ascii() && c.is_alphanumeric() => {}
            _ => return Kind::Other,
        }
    }
    if callable && !at {
        Kind::Identifier
    } else {
        Kind::NotCallable
    }
}

fn quoted(text: &str) -> String {
    string::escape(text.as_bytes(), b'"', usize::MAX).0
}

/// The atom as a literal: `:ok`, `Fleet.Registry`, `:"foo bar"`, `nil`.
pub(super) fn literal(text: &str) -> String {
    if matches!(text, "nil" | "true" | "false") {
        return text.to_string();
    }
    match classify(text) {
        Kind::Alias => match text.strip_prefix("Elixir.") {
            Some(rest) if !rest.starts_with("Elixir.") && rest != "Elixir" => rest.to_string(),
            _ => text.to_string(),
        },
        Kind::QuotedOperator | Kind::Other => format!(":\"{}\"", quoted(text)),
        Kind::NotCallable | Kind::Operator | Kind::Identifier => format!(":{text}"),
    }
}

/// The atom as a keyword key, colon included: `ok:`, `"foo bar":`.
pub(super) fn key(text: &str) -> String {
    match classify(text) {
        Kind::Alias => format!("\"{text}\":"),
        Kind::QuotedOperator | Kind::Other => format!("\"{}\":", quoted(text)),
        Kind::NotCallable | Kind::Operator | Kind::Identifier => format!("{text}:"),
    }
}

/// The atom as the function in `&Mod.fun/arity`: `map`, `+`, `"foo bar"`.
pub(super) fn remote_call(text: &str) -> String {
    match classify(text) {
        Kind::Identifier | Kind::Operator | Kind::QuotedOperator => text.to_string(),
        Kind::NotCallable | Kind::Alias => format!("\"{text}\""),
        Kind::Other => format!("\"{}\"", quoted(text)),
    }
}
