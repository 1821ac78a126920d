//! The context object (`$$` in JSONPath, `$states.context` in JSONata) typed field by field, as
//! AWS documents it ("Accessing execution data from the Context object in Step Functions",
//! `input-output-contextobject.html`), so that a misspelt or miscased field is an error where
//! it is read and a timestamp is a string (arithmetic on it fails). [`CONTEXT_FIELDS`] is the
//! one list; the type the data flow uses is built from it.

use super::types::DataType;
use std::collections::BTreeMap;

/// What a field of the context object holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextValue {
    /// Text (an ARN, a name, a task token).
    String,
    /// An ISO 8601 timestamp, as text.
    Timestamp,
    /// A whole number.
    Integer,
    /// The execution's input.
    ExecutionInput,
    /// The item a Map state's `ItemSelector` is building an iteration's input from.
    Item,
}

/// One field of the context object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContextField {
    /// Its path from the context object's root, e.g. `Execution.StartTime`.
    pub path: &'static str,
    /// What it holds.
    pub value: ContextValue,
    /// Whether every state of every execution sees it; `false`: only where `when` says.
    pub always: bool,
    /// Where it is there when it is not always, and where that is written.
    pub when: &'static str,
}

/// Every field of the context object (`input-output-contextobject.html`; where a field is
/// there only sometimes, `when` says where and gives the recording that shows it).
pub const CONTEXT_FIELDS: [ContextField; 16] = [
    always("Execution.Id", ContextValue::String),
    always("Execution.Input", ContextValue::ExecutionInput),
    always("Execution.Name", ContextValue::String),
    always("Execution.RoleArn", ContextValue::String),
    always("Execution.StartTime", ContextValue::Timestamp),
    sometimes(
        "Execution.RedriveCount",
        ContextValue::Integer,
        "not in a synchronous Express execution, which is never redriven (recorded on AWS, \
         2024-07-15: the engine's `hosts::express`)",
    ),
    sometimes(
        "Execution.RedriveTime",
        ContextValue::Timestamp,
        "once the execution has been redriven",
    ),
    always("State.EnteredTime", ContextValue::Timestamp),
    always("State.Name", ContextValue::String),
    sometimes(
        "State.RetryCount",
        ContextValue::Integer,
        "in the states that retry (Task, Parallel, Map), as the executions recorded on AWS \
         show it",
    ),
    always("StateMachine.Id", ContextValue::String),
    always("StateMachine.Name", ContextValue::String),
    sometimes(
        "Task.Token",
        ContextValue::String,
        "in a Task that waits for a callback (`.waitForTaskToken`) or runs a job (`.sync`): \
         TestState refuses a mocked `Task` elsewhere (recorded on AWS: LocalStack's \
         `test_state_context_object`)",
    ),
    sometimes(
        "Map.Item.Index",
        ContextValue::Integer,
        "in a Map state's `ItemSelector`: the item's index",
    ),
    sometimes(
        "Map.Item.Value",
        ContextValue::Item,
        "in a Map state's `ItemSelector`: the item",
    ),
    sometimes(
        "Map.Item.Source",
        ContextValue::String,
        "in a Map state's `ItemSelector`: where the items come from (`STATE_DATA`, or the S3 \
         object a reader read)",
    ),
];

const fn always(path: &'static str, value: ContextValue) -> ContextField {
    ContextField {
        path,
        value,
        always: true,
        when: "",
    }
}

const fn sometimes(path: &'static str, value: ContextValue, when: &'static str) -> ContextField {
    ContextField {
        path,
        value,
        always: false,
        when,
    }
}

/// The context object a state sees, its execution input of type `input`: every field of
/// [`CONTEXT_FIELDS`] but `Map`'s, which only a Map state's `ItemSelector` reads
/// ([`with_map_item`]); elsewhere `Map` is left unknown and optional, so that nothing reads it
/// as an error the service might not make.
pub(crate) fn context_object(input: &DataType) -> DataType {
    let mut root = fields_under(None, input, &DataType::Any);
    root.insert("Map".to_owned(), (DataType::Any, true));
    DataType::Object(root)
}

