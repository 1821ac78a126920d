//! Paths and intrinsic functions in the language's syntax: `$.a.b[0]`, `$$.Map.Item.Value`,
//! `$var`, `States.Format("{}", $.x)`. The language rebuilds a path's text from its tokens and
//! renders an intrinsic in one canonical form; when that would not give back the text as
//! written, the verbatim forms `jsonpath("…")` and `intrinsic("…")` keep it exact.

use super::names::string_literal;
use workflow_asl::path::{
    Arg, Intrinsic, IntrinsicFunction, parse_intrinsic, quote_intrinsic_string,
};

/// A dynamic value (`.$` member, `…Path` field) as the language writes it.
pub(super) fn dynamic(text: &str) -> String {
    if text.trim_start().starts_with('$') {
        path(text)
    } else {
        intrinsic(text)
    }
}

/// A path: the token form when it gives back `text` exactly, else `jsonpath("…")`.
pub(super) fn path(text: &str) -> String {
    native_path(text).unwrap_or_else(|| format!("jsonpath({})", string_literal(text)))
}

/// An intrinsic call: the language's call when its canonical text is `text`, else
/// `intrinsic("…")`.
pub(super) fn intrinsic(text: &str) -> String {
    match parse_intrinsic(text) {
        Ok(call) => match native_call(&call) {
            Some((dsl, canonical)) if canonical == text => dsl,
            _ => format!("intrinsic({})", string_literal(text)),
        },
        Err(_) => format!("intrinsic({})", string_literal(text)),
    }
}

/// The language's form of a call and the text it lowers to.
fn native_call(call: &Intrinsic) -> Option<(String, String)> {
    let name = call.function.name();
    let mut dsl_args = Vec::with_capacity(call.args.len());
    let mut text_args = Vec::with_capacity(call.args.len());
    for (i, arg) in call.args.iter().enumerate() {
        let template = call.function == IntrinsicFunction::Format && i == 0;
        let (dsl, text) = match &arg.arg {
            Arg::String(s) => (string_literal(s), quote_intrinsic_string(s, template)),
            Arg::Number(n) => (n.to_string(), n.to_string()),
            Arg::Bool(b) => (b.to_string(), b.to_string()),
            Arg::Null => ("null".to_owned(), "null".to_owned()),
            Arg::Path(_) => {
                let dsl = native_path(&arg.source)?;
                (dsl, arg.source.clone())
            }
            Arg::Call(inner) => native_call(inner)?,
        };
        dsl_args.push(dsl);
        text_args.push(text);
    }
    Some((
        format!("{name}({})", dsl_args.join(", ")),
        format!("{name}({})", text_args.join(", ")),
    ))
}

/// The token form of a path and whether it rebuilds `text` exactly.
fn native_path(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut dsl = String::new();
    let mut rebuilt = String::new();
    if chars.first() != Some(&'$') {
        return None;
    }
    dsl.push('$');
    rebuilt.push('$');
    i += 1;
    if chars.get(i) == Some(&'$') {
        dsl.push('$');
        rebuilt.push('$');
        i += 1;
    } else if let Some(name) = ident_at(&chars, i) {
        i += name.len();
        dsl.push_str(&name);
        rebuilt.push_str(&name);
    }
    while i < chars.len() {
        let descendant = chars.get(i) == Some(&'.') && chars.get(i + 1) == Some(&'.');
        if chars[i] == '.' {
            let dots = if descendant { ".." } else { "." };
            i += dots.len();
            dsl.push_str(dots);
            rebuilt.push_str(dots);
            if chars.get(i) == Some(&'*') {
                i += 1;
                dsl.push('*');
                rebuilt.push('*');
            } else if let Some(name) = ident_at(&chars, i) {
                i += name.len();
                dsl.push_str(&name);
                rebuilt.push_str(&name);
            } else if descendant && chars.get(i) == Some(&'[') {
                continue;
            } else {
                return None;
            }
        } else if chars[i] == '[' {
            let close = chars[i..].iter().position(|&c| c == ']')? + i;
            let inner: String = chars[i + 1..close].iter().collect();
            let (dsl_inner, rebuilt_inner) = bracket(&inner)?;
            dsl.push('[');
            dsl.push_str(&dsl_inner);
            dsl.push(']');
            rebuilt.push('[');
            rebuilt.push_str(&rebuilt_inner);
            rebuilt.push(']');
            i = close + 1;
        } else {
            return None;
        }
    }
    (rebuilt == text).then_some(dsl)
}

/// An identifier starting at `i`.
fn ident_at(chars: &[char], i: usize) -> Option<String> {
    let first = *chars.get(i)?;
    if !(first == '_' || first.is_ascii_alphabetic()) {
        return None;
    }
    let name: String = chars[i..]
        .iter()
        .take_while(|c| **c == '_' || c.is_ascii_alphanumeric())
        .collect();
    (name != "_").then_some(name)
}

/// The inside of `[ ]`: integers (signed), `*`, `:`, `,` and one single-quoted name; the
/// tokens and the text the language rebuilds from them.
fn bracket(inner: &str) -> Option<(String, String)> {
    if let Some(quoted) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        // One quoted name: unescape `\'` and `\\`, as the language escapes them back.
        let mut value = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => value.push(chars.next()?),
                '\'' => return None,
                c => value.push(c),
            }
        }
        let mut rebuilt = String::from("'");
        for c in value.chars() {
            if c == '\'' || c == '\\' {
                rebuilt.push('\\');
            }
            rebuilt.push(c);
        }
        rebuilt.push('\'');
        return Some((string_literal(&value), rebuilt));
    }
    if inner.is_empty()
        || !inner
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | ':' | ',' | '-'))
    {
        return None;
    }
    // Digit runs and single punctuation tokens, which the language writes back without spaces.
    Some((inner.to_owned(), inner.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_token_form_when_they_rebuild_exactly() {
        assert_eq!(path("$.a.b[0]"), "$.a.b[0]");
        assert_eq!(path("$$.Map.Item.Value"), "$$.Map.Item.Value");
        assert_eq!(path("$var.x"), "$var.x");
        assert_eq!(path("$"), "$");
        assert_eq!(path("$['a b']"), "$[\"a b\"]");
        assert_eq!(path("$[\"a b\"]"), "jsonpath(\"$[\\\"a b\\\"]\")");
        assert_eq!(path("$.a[?(@.x > 1)]"), "jsonpath(\"$.a[?(@.x > 1)]\")");
        assert_eq!(path("$.items[1:3]"), "$.items[1:3]");
        assert_eq!(path("$.a[-1]"), "$.a[-1]");
        assert_eq!(path("$..x"), "$..x");
    }

    #[test]
    fn intrinsics_native_when_canonical() {
        assert_eq!(
            intrinsic("States.Format('{} x', $.a)"),
            "States.Format(\"{} x\", $.a)"
        );
        assert_eq!(
            intrinsic("States.ArrayRange(1,5,1)"),
            "intrinsic(\"States.ArrayRange(1,5,1)\")"
        );
        assert_eq!(
            intrinsic("States.MathAdd(States.ArrayLength($.r), -1)"),
            "States.MathAdd(States.ArrayLength($.r), -1)"
        );
    }
}
