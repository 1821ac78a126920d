//! JSONata states in the data flow: the type of an `Output`, `Arguments`, `Assign` or Catcher
//! `Output` value (objects and arrays typed member by member; a `{% … %}` expression unknown
//! unless it is a plain path: `$states.input.a.b`, `$states.result.a`, `$name.a`), and the
//! plain paths such values read.

use super::types::{DataType, MAX_TYPE_NODES, Selected, Vars, select_segments};
use crate::path::Segment;
use serde_json::Value;
use std::collections::BTreeMap;
use workflow_jsonata::jsonata_string::{is_jsonata, jsonata_body};
use workflow_jsonata::{Jsonata, PathStep, VariablePath};

/// The deepest value level typed; deeper levels are unknown.
const MAX_DEPTH: usize = 32;

/// What a plain JSONata path reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$states.input`.
    Input,
    /// `$states.result`.
    Result,
    /// `$name`: a workflow variable.
    Variable(String),
}

impl Root {
    /// The root as written: `$states.input`, `$states.result`, `$name`.
    pub fn shown(&self) -> String {
        match self {
            Root::Input => "$states.input".to_owned(),
            Root::Result => "$states.result".to_owned(),
            Root::Variable(name) => format!("${name}"),
        }
    }
}

/// What a JSONata state's expressions read: its input, its result (for `Output` and
/// `Assign`) and the variables.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// `$states.input`.
    pub input: &'a DataType,
    /// `$states.result` (unknown where there is none).
    pub result: &'a DataType,
    /// The variables.
    pub vars: &'a Vars,
}

impl Scope<'_> {
    /// The type a root names (a variable not known: unknown).
    fn root(&self, root: &Root) -> DataType {
        match root {
            Root::Input => self.input.clone(),
            Root::Result => self.result.clone(),
            Root::Variable(name) => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// What `segments` select from `root`. A field step on an array maps over its items in
    /// JSONata, so it selects something unknown rather than nothing.
    pub fn select(&self, root: &Root, segments: &[Segment]) -> Selected {
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
pub fn plain_path(text: &str) -> Option<(Root, Vec<Segment>)> {
    let expression = Jsonata::parse(jsonata_body(text)?).ok()?;
    root_and_segments(&expression.variable_path()?)
}

/// What a variable path reads, as a root and path segments: `$states.input.a` reads `a` of
/// the input, `$order.id` reads `id` of the variable `order`; `None` for another member of
/// `$states` (`$states.context`, `$states.errorOutput`), whose type is not tracked.
pub fn root_and_segments(path: &VariablePath) -> Option<(Root, Vec<Segment>)> {
    let segment = |step: &PathStep| match step {
        PathStep::Field(name) => Segment::Child(name.clone()),
        PathStep::Index(i) => Segment::Index(*i),
    };
    let (root, steps) = if path.variable == "states" {
        let (member, rest) = path.steps.split_first()?;
        let root = match member {
            PathStep::Field(f) if f == "input" => Root::Input,
            PathStep::Field(f) if f == "result" => Root::Result,
            _ => return None,
        };
        (root, rest)
    } else {
        (Root::Variable(path.variable.clone()), &path.steps[..])
    };
    Some((root, steps.iter().map(segment).collect()))
}

/// Every JSONata expression of `value` (its `{% … %}` strings) that parses, with the keys
/// and indices leading to it, each parsed once.
pub fn expressions(value: &Value) -> Vec<(Vec<String>, Jsonata)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, Vec<String>)> = vec![(value, Vec::new())];
    while let Some((v, at)) = stack.pop() {
        if at.len() > MAX_DEPTH {
            continue;
        }
        match v {
            Value::String(s) => {
                if let Some(expression) = jsonata_body(s).and_then(|b| Jsonata::parse(b).ok()) {
                    out.push((at, expression));
                }
            }
            Value::Object(map) => {
                for (k, inner) in map.iter().rev() {
                    let mut next = at.clone();
                    next.push(k.clone());
                    stack.push((inner, next));
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate().rev() {
                    let mut next = at.clone();
                    next.push(i.to_string());
                    stack.push((inner, next));
                }
            }
            _ => {}
        }
    }
    out
}

/// The type of a JSONata-state value evaluated in `scope`.
pub fn value_type(value: &Value, scope: Scope<'_>) -> DataType {
    value_at(value, scope, 0)
}

fn value_at(value: &Value, scope: Scope<'_>, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match value {
        Value::String(s) if is_jsonata(s) => match plain_path(s) {
            Some((root, segments)) => match scope.select(&root, &segments) {
                Selected::Type(t) => t,
                _ => DataType::Any,
            },
            None => DataType::Any,
        },
        Value::Object(map) => {
            let mut fields = BTreeMap::new();
            let mut nodes = 0usize;
            for (k, v) in map {
                if nodes > MAX_TYPE_NODES {
                    // The rest is not typed: the object is known in part.
                    return DataType::Partial(fields).bounded();
                }
                let t = value_at(v, scope, depth + 1);
                nodes += 1 + t.nodes_up_to(MAX_TYPE_NODES);
                fields.insert(k.clone(), (t, false));
            }
            DataType::Object(fields).bounded()
        }
        Value::Array(items) => {
            DataType::array_of(items.iter().map(|item| value_at(item, scope, depth + 1)))
        }
        other => DataType::of_value(other),
    }
}
