//! Choice conditions → ASL rules, the comparison operator inferred from the operands (see
//! [`super::operands`]): string → `String*`, number → `Numeric*`, boolean → `BooleanEquals`,
//! timestamp → `Timestamp*`; `== null` / `!= null` → `IsNull`; a literal on the left flips the
//! operator (`3 < $.n` → `NumericGreaterThan`); `!=` is `Not` around `…Equals`; two references
//! use the `…Path` form. Type tests are `Is*: true` (`Is*: false` when compared with `false`), `matches` is `StringMatches`. `&&`, `||`
//! and `!` are `And`, `Or` and `Not`, nested chains of one operator flattened. In JSONata states
//! the same conditions become one `{% … %}` expression (see [`super::condition_jsonata`]).

use super::condition_parts::{flatten, jsonata_literal, span_of};
use super::operands::{
    Comparison, Family, Lit, Side, TypeTest, classify, compare, matches_subject, type_test,
    type_test_subject,
};
use super::{Cx, condition_jsonata, values};
use crate::ast::{CompareOp, Cond};
use proc_macro2::Span;
use workflow_asl::{
    ComparisonOperator, Condition, DataTest, Expr, NestedRule, Operand, Pointer, QueryLanguage,
};

/// The condition of a Choice rule at `at` (`/States/C/Choices/i`), in the state's query
/// language. On errors (recorded) a harmless placeholder is returned, so that the validator
/// does not report the same mistake again.
pub(super) fn rule_condition(
    cx: &mut Cx<'_>,
    cond: &Cond,
    ql: QueryLanguage,
    at: &Pointer,
) -> Condition {
    let lowered = match ql {
        QueryLanguage::JsonPath => asl(cx, cond, at),
        QueryLanguage::Jsonata => condition_jsonata::condition(cx, cond, at),
    };
    lowered.unwrap_or_else(|| placeholder(ql))
}

fn placeholder(ql: QueryLanguage) -> Condition {
    match ql {
        QueryLanguage::JsonPath => Condition::Test(DataTest {
            variable: "$".into(),
            operator: ComparisonOperator::IsPresent,
            operand: Operand::Bool(true),
        }),
        QueryLanguage::Jsonata => Condition::Jsonata(Expr::Literal(true)),
    }
}

/// One JSONPath-state condition; `at` is the rule that holds it.
fn asl(cx: &mut Cx<'_>, cond: &Cond, at: &Pointer) -> Option<Condition> {
    match cond {
        Cond::And(children, span)
        | Cond::Or(children, span)
        | Cond::All(children, span)
        | Cond::Any(children, span) => {
            let and = matches!(cond, Cond::And(..) | Cond::All(..));
            let key = if and { "And" } else { "Or" };
            let list_at = at.key(key);
            cx.record(&list_at, *span);
            let mut rules = Vec::new();
            let mut ok = true;
            let children: Vec<&Cond> = if matches!(cond, Cond::All(..) | Cond::Any(..)) {
                children.iter().collect()
            } else {
                flatten(children, and)
            };
            for child in children {
                let child_at = list_at.index(rules.len());
                cx.record(&child_at, span_of(child));
                match asl(cx, child, &child_at) {
                    Some(condition) => rules.push(NestedRule {
                        condition,
                        comment: None,
                    }),
                    None => ok = false,
                }
            }
            let condition = if and {
                Condition::And(rules)
            } else {
                Condition::Or(rules)
            };
            ok.then_some(condition)
        }
        Cond::Not(inner, span) => {
            let inner_at = at.key("Not");
            cx.record(&inner_at, *span);
            let condition = asl(cx, inner, &inner_at)?;
            Some(Condition::Not(Box::new(NestedRule {
                condition,
                comment: None,
            })))
        }
        Cond::Compare {
            left,
            op,
            right,
            span,
        } => {
            let left = classify(cx, left, QueryLanguage::JsonPath);
            let right = classify(cx, right, QueryLanguage::JsonPath);
            let comparison = compare(cx, left?, *op, right?, *span, true)?;
            Some(data_test(cx, comparison, at, *span))
        }
        Cond::Matches { left, pattern, .. } => {
            let reference = matches_subject(cx, left, QueryLanguage::JsonPath)?;
            let text = cx.string(pattern);
            let test = test_at(
                cx,
                at,
                &reference,
                ComparisonOperator::StringMatches,
                Operand::String(text),
                pattern.span(),
            );
            Some(test)
        }
        Cond::TypeTest {
            test,
            operand,
            expected,
            ..
        } => {
            let kind = type_test(cx, test)?;
            let reference = type_test_subject(cx, operand, QueryLanguage::JsonPath)?;
            let operator = match kind {
                TypeTest::Present => ComparisonOperator::IsPresent,
                TypeTest::Null => ComparisonOperator::IsNull,
                TypeTest::String => ComparisonOperator::IsString,
                TypeTest::Number => ComparisonOperator::IsNumeric,
                TypeTest::Boolean => ComparisonOperator::IsBoolean,
                TypeTest::Timestamp => ComparisonOperator::IsTimestamp,
            };
            Some(test_at(
                cx,
                at,
                &reference,
                operator,
                Operand::Bool(*expected),
                test.span(),
            ))
        }
        Cond::Jsonata(value) => {
            cx.record(&at.key("Condition"), values::span_of(value));
            jsonata_literal(cx, value)
        }
    }
}

