//! Task handlers: async Rust functions that stand in for the resources a Task state calls.

use super::handler_key::HandlerKey;
use crate::core::host::TaskContext;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_aws_models::{Integration, LambdaFunctionRef, Resource};

/// What a task handler is called with.
#[derive(Clone, Debug)]
pub struct TaskCall {
    /// The Task state's name.
    pub state: String,
    /// The state's `Resource`.
    pub resource: Resource,
    /// The effective input: `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub input: Value,
    /// The task token of a `.waitForTaskToken` integration (`$$.Task.Token`).
    pub task_token: Option<workflow_aws_models::TaskToken>,
    /// 0 for the first attempt, then 1, 2, ... for the retries.
    pub retry_count: u32,
    /// This attempt's id: a UUID derived from the execution, the Task state's entry and the
    /// retry, the same when a resumed execution makes the call again (after a restart of
    /// `workflow serve`). Key an idempotent request by it (a job's name, a client token), so
    /// that a call made again does not start its work twice.
    pub attempt_id: String,
    /// The execution's ARN (`$$.Execution.Id`; a Distributed Map's child's own).
    pub execution_arn: workflow_aws_models::StatesArn,
    /// Its state machine's ARN (`$$.StateMachine.Id`).
    pub state_machine_arn: workflow_aws_models::StatesArn,
}

/// The boxed future of a handler.
pub type HandlerFuture = BoxFuture<'static, Result<TaskOutput, TaskFailure>>;

/// A registered handler.
pub(crate) type Handler = Arc<dyn Fn(TaskCall) -> HandlerFuture + Send + Sync>;

/// Wraps an async function as a handler.
pub(crate) fn boxed<F, Fut, O>(f: F) -> Handler
where
    F: Fn(TaskCall) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
    O: Into<TaskOutput>,
{
    Arc::new(move |call| {
        let fut = f(call);
        Box::pin(async move { fut.await.map(Into::into) })
    })
}

/// Wraps a typed async function: the input is deserialised into `I`, the result serialised
/// from `O`. A input that does not fit `I` fails the task with `States.TaskFailed` naming the
/// mismatch.
pub(crate) fn typed<F, Fut, I, O>(f: F) -> Handler
where
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
    I: DeserializeOwned + Send + 'static,
    O: Serialize + Send + 'static,
{
    let f = Arc::new(f);
    Arc::new(move |call: TaskCall| {
        let f = Arc::clone(&f);
        Box::pin(async move {
            let input: I = crate::typed_request::decode(call.input).map_err(|misfit| {
                TaskFailure::new(
                    ErrorName::TaskFailed,
                    format!(
                        "the input of Task state `{}` does not fit the handler's request: {misfit}",
                        call.state
                    ),
                )
            })?;
            let output = f(input).await?;
            serde_json::to_value(output)
                .map(TaskOutput::from)
                .map_err(|e| {
                    TaskFailure::new(
                        ErrorName::TaskFailed,
                        format!("the handler's output cannot be serialised: {e}"),
                    )
                })
        })
    })
}

/// Wraps `handler` so that it stands for a Lambda function on a `lambda:invoke` Task: it gets
/// the `Payload`, and (when `wrap_response`) its result is answered as Lambda's.
pub(crate) fn lambda_invoke(handler: Handler, wrap_response: bool) -> Handler {
    Arc::new(move |mut call: TaskCall| {
        call.input = match LambdaShape::Invoke.request(call.input) {
            Ok(event) => event,
            Err(refused) => return Box::pin(async move { Err(refused) }),
        };
        let future = handler(call);
        Box::pin(async move {
            let output = future.await?;
            Ok(if wrap_response {
                TaskOutput {
                    value: LambdaShape::Invoke.response(output.value),
                    ..output
                }
            } else {
                output
            })
        })
    })
}

