//! Where Elixir 1.14's case mappings (Unicode 14) differ from Rust's
//! (a newer Unicode), found by comparing every code point: characters
//! whose mappings came later, and the titlecase forms (used by
//! `String.capitalize/2`) that differ from the uppercase ones.

/// Code points whose case mappings Unicode added after version 14, so
/// Elixir 1.14 leaves them as they are.
const NEWER: &[(u32, u32)] = &[
    (0x019B, 0x019B),
    (0x0264, 0x0264),
    (0x1C89, 0x1C8A),
    (0xA7CB, 0xA7CF),
    (0xA7D2, 0xA7D5),
    (0xA7DA, 0xA7DC),
    (0x10D50, 0x10D65),
    (0x10D70, 0x10D85),
    (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3),
];

fn newer(c: char) -> bool {
    let c = u32::from(c);
    NEWER.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// `c` in upper case, as Elixir 1.14 maps it (full mappings: `ß` is `SS`).
pub(crate) fn upper(c: char, out: &mut String) {
    if newer(c) {
        out.push(c);
    } else {
        out.extend(c.to_uppercase());
    }
}

/// `c` in lower case, as Elixir 1.14 maps it.
pub(crate) fn lower(c: char, out: &mut String) {
    if newer(c) {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Titlecase forms that are not the uppercase ones (SpecialCasing and
/// UnicodeData's titlecase column, Unicode 14).
const TITLE: &[(u32, &str)] = &[
    (0x00DF, "Ss"),
    (0x01C4, "\u{1C5}"),
    (0x01C5, "\u{1C5}"),
    (0x01C6, "\u{1C5}"),
    (0x01C7, "\u{1C8}"),
    (0x01C8, "\u{1C8}"),
    (0x01C9, "\u{1C8}"),
    (0x01CA, "\u{1CB}"),
    (0x01CB, "\u{1CB}"),
    (0x01CC, "\u{1CB}"),
    (0x01F1, "\u{1F2}"),
    (0x01F2, "\u{1F2}"),
    (0x01F3, "\u{1F2}"),
    (0x0587, "\u{535}\u{582}"),
    (0x1FB2, "\u{1FBA}\u{345}"),
    (0x1FB3, "\u{1FBC}"),
    (0x1FB4, "\u{386}\u{345}"),
    (0x1FB7, "\u{391}\u{342}\u{345}"),
    (0x1FBC, "\u{1FBC}"),
    (0x1FC2, "\u{1FCA}\u{345}"),
    (0x1FC3, "\u{1FCC}"),
    (0x1FC4, "\u{389}\u{345}"),
    (0x1FC7, "\u{397}\u{342}\u{345}"),
    (0x1FCC, "\u{1FCC}"),
    (0x1FF2, "\u{1FFA}\u{345}"),
    (0x1FF3, "\u{1FFC}"),
    (0x1FF4, "\u{38F}\u{345}"),
    (0x1FF7, "\u{3A9}\u{342}\u{345}"),
    (0x1FFC, "\u{1FFC}"),
    (0xFB00, "Ff"),
    (0xFB01, "Fi"),
    (0xFB02, "Fl"),
    (0xFB03, "Ffi"),
    (0xFB04, "Ffl"),
    (0xFB05, "St"),
    (0xFB06, "St"),
    (0xFB13, "\u{544}\u{576}"),
    (0xFB14, "\u{544}\u{565}"),
    (0xFB15, "\u{544}\u{56B}"),
    (0xFB16, "\u{54E}\u{576}"),
    (0xFB17, "\u{544}\u{56D}"),
];

/// `c` in title case (the first letter of `String.capitalize/2`).
pub(crate) fn title(c: char, out: &mut String) {
    let code = u32::from(c);
    if let Ok(i) = TITLE.binary_search_by_key(&code, |&(k, _)| k) {
        if let Some((_, t)) = TITLE.get(i) {
            out.push_str(t);
            return;
        }
    }
    // Georgian letters have Mtavruli capitals, but no titlecase.
    if matches!(code, 0x10D0..=0x10FA | 0x10FD..=0x10FF) {
        out.push(c);
        return;
    }
    // Greek letters with ypogegrammeni: the titlecase keeps the iota
    // subscript (U+1F80 → U+1F88), the uppercase spells it out.
    if let 0x1F80..=0x1FAF = code {
        let titled = if code & 0x8 == 0 { code + 8 } else { code };
        if let Some(t) = char::from_u32(titled) {
            out.push(t);
            return;
        }
    }
    upper(c, out);
}
