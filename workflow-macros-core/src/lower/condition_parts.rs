//! What the two lowerings of a Choice condition (ASL rules in [`super::conditions`], one
//! JSONata expression in [`super::condition_jsonata`]) share: a condition's span, the
//! flattening of `&&`/`||` chains, and a literal or a `"{% … %}"` string as a whole condition.

use super::{Cx, values};
use crate::ast::{Cond, Value};
use workflow_asl::{Condition, Expr};
use workflow_jsonata::jsonata_string::JsonataString;

/// The span of a condition (the parser's definition).
pub(super) use crate::parse::cond_span as span_of;

/// The operands of a `&&` (`and`) or `||` chain, nested chains of the same operator flattened.
pub(super) fn flatten(children: &[Cond], and: bool) -> Vec<&Cond> {
    let mut out = Vec::new();
    let mut stack: Vec<&Cond> = children.iter().rev().collect();
    while let Some(cond) = stack.pop() {
        match cond {
            Cond::And(inner, _) if and => stack.extend(inner.iter().rev()),
            Cond::Or(inner, _) if !and => stack.extend(inner.iter().rev()),
            other => out.push(other),
        }
    }
    out
}

/// A `"{% … %}"` string or `true`/`false` used as a whole condition.
pub(super) fn jsonata_literal(cx: &mut Cx<'_>, value: &Value) -> Option<Condition> {
    match value {
        Value::Bool(b, _) => Some(Condition::Jsonata(Expr::Literal(*b))),
        Value::Str(lit) => {
            let text = cx.string(lit);
            if let Some(expression) = JsonataString::parse(&text) {
                Some(Condition::Jsonata(Expr::Jsonata(expression)))
            } else {
                cx.error(lit.span(), "a string condition must be a JSONata expression `\"{% … %}\"`; to compare a value with a string, write `$.x == \"text\"`");
                None
            }
        }
        other => {
            cx.error(values::span_of(other), "a condition is a comparison, a test such as `is_present($.x)`, `true`, `false` or a `\"{% … %}\"` expression");
            None
        }
    }
}
