//! What `StartSyncExecution` returns for an EXPRESS execution — one type for a run on AWS
//! (the client's `execute_sync`) and a local run (the engine's `run_sync`).

use crate::execution::ExecutionStatus;
use serde_json::{Value, json};
use workflow_asl::ErrorName;
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_aws_models::StatesArn;

/// `billingDetails`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillingDetails {
    /// `billedMemoryUsedInMB`: 64-MB chunks.
    pub billed_memory_used_in_mb: u64,
    /// `billedDurationInMilliseconds`: rounded up to the next 100 ms.
    pub billed_duration_in_milliseconds: u64,
}

/// The answer of `StartSyncExecution`.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncExecution {
    /// `executionArn` (`arn:aws:states:…:express:<machine>:<name>:<id>`).
    pub execution_arn: StatesArn,
    /// `stateMachineArn` (the service may leave it out; the engine always gives it).
    pub state_machine_arn: Option<StatesArn>,
    /// `name`.
    pub name: String,
    /// `startDate`, in milliseconds since the Unix epoch.
    pub start_date_millis: i64,
    /// `stopDate`, in milliseconds since the Unix epoch.
    pub stop_date_millis: i64,
    /// `status`: [`ExecutionStatus::Succeeded`], [`ExecutionStatus::Failed`] or
    /// [`ExecutionStatus::TimedOut`].
    pub status: ExecutionStatus,
    /// `input`, as JSON text (absent when the service leaves it out).
    pub input: Option<String>,
    /// `output`, as JSON text, when it succeeded.
    pub output: Option<String>,
    /// `error`, when it did not.
    pub error: Option<ErrorName>,
    /// `cause`, when it did not and there is one.
    pub cause: Option<String>,
    /// `billingDetails`.
    pub billing_details: Option<BillingDetails>,
}

impl SyncExecution {
    /// The output deserialised into `T`, as [`Execution::output_as`](crate::Execution::output_as)
    /// gives a local run's; [`OutputError::NotSucceeded`](crate::OutputError::NotSucceeded)
    /// when the execution did not succeed.
    pub fn output_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, crate::OutputError> {
        match &self.status {
            ExecutionStatus::Succeeded => {
                serde_json::from_str(self.output.as_deref().unwrap_or("null"))
                    .map_err(crate::OutputError::Type)
            }
            status => Err(crate::OutputError::NotSucceeded {
                status: status.clone(),
                error: self.error.clone(),
                cause: self.cause.clone(),
                failed_child: None,
            }),
        }
    }

    /// The answer as the service's JSON (`StartSyncExecution`'s output shape).
    pub fn to_json(&self) -> Value {
        let mut out = json!({"executionArn": self.execution_arn.to_string()});
        if let Some(map) = out.as_object_mut() {
            if let Some(arn) = &self.state_machine_arn {
                map.insert("stateMachineArn".into(), arn.to_string().into());
            }
            map.insert("name".into(), self.name.clone().into());
            map.insert(
                "startDate".into(),
                format_rfc3339_millis(self.start_date_millis).into(),
            );
            map.insert(
                "stopDate".into(),
                format_rfc3339_millis(self.stop_date_millis).into(),
            );
            map.insert("status".into(), self.status.as_str().into());
            if let Some(input) = &self.input {
                map.insert("input".into(), input.clone().into());
                map.insert("inputDetails".into(), json!({"included": true}));
            }
            if let Some(output) = &self.output {
                map.insert("output".into(), output.clone().into());
                map.insert("outputDetails".into(), json!({"included": true}));
            }
            if let Some(error) = &self.error {
                map.insert("error".into(), error.as_str().into());
            }
            if let Some(cause) = &self.cause {
                map.insert("cause".into(), cause.clone().into());
            }
            if let Some(b) = &self.billing_details {
                map.insert(
                    "billingDetails".into(),
                    json!({
                        "billedMemoryUsedInMB": b.billed_memory_used_in_mb,
                        "billedDurationInMilliseconds": b.billed_duration_in_milliseconds,
                    }),
                );
            }
        }
        out
    }
}
