//! A failed execution resumed on AWS on a fixed definition (`workflow resume --deploy`):
//! [`Client::resume`] deploys the one-off state machine that [`crate::resume`] synthesises
//! (idempotently), tags it with the original execution's ARN and starts it; the rules AWS
//! imposes on that machine, with their sources, are that module's documentation.

use super::{Client, DeployAction, Error, ExecutionRef, Result, StateMachineRef, StateMachineSpec};
use crate::engine::ResumePoint;
use crate::execution::RecordedHistory;
use crate::resume::{RESUME_OF_TAG, RESUME_STATE_TAG, ResumeMachine};
use std::collections::HashMap;
use workflow_aws_models::{MachineName, RoleArn, StatesArn, StatesResource};

/// A resource's tags, key and value.
type Tags = Vec<(String, String)>;

/// How many machines' tags [`Client::resumed_executions`] reads at once.
const CONCURRENT_TAG_READS: usize = 8;

/// How a resume is deployed and started.
#[derive(Clone, Debug, Default)]
pub struct ResumeOptions {
    /// The execution role of the synthesised machine (by default the original execution's,
    /// as its `ExecutionStarted` names it).
    pub role_arn: Option<RoleArn>,
    /// Whether the new execution's input (the original's, when it is a JSON object) also
    /// names the original execution (`"resumedFrom"`).
    pub link_input: bool,
}

/// A resume deployed and started.
#[derive(Clone, Debug)]
pub struct ResumeDeployment {
    /// The synthesised state machine.
    pub state_machine: StateMachineRef,
    /// Whether it was created, updated or already there.
    pub action: DeployAction,
    /// The new execution (started now, or by the same resume before).
    pub execution: ExecutionRef,
    /// The synthesised definition.
    pub definition: String,
    /// The machines that resume the child executions it starts, deployed before it.
    pub children: Vec<StateMachineRef>,
}

impl Client {
    /// Resumes the execution `original` on AWS at `point` (a local plan's, or a state named
    /// to resume at) on the fixed `definition` (JSON text): synthesises the one-off state
    /// machine ([`ResumeMachine::synthesise`]), deploys it idempotently
    /// ([`Client::deploy_spec`]: created, or left as it is when the same resume deployed it)
    /// tagged with the original execution's ARN and the resume state, and starts it, named
    /// after the original (the same resume started before is that execution:
    /// `ExecutionAlreadyExists` answers with it). The role is `options.role_arn`, else
    /// `record_role` (the role the original execution ran with). A child execution the
    /// resume state's Task started and that failed is resumed on the definition the plan
    /// holds for it (the record's, or its fix: [`Client::deployed_children`]), by a machine
    /// of its own deployed first ([`ResumeDeployment::children`]), with the role it ran with.
    pub async fn resume(
        &self,
        original: &StatesArn,
        definition: &str,
        point: &ResumePoint,
        record_role: Option<&RoleArn>,
        options: &ResumeOptions,
    ) -> Result<ResumeDeployment> {
        let role = options
            .role_arn
            .clone()
            .or_else(|| record_role.cloned())
            .ok_or_else(|| {
                Error::Config(
                    "the record names no execution role: give the synthesised machine one (`--role-arn`)".into(),
                )
            })?;
        let resume = ResumeMachine::synthesise(original, definition, point, options.link_input)
            .map_err(|e| Error::Config(e.to_string()))?;
        let mut children = Vec::new();
        for child in &resume.children {
            let role = child.role_arn.clone().unwrap_or_else(|| role.clone());
            let mut spec =
                StateMachineSpec::new(child.machine_name.clone(), child.definition.clone(), role);
            for (key, value) in &child.tags {
                spec = spec.tag(key.clone(), value.clone());
            }
            let at = &child.state_machine;
            children.push(self.deploy_resume_machine(at, &spec).await?.state_machine);
        }
        let mut spec =
            StateMachineSpec::new(resume.machine_name.clone(), resume.definition.clone(), role);
        for (key, value) in &resume.tags {
            spec = spec.tag(key.clone(), value.clone());
        }
        let at = original.sibling(StatesResource::state_machine(MachineName::new(
            resume.machine_name.as_str(),
        )));
        let deployed = self.deploy_resume_machine(&at, &spec).await?;
        let execution = match deployed
            .state_machine
            .execute_any(&resume.input)
            .name(resume.execution_name.clone())
            .send()
            .await
        {
            Ok(execution) => execution,
            // The same resume, started before.
            Err(Error::AlreadyExists(_)) => {
                self.execution(resume.execution_arn(deployed.state_machine.arn()))
            }
            Err(e) => return Err(e),
        };
        Ok(ResumeDeployment {
            state_machine: deployed.state_machine,
            action: deployed.action,
            execution,
            definition: resume.definition,
            children,
        })
    }

