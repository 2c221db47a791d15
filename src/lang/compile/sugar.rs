//! Forms that are rewritten into simpler ones before compiling, as
//! Elixir's own macros do: `|>`, `with`, `for` (into nested
//! `Enum.reduce/3` calls), sigils, and `put_in(a.b.c, v)` paths.

use super::expr::literal;
use super::{CResult, CompileError, FnCx};
use crate::lang::ast::{Ast, Meta};
use crate::term::{inspect, Term};
use crate::vm::code::Reg;
use std::rc::Rc;

impl FnCx<'_, '_> {
    /// `left |> right`: `left` becomes `right`'s first argument.
    pub(crate) fn pipe(&self, left: &Ast, right: &Ast, line: u32) -> CResult<Ast> {
        if let Some((module, f, args, meta)) = right.as_remote() {
            let mut all = vec![left.clone()];
            all.extend(args.iter().cloned());
            return Ok(Ast::remote_on(
                module.clone(),
                f,
                all,
                Meta {
                    no_parens: false,
                    ..meta
                },
            ));
        }
        if let Some((fun, args, meta)) = right.as_anon_call() {
            let mut all = vec![left.clone()];
            all.extend(args.iter().cloned());
            return Ok(Ast::anon_call(fun.clone(), all, meta));
        }
        if let Some((name, args, meta)) = right.as_call() {
            if !matches!(name, "fn" | "&" | "__aliases__" | "{}" | "%{}" | "<<>>") {
                let mut all = vec![left.clone()];
                all.extend(args.iter().cloned());
                return Ok(Ast::call(name, all, meta));
            }
        }
        if let Some((name, meta)) = right.as_var() {
            return Ok(Ast::call(name, vec![left.clone()], meta));
        }
        Err(CompileError::raised(
            "ArgumentError",
            line,
            "cannot pipe into an expression that is not a call (pipe into a function call such as foo(), or an anonymous function call such as fun.())",
        ))
    }

    /// `with` as nested `case`s; a value that does not match goes to `else`.
    pub(crate) fn with_rewrite(&self, args: &[Ast], line: u32) -> CResult<Ast> {
        let Some((kw, steps)) = args.split_last() else {
            return Err(CompileError::new(line, "missing :do option in \"with\""));
        };
        let Some(body) = kw.keyword_get("do") else {
            return Err(CompileError::new(line, "missing :do option in \"with\""));
        };
        let else_clauses = kw.keyword_get("else");
        let meta = kw.meta();
        let mut acc = body.clone();
        for step in steps.iter().rev() {
            acc = match step.as_call() {
                Some(("<-", [pat, expr], m)) => {
                    let other = Ast::var("%with", m);
                    let fallback = match else_clauses {
                        Some(Ast::List(clauses)) => {
                            let mut clauses = clauses.clone();
                            let raise = Ast::remote(
                                "erlang",
                                "error",
                                vec![Ast::tuple(vec![Ast::atom("with_clause"), other.clone()], m)],
                                m,
                            );
                            clauses.push(Ast::clause(vec![other.clone()], raise, m));
                            Ast::call(
                                "case",
                                vec![
                                    other.clone(),
                                    Ast::keyword(vec![("do", Ast::List(clauses))]),
                                ],
                                m,
                            )
                        }
                        _ => other.clone(),
                    };
                    Ast::call(
                        "case",
                        vec![
                            expr.clone(),
                            Ast::keyword(vec![(
                                "do",
                                Ast::List(vec![
                                    Ast::clause(vec![pat.clone()], acc, m),
                                    Ast::clause(vec![other], fallback, m),
                                ]),
                            )]),
                        ],
                        m,
                    )
                }
                _ => Ast::call("__block__", vec![step.clone(), acc], meta),
            };
        }
        Ok(acc)
    }

