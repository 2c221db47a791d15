//! Elixir syntax highlighting for the editor: source text cut into spans,
//! each with a class (`keyword`, `string`, `atom`, ...). A scanner of its
//! own, not the tokenizer: it must take any text — half-typed, unbalanced,
//! wrong — and never fail, and it runs on every keystroke.

use serde::Serialize;

/// What a span of source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Class {
    /// Anything else: names, operators, whitespace.
    Plain,
    /// `def`, `do`, `end`, `fn`, `case`, `receive` ...
    Keyword,
    /// `"..."`, `'...'`, heredocs, sigils.
    Str,
    /// `:atom`, `:"quoted"`, and `key:` in keyword lists.
    Atom,
    /// `Fleet.UserWorker`: aliases.
    Alias,
    /// `42`, `1_000`, `3.14`, `0x1F`.
    Number,
    /// `# ...` to the end of the line.
    Comment,
    /// `@moduledoc`, `@impl`: module attributes.
    Attribute,
    /// `( ) [ ] { } << >>`, for bracket matching.
    Bracket,
}

impl Class {
    /// The CSS class the editor gives it (`hl-keyword`).
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "hl-plain",
            Class::Keyword => "hl-keyword",
            Class::Str => "hl-string",
            Class::Atom => "hl-atom",
            Class::Alias => "hl-alias",
            Class::Number => "hl-number",
            Class::Comment => "hl-comment",
            Class::Attribute => "hl-attr",
            Class::Bracket => "hl-bracket",
        }
    }
}

/// One span: byte range `start..end` of the source, and its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub class: Class,
}

const KEYWORDS: &[&str] = &[
    "def",
    "defp",
    "defmodule",
    "defmacro",
    "defmacrop",
    "defstruct",
    "defexception",
    "defimpl",
    "defprotocol",
    "defdelegate",
    "defguard",
    "defguardp",
    "do",
    "end",
    "fn",
    "case",
    "cond",
    "if",
    "unless",
    "else",
    "receive",
    "after",
    "try",
    "catch",
    "rescue",
    "with",
    "for",
    "when",
    "in",
    "and",
    "or",
    "not",
    "use",
    "alias",
    "import",
    "require",
    "quote",
    "unquote",
    "true",
    "false",
    "nil",
    "raise",
    "throw",
];

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The spans of `source`, in order, covering all of it.
pub fn highlight(source: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let offset = |i: usize| chars.get(i).map_or(source.len(), |c| c.0);
    let mut spans: Vec<Span> = Vec::new();
    let push = |spans: &mut Vec<Span>, start: usize, end: usize, class: Class| {
        if start >= end {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.class == class && last.end == start && class != Class::Bracket => {
                last.end = end
            }
            _ => spans.push(Span { start, end, class }),
        }
    };
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        let class = match c {
            '#' => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
                Class::Comment
            }
            '"' | '\'' => {
                let triple = at(i + 1) == Some(c) && at(i + 2) == Some(c);
                i += if triple { 3 } else { 1 };
                loop {
                    match at(i) {
                        None => break,
                        Some('\\') => i += 2,
                        Some(q)
                            if q == c
                                && (!triple || (at(i + 1) == Some(c) && at(i + 2) == Some(c))) =>
                        {
                            i += if triple { 3 } else { 1 };
                            break;
                        }
                        Some('\n') if !triple && c == '\'' => break,
                        Some(_) => i += 1,
                    }
                }
                Class::Str
            }
            '~' if at(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                i += 2;
                let close = match at(i) {
                    Some('(') => Some(')'),
                    Some('[') => Some(']'),
                    Some('{') => Some('}'),
                    Some('<') => Some('>'),
                    Some(d @ ('/' | '|' | '"' | '\'')) => Some(d),
                    _ => None,
                };
                if let Some(close) = close {
                    i += 1;
                    while let Some(c) = at(i) {
                        i += 1;
                        if c == '\\' {
                            i += 1;
                        } else if c == close {
                            break;
                        }
                    }
                    while at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                        i += 1;
                    }
                }
                Class::Str
            }
            ':' if at(i + 1) == Some('"') => {
                i += 2;
                while let Some(c) = at(i) {
                    i += 1;
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        break;
                    }
                }
                Class::Atom
            }
            ':' if at(i + 1).is_some_and(|c| c.is_alphabetic() || c == '_')
                && i.checked_sub(1).and_then(at) != Some(':') =>
            {
                i += 1;
                while at(i).is_some_and(|c| is_ident(c) || c == '@') {
                    i += 1;
                }
                if at(i).is_some_and(|c| c == '?' || c == '!') {
                    i += 1;
                }
                Class::Atom
            }
            '@' if at(i + 1).is_some_and(|c| c.is_alphabetic() || c == '_') => {
                i += 1;
                while at(i).is_some_and(is_ident) {
                    i += 1;
                }
                Class::Attribute
            }
            '(' | ')' | '[' | ']' | '{' | '}' => {
                i += 1;
                Class::Bracket
            }
            c if c.is_ascii_digit() => {
                i += 1;
                while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    || (at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()))
                {
                    i += 1;
                }
                Class::Number
            }
            c if c.is_uppercase() => {
                while at(i).is_some_and(is_ident)
                    || (at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_uppercase()))
                {
                    i += 1;
                }
                Class::Alias
            }
            c if c.is_alphabetic() || c == '_' => {
                while at(i).is_some_and(is_ident) {
                    i += 1;
                }
                if at(i).is_some_and(|c| c == '?' || c == '!') {
                    i += 1;
                }
                let word = &source[offset(start)..offset(i)];
                // `key:` in a keyword list (not `key::`).
                if at(i) == Some(':') && at(i + 1) != Some(':') {
                    i += 1;
                    Class::Atom
                } else if KEYWORDS.contains(&word) && (start == 0 || at(start - 1) != Some('.')) {
                    Class::Keyword
                } else {
                    Class::Plain
                }
            }
            _ => {
                i += 1;
                Class::Plain
            }
        };
        push(&mut spans, offset(start), offset(i.min(chars.len())), class);
    }
    spans
}

