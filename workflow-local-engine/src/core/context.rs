//! The parts of the context object fixed for a whole execution: `$$.Execution`, typed
//! ([`ExecutionContext`]), and `$$.StateMachine`. They are made once when the execution (or a
//! Distributed Map's child execution) starts, and written as JSON once ([`ContextObject`]);
//! `Run::context` puts them beside the state's `$$.State`.

use serde_json::{Map, Value, json};
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_aws_models::{MachineName, RoleArn, StatesArn};

/// The context object's parts fixed for a whole execution: typed, and written as JSON once,
/// where the execution starts (a state that reads them takes a copy).
pub(crate) struct ContextObject {
    /// `$$.Execution`, typed.
    pub execution: ExecutionContext,
    /// `$$.Execution`, written.
    execution_json: Value,
    /// `$$.StateMachine`: `{"Id", "Name"}`.
    state_machine_json: Value,
    /// `$$.StateMachine.Id`, typed.
    pub machine_arn: StatesArn,
    /// `$$.Execution` and `$$.StateMachine` as a paused state shows them, made once for the
    /// whole execution (when a debugger first stops in it) and shared by every stop.
    shown: std::sync::OnceLock<std::sync::Arc<Map<String, Value>>>,
}

impl ContextObject {
    /// The parts of the execution `execution` of the state machine `machine` (its ARN
    /// `machine_arn`).
    pub(crate) fn new(
        execution: ExecutionContext,
        machine_arn: &StatesArn,
        machine: &MachineName,
    ) -> Self {
        ContextObject {
            execution_json: execution.to_json(execution.shown()),
            state_machine_json: json!({"Id": machine_arn, "Name": machine.to_string()}),
            machine_arn: machine_arn.clone(),
            execution,
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The execution's parts of the context object as a paused state shows them: made by
    /// `make` the first time, then shared.
    pub(crate) fn shown(
        &self,
        make: impl FnOnce() -> Map<String, Value>,
    ) -> std::sync::Arc<Map<String, Value>> {
        std::sync::Arc::clone(self.shown.get_or_init(|| std::sync::Arc::new(make())))
    }

    /// `$$.Execution`, as written.
    pub(crate) fn execution_json(&self) -> &Value {
        &self.execution_json
    }

    /// `$$.StateMachine`, as written.
    pub(crate) fn state_machine_json(&self) -> &Value {
        &self.state_machine_json
    }
}

/// `$$.Execution`: `{"Id", "Input", "Name", "RoleArn", "StartTime"}`, then
/// `"RedriveCount"` and `"RedriveTime"` as [`Redrives`] says.
#[derive(Clone, Debug)]
pub(crate) struct ExecutionContext {
    /// `Id`: the execution's ARN (an EXPRESS execution's `express` ARN).
    pub id: StatesArn,
    /// `Input`: the execution's input (`null` for a child execution whose states never read
    /// the context object: a child's input may be a batch of thousands of items).
    pub input: Value,
    /// `Name`.
    pub name: String,
    /// `RoleArn` (`null` without a role).
    pub role_arn: Option<RoleArn>,
    /// `StartTime`, in milliseconds since the epoch.
    pub start_millis: i64,
    /// `RedriveCount` and `RedriveTime`.
    pub redrives: Redrives,
}

/// What `$$.Execution` says of an execution's redrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Redrives {
    /// No `RedriveCount`: a synchronous EXPRESS execution's, or TestState's.
    NotCounted,
    /// `"RedriveCount": 0`, no `RedriveTime`.
    Never,
    /// The `count`th redrive (`RedriveCount`), redriven at `at_millis` (`RedriveTime`).
    Redriven {
        /// `RedriveCount`.
        count: u64,
        /// `RedriveTime`, in milliseconds since the epoch.
        at_millis: i64,
    },
}

impl Redrives {
    /// `RedriveCount`, 0 where it is not counted.
    pub(crate) fn count(self) -> u64 {
        match self {
            Redrives::NotCounted | Redrives::Never => 0,
            Redrives::Redriven { count, .. } => count,
        }
    }
}

/// What a state is shown of its execution where it differs from the execution's own: a
/// replay shows the record's names and start time.
pub(crate) struct Shown {
    /// `$$.Execution.Id`.
    pub id: String,
    /// `$$.Execution.Name`.
    pub name: String,
    /// `$$.Execution.StartTime`.
    pub start_time: String,
}

impl ExecutionContext {
    /// The execution's ARN as JSON text (quoted): what the values derived from the execution
    /// (task tokens, Map Run ids) are seeded with.
    pub(crate) fn quoted_id(&self) -> String {
        Value::String(self.id.to_string()).to_string()
    }

    /// What the execution shows of itself (a replay replaces it with the record's).
    pub(crate) fn shown(&self) -> Shown {
        Shown {
            id: self.id.to_string(),
            name: self.name.clone(),
            start_time: format_rfc3339_millis(self.start_millis),
        }
    }

    /// `$$.Execution` as a state reads it, showing `shown`.
    pub(crate) fn to_json(&self, shown: Shown) -> Value {
        let mut execution = Map::with_capacity(7);
        execution.insert("Id".into(), shown.id.into());
        execution.insert("Input".into(), self.input.clone());
        execution.insert("Name".into(), shown.name.into());
        execution.insert(
            "RoleArn".into(),
            self.role_arn
                .as_ref()
                .map_or(Value::Null, |r| r.to_string().into()),
        );
        execution.insert("StartTime".into(), shown.start_time.into());
        match self.redrives {
            Redrives::NotCounted => {}
            Redrives::Never => {
                execution.insert("RedriveCount".into(), 0.into());
            }
            Redrives::Redriven { count, at_millis } => {
                execution.insert("RedriveCount".into(), count.into());
                execution.insert(
                    "RedriveTime".into(),
                    format_rfc3339_millis(at_millis).into(),
                );
            }
        }
        Value::Object(execution)
    }
}

#[cfg(test)]
mod tests {
    use super::{ExecutionContext, Redrives};
    use serde_json::json;

    fn context(redrives: Redrives) -> ExecutionContext {
        ExecutionContext {
            id: "arn:aws:states:us-east-1:123456789012:execution:M:e"
                .parse()
                .unwrap(),
            input: json!({"a": 1}),
            name: "e".into(),
            role_arn: None,
            start_millis: 0,
            redrives,
        }
    }

    #[test]
    fn the_fields_are_written_in_the_services_order() {
        let written = context(Redrives::Redriven {
            count: 2,
            at_millis: 1_000,
        });
        let written = written.to_json(written.shown());
        assert_eq!(
            serde_json::to_string(&written).unwrap(),
            r#"{"Id":"arn:aws:states:us-east-1:123456789012:execution:M:e","Input":{"a":1},"Name":"e","RoleArn":null,"StartTime":"1970-01-01T00:00:00.000Z","RedriveCount":2,"RedriveTime":"1970-01-01T00:00:01.000Z"}"#
        );
        let never = context(Redrives::Never);
        assert_eq!(never.to_json(never.shown())["RedriveCount"], json!(0));
        let uncounted = context(Redrives::NotCounted);
        let uncounted = uncounted.to_json(uncounted.shown());
        assert!(uncounted.get("RedriveCount").is_none());
        assert!(uncounted.get("RedriveTime").is_none());
    }

    #[test]
    fn the_seeding_id_is_the_quoted_arn() {
        assert_eq!(
            context(Redrives::Never).quoted_id(),
            r#""arn:aws:states:us-east-1:123456789012:execution:M:e""#
        );
    }
}
