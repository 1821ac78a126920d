//! Decoding one state: dispatch on `Type`, then the fields of each state type.

use super::choice::decode_choice;
use super::error_handling::{catch, retry};
use super::field_table::misplaced_field;
use super::fields::{Cx, Fields};
use super::machine::{decode_branch, query_language, suggest_type};
use super::map::decode_map;
use crate::Pointer;
use crate::model::{
    Expr, FailState, ParallelState, PassState, State, StateKind, SucceedState, TaskState,
    Transition, WaitDuration, WaitState,
};
use serde_json::Value;
use workflow_aws_models::Resource;

/// Decodes the state at `pointer`.
pub(crate) fn decode_state(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<State> {
    let Value::Object(map) = value else {
        let name = pointer.segments().last().unwrap_or_default();
        let hint = if super::field_table::is_machine_field(&name) {
            format!(
                "; `{name}` is a field of the machine, branch or processor: move it out of `States`, next to `StartAt`"
            )
        } else {
            "; every member of `States` is a state, e.g. `{\"Type\": \"Pass\", \"End\": true}`"
                .to_owned()
        };
        cx.error(
            &pointer,
            format!(
                "state `{name}` must be a JSON object with a `Type`, found {}{hint}",
                super::fields::describe_json(value)
            ),
        );
        return None;
    };
    let Some(type_value) = map.get("Type") else {
        cx.error(
            &pointer,
            "a state needs `Type`: one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map",
        );
        return None;
    };
    let type_pointer = pointer.key("Type");
    let Some(type_name) = type_value.as_str() else {
        cx.expected(
            &type_pointer,
            "Type",
            "a state type name such as `\"Task\"`",
            type_value,
        );
        return None;
    };
    let Some(kind) = StateKind::from_name(type_name) else {
        let hint = suggest_type(type_name).map_or_else(
            || "; use one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map".to_owned(),
            |t| format!("; did you mean `{t}`?"),
        );
        cx.error(
            &type_pointer,
            format!("unknown state type `{type_name}`{hint}"),
        );
        return None;
    };
    let what = what(kind);
    let mut f = Fields::of(cx, value, pointer, what)?;
    f.take("Type");
    let before = cx.diagnostics.len();
    let state = match kind {
        StateKind::Pass => pass(cx, &mut f).map(State::Pass),
        StateKind::Task => task(cx, &mut f).map(State::Task),
        StateKind::Choice => decode_choice(cx, &mut f).map(State::Choice),
        StateKind::Wait => wait(cx, &mut f).map(State::Wait),
        StateKind::Succeed => Some(State::Succeed(succeed(cx, &mut f))),
        StateKind::Fail => Some(State::Fail(fail(cx, &mut f))),
        StateKind::Parallel => parallel(cx, &mut f).map(State::Parallel),
        StateKind::Map => decode_map(cx, &mut f).map(State::Map),
    };
    f.finish_with(cx, |key| misplaced_field(kind, key));
    state.filter(|_| cx.diagnostics.len() == before)
}

fn what(kind: StateKind) -> &'static str {
    match kind {
        StateKind::Pass => "a Pass state",
        StateKind::Task => "a Task state",
        StateKind::Choice => "a Choice state",
        StateKind::Wait => "a Wait state",
        StateKind::Succeed => "a Succeed state",
        StateKind::Fail => "a Fail state",
        StateKind::Parallel => "a Parallel state",
        StateKind::Map => "a Map state",
    }
}

/// Decodes `Next` / `End`. Both, or `End: false`, are errors; neither is left to the validator.
pub(crate) fn transition(cx: &mut Cx, f: &mut Fields<'_>) -> Option<Transition> {
    let next = f.string(cx, "Next");
    let end = f.take("End");
    match (next, end) {
        (Some(_), Some((_, pointer))) => {
            cx.error(
                &pointer,
                "a state has `Next` or `End`, not both; remove `End` to continue with `Next`",
            );
            None
        }
        (Some(next), None) => Some(Transition::Next(next)),
        (None, Some((Value::Bool(true), _))) => Some(Transition::End),
        (None, Some((other, pointer))) => {
            cx.expected(
                &pointer,
                "End",
                "`true` (to end, or remove it and add `Next`)",
                other,
            );
            None
        }
        (None, None) => None,
    }
}