/// The bracket matching the one at byte `at` of `source` (`(` ↔ `)`,
/// `[` ↔ `]`, `{` ↔ `}`), skipping strings and comments; `None` when `at`
/// is not a bracket or it has no partner.
pub fn matching_bracket(source: &str, spans: &[Span], at: usize) -> Option<usize> {
    let brackets: Vec<(usize, u8)> = spans
        .iter()
        .filter(|s| s.class == Class::Bracket)
        .filter_map(|s| Some((s.start, *source.as_bytes().get(s.start)?)))
        .collect();
    let index = brackets.iter().position(|(p, _)| *p == at)?;
    let (_, b) = brackets[index];
    let (open, close, forward) = match b {
        b'(' => (b'(', b')', true),
        b'[' => (b'[', b']', true),
        b'{' => (b'{', b'}', true),
        b')' => (b'(', b')', false),
        b']' => (b'[', b']', false),
        b'}' => (b'{', b'}', false),
        _ => return None,
    };
    let mut depth = 0i32;
    let walk: Box<dyn Iterator<Item = &(usize, u8)>> = if forward {
        Box::new(brackets[index..].iter())
    } else {
        Box::new(brackets[..=index].iter().rev())
    };
    for (p, c) in walk {
        if *c == open {
            depth += if forward { 1 } else { -1 };
        } else if *c == close {
            depth += if forward { -1 } else { 1 };
        }
        if depth == 0 {
            return Some(*p);
        }
    }
    None
}