/// The ASL rule of a worked-out comparison at `at`.
fn data_test(cx: &mut Cx<'_>, comparison: Comparison, at: &Pointer, span: Span) -> Condition {
    let (reference, operator, operand, operand_span, negated) = match comparison {
        Comparison::Null { reference, negated } => {
            let span = reference.span();
            (
                reference,
                ComparisonOperator::IsNull,
                Operand::Bool(!negated),
                span,
                false,
            )
        }
        Comparison::Literal {
            reference,
            op,
            family,
            literal,
        } => {
            let operand = match &literal {
                Side::Lit {
                    lit: Lit::Str(s), ..
                } => Operand::String(s.clone()),
                Side::Lit {
                    lit: Lit::Num(n), ..
                } => Operand::Number(n.clone()),
                Side::Lit {
                    lit: Lit::Bool(b), ..
                } => Operand::Bool(*b),
                Side::Lit { lit: Lit::Null, .. } | Side::Ref { .. } => Operand::Bool(true),
            };
            let (operator, negated) = operator(family, op, false);
            (reference, operator, operand, literal.span(), negated)
        }
        Comparison::Paths {
            left,
            op,
            family,
            right,
        } => {
            let (operator, negated) = operator(family.unwrap_or(Family::String), op, true);
            let operand = match &right {
                Side::Ref { text, .. } => Operand::Path(text.as_str().into()),
                Side::Lit { .. } => Operand::Bool(true),
            };
            (left, operator, operand, right.span(), negated)
        }
    };
    if negated {
        let inner_at = at.key("Not");
        cx.record(&inner_at, span);
        let condition = test_at(cx, &inner_at, &reference, operator, operand, operand_span);
        Condition::Not(Box::new(NestedRule {
            condition,
            comment: None,
        }))
    } else {
        test_at(cx, at, &reference, operator, operand, operand_span)
    }
}

/// A data test at `at`, its `Variable` and operator pointers recorded.
fn test_at(
    cx: &mut Cx<'_>,
    at: &Pointer,
    reference: &Side,
    operator: ComparisonOperator,
    operand: Operand,
    operand_span: Span,
) -> Condition {
    let variable = match reference {
        Side::Ref { text, .. } => text.clone(),
        Side::Lit { shown, .. } => shown.clone(),
    };
    cx.record(&at.key("Variable"), reference.span());
    cx.record(&at.key(operator.as_str()), operand_span);
    Condition::Test(DataTest {
        variable: variable.into(),
        operator,
        operand,
    })
}

/// The operator of a family and relation (`…Path` for two references), and whether the test
/// must be negated (`!=`).
fn operator(family: Family, op: CompareOp, path: bool) -> (ComparisonOperator, bool) {
    let (relation, negated) = match op {
        CompareOp::Eq => ("Equals", false),
        CompareOp::Ne => ("Equals", true),
        CompareOp::Lt => ("LessThan", false),
        CompareOp::Le => ("LessThanEquals", false),
        CompareOp::Gt => ("GreaterThan", false),
        CompareOp::Ge => ("GreaterThanEquals", false),
    };
    let name = format!(
        "{}{relation}{}",
        family.prefix(),
        if path { "Path" } else { "" }
    );
    // Every family has every relation but Boolean, which `compare` restricts to equality.
    (
        ComparisonOperator::from_name(&name).unwrap_or(ComparisonOperator::StringEquals),
        negated,
    )
}
