//! `use GenServer`, `use Supervisor`, `use DynamicSupervisor`, `use Agent`,
//! `use Task`, `defstruct` and `defexception`: the functions Elixir 1.14's
//! macros inject (`child_spec/1` and the default callbacks, `__struct__/1`,
//! `exception/1`, `message/1`), and every module's `__info__/1`, written
//! here as Elixir source and added to the module unless it defines them
//! itself.

use super::{CResult, CompileError, Unit};
use crate::lang::ast::{Ast, Head, Node};
use std::collections::BTreeSet;

const GEN_SERVER: &str = r##"
@behaviour GenServer
def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}}
  Supervisor.child_spec(default, otpsim_use_opts)
end
def handle_call(msg, _from, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end
  case :erlang.phash2(1, 1) do
    0 -> raise "attempted to call GenServer #{inspect(proc)} but no handle_call/3 clause was provided"
    1 -> {:stop, {:bad_call, msg}, state}
  end
end
def handle_info(msg, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end
  :otpsim.log(:error, "#{inspect(__MODULE__)} #{inspect(proc)} received unexpected message in handle_info/2: #{inspect(msg)}\n")
  {:noreply, state}
end
def handle_cast(msg, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end
  case :erlang.phash2(1, 1) do
    0 -> raise "attempted to cast GenServer #{inspect(proc)} but no handle_cast/2 clause was provided"
    1 -> {:stop, {:bad_cast, msg}, state}
  end
end
def terminate(_reason, _state), do: :ok
def code_change(_old, state, _extra), do: {:ok, state}
"##;

const SUPERVISOR: &str = r##"
@behaviour Supervisor
def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}, type: :supervisor}
  Supervisor.child_spec(default, otpsim_use_opts)
end
"##;

/// The `init/1` `use GenServer` adds (with a warning) when the module
/// has none.
const DEFAULT_INIT: &str = "def init(init_arg), do: {:ok, init_arg}";

/// What Elixir says when it injects [`DEFAULT_INIT`].
const DEFAULT_INIT_ADVICE: &str = "We will inject a default implementation for now:

    def init(init_arg) do
      {:ok, init_arg}
    end

You can copy the implementation above or define your own that converts the arguments given to GenServer.start_link/3 to the server state.";

const AGENT: &str = r##"
def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
  Supervisor.child_spec(default, otpsim_use_opts)
end
"##;

const TASK: &str = r##"
def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, restart: :temporary}
  Supervisor.child_spec(default, otpsim_use_opts)
end
"##;

/// What every module has: `__info__/1` and `module_info/0,1`, answered
/// from what is loaded.
const INFO: &str = "def __info__(key), do: :otpsim.module_info(__MODULE__, key)
def module_info, do: :otpsim.beam_module_info(__MODULE__)
def module_info(key), do: :otpsim.beam_module_info(__MODULE__, key)";

/// What `defstruct` and `defexception` add besides `__struct__/0` (which
/// the compiler writes): `__struct__/1`, which `struct!/2` calls, checking
/// `@enforce_keys` (spliced in for the placeholder).
const STRUCT: &str = r##"
def __struct__(kv) do
  {map, keys} =
    Enum.reduce(kv, {__struct__(), otpsim_use_opts}, fn {key, val}, {map, keys} ->
      case map do
        %{^key => _} when key != :__struct__ -> {%{map | key => val}, List.delete(keys, key)}
        _ -> raise KeyError, key: key
      end
    end)
  case keys do
    [] -> map
    _ -> raise ArgumentError, "the following keys must also be given when building struct #{inspect(__MODULE__)}: #{inspect(keys)}"
  end
end
"##;

/// What `defexception` adds when the fields include `:message`.
const EXCEPTION_MESSAGE: &str = r##"
def message(exception), do: exception.message
def exception(msg) when is_binary(msg), do: exception(message: msg)
"##;

/// What `defexception` always adds: `exception/1` from a keyword list.
const EXCEPTION: &str = r##"
def exception(args) when is_list(args) do
  struct = __struct__()
  {valid, invalid} = Enum.split_with(args, fn {k, _} -> Map.has_key?(struct, k) end)
  case invalid do
    [] -> :ok
    _ ->
      IO.warn("the following fields are unknown when raising #{inspect(__MODULE__)}: #{inspect(invalid)}. Please make sure to only give known fields when raising or redefine #{inspect(__MODULE__)}.exception/1 to discard unknown fields. Future Elixir versions will raise on unknown fields given to raise/2")
  end
  Kernel.struct!(struct, valid)
