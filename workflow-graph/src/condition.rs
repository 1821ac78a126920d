//! A Choice rule's condition as short text for an edge label: `$.n > 10`,
//! `not ($.ok == true)`, `($.a == "x" and $.b is present)`. Nested rules are walked with an
//! explicit stack; the text is cut at [`MAX_LABEL`] characters.

use workflow_asl::{Condition, DataTest, Expr, Operand, Relation};

/// The longest label, in characters; a longer one is cut and ends in `…`.
pub(crate) const MAX_LABEL: usize = 60;

/// What is left to print.
enum Piece<'a> {
    Condition(&'a Condition),
    Text(&'static str),
}

/// The condition as short text, at most 60 characters (`MAX_LABEL`).
///
/// ```
/// use workflow_asl::{ComparisonOperator, Condition, DataTest, Operand};
/// let test = |v: &str, n: u64| Condition::Test(DataTest {
///     variable: v.into(),
///     operator: ComparisonOperator::NumericGreaterThan,
///     operand: Operand::Number(n.into()),
/// });
/// assert_eq!(workflow_graph::condition_label(&test("$.n", 10)), "$.n > 10");
/// ```
pub fn condition_label(condition: &Condition) -> String {
    let mut out = String::new();
    let mut stack = vec![Piece::Condition(condition)];
    // One character past the limit is enough to know the label is cut.
    while let Some(piece) = stack.pop()
        && out.chars().count() <= MAX_LABEL
    {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Condition(Condition::Jsonata(e)) => out.push_str(&jsonata(e)),
            Piece::Condition(Condition::Test(t)) => test(&mut out, t),
            Piece::Condition(Condition::Not(rule)) => {
                out.push_str("not (");
                stack.push(Piece::Text(")"));
                stack.push(Piece::Condition(&rule.condition));
            }
            Piece::Condition(c @ (Condition::And(rules) | Condition::Or(rules))) => {
                let joiner = if matches!(c, Condition::And(_)) {
                    " and "
                } else {
                    " or "
                };
                out.push('(');
                stack.push(Piece::Text(")"));
                for (i, rule) in rules.iter().enumerate().rev() {
                    stack.push(Piece::Condition(&rule.condition));
                    if i > 0 {
                        stack.push(Piece::Text(joiner));
                    }
                }
            }
        }
    }
    cut(out)
}

/// `text` cut to [`MAX_LABEL`] characters, ending in `…` when cut.
fn cut(text: String) -> String {
    if text.chars().count() <= MAX_LABEL {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_LABEL - 1).collect();
    cut.push('…');
    cut
}

/// A data test: `$.x == "a"`, `$.x is null`, `$.x is not present`.
fn test(out: &mut String, t: &DataTest) {
    out.push_str(&t.variable);
    let relation = t.operator.relation();
    let symbol = match relation {
        Relation::Equals => "==",
        Relation::LessThan => "<",
        Relation::GreaterThan => ">",
        Relation::LessThanEquals => "<=",
        Relation::GreaterThanEquals => ">=",
        Relation::Matches => "matches",
        Relation::IsNull => "null",
        Relation::IsPresent => "present",
        Relation::IsNumeric => "numeric",
        Relation::IsString => "string",
        Relation::IsBoolean => "boolean",
        Relation::IsTimestamp => "timestamp",
    };
    let is_type_test = !matches!(
        relation,
        Relation::Equals
            | Relation::LessThan
            | Relation::GreaterThan
            | Relation::LessThanEquals
            | Relation::GreaterThanEquals
            | Relation::Matches
    );
    if is_type_test {
        out.push_str(match t.operand {
            Operand::Bool(false) => " is not ",
            _ => " is ",
        });
        out.push_str(symbol);
        return;
    }
    out.push(' ');
    out.push_str(symbol);
    out.push(' ');
    match &t.operand {
        // As a JSON string, so that quotes inside stay unambiguous.
        Operand::String(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
        Operand::Number(n) => out.push_str(&n.to_string()),
        Operand::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Operand::Path(p) => out.push_str(p),
    }
}

/// A JSONata condition without its `{% %}` delimiters.
fn jsonata(e: &Expr<bool>) -> String {
    match e {
        Expr::Literal(b) => b.to_string(),
        Expr::Jsonata(s) => s.body().unwrap_or_else(|| s.trim()).to_owned(),
        Expr::Substitution(s) => s.trim().to_owned(),
    }
}
