//! The grammar rules' actions. `scripts/lang/parser_tables.py` maps each
//! rule's Erlang code in `elixir_parser.yrl` to one [`Act`]; [`reduce`]
//! (in `reduce.rs`) does what that code does, with the rule's values in
//! order (`$1` first).

/// One distinct rule action (the Erlang code is in each variant's doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Act {
    /// `'$1'`, `next_is_eol('$1', '$2')`, `element(1, '$1')`
    First,
    /// `'$2'`
    Second,
    /// `{'$1', '$2'}`
    OpRhs,
    /// `build_unary_op('$1', '$2')`
    UnaryOp,
    /// `['$1']`
    ListOf1,
    /// `['$2']`
    ListOf2,
    /// `reverse('$1')`
    Reverse1,
    /// `build_op('$1', '$2')`
    BuildOp,
    /// `build_no_parens('$1', '$2')`
    NoParens,
    /// `build_dot('$2', '$1', '$3')`
    Dot,
    /// `['$3' | '$1']`
    Cons31,
    /// `['$1' | '$2']`
    Cons12,
    /// `['$1' | '$3']`
    Cons13,
    /// `['$3', '$1']`
    List31,
    /// `['$1', '$3']`
    List13,
    /// `{'$1', '$3'}`
    Assoc,
    /// `handle_literal(?id('$1'), '$1')`
    Literal,
    /// `build_block(reverse('$1'))`
    Block1,
    /// `build_block(reverse('$2'))`
    Block2,
    /// `build_no_parens_do_block('$1', '$2', '$3')`
    NoParensDo,
    /// `build_no_parens_do_block('$1', [], '$2')`
    NoParensDoZero,
    /// `build_no_parens('$1', nil)`, `build_identifier('$1', nil)`
    NoParensZero,
    /// `handle_number(number_value('$1'), ...)`
    Number,
    /// `handle_number(?exprs('$1'), '$1', number_value('$1'))` (a char)
    Char,
    /// `handle_literal(?exprs('$1'), '$1', ...)` on atoms and keys
    AtomLit,
    /// `build_access_arg('$1', '$2', _)`
    AccessArg2,
    /// `error_no_parens_many_strict('$1')`
    ErrNoParensManyStrict,
    /// `reverse(['$3' | '$1'])`
    ReverseCons31,
    /// `error_no_parens_strict('$1')`
    ErrNoParensStrict,
    /// `{newlines_pair('$1', '$3'), ['$2']}`
    ParensArgs1,
    /// `build_quoted_atom('$1', true, ...)`
    QuotedAtomSafe,
    /// `build_quoted_atom('$1', false, ...)`
    QuotedAtomUnsafe,
    /// `{'$2', '$1', ['$3']}`
    AssocUpdate,
    /// `{'$2', '$1', '$3'}`
    AssocUpdateKw,
    /// `build_map_update('$1', '$2', _, [])`
    MapUpdate,
    /// `build_map_update('$1', '$2', element(2, '$4'), element(1, '$4'))`
    MapUpdateMore,
    /// `{'__block__', meta_from_token('$1'), []}`
    EmptyBlockEoe,
    /// `{'__block__', [], []}`
    EmptyBlock,
    /// `error_invalid_kw_identifier('$2')`
    ErrInvalidKw,
    /// `build_parens('$1', '$2', '$3')`
    ParensDo,
    /// `build_parens('$1', '$2', {[], []})`
    Parens,
    /// `build_nested_parens('$1', '$2', '$3', '$4')`
    NestedParensDo,
    /// `build_nested_parens('$1', '$2', '$3', {[], []})`
    NestedParens,
    /// `build_unary_op('$1', number_value('$2'))`
    CaptureInt,
    /// `build_fn('$1', '$2', '$3')`
    Fn,
    /// `build_stab('$1', '$2', _)`
    ParenStab2,
    /// `build_stab('$1', '$3', _)`
    ParenStab3,
    /// `build_stab('$1', [], '$3')`
    ParenEmpty,
    /// `build_bin_string`, `build_bin_heredoc`
    BinString,
    /// `build_list_string`, `build_list_heredoc`
    ListString,
    /// `build_sigil('$1')`
    Sigil,
    /// `build_nullary_op('$1')`
    NullaryOp,
    /// `build_access(build_no_parens('$1', nil), '$2')`
    AccessIdentifier,
    /// `build_access('$1', '$2')`
    Access,
    /// `build_access(build_unary_op('$1', build_no_parens('$2', nil)), '$3')`
    AccessAtIdentifier,
    /// `build_access(build_unary_op('$1', '$2'), '$3')`
    AccessAt,
    /// `do` `end`
    DoEmpty,
    /// `do` stab `end`
    DoStab,
    /// `do` block_list `end`
    DoEmptyBlocks,
    /// `do` stab block_list `end`
    DoStabBlocks,
    /// `build_op([], '$1')`
    StabNoArgs1,
    /// `build_op([], '$2')`
    StabNoArgs2,
    /// `build_op([{'when', meta_from_token('$2'), ['$3']}], '$4')`
    StabEmptyWhen,
    /// `build_op(unwrap_when(unwrap_splice('$1')), '$2')`
    StabArgs,
    /// `build_op(unwrap_splice('$1'), '$2')`
    StabParensArgs,
    /// `build_op([{'when', _, unwrap_splice('$1') ++ ['$3']}], '$4')`
    StabParensWhen,
    /// `{'$1', handle_literal(nil, '$1')}`
    StabEmptyBody,
    /// `{handle_literal(?exprs('$1'), '$1'), build_stab('$2')}`
    BlockItem,
    /// `{handle_literal(?exprs('$1'), '$1'), {'__block__', [], []}}`
    BlockItemEmpty,
    /// `build_alias('$1')`
    Alias,
    /// `build_dot_alias('$2', '$1', '$3')`
    DotAlias,
    /// `build_dot_container('$2', '$1', [], [])`
    DotContainerEmpty,
    /// `build_dot_container('$2', '$1', '$4', _)`
    DotContainer,
    /// `{'.', meta_from_token('$2'), ['$1']}`
    DotCall,
    /// `error_no_parens_container_strict('$1')`
    ErrNoParensContainerStrict,
    /// `{newlines_pair('$1', '$2'), []}`
    ParensArgs0,
    /// `{newlines_pair('$1', '$3'), reverse('$2')}`
    ParensArgsReverse2,
    /// `{newlines_pair('$1', '$5'), reverse(['$4' | '$2'])}`
    ParensArgsKw,
    /// `[{'$1', '$2'}]`
    KwFirst,
    /// `[{'$3', '$4'} | '$1']`
    KwNext,
    /// `maybe_bad_keyword_call_follow_up('$2', _, '$3')`
    ErrKwCallFollowUp,
    /// `maybe_bad_keyword_data_follow_up('$2', '$1', '$3')`
    ErrKwDataFollowUp,
    /// `reverse('$1', '$3')`
    ReverseAppend13,
    /// `build_list('$1', [], '$2')`
    ListEmpty,
    /// `build_list('$1', '$2', '$3')`
    List,
    /// `build_tuple('$1', [], '$2')`
    TupleEmpty,
    /// `build_tuple('$1', '$2', '$3')`
    Tuple,
    /// `build_bit('$1', [], '$2')`
    BitEmpty,
    /// `build_bit('$1', '$2', '$3')`
    Bit,
    /// `{reverse('$1', '$3'), '$4'}`
    MapCloseAssocKw,
    /// `build_map('$1', [], '$2')`
    MapEmpty,
    /// `build_map('$1', element(1, '$2'), element(2, '$2'))`
    Map,
    /// `{'%', meta_from_token('$1'), ['$2', '$3']}`
    Struct2,
    /// `{'%', meta_from_token('$1'), ['$2', '$4']}`
    Struct3,
}
