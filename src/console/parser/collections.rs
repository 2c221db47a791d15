//! Comma-separated things: lists, tuples, maps and argument lists, with
//! Elixir's keyword sugar (`[a: 1]` is `[{:a, 1}]`; keywords at the end of
//! a tuple or argument list become one final keyword list).

use super::error::SyntaxError;
use super::Parser;
use crate::console::ast::{Expr, Span};
use crate::console::lexer::TokenKind;
use crate::term::Term;

/// Where keywords were misplaced, which decides Elixir's wording.
#[derive(Clone, Copy)]
enum Place {
    ListOrMap,
    Arguments,
}

/// The keyword pairs seen so far in one sequence.
#[derive(Default)]
struct Keywords {
    pairs: Vec<Expr>,
    start: Option<usize>,
}

impl Keywords {
    /// The pairs as one keyword list, if there were any.
    fn into_list(self, end: usize) -> Option<Expr> {
        let start = self.start?;
        Some(Expr::List(self.pairs, None, Span { start, end }))
    }
}

impl Parser<'_> {
    /// `[a, b]`, `[h | t]`, `[a, k: v]`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        self.skip_eols();
        let mut items = Vec::new();
        let mut tail = None;
        let mut comma = None;
        let mut keywords = false;
        while !self.eat_sym("]") {
            if self.at_keyword() {
                keywords = true;
                items.push(self.parse_keyword_pair()?);
            } else {
                self.no_keywords_before(keywords, comma, Place::ListOrMap)?;
                items.push(self.parse_expr()?);
                if self.eat_sym_across_eol("|") {
                    self.skip_eols();
                    tail = Some(Box::new(self.parse_expr()?));
                    self.close("]")?;
                    break;
                }
            }
            if !self.after_item(&mut comma, "]")? {
                break;
            }
        }
        Ok(Expr::List(items, tail, self.span_from(start)))
    }

    /// `{}`, `{a, b}`, `{a, k: v}` (the keywords are one last element).
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_tuple(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        self.skip_eols();
        if let Some(TokenKind::KwKey(name)) = self.peek_kind() {
            // Elixir shows the bare key here, unlike elsewhere.
            let message = format!("syntax error before: {}", super::error::erlang_atom(name));
            return Err(self.error_at(self.here(), message));
        }
        let items = self.parse_sequence("}", Place::ListOrMap)?;
        Ok(Expr::Tuple(items, self.span_from(start)))
    }

    /// `(a, b, k: v)` right after a function name.
    pub(super) fn parse_call_args(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        self.pos += 1;
        self.skip_eols();
        self.parse_sequence(")", Place::Arguments)
    }

    /// Items up to `closer` (consumed); trailing keywords become one list.
    /// Call arguments may not end with a comma; tuples may.
    fn parse_sequence(&mut self, closer: &str, place: Place) -> Result<Vec<Expr>, SyntaxError> {
        let mut items = Vec::new();
        let mut keywords = Keywords::default();
        let mut comma = None;
        loop {
            if self.at_sym(closer) {
                if comma.is_some() && matches!(place, Place::Arguments) {
                    return Err(self.unexpected());
                }
                self.pos += 1;
                break;
            }
            if self.at_keyword() {
                keywords.start.get_or_insert(self.here());
                keywords.pairs.push(self.parse_keyword_pair()?);
            } else {
                self.no_keywords_before(keywords.start.is_some(), comma, place)?;
                items.push(self.parse_expr()?);
            }
            if !self.after_item(&mut comma, closer)? {
                break;
            }
        }
        let end = self.prev_end().saturating_sub(closer.len());
        items.extend(keywords.into_list(end));
        Ok(items)
    }

    /// `Mod.fun a, b, k: v`: arguments until the expression ends.
    pub(super) fn parse_no_parens_args(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        let mut items = Vec::new();
        let mut keywords = Keywords::default();
        let mut comma = None;
        loop {
            if self.at_keyword() {
                keywords.start.get_or_insert(self.here());
                keywords.pairs.push(self.parse_keyword_pair()?);
            } else {
                self.no_keywords_before(keywords.start.is_some(), comma, Place::Arguments)?;
                items.push(self.parse_expr()?);
            }
            if !self.at_sym(",") {
                break;
            }
            comma = Some(self.here());
            self.pos += 1;
            self.skip_eols();
        }
        items.extend(keywords.into_list(self.prev_end()));
        Ok(items)
    }

    /// `%{}`, `%{k => v, a: 1}`, `%{base | k => v}`.
    // Out of line, so its locals do not enlarge the recursive frames.
    #[inline(never)]
    pub(super) fn parse_map(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        self.pos += 1;
        self.skip_eols();
        let mut entries = Vec::new();
        if self.eat_sym("}") {
            return Ok(Expr::Map(entries, self.span_from(start)));
        }
        if self.at_keyword() {
            self.parse_map_entries(&mut entries, None)?;
            return Ok(Expr::Map(entries, self.span_from(start)));
        }
        let first = self.parse_expr()?;
        if self.eat_sym_across_eol("|") {
            self.skip_eols();
            if self.at_sym("}") {
                return Err(self.unexpected());
            }
            self.parse_map_entries(&mut entries, None)?;
            return Ok(Expr::MapUpdate(
                Box::new(first),
                entries,
                self.span_from(start),
            ));
        }
        let value = self.parse_arrow_value()?;
        entries.push((first, value));
        let mut comma = None;
        if self.after_item(&mut comma, "}")? {
            self.parse_map_entries(&mut entries, comma)?;
        }
        Ok(Expr::Map(entries, self.span_from(start)))
    }

    /// Map entries up to and including the closing `}`.
    fn parse_map_entries(
        &mut self,
        entries: &mut Vec<(Expr, Expr)>,
        mut comma: Option<usize>,
    ) -> Result<(), SyntaxError> {
        let mut keywords = false;
        while !self.eat_sym("}") {
            if self.at_keyword() {
                keywords = true;
                entries.push(self.parse_keyword_entry()?);
            } else {
                self.no_keywords_before(keywords, comma, Place::ListOrMap)?;
                let key = self.parse_expr()?;
                let value = self.parse_arrow_value()?;
                entries.push((key, value));
            }
            if !self.after_item(&mut comma, "}")? {
                break;
            }
        }
        Ok(())
    }

    /// `=> value` after a map key.
    fn parse_arrow_value(&mut self) -> Result<Expr, SyntaxError> {
        if !self.eat_sym_across_eol("=>") {
            return Err(self.unexpected());
        }
        self.skip_eols();
        self.parse_expr()
    }

    fn at_keyword(&self) -> bool {
        matches!(self.peek_kind(), Some(TokenKind::KwKey(_)))
    }

    /// `key: value` as the tuple `{:key, value}`.
    fn parse_keyword_pair(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let (key, value) = self.parse_keyword_entry()?;
        Ok(Expr::Tuple(vec![key, value], self.span_from(start)))
    }

    /// `key: value` as a key literal and a value.
    fn parse_keyword_entry(&mut self) -> Result<(Expr, Expr), SyntaxError> {
        let Some(Some((name, span))) = self.peek().map(|t| match &t.kind {
            TokenKind::KwKey(name) => Some((name, t.span)),
            _ => None,
        }) else {
            return Err(self.unexpected());
        };
        self.pos += 1;
        self.skip_eols();
        let value = self.parse_expr()?;
        Ok((Expr::Lit(Term::atom(name), span), value))
    }

    /// After an item: a comma (remembered in `comma`; true to go on) or the
    /// closer (consumed; false). A newline may come before the closer only.
    fn after_item(&mut self, comma: &mut Option<usize>, closer: &str) -> Result<bool, SyntaxError> {
        if self.at_sym(",") {
            *comma = Some(self.here());
            self.pos += 1;
            self.skip_eols();
            return Ok(true);
        }
        self.close(closer)?;
        Ok(false)
    }

    /// Consumes `closer`, allowing newlines before it.
    fn close(&mut self, closer: &str) -> Result<(), SyntaxError> {
        self.skip_eols();
        self.expect_sym(closer).map(|_| ())
    }

    /// Elixir's error for a plain item after keywords, at the comma before it.
    // Out of line: inlined into the recursive parse functions, the
    // message formatting would enlarge every stack frame of a deep parse.
    #[cold]
    #[inline(never)]
    fn no_keywords_before(
        &self,
        keywords: bool,
        comma: Option<usize>,
        place: Place,
    ) -> Result<(), SyntaxError> {
        if !keywords {
            return Ok(());
        }
        let message = match place {
            Place::ListOrMap => {
                "unexpected expression after keyword list. Keyword lists must always come last \
                 in lists and maps. Therefore, this is not allowed:\n\n    \
                 [some: :value, :another]\n    %{some: :value, another => value}\n\n\
                 Instead, reorder it to be the last entry:\n\n    \
                 [:another, some: :value]\n    %{another => value, some: :value}\n\n\
                 Syntax error after: ','"
            }
            Place::Arguments => {
                "unexpected expression after keyword list. Keyword lists must always come as \
                 the last argument. Therefore, this is not allowed:\n\n    \
                 function_call(1, some: :option, 2)\n\nInstead, wrap the keyword in \
                 brackets:\n\n    function_call(1, [some: :option], 2)\n\n\
                 Syntax error after: ','"
            }
        };
        Err(self.error_at(comma.unwrap_or_else(|| self.here()), message))
    }
}
