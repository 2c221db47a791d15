//! The virtual machine: processes that run compiled Elixir inside the
//! simulated world.
//!
//! | module | what it holds |
//! |--------|---------------|
//! | `code` | [`code::Module`], [`code::Function`]: compiled code, shared by every world |
//! | `ops` | [`ops::Op`]: the instruction set |
//! | `exception` | [`exception::Exception`]: raised errors, exits and throws, worded as Elixir words them |
//! | `proc` | a process's stack, registers and dictionary |
//! | `bif` | native functions, one file per module family |

pub mod bif;
pub mod code;
pub mod exception;
pub mod ops;
pub mod proc;
