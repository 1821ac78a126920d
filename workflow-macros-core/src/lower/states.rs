//! One state of each kind: its body, its kind's arguments, its clauses and its transition.
//!
//! - `pass { … }`: the body is `Parameters` (JSONPath) or `Output` (JSONata);
//! - `task "arn:…" { … }` and `service::action.pattern { … }`: `Resource`, the body is
//!   `Parameters` (JSONPath) or `Arguments` (JSONata);
//! - `choice { when COND => TARGET (clauses), …, otherwise => TARGET }`;
//! - `wait(seconds = …)` / `wait(timestamp = …)`: a literal → `Seconds`/`Timestamp`, a path →
//!   `SecondsPath`/`TimestampPath`;
//! - `succeed`, `fail(error = …, cause = …)`: a string → `Error`/`Cause`, a path or intrinsic
//!   → `ErrorPath`/`CausePath`;
//! - `parallel { branch { … } … }`, `map(…) { … }`.
//!
//! No `-> TARGET` means `End: true` for the states that have a transition.

use super::args::{arg_value, each_arg};
use super::clauses::{self, Fields};
use super::fields::{self, int_or_path, string_or_path};
use super::map;
use super::scope;
use super::state_cx::{Seen, StateCx};
use super::values::{self, Mode, span_of};
use super::{Cx, conditions};
use super::{resources, sagemaker_steps};
use crate::ast::{Arg, BranchDef, ChoiceRuleDef, Clause, Name, StateDef, StateKindDef, Value};
use proc_macro2::Span;
use syn::LitStr;
use workflow_asl::{
    Branch, ChoiceRule, ChoiceState, Expr, FailState, ItemProcessor, JsonataValue, MapState,
    ParallelState, PassState, PayloadTemplate, Pointer, ProcessorConfig, ProcessorField,
    ProcessorMode, QueryLanguage, State, StateKind, SucceedState, TaskState, Transition,
    ValueOrPath, WaitDuration, WaitState,
};
use workflow_aws_models::{Resource, Usage};

