//! The field matrix per query language: JSONPath-only fields in JSONata states and
//! JSONata-only fields (or `{% %}` values of typed fields) in JSONPath states.

use super::{Cx, StateCx};
use crate::diagnostic::{Field, Message, Term, field_named, message};
use crate::model::{
    Condition, Expr, IntExpr, MapState, SelectorField, State, ValueOrPath, WaitDuration,
};
use crate::{Code, Pointer};
use workflow_jsonata::jsonata_string::looks_like_jsonata;

/// Fields of one query language found in a state: where each stands and its name.
type Found = Vec<(Pointer, &'static str)>;

/// Records `field` (at `parent`/`field`) when it is present.
fn note(found: &mut Found, present: bool, parent: &Pointer, field: &'static str) {
    if present {
        found.push((parent.key(field), field));
    }
}

/// Checks that the state uses only the fields of its query language.
pub(crate) fn check_fields(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    let mut jsonpath_only = Found::new();
    let mut jsonata_only = Found::new();
    let p = &s.pointer;
    let state = s.state;
    let jp = &mut jsonpath_only;
    note(jp, state.input_path().is_some(), p, "InputPath");
    note(jp, state.output_path().is_some(), p, "OutputPath");
    note(jp, state.parameters().is_some(), p, "Parameters");
    note(jp, state.result_selector().is_some(), p, "ResultSelector");
    note(jp, state.result_path().is_some(), p, "ResultPath");
    match state {
        State::Pass(pass) => note(jp, pass.result.is_some(), p, "Result"),
        State::Task(t) => {
            note(jp, is_path(&t.timeout), p, "TimeoutSecondsPath");
            note(jp, is_path(&t.heartbeat), p, "HeartbeatSecondsPath");
        }
        State::Wait(w) => {
            let seconds_path = matches!(w.duration, WaitDuration::SecondsPath(_));
            let timestamp_path = matches!(w.duration, WaitDuration::TimestampPath(_));
            note(jp, seconds_path, p, "SecondsPath");
            note(jp, timestamp_path, p, "TimestampPath");
        }
        State::Fail(f) => {
            note(jp, is_path(&f.error), p, "ErrorPath");
            note(jp, is_path(&f.cause), p, "CausePath");
        }
        State::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                let at = p.key("Choices").index(i);
                match &rule.condition {
                    Condition::Jsonata(_) => note(&mut jsonata_only, true, &at, "Condition"),
                    Condition::Test(_) => note(jp, true, &at, "Variable"),
                    Condition::And(_) => note(jp, true, &at, "And"),
                    Condition::Or(_) => note(jp, true, &at, "Or"),
                    Condition::Not(_) => note(jp, true, &at, "Not"),
                }
                note(&mut jsonata_only, rule.output.is_some(), &at, "Output");
            }
        }
        State::Map(m) => map_fields(m, p, jp, &mut jsonata_only),
        State::Succeed(_) | State::Parallel(_) => {}
    }
    for (i, c) in state.catchers().unwrap_or_default().iter().enumerate() {
        let at = p.key("Catch").index(i);
        note(
            &mut jsonpath_only,
            c.result_path.is_some(),
            &at,
            "ResultPath",
        );
        note(&mut jsonata_only, c.output.is_some(), &at, "Output");
    }
    note(
        &mut jsonata_only,
        state.arguments().is_some(),
        p,
        "Arguments",
    );
    note(&mut jsonata_only, state.output().is_some(), p, "Output");
    typed_jsonata_values(state, p, &mut jsonata_only);

    if s.is_jsonata() {
        for (at, field) in jsonpath_only {
            let instead = jsonata_replacement(field);
            cx.error(
                Code::JsonPathFieldInJsonataState,
                at,
                message![
                    field_named(field),
                    format!(
                        " is a JSONPath field, but state `{}` uses JSONata; ",
                        s.name
                    ),
                    instead,
                    ", or set ",
                    Term::JsonPathLanguage,
                    " on the state"
                ],
            );
        }
    } else {
        for (at, field) in jsonata_only {
            cx.error(
                Code::JsonataFieldInJsonPathState,
                at,
                message![
                    field_named(field),
                    format!(
                        " is a JSONata field, but state `{}` uses JSONPath; set ",
                        s.name
                    ),
                    Term::JsonataLanguage,
                    " on the state (or the machine), or use the JSONPath fields instead"
                ],
            );
        }
    }
}

