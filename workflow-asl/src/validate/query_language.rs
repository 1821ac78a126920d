//! Where `QueryLanguage` may stand and the field matrix per query language: JSONPath-only
//! fields in JSONata states and JSONata-only fields (or `{% %}` values of typed fields) in
//! JSONPath states.
//!
//! Each refusal is AWS's, as `aws stepfunctions validate-state-machine-definition` answers it
//! (recorded in floci-io/floci, `StepFunctionsValidateStateMachineDefinitionIntegrationTest.java`,
//! section "QueryLanguage compatibility, measured against real AWS", and
//! `docs/services/step-functions.md`, "A state's QueryLanguage, and the fields it may carry"; the
//! cases are the table of `tests/aws_jsonata_definitions/`). AWS reports them all as
//! `SCHEMA_VALIDATION_FAILED`; the messages here carry AWS's text.

use super::{Cx, Scope, ScopeKind, StateCx};
use crate::diagnostic::{Field, Message, Term, field_named, message};
use crate::model::{
    Condition, Expr, IntExpr, MapState, QueryLanguage, SelectorField, State, ValueOrPath,
    WaitDuration,
};
use crate::{Code, Pointer};

/// Fields of one query language found in a state: where each stands and its name.
type Found = Vec<(Pointer, &'static str)>;

/// Records `field` (at `parent`/`field`) when it is present.
fn note(found: &mut Found, present: bool, parent: &Pointer, field: &'static str) {
    if present {
        found.push((parent.key(field), field));
    }
}

/// The state fields whose refusal in the other language is recorded with AWS's words, `The
/// QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata'
/// QueryLanguage` and its mirror (floci's `docs/services/step-functions.md`: `Output`,
/// `Arguments`, `Items` on a JSONPath state; `InputPath`, `OutputPath`, `ResultPath`,
/// `ResultSelector`, `Parameters`, `Result`, `ItemsPath`, `MaxConcurrencyPath` on a JSONata
/// one). AWS locates them at the state.
const AWS_WORDED: &[&str] = &[
    "Output",
    "Arguments",
    "Items",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ResultSelector",
    "Parameters",
    "Result",
    "ItemsPath",
    "MaxConcurrencyPath",
];

/// `QueryLanguage` on a Parallel branch or a Map's `ItemProcessor` / `Iterator`, which are not
/// states: AWS refuses it with `Field 'QueryLanguage' is not supported`, located at the object
/// (recorded: `/States/M/ItemProcessor`, `/States/M/Iterator`, `/States/PAR/Branches[0]`).
pub(crate) fn check_scope(cx: &mut Cx<'_>, scope: &Scope<'_>) {
    if scope.query_language.is_none() || matches!(scope.kind, ScopeKind::Machine) {
        return;
    }
    let what = match scope.kind {
        ScopeKind::Branch { .. } => "a Parallel branch",
        ScopeKind::Iteration { .. } | ScopeKind::Machine => "a Map's item processor",
    };
    cx.error(
        Code::SchemaValidationFailed,
        scope.pointer.clone(),
        message![
            format!("{what} is not a state and takes no query language: Step Functions refuses it (Field 'QueryLanguage' is not supported); set it on the machine or on each state (a state that names none uses the machine's, not the enclosing state's): "),
            Term::JsonataLanguage
        ],
    );
}

/// A state that names JSONPath in a state machine that names JSONata: AWS refuses it with
/// `'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine`, located
/// at the state (here at its `QueryLanguage`), and that is the whole answer about the state's fields: the fields its JSONPath
/// forbids (an `Output`) are not reported on top of it (recorded:
/// `downgradedStateReportsTheMixingDiagnosticAndNothingAboutItsOutput`), while every other
/// check still runs (`downgradedMapStillHasItsMaxConcurrencyValidated`). Only the machine's own
/// `QueryLanguage` counts: a JSONata state in a JSONPath machine may hold JSONPath states in
/// its branches or item processor.
fn is_downgrade(s: &StateCx<'_>) -> bool {
    let machine = s.scopes.first().and_then(|m| m.query_language);
    machine == Some(QueryLanguage::Jsonata)
        && s.state.query_language() == Some(QueryLanguage::JsonPath)
}

/// Checks that the state's query language is one its machine allows, and that the state uses
/// only the fields of its query language.
pub(crate) fn check_fields(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    if is_downgrade(s) {
        // AWS locates it at the state; its `QueryLanguage` is inside it, and is what to change.
        cx.error(
            Code::SchemaValidationFailed,
            s.pointer.key("QueryLanguage"),
            message![
                format!("state `{}` sets ", s.name),
                Term::JsonPathLanguage,
                " in a JSONata state machine: Step Functions refuses it ('QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine); write the state in JSONata, or drop the machine's ",
                Term::JsonataLanguage,
                " and set it on the states that use JSONata"
            ],
        );
        return;
    }
    let jsonata_machine =
        s.scopes.first().and_then(|m| m.query_language) == Some(QueryLanguage::Jsonata);
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
            let worded = at == p.key(field) && AWS_WORDED.contains(&field);
            let writer = p.key("ResultWriter");
            let writer_text = if at == writer.key("Parameters") {
                result_writer_text(&writer)
            } else {
                String::new()
            };
            let instead = jsonata_replacement(field);
            // A JSONata machine cannot hold a JSONPath state (see `is_downgrade`).
            let or_jsonpath: Message = if jsonata_machine {
                "".into()
            } else {
                message![", or set ", Term::JsonPathLanguage, " on the state"]
            };
            cx.error(
                Code::JsonPathFieldInJsonataState,
                at,
                message![
                    field_named(field),
                    format!(
                        " is a JSONPath field, but state `{}` uses JSONata{}{writer_text}; ",
                        s.name,
                        aws_text(worded, "JSONata", field, "JSONPath")
                    ),
                    instead,
                    or_jsonpath
                ],
            );
        }
    } else {
        for (at, field) in jsonata_only {
            let worded = at == p.key(field) && AWS_WORDED.contains(&field);
            cx.error(
                Code::JsonataFieldInJsonPathState,
                at,
                message![
                    field_named(field),
                    format!(
                        " is a JSONata field, but state `{}` uses JSONPath{}; set ",
                        s.name,
                        aws_text(worded, "JSONPath", field, "JSONata")
                    ),
                    Term::JsonataLanguage,
                    " on the state (or the machine), or use the JSONPath fields instead"
                ],
            );
        }
    }
}

