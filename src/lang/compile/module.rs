//! `defmodule`: the module body in order — `alias`/`import`/`require`,
//! `use` (which adds a behaviour's default functions), module attributes
//! (evaluated when the body reaches them, so a function sees the value set
//! before it), `defstruct`/`defexception`, and `def`/`defp` with several
//! clauses, guards and default arguments.
//!
//! The module is loaded into the world as soon as it compiles, on every
//! node; `defmodule` evaluates to `{:module, Name, binary, last}` as in
//! iex, where the binary stands for the module (it is not BEAM code).

use super::control::clause_parts;
use super::expr::literal;
use super::{CResult, CompileError, Def, Env, FnCx, Unit};
use crate::lang::ast::{Ast, Meta};
use crate::term::{inspect, phash2, Atom, Term};
use crate::vm::code::{Module, Reg};
use crate::vm::code_server;
use crate::vm::interp::NoHost;
use crate::vm::proc::{Outcome, VmProc};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One `def`/`defp` clause, as written.
struct DefClause {
    name: String,
    public: bool,
    /// The `->` clause: parameters (with the guard) and the body.
    clause: Ast,
    /// `\\` defaults by parameter position.
    defaults: Vec<(usize, Ast)>,
    arity: usize,
    line: u32,
}

impl FnCx<'_, '_> {
    /// `defmodule Name do body end` as an expression.
    pub(crate) fn defmodule(&mut self, alias: &Ast, body: &Ast, line: u32) -> CResult<Reg> {
        let short = match alias {
            Ast::Atom(a) => {
                Atom::try_new(a).map_err(|_| CompileError::new(line, "invalid module name"))?
            }
            _ => self.alias_atom(alias)?,
        };
        // Inside another module, `defmodule B` defines Outer.B.
        let name = if self.unit.shell || !matches!(alias.as_call(), Some(("__aliases__", _, _))) {
            short
        } else {
            let inner = short
                .as_str()
                .strip_prefix("Elixir.")
                .unwrap_or(short.as_str());
            if self.unit.env.aliases.values().any(|a| *a == short) {
                short
            } else {
                Atom::new(&format!("{}.{inner}", self.unit.name.as_str()))
            }
        };
        if !self.unit.shell {
            if let Some(Ast::Atom(first)) = alias.as_call().and_then(|(_, segs, _)| segs.first()) {
                if name != short {
                    self.unit.env.aliases.insert(first.to_string(), name);
                }
            }
        }
        let Some(do_body) = body.keyword_get("do") else {
            return Err(CompileError::new(
                line,
                "missing :do option in \"defmodule\"",
            ));
        };
        let env = self.unit.env.clone();
        let (module, last) = compile_module(
            &mut *self.unit.world,
            name,
            do_body,
            env,
            line,
            self.unit.depth,
            &mut self.unit.warnings,
        )?;
        self.unit.compiled.push(module.clone());
        let binary = fake_beam(&module);
        let r = self.b.alloc()?;
        self.load_const(
            r,
            Term::tuple([Term::atom("module"), Term::Atom(name), binary, last]),
        );
        Ok(r)
    }
}

/// What stands in for the BEAM file in `{:module, Name, binary, _}`.
fn fake_beam(module: &Module) -> Term {
    let mut bytes = b"FOR1".to_vec();
    let body = format!("BEAMotpsim:{}", module.name.as_str());
    bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
    bytes.extend_from_slice(body.as_bytes());
    Term::bytes_vec(bytes)
}

/// A function that fills in default arguments: `(name, arity, full
/// arity, defaults by position, public)`.
type Wrapper = (String, usize, usize, Vec<(usize, Ast)>, bool);

