//! Deploy and run workflows on AWS Step Functions (`aws-sdk-sfn`).
//!
//! [`Client`] is configured through the default AWS configuration chain (region, credentials,
//! `AWS_ENDPOINT_URL_SFN` / `AWS_ENDPOINT_URL` for a local endpoint such as moto). It covers
//! what the Step Functions Data Science SDK's `Workflow` and `Execution` do, and fixes their
//! flaws:
//!
//! - [`Client::deploy`]: an idempotent create-or-update. It describes the state machine and
//!   creates it, or updates it only when the definition, role, logging or tracing differ: a
//!   redeploy of an unchanged workflow is **one** API call (`DescribeStateMachine`) and never
//!   an update. The Python SDK's `create()` returns the old ARN on a name clash and updates
//!   nothing.
//! - [`Client::create`], [`Client::attach`], [`Client::list_state_machines`], and per state
//!   machine ([`Client::state_machine`]): [`StateMachineRef::describe`], `update`, `delete`,
//!   [`StateMachineRef::list_executions`] (all pages, `.status(…)` filter);
//! - [`StateMachineRef::execute`] with the workflow's typed input (`W::Input`) or anything
//!   `Serialize`, named (checked locally: 1–80 characters of the allowed set) or given a
//!   unique name, returning an [`ExecutionRef`]: describe, input, typed output, wait with
//!   exponential back-off and a deadline (not 1-second polling forever), history (all pages),
//!   stop;
//! - STANDARD and EXPRESS, logging, tracing, tags; `StartSyncExecution` for EXPRESS, with the
//!   `sync-` host prefix kept off custom endpoints;
//! - tasks answered from Rust: [`Client::send_task_success`], [`Client::send_task_failure`],
//!   [`Client::send_task_heartbeat`] for `.waitForTaskToken` states; activities
//!   ([`Client::create_activity`], [`ActivityRef`]) and a production [`ActivityWorker`]
//!   (concurrent tasks, heartbeats, back-off, graceful shutdown);
//! - versions and aliases: [`StateMachineRef::publish_version`], [`AliasRef`], and
//!   [`Client::deploy_to_alias`] (deploy, publish, point the alias at the new version);
//!   [`Client::test_state`] (TestState, with the engine's request and answer types);
//! - tags ([`Client::tag_resource`], [`Client::untag_resource`],
//!   [`Client::list_tags_for_resource`]) and the definition an execution ran
//!   ([`ExecutionRef::state_machine`]); [`ExecutionRef::redrive`];
//! - [`Client::validate_remote`] (`ValidateStateMachineDefinition`), a CloudFormation export
//!   ([`cloudformation`]) with `DefinitionSubstitutions`, and a least-privilege IAM policy for
//!   the execution role ([`iam`]).
//!
//! Every failure is one [`Error`] that keeps the service's error code and message. Inputs over
//! 256 KiB and definitions over 1 MiB are refused before anything is sent, as are invalid
//! names and definitions with validation errors.
//!
//! ```no_run
//! use workflow_runtime::client::{Client, StateMachineSpec, WaitOptions};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env().await;
//! let spec = StateMachineSpec::new(
//!     "Hello",
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#,
//!     std::env::var("WORKFLOW_ROLE_ARN")?.parse()?,
//! );
//! let deployment = client.deploy_spec(&spec).await?;
//! println!("{} ({:?}, {} API calls)", deployment.arn(), deployment.action, deployment.api_calls);
//! let execution = deployment.state_machine.execute(&serde_json::json!({"x": 1})).send().await?;
//! let done = execution.wait(WaitOptions::default()).await?;
//! println!("{} {}", done.status, done.output.unwrap_or_default());
//! # Ok(()) }
//! ```

mod activity_worker;
pub mod cloudformation;
mod deployment;
mod error;
mod execution;
mod history;
pub mod iam;
mod interceptors;
mod map_runs;
#[cfg(feature = "sagemaker")]
mod pipeline_spec;
mod record;
mod remote_validation;
mod requests;
mod resume;
mod spec;
mod state_machine;
mod tags;
mod tasks;
mod test_state;
mod versions;
mod yaml;

