//! Every operation's request and answer as Step Functions' API model defines them
//! (botocore's `stepfunctions/2016-11-23/service-2.json`, as `workflow-aws-models`
//! embeds it): a request decoded with serde once `constraints` passed it, an answer
//! serialized with the model's member names, a member left out when absent. GENERATED
//! by `requests/generate.rs`: do not edit; regenerate with `UPDATE_GENERATED=1 cargo
//! test -p workflow-serve --lib requests`.

#![allow(dead_code)]

use super::{ArnMember, Timestamp, WrittenEvent};
use serde::{Deserialize, Serialize};
use workflow_asl::ExecutionType;
use workflow_aws_models::{FieldValidationMode, RoleArn, StatesArn, TaskToken};
use workflow_runtime::engine::{InspectionLevel, TestStatus};
use workflow_runtime::execution::ExecutionStatus;

/// Every operation of the model with its input structure and its output structure, by
/// operation name.
pub(crate) const SHAPES: &[(&str, &str, &str)] = &[
    ("CreateActivity", "CreateActivityInput", "CreateActivityOutput"),
    ("CreateStateMachine", "CreateStateMachineInput", "CreateStateMachineOutput"),
    ("CreateStateMachineAlias", "CreateStateMachineAliasInput", "CreateStateMachineAliasOutput"),
    ("DeleteActivity", "DeleteActivityInput", "DeleteActivityOutput"),
    ("DeleteStateMachine", "DeleteStateMachineInput", "DeleteStateMachineOutput"),
    ("DeleteStateMachineAlias", "DeleteStateMachineAliasInput", "DeleteStateMachineAliasOutput"),
    ("DeleteStateMachineVersion", "DeleteStateMachineVersionInput", "DeleteStateMachineVersionOutput"),
    ("DescribeActivity", "DescribeActivityInput", "DescribeActivityOutput"),
    ("DescribeExecution", "DescribeExecutionInput", "DescribeExecutionOutput"),
    ("DescribeMapRun", "DescribeMapRunInput", "DescribeMapRunOutput"),
    ("DescribeStateMachine", "DescribeStateMachineInput", "DescribeStateMachineOutput"),
    ("DescribeStateMachineAlias", "DescribeStateMachineAliasInput", "DescribeStateMachineAliasOutput"),
    ("DescribeStateMachineForExecution", "DescribeStateMachineForExecutionInput", "DescribeStateMachineForExecutionOutput"),
    ("GetActivityTask", "GetActivityTaskInput", "GetActivityTaskOutput"),
    ("GetExecutionHistory", "GetExecutionHistoryInput", "GetExecutionHistoryOutput"),
    ("ListActivities", "ListActivitiesInput", "ListActivitiesOutput"),
    ("ListExecutions", "ListExecutionsInput", "ListExecutionsOutput"),
    ("ListMapRuns", "ListMapRunsInput", "ListMapRunsOutput"),
    ("ListStateMachineAliases", "ListStateMachineAliasesInput", "ListStateMachineAliasesOutput"),
    ("ListStateMachineVersions", "ListStateMachineVersionsInput", "ListStateMachineVersionsOutput"),
    ("ListStateMachines", "ListStateMachinesInput", "ListStateMachinesOutput"),
    ("ListTagsForResource", "ListTagsForResourceInput", "ListTagsForResourceOutput"),
    ("PublishStateMachineVersion", "PublishStateMachineVersionInput", "PublishStateMachineVersionOutput"),
    ("RedriveExecution", "RedriveExecutionInput", "RedriveExecutionOutput"),
    ("SendTaskFailure", "SendTaskFailureInput", "SendTaskFailureOutput"),
    ("SendTaskHeartbeat", "SendTaskHeartbeatInput", "SendTaskHeartbeatOutput"),
    ("SendTaskSuccess", "SendTaskSuccessInput", "SendTaskSuccessOutput"),
    ("StartExecution", "StartExecutionInput", "StartExecutionOutput"),
    ("StartSyncExecution", "StartSyncExecutionInput", "StartSyncExecutionOutput"),
    ("StopExecution", "StopExecutionInput", "StopExecutionOutput"),
    ("TagResource", "TagResourceInput", "TagResourceOutput"),
    ("TestState", "TestStateInput", "TestStateOutput"),
    ("UntagResource", "UntagResourceInput", "UntagResourceOutput"),
    ("UpdateMapRun", "UpdateMapRunInput", "UpdateMapRunOutput"),
    ("UpdateStateMachine", "UpdateStateMachineInput", "UpdateStateMachineOutput"),
    ("UpdateStateMachineAlias", "UpdateStateMachineAliasInput", "UpdateStateMachineAliasOutput"),
    ("ValidateStateMachineDefinition", "ValidateStateMachineDefinitionInput", "ValidateStateMachineDefinitionOutput"),
];

/// The model's `ActivityListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ActivityListItem {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `BillingDetails`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct BillingDetails {
    /// `billedMemoryUsedInMB`.
    #[serde(rename = "billedMemoryUsedInMB", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub billed_memory_used_in_m_b: Option<i64>,
    /// `billedDurationInMilliseconds`.
    #[serde(rename = "billedDurationInMilliseconds", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub billed_duration_in_milliseconds: Option<i64>,
}

