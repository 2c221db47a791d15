//! A chunk typed into the shell: compiled as a function of the shell's
//! current bindings that returns its value and the bindings after it, so
//! the next chunk sees what this one bound (`x = 1` then `x + 1`).

use super::{CResult, Env, FnCx, Unit};
use crate::kernel::World;
use crate::lang::ast::Ast;
use crate::term::Atom;
use crate::vm::code::{Module, Reg};
use crate::vm::code_server::CodeServer;
use crate::vm::ops::Op;
use std::rc::Rc;

/// What persists between chunks at compile time: aliases and imports.
#[derive(Clone, Debug, Default)]
pub struct ShellEnv {
    /// `alias`/`import` in force.
    pub env: Env,
}

/// A compiled chunk.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// Its code: function 0 takes the bindings named in `inputs`.
    pub module: Rc<Module>,
    /// The bindings it takes, in parameter order.
    pub inputs: Vec<String>,
    /// The bindings it returns after its value: `{value, b1, b2, ...}`.
    pub outputs: Vec<String>,
    /// Warnings to print before the result.
    pub warnings: Vec<String>,
}

/// Compiles `ast` for the shell, given the names bound so far.
pub fn compile_chunk(
    world: &mut World,
    ast: &Ast,
    shell: &mut ShellEnv,
    bindings: &[String],
) -> CResult<Chunk> {
    let n = world.ext_mut::<CodeServer>().next_unique();
    let name = Atom::new(&format!("{}.{n}", crate::vm::code::SHELL_MODULE));
    let mut unit = Unit::new(world, name, true, shell.env.clone());
    unit.context = "expr/6".into();
    let index = unit.reserve();
    let compiled = compile_body(&mut unit, ast, bindings);
    let (function, outputs) = match compiled {
        Ok(done) => done,
        Err(mut e) => {
            let mut warnings = std::mem::take(&mut unit.warnings);
            warnings.append(&mut e.warnings);
            e.warnings = warnings;
            return Err(e);
        }
    };
    if let Some(slot) = unit.functions.get_mut(index as usize) {
        *slot = Some(function);
    }
    let env = unit.env.clone();
    let warnings = std::mem::take(&mut unit.warnings);
    let module = super::module::finish_module(unit, name, "")?;
    shell.env = env;
    Ok(Chunk {
        module: Rc::new(module),
        inputs: bindings.to_vec(),
        outputs,
        warnings,
    })
}

/// The chunk's function: its value and the bindings after it, as a tuple.
fn compile_body(
    unit: &mut Unit,
    ast: &Ast,
    bindings: &[String],
) -> CResult<(crate::vm::code::Function, Vec<String>)> {
    let done = {
        let mut cx = FnCx::new(unit, bindings.len());
        cx.scopes.push_quiet();
        for (i, b) in bindings.iter().enumerate() {
            cx.scopes.bind(b, i as Reg);
        }
        let value = cx.value(ast)?;
        let visible = cx.scopes.visible();
        let outputs: Vec<(String, Reg)> = visible
            .into_iter()
            .filter(|(k, _)| !k.starts_with('%'))
            .collect();
        let start = cx.b.alloc_n(outputs.len() + 1)?;
        cx.mov(start, value);
        for (i, (_, r)) in outputs.iter().enumerate() {
            cx.mov(start + 1 + i as Reg, *r);
        }
        cx.b.emit(Op::Tuple {
            dst: start,
            start,
            n: (outputs.len() + 1) as u16,
        });
        cx.b.emit(Op::Return { src: start });
        let arity = u8::try_from(bindings.len()).unwrap_or(u8::MAX);
        (
            cx.finish(Atom::new("expr"), arity, 0, None),
            outputs.into_iter().map(|(k, _)| k).collect::<Vec<_>>(),
        )
    };
    Ok(done)
}
