//! Rust identifiers for the language's names: a state's name, an input field's, a request
//! member's, as the editor's items and references spell them.

use proc_macro2::{Ident, Span};
use std::collections::HashSet;

/// Rust's keywords (strict, reserved, and those of the 2018 and 2024 editions): a name
/// spelt as one is written raw (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// The keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `text` is an identifier's spelling (a keyword included).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
}

/// The identifier that names `text` exactly (raw for a keyword), at `span`; `None` when no
/// identifier does (`odd-key`, `self`).
pub(super) fn exact(text: &str, span: Span) -> Option<Ident> {
    if !is_identifier(text) || NOT_RAW.contains(&text) {
        return None;
    }
    Some(if KEYWORDS.contains(&text) {
        Ident::new_raw(text, span)
    } else {
        Ident::new(text, span)
    })
}

/// `text` made an identifier: what is not an identifier's character becomes `_`, and `_` goes
/// before a first character that cannot start one (`Ship fast` → `Ship_fast`, `2nd` →
/// `_2nd`); a keyword gets a trailing `_`.
fn sanitized(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for (i, c) in text.chars().enumerate() {
        let ok = if i == 0 {
            c == '_' || unicode_ident::is_xid_start(c)
        } else {
            unicode_ident::is_xid_continue(c)
        };
        if i == 0 && !ok && unicode_ident::is_xid_continue(c) {
            out.push('_');
            out.push(c);
        } else {
            out.push(if ok { c } else { '_' });
        }
    }
    if out.is_empty() || KEYWORDS.contains(&out.as_str()) || NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Identifiers for names, each name always given the same one and no two names the same:
/// a name that is an identifier keeps its spelling, any other is [`sanitized`] and numbered
/// when that spelling is taken (`Ship_fast`, `Ship_fast_2`).
#[derive(Default)]
pub(super) struct Spellings {
    taken: HashSet<String>,
    given: std::collections::HashMap<String, String>,
}

impl Spellings {
    /// Reserves the spellings of `names` in order (identifiers first, so that a name that is
    /// an identifier keeps it).
    pub(super) fn of<'n>(names: impl Iterator<Item = &'n str> + Clone) -> Spellings {
        let mut spellings = Spellings::default();
        for name in names
            .clone()
            .filter(|n| exact(n, Span::call_site()).is_some())
        {
            if spellings.taken.insert(name.to_owned()) {
                spellings.given.insert(name.to_owned(), name.to_owned());
            }
        }
        for name in names {
            if spellings.given.contains_key(name) {
                continue;
            }
            let base = sanitized(name);
            let mut spelling = base.clone();
            let mut n = 2;
            while spellings.taken.contains(&spelling) {
                spelling = format!("{base}_{n}");
                n += 1;
            }
            spellings.taken.insert(spelling.clone());
            spellings.given.insert(name.to_owned(), spelling);
        }
        spellings
    }

    /// The identifier of `name` at `span` (a name not reserved is sanitized alone).
    pub(super) fn ident(&self, name: &str, span: Span) -> Ident {
        let spelling = self
            .given
            .get(name)
            .cloned()
            .unwrap_or_else(|| sanitized(name));
        exact(&spelling, span).unwrap_or_else(|| Ident::new(&sanitized(&spelling), span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers() {
        let at = Span::call_site();
        assert_eq!(exact("Done", at).unwrap().to_string(), "Done");
        assert_eq!(exact("type", at).unwrap().to_string(), "r#type");
        assert!(exact("self", at).is_none());
        assert!(exact("odd-key", at).is_none());
        assert!(exact("", at).is_none());
        assert_eq!(sanitized("Ship fast"), "Ship_fast");
        assert_eq!(sanitized("Paid?"), "Paid_");
        assert_eq!(sanitized("2nd step"), "_2nd_step");
        assert_eq!(sanitized("→"), "__");
        assert_eq!(sanitized("self"), "self_");
        let spellings = Spellings::of(["Ship fast", "Ship_fast", "Ship-fast", "Done"].into_iter());
        assert_eq!(spellings.ident("Ship_fast", at).to_string(), "Ship_fast");
        assert_eq!(spellings.ident("Ship fast", at).to_string(), "Ship_fast_2");
        assert_eq!(spellings.ident("Ship-fast", at).to_string(), "Ship_fast_3");
        assert_eq!(spellings.ident("Done", at).to_string(), "Done");
    }
}