/// `handler`, its results marked as given by a handler typed by the workflow (see
/// [`TaskOutput::typed_by_workflow`]).
pub(crate) fn typed_by_workflow(handler: Handler) -> Handler {
    Arc::new(move |call: TaskCall| {
        let future = handler(call);
        Box::pin(async move {
            let output = future.await?;
            Ok(TaskOutput {
                typed_by_workflow: true,
                ..output
            })
        })
    })
}

/// The handlers of an engine, looked up per Task.
#[derive(Clone, Default)]
pub(crate) struct Handlers {
    /// By Task state name.
    by_state: HashMap<String, Handler>,
    /// By exact resource.
    by_resource: HashMap<String, Handler>,
    /// By service integration, in registration order.
    by_integration: Vec<(Integration, Handler)>,
    /// Every key, in registration order (checked against the workflow when a run starts).
    keys: Vec<HandlerKey>,
    /// Lambda functions by name, for `arn:…:states:::lambda:invoke[.waitForTaskToken]` and
    /// `arn:…:lambda:…:function:NAME` resources.
    lambdas: HashMap<String, Handler>,
    /// The handler of every other resource, if any.
    fallback: Option<Handler>,
    /// Whether `.sync` tasks without a handler get their default result.
    default_sync: bool,
    /// Whether a handler's panic fails its task (`States.TaskFailed`) instead of unwinding
    /// into the caller of the run.
    panics_fail_tasks: bool,
    /// Where Lambda functions without a handler of their own are invoked.
    #[cfg(feature = "lambda-endpoint")]
    lambda_endpoint: Option<Arc<super::lambda_endpoint::Endpoint>>,
    /// Where the Tasks no handler answers are sent (`Engine::aws_endpoints`).
    #[cfg(feature = "aws-endpoint")]
    aws_endpoint: Option<Arc<super::aws_endpoint::Endpoints>>,
    /// What [`Handlers::map_all`] wrapped every handler in, for the handlers made per call.
    #[cfg(any(feature = "lambda-endpoint", feature = "aws-endpoint"))]
    wrapper: Option<Arc<dyn Fn(Handler) -> Handler + Send + Sync>>,
}

/// What a handler is looked up for: the Task's region (an AWS endpoint's requests are signed
/// for it) and whether a `.waitForTaskToken` Task's token can come back (a started execution's
/// callbacks), so that its call may be sent.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "aws-endpoint"), allow(dead_code))]
pub(crate) struct Lookup<'a> {
    pub region: &'a str,
    pub callback: bool,
}

