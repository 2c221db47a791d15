//! Elixir's `build_*` helpers from `elixir_parser.yrl`: operators, calls
//! and identifiers, dots and aliases, blocks and `->` clauses, and the
//! grammar's own error messages.

use std::collections::VecDeque;

use super::values::{self, internal, meta, meta_of, to_ex, tok, DotCallee, Ex, Value};
use crate::lang::ast::{Ast, Head, Meta};
use crate::lang::error::ParseError;
use crate::lang::lexer::Token;

/// `{'$1', '$2'}` of a keyword key and its value, as a 2-tuple.
pub(super) fn kw_pair(key: Value, value: Value) -> Result<Ex, ParseError> {
    let key = to_ex(key)?;
    let value = to_ex(value)?;
    let m = meta_of(&value);
    values::pair(key, value, m)
}

/// `{'__block__', [], []}`.
pub(super) fn empty_block() -> Result<Ex, ParseError> {
    values::node("__block__", Meta::default(), Vec::new())
}

/// The head atom of a node (`""` for other expressions).
pub(super) fn head_name(ex: &Ex) -> &str {
    match &ex.ast {
        Ast::Node(n) => match &n.head {
            Head::Atom(a) => a,
            Head::Ast(_) => "",
        },
        _ => "",
    }
}

/// The number of arguments of a call node (`None` for a variable or other).
fn arity(ex: &Ex) -> Option<usize> {
    match &ex.ast {
        Ast::Node(n) => n.args.as_ref().map(Vec::len),
        _ => None,
    }
}

/// Elixir's `build_block/1`.
pub(super) fn block(mut exprs: Vec<Ex>) -> Result<Ex, ParseError> {
    if exprs.len() == 1 {
        let single = exprs.first().map(|e| (head_name(e).to_string(), arity(e)));
        let wrap = matches!(single, Some((ref h, Some(1))) if h == "not" || h == "!" || h == "unquote_splicing");
        if !wrap {
            if let Some(only) = exprs.pop() {
                return Ok(only);
            }
        }
    }
    values::node("__block__", Meta::default(), exprs)
}

/// Elixir's `build_op/3`.
pub(super) fn op(left: Ex, op: Token, right: Ex) -> Result<Ex, ParseError> {
    let m = meta(&op);
    match op.name() {
        "//" => {
            if head_name(&left) == ".." && arity(&left) == Some(2) {
                let (lm, mut args) = into_parts(left)?;
                args.push(right);
                return values::node("..//", lm, args);
            }
            Err(ParseError::new(
                op.line,
                op.column,
                "the range step operator (//) must immediately follow the range definition operator (..), \
                 for example: 1..9//2. If you wanted to define a default argument, use (\\\\) instead. \
                 Syntax error before: ",
                "'//'",
            ))
        }
        "in" if matches!(head_name(&left), "not" | "!") && arity(&left) == Some(1) => {
            let uop = head_name(&left).to_string();
            let (_, mut args) = into_parts(left)?;
            let inner = args.pop().ok_or_else(internal)?;
            let in_node = values::node("in", m, vec![inner, right])?;
            values::node(&uop, m, vec![in_node])
        }
        "not in" => {
            let in_node = values::node("in", m, vec![left, right])?;
            values::node("not", m, vec![in_node])
        }
        name => values::node(name, m, vec![left, right]),
    }
}

/// A node's metadata and arguments, taken apart.
fn into_parts(ex: Ex) -> Result<(Meta, Vec<Ex>), ParseError> {
    let depth = ex.depth.saturating_sub(1).max(1);
    match ex.ast {
        Ast::Node(n) => {
            let args = n.args.unwrap_or_default();
            Ok((
                n.meta,
                args.into_iter().map(|ast| Ex { ast, depth }).collect(),
            ))
        }
        _ => Err(internal()),
    }
}

/// Elixir's `build_unary_op/2`.
pub(super) fn unary(op: Token, operand: Ex) -> Result<Ex, ParseError> {
    if op.name() == "//" {
        let outer = Meta {
            line: op.line,
            column: op.column + 1,
            no_parens: false,
        };
        let inner = values::var("/", meta(&op));
        return values::node("/", outer, vec![inner, operand]);
    }
    values::node(op.name(), meta(&op), vec![operand])
}

/// Elixir's `build_identifier/2` (also `build_no_parens/2`): a call of
/// `callee` with `args`, or a variable / `a.b` when `args` is `None`.
pub(super) fn identifier(callee: Value, args: Option<Vec<Ex>>) -> Result<Ex, ParseError> {
    match callee {
        Value::Dot(dot) => {
            let DotCallee {
                meta: dot_meta,
                ident_meta,
                left,
                name,
            } = *dot;
            let head = values::node(".", dot_meta, vec![left, values::atom(&name)])?;
            match args {
                None => values::call(
                    head,
                    Meta {
                        no_parens: true,
                        ..ident_meta
                    },
                    Vec::new(),
                ),
                Some(args) => values::call(head, ident_meta, args),
            }
        }
        Value::Ex(dot) => {
            let m = meta_of(&dot);
            match args {
                None => values::call(
                    dot,
                    Meta {
                        no_parens: true,
                        ..m
                    },
                    Vec::new(),
                ),
                Some(args) => values::call(dot, m, args),
            }
        }
        Value::Tok(t) => match args {
            None => Ok(values::var(t.name(), meta(&t))),
            Some(args) => values::node(t.name(), meta(&t), args),
        },
        _ => Err(internal()),
    }
}