/// Lowers one state at `at` (`…/States/NAME`).
pub(super) fn lower_state(cx: &mut Cx<'_>, def: &StateDef, at: Pointer) -> State {
    cx.record(&at, def.name.span);
    let (kind, keyword) = kind_of(&def.kind);
    let ql = declared_ql(&def.clauses).unwrap_or(cx.machine_ql);
    let s = StateCx {
        name: &def.name.value,
        at,
        kind,
        ql,
    };
    let mut f = Fields::default();
    let mut seen = Seen::default();
    let resource = match sagemaker_steps::named(cx, &def.kind) {
        sagemaker_steps::Named::Step(form) => {
            let step = sagemaker_steps::lower(cx, &s, form, &def.kind);
            seen.body = Some("parameters");
            f.parameters = step.parameters.map(PayloadTemplate::new);
            Some(step.resource)
        }
        sagemaker_steps::Named::UnknownStep => Some(Resource::parse(sagemaker_steps::PLACEHOLDER)),
        sagemaker_steps::Named::Other => {
            let resource = resource(cx, &s, &def.kind);
            body(cx, &s, &def.kind, &mut f, &mut seen);
            resource
        }
    };
    if let StateKindDef::Map { args, .. } = &def.kind {
        map::arguments(cx, &s, args, &mut f.map, &mut seen);
    }
    clauses::apply(cx, &s, &def.clauses, &mut f, &mut seen);
    if let Some(docs) = doc_comment(&def.docs) {
        match seen.clauses.get("comment") {
            Some(span) => cx.error(
                *span,
                format!(
                    "state `{}` has both doc comments and `comment = …`; keep one",
                    s.name
                ),
            ),
            None => {
                cx.record(
                    &s.at.key("Comment"),
                    def.docs.first().map_or(def.name.span, LitStr::span),
                );
                f.comment = Some(docs);
            }
        }
    }
    let transition = transition(cx, &s, def.next.as_ref());
    match &def.kind {
        StateKindDef::Pass { .. } => State::Pass(PassState {
            comment: f.comment,
            query_language: f.query_language,
            transition,
            input_path: f.input_path,
            parameters: f.parameters,
            result: f.result,
            result_path: f.result_path,
            output_path: f.output_path,
            output: f.output,
            assign: f.assign,
        }),
        StateKindDef::Task { .. } | StateKindDef::Integration { .. } => {
            task(f, transition, resource.unwrap_or_default())
        }
        StateKindDef::Choice {
            rules, otherwise, ..
        } => {
            cx.record(&s.at.key("Choices"), keyword);
            let choices = rules
                .iter()
                .enumerate()
                .map(|(i, rule)| choice_rule(cx, &s, i, rule))
                .collect();
            let default = otherwise.as_ref().map(|name| {
                cx.record(&s.at.key("Default"), name.span);
                name.value.clone()
            });
            State::Choice(ChoiceState {
                comment: f.comment,
                query_language: f.query_language,
                choices,
                default,
                input_path: f.input_path,
                output_path: f.output_path,
                output: f.output,
                assign: f.assign,
            })
        }
        StateKindDef::Wait { args, .. } => State::Wait(WaitState {
            comment: f.comment,
            query_language: f.query_language,
            transition,
            duration: wait_duration(cx, &s, keyword, args),
            input_path: f.input_path,
            output_path: f.output_path,
            output: f.output,
            assign: f.assign,
        }),
        StateKindDef::Succeed { .. } => State::Succeed(SucceedState {
            comment: f.comment,
            query_language: f.query_language,
            input_path: f.input_path,
            output_path: f.output_path,
            output: f.output,
        }),
        StateKindDef::Fail { args, .. } => {
            let (error, cause) = fail_fields(cx, &s, args);
            let text = |v: ValueOrPath<String>| match v {
                ValueOrPath::Value(text) => ValueOrPath::Value(Expr::from_text(text)),
                ValueOrPath::Path(path) => ValueOrPath::Path(path),
            };
            let (error, cause) = (error.map(text), cause.map(text));
            State::Fail(FailState {
                comment: f.comment,
                query_language: f.query_language,
                error,
                cause,
            })
        }
        StateKindDef::Parallel { branches, .. } => {
            cx.record(&s.at.key("Branches"), keyword);
            let branches = branches
                .iter()
                .enumerate()
                .map(|(i, b)| branch(cx, &s, i, b))
                .collect();
            State::Parallel(ParallelState {
                comment: f.comment,
                query_language: f.query_language,
                transition,
                branches,
                input_path: f.input_path,
                parameters: f.parameters,
                result_selector: f.result_selector,
                result_path: f.result_path,
                output_path: f.output_path,
                arguments: f.arguments,
                output: f.output,
                assign: f.assign,
                retry: f.retry,
                catch: f.catch,
            })
        }
        StateKindDef::Map { states, .. } => {
            let mut m = f.map;
            if let Some(item) = m.declared_item.take() {
                map::declared_item(cx, &s, item, m.item_reader.as_ref());
            }
            let processor_at = s.at.key(if m.iterator {
                "Iterator"
            } else {
                "ItemProcessor"
            });
            cx.record(&processor_at, keyword);
            if states.is_empty() {
                cx.error(keyword, format!("map state `{}` has no states; add the states each item runs through, e.g. `map {{ Work: pass; }}`", s.name));
            }
            // Inside a Distributed Map (this one or an enclosing one), `$$.Execution.Input` is
            // the child execution's.
            let outer = cx.distributed_map.clone();
            if m.distributed {
                cx.distributed_map = Some(s.name.to_owned());
            }
            let (start_at, processor_states) =
                scope::lower_scope(cx, states, &processor_at, keyword);
            cx.distributed_map = outer;
            let mode = if m.distributed {
                Some(ProcessorMode::Distributed)
            } else if m.inline {
                Some(ProcessorMode::Inline)
            } else {
                None
            };
            let processor_config =
                (mode.is_some() || m.execution_type.is_some()).then(|| ProcessorConfig {
                    mode,
                    // The service needs an ExecutionType for a Distributed Map's children;
                    // STANDARD is the default (as in CDK) when `execution = …` is not written.
                    execution_type: m.execution_type.or(m
                        .distributed
                        .then_some(workflow_asl::ExecutionType::Standard)),
                });
            State::Map(MapState {
                comment: f.comment,
                query_language: f.query_language,
                transition,
                item_processor: ItemProcessor {
                    comment: None,
                    query_language: None,
                    processor_config,
                    start_at,
                    states: processor_states,
                },
                processor_field: if m.iterator {
                    ProcessorField::Iterator
                } else {
                    ProcessorField::ItemProcessor
                },
                items_path: m.items_path.map(Into::into),
                items: m.items.map(JsonataValue::new),
                item_selector: m.item_selector.map(JsonataValue::new),
                selector_field: m.selector_field,
                item_reader: m.item_reader,
                item_batcher: m.item_batcher,
                result_writer: m.result_writer,
                max_concurrency: m.max_concurrency,
                tolerated_failure_percentage: m.tolerated_failure_percentage,
                tolerated_failure_count: m.tolerated_failure_count,
                label: m.label,
                input_path: f.input_path,
                result_selector: f.result_selector,
                result_path: f.result_path,
                output_path: f.output_path,
                output: f.output,
                assign: f.assign,
                retry: f.retry,
                catch: f.catch,
            })
        }
    }
}