/// Compiles and loads the module `name` from its `do` body; returns it and
/// the value of the body's last expression. `depth` is the nesting of the
/// `defmodule` (see [`super::MAX_COMPILE_DEPTH`]).
pub(crate) fn compile_module(
    world: &mut crate::kernel::World,
    name: Atom,
    body: &Ast,
    env: Env,
    line: u32,
    depth: u32,
    warnings: &mut Vec<String>,
) -> CResult<(Rc<Module>, Term)> {
    let existed = world
        .ext::<code_server::CodeServer>()
        .is_some_and(|c| c.has(name));
    let env_offset = env.line_offset;
    let mut unit = Unit::new(&mut *world, name, false, env);
    unit.depth = depth;
    unit.enter(line)?;
    unit.env.aliases.retain(|_, v| *v != name);
    let items: Vec<Ast> = body.block_items().into_iter().cloned().collect();
    // Pass 1: expand `use`, collect every function so calls can refer to
    // functions defined later.
    let items = super::uses::expand(&mut unit, items, line)?;
    let mut defs: Vec<DefClause> = Vec::new();
    for item in &items {
        if let Some((kind, args, meta)) = item.as_call() {
            if matches!(kind, "def" | "defp") {
                defs.push(def_clause(kind == "def", args, meta.line)?);
            } else if matches!(kind, "defmacro" | "defmacrop") {
                return Err(CompileError::new(
                    meta.line,
                    "defmacro is not supported by otpsim (no macros)",
                ));
            }
        }
    }
    // Group clauses by name/arity, in order of first appearance.
    let mut order: Vec<(String, usize)> = Vec::new();
    let mut groups: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for (i, d) in defs.iter().enumerate() {
        let key = (d.name.clone(), d.arity);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(i);
    }
    let mut public: BTreeMap<(String, usize), bool> = BTreeMap::new();
    for key in &order {
        let first = groups
            .get(key)
            .and_then(|g| g.first())
            .and_then(|i| defs.get(*i));
        let is_public = first.is_some_and(|d| d.public);
        if let Some(g) = groups.get(key) {
            if g.iter()
                .any(|i| defs.get(*i).is_some_and(|d| d.public != is_public))
            {
                let d = first.map_or(0, |d| d.line);
                return Err(CompileError::new(
                    d,
                    format!("defp {}/{} already defined as def", key.0, key.1),
                ));
            }
        }
        public.insert(key.clone(), is_public);
        let arity =
            u8::try_from(key.1).map_err(|_| CompileError::new(line, "too many parameters"))?;
        let index = unit.reserve();
        unit.defs.insert(
            (key.0.clone(), arity),
            Def {
                index,
                public: is_public,
            },
        );
    }
    // Default arguments: `f(a, b \\ 1)` also defines f/1.
    let mut wrappers: Vec<Wrapper> = Vec::new();
    for key in &order {
        let defaults: Vec<(usize, Ast)> = groups
            .get(key)
            .map(|g| {
                g.iter()
                    .filter_map(|i| defs.get(*i))
                    .flat_map(|d| d.defaults.clone())
                    .collect()
            })
            .unwrap_or_default();
        if defaults.is_empty() {
            continue;
        }
        for k in 1..=defaults.len() {
            let arity = key.1 - k;
            let Ok(a8) = u8::try_from(arity) else {
                continue;
            };
            if unit.defs.contains_key(&(key.0.clone(), a8)) {
                continue;
            }
            let index = unit.reserve();
            let is_public = public.get(key).copied().unwrap_or(true);
            unit.defs.insert(
                (key.0.clone(), a8),
                Def {
                    index,
                    public: is_public,
                },
            );
            wrappers.push((key.0.clone(), arity, key.1, defaults.clone(), is_public));
        }
    }
    // A struct's `__struct__/0` is callable from the module's own functions.
    let struct_index = items
        .iter()
        .any(|i| matches!(i.as_call(), Some(("defstruct" | "defexception", [_], _))))
        .then(|| {
            let index = unit.reserve();
            unit.defs.insert(
                ("__struct__".to_string(), 0),
                Def {
                    index,
                    public: true,
                },
            );
            index
        });
    // Pass 2: the body in order.
    let mut last = Term::nil();
    let mut compiled: BTreeMap<(String, usize), bool> = BTreeMap::new();
    for item in &items {
        let item_line = item.line();
        match item.as_call() {
            Some(("def" | "defp", args, meta)) => {
                let d = def_clause(true, args, meta.line)?;
                let key = (d.name.clone(), d.arity);
                if compiled.contains_key(&key) {
                    continue;
                }
                compiled.insert(key.clone(), true);
                let clauses: Vec<&DefClause> = groups
                    .get(&key)
                    .map(|g| g.iter().filter_map(|i| defs.get(*i)).collect())
                    .unwrap_or_default();
                compile_function(&mut unit, &key.0, key.1, &clauses)?;
                last = Term::tuple([Term::atom(&key.0), Term::Int(key.1 as i64)]);
            }
            Some(("@", [attr], _)) => {
                last = attribute(&mut unit, attr, item_line)?;
            }
            Some(("defstruct", [fields], _)) => {
                last = defstruct(&mut unit, fields, false, item_line)?;
            }
            Some(("defexception", [fields], _)) => {
                last = defstruct(&mut unit, fields, true, item_line)?;
            }
            Some(("alias" | "import" | "require", args, _)) => {
                let name = item.as_call().map(|c| c.0).unwrap_or("alias");
                let mut cx = FnCx::new(&mut unit, 0);
                cx.directive(name, args, item_line)?;
            }
            Some(("defmodule", [alias, body], _)) => {
                let mut cx = FnCx::new(&mut unit, 0);
                cx.scopes.push_quiet();
                let r = cx.defmodule(alias, body, item_line)?;
                let _ = r;
                last = Term::nil();
            }
            Some(("defoverridable" | "@behaviour" | "use", _, _)) => {}
            _ => {
                last = eval_const(&mut unit, item, item_line)?;
            }
        }
    }
    for (name, arity, full, defaults, _) in &wrappers {
        compile_default_wrapper(&mut unit, name, *arity, *full, defaults)?;
    }
    if let (Some(index), Some(_)) = (struct_index, &unit.struct_fields) {
        add_struct_functions(&mut unit, index)?;
    }
    warnings.append(&mut unit.warnings);
    let text = unit
        .env
        .source
        .as_deref()
        .map(|source| module_text(source, line));
    let code = match &text {
        Some(text) => text.clone(),
        None => body.to_quoted_string(),
    };
    let mut module = finish_module(unit, name, &code)?;
    module.source = text.map(Rc::from);
    module.first_line = line.max(1);
    let module = Rc::new(module);
    warnings.extend(missing_callbacks(&module, line.max(1) + env_offset));
    if existed {
        warnings.push(format!(
            "warning: redefining module {} (current version defined in memory)\n  iex:{}\n",
            inspect(&Term::Atom(name)),
            line.max(1) + env_offset
        ));
    }
    code_server::load(world, module.clone());
    Ok((module, last))
}