/// The model's `CloudWatchEventsExecutionDataDetails`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CloudWatchEventsExecutionDataDetails {
    /// `included`.
    #[serde(rename = "included", default, skip_serializing_if = "Option::is_none")]
    pub included: Option<bool>,
}

/// The model's `CloudWatchLogsLogGroup`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CloudWatchLogsLogGroup {
    /// `logGroupArn`.
    #[serde(rename = "logGroupArn", default, skip_serializing_if = "Option::is_none")]
    pub log_group_arn: Option<String>,
}

/// The model's `CreateActivityInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateActivityInput {
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `tags`.
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The model's `CreateActivityOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateActivityOutput {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: StatesArn,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `CreateStateMachineAliasInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateStateMachineAliasInput {
    /// `description`.
    #[serde(rename = "description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `routingConfiguration` (required).
    #[serde(rename = "routingConfiguration")]
    pub routing_configuration: Vec<RoutingConfigurationListItem>,
}

/// The model's `CreateStateMachineAliasOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateStateMachineAliasOutput {
    /// `stateMachineAliasArn` (required).
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: StatesArn,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `CreateStateMachineInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateStateMachineInput {
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `definition` (required).
    #[serde(rename = "definition")]
    pub definition: String,
    /// `roleArn` (required).
    #[serde(rename = "roleArn")]
    pub role_arn: String,
    /// `type`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ExecutionType>,
    /// `loggingConfiguration`.
    #[serde(rename = "loggingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfiguration>,
    /// `tags`.
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// `tracingConfiguration`.
    #[serde(rename = "tracingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub tracing_configuration: Option<TracingConfiguration>,
    /// `publish`.
    #[serde(rename = "publish", default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    /// `versionDescription`.
    #[serde(rename = "versionDescription", default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The model's `CreateStateMachineOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct CreateStateMachineOutput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    /// `stateMachineVersionArn`.
    #[serde(rename = "stateMachineVersionArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_version_arn: Option<StatesArn>,
}

/// The model's `DeleteActivityInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteActivityInput {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: ArnMember,
}

/// The model's `DeleteActivityOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteActivityOutput {
}

/// The model's `DeleteStateMachineAliasInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineAliasInput {
    /// `stateMachineAliasArn` (required).
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: ArnMember,
}

/// The model's `DeleteStateMachineAliasOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineAliasOutput {
}

/// The model's `DeleteStateMachineInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
}

/// The model's `DeleteStateMachineOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineOutput {
}

/// The model's `DeleteStateMachineVersionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineVersionInput {
    /// `stateMachineVersionArn` (required).
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: ArnMember,
}

/// The model's `DeleteStateMachineVersionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DeleteStateMachineVersionOutput {
}

/// The model's `DescribeActivityInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeActivityInput {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: ArnMember,
}

/// The model's `DescribeActivityOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeActivityOutput {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The model's `DescribeExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeExecutionInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `includedData`.
    #[serde(rename = "includedData", default, skip_serializing_if = "Option::is_none")]
    pub included_data: Option<IncludedData>,
}

/// The model's `DescribeExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeExecutionOutput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `name`.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `status` (required).
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    /// `stopDate`.
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `inputDetails`.
    #[serde(rename = "inputDetails", default, skip_serializing_if = "Option::is_none")]
    pub input_details: Option<CloudWatchEventsExecutionDataDetails>,
    /// `output`.
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `outputDetails`.
    #[serde(rename = "outputDetails", default, skip_serializing_if = "Option::is_none")]
    pub output_details: Option<CloudWatchEventsExecutionDataDetails>,
    /// `traceHeader`.
    #[serde(rename = "traceHeader", default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<String>,
    /// `mapRunArn`.
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<StatesArn>,
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// `stateMachineVersionArn`.
    #[serde(rename = "stateMachineVersionArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_version_arn: Option<StatesArn>,
    /// `stateMachineAliasArn`.
    #[serde(rename = "stateMachineAliasArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_alias_arn: Option<StatesArn>,
    /// `redriveCount`.
    #[serde(rename = "redriveCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub redrive_count: Option<i64>,
    /// `redriveDate`.
    #[serde(rename = "redriveDate", default, skip_serializing_if = "Option::is_none")]
    pub redrive_date: Option<Timestamp>,
    /// `redriveStatus`.
    #[serde(rename = "redriveStatus", default, skip_serializing_if = "Option::is_none")]
    pub redrive_status: Option<ExecutionRedriveStatus>,
    /// `redriveStatusReason`.
    #[serde(rename = "redriveStatusReason", default, skip_serializing_if = "Option::is_none")]
    pub redrive_status_reason: Option<String>,
}

/// The model's `DescribeMapRunInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeMapRunInput {
    /// `mapRunArn` (required).
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: ArnMember,
}