/// Elixir's `build_dot/3`.
pub(super) fn dot(dot: Token, left: Ex, name: Token) -> Value {
    Value::Dot(Box::new(DotCallee {
        meta: meta(&dot),
        ident_meta: meta(&name),
        left,
        name: name.name().into(),
    }))
}

/// Elixir's `build_dot_alias/3`: `Foo.Bar`, `expr.Bar`.
pub(super) fn dot_alias(dot: Token, left: Ex, alias: Token) -> Result<Ex, ParseError> {
    if head_name(&left) == "__aliases__" {
        let (m, mut args) = into_parts(left)?;
        args.push(values::atom(alias.name()));
        return values::node("__aliases__", m, args);
    }
    if matches!(left.ast, Ast::Atom(_)) {
        return Err(ParseError::new(
            alias.line,
            alias.column,
            "atom cannot be followed by an alias. If the '.' was meant to be part of the atom's name, \
             the atom name must be quoted. Syntax error before: ",
            "'.'",
        ));
    }
    values::node(
        "__aliases__",
        meta(&dot),
        vec![left, values::atom(alias.name())],
    )
}

/// Elixir's `build_tuple/3`.
pub(super) fn tuple(m: Meta, mut args: Vec<Ex>) -> Result<Ex, ParseError> {
    if args.len() == 2 {
        let second = args.pop().ok_or_else(internal)?;
        let first = args.pop().ok_or_else(internal)?;
        return values::pair(first, second, m);
    }
    values::node("{}", m, args)
}

/// True for a `->` clause built by [`stab_clause`].
fn is_clause(ex: &Ex) -> bool {
    head_name(ex) == "->" && arity(ex) == Some(2)
}

/// Elixir's `check_stab/2` on a reversed stab: `Ok(true)` for clauses,
/// `Ok(false)` for a plain block, an error when `->` comes late.
fn check_stab(stab: &VecDeque<Ex>) -> Result<bool, ParseError> {
    let mut clause_meta = None;
    for (i, ex) in stab.iter().enumerate() {
        let last = i + 1 == stab.len();
        if is_clause(ex) {
            if last {
                return Ok(true);
            }
            clause_meta = Some(meta_of(ex));
        } else if last {
            if let Some(m) = clause_meta {
                return Err(ParseError::new(
                    m.line.max(1),
                    m.column.max(1),
                    "unexpected operator ->. If you want to define multiple clauses, the first \
                     expression must use ->. Syntax error before: ",
                    "'->'",
                ));
            }
        }
    }
    Ok(false)
}

/// Elixir's `collect_stab/3`: expressions after a clause join its body.
fn collect_stab(stab: VecDeque<Ex>) -> Result<Vec<Ex>, ParseError> {
    let mut clauses = Vec::new();
    let mut exprs: Vec<Ex> = Vec::new();
    for ex in stab {
        if is_clause(&ex) {
            let (m, mut args) = into_parts(ex)?;
            let right = args.pop().ok_or_else(internal)?;
            let left = args.pop().ok_or_else(internal)?;
            let mut body = vec![right];
            body.extend(exprs.drain(..).rev());
            let body = block(body)?;
            clauses.push(values::node("->", m, vec![left, body])?);
        } else {
            exprs.push(ex);
        }
    }
    clauses.reverse();
    Ok(clauses)
}

/// Elixir's `build_stab/1` on a reversed stab: clauses or a block.
pub(super) fn stab(stab: VecDeque<Ex>) -> Result<Ex, ParseError> {
    if check_stab(&stab)? {
        let clauses = collect_stab(stab)?;
        values::list(clauses, Meta::default())
    } else {
        block(stab.into_iter().rev().collect())
    }
}

/// Elixir's `build_stab/3`: `(a; b)` is a block placed at the `(`.
pub(super) fn paren_stab(open: &Token, stab_items: VecDeque<Ex>) -> Result<Ex, ParseError> {
    let built = stab(stab_items)?;
    if head_name(&built) == "__block__" {
        if let Ast::Node(n) = &built.ast {
            if n.meta == Meta::default() {
                let (_, args) = into_parts(built)?;
                return values::node("__block__", meta(open), args);
            }
        }
    }
    Ok(built)
}

/// Elixir's `build_fn/3`.
pub(super) fn fn_(fn_tok: Token, stab_items: VecDeque<Ex>) -> Result<Ex, ParseError> {
    if !check_stab(&stab_items)? {
        return Err(ParseError::new(
            fn_tok.line,
            fn_tok.column,
            "expected anonymous functions to be defined with -> inside: ",
            "'fn'",
        ));
    }
    let clauses = collect_stab(stab_items)?;
    values::node("fn", meta(&fn_tok), clauses)
}

