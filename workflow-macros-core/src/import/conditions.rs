//! Choice rules as the language's conditions: `$.x == "a"`, `number($.a) < $.b`,
//! `is_present($.x) == false`, `$.name matches "log-*"`, `&&`, `||`, `!`, and JSONata
//! conditions as `"{% … %}"`.

use super::dynamic::path;
use super::names::string_literal;
use workflow_asl::{
    ComparisonOperator, Condition, DataTest, Expr, Operand, OperatorFamily, QueryLanguage, Relation,
};

/// A rule's condition. The ASL of a Choice is at most as deep as its JSON, which the parser
/// bounds, so the recursion over `And`/`Or`/`Not` is bounded too.
pub(super) fn condition(c: &Condition, ql: QueryLanguage) -> String {
    let _ = ql;
    match c {
        Condition::Jsonata(Expr::Literal(b)) => b.to_string(),
        Condition::Jsonata(Expr::Jsonata(text)) => string_literal(text),
        Condition::Jsonata(Expr::Substitution(text)) => string_literal(text),
        Condition::And(rules) | Condition::Or(rules) if rules.len() < 2 || nests_same(c) => {
            let word = if matches!(c, Condition::And(_)) {
                "all"
            } else {
                "any"
            };
            let parts: Vec<String> = rules.iter().map(|r| condition(&r.condition, ql)).collect();
            format!("{word}({})", parts.join(", "))
        }
        Condition::And(rules) | Condition::Or(rules) => {
            let op = if matches!(c, Condition::And(_)) {
                " && "
            } else {
                " || "
            };
            let parts: Vec<String> = rules.iter().map(|r| grouped(&r.condition, ql)).collect();
            parts.join(op)
        }
        Condition::Not(rule) => format!("!{}", grouped(&rule.condition, ql)),
        Condition::Test(test) => data_test(test),
    }
}

/// Whether an `And` holds an `And` (or an `Or` an `Or`) directly: `&&` chains merge, so
/// such a rule is written `all(…)` / `any(…)`.
fn nests_same(c: &Condition) -> bool {
    match c {
        Condition::And(rules) => rules
            .iter()
            .any(|r| matches!(r.condition, Condition::And(_))),
        Condition::Or(rules) => rules
            .iter()
            .any(|r| matches!(r.condition, Condition::Or(_))),
        _ => false,
    }
}

/// A condition inside `&&`, `||` or `!`: in parentheses unless it is a single test.
fn grouped(c: &Condition, ql: QueryLanguage) -> String {
    match c {
        Condition::Test(_) | Condition::Jsonata(_) => {
            let text = condition(c, ql);
            if matches!(c, Condition::Test(_)) {
                format!("({text})")
            } else {
                text
            }
        }
        _ => format!("({})", condition(c, ql)),
    }
}

/// One data test.
fn data_test(t: &DataTest) -> String {
    let variable = path(&t.variable);
    let op = t.operator;
    match op.relation() {
        Relation::IsNull => match t.operand {
            Operand::Bool(false) => format!("{variable} != null"),
            _ => format!("{variable} == null"),
        },
        Relation::IsPresent
        | Relation::IsNumeric
        | Relation::IsString
        | Relation::IsBoolean
        | Relation::IsTimestamp => {
            let test = match op.relation() {
                Relation::IsPresent => "is_present",
                Relation::IsNumeric => "is_number",
                Relation::IsString => "is_string",
                Relation::IsBoolean => "is_boolean",
                _ => "is_timestamp",
            };
            match t.operand {
                Operand::Bool(false) => format!("{test}({variable}) == false"),
                _ => format!("{test}({variable})"),
            }
        }
        Relation::Matches => {
            let pattern = match &t.operand {
                Operand::String(s) => s.clone(),
                _ => String::new(),
            };
            format!("{variable} matches {}", string_literal(&pattern))
        }
        relation => {
            let symbol = match relation {
                Relation::Equals => "==",
                Relation::LessThan => "<",
                Relation::GreaterThan => ">",
                Relation::LessThanEquals => "<=",
                _ => ">=",
            };
            if op.is_path() {
                let cast = cast(op);
                let right = match &t.operand {
                    Operand::Path(p) => path(p),
                    other => literal(op, other),
                };
                format!("{cast}({variable}) {symbol} {right}")
            } else {
                format!("{variable} {symbol} {}", literal(op, &t.operand))
            }
        }
    }
}

/// The cast naming a `…Path` operator's family.
fn cast(op: ComparisonOperator) -> &'static str {
    match op.family() {
        OperatorFamily::Numeric => "number",
        OperatorFamily::Boolean => "bool",
        OperatorFamily::Timestamp => "timestamp",
        OperatorFamily::String | OperatorFamily::TypeTest => "string",
    }
}

/// A literal operand; timestamps cast so that the family is not taken for a string's.
fn literal(op: ComparisonOperator, operand: &Operand) -> String {
    match operand {
        Operand::String(s) if op.family() == OperatorFamily::Timestamp => {
            format!("timestamp({})", string_literal(s))
        }
        Operand::String(s) => string_literal(s),
        Operand::Number(n) => n.to_string(),
        Operand::Bool(b) => b.to_string(),
        Operand::Path(p) => path(p),
    }
}
