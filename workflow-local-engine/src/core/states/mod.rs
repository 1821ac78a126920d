//! One attempt at one state, per state type: the JSONPath pipeline (InputPath → Parameters →
//! task → ResultSelector → ResultPath → OutputPath) or the JSONata one (Arguments → task →
//! Output), then `Assign`. What is particular to a state type lives beside this file: Task
//! states in `task`, Parallel in `parallel`, Map in `map`, Wait in `wait`.

use super::dynamic::{IntField, Source, jsonata_in_jsonpath, read_int};
use super::error::Failure;
use super::host::{Notice, Observed};
use super::jsonata_values;
use super::program::{Assigner, Body, Dynamic, Node, PathOp, Text};
use super::run::{Run, Step, Strand, into_map};
use super::test_step::Compound;
use super::trace::Steps;
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use workflow_asl::eval::{self, Env, select};

mod map;
mod parallel;
mod task;
mod wait;

pub(crate) use map::{MapItem, batching};

use wait::wait_duration;

impl Run<'_> {
    /// Runs `node` once on `input`; Retry and Catch are the caller's.
    pub(crate) async fn attempt(
        &self,
        node: &Node,
        input: &Value,
        strand: &mut Strand<'_>,
        retry_count: u32,
    ) -> Result<Step, Failure> {
        match &node.body {
            Body::Fail { error, cause } => {
                Err(self.fail(node, input, error.as_ref(), cause.as_ref(), strand)?)
            }
            _ => {
                let mut steps = Steps::new(self.options.trace);
                let attempted = if node.jsonata {
                    self.attempt_jsonata(node, input, strand, retry_count, &mut steps)
                        .await
                } else {
                    self.attempt_jsonpath(node, input, strand, retry_count, &mut steps)
                        .await
                };
                // A state that failed part way leaves the steps it made to TestState's
                // inspection data (AWS shows them: `afterInputPath` of a Map whose
                // `ItemsPath` selects no array).
                if let (Err(_), Some(test)) = (&attempted, self.test) {
                    test.keep_failed_steps(&node.name, self, steps.take());
                }
                attempted
            }
        }
    }

    async fn attempt_jsonpath(
        &self,
        node: &Node,
        input: &Value,
        strand: &mut Strand<'_>,
        retry_count: u32,
        steps: &mut Steps,
    ) -> Result<Step, Failure> {
        let token = self.task_token(node, strand, retry_count);
        let extra = token.as_ref().map(|t| ("Task", json!({"Token": t})));
        let context = self.context(node, strand, retry_count, extra);
        let effective = match &node.input_path {
            PathOp::Default => Cow::Borrowed(input),
            other => Cow::Owned(self.apply_path(other, input.clone(), &context, strand)?),
        };
        let effective = effective.as_ref();
        // `Assign` reads the raw result of Task, Parallel and Map states (before
        // `ResultSelector`), as the service does.
        let mut assign_source: Option<Value> = None;
        if !matches!(node.input_path, PathOp::Default) {
            steps.record("InputPath", effective);
        }
        // Choice, Wait and Succeed pass their effective input on.
        let (result, next) = match &node.body {
            Body::Choice { rules, default } => {
                let env = Env {
                    input: effective,
                    context: &context,
                    variables: &strand.vars,
                };
                let mut chosen = None;
                for (index, rule) in rules.iter().enumerate() {
                    if rule.condition.evaluate_with(&env, &mut |_| {
                        Err(eval::EvalError::runtime(jsonata_in_jsonpath().cause))
                    })? {
                        self.host
                            .notice(Notice::Reached(Observed::Rule(&node.name, index)));
                        chosen = Some((rule.next, rule.assign.as_ref()));
                        break;
                    }
                }
                let (next, assign) = match chosen {
                    Some(found) => found,
                    None => match default {
                        Some(d) => {
                            self.host
                                .notice(Notice::Reached(Observed::Default(&node.name)));
                            (*d, None)
                        }
                        None => return Err(no_choice_matched(node)),
                    },
                };
                let assign = assign.or(node.assign.as_ref());
                let output =
                    self.apply_path(&node.output_path, effective.clone(), &context, strand)?;
                self.assign_jsonpath(node, assign, effective, &context, strand)?;
                return Ok(Step::Next(next, output));
            }
            Body::Wait(wait) => {
                let delay = {
                    let source = Source::JsonPath(Env::new(effective, &context, &strand.vars));
                    wait_duration(wait, &source, &strand.clock)?
                };
                self.pass_time(strand, delay).await;
                (effective.clone(), node.next)
            }
            Body::Succeed => (effective.clone(), None),
            Body::Pass { result } => {
                let value = match (result, &node.parameters) {
                    (Some(r), _) => r.clone(),
                    (None, Some(t)) => self.template_in(node, t, effective, &context, strand)?,
                    (None, None) => effective.clone(),
                };
                steps.record(
                    if result.is_some() {
                        "Result"
                    } else {
                        "Parameters"
                    },
                    &value,
                );
                (value, node.next)
            }
            Body::Task {
                resource,
                timeout,
                heartbeat,
            } => {
                let parameters = self.parameters(node, effective, &context, strand, steps)?;
                let (timeout, heartbeat) = {
                    let source = Source::JsonPath(Env::new(effective, &context, &strand.vars));
                    task_limits(resource, timeout, heartbeat, &source)?
                };
                let result = self
                    .invoke(
                        node,
                        resource,
                        parameters,
                        token,
                        retry_count,
                        timeout,
                        heartbeat,
                        strand,
                    )
                    .await?;
                let selected =
                    self.select_result(node, result, &context, strand, steps, &mut assign_source)?;
                (selected, node.next)
            }
            Body::Parallel { branches } => {
                let parameters = self.parameters(node, effective, &context, strand, steps)?;
                let result = match self.compound_result(node, Compound::Parallel, strand) {
                    Some(mocked) => mocked?,
                    None => {
                        self.parallel(&node.name, branches, parameters, strand)
                            .await?
                    }
                };
                let selected =
                    self.select_result(node, result, &context, strand, steps, &mut assign_source)?;
                (selected, node.next)
            }
            Body::Map(map) => {
                let mocked = Compound::Map {
                    map,
                    effective,
                    context: &context,
                };
                let result = match self.compound_result(node, mocked, strand) {
                    Some(mocked) => mocked?,
                    None => self.map(node, map, effective, &context, strand).await?,
                };
                let selected =
                    self.select_result(node, result, &context, strand, steps, &mut assign_source)?;
                (selected, node.next)
            }
            Body::Fail { .. } => unreachable!("Fail states are handled before the pipeline"),
        };
        let is_io = matches!(
            node.body,
            Body::Pass { .. } | Body::Task { .. } | Body::Parallel { .. } | Body::Map(_)
        );
        // Assign reads the result as it was; evaluate it before the result moves on.
        if node.assign.is_some() {
            let source = assign_source.as_ref().unwrap_or(&result);
            self.assign_jsonpath(node, node.assign.as_ref(), source, &context, strand)?;
        }
        let after_result = if is_io {
            self.apply_result_path(&node.result_path, input, result, &node.name)?
        } else {
            result
        };
        if is_io && !matches!(node.result_path, PathOp::Default) {
            steps.record("ResultPath", &after_result);
        }
        let output = self.apply_path(&node.output_path, after_result, &context, strand)?;
        if let Some(entry) = steps.finish(&node.name, input, &output) {
            self.trace(entry);
        }
        Ok(match next {
            Some(n) => Step::Next(n, output),
            None => Step::End(output),
        })
    }

    /// `Parameters` applied to the effective input (or the effective input itself).
    fn parameters(
        &self,
        node: &Node,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
        steps: &mut Steps,
    ) -> Result<Value, Failure> {
        match &node.parameters {
            Some(t) => {
                let parameters = self.template_in(node, t, effective, context, strand)?;
                steps.record("Parameters", &parameters);
                Ok(parameters)
            }
            None => Ok(effective.clone()),
        }
    }

    /// `ResultSelector` applied to a Task's, Parallel's or Map's result; keeps the raw result
    /// for `Assign`, which reads it before `ResultSelector`.
    fn select_result(
        &self,
        node: &Node,
        result: Value,
        context: &Value,
        strand: &Strand<'_>,
        steps: &mut Steps,
        assign_source: &mut Option<Value>,
    ) -> Result<Value, Failure> {
        steps.record("Result", &result);
        if node.assign.is_some() {
            *assign_source = Some(result.clone());
        }
        match &node.result_selector {
            Some(t) => {
                let selected = self.template_in(node, t, &result, context, strand)?;
                steps.record("ResultSelector", &selected);
                Ok(selected)
            }
            None => Ok(result),
        }
    }

    fn assign_jsonpath(
        &self,
        node: &Node,
        assign: Option<&Assigner>,
        value: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        if let Some(Assigner::JsonPath(t)) = assign {
            // Each variable is checked against the payload limit when it is assigned; the
            // template itself may build up to the service's total for all variables.
            let within = super::quotas::MAX_VARIABLES_BYTES;
            let assigned = self.template_within(node, t, (value, context), within, strand)?;
            strand.vars.assign(&node.name, into_map(assigned))?;
        }
        Ok(())
    }

    async fn attempt_jsonata(
        &self,
        node: &Node,
        input: &Value,
        strand: &mut Strand<'_>,
        retry_count: u32,
        jsonata_steps: &mut Steps,
    ) -> Result<Step, Failure> {
        let token = self.task_token(node, strand, retry_count);
        let vars = strand.vars.visible();
        let mut states = self.states_object(node, input, None, None, strand);
        if let (Some(t), Some(ctx)) = (
            &token,
            states.get_mut("context").and_then(Value::as_object_mut),
        ) {
            ctx.insert("Task".into(), json!({"Token": t}));
        }
        let mut assign_field = String::from("Assign");
        let mut output_field = String::from("Output");
        let (result, next, assign, output_expr) = match &node.body {
            Body::Choice { rules, default } => {
                let env = Env {
                    input,
                    context: &Value::Null,
                    variables: &strand.vars,
                };
                let mut chosen = None;
                for (index, rule) in rules.iter().enumerate() {
                    let field = format!("Choices[{index}]/Condition");
                    let matched = rule.condition.evaluate_with(&env, &mut |expr| {
                        jsonata_values::evaluate_str(
                            expr,
                            &self.scope(&states, &vars, strand),
                            &field,
                        )
                        .and_then(|v| {
                            v.as_bool().ok_or_else(|| {
                                Failure::new(
                                    workflow_asl::ErrorName::QueryEvaluationError,
                                    format!("the Condition `{expr}` returned {v}, not a boolean"),
                                )
                            })
                        })
                        .map_err(|f| eval::EvalError {
                            error: f.error,
                            cause: f.cause,
                        })
                    })?;
                    if matched {
                        chosen = Some((index, rule));
                        break;
                    }
                }
                match chosen {
                    Some((index, rule)) => {
                        self.host
                            .notice(Notice::Reached(Observed::Rule(&node.name, index)));
                        // A rule's own Assign and Output are named under the rule.
                        if rule.assign.is_some() {
                            assign_field = format!("Choices[{index}]/Assign");
                        }
                        if rule.output.is_some() {
                            output_field = format!("Choices[{index}]/Output");
                        }
                        (
                            input.clone(),
                            Some(rule.next),
                            rule.assign.as_ref().or(node.assign.as_ref()),
                            rule.output.as_ref().or(node.output.as_ref()),
                        )
                    }
                    None => match default {
                        Some(d) => {
                            self.host
                                .notice(Notice::Reached(Observed::Default(&node.name)));
                            (
                                input.clone(),
                                Some(*d),
                                node.assign.as_ref(),
                                node.output.as_ref(),
                            )
                        }
                        None => return Err(no_choice_matched(node)),
                    },
                }
            }
            Body::Wait(wait) => {
                let delay = {
                    let source = Source::Jsonata(self.scope(&states, &vars, strand));
                    wait_duration(wait, &source, &strand.clock)?
                };
                self.pass_time(strand, delay).await;
                (
                    input.clone(),
                    node.next,
                    node.assign.as_ref(),
                    node.output.as_ref(),
                )
            }
            Body::Succeed => (input.clone(), None, None, node.output.as_ref()),
            Body::Pass { .. } => (
                input.clone(),
                node.next,
                node.assign.as_ref(),
                node.output.as_ref(),
            ),
            Body::Task {
                resource,
                timeout,
                heartbeat,
            } => {
                let arguments = match &node.arguments {
                    Some(a) => jsonata_values::evaluate(
                        a,
                        &self.scope(&states, &vars, strand),
                        "Arguments",
                    )?,
                    None => input.clone(),
                };
                jsonata_steps.record("Arguments", &arguments);
                let (timeout, heartbeat) = {
                    let source = Source::Jsonata(self.scope(&states, &vars, strand));
                    task_limits(resource, timeout, heartbeat, &source)?
                };
                let result = self
                    .invoke(
                        node,
                        resource,
                        arguments,
                        token,
                        retry_count,
                        timeout,
                        heartbeat,
                        strand,
                    )
                    .await?;
                (
                    result,
                    node.next,
                    node.assign.as_ref(),
                    node.output.as_ref(),
                )
            }
            Body::Parallel { branches } => {
                let arguments = match &node.arguments {
                    Some(a) => jsonata_values::evaluate(
                        a,
                        &self.scope(&states, &vars, strand),
                        "Arguments",
                    )?,
                    None => input.clone(),
                };
                jsonata_steps.record("Arguments", &arguments);
                let result = match self.compound_result(node, Compound::Parallel, strand) {
                    Some(mocked) => mocked?,
                    None => {
                        self.parallel(&node.name, branches, arguments, strand)
                            .await?
                    }
                };
                (
                    result,
                    node.next,
                    node.assign.as_ref(),
                    node.output.as_ref(),
                )
            }
            Body::Map(map) => {
                let mocked = Compound::Map {
                    map,
                    effective: input,
                    context: &Value::Null,
                };
                let result = match self.compound_result(node, mocked, strand) {
                    Some(mocked) => mocked?,
                    None => self.map(node, map, input, &Value::Null, strand).await?,
                };
                (
                    result,
                    node.next,
                    node.assign.as_ref(),
                    node.output.as_ref(),
                )
            }
            Body::Fail { .. } => unreachable!("Fail states are handled before the pipeline"),
        };
        let produces_result = matches!(
            node.body,
            Body::Task { .. } | Body::Parallel { .. } | Body::Map(_)
        );
        if produces_result {
            jsonata_steps.record("Result", &result);
        }
        if produces_result && let Some(map) = states.as_object_mut() {
            map.insert("result".into(), result.clone());
        }
        let output = match output_expr {
            Some(o) => {
                jsonata_values::evaluate(o, &self.scope(&states, &vars, strand), &output_field)?
            }
            None => result,
        };
        if let Some(Assigner::Jsonata(a)) = assign {
            let assigned = jsonata_values::evaluate_object(
                a,
                &self.scope(&states, &vars, strand),
                &assign_field,
            )?;
            strand.vars.assign(&node.name, assigned)?;
        }
        if let Some(entry) = jsonata_steps.finish(&node.name, input, &output) {
            self.trace(entry);
        }
        Ok(match next {
            Some(n) => Step::Next(n, output),
            None => Step::End(output),
        })
    }

    /// The service gives a token to tasks that wait for a callback and to `.sync` tasks
    /// (whose completion it tracks the same way), so `$$.Task.Token` is there in both.
    pub(crate) fn task_token(
        &self,
        node: &Node,
        strand: &Strand<'_>,
        retry_count: u32,
    ) -> Option<String> {
        match &node.body {
            Body::Task { resource, .. }
                if resource.waits_for_task_token() || resource.runs_a_job() =>
            {
                // TestState's mocked context gives the token (`$$.Task.Token`).
                let given = self
                    .test
                    .and_then(crate::core::test_step::TestStep::context)
                    .and_then(|c| c.pointer("/Task/Token"))
                    .and_then(Value::as_str);
                if let Some(token) = given {
                    return Some(token.to_owned());
                }
                let derived = self.derived_token(strand.entered, retry_count, "task");
                // A replay's token is the record's.
                Some(match self.draws {
                    Some(draws) => draws.token(self.visit(strand), retry_count, &derived),
                    None => derived,
                })
            }
            _ => None,
        }
    }

    fn fail(
        &self,
        node: &Node,
        input: &Value,
        error: Option<&Text>,
        cause: Option<&Text>,
        strand: &Strand<'_>,
    ) -> Result<Failure, Failure> {
        let vars = if node.jsonata {
            strand.vars.visible()
        } else {
            Map::new()
        };
        let states = if node.jsonata {
            self.states_object(node, input, None, None, strand)
        } else {
            Value::Null
        };
        let context = self.context(node, strand, 0, None);
        let text = |t: Option<&Text>, field: &str| -> Result<String, Failure> {
            Ok(match t {
                None => String::new(),
                Some(Text::Jsonata(e)) if node.jsonata => {
                    match jsonata_values::evaluate_str(
                        e,
                        &self.scope(&states, &vars, strand),
                        field,
                    )? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    }
                }
                // A `{% %}` string in a JSONPath state is text.
                Some(Text::Jsonata(e)) => e.text().to_owned(),
                Some(Text::Literal(s)) => s.clone(),
                Some(Text::Path(p)) => {
                    let env = Env {
                        input,
                        context: &context,
                        variables: &strand.vars,
                    };
                    let selected = select(p, &env).map_err(|_| {
                        let data = match p.root {
                            workflow_asl::path::Root::Context => &context,
                            _ => input,
                        };
                        Failure::runtime(format!(
                            "The JSONPath '{}' specified for the field '{field}Path' could not be found in the input '{data}'",
                            p.source()
                        ))
                    })?;
                    match selected.into_value() {
                        Value::String(s) => s,
                        other => other.to_string(),
                    }
                }
                Some(Text::Intrinsic(i)) => {
                    let env = Env {
                        input,
                        context: &context,
                        variables: &strand.vars,
                    };
                    let called = match self.draws {
                        Some(draws) => eval::call(
                            i,
                            &env,
                            &mut crate::core::draws::ReplayEntropy {
                                draws,
                                visit: self.visit(strand),
                            },
                        ),
                        None => {
                            let mut entropy =
                                self.entropy.lock().unwrap_or_else(|p| p.into_inner());
                            eval::call(i, &env, &mut *entropy)
                        }
                    };
                    match called? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    }
                }
            })
        };
        Ok(Failure::reported(
            text(error, "Error")?,
            text(cause, "Cause")?,
        ))
    }
}

