//! JSONata states in the data flow: the type of an `Output`, `Arguments`, `Assign` or Catcher
//! `Output` value (objects and arrays typed member by member; a `{% … %}` expression typed by
//! `jsonata_types`), and the plain paths such values read (`$states.input.a.b`,
//! `$states.result.a`, `$name.a`).

use super::types::{DataType, MAX_TYPE_NODES, Selected, Vars, select_segments};
use crate::model::{JsonataValue, ParsedJson};
use crate::path::Segment;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use workflow_jsonata::jsonata_string::JsonataString;
use workflow_jsonata::{PathStep, VariablePath};

/// The deepest value level typed; deeper levels are unknown.
const MAX_DEPTH: usize = 32;

/// What a plain JSONata path reads.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Root {
    /// `$states.input`.
    Input,
    /// `$states.result`.
    Result,
    /// `$name`: a workflow variable.
    Variable(String),
    /// `$states.context`: the context object, typed in its `Execution.Input` (the execution
    /// input, outside a Distributed Map's iterations) and where a Map's `ItemSelector` reads
    /// its `Map.Item`.
    Context,
    /// `$states.errorOutput`: a Catcher's `{Error, Cause}`.
    ErrorOutput,
}

impl Root {
    /// The root as written: `$states.input`, `$states.result`, `$name`.
    pub(crate) fn shown(&self) -> String {
        match self {
            Root::Input => "$states.input".to_owned(),
            Root::Result => "$states.result".to_owned(),
            Root::Variable(name) => format!("${name}"),
            Root::Context => "$states.context".to_owned(),
            Root::ErrorOutput => "$states.errorOutput".to_owned(),
        }
    }
}

/// What a JSONata state's expressions read: its input, its result (for `Output` and
/// `Assign`) and the variables.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    /// `$states.input`.
    pub input: &'a DataType,
    /// `$states.result` (unknown where there is none).
    pub result: &'a DataType,
    /// The variables.
    pub vars: &'a Vars,
    /// `$states.context`, where its type is known (its `Execution.Input`; a Map's
    /// `ItemSelector`'s `Map.Item`): unknown when `None`.
    pub context: Option<&'a DataType>,
    /// `$states.errorOutput`, in a Catcher's `Output` and `Assign`: unknown when `None`.
    pub error_output: Option<&'a DataType>,
}

impl Scope<'_> {
    /// The type a root names (a variable not known: unknown).
    fn root(&self, root: &Root) -> DataType {
        match root {
            Root::Input => self.input.clone(),
            Root::Result => self.result.clone(),
            Root::Variable(name) => self.vars.get(name).cloned().unwrap_or_default(),
            Root::Context => self.context.cloned().unwrap_or_default(),
            Root::ErrorOutput => self.error_output.cloned().unwrap_or_default(),
        }
    }

    /// What `segments` select from `root`. A field step on an array maps over its items in
    /// JSONata, so it selects something unknown rather than nothing.
    pub(crate) fn select(&self, root: &Root, segments: &[Segment]) -> Selected {
        // Nor does an index on what is not an array: JSONata reads a single value as a
        // sequence of one (`'abc'[0]` is `'abc'`).
        match select_segments(&self.root(root), segments, &root.shown()) {
            Selected::NotAnObject { .. } | Selected::NotAnArray { .. } => {
                Selected::Type(DataType::Any)
            }
            selected => selected,
        }
    }
}

/// The root and member path of an expression that is exactly a plain path
/// (`$states.input.a.b`, `$states.result`, `$name.a[0]`); `None` for anything else.
pub(super) fn plain_path(expression: &JsonataString) -> Option<(Root, Vec<Segment>)> {
    root_and_segments(&expression.expression().ok()?.variable_path()?)
}

/// What a variable path reads, as a root and path segments: `$states.input.a` reads `a` of
/// the input, `$order.id` reads `id` of the variable `order`, `$states.context.Map.Item` the
/// context object, `$states.errorOutput` a Catcher's error output; `None` for another member
/// of `$states`.
pub(super) fn root_and_segments(path: &VariablePath) -> Option<(Root, Vec<Segment>)> {
    let segment = |step: &PathStep| match step {
        PathStep::Field(name) => Segment::Child(name.clone()),
        PathStep::Index(i) => Segment::Index(*i),
    };
    let (root, steps) = if path.variable == "states" {
        let (member, rest) = path.steps.split_first()?;
        let root = match member {
            PathStep::Field(f) if f == "input" => Root::Input,
            PathStep::Field(f) if f == "result" => Root::Result,
            PathStep::Field(f) if f == "context" => Root::Context,
            PathStep::Field(f) if f == "errorOutput" => Root::ErrorOutput,
            _ => return None,
        };
        (root, rest)
    } else {
        (Root::Variable(path.variable.clone()), &path.steps[..])
    };
    Some((root, steps.iter().map(segment).collect()))
}

/// The type of one `{% … %}` expression evaluated in `scope`: a plain path's type as selected
/// (a path that selects nothing: unknown, reported where it is read), anything else as
/// `jsonata_types` infers it.
pub(super) fn expression_type(expression: &JsonataString, scope: Scope<'_>) -> DataType {
    if let Some((root, segments)) = plain_path(expression) {
        return match scope.select(&root, &segments) {
            Selected::Type(t) => t,
            _ => DataType::Any,
        };
    }
    match expression.expression() {
        Ok(parsed) => super::jsonata_types::infer(parsed, scope).ty.json(),
        Err(_) => DataType::Any,
    }
}

/// The type of a JSONata-state value evaluated in `scope`.
pub(super) fn value_type(value: &JsonataValue, scope: Scope<'_>) -> DataType {
    value_at(value.json(), &|text| value.expression(text), scope, 0)
}

/// The type of a JSONata-state object (`Assign`) evaluated in `scope`.
pub(super) fn object_type(value: &ParsedJson<Map<String, Value>>, scope: Scope<'_>) -> DataType {
    object_at(value.json(), &|text| value.expression(text), scope, 0)
}

/// What a walk asks for the parsed form of a `{% %}` string it meets.
type Parsed<'v> = dyn Fn(&str) -> Option<&'v JsonataString> + 'v;

fn value_at(value: &Value, parsed: &Parsed<'_>, scope: Scope<'_>, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match value {
        // An unclosed `{% …` string is text to the service.
        Value::String(s) => match parsed(s).filter(|e| e.body().is_some()) {
            Some(expression) => expression_type(expression, scope),
            None => DataType::of_value(value),
        },
        Value::Object(map) => object_at(map, parsed, scope, depth),
        Value::Array(items) => DataType::array_of(
            items
                .iter()
                .map(|item| value_at(item, parsed, scope, depth + 1)),
        ),
        other => DataType::of_value(other),
    }
}

fn object_at(
    map: &Map<String, Value>,
    parsed: &Parsed<'_>,
    scope: Scope<'_>,
    depth: usize,
) -> DataType {
    let mut fields = BTreeMap::new();
    let mut nodes = 0usize;
    for (k, v) in map {
        if nodes > MAX_TYPE_NODES {
            // The rest is not typed: the object is known in part.
            return DataType::Partial(fields).bounded();
        }
        let t = value_at(v, parsed, scope, depth + 1);
        nodes += 1 + t.nodes_up_to(MAX_TYPE_NODES);
        fields.insert(k.clone(), (t, false));
    }
    DataType::Object(fields).bounded()
}