/// The model's `DescribeMapRunOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeMapRunOutput {
    /// `mapRunArn` (required).
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: StatesArn,
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `status` (required).
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    /// `stopDate`.
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    /// `maxConcurrency` (required).
    #[serde(rename = "maxConcurrency", deserialize_with = "super::integer")]
    pub max_concurrency: i64,
    /// `toleratedFailurePercentage` (required).
    #[serde(rename = "toleratedFailurePercentage")]
    pub tolerated_failure_percentage: f64,
    /// `toleratedFailureCount` (required).
    #[serde(rename = "toleratedFailureCount", deserialize_with = "super::integer")]
    pub tolerated_failure_count: i64,
    /// `itemCounts` (required).
    #[serde(rename = "itemCounts")]
    pub item_counts: MapRunItemCounts,
    /// `executionCounts` (required).
    #[serde(rename = "executionCounts")]
    pub execution_counts: MapRunItemCounts,
    /// `redriveCount`.
    #[serde(rename = "redriveCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub redrive_count: Option<i64>,
    /// `redriveDate`.
    #[serde(rename = "redriveDate", default, skip_serializing_if = "Option::is_none")]
    pub redrive_date: Option<Timestamp>,
}

/// The model's `DescribeStateMachineAliasInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineAliasInput {
    /// `stateMachineAliasArn` (required).
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: ArnMember,
}

/// The model's `DescribeStateMachineAliasOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineAliasOutput {
    /// `stateMachineAliasArn`.
    #[serde(rename = "stateMachineAliasArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_alias_arn: Option<StatesArn>,
    /// `name`.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`.
    #[serde(rename = "description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `routingConfiguration`.
    #[serde(rename = "routingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub routing_configuration: Option<Vec<RoutingConfigurationListItem>>,
    /// `creationDate`.
    #[serde(rename = "creationDate", default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<Timestamp>,
    /// `updateDate`.
    #[serde(rename = "updateDate", default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<Timestamp>,
}

/// The model's `DescribeStateMachineForExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineForExecutionInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `includedData`.
    #[serde(rename = "includedData", default, skip_serializing_if = "Option::is_none")]
    pub included_data: Option<IncludedData>,
}

/// The model's `DescribeStateMachineForExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineForExecutionOutput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `definition` (required).
    #[serde(rename = "definition")]
    pub definition: String,
    /// `roleArn` (required).
    #[serde(rename = "roleArn")]
    pub role_arn: RoleArn,
    /// `updateDate` (required).
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
    /// `loggingConfiguration`.
    #[serde(rename = "loggingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfiguration>,
    /// `tracingConfiguration`.
    #[serde(rename = "tracingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub tracing_configuration: Option<TracingConfiguration>,
    /// `mapRunArn`.
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<StatesArn>,
    /// `label`.
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `revisionId`.
    #[serde(rename = "revisionId", default, skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
    /// `variableReferences`.
    #[serde(rename = "variableReferences", default, skip_serializing_if = "Option::is_none")]
    pub variable_references: Option<indexmap::IndexMap<String, Vec<String>>>,
}

/// The model's `DescribeStateMachineInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `includedData`.
    #[serde(rename = "includedData", default, skip_serializing_if = "Option::is_none")]
    pub included_data: Option<IncludedData>,
}

/// The model's `DescribeStateMachineOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct DescribeStateMachineOutput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `status`.
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StateMachineStatus>,
    /// `definition` (required).
    #[serde(rename = "definition")]
    pub definition: String,
    /// `roleArn` (required).
    #[serde(rename = "roleArn")]
    pub role_arn: RoleArn,
    /// `type` (required).
    #[serde(rename = "type")]
    pub r#type: ExecutionType,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    /// `loggingConfiguration`.
    #[serde(rename = "loggingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfiguration>,
    /// `tracingConfiguration`.
    #[serde(rename = "tracingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub tracing_configuration: Option<TracingConfiguration>,
    /// `label`.
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `revisionId`.
    #[serde(rename = "revisionId", default, skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
    /// `description`.
    #[serde(rename = "description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
    /// `variableReferences`.
    #[serde(rename = "variableReferences", default, skip_serializing_if = "Option::is_none")]
    pub variable_references: Option<indexmap::IndexMap<String, Vec<String>>>,
}

/// The model's `EncryptionConfiguration`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct EncryptionConfiguration {
    /// `kmsKeyId`.
    #[serde(rename = "kmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// `kmsDataKeyReusePeriodSeconds`.
    #[serde(rename = "kmsDataKeyReusePeriodSeconds", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub kms_data_key_reuse_period_seconds: Option<i64>,
    /// `type` (required).
    #[serde(rename = "type")]
    pub r#type: EncryptionType,
}

/// The model's `ExecutionListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ExecutionListItem {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `status` (required).
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    /// `stopDate`.
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    /// `mapRunArn`.
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<StatesArn>,
    /// `itemCount`.
    #[serde(rename = "itemCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub item_count: Option<i64>,
    /// `stateMachineVersionArn`.
    #[serde(rename = "stateMachineVersionArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_version_arn: Option<StatesArn>,
    /// `stateMachineAliasArn`.
    #[serde(rename = "stateMachineAliasArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_alias_arn: Option<StatesArn>,
    /// `redriveCount`.
    #[serde(rename = "redriveCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub redrive_count: Option<i64>,
    /// `redriveDate`.
    #[serde(rename = "redriveDate", default, skip_serializing_if = "Option::is_none")]
    pub redrive_date: Option<Timestamp>,
}

