//! `<<...>>`: segments (`x::8`, `rest::binary`, `s::binary-size(4)`,
//! `c::utf8`, string literals, interpolation's `to_string(x)::binary`) to
//! the segment specs the VM builds and matches binaries by.

use super::{CResult, CompileError, FnCx};
use crate::lang::ast::Ast;
use crate::vm::code::{BinSpec, Reg, SegSize, SegType, Segment};
use crate::vm::ops::Op;
use std::collections::BTreeMap;

impl FnCx<'_, '_> {
    /// `<<segments>>` as a value.
    pub(crate) fn binary(&mut self, segments: &[Ast], line: u32) -> CResult<Reg> {
        let (spec, values) = self.binary_spec(segments, line, None)?;
        let start = self.b.alloc_n(values.len().max(1))?;
        self.each_sibling(&values, |cx, i, v| {
            let r = cx.value(v)?;
            cx.mov(start + i as Reg, r);
            cx.release(usize::from(start) + values.len().max(1));
            Ok(())
        })?;
        let start = self.settle_block(start, values.len().max(1))?;
        let index = self.b.bins.len() as u32;
        self.b.bins.push(spec);
        self.b.emit(Op::BinBuild {
            dst: start,
            start,
            spec: index,
        });
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// The spec of `segments` and each segment's value expression. In a
    /// pattern, `pattern_vars` holds what the pattern bound so far (a size
    /// may name them).
    pub(crate) fn binary_spec(
        &mut self,
        segments: &[Ast],
        line: u32,
        pattern_vars: Option<&BTreeMap<String, Reg>>,
    ) -> CResult<(BinSpec, Vec<Ast>)> {
        let mut out = Vec::new();
        let mut values = Vec::new();
        for seg in segments {
            let (value, spec_ast) = match seg.as_call() {
                Some(("::", [value, spec], _)) => (value.clone(), Some(spec)),
                _ => (seg.clone(), None),
            };
            let mut segment = Segment {
                ty: SegType::Integer,
                size: SegSize::Default,
                unit: 1,
                signed: false,
                little: false,
            };
            let literal_binary = matches!(value, Ast::Bin(_))
                || matches!(value.as_call(), Some(("<<>>", parts, _)) if parts.iter().all(|p| matches!(p, Ast::Bin(_))));
            if literal_binary {
                segment.ty = SegType::Binary;
                segment.unit = 8;
                if pattern_vars.is_some() {
                    if let Some(crate::term::Term::Binary(b)) = super::expr::literal(&value) {
                        segment.size = SegSize::Fixed(b.len() as u32);
                    }
                }
            }
            if let Some(spec) = spec_ast {
                self.apply_spec(spec, &mut segment, line, pattern_vars)?;
            }
            // `"é"::utf8`: a literal string is its code points, each
            // encoded as the segment says.
            if let (SegType::Utf8 | SegType::Utf16 | SegType::Utf32, Ast::Bin(bytes)) =
                (segment.ty, &value)
            {
                let Ok(text) = std::str::from_utf8(bytes) else {
                    return Err(CompileError::new(line, "invalid string literal in binary"));
                };
                for c in text.chars() {
                    out.push(segment.clone());
                    values.push(Ast::Int(i64::from(u32::from(c))));
                }
                continue;
            }
            out.push(segment);
            values.push(value);
        }
        Ok((BinSpec { segments: out }, values))
    }

    fn apply_spec(
        &mut self,
        spec: &Ast,
        seg: &mut Segment,
        line: u32,
        pattern_vars: Option<&BTreeMap<String, Reg>>,
    ) -> CResult<()> {
        if let Some(("-", [a, b], _)) = spec.as_call() {
            self.apply_spec(a, seg, line, pattern_vars)?;
            return self.apply_spec(b, seg, line, pattern_vars);
        }
        if let Ast::Int(n) = spec {
            seg.size = SegSize::Fixed(u32::try_from(*n).map_err(|_| bad_size(line))?);
            return Ok(());
        }
        let (name, args) = match (spec.as_var(), spec.as_call()) {
            (Some((n, _)), _) => (n, &[][..]),
            (None, Some((n, args, _))) => (n, args),
            _ => {
                return Err(CompileError::new(
                    line,
                    "invalid binary segment specification",
                ))
            }
        };
        match (name, args) {
            ("integer", []) => seg.ty = SegType::Integer,
            ("float", []) => seg.ty = SegType::Float,
            ("binary" | "bytes", []) => {
                seg.ty = SegType::Binary;
                seg.unit = 8;
            }
            ("bits" | "bitstring", []) => {
                seg.ty = SegType::Bits;
                seg.unit = 1;
            }
            ("utf8", []) => seg.ty = SegType::Utf8,
            ("utf16", []) => seg.ty = SegType::Utf16,
            ("utf32", []) => seg.ty = SegType::Utf32,
            ("signed", []) => seg.signed = true,
            ("unsigned", []) => seg.signed = false,
            ("little", []) => seg.little = true,
            ("big" | "native", []) => seg.little = false,
            ("size", [n]) => {
                seg.size = match n {
                    Ast::Int(n) => SegSize::Fixed(u32::try_from(*n).map_err(|_| bad_size(line))?),
                    other => {
                        let Some((var, _)) = other.as_var() else {
                            return Err(CompileError::new(
                                line,
                                "size in a binary must be an integer or a variable",
                            ));
                        };
                        let reg = pattern_vars
                            .and_then(|b| b.get(var).copied())
                            .or_else(|| self.scopes.lookup(var))
                            .ok_or_else(|| {
                                CompileError::new(
                                    line,
                                    format!("undefined variable \"{var}\" in bitstring segment"),
                                )
                            })?;
                        SegSize::Reg(reg)
                    }
                }
            }
            ("unit", [Ast::Int(u)]) => {
                seg.unit = u8::try_from(*u).map_err(|_| bad_size(line))?;
            }
            _ => {
                return Err(CompileError::new(
                    line,
                    format!("unknown bitstring specifier: {name}"),
                ))
            }
        }
        Ok(())
    }
}

fn bad_size(line: u32) -> Box<CompileError> {
    CompileError::new(line, "invalid size in binary segment")
}