fn pass(cx: &mut Cx, f: &mut Fields<'_>) -> Option<PassState> {
    Some(PassState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        transition: transition(cx, f),
        input_path: f.path_or_null(cx, "InputPath"),
        parameters: f.template(cx, "Parameters"),
        result: f.json("Result"),
        result_path: f.path_or_null(cx, "ResultPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
    })
}

fn task(cx: &mut Cx, f: &mut Fields<'_>) -> Option<TaskState> {
    let resource = f.required_string(cx, "Resource");
    Some(TaskState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        transition: transition(cx, f),
        resource: Resource::parse(resource.unwrap_or_default()),
        timeout: f.value_or_path(cx, "TimeoutSeconds", "TimeoutSecondsPath", |f, cx| {
            f.int_expr(cx, "TimeoutSeconds")
        }),
        heartbeat: f.value_or_path(cx, "HeartbeatSeconds", "HeartbeatSecondsPath", |f, cx| {
            f.int_expr(cx, "HeartbeatSeconds")
        }),
        credentials: f.template(cx, "Credentials"),
        input_path: f.path_or_null(cx, "InputPath"),
        parameters: f.template(cx, "Parameters"),
        result_selector: f.template(cx, "ResultSelector"),
        result_path: f.path_or_null(cx, "ResultPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        arguments: f.jsonata_value("Arguments"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
        retry: retry(cx, f),
        catch: catch(cx, f),
    })
}

fn wait(cx: &mut Cx, f: &mut Fields<'_>) -> Option<WaitState> {
    let present = f.present_in_order(&["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]);
    let duration = match present.as_slice() {
        ["Seconds"] => f.int_expr(cx, "Seconds").map(WaitDuration::Seconds),
        ["Timestamp"] => f
            .string(cx, "Timestamp")
            .map(|t| WaitDuration::Timestamp(Expr::from_text(t))),
        ["SecondsPath"] => f
            .string(cx, "SecondsPath")
            .map(|p| WaitDuration::SecondsPath(p.into())),
        [_] => f
            .string(cx, "TimestampPath")
            .map(|p| WaitDuration::TimestampPath(p.into())),
        [] => {
            cx.error(f.pointer(), "a Wait state needs one of `Seconds`, `Timestamp`, `SecondsPath` or `TimestampPath`");
            None
        }
        [_, second, ..] => {
            cx.error(
                &f.pointer().key(second),
                format!("a Wait state takes exactly one of `Seconds`, `Timestamp`, `SecondsPath` and `TimestampPath`; found {}", present.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")),
            );
            for key in &present {
                f.take(key);
            }
            None
        }
    };
    Some(WaitState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        transition: transition(cx, f),
        duration: duration.unwrap_or(WaitDuration::Seconds(Expr::Literal(0))),
        input_path: f.path_or_null(cx, "InputPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
    })
}

fn succeed(cx: &mut Cx, f: &mut Fields<'_>) -> SucceedState {
    SucceedState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        input_path: f.path_or_null(cx, "InputPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        output: f.jsonata_value("Output"),
    }
}

fn fail(cx: &mut Cx, f: &mut Fields<'_>) -> FailState {
    FailState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        error: f.value_or_path(cx, "Error", "ErrorPath", |f, cx| {
            f.string(cx, "Error").map(Expr::from_text)
        }),
        cause: f.value_or_path(cx, "Cause", "CausePath", |f, cx| {
            f.string(cx, "Cause").map(Expr::from_text)
        }),
    }
}

fn parallel(cx: &mut Cx, f: &mut Fields<'_>) -> Option<ParallelState> {
    let branches = match f.take("Branches") {
        None => {
            cx.error(
                f.pointer(),
                "a Parallel state needs `Branches`: an array of `{StartAt, States}` machines",
            );
            None
        }
        Some((Value::Array(items), pointer)) => {
            let decoded: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, b)| decode_branch(cx, b, pointer.index(i)))
                .collect();
            decoded.into_iter().collect::<Option<Vec<_>>>()
        }
        Some((other, pointer)) => {
            cx.expected(
                &pointer,
                "Branches",
                "an array of `{StartAt, States}` machines",
                other,
            );
            None
        }
    };
    Some(ParallelState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        transition: transition(cx, f),
        branches: branches.unwrap_or_default(),
        input_path: f.path_or_null(cx, "InputPath"),
        parameters: f.template(cx, "Parameters"),
        result_selector: f.template(cx, "ResultSelector"),
        result_path: f.path_or_null(cx, "ResultPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        arguments: f.jsonata_value("Arguments"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
        retry: retry(cx, f),
        catch: catch(cx, f),
    })
}
