//! Decoding the top level, `States` objects, Parallel branches and Map processors.

use super::fields::{Cx, Fields};
use super::states::decode_state;
use crate::Pointer;
use crate::model::{
    Branch, ExecutionType, ItemProcessor, ProcessorConfig, ProcessorMode, QueryLanguage,
    StateMachine, States,
};
use crate::validate::{MAX_STATE_NESTING, too_deeply_nested};
use serde_json::Value;
use workflow_text::suggest::did_you_mean;

/// Decodes a whole definition.
pub(crate) fn decode_machine(cx: &mut Cx, value: &Value) -> Option<StateMachine> {
    let mut f = Fields::of(cx, value, Pointer::root(), "a state machine definition")?;
    let comment = f.string(cx, "Comment");
    let query_language = query_language(cx, &mut f);
    let (start_at, states) = start_and_states(cx, &mut f);
    let timeout_seconds = f.u64(cx, "TimeoutSeconds");
    let version = f.string(cx, "Version");
    f.finish(cx);
    Some(StateMachine {
        comment,
        query_language,
        start_at: start_at?,
        states: states?,
        timeout_seconds,
        version,
    })
}

/// Decodes the scope at `pointer`, one level deeper than the one being decoded, with
/// `decode`; a scope deeper than [`MAX_STATE_NESTING`] is refused (`TOO_DEEPLY_NESTED`) and
/// not descended into, so that the decoder's descent, and every recursion over the states of
/// the model it returns, stays [`MAX_STATE_NESTING`] levels deep.
fn nested_scope<T>(
    cx: &mut Cx,
    pointer: Pointer,
    decode: impl FnOnce(&mut Cx, Pointer) -> Option<T>,
) -> Option<T> {
    let depth = cx.scope_depth + 1;
    if depth > MAX_STATE_NESTING {
        cx.diagnostics
            .push(too_deeply_nested(pointer, depth, MAX_STATE_NESTING));
        return None;
    }
    cx.scope_depth = depth;
    let scope = decode(cx, pointer);
    cx.scope_depth = depth - 1;
    scope
}

/// Decodes one element of a Parallel state's `Branches`.
pub(crate) fn decode_branch(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<Branch> {
    nested_scope(cx, pointer, |cx, pointer| branch(cx, value, pointer))
}

fn branch(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<Branch> {
    let mut f = Fields::of(cx, value, pointer, "a Parallel branch")?;
    let comment = f.string(cx, "Comment");
    let query_language = query_language(cx, &mut f);
    let (start_at, states) = start_and_states(cx, &mut f);
    f.finish(cx);
    Some(Branch {
        comment,
        query_language,
        start_at: start_at?,
        states: states?,
    })
}

/// Decodes a Map state's `ItemProcessor` (or `Iterator`).
pub(crate) fn decode_processor(
    cx: &mut Cx,
    value: &Value,
    pointer: Pointer,
) -> Option<ItemProcessor> {
    nested_scope(cx, pointer, |cx, pointer| processor(cx, value, pointer))
}

fn processor(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ItemProcessor> {
    let mut f = Fields::of(cx, value, pointer, "a Map item processor")?;
    let comment = f.string(cx, "Comment");
    let query_language = query_language(cx, &mut f);
    let processor_config = f
        .take("ProcessorConfig")
        .and_then(|(v, p)| processor_config(cx, v, p));
    let (start_at, states) = start_and_states(cx, &mut f);
    f.finish(cx);
    Some(ItemProcessor {
        comment,
        query_language,
        processor_config,
        start_at: start_at?,
        states: states?,
    })
}

fn processor_config(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ProcessorConfig> {
    let mut f = Fields::of(cx, value, pointer, "a `ProcessorConfig`")?;
    let mode = f.take("Mode").and_then(|(v, p)| match v.as_str() {
        Some("INLINE") => Some(ProcessorMode::Inline),
        Some("DISTRIBUTED") => Some(ProcessorMode::Distributed),
        _ => {
            cx.expected(&p, "Mode", "`\"INLINE\"` or `\"DISTRIBUTED\"`", v);
            None
        }
    });
    let execution_type = f.take("ExecutionType").and_then(|(v, p)| match v.as_str() {
        Some("STANDARD") => Some(ExecutionType::Standard),
        Some("EXPRESS") => Some(ExecutionType::Express),
        _ => {
            cx.expected(&p, "ExecutionType", "`\"STANDARD\"` or `\"EXPRESS\"`", v);
            None
        }
    });
    f.finish(cx);
    Some(ProcessorConfig {
        mode,
        execution_type,
    })
}

/// Decodes an optional `QueryLanguage` member.
pub(crate) fn query_language(cx: &mut Cx, f: &mut Fields<'_>) -> Option<QueryLanguage> {
    let (value, pointer) = f.take("QueryLanguage")?;
    let parsed = value.as_str().and_then(QueryLanguage::from_name);
    if parsed.is_none() {
        cx.expected(
            &pointer,
            "QueryLanguage",
            "`\"JSONPath\"` or `\"JSONata\"`",
            value,
        );
    }
    parsed
}

/// Decodes the required `StartAt` and `States` of a machine, branch or processor; when either
/// is missing, one diagnostic names both, as AWS's does.
fn start_and_states(cx: &mut Cx, f: &mut Fields<'_>) -> (Option<String>, Option<States>) {
    f.require(
        cx,
        &[
            ("States", "an object of state name → state"),
            ("StartAt", "the name of the state to start at"),
        ],
    );
    (f.string(cx, "StartAt"), states(cx, f))
}

/// Decodes the `States` member of a machine, branch or processor (absent: `None`, reported by
/// [`start_and_states`]). States that fail to decode are left out; their diagnostics are in
/// `cx`.
fn states(cx: &mut Cx, f: &mut Fields<'_>) -> Option<States> {
    let (value, pointer) = f.take("States")?;
    let Value::Object(members) = value else {
        cx.expected(&pointer, "States", "an object of state name → state", value);
        return None;
    };
    let mut states = States::with_capacity(members.len());
    let before = cx.diagnostics.len();
    for (name, state) in members {
        if let Some(state) = decode_state(cx, state, pointer.key(name)) {
            states.insert(name.clone(), state);
        }
    }
    if members.is_empty() {
        cx.error(&pointer, "`States` is empty; add at least one state");
    }
    (cx.diagnostics.len() == before).then_some(states)
}

/// Suggests a state type for an unknown `Type` value.
pub(crate) fn suggest_type(name: &str) -> Option<&'static str> {
    let kinds: Vec<&'static str> = crate::model::StateKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    did_you_mean(name, &kinds)
}
