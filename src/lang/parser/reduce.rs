//! [`reduce`]: each [`Act`] done as its Erlang code in `elixir_parser.yrl`.

use std::collections::VecDeque;

use super::actions::Act;
use super::build;
use super::literals;
use super::values::{self, internal, items, meta, to_ex, tok, Ex, Value};
use crate::lang::error::ParseError;

/// The rule's values, taken one by one (`$1` first).
struct Args<'a>(std::vec::Drain<'a, Value>);

impl Args<'_> {
    fn next(&mut self) -> Result<Value, ParseError> {
        self.0.next().ok_or_else(internal)
    }

    /// Skips `n` values.
    fn skip(&mut self, n: usize) -> Result<(), ParseError> {
        for _ in 0..n {
            self.next()?;
        }
        Ok(())
    }
}

fn reversed(list: VecDeque<Ex>) -> Vec<Ex> {
    list.into_iter().rev().collect()
}

/// Runs the action of a rule on its values, taken off the end of the
/// parser's stack (no Vec per reduction).
pub(crate) fn reduce(act: Act, values: std::vec::Drain<'_, Value>) -> Result<Value, ParseError> {
    let mut a = Args(values);
    let ex = |v: Ex| Ok(Value::Ex(v));
    match act {
        Act::First => a.next(),
        Act::Second => {
            a.skip(1)?;
            a.next()
        }
        Act::OpRhs => {
            let (x, y) = (a.next()?, a.next()?);
            Ok(Value::Pair(Box::new(x), Box::new(y)))
        }
        Act::Assoc => {
            let x = to_ex(a.next()?)?;
            a.skip(1)?;
            let y = to_ex(a.next()?)?;
            let m = values::meta_of(&x);
            ex(values::pair(x, y, m)?)
        }
        Act::ListOf1 => Ok(Value::List(VecDeque::from([to_ex(a.next()?)?]))),
        Act::ListOf2 => {
            a.skip(1)?;
            Ok(Value::List(VecDeque::from([to_ex(a.next()?)?])))
        }
        Act::Reverse1 => Ok(Value::List(reversed(items(a.next()?)?).into())),
        Act::Cons31 | Act::ReverseCons31 => {
            let mut list = items(a.next()?)?;
            a.skip(1)?;
            list.push_front(to_ex(a.next()?)?);
            if act == Act::ReverseCons31 {
                return Ok(Value::List(reversed(list).into()));
            }
            Ok(Value::List(list))
        }
        Act::Cons12 => {
            let head = to_ex(a.next()?)?;
            let mut list = items(a.next()?)?;
            list.push_front(head);
            Ok(Value::List(list))
        }
        Act::Cons13 => {
            let head = to_ex(a.next()?)?;
            a.skip(1)?;
            let mut list = items(a.next()?)?;
            list.push_front(head);
            Ok(Value::List(list))
        }
        Act::List31 | Act::List13 => {
            let x = to_ex(a.next()?)?;
            a.skip(1)?;
            let y = to_ex(a.next()?)?;
            let list = if act == Act::List31 { [y, x] } else { [x, y] };
            Ok(Value::List(VecDeque::from(list)))
        }
        Act::ReverseAppend13 => {
            let mut list = reversed(items(a.next()?)?);
            a.skip(1)?;
            list.extend(items(a.next()?)?);
            Ok(Value::List(list.into()))
        }
        Act::KwFirst => {
            let pair = build::kw_pair(a.next()?, a.next()?)?;
            Ok(Value::List(VecDeque::from([pair])))
        }
        Act::KwNext => {
            let mut list = items(a.next()?)?;
            a.skip(1)?;
            list.push_front(build::kw_pair(a.next()?, a.next()?)?);
            Ok(Value::List(list))
        }
        Act::Block1 => ex(build::block(reversed(items(a.next()?)?))?),
        Act::Block2 => {
            a.skip(1)?;
            ex(build::block(reversed(items(a.next()?)?))?)
        }
        Act::EmptyBlock => ex(build::empty_block()?),
        Act::EmptyBlockEoe => ex(values::node(
            "__block__",
            meta(&tok(a.next()?)?),
            Vec::new(),
        )?),
        Act::BuildOp => {
            let left = a.next()?;
            let Value::Pair(op, right) = a.next()? else {
                return Err(internal());
            };
            ex(build::op(to_ex(left)?, tok(*op)?, to_ex(*right)?)?)
        }
        Act::UnaryOp | Act::CaptureInt => {
            let op = tok(a.next()?)?;
            let operand = a.next()?;
            let operand = match operand {
                Value::Tok(t) => literals::number(t)?,
                other => to_ex(other)?,
            };
            ex(build::unary(op, operand)?)
        }
        Act::NullaryOp => {
            let op = tok(a.next()?)?;
            ex(values::node(op.name(), meta(&op), Vec::new())?)
        }
        Act::NoParens => {
            let callee = a.next()?;
            let args = items(a.next()?)?.into_iter().collect();
            ex(build::identifier(callee, Some(args))?)
        }
        Act::NoParensZero => ex(build::identifier(a.next()?, None)?),
        Act::NoParensDo => {
            let callee = a.next()?;
            let mut args: Vec<Ex> = items(a.next()?)?.into_iter().collect();
            args.push(do_block(a.next()?)?);
            ex(build::identifier(callee, Some(args))?)
        }
        Act::NoParensDoZero => {
            let callee = a.next()?;
            let block = do_block(a.next()?)?;
            ex(build::identifier(callee, Some(vec![block]))?)
        }
        Act::Parens | Act::ParensDo => {
            let callee = a.next()?;
            let mut args = parens_args(a.next()?)?;
            if act == Act::ParensDo {
                args.push(do_block(a.next()?)?);
            }
            ex(build::identifier(callee, Some(args))?)
        }
        Act::NestedParens | Act::NestedParensDo => {
            let callee = a.next()?;
            let inner_args = parens_args(a.next()?)?;
            let mut outer = parens_args(a.next()?)?;
            if act == Act::NestedParensDo {
                outer.push(do_block(a.next()?)?);
            }
            let inner = build::identifier(callee, Some(inner_args))?;
            let m = values::meta_of(&inner);
            ex(values::call(inner, m, outer)?)
        }
        Act::ParensArgs0 => Ok(Value::Args(Vec::new())),
        Act::ParensArgs1 => {
            a.skip(1)?;
            Ok(Value::Args(vec![to_ex(a.next()?)?]))
        }
        Act::ParensArgsReverse2 => {
            a.skip(1)?;
            Ok(Value::Args(reversed(items(a.next()?)?)))
        }
        Act::ParensArgsKw => {
            a.skip(1)?;
            let mut list = items(a.next()?)?;
            a.skip(1)?;
            list.push_front(to_ex(a.next()?)?);
            Ok(Value::Args(reversed(list)))
        }
        Act::Dot => {
            let left = to_ex(a.next()?)?;
            let dot = tok(a.next()?)?;
            let name = tok(a.next()?)?;
            Ok(build::dot(dot, left, name))
        }
        Act::DotCall => {
            let left = to_ex(a.next()?)?;
            let dot = tok(a.next()?)?;
            ex(values::node(".", meta(&dot), vec![left])?)
        }
        Act::Alias => {
            let t = tok(a.next()?)?;
            ex(values::node(
                "__aliases__",
                meta(&t),
                vec![values::atom(t.name())],
            )?)
        }
        Act::DotAlias => {
            let left = to_ex(a.next()?)?;
            let dot = tok(a.next()?)?;
            let alias = tok(a.next()?)?;
            ex(build::dot_alias(dot, left, alias)?)
        }
        Act::DotContainerEmpty | Act::DotContainer => {
            let left = to_ex(a.next()?)?;
            let dot = tok(a.next()?)?;
            let args = if act == Act::DotContainer {
                a.skip(1)?;
                items(a.next()?)?.into_iter().collect()
            } else {
                Vec::new()
            };
            let m = meta(&dot);
            let head = values::node(".", m, vec![left, values::atom("{}")])?;
            ex(values::call(head, m, args)?)
        }
        Act::Literal => ex(literals::keyword_literal(&tok(a.next()?)?)),
        Act::AtomLit => ex(values::atom(tok(a.next()?)?.name())),
        Act::QuotedAtomSafe | Act::QuotedAtomUnsafe => ex(literals::quoted_atom(tok(a.next()?)?)?),
        Act::Number | Act::Char => ex(literals::number(tok(a.next()?)?)?),
        Act::BinString => ex(literals::bin_string(tok(a.next()?)?)?),
        Act::ListString => ex(literals::list_string(tok(a.next()?)?)?),
        Act::Sigil => ex(literals::sigil(tok(a.next()?)?)?),
        Act::Fn => {
            let fn_tok = tok(a.next()?)?;
            let stab = items(a.next()?)?;
            ex(build::fn_(fn_tok, stab)?)
        }
        Act::ParenStab2 | Act::ParenStab3 => {
            let open = tok(a.next()?)?;
            if act == Act::ParenStab3 {
                a.skip(1)?;
            }
            let stab = items(a.next()?)?;
            ex(build::paren_stab(&open, stab)?)
        }
        Act::ParenEmpty => {
            let open = tok(a.next()?)?;
            ex(build::paren_stab(&open, VecDeque::new())?)
        }
        Act::StabNoArgs1 | Act::StabNoArgs2 => {
            if act == Act::StabNoArgs2 {
                a.skip(1)?;
            }
            build::stab_clause(Vec::new(), a.next()?)
        }
        Act::StabEmptyWhen => {
            a.skip(1)?;
            let when = tok(a.next()?)?;
            let guard = to_ex(a.next()?)?;
            let clause = values::node("when", meta(&when), vec![guard])?;
            build::stab_clause(vec![clause], a.next()?)
        }
        Act::StabArgs => {
            let args = build::unwrap_when(build::unwrap_splice(
                items(a.next()?)?.into_iter().collect(),
            ))?;
            build::stab_clause(args, a.next()?)
        }
        Act::StabParensArgs => {
            let args = build::unwrap_splice(items(a.next()?)?.into_iter().collect());
            build::stab_clause(args, a.next()?)
        }
        Act::StabParensWhen => {
            let mut args = build::unwrap_splice(items(a.next()?)?.into_iter().collect());
            let when = tok(a.next()?)?;
            args.push(to_ex(a.next()?)?);
            let clause = values::node("when", meta(&when), args)?;
            build::stab_clause(vec![clause], a.next()?)
        }
        Act::StabEmptyBody => {
            let op = tok(a.next()?)?;
            let nil = values::atom("nil");
            Ok(Value::Pair(
                Box::new(Value::Tok(op)),
                Box::new(Value::Ex(nil)),
            ))
        }
        Act::DoEmpty | Act::DoStab | Act::DoEmptyBlocks | Act::DoStabBlocks => {
            let do_tok = tok(a.next()?)?;
            let body = match act {
                Act::DoStab | Act::DoStabBlocks => build::stab(items(a.next()?)?)?,
                _ => build::empty_block()?,
            };
            let mut pairs = vec![values::pair(
                values::atom("do"),
                body,
                values::meta(&do_tok),
            )?];
            if matches!(act, Act::DoEmptyBlocks | Act::DoStabBlocks) {
                pairs.extend(items(a.next()?)?);
            }
            Ok(Value::DoBlock(values::list(pairs, meta(&do_tok))?))
        }
        Act::BlockItem | Act::BlockItemEmpty => {
            let t = tok(a.next()?)?;
            let body = if act == Act::BlockItem {
                build::stab(items(a.next()?)?)?
            } else {
                build::empty_block()?
            };
            ex(values::pair(values::atom(t.name()), body, meta(&t))?)
        }
        Act::AccessArg2 => {
            let open = tok(a.next()?)?;
            let arg = to_ex(a.next()?)?;
            Ok(Value::Access(arg, meta(&open)))
        }
        Act::Access => {
            let target = to_ex(a.next()?)?;
            access(target, a.next()?)
        }
        Act::AccessIdentifier => {
            let target = build::identifier(a.next()?, None)?;
            access(target, a.next()?)
        }
        Act::AccessAt | Act::AccessAtIdentifier => {
            let at = tok(a.next()?)?;
            let operand = if act == Act::AccessAt {
                to_ex(a.next()?)?
            } else {
                build::identifier(a.next()?, None)?
            };
            let target = build::unary(at, operand)?;
            access(target, a.next()?)
        }
        Act::ListEmpty => {
            let open = tok(a.next()?)?;
            ex(values::list(Vec::new(), meta(&open))?)
        }
        Act::List => {
            let open = tok(a.next()?)?;
            let list = items(a.next()?)?.into_iter().collect();
            ex(values::list(list, meta(&open))?)
        }
        Act::TupleEmpty | Act::Tuple => {
            let open = tok(a.next()?)?;
            let args: Vec<Ex> = if act == Act::Tuple {
                items(a.next()?)?.into_iter().collect()
            } else {
                Vec::new()
            };
            ex(build::tuple(meta(&open), args)?)
        }
        Act::BitEmpty | Act::Bit => {
            let open = tok(a.next()?)?;
            let args = if act == Act::Bit {
                items(a.next()?)?.into_iter().collect()
            } else {
                Vec::new()
            };
            ex(values::node("<<>>", meta(&open), args)?)
        }
        Act::MapEmpty => {
            let open = tok(a.next()?)?;
            ex(values::node("%{}", meta(&open), Vec::new())?)
        }
        Act::Map => {
            let open = tok(a.next()?)?;
            let Value::Pair(entries, _) = a.next()? else {
                return Err(internal());
            };
            let entries = items(*entries)?.into_iter().collect();
            ex(values::node("%{}", meta(&open), entries)?)
        }
        Act::MapCloseAssocKw => {
            let mut list = reversed(items(a.next()?)?);
            a.skip(1)?;
            list.extend(items(a.next()?)?);
            let close = a.next()?;
            Ok(Value::Pair(
                Box::new(Value::List(list.into())),
                Box::new(close),
            ))
        }
        Act::AssocUpdate | Act::AssocUpdateKw => {
            let map = to_ex(a.next()?)?;
            let pipe = tok(a.next()?)?;
            let entries = match a.next()? {
                Value::List(list) if act == Act::AssocUpdateKw => list.into_iter().collect(),
                other => vec![to_ex(other)?],
            };
            Ok(Value::Update(pipe, map, entries))
        }
        Act::MapUpdate | Act::MapUpdateMore => {
            let open = tok(a.next()?)?;
            let Value::Update(pipe, map, mut entries) = a.next()? else {
                return Err(internal());
            };
            if act == Act::MapUpdateMore {
                a.skip(1)?;
                let Value::Pair(extra, _) = a.next()? else {
                    return Err(internal());
                };
                entries.extend(items(*extra)?);
            }
            let m = meta(&pipe);
            let update = values::node(pipe.name(), m, vec![map, values::list(entries, m)?])?;
            ex(values::node("%{}", meta(&open), vec![update])?)
        }
        Act::Struct2 | Act::Struct3 => {
            let percent = tok(a.next()?)?;
            let name = to_ex(a.next()?)?;
            if act == Act::Struct3 {
                a.skip(1)?;
            }
            let map = to_ex(a.next()?)?;
            ex(values::node("%", meta(&percent), vec![name, map])?)
        }
        Act::ErrNoParensManyStrict => Err(build::no_parens_many_strict(&to_ex(a.next()?)?)),
        Act::ErrNoParensStrict => Err(build::no_parens_strict(&tok(a.next()?)?)),
        Act::ErrNoParensContainerStrict => {
            Err(build::no_parens_container_strict(&to_ex(a.next()?)?))
        }
        Act::ErrInvalidKw => {
            a.skip(1)?;
            Err(build::invalid_kw_identifier(&tok(a.next()?)?))
        }
        Act::ErrKwCallFollowUp | Act::ErrKwDataFollowUp => {
            a.skip(1)?;
            let comma = tok(a.next()?)?;
            Err(build::bad_keyword_follow_up(
                &comma,
                act == Act::ErrKwCallFollowUp,
            ))
        }
    }
}

/// The keyword list of a `do` block value.
fn do_block(value: Value) -> Result<Ex, ParseError> {
    match value {
        Value::DoBlock(list) => Ok(list),
        _ => Err(internal()),
    }
}

/// The arguments of a `(...)` value.
fn parens_args(value: Value) -> Result<Vec<Ex>, ParseError> {
    match value {
        Value::Args(args) => Ok(args),
        _ => Err(internal()),
    }
}

/// `target[arg]`: `Access.get(target, arg)`.
fn access(target: Ex, arg: Value) -> Result<Value, ParseError> {
    let Value::Access(arg, m) = arg else {
        return Err(internal());
    };
    let dot = values::node(
        ".",
        m,
        vec![values::atom("Elixir.Access"), values::atom("get")],
    )?;
    Ok(Value::Ex(values::call(dot, m, vec![target, arg])?))
}
