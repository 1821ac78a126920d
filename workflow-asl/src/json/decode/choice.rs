//! Decoding the Choice state and its rules.

use super::fields::{Cx, Fields};
use super::machine::query_language;
use crate::Pointer;
use crate::model::{
    ChoiceRule, ChoiceState, ComparisonOperator, Condition, DataTest, NestedRule, Operand,
    OperandKind,
};
use serde_json::Value;

/// Decodes the fields of a Choice state.
pub(crate) fn decode_choice(cx: &mut Cx, f: &mut Fields<'_>) -> Option<ChoiceState> {
    let choices = match f.take("Choices") {
        None => {
            cx.error(
                f.pointer(),
                "a Choice state needs `Choices`: an array of rules, each with a `Next`",
            );
            None
        }
        Some((Value::Array(items), pointer)) => {
            let rules: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, r)| top_rule(cx, r, pointer.index(i)))
                .collect();
            rules.into_iter().collect::<Option<Vec<_>>>()
        }
        Some((other, pointer)) => {
            cx.expected(&pointer, "Choices", "an array of rules", other);
            None
        }
    };
    Some(ChoiceState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        choices: choices.unwrap_or_default(),
        default: f.string(cx, "Default"),
        input_path: f.path_or_null(cx, "InputPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
    })
}

fn top_rule(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ChoiceRule> {
    let mut f = Fields::of(cx, value, pointer, "a Choice rule")?;
    let next = if f.has("Next") {
        f.string(cx, "Next")
    } else {
        cx.error(
            f.pointer(),
            "a Choice rule needs `Next`: the state to go to when the rule matches",
        );
        None
    };
    let comment = f.string(cx, "Comment");
    let assign = f.assign(cx);
    let output = f.jsonata_value("Output");
    let condition = condition(cx, &mut f);
    f.finish(cx);
    Some(ChoiceRule {
        condition: condition?,
        next: next?,
        comment,
        assign,
        output,
    })
}

fn nested_rule(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<NestedRule> {
    let mut f = Fields::of(cx, value, pointer, "a nested Choice rule")?;
    let comment = f.string(cx, "Comment");
    let condition = condition(cx, &mut f);
    f.finish_with(cx, |key| {
        matches!(key, "Next" | "Assign" | "Output").then(|| {
            format!("a rule nested in `And`, `Or` or `Not` has no `{key}`; put `{key}` on the top-level rule")
        })
    });
    Some(NestedRule {
        condition: condition?,
        comment,
    })
}

/// Decodes the condition of a rule: exactly one of `Condition`, `And`, `Or`, `Not`, or
/// `Variable` with exactly one comparison operator.
fn condition(cx: &mut Cx, f: &mut Fields<'_>) -> Option<Condition> {
    let mut forms = f.present_in_order(&["Condition", "And", "Or", "Not"]);
    let names: Vec<&'static str> = ComparisonOperator::ALL
        .iter()
        .map(|op| op.as_str())
        .collect();
    let operators: Vec<ComparisonOperator> = f
        .present_in_order(&names)
        .into_iter()
        .filter_map(ComparisonOperator::from_name)
        .collect();
    let has_variable = f.has("Variable");
    if has_variable || !operators.is_empty() {
        forms.push("Variable");
    }
    match forms.as_slice() {
        [] => {
            cx.error(
                f.pointer(),
                "a Choice rule needs a condition: `Variable` with a comparison operator, `And`, `Or` or `Not` (JSONPath), or `Condition` (JSONata)",
            );
            None
        }
        ["Condition"] => f.bool_expr(cx, "Condition").map(Condition::Jsonata),
        ["And"] => boolean_list(cx, f, "And").map(Condition::And),
        ["Or"] => boolean_list(cx, f, "Or").map(Condition::Or),
        ["Not"] => {
            let (value, pointer) = f.take("Not")?;
            workflow_text::stack::deeper(|| nested_rule(cx, value, pointer))
                .map(|r| Condition::Not(Box::new(r)))
        }
        ["Variable"] => data_test(cx, f, has_variable, &operators).map(Condition::Test),
        _ => {
            for key in ["Condition", "And", "Or", "Not", "Variable"] {
                f.take(key);
            }
            for op in &operators {
                f.take(op.as_str());
            }
            let shown: Vec<String> = forms.iter().map(|k| format!("`{k}`")).collect();
            cx.error(
                f.pointer(),
                format!(
                    "a Choice rule has exactly one condition, found {}; nest them in an `And` or `Or`",
                    shown.join(" and ")
                ),
            );
            None
        }
    }
}

fn boolean_list(cx: &mut Cx, f: &mut Fields<'_>, key: &'static str) -> Option<Vec<NestedRule>> {
    let (value, pointer) = f.take(key)?;
    let Value::Array(items) = value else {
        cx.expected(&pointer, key, "an array of rules", value);
        return None;
    };
    let rules: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, r)| workflow_text::stack::deeper(|| nested_rule(cx, r, pointer.index(i))))
        .collect();
    rules.into_iter().collect()
}

fn data_test(
    cx: &mut Cx,
    f: &mut Fields<'_>,
    has_variable: bool,
    operators: &[ComparisonOperator],
) -> Option<DataTest> {
    let variable = f.string(cx, "Variable");
    for op in operators {
        f.take(op.as_str());
    }
    match operators {
        [] => {
            cx.error(
                &f.pointer().key("Variable"),
                "`Variable` needs a comparison operator such as `StringEquals`, `NumericGreaterThan` or `IsPresent`",
            );
            None
        }
        [op] if !has_variable => {
            cx.error(
                f.pointer(),
                format!(
                    "`{}` needs a `Variable`: the path of the value to compare",
                    op.as_str()
                ),
            );
            None
        }
        [op] => {
            let (value, pointer) = f.take(op.as_str())?;
            let operand = operand(cx, *op, value, &pointer)?;
            Some(DataTest {
                variable: variable?.into(),
                operator: *op,
                operand,
            })
        }
        [first, second, ..] => {
            cx.error(
                &f.pointer().key(second.as_str()),
                format!(
                    "a rule compares with exactly one operator, found `{}` and `{}`; combine tests with `And`",
                    first.as_str(),
                    second.as_str()
                ),
            );
            None
        }
    }
}

fn operand(
    cx: &mut Cx,
    op: ComparisonOperator,
    value: &Value,
    pointer: &Pointer,
) -> Option<Operand> {
    let kind = op.operand_kind();
    let operand = match (kind, value) {
        (OperandKind::Path, Value::String(s)) => Some(Operand::Path(s.as_str().into())),
        (OperandKind::String | OperandKind::Timestamp, Value::String(s)) => {
            Some(Operand::String(s.clone()))
        }
        (OperandKind::Number, Value::Number(n)) => Some(Operand::Number(n.clone())),
        (OperandKind::Bool, Value::Bool(b)) => Some(Operand::Bool(*b)),
        _ => None,
    };
    if operand.is_none() {
        let expected = match kind {
            OperandKind::Path => "a path such as `$.limit`",
            OperandKind::String => "a string",
            OperandKind::Timestamp => {
                "an RFC 3339 timestamp string such as `\"2026-01-01T00:00:00Z\"`"
            }
            OperandKind::Number => "a number",
            OperandKind::Bool => "`true` or `false`",
        };
        cx.expected(pointer, op.as_str(), expected, value);
    }
    operand
}
