//! The Python SDK's SageMaker steps as forms of the language: `sagemaker::TrainingStep { … }`,
//! `ProcessingStep`, `TransformStep`, `TuningStep`, `ModelStep`, `EndpointConfigStep` and
//! `EndpointStep`, whose keys are the SDK's arguments. The body is read by
//! `workflow_sagemaker::form` (the builders the Rust API offers, with the SDK's defaults) into
//! the Task's `Resource` and `Parameters`; its mistakes, and the validator's findings on the
//! request it writes, are reported on the tokens the user wrote.

use super::Cx;
use super::state_cx::StateCx;
use super::values::{self, is_dynamic, span_of};
use crate::ast::{StateKindDef, Value};
use proc_macro2::Span;
use serde_json::{Map, Value as Json};
use workflow_asl::{Pointer, QueryLanguage};
use workflow_aws_models::Resource;
use workflow_sagemaker::form::{self, FormKey, FormValue, FormValueKind, StepForm};

/// A step form lowered: the Task's resource and request.
pub(super) struct Lowered {
    /// `Resource`.
    pub resource: Resource,
    /// `Parameters`; `None` when the form had mistakes (reported).
    pub parameters: Option<Map<String, Json>>,
}

/// What a `sagemaker::…` task names.
pub(super) enum Named {
    /// A step form, e.g. `sagemaker::TrainingStep`.
    Step(StepForm),
    /// A capitalised name that is no step (reported with the closest step).
    UnknownStep,
    /// Anything else: an API action or another service.
    Other,
}

/// What `kind` names: a step form (`sagemaker::TrainingStep`), a capitalised `sagemaker::…`
/// that is no step (reported here, with the closest step), or something else.
pub(super) fn named(cx: &mut Cx<'_>, kind: &StateKindDef) -> Named {
    let Some(action) = super::step_form_name::step_form_name(kind) else {
        return Named::Other;
    };
    let name = action.to_string();
    if let Some(form) = StepForm::from_name(&name) {
        return Named::Step(form);
    }
    let names: Vec<&str> = StepForm::ALL.iter().map(|f| f.name()).collect();
    let fix = match crate::suggest::did_you_mean(&name, &names) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the steps are {}", crate::suggest::list(&names, "and")),
    };
    cx.error(
        action.span(),
        format!("no SageMaker step `{name}`; {fix} (an API action is written in snake_case, e.g. `sagemaker::create_training_job`)"),
    );
    Named::UnknownStep
}

/// The resource a step that does not lower stands in with, so the validator does not repeat
/// what was reported.
pub(super) const PLACEHOLDER: &str = "arn:aws:states:::sagemaker:createTrainingJob";

/// Lowers the step form `form` of the state `s`.
pub(super) fn lower(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    form: StepForm,
    def: &StateKindDef,
) -> Lowered {
    let placeholder = Lowered {
        resource: Resource::parse(PLACEHOLDER),
        parameters: None,
    };
    let StateKindDef::Integration {
        pattern,
        body,
        span,
        ..
    } = def
    else {
        return placeholder;
    };
    cx.record(&s.at.key("Resource"), *span);
    if let Some(p) = pattern {
        cx.error(
            p.span,
            format!(
                "task state `{}`: `sagemaker::{}` takes no pattern: it waits for its job unless `wait_for_completion: false`; remove `.{}`",
                s.name,
                form.name(),
                crate::parse::kw::pattern_word(p.pattern)
            ),
        );
    }
    if s.ql == QueryLanguage::Jsonata {
        // A JSONata machine cannot hold a JSONPath state: AWS refuses it ('QueryLanguage' can
        // not be 'JSONPath' if set to 'JSONata' for whole state machine).
        let fix = if cx.machine_ql == QueryLanguage::Jsonata {
            "a JSONata state machine cannot hold a JSONPath state (Step Functions refuses it); drop the machine's `query_language = jsonata` and set it on the states that use JSONata"
        } else {
            "add `query_language = jsonpath` to the state"
        };
        cx.error(
            *span,
            format!(
                "task state `{}`: `sagemaker::{}` writes a JSONPath request, as the Python SDK does; {fix}",
                s.name,
                form.name()
            ),
        );
        return placeholder;
    }
    let Some(body) = body else {
        cx.error(
            *span,
            format!(
                "task state `{}`: `sagemaker::{}` needs its arguments `{{ {}, … }}`",
                s.name,
                form.name(),
                form.arguments().first().copied().unwrap_or_default()
            ),
        );
        return placeholder;
    };
    let mut spans = Vec::new();
    let Some(tree) = form_value(cx, body, &mut spans) else {
        return placeholder;
    };
    let at_span = |at: usize| spans.get(at).copied().unwrap_or(*span);
    match form::build(form, &tree) {
        Ok(step) => {
            let parameters = s.at.key("Parameters");
            cx.record(&parameters, span_of(body));
            for (pointer, at) in &step.origins {
                let written = at_span(*at);
                cx.record(&join(&parameters, pointer), written);
                // A path is written under `Key.$`.
                if let Some((parent, last)) = pointer.rsplit_once('/')
                    && !last.is_empty()
                {
                    cx.record(
                        &join(&parameters, parent).key(&format!("{last}.$")),
                        written,
                    );
                }
            }
            Lowered {
                resource: step.resource,
                parameters: Some(step.parameters),
            }
        }
        Err(errors) => {
            for e in errors {
                cx.error(
                    at_span(e.at),
                    format!("task state `{}`: {}", s.name, e.kind),
                );
            }
            Lowered {
                resource: placeholder.resource,
                parameters: None,
            }
        }
    }
}