/// A Task's `TimeoutSeconds` and `HeartbeatSeconds` (or their `…Path` / JSONata forms), read
/// from `source`; the timeout is at most the longest AWS lets the integration `resource` calls
/// run, whatever `TimeoutSeconds` says (`Integration::run_limit`: an InvokeHarness Task
/// times out after 900 s).
fn task_limits(
    resource: &workflow_aws_models::Resource,
    timeout: &Option<Dynamic>,
    heartbeat: &Option<Dynamic>,
    source: &Source<'_>,
) -> Result<(Option<u64>, Option<u64>), Failure> {
    let written = read_optional(IntField::TimeoutSeconds, timeout.as_ref(), source)?;
    let limit = resource
        .integration()
        .and_then(|i| i.run_limit())
        .map(|l| l.seconds);
    let timeout = match (written, limit) {
        (Some(t), Some(l)) => Some(t.min(l)),
        (t, l) => t.or(l),
    };
    Ok((
        timeout,
        read_optional(IntField::HeartbeatSeconds, heartbeat.as_ref(), source)?,
    ))
}

/// An optional whole-number field (`TimeoutSeconds`, `HeartbeatSeconds`, …).
pub(super) fn read_optional(
    field: IntField,
    d: Option<&Dynamic>,
    source: &Source<'_>,
) -> Result<Option<u64>, Failure> {
    d.map(|d| read_int(field, d, source)).transpose()
}

fn no_choice_matched(node: &Node) -> Failure {
    Failure::new(
        workflow_asl::ErrorName::NoChoiceMatched,
        format!(
            "no Choice rule of state `{}` matched, and it has no `Default`",
            node.name
        ),
    )
}

/// The next item of `stream` if it is ready now, `Poll::Pending` if not, without waiting:
/// what the strands that ran together at a failure's instant still finish.
async fn ready_now<S: futures::Stream + Unpin>(stream: &mut S) -> std::task::Poll<Option<S::Item>> {
    use futures::StreamExt;
    std::future::poll_fn(|cx| std::task::Poll::Ready(stream.poll_next_unpin(cx))).await
}
