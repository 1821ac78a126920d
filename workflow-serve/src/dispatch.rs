//! The operations `workflow serve` answers, each with the function of its module that answers
//! it: one table, whose names are [`OPERATIONS`], so that the list and the dispatch cannot
//! drift apart; and [`answer`], the service's one entry: the API model's checks
//! (`constraints`), then the operation. Each entry decodes the request into its operation's
//! typed structure (`requests`, generated from the API model) and hands it, with the service,
//! to the function, which takes that structure and no other and returns a future of its
//! operation's output structure (generated too), serialized here, once. Every operation is a
//! future: none holds a thread while it waits (a commit, a long poll, an end, a read of the
//! database).

use super::protocol::{ApiError, Target};
use super::service::{Caller, Service};
use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::future::Future;
use std::sync::Arc;

/// One call as the operations read it: the request's members, and who called.
pub(crate) struct Call<'r> {
    pub request: &'r Map<String, Value>,
    pub caller: &'r Caller,
}

impl Call<'_> {
    /// The request decoded into its operation's structure (the one the handler takes).
    fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        super::requests::decode(self.request)
    }
}

/// What answers an operation: its request decoded at once, then a future (its module's
/// function on the service and its typed request), which holds no thread while it waits.
type Handler = fn(Arc<Service>, &Call<'_>) -> Result<Answer, ApiError>;

/// An operation's answer to come.
pub(crate) type Answer = BoxFuture<'static, Result<Value, ApiError>>;

/// An operation's answer, its output structure, as the JSON the protocol writes (the model's
/// member names; a member left out when absent).
fn answer_of<T: Serialize>(output: Result<T, ApiError>) -> Result<Value, ApiError> {
    serde_json::to_value(output?).map_err(|e| ApiError::internal(e.to_string()))
}

/// The answer `output` will be, as [`answer_of`] writes it.
fn later<T: Serialize>(
    output: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<Answer, ApiError> {
    Ok(Box::pin(async move { answer_of(output.await) }))
}

/// `$op`'s entry: its request decoded, then `$f(service, request)`.
macro_rules! op {
    ($f:path) => {
        (|s, c| later($f(s, c.decode()?))) as Handler
    };
    ($f:path, called) => {
        (|s, c| later($f(s, c.decode()?, c.caller.clone()))) as Handler
    };
}

use super::{callbacks, deletions, executions, map_runs, state_machines, tags, versions};

/// Every operation, as `X-Amz-Target` names it, and what answers it.
const DISPATCH: &[(&str, Handler)] = &[
    (
        "CreateStateMachine",
        op!(state_machines::create_state_machine),
    ),
    (
        "DescribeStateMachine",
        op!(state_machines::describe_state_machine),
    ),
    (
        "ListStateMachines",
        op!(state_machines::list_state_machines),
    ),
    (
        "UpdateStateMachine",
        op!(state_machines::update_state_machine),
    ),
    ("DeleteStateMachine", op!(deletions::delete_state_machine)),
    (
        "ValidateStateMachineDefinition",
        op!(state_machines::validate_definition),
    ),
    ("StartExecution", op!(executions::start_execution, called)),
    (
        "StartSyncExecution",
        op!(executions::start_sync_execution, called),
    ),
    (
        "DescribeExecution",
        op!(executions::describe_execution, called),
    ),
    (
        "DescribeStateMachineForExecution",
        op!(executions::describe_machine_for_execution),
    ),
    ("ListExecutions", op!(executions::list_executions)),
    ("StopExecution", op!(executions::stop_execution)),
    (
        "GetExecutionHistory",
        op!(executions::get_execution_history),
    ),
    ("SendTaskSuccess", op!(callbacks::send_task_success)),
    ("SendTaskFailure", op!(callbacks::send_task_failure)),
    ("SendTaskHeartbeat", op!(callbacks::send_task_heartbeat)),
    ("CreateActivity", op!(callbacks::create_activity)),
    ("DescribeActivity", op!(callbacks::describe_activity)),
    ("ListActivities", op!(callbacks::list_activities)),
    ("DeleteActivity", op!(callbacks::delete_activity)),
    ("GetActivityTask", op!(callbacks::get_activity_task)),
    ("TagResource", op!(tags::tag_resource)),
    ("UntagResource", op!(tags::untag_resource)),
    ("ListTagsForResource", op!(tags::list_tags_for_resource)),
    ("TestState", op!(super::test_state::test_state)),
    ("PublishStateMachineVersion", op!(versions::publish_version)),
    ("ListStateMachineVersions", op!(versions::list_versions)),
    ("DeleteStateMachineVersion", op!(versions::delete_version)),
    ("CreateStateMachineAlias", op!(versions::create_alias)),
    ("DescribeStateMachineAlias", op!(versions::describe_alias)),
    ("ListStateMachineAliases", op!(versions::list_aliases)),
    ("UpdateStateMachineAlias", op!(versions::update_alias)),
    ("DeleteStateMachineAlias", op!(versions::delete_alias)),
    ("RedriveExecution", op!(executions::redrive_execution)),
    ("ListMapRuns", op!(map_runs::list_map_runs)),
    ("DescribeMapRun", op!(map_runs::describe_map_run)),
    ("UpdateMapRun", op!(map_runs::update_map_run)),
];

/// The server's own operations, beyond Step Functions' API (`WorkflowServe.<Operation>`):
/// its clock's, which the console shows.
const EXTENSION_DISPATCH: &[(&str, Handler)] = &[
    ("DescribeClock", op!(super::extension::describe_clock)),
    ("AdvanceClock", op!(super::extension::advance_clock)),
];

/// The names of `table`'s operations, in its order.
const fn names<const N: usize>(table: &[(&'static str, Handler)]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].0;
        i += 1;
    }
    out
}

/// Every operation of Step Functions' API the service answers, as `X-Amz-Target` names them
/// (`AWSStepFunctions.<Operation>`).
pub const OPERATIONS: &[&str] = &names::<{ DISPATCH.len() }>(DISPATCH);

/// The server's own operations (`X-Amz-Target: WorkflowServe.<Operation>`), off Step
/// Functions' names: `DescribeClock` (the server's time and its next timer) and `AdvanceClock`
/// (on a virtual clock: by a duration, to the next timer, or until no timer is left).
pub const EXTENSION_OPERATIONS: &[&str] =
    &names::<{ EXTENSION_DISPATCH.len() }>(EXTENSION_DISPATCH);

/// What answers `operation`, if the service answers it.
fn handler(operation: &str) -> Option<Handler> {
    DISPATCH
        .iter()
        .find(|(name, _)| *name == operation)
        .map(|(_, handler)| *handler)
}

/// Answers one call of `operation` from inside the server (the console's reads) with `method`,
/// typed: the checks [`answer`] makes, the request decoded, and the method's own output
/// structure, not its JSON.
pub(crate) async fn call_as<I: DeserializeOwned, O, F>(
    service: &Arc<Service>,
    operation: &str,
    request: &Map<String, Value>,
    method: impl FnOnce(Arc<Service>, I) -> F,
) -> Result<O, ApiError>
where
    F: Future<Output = Result<O, ApiError>>,
{
    super::constraints::check_request(operation, request)?;
    method(Arc::clone(service), super::requests::decode(request)?).await
}

/// Answers one call of `target` whose HTTP request carried the X-Ray trace header
/// `trace_header` (`X-Amzn-Trace-Id`), which `StartExecution` and `StartSyncExecution` prefer
/// to the body's `traceHeader`: the API model's checks, then the operation, as a future (an
/// operation that waits holds no thread meanwhile); or one of the server's own operations
/// (`extension`).
pub(crate) async fn answer(
    service: Arc<Service>,
    target: Target,
    request: Map<String, Value>,
    trace_header: Option<String>,
) -> Result<Value, ApiError> {
    let operation = match target {
        Target::StepFunctions(operation) => operation,
        Target::Extension(operation) => {
            let handler = EXTENSION_DISPATCH
                .iter()
                .find(|(name, _)| *name == operation)
                .map(|(_, handler)| *handler)
                .ok_or_else(|| {
                    ApiError::new(
                        "UnknownOperationException",
                        format!(
                            "`workflow serve` has no operation `{}{operation}`; its own are {}",
                            super::protocol::EXTENSION,
                            EXTENSION_OPERATIONS.join(", ")
                        ),
                    )
                })?;
            let caller = Caller::default();
            let call = Call {
                request: &request,
                caller: &caller,
            };
            return handler(service, &call)?.await;
        }
    };
    let caller = Caller {
        trace_header,
        task_attempt: None,
        watching_child: false,
    };
    answer_from(service, operation, request, caller).await
}

/// [`answer_from`], boxed: what the service's executions call its own operations with
/// (`Settings::operations`, see `nested`).
pub(crate) fn answering(
    service: Arc<Service>,
    operation: String,
    request: Map<String, Value>,
    caller: Caller,
) -> Answer {
    Box::pin(answer_from(service, operation, request, caller))
}

/// [`answer`] for `caller`.
pub(crate) async fn answer_from(
    service: Arc<Service>,
    operation: String,
    request: Map<String, Value>,
    mut caller: Caller,
) -> Result<Value, ApiError> {
    let trace_header = caller.trace_header.take();
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
    caller.trace_header = trace_header;
    let call = Call {
        request: &request,
        caller: &caller,
    };
    let answering = handler(service, &call)?;
    if operation == "GetActivityTask" {
        // A long poll whose client went away takes no task: it ends with its connection.
        return answering.await;
    }
    // Every other operation runs to its end, a task of its own, whatever its client does: a
    // change a client gave up waiting for is written and shown (or undone) all the same.
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => runtime
            .spawn(answering)
            .await
            .unwrap_or_else(|_| Err(ApiError::internal("the operation failed unexpectedly"))),
        Err(_) => answering.await,
    }
}