/// The model's `GetActivityTaskInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct GetActivityTaskInput {
    /// `activityArn` (required).
    #[serde(rename = "activityArn")]
    pub activity_arn: ArnMember,
    /// `workerName`.
    #[serde(rename = "workerName", default, skip_serializing_if = "Option::is_none")]
    pub worker_name: Option<String>,
}

/// The model's `GetActivityTaskOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct GetActivityTaskOutput {
    /// `taskToken`.
    #[serde(rename = "taskToken", default, skip_serializing_if = "Option::is_none")]
    pub task_token: Option<TaskToken>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// The model's `GetExecutionHistoryInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct GetExecutionHistoryInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
    /// `reverseOrder`.
    #[serde(rename = "reverseOrder", default, skip_serializing_if = "Option::is_none")]
    pub reverse_order: Option<bool>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `includeExecutionData`.
    #[serde(rename = "includeExecutionData", default, skip_serializing_if = "Option::is_none")]
    pub include_execution_data: Option<bool>,
}

/// The model's `GetExecutionHistoryOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct GetExecutionHistoryOutput {
    /// `events` (required).
    #[serde(rename = "events")]
    pub events: Vec<WrittenEvent>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `InspectionData`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct InspectionData {
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `afterArguments`.
    #[serde(rename = "afterArguments", default, skip_serializing_if = "Option::is_none")]
    pub after_arguments: Option<String>,
    /// `afterInputPath`.
    #[serde(rename = "afterInputPath", default, skip_serializing_if = "Option::is_none")]
    pub after_input_path: Option<String>,
    /// `afterParameters`.
    #[serde(rename = "afterParameters", default, skip_serializing_if = "Option::is_none")]
    pub after_parameters: Option<String>,
    /// `result`.
    #[serde(rename = "result", default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// `afterResultSelector`.
    #[serde(rename = "afterResultSelector", default, skip_serializing_if = "Option::is_none")]
    pub after_result_selector: Option<String>,
    /// `afterResultPath`.
    #[serde(rename = "afterResultPath", default, skip_serializing_if = "Option::is_none")]
    pub after_result_path: Option<String>,
    /// `request`.
    #[serde(rename = "request", default, skip_serializing_if = "Option::is_none")]
    pub request: Option<InspectionDataRequest>,
    /// `response`.
    #[serde(rename = "response", default, skip_serializing_if = "Option::is_none")]
    pub response: Option<InspectionDataResponse>,
    /// `variables`.
    #[serde(rename = "variables", default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<String>,
    /// `errorDetails`.
    #[serde(rename = "errorDetails", default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<InspectionErrorDetails>,
    /// `afterItemsPath`.
    #[serde(rename = "afterItemsPath", default, skip_serializing_if = "Option::is_none")]
    pub after_items_path: Option<String>,
    /// `afterItemSelector`.
    #[serde(rename = "afterItemSelector", default, skip_serializing_if = "Option::is_none")]
    pub after_item_selector: Option<String>,
    /// `afterItemBatcher`.
    #[serde(rename = "afterItemBatcher", default, skip_serializing_if = "Option::is_none")]
    pub after_item_batcher: Option<String>,
    /// `afterItemsPointer`.
    #[serde(rename = "afterItemsPointer", default, skip_serializing_if = "Option::is_none")]
    pub after_items_pointer: Option<String>,
    /// `toleratedFailureCount`.
    #[serde(rename = "toleratedFailureCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub tolerated_failure_count: Option<i64>,
    /// `toleratedFailurePercentage`.
    #[serde(rename = "toleratedFailurePercentage", default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage: Option<f64>,
    /// `maxConcurrency`.
    #[serde(rename = "maxConcurrency", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_concurrency: Option<i64>,
}

/// The model's `InspectionDataRequest`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct InspectionDataRequest {
    /// `protocol`.
    #[serde(rename = "protocol", default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `method`.
    #[serde(rename = "method", default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `url`.
    #[serde(rename = "url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `headers`.
    #[serde(rename = "headers", default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
    /// `body`.
    #[serde(rename = "body", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// The model's `InspectionDataResponse`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct InspectionDataResponse {
    /// `protocol`.
    #[serde(rename = "protocol", default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `statusCode`.
    #[serde(rename = "statusCode", default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<String>,
    /// `statusMessage`.
    #[serde(rename = "statusMessage", default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// `headers`.
    #[serde(rename = "headers", default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
    /// `body`.
    #[serde(rename = "body", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// The model's `InspectionErrorDetails`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct InspectionErrorDetails {
    /// `catchIndex`.
    #[serde(rename = "catchIndex", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub catch_index: Option<i64>,
    /// `retryIndex`.
    #[serde(rename = "retryIndex", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub retry_index: Option<i64>,
    /// `retryBackoffIntervalSeconds`.
    #[serde(rename = "retryBackoffIntervalSeconds", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub retry_backoff_interval_seconds: Option<i64>,
}