/// AWS's words for a field of the other language, in parentheses, where they are recorded
/// ([`AWS_WORDED`]).
fn aws_text(worded: bool, language: &str, field: &str, only: &str) -> String {
    if worded {
        format!(
            " (Step Functions: The QueryLanguage is set to '{language}', but field '{field}' is only supported for the '{only}' QueryLanguage)"
        )
    } else {
        String::new()
    }
}

/// AWS's words for a JSONata Distributed Map's `ResultWriter` written with `Parameters`, which
/// a deployment refuses for the `Arguments` it lacks, at the `ResultWriter` (recorded in
/// aws-cdk issues 33396 and 35403: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED:
/// These fields are required: [Arguments] at /States/…/ResultWriter'`).
fn result_writer_text(writer: &Pointer) -> String {
    format!(
        " (Step Functions: SCHEMA_VALIDATION_FAILED: These fields are required: [Arguments] at {})",
        writer.as_str()
    )
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
            let timestamp = matches!(&w.duration, WaitDuration::Timestamp(Expr::Jsonata(_)));
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
            let jsonata_value = |v: &Option<ValueOrPath<Expr<String>>>| {
                matches!(v, Some(ValueOrPath::Value(Expr::Jsonata(_))))
            };
            note(found, jsonata_value(&f.error), p, "Error");
            note(found, jsonata_value(&f.cause), p, "Cause");
        }
        _ => {}
    }
}

fn is_jsonata(e: &IntExpr) -> bool {
    matches!(e, Expr::Jsonata(_))
}
