//! Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Credentials`, and
//! `Assign` in JSONPath states), compiled once and evaluated many times.
//!
//! A member whose name ends in `.$` is evaluated and stored under the name without the
//! suffix: a value starting with `$` is a path (`$` input, `$$` context, `$name` variable);
//! anything else must be an intrinsic function. Every other member is copied as it is.
//! Objects nested in objects and in arrays are templates too. Subtrees without any `.$`
//! member are kept as ready-made JSON and copied in one go.
//!
//! A path that selects nothing fails with `States.Runtime` and AWS's cause: `The JSONPath
//! '$.x' specified for the field 'x.$' could not be found in the input '{"y":1}'`, where the
//! input is the JSON the path was applied to (the context object for `$$` paths, the
//! variable's value for `$name` paths). A path inside an intrinsic function is reported the
//! same way.

use super::env::{Entropy, Env};
use super::error::EvalError;
use super::intrinsic::{CompiledIntrinsic, Failure};
use super::select::{Miss, root_value, select_raw, unknown_variable};
use super::value::{compact, compact_len};
use crate::model::ParsedJson;
use crate::path::{Path, PathString, Root, parse_path};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The deepest template nesting accepted (the template object itself is level 1): the JSON
/// nesting limit, [`MAX_DEPTH`](crate::json::MAX_DEPTH), so every decoded definition's templates
/// compile; a template built in memory may nest deeper, and is refused instead of recursed into.
pub const MAX_TEMPLATE_DEPTH: usize = crate::json::MAX_DEPTH;

/// A `.$` value: a path or an intrinsic function call, parsed once.
#[derive(Clone, Debug, PartialEq)]
pub enum Expression {
    /// `$...`, `$$...` or `$name...`.
    Path(Path),
    /// `States.*(...)`.
    Intrinsic(CompiledIntrinsic),
}

impl Expression {
    /// A `.$` value as decoded: its path when it starts with `$`, else its intrinsic function.
    ///
    /// # Errors
    ///
    /// `States.Runtime` with the parser's message when the text is neither.
    pub fn decoded(value: &PathString) -> Result<Self, EvalError> {
        let text = value.text();
        if text.starts_with('$') {
            return value
                .path()
                .cloned()
                .map(Expression::Path)
                .map_err(|e| EvalError::runtime(format!("Invalid path '{text}': {e}")));
        }
        match value.intrinsic() {
            Some(Ok(call)) => CompiledIntrinsic::compile(call).map(Expression::Intrinsic),
            Some(Err(e)) => Err(EvalError::runtime(format!(
                "Invalid intrinsic function '{text}': {e}"
            ))),
            // Not written as a call: the intrinsic parser says why.
            None => CompiledIntrinsic::parse(text).map(Expression::Intrinsic),
        }
    }

    /// Parses a `.$` value: a path when it starts with `$`, else an intrinsic function.
    ///
    /// # Errors
    ///
    /// `States.Runtime` with the parser's message when the text is neither.
    pub fn parse(text: &str) -> Result<Self, EvalError> {
        if text.starts_with('$') {
            parse_path(text)
                .map(Expression::Path)
                .map_err(|e| EvalError::runtime(format!("Invalid path '{text}': {e}")))
        } else {
            CompiledIntrinsic::parse(text).map(Expression::Intrinsic)
        }
    }

    /// Evaluates the expression for the field named `field` (e.g. `x.$`, `ErrorPath`): a
    /// path's value is borrowed from the environment, an intrinsic's result is owned.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when a path selects nothing (`The JSONPath '$.x' specified for the
    /// field 'x.$' could not be found in the input '…'`) or names an unknown variable;
    /// `States.IntrinsicFailure` when an intrinsic function fails.
    pub fn evaluate<'a>(
        &'a self,
        env: &Env<'a>,
        entropy: &mut dyn Entropy,
        field: &str,
    ) -> Result<Cow<'a, Value>, EvalError> {
        match self {
            Expression::Path(path) => match select_raw(path, env) {
                Ok(selected) => Ok(selected.into_cow()),
                Err(miss) => Err(not_found(path, miss, env, field)),
            },
            Expression::Intrinsic(call) => match call.eval(env, entropy) {
                Ok(v) => Ok(Cow::Owned(v)),
                Err(Failure::Miss(path, miss)) => Err(not_found(path, miss, env, field)),
                Err(Failure::Error(e)) => Err(e),
            },
        }
    }
}

