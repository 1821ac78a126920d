//! The clauses after a state's kind (`input_path = …`, `assign { … }`, `retry …`, …): which
//! state kinds take which clause, unknown and repeated clauses, and lowering each into the
//! state's [`Fields`].

use super::Cx;
use super::error_handling;
use super::fields::{self, int_or_path, path_or_null};
use super::map::{self, MapFields};
use super::state_cx::{Seen, StateCx};
use super::values::{self, Mode, span_of};
use crate::ast::{Clause, Value};
use crate::suggest::{asl_spelling_hint, did_you_mean, list};
use proc_macro2::Span;
use serde_json::{Map, Value as Json};
use syn::Ident;
use workflow_asl::{
    Catcher, IntExpr, JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage, Retrier, StateKind,
    ValueOrPath,
};

/// Every field a clause can set; the state is assembled from it once all clauses are read.
#[derive(Default)]
pub(super) struct Fields {
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub input_path: Option<PathOrNull>,
    pub output_path: Option<PathOrNull>,
    pub result_path: Option<PathOrNull>,
    pub parameters: Option<PayloadTemplate>,
    pub result: Option<Json>,
    pub result_selector: Option<PayloadTemplate>,
    pub arguments: Option<JsonataValue>,
    pub output: Option<JsonataValue>,
    pub assign: Option<PayloadTemplate>,
    pub credentials: Option<PayloadTemplate>,
    pub timeout: Option<ValueOrPath<IntExpr>>,
    pub heartbeat: Option<ValueOrPath<IntExpr>>,
    pub retry: Option<Vec<Retrier>>,
    pub catch: Option<Vec<Catcher>>,
    pub map: MapFields,
}

use StateKind::{Choice, Fail, Map as MapKind, Parallel, Pass, Succeed, Task, Wait};

const ALL: &[StateKind] = &[Pass, Task, Choice, Wait, Succeed, Fail, Parallel, MapKind];
const ALL_BUT_FAIL: &[StateKind] = &[Pass, Task, Choice, Wait, Succeed, Parallel, MapKind];
const RESULT: &[StateKind] = &[Pass, Task, Parallel, MapKind];
const ERRORS: &[StateKind] = &[Task, Parallel, MapKind];
const ASSIGN: &[StateKind] = &[Pass, Task, Choice, Wait, Parallel, MapKind];
const TASK: &[StateKind] = &[Task];
const PASS: &[StateKind] = &[Pass];
const MAP: &[StateKind] = &[MapKind];

/// Every clause: its name, the kinds that take it, and what the message says they do.
pub(crate) const CLAUSES: &[(&str, &[StateKind], &str)] = &[
    ("comment", ALL, "take it"),
    ("query_language", ALL, "take it"),
    ("input_path", ALL_BUT_FAIL, "take it"),
    ("output_path", ALL_BUT_FAIL, "take it"),
    ("output", ALL_BUT_FAIL, "take it"),
    ("result_path", RESULT, "have a result to place"),
    ("parameters", &[Pass, Task, Parallel, MapKind], "take it"),
    ("result_selector", ERRORS, "have a result to select from"),
    ("result", PASS, "take it"),
    ("assign", ASSIGN, "assign variables"),
    ("arguments", &[Task, Parallel], "take it"),
    ("credentials", TASK, "take it"),
    ("timeout", TASK, "time out"),
    ("heartbeat", TASK, "take it"),
    ("retry", ERRORS, "retry"),
    ("catch", ERRORS, "catch errors"),
    ("items", MAP, "take it"),
    ("items_path", MAP, "take it"),
    ("item_selector", MAP, "take it"),
    ("max_concurrency", MAP, "take it"),
    ("label", MAP, "take it"),
    ("tolerated_failure_percentage", MAP, "take it"),
    ("tolerated_failure_count", MAP, "take it"),
    ("distributed", MAP, "take it"),
    ("inline", MAP, "take it"),
    ("iterator", MAP, "take it"),
    ("execution", MAP, "take it"),
    ("reader", MAP, "read items"),
    ("writer", MAP, "write results"),
    ("batch", MAP, "batch items"),
    ("returns", TASK, "have a handler whose answer to declare"),
    ("item", MAP, "read items"),
];

/// Whether `name` is a clause of some kind of state (`output`, `result_path`, …): the parser
/// asks, to say what is missing after one written without its `=` or `{ … }`.
pub(crate) fn is_clause(name: &str) -> bool {
    CLAUSES.iter().any(|(n, _, _)| *n == name)
}

