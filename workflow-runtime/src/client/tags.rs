//! Tags of state machines and activities (`TagResource`, `UntagResource`,
//! `ListTagsForResource`), and the state machine an execution ran
//! (`DescribeStateMachineForExecution`).

use super::error::{answered_arn, answered_role_arn};
use super::execution::system_time;
use super::{Client, Error, ExecutionRef, Result};
use aws_sdk_sfn::types::Tag;
use std::time::SystemTime;
use workflow_aws_models::{RoleArn, StatesArn};

impl Client {
    /// `TagResource`: adds (or replaces) `tags` on the state machine or activity `arn`.
    pub async fn tag_resource(&self, arn: &StatesArn, tags: &[(&str, &str)]) -> Result<()> {
        let tags: Vec<Tag> = tags
            .iter()
            .map(|(k, v)| Tag::builder().key(*k).value(*v).build())
            .collect();
        self.sfn
            .tag_resource()
            .resource_arn(arn.to_string())
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| Error::from_sdk("TagResource", e))?;
        Ok(())
    }

    /// `UntagResource`: removes the tags `keys` from `arn`.
    pub async fn untag_resource(&self, arn: &StatesArn, keys: &[&str]) -> Result<()> {
        self.sfn
            .untag_resource()
            .resource_arn(arn.to_string())
            .set_tag_keys(Some(keys.iter().map(|k| (*k).to_owned()).collect()))
            .send()
            .await
            .map_err(|e| Error::from_sdk("UntagResource", e))?;
        Ok(())
    }

    /// `ListTagsForResource`: the tags of `arn`, as (key, value) pairs.
    pub async fn list_tags_for_resource(&self, arn: &StatesArn) -> Result<Vec<(String, String)>> {
        let out = self
            .sfn
            .list_tags_for_resource()
            .resource_arn(arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("ListTagsForResource", e))?;
        Ok(out
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().to_owned(),
                    t.value().unwrap_or_default().to_owned(),
                )
            })
            .collect())
    }
}

/// The state machine an execution ran, as it was then (`DescribeStateMachineForExecution`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutedStateMachine {
    /// The state machine's ARN.
    pub arn: StatesArn,
    /// Its name.
    pub name: String,
    /// The definition the execution ran (an update since does not change it).
    pub definition: String,
    /// The execution role.
    pub role_arn: RoleArn,
    /// The revision the execution ran.
    pub revision_id: Option<String>,
    /// When that revision was made.
    pub update_date: Option<SystemTime>,
}

impl ExecutionRef {
    /// `DescribeStateMachineForExecution`: the definition and role this execution ran.
    pub async fn state_machine(&self) -> Result<ExecutedStateMachine> {
        let out = self
            .client
            .sfn
            .describe_state_machine_for_execution()
            .execution_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeStateMachineForExecution", e))?;
        Ok(ExecutedStateMachine {
            arn: answered_arn("DescribeStateMachineForExecution", out.state_machine_arn())?,
            name: out.name().to_owned(),
            definition: out.definition().to_owned(),
            role_arn: answered_role_arn("DescribeStateMachineForExecution", out.role_arn())?,
            revision_id: out.revision_id().map(str::to_owned),
            update_date: system_time(out.update_date()),
        })
    }
}