/// The model's `ListActivitiesInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListActivitiesInput {
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListActivitiesOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListActivitiesOutput {
    /// `activities` (required).
    #[serde(rename = "activities")]
    pub activities: Vec<ActivityListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListExecutionsInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListExecutionsInput {
    /// `stateMachineArn`.
    #[serde(rename = "stateMachineArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_arn: Option<ArnMember>,
    /// `statusFilter`.
    #[serde(rename = "statusFilter", default, skip_serializing_if = "Option::is_none")]
    pub status_filter: Option<ExecutionStatus>,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `mapRunArn`.
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<ArnMember>,
    /// `redriveFilter`.
    #[serde(rename = "redriveFilter", default, skip_serializing_if = "Option::is_none")]
    pub redrive_filter: Option<ExecutionRedriveFilter>,
}

/// The model's `ListExecutionsOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListExecutionsOutput {
    /// `executions` (required).
    #[serde(rename = "executions")]
    pub executions: Vec<ExecutionListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListMapRunsInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListMapRunsInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListMapRunsOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListMapRunsOutput {
    /// `mapRuns` (required).
    #[serde(rename = "mapRuns")]
    pub map_runs: Vec<MapRunListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListStateMachineAliasesInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachineAliasesInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
}

/// The model's `ListStateMachineAliasesOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachineAliasesOutput {
    /// `stateMachineAliases` (required).
    #[serde(rename = "stateMachineAliases")]
    pub state_machine_aliases: Vec<StateMachineAliasListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListStateMachineVersionsInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachineVersionsInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
}

/// The model's `ListStateMachineVersionsOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachineVersionsOutput {
    /// `stateMachineVersions` (required).
    #[serde(rename = "stateMachineVersions")]
    pub state_machine_versions: Vec<StateMachineVersionListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListStateMachinesInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachinesInput {
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListStateMachinesOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListStateMachinesOutput {
    /// `stateMachines` (required).
    #[serde(rename = "stateMachines")]
    pub state_machines: Vec<StateMachineListItem>,
    /// `nextToken`.
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The model's `ListTagsForResourceInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListTagsForResourceInput {
    /// `resourceArn` (required).
    #[serde(rename = "resourceArn")]
    pub resource_arn: ArnMember,
}

/// The model's `ListTagsForResourceOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ListTagsForResourceOutput {
    /// `tags`.
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The model's `LogDestination`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct LogDestination {
    /// `cloudWatchLogsLogGroup`.
    #[serde(rename = "cloudWatchLogsLogGroup", default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_log_group: Option<CloudWatchLogsLogGroup>,
}

/// The model's `LoggingConfiguration`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct LoggingConfiguration {
    /// `level`.
    #[serde(rename = "level", default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LogLevel>,
    /// `includeExecutionData`.
    #[serde(rename = "includeExecutionData", default, skip_serializing_if = "Option::is_none")]
    pub include_execution_data: Option<bool>,
    /// `destinations`.
    #[serde(rename = "destinations", default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<LogDestination>>,
}

/// The model's `MapRunItemCounts`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct MapRunItemCounts {
    /// `pending` (required).
    #[serde(rename = "pending", deserialize_with = "super::integer")]
    pub pending: i64,
    /// `running` (required).
    #[serde(rename = "running", deserialize_with = "super::integer")]
    pub running: i64,
    /// `succeeded` (required).
    #[serde(rename = "succeeded", deserialize_with = "super::integer")]
    pub succeeded: i64,
    /// `failed` (required).
    #[serde(rename = "failed", deserialize_with = "super::integer")]
    pub failed: i64,
    /// `timedOut` (required).
    #[serde(rename = "timedOut", deserialize_with = "super::integer")]
    pub timed_out: i64,
    /// `aborted` (required).
    #[serde(rename = "aborted", deserialize_with = "super::integer")]
    pub aborted: i64,
    /// `total` (required).
    #[serde(rename = "total", deserialize_with = "super::integer")]
    pub total: i64,
    /// `resultsWritten` (required).
    #[serde(rename = "resultsWritten", deserialize_with = "super::integer")]
    pub results_written: i64,
    /// `failuresNotRedrivable`.
    #[serde(rename = "failuresNotRedrivable", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub failures_not_redrivable: Option<i64>,
    /// `pendingRedrive`.
    #[serde(rename = "pendingRedrive", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub pending_redrive: Option<i64>,
}

/// The model's `MapRunListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct MapRunListItem {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `mapRunArn` (required).
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: StatesArn,
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    /// `stopDate`.
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
}

/// The model's `MockErrorOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct MockErrorOutput {
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The model's `MockInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct MockInput {
    /// `result`.
    #[serde(rename = "result", default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// `errorOutput`.
    #[serde(rename = "errorOutput", default, skip_serializing_if = "Option::is_none")]
    pub error_output: Option<MockErrorOutput>,
    /// `fieldValidationMode`.
    #[serde(rename = "fieldValidationMode", default, skip_serializing_if = "Option::is_none")]
    pub field_validation_mode: Option<FieldValidationMode>,
}

/// The model's `PublishStateMachineVersionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct PublishStateMachineVersionInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `revisionId`.
    #[serde(rename = "revisionId", default, skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
    /// `description`.
    #[serde(rename = "description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The model's `PublishStateMachineVersionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct PublishStateMachineVersionOutput {
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    /// `stateMachineVersionArn` (required).
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: StatesArn,
}

