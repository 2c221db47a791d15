//! Elixir functions that the Elixir compiler inlines to `:erlang` calls
//! (`Atom.to_string/1` is `:erlang.atom_to_binary/1`, `String.to_atom/1`
//! is `:erlang.binary_to_atom(s, :utf8)`, ...), registered under their
//! Elixir names too, for calls that reach them unrewritten (`apply/3`,
//! captures). They raise the `:erlang` function's errors, as in Elixir.

use super::erlang_arith::{band, bnot, bor, bsl, bsr, bxor};
use super::erlang_binary::{copy2, iolist_size, iolist_to_binary};
use super::erlang_convert::{
    atom_to_binary1, atom_to_list, binary_to_atom2, binary_to_existing_atom2, binary_to_integer1,
    binary_to_integer2, integer_to_binary1, integer_to_binary2, integer_to_list1, integer_to_list2,
    list_to_atom, list_to_existing_atom, list_to_integer1, list_to_integer2,
};
use super::erlang_float::{binary_to_float, list_to_float};
use super::erlang_terms::list_to_tuple;
use super::support::args;
use super::Bif;
use crate::term::Term;
use crate::vm::exception::Res;

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("Elixir.Atom", "to_string", 1, atom_to_binary1),
    Bif::pure("Elixir.Atom", "to_charlist", 1, atom_to_list),
    Bif::pure("Elixir.Bitwise", "band", 2, band),
    Bif::pure("Elixir.Bitwise", "bor", 2, bor),
    Bif::pure("Elixir.Bitwise", "bxor", 2, bxor),
    Bif::pure("Elixir.Bitwise", "bsl", 2, bsl),
    Bif::pure("Elixir.Bitwise", "bsr", 2, bsr),
    Bif::pure("Elixir.Bitwise", "bnot", 1, bnot),
    // The operator forms `import Bitwise` brings in.
    Bif::pure("Elixir.Bitwise", "&&&", 2, band),
    Bif::pure("Elixir.Bitwise", "|||", 2, bor),
    Bif::pure("Elixir.Bitwise", "^^^", 2, bxor),
    Bif::pure("Elixir.Bitwise", "<<<", 2, bsl),
    Bif::pure("Elixir.Bitwise", ">>>", 2, bsr),
    Bif::pure("Elixir.Bitwise", "~~~", 1, bnot),
    Bif::pure("Elixir.IO", "iodata_to_binary", 1, iolist_to_binary),
    Bif::pure("Elixir.IO", "iodata_length", 1, iolist_size),
    Bif::pure("Elixir.Integer", "to_string", 1, integer_to_binary1),
    Bif::pure("Elixir.Integer", "to_string", 2, integer_to_binary2),
    Bif::pure("Elixir.Integer", "to_charlist", 1, integer_to_list1),
    Bif::pure("Elixir.Integer", "to_charlist", 2, integer_to_list2),
    Bif::pure("Elixir.List", "to_atom", 1, list_to_atom),
    Bif::pure("Elixir.List", "to_existing_atom", 1, list_to_existing_atom),
    Bif::pure("Elixir.List", "to_float", 1, list_to_float),
    Bif::pure("Elixir.List", "to_integer", 1, list_to_integer1),
    Bif::pure("Elixir.List", "to_integer", 2, list_to_integer2),
    Bif::pure("Elixir.List", "to_tuple", 1, list_to_tuple),
    Bif::pure("Elixir.String", "duplicate", 2, copy2),
    Bif::pure("Elixir.String", "to_float", 1, binary_to_float),
    Bif::pure("Elixir.String", "to_integer", 1, binary_to_integer1),
    Bif::pure("Elixir.String", "to_integer", 2, binary_to_integer2),
    Bif::pure("Elixir.String", "to_atom", 1, to_atom),
    Bif::pure("Elixir.String", "to_existing_atom", 1, to_existing_atom),
];

fn to_atom(args: &[Term]) -> Res {
    args!(args, s);
    binary_to_atom2(&[s.clone(), Term::atom("utf8")])
}

fn to_existing_atom(args: &[Term]) -> Res {
    args!(args, s);
    binary_to_existing_atom2(&[s.clone(), Term::atom("utf8")])
}