end
"##;

/// True when a `defexception` field list names `:message` (as an atom or
/// a `message: default` pair).
fn has_message_field(fields: &Ast) -> bool {
    let Ast::List(items) = fields else {
        return false;
    };
    items.iter().any(|f| match f {
        Ast::Atom(a) => &**a == "message",
        Ast::Pair(k, _) => matches!(&**k, Ast::Atom(a) if &**a == "message"),
        _ => false,
    })
}

/// The `(name, arity)` a `def`/`defp` item defines.
fn defined(item: &Ast) -> Option<(String, usize)> {
    let (kind, args, _) = item.as_call()?;
    if !matches!(kind, "def" | "defp") {
        return None;
    }
    let head = args.first()?;
    let call = match head.as_call() {
        Some(("when", [call, _], _)) => call,
        _ => head,
    };
    match (call.as_call(), call.as_var()) {
        (Some((n, params, _)), _) => Some((n.to_string(), params.len())),
        (None, Some((n, _))) => Some((n.to_string(), 0)),
        _ => None,
    }
}

/// `defguard name(a, b) when expr`: remembers the guard, to be expanded
/// where it is called, and gives the function that answers it outside
/// guards (`true` when the guard holds, else `false`).
fn defguard(unit: &mut Unit, public: bool, head: &Ast, line: u32) -> CResult<Vec<Ast>> {
    let invalid = || {
        CompileError::new(
            line,
            "invalid defguard: expected `defguard name(args) when guard`",
        )
    };
    let Some(("when", [call, body], _)) = head.as_call() else {
        return Err(invalid());
    };
    let Some((name, params, meta)) = call.as_call() else {
        return Err(invalid());
    };
    let names: Vec<String> = params
        .iter()
        .map(|p| p.as_var().map(|(n, _)| n.to_string()).ok_or_else(invalid))
        .collect::<CResult<_>>()?;
    unit.guards
        .insert((name.to_string(), names.len()), (names, body.clone()));
    let kind = if public { "def" } else { "defp" };
    let ignored: Vec<Ast> = params.iter().map(|_| Ast::var("_", meta)).collect();
    let yes = Ast::call(
        kind,
        vec![
            head.clone(),
            Ast::List(vec![Ast::Pair(
                Box::new(Ast::atom("do")),
                Box::new(Ast::atom("true")),
            )]),
        ],
        meta,
    );
    let no = Ast::call(
        kind,
        vec![
            Ast::call(name, ignored, meta),
            Ast::List(vec![Ast::Pair(
                Box::new(Ast::atom("do")),
                Box::new(Ast::atom("false")),
            )]),
        ],
        meta,
    );
    Ok(vec![yes, no])
}

/// `ast` with each variable named in `bindings` replaced by its value's
/// expression (a `defguard` body with the call's arguments).
pub(crate) fn substitute(ast: &Ast, bindings: &[(String, Ast)]) -> Ast {
    if let Some((name, _)) = ast.as_var() {
        if let Some((_, value)) = bindings.iter().find(|(n, _)| n == name) {
            return value.clone();
        }
    }
    match ast {
        Ast::List(items) => Ast::List(items.iter().map(|i| substitute(i, bindings)).collect()),
        Ast::Pair(a, b) => Ast::Pair(
            Box::new(substitute(a, bindings)),
            Box::new(substitute(b, bindings)),
        ),
        Ast::Node(n) => Ast::Node(Box::new(Node {
            head: match &n.head {
                Head::Ast(h) => Head::Ast(Box::new(substitute(h, bindings))),
                h => h.clone(),
            },
            meta: n.meta,
            args: n
                .args
                .as_ref()
                .map(|a| a.iter().map(|x| substitute(x, bindings)).collect()),
        })),
        other => other.clone(),
    }
}

/// Replaces the `otpsim_use_opts` placeholder with the `use` options.
fn splice(ast: &Ast, opts: &Ast) -> Ast {
    if let Some(("otpsim_use_opts", _)) = ast.as_var() {
        return opts.clone();
    }
    match ast {
        Ast::List(items) => Ast::List(items.iter().map(|i| splice(i, opts)).collect()),
        Ast::Pair(a, b) => Ast::Pair(Box::new(splice(a, opts)), Box::new(splice(b, opts))),
        Ast::Node(n) => Ast::Node(Box::new(Node {
            head: match &n.head {
                Head::Ast(h) => Head::Ast(Box::new(splice(h, opts))),
                h => h.clone(),
            },
            meta: n.meta,
            args: n
                .args
                .as_ref()
                .map(|a| a.iter().map(|x| splice(x, opts)).collect()),
        })),
        other => other.clone(),
    }
}