/// The model's `RedriveExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct RedriveExecutionInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `clientToken`.
    #[serde(rename = "clientToken", default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// The model's `RedriveExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct RedriveExecutionOutput {
    /// `redriveDate` (required).
    #[serde(rename = "redriveDate")]
    pub redrive_date: Timestamp,
}

/// The model's `RoutingConfigurationListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct RoutingConfigurationListItem {
    /// `stateMachineVersionArn` (required).
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: ArnMember,
    /// `weight` (required).
    #[serde(rename = "weight", deserialize_with = "super::integer")]
    pub weight: i64,
}

/// The model's `SendTaskFailureInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskFailureInput {
    /// `taskToken` (required).
    #[serde(rename = "taskToken")]
    pub task_token: String,
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The model's `SendTaskFailureOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskFailureOutput {
}

/// The model's `SendTaskHeartbeatInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskHeartbeatInput {
    /// `taskToken` (required).
    #[serde(rename = "taskToken")]
    pub task_token: String,
}

/// The model's `SendTaskHeartbeatOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskHeartbeatOutput {
}

/// The model's `SendTaskSuccessInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskSuccessInput {
    /// `taskToken` (required).
    #[serde(rename = "taskToken")]
    pub task_token: String,
    /// `output` (required).
    #[serde(rename = "output")]
    pub output: String,
}

/// The model's `SendTaskSuccessOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct SendTaskSuccessOutput {
}

/// The model's `StartExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StartExecutionInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `name`.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `traceHeader`.
    #[serde(rename = "traceHeader", default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<String>,
}

/// The model's `StartExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StartExecutionOutput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
}

/// The model's `StartSyncExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StartSyncExecutionInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `name`.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `traceHeader`.
    #[serde(rename = "traceHeader", default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<String>,
    /// `includedData`.
    #[serde(rename = "includedData", default, skip_serializing_if = "Option::is_none")]
    pub included_data: Option<IncludedData>,
}

/// The model's `StartSyncExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StartSyncExecutionOutput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: StatesArn,
    /// `stateMachineArn`.
    #[serde(rename = "stateMachineArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_arn: Option<StatesArn>,
    /// `name`.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `startDate` (required).
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    /// `stopDate` (required).
    #[serde(rename = "stopDate")]
    pub stop_date: Timestamp,
    /// `status` (required).
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `inputDetails`.
    #[serde(rename = "inputDetails", default, skip_serializing_if = "Option::is_none")]
    pub input_details: Option<CloudWatchEventsExecutionDataDetails>,
    /// `output`.
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `outputDetails`.
    #[serde(rename = "outputDetails", default, skip_serializing_if = "Option::is_none")]
    pub output_details: Option<CloudWatchEventsExecutionDataDetails>,
    /// `traceHeader`.
    #[serde(rename = "traceHeader", default, skip_serializing_if = "Option::is_none")]
    pub trace_header: Option<String>,
    /// `billingDetails`.
    #[serde(rename = "billingDetails", default, skip_serializing_if = "Option::is_none")]
    pub billing_details: Option<BillingDetails>,
}

/// The model's `StateMachineAliasListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StateMachineAliasListItem {
    /// `stateMachineAliasArn` (required).
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: StatesArn,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `StateMachineListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StateMachineListItem {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: StatesArn,
    /// `name` (required).
    #[serde(rename = "name")]
    pub name: String,
    /// `type` (required).
    #[serde(rename = "type")]
    pub r#type: ExecutionType,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `StateMachineVersionListItem`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StateMachineVersionListItem {
    /// `stateMachineVersionArn` (required).
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: StatesArn,
    /// `creationDate` (required).
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The model's `StopExecutionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StopExecutionInput {
    /// `executionArn` (required).
    #[serde(rename = "executionArn")]
    pub execution_arn: ArnMember,
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The model's `StopExecutionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct StopExecutionOutput {
    /// `stopDate` (required).
    #[serde(rename = "stopDate")]
    pub stop_date: Timestamp,
}

/// The model's `Tag`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct Tag {
    /// `key`.
    #[serde(rename = "key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `value`.
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The model's `TagResourceInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TagResourceInput {
    /// `resourceArn` (required).
    #[serde(rename = "resourceArn")]
    pub resource_arn: ArnMember,
    /// `tags` (required).
    #[serde(rename = "tags")]
    pub tags: Vec<Tag>,
}

/// The model's `TagResourceOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TagResourceOutput {
}

/// The model's `TestStateConfiguration`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TestStateConfiguration {
    /// `retrierRetryCount`.
    #[serde(rename = "retrierRetryCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub retrier_retry_count: Option<i64>,
    /// `errorCausedByState`.
    #[serde(rename = "errorCausedByState", default, skip_serializing_if = "Option::is_none")]
    pub error_caused_by_state: Option<String>,
    /// `mapIterationFailureCount`.
    #[serde(rename = "mapIterationFailureCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub map_iteration_failure_count: Option<i64>,
    /// `mapItemReaderData`.
    #[serde(rename = "mapItemReaderData", default, skip_serializing_if = "Option::is_none")]
    pub map_item_reader_data: Option<String>,
}

