//! What the functions Elixir imports by default (`Kernel`, and in the
//! shell `IEx.Helpers`) call: most are the BEAM's own BIFs (`:erlang`),
//! the rest are functions of the `Kernel` module (natives or prelude).

/// `(module, function)` that `name/arity` calls when written unqualified.
pub(crate) fn target(
    name: &str,
    arity: usize,
    shell: bool,
) -> Option<(&'static str, &'static str)> {
    let erlang = |f: &'static str| Some(("erlang", f));
    let kernel = |f: &'static str| Some(("Elixir.Kernel", f));
    match (name, arity) {
        ("abs", 1) => erlang("abs"),
        ("binary_part", 3) => erlang("binary_part"),
        ("bit_size", 1) => erlang("bit_size"),
        ("byte_size", 1) => erlang("byte_size"),
        ("ceil", 1) => erlang("ceil"),
        ("div", 2) => erlang("div"),
        ("floor", 1) => erlang("floor"),
        ("hd", 1) => erlang("hd"),
        ("tl", 1) => erlang("tl"),
        ("length", 1) => erlang("length"),
        ("map_size", 1) => erlang("map_size"),
        ("tuple_size", 1) => erlang("tuple_size"),
        ("max", 2) => erlang("max"),
        ("min", 2) => erlang("min"),
        ("rem", 2) => erlang("rem"),
        ("round", 1) => erlang("round"),
        ("trunc", 1) => erlang("trunc"),
        ("node", 0) => erlang("node"),
        ("node", 1) => erlang("node"),
        ("self", 0) => erlang("self"),
        ("make_ref", 0) => erlang("make_ref"),
        ("send", 2) => erlang("send"),
        ("spawn", 1 | 3) => erlang("spawn"),
        ("spawn_link", 1 | 3) => erlang("spawn_link"),
        ("spawn_monitor", 1 | 3) => erlang("spawn_monitor"),
        ("exit", 1) => erlang("exit"),
        ("throw", 1) => erlang("throw"),
        ("apply", 2 | 3) => erlang("apply"),
        ("is_map_key", 2) => kernel("is_map_key"),
        ("function_exported?", 3) => kernel("function_exported?"),
        ("**", 2) => kernel("**"),
        ("is_atom", 1) => erlang("is_atom"),
        ("is_binary", 1) => erlang("is_binary"),
        ("is_bitstring", 1) => erlang("is_bitstring"),
        ("is_boolean", 1) => erlang("is_boolean"),
        ("is_float", 1) => erlang("is_float"),
        ("is_function", 1 | 2) => erlang("is_function"),
        ("is_integer", 1) => erlang("is_integer"),
        ("is_list", 1) => erlang("is_list"),
        ("is_map", 1) => erlang("is_map"),
        ("is_number", 1) => erlang("is_number"),
        ("is_pid", 1) => erlang("is_pid"),
        ("is_port", 1) => erlang("is_port"),
        ("is_reference", 1) => erlang("is_reference"),
        ("is_tuple", 1) => erlang("is_tuple"),
        ("elem", 2) => kernel("elem"),
        ("put_elem", 3) => kernel("put_elem"),
        ("to_string", 1) => kernel("to_string"),
        ("to_charlist", 1) => kernel("to_charlist"),
        ("inspect", 1 | 2) => kernel("inspect"),
        ("struct", 1 | 2) => kernel("struct"),
        ("struct!", 1 | 2) => kernel("struct!"),
        ("get_in", 2) => kernel("get_in"),
        ("put_in", 3) => kernel("put_in"),
        ("update_in", 3) => kernel("update_in"),
        ("pop_in", 2) => kernel("pop_in"),
        ("get_and_update_in", 3) => kernel("get_and_update_in"),
        ("then", 2) => kernel("then"),
        ("tap", 2) => kernel("tap"),
        ("is_exception", 1 | 2) => kernel("is_exception"),
        ("is_struct", 1 | 2) => kernel("is_struct"),
        ("sigil_D", 2) => kernel("sigil_D"),
        ("sigil_T", 2) => kernel("sigil_T"),
        ("sigil_N", 2) => kernel("sigil_N"),
        ("sigil_U", 2) => kernel("sigil_U"),
        ("=~", 2) => kernel("=~"),
        ("flush", 0) if shell => Some(("Elixir.IEx.Helpers", "flush")),
        ("pid", 1 | 3) if shell => Some(("Elixir.IEx.Helpers", "pid")),
        ("i", 1) if shell => Some(("Elixir.IEx.Helpers", "i")),
        ("v", 0 | 1) if shell => Some(("Elixir.IEx.Helpers", "v")),
        _ => None,
    }
}

/// True for the functions allowed in guards (besides operators).
pub(crate) fn guard_safe(module: &str, name: &str) -> bool {
    let erlang = module == "erlang"
        && (name.starts_with("is_")
            || matches!(
                name,
                "abs"
                    | "binary_part"
                    | "bit_size"
                    | "byte_size"
                    | "ceil"
                    | "div"
                    | "floor"
                    | "hd"
                    | "tl"
                    | "length"
                    | "map_size"
                    | "tuple_size"
                    | "max"
                    | "min"
                    | "rem"
                    | "round"
                    | "trunc"
                    | "node"
                    | "self"
                    | "is_map_key"
                    | "map_get"
                    | "element"
                    | "not"
                    | "+"
                    | "-"
                    | "*"
                    | "/"
                    | "band"
                    | "bor"
                    | "bxor"
                    | "bnot"
                    | "bsl"
                    | "bsr"
            ));
    erlang
        || (module == "Elixir.Kernel"
            && matches!(name, "elem" | "is_struct" | "is_exception" | "is_map_key"))
}
