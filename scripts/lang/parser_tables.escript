#!/usr/bin/env escript
%% Dumps the LALR(1) tables that yecc builds for Elixir's grammar, so that
%% src/lang/parser/tables.rs (made from this dump by parser_tables.py) runs
%% exactly the automaton of Elixir's own parser: same states, same conflict
%% resolution, same default reductions, hence the same errors at the same
%% tokens.
%%
%% Usage: escript parser_tables.escript path/to/elixir_parser.yrl OUT.txt
%% (elixir_parser.yrl from Elixir v1.14.0, lib/elixir/src/).
%%
%% yecc exports no table API, so this script recompiles the installed yecc
%% from its debug info with a `write_file/1` pass that writes the tables
%% instead of Erlang code. Nothing of yecc is stored in this repository.
-mode(compile).

main([Grammar, Out]) ->
    {ok, {_, [{debug_info, {debug_info_v1, _, {Forms0, _}}}]}} =
        beam_lib:chunks(code:which(yecc), [debug_info]),
    Dump = parse_function(
        "write_file(St) ->\n"
        "    #yecc{parse_actions = PA, goto_tab = GT} = St,\n"
        "    Rules = lists:usort([begin {Syms, Loc, N} = rule(P, St), {N, Syms, case Loc of none -> 0; _ -> erl_anno:line(Loc) end} end\n"
        "                         || P <- maps:keys(St#yecc.rule_pointer2rule)]),\n"
        "    Pointers = maps:from_list([{P, element(3, rule(P, St))} || P <- maps:keys(St#yecc.rule_pointer2rule)]),\n"
        "    ok = file:write_file(os:getenv(\"YECC_DUMP\"), term_to_binary({sort_parse_actions(PA), ets:tab2list(GT), Rules, Pointers})),\n"
        "    St.\n"),
    Forms = lists:flatmap(
        fun({function, _, write_file, 1, _}) -> [Dump];
           (F) -> [F]
        end, Forms0),
    {ok, yecc, Bin} = compile:forms(Forms, [export_all, nowarn_export_all, return_errors]),
    code:purge(yecc),
    {module, yecc} = code:load_binary(yecc, "yecc.erl", Bin),
    Tmp = Out ++ ".term",
    os:putenv("YECC_DUMP", Tmp),
    {ok, _} = yecc:file(Grammar, [{parserfile, Out ++ ".erl"}, {report, false}]),
    {ok, Bin2} = file:read_file(Tmp),
    {Actions, Gotos, Rules, Pointers} = binary_to_term(Bin2),
    put(pointers, Pointers),
    ok = file:delete(Tmp),
    _ = file:delete(Out ++ ".erl"),
    Lines =
        [io_lib:format("R ~w ~w ~w ~w~n", [N, Head, length(Ds) - count_empty(Ds), Line])
         || {N, [Head | Ds], Line} <- Rules] ++
        [action_lines(State, Acts) || {State, Acts} <- Actions] ++
        [io_lib:format("G ~w ~w ~w~n", [From, Sym, To]) || {{From, Sym}, To} <- lists:sort(Gotos)],
    ok = file:write_file(Out, unicode:characters_to_binary(Lines)).

count_empty(Ds) -> length([D || D <- Ds, D =:= '$empty']).

action_lines(State, Acts) ->
    Last = length(Acts),
    Indexed = lists:zip(lists:seq(1, Last), Acts),
    [action_line(State, I =:= Last, Terms, A) || {I, {Terms, A}} <- Indexed].

action_line(State, IsLast, Terms, A) ->
    case A of
        accept -> [io_lib:format("S ~w ~w accept~n", [State, T]) || T <- Terms];
        nonassoc -> [io_lib:format("S ~w ~w nonassoc~n", [State, T]) || T <- Terms];
        _ when element(1, A) =:= shift ->
            [io_lib:format("S ~w ~w shift ~w~n", [State, T, element(2, A)]) || T <- Terms];
        _ when element(1, A) =:= reduce, IsLast ->
            %% yecc writes the last reduce of a state as a catch-all clause.
            [io_lib:format("S ~w * reduce ~w~n", [State, rule_n(element(2, A))])];
        _ when element(1, A) =:= reduce ->
            [io_lib:format("S ~w ~w reduce ~w~n", [State, T, rule_n(element(2, A))]) || T <- Terms]
    end.

rule_n(Pointer) ->
    maps:get(Pointer, get(pointers)).

parse_function(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    {ok, Form} = erl_parse:parse_form(Tokens),
    Form.
