//! One attempt at one state, per state type: the JSONPath pipeline (InputPath → Parameters →
//! task → ResultSelector → ResultPath → OutputPath) or the JSONata one (Arguments → task →
//! Output), then `Assign`.

use super::clock::Clock;
use super::dynamic::{
    IntField, Source, invalid_timestamp, invalid_timestamp_path, jsonata_in_jsonpath, read_int,
    read_percentage, unexpected_type,
};
use super::error::Failure;
use super::handlers::{TaskFailure, TaskOutput};
use super::history::{EventKind, JsonText};
use super::jsonata;
use super::program::{
    Assigner, Body, Dynamic, MapOp, Node, PathOp, Selector, Text, TextOrExpr, WaitOp,
};
use super::run::{Run, Step, Strand, into_map};
use super::trace::Steps;
use super::vars::Frame;
use futures::StreamExt;
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::time::Duration;
use workflow_asl::eval::{self, Env, select};
use workflow_asl::timestamp::parse_rfc3339;

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
            _ if node.jsonata => self.attempt_jsonata(node, input, strand, retry_count).await,
            _ => {
                self.attempt_jsonpath(node, input, strand, retry_count)
                    .await
            }
        }
    }

    async fn attempt_jsonpath(
        &self,
        node: &Node,
        input: &Value,
        strand: &mut Strand<'_>,
        retry_count: u32,
    ) -> Result<Step, Failure> {
        let token = self.task_token(node);
        let extra = token.as_ref().map(|t| ("Task", json!({"Token": t})));
        let context = self.context(node, strand, retry_count, extra);
        let effective = match &node.input_path {
            PathOp::Default => Cow::Borrowed(input),
            other => Cow::Owned(self.apply_path(other, input.clone(), &context, strand)?),
        };
        let effective = effective.as_ref();
        let mut steps = Steps::new(self.options.trace);
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
                for rule in rules {
                    if rule.condition.evaluate_with(&env, &mut |_| {
                        Err(eval::EvalError::runtime(jsonata_in_jsonpath().cause))
                    })? {
                        chosen = Some((rule.next, rule.assign.as_ref()));
                        break;
                    }
                }
                let (next, assign) = match chosen {
                    Some(found) => found,
                    None => match default {
                        Some(d) => (*d, None),
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
                strand.clock.sleep(delay).await;
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
                let parameters = self.parameters(node, effective, &context, strand, &mut steps)?;
                let (timeout, heartbeat) = {
                    let source = Source::JsonPath(Env::new(effective, &context, &strand.vars));
                    (
                        read_optional(IntField::TimeoutSeconds, timeout.as_ref(), &source)?,
                        read_optional(IntField::HeartbeatSeconds, heartbeat.as_ref(), &source)?,
                    )
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
                let selected = self.select_result(
                    node,
                    result,
                    &context,
                    strand,
                    &mut steps,
                    &mut assign_source,
                )?;
                (selected, node.next)
            }
            Body::Parallel { branches } => {
                let parameters = self.parameters(node, effective, &context, strand, &mut steps)?;
                let result = self.parallel(branches, parameters, strand).await?;
                let selected = self.select_result(
                    node,
                    result,
                    &context,
                    strand,
                    &mut steps,
                    &mut assign_source,
                )?;
                (selected, node.next)
            }
            Body::Map(map) => {
                let result = self.map(node, map, effective, &context, strand).await?;
                let selected = self.select_result(
                    node,
                    result,
                    &context,
                    strand,
                    &mut steps,
                    &mut assign_source,
                )?;
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
            let within = super::limits::MAX_VARIABLES_BYTES;
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
    ) -> Result<Step, Failure> {
        let mut jsonata_steps = Steps::new(self.options.trace);
        let token = self.task_token(node);
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
                        jsonata::evaluate_str(expr, &self.scope(&states, &vars, strand), &field)
                            .and_then(|v| {
                                v.as_bool().ok_or_else(|| {
                                    Failure::new(
                                        "States.QueryEvaluationError",
                                        format!(
                                            "the Condition `{expr}` returned {v}, not a boolean"
                                        ),
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
                        Some(d) => (
                            input.clone(),
                            Some(*d),
                            node.assign.as_ref(),
                            node.output.as_ref(),
                        ),
                        None => return Err(no_choice_matched(node)),
                    },
                }
            }
            Body::Wait(wait) => {
                let delay = {
                    let source = Source::Jsonata(self.scope(&states, &vars, strand));
                    wait_duration(wait, &source, &strand.clock)?
                };
                strand.clock.sleep(delay).await;
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
                    Some(a) => {
                        jsonata::evaluate(a, &self.scope(&states, &vars, strand), "Arguments")?
                    }
                    None => input.clone(),
                };
                jsonata_steps.record("Arguments", &arguments);
                let (timeout, heartbeat) = {
                    let source = Source::Jsonata(self.scope(&states, &vars, strand));
                    (
                        read_optional(IntField::TimeoutSeconds, timeout.as_ref(), &source)?,
                        read_optional(IntField::HeartbeatSeconds, heartbeat.as_ref(), &source)?,
                    )
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
                    Some(a) => {
                        jsonata::evaluate(a, &self.scope(&states, &vars, strand), "Arguments")?
                    }
                    None => input.clone(),
                };
                jsonata_steps.record("Arguments", &arguments);
                let result = self.parallel(branches, arguments, strand).await?;
                (
                    result,
                    node.next,
                    node.assign.as_ref(),
                    node.output.as_ref(),
                )
            }
            Body::Map(map) => {
                let result = self.map(node, map, input, &Value::Null, strand).await?;
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
            Some(o) => jsonata::evaluate(o, &self.scope(&states, &vars, strand), &output_field)?,
            None => result,
        };
        if let Some(Assigner::Jsonata(a)) = assign {
            let assigned =
                jsonata::evaluate_object(a, &self.scope(&states, &vars, strand), &assign_field)?;
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
    pub(crate) fn task_token(&self, node: &Node) -> Option<String> {
        match &node.body {
            Body::Task { resource, .. }
                if resource.ends_with(".waitForTaskToken")
                    || resource.ends_with(".sync")
                    || resource.ends_with(".sync:2") =>
            {
                let mut entropy = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
                Some(eval::Entropy::uuid(&mut *entropy))
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
                Some(Text::Literal(s))
                    if node.jsonata && workflow_asl::path::looks_like_jsonata(s) =>
                {
                    match jsonata::evaluate_str(s, &self.scope(&states, &vars, strand), field)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    }
                }
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
                    let mut entropy = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
                    match eval::call(i, &env, &mut *entropy)? {
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

    /// Calls the task's handler (or its mocked response), with the history events, the
    /// timeout and the heartbeat.
    #[allow(clippy::too_many_arguments)]
    async fn invoke(
        &self,
        node: &Node,
        resource: &str,
        parameters: Value,
        token: Option<String>,
        retry_count: u32,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        if let Some(recorded) = self.replay.and_then(|r| r.take(&node.name, &parameters)) {
            strand.clock.advance(recorded.took);
            return Ok(recorded.value);
        }
        if let Some(hub) = self.callbacks
            && super::activities::is_activity(resource)
        {
            return self
                .invoke_activity(hub, node, resource, parameters, timeout, heartbeat, strand)
                .await;
        }
        self.event(
            strand,
            EventKind::TaskScheduled {
                resource: resource.to_owned(),
                parameters: JsonText::from(&parameters),
                timeout_seconds: timeout,
                heartbeat_seconds: heartbeat,
            },
        )?;
        self.event(
            strand,
            EventKind::TaskStarted {
                resource: resource.to_owned(),
            },
        )?;
        // A Task's result must match its integration's (not a Map ItemReader's items, nor what
        // the holder of a task token passed in the request sends back).
        let checked = matches!(node.body, Body::Task { .. })
            && !super::result_check::passes_token(token.as_deref(), &parameters);
        let invocation = self.next_invocation(&node.name);
        let outcome = match self.mocks.and_then(|m| m.result(&node.name, invocation)) {
            Some(mocked) => mocked,
            None => match self
                .callbacks
                .filter(|_| super::callbacks::waits_for_callback(resource))
            {
                Some(hub) => {
                    let call = (node, resource, parameters, token, retry_count);
                    self.await_callback(hub, call, timeout, heartbeat, strand)
                        .await
                }
                None => {
                    self.call_handler(
                        node,
                        resource,
                        parameters,
                        token,
                        retry_count,
                        timeout,
                        strand,
                    )
                    .await
                }
            },
        };
        let outcome = outcome.and_then(|out: TaskOutput| {
            if super::limits::too_large(&out.value) {
                return Err(TaskFailure::new(
                    super::error::DATA_LIMIT_EXCEEDED,
                    Failure::task_data_limit(&data_limit_subject(resource)).cause,
                ));
            }
            if let Some((failure, after)) =
                super::timeouts::expiry(out.duration, timeout, heartbeat)
            {
                strand.clock.advance(after);
                return Err(failure);
            }
            if checked {
                super::result_check::check(
                    self.field_validation,
                    &node.name,
                    resource,
                    &out.value,
                )?;
            }
            strand.clock.advance(out.duration);
            Ok(out.value)
        });
        // A task still running when the execution's time is up never reports.
        if strand.clock.expired() {
            return Err(Failure::execution_timed_out());
        }
        match outcome {
            Ok(value) => {
                self.event(
                    strand,
                    EventKind::TaskSucceeded {
                        resource: resource.to_owned(),
                        output: JsonText::from(&value),
                    },
                )?;
                Ok(value)
            }
            Err(f) if super::timeouts::is_timeout(&f.error) => {
                self.event(
                    strand,
                    EventKind::TaskTimedOut {
                        resource: resource.to_owned(),
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                )?;
                Err(f.into())
            }
            Err(f) => {
                self.event(
                    strand,
                    EventKind::TaskFailed {
                        resource: resource.to_owned(),
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                )?;
                Err(f.into())
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn call_handler(
        &self,
        node: &Node,
        resource: &str,
        parameters: Value,
        token: Option<String>,
        retry_count: u32,
        timeout: Option<u64>,
        strand: &Strand<'_>,
    ) -> Result<TaskOutput, TaskFailure> {
        let Some((handler, shape)) = self.handlers.find(&node.name, resource, &parameters) else {
            return Err(TaskFailure::new(
                "States.Runtime",
                format!(
                    "no handler for resource `{resource}` (Task state `{}`); register one with `Engine::handler`, `Engine::lambda`, or a mocked response",
                    node.name
                ),
            ));
        };
        let call = super::handlers::TaskCall {
            state: node.name.to_string(),
            resource: resource.to_owned(),
            input: shape.request(parameters),
            task_token: token,
            retry_count,
        };
        // A handler that panics fails its task, not the engine.
        let state = node.name.to_string();
        let panicked = move |payload: Box<dyn std::any::Any + Send>| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a non-text panic payload".to_owned());
            TaskFailure::new(
                "States.TaskFailed",
                format!("the handler of Task state `{state}` panicked: {message}"),
            )
        };
        let future: super::handlers::HandlerFuture =
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(call))) {
                Ok(future) => {
                    use futures::FutureExt as _;
                    let panicked = panicked.clone();
                    Box::pin(
                        std::panic::AssertUnwindSafe(future)
                            .catch_unwind()
                            .map(move |r| r.unwrap_or_else(|p| Err(panicked(p)))),
                    )
                }
                Err(payload) => return Err(panicked(payload)),
            };
        let output = match (strand.clock.is_virtual(), timeout) {
            (false, Some(t)) => match tokio::time::timeout(Duration::from_secs(t), future).await {
                Ok(r) => r?,
                Err(_) => return Err(TaskFailure::new(super::timeouts::TIMEOUT, "")),
            },
            _ => future.await?,
        };
        Ok(TaskOutput {
            value: shape.response(output.value),
            duration: output.duration,
        })
    }

    /// Runs every branch concurrently on the same input; the result is their outputs in order.
    async fn parallel(
        &self,
        branches: &[usize],
        input: Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        self.event(strand, EventKind::ParallelStateStarted)?;
        let outcomes = {
            let parent = &strand.vars;
            let mut children: Vec<Strand<'_>> = branches
                .iter()
                .map(|_| Strand {
                    clock: strand.clock,
                    last_event: strand.last_event,
                    vars: Frame::child(Some(parent)),
                })
                .collect();
            let runs = children.iter_mut().zip(branches).map(|(child, scope)| {
                let input = input.clone();
                async move {
                    let out = self.run_scope(*scope, input, child).await;
                    (out, child.clock, child.last_event)
                }
            });
            futures::future::join_all(runs).await
        };
        let mut results = Vec::with_capacity(outcomes.len());
        let mut failure = None;
        for (outcome, clock, last) in outcomes {
            strand.clock.join(&clock);
            strand.last_event = strand.last_event.max(last);
            match outcome {
                Ok(v) => results.push(v),
                Err(f) => {
                    failure.get_or_insert(f);
                }
            }
        }
        if let Some(f) = failure {
            self.event(
                strand,
                EventKind::ParallelStateFailed {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                },
            )?;
            return Err(f);
        }
        self.event(strand, EventKind::ParallelStateSucceeded)?;
        Ok(Value::Array(results))
    }

    /// Runs the item processor for every item, at most `MaxConcurrency` at a time.
    async fn map(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let items = self
            .map_items(node, map, effective, context, strand)
            .await?;
        let limits = self.map_limits(node, map, effective, context, strand)?;
        let concurrency = match limits.max_concurrency {
            Some(0) | None => usize::MAX,
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        };
        self.event(
            strand,
            EventKind::MapStateStarted {
                length: items.len(),
            },
        )?;
        let map_run = if map.distributed {
            Some(self.start_map_run(node, map, strand)?)
        } else {
            None
        };
        let vars_parent = if map.distributed {
            None
        } else {
            Some(&strand.vars)
        };
        let start_clock = strand.clock;
        let start_event = strand.last_event;
        // Once an iteration fails (and failures are not tolerated), no further iteration starts.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let stop = &stop;
        let tolerant = map.distributed
            && (map.tolerated_failure_count.is_some()
                || map.tolerated_failure_percentage.is_some());
        let outcomes: Vec<IterationOutcome> = futures::stream::iter(items.into_iter().enumerate())
            .map(|(index, item)| {
                let mut child = Strand {
                    clock: start_clock,
                    last_event: start_event,
                    vars: Frame::child(vars_parent),
                };
                async move {
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        return (None, child.clock, child.last_event);
                    }
                    let outcome = self
                        .iteration(node, map, index, item, effective, &mut child)
                        .await;
                    if outcome.is_err() && !tolerant {
                        stop.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                    (Some(outcome), child.clock, child.last_event)
                }
            })
            .buffered(concurrency)
            .collect()
            .await;
        let total = outcomes.len();
        let mut results = Vec::with_capacity(total);
        let mut failures = Vec::new();
        for (outcome, clock, last) in outcomes {
            strand.clock.join(&clock);
            strand.last_event = strand.last_event.max(last);
            match outcome {
                Some(Ok(v)) => results.push(v),
                Some(Err(f)) => {
                    results.push(f.error_output());
                    failures.push(f);
                }
                None => {}
            }
        }
        if let Some(first) = failures.first() {
            let tolerated = map.distributed && limits.tolerates(failures.len(), total);
            if !tolerated {
                let f = if tolerant {
                    Failure::new(
                        "States.ExceedToleratedFailureThreshold",
                        format!(
                            "{} of {total} iterations failed, more than the Map state tolerates",
                            failures.len()
                        ),
                    )
                } else {
                    first.clone()
                };
                if map_run.is_some() {
                    self.end_map_run(node, map, (effective, context), Some(&f), strand)?;
                }
                self.event(
                    strand,
                    EventKind::MapStateFailed {
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                )?;
                return Err(f);
            }
        }
        let written = match map_run {
            Some(_) => self.end_map_run(node, map, (effective, context), None, strand)?,
            None => None,
        };
        self.event(strand, EventKind::MapStateSucceeded)?;
        Ok(written.unwrap_or(Value::Array(results)))
    }

    /// A Map's `MaxConcurrency` and tolerated failures, read (and checked) when it starts.
    fn map_limits(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<MapLimits, Failure> {
        let (states, vars);
        let source = if node.jsonata {
            states = self.states_object(node, effective, None, None, strand);
            vars = strand.vars.visible();
            Source::Jsonata(self.scope(&states, &vars, strand))
        } else {
            Source::JsonPath(Env::new(effective, context, &strand.vars))
        };
        let int = |field, d: Option<&Dynamic>| d.map(|d| read_int(field, d, &source)).transpose();
        Ok(MapLimits {
            max_concurrency: int(IntField::MaxConcurrency, map.max_concurrency.as_ref())?,
            tolerated_failure_count: int(
                IntField::ToleratedFailureCount,
                map.tolerated_failure_count.as_ref(),
            )?,
            tolerated_failure_percentage: map
                .tolerated_failure_percentage
                .as_ref()
                .map(|p| read_percentage(p, &source))
                .transpose()?,
        })
    }

    /// The items of a Map: `ItemsPath`/`Items`, read by an `ItemReader`, batched by an `ItemBatcher`.
    async fn map_items(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<Vec<Value>, Failure> {
        let items = if let Some((resource, parameters, arguments)) = &map.reader {
            let request = match (parameters, arguments) {
                (Some(t), _) => self.template_in(node, t, effective, context, strand)?,
                (None, Some(a)) => {
                    let states = self.states_object(node, effective, None, None, strand);
                    let vars = strand.vars.visible();
                    jsonata::evaluate(
                        a,
                        &self.scope(&states, &vars, strand),
                        "ItemReader/Arguments",
                    )?
                }
                (None, None) => json!({}),
            };
            match self.read_from_store(node, map, resource, &request, (effective, context), strand)
            {
                Some(items) => items?,
                None => {
                    self.invoke(node, resource, request, None, 0, None, None, strand)
                        .await?
                }
            }
        } else if node.jsonata {
            match &map.items {
                Some(expr) => {
                    let states = self.states_object(node, effective, None, None, strand);
                    let vars = strand.vars.visible();
                    let items =
                        jsonata::evaluate(expr, &self.scope(&states, &vars, strand), "Items")?;
                    if !items.is_array() {
                        let body = match expr {
                            Value::String(e) => workflow_asl::path::jsonata_body(e).unwrap_or(e),
                            _ => "",
                        };
                        return Err(unexpected_type(body, "Items", "array", &items));
                    }
                    items
                }
                None => effective.clone(),
            }
        } else {
            match &map.items_path {
                Some(p) => {
                    let env = Env {
                        input: effective,
                        context,
                        variables: &strand.vars,
                    };
                    select(p, &env)?.into_value()
                }
                None => effective.clone(),
            }
        };
        let Value::Array(items) = items else {
            return Err(Failure::query(format!(
                "Map state input must be an array but was: {items}"
            )));
        };
        let batching = (
            map.max_items_per_batch.as_ref(),
            map.distributed_ops.max_input_bytes_per_batch.as_ref(),
        );
        if batching.0.is_none() && batching.1.is_none() {
            return Ok(items);
        }
        let (max_items, max_bytes) = {
            let (states, vars);
            let source = if node.jsonata {
                states = self.states_object(node, effective, None, None, strand);
                vars = strand.vars.visible();
                Source::Jsonata(self.scope(&states, &vars, strand))
            } else {
                Source::JsonPath(Env::new(effective, context, &strand.vars))
            };
            (
                read_optional(IntField::MaxItemsPerBatch, batching.0, &source)?,
                read_optional(IntField::MaxInputBytesPerBatch, batching.1, &source)?,
            )
        };
        super::item_batcher::batches(items, max_items, max_bytes, map.batch_input.as_ref())
    }

    /// One iteration: select the item input, run the processor.
    async fn iteration(
        &self,
        node: &Node,
        map: &MapOp,
        index: usize,
        item: Value,
        effective: &Value,
        child: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let name = node.name.clone();
        self.event(
            child,
            EventKind::MapIterationStarted {
                name: name.clone(),
                index,
            },
        )?;
        let item_input = match &map.selector {
            None => item,
            Some(Selector::JsonPath(t)) => {
                let mut context = self.context(node, child, 0, None);
                if let Some(ctx) = context.as_object_mut() {
                    ctx.insert(
                        "Map".into(),
                        json!({"Item": {"Index": index, "Value": item}}),
                    );
                } else {
                    context = json!({"Map": {"Item": {"Index": index, "Value": item}}});
                }
                self.template_in(node, t, effective, &context, child)?
            }
            Some(Selector::Jsonata(v)) => {
                let mut states = self.states_object(node, effective, None, None, child);
                if let Some(ctx) = states.get_mut("context") {
                    if !ctx.is_object() {
                        *ctx = json!({});
                    }
                    if let Some(c) = ctx.as_object_mut() {
                        c.insert(
                            "Map".into(),
                            json!({"Item": {"Index": index, "Value": item}}),
                        );
                    }
                }
                let vars = child.vars.visible();
                jsonata::evaluate(v, &self.scope(&states, &vars, child), "ItemSelector")?
            }
        };
        let recorded = map
            .distributed
            .then(|| (item_input.clone(), child.clock.now()));
        let outcome = self.run_scope(map.processor, item_input, child).await;
        if let Some((input, start_millis)) = recorded {
            let child_run = super::map_run::ChildRun {
                index,
                input,
                outcome: outcome.clone(),
                start_millis,
                stop_millis: child.clock.now(),
            };
            self.record_child(node, child_run);
        }
        match &outcome {
            Ok(_) => self.event(child, EventKind::MapIterationSucceeded { name, index })?,
            Err(f) => self.event(
                child,
                EventKind::MapIterationFailed {
                    name,
                    index,
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                },
            )?,
        }
        outcome
    }
}

/// How the service names a task in a `States.DataLimitExceeded` cause: the service of an
/// optimized integration (`lambda` for `arn:aws:states:::lambda:invoke`), else the resource.
fn data_limit_subject(resource: &str) -> String {
    match resource.strip_prefix("arn:aws:states:::") {
        Some(rest) => rest.split(':').next().unwrap_or(rest).to_owned(),
        None => resource.to_owned(),
    }
}

/// A Map's limits, read when it starts.
struct MapLimits {
    max_concurrency: Option<u64>,
    tolerated_failure_count: Option<u64>,
    tolerated_failure_percentage: Option<f64>,
}

impl MapLimits {
    /// Whether `failed` failures out of `total` iterations are within what the Map tolerates.
    fn tolerates(&self, failed: usize, total: usize) -> bool {
        let count_ok = self
            .tolerated_failure_count
            .is_some_and(|c| failed as u64 <= c);
        let percentage_ok = self
            .tolerated_failure_percentage
            .is_some_and(|p| total > 0 && (failed as f64 * 100.0 / total as f64) <= p);
        count_ok || percentage_ok
    }
}

/// One Map iteration: its outcome (`None` when it never started), its clock and last event.
type IterationOutcome = (Option<Result<Value, Failure>>, Clock, u64);

/// How long a Wait state waits.
fn wait_duration(wait: &WaitOp, source: &Source<'_>, clock: &Clock) -> Result<Duration, Failure> {
    match (wait, source) {
        (WaitOp::Seconds(d), _) => Ok(Duration::from_secs(read_int(
            IntField::WaitSeconds,
            d,
            source,
        )?)),
        (WaitOp::SecondsPath(p), _) => Ok(Duration::from_secs(read_int(
            IntField::WaitSeconds,
            &Dynamic::Path(p.clone()),
            source,
        )?)),
        (WaitOp::Timestamp(TextOrExpr::Literal(t)), _) => {
            until(t, clock).ok_or_else(|| invalid_timestamp(&Value::String(t.clone())))
        }
        (WaitOp::TimestampPath(p), Source::JsonPath(env)) => {
            let value = select(p, env)?.into_value();
            match &value {
                Value::String(t) => until(t, clock),
                _ => None,
            }
            .ok_or_else(|| invalid_timestamp_path(p.source(), &value))
        }
        (WaitOp::Timestamp(TextOrExpr::Jsonata(e)), Source::Jsonata(scope)) => {
            let value = jsonata::evaluate_str(e, scope, "Timestamp")?;
            match &value {
                Value::String(t) => until(t, clock),
                _ => None,
            }
            .ok_or_else(|| invalid_timestamp(&value))
        }
        (WaitOp::Timestamp(TextOrExpr::Jsonata(_)), Source::JsonPath(_)) => {
            Err(jsonata_in_jsonpath())
        }
        (WaitOp::TimestampPath(_), Source::Jsonata(_)) => Err(Failure::runtime(
            "`TimestampPath` is a JSONPath field, but the state's query language is JSONata",
        )),
    }
}

/// The time from the clock's now to `timestamp`; `None` when it is not an RFC 3339
/// timestamp with an offset.
fn until(timestamp: &str, clock: &Clock) -> Option<Duration> {
    let t = parse_rfc3339(timestamp)?;
    let target_millis = (t.unix_nanos / 1_000_000) as i64;
    Some(Duration::from_millis(
        u64::try_from(target_millis - clock.now()).unwrap_or(0),
    ))
}

/// An optional whole-number field (`TimeoutSeconds`, `HeartbeatSeconds`, …).
fn read_optional(
    field: IntField,
    d: Option<&Dynamic>,
    source: &Source<'_>,
) -> Result<Option<u64>, Failure> {
    d.map(|d| read_int(field, d, source)).transpose()
}

fn no_choice_matched(node: &Node) -> Failure {
    Failure::new(
        "States.NoChoiceMatched",
        format!(
            "no Choice rule of state `{}` matched, and it has no `Default`",
            node.name
        ),
    )
}

/// `PathOp` is matched here only through `apply_path`; keep the import used.
#[allow(dead_code)]
fn _path_op(_: &PathOp) {}
