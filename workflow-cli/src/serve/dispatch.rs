//! The operations `workflow serve` answers, each with the method of [`Service`] that answers
//! it: one table, whose names are [`OPERATIONS`], so that the list and the dispatch cannot
//! drift apart; and `Service::call`, the service's one entry: the API model's checks
//! (`constraints`), then the operation. Each entry decodes the request into its operation's typed structure
//! (`requests`, generated from the API model) and hands it to the method, which takes that
//! structure and no other and returns its operation's output structure (generated too),
//! serialized here, once ([`answer`]).

use super::protocol::ApiError;
use super::service::Service;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

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
pub(crate) type Handler = fn(&Service, &Call<'_>) -> Result<Value, ApiError>;

/// An operation's answer, its output structure, as the JSON the protocol writes (the model's
/// member names; a member left out when absent).
fn answer<T: Serialize>(output: Result<T, ApiError>) -> Result<Value, ApiError> {
    serde_json::to_value(output?).map_err(|e| ApiError::internal(e.to_string()))
}

/// Every operation, as `X-Amz-Target` names it, and what answers it.
const DISPATCH: &[(&str, Handler)] = &[
    ("CreateStateMachine", |s, c| {
        answer(s.create_state_machine(&c.decode()?))
    }),
    ("DescribeStateMachine", |s, c| {
        answer(s.describe_state_machine(&c.decode()?))
    }),
    ("ListStateMachines", |s, c| {
        answer(s.list_state_machines(&c.decode()?))
    }),
    ("UpdateStateMachine", |s, c| {
        answer(s.update_state_machine(&c.decode()?))
    }),
    ("DeleteStateMachine", |s, c| {
        answer(s.delete_state_machine(&c.decode()?))
    }),
    ("ValidateStateMachineDefinition", |s, c| {
        answer(s.validate_definition(&c.decode()?))
    }),
    ("StartExecution", |s, c| {
        answer(s.start_execution(&c.decode()?, c.trace_header))
    }),
    ("StartSyncExecution", |s, c| {
        answer(s.start_sync_execution(&c.decode()?, c.trace_header))
    }),
    ("DescribeExecution", |s, c| {
        answer(s.describe_execution(&c.decode()?))
    }),
    ("DescribeStateMachineForExecution", |s, c| {
        answer(s.describe_machine_for_execution(&c.decode()?))
    }),
    ("ListExecutions", |s, c| {
        answer(s.list_executions(&c.decode()?))
    }),
    ("StopExecution", |s, c| {
        answer(s.stop_execution(&c.decode()?))
    }),
    ("GetExecutionHistory", |s, c| {
        answer(s.get_execution_history(&c.decode()?))
    }),
    ("SendTaskSuccess", |s, c| {
        answer(s.send_task_success(&c.decode()?))
    }),
    ("SendTaskFailure", |s, c| {
        answer(s.send_task_failure(&c.decode()?))
    }),
    ("SendTaskHeartbeat", |s, c| {
        answer(s.send_task_heartbeat(&c.decode()?))
    }),
    ("CreateActivity", |s, c| {
        answer(s.create_activity(&c.decode()?))
    }),
    ("DescribeActivity", |s, c| {
        answer(s.describe_activity(&c.decode()?))
    }),
    ("ListActivities", |s, c| {
        answer(s.list_activities(&c.decode()?))
    }),
    ("DeleteActivity", |s, c| {
        answer(s.delete_activity(&c.decode()?))
    }),
    ("GetActivityTask", |s, c| {
        answer(s.get_activity_task(&c.decode()?))
    }),
    ("TagResource", |s, c| answer(s.tag_resource(&c.decode()?))),
    ("UntagResource", |s, c| {
        answer(s.untag_resource(&c.decode()?))
    }),
    ("ListTagsForResource", |s, c| {
        answer(s.list_tags_for_resource(&c.decode()?))
    }),
    ("TestState", |s, c| answer(s.test_state(&c.decode()?))),
    ("PublishStateMachineVersion", |s, c| {
        answer(s.publish_version(&c.decode()?))
    }),
    ("ListStateMachineVersions", |s, c| {
        answer(s.list_versions(&c.decode()?))
    }),
    ("DeleteStateMachineVersion", |s, c| {
        answer(s.delete_version(&c.decode()?))
    }),
    ("CreateStateMachineAlias", |s, c| {
        answer(s.create_alias(&c.decode()?))
    }),
    ("DescribeStateMachineAlias", |s, c| {
        answer(s.describe_alias(&c.decode()?))
    }),
    ("ListStateMachineAliases", |s, c| {
        answer(s.list_aliases(&c.decode()?))
    }),
    ("UpdateStateMachineAlias", |s, c| {
        answer(s.update_alias(&c.decode()?))
    }),
    ("DeleteStateMachineAlias", |s, c| {
        answer(s.delete_alias(&c.decode()?))
    }),
    ("RedriveExecution", |s, c| {
        answer(s.redrive_execution(&c.decode()?))
    }),
    ("ListMapRuns", |s, c| answer(s.list_map_runs(&c.decode()?))),
    ("DescribeMapRun", |s, c| {
        answer(s.describe_map_run(&c.decode()?))
    }),
    ("UpdateMapRun", |s, c| {
        answer(s.update_map_run(&c.decode()?))
    }),
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
    /// Answers one call of `operation` from inside the server (the console) with `method`,
    /// typed: the checks [`Service::call`] makes, the request decoded, and the method's own
    /// output structure, not its JSON.
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

    /// Answers one call.
    pub fn call(&self, operation: &str, request: &Map<String, Value>) -> Result<Value, ApiError> {
        self.call_traced(operation, request, None)
    }

    /// Answers one call whose HTTP request carried the X-Ray trace header `trace_header`
    /// (`X-Amzn-Trace-Id`), which `StartExecution` and `StartSyncExecution` prefer to the
    /// body's `traceHeader`.
    pub fn call_traced(
        &self,
        operation: &str,
        request: &Map<String, Value>,
        trace_header: Option<&str>,
    ) -> Result<Value, ApiError> {
        // The API model's constraints first, as AWS checks them before the operation runs.
        if OPERATIONS.contains(&operation) {
            super::constraints::check_request(operation, request)?;
        }
        let starts = matches!(operation, "StartExecution" | "StartSyncExecution");
        let trace_header = trace_header.filter(|_| starts);
        if let Some(header) = trace_header {
            // The header stands for the body's member, held to its constraints.
            let mut traced = request.clone();
            traced.insert("traceHeader".into(), header.into());
            super::constraints::check_request(operation, &traced)?;
        }
        // A machine `DELETING` whose executions all ended is gone before anything reads it.
        self.finish_deletions();
        match handler(operation) {
            Some(answer) => answer(
                self,
                &Call {
                    request,
                    trace_header,
                },
            ),
            None => Err(ApiError::new(
                "UnknownOperationException",
                format!(
                    "`workflow serve` does not answer the operation `{operation}` (yet); see the README's `workflow serve` section for the operations it answers"
                ),
            )),
        }
    }
}