static NULL: Value = Value::Null;

/// AWS's cause for a path in a field that selects nothing.
fn not_found(path: &Path, miss: Miss, env: &Env<'_>, field: &str) -> EvalError {
    match miss {
        Miss::UnknownVariable(name) => unknown_variable(path, &name),
        Miss::NotFound(_) => {
            let data = match &path.root {
                Root::Variable(_) => root_value(path, env).unwrap_or(&NULL),
                Root::Context => env.context,
                Root::Input => env.input,
            };
            EvalError::runtime(format!(
                "The JSONPath '{}' specified for the field '{field}' could not be found in the \
                 input '{}'",
                path.source(),
                compact(data)
            ))
        }
    }
}

/// A compiled payload template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    root: Node,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    /// JSON without any `.$` member, copied as it is.
    Static(Value),
    /// An object with at least one evaluated member somewhere below.
    Object(Vec<(String, Node)>),
    /// An array with at least one evaluated member somewhere below.
    Array(Vec<Node>),
    /// A `name.$` member's value (`field` is the name as written, suffix included).
    Dynamic { field: String, expr: Expression },
}

impl Template {
    /// Compiles a template: every `.$` value is parsed now.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when a `.$` value is not a string, is neither a path nor a valid
    /// intrinsic function, when `a` and `a.$` are both given, or when the template nests
    /// deeper than [`MAX_TEMPLATE_DEPTH`]. (The validator reports all of these before a
    /// definition runs.)
    pub fn compile(template: &Map<String, Value>) -> Result<Template, EvalError> {
        Ok(Template {
            root: compile_object(template, 1, &|_| None)?,
        })
    }

    /// Compiles a template of a decoded definition, reading each `.$` value as it was parsed
    /// when decoded (`template` is its object, `decoded` the value it belongs to).
    ///
    /// # Errors
    ///
    /// As [`Template::compile`].
    pub fn compile_decoded<T>(
        template: &Map<String, Value>,
        decoded: &ParsedJson<T>,
    ) -> Result<Template, EvalError> {
        Ok(Template {
            root: compile_object(template, 1, &|text| decoded.path(text))?,
        })
    }

    /// Whether the template has no `.$` member anywhere (its value never changes).
    pub fn is_static(&self) -> bool {
        matches!(self.root, Node::Static(_))
    }

    /// Evaluates the template against `env`.
    ///
    /// # Errors
    ///
    /// As [`Expression::evaluate`], for the first member that fails, in document order.
    pub fn evaluate(&self, env: &Env<'_>, entropy: &mut dyn Entropy) -> Result<Value, EvalError> {
        self.evaluate_within(env, entropy, usize::MAX)
    }

    /// Evaluates the template against `env`, giving up as soon as the value being built is
    /// longer than `max_bytes` of compact JSON. Each selected value is measured before it is
    /// copied, so a template that repeats a large input many times costs at most about
    /// `max_bytes` of work and memory, never the size of the whole result.
    ///
    /// # Errors
    ///
    /// As [`Template::evaluate`]; [`ErrorName::DataLimitExceeded`](crate::ErrorName::DataLimitExceeded) when the value would be
    /// longer than `max_bytes`.
    pub fn evaluate_within(
        &self,
        env: &Env<'_>,
        entropy: &mut dyn Entropy,
        max_bytes: usize,
    ) -> Result<Value, EvalError> {
        let mut budget = Budget {
            left: max_bytes,
            max: max_bytes,
        };
        evaluate(&self.root, env, entropy, &mut budget)
    }
}

/// The bytes of compact JSON a template evaluation may still build.
struct Budget {
    left: usize,
    max: usize,
}

impl Budget {
    /// Charges `value`'s length (measured only as far as the budget reaches).
    fn charge(&mut self, value: &Value) -> Result<(), EvalError> {
        if self.max == usize::MAX {
            return Ok(());
        }
        let bytes = compact_len(value, self.left, usize::MAX).unwrap_or(usize::MAX);
        self.spend(bytes)
    }

    fn spend(&mut self, bytes: usize) -> Result<(), EvalError> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(EvalError::data_limit_exceeded(format!(
                "The payload template builds a value larger than the maximum of {} bytes",
                self.max
            ))),
        }
    }
}