/// The body as the form reads it: literals, paths (as JSONPath text), objects and lists, each
/// numbered with its index in `spans`. Iterative; `None` when a value does not lower (reported).
fn form_value(cx: &mut Cx<'_>, body: &Value, spans: &mut Vec<Span>) -> Option<FormValue> {
    enum Frame<'v> {
        Visit(&'v Value),
        Object { at: usize, keys: Vec<FormKey> },
        Array { at: usize, len: usize },
    }
    let mut stack = vec![Frame::Visit(body)];
    let mut done: Vec<FormValue> = Vec::new();
    let mut ok = true;
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Visit(value) => {
                let at = spans.len();
                spans.push(span_of(value));
                let kind = match value {
                    Value::Str(lit) => FormValueKind::Str(cx.string(lit)),
                    Value::Number { text, span } => match values::number(cx, text, *span) {
                        Some(n) => FormValueKind::Number(n),
                        None => {
                            ok = false;
                            FormValueKind::Null
                        }
                    },
                    Value::Bool(b, _) => FormValueKind::Bool(*b),
                    Value::Null(_) => FormValueKind::Null,
                    v if is_dynamic(v) => {
                        match values::dynamic_text(cx, v, QueryLanguage::JsonPath) {
                            Some(text) => FormValueKind::Path(text),
                            None => {
                                ok = false;
                                FormValueKind::Null
                            }
                        }
                    }
                    Value::Ident(ident) => {
                        cx.error(
                            ident.span(),
                            format!("write `{ident}` as a string: `\"{ident}\"`"),
                        );
                        ok = false;
                        FormValueKind::Null
                    }
                    Value::Object { entries, .. } => {
                        let keys = entries
                            .iter()
                            .map(|(key, _)| {
                                let key_at = spans.len();
                                spans.push(key.span);
                                FormKey {
                                    name: key.value.clone(),
                                    at: key_at,
                                }
                            })
                            .collect();
                        stack.push(Frame::Object { at, keys });
                        stack.extend(entries.iter().rev().map(|(_, v)| Frame::Visit(v)));
                        continue;
                    }
                    Value::Array { items, .. } => {
                        stack.push(Frame::Array {
                            at,
                            len: items.len(),
                        });
                        stack.extend(items.iter().rev().map(Frame::Visit));
                        continue;
                    }
                    _ => FormValueKind::Null,
                };
                done.push(FormValue { kind, at });
            }
            Frame::Object { at, keys } => {
                let values = done.split_off(done.len().saturating_sub(keys.len()));
                done.push(FormValue {
                    kind: FormValueKind::Object(keys.into_iter().zip(values).collect()),
                    at,
                });
            }
            Frame::Array { at, len } => {
                let items = done.split_off(done.len().saturating_sub(len));
                done.push(FormValue {
                    kind: FormValueKind::Array(items),
                    at,
                });
            }
        }
    }
    if ok { done.pop() } else { None }
}

/// The pointer `…/Parameters` joined with a pointer relative to it.
fn join(parameters: &Pointer, relative: &str) -> Pointer {
    relative
        .split('/')
        .skip(1)
        .fold(parameters.clone(), |p, key| p.key(key))
}
