//! The operations `workflow serve` answers, each with the method of [`Service`] that answers
//! it: one table, whose names are [`OPERATIONS`], so that the list and the dispatch cannot
//! drift apart.

use super::protocol::ApiError;
use super::service::Service;
use serde_json::{Map, Value};

/// One call as the operations read it: the request's members, and the X-Ray trace header its
/// HTTP request carried (`X-Amzn-Trace-Id`), which `StartExecution` and `StartSyncExecution`
/// prefer to the body's `traceHeader`.
pub(crate) struct Call<'r> {
    pub request: &'r Map<String, Value>,
    pub trace_header: Option<&'r str>,
}

/// What answers an operation.
pub(crate) type Handler = fn(&Service, &Call<'_>) -> Result<Value, ApiError>;

/// Every operation, as `X-Amz-Target` names it, and what answers it.
const DISPATCH: &[(&str, Handler)] = &[
    ("CreateStateMachine", |s, c| {
        s.create_state_machine(c.request)
    }),
    ("DescribeStateMachine", |s, c| {
        s.describe_state_machine(c.request)
    }),
    ("ListStateMachines", |s, c| s.list_state_machines(c.request)),
    ("UpdateStateMachine", |s, c| {
        s.update_state_machine(c.request)
    }),
    ("DeleteStateMachine", |s, c| {
        s.delete_state_machine(c.request)
    }),
    ("ValidateStateMachineDefinition", |s, c| {
        s.validate_definition(c.request)
    }),
    ("StartExecution", |s, c| {
        s.start_execution(c.request, c.trace_header)
    }),
    ("StartSyncExecution", |s, c| {
        s.start_sync_execution(c.request, c.trace_header)
    }),
    ("DescribeExecution", |s, c| s.describe_execution(c.request)),
    ("DescribeStateMachineForExecution", |s, c| {
        s.describe_machine_for_execution(c.request)
    }),
    ("ListExecutions", |s, c| s.list_executions(c.request)),
    ("StopExecution", |s, c| s.stop_execution(c.request)),
    ("GetExecutionHistory", |s, c| {
        s.get_execution_history(c.request)
    }),
    ("SendTaskSuccess", |s, c| s.send_task_success(c.request)),
    ("SendTaskFailure", |s, c| s.send_task_failure(c.request)),
    ("SendTaskHeartbeat", |s, c| s.send_task_heartbeat(c.request)),
    ("CreateActivity", |s, c| s.create_activity(c.request)),
    ("DescribeActivity", |s, c| s.describe_activity(c.request)),
    ("ListActivities", |s, c| s.list_activities(c.request)),
    ("DeleteActivity", |s, c| s.delete_activity(c.request)),
    ("GetActivityTask", |s, c| s.get_activity_task(c.request)),
    ("TagResource", |s, c| s.tag_resource(c.request)),
    ("UntagResource", |s, c| s.untag_resource(c.request)),
    ("ListTagsForResource", |s, c| {
        s.list_tags_for_resource(c.request)
    }),
    ("TestState", |s, c| s.test_state(c.request)),
    ("PublishStateMachineVersion", |s, c| {
        s.publish_version(c.request)
    }),
    ("ListStateMachineVersions", |s, c| {
        s.list_versions(c.request)
    }),
    ("DeleteStateMachineVersion", |s, c| {
        s.delete_version(c.request)
    }),
    ("CreateStateMachineAlias", |s, c| s.create_alias(c.request)),
    ("DescribeStateMachineAlias", |s, c| {
        s.describe_alias(c.request)
    }),
    ("ListStateMachineAliases", |s, c| s.list_aliases(c.request)),
    ("UpdateStateMachineAlias", |s, c| s.update_alias(c.request)),
    ("DeleteStateMachineAlias", |s, c| s.delete_alias(c.request)),
    ("RedriveExecution", |s, c| s.redrive_execution(c.request)),
    ("ListMapRuns", |s, c| s.list_map_runs(c.request)),
    ("DescribeMapRun", |s, c| s.describe_map_run(c.request)),
    ("UpdateMapRun", |s, c| s.update_map_run(c.request)),
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
