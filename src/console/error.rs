//! Errors a console line can end in, printed as iex prints them.

use crate::term::{inspect, Term};
use crate::vm::exception::format_exit;

/// What iex prints when a shell starts.
pub const BANNER: &str =
    "Interactive Elixir (1.14.0) - press Ctrl+C to exit (type h() ENTER for help)";

/// Why a line failed.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// A syntax error; the message is already iex's line.
    Syntax(String),
    /// An exception: `** (Name) message`.
    Raise {
        /// Exception module without `Elixir.` (`MatchError`).
        name: String,
        /// The message.
        message: String,
    },
    /// `exit/1` or a failed call: `** (exit) ...`.
    Exit(Term),
    /// The line used up its budget of events or virtual time.
    Budget(String),
    /// The shell process itself died (linked crash, `Process.exit(self(), ...)`).
    ShellDied {
        /// The dead shell.
        shell: Term,
        /// Its exit reason.
        reason: Term,
    },
}

impl EvalError {
    /// An exception with a message.
    pub fn raise(name: &str, message: impl Into<String>) -> EvalError {
        EvalError::Raise {
            name: name.to_string(),
            message: message.into(),
        }
    }

    /// `ArgumentError`.
    pub fn argument(message: impl Into<String>) -> EvalError {
        EvalError::raise("ArgumentError", message)
    }

    /// `ArgumentError` for a bad argument to a built-in, as Erlang BIFs raise it.
    pub fn badarg() -> EvalError {
        EvalError::argument("argument error")
    }

    /// `FunctionClauseError` for `function` (as Elixir names it, e.g.
    /// `:pg.join/2` or `anonymous fn/1`), listing the arguments as iex does.
    pub fn function_clause(function: &str, args: &[Term]) -> EvalError {
        let given: String = args
            .iter()
            .enumerate()
            .map(|(i, a)| format!("        # {}\n        {}\n", i + 1, inspect(a)))
            .collect();
        EvalError::raise(
            "FunctionClauseError",
            format!(
                "no function clause matching in {function}\n\n    The following arguments were given:\n{given}"
            ),
        )
    }

    /// `MatchError` for an unmatched value.
    pub fn no_match(value: &Term) -> EvalError {
        EvalError::raise(
            "MatchError",
            format!("no match of right hand side value: {}", inspect(value)),
        )
    }

    /// The full text, possibly over several lines.
    pub fn full(&self) -> String {
        match self {
            EvalError::Syntax(line) => line.clone(),
            EvalError::Raise { name, message } => format!("** ({name}) {message}"),
            EvalError::Exit(reason) => format!("** (exit) {}", format_exit(reason)),
            EvalError::Budget(why) => format!("** (otpsim) line stopped: {why}"),
            // iex starts a new shell and prints its banner again; a shell
            // that exits normally gets only the banner.
            EvalError::ShellDied { reason, .. } if reason.is_atom("normal") => {
                format!("\n{BANNER}")
            }
            EvalError::ShellDied { shell, reason } => format!(
                "** (EXIT from {}) shell process exited with reason: {}\n\n{BANNER}",
                inspect(shell),
                format_exit(reason)
            ),
        }
    }

    /// The first line, as the CLI prints it.
    pub fn first_line(&self) -> String {
        self.full().lines().next().unwrap_or_default().to_string()
    }
}