/// The indentation a new line after `line` should get: the line's own,
/// two more after an opener (`do`, `->`, `fn`, an open bracket).
pub fn indent_after(line: &str) -> String {
    let own: String = line.chars().take_while(|c| *c == ' ').collect();
    let code = line.split('#').next().unwrap_or(line).trim_end();
    let opens = code.ends_with(" do")
        || code == "do"
        || code.ends_with("->")
        || code.ends_with(" fn")
        || code.ends_with('(')
        || code.ends_with('[')
        || code.ends_with('{')
        || code.ends_with(" else")
        || code == "else"
        || code.ends_with(" after")
        || code == "after"
        || code.ends_with(" rescue")
        || code.ends_with(" catch");
    if opens {
        format!("{own}  ")
    } else {
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(source: &str) -> Vec<(String, Class)> {
        highlight(source)
            .into_iter()
            .filter(|s| s.class != Class::Plain)
            .map(|s| (source[s.start..s.end].to_string(), s.class))
            .collect()
    }

    #[test]
    fn marks_keywords_aliases_atoms_strings_numbers_comments_attributes() {
        let got = classes(
            "defmodule KV.Bucket do\n  @moduledoc \"A bucket\"\n  def get(b, k), do: Agent.get(b, &Map.get(&1, k)) # read\n  :ok; 1_000; :\"a b\"; ~r/x+/i\nend",
        );
        let want = [
            ("defmodule", Class::Keyword),
            ("KV.Bucket", Class::Alias),
            ("do", Class::Keyword),
            ("@moduledoc", Class::Attribute),
            ("\"A bucket\"", Class::Str),
            ("def", Class::Keyword),
            ("(", Class::Bracket),
            (")", Class::Bracket),
            ("do:", Class::Atom),
            ("Agent", Class::Alias),
            ("(", Class::Bracket),
            ("Map", Class::Alias),
            ("(", Class::Bracket),
            ("1", Class::Number),
            (")", Class::Bracket),
            (")", Class::Bracket),
            ("# read", Class::Comment),
            (":ok", Class::Atom),
            ("1_000", Class::Number),
            (":\"a b\"", Class::Atom),
            ("~r/x+/i", Class::Str),
            ("end", Class::Keyword),
        ];
        let want: Vec<(String, Class)> = want.iter().map(|(t, c)| (t.to_string(), *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn any_text_is_covered_exactly_even_half_typed() {
        for source in [
            "",
            "\"unterminated",
            "~r/open",
            ":\"x",
            "é :à ü\n# 💡",
            "def f(x, do: [1, {2",
            "'a\nb",
        ] {
            let spans = highlight(source);
            let mut at = 0;
            for s in &spans {
                assert_eq!(s.start, at, "{source:?}: contiguous");
                assert!(s.end > s.start && source.is_char_boundary(s.end));
                at = s.end;
            }
            assert_eq!(at, source.len(), "{source:?}: covered");
        }
    }

    #[test]
    fn brackets_match_across_nesting_but_not_inside_strings() {
        let source = "f(a, [b, \")\"], {c})";
        let spans = highlight(source);
        assert_eq!(matching_bracket(source, &spans, 1), Some(source.len() - 1));
        assert_eq!(matching_bracket(source, &spans, source.len() - 1), Some(1));
        let open = source.find('[').expect("[");
        assert_eq!(
            matching_bracket(source, &spans, open),
            Some(source.find(']').expect("]"))
        );
        assert_eq!(matching_bracket(source, &spans, 0), None, "not a bracket");
        assert_eq!(
            matching_bracket("(((", &highlight("((("), 0),
            None,
            "unclosed"
        );
    }

    #[test]
    fn a_new_line_is_indented_after_an_opener() {
        assert_eq!(indent_after("  def f do"), "    ");
        assert_eq!(indent_after("    x -> # comment"), "      ");
        assert_eq!(indent_after("  receive do"), "    ");
        assert_eq!(indent_after("  foo(1)"), "  ");
        assert_eq!(indent_after("  list = ["), "    ");
        assert_eq!(indent_after("end"), "");
    }
}