/// The `Resource` of a task state.
fn resource(cx: &mut Cx<'_>, s: &StateCx<'_>, kind: &StateKindDef) -> Option<Resource> {
    match kind {
        StateKindDef::Task { resource, .. } => {
            cx.record(&s.at.key("Resource"), resource.span());
            Some(Resource::parse(cx.string(resource)))
        }
        StateKindDef::Integration {
            path,
            pattern,
            span,
            ..
        } => {
            cx.record(&s.at.key("Resource"), *span);
            Some(resources::integration(
                cx,
                s.name,
                path,
                pattern.as_ref(),
                *span,
                Usage::Task,
            ))
        }
        _ => None,
    }
}

fn task(f: Fields, transition: Option<Transition>, resource: Resource) -> State {
    State::Task(TaskState {
        comment: f.comment,
        query_language: f.query_language,
        transition,
        resource,
        timeout: f.timeout,
        heartbeat: f.heartbeat,
        credentials: f.credentials,
        input_path: f.input_path,
        parameters: f.parameters,
        result_selector: f.result_selector,
        result_path: f.result_path,
        output_path: f.output_path,
        arguments: f.arguments,
        output: f.output,
        assign: f.assign,
        retry: f.retry,
        catch: f.catch,
    })
}

/// The kind and the span of its keyword (or integration path).
pub(super) fn kind_of(kind: &StateKindDef) -> (StateKind, Span) {
    match kind {
        StateKindDef::Pass { keyword, .. } => (StateKind::Pass, *keyword),
        StateKindDef::Task { keyword, .. } => (StateKind::Task, *keyword),
        StateKindDef::Integration { span, .. } => (StateKind::Task, *span),
        StateKindDef::Choice { keyword, .. } => (StateKind::Choice, *keyword),
        StateKindDef::Wait { keyword, .. } => (StateKind::Wait, *keyword),
        StateKindDef::Succeed { keyword } => (StateKind::Succeed, *keyword),
        StateKindDef::Fail { keyword, .. } => (StateKind::Fail, *keyword),
        StateKindDef::Parallel { keyword, .. } => (StateKind::Parallel, *keyword),
        StateKindDef::Map { keyword, .. } => (StateKind::Map, *keyword),
    }
}

/// The query language a `query_language = …` clause declares (errors are reported when the
/// clause itself is lowered).
fn declared_ql(clauses: &[Clause]) -> Option<QueryLanguage> {
    clauses.iter().find_map(|clause| match clause {
        Clause::Set { key, value } if key == "query_language" => {
            let word = match value {
                Value::Ident(ident) => ident.to_string(),
                Value::Str(lit) => lit.value(),
                _ => return None,
            };
            match word.to_lowercase().as_str() {
                "jsonata" => Some(QueryLanguage::Jsonata),
                "jsonpath" => Some(QueryLanguage::JsonPath),
                _ => None,
            }
        }
        _ => None,
    })
}