pub use activity_worker::{
    ActivityWorker, HANDLER_PANICKED, INPUT_MISMATCH, INVALID_OUTPUT, WorkerReport,
};
pub use deployment::{Change, DeployAction, Deployment};
pub use error::{Error, Result, ServiceError};
pub use execution::{ExecutionDescription, ExecutionRef, WaitOptions};
pub use interceptors::{ApiCalls, RECENT_OPERATIONS};
pub use map_runs::{MapRunCounts, MapRunDescription, MapRunRef, MapRunSummary, UpdateMapRun};
pub use remote_validation::{RemoteDiagnostic, RemoteValidation};
pub use requests::{ListExecutions, StartExecution, StartSyncExecution, StopExecution};
pub use resume::{ResumeDeployment, ResumeOptions};
pub use spec::{LogLevel, LoggingConfig, StateMachineSpec};
pub use state_machine::{ExecutionSummary, StateMachineInfo, StateMachineRef, StateMachineSummary};
pub use tags::ExecutedStateMachine;
pub use tasks::{ActivityInfo, ActivityRef, SendTaskFailure};
pub use test_state::TestStateCall;
pub use versions::{
    AliasDeployment, AliasInfo, AliasRef, CreateAlias, PublishVersion, UpdateAlias, VersionSummary,
};

use crate::Workflow;
use crate::asl::validate::MAX_DEFINITION_BYTES;
use crate::asl::{ExecutionType, Severity};
use crate::execution as shared;
use aws_sdk_sfn::types::{
    CloudWatchLogsLogGroup, LogDestination, LoggingConfiguration, Tag, TracingConfiguration,
};
use error::{answered_arn, answered_role_arn};
use execution::system_time;
use interceptors::{CountCalls, StripSyncPrefixForCustomEndpoint};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use workflow_aws_models::{RoleArn, StatesArn};

/// The HTTP client [`Client::from_env`] configures: the AWS SDK's own (hyper, HTTP/1.1 and 2,
/// connection pooling, the platform's root certificates) with TLS by rustls on `ring`.
///
/// ```
/// let config = aws_config::SdkConfig::builder()
///     .http_client(workflow_runtime::client::https_client())
///     .build();
/// assert!(config.http_client().is_some());
/// ```
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls;
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// The Step Functions client: deploys state machines and runs executions.
///
/// Cheap to clone (clones share the connection pool and the [`ApiCalls`] record).
#[derive(Clone, Debug)]
pub struct Client {
    sfn: aws_sdk_sfn::Client,
    calls: ApiCalls,
}

impl Client {
    /// A client configured by the default AWS configuration chain: region (`AWS_REGION`,
    /// profile), credentials (environment, profile files, web identity, container and
    /// instance metadata), endpoint (`AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL`).
    pub async fn from_env() -> Self {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(https_client())
            .load()
            .await;
        Self::new(&config)
    }