    /// Deploys a resume's machine `spec` at `arn`: created, or left as the same resume
    /// deployed it (its tags put back); refused where a machine of its name holds another
    /// definition ([`crate::resume::occupied`], the console's rule too), never updated.
    async fn deploy_resume_machine(
        &self,
        arn: &StatesArn,
        spec: &StateMachineSpec,
    ) -> Result<super::Deployment> {
        match self.describe_state_machine(arn).await {
            Ok(deployed) => {
                if let Some(why) =
                    crate::resume::occupied(arn, &deployed.definition, &spec.definition)
                {
                    return Err(Error::AlreadyExists(super::error::ServiceError {
                        operation: "CreateStateMachine",
                        code: "StateMachineAlreadyExists".into(),
                        message: why,
                        http_status: None,
                    }));
                }
            }
            Err(Error::DoesNotExist(_)) => {}
            Err(e) => return Err(e),
        }
        self.deploy_spec(spec).await
    }

    /// `record` with each child execution a `states:startExecution` Task started and that
    /// failed (timed out, was stopped) to be resumed on its machine's definition as deployed
    /// now (its fix; the one it ran when the machine is gone): a resume plans and runs the
    /// child on it, locally and on AWS alike (`RecordedHistory::unsuccessful_started`).
    pub async fn deployed_children(&self, mut record: RecordedHistory) -> Result<RecordedHistory> {
        for (child, machine) in record.unsuccessful_started() {
            match self.describe_state_machine(&machine).await {
                Ok(info) => record = record.started_definition(&child, info.definition),
                Err(Error::DoesNotExist(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(record)
    }

    /// The executions of the state machine `machine` that resumes name already: each with the
    /// machines that resume it (their `workflow:resume-of` tag names it), among the machines
    /// whose names begin with `machine`'s and hold `-resume-` (one `ListStateMachines`, then
    /// `ListTagsForResource` of each of those): what `workflow resume --executions-of` does
    /// not resume again.
    pub async fn resumed_executions(
        &self,
        machine: &StatesArn,
    ) -> Result<HashMap<StatesArn, Vec<StatesArn>>> {
        use futures::StreamExt;
        let prefix = ResumeMachine::name_prefix(machine);
        let wanted = machine.state_machine();
        let resumes = self
            .list_state_machines()
            .await?
            .into_iter()
            .filter(|listed| listed.name.starts_with(&prefix) && listed.name.contains("-resume-"));
        // A few machines' tags at once.
        let tagged: Vec<(StatesArn, Result<Tags>)> = futures::stream::iter(resumes)
            .map(|listed| async move {
                let tags = self.list_tags_for_resource(&listed.arn).await;
                (listed.arn, tags)
            })
            .buffer_unordered(CONCURRENT_TAG_READS)
            .collect()
            .await;
        let mut found: HashMap<StatesArn, Vec<StatesArn>> = HashMap::new();
        for (arn, tags) in tagged {
            let of = tags?
                .into_iter()
                .find(|(key, _)| key == RESUME_OF_TAG)
                .and_then(|(_, value)| value.parse::<StatesArn>().ok())
                .filter(|of| of.state_machine() == wanted);
            if let Some(of) = of {
                found.entry(of).or_default().push(arn);
            }
        }
        for machines in found.values_mut() {
            machines.sort_by_key(ToString::to_string);
        }
        Ok(found)
    }

    /// The state machines that resume the execution `original` (their `workflow:resume-of`
    /// tag names it), and the state each resumes at (as its tag holds it: a character a tag
    /// cannot hold written `_`), among the machines whose names begin with the original's
    /// machine and `-resume-` ([`ResumeMachine::name_prefix`]; `ListStateMachines`, then
    /// `ListTagsForResource` of each).
    pub async fn resumes_of(&self, original: &StatesArn) -> Result<Vec<(StatesArn, String)>> {
        let prefix = ResumeMachine::name_prefix(original);
        let mut found = Vec::new();
        for machine in self.list_state_machines().await? {
            if !machine.name.starts_with(&prefix) || !machine.name.contains("-resume-") {
                continue;
            }
            let tags: HashMap<String, String> = self
                .list_tags_for_resource(&machine.arn)
                .await?
                .into_iter()
                .collect();
            if tags.get(RESUME_OF_TAG) == Some(&original.to_string()) {
                let state = tags.get(RESUME_STATE_TAG).cloned().unwrap_or_default();
                found.push((machine.arn, state));
            }
        }
        Ok(found)
    }
}
