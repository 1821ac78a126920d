//! Task handlers: async Rust functions that stand in for the resources a Task state calls.

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// What a task handler is called with.
#[derive(Clone, Debug)]
pub struct TaskCall {
    /// The Task state's name.
    pub state: String,
    /// The state's `Resource`.
    pub resource: String,
    /// The effective input: `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub input: Value,
    /// The task token of a `.waitForTaskToken` integration (`$$.Task.Token`).
    pub task_token: Option<String>,
    /// 0 for the first attempt, then 1, 2, ... for the retries.
    pub retry_count: u32,
}

/// A task's failure: an error name and a cause, as a service or a Lambda function reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFailure {
    /// The error name, matched by `ErrorEquals` (e.g. `Lambda.ServiceException`, `MyError`).
    pub error: String,
    /// The human-readable cause.
    pub cause: String,
}

impl TaskFailure {
    /// A failure with `error` and `cause`.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

impl std::fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for TaskFailure {}

/// What a task handler produces: the task's result and how long the task took.
///
/// On the virtual clock a task takes no time unless it says so; `duration` is what
/// `TimeoutSeconds` and `HeartbeatSeconds` are measured against.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOutput {
    /// The task's result (before `ResultSelector`).
    pub value: Value,
    /// How long the task ran (virtual clock).
    pub duration: Duration,
}

impl TaskOutput {
    /// A result that took `duration`.
    pub fn after(duration: Duration, value: Value) -> Self {
        Self { value, duration }
    }
}

impl From<Value> for TaskOutput {
    fn from(value: Value) -> Self {
        Self {
            value,
            duration: Duration::ZERO,
        }
    }
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
            let input: I = serde_json::from_value(call.input).map_err(|e| {
                TaskFailure::new(
                    "States.TaskFailed",
                    format!(
                        "the input of task `{}` does not match the handler's input type: {e}",
                        call.state
                    ),
                )
            })?;
            let output = f(input).await?;
            serde_json::to_value(output)
                .map(TaskOutput::from)
                .map_err(|e| {
                    TaskFailure::new(
                        "States.TaskFailed",
                        format!("the handler's output cannot be serialised: {e}"),
                    )
                })
        })
    })
}

/// The handlers of an engine, looked up per Task.
#[derive(Clone, Default)]
pub(crate) struct Handlers {
    /// By exact resource.
    by_resource: HashMap<String, Handler>,
    /// Lambda functions by name, for `arn:…:states:::lambda:invoke[.waitForTaskToken]` and
    /// `arn:…:lambda:…:function:NAME` resources.
    lambdas: HashMap<String, Handler>,
    /// The handler of every other resource, if any.
    fallback: Option<Handler>,
}

impl Handlers {
    pub fn insert(&mut self, resource: String, handler: Handler) {
        self.by_resource.insert(resource, handler);
    }

    pub fn insert_lambda(&mut self, function: String, handler: Handler) {
        self.lambdas.insert(function, handler);
    }

    pub fn set_fallback(&mut self, handler: Handler) {
        self.fallback = Some(handler);
    }

    /// The handler for a call, and whether its result must be wrapped like `lambda:invoke`'s.
    pub fn find(&self, resource: &str, input: &Value) -> Option<(Handler, LambdaShape)> {
        if let Some(h) = self.by_resource.get(resource) {
            return Some((Arc::clone(h), LambdaShape::None));
        }
        let lambda = if is_lambda_invoke(resource) {
            let function = input.get("FunctionName").and_then(Value::as_str);
            function
                .and_then(|f| self.lambdas.get(function_name(f)))
                .map(|h| (h, LambdaShape::Invoke))
        } else {
            let function = resource.split(":function:").nth(1);
            function
                .and_then(|f| self.lambdas.get(function_name(f)))
                .map(|h| (h, LambdaShape::Direct))
        };
        lambda
            .or(self.fallback.as_ref().map(|h| (h, LambdaShape::None)))
            .map(|(h, shape)| (Arc::clone(h), shape))
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
}

impl LambdaShape {
    /// The handler's input for the state's effective input.
    pub fn request(self, input: Value) -> Value {
        match self {
            LambdaShape::Invoke => match input {
                Value::Object(mut map) => map.remove("Payload").unwrap_or(Value::Null),
                _ => Value::Null,
            },
            LambdaShape::None | LambdaShape::Direct => input,
        }
    }

    /// The task result for the handler's output.
    pub fn response(self, output: Value) -> Value {
        match self {
            LambdaShape::Invoke => json!({
                "ExecutedVersion": "$LATEST",
                "Payload": output,
                "StatusCode": 200,
            }),
            LambdaShape::None | LambdaShape::Direct => output,
        }
    }
}

fn is_lambda_invoke(resource: &str) -> bool {
    resource.starts_with("arn:")
        && (resource.ends_with(":states:::lambda:invoke")
            || resource.ends_with(":states:::lambda:invoke.waitForTaskToken"))
}

/// `MyFunction` from `MyFunction`, `MyFunction:alias` or a function ARN.
fn function_name(function: &str) -> &str {
    let after = function
        .rsplit_once(":function:")
        .map_or(function, |(_, f)| f);
    after.split(':').next().unwrap_or(after)
}

#[cfg(test)]
mod tests {
    use super::function_name;

    #[test]
    fn function_names_from_arns_and_aliases() {
        assert_eq!(function_name("MyLambda"), "MyLambda");
        assert_eq!(function_name("MyLambda:prod"), "MyLambda");
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:123456789012:function:MyLambda:$LATEST"),
            "MyLambda"
        );
    }
}