    /// A client from an already loaded AWS configuration. A configuration without an HTTP
    /// client gets [`https_client`].
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        if config.http_client().is_some() {
            return Self::from_sdk(aws_sdk_sfn::Client::new(config));
        }
        let config = config.to_builder().http_client(https_client()).build();
        Self::from_sdk(aws_sdk_sfn::Client::new(&config))
    }

    /// Wraps an `aws-sdk-sfn` client (e.g. one with mocked responses), adding the API-call
    /// record and the `sync-` prefix fix to its configuration.
    pub fn from_sdk(sfn: aws_sdk_sfn::Client) -> Self {
        let calls = ApiCalls::default();
        let config = sfn
            .config()
            .to_builder()
            .interceptor(CountCalls(calls.clone()))
            .interceptor(StripSyncPrefixForCustomEndpoint)
            .build();
        Self {
            sfn: aws_sdk_sfn::Client::from_conf(config),
            calls,
        }
    }

    /// The underlying `aws-sdk-sfn` client, for operations this crate does not wrap.
    pub fn sdk(&self) -> &aws_sdk_sfn::Client {
        &self.sfn
    }

    /// The record of the API operations this client (and its clones) sent.
    pub fn api_calls(&self) -> &ApiCalls {
        &self.calls
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.sfn.config().region().map(|r| r.as_ref())
    }

    /// A handle on the state machine `arn` (a state machine, a version or an alias), taking
    /// untyped input (no API call).
    pub fn state_machine(&self, arn: StatesArn) -> StateMachineRef {
        StateMachineRef::new(self.clone(), arn)
    }

    /// A handle on the execution `arn` (no API call).
    pub fn execution(&self, arn: StatesArn) -> ExecutionRef {
        ExecutionRef {
            client: self.clone(),
            arn,
        }
    }

    /// Creates the state machine (`CreateStateMachine`) after the local checks of
    /// [`StateMachineSpec::check`]. [`Error::AlreadyExists`] when one of that name exists with
    /// another definition (use [`deploy`](Self::deploy) to create or update).
    pub async fn create(&self, spec: &StateMachineSpec) -> Result<StateMachineRef> {
        let definition = spec.check()?;
        let out = self.send_create(spec, &definition).await?;
        Ok(self.state_machine(answered_arn("CreateStateMachine", out.state_machine_arn())?))
    }

    async fn send_create(
        &self,
        spec: &StateMachineSpec,
        definition: &str,
    ) -> Result<aws_sdk_sfn::operation::create_state_machine::CreateStateMachineOutput> {
        let tags: Vec<Tag> = spec
            .tags
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect();
        self.sfn
            .create_state_machine()
            .name(&spec.name)
            .definition(definition)
            .role_arn(spec.role_arn.to_string())
            .r#type(sdk_type(spec.machine_type))
            .set_logging_configuration(spec.logging.as_ref().map(sdk_logging))
            .set_tracing_configuration(
                spec.tracing
                    .then(|| TracingConfiguration::builder().enabled(true).build()),
            )
            .set_tags((!tags.is_empty()).then_some(tags))
            .send()
            .await
            .map_err(|e| Error::from_sdk("CreateStateMachine", e))
    }

    /// Updates the definition, role, logging and tracing of the state machine `arn`
    /// (`UpdateStateMachine`) after the local checks. The type and the name cannot change;
    /// tags are not touched.
    pub(crate) async fn update(&self, arn: &StatesArn, spec: &StateMachineSpec) -> Result<()> {
        let definition = spec.check()?;
        self.send_update(arn, spec, &definition).await
    }

    async fn send_update(
        &self,
        arn: &StatesArn,
        spec: &StateMachineSpec,
        definition: &str,
    ) -> Result<()> {
        self.sfn
            .update_state_machine()
            .state_machine_arn(arn.to_string())
            .definition(definition)
            .role_arn(spec.role_arn.to_string())
            .logging_configuration(
                spec.logging
                    .as_ref()
                    .map(sdk_logging)
                    .unwrap_or_else(default_logging),
            )
            .tracing_configuration(
                TracingConfiguration::builder()
                    .enabled(spec.tracing)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| Error::from_sdk("UpdateStateMachine", e))?;
        Ok(())
    }

    /// Deploys any state machine, `spec` (the untyped form of [`Client::deploy`]): creates
    /// it, or updates it when what is deployed differs from `spec`; does nothing when it is
    /// the same. Idempotent.
    ///
    /// 1. `DescribeStateMachine` on the ARN the state machine has (partition and account of the
    ///    role, the client's region, the name). Found and equal: done, **1 call**. Found and
    ///    different (definition compared as JSON, role, logging, tracing): `UpdateStateMachine`,
    ///    2 calls. A different type is [`Error::TypeMismatch`] (the type cannot change).
    /// 2. Not found: `CreateStateMachine`, 2 calls. Should the service answer with another ARN
    ///    (a role from another account) or say the name exists, that state machine is described
    ///    and updated if needed.
    pub async fn deploy_spec(&self, spec: &StateMachineSpec) -> Result<Deployment> {
        let definition = spec.check()?;
        let mut calls = 0;
        let guess = self.expected_arn(spec)?;
        calls += 1;
        match self.describe_state_machine(&guess).await {
            Ok(deployed) => return self.reconcile(deployed, spec, &definition, calls).await,
            Err(e) if e.is_does_not_exist() => {}
            Err(e) => return Err(e),
        }
        let before_create = SystemTime::now();
        calls += 1;
        match self.send_create(spec, &definition).await {
            Ok(out) => {
                let arn = answered_arn("CreateStateMachine", out.state_machine_arn())?;
                if arn == guess {
                    return Ok(Deployment::new(
                        self,
                        arn,
                        DeployAction::Created,
                        Vec::new(),
                        calls,
                    ));
                }
                // Another account than the role's: find out whether it was just created.
                let created = system_time(out.creation_date())
                    .is_some_and(|t| t + Duration::from_secs(300) >= before_create);
                calls += 1;
                let deployed = self.describe_state_machine(&arn).await?;
                let mut d = self.reconcile(deployed, spec, &definition, calls).await?;
                if created && d.action == DeployAction::Unchanged {
                    d.action = DeployAction::Created;
                }
                Ok(d)
            }
            Err(Error::AlreadyExists(e)) => {
                let arn = match quoted_arn(&e.message).and_then(|arn| arn.parse().ok()) {
                    Some(arn) => arn,
                    None => {
                        calls += 1;
                        self.find_state_machine_by_name(&spec.name)
                            .await?
                            .ok_or(Error::AlreadyExists(e))?
                    }
                };
                calls += 1;
                let deployed = self.describe_state_machine(&arn).await?;
                self.reconcile(deployed, spec, &definition, calls).await
            }
            Err(e) => Err(e),
        }
    }

    async fn reconcile(
        &self,
        deployed: StateMachineInfo,
        spec: &StateMachineSpec,
        definition: &str,
        mut calls: usize,
    ) -> Result<Deployment> {
        if deployed.machine_type != spec.machine_type {
            return Err(Error::TypeMismatch {
                arn: Box::new(deployed.arn),
                deployed: deployed.machine_type.as_str().to_owned(),
                wanted: spec.machine_type.as_str().to_owned(),
            });
        }
        let changes = deployed.differences(spec, definition);
        if changes.is_empty() {
            return Ok(Deployment::new(
                self,
                deployed.arn,
                DeployAction::Unchanged,
                changes,
                calls,
            ));
        }
        calls += 1;
        self.send_update(&deployed.arn, spec, definition).await?;
        Ok(Deployment::new(
            self,
            deployed.arn,
            DeployAction::Updated,
            changes,
            calls,
        ))
    }

    /// Deploys a workflow declared with `workflow!` under its name with the execution role
    /// `role_arn` (create-or-update, idempotent: see [`Client::deploy_spec`]); the handle
    /// executes with the workflow's typed input.
    ///
    /// It is deployed as the type the workflow declares (`Workflow::MACHINE_TYPE`), and each
    /// workflow it starts by a typed reference (`Workflow::STARTED`) is the state machine of
    /// that name beside it (the role's partition and account, the client's region): its ARN
    /// fills the reference's substitution.
    pub async fn deploy<W: Workflow>(&self, role_arn: RoleArn) -> Result<Deployment<W::Input>> {
        let mut spec = StateMachineSpec::for_workflow::<W>(role_arn);
        for started in W::STARTED {
            let arn = self.expected_arn(&StateMachineSpec {
                name: started.name.to_owned(),
                ..spec.clone()
            })?;
            spec = spec.substitute(started.substitution, arn.to_string());
        }
        let d = self.deploy_spec(&spec).await?;
        Ok(Deployment {
            state_machine: d.state_machine.typed(),
            action: d.action,
            changes: d.changes,
            api_calls: d.api_calls,
        })
    }

    /// The ARN a state machine named `spec.name` has in the role's partition and account and
    /// the client's region.
    fn expected_arn(&self, spec: &StateMachineSpec) -> Result<StatesArn> {
        let role = &spec.role_arn;
        let region = self.region().ok_or_else(|| {
            Error::Config("no AWS region is configured; set AWS_REGION or a profile region".into())
        })?;
        Ok(StatesArn {
            partition: role.partition().to_owned(),
            region: region.to_owned(),
            account: role.account().to_owned(),
            resource: crate::aws_models::StatesResource::state_machine(
                crate::aws_models::MachineName::new(spec.name.as_str()),
            ),
        })
    }

    /// Deletes the state machine `arn` (`DeleteStateMachine`). Its running executions are
    /// stopped by the service.
    pub(crate) async fn delete(&self, arn: &StatesArn) -> Result<()> {
        self.sfn
            .delete_state_machine()
            .state_machine_arn(arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DeleteStateMachine", e))?;
        Ok(())
    }

    /// What is deployed at `arn` (`DescribeStateMachine`).
    pub(crate) async fn describe_state_machine(&self, arn: &StatesArn) -> Result<StateMachineInfo> {
        let out = self
            .sfn
            .describe_state_machine()
            .state_machine_arn(arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeStateMachine", e))?;
        let logging = out.logging_configuration().map(|l| LoggingConfig {
            level: match l.level().map(|l| l.as_str()) {
                Some("ALL") => LogLevel::All,
                Some("ERROR") => LogLevel::Error,
                Some("FATAL") => LogLevel::Fatal,
                _ => LogLevel::Off,
            },
            include_execution_data: l.include_execution_data(),
            log_group_arns: l
                .destinations()
                .iter()
                .filter_map(|d| d.cloud_watch_logs_log_group()?.log_group_arn())
                .map(str::to_owned)
                .collect(),
        });
        Ok(StateMachineInfo {
            arn: answered_arn("DescribeStateMachine", out.state_machine_arn())?,
            name: out.name().to_owned(),
            definition: out.definition().to_owned(),
            role_arn: answered_role_arn("DescribeStateMachine", out.role_arn())?,
            machine_type: match out.r#type().as_str() {
                "EXPRESS" => ExecutionType::Express,
                _ => ExecutionType::Standard,
            },
            logging: logging.unwrap_or_default(),
            tracing: out.tracing_configuration().is_some_and(|t| t.enabled()),
            creation_date: system_time(out.creation_date()),
        })
    }

    /// Attaches to an existing state machine: describes it and returns what is deployed and
    /// a handle to execute it.
    pub async fn attach(&self, arn: &StatesArn) -> Result<(StateMachineInfo, StateMachineRef)> {
        let info = self.describe_state_machine(arn).await?;
        let handle = self.state_machine(info.arn.clone());
        Ok((info, handle))
    }

    /// Every state machine of the account and region (`ListStateMachines`, every page).
    pub async fn list_state_machines(&self) -> Result<Vec<StateMachineSummary>> {
        let mut out = Vec::new();
        let mut pages = self
            .sfn
            .list_state_machines()
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("ListStateMachines", e))?;
            for m in page.state_machines() {
                out.push(StateMachineSummary {
                    arn: answered_arn("ListStateMachines", m.state_machine_arn())?,
                    name: m.name().to_owned(),
                    machine_type: match m.r#type().as_str() {
                        "EXPRESS" => ExecutionType::Express,
                        _ => ExecutionType::Standard,
                    },
                    creation_date: system_time(m.creation_date()),
                });
            }
        }
        Ok(out)
    }

    /// The ARN of the state machine named `name` in this account and region, if there is one
    /// (`ListStateMachines`, every page).
    pub async fn find_state_machine_by_name(&self, name: &str) -> Result<Option<StatesArn>> {
        Ok(self
            .list_state_machines()
            .await?
            .into_iter()
            .find(|m| m.name == name)
            .map(|m| m.arn))
    }

    /// The executions of the state machine `arn` (`ListExecutions`, every page), newest first,
    /// optionally only those with `status`.
    pub(crate) async fn list_executions(
        &self,
        arn: &StatesArn,
        filter: requests::ExecutionFilter,
    ) -> Result<Vec<ExecutionSummary>> {
        let mut out = Vec::new();
        let mut pages = self
            .sfn
            .list_executions()
            .state_machine_arn(arn.to_string())
            .set_status_filter(filter.status.as_ref().map(execution::status_to_sdk))
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("ListExecutions", e))?;
            let mut older = false;
            for e in page.executions() {
                let start_date = system_time(e.start_date());
                if let (Some(since), Some(started)) = (filter.since, start_date)
                    && started < since
                {
                    older = true;
                    continue;
                }
                if filter.max.is_some_and(|max| out.len() >= max) {
                    return Ok(out);
                }
                out.push(ExecutionSummary {
                    arn: answered_arn("ListExecutions", e.execution_arn())?,
                    name: e.name().to_owned(),
                    status: shared::ExecutionStatus::parse(e.status().as_str()),
                    start_date,
                    stop_date: e.stop_date().and_then(system_time),
                });
            }
            // The newest come first: past `since`, the next pages are older still.
            if older || filter.max.is_some_and(|max| out.len() >= max) {
                break;
            }
        }
        Ok(out)
    }

    /// Starts an execution of the state machine `arn` (`StartExecution`) with `input`
    /// serialised to JSON. `name` is checked locally (1–80 characters of the allowed set);
    /// without one, a unique name is generated (an execution is always named, so retries and
    /// emulators that name unnamed executions alike never clash). Input over 256 KiB is
    /// refused before anything is sent.
    ///
    /// `.name(…)` is optional; `.send().await` sends it.
    pub(crate) fn start_execution<'a, T: Serialize + ?Sized>(
        &'a self,
        arn: &'a StatesArn,
        input: &'a T,
    ) -> StartExecution<'a, T> {
        StartExecution::new(self, arn, input)
    }

    pub(crate) async fn send_start_execution<T: Serialize + ?Sized>(
        &self,
        arn: &StatesArn,
        input: &T,
        name: Option<&str>,
    ) -> Result<ExecutionRef> {
        let (input, name) = prepare_execution(input, name)?;
        let out = self
            .sfn
            .start_execution()
            .state_machine_arn(arn.to_string())
            .name(name)
            .input(input)
            .send()
            .await
            .map_err(|e| Error::from_sdk("StartExecution", e))?;
        Ok(self.execution(answered_arn("StartExecution", out.execution_arn())?))
    }

    /// Runs an EXPRESS state machine synchronously (`StartSyncExecution`) and returns its
    /// result. Works against custom endpoints too: the `sync-` host prefix is not added to
    /// them.
    ///
    /// `.name(…)` is optional; `.send().await` sends it.
    pub(crate) fn start_sync_execution<'a, T: Serialize + ?Sized>(
        &'a self,
        arn: &'a StatesArn,
        input: &'a T,
    ) -> StartSyncExecution<'a, T> {
        StartSyncExecution::new(self, arn, input)
    }

    pub(crate) async fn send_start_sync_execution<T: Serialize + ?Sized>(
        &self,
        arn: &StatesArn,
        input: &T,
        name: Option<&str>,
    ) -> Result<shared::SyncExecution> {
        let (input, name) = prepare_execution(input, name)?;
        let out = self
            .sfn
            .start_sync_execution()
            .state_machine_arn(arn.to_string())
            .name(name)
            .input(input)
            .send()
            .await
            .map_err(|e| Error::from_sdk("StartSyncExecution", e))?;
        let millis = execution::millis;
        Ok(shared::SyncExecution {
            execution_arn: answered_arn("StartSyncExecution", out.execution_arn())?,
            state_machine_arn: out
                .state_machine_arn()
                .map(|arn| answered_arn("StartSyncExecution", arn))
                .transpose()?,
            name: out.name().unwrap_or_default().to_owned(),
            start_date_millis: millis(out.start_date()),
            stop_date_millis: millis(out.stop_date()),
            status: shared::ExecutionStatus::parse(out.status().as_str()),
            input: out.input().map(str::to_owned),
            output: out.output().map(str::to_owned),
            error: out.error().map(crate::asl::ErrorName::from),
            cause: out.cause().map(str::to_owned),
            billing_details: out.billing_details().map(|b| shared::BillingDetails {
                billed_memory_used_in_mb: u64::try_from(b.billed_memory_used_in_mb()).unwrap_or(0),
                billed_duration_in_milliseconds: u64::try_from(b.billed_duration_in_milliseconds())
                    .unwrap_or(0),
            }),
        })
    }

    /// Asks the service to validate a definition (`ValidateStateMachineDefinition`), with the
    /// rules of `machine_type`. Local checks come first: a definition over 1 MiB is refused.
    pub async fn validate_remote(
        &self,
        definition: &str,
        machine_type: ExecutionType,
    ) -> Result<RemoteValidation> {
        if definition.len() > MAX_DEFINITION_BYTES {
            return Err(Error::TooLarge {
                what: "definition",
                bytes: definition.len(),
                limit: MAX_DEFINITION_BYTES,
            });
        }
        let out = self
            .sfn
            .validate_state_machine_definition()
            .definition(definition)
            .r#type(sdk_type(machine_type))
            .send()
            .await
            .map_err(|e| Error::from_sdk("ValidateStateMachineDefinition", e))?;
        Ok(RemoteValidation {
            ok: out.result().as_str() == "OK",
            truncated: out.truncated().unwrap_or(false),
            diagnostics: out
                .diagnostics()
                .iter()
                .map(|d| RemoteDiagnostic {
                    severity: match d.severity().as_str() {
                        "WARNING" => Severity::Warning,
                        _ => Severity::Error,
                    },
                    code: d.code().to_owned(),
                    message: d.message().to_owned(),
                    location: d.location().map(str::to_owned),
                })
                .collect(),
        })
    }
}