/// The lowercase name of a kind.
pub(crate) fn kind_name(kind: StateKind) -> &'static str {
    match kind {
        Pass => "pass",
        Task => "task",
        Choice => "choice",
        Wait => "wait",
        Succeed => "succeed",
        Fail => "fail",
        Parallel => "parallel",
        MapKind => "map",
    }
}

/// "a pass state", "an …" never occurs: every kind starts with a consonant.
fn a_kind(kind: StateKind) -> String {
    format!("a {} state", kind_name(kind))
}

/// Whether a `name` clause may be written on a `kind` state; reports it when not (or when the
/// clause is unknown).
fn allowed(cx: &mut Cx<'_>, name: &str, span: Span, kind: StateKind) -> bool {
    let Some((_, kinds, verb)) = CLAUSES.iter().find(|(n, _, _)| *n == name) else {
        let names: Vec<&str> = CLAUSES.iter().map(|(n, _, _)| *n).collect();
        let own: Vec<&str> = CLAUSES
            .iter()
            .filter(|(_, k, _)| k.contains(&kind))
            .map(|(n, _, _)| *n)
            .collect();
        let message = match (asl_spelling_hint(name, &own), did_you_mean(name, &names)) {
            (Some(hint), _) => format!("unknown clause `{name}`{hint}"),
            (None, Some(best)) => format!("unknown clause `{name}`; did you mean `{best}`?"),
            (None, None) => {
                format!(
                    "unknown clause `{name}`; {} takes {}",
                    a_kind(kind),
                    list(&own, "and")
                )
            }
        };
        cx.error(span, message);
        return false;
    };
    if kinds.contains(&kind) {
        return true;
    }
    let takers = if kinds.len() == ALL.len() - 1 {
        let missing = ALL
            .iter()
            .find(|k| !kinds.contains(k))
            .copied()
            .unwrap_or(Fail);
        let verb = if *verb == "take it" { "takes it" } else { verb };
        format!("every state but {} {verb}", kind_name(missing))
    } else {
        let names: Vec<&str> = kinds.iter().map(|k| kind_name(*k)).collect();
        let names = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        };
        format!("only {names} states {verb}")
    };
    cx.error(
        span,
        format!("`{name}` is not allowed on {}; {takers}", a_kind(kind)),
    );
    false
}

/// Applies a state's clauses to `fields`.
pub(super) fn apply(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    clauses: &[Clause],
    fields: &mut Fields,
    seen: &mut Seen,
) {
    for clause in clauses {
        match clause {
            Clause::Set { key, value } | Clause::Block { key, value } => {
                let name = key.to_string();
                if allowed(cx, &name, key.span(), s.kind) && seen.first(cx, &name, key.span()) {
                    set(cx, s, key, value, fields);
                }
            }
            Clause::Retry {
                keyword,
                errors,
                args,
            } => {
                if allowed(cx, "retry", *keyword, s.kind) {
                    let index = fields.retry.as_ref().map_or(0, Vec::len);
                    let retrier = error_handling::retrier(cx, s, index, *keyword, errors, args);
                    fields.retry.get_or_insert_with(Vec::new).push(retrier);
                }
            }
            Clause::Catch {
                keyword,
                errors,
                args,
                assign,
                next,
            } => {
                if allowed(cx, "catch", *keyword, s.kind) {
                    let index = fields.catch.as_ref().map_or(0, Vec::len);
                    let catcher = error_handling::catcher(
                        cx,
                        s,
                        index,
                        *keyword,
                        errors,
                        args,
                        assign.as_ref(),
                        next,
                    );
                    fields.catch.get_or_insert_with(Vec::new).push(catcher);
                }
            }
            Clause::Reader {
                keyword,
                resource,
                body,
                args,
                config,
            } => {
                if allowed(cx, "reader", *keyword, s.kind) && seen.first(cx, "reader", *keyword) {
                    fields.map.item_reader =
                        map::reader(cx, s, *keyword, resource, body.as_ref(), args, *config);
                }
            }
            Clause::Writer {
                keyword,
                resource,
                body,
                args,
            } => {
                if allowed(cx, "writer", *keyword, s.kind) && seen.first(cx, "writer", *keyword) {
                    fields.map.result_writer =
                        map::writer(cx, s, *keyword, resource.as_ref(), body.as_ref(), args);
                }
            }
            Clause::Batch { keyword, args } => {
                if allowed(cx, "batch", *keyword, s.kind) && seen.first(cx, "batch", *keyword) {
                    fields.map.item_batcher = map::batcher(cx, s, *keyword, args);
                }
            }
            Clause::Returns { keyword, ty } => {
                if allowed(cx, "returns", *keyword, s.kind) && seen.first(cx, "returns", *keyword) {
                    cx.declared
                        .results
                        .insert(s.at.clone(), crate::input_type::declared_type(ty));
                }
            }
            Clause::Item { keyword, ty } => {
                if allowed(cx, "item", *keyword, s.kind) && seen.first(cx, "item", *keyword) {
                    fields.map.declared_item = Some(map::DeclaredItem::of(*keyword, ty));
                }
            }
        }
    }
}