/// Takes a `def` apart: name, parameters with their defaults, guard, body.
fn def_clause(public: bool, args: &[Ast], line: u32) -> CResult<DefClause> {
    let (head, body) = match args {
        [head] => (head, None),
        [head, body] => (head, Some(body)),
        _ => return Err(CompileError::new(line, "invalid def")),
    };
    let (call, guard) = match head.as_call() {
        Some(("when", [call, guard], _)) => (call, Some(guard)),
        _ => (head, None),
    };
    let (name, params, meta): (String, Vec<Ast>, Meta) = match (call.as_call(), call.as_var()) {
        (Some((n, params, meta)), _) => (n.to_string(), params.to_vec(), meta),
        (None, Some((n, meta))) => (n.to_string(), Vec::new(), meta),
        _ => {
            return Err(CompileError::new(
                line,
                format!("invalid syntax in def {}", head.to_quoted_string()),
            ))
        }
    };
    let mut defaults = Vec::new();
    let mut plain = Vec::new();
    for (i, p) in params.into_iter().enumerate() {
        match p.as_call() {
            Some(("\\\\", [pat, default], _)) => {
                defaults.push((i, default.clone()));
                plain.push(pat.clone());
            }
            _ => plain.push(p),
        }
    }
    let arity = plain.len();
    let body_ast = match body {
        None => None,
        Some(kw) => Some(function_body(kw, line)?),
    };
    let head_params = match guard {
        Some(g) => {
            let mut parts = plain.clone();
            parts.push(g.clone());
            vec![Ast::call("when", parts, meta)]
        }
        None => plain,
    };
    let clause = Ast::clause(
        head_params,
        body_ast.unwrap_or_else(|| Ast::atom("%head")),
        meta,
    );
    Ok(DefClause {
        name,
        public,
        clause,
        defaults,
        arity,
        line,
    })
}