/// Doc comments joined with newlines: each line without the space after `///` and without
/// trailing whitespace, the whole trimmed. `None` when there is no text.
pub(super) fn doc_comment(docs: &[LitStr]) -> Option<String> {
    let mut lines = Vec::new();
    for doc in docs {
        let text = doc.value();
        for line in text.split('\n') {
            lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
        }
    }
    let joined = lines.join("\n");
    let trimmed = joined.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The state's body `{ … }`: Parameters/Arguments/Output by kind and query language.
fn body(cx: &mut Cx<'_>, s: &StateCx<'_>, kind: &StateKindDef, f: &mut Fields, seen: &mut Seen) {
    let body = match kind {
        StateKindDef::Pass {
            body: Some(body), ..
        }
        | StateKindDef::Task {
            body: Some(body), ..
        }
        | StateKindDef::Integration {
            body: Some(body), ..
        } => body,
        _ => return,
    };
    let is_pass = matches!(kind, StateKindDef::Pass { .. });
    match s.ql {
        QueryLanguage::JsonPath => {
            seen.body = Some("parameters");
            let at = s.at.key("Parameters");
            cx.record(&at, span_of(body));
            f.parameters = values::template(cx, body, Mode::JsonPath, &at, "parameters")
                .map(PayloadTemplate::new);
        }
        QueryLanguage::Jsonata => {
            let (name, field) = if is_pass {
                ("output", "Output")
            } else {
                ("arguments", "Arguments")
            };
            seen.body = Some(name);
            let at = s.at.key(field);
            cx.record(&at, span_of(body));
            let lowered = values::json(cx, body, Mode::Jsonata, &at, name).map(JsonataValue::new);
            if is_pass {
                f.output = lowered
            } else {
                f.arguments = lowered
            }
        }
    }
}

/// `-> TARGET` → `Next`; none → `End` (for the kinds that have a transition).
fn transition(cx: &mut Cx<'_>, s: &StateCx<'_>, next: Option<&Name>) -> Option<Transition> {
    match (s.kind, next) {
        (StateKind::Choice, Some(name)) => {
            cx.error(name.span, format!("a choice state has no `-> …`; write the default as `otherwise => \"{}\"` in the choice", name.value));
            None
        }
        (StateKind::Succeed | StateKind::Fail, Some(name)) => {
            let kind = clauses::kind_name(s.kind);
            cx.error(
                name.span,
                format!(
                    "a {kind} state ends its scope, so it has no `-> …`; remove `-> \"{}\"`",
                    name.value
                ),
            );
            None
        }
        (StateKind::Choice | StateKind::Succeed | StateKind::Fail, None) => None,
        (_, Some(name)) => {
            cx.record(&s.at.key("Next"), name.span);
            Some(Transition::Next(name.value.clone()))
        }
        (_, None) => Some(Transition::End),
    }
}

/// The clauses of a choice rule (after `=> NAME`).
pub(crate) const RULE_CLAUSES: &[&str] = &["assign", "output", "comment"];

/// The arguments of `wait(…)`.
pub(crate) const WAIT_ARGS: &[&str] = &["seconds", "timestamp"];

/// The arguments of `fail(…)`.
pub(crate) const FAIL_ARGS: &[&str] = &["error", "cause"];

fn choice_rule(cx: &mut Cx<'_>, s: &StateCx<'_>, index: usize, rule: &ChoiceRuleDef) -> ChoiceRule {
    let at = s.at.key("Choices").index(index);
    cx.record(&at, rule.keyword);
    cx.record(&at.key("Next"), rule.next.span);
    cx.choice_types = cx
        .inferred
        .as_ref()
        .and_then(|types| types.get(s.at.as_str()).cloned());
    let condition = conditions::rule_condition(cx, &rule.condition, s.ql, &at);
    cx.choice_types = None;
    let mut out = ChoiceRule {
        condition,
        next: rule.next.value.clone(),
        comment: None,
        assign: None,
        output: None,
    };
    let mut seen: Vec<String> = Vec::new();
    for clause in &rule.clauses {
        let (key, value) = match clause {
            Clause::Set { key, value } | Clause::Block { key, value } => (key, value),
            Clause::Retry { keyword, .. }
            | Clause::Catch { keyword, .. }
            | Clause::Reader { keyword, .. }
            | Clause::Writer { keyword, .. }
            | Clause::Batch { keyword, .. }
            | Clause::Returns { keyword, .. }
            | Clause::Item { keyword, .. } => {
                cx.error(
                    *keyword,
                    "a choice rule takes only `assign { … }`, `output = …` and `comment = \"…\"`",
                );
                continue;
            }
        };
        let name = key.to_string();
        if !RULE_CLAUSES.contains(&name.as_str()) {
            let hint = match crate::suggest::did_you_mean(&name, RULE_CLAUSES) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => String::new(),
            };
            cx.error(key.span(), format!("`{name}` is not allowed on a choice rule; a rule takes only `assign {{ … }}`, `output = …` and `comment = \"…\"`{hint}"));
            continue;
        }
        if seen.contains(&name) {
            cx.error(key.span(), format!("`{name}` is given twice; remove one"));
            continue;
        }
        seen.push(name.clone());
        match name.as_str() {
            "assign" => {
                let field = at.key("Assign");
                cx.record(&field, key.span());
                out.assign = values::assign(cx, value, s.mode(), &field).map(PayloadTemplate::new);
            }
            "output" => {
                let field = at.key("Output");
                cx.record(&field, span_of(value));
                out.output =
                    values::json(cx, value, s.mode(), &field, "output").map(JsonataValue::new);
            }
            _ => {
                cx.record(&at.key("Comment"), span_of(value));
                out.comment = fields::string(cx, value, "comment");
            }
        }
    }
    out
}

