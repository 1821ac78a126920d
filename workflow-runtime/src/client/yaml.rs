//! A small YAML emitter for JSON values, for the CloudFormation export.
//!
//! Why our own: `serde_yaml` is archived and unmaintained, its forks are young, and what a
//! CloudFormation template needs is small: block mappings and sequences of JSON values. The
//! output is YAML 1.1 and 1.2 alike (what CloudFormation and PyYAML read):
//!
//! - every string is double-quoted with escapes for `"`, `\` and every character that is not
//!   printable in YAML or that YAML 1.1 takes for a line break (U+0085, U+2028, U+2029), so no
//!   string can turn into a number, boolean, null, anchor, tag or comment;
//! - a multi-line string (the definition) is a literal block scalar (`|`, `|-`, `|+`) when
//!   that keeps it byte for byte — printable, no tabs, no carriage returns, no blank or
//!   whitespace-ending lines, not starting with a space — and double-quoted otherwise;
//! - keys are plain only when they are identifiers that YAML 1.1 cannot read as a boolean
//!   or null (`Y`, `no`, `on`, `null`, ...), double-quoted otherwise.

use serde_json::Value;
use std::fmt::Write as _;

/// The YAML document for `value`, ending with a newline.
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => mapping(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => sequence(&mut out, a, 0),
        other => {
            scalar(&mut out, other, 2);
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn mapping(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in m {
        pad(out, indent);
        key(out, k);
        out.push(':');
        after_indicator(out, v, indent);
    }
}

fn sequence(out: &mut String, a: &[Value], indent: usize) {
    for v in a {
        pad(out, indent);
        out.push('-');
        match v {
            // a mapping inside a sequence item starts on the dash's line
            Value::Object(m) if !m.is_empty() => {
                let mut first = true;
                for (k, inner) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        pad(out, indent + 2);
                    }
                    key(out, k);
                    out.push(':');
                    after_indicator(out, inner, indent + 2);
                }
            }
            _ => after_indicator(out, v, indent),
        }
    }
}

/// What follows `key:` or `-` at `indent`.
fn after_indicator(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(out, a, indent + 2);
        }
        _ => {
            out.push(' ');
            scalar(out, v, indent + 2);
            out.push('\n');
        }
    }
}

fn scalar(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            if !literal_block(out, s, indent) {
                quoted(out, s);
            }
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn key(out: &mut String, k: &str) {
    let identifier = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    if identifier && !RESERVED.contains(&k.to_ascii_lowercase().as_str()) {
        out.push_str(k);
    } else {
        quoted(out, k);
    }
}

/// Whether YAML reads `c` as itself everywhere: printable, and not a YAML 1.1 line break.
fn plain_printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{A0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            ))
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if plain_printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
    }
    out.push('"');
}

/// Writes `s` as a literal block scalar indented by `indent`, when that keeps it exactly.
fn literal_block(out: &mut String, s: &str, indent: usize) -> bool {
    if !s.contains('\n') || s.starts_with(' ') || s.starts_with('\n') {
        return false;
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    let safe = body
        .split('\n')
        .all(|line| !line.is_empty() && !line.ends_with(' ') && line.chars().all(plain_printable));
    if !safe {
        return false;
    }
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    for line in s.trim_end_matches('\n').split('\n') {
        out.push('\n');
        pad(out, indent);
        out.push_str(line);
    }
    // `|+` keeps the trailing newlines: write the extra ones as empty lines
    for _ in 1..trailing {
        out.push('\n');
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes() {
        let v = json!({
            "A": "x",
            "on": true,
            "Fn::Sub": ["a", {"B": 1}],
            "L": [],
            "M": {},
            "N": null,
            "S": [{"K": "v", "K2": [1, 2]}, "y"],
        });
        assert_eq!(
            to_yaml(&v),
            "A: \"x\"\n\"on\": true\n\"Fn::Sub\":\n  - \"a\"\n  - B: 1\nL: []\nM: {}\n\"N\": null\nS:\n  - K: \"v\"\n    K2:\n      - 1\n      - 2\n  - \"y\"\n"
        );
    }

    #[test]
    fn strings_are_quoted_safely() {
        let mut out = String::new();
        quoted(&mut out, "a\"b\\c\u{85}\u{2028}\u{7f}#: &x");
        assert_eq!(out, r#""a\"b\\c\u0085\u2028\u007F#: &x""#);
    }

    #[test]
    fn definitions_become_literal_blocks() {
        let v = json!({"D": "{\n  \"A\": 1\n}"});
        assert_eq!(to_yaml(&v), "D: |-\n  {\n    \"A\": 1\n  }\n");
        let v = json!({"D": "x\n"});
        assert_eq!(to_yaml(&v), "D: |\n  x\n");
        // trailing spaces or tabs cannot go into a block
        let v = json!({"D": "x \ny"});
        assert_eq!(to_yaml(&v), "D: \"x \\ny\"\n");
    }
}
