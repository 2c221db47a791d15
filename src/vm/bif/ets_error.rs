//! (helpers) The errors of `:ets` as OTP 25 explains them: a native fails
//! with a [`Cause`] (what its own checks found), and [`fail`] turns that
//! and the arguments into the "errors were found at the given arguments"
//! lines, as `erl_stdlib_errors:format_ets_error/3` does. Like OTP, it
//! looks at the other arguments too, so a bad table and a bad object are
//! both reported.

use crate::term::Term;
use crate::vm::exception::{ordinal, Exception};

/// Why an `:ets` native failed, as OTP's BIFs record it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cause {
    /// Something the formatter works out from the arguments.
    None,
    /// The table argument is neither an atom nor a table reference.
    Type,
    /// No such table (any more).
    Id,
    /// The caller may not read or write the table.
    Access,
    /// The operation does not work on this table type.
    TableType,
    /// The key is not in the table.
    BadKey,
    /// A position is the key position.
    KeyPos,
    /// A position is outside the object.
    Position,
    /// `give_away/3` to the owner itself.
    Owner,
    /// `give_away/3` by a process that does not own the table.
    NotOwner,
    /// `new/2`: a named table of that name exists.
    AlreadyExists,
}

const NOT_TUPLE: &str = "not a tuple";
const EMPTY_TUPLE: &str = "is an empty tuple";
const BAD_KEY: &str = "not a key that exists in the table";
const BAD_UPDATE_OP: &str = "not a valid update operation";
const RANGE: &str = "out of range";
const SAME_AS_KEYPOS: &str = "the position is the same as the key position";
const COUNTER_NOT_INTEGER: &str =
    "the value in the given position, in the object, is not an integer";
const BAD_MATCHSPEC: &str = "not a valid match specification";
const NAME_EXISTS: &str = "table name already exists";

/// The `:badarg` of `:ets.name(args)` failing for `cause`.
pub(super) fn fail(name: &str, args: &[Term], cause: Cause) -> Exception {
    let lines: Vec<String> = explain(name, args, cause)
        .iter()
        .enumerate()
        .filter(|(_, why)| !why.is_empty())
        .map(|(i, why)| format!("  * {} argument: {why}", ordinal(i + 1)))
        .collect();
    if lines.is_empty() {
        Exception::badarg()
    } else {
        Exception::badarg().with_detail(lines.join("\n"))
    }
}

/// What OTP says about each argument ("" for nothing).
fn explain(name: &str, args: &[Term], cause: Cause) -> Vec<&'static str> {
    let tab = table_cause(args, cause);
    let arg = |i: usize| args.get(i).unwrap_or(&Term::EMPTY_LIST);
    match (name, args.len()) {
        ("delete_object", _) => vec![tab, tuple_cause(arg(1))],
        ("give_away", _) => vec![
            tab,
            match cause {
                Cause::Owner => "the process is already the owner of the table",
                Cause::NotOwner => "the current process is not the owner",
                _ if arg(1).as_pid().is_none() => "not a pid",
                _ if tab.is_empty() => "the pid refers to a terminated process",
                _ => "",
            },
        ],
        ("info", _) => default(tab, "not a valid info item"),
        ("insert" | "insert_new", _) => vec![tab, objects_cause(arg(1))],
        ("lookup_element", _) => {
            let pos = position_cause(arg(2));
            match (cause, tab, pos) {
                (Cause::BadKey, _, _) => vec![tab, BAD_KEY, pos],
                (_, "", "") => vec!["", "", "position is greater than the size of the object"],
                _ => vec![tab, "", pos],
            }
        }
        ("new", _) => {
            let name_err = if matches!(arg(0), Term::Atom(_)) {
                ""
            } else {
                "not an atom"
            };
            let opts_err = list_cause(arg(1));
            match (name_err, opts_err, cause) {
                ("", "", Cause::AlreadyExists) => vec![NAME_EXISTS],
                ("", "", _) => vec!["", "invalid options"],
                _ => vec![name_err, opts_err],
            }
        }
        ("next" | "prev", _) => default(tab, BAD_KEY),
        ("rename", _) => {
            let new = if matches!(arg(1), Term::Atom(_)) {
                ""
            } else {
                "invalid table name (must be an atom)"
            };
            match (tab, new) {
                ("", "") => vec!["", NAME_EXISTS],
                _ => vec![tab, new],
            }
        }
        ("select" | "select_count" | "select_reverse" | "select_delete", 2) => {
            default(tab, BAD_MATCHSPEC)
        }
        ("update_counter", 3) => vec![
            tab,
            if cause == Cause::BadKey { BAD_KEY } else { "" },
            match cause {
                Cause::KeyPos => SAME_AS_KEYPOS,
                Cause::Position => "the position in the update operation is out of range",
                Cause::None if is_update_op_top(arg(2)) => COUNTER_NOT_INTEGER,
                Cause::None => BAD_UPDATE_OP,
                _ => update_op_cause(arg(2)),
            },
        ],
        ("update_counter", 4) => update_counter_default(tab, cause, arg(2), arg(3)),
        ("update_element", _) => vec![
            tab,
            "",
            match cause {
                Cause::KeyPos => SAME_AS_KEYPOS,
                _ if !is_element_spec_top(arg(2)) => "is not a valid element specification",
                _ if tab.is_empty() => RANGE,
                _ => "",
            },
        ],
        ("whereis", _) => vec!["invalid table name (must be an atom)"],
        _ => vec![tab],
    }
}