/// `wait(seconds = …)` or `wait(timestamp = …)`: exactly one.
fn wait_duration(cx: &mut Cx<'_>, s: &StateCx<'_>, keyword: Span, args: &[Arg]) -> WaitDuration {
    let mut found: Option<WaitDuration> = None;
    let mut count = 0;
    let errors_before = cx.errors.len();
    each_arg(cx, args, "wait", WAIT_ARGS, |cx, name, arg| {
        count += 1;
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        let span = span_of(value);
        let duration = if name == "seconds" {
            int_or_path(cx, value, s.ql, name).map(|v| match v {
                ValueOrPath::Value(e) => WaitDuration::Seconds(e),
                ValueOrPath::Path(p) => WaitDuration::SecondsPath(p),
            })
        } else {
            string_or_path(cx, value, s.ql, name).map(|v| match v {
                ValueOrPath::Value(t) => WaitDuration::Timestamp(Expr::from_text(t)),
                ValueOrPath::Path(p) => WaitDuration::TimestampPath(p),
            })
        };
        if let Some(duration) = duration {
            let field = match &duration {
                WaitDuration::Seconds(_) => "Seconds",
                WaitDuration::SecondsPath(_) => "SecondsPath",
                WaitDuration::Timestamp(_) => "Timestamp",
                WaitDuration::TimestampPath(_) => "TimestampPath",
            };
            cx.record(&s.at.key(field), span);
            found.get_or_insert(duration);
        }
    });
    // An unknown argument (`secs = 3`) was reported already; that is the one mistake.
    let unknown_argument = count == 0 && cx.errors.len() > errors_before;
    if count != 1 && !unknown_argument {
        cx.error(keyword, "`wait` takes exactly one of `seconds = …` and `timestamp = …`, e.g. `wait(seconds = 3)`");
    }
    // A placeholder keeps the validator from repeating the error already reported.
    found.unwrap_or(WaitDuration::Seconds(Expr::Literal(0)))
}

/// `fail(error = …, cause = …)`.
fn fail_fields(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    args: &[Arg],
) -> (Option<ValueOrPath<String>>, Option<ValueOrPath<String>>) {
    let mut error = None;
    let mut cause = None;
    each_arg(cx, args, "fail", FAIL_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        let lowered = string_or_path(cx, value, s.ql, name);
        let field = if name == "error" { "Error" } else { "Cause" };
        let key = match &lowered {
            Some(ValueOrPath::Path(_)) => format!("{field}Path"),
            _ => field.to_owned(),
        };
        cx.record(&s.at.key(&key), span_of(value));
        if name == "error" {
            error = lowered;
        } else {
            cause = lowered;
        }
    });
    (error, cause)
}

/// One `branch { … }` of a Parallel state.
fn branch(cx: &mut Cx<'_>, s: &StateCx<'_>, index: usize, def: &BranchDef) -> Branch {
    let at = s.at.key("Branches").index(index);
    cx.record(&at, def.keyword);
    if def.states.is_empty() {
        cx.error(def.keyword, format!("branch {index} of parallel state `{}` has no states; add at least one, e.g. `branch {{ Work: pass; }}`", s.name));
    }
    let (start_at, states) = scope::lower_scope(cx, &def.states, &at, def.keyword);
    Branch {
        comment: None,
        query_language: None,
        start_at,
        states,
    }
}