/// Serialises and checks an execution's input and name.
fn prepare_execution<T: Serialize + ?Sized>(
    input: &T,
    name: Option<&str>,
) -> Result<(String, String)> {
    let input = serde_json::to_string(input).map_err(|source| Error::Json {
        what: "execution input",
        source,
    })?;
    if input.len() > shared::MAX_PAYLOAD_BYTES {
        return Err(Error::TooLarge {
            what: "execution input",
            bytes: input.len(),
            limit: shared::MAX_PAYLOAD_BYTES,
        });
    }
    let name = match name {
        Some(n) => {
            crate::asl::validate_execution_name(n).map_err(|d| Error::NameRejected {
                name: n.to_owned(),
                message: d.message,
            })?;
            n.to_owned()
        }
        None => unique_execution_name(),
    };
    Ok((input, name))
}

/// `run-<unix ms>-<16 hex digits>`: unique across processes and calls.
fn unique_execution_name() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(now.as_nanos());
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("run-{}-{:016x}", now.as_millis(), h.finish())
}

/// `'arn:…'` quoted in a service message (AWS: `State Machine Already Exists: 'arn:…'`).
fn quoted_arn(message: &str) -> Option<String> {
    let start = message.find("'arn:")? + 1;
    let len = message[start..].find('\'')?;
    Some(message[start..start + len].to_owned())
}

