//! The shell's host functions: the built-in applications' Rust API
//! (`Sim`, `Fleet`, `KV`, `Todo`, `Shards`, `:pg`, `:global`, ...), which
//! the console's shell may call and which wait by running the world
//! themselves. A call reaches them only when no compiled module or native
//! defines the function (see [`crate::vm::interp::Host`]).

use super::builtins;
use super::error::EvalError;
use crate::kernel::{NodeId, World};
use crate::otp::call::Budget;
use crate::term::{Atom, Pid, Term};
use crate::vm::exception::{exception_struct, Exception, Res};
use crate::vm::interp::Host;

/// The most elements a host function builds from a range or enumerable.
pub const MAX_ELEMENTS: i64 = 1_000_000;

/// What a host function may touch: the world, as the shell, within the
/// line's budget.
pub struct Eval<'a> {
    /// The world.
    pub world: &'a mut World,
    /// The shell the line runs as.
    pub shell: Pid,
    /// What the line may still spend.
    pub budget: &'a mut Budget,
    /// Set by `Sim.attach/1`: the node the console moves to after this line.
    pub attach: Option<NodeId>,
}

impl Eval<'_> {
    /// Charges `reductions` of built-in work to the line's budget before
    /// the work is done: a line whose budget it would overrun stops here,
    /// with the same error as compiled code that ran out.
    pub fn charge(&mut self, reductions: u64) -> Result<(), EvalError> {
        if reductions > self.budget.reductions {
            return Err(EvalError::Budget(
                "reduction budget exhausted (the line computed for too long)".into(),
            ));
        }
        self.budget.reductions -= reductions;
        self.world.add_reductions(reductions);
        Ok(())
    }

    /// Charges one unit of work to the line's budget.
    pub fn tick(&mut self) -> Result<(), EvalError> {
        if self.budget.events == 0 {
            return Err(EvalError::Budget("event budget exhausted".into()));
        }
        self.budget.events -= 1;
        Ok(())
    }

    /// Runs everything due now (as a shell would see the world after a pause).
    pub fn settle(&mut self) -> Result<(), EvalError> {
        let now = self.world.now();
        while self.world.next_event_time().is_some_and(|t| t <= now) {
            self.tick()?;
            self.world.step();
        }
        Ok(())
    }
}

/// The elements of an enumerable, as host functions take them.
pub fn to_list(term: &Term) -> Result<Vec<Term>, EvalError> {
    crate::vm::bif::enumerable::to_vec(term).map_err(|e| {
        let ex = crate::vm::exception::normalize(&e);
        EvalError::raise(
            crate::vm::exception::exception_name(&ex).as_str(),
            crate::vm::exception::message(&ex),
        )
    })
}

/// The reason a line stopped on its budget, carried through the VM as an exit.
pub(crate) const BUDGET_TAG: &str = "$otpsim_budget";

/// An [`EvalError`] from a host function as the exception the VM raises.
pub(crate) fn to_exception(e: EvalError) -> Exception {
    match e {
        EvalError::Raise { name, message } => Exception::error(exception_struct(
            &name,
            vec![("message", Term::string(&message))],
        )),
        EvalError::Exit(reason) => Exception::exit(reason),
        EvalError::Budget(why) => {
            Exception::exit(Term::tuple([Term::atom(BUDGET_TAG), Term::string(&why)]))
        }
        other => Exception::runtime(other.full()),
    }
}

/// The console's host: the built-in functions, run as the shell.
pub(crate) struct ShellHost<'b> {
    pub(crate) budget: &'b mut Budget,
    pub(crate) attach: Option<NodeId>,
}

impl Host for ShellHost<'_> {
    fn call(
        &mut self,
        world: &mut World,
        me: Pid,
        module: Atom,
        name: Atom,
        args: &[Term],
    ) -> Option<Res> {
        let f = builtins::find_host(module.as_str(), name.as_str(), args.len())?;
        let mut ev = Eval {
            world,
            shell: me,
            budget: self.budget,
            attach: None,
        };
        let result = f(&mut ev, args.to_vec()).map_err(to_exception);
        if ev.attach.is_some() {
            self.attach = ev.attach;
        }
        Some(result)
    }

    fn has_module(&self, module: Atom) -> bool {
        builtins::host_module(module.as_str())
    }
}
