//! Payload templates (Parameters, ResultSelector, ItemSelector): the type they build, and the
//! paths they read. Walked with an explicit stack; nesting past [`MAX_DEPTH`] is unknown.

use super::types::{DataType, Env, MAX_TYPE_NODES, Selected, select_in};
use crate::model::{JsonRoots, ParsedJson};
use crate::path::{Arg, Intrinsic, IntrinsicFunction, Path, PathString, Root};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The deepest template level typed; deeper ones are [`DataType::Any`].
const MAX_DEPTH: usize = 32;

/// What a walk over a template asks for the decoded form of a `.$` value it meets (the
/// template's [`ParsedJson::path`](crate::ParsedJson::path)).
pub(super) type Decoded<'d> = dyn Fn(&str) -> Option<&'d PathString> + 'd;

/// The decoded form of the `.$` value `text`; a template made in memory is parsed here.
fn decoded_or_parsed<'d>(decoded: &Decoded<'d>, text: &str) -> Cow<'d, PathString> {
    PathString::decoded_or_parsed(decoded(text), text)
}

/// The type of the object a decoded template (`Parameters`, `ResultSelector`, a JSONPath
/// `Assign`, an `ItemSelector`) builds when it reads `env`; unknown when it is not an object.
pub(super) fn decoded_template_type<T: JsonRoots>(
    template: &ParsedJson<T>,
    env: Env<'_>,
) -> DataType {
    match template.object() {
        Some(object) => template_type(object, &|text| template.path(text), env),
        None => DataType::Any,
    }
}

/// The type of the object `template` builds when it reads `env` (`$` and the variables).
pub(super) fn template_type(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
    env: Env<'_>,
) -> DataType {
    object_type(template, decoded, env, 0)
}

fn object_type(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
    input: Env<'_>,
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
            Some(name) => (name, computed_type(value, decoded, input)),
            None => (key.as_str(), nested_type(value, decoded, input, depth + 1)),
        };
        nodes += 1 + t.nodes_up_to(MAX_TYPE_NODES);
        fields.insert(name.to_owned(), (t, false));
    }
    DataType::Object(fields).bounded()
}

