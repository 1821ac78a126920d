//! Single-valued fields: whole numbers, numbers, "value or path" pairs, nullable paths,
//! strings and words (`jsonata`, `full`, `csv`, …). Each helper records an error naming the
//! field (`what`) and saying what it takes when the value does not fit, and returns `None`.

use super::Cx;
use super::input_refs::scalar_name;
use super::values::{self, dynamic_text, is_dynamic, span_of};
use crate::ast::{ScalarType, Value};
use crate::suggest::{did_you_mean, list};
use serde_json::Number;
use workflow_asl::path::is_whole_substitution;
use workflow_asl::{Expr, IntExpr, PathOrNull, QueryLanguage, ValueOrPath};
use workflow_jsonata::jsonata_string::JsonataString;

/// A non-negative whole number literal.
pub(super) fn whole(cx: &mut Cx<'_>, value: &Value, what: &str) -> Option<u64> {
    match value {
        Value::Number { text, span } => {
            let n = values::number(cx, text, *span)?;
            match n.as_u64() {
                Some(n) => Some(n),
                None => {
                    let problem = if n.as_i64().is_some_and(|i| i < 0) {
                        "cannot be negative"
                    } else {
                        "must be a whole number"
                    };
                    cx.error(*span, format!("`{what}` is `{text}`, but it {problem}"));
                    None
                }
            }
        }
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes a whole number, e.g. `{what} = 3`"),
            );
            None
        }
    }
}

/// A number literal.
pub(super) fn number(cx: &mut Cx<'_>, value: &Value, what: &str) -> Option<Number> {
    match value {
        Value::Number { text, span } => values::number(cx, text, *span),
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes a number, e.g. `{what} = 2.0`"),
            );
            None
        }
    }
}

/// A whole number, a JSONata `"{% … %}"` string, a `"${Name}"` substitution, or (as the
/// `…Path` field in JSONPath states, as `{% … %}` in JSONata states) a path.
pub(super) fn int_or_path(
    cx: &mut Cx<'_>,
    value: &Value,
    ql: QueryLanguage,
    what: &str,
) -> Option<ValueOrPath<IntExpr>> {
    if let Value::Number { .. } = value {
        return whole(cx, value, what).map(|n| ValueOrPath::Value(Expr::Literal(n)));
    }
    expr_or_path(cx, value, ql, what, "a whole number")
}

/// A number, a JSONata string, a substitution, or a path (see [`int_or_path`]).
pub(super) fn number_or_path(
    cx: &mut Cx<'_>,
    value: &Value,
    ql: QueryLanguage,
    what: &str,
) -> Option<ValueOrPath<Expr<Number>>> {
    if let Value::Number { text, span } = value {
        return values::number(cx, text, *span).map(|n| ValueOrPath::Value(Expr::Literal(n)));
    }
    expr_or_path(cx, value, ql, what, "a number")
}

fn expr_or_path<T>(
    cx: &mut Cx<'_>,
    value: &Value,
    ql: QueryLanguage,
    what: &str,
    takes: &str,
) -> Option<ValueOrPath<Expr<T>>> {
    match value {
        Value::Str(lit) => {
            let text = cx.string(lit);
            if let Some(expression) = JsonataString::parse(&text) {
                Some(ValueOrPath::Value(Expr::Jsonata(expression)))
            } else if let Some(name) = is_whole_substitution(&text) {
                substitution_is_numeric(cx, name, lit.span(), what, takes);
                Some(ValueOrPath::Value(Expr::Substitution(text)))
            } else {
                cx.error(lit.span(), format!("`{what}` takes {takes} or a path, not a string (a string may only be a `\"{{% … %}}\"` expression or a `\"${{Name}}\"` substitution)"));
                None
            }
        }
        Value::Path(_) | Value::Input(_) => {
            let text = dynamic_text(cx, value, ql)?;
            Some(match ql {
                QueryLanguage::JsonPath => ValueOrPath::Path(text.into()),
                QueryLanguage::Jsonata => {
                    ValueOrPath::Value(Expr::Jsonata(values::jsonata_string(&text)))
                }
            })
        }
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes {takes} or a path such as `$.{what}`"),
            );
            None
        }
    }
}