impl Handlers {
    /// Calls the handler of a Task (the state's, its integration's, its resource's or its
    /// Lambda function's), with the Task's timeout on a real clock. `callback`: the call
    /// carries a `.waitForTaskToken` Task's token, which will come back.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn call(
        &self,
        cx: &mut TaskContext<'_, '_, '_>,
        parameters: Value,
        token: Option<workflow_aws_models::TaskToken>,
        timeout: Option<u64>,
        callback: bool,
    ) -> Result<TaskOutput, TaskFailure> {
        let (node, resource, retry_count) = (cx.task.node, cx.task.resource, cx.task.retry_count);
        let lookup = Lookup {
            region: cx.region(),
            callback,
        };
        let Some((handler, shape)) = self.find(&node.name, resource, &parameters, lookup) else {
            return Err(TaskFailure::unanswered(format!(
                "no handler for resource `{resource}` (Task state `{}`); {}",
                node.name,
                cx.missing_handler_advice()
            )));
        };
        let (execution_arn, state_machine_arn) = cx.execution_arns();
        let call = TaskCall {
            state: node.name.to_string(),
            resource: resource.clone(),
            input: shape.request(parameters)?,
            task_token: token,
            retry_count,
            attempt_id: cx.token("attempt"),
            execution_arn,
            state_machine_arn,
        };
        // A handler that panics is a bug in the test (a failing `assert!` in a fake Lambda):
        // by default the panic unwinds into the caller of the run, so the test fails with it,
        // even where a `Catch` on `States.ALL` would swallow a task failure. With
        // `Engine::panics_fail_tasks(true)` it fails the task with `States.TaskFailed` instead.
        let state = node.name.to_string();
        let fail_task = self.panics_fail_tasks();
        let panicked = move |payload: Box<dyn std::any::Any + Send>| {
            if !fail_task {
                std::panic::resume_unwind(payload);
            }
            let message =
                panic_message(&*payload).unwrap_or_else(|| "a non-text panic payload".to_owned());
            TaskFailure::new(
                ErrorName::TaskFailed,
                format!("the handler of Task state `{state}` panicked: {message}"),
            )
        };
        let future: HandlerFuture =
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
        // While the handler runs, its strand is at the current time: no later sleeper wakes.
        let _running = cx.busy();
        // A handler's work takes no virtual time (on a virtual clock, the clock waits for it):
        // only a call to a Lambda endpoint, which really goes out, has a deadline then.
        let real_time = !cx.takes_no_time() || shape == LambdaShape::Endpoint;
        let output = match (real_time, timeout) {
            (true, Some(t)) => match tokio::time::timeout(Duration::from_secs(t), future).await {
                Ok(r) => r?,
                Err(_) => return Err(TaskFailure::new(ErrorName::Timeout, "")),
            },
            _ => future.await?,
        };
        Ok(TaskOutput {
            value: shape.response(output.value),
            ..output
        })
    }

    pub(crate) fn insert(&mut self, key: HandlerKey, handler: Handler) {
        if !self.keys.contains(&key) {
            self.keys.push(key.clone());
        }
        match key {
            HandlerKey::State(name) => {
                self.by_state.insert(name, handler);
            }
            HandlerKey::Resource(resource) => {
                self.by_resource.insert(resource.to_string(), handler);
            }
            HandlerKey::Integration(integration) => {
                self.by_integration.retain(|(i, _)| *i != integration);
                self.by_integration.push((integration, handler));
            }
            HandlerKey::Lambda(function) => {
                self.lambdas.insert(function, handler);
            }
        }
    }

    /// Removes the handler `key` names.
    pub(crate) fn remove(&mut self, key: &HandlerKey) {
        self.keys.retain(|k| k != key);
        match key {
            HandlerKey::State(name) => {
                self.by_state.remove(name);
            }
            HandlerKey::Resource(resource) => {
                self.by_resource.remove(&resource.to_string());
            }
            HandlerKey::Integration(integration) => {
                self.by_integration.retain(|(i, _)| i != integration);
            }
            HandlerKey::Lambda(function) => {
                self.lambdas.remove(function);
            }
        }
    }

    pub(crate) fn set_fallback(&mut self, handler: Handler) {
        self.fallback = Some(handler);
    }

    /// These handlers, each wrapped by `wrap`.
    pub(crate) fn map_all(
        &self,
        wrap: impl Fn(Handler) -> Handler + Send + Sync + 'static,
    ) -> Handlers {
        let each = |map: &HashMap<String, Handler>| -> HashMap<String, Handler> {
            map.iter()
                .map(|(k, h)| (k.clone(), wrap(Arc::clone(h))))
                .collect()
        };
        Handlers {
            by_state: each(&self.by_state),
            by_resource: each(&self.by_resource),
            by_integration: self
                .by_integration
                .iter()
                .map(|(i, h)| (i.clone(), wrap(Arc::clone(h))))
                .collect(),
            keys: self.keys.clone(),
            lambdas: each(&self.lambdas),
            fallback: self.fallback.as_ref().map(|h| wrap(Arc::clone(h))),
            default_sync: self.default_sync,
            panics_fail_tasks: self.panics_fail_tasks,
            #[cfg(feature = "lambda-endpoint")]
            lambda_endpoint: self.lambda_endpoint.clone(),
            #[cfg(feature = "aws-endpoint")]
            aws_endpoint: self.aws_endpoint.clone(),
            #[cfg(any(feature = "lambda-endpoint", feature = "aws-endpoint"))]
            wrapper: Some(match self.wrapper.clone() {
                Some(inner) => Arc::new(move |h| wrap(inner(h))),
                None => Arc::new(wrap),
            }),
        }
    }

    pub(crate) fn set_default_sync(&mut self, on: bool) {
        self.default_sync = on;
    }

    pub(crate) fn set_panics_fail_tasks(&mut self, on: bool) {
        self.panics_fail_tasks = on;
    }

    /// Whether a handler's panic fails its task instead of unwinding into the run's caller.
    pub(crate) fn panics_fail_tasks(&self) -> bool {
        self.panics_fail_tasks
    }

    /// Every key registered, in registration order (Lambda functions and the fallback aside).
    pub(crate) fn keys(&self) -> &[HandlerKey] {
        &self.keys
    }

    /// Whether a handler of its own serves Task `state` on `resource`: one registered for the
    /// state or for the resource itself (not an integration's, a Lambda function's, the
    /// fallback or a default result).
    pub(crate) fn serves(&self, state: &str, resource: &Resource) -> bool {
        self.by_state.contains_key(state) || self.by_resource.contains_key(resource.as_str())
    }

    /// The handler for a call of Task `state`, and whether its result must be wrapped like
    /// `lambda:invoke`'s. A state's own handler comes first, then the resource's, the
    /// integration's, a Lambda function's, the fallback, the AWS endpoint's and a `.sync`
    /// task's default result.
    pub(crate) fn find(
        &self,
        state: &str,
        resource: &Resource,
        input: &Value,
        lookup: Lookup<'_>,
    ) -> Option<(Handler, LambdaShape)> {
        let keyed = self
            .by_state
            .get(state)
            .or_else(|| self.by_resource.get(resource.as_str()))
            .or_else(|| {
                let integration = resource.integration()?;
                self.by_integration
                    .iter()
                    .find(|(i, _)| i == integration)
                    .map(|(_, h)| h)
            });
        if let Some(h) = keyed {
            return Some((Arc::clone(h), LambdaShape::None));
        }
        let lambda = if resource
            .integration()
            .is_some_and(Integration::is_lambda_invoke)
        {
            input
                .get("FunctionName")
                .and_then(Value::as_str)
                .and_then(LambdaFunctionRef::parse)
                .and_then(|f| self.lambda(f.name))
                .map(|h| (h, LambdaShape::Invoke))
        } else {
            resource
                .lambda_function()
                .and_then(|f| self.lambda(f.name))
                .map(|h| (h, LambdaShape::Direct))
        };
        let found = lambda.or(self
            .fallback
            .as_ref()
            .map(|h| (Arc::clone(h), LambdaShape::None)));
        #[cfg(feature = "aws-endpoint")]
        let found = found.or_else(|| {
            let endpoint = self.aws_endpoint.as_ref()?;
            let handler =
                super::aws_endpoint::handler(endpoint, resource, lookup.region, lookup.callback)?;
            Some((self.wrapped(handler), LambdaShape::Endpoint))
        });
        #[cfg(not(feature = "aws-endpoint"))]
        let _ = lookup;
        found.or_else(|| {
            (self.default_sync && resource.runs_a_job())
                .then(|| (super::default_sync::handler(), LambdaShape::None))
        })
    }
}

