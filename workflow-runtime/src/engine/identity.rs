//! Who and where a local execution runs: the partition, region and account in its ARNs, the
//! state machine's and the execution's names, the role. They appear in the context object
//! (`$$.Execution.Id`, `$$.StateMachine.Id`), in the history, in the ResultWriter's files and in
//! `StartSyncExecution`'s answer, shaped as the service shapes them:
//! `arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME`,
//! `…:execution:MACHINE:NAME`, `…:express:MACHINE:NAME:ID`, `…:mapRun:MACHINE/LABEL:ID`
//! (the Step Functions API reference, "Amazon Resource Names (ARNs)"; the partition follows
//! the region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`).

/// The names and the place of local executions (see [`super::Engine::region`] and the
/// builders beside it).
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    pub region: String,
    pub account: String,
    /// The state machine's name; `None`: the compiled machine's (`LocalStateMachine`).
    pub state_machine_name: Option<String>,
    /// The execution's name; `None`: `local-SEED`.
    pub execution_name: Option<String>,
    pub role_arn: String,
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            state_machine_name: None,
            execution_name: None,
            role_arn: "arn:aws:iam::123456789012:role/local-engine".into(),
        }
    }
}

impl Identity {
    /// The partition of the region.
    pub fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    /// `arn:PARTITION:states:REGION:ACCOUNT:{resource}`.
    pub fn states_arn(&self, resource: &str) -> String {
        format!(
            "arn:{}:states:{}:{}:{resource}",
            self.partition(),
            self.region,
            self.account
        )
    }

    /// The state machine's ARN.
    pub fn state_machine_arn(&self, machine: &str) -> String {
        self.states_arn(&format!("stateMachine:{machine}"))
    }

    /// A STANDARD execution's ARN.
    pub fn execution_arn(&self, machine: &str, name: &str) -> String {
        self.states_arn(&format!("execution:{machine}:{name}"))
    }

    /// The state machine's name for a compiled machine named `compiled`.
    pub fn machine_name<'a>(&'a self, compiled: &'a str) -> &'a str {
        self.state_machine_name.as_deref().unwrap_or(compiled)
    }

    /// The execution's name for a run seeded with `seed`.
    pub fn execution_name(&self, seed: u64) -> String {
        self.execution_name
            .clone()
            .unwrap_or_else(|| super::express::execution_name(seed))
    }
}

#[cfg(test)]
mod tests {
    use super::Identity;

    #[test]
    fn arns_follow_the_region_partition_and_account() {
        let china = Identity {
            region: "cn-north-1".into(),
            account: "210987654321".into(),
            ..Identity::default()
        };
        assert_eq!(
            china.execution_arn("M", "e"),
            "arn:aws-cn:states:cn-north-1:210987654321:execution:M:e"
        );
        let gov = Identity {
            region: "us-gov-west-1".into(),
            ..Identity::default()
        };
        assert!(
            gov.state_machine_arn("M")
                .starts_with("arn:aws-us-gov:states:us-gov-west-1:")
        );
        assert_eq!(
            Identity::default().state_machine_arn("M"),
            "arn:aws:states:us-east-1:123456789012:stateMachine:M"
        );
    }
}