/// A `"${Name}"` standing for a number must be declared `number`, `integer` or `any`.
fn substitution_is_numeric(
    cx: &mut Cx<'_>,
    name: &str,
    span: proc_macro2::Span,
    what: &str,
    takes: &str,
) {
    let declared = cx
        .def
        .substitutions
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.ty);
    if let Some(ty) = declared
        && !matches!(
            ty,
            ScalarType::Number | ScalarType::Integer | ScalarType::Any
        )
    {
        cx.error(span, format!("`${{{name}}}` is declared as {} but `{what}` takes {takes}; declare it `{name}: integer`", scalar_name(ty)));
    }
}

/// A path (`$.x`, `input.…`, a path string) or `null`.
pub(super) fn path_or_null(cx: &mut Cx<'_>, value: &Value, what: &str) -> Option<PathOrNull> {
    match value {
        Value::Null(_) => Some(PathOrNull::Null),
        Value::Path(path) => super::paths::render(cx, path, QueryLanguage::JsonPath)
            .map(|p| PathOrNull::Path(p.into())),
        Value::Input(_) => {
            dynamic_text(cx, value, QueryLanguage::JsonPath).map(|p| PathOrNull::Path(p.into()))
        }
        Value::Str(lit) => Some(PathOrNull::Path(cx.string(lit).into())),
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes a path such as `$.result`, or `null`"),
            );
            None
        }
    }
}

/// A string literal.
pub(super) fn string(cx: &mut Cx<'_>, value: &Value, what: &str) -> Option<String> {
    match value {
        Value::Str(lit) => Some(cx.string(lit)),
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes a string, e.g. `{what} = \"…\"`"),
            );
            None
        }
    }
}

/// One of `words` (lowercase, `snake_case`), written as a bare word or a string in any case:
/// `jitter = full`, `input_type = "CSV"`. Returns the index in `words`.
pub(super) fn word(cx: &mut Cx<'_>, value: &Value, what: &str, words: &[&str]) -> Option<usize> {
    let (written, span) = match value {
        Value::Ident(ident) => (ident.to_string(), ident.span()),
        Value::Str(lit) => (lit.value(), lit.span()),
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes one of {}", list(words, "or")),
            );
            return None;
        }
    };
    let lower = written.to_lowercase();
    if let Some(i) = words.iter().position(|w| *w == lower) {
        return Some(i);
    }
    let message = match did_you_mean(&lower, words) {
        Some(best) => format!("unknown `{what}` `{written}`; did you mean `{best}`?"),
        None => format!(
            "unknown `{what}` `{written}`; it takes {}",
            list(words, "or")
        ),
    };
    cx.error(span, message);
    None
}

/// `jsonpath` or `jsonata`.
pub(super) fn query_language(cx: &mut Cx<'_>, value: &Value) -> Option<QueryLanguage> {
    word(cx, value, "query_language", &["jsonpath", "jsonata"]).map(|i| {
        if i == 0 {
            QueryLanguage::JsonPath
        } else {
            QueryLanguage::Jsonata
        }
    })
}

/// A string, or (the `…Path` field in JSONPath states, `{% … %}` in JSONata states) a path,
/// `input.…` field or intrinsic call: the values of `Error`/`Cause`, `Timestamp`.
pub(super) fn string_or_path(
    cx: &mut Cx<'_>,
    value: &Value,
    ql: QueryLanguage,
    what: &str,
) -> Option<ValueOrPath<String>> {
    match value {
        Value::Str(lit) => Some(ValueOrPath::Value(cx.string(lit))),
        _ if is_dynamic(value) => {
            let text = dynamic_text(cx, value, ql)?;
            Some(match ql {
                QueryLanguage::JsonPath => ValueOrPath::Path(text.into()),
                QueryLanguage::Jsonata => ValueOrPath::Value(values::jsonata(&text)),
            })
        }
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes a string or a path such as `$.{what}`"),
            );
            None
        }
    }
}
