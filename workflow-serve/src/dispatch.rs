//! The operations `workflow serve` answers, each with the method of [`Service`] that answers
//! it: one table, whose names are [`OPERATIONS`], so that the list and the dispatch cannot
//! drift apart; and `Service::answer`, the service's one entry: the API model's checks
//! (`constraints`), then the operation. Each entry decodes the request into its operation's typed structure
//! (`requests`, generated from the API model) and hands it to the method, which takes that
//! structure and no other and returns its operation's output structure (generated too),
//! serialized here, once ([`answer`]).

use super::protocol::ApiError;
use super::service::Service;
use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::future::Future;
use std::sync::Arc;

/// One call as the operations read it: the request's members, and the X-Ray trace header its
/// HTTP request carried (`X-Amzn-Trace-Id`), which `StartExecution` and `StartSyncExecution`
/// prefer to the body's `traceHeader`.
pub(crate) struct Call<'r> {
    pub request: &'r Map<String, Value>,
    pub trace_header: Option<&'r str>,
}

impl Call<'_> {
    /// The request decoded into its operation's structure (the one the handler takes).
    fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        super::requests::decode(self.request)
    }
}

/// What answers an operation: its method's output structure, serialized.
#[derive(Clone, Copy)]
pub(crate) enum Handler {
    /// A method whose work is done at once (it may wait for a lock or a read of the
    /// database): run on a thread of the server's small blocking pool.
    Now(fn(&Service, &Call<'_>) -> Result<Value, ApiError>),
    /// A method that waits (for its writes to be committed, a long poll's task, an
    /// execution's end): its request decoded at once, then a future, which holds no thread
    /// while it waits.
    Later(fn(Arc<Service>, &Call<'_>) -> Result<Answer, ApiError>),
}

/// A [`Handler::Later`]'s answer to come.
pub(crate) type Answer = BoxFuture<'static, Result<Value, ApiError>>;

/// An operation's answer, its output structure, as the JSON the protocol writes (the model's
/// member names; a member left out when absent).
fn answer<T: Serialize>(output: Result<T, ApiError>) -> Result<Value, ApiError> {
    serde_json::to_value(output?).map_err(|e| ApiError::internal(e.to_string()))
}

/// The answer `output` will be, as [`answer`] writes it.
fn later<T: Serialize>(
    output: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<Answer, ApiError> {
    Ok(Box::pin(async move { answer(output.await) }))
}

/// The serve unit tests' runtime (the server's is made by `Server::start`): the operations'
/// work on its blocking pool and the executions they start on its worker, as in the server.
#[cfg(test)]
pub(crate) fn test_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("the tests' runtime")
    })
}

/// Runs `work` on the blocking pool of the runtime it is called on (inline without one: a
/// test's call), and waits for it as a future.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => runtime
            .spawn_blocking(work)
            .await
            .unwrap_or_else(|_| Err(ApiError::internal("the operation failed unexpectedly"))),
        Err(_) => work(),
    }
}