/// The model's `TestStateInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TestStateInput {
    /// `definition` (required).
    #[serde(rename = "definition")]
    pub definition: String,
    /// `roleArn`.
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `input`.
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `inspectionLevel`.
    #[serde(rename = "inspectionLevel", default, skip_serializing_if = "Option::is_none")]
    pub inspection_level: Option<InspectionLevel>,
    /// `revealSecrets`.
    #[serde(rename = "revealSecrets", default, skip_serializing_if = "Option::is_none")]
    pub reveal_secrets: Option<bool>,
    /// `variables`.
    #[serde(rename = "variables", default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<String>,
    /// `stateName`.
    #[serde(rename = "stateName", default, skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
    /// `mock`.
    #[serde(rename = "mock", default, skip_serializing_if = "Option::is_none")]
    pub mock: Option<MockInput>,
    /// `context`.
    #[serde(rename = "context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// `stateConfiguration`.
    #[serde(rename = "stateConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub state_configuration: Option<TestStateConfiguration>,
}

/// The model's `TestStateOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TestStateOutput {
    /// `output`.
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `error`.
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `cause`.
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// `inspectionData`.
    #[serde(rename = "inspectionData", default, skip_serializing_if = "Option::is_none")]
    pub inspection_data: Option<InspectionData>,
    /// `nextState`.
    #[serde(rename = "nextState", default, skip_serializing_if = "Option::is_none")]
    pub next_state: Option<String>,
    /// `status`.
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TestStatus>,
}

/// The model's `TracingConfiguration`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct TracingConfiguration {
    /// `enabled`.
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The model's `UntagResourceInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UntagResourceInput {
    /// `resourceArn` (required).
    #[serde(rename = "resourceArn")]
    pub resource_arn: ArnMember,
    /// `tagKeys` (required).
    #[serde(rename = "tagKeys")]
    pub tag_keys: Vec<String>,
}

/// The model's `UntagResourceOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UntagResourceOutput {
}

/// The model's `UpdateMapRunInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateMapRunInput {
    /// `mapRunArn` (required).
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: ArnMember,
    /// `maxConcurrency`.
    #[serde(rename = "maxConcurrency", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_concurrency: Option<i64>,
    /// `toleratedFailurePercentage`.
    #[serde(rename = "toleratedFailurePercentage", default, skip_serializing_if = "Option::is_none")]
    pub tolerated_failure_percentage: Option<f64>,
    /// `toleratedFailureCount`.
    #[serde(rename = "toleratedFailureCount", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub tolerated_failure_count: Option<i64>,
}

/// The model's `UpdateMapRunOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateMapRunOutput {
}

/// The model's `UpdateStateMachineAliasInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateStateMachineAliasInput {
    /// `stateMachineAliasArn` (required).
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: ArnMember,
    /// `description`.
    #[serde(rename = "description", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `routingConfiguration`.
    #[serde(rename = "routingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub routing_configuration: Option<Vec<RoutingConfigurationListItem>>,
}

/// The model's `UpdateStateMachineAliasOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateStateMachineAliasOutput {
    /// `updateDate` (required).
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
}

/// The model's `UpdateStateMachineInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateStateMachineInput {
    /// `stateMachineArn` (required).
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: ArnMember,
    /// `definition`.
    #[serde(rename = "definition", default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// `roleArn`.
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `loggingConfiguration`.
    #[serde(rename = "loggingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfiguration>,
    /// `tracingConfiguration`.
    #[serde(rename = "tracingConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub tracing_configuration: Option<TracingConfiguration>,
    /// `publish`.
    #[serde(rename = "publish", default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    /// `versionDescription`.
    #[serde(rename = "versionDescription", default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    /// `encryptionConfiguration`.
    #[serde(rename = "encryptionConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The model's `UpdateStateMachineOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct UpdateStateMachineOutput {
    /// `updateDate` (required).
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
    /// `revisionId`.
    #[serde(rename = "revisionId", default, skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
    /// `stateMachineVersionArn`.
    #[serde(rename = "stateMachineVersionArn", default, skip_serializing_if = "Option::is_none")]
    pub state_machine_version_arn: Option<StatesArn>,
}

/// The model's `ValidateStateMachineDefinitionDiagnostic`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ValidateStateMachineDefinitionDiagnostic {
    /// `severity` (required).
    #[serde(rename = "severity")]
    pub severity: ValidateStateMachineDefinitionSeverity,
    /// `code` (required).
    #[serde(rename = "code")]
    pub code: String,
    /// `message` (required).
    #[serde(rename = "message")]
    pub message: String,
    /// `location`.
    #[serde(rename = "location", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// The model's `ValidateStateMachineDefinitionInput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ValidateStateMachineDefinitionInput {
    /// `definition` (required).
    #[serde(rename = "definition")]
    pub definition: String,
    /// `type`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ExecutionType>,
    /// `severity`.
    #[serde(rename = "severity", default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<ValidateStateMachineDefinitionSeverity>,
    /// `maxResults`.
    #[serde(rename = "maxResults", default, skip_serializing_if = "Option::is_none", deserialize_with = "super::optional_integer")]
    pub max_results: Option<i64>,
}

