//! The types of what each Task state exchanges with whatever serves it (a Lambda function, an
//! activity worker, a service, a test's handler): the request the state sends (its effective
//! input through its Parameters, as the data-flow types know it) and the response the workflow
//! relies on (the fields later states read from the result, see [`super::demand`], typed from
//! the integration's model where it has one). For `lambda:invoke` both are the function's own:
//! the `Payload` sent and the `Payload` returned (for `.waitForTaskToken`, what the callback
//! sends). JSONata Tasks alike: the request is what `Arguments` builds, the response what
//! `Output` and `Assign` read of `$states.result` and, through `Output`, what later states read.

mod request;

use super::demand::{Need, ReadsCache, result_need};
use super::types::{DataType, Env, Vars};
use super::{Declared, Flow, Scope, effective_input, is_jsonata, results, states_paths};
use crate::Pointer;
use crate::model::{State, StateMachine};
use std::collections::{BTreeMap, BTreeSet};
use workflow_aws_models::Pattern;

/// What one Task state sends and what the workflow needs back.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskTypes {
    /// The state's pointer, e.g. `/States/Each/ItemProcessor/States/Charge`.
    pub pointer: Pointer,
    /// The state's name.
    pub name: String,
    /// What it sends: its Parameters' type (its effective input without Parameters), or its
    /// JSONata `Arguments`' type; for `lambda:invoke`, the `Payload`. [`DataType::Any`] where
    /// unknown.
    pub request: DataType,
    /// What the states after it read of its result, every field required but those read on
    /// some ways only (optional: a way from the Task to the end reads none of it); for
    /// `lambda:invoke`, of the `Payload`. [`DataType::Any`] when the result is read whole,
    /// in ways not followed, or not at all. Where the workflow declares what the handler
    /// answers ([`Declared::results`]), that type, whole.
    pub response: DataType,
    /// Whether `response` is the answer the workflow declares.
    pub declared: bool,
}

/// The request and response types of every Task state of `machine`, nested ones included, in
/// the walk's order, when the execution input has the type `input`: one question of an
/// [`Analysis`](super::Analysis) made for it.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_asl::validate::dataflow::{DataType, task_types};
/// let machine = StateMachine::from_json(r#"{"StartAt": "Charge", "States": {
///     "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
///         "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.total"}},
///         "ResultSelector": {"id.$": "$.Payload.chargeId"}, "ResultPath": "$.charge",
///         "Next": "Done"},
///     "Done": {"Type": "Succeed"}}}"#).unwrap();
/// let input = DataType::Object([("total".to_owned(), (DataType::Number, false))].into());
/// let types = task_types(&machine, &input);
/// assert_eq!(types[0].request.to_string(), "{ amount: number }");
/// assert_eq!(types[0].response.to_string(), "{ chargeId: any, … }");
/// ```
pub fn task_types(machine: &StateMachine, input: &DataType) -> Vec<TaskTypes> {
    super::Analysis::new(machine, input).task_types()
}

/// The Task types of every scope of `scopes`, from their `flows`, the execution input having
/// the type `input`. A Task whose handler's answer the workflow declares (`declared`) answers
/// that type, whole.
pub(super) fn types_of(
    scopes: &[Scope<'_>],
    flows: &[Flow<'_>],
    (input, declared): (&DataType, &Declared),
) -> Vec<TaskTypes> {
    let no_vars = Vars::new();
    let mut cache = ReadsCache::default();
    let mut out = Vec::new();
    for (scope, flow) in scopes.iter().zip(flows) {
        for (name, state) in scope.states {
            let State::Task(task) = state else {
                continue;
            };
            // A Lambda function gets the `Payload`; its answer is the result's `Payload`, but
            // for `.waitForTaskToken`, whose result is what the callback sends.
            let lambda = task.resource.integration().filter(|i| i.is_lambda_invoke());
            let invoke = lambda.is_some();
            let wrapped = lambda.is_some_and(|i| i.pattern() == Pattern::RequestResponse);
            let jsonata = is_jsonata(scope, state);
            let context = super::context_type(scopes, scope, input);
            let vars = flow.vars.get(name.as_str()).unwrap_or(&no_vars);
            let request = match flow.input.get(name.as_str()) {
                Some(raw) if !jsonata => {
                    let effective = effective_input(state, raw);
                    match &task.parameters {
                        Some(parameters) => {
                            let env = Env {
                                input: &effective,
                                vars,
                                context: Some(&context),
                            };
                            request::parameters_type(parameters, env)
                        }
                        None => effective,
                    }
                }
                Some(raw) => match &task.arguments {
                    Some(arguments) => {
                        let scope = states_paths::Scope {
                            input: raw,
                            result: &DataType::Any,
                            vars,
                            context: Some(&context),
                            error_output: None,
                        };
                        states_paths::value_type(arguments, scope)
                    }
                    None => DataType::Any,
                },
                None => DataType::Any,
            };
            let model = results::task_result(&task.resource);
            let need = result_need(scopes, scope, name, &mut cache);
            let request = if invoke {
                field(&request, "Payload")
            } else {
                request
            };
            let (demand, model) = if wrapped {
                (need.field("Payload"), field(&model, "Payload"))
            } else {
                (need, model)
            };
            let pointer = scope.state_pointer(name);
            let answer = declared.results.get(&pointer);
            let response = match answer {
                Some(answer) => answer.clone(),
                None => demand.need.as_ref().map_or(DataType::Any, |n| {
                    need_type(
                        n,
                        &model,
                        (&demand.hints, &demand.optional),
                        &mut Vec::new(),
                    )
                }),
            };
            out.push(TaskTypes {
                pointer,
                name: name.clone(),
                request,
                response,
                declared: answer.is_some(),
            });
        }
    }
    out
}

/// The type of the field `key` of `ty` (unknown when `ty` does not say).
fn field(ty: &DataType, key: &str) -> DataType {
    match ty {
        DataType::Object(fields) | DataType::Partial(fields) => {
            fields.get(key).map(|(t, _)| t.clone()).unwrap_or_default()
        }
        DataType::Map(value) => (**value).clone(),
        _ => DataType::Any,
    }
}

/// The deepest level of a response type built from what is read.
const MAX_DEPTH: usize = 32;

/// The type of a value of which `need` is read at `path` (keys from the result), `model`
/// being what the integration's model says of it, `hints` the types states need and
/// `optional` the parts read on some ways only: an object of the fields read, each required
/// but those read on some ways only; a field read whole has the type states need of it, else
/// the model's; a value read whole at the top stays unknown.
fn need_type(
    need: &Need,
    model: &DataType,
    (hints, optional): (&BTreeMap<Vec<String>, DataType>, &BTreeSet<Vec<String>>),
    path: &mut Vec<String>,
) -> DataType {
    match need {
        Need::Whole => DataType::Any,
        Need::Fields(_) if path.len() > MAX_DEPTH => DataType::Any,
        Need::Fields(fields) => {
            let mut typed = BTreeMap::new();
            for (key, n) in fields {
                path.push(key.clone());
                let ty = match n {
                    Need::Whole => hints
                        .get(path.as_slice())
                        .cloned()
                        .unwrap_or_else(|| field(model, key)),
                    Need::Fields(_) => need_type(n, &field(model, key), (hints, optional), path),
                };
                let some_ways = optional.contains(path.as_slice());
                path.pop();
                typed.insert(key.clone(), (ty, some_ways));
            }
            DataType::Partial(typed)
        }
    }
}
