//! Paths (`$.a.b[0]`, `$$.Execution.Id`, `$var.x`) as each query language writes them: as is
//! in JSONPath states, translated to JSONata (`$states.input.a.b[0]`,
//! `$states.context.Execution.Id`, `$var.x`) in JSONata states.

use super::Cx;
use crate::ast::PathExpr;
use workflow_asl::QueryLanguage;
use workflow_asl::path::{Root, Segment, parse_path};

/// The path as the query language writes it: JSONPath text, or a JSONata expression (without
/// the `{% %}` around it).
pub(super) fn render(cx: &mut Cx<'_>, path: &PathExpr, ql: QueryLanguage) -> Option<String> {
    if !path.steps.is_empty() {
        cx.spans.insert_path_steps(path.span, path.steps.clone());
    }
    match ql {
        QueryLanguage::JsonPath => Some(path.text.clone()),
        QueryLanguage::Jsonata => to_jsonata(cx, path),
    }
}

fn to_jsonata(cx: &mut Cx<'_>, path: &PathExpr) -> Option<String> {
    let parsed = match parse_path(&path.text) {
        Ok(parsed) => parsed,
        Err(e) => {
            cx.error(
                path.span,
                format!("invalid path `{}`: {}", path.text, e.message),
            );
            return None;
        }
    };
    let mut out = match &parsed.root {
        Root::Input => "$states.input".to_owned(),
        Root::Context => "$states.context".to_owned(),
        Root::Variable(name) => format!("${name}"),
    };
    for segment in &parsed.segments {
        match segment {
            Segment::Child(name) => push_field(&mut out, name),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            _ => {
                cx.error(
                    path.span,
                    format!(
                        "`{}` has no JSONata translation in a JSONata state (only `.field` and `[index]` steps do); write the JSONata expression in a `\"{{% … %}}\"` string",
                        path.text
                    ),
                );
                return None;
            }
        }
    }
    Some(out)
}

/// Appends `.name` to a JSONata path, quoting the name in backticks when it is not a plain name.
pub(super) fn push_field(out: &mut String, name: &str) {
    const KEYWORDS: &[&str] = &["and", "or", "in", "true", "false", "null", "function"];
    if is_plain_name(name) && !KEYWORDS.contains(&name) {
        out.push('.');
        out.push_str(name);
    } else {
        out.push_str(".`");
        out.push_str(name);
        out.push('`');
    }
}

/// Appends `.name` to a JSONPath, or `['name']` when the name is not a plain name.
pub(super) fn push_jsonpath_field(out: &mut String, name: &str) {
    if is_plain_name(name) {
        out.push('.');
        out.push_str(name);
    } else {
        out.push_str("['");
        for c in name.chars() {
            if c == '\'' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str("']");
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