impl Handlers {
    /// The handler of the Lambda function named `name`: the one registered for it, else its
    /// invocation at the Lambda endpoint, if there is one.
    fn lambda(&self, name: &str) -> Option<Handler> {
        if let Some(h) = self.lambdas.get(name) {
            return Some(Arc::clone(h));
        }
        #[cfg(feature = "lambda-endpoint")]
        if let Some(endpoint) = &self.lambda_endpoint {
            let handler = super::lambda_endpoint::handler(Arc::clone(endpoint), name.to_owned());
            return Some(self.wrapped(handler));
        }
        None
    }

    /// A handler made per call, wrapped as [`Handlers::map_all`] wrapped the others.
    #[cfg(any(feature = "lambda-endpoint", feature = "aws-endpoint"))]
    fn wrapped(&self, handler: Handler) -> Handler {
        match &self.wrapper {
            Some(wrap) => wrap(handler),
            None => handler,
        }
    }

    /// Sends the Tasks no handler answers to `endpoints`.
    #[cfg(feature = "aws-endpoint")]
    pub(crate) fn set_aws_endpoints(&mut self, endpoints: super::aws_endpoint::AwsEndpoints) {
        self.aws_endpoint = (!endpoints.is_empty())
            .then(|| Arc::new(super::aws_endpoint::Endpoints::new(endpoints)));
    }

