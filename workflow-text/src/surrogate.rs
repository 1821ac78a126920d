//! Lone surrogates: a `\uD800`–`\uDFFF` escape with no partner, which JSON's grammar allows
//! (RFC 8259 §8.2 leaves what it means to the reader), JavaScript keeps in its strings, and
//! AWS reads into a definition (its JSON reader and JSONata's are the JVM's, whose strings are
//! UTF-16 as JavaScript's are). JSONata 2.0.6 evaluates such a string and refuses it only where
//! a function needs well-formed text (`$encodeUrl`, `$encodeUrlComponent`: `D3140`).
//!
//! A Rust string cannot hold a surrogate, so the readers of text ([`crate::json`] and the
//! quoted literals of [`crate::scan`]) hold each lone surrogate as one character of its own,
//! [`hold`]: the last 2,048 code points of Unicode, U+10F800–U+10FFFF (Supplementary Private
//! Use Area-B, whose last two are noncharacters), in the surrogates' order; [`held`] reads one
//! back. A character counts as one, as JSONata counts a lone surrogate. The price: one of those
//! private-use characters in a definition or in data reads as the surrogate it stands for.

/// The first character that holds a lone surrogate: it holds U+D800.
pub const FIRST_HELD: u32 = 0x10_F800;

/// Whether `unit` (a UTF-16 code unit) is a surrogate, high (`U+D800`–`U+DBFF`) or low
/// (`U+DC00`–`U+DFFF`).
pub fn is_surrogate(unit: u16) -> bool {
    (0xD800..=0xDFFF).contains(&unit)
}

/// The character that holds the lone surrogate `unit` (any other unit: `None`).
///
/// ```
/// use workflow_text::surrogate::{hold, held};
/// let c = hold(0xD800).unwrap();
/// assert_eq!(c as u32, 0x10_F800);
/// assert_eq!(held(c), Some(0xD800));
/// assert_eq!(held('a'), None);
/// assert_eq!(hold(0x41), None);
/// ```
pub fn hold(unit: u16) -> Option<char> {
    is_surrogate(unit)
        .then(|| char::from_u32(FIRST_HELD + u32::from(unit - 0xD800)))
        .flatten()
}

/// The lone surrogate `c` holds, if it is one of the characters [`hold`] gives.
pub fn held(c: char) -> Option<u16> {
    let code = c as u32;
    (code >= FIRST_HELD).then(|| 0xD800 + (code - FIRST_HELD) as u16)
}

/// `text` with each lone surrogate escape of JSON (`\uD800` not followed by the escape of its
/// low partner, or a low one alone) written as the escapes of the surrogate pair of the
/// character that holds it ([`hold`]), so that a JSON reader which refuses lone surrogates
/// reads them; `None` when `text` has none (the common case: nothing is copied). Escapes are
/// recognised only inside strings, as JSON's grammar has them.
pub fn hold_in_json(text: &str) -> Option<String> {
    if !text.contains("\\u") {
        return None;
    }
    let bytes = text.as_bytes();
    let unit_at = |i: usize| -> Option<u16> {
        if bytes.get(i) != Some(&b'\\') || bytes.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = text.get(i + 2..i + 6)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                in_string = !in_string;
                i += 1;
            }
            b'\\' if in_string => match unit_at(i) {
                Some(0xD800..=0xDBFF)
                    if unit_at(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
                {
                    i += 12;
                }
                Some(unit) if is_surrogate(unit) => {
                    let buffer = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
                    buffer.push_str(&text[copied..i]);
                    if let Some(c) = hold(unit) {
                        let mut pair = [0u16; 2];
                        for u in c.encode_utf16(&mut pair) {
                            buffer.push_str(&format!("\\u{u:04X}"));
                        }
                    }
                    i += 6;
                    copied = i;
                }
                // Any other escape: the backslash and the character after it.
                _ => i += 2,
            },
            _ => i += 1,
        }
    }
    out.map(|mut buffer| {
        buffer.push_str(&text[copied..]);
        buffer
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_surrogate_has_a_character_of_its_own() {
        for unit in 0xD800..=0xDFFFu16 {
            let c = hold(unit).unwrap();
            assert_eq!(held(c), Some(unit));
        }
        assert_eq!(hold(0xDFFF).map(|c| c as u32), Some(0x10_FFFF));
        assert_eq!(held('\u{10F7FF}'), None);
    }

    #[test]
    fn lone_surrogates_in_json_strings_are_held() {
        assert_eq!(hold_in_json(r#"{"a": "b"}"#), None);
        assert_eq!(
            hold_in_json(r#""\uD834\uDD1E""#),
            None,
            "a pair is no lone surrogate"
        );
        assert_eq!(
            hold_in_json(r#"["\uD800", "x\udc00y", "\\uD800"]"#).as_deref(),
            Some(r#"["\uDBFE\uDC00", "x\uDBFF\uDC00y", "\\uD800"]"#)
        );
        // Outside strings nothing is an escape.
        assert_eq!(hold_in_json(r#"{"k": 1} \uD800"#), None);
        let read: String = serde_json::from_str(&hold_in_json(r#""\uD800""#).unwrap()).unwrap();
        assert_eq!(read.chars().map(held).collect::<Vec<_>>(), [Some(0xD800)]);
    }
}
