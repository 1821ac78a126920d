//! The type of what a JSONPath Task's `Parameters` produce: the template evaluated as the
//! service evaluates it (`….$` members replaced by what their path or intrinsic call gives,
//! the suffix dropped from the key, at every depth, inside arrays too: an EventBridge
//! `PutEvents` entry `{"Detail": {"bucket.$": "$.bucket"}}` sends `{"Detail": {"bucket": …}}`;
//! AWS documentation, "Passing parameters to a service API" and `connect-eventbridge.html`,
//! whose `Entries` hold such objects), the context object (`$$`) typed where the execution
//! input's type is known.

use super::super::template::intrinsic_type;
use super::super::types::{DataType, Env, MAX_TYPE_NODES, Selected, select_in};
use crate::ScopeKind;
use crate::model::{JsonRoots, ParsedJson};
use crate::path::PathString;
use crate::validate::Scope;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The deepest template level typed; deeper levels are [`DataType::Any`].
const MAX_DEPTH: usize = 32;

/// The type of what `template` produces when it reads `env`; unknown when it is not an object.
pub(super) fn parameters_type<T: JsonRoots>(template: &ParsedJson<T>, env: Env<'_>) -> DataType {
    match template.object() {
        Some(object) => object_type(object, &|text| template.path(text), env, 0),
        None => DataType::Any,
    }
}

/// What a walk asks for the decoded form of a `.$` value.
type Decoded<'d> = dyn Fn(&str) -> Option<&'d PathString> + 'd;

fn object_type(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
    env: Env<'_>,
    depth: usize,
) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    let mut fields = BTreeMap::new();
    let mut nodes = 0usize;
    for (key, value) in template {
        if nodes > MAX_TYPE_NODES {
            // The rest is not typed: the object is known in part.
            return DataType::Partial(fields).bounded();
        }
        let (name, t) = match key.strip_suffix(".$") {
            Some(name) => (name, computed_type(value, decoded, env)),
            None => (key.as_str(), value_type(value, decoded, env, depth + 1)),
        };
        nodes += 1 + t.nodes_up_to(MAX_TYPE_NODES);
        fields.insert(name.to_owned(), (t, false));
    }
    DataType::Object(fields).bounded()
}

/// The type of a template value that is not a `.$` member's: objects and arrays are
/// templates too, member by member and element by element.
fn value_type(value: &Value, decoded: &Decoded<'_>, env: Env<'_>, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match value {
        Value::Object(inner) => object_type(inner, decoded, env, depth),
        Value::Array(items) => DataType::array_of(
            items
                .iter()
                .map(|item| value_type(item, decoded, env, depth + 1)),
        )
        .bounded(),
        other => DataType::of_value(other),
    }
}

/// The type of a `.$` value: a path's selection, an intrinsic's return type, else unknown.
fn computed_type(value: &Value, decoded: &Decoded<'_>, env: Env<'_>) -> DataType {
    let Some(text) = value.as_str() else {
        return DataType::Any;
    };
    let value = PathString::decoded_or_parsed(decoded(text), text);
    if let Some(call) = value.intrinsic() {
        return call.map_or(DataType::Any, |call| intrinsic_type(call.function));
    }
    match value.path().map(|p| select_in(env, p)) {
        Ok(Selected::Type(t)) => t,
        _ => DataType::Any,
    }
}

/// The context object as far as the states of `scope` see it: `Execution.Input` is the
/// execution's input, of type `input`; the rest is unknown, and so is all of it in a
/// Distributed Map's iterations, which run as child workflow executions of their own (AWS
/// documentation, `state-map-distributed.html`).
pub(super) fn context_type(scopes: &[Scope<'_>], scope: &Scope<'_>, input: &DataType) -> DataType {
    let mut at = Some(scope);
    // A scope's parents are fewer than the scopes: the walk up ends.
    for _ in 0..=scopes.len() {
        let Some(s) = at else {
            break;
        };
        if matches!(
            s.kind,
            ScopeKind::Iteration {
                distributed: true,
                ..
            }
        ) {
            return DataType::Any;
        }
        at = s.parent.and_then(|p| scopes.get(p));
    }
    let execution = BTreeMap::from([("Input".to_owned(), (input.clone(), false))]);
    DataType::Partial(BTreeMap::from([(
        "Execution".to_owned(),
        (DataType::Partial(execution), false),
    )]))
}
