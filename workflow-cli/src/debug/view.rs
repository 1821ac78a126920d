//! What a stopped strand shows the client: its scopes (the state's input, the variables it
//! sees, the Task's request and answer, the output, the context object, the execution's
//! virtual clock) as DAP scopes and variables, each JSON object or array a container the
//! client expands through a handle (`variablesReference`). Handles last until the run goes on.

use dap::types::{Scope as DapScope, Variable};
use serde_json::{Map, Value, json};
use workflow_runtime::engine::debug::Scope;

/// What a handle stands for.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// Named values (a scope's), and, for the stopped strand's own variables, the thread
    /// whose variables they are (which `setVariable` sets).
    Members(Vec<(String, Value)>, Option<u64>),
    /// A JSON object or array.
    Json(Value),
}

/// The handles given out since the run last went on.
#[derive(Debug, Default)]
pub(crate) struct Handles {
    nodes: Vec<Node>,
}

impl Handles {
    /// Forgets every handle (the run went on).
    pub(super) fn clear(&mut self) {
        self.nodes.clear();
    }

    /// A handle for `node` (from 1).
    pub(super) fn add(&mut self, node: Node) -> i64 {
        self.nodes.push(node);
        self.nodes.len() as i64
    }

    /// What `handle` stands for.
    pub(super) fn get(&self, handle: i64) -> Option<&Node> {
        let index = usize::try_from(handle.checked_sub(1)?).ok()?;
        self.nodes.get(index)
    }

    /// The handle of `value`'s members, when it has any (0 for a scalar).
    pub(super) fn of(&mut self, value: &Value) -> i64 {
        match value {
            Value::Object(m) if !m.is_empty() => self.add(Node::Json(value.clone())),
            Value::Array(a) if !a.is_empty() => self.add(Node::Json(value.clone())),
            _ => 0,
        }
    }

    /// The variables `handle` stands for.
    pub(super) fn variables(&mut self, handle: i64) -> Vec<Variable> {
        let Some(node) = self.get(handle).cloned() else {
            return Vec::new();
        };
        let members: Vec<(String, Value)> = match node {
            Node::Members(members, _) => members,
            Node::Json(Value::Object(map)) => map.into_iter().collect(),
            Node::Json(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (format!("[{i}]"), v))
                .collect(),
            Node::Json(other) => vec![("value".to_owned(), other)],
        };
        members
            .into_iter()
            .map(|(name, value)| self.variable(name, &value))
            .collect()
    }

    /// A variable named `name` holding `value`.
    pub(super) fn variable(&mut self, name: String, value: &Value) -> Variable {
        Variable {
            name,
            value: shown(value),
            variables_reference: self.of(value),
            named_variables: value.as_object().map(|m| m.len() as i64),
            indexed_variables: value.as_array().map(|a| a.len() as i64),
            ..Variable::default()
        }
    }
}

/// How a value is shown in one line: scalars as JSON, containers by their size.
pub(crate) fn shown(value: &Value) -> String {
    match value {
        Value::Object(m) if m.is_empty() => "{}".to_owned(),
        Value::Object(m) => {
            let text = value.to_string();
            if text.chars().count() <= 200 {
                text
            } else {
                format!("{{…}} {} members", m.len())
            }
        }
        Value::Array(a) if a.is_empty() => "[]".to_owned(),
        Value::Array(a) => {
            let text = value.to_string();
            if text.chars().count() <= 200 {
                text
            } else {
                format!("[…] {} items", a.len())
            }
        }
        other => other.to_string(),
    }
}

/// A value's members as named variables: an object's members, else the value itself.
fn members_of(value: &Value, name: &str) -> Vec<(String, Value)> {
    match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        other => vec![(name.to_owned(), other.clone())],
    }
}

/// The execution's virtual clock as an RFC 3339 time.
pub(crate) fn clock(millis: i64) -> String {
    workflow_asl::timestamp::format_rfc3339_millis(millis)
}

/// The scopes of the stopped strand `thread`, at `depth` 0 (its state's) or in an enclosing
/// frame (`depth` ≥ 1: the variables of that enclosing scope), from `scope`; `started` is
/// the execution's start (for the clock's elapsed time), `waiting` a waiting Task's details.
pub(crate) fn scopes(
    handles: &mut Handles,
    (thread, depth, settable): (u64, usize, bool),
    scope: &Scope,
    extra: Option<(&str, Value)>,
) -> Vec<DapScope> {
    let mut scopes = Vec::new();
    let mut add =
        |handles: &mut Handles, name: &str, members: Vec<(String, Value)>, owner: Option<u64>| {
            let count = members.len() as i64;
            let reference = handles.add(Node::Members(members, owner));
            scopes.push(DapScope {
                name: name.to_owned(),
                variables_reference: reference,
                named_variables: Some(count),
                expensive: false,
                ..DapScope::default()
            });
        };
    if depth > 0 {
        let frame = scope.variables.get(depth).cloned().unwrap_or_default();
        add(handles, "Variables", map_members(frame), None);
        return scopes;
    }
    if let Some((name, details)) = extra {
        add(handles, name, members_of(&details, name), None);
    }
    add(handles, "Input", members_of(&scope.input, "input"), None);
    let own = scope.variables.first().cloned().unwrap_or_default();
    add(
        handles,
        "Variables",
        map_members(own),
        settable.then_some(thread),
    );
    let mut outer = Map::new();
    for frame in scope.variables.iter().skip(1).rev() {
        for (k, v) in frame {
            outer.insert(k.clone(), v.clone());
        }
    }
    if !outer.is_empty() {
        add(
            handles,
            "Variables of enclosing scopes",
            map_members(outer),
            None,
        );
    }
    let mut task = Vec::new();
    if let Some(parameters) = &scope.parameters {
        task.push(("parameters".to_owned(), parameters.clone()));
    }
    if let Some(result) = &scope.result {
        task.push(("result".to_owned(), result.clone()));
    }
    if let Some((error, cause)) = &scope.error {
        task.push(("error".to_owned(), json!({"Error": error, "Cause": cause})));
    }
    if !task.is_empty() {
        add(handles, "Task", task, None);
    }
    if let Some(output) = &scope.output {
        add(handles, "Output", members_of(output, "output"), None);
    }
    if let Some(item) = &scope.map_item {
        add(handles, "Map item", members_of(item, "item"), None);
    }
    let context = scope
        .context
        .members()
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .collect();
    add(handles, "Context object", context, None);
    add(
        handles,
        "Execution",
        vec![
            ("clock".to_owned(), Value::String(clock(scope.now_millis))),
            ("state".to_owned(), Value::String(scope.state.clone())),
            (
                "queryLanguage".to_owned(),
                Value::String(if scope.jsonata { "JSONata" } else { "JSONPath" }.to_owned()),
            ),
        ],
        None,
    );
    scopes
}

fn map_members(map: Map<String, Value>) -> Vec<(String, Value)> {
    map.into_iter().collect()
}

/// A scope of `state` with `input`, for the adapter's unit tests.
#[cfg(test)]
pub(crate) fn scope_for_tests(state: &str, input: Value) -> Scope {
    Scope {
        state: state.into(),
        state_type: workflow_runtime::asl::StateKind::Pass,
        jsonata: false,
        input,
        context: workflow_runtime::engine::debug::Context::default(),
        variables: vec![Map::new()],
        parameters: None,
        result: None,
        error: None,
        output: None,
        now_millis: 0,
        map_item: None,
    }
}