fn jsonata_replacement(field: &str) -> Message {
    match field {
        "InputPath" | "Parameters" => message![
            "pass data with ",
            Field::Arguments,
            " and `{% %}` expressions"
        ],
        "ResultSelector" | "ResultPath" | "OutputPath" | "Result" => {
            message!["shape the output with ", Field::Output]
        }
        "ItemsPath" => "give the items with `Items`".into(),
        "Variable" | "And" | "Or" | "Not" => message!["test with ", Term::Condition],
        _ => "write the value as a `{% %}` expression in the field without `Path`".into(),
    }
}

fn is_path<T>(v: &Option<ValueOrPath<T>>) -> bool {
    matches!(v, Some(ValueOrPath::Path(_)))
}

fn is_jsonata_expr<T>(v: &Option<ValueOrPath<Expr<T>>>) -> bool {
    matches!(v, Some(ValueOrPath::Value(Expr::Jsonata(_))))
}

fn map_fields(m: &MapState, p: &Pointer, jp: &mut Found, jsonata_only: &mut Found) {
    let parameters = m.item_selector.is_some() && m.selector_field == SelectorField::Parameters;
    note(jp, m.items_path.is_some(), p, "ItemsPath");
    note(jp, parameters, p, "Parameters");
    note(jp, is_path(&m.max_concurrency), p, "MaxConcurrencyPath");
    let percentage = is_path(&m.tolerated_failure_percentage);
    note(jp, percentage, p, "ToleratedFailurePercentagePath");
    let count = is_path(&m.tolerated_failure_count);
    note(jp, count, p, "ToleratedFailureCountPath");
    if let Some(r) = &m.item_reader {
        let at = p.key("ItemReader");
        note(jp, r.parameters.is_some(), &at, "Parameters");
        if let Some(c) = &r.reader_config {
            note(
                jp,
                is_path(&c.max_items),
                &at.key("ReaderConfig"),
                "MaxItemsPath",
            );
        }
        note(jsonata_only, r.arguments.is_some(), &at, "Arguments");
    }
    if let Some(b) = &m.item_batcher {
        let at = p.key("ItemBatcher");
        note(
            jp,
            is_path(&b.max_items_per_batch),
            &at,
            "MaxItemsPerBatchPath",
        );
        let bytes = is_path(&b.max_input_bytes_per_batch);
        note(jp, bytes, &at, "MaxInputBytesPerBatchPath");
    }
    if let Some(w) = &m.result_writer {
        let at = p.key("ResultWriter");
        note(jp, w.parameters.is_some(), &at, "Parameters");
        note(jsonata_only, w.arguments.is_some(), &at, "Arguments");
    }
    note(jsonata_only, m.items.is_some(), p, "Items");
}

/// `{% %}` values of typed fields (`Seconds`, `TimeoutSeconds`, `MaxConcurrency`, ...) are
/// JSONata-only.
fn typed_jsonata_values(state: &State, p: &Pointer, found: &mut Found) {
    match state {
        State::Task(t) => {
            note(found, is_jsonata_expr(&t.timeout), p, "TimeoutSeconds");
            note(found, is_jsonata_expr(&t.heartbeat), p, "HeartbeatSeconds");
        }
        State::Wait(w) => {
            let seconds = matches!(&w.duration, WaitDuration::Seconds(e) if is_jsonata(e));
            let timestamp =
                matches!(&w.duration, WaitDuration::Timestamp(t) if looks_like_jsonata(t));
            note(found, seconds, p, "Seconds");
            note(found, timestamp, p, "Timestamp");
        }
        State::Map(m) => {
            note(
                found,
                is_jsonata_expr(&m.max_concurrency),
                p,
                "MaxConcurrency",
            );
            let percentage = is_jsonata_expr(&m.tolerated_failure_percentage);
            note(found, percentage, p, "ToleratedFailurePercentage");
            let count = is_jsonata_expr(&m.tolerated_failure_count);
            note(found, count, p, "ToleratedFailureCount");
        }
        State::Fail(f) => {
            let jsonata_value = |v: &Option<ValueOrPath<String>>| matches!(v, Some(ValueOrPath::Value(s)) if looks_like_jsonata(s));
            note(found, jsonata_value(&f.error), p, "Error");
            note(found, jsonata_value(&f.cause), p, "Cause");
        }
        _ => {}
    }
}

fn is_jsonata(e: &IntExpr) -> bool {
    matches!(e, Expr::Jsonata(_))
}
