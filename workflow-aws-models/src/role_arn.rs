//! An IAM role's ARN, the execution role of a state machine (`CreateStateMachine`'s and
//! `UpdateStateMachine`'s `roleArn`, TestState's): read here once, by the client before it
//! sends one, by `workflow serve` when a request carries one, and by the engine where TestState
//! takes one.
//!
//! The shape is IAM's (AWS General Reference, "IAM identifiers", role ARNs):
//! `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`, with no region. Step Functions refuses any
//! other text as `InvalidArn` with the message `Invalid Role Arn: 'TEXT'` (recorded on AWS in
//! the Step Functions Data Science SDK's example notebooks' CI, aws/amazon-sagemaker-examples
//! issues 2430 and 2432: `Invalid Role Arn: '<execution-role-arn>'`), which [`RoleArnError`]
//! says.

use crate::Arn;
use std::fmt;
use std::str::FromStr;

/// An IAM role's ARN: where it is (partition, account) and its path and name.
///
/// ```
/// use workflow_aws_models::RoleArn;
/// let role: RoleArn = "arn:aws-cn:iam::111122223333:role/etl/Loader".parse()?;
/// assert_eq!((role.partition(), role.account(), role.name()), ("aws-cn", "111122223333", "etl/Loader"));
/// assert_eq!(role.to_string(), "arn:aws-cn:iam::111122223333:role/etl/Loader");
/// assert_eq!(
///     "arn:aws:iam::111122223333:user/x".parse::<RoleArn>().unwrap_err().to_string(),
///     "Invalid Role Arn: 'arn:aws:iam::111122223333:user/x'"
/// );
/// # Ok::<(), workflow_aws_models::RoleArnError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleArn {
    partition: String,
    account: String,
    /// What follows `role/`: `[PATH/]NAME`.
    name: String,
}

/// Text that is not an IAM role's ARN, in Step Functions' words (its `InvalidArn` message).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Invalid Role Arn: '{0}'")]
pub struct RoleArnError(pub String);

impl RoleArn {
    /// `text` read as a role's ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`, the
    /// partition, the account and the name not empty, no region.
    pub fn parse(text: &str) -> Result<RoleArn, RoleArnError> {
        match Arn::parse(text) {
            Some(Arn {
                partition,
                service: "iam",
                region: "",
                account,
                resource,
            }) if !partition.is_empty() && !account.is_empty() => match resource
                .strip_prefix("role/")
                .filter(|name| !name.is_empty())
            {
                Some(name) => Ok(RoleArn {
                    partition: partition.to_owned(),
                    account: account.to_owned(),
                    name: name.to_owned(),
                }),
                None => Err(RoleArnError(text.to_owned())),
            },
            _ => Err(RoleArnError(text.to_owned())),
        }
    }

    /// The partition (`aws`, `aws-cn`, …).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The account that owns the role.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The role's path and name (`etl/Loader` of `role/etl/Loader`).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:role/{}",
            self.partition, self.account, self.name
        )
    }
}

impl FromStr for RoleArn {
    type Err = RoleArnError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RoleArn::parse(text)
    }
}

/// Serialized as its text.
impl serde::Serialize for RoleArn {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read from its text with [`RoleArn::parse`].
impl<'de> serde::Deserialize<'de> for RoleArn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        RoleArn::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_arn_reads_back_as_it_was_written() {
        for text in [
            "arn:aws:iam::123456789012:role/r",
            "arn:aws-us-gov:iam::123456789012:role/service-role/StepFunctions-x",
        ] {
            let role = RoleArn::parse(text).expect(text);
            assert_eq!(role.to_string(), text);
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(serde_json::from_str::<RoleArn>(&json).unwrap(), role);
        }
    }

    #[test]
    fn what_is_not_a_role_is_refused_in_aws_words() {
        for text in [
            "not-an-arn",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam:us-east-1:123456789012:role/r",
            "arn:aws:iam:::role/r",
            "arn::iam::123456789012:role/r",
            "arn:aws:sts::123456789012:role/r",
        ] {
            assert_eq!(
                RoleArn::parse(text),
                Err(RoleArnError(text.to_owned())),
                "{text}"
            );
            assert_eq!(
                RoleArn::parse(text).unwrap_err().to_string(),
                format!("Invalid Role Arn: '{text}'")
            );
        }
        assert!(serde_json::from_str::<RoleArn>(r#""arn:aws:iam::1:user/x""#).is_err());
    }
}