fn update_counter_default(
    tab: &'static str,
    cause: Cause,
    op: &Term,
    default: &Term,
) -> Vec<&'static str> {
    if !tab.is_empty() {
        return vec![tab];
    }
    let tuple = tuple_cause(default);
    match cause {
        Cause::BadKey => vec!["", BAD_KEY, update_op_cause(op), tuple],
        Cause::KeyPos => vec!["", "", SAME_AS_KEYPOS, tuple],
        Cause::Position => vec![
            "",
            "",
            "the position in the update operation is out of range",
        ],
        _ => match (update_op_cause(op), tuple) {
            ("", "") => vec!["", "", COUNTER_NOT_INTEGER],
            (op, tuple) => vec!["", "", op, tuple],
        },
    }
}

/// OTP's `format_default/3`: the table's trouble, else `why` for the 2nd argument.
fn default(tab: &'static str, why: &'static str) -> Vec<&'static str> {
    if tab.is_empty() {
        vec!["", why]
    } else {
        vec![tab]
    }
}

fn table_cause(args: &[Term], cause: Cause) -> &'static str {
    match cause {
        Cause::Type if matches!(args.first(), Some(Term::Ref(_))) => "not a valid table identifier",
        Cause::Type => "not an atom or a table identifier",
        Cause::Id => "the table identifier does not refer to an existing ETS table",
        Cause::Access => {
            "the table identifier refers to an ETS table with insufficient access rights"
        }
        Cause::TableType => {
            "the table identifier refers to an ETS table of a type not supported by this operation"
        }
        _ => "",
    }
}

fn tuple_cause(term: &Term) -> &'static str {
    match term.as_tuple() {
        Some([]) => EMPTY_TUPLE,
        Some(_) => "",
        None => NOT_TUPLE,
    }
}

fn objects_cause(term: &Term) -> &'static str {
    match term {
        Term::Tuple(..) => tuple_cause(term),
        Term::List(_) => {
            let all = term.list_to_vec().is_some_and(|items| {
                items
                    .iter()
                    .all(|t| !matches!(t.as_tuple(), None | Some([])))
            });
            if all {
                ""
            } else {
                "not a non-empty tuple or a list of non-empty tuples"
            }
        }
        _ => NOT_TUPLE,
    }
}

fn list_cause(term: &Term) -> &'static str {
    match term {
        Term::List(_) if term.is_proper_list() => "",
        Term::List(_) => "not a proper list",
        _ => "not a list",
    }
}

fn position_cause(term: &Term) -> &'static str {
    match term {
        Term::Int(n) if *n >= 1 => "",
        Term::BigInt(b) if b.sign() == num_bigint::Sign::Plus => "",
        Term::Int(_) | Term::BigInt(_) => RANGE,
        _ => "not an integer",
    }
}

fn update_op_cause(op: &Term) -> &'static str {
    if is_update_op_top(op) {
        ""
    } else {
        BAD_UPDATE_OP
    }
}

fn is_integer(t: &Term) -> bool {
    matches!(t, Term::Int(_) | Term::BigInt(_))
}

/// An increment, `{pos, incr}`, `{pos, incr, threshold, set_value}`, or a
/// list of those (OTP's `is_update_op_top/1`).
pub(super) fn is_update_op_top(op: &Term) -> bool {
    match op {
        Term::List(_) => op
            .list_to_vec()
            .is_some_and(|ops| ops.iter().all(is_update_op)),
        _ => is_update_op(op),
    }
}

fn is_update_op(op: &Term) -> bool {
    match op.as_tuple() {
        Some(parts @ ([_, _] | [_, _, _, _])) => parts.iter().all(is_integer),
        Some(_) => false,
        None => is_integer(op),
    }
}

/// `{pos, value}` with `pos >= 1`, or a list of those.
fn is_element_spec_top(spec: &Term) -> bool {
    let one = |t: &Term| matches!(t.as_tuple(), Some([Term::Int(p), _]) if *p > 0);
    match spec {
        Term::List(_) => spec.list_to_vec().is_some_and(|s| s.iter().all(one)),
        _ => one(spec),
    }
}