/// Every operation, as `X-Amz-Target` names it, and what answers it.
const DISPATCH: &[(&str, Handler)] = &[
    (
        "CreateStateMachine",
        Handler::Now(|s, c| answer(s.create_state_machine(&c.decode()?))),
    ),
    (
        "DescribeStateMachine",
        Handler::Now(|s, c| answer(s.describe_state_machine(&c.decode()?))),
    ),
    (
        "ListStateMachines",
        Handler::Now(|s, c| answer(s.list_state_machines(&c.decode()?))),
    ),
    (
        "UpdateStateMachine",
        Handler::Now(|s, c| answer(s.update_state_machine(&c.decode()?))),
    ),
    (
        "DeleteStateMachine",
        Handler::Now(|s, c| answer(s.delete_state_machine(&c.decode()?))),
    ),
    (
        "ValidateStateMachineDefinition",
        Handler::Now(|s, c| answer(s.validate_definition(&c.decode()?))),
    ),
    (
        "StartExecution",
        Handler::Later(|s, c| {
            later(s.start_execution_answer(c.decode()?, c.trace_header.map(str::to_owned)))
        }),
    ),
    (
        "StartSyncExecution",
        Handler::Later(|s, c| {
            later(s.start_sync_execution(c.decode()?, c.trace_header.map(str::to_owned)))
        }),
    ),
    (
        "DescribeExecution",
        Handler::Now(|s, c| answer(s.describe_execution(&c.decode()?))),
    ),
    (
        "DescribeStateMachineForExecution",
        Handler::Now(|s, c| answer(s.describe_machine_for_execution(&c.decode()?))),
    ),
    (
        "ListExecutions",
        Handler::Now(|s, c| answer(s.list_executions(&c.decode()?))),
    ),
    (
        "StopExecution",
        Handler::Later(|s, c| later(s.stop_execution_answer(c.decode()?))),
    ),
    (
        "GetExecutionHistory",
        Handler::Later(|s, c| later(s.get_execution_history_answer(c.decode()?))),
    ),
    (
        "SendTaskSuccess",
        Handler::Later(|s, c| later(s.send_task_success(c.decode()?))),
    ),
    (
        "SendTaskFailure",
        Handler::Later(|s, c| later(s.send_task_failure(c.decode()?))),
    ),
    (
        "SendTaskHeartbeat",
        Handler::Later(|s, c| later(s.send_task_heartbeat(c.decode()?))),
    ),
    (
        "CreateActivity",
        Handler::Now(|s, c| answer(s.create_activity(&c.decode()?))),
    ),
    (
        "DescribeActivity",
        Handler::Now(|s, c| answer(s.describe_activity(&c.decode()?))),
    ),
    (
        "ListActivities",
        Handler::Now(|s, c| answer(s.list_activities(&c.decode()?))),
    ),
    (
        "DeleteActivity",
        Handler::Now(|s, c| answer(s.delete_activity(&c.decode()?))),
    ),
    (
        "GetActivityTask",
        Handler::Later(|s, c| later(s.get_activity_task(c.decode()?))),
    ),
    (
        "TagResource",
        Handler::Now(|s, c| answer(s.tag_resource(&c.decode()?))),
    ),
    (
        "UntagResource",
        Handler::Now(|s, c| answer(s.untag_resource(&c.decode()?))),
    ),
    (
        "ListTagsForResource",
        Handler::Now(|s, c| answer(s.list_tags_for_resource(&c.decode()?))),
    ),
    (
        "TestState",
        Handler::Now(|s, c| answer(s.test_state(&c.decode()?))),
    ),
    (
        "PublishStateMachineVersion",
        Handler::Now(|s, c| answer(s.publish_version(&c.decode()?))),
    ),
    (
        "ListStateMachineVersions",
        Handler::Now(|s, c| answer(s.list_versions(&c.decode()?))),
    ),
    (
        "DeleteStateMachineVersion",
        Handler::Now(|s, c| answer(s.delete_version(&c.decode()?))),
    ),
    (
        "CreateStateMachineAlias",
        Handler::Now(|s, c| answer(s.create_alias(&c.decode()?))),
    ),
    (
        "DescribeStateMachineAlias",
        Handler::Now(|s, c| answer(s.describe_alias(&c.decode()?))),
    ),
    (
        "ListStateMachineAliases",
        Handler::Now(|s, c| answer(s.list_aliases(&c.decode()?))),
    ),
    (
        "UpdateStateMachineAlias",
        Handler::Now(|s, c| answer(s.update_alias(&c.decode()?))),
    ),
    (
        "DeleteStateMachineAlias",
        Handler::Now(|s, c| answer(s.delete_alias(&c.decode()?))),
    ),
    (
        "RedriveExecution",
        Handler::Later(|s, c| later(s.redrive_execution_answer(c.decode()?))),
    ),
    (
        "ListMapRuns",
        Handler::Now(|s, c| answer(s.list_map_runs(&c.decode()?))),
    ),
    (
        "DescribeMapRun",
        Handler::Now(|s, c| answer(s.describe_map_run(&c.decode()?))),
    ),
    (
        "UpdateMapRun",
        Handler::Now(|s, c| answer(s.update_map_run(&c.decode()?))),
    ),
];

