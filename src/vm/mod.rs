//! The virtual machine: processes that run compiled Elixir inside the
//! simulated world.
//!
//! | module | what it holds |
//! |--------|---------------|
//! | `code` | [`code::Module`], [`code::Function`]: compiled code, shared by every world |
//! | `ops` | [`ops::Op`]: the instruction set |
//! | `exception` | [`exception::Exception`]: raised errors, exits and throws, worded as Elixir words them |
//! | `proc` | [`proc::VmProc`]: a process's frames, registers, handlers and dictionary |
//! | `interp` | the interpreter loop: calls, returns, `receive`, `try`, natives |
//! | `arith` | arithmetic and comparisons as the BEAM does them |
//! | `bits` | building and matching `<<...>>` |
//! | `code_server` | which modules a world has loaded; what `Mod.fun(args)` reaches |
//! | `behaviour` | a process of compiled code as the kernel runs it |
//! | `peek` | a compiled `GenServer`'s state, read from outside for views |
//! | `prelude` | the standard library written in Elixir (`src/prelude/*.ex`), compiled once |
//! | `bif` | native functions, one file per module family |

pub mod arith;
pub mod behaviour;
pub mod bif;
mod bits;
pub mod code;
pub mod code_server;
pub mod exception;
#[cfg(test)]
mod fast_path_tests;
pub mod interp;
pub mod ops;
pub mod peek;
pub mod prelude;
pub mod proc;
pub mod spawn;