/// The type of a value under a plain key: a nested object is a template too, and so is every
/// object inside an array (its `.$` keys are evaluated: the engine's `eval::Template`, as AWS
/// evaluates EventBridge's `Entries: [{"Detail": {"bucket.$": …}}]`); anything else is
/// literal.
fn nested_type(value: &Value, decoded: &Decoded<'_>, input: Env<'_>, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match value {
        Value::Object(inner) => object_type(inner, decoded, input, depth),
        Value::Array(items) => DataType::array_of(
            items
                .iter()
                .map(|item| nested_type(item, decoded, input, depth + 1)),
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
    let value = decoded_or_parsed(decoded, text);
    if let Some(call) = value.intrinsic() {
        return call.map_or(DataType::Any, |call| intrinsic_type(call.function));
    }
    match value.path().map(|p| select_in(env, p)) {
        Ok(Selected::Type(t)) => t,
        _ => DataType::Any,
    }
}

/// What an intrinsic function returns, as far as it is known without its arguments.
pub(crate) fn intrinsic_type(f: IntrinsicFunction) -> DataType {
    use IntrinsicFunction as F;
    match f {
        F::Format | F::JsonToString | F::Base64Encode | F::Base64Decode | F::Hash | F::UUID => {
            DataType::String
        }
        // MathAdd and MathRandom round their arguments to integers first.
        F::ArrayLength | F::MathRandom | F::MathAdd => DataType::Integer,
        F::ArrayContains => DataType::Bool,
        F::StringSplit => DataType::Array(Box::new(DataType::String)),
        F::ArrayRange => DataType::Array(Box::new(DataType::Integer)),
        F::Array | F::ArrayPartition | F::ArrayUnique => DataType::Array(Box::new(DataType::Any)),
        F::JsonMerge => DataType::Partial(BTreeMap::new()),
        F::StringToJson | F::ArrayGetItem => DataType::Any,
    }
}

/// Every `.$` value of `template` that is a string, with the keys leading to it (`["order",
/// "id.$"]`), in document order within each object (explicit stack; nesting past
/// [`MAX_DEPTH`] is not walked).
fn computed_strings(template: &Map<String, Value>) -> Vec<(Vec<String>, &str)> {
    let mut out = Vec::new();
    // Objects and arrays still to walk, with the keys leading to them. Objects inside arrays
    // are templates too (an index is a key of the JSON pointer: `Entries/0/Detail`).
    let mut stack: Vec<(&Value, Vec<String>)> = Vec::new();
    let mut objects: Vec<(&Map<String, Value>, Vec<String>)> = vec![(template, Vec::new())];
    loop {
        if let Some((map, keys)) = objects.pop() {
            if keys.len() > MAX_DEPTH {
                continue;
            }
            for (key, value) in map {
                let mut at = keys.clone();
                at.push(key.clone());
                match (key.ends_with(".$"), value) {
                    (true, Value::String(text)) => out.push((at, text.as_str())),
                    (false, Value::Object(inner)) => objects.push((inner, at)),
                    (false, Value::Array(_)) => stack.push((value, at)),
                    _ => {}
                }
            }
            continue;
        }
        let Some((value, keys)) = stack.pop() else {
            break;
        };
        if keys.len() > MAX_DEPTH {
            continue;
        }
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                let mut at = keys.clone();
                at.push(i.to_string());
                match item {
                    Value::Object(inner) => objects.push((inner, at)),
                    Value::Array(_) => stack.push((item, at)),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Every `.$` path of `template` read from the input or a variable (not context paths), with
/// the keys leading to it (`["order", "id.$"]`): a value that is a path, and every path argument
/// of a value that is an intrinsic function, nested calls included (AWS fails the state when
/// an argument's path selects nothing, as when the whole value's does).
pub(super) fn paths(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
) -> Vec<(Vec<String>, Path)> {
    let mut out = Vec::new();
    for (at, text) in computed_strings(template) {
        let value = decoded_or_parsed(decoded, text);
        if let Some(call) = value.intrinsic() {
            for path in call.map(call_paths).unwrap_or_default() {
                out.push((at.clone(), path));
            }
        } else if let Ok(path) = value.path()
            && path.root != Root::Context
        {
            out.push((at, path.clone()));
        }
    }
    out
}

/// Every path argument of the intrinsic calls in `template` (nested calls included), with the
/// keys leading to the value, the function and the argument's index: those reading the input
/// or a variable, and those reading the context object (`$$.Execution.Input.n`, the
/// `workflow!` language's `input.n`), whose type is known where the execution input's is.
pub(super) fn intrinsic_path_args(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
) -> Vec<(Vec<String>, IntrinsicFunction, usize, Path)> {
    let mut out = Vec::new();
    for (at, text) in computed_strings(template) {
        let value = decoded_or_parsed(decoded, text);
        let Some(Ok(call)) = value.intrinsic() else {
            continue;
        };
        let mut calls: Vec<&Intrinsic> = vec![call];
        while let Some(call) = calls.pop() {
            for (index, arg) in call.args.iter().enumerate() {
                match &arg.arg {
                    Arg::Path(path) => {
                        out.push((at.clone(), call.function, index, path.clone()));
                    }
                    Arg::Call(inner) => calls.push(inner),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Every `.$` path of `template` that reads the context object (`$$…`), with the keys leading
/// to it: values that are such a path, and intrinsic calls' arguments that are.
pub(super) fn context_paths(
    template: &Map<String, Value>,
    decoded: &Decoded<'_>,
) -> Vec<(Vec<String>, Path)> {
    let mut out = Vec::new();
    for (at, text) in computed_strings(template) {
        let value = decoded_or_parsed(decoded, text);
        match value.intrinsic() {
            Some(Ok(call)) => {
                let mut calls: Vec<&Intrinsic> = vec![call];
                while let Some(call) = calls.pop() {
                    for arg in &call.args {
                        match &arg.arg {
                            Arg::Path(path) if path.root == Root::Context => {
                                out.push((at.clone(), path.clone()));
                            }
                            Arg::Call(inner) => calls.push(inner),
                            _ => {}
                        }
                    }
                }
            }
            Some(Err(_)) => {}
            None => {
                if let Ok(path) = value.path()
                    && path.root == Root::Context
                {
                    out.push((at, path.clone()));
                }
            }
        }
    }
    out
}

/// The paths (from the input or a variable) a call reads as arguments, nested calls included,
/// in order (explicit stack).
fn call_paths(call: &Intrinsic) -> Vec<Path> {
    let mut out = Vec::new();
    let mut stack: Vec<&Intrinsic> = vec![call];
    while let Some(call) = stack.pop() {
        for arg in call.args.iter().rev() {
            match &arg.arg {
                Arg::Path(path) if path.root != Root::Context => out.push(path.clone()),
                Arg::Call(inner) => stack.push(inner),
                _ => {}
            }
        }
    }
    out
}

/// The paths (from the input or a variable) a field that takes a path or an intrinsic call
/// reads (`ErrorPath`, `CausePath`): the path itself, or the call's path arguments, nested
/// calls included, in order (explicit stack).
pub(super) fn value_paths(field: &PathString) -> Vec<Path> {
    let call = match field.intrinsic() {
        Some(Ok(call)) => call,
        Some(Err(_)) => return Vec::new(),
        None => {
            return field
                .path()
                .ok()
                .filter(|p| p.root != Root::Context)
                .cloned()
                .into_iter()
                .collect();
        }
    };
    call_paths(call)
}