/// The model's `ValidateStateMachineDefinitionOutput`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub(crate) struct ValidateStateMachineDefinitionOutput {
    /// `result` (required).
    #[serde(rename = "result")]
    pub result: ValidateStateMachineDefinitionResultCode,
    /// `diagnostics` (required).
    #[serde(rename = "diagnostics")]
    pub diagnostics: Vec<ValidateStateMachineDefinitionDiagnostic>,
    /// `truncated`.
    #[serde(rename = "truncated", default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// The model's enum of `AWS_OWNED_KEY`, `CUSTOMER_MANAGED_KMS_KEY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum EncryptionType {
    /// `AWS_OWNED_KEY`.
    #[serde(rename = "AWS_OWNED_KEY")]
    AwsOwnedKey,
    /// `CUSTOMER_MANAGED_KMS_KEY`.
    #[serde(rename = "CUSTOMER_MANAGED_KMS_KEY")]
    CustomerManagedKmsKey,
}

impl EncryptionType {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EncryptionType::AwsOwnedKey => "AWS_OWNED_KEY",
            EncryptionType::CustomerManagedKmsKey => "CUSTOMER_MANAGED_KMS_KEY",
        }
    }
}

/// The model's enum of `REDRIVEN`, `NOT_REDRIVEN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ExecutionRedriveFilter {
    /// `REDRIVEN`.
    #[serde(rename = "REDRIVEN")]
    Redriven,
    /// `NOT_REDRIVEN`.
    #[serde(rename = "NOT_REDRIVEN")]
    NotRedriven,
}

impl ExecutionRedriveFilter {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ExecutionRedriveFilter::Redriven => "REDRIVEN",
            ExecutionRedriveFilter::NotRedriven => "NOT_REDRIVEN",
        }
    }
}

/// The model's enum of `REDRIVABLE`, `NOT_REDRIVABLE`, `REDRIVABLE_BY_MAP_RUN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ExecutionRedriveStatus {
    /// `REDRIVABLE`.
    #[serde(rename = "REDRIVABLE")]
    Redrivable,
    /// `NOT_REDRIVABLE`.
    #[serde(rename = "NOT_REDRIVABLE")]
    NotRedrivable,
    /// `REDRIVABLE_BY_MAP_RUN`.
    #[serde(rename = "REDRIVABLE_BY_MAP_RUN")]
    RedrivableByMapRun,
}

impl ExecutionRedriveStatus {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ExecutionRedriveStatus::Redrivable => "REDRIVABLE",
            ExecutionRedriveStatus::NotRedrivable => "NOT_REDRIVABLE",
            ExecutionRedriveStatus::RedrivableByMapRun => "REDRIVABLE_BY_MAP_RUN",
        }
    }
}

/// The model's enum of `ALL_DATA`, `METADATA_ONLY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum IncludedData {
    /// `ALL_DATA`.
    #[serde(rename = "ALL_DATA")]
    AllData,
    /// `METADATA_ONLY`.
    #[serde(rename = "METADATA_ONLY")]
    MetadataOnly,
}

impl IncludedData {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IncludedData::AllData => "ALL_DATA",
            IncludedData::MetadataOnly => "METADATA_ONLY",
        }
    }
}

/// The model's enum of `ALL`, `ERROR`, `FATAL`, `OFF`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum LogLevel {
    /// `ALL`.
    #[serde(rename = "ALL")]
    All,
    /// `ERROR`.
    #[serde(rename = "ERROR")]
    Error,
    /// `FATAL`.
    #[serde(rename = "FATAL")]
    Fatal,
    /// `OFF`.
    #[serde(rename = "OFF")]
    Off,
}

impl LogLevel {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// The model's enum of `ACTIVE`, `DELETING`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum StateMachineStatus {
    /// `ACTIVE`.
    #[serde(rename = "ACTIVE")]
    Active,
    /// `DELETING`.
    #[serde(rename = "DELETING")]
    Deleting,
}

impl StateMachineStatus {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            StateMachineStatus::Active => "ACTIVE",
            StateMachineStatus::Deleting => "DELETING",
        }
    }
}

/// The model's enum of `OK`, `FAIL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ValidateStateMachineDefinitionResultCode {
    /// `OK`.
    #[serde(rename = "OK")]
    Ok,
    /// `FAIL`.
    #[serde(rename = "FAIL")]
    Fail,
}

impl ValidateStateMachineDefinitionResultCode {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ValidateStateMachineDefinitionResultCode::Ok => "OK",
            ValidateStateMachineDefinitionResultCode::Fail => "FAIL",
        }
    }
}

/// The model's enum of `ERROR`, `WARNING`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ValidateStateMachineDefinitionSeverity {
    /// `ERROR`.
    #[serde(rename = "ERROR")]
    Error,
    /// `WARNING`.
    #[serde(rename = "WARNING")]
    Warning,
}

impl ValidateStateMachineDefinitionSeverity {
    /// The value as the model spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ValidateStateMachineDefinitionSeverity::Error => "ERROR",
            ValidateStateMachineDefinitionSeverity::Warning => "WARNING",
        }
    }
}