/// One `key = value` or `key { … }` clause.
fn set(cx: &mut Cx<'_>, s: &StateCx<'_>, key: &Ident, value: &Value, f: &mut Fields) {
    let name = key.to_string();
    let at = &s.at;
    let value_span = span_of(value);
    match name.as_str() {
        "comment" => {
            f.comment = fields::string(cx, value, "comment");
            cx.record(&at.key("Comment"), value_span);
        }
        "query_language" => {
            f.query_language = fields::query_language(cx, value);
            cx.record(&at.key("QueryLanguage"), value_span);
        }
        "input_path" => {
            f.input_path = path_or_null(cx, value, "input_path");
            cx.record(&at.key("InputPath"), value_span);
        }
        "output_path" => {
            f.output_path = path_or_null(cx, value, "output_path");
            cx.record(&at.key("OutputPath"), value_span);
        }
        "result_path" => {
            f.result_path = path_or_null(cx, value, "result_path");
            cx.record(&at.key("ResultPath"), value_span);
        }
        "output" => {
            let field = at.key("Output");
            cx.record(&field, value_span);
            f.output = values::json(cx, value, s.mode(), &field, "output").map(JsonataValue::new);
        }
        "result" => {
            let field = at.key("Result");
            cx.record(&field, value_span);
            f.result = values::json(cx, value, Mode::Static, &field, "result");
        }
        "arguments" => {
            let field = at.key("Arguments");
            cx.record(&field, key.span());
            f.arguments =
                values::json(cx, value, s.mode(), &field, "arguments").map(JsonataValue::new);
        }
        "parameters" if s.kind == MapKind => map::setting(cx, s, key, Some(value), &mut f.map),
        "parameters" => {
            f.parameters = template(cx, s, key, value, "Parameters").map(PayloadTemplate::new);
        }
        "result_selector" => {
            f.result_selector =
                template(cx, s, key, value, "ResultSelector").map(PayloadTemplate::new);
        }
        "assign" => {
            let field = s.at.key("Assign");
            cx.record(&field, key.span());
            f.assign = values::assign(cx, value, s.mode(), &field).map(PayloadTemplate::new);
        }
        "credentials" => {
            f.credentials = template(cx, s, key, value, "Credentials").map(PayloadTemplate::new);
        }
        "timeout" => f.timeout = seconds(cx, s, value, "timeout", "TimeoutSeconds"),
        "heartbeat" => f.heartbeat = seconds(cx, s, value, "heartbeat", "HeartbeatSeconds"),
        _ => map::setting(cx, s, key, Some(value), &mut f.map),
    }
}

/// A payload-template clause (`assign { … }`, …) at `at/field`.
pub(super) fn template(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    key: &Ident,
    value: &Value,
    field: &str,
) -> Option<Map<String, Json>> {
    let at = s.at.key(field);
    cx.record(&at, key.span());
    values::template(cx, value, s.mode(), &at, &key.to_string())
}

/// `timeout`/`heartbeat`: a whole number of seconds (`field`) or a path (`fieldPath`).
fn seconds(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    value: &Value,
    what: &str,
    field: &str,
) -> Option<ValueOrPath<IntExpr>> {
    let lowered = int_or_path(cx, value, s.ql, what)?;
    let key = match lowered {
        ValueOrPath::Value(_) => field.to_owned(),
        ValueOrPath::Path(_) => format!("{field}Path"),
    };
    cx.record(&s.at.key(&key), span_of(value));
    Some(lowered)
}