    /// `for` as nested `Enum.reduce/3` calls over the generators.
    pub(crate) fn for_rewrite(&self, args: &[Ast], line: u32) -> CResult<Ast> {
        let Some((last, mut quals)) = args.split_last() else {
            return Err(CompileError::new(line, "missing :do option in \"for\""));
        };
        // `for x <- xs, into: %{} do ... end`: the options and the `do`
        // block arrive as two keyword lists.
        let mut merged = last.as_keyword().map(|k| {
            k.into_iter()
                .map(|(k, v)| Ast::Pair(Box::new(Ast::atom(k)), Box::new(v.clone())))
                .collect::<Vec<_>>()
        });
        if let (Some(m), Some((opts, rest))) = (merged.as_mut(), quals.split_last()) {
            if let Some(pairs) = opts.as_keyword() {
                if !pairs.is_empty() {
                    let mut all: Vec<Ast> = pairs
                        .into_iter()
                        .map(|(k, v)| Ast::Pair(Box::new(Ast::atom(k)), Box::new(v.clone())))
                        .collect();
                    all.append(m);
                    *m = all;
                    quals = rest;
                }
            }
        }
        let merged_kw = Ast::List(merged.unwrap_or_default());
        let kw = &merged_kw;
        if kw.as_keyword().is_none() {
            return Err(CompileError::new(line, "missing :do option in \"for\""));
        }
        let Some(body) = kw.keyword_get("do") else {
            return Err(CompileError::new(line, "missing :do option in \"for\""));
        };
        let meta = kw.meta();
        let reduce = kw.keyword_get("reduce");
        let (init, finish): (Ast, Box<dyn Fn(Ast) -> Ast>) = match reduce {
            Some(init) => (init.clone(), Box::new(|x| x)),
            None => {
                let into = kw.keyword_get("into").cloned();
                let uniq = matches!(kw.keyword_get("uniq"), Some(Ast::Atom(a)) if &**a == "true");
                (
                    Ast::List(vec![]),
                    Box::new(move |x| {
                        let mut v = Ast::remote("lists", "reverse", vec![x], meta);
                        if uniq {
                            v = Ast::remote("Elixir.Enum", "uniq", vec![v], meta);
                        }
                        match &into {
                            None => v,
                            Some(Ast::List(items)) if items.is_empty() => v,
                            Some(c) => Ast::remote("Elixir.Enum", "into", vec![v, c.clone()], meta),
                        }
                    }),
                )
            }
        };
        let mut depth = 0;
        let built = self.for_level(
            quals,
            body,
            reduce.is_some(),
            Ast::var("%for0", meta),
            &mut depth,
        )?;
        // Bind the initial accumulator, then run.
        let start = Ast::call("=", vec![Ast::var("%for0", meta), init], meta);
        Ok(finish(Ast::call("__block__", vec![start, built], meta)))
    }

    fn for_level(
        &self,
        quals: &[Ast],
        body: &Ast,
        reduce: bool,
        acc: Ast,
        depth: &mut usize,
    ) -> CResult<Ast> {
        let meta = acc.meta();
        let Some((first, rest)) = quals.split_first() else {
            // The innermost body: add to the list, or run the reducer.
            return Ok(if reduce {
                Ast::call(
                    "case",
                    vec![acc, Ast::keyword(vec![("do", body.clone())])],
                    meta,
                )
            } else {
                Ast::List(vec![Ast::call("|", vec![body.clone(), acc], meta)])
            });
        };
        *depth += 1;
        let inner_acc = Ast::var(&format!("%for{depth}"), meta);
        if let Some((pat, enumerable)) = generator(first) {
            let (pat, enumerable) = self.bit_generator(pat, enumerable)?;
            let inner = self.for_level(rest, body, reduce, inner_acc.clone(), depth)?;
            let fun = Ast::call(
                "fn",
                vec![
                    Ast::clause(vec![pat, inner_acc.clone()], inner, meta),
                    Ast::clause(
                        vec![Ast::var("_", meta), inner_acc.clone()],
                        inner_acc,
                        meta,
                    ),
                ],
                meta,
            );
            return Ok(Ast::remote(
                "Elixir.Enum",
                "reduce",
                vec![enumerable, acc, fun],
                meta,
            ));
        }
        // A filter: skip the element when it is falsy.
        let inner = self.for_level(rest, body, reduce, acc.clone(), depth)?;
        Ok(Ast::call(
            "if",
            vec![
                first.clone(),
                Ast::keyword(vec![("do", inner), ("else", acc)]),
            ],
            meta,
        ))
    }

    /// `<<c <- bin>>` generators become generators over chunks of the binary.
    fn bit_generator(&self, pat: Ast, enumerable: Ast) -> CResult<(Ast, Ast)> {
        let Some(("<<>>", segs, meta)) = pat.as_call() else {
            return Ok((pat, enumerable));
        };
        if !matches!(enumerable.as_call(), Some(("%bits", _, _))) {
            return Ok((pat, enumerable));
        }
        let Some(("%bits", [bin], _)) = enumerable.as_call() else {
            return Ok((pat, enumerable));
        };
        let utf8 = segs.iter().any(|s| matches!(s.as_call(), Some(("::", [_, spec], _)) if spec.as_var().map(|v| v.0) == Some("utf8")));
        let chunks = if utf8 {
            Ast::remote("Elixir.String", "codepoints", vec![bin.clone()], meta)
        } else {
            let mut bits: i64 = 0;
            for s in segs {
                bits += segment_bits(s).ok_or_else(|| {
                    CompileError::new(meta.line, "binary generators need segments of fixed size")
                })?;
            }
            Ast::remote(
                "Elixir.Kernel",
                "__bin_chunks__",
                vec![bin.clone(), Ast::Int((bits / 8).max(1))],
                meta,
            )
        };
        Ok((pat, chunks))
    }