/// A `def`'s body: `do:` alone, or with `rescue`/`catch`/`after` (an implicit `try`).
fn function_body(kw: &Ast, line: u32) -> CResult<Ast> {
    let Some(body) = kw.keyword_get("do") else {
        return Err(CompileError::new(line, "missing :do option in \"def\""));
    };
    let wrapped = ["rescue", "catch", "after", "else"]
        .iter()
        .any(|k| kw.keyword_get(k).is_some());
    if wrapped {
        return Ok(Ast::call("try", vec![kw.clone()], kw.meta()));
    }
    Ok(body.clone())
}

/// Compiles the clauses of `name/arity` into its reserved slot.
fn compile_function(
    unit: &mut Unit,
    name: &str,
    arity: usize,
    clauses: &[&DefClause],
) -> CResult<()> {
    let Ok(a8) = u8::try_from(arity) else {
        return Err(CompileError::new(0, "too many parameters"));
    };
    let Some(def) = unit.defs.get(&(name.to_string(), a8)).copied() else {
        return Ok(());
    };
    // Bodiless heads (`def f(a, b \\ 1)`) only declare defaults.
    let bodies: Vec<&Ast> = clauses
        .iter()
        .filter(|c| {
            !matches!(
                clause_parts(&c.clause).map(|p| p.body.as_atom()),
                Ok(Some("%head"))
            )
        })
        .map(|c| &c.clause)
        .collect();
    if bodies.is_empty() {
        return Err(CompileError::new(
            clauses.first().map_or(0, |c| c.line),
            format!("implementation not provided for predefined def {name}/{arity}"),
        ));
    }
    unit.context = format!("{name}/{arity}");
    let function = {
        let mut cx = FnCx::new(unit, arity);
        cx.function = (name.to_string(), a8);
        cx.scopes.push();
        let args: Vec<Reg> = (0..arity as Reg).collect();
        cx.function_clauses(&bodies, &args)?;
        cx.finish(Atom::new(name), a8, 0, None)
    };
    if let Some(slot) = unit.functions.get_mut(def.index as usize) {
        *slot = Some(function);
    }
    Ok(())
}

/// `f/1` for `def f(a, b \\ 1)`: calls `f/2` with the default filled in.
fn compile_default_wrapper(
    unit: &mut Unit,
    name: &str,
    arity: usize,
    full: usize,
    defaults: &[(usize, Ast)],
) -> CResult<()> {
    // The last `full - arity` defaults are filled in, the rest given.
    let filled: Vec<usize> = defaults
        .iter()
        .rev()
        .take(full - arity)
        .map(|(i, _)| *i)
        .collect();
    let meta = Meta::default();
    let params: Vec<Ast> = (0..arity)
        .map(|i| Ast::var(&format!("%arg{i}"), meta))
        .collect();
    let mut given = params.iter();
    let mut args = Vec::new();
    for pos in 0..full {
        if filled.contains(&pos) {
            let default = defaults
                .iter()
                .find(|(i, _)| *i == pos)
                .map(|(_, d)| d.clone())
                .unwrap_or_else(|| Ast::atom("nil"));
            args.push(default);
        } else if let Some(p) = given.next() {
            args.push(p.clone());
        }
    }
    let clause = DefClause {
        name: name.to_string(),
        public: true,
        clause: Ast::clause(params, Ast::call(name, args, meta), meta),
        defaults: Vec::new(),
        arity,
        line: 0,
    };
    compile_function(unit, name, arity, &[&clause])
}

/// `@name value` (or a documentation attribute, which is kept aside).
fn attribute(unit: &mut Unit, attr: &Ast, line: u32) -> CResult<Term> {
    let Some((name, args, _)) = attr.as_call() else {
        return Ok(Term::nil());
    };
    let [value] = args else {
        return Ok(Term::nil());
    };
    let v = match name {
        "doc" | "moduledoc" | "typedoc" | "spec" | "type" | "typep" | "opaque" | "callback"
        | "impl" | "since" | "deprecated" | "dialyzer" | "compile" => {
            literal(value).unwrap_or_else(Term::nil)
        }
        _ => eval_const(unit, value, line)?,
    };
    if name == "enforce_keys" {
        unit.enforce_keys = v
            .list_iter()
            .filter_map(|t| match t {
                Term::Atom(a) => Some(*a),
                _ => None,
            })
            .collect();
    }
    unit.attributes.insert(name.to_string(), v.clone());
    Ok(Term::ok())
}

