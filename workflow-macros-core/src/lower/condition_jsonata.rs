//! Choice conditions in JSONata states: the same conditions, checked the same way (literal and
//! schema types, `null`, booleans), written as one `Condition: "{% … %}"` expression.
//!
//! `$.a == 3` → `{% $states.input.a = 3 %}`; `!=`, `<`, … as is; `&&`/`||`/`!` → `and`/`or`/
//! `$not(…)`; timestamp comparisons through `$toMillis(…)`; `x matches "a*"` →
//! `$contains(x, /^a.*$/)`; `is_present(x)` → `$exists(x)`; `is_string(x)` →
//! `$type(x) = "string"` (likewise null, number, boolean); `is_timestamp(x)` checks the RFC 3339
//! shape with a regular expression.

use super::condition_parts::{flatten, jsonata_literal, span_of};
use super::operands::{
    Comparison, Family, Lit, Side, TypeTest, classify, compare, matches_subject, type_test,
    type_test_subject,
};
use super::{Cx, values};
use crate::ast::{CompareOp, Cond, Value};
use proc_macro2::Span;
use workflow_asl::{Condition, Expr, Pointer, QueryLanguage};
use workflow_jsonata::jsonata_string::jsonata_body;

const QL: QueryLanguage = QueryLanguage::Jsonata;

/// The `Condition` of a rule at `at`, or `None` (errors recorded).
pub(super) fn condition(cx: &mut Cx<'_>, cond: &Cond, at: &Pointer) -> Option<Condition> {
    cx.record(&at.key("Condition"), span_of(cond));
    if let Cond::Jsonata(value) = cond {
        return jsonata_literal(cx, value);
    }
    let expr = expression(cx, cond)?;
    Some(Condition::Jsonata(Expr::Jsonata(values::jsonata_string(
        &expr,
    ))))
}

fn expression(cx: &mut Cx<'_>, cond: &Cond) -> Option<String> {
    match cond {
        Cond::And(children, _)
        | Cond::Or(children, _)
        | Cond::All(children, _)
        | Cond::Any(children, _) => {
            let and = matches!(cond, Cond::And(..) | Cond::All(..));
            let children: Vec<&Cond> = if matches!(cond, Cond::All(..) | Cond::Any(..)) {
                children.iter().collect()
            } else {
                flatten(children, and)
            };
            let mut parts = Vec::new();
            let mut ok = true;
            for child in children {
                match expression(cx, child) {
                    Some(e)
                        if matches!(
                            child,
                            Cond::And(..) | Cond::Or(..) | Cond::All(..) | Cond::Any(..)
                        ) =>
                    {
                        parts.push(format!("({e})"))
                    }
                    Some(e) => parts.push(e),
                    None => ok = false,
                }
            }
            ok.then(|| parts.join(if and { " and " } else { " or " }))
        }
        Cond::Not(inner, _) => expression(cx, inner).map(|e| format!("$not({e})")),
        Cond::Compare {
            left,
            op,
            right,
            span,
        } => {
            let left = classify(cx, left, QL);
            let right = classify(cx, right, QL);
            let comparison = compare(cx, left?, *op, right?, *span, false)?;
            Some(comparison_text(&comparison))
        }
        Cond::Matches { left, pattern, .. } => {
            let subject = matches_subject(cx, left, QL)?;
            let text = cx.string(pattern);
            let regex = wildcard_regex(cx, &text, pattern.span())?;
            Some(format!(
                "$contains({}, /{regex}/)",
                side_text(&subject, None)
            ))
        }
        Cond::TypeTest {
            test,
            operand,
            expected,
            ..
        } => {
            let kind = type_test(cx, test)?;
            let subject = type_test_subject(cx, operand, QL)?;
            let x = side_text(&subject, None);
            let text = match kind {
                TypeTest::Present => format!("$exists({x})"),
                TypeTest::Null => format!("$type({x}) = \"null\""),
                TypeTest::String => format!("$type({x}) = \"string\""),
                TypeTest::Number => format!("$type({x}) = \"number\""),
                TypeTest::Boolean => format!("$type({x}) = \"boolean\""),
                TypeTest::Timestamp => format!(
                    "($type({x}) = \"string\" and $contains($string({x}), /^\\d{{4}}-\\d{{2}}-\\d{{2}}T\\d{{2}}:\\d{{2}}:\\d{{2}}(\\.\\d+)?(Z|[+-]\\d{{2}}:\\d{{2}})$/))"
                ),
            };
            Some(if *expected {
                text
            } else {
                format!("$not({text})")
            })
        }
        Cond::Jsonata(value) => match value {
            Value::Bool(b, _) => Some(b.to_string()),
            Value::Str(lit) => {
                let text = cx.string(lit);
                match jsonata_body(&text) {
                    Some(body) => Some(format!("({body})")),
                    None => {
                        cx.error(lit.span(), "a string condition must be a JSONata expression `\"{% … %}\"`; to compare a value with a string, write `$.x == \"text\"`");
                        None
                    }
                }
            }
            other => {
                cx.error(values::span_of(other), "a condition is a comparison, a test such as `is_present($.x)`, `true`, `false` or a `\"{% … %}\"` expression");
                None
            }
        },
    }
}

fn comparison_text(comparison: &Comparison) -> String {
    match comparison {
        Comparison::Null { reference, negated } => {
            format!(
                "{} {} null",
                side_text(reference, None),
                if *negated { "!=" } else { "=" }
            )
        }
        Comparison::Literal {
            reference,
            op,
            family,
            literal,
        } => {
            let family = Some(*family);
            format!(
                "{} {} {}",
                side_text(reference, family),
                operator(*op),
                side_text(literal, family)
            )
        }
        Comparison::Paths {
            left,
            op,
            family,
            right,
        } => {
            format!(
                "{} {} {}",
                side_text(left, *family),
                operator(*op),
                side_text(right, *family)
            )
        }
    }
}

fn operator(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "=",
        CompareOp::Ne => "!=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
    }
}

/// One side as JSONata; timestamps are compared as milliseconds.
fn side_text(side: &Side, family: Option<Family>) -> String {
    let text = match side {
        Side::Ref { text, .. } => text.clone(),
        Side::Lit {
            lit: Lit::Str(s), ..
        } => serde_json::to_string(s).unwrap_or_default(),
        Side::Lit {
            lit: Lit::Num(n), ..
        } => n.to_string(),
        Side::Lit {
            lit: Lit::Bool(b), ..
        } => b.to_string(),
        Side::Lit { lit: Lit::Null, .. } => "null".to_owned(),
    };
    if family == Some(Family::Timestamp) {
        format!("$toMillis({text})")
    } else {
        text
    }
}

/// A `StringMatches` pattern (`*` any run of characters, `\*` a star, `\\` a backslash) as
/// the body of an anchored JSONata regular expression.
fn wildcard_regex(cx: &mut Cx<'_>, pattern: &str, span: Span) -> Option<String> {
    let mut out = String::from("^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            '*' => {
                out.push_str(".*");
                continue;
            }
            '\\' => match chars.next() {
                Some(escaped @ ('*' | '\\')) => escaped,
                other => {
                    let what = other.map_or_else(
                        || "nothing (the pattern ends)".to_owned(),
                        |o| format!("`{o}`"),
                    );
                    cx.error(span, format!("the `matches` pattern escapes {what}; only `\\*` (a literal star) and `\\\\` (a backslash) are escapes"));
                    return None;
                }
            },
            other => other,
        };
        if ".^$|?+()[]{}\\/*".contains(literal) {
            out.push('\\');
        }
        out.push(literal);
    }
    out.push('$');
    Some(out)
}
