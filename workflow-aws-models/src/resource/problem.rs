//! [`ResourceProblem`]: why Step Functions would refuse a resource, with a message that says
//! the fix.

use super::PARTITIONS;
use crate::{LookupError, Pattern};
use std::fmt;

/// Why a `Resource` string is not a resource Step Functions accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceProblem {
    /// The resource is a `{% %}` JSONata expression; resources are always literal.
    Jsonata {
        /// The resource as written.
        resource: String,
    },
    /// The resource does not start with `arn:`.
    NotAnArn {
        /// The resource as written.
        resource: String,
    },
    /// The ARN is malformed (missing parts, whitespace, forbidden characters).
    Malformed {
        /// The resource as written.
        resource: String,
        /// What is wrong, lowercase.
        reason: String,
    },
    /// The partition is not an AWS partition.
    UnknownPartition {
        /// The resource as written.
        resource: String,
        /// The partition written.
        partition: String,
        /// The closest known partition, if one is close.
        suggestion: Option<&'static str>,
    },
    /// `arn:<p>:states:::` is followed by no service.
    EmptyService {
        /// The resource as written.
        resource: String,
    },
    /// An optimized integration names no action.
    EmptyAction {
        /// The resource as written.
        resource: String,
        /// The service named.
        service: String,
    },
    /// `aws-sdk:` is not followed by `<service>:<action>`.
    IncompleteSdk {
        /// The resource as written.
        resource: String,
    },
    /// The action ends with a suffix that is no integration pattern.
    UnknownSuffix {
        /// The resource as written.
        resource: String,
        /// The suffix, from its `.`.
        suffix: String,
    },
    /// The integration does not exist: an unknown service or action, or a pattern the action
    /// does not support (Step Functions' table of optimized integrations, the AWS SDK
    /// integrations' models).
    Lookup {
        /// The resource as written.
        resource: String,
        /// What the lookup found wrong.
        error: LookupError,
    },
}

impl ResourceProblem {
    /// Whether the problem is an integration pattern the action does not support (the rest
    /// make the resource unrecognisable).
    pub fn is_unsupported_pattern(&self) -> bool {
        matches!(
            self,
            ResourceProblem::Lookup {
                error: LookupError::UnsupportedPattern { .. },
                ..
            }
        )
    }
}

const EXAMPLES: &str = "e.g. `arn:aws:states:::lambda:invoke` (an integration), `arn:aws:lambda:us-east-1:123456789012:function:Name` (a Lambda function) or `arn:aws:states:us-east-1:123456789012:activity:Name` (an activity)";

impl fmt::Display for ResourceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResourceProblem::Jsonata { resource } => write!(
                f,
                "`Resource` `{resource}` is a JSONata expression, but a resource is always a literal ARN; name the resource literally and pass the dynamic values in `Arguments`"
            ),
            ResourceProblem::NotAnArn { resource } => {
                write!(
                    f,
                    "`Resource` `{resource}` is not an ARN; write the full ARN, {EXAMPLES}"
                )
            }
            ResourceProblem::Malformed { resource, reason } => {
                write!(
                    f,
                    "`Resource` `{resource}` is not a valid ARN: {reason}; {EXAMPLES}"
                )
            }
            ResourceProblem::UnknownPartition {
                resource,
                partition,
                suggestion,
            } => {
                write!(
                    f,
                    "`Resource` `{resource}` names the unknown partition `{partition}`; "
                )?;
                match suggestion {
                    Some(s) => write!(f, "did you mean `{s}`?"),
                    None => write!(f, "use one of `{}`", PARTITIONS.join("`, `")),
                }
            }
            ResourceProblem::EmptyService { resource } => write!(
                f,
                "`Resource` `{resource}` names no service; write `arn:aws:states:::<service>:<action>`, e.g. `arn:aws:states:::lambda:invoke`"
            ),
            ResourceProblem::EmptyAction { resource, service } => write!(
                f,
                "`Resource` `{resource}` names no action of `{service}`; write `arn:aws:states:::{service}:<action>`"
            ),
            ResourceProblem::IncompleteSdk { resource } => write!(
                f,
                "`Resource` `{resource}` needs a service and an action after `aws-sdk:`, e.g. `arn:aws:states:::aws-sdk:s3:listObjectsV2`"
            ),
            ResourceProblem::UnknownSuffix { resource, suffix } => write!(
                f,
                "`Resource` `{resource}` ends with `{suffix}`, which is not an integration pattern; use `.sync`, `.sync:2`, `.waitForTaskToken`, or no suffix for request-response"
            ),
            ResourceProblem::Lookup { resource, error } => lookup(f, resource, error),
        }
    }
}

/// The message of a failed lookup.
fn lookup(f: &mut fmt::Formatter<'_>, resource: &str, error: &LookupError) -> fmt::Result {
    write!(f, "`Resource` `{resource}`: ")?;
    match error {
        LookupError::UnknownService {
            service,
            suggestion,
        } if !service.starts_with("aws-sdk:") => {
            write!(
                f,
                "`{service}` is not an optimized Step Functions integration; "
            )?;
            match suggestion.as_deref() {
                Some(s) if s.starts_with("aws-sdk:") => write!(
                    f,
                    "call the service through the AWS SDK integration, `arn:aws:states:::{s}:<action>`"
                ),
                Some(s) => write!(f, "did you mean `{s}`?"),
                None => write!(
                    f,
                    "call the service through the AWS SDK integration, `arn:aws:states:::aws-sdk:{service}:<action>`"
                ),
            }
        }
        LookupError::UnsupportedPattern {
            service,
            action,
            pattern,
            supported,
        } => {
            let suffix = pattern.suffix();
            if *pattern == Pattern::Sync2 {
                return write!(
                    f,
                    "`.sync:2` exists only for `states:startExecution`; remove `{suffix}`"
                );
            }
            let list: Vec<&str> = supported.iter().map(|p| p.describe()).collect();
            write!(
                f,
                "`{service}:{action}` does not support the {} pattern; it supports {}; remove `{suffix}`",
                pattern.describe(),
                list.join(", ")
            )
        }
        other => write!(f, "{other}"),
    }
}

impl std::error::Error for ResourceProblem {}
