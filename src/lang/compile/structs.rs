//! `%Name{field: value}`: a struct built from its module's defaults (known
//! when compiling), and `%Name{s | field: value}` updates.

use super::expr::literal;
use super::{CResult, CompileError, FnCx};
use crate::lang::ast::Ast;
use crate::term::{inspect, Term};
use crate::vm::code::Reg;
use crate::vm::ops::Op;

impl FnCx<'_, '_> {
    /// `%Name{...}` as a value.
    pub(crate) fn make_struct(&mut self, name_ast: &Ast, fields: &Ast, line: u32) -> CResult<Reg> {
        let Some(module) = self.static_module(name_ast)? else {
            return Err(CompileError::new(
                line,
                "expected struct name to be a compile time atom or alias",
            ));
        };
        let Some(("%{}", pairs, _)) = fields.as_call() else {
            return Err(CompileError::new(line, "invalid struct"));
        };
        let shown = inspect(&Term::Atom(module));
        // `%Name{base | f: v}`: base must be a Name struct.
        if let [update] = pairs {
            if let Some(("|", [base, Ast::List(changes)], _)) = update.as_call() {
                let b = self.value(base)?;
                let ok = self.b.label();
                let bad = self.b.label();
                self.b.emit(Op::IsMap { src: b, fail: bad });
                let key = self.b.alloc()?;
                self.load_const(key, Term::atom("__struct__"));
                let s = self.b.alloc()?;
                self.b.emit(Op::GetMapKey {
                    dst: s,
                    map: b,
                    key,
                    fail: bad,
                });
                let k = self.b.constant(Term::Atom(module));
                self.b.emit(Op::IsEqConst {
                    src: s,
                    k,
                    fail: bad,
                });
                self.jump(ok);
                self.b.place(bad);
                let t = self.b.alloc_n(3)?;
                self.load_const(t, Term::atom("badstruct"));
                self.load_const(t + 1, Term::Atom(module));
                self.mov(t + 2, b);
                self.b.emit(Op::Tuple {
                    dst: t,
                    start: t,
                    n: 3,
                });
                self.b.emit(Op::Raise {
                    class: crate::vm::ops::Class::Error,
                    reason: t,
                });
                self.b.place(ok);
                return self.map_put(b, changes, true, line);
            }
        }
        let Some(defaults) = self.unit.struct_of(module) else {
            return Err(CompileError::new(
                line,
                format!("{shown}.__struct__/1 is undefined, cannot expand struct {shown}. Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code"),
            ));
        };
        let mut given = Vec::new();
        for p in pairs {
            let Ast::Pair(k, v) = p else {
                return Err(CompileError::new(line, "invalid struct field"));
            };
            let Some(Term::Atom(key)) = literal(k) else {
                return Err(CompileError::new(line, "struct keys must be atoms"));
            };
            if key.as_str() == "__struct__" || !defaults.iter().any(|(f, _)| *f == key) {
                return Err(CompileError::raised(
                    "KeyError",
                    line,
                    format!("key {} not found", inspect(&Term::Atom(key))),
                ));
            }
            given.push((key, v));
        }
        if module == self.unit.name || self.unit.struct_of(module).is_some() {
            let enforce = if module == self.unit.name {
                self.unit.enforce_keys.clone()
            } else {
                self.unit
                    .module(module)
                    .and_then(|m| {
                        m.attributes
                            .iter()
                            .find(|(k, _)| k.as_str() == "enforce_keys")
                            .map(|(_, v)| v.clone())
                    })
                    .map(|v| {
                        v.list_iter()
                            .filter_map(|t| match t {
                                Term::Atom(a) => Some(*a),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let missing: Vec<Term> = enforce
                .iter()
                .filter(|k| !given.iter().any(|(g, _)| g == *k))
                .map(|k| Term::Atom(*k))
                .collect();
            if !missing.is_empty() {
                return Err(CompileError::raised(
                    "ArgumentError",
                    line,
                    format!(
                        "the following keys must also be given when building struct {shown}: {}",
                        inspect(&Term::list(missing))
                    ),
                ));
            }
        }
        let mut base: Vec<(Term, Term)> = vec![(Term::atom("__struct__"), Term::Atom(module))];
        base.extend(defaults.iter().map(|(k, v)| (Term::Atom(*k), v.clone())));
        let base_term = Term::map(base);
        let r = self.b.alloc()?;
        self.load_const(r, base_term);
        if given.is_empty() {
            return Ok(r);
        }
        let changes: Vec<Ast> = given
            .into_iter()
            .map(|(k, v)| Ast::Pair(Box::new(Ast::atom(k.as_str())), v.clone()))
            .collect();
        self.map_put(r, &changes, false, line)
    }
}
