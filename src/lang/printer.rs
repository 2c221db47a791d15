//! [`Ast::to_quoted_string`]: the quoted form written as Elixir writes
//! `inspect(quoted, limit: :infinity, printable_limit: :infinity,
//! charlists: :as_lists, width: :infinity)`, so tests compare with Elixir
//! text to text.

use super::ast::{Ast, Head, Meta, Node};
use crate::term::inspect_atom;
use crate::term::inspect_float as float_to_string;

impl Ast {
    /// The quoted form as Elixir's `inspect/2` writes it on one line, with
    /// only the `no_parens`, `line` and `column` metadata.
    pub fn to_quoted_string(&self) -> String {
        let mut out = String::new();
        write_ast(&mut out, self);
        out
    }
}

fn write_ast(out: &mut String, ast: &Ast) {
    match ast {
        Ast::Int(i) => out.push_str(&i.to_string()),
        Ast::BigInt(b) => out.push_str(&b.to_string()),
        Ast::Float(f) => out.push_str(&float_to_string(*f)),
        Ast::Atom(a) => out.push_str(&atom_text(a)),
        Ast::Bin(bytes) => write_binary(out, bytes),
        Ast::List(items) => write_list(out, items),
        Ast::Pair(a, b) => {
            out.push('{');
            write_ast(out, a);
            out.push_str(", ");
            write_ast(out, b);
            out.push('}');
        }
        Ast::Node(node) => write_node(out, node),
    }
}

/// `inspect/1` of an atom; non-ASCII names Elixir accepts as identifiers
/// (`:olá`, `:x́`) are written bare, as Elixir's tokenizer-based check does.
fn atom_text(atom: &str) -> String {
    if !atom.is_ascii() && crate::lang::lexer::is_identifier(atom) {
        return format!(":{atom}");
    }
    inspect_atom(atom)
}

fn write_node(out: &mut String, node: &Node) {
    out.push('{');
    match &node.head {
        Head::Atom(a) => out.push_str(&atom_text(a)),
        Head::Ast(ast) => write_ast(out, ast),
    }
    out.push_str(", ");
    write_meta(out, node.meta);
    out.push_str(", ");
    match &node.args {
        None => out.push_str("nil"),
        Some(args) => write_list(out, args),
    }
    out.push('}');
}

fn write_meta(out: &mut String, meta: Meta) {
    let mut parts = Vec::new();
    if meta.no_parens {
        parts.push("no_parens: true".to_string());
    }
    if meta.line > 0 {
        parts.push(format!("line: {}", meta.line));
    }
    if meta.column > 0 {
        parts.push(format!("column: {}", meta.column));
    }
    out.push('[');
    out.push_str(&parts.join(", "));
    out.push(']');
}

/// A list, in keyword syntax when every element is a pair with an atom key
/// that is not an alias (Elixir's `Inspect.List.keyword?/1`).
fn write_list(out: &mut String, items: &[Ast]) {
    let keyword = !items.is_empty()
        && items.iter().all(|item| {
            matches!(item, Ast::Pair(k, _) if matches!(&**k, Ast::Atom(a) if !a.starts_with("Elixir.")))
        });
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match item {
            Ast::Pair(k, v) if keyword => {
                if let Ast::Atom(key) = &**k {
                    out.push_str(&key_text(key));
                }
                out.push(' ');
                write_ast(out, v);
            }
            _ => write_ast(out, item),
        }
    }
    out.push(']');
}

/// `Macro.inspect_atom(:key, atom)`: `do:`, `"foo bar":`.
fn key_text(key: &str) -> String {
    let literal = atom_text(key);
    if matches!(literal.as_str(), "nil" | "true" | "false") {
        return format!("{literal}:");
    }
    if let Some(quoted) = literal.strip_prefix(':').filter(|q| q.starts_with('"')) {
        return format!("{quoted}:");
    }
    match literal.strip_prefix(':') {
        Some(plain) => format!("{plain}:"),
        None => format!("\"{key}\":"),
    }
}

/// A binary: a string when `String.printable?/1`, else `<<1, 2>>`.
fn write_binary(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.chars().all(printable) => {
            out.push('"');
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' => out.push_str("\\\""),
                    '#' if chars.peek() == Some(&'{') => {
                        chars.next();
                        out.push_str("\\#{");
                    }
                    c => escape_char(out, c),
                }
            }
            out.push('"');
        }
        _ => {
            let items: Vec<String> = bytes.iter().map(u8::to_string).collect();
            out.push_str("<<");
            out.push_str(&items.join(", "));
            out.push_str(">>");
        }
    }
}

/// `String.printable?/1` for one character.
fn printable(c: char) -> bool {
    let c = u32::from(c);
    (0x20..=0x7E).contains(&c)
        || [10, 13, 9, 11, 8, 12, 27, 127, 7].contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || (0xE000..=0xFFFD).contains(&c)
        || (0x10000..=0x10FFFF).contains(&c)
}

/// `Code.Identifier.escape/2`'s character escapes.
fn escape_char(out: &mut String, c: char) {
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{7f}' => out.push_str("\\d"),
        '\u{1b}' => out.push_str("\\e"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        '\0' => out.push_str("\\0"),
        '\u{feff}' => out.push_str("\\uFEFF"),
        c => out.push(c),
    }
}