    /// The object store of S3 at the AWS endpoint, in `region`, if S3 has an endpoint.
    #[cfg(feature = "aws-endpoint")]
    pub(crate) fn aws_object_store(&self, region: &str) -> Option<crate::ObjectStore> {
        self.aws_endpoint.as_ref()?.object_store(region)
    }

    /// Invokes Lambda functions without a handler of their own at `endpoint`.
    #[cfg(feature = "lambda-endpoint")]
    pub(crate) fn set_lambda_endpoint(&mut self, endpoint: super::lambda_endpoint::Endpoint) {
        self.lambda_endpoint = Some(Arc::new(endpoint));
    }
}

/// The text a panic carried (`panic!("…")` or a formatted message), when it carried text.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// The event a Lambda function receives for a `lambda:invoke` Task's `Payload`. Step Functions
/// sends a string `Payload` as its text and any other value as its JSON text (the service-side
/// rule of `lambda:invoke`, `workflow_aws_models`' `service_side` table), and Lambda reads the
/// request's body as JSON: a string's text is the event's JSON, as AWS recorded it (LocalStack's
/// `test_invoke_json_values`, `../shared/aws-recorded`: the `Payload` strings `"\"HelloWorld\""`,
/// `"0.0"`, `"true"`, `"{}"` and `"[]"` reached an echoing function as the string
/// `HelloWorld`, the number 0.0, `true`, an object and a list), and a string that is not JSON is
/// refused by Lambda (`InvalidRequestContentException`, "Could not parse request body into
/// json", in the errors Lambda's users report; the rest of its message is Lambda's parser's,
/// here ours).
fn lambda_event(payload: Value) -> Result<Value, TaskFailure> {
    match payload {
        Value::String(text) => workflow_text::json::parse_data(&text).map_err(|e| {
            TaskFailure::new(
                "Lambda.InvalidRequestContentException",
                format!(
                    "Could not parse request body into json: Could not parse payload into json: {e} (Service: Lambda, Status Code: 400)"
                ),
            )
        }),
        event => Ok(event),
    }
}

/// How a Lambda handler's call and result are shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LambdaShape {
    /// Not a Lambda handler: input and output pass through.
    None,
    /// `lambda:invoke`: the handler gets `Payload`, the result is `{"Payload": …, "StatusCode": 200, …}`.
    Invoke,
    /// A function ARN as resource: input and output pass through.
    Direct,
    /// Not a Lambda handler, and it works outside the process (a service at an AWS
    /// endpoint): input and output pass through, and the Task's `TimeoutSeconds` bounds the
    /// call in real time also on the virtual clock, where waiting for a service does not pass
    /// virtual time.
    Endpoint,
}

impl LambdaShape {
    /// The handler's input for the state's effective input.
    pub(crate) fn request(self, input: Value) -> Result<Value, TaskFailure> {
        match self {
            LambdaShape::Invoke => match input {
                Value::Object(mut map) => {
                    lambda_event(map.remove("Payload").unwrap_or(Value::Null))
                }
                _ => Ok(Value::Null),
            },
            LambdaShape::None | LambdaShape::Direct | LambdaShape::Endpoint => Ok(input),
        }
    }

    /// The task result for the handler's output.
    pub(crate) fn response(self, output: Value) -> Value {
        match self {
            LambdaShape::Invoke => json!({
                "ExecutedVersion": "$LATEST",
                "Payload": output,
                "StatusCode": 200,
            }),
            LambdaShape::None | LambdaShape::Direct | LambdaShape::Endpoint => output,
        }
    }
}
