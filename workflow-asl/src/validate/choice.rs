//! Choice states: non-empty rules, non-empty `And`/`Or`, operand formats, paths.

use super::path_field::{PathRule, check_path_field};
use super::{Cx, StateCx};
use crate::diagnostic::{Term, message};
use crate::model::{ChoiceState, ComparisonOperator, Condition, Operand, OperandKind};
use crate::timestamp::parse_rfc3339;
use crate::{Code, Pointer};

/// Checks one Choice state.
pub(crate) fn check_choice(cx: &mut Cx<'_>, s: &StateCx<'_>, choice: &ChoiceState) {
    if choice.choices.is_empty() {
        cx.error(
            Code::EmptyChoices,
            s.pointer.key("Choices"),
            message![
                Term::ChoiceState,
                format!(" `{}` has no rules; ", s.name),
                Term::AddChoiceRule
            ],
        );
    }
    for (condition, pointer) in conditions(choice, &s.pointer) {
        match condition {
            Condition::And(rules) | Condition::Or(rules) if rules.is_empty() => {
                let key = if matches!(condition, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                cx.error(
                    Code::EmptyBooleanExpression,
                    pointer.key(key),
                    format!("`{key}` has no rules; give it at least one nested rule"),
                );
            }
            Condition::Test(test) => {
                check_path_field(
                    cx,
                    pointer.key("Variable"),
                    "Variable",
                    &test.variable,
                    PathRule::Any,
                );
                check_operand(
                    cx,
                    &pointer.key(test.operator.as_str()),
                    test.operator,
                    &test.operand,
                );
            }
            _ => {}
        }
    }
}

/// Every condition of a Choice state, nested ones included, in document order, each with the
/// pointer of the rule that holds it. Iterative: nesting depth costs no stack.
pub(crate) fn conditions<'a>(
    choice: &'a ChoiceState,
    at: &Pointer,
) -> Vec<(&'a Condition, Pointer)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'a Condition, Pointer)> = choice
        .choices
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (&r.condition, at.key("Choices").index(i)))
        .collect();
    while let Some((condition, pointer)) = stack.pop() {
        match condition {
            Condition::And(rules) | Condition::Or(rules) => {
                let key = if matches!(condition, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                for (i, r) in rules.iter().enumerate().rev() {
                    stack.push((&r.condition, pointer.key(key).index(i)));
                }
            }
            Condition::Not(rule) => stack.push((&rule.condition, pointer.key("Not"))),
            Condition::Test(_) | Condition::Jsonata(_) => {}
        }
        out.push((condition, pointer));
    }
    out
}

fn check_operand(cx: &mut Cx<'_>, pointer: &Pointer, op: ComparisonOperator, operand: &Operand) {
    let name = op.as_str();
    match (op.operand_kind(), operand) {
        (OperandKind::Path, Operand::Path(p)) => check_path_field(cx, pointer.clone(), name, p, PathRule::Reference),
        (OperandKind::Timestamp, Operand::String(t)) if parse_rfc3339(t).is_none() => cx.error(
            Code::InvalidTimestamp,
            pointer.clone(),
            format!("`{name}` compares with `{t}`, which is not an RFC 3339 timestamp; write it like `2026-01-31T23:59:59Z`"),
        ),
        (_, Operand::String(pattern)) if op == ComparisonOperator::StringMatches => {
            if let Some(problem) = string_matches_problem(pattern) {
                cx.error(Code::InvalidStringMatchesPattern, pointer.clone(), problem);
            }
        }
        _ => {}
    }
}

/// In a `StringMatches` pattern, `*` is a wildcard and a backslash may only escape `*` or
/// another backslash.
fn string_matches_problem(pattern: &str) -> Option<String> {
    let mut chars = pattern.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, '*' | '\\')) => {}
                Some((_, other)) => {
                    return Some(format!(
                        "`StringMatches` pattern `{pattern}` escapes `{other}` at character {}; only `\\*` (a literal star) and `\\\\` (a backslash) are escapes — double the backslash to match it literally",
                        i + 1
                    ));
                }
                None => {
                    return Some(format!(
                        "`StringMatches` pattern `{pattern}` ends with a lone backslash; write `\\\\` to match a backslash"
                    ));
                }
            }
        }
    }
    None
}
