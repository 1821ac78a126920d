//! A resume's nested children: a `states:startExecution` Task (`.sync`, `.sync:2`) where the
//! record failed because the child it started failed, timed out or was stopped resumes that
//! child from the child's own record, on the definition the child ran, rather than start it
//! over: the child's states that succeeded are taken from its record, as the parent's are
//! (the rule of `crate::resumed`: a resume never runs again what succeeded). The Task is
//! answered as Step Functions answers it once the child ended: `DescribeExecution`'s answer
//! (`.sync`: `Input` and `Output` as JSON text; `.sync:2`: as JSON), or, for a child that did
//! not succeed, `States.TaskFailed` with that answer as its cause (Developer Guide, "Start a
//! new AWS Step Functions state machine from a running execution": "`.sync` ... returns the
//! `DescribeExecution` response"; "`.sync:2` ... with Output parsed as JSON").
//!
//! Each attempt of the Task resumes the same record again (a Retry resumes it anew). What
//! answers the child's own Tasks is the engine's: its handlers that match the child's
//! machine (the parent's others are left out: a handler matching no Task is refused), no
//! mocks (a mock configuration's test case is the parent machine's).

use crate::core::prior::Prior;
use crate::execution::{EventKind, RecordedHistory};
use crate::{Engine, Execution, ExecutionStatus, HandlerKey, TaskCall, TaskFailure, TaskOutput};
use serde_json::{Value, json};
use workflow_asl::{ErrorName, StateMachine};
use workflow_aws_models::{Pattern, StatesArn, StatesResource};

/// `engine`, with the Task states where `prior`'s record failed because the child they
/// started did (each found in `started`: its ARN, the definition it ran and its record)
/// answered by resuming that child; a state the engine already has a handler for keeps it.
pub(super) fn resuming_children(
    engine: &Engine,
    prior: &Prior,
    started: &[(StatesArn, String, RecordedHistory)],
) -> Engine {
    let mut resuming = engine.clone();
    for (state, arn) in prior.failed_tasks_children() {
        let Some((_, definition, record)) = started.iter().find(|(a, ..)| *a == arn) else {
            continue;
        };
        let key = HandlerKey::State(state.clone());
        if engine.handlers.keys().contains(&key) || !unsuccessful(record) {
            continue;
        }
        let child = Child {
            engine: engine.clone(),
            arn,
            definition: definition.clone(),
            record: record.clone(),
        };
        resuming = resuming.state(state, move |call: TaskCall| {
            let child = child.clone();
            async move { child.resume(&call).await }
        });
    }
    resuming
}

/// Whether `record` ends its execution unsuccessfully.
pub(super) fn unsuccessful(record: &RecordedHistory) -> bool {
    matches!(
        record.events().last().map(|e| &e.kind),
        Some(
            EventKind::ExecutionFailed { .. }
                | EventKind::ExecutionTimedOut { .. }
                | EventKind::ExecutionAborted { .. }
        )
    )
}

/// A nested child to resume: the parent's engine, its recorded ARN, the definition it ran,
/// its record.
#[derive(Clone)]
struct Child {
    engine: Engine,
    arn: StatesArn,
    definition: String,
    record: RecordedHistory,
}

impl Child {
    /// Resumes the child for the Task `call`: the Task's answer.
    async fn resume(&self, call: &TaskCall) -> Result<TaskOutput, TaskFailure> {
        let runtime = |message: String| TaskFailure::new(ErrorName::Runtime, message);
        let machine = StateMachine::from_json(&self.definition).map_err(|e| {
            runtime(format!(
                "the definition child execution `{}` ran cannot be read: {e}",
                self.arn
            ))
        })?;
        let mut engine = self.engine.clone();
        if let Some(name) = self.arn.machine() {
            engine = engine.state_machine_name(name.to_string());
        }
        engine.mocks = None;
        let compiled = engine
            .compile(&machine)
            .map_err(|e| runtime(e.to_string()))?;
        for unmatched in engine.unmatched_handlers(&compiled) {
            engine.handlers.remove(&unmatched.key);
        }
        let request = engine
            .compiled(&compiled)
            .resume_failed(self.record.clone())
            .name(call.attempt_id.clone());
        let arn = request.execution_arn();
        let resumed = request.run().await.map_err(|e| {
            runtime(format!(
                "child execution `{}` could not be resumed from its record: {e}",
                self.arn
            ))
        })?;
        let sync2 = call.resource.pattern() == Some(Pattern::Sync2);
        let described = described(&arn, &resumed.execution, sync2);
        match resumed.execution.status {
            ExecutionStatus::Succeeded => Ok(TaskOutput::from(described)),
            _ => Err(TaskFailure::new(
                ErrorName::TaskFailed,
                described.to_string(),
            )),
        }
    }
}

/// `DescribeExecution`'s answer for the ended `execution` named `arn`; its input and output
/// as JSON text, or parsed (`parsed`: `.sync:2`).
fn described(arn: &StatesArn, execution: &Execution, parsed: bool) -> Value {
    let text = |value: Value| match parsed {
        true => value,
        false => Value::String(value.to_string()),
    };
    let first = execution.history.first();
    let input = match first.map(|e| &e.kind) {
        Some(EventKind::ExecutionStarted { input, .. }) => input.to_value(),
        _ => Value::Null,
    };
    let date = |millis: Option<i64>| {
        Value::String(workflow_asl::timestamp::format_rfc3339_millis(
            millis.unwrap_or(0),
        ))
    };
    let machine = arn.machine().cloned().map(StatesResource::state_machine);
    let mut out = json!({
        "ExecutionArn": arn.to_string(),
        "StateMachineArn": machine.map(|m| arn.sibling(m).to_string()),
        "Name": arn.execution_name().unwrap_or_default(),
        "Status": execution.status.as_str(),
        "StartDate": date(first.map(|e| e.timestamp_millis)),
        "StopDate": date(execution.history.last().map(|e| e.timestamp_millis)),
        "Input": text(input),
        "InputDetails": {"Included": true},
    });
    if let Some(map) = out.as_object_mut() {
        match &execution.output {
            Some(output) => {
                map.insert("Output".into(), text(output.clone()));
                map.insert("OutputDetails".into(), json!({"Included": true}));
            }
            None => {
                if let Some(error) = &execution.error {
                    map.insert("Error".into(), error.as_str().into());
                }
                if let Some(cause) = &execution.cause {
                    map.insert("Cause".into(), cause.clone().into());
                }
            }
        }
    }
    out
}
