//! Who and where a local execution runs: the partition, region and account in its ARNs, the
//! state machine's and the execution's names, the role. They appear in the context object
//! (`$$.Execution.Id`, `$$.StateMachine.Id`), in the history, in the ResultWriter's files and in
//! `StartSyncExecution`'s answer, shaped as the service shapes them:
//! `arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME`,
//! `…:execution:MACHINE:NAME`, `…:express:MACHINE:NAME:ID`, `…:mapRun:MACHINE/LABEL:ID`
//! (built by [`workflow_aws_models::StatesArn`], the one owner of their shapes; the partition
//! follows the region, [`workflow_aws_models::partition_of_region`]).

use workflow_aws_models::{MachineName, RoleArn, StatesArn, StatesResource};

/// The names and the place of local executions (see [`crate::Engine::region`] and the
/// builders beside it).
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    pub region: String,
    pub account: String,
    /// The state machine's name; `None`: the compiled machine's (`LocalStateMachine`).
    pub state_machine_name: Option<String>,
    /// The execution's name; `None`: `local-SEED`.
    pub execution_name: Option<String>,
    /// The execution role; `None`: [`Identity::role_arn`]'s `local-engine` role.
    pub role_arn: Option<RoleArn>,
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            state_machine_name: None,
            execution_name: None,
            role_arn: None,
        }
    }
}

impl Identity {
    /// The ARN of `resource` in this region's partition and this account.
    pub(crate) fn arn(&self, resource: StatesResource) -> StatesArn {
        StatesArn::new(&self.region, &self.account, resource)
    }

    /// The ARN of the state machine `machine`.
    pub(crate) fn state_machine_arn(&self, machine: &MachineName) -> StatesArn {
        self.arn(StatesResource::state_machine(machine.clone()))
    }

    /// The ARN of the STANDARD execution `name` of `machine`.
    pub(crate) fn execution_arn(&self, machine: &MachineName, name: &str) -> StatesArn {
        self.arn(StatesResource::Execution {
            machine: machine.clone(),
            name: name.to_owned(),
        })
    }

    /// The execution role (`$$.Execution.RoleArn`): the one given, else the role
    /// `local-engine` of this account, in this region's partition; `None` when the account
    /// makes no role's ARN (empty, or holding `:`): the execution then has no role.
    pub(crate) fn role_arn(&self) -> Option<RoleArn> {
        match &self.role_arn {
            Some(arn) => Some(arn.clone()),
            None => RoleArn::parse(
                &workflow_aws_models::Arn {
                    partition: workflow_aws_models::partition_of_region(&self.region),
                    service: "iam",
                    region: "",
                    account: &self.account,
                    resource: "role/local-engine",
                }
                .to_string(),
            )
            .ok(),
        }
    }

    /// The state machine's name for a compiled machine named `compiled`.
    pub(crate) fn machine_name(&self, compiled: &str) -> MachineName {
        MachineName::new(self.state_machine_name.as_deref().unwrap_or(compiled))
    }

    /// The execution's name for a run seeded with `seed`.
    pub(crate) fn execution_name(&self, seed: u64) -> String {
        self.execution_name
            .clone()
            .unwrap_or_else(|| format!("local-{seed}"))
    }
}

#[cfg(test)]
mod tests {
    use super::Identity;

    #[test]
    fn arns_follow_the_region_partition_and_account() {
        let machine = workflow_aws_models::MachineName::new("M");
        let china = Identity {
            region: "cn-north-1".into(),
            account: "210987654321".into(),
            ..Identity::default()
        };
        assert_eq!(
            china.execution_arn(&machine, "e").to_string(),
            "arn:aws-cn:states:cn-north-1:210987654321:execution:M:e"
        );
        let gov = Identity {
            region: "us-gov-west-1".into(),
            ..Identity::default()
        };
        assert!(
            gov.state_machine_arn(&machine)
                .to_string()
                .starts_with("arn:aws-us-gov:states:us-gov-west-1:")
        );
        assert_eq!(
            Identity::default().state_machine_arn(&machine).to_string(),
            "arn:aws:states:us-east-1:123456789012:stateMachine:M"
        );
        assert_eq!(
            china.role_arn().map(|r| r.to_string()).as_deref(),
            Some("arn:aws-cn:iam::210987654321:role/local-engine")
        );
        assert_eq!(
            Identity::default()
                .role_arn()
                .map(|r| r.to_string())
                .as_deref(),
            Some("arn:aws:iam::123456789012:role/local-engine")
        );
        let nowhere = Identity {
            account: String::new(),
            ..Identity::default()
        };
        assert_eq!(nowhere.role_arn(), None);
    }
}