/// `defstruct fields` / `defexception fields`.
fn defstruct(unit: &mut Unit, fields: &Ast, exception: bool, line: u32) -> CResult<Term> {
    let value = eval_const(unit, fields, line)?;
    let mut out: Vec<(Atom, Term)> = Vec::new();
    for f in value.list_iter() {
        match f {
            Term::Atom(a) => out.push((*a, Term::nil())),
            _ => match f.as_tuple() {
                Some([Term::Atom(a), v]) => out.push((*a, v.clone())),
                _ => {
                    return Err(CompileError::raised(
                        "ArgumentError",
                        line,
                        format!("struct field names must be atoms, got: {}", inspect(f)),
                    ))
                }
            },
        }
    }
    if exception {
        out.push((Atom::new("__exception__"), Term::boolean(true)));
    }
    unit.struct_fields = Some(out.clone());
    if exception {
        // `defexception` ends in `defoverridable`, whose value is `:ok`.
        return Ok(Term::ok());
    }
    let mut pairs = vec![(Term::atom("__struct__"), Term::Atom(unit.name))];
    pairs.extend(out.into_iter().map(|(k, v)| (Term::Atom(k), v)));
    Ok(Term::map(pairs))
}

/// `__struct__/0` and `__struct__/1`, which `struct/2` and friends call.
fn add_struct_functions(unit: &mut Unit, index0: u32) -> CResult<()> {
    let mut pairs = vec![(Term::atom("__struct__"), Term::Atom(unit.name))];
    for (k, v) in unit.struct_fields.clone().unwrap_or_default() {
        pairs.push((Term::Atom(k), v));
    }
    let default = Term::map(pairs);
    let function = {
        let mut cx = FnCx::new(unit, 0);
        let r = cx.b.alloc()?;
        cx.load_const(r, default);
        cx.b.emit(crate::vm::ops::Op::Return { src: r });
        cx.finish(Atom::new("__struct__"), 0, 0, None)
    };
    if let Some(slot) = unit.functions.get_mut(index0 as usize) {
        *slot = Some(function);
    }
    Ok(())
}

/// Runs `expr` at compile time (a module attribute's value, a `defstruct`
/// list, a body expression) and gives its value.
pub(crate) fn eval_const(unit: &mut Unit, expr: &Ast, line: u32) -> CResult<Term> {
    if let Some(t) = literal(expr) {
        return Ok(t);
    }
    let env = unit.env.clone();
    let attributes = unit.attributes.clone();
    let name = Atom::new(&format!("{}.compile_time", unit.name.as_str()));
    let module = {
        let mut inner = Unit::new(&mut *unit.world, name, false, env);
        inner.attributes = attributes;
        inner.depth = unit.depth;
        let index = inner.reserve();
        let function = {
            let mut cx = FnCx::new(&mut inner, 0);
            cx.scopes.push_quiet();
            cx.tail(expr)?;
            cx.finish(Atom::new("eval"), 0, 0, None)
        };
        if let Some(slot) = inner.functions.get_mut(index as usize) {
            *slot = Some(function);
        }
        unit.warnings.append(&mut inner.warnings);
        finish_module(inner, name, &expr.to_quoted_string())?
    };
    let mut p = VmProc::calling(Rc::new(module), 0, Vec::new())
        .map_err(|_| CompileError::new(line, "cannot evaluate at compile time"))?;
    let me = crate::term::Pid {
        node: 0,
        id: 0,
        serial: 0,
    };
    match p.run(unit.world, me, &mut NoHost, 10_000_000) {
        Outcome::Done(v) => Ok(v),
        Outcome::Raised(e) => Err(CompileError::raised(
            "CompileError",
            line,
            crate::vm::exception::banner(&e)
                .trim_start_matches("** ")
                .to_string(),
        )),
        _ => Err(CompileError::new(
            line,
            "an expression evaluated at compile time waited for a message or ran too long",
        )),
    }
}

