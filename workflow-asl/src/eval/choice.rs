//! Choice rules, compiled once and evaluated many times (the semantics: the `eval` module's
//! "Choice rules").

use super::env::Env;
use super::error::EvalError;
use super::select::{Miss, Selected, select_raw};
use super::value::{cmp_numbers, cmp_utf16};
use crate::model::{ComparisonOperator, Condition, DataTest, Expr, OperatorFamily, Relation};
use crate::path::{Path, PathString};
use crate::timestamp::{Timestamp, parse_rfc3339};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::cmp::Ordering;
use workflow_jsonata::jsonata_string::JsonataString;

/// The deepest `And`/`Or`/`Not` nesting accepted: the JSON nesting limit
/// ([`MAX_DEPTH`](crate::json::MAX_DEPTH)), which each level of nesting costs at least one level
/// of, so every decoded definition compiles; a condition built in memory may nest deeper, and
/// is refused instead of recursed into.
pub const MAX_CONDITION_DEPTH: usize = crate::json::MAX_DEPTH;

/// A compiled Choice condition.
#[derive(Clone, Debug, PartialEq)]
pub enum CompiledCondition {
    /// A literal JSONata condition (`"Condition": true`).
    Const(bool),
    /// A JSONata condition (`{% ... %}`), parsed when decoded, evaluated by the caller.
    Jsonata(JsonataString),
    /// Every nested condition holds (evaluated in order, stopping at the first false one).
    And(Vec<CompiledCondition>),
    /// Some nested condition holds (evaluated in order, stopping at the first true one).
    Or(Vec<CompiledCondition>),
    /// The nested condition does not hold.
    Not(Box<CompiledCondition>),
    /// A data test: `Variable` and one comparison operator.
    Test(CompiledTest),
}

/// A compiled data-test rule.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledTest {
    variable: Path,
    operator: ComparisonOperator,
    operand: CompiledOperand,
}

#[derive(Clone, Debug, PartialEq)]
enum CompiledOperand {
    String(String),
    Number(Number),
    Bool(bool),
    Timestamp(Timestamp),
    Glob(Glob),
    Path(Path),
}

impl CompiledTest {
    /// The `Variable` path.
    pub fn variable(&self) -> &Path {
        &self.variable
    }

    /// The comparison operator.
    pub fn operator(&self) -> ComparisonOperator {
        self.operator
    }
}

impl CompiledCondition {
    /// Compiles a condition of the model.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when a path does not parse, an operand has the wrong type for its
    /// operator, a timestamp operand is not RFC 3339, a JSONata condition is an unresolved
    /// `${...}` substitution, or rules nest deeper than [`MAX_CONDITION_DEPTH`]. The
    /// validator reports all of these before a definition runs.
    pub fn compile(condition: &Condition) -> Result<Self, EvalError> {
        compile(condition, 1)
    }

    /// Evaluates the condition. A JSONata condition string makes this fail: use
    /// [`CompiledCondition::evaluate_with`] for JSONata states.
    ///
    /// # Errors
    ///
    /// As [`CompiledCondition::evaluate_with`].
    pub fn evaluate(&self, env: &Env<'_>) -> Result<bool, EvalError> {
        self.evaluate_with(env, &mut |expr| {
            Err(EvalError::query_evaluation_error(format!(
                "The JSONata condition '{expr}' needs a JSONata evaluator; call \
                 CompiledCondition::evaluate_with"
            )))
        })
    }