fn sdk_type(t: ExecutionType) -> aws_sdk_sfn::types::StateMachineType {
    aws_sdk_sfn::types::StateMachineType::from(t.as_str())
}

fn sdk_logging(l: &LoggingConfig) -> LoggingConfiguration {
    let destinations: Vec<LogDestination> = l
        .log_group_arns
        .iter()
        .map(|arn| {
            LogDestination::builder()
                .cloud_watch_logs_log_group(
                    CloudWatchLogsLogGroup::builder().log_group_arn(arn).build(),
                )
                .build()
        })
        .collect();
    LoggingConfiguration::builder()
        .level(aws_sdk_sfn::types::LogLevel::from(l.level.as_str()))
        .include_execution_data(l.include_execution_data)
        .set_destinations((!destinations.is_empty()).then_some(destinations))
        .build()
}

fn default_logging() -> LoggingConfiguration {
    sdk_logging(&LoggingConfig::default())
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execution_names_are_valid_and_unique() {
        let a = unique_execution_name();
        let b = unique_execution_name();
        assert_ne!(a, b);
        assert!(crate::asl::validate_execution_name(&a).is_ok(), "{a}");
        assert!(a.len() <= 80);
    }

    #[test]
    fn inputs_over_the_limit_are_refused() {
        let big = "x".repeat(shared::MAX_PAYLOAD_BYTES);
        assert!(matches!(
            prepare_execution(&big, None),
            Err(Error::TooLarge {
                what: "execution input",
                ..
            })
        ));
        assert!(matches!(
            prepare_execution(&1, Some("a:b")),
            Err(Error::NameRejected { .. })
        ));
        assert!(matches!(
            prepare_execution(&1, Some(&"x".repeat(81))),
            Err(Error::NameRejected { .. })
        ));
        assert_eq!(
            prepare_execution(&1, Some("ok")).unwrap(),
            ("1".into(), "ok".into())
        );
    }

    #[test]
    fn arn_in_already_exists_message() {
        assert_eq!(
            quoted_arn("State Machine Already Exists: 'arn:aws:states:us-east-1:1:stateMachine:x'")
                .as_deref(),
            Some("arn:aws:states:us-east-1:1:stateMachine:x")
        );
        assert_eq!(quoted_arn("nope"), None);
    }
}
