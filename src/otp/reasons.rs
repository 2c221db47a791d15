//! Exit reasons and how they read.

use crate::term::Term;

/// True for the reasons a `:transient` child may exit with without being
/// restarted: `:normal`, `:shutdown` and `{:shutdown, _}`.
pub fn is_clean(reason: &Term) -> bool {
    if reason.is_atom("normal") || reason.is_atom("shutdown") {
        return true;
    }
    matches!(reason.as_tuple(), Some([tag, _]) if tag.is_atom("shutdown"))
}

/// An Elixir exception struct as a term: `%Name{message: ...}`.
pub fn exception(name: &str, fields: Vec<(&str, Term)>) -> Term {
    let mut pairs = vec![
        (
            Term::atom("__struct__"),
            Term::atom(&format!("Elixir.{name}")),
        ),
        (Term::atom("__exception__"), Term::boolean(true)),
    ];
    pairs.extend(fields.into_iter().map(|(k, v)| (Term::atom(k), v)));
    Term::map(pairs)
}

/// The exit reason of a process that crashed with `FunctionClauseError`
/// in `module.function/arity`, as `{exception, stacktrace}`.
pub fn function_clause(module: &str, function: &str, arity: i64) -> Term {
    let ex = exception(
        "FunctionClauseError",
        vec![
            ("module", Term::atom(module)),
            ("function", Term::atom(function)),
            ("arity", Term::Int(arity)),
            ("kind", Term::nil()),
            ("args", Term::nil()),
            ("clauses", Term::nil()),
        ],
    );
    Term::tuple([ex, Term::list(vec![])])
}

/// `%ArgumentError{message: message}`, as OTP's functions raise for bad
/// options.
pub fn argument_error(message: &str) -> Term {
    exception("ArgumentError", vec![("message", Term::string(message))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_reasons() {
        assert!(is_clean(&Term::atom("normal")));
        assert!(is_clean(&Term::atom("shutdown")));
        assert!(is_clean(&Term::tuple([
            Term::atom("shutdown"),
            Term::Int(1)
        ])));
        assert!(!is_clean(&Term::atom("killed")));
        assert!(!is_clean(&Term::tuple([Term::atom("shutdown")])));
    }
}
