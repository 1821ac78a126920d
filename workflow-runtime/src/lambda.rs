//! A task handler served as an AWS Lambda function: the same typed async function the engine
//! calls in tests (`Engine::lambda(name, handler)`) runs unchanged in production, on AWS's
//! runtime for Rust (`lambda_runtime`), or locally under cargo-lambda's `cargo lambda watch`.
//!
//! The event is decoded as the handler's input type; its output is the function's answer; its
//! [`TaskFailure`] is the function's error, `errorType` its error name and `errorMessage` its
//! cause — what a Task's `Retry` and `Catch` match on AWS (the state sees the error
//! `errorType`). An event that does not fit the input type fails the invocation with
//! [`INPUT_MISMATCH`], naming the field, before the handler runs.
//!
//! ```no_run
//! use serde::{Deserialize, Serialize};
//! use workflow_runtime::engine::TaskFailure;
//!
//! #[derive(Deserialize)]
//! struct Charge { order: u32, cents: i64 }
//! #[derive(Serialize)]
//! struct Receipt { order: u32, charged: i64 }
//!
//! // The function, used by the tests through `Engine::lambda("Charge", charge)`.
//! async fn charge(c: Charge) -> Result<Receipt, TaskFailure> {
//!     if c.cents <= 0 {
//!         return Err(TaskFailure::new("Charge.Invalid", "nothing to charge"));
//!     }
//!     Ok(Receipt { order: c.order, charged: c.cents })
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), workflow_runtime::lambda::LambdaError> {
//!     workflow_runtime::lambda::serve(charge).await
//! }
//! ```

use crate::engine::TaskFailure;
use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;

/// The `errorType` of an invocation whose event does not fit the handler's input type.
pub const INPUT_MISMATCH: &str = "InputMismatch";
/// The `errorType` of an invocation whose handler's output is not JSON.
pub const INVALID_OUTPUT: &str = "InvalidOutput";

/// The environment Lambda's runtime needs (set by Lambda, and by `cargo lambda watch`).
const RUNTIME_ENVIRONMENT: [&str; 4] = [
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
];

/// Why the function could not serve.
#[derive(Debug, thiserror::Error)]
pub enum LambdaError {
    /// Not inside Lambda (or `cargo lambda watch`): the runtime's environment is missing.
    #[error(
        "not running as a Lambda function: {0} is not set (Lambda and `cargo lambda watch` set it; to test the handler, call it from the engine with `Engine::lambda`)"
    )]
    NotInLambda(&'static str),
    /// The runtime stopped with an error (the Runtime API could not be reached).
    #[error("the Lambda runtime stopped: {0}")]
    Runtime(String),
}

/// Serves `handler` as this process's Lambda function until the runtime stops.
pub async fn serve<I, O, F, Fut>(handler: F) -> Result<(), LambdaError>
where
    I: DeserializeOwned + Send + 'static,
    O: Serialize + Send + 'static,
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, TaskFailure>> + Send + 'static,
{
    if let Some(missing) = missing_variable(|name| std::env::var_os(name).is_some()) {
        return Err(LambdaError::NotInLambda(missing));
    }
    let handler = std::sync::Arc::new(handler);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let handler = std::sync::Arc::clone(&handler);
        async move { invoke(&*handler, event.payload).await }
    }))
    .await
    .map_err(|e| LambdaError::Runtime(e.to_string()))
}

/// Serves `handler` as the Lambda function of the Task `task` (a constant `workflow!` emits):
/// [`serve`], with the handler type-checked against what the Task sends (for `lambda:invoke`,
/// its `Payload`) and what the states after it read of the answer, so the function and the
/// workflow cannot drift apart unnoticed.
///
/// ```no_run
/// use workflow_runtime::engine::TaskFailure;
/// use workflow_runtime::workflow;
///
/// workflow! {
///     pub Greeting {
///         input { name: string }
///         "Greet": lambda::invoke { FunctionName: "greet", Payload: { name: $.name } }
///             output_path = $.Payload -> "Show";
///         "Show": pass { text: $.text };
///     }
/// }
///
/// async fn greet(request: GreetingGreetRequest) -> Result<GreetingGreetResponse, TaskFailure> {
///     Ok(GreetingGreetResponse { text: format!("hello {}", request.name).into() })
/// }
///
/// # async fn run() {
/// workflow_runtime::lambda::serve_task(Greeting::GREET, greet).await.unwrap();
/// # }
/// ```
pub async fn serve_task<Req, Resp, Kind: crate::task_kind::LambdaTask, F, Fut>(
    task: crate::TaskRef<Req, Resp, Kind>,
    handler: F,
) -> Result<(), LambdaError>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(Req) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Resp, TaskFailure>> + Send + 'static,
{
    let _ = task;
    serve(handler).await
}

/// The first variable of the runtime's environment that `is_set` says is not set.
fn missing_variable(is_set: impl Fn(&str) -> bool) -> Option<&'static str> {
    RUNTIME_ENVIRONMENT.into_iter().find(|name| !is_set(name))
}

/// One invocation: the event decoded, the handler run, its answer encoded.
pub async fn invoke<I, O, F, Fut>(handler: &F, event: Value) -> Result<Value, Diagnostic>
where
    I: DeserializeOwned,
    O: Serialize,
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<O, TaskFailure>>,
{
    let input: I =
        workflow_local_engine::typed_request::decode(event).map_err(|misfit| Diagnostic {
            error_type: INPUT_MISMATCH.to_owned(),
            error_message: format!("the event does not fit the handler's request: {misfit}"),
        })?;
    let output = handler(input).await.map_err(|failure| Diagnostic {
        error_type: failure.error.as_str().to_owned(),
        error_message: failure.cause,
    })?;
    serde_json::to_value(output).map_err(|e| Diagnostic {
        error_type: INVALID_OUTPUT.to_owned(),
        error_message: format!("the handler's output is not JSON: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn double(n: i64) -> Result<i64, TaskFailure> {
        if n < 0 {
            return Err(TaskFailure::new("Negative", format!("{n} is negative")));
        }
        Ok(n * 2)
    }

    #[tokio::test]
    async fn an_invocation_decodes_runs_and_maps_failures_to_lambda_errors() {
        assert_eq!(
            invoke(&double, serde_json::json!(21)).await.ok(),
            Some(serde_json::json!(42))
        );
        let failed = invoke(&double, serde_json::json!(-1)).await.unwrap_err();
        assert_eq!(
            (failed.error_type.as_str(), failed.error_message.as_str()),
            ("Negative", "-1 is negative")
        );
        let mismatch = invoke(&double, serde_json::json!("x")).await.unwrap_err();
        assert_eq!(mismatch.error_type, INPUT_MISMATCH);
        assert!(
            mismatch.error_message.contains("i64"),
            "{}",
            mismatch.error_message
        );
    }

    #[test]
    fn outside_lambda_the_missing_variable_is_named_instead_of_a_panic() {
        assert_eq!(missing_variable(|_| false), Some("AWS_LAMBDA_RUNTIME_API"));
        assert_eq!(
            missing_variable(|name| name != "AWS_LAMBDA_FUNCTION_VERSION"),
            Some("AWS_LAMBDA_FUNCTION_VERSION")
        );
        assert_eq!(missing_variable(|_| true), None);
    }
}
