//! The field matrix per query language: JSONPath-only fields in JSONata states and
//! JSONata-only fields (or `{% %}` values of typed fields) in JSONPath states.

use super::{Cx, StateCx};
use crate::model::{
    Catcher, Condition, Expr, IntExpr, MapState, SelectorField, State, ValueOrPath, WaitDuration,
};
use crate::{Code, Pointer};

/// Checks that the state uses only the fields of its query language.
pub(crate) fn check_fields(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    let mut jsonpath_only: Vec<(Pointer, &'static str)> = Vec::new();
    let mut jsonata_only: Vec<(Pointer, &'static str)> = Vec::new();
    let p = &s.pointer;
    let mut jp = |present: bool, field: &'static str, at: Pointer| {
        if present {
            jsonpath_only.push((at, field));
        }
    };
    let state = s.state;
    jp(
        state.input_path().is_some(),
        "InputPath",
        p.key("InputPath"),
    );
    jp(
        state.output_path().is_some(),
        "OutputPath",
        p.key("OutputPath"),
    );
    jp(
        state.parameters().is_some(),
        "Parameters",
        p.key("Parameters"),
    );
    jp(
        state.result_selector().is_some(),
        "ResultSelector",
        p.key("ResultSelector"),
    );
    jp(
        state.result_path().is_some(),
        "ResultPath",
        p.key("ResultPath"),
    );
    match s.state {
        State::Pass(pass) => jp(pass.result.is_some(), "Result", p.key("Result")),
        State::Task(t) => {
            jp(
                is_path(&t.timeout),
                "TimeoutSecondsPath",
                p.key("TimeoutSecondsPath"),
            );
            jp(
                is_path(&t.heartbeat),
                "HeartbeatSecondsPath",
                p.key("HeartbeatSecondsPath"),
            );
        }
        State::Wait(w) => match &w.duration {
            WaitDuration::SecondsPath(_) => jp(true, "SecondsPath", p.key("SecondsPath")),
            WaitDuration::TimestampPath(_) => jp(true, "TimestampPath", p.key("TimestampPath")),
            _ => {}
        },
        State::Fail(f) => {
            jp(is_path(&f.error), "ErrorPath", p.key("ErrorPath"));
            jp(is_path(&f.cause), "CausePath", p.key("CausePath"));
        }
        State::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                let at = p.key("Choices").index(i);
                match &rule.condition {
                    Condition::Jsonata(_) => jsonata_only.push((at.key("Condition"), "Condition")),
                    Condition::Test(_) => jsonpath_only.push((at.key("Variable"), "Variable")),
                    Condition::And(_) => jsonpath_only.push((at.key("And"), "And")),
                    Condition::Or(_) => jsonpath_only.push((at.key("Or"), "Or")),
                    Condition::Not(_) => jsonpath_only.push((at.key("Not"), "Not")),
                }
                if rule.output.is_some() {
                    jsonata_only.push((at.key("Output"), "Output"));
                }
            }
        }
        State::Map(m) => map_fields(m, p, &mut jsonpath_only, &mut jsonata_only),
        State::Succeed(_) | State::Parallel(_) => {}
    }
    for (i, c) in s.state.catchers().unwrap_or_default().iter().enumerate() {
        catcher_fields(
            c,
            &p.key("Catch").index(i),
            &mut jsonpath_only,
            &mut jsonata_only,
        );
    }
    if state.arguments().is_some() {
        jsonata_only.push((p.key("Arguments"), "Arguments"));
    }
    if state.output().is_some() {
        jsonata_only.push((p.key("Output"), "Output"));
    }
    typed_jsonata_values(s.state, p, &mut jsonata_only);

    if s.is_jsonata() {
        for (at, field) in jsonpath_only {
            let instead = jsonata_replacement(field);
            cx.error(
                Code::JsonPathFieldInJsonataState,
                at,
                format!(
                    "`{field}` is a JSONPath field, but state `{}` uses JSONata; {instead}, or set `\"QueryLanguage\": \"JSONPath\"` on the state",
                    s.name
                ),
            );
        }
    } else {
        for (at, field) in jsonata_only {
            cx.error(
                Code::JsonataFieldInJsonPathState,
                at,
                format!(
                    "`{field}` is a JSONata field, but state `{}` uses JSONPath; set `\"QueryLanguage\": \"JSONata\"` on the state (or the machine), or use the JSONPath fields instead",
                    s.name
                ),
            );
        }
    }
}

fn jsonata_replacement(field: &str) -> &'static str {
    match field {
        "InputPath" | "Parameters" => "pass data with `Arguments` and `{% %}` expressions",
        "ResultSelector" | "ResultPath" | "OutputPath" | "Result" => {
            "shape the output with `Output`"
        }
        "ItemsPath" => "give the items with `Items`",
        "Variable" | "And" | "Or" | "Not" => "test with `Condition`",
        _ => "write the value as a `{% %}` expression in the field without `Path`",
    }
}

fn is_path<T>(v: &Option<ValueOrPath<T>>) -> bool {
    matches!(v, Some(ValueOrPath::Path(_)))
}