/// The finished module, every reserved slot compiled.
/// Packs a compiled unit into a module. `code` is what its unique number
/// (`#Function<0.UNIQ/1 ...>`) is derived from: the module's source text
/// when there is one (printing its syntax tree instead was a sixth of a
/// fresh world's boot), else whatever tells it apart (a shell chunk's
/// name is unique already).
pub(crate) fn finish_module(unit: Unit, name: Atom, code: &str) -> CResult<Module> {
    let mut functions = Vec::new();
    for (i, f) in unit.functions.into_iter().enumerate() {
        match f {
            Some(f) => functions.push(Rc::new(f)),
            None => {
                return Err(CompileError::new(
                    0,
                    format!(
                        "internal: function slot {i} of {} was not compiled",
                        inspect(&Term::Atom(name))
                    ),
                ))
            }
        }
    }
    let exports = unit
        .defs
        .iter()
        .filter(|(_, d)| d.public)
        .filter_map(|((n, a), d)| Some(((Atom::try_new(n).ok()?, *a), d.index)))
        .collect();
    let uniq = phash2(&Term::tuple([Term::Atom(name), Term::string(code)]));
    let attributes = unit
        .attributes
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "doc" | "moduledoc" | "impl" | "spec"))
        .filter_map(|(k, v)| Some((Atom::try_new(k).ok()?, v.clone())))
        .collect();
    Ok(Module {
        name,
        functions,
        exports,
        struct_fields: unit.struct_fields,
        exception: false,
        attributes,
        source: None,
        first_line: 0,
        uniq,
    })
}

/// Elixir's warning for each callback a declared behaviour requires and the
/// module does not define. Known for OTP's behaviours here, whose one
/// required callback is `init/1` (the others are optional or come with
/// `use`).
fn missing_callbacks(module: &Module, line: u32) -> Vec<String> {
    let mut out = Vec::new();
    let declared = module
        .attributes
        .iter()
        .filter(|(k, _)| k.as_str() == "behaviour")
        .flat_map(|(_, v)| match v.list_to_vec() {
            Some(list) => list,
            None => vec![v.clone()],
        });
    for behaviour in declared {
        let Some(b) = behaviour.as_atom() else {
            continue;
        };
        let required: &[(&str, u8)] = match b {
            "Elixir.GenServer" | "Elixir.Supervisor" | "Elixir.DynamicSupervisor" => &[("init", 1)],
            _ => &[],
        };
        for (f, a) in required {
            if module.export(Atom::new(f), *a).is_none() {
                out.push(missing_callback(
                    &format!("{f}/{a}"),
                    &behaviour,
                    module.name,
                    line,
                    None,
                ));
            }
        }
    }
    out
}

/// Elixir's warning for a callback `behaviour` requires that `module`
/// lacks, with what Elixir does about it (`advice`) when it does something.
pub(crate) fn missing_callback(
    callback: &str,
    behaviour: &Term,
    module: Atom,
    line: u32,
    advice: Option<&str>,
) -> String {
    let module = inspect(&Term::Atom(module));
    let head = format!(
        "warning: function {callback} required by behaviour {} is not implemented (in module {module})",
        inspect(behaviour)
    );
    match advice {
        None => format!("{head}\n  iex:{line}: {module} (module)\n"),
        Some(advice) => format!("{head}.\n\n{advice}\n\n  iex:{line}: {module} (module)\n"),
    }
}

/// The text of the `defmodule` that starts on `line` (1-based) of
/// `source`: through the `end` indented as its first line, or that line
/// alone for `defmodule X, do: ...`; the rest of the text when no such
/// `end` is found.
fn module_text(source: &str, line: u32) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let start = (line.max(1) as usize - 1).min(lines.len());
    let Some(first) = lines.get(start) else {
        return String::new();
    };
    let indent = first.len() - first.trim_start().len();
    if !first.trim_end().ends_with(" do") {
        return first.trim_start().to_string();
    }
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.len() - l.trim_start().len() == indent && l.trim() == "end")
        .map_or(lines.len(), |i| start + 1 + i + 1);
    lines[start..end]
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod module_text_tests {
    #[test]
    fn a_module_s_text_runs_from_its_line_to_its_end() {
        let src = "x = 1\ndefmodule A do\n  def f, do: 1\n  defmodule B do\n  end\nend\ny = 2\n";
        assert_eq!(
            super::module_text(src, 2),
            "defmodule A do\n  def f, do: 1\n  defmodule B do\n  end\nend\n"
        );
        assert_eq!(super::module_text(src, 4), "defmodule B do\nend\n");
        assert_eq!(
            super::module_text("defmodule C, do: def(g, do: 2)", 1),
            "defmodule C, do: def(g, do: 2)"
        );
    }
}