    /// Evaluates the condition, asking `jsonata` for the value of every JSONata condition
    /// met.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when the `Variable` path (or a `…Path` operand) selects nothing or
    /// names an unknown variable; whatever `jsonata` returns.
    pub fn evaluate_with(
        &self,
        env: &Env<'_>,
        jsonata: &mut dyn FnMut(&JsonataString) -> Result<bool, EvalError>,
    ) -> Result<bool, EvalError> {
        match self {
            CompiledCondition::Const(b) => Ok(*b),
            CompiledCondition::Jsonata(expr) => jsonata(expr),
            CompiledCondition::And(rules) => {
                for rule in rules {
                    if !workflow_text::stack::deeper(|| rule.evaluate_with(env, jsonata))? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            CompiledCondition::Or(rules) => {
                for rule in rules {
                    if workflow_text::stack::deeper(|| rule.evaluate_with(env, jsonata))? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            CompiledCondition::Not(rule) => Ok(!workflow_text::stack::deeper(|| {
                rule.evaluate_with(env, jsonata)
            })?),
            CompiledCondition::Test(test) => test.evaluate(env),
        }
    }
}

fn compile(condition: &Condition, depth: usize) -> Result<CompiledCondition, EvalError> {
    if depth > MAX_CONDITION_DEPTH {
        return Err(EvalError::runtime(format!(
            "Choice rules nest deeper than {MAX_CONDITION_DEPTH} levels"
        )));
    }
    Ok(match condition {
        Condition::Jsonata(Expr::Literal(b)) => CompiledCondition::Const(*b),
        Condition::Jsonata(Expr::Jsonata(text)) => CompiledCondition::Jsonata(text.clone()),
        Condition::Jsonata(Expr::Substitution(text)) => {
            return Err(EvalError::runtime(format!(
                "The Condition '{text}' is a deployment substitution that was never replaced"
            )));
        }
        Condition::And(rules) => CompiledCondition::And(
            rules
                .iter()
                .map(|r| workflow_text::stack::deeper(|| compile(&r.condition, depth + 1)))
                .collect::<Result<_, _>>()?,
        ),
        Condition::Or(rules) => CompiledCondition::Or(
            rules
                .iter()
                .map(|r| workflow_text::stack::deeper(|| compile(&r.condition, depth + 1)))
                .collect::<Result<_, _>>()?,
        ),
        Condition::Not(rule) => {
            CompiledCondition::Not(Box::new(workflow_text::stack::deeper(|| {
                compile(&rule.condition, depth + 1)
            })?))
        }
        Condition::Test(test) => CompiledCondition::Test(compile_test(test)?),
    })
}

/// A data test's path, as decoded; the runtime error a path that did not parse fails with.
fn parsed(field: &str, path: &PathString) -> Result<Path, EvalError> {
    path.path()
        .cloned()
        .map_err(|e| EvalError::runtime(format!("Invalid {field} path '{path}': {e}")))
}

fn compile_test(test: &DataTest) -> Result<CompiledTest, EvalError> {
    use crate::model::Operand as M;
    let variable = parsed("Variable", &test.variable)?;
    let op = test.operator;
    let mismatch = || {
        EvalError::runtime(format!(
            "The operand of {} has the wrong type for the operator",
            op.as_str()
        ))
    };
    let operand = match (&test.operand, op.is_path(), op.family()) {
        (M::Path(text), true, _) => CompiledOperand::Path(parsed(op.as_str(), text)?),
        (_, true, _) | (M::Path(_), false, _) => return Err(mismatch()),
        (M::String(s), false, OperatorFamily::String) => {
            if op == ComparisonOperator::StringMatches {
                CompiledOperand::Glob(Glob::new(s))
            } else {
                CompiledOperand::String(s.clone())
            }
        }
        (M::String(s), false, OperatorFamily::Timestamp) => {
            CompiledOperand::Timestamp(parse_rfc3339(s).ok_or_else(|| {
                EvalError::runtime(format!(
                    "The operand '{s}' of {} is not an RFC 3339 timestamp",
                    op.as_str()
                ))
            })?)
        }
        (M::Number(n), false, OperatorFamily::Numeric) => CompiledOperand::Number(n.clone()),
        (M::Bool(b), false, OperatorFamily::Boolean | OperatorFamily::TypeTest) => {
            CompiledOperand::Bool(*b)
        }
        _ => return Err(mismatch()),
    };
    Ok(CompiledTest {
        variable,
        operator: op,
        operand,
    })
}

impl CompiledTest {
    /// Evaluates the test.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when the `Variable` path (except for `IsPresent`) or a `…Path`
    /// operand selects nothing or names an unknown variable.
    pub fn evaluate(&self, env: &Env<'_>) -> Result<bool, EvalError> {
        let selected = select_raw(&self.variable, env);
        if self.operator == ComparisonOperator::IsPresent {
            let present = matches!(&selected, Ok(s) if !s.is_empty());
            return Ok(present == (self.operand == CompiledOperand::Bool(true)));
        }
        let value: Cow<'_, Value> = match selected {
            Ok(Selected::One(v)) => Cow::Borrowed(v),
            Ok(many) => many.into_cow(),
            Err(miss) => return Err(miss.into_error(&self.variable)),
        };
        let value = value.as_ref();
        let relation = self.operator.relation();
        // The operand as a value, for the `…Path` forms.
        let resolved;
        let operand: Operand<'_> = match &self.operand {
            CompiledOperand::Path(path) => {
                resolved = match select_raw(path, env) {
                    Ok(s) => s.into_cow(),
                    Err(miss @ (Miss::NotFound(_) | Miss::UnknownVariable(_))) => {
                        return Err(miss.into_error(path));
                    }
                };
                Operand::Value(resolved.as_ref())
            }
            CompiledOperand::String(s) => Operand::String(s),
            CompiledOperand::Number(n) => Operand::Number(n),
            CompiledOperand::Bool(b) => Operand::Bool(*b),
            CompiledOperand::Timestamp(t) => Operand::Timestamp(*t),
            CompiledOperand::Glob(g) => {
                return Ok(matches!(value, Value::String(s) if g.matches(s)));
            }
        };
        Ok(match self.operator.family() {
            OperatorFamily::String => match (value, operand.string()) {
                (Value::String(a), Some(b)) => holds(relation, cmp_utf16(a, b)),
                _ => false,
            },
            OperatorFamily::Numeric => match (value, operand.number()) {
                (Value::Number(a), Some(b)) => {
                    cmp_numbers(a, b).is_some_and(|order| holds(relation, order))
                }
                _ => false,
            },
            OperatorFamily::Boolean => match (value, operand.boolean()) {
                (Value::Bool(a), Some(b)) => *a == b,
                _ => false,
            },
            OperatorFamily::Timestamp => match (timestamp_of(value), operand.timestamp()) {
                (Some(a), Some(b)) => holds(relation, a.cmp(&b)),
                _ => false,
            },
            OperatorFamily::TypeTest => {
                let is = match relation {
                    Relation::IsNull => value.is_null(),
                    Relation::IsNumeric => value.is_number(),
                    Relation::IsString => value.is_string(),
                    Relation::IsBoolean => value.is_boolean(),
                    Relation::IsTimestamp => timestamp_of(value).is_some(),
                    _ => false,
                };
                operand.boolean().is_some_and(|want| is == want)
            }
        })
    }
}

/// An operator's operand, literal or read from a path.
enum Operand<'v> {
    String(&'v str),
    Number(&'v Number),
    Bool(bool),
    Timestamp(Timestamp),
    Value(&'v Value),
}

impl Operand<'_> {
    fn string(&self) -> Option<&str> {
        match self {
            Operand::String(s) => Some(s),
            Operand::Value(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    fn number(&self) -> Option<&Number> {
        match self {
            Operand::Number(n) => Some(n),
            Operand::Value(Value::Number(n)) => Some(n),
            _ => None,
        }
    }

    fn boolean(&self) -> Option<bool> {
        match self {
            Operand::Bool(b) => Some(*b),
            Operand::Value(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn timestamp(&self) -> Option<Timestamp> {
        match self {
            Operand::Timestamp(t) => Some(*t),
            Operand::Value(v) => timestamp_of(v),
            _ => None,
        }
    }
}

fn timestamp_of(value: &Value) -> Option<Timestamp> {
    match value {
        Value::String(s) => parse_rfc3339(s),
        _ => None,
    }
}

/// Whether `order` (variable compared with operand) satisfies `relation`.
fn holds(relation: Relation, order: Ordering) -> bool {
    match relation {
        Relation::Equals => order == Ordering::Equal,
        Relation::LessThan => order == Ordering::Less,
        Relation::GreaterThan => order == Ordering::Greater,
        Relation::LessThanEquals => order != Ordering::Greater,
        Relation::GreaterThanEquals => order != Ordering::Less,
        _ => false,
    }
}

/// A `StringMatches` pattern: literal pieces separated by `*` wildcards.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Glob {
    /// The literal text between wildcards (one more piece than wildcards).
    pieces: Vec<String>,
}

impl Glob {
    fn new(pattern: &str) -> Self {
        let mut pieces = vec![String::new()];
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let literal = chars.next().unwrap_or('\\');
                    if let Some(piece) = pieces.last_mut() {
                        piece.push(literal);
                    }
                }
                '*' => pieces.push(String::new()),
                other => {
                    if let Some(piece) = pieces.last_mut() {
                        piece.push(other);
                    }
                }
            }
        }
        Glob { pieces }
    }

    /// Whether the whole of `text` matches. Leftmost placement of the middle pieces is
    /// optimal for `*`-only patterns, so this runs in linear time per piece.
    fn matches(&self, text: &str) -> bool {
        let (first, last) = match self.pieces.as_slice() {
            [only] => return text == only,
            [first, .., last] => (first, last),
            [] => return text.is_empty(),
        };
        let Some(mut rest) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        for middle in &self.pieces[1..self.pieces.len() - 1] {
            match rest.find(middle.as_str()) {
                Some(at) => rest = &rest[at + middle.len()..],
                None => return false,
            }
        }
        rest.ends_with(last.as_str())
    }
}

#[cfg(test)]
mod tests;