/// The names of the table's operations, in its order.
const fn names<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = DISPATCH[i].0;
        i += 1;
    }
    out
}

/// Every operation the service answers, as `X-Amz-Target` names them.
pub const OPERATIONS: &[&str] = &names::<{ DISPATCH.len() }>();

/// What answers `operation`, if the service answers it.
pub(crate) fn handler(operation: &str) -> Option<Handler> {
    DISPATCH
        .iter()
        .find(|(name, _)| *name == operation)
        .map(|(_, handler)| *handler)
}

impl Service {
    /// Answers one call of `operation` from inside the server (the console's reads) with
    /// `method`, typed: the checks [`Service::answer`] makes, the request decoded, and the
    /// method's own output structure, not its JSON.
    pub(crate) fn call_as<I: DeserializeOwned, O>(
        &self,
        operation: &str,
        request: &Map<String, Value>,
        method: impl FnOnce(&Service, &I) -> Result<O, ApiError>,
    ) -> Result<O, ApiError> {
        super::constraints::check_request(operation, request)?;
        self.finish_deletions();
        method(self, &super::requests::decode(request)?)
    }

    /// Answers one call, waiting for it on this thread (a test's): [`Service::answer`].
    #[cfg(test)]
    pub fn call(
        self: &Arc<Self>,
        operation: &str,
        request: &Map<String, Value>,
    ) -> Result<Value, ApiError> {
        test_runtime().block_on(Arc::clone(self).answer(
            operation.to_owned(),
            request.clone(),
            None,
        ))
    }

    /// Answers one call whose HTTP request carried the X-Ray trace header `trace_header`
    /// (`X-Amzn-Trace-Id`), which `StartExecution` and `StartSyncExecution` prefer to the
    /// body's `traceHeader`: the API model's checks, then the operation, as a future (an
    /// operation that waits holds no thread meanwhile).
    pub async fn answer(
        self: Arc<Self>,
        operation: String,
        request: Map<String, Value>,
        trace_header: Option<String>,
    ) -> Result<Value, ApiError> {
        // The API model's constraints first, as AWS checks them before the operation runs.
        if OPERATIONS.contains(&operation.as_str()) {
            super::constraints::check_request(&operation, &request)?;
        }
        let starts = matches!(operation.as_str(), "StartExecution" | "StartSyncExecution");
        let trace_header = trace_header.filter(|_| starts);
        if let Some(header) = &trace_header {
            // The header stands for the body's member, held to its constraints.
            let mut traced = request.clone();
            traced.insert("traceHeader".into(), header.as_str().into());
            super::constraints::check_request(&operation, &traced)?;
        }
        let Some(handler) = handler(&operation) else {
            return Err(ApiError::new(
                "UnknownOperationException",
                format!(
                    "`workflow serve` does not answer the operation `{operation}` (yet); see the README's `workflow serve` section for the operations it answers"
                ),
            ));
        };
        match handler {
            Handler::Now(method) => {
                blocking(move || {
                    // A machine `DELETING` whose executions all ended is gone before anything
                    // reads it.
                    self.finish_deletions();
                    method(
                        &self,
                        &Call {
                            request: &request,
                            trace_header: trace_header.as_deref(),
                        },
                    )
                })
                .await
            }
            Handler::Later(method) => {
                self.finish_deletions();
                let call = Call {
                    request: &request,
                    trace_header: trace_header.as_deref(),
                };
                method(self, &call)?.await
            }
        }
    }
}