fn too_deep() -> EvalError {
    EvalError::runtime(format!(
        "the payload template nests deeper than {MAX_TEMPLATE_DEPTH} levels"
    ))
}

/// Whether any object in `value` has a member ending in `.$`. Iterative.
fn contains_dynamic(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if map.keys().any(|k| k.ends_with(".$")) {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// Compiles `value`, at nesting level `depth` when it is an array or an object.
/// What a compilation asks for the decoded form of a `.$` value (none for a template made in
/// memory, whose values are parsed here).
type Decoded<'d> = dyn Fn(&str) -> Option<&'d PathString> + 'd;

fn compile_value(value: &Value, depth: usize, decoded: &Decoded<'_>) -> Result<Node, EvalError> {
    if !contains_dynamic(value) {
        return Ok(Node::Static(value.clone()));
    }
    match value {
        Value::Object(map) => compile_object(map, depth, decoded),
        Value::Array(items) => {
            if depth > MAX_TEMPLATE_DEPTH {
                return Err(too_deep());
            }
            let mut nodes = Vec::with_capacity(items.len());
            for item in items {
                nodes.push(workflow_text::stack::deeper(|| {
                    compile_value(item, depth + 1, decoded)
                })?);
            }
            Ok(Node::Array(nodes))
        }
        other => Ok(Node::Static(other.clone())),
    }
}

fn compile_object(
    map: &Map<String, Value>,
    depth: usize,
    decoded: &Decoded<'_>,
) -> Result<Node, EvalError> {
    if depth > MAX_TEMPLATE_DEPTH {
        return Err(too_deep());
    }
    if !map.keys().any(|k| k.ends_with(".$")) && !map.values().any(contains_dynamic) {
        return Ok(Node::Static(Value::Object(map.clone())));
    }
    let mut members = Vec::with_capacity(map.len());
    for (key, value) in map {
        let node = match key.strip_suffix(".$") {
            Some(name) => {
                if map.contains_key(name) {
                    return Err(EvalError::runtime(format!(
                        "The payload template has both '{name}' and '{key}'; keep one"
                    )));
                }
                let Value::String(text) = value else {
                    return Err(EvalError::runtime(format!(
                        "The value of the field '{key}' must be a string holding a path or an \
                         intrinsic function, not {}",
                        super::value::compact_short(value, 100)
                    )));
                };
                let expr = match decoded(text) {
                    Some(value) => Expression::decoded(value),
                    None => Expression::parse(text),
                }
                .map_err(|e| {
                    EvalError::runtime(format!(
                        "The value of the field '{key}' is invalid: {}",
                        e.cause
                    ))
                })?;
                members.push((
                    name.to_string(),
                    Node::Dynamic {
                        field: key.clone(),
                        expr,
                    },
                ));
                continue;
            }
            None => workflow_text::stack::deeper(|| compile_value(value, depth + 1, decoded))?,
        };
        members.push((key.clone(), node));
    }
    Ok(Node::Object(members))
}

fn evaluate(
    node: &Node,
    env: &Env<'_>,
    entropy: &mut dyn Entropy,
    budget: &mut Budget,
) -> Result<Value, EvalError> {
    match node {
        Node::Static(v) => {
            budget.charge(v)?;
            Ok(v.clone())
        }
        Node::Object(members) => {
            // `{`, `}` and the commas; each member's `"name":` below.
            budget.spend(members.len().max(1) + 1)?;
            let mut out = Map::with_capacity(members.len());
            for (name, member) in members {
                budget.spend(super::value::string_bytes(name) + 1)?;
                let value =
                    workflow_text::stack::deeper(|| evaluate(member, env, entropy, budget))?;
                out.insert(name.clone(), value);
            }
            Ok(Value::Object(out))
        }
        Node::Array(items) => {
            budget.spend(items.len().max(1) + 1)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(workflow_text::stack::deeper(|| {
                    evaluate(item, env, entropy, budget)
                })?);
            }
            Ok(Value::Array(out))
        }
        Node::Dynamic { field, expr } => {
            let value = expr.evaluate(env, entropy, field)?;
            budget.charge(&value)?;
            Ok(value.into_owned())
        }
    }
}

#[cfg(test)]
mod tests;