/// `build_op(Args, {StabOp, Body})`: a `->` clause.
pub(super) fn stab_clause(args: Vec<Ex>, op_and_body: Value) -> Result<Value, ParseError> {
    let Value::Pair(op, body) = op_and_body else {
        return Err(internal());
    };
    let op = tok(*op)?;
    let body = to_ex(*body)?;
    let m = meta(&op);
    let args = values::list(args, m)?;
    Ok(Value::Ex(values::node("->", m, vec![args, body])?))
}

/// Elixir's `unwrap_splice/1`.
pub(super) fn unwrap_splice(mut args: Vec<Ex>) -> Vec<Ex> {
    let splice = args.len() == 1
        && args.first().is_some_and(|a| {
            head_name(a) == "__block__"
                && matches!(&a.ast, Ast::Node(n) if matches!(n.args.as_deref(), Some([only])
                    if matches!(only, Ast::Node(s) if matches!(&s.head, Head::Atom(h) if &**h == "unquote_splicing"))))
        });
    if splice {
        if let Some(only) = args.pop() {
            if let Ok((_, inner)) = into_parts(only) {
                return inner;
            }
        }
    }
    args
}

/// Elixir's `unwrap_when/1`: `a, b when c -> ...` guards all arguments.
pub(super) fn unwrap_when(mut args: Vec<Ex>) -> Result<Vec<Ex>, ParseError> {
    let guarded = args
        .last()
        .is_some_and(|l| head_name(l) == "when" && arity(l) == Some(2));
    if !guarded {
        return Ok(args);
    }
    let last = args.pop().ok_or_else(internal)?;
    let (m, end) = into_parts(last)?;
    args.extend(end);
    Ok(vec![values::node("when", m, args)?])
}

fn error_at(m: Meta, message: &str, token: &str) -> ParseError {
    ParseError::new(m.line.max(1), m.column.max(1), message, token)
}

/// Elixir's `error_no_parens_many_strict/1`.
pub(super) fn no_parens_many_strict(node: &Ex) -> ParseError {
    error_at(
        meta_of(node),
        "unexpected comma. Parentheses are required to solve ambiguity in nested calls.\n\n\
         This error happens when you have nested function calls without parentheses. For example:\n\n    \
         one a, two b, c, d\n\nIn the example above, we don't know if the parameters \"c\" and \"d\" \
         apply to the function \"one\" or \"two\". You can solve this by explicitly adding parentheses:\n\n    \
         one a, two(b, c, d)\n\nOr by adding commas (in case a nested call is not intended):\n\n    \
         one, a, two, b, c, d\n\nElixir cannot compile otherwise. Syntax error before: ",
        "','",
    )
}

/// Elixir's `error_no_parens_strict/1`.
pub(super) fn no_parens_strict(open: &Token) -> ParseError {
    error_at(
        meta(open),
        "unexpected parentheses. If you are making a function call, do not insert spaces between \
         the function name and the opening parentheses. Syntax error before: ",
        "'('",
    )
}

/// Elixir's `error_no_parens_container_strict/1`.
pub(super) fn no_parens_container_strict(node: &Ex) -> ParseError {
    error_at(
        meta_of(node),
        "unexpected comma. Parentheses are required to solve ambiguity inside containers.\n\n\
         This error may happen when you forget a comma in a list or other container:\n\n    \
         [a, b c, d]\n\nOr when you have ambiguous calls:\n\n    [one, two three, four, five]\n\n\
         In the example above, we don't know if the parameters \"four\" and \"five\" belongs to the \
         list or the function \"two\". You can solve this by explicitly adding parentheses:\n\n    \
         [one, two(three, four), five]\n\nElixir cannot compile otherwise. Syntax error before: ",
        "','",
    )
}

/// Elixir's `error_invalid_kw_identifier/1`.
pub(super) fn invalid_kw_identifier(kw: &Token) -> ParseError {
    if kw.name() == "do" {
        return ParseError::split(
            kw.line,
            kw.column,
            "unexpected keyword: ",
            crate::lang::lexer::INVALID_DO,
            "do:",
        );
    }
    ParseError::new(
        kw.line,
        kw.column,
        "syntax error before: ",
        format!("'{}:'", kw.name()),
    )
}

/// Elixir's `maybe_bad_keyword_call_follow_up/3` and `..._data_follow_up/3`.
pub(super) fn bad_keyword_follow_up(comma: &Token, call: bool) -> ParseError {
    let message = if call {
        "unexpected expression after keyword list. Keyword lists must always come as the last \
         argument. Therefore, this is not allowed:\n\n    function_call(1, some: :option, 2)\n\n\
         Instead, wrap the keyword in brackets:\n\n    function_call(1, [some: :option], 2)\n\n\
         Syntax error after: "
    } else {
        "unexpected expression after keyword list. Keyword lists must always come last in lists \
         and maps. Therefore, this is not allowed:\n\n    [some: :value, :another]\n    \
         %{some: :value, another => value}\n\nInstead, reorder it to be the last entry:\n\n    \
         [:another, some: :value]\n    %{another => value, some: :value}\n\nSyntax error after: "
    };
    error_at(meta(comma), message, "','")
}