    /// `~s`, `~c`, `~w`, `~r` and user-defined sigils.
    pub(crate) fn sigil(&mut self, name: &str, args: &[Ast], line: u32) -> CResult<Reg> {
        let [text, mods] = args else {
            return Err(CompileError::new(line, "invalid sigil"));
        };
        let mods: String = match mods {
            Ast::List(items) => items
                .iter()
                .filter_map(|m| match m {
                    Ast::Int(c) => u32::try_from(*c).ok().and_then(char::from_u32),
                    _ => None,
                })
                .collect(),
            _ => String::new(),
        };
        let letter = &name["sigil_".len()..];
        let fixed = literal(text).and_then(|t| t.as_binary().map(<[u8]>::to_vec));
        let meta = text.meta();
        match letter {
            "s" | "S" => self.value(text),
            "c" | "C" => self.remote_value("Elixir.String", "to_charlist", &[text], line),
            "w" | "W" => {
                let words = match &fixed {
                    Some(bytes) => String::from_utf8_lossy(bytes)
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                    None => {
                        let split = Ast::remote("Elixir.String", "split", vec![text.clone()], meta);
                        let conv = match mods.as_str() {
                            "a" => "to_atom",
                            "c" => "to_charlist",
                            _ => return self.value(&split),
                        };
                        let mapped = Ast::remote(
                            "Elixir.Enum",
                            "map",
                            vec![
                                split,
                                Ast::call(
                                    "&",
                                    vec![Ast::call(
                                        "/",
                                        vec![
                                            Ast::remote_on(
                                                Ast::call(
                                                    "__aliases__",
                                                    vec![Ast::atom("String")],
                                                    meta,
                                                ),
                                                conv,
                                                vec![],
                                                Meta {
                                                    no_parens: true,
                                                    ..meta
                                                },
                                            ),
                                            Ast::Int(1),
                                        ],
                                        meta,
                                    )],
                                    meta,
                                ),
                            ],
                            meta,
                        );
                        return self.value(&mapped);
                    }
                };
                let items: Vec<Term> = words
                    .iter()
                    .map(|w| match mods.as_str() {
                        "a" => Term::atom(w),
                        "c" => Term::list(
                            w.chars()
                                .map(|c| Term::Int(i64::from(u32::from(c))))
                                .collect(),
                        ),
                        _ => Term::string(w),
                    })
                    .collect();
                let r = self.b.alloc()?;
                self.load_const(r, Term::list(items));
                Ok(r)
            }
            "r" | "R" => {
                let source = match &fixed {
                    Some(b) => Term::bytes(b),
                    None => {
                        let compile = Ast::remote(
                            "Elixir.Regex",
                            "compile!",
                            vec![text.clone(), Ast::Bin(Rc::from(mods.as_bytes()))],
                            meta,
                        );
                        return self.value(&compile);
                    }
                };
                // Elixir compiles a literal regex when the code compiles.
                if let Some(Ok(reply)) = crate::vm::bif::call_pure(
                    "Elixir.Regex",
                    "compile",
                    &[source.clone(), Term::string(&mods)],
                ) {
                    if let Some([tag, why]) = reply.as_tuple() {
                        if tag.is_atom("error") {
                            let text = match why.as_tuple() {
                                Some([msg, pos]) => format!(
                                    "{} at position {}",
                                    crate::vm::bif::chardata(msg).unwrap_or_default(),
                                    inspect(pos)
                                ),
                                _ => inspect(why),
                            };
                            return Err(CompileError::raised("Regex.CompileError", line, text));
                        }
                    }
                }
                let regex = Term::map([
                    (Term::atom("__struct__"), Term::atom("Elixir.Regex")),
                    (Term::atom("source"), source),
                    (Term::atom("opts"), Term::string(&mods)),
                    (Term::atom("re_pattern"), Term::nil()),
                    (Term::atom("re_version"), Term::nil()),
                ]);
                let r = self.b.alloc()?;
                self.load_const(r, regex);
                Ok(r)
            }
            _ => {
                let args = [
                    text.clone(),
                    Ast::List(
                        mods.chars()
                            .map(|c| Ast::Int(i64::from(u32::from(c))))
                            .collect(),
                    ),
                ];
                if self.function_available(name, 2) {
                    // Straight to the function: compiling `sigil_x(...)` as
                    // a call would come back here.
                    if let Some(r) = self.local_call(name, &args, line, false)? {
                        return Ok(r);
                    }
                }
                Err(CompileError::new(
                    line,
                    format!("undefined function {name}/2 (there is no such import)"),
                ))
            }
        }
    }