fn is_jsonata_expr<T>(v: &Option<ValueOrPath<Expr<T>>>) -> bool {
    matches!(v, Some(ValueOrPath::Value(Expr::Jsonata(_))))
}

fn catcher_fields(
    c: &Catcher,
    at: &Pointer,
    jsonpath_only: &mut Vec<(Pointer, &'static str)>,
    jsonata_only: &mut Vec<(Pointer, &'static str)>,
) {
    if c.result_path.is_some() {
        jsonpath_only.push((at.key("ResultPath"), "ResultPath"));
    }
    if c.output.is_some() {
        jsonata_only.push((at.key("Output"), "Output"));
    }
}

fn map_fields(
    m: &MapState,
    p: &Pointer,
    jsonpath_only: &mut Vec<(Pointer, &'static str)>,
    jsonata_only: &mut Vec<(Pointer, &'static str)>,
) {
    let mut jp = |present: bool, field: &'static str, at: Pointer| {
        if present {
            jsonpath_only.push((at, field));
        }
    };
    jp(m.items_path.is_some(), "ItemsPath", p.key("ItemsPath"));
    jp(
        m.item_selector.is_some() && m.selector_field == SelectorField::Parameters,
        "Parameters",
        p.key("Parameters"),
    );
    jp(
        is_path(&m.max_concurrency),
        "MaxConcurrencyPath",
        p.key("MaxConcurrencyPath"),
    );
    jp(
        is_path(&m.tolerated_failure_percentage),
        "ToleratedFailurePercentagePath",
        p.key("ToleratedFailurePercentagePath"),
    );
    jp(
        is_path(&m.tolerated_failure_count),
        "ToleratedFailureCountPath",
        p.key("ToleratedFailureCountPath"),
    );
    if let Some(r) = &m.item_reader {
        let at = p.key("ItemReader");
        jp(r.parameters.is_some(), "Parameters", at.key("Parameters"));
        if let Some(c) = &r.reader_config {
            jp(
                is_path(&c.max_items),
                "MaxItemsPath",
                at.key("ReaderConfig").key("MaxItemsPath"),
            );
        }
        if r.arguments.is_some() {
            jsonata_only.push((at.key("Arguments"), "Arguments"));
        }
    }
    if let Some(b) = &m.item_batcher {
        let at = p.key("ItemBatcher");
        jp(
            is_path(&b.max_items_per_batch),
            "MaxItemsPerBatchPath",
            at.key("MaxItemsPerBatchPath"),
        );
        jp(
            is_path(&b.max_input_bytes_per_batch),
            "MaxInputBytesPerBatchPath",
            at.key("MaxInputBytesPerBatchPath"),
        );
    }
    if let Some(w) = &m.result_writer {
        let at = p.key("ResultWriter");
        jp(w.parameters.is_some(), "Parameters", at.key("Parameters"));
        if w.arguments.is_some() {
            jsonata_only.push((at.key("Arguments"), "Arguments"));
        }
    }
    if m.items.is_some() {
        jsonata_only.push((p.key("Items"), "Items"));
    }
}

/// `{% %}` values of typed fields (`Seconds`, `TimeoutSeconds`, `MaxConcurrency`, ...) are
/// JSONata-only.
fn typed_jsonata_values(
    state: &State,
    p: &Pointer,
    jsonata_only: &mut Vec<(Pointer, &'static str)>,
) {
    let mut push = |yes: bool, field: &'static str, at: Pointer| {
        if yes {
            jsonata_only.push((at, field));
        }
    };
    match state {
        State::Task(t) => {
            push(
                is_jsonata_expr(&t.timeout),
                "TimeoutSeconds",
                p.key("TimeoutSeconds"),
            );
            push(
                is_jsonata_expr(&t.heartbeat),
                "HeartbeatSeconds",
                p.key("HeartbeatSeconds"),
            );
        }
        State::Wait(w) => {
            let seconds = matches!(&w.duration, WaitDuration::Seconds(e) if is_jsonata(e));
            let timestamp = matches!(&w.duration, WaitDuration::Timestamp(t) if crate::path::looks_like_jsonata(t));
            push(seconds, "Seconds", p.key("Seconds"));
            push(timestamp, "Timestamp", p.key("Timestamp"));
        }
        State::Map(m) => {
            push(
                is_jsonata_expr(&m.max_concurrency),
                "MaxConcurrency",
                p.key("MaxConcurrency"),
            );
            push(
                is_jsonata_expr(&m.tolerated_failure_percentage),
                "ToleratedFailurePercentage",
                p.key("ToleratedFailurePercentage"),
            );
            push(
                is_jsonata_expr(&m.tolerated_failure_count),
                "ToleratedFailureCount",
                p.key("ToleratedFailureCount"),
            );
        }
        State::Fail(f) => {
            let jsonata_value = |v: &Option<ValueOrPath<String>>| matches!(v, Some(ValueOrPath::Value(s)) if crate::path::looks_like_jsonata(s));
            push(jsonata_value(&f.error), "Error", p.key("Error"));
            push(jsonata_value(&f.cause), "Cause", p.key("Cause"));
        }
        _ => {}
    }
}

fn is_jsonata(e: &IntExpr) -> bool {
    matches!(e, Expr::Jsonata(_))
}
