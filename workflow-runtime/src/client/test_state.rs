//! `TestState` on Step Functions (AWS, or any endpoint that speaks its API): the same request
//! and answer types as the engine's offline TestState ([`crate::engine::TestState`]), so that
//! a state is tested locally and on AWS with one piece of code.

use super::{Client, Error, Result};
use crate::asl::ErrorName;
use crate::engine::{ErrorDetails, TestState, TestStateOutput, TestStatus};
use aws_sdk_sfn::types::{
    InspectionLevel as SdkLevel, MockErrorOutput, MockInput, MockResponseValidationMode,
    TestStateConfiguration,
};
use serde_json::{Map, Value};
use workflow_aws_models::RoleArn;

impl Client {
    /// `TestState` for `request` (see [`crate::engine::TestState`] for its fields); give the
    /// execution role with [`TestStateCall::role_arn`] when the state calls AWS.
    pub fn test_state<'a>(&'a self, request: &'a TestState) -> TestStateCall<'a> {
        TestStateCall {
            client: self,
            request,
            role_arn: None,
            reveal_secrets: false,
        }
    }
}

/// A `TestState` call; see [`Client::test_state`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct TestStateCall<'a> {
    client: &'a Client,
    request: &'a TestState,
    role_arn: Option<RoleArn>,
    reveal_secrets: bool,
}

impl TestStateCall<'_> {
    /// `roleArn`: the role the state's calls to AWS run as.
    pub fn role_arn(mut self, arn: RoleArn) -> Self {
        self.role_arn = Some(arn);
        self
    }

    /// `revealSecrets`: include an HTTP Task's connection secrets in the inspection data.
    pub fn reveal_secrets(mut self, on: bool) -> Self {
        self.reveal_secrets = on;
        self
    }

    /// Sends the request; the answer as the engine's [`TestStateOutput`].
    pub async fn send(self) -> Result<TestStateOutput> {
        let r = self.request;
        let mock = r.mock.as_ref().map(|mock| {
            let builder = MockInput::builder().field_validation_mode(
                MockResponseValidationMode::from(r.field_validation.as_str()),
            );
            match mock {
                Ok(result) => builder.result(result.to_string()),
                Err(failure) => builder.error_output(
                    MockErrorOutput::builder()
                        .error(failure.error.as_str())
                        .cause(failure.cause.clone())
                        .build(),
                ),
            }
            .build()
        });
        let out = self
            .client
            .sfn
            .test_state()
            .definition(&r.definition)
            .set_role_arn(
                self.role_arn
                    .as_ref()
                    .or(r.role_arn.as_ref())
                    .map(RoleArn::to_string),
            )
            .input(r.input.to_string())
            .inspection_level(SdkLevel::from(r.inspection_level.as_str()))
            .reveal_secrets(self.reveal_secrets || r.reveal_secrets)
            .set_variables(r.variables.as_ref().map(Value::to_string))
            .set_state_name(r.state_name.clone())
            .set_mock(mock)
            .set_context(r.context.as_ref().map(Value::to_string))
            .state_configuration(
                TestStateConfiguration::builder()
                    .retrier_retry_count(i32::try_from(r.retrier_retry_count).unwrap_or(i32::MAX))
                    .set_map_iteration_failure_count(
                        r.map_iteration_failure_count
                            .map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
                    )
                    .set_error_caused_by_state(r.error_caused_by_state.clone())
                    .set_map_item_reader_data(r.map_item_reader_data.clone())
                    .build(),
            )
            .send()
            .await
            .map_err(|e| Error::from_sdk("TestState", e))?;
        let status = out
            .status()
            .and_then(|s| TestStatus::parse(s.as_str()))
            .ok_or_else(|| {
                Error::Config(format!(
                    "TestState answered the status {:?}, which this client does not know",
                    out.status()
                ))
            })?;
        let json = |text: Option<&str>| {
            text.map(|t| serde_json::from_str(t).unwrap_or(Value::String(t.to_owned())))
        };
        let inspection_data = out.inspection_data().map(|d| {
            let mut data = Map::new();
            for (key, value) in [
                ("input", d.input()),
                ("afterArguments", d.after_arguments()),
                ("afterInputPath", d.after_input_path()),
                ("afterParameters", d.after_parameters()),
                ("result", d.result()),
                ("afterResultSelector", d.after_result_selector()),
                ("afterResultPath", d.after_result_path()),
                ("variables", d.variables()),
                ("afterItemsPath", d.after_items_path()),
                ("afterItemSelector", d.after_item_selector()),
                ("afterItemBatcher", d.after_item_batcher()),
                ("afterItemsPointer", d.after_items_pointer()),
            ] {
                if let Some(value) = json(value) {
                    data.insert(key.into(), value);
                }
            }
            if let Some(n) = d.max_concurrency() {
                data.insert("maxConcurrency".into(), n.into());
            }
            if let Some(n) = d.tolerated_failure_count() {
                data.insert("toleratedFailureCount".into(), n.into());
            }
            if let Some(p) = d.tolerated_failure_percentage() {
                data.insert("toleratedFailurePercentage".into(), f64::from(p).into());
            }
            if let Some(e) = d.error_details() {
                let details = ErrorDetails {
                    catch_index: e.catch_index().and_then(|i| usize::try_from(i).ok()),
                    retry_index: e.retry_index().and_then(|i| usize::try_from(i).ok()),
                    retry_backoff_interval_seconds: e
                        .retry_backoff_interval_seconds()
                        .and_then(|s| u64::try_from(s).ok()),
                };
                data.insert("errorDetails".into(), details.to_json());
            }
            data
        });
        Ok(TestStateOutput {
            status,
            output: json(out.output()),
            error: out.error().map(ErrorName::from),
            cause: out.cause().map(str::to_owned),
            next_state: out.next_state().map(str::to_owned),
            inspection_data,
        })
    }
}