/// Replaces each `use X, opts` in a module body with what it injects.
/// Injected definitions go first, so that the module's last expression
/// (the value `defmodule` returns) stays the learner's own.
pub(crate) fn expand(unit: &mut Unit, items: Vec<Ast>, line: u32) -> CResult<Vec<Ast>> {
    let own: BTreeSet<(String, usize)> = items.iter().filter_map(defined).collect();
    let mut out = Vec::new();
    let mut front = Vec::new();
    let mut used = false;
    let mut enforce = Ast::List(Vec::new());
    for item in items {
        if let Some((kind @ ("defguard" | "defguardp"), [head], meta)) = item.as_call() {
            out.extend(defguard(unit, kind == "defguard", head, meta.line)?);
            continue;
        }
        if let Some(("@", [attr], _)) = item.as_call() {
            if let Some(("enforce_keys", [keys], _)) = attr.as_call() {
                enforce = keys.clone();
            }
        }
        if let Some((kind @ ("defstruct" | "defexception"), [fields], meta)) = item.as_call() {
            let mut source = String::from(STRUCT);
            if kind == "defexception" {
                source.push_str(EXCEPTION);
                if has_message_field(fields) {
                    source.push_str(EXCEPTION_MESSAGE);
                }
            }
            let line = meta.line;
            out.push(item.clone());
            inject(&source, &enforce, &own, line, &mut front)?;
            continue;
        }
        let Some(("use", args, meta)) = item.as_call() else {
            out.push(item);
            continue;
        };
        let Some(target) = args.first() else {
            return Err(CompileError::new(meta.line, "invalid use"));
        };
        let opts = args
            .get(1)
            .cloned()
            .unwrap_or_else(|| Ast::List(Vec::new()));
        let module = {
            let cx = super::FnCx::new(unit, 0);
            cx.static_module(target)?
        };
        let source = match module.map(|m| m.as_str()) {
            Some("Elixir.GenServer") => GEN_SERVER,
            Some("Elixir.Supervisor") | Some("Elixir.DynamicSupervisor") => SUPERVISOR,
            Some("Elixir.Agent") => AGENT,
            Some("Elixir.Task") => TASK,
            _ => {
                return Err(CompileError::new(
                    meta.line.max(line),
                    format!(
                        "use of {} is not supported by otpsim (it can use GenServer, Supervisor, DynamicSupervisor, Agent and Task)",
                        target.to_quoted_string()
                    ),
                ))
            }
        };
        inject(source, &opts, &own, meta.line, &mut front)?;
        if source == GEN_SERVER && !own.contains(&("init".to_string(), 1)) {
            // Elixir 1.14 injects a default `init/1`, and says so.
            inject(DEFAULT_INIT, &opts, &own, meta.line, &mut front)?;
            let at = line.max(1) + unit.env.line_offset;
            unit.warnings.push(super::module::missing_callback(
                "init/1",
                &crate::term::Term::atom("Elixir.GenServer"),
                unit.name,
                at,
                Some(DEFAULT_INIT_ADVICE),
            ));
        }
        used = true;
    }
    inject(INFO, &Ast::List(Vec::new()), &own, line, &mut front)?;
    // What `defmodule` returns last when the body has nothing else: the
    // value of a `use` expansion's closing `defoverridable` (`:ok`), or
    // `nil` for an empty body — never one of the injected definitions.
    if out.is_empty() {
        out.push(Ast::Atom(if used { "ok" } else { "nil" }.into()));
    }
    front.append(&mut out);
    Ok(front)
}

/// Appends the definitions in `source` the module does not define itself.
fn inject(
    source: &str,
    opts: &Ast,
    own: &BTreeSet<(String, usize)>,
    line: u32,
    out: &mut Vec<Ast>,
) -> CResult<()> {
    let parsed = crate::lang::parse(source)
        .map_err(|e| CompileError::new(line, format!("internal template error: {e}")))?;
    for injected in parsed.block_items() {
        let injected = splice(injected, opts);
        match defined(&injected) {
            Some(key) if own.contains(&key) => {}
            _ => out.push(injected),
        }
    }
    Ok(())
}