    /// True for `put_in(a.b.c, v)`-style calls, whose first argument is a path.
    pub(crate) fn path_form(&self, name: &str, args: &[Ast]) -> bool {
        let macro_arity = match name {
            "put_in" | "update_in" | "get_and_update_in" => 2,
            "pop_in" => 1,
            _ => return false,
        };
        args.len() == macro_arity && path_parts(&args[0]).is_some()
    }

    /// `put_in(a.b[:c], v)` → `put_in(a, [:b, :c], v)`.
    pub(crate) fn path_rewrite(&self, name: &str, args: &[Ast], line: u32) -> CResult<Ast> {
        let Some((root, keys)) = path_parts(&args[0]) else {
            return Err(CompileError::new(line, format!("invalid path in {name}")));
        };
        let meta = args[0].meta();
        let mut all = vec![root, Ast::List(keys)];
        all.extend(args[1..].iter().cloned());
        Ok(Ast::remote("Elixir.Kernel", name, all, meta))
    }
}

/// `pat <- enumerable` (also inside `<<...>>` for binary generators).
fn generator(q: &Ast) -> Option<(Ast, Ast)> {
    match q.as_call() {
        Some(("<-", [pat, e], _)) => Some((pat.clone(), e.clone())),
        Some(("<<>>", [inner], meta)) => match inner.as_call() {
            Some(("<-", [seg, bin], _)) => Some((
                Ast::call("<<>>", vec![seg.clone()], meta),
                Ast::call("%bits", vec![bin.clone()], meta),
            )),
            _ => None,
        },
        Some(("<<>>", segs, meta)) if !segs.is_empty() => {
            // `<<r::8, g::8, b::8 <- pixels>>`: the last segment holds the arrow.
            let (last, init) = segs.split_last()?;
            let Some(("<-", [seg, bin], _)) = last.as_call() else {
                return None;
            };
            let mut all = init.to_vec();
            all.push(seg.clone());
            Some((
                Ast::call("<<>>", all, meta),
                Ast::call("%bits", vec![bin.clone()], meta),
            ))
        }
        _ => None,
    }
}

/// A segment's fixed size in bits, if it has one.
fn segment_bits(seg: &Ast) -> Option<i64> {
    let Some(("::", [_, spec], _)) = seg.as_call() else {
        return Some(8);
    };
    let (mut size, mut unit, mut ty) = (None, None, "integer");
    let mut stack = vec![spec];
    while let Some(s) = stack.pop() {
        match s {
            Ast::Int(n) => size = Some(*n),
            _ => match s.as_call() {
                Some(("-", [a, b], _)) => {
                    stack.push(a);
                    stack.push(b);
                }
                Some(("size", [Ast::Int(n)], _)) => size = Some(*n),
                Some(("unit", [Ast::Int(u)], _)) => unit = Some(*u),
                _ => {
                    if let Some((name, _)) = s.as_var() {
                        if matches!(
                            name,
                            "integer" | "float" | "binary" | "bytes" | "bits" | "bitstring"
                        ) {
                            ty = name;
                        }
                    }
                }
            },
        }
    }
    let unit = unit.unwrap_or(if matches!(ty, "binary" | "bytes") {
        8
    } else {
        1
    });
    match (ty, size) {
        (_, Some(n)) => Some(n * unit),
        ("integer", None) => Some(8),
        ("float", None) => Some(64),
        _ => None,
    }
}

/// `a.b[:c]` as the root `a` and keys `[:b, :c]`.
fn path_parts(ast: &Ast) -> Option<(Ast, Vec<Ast>)> {
    let mut keys = Vec::new();
    let mut cur = ast.clone();
    loop {
        if let Some((base, f, [], meta)) = cur.as_remote() {
            if meta.no_parens && !matches!(base.as_call(), Some(("__aliases__", _, _))) {
                keys.push(Ast::atom(f));
                cur = base.clone();
                continue;
            }
        }
        if let Some((module, "get", [base, key], _)) = cur.as_remote() {
            if module.as_atom() == Some("Elixir.Access") {
                keys.push(key.clone());
                cur = base.clone();
                continue;
            }
        }
        break;
    }
    if keys.is_empty() {
        return None;
    }
    keys.reverse();
    Some((cur, keys))
}