/// `context` with `Map.Item` holding `item` (a Map state's `ItemSelector`, where every field of
/// `Map` is there).
pub(crate) fn with_map_item(context: &DataType, item: DataType) -> DataType {
    let mut map = fields_under(Some("Map"), &DataType::Any, &item);
    required(&mut map);
    match context {
        DataType::Object(fields) | DataType::Partial(fields) => {
            let mut fields = fields.clone();
            fields.insert("Map".to_owned(), (DataType::Object(map), false));
            match context {
                DataType::Object(_) => DataType::Object(fields),
                _ => DataType::Partial(fields),
            }
        }
        _ => DataType::Partial(BTreeMap::from([(
            "Map".to_owned(),
            (DataType::Object(map), false),
        )])),
    }
}

/// The fields of [`CONTEXT_FIELDS`] under `prefix` (the root without one; `Map` left out
/// there), each object nested as its paths say, the execution input of type `input` and the
/// item of type `item`.
fn fields_under(
    prefix: Option<&str>,
    input: &DataType,
    item: &DataType,
) -> BTreeMap<String, (DataType, bool)> {
    let mut root: BTreeMap<String, (DataType, bool)> = BTreeMap::new();
    for field in &CONTEXT_FIELDS {
        let rest = match prefix {
            Some(p) => match field.path.strip_prefix(p).and_then(|r| r.strip_prefix('.')) {
                Some(rest) => rest,
                None => continue,
            },
            None if field.path.starts_with("Map.") => continue,
            None => field.path,
        };
        let ty = match field.value {
            ContextValue::String | ContextValue::Timestamp => DataType::String,
            ContextValue::Integer => DataType::Integer,
            ContextValue::ExecutionInput => input.clone(),
            ContextValue::Item => item.clone(),
        };
        insert(&mut root, rest, ty, field.always);
    }
    root
}

/// `fields` with every field, at every depth, required.
fn required(fields: &mut BTreeMap<String, (DataType, bool)>) {
    let mut stack = vec![fields];
    while let Some(fields) = stack.pop() {
        for (ty, optional) in fields.values_mut() {
            *optional = false;
            if let DataType::Object(inner) = ty {
                stack.push(inner);
            }
        }
    }
}

/// Puts `ty` at the dotted `path` below `fields`, making the objects on the way. A field that
/// is there only sometimes makes optional the outermost object made for it (`Task` for
/// `Task.Token`, which is there whenever `Task` is), else itself (`State.RetryCount`).
fn insert(fields: &mut BTreeMap<String, (DataType, bool)>, path: &str, ty: DataType, always: bool) {
    let mut at = fields;
    let mut optional_above = false;
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        if steps.peek().is_none() {
            at.insert(step.to_owned(), (ty, !always && !optional_above));
            return;
        }
        let entry = at.entry(step.to_owned()).or_insert_with(|| {
            (
                DataType::Object(BTreeMap::new()),
                !always && !optional_above,
            )
        });
        if always {
            entry.1 = false;
        }
        optional_above = optional_above || entry.1;
        match &mut entry.0 {
            DataType::Object(inner) => at = inner,
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_object_has_the_documented_fields() {
        let context = context_object(&DataType::Integer);
        assert_eq!(
            context.to_string(),
            "{ Execution: { Id: string, Input: integer, Name: string, RedriveCount?: integer, \
             RedriveTime?: string, RoleArn: string, StartTime: string }, Map?: any, \
             State: { EnteredTime: string, Name: string, RetryCount?: integer }, \
             StateMachine: { Id: string, Name: string }, Task?: { Token: string } }"
        );
    }

    #[test]
    fn an_item_selector_sees_the_item() {
        let context = with_map_item(&context_object(&DataType::Any), DataType::Bool);
        let DataType::Object(fields) = &context else {
            panic!("{context}");
        };
        assert_eq!(
            fields["Map"].0.to_string(),
            "{ Item: { Index: integer, Source: string, Value: bool } }"
        );
        assert!(!fields["Map"].1, "`Map` is there in an ItemSelector");
        assert!(fields.contains_key("Execution"));
    }
}
