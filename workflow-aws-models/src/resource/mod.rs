//! [`Resource`]: what a Task state's `Resource` (or a Distributed Map's `ItemReader` and
//! `ResultWriter` resource) names, parsed once when a definition is decoded.
//!
//! The text is kept as written, so a definition stays lossless; what it names is a
//! [`ResourceKind`]: an integration resolved against Step Functions' table of optimized
//! integrations (or, for `aws-sdk`, against the service's API model), a Lambda function, an
//! activity, another ARN, or a template of `${Name}` deployment substitutions. A resource Step
//! Functions would refuse keeps its [`ResourceProblem`], which the validator reports. Every
//! AWS partition (`aws`, `aws-cn`, `aws-us-gov`, …) is read alike: consumers ask the kind,
//! never the text.
//!
//! ```
//! use workflow_aws_models::{Pattern, Resource, ResourceKind};
//!
//! let training = Resource::parse("arn:aws-cn:states:::sagemaker:createTrainingJob.sync");
//! let integration = training.integration().unwrap();
//! assert_eq!((integration.service(), integration.pattern()), ("sagemaker", Pattern::Sync));
//! assert_eq!(training.partition(), Some("aws-cn"));
//!
//! // `${Name}` substitutions are recognised; the parts around them are still checked.
//! let lambda = Resource::parse("arn:${AWS::Partition}:states:::lambda:invoke");
//! assert!(matches!(lambda.kind(), Ok(ResourceKind::Substituted { known_shape: Some(_), .. })));
//!
//! // A Lambda integration has no `.sync` pattern: the problem is kept, with the text.
//! let wrong = Resource::parse("arn:aws:states:::lambda:invoke.sync");
//! assert!(wrong.problem().is_some());
//! assert_eq!(wrong.as_str(), "arn:aws:states:::lambda:invoke.sync");
//! ```

mod parse;
mod problem;
#[cfg(test)]
mod tests;

pub(crate) use parse::holds_substitution;
pub use problem::ResourceProblem;

use crate::{Integration, LambdaFunctionRef, Pattern};
use std::fmt;
use std::hash::{Hash, Hasher};

/// The AWS partitions a resource ARN may name.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// What a resource names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// `arn:<partition>:states:::<service>:<action>[.<pattern>]` (an optimized integration, the
    /// HTTP Task, a Distributed Map's S3 action) or
    /// `arn:<partition>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`.
    Integration {
        /// The partition as written, e.g. `aws` (or `${AWS::Partition}`).
        partition: String,
        /// The integration, resolved.
        integration: Integration,
    },
    /// A Lambda function called directly:
    /// `arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]`.
    LambdaFunction {
        /// The partition, e.g. `aws`.
        partition: String,
        /// The region (may be empty).
        region: String,
        /// The account id (may be empty).
        account: String,
        /// The function name, with its `:alias` or `:version` qualifier if written.
        function: String,
    },
    /// An activity: `arn:<partition>:states:<region>:<account>:activity:<name>`.
    Activity {
        /// The partition, e.g. `aws`.
        partition: String,
        /// The region.
        region: String,
        /// The account id.
        account: String,
        /// The activity name.
        name: String,
    },
    /// Any other syntactically valid ARN.
    Other,
    /// A resource holding `${Name}` deployment substitutions (CloudFormation, SAM, CDK,
    /// Terraform), replaced before deployment.
    Substituted {
        /// The substitution names, in order, without `${` and `}` (e.g. `AWS::Partition`).
        substitutions: Vec<String>,
        /// What the resource names when the substitutions only fill parts that do not decide
        /// it (partition, region, account, function name, ...); its fields keep the `${Name}`
        /// text. `None` when a substitution decides it (e.g. `${LambdaArn}`).
        known_shape: Option<Box<ResourceKind>>,
    },
}

/// A resource as written, and what it names (or why Step Functions would refuse it).
#[derive(Clone)]
pub struct Resource {
    text: String,
    parsed: Result<ResourceKind, ResourceProblem>,
}

impl Resource {
    /// Parses `text`. Never fails: a resource Step Functions would refuse keeps its
    /// [`ResourceProblem`] ([`Resource::problem`]).
    pub fn parse(text: impl Into<String>) -> Resource {
        let text = text.into();
        let parsed = parse::parse(&text);
        Resource { text, parsed }
    }

    /// The integration's resource in the `aws` partition.
    pub fn for_integration(integration: &Integration) -> Resource {
        Resource {
            text: integration.resource(),
            parsed: Ok(ResourceKind::Integration {
                partition: "aws".to_owned(),
                integration: integration.clone(),
            }),
        }
    }

    /// The resource as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// What it names, or why Step Functions would refuse it.
    pub fn kind(&self) -> Result<&ResourceKind, &ResourceProblem> {
        self.parsed.as_ref()
    }

    /// Why Step Functions would refuse it, if it would.
    pub fn problem(&self) -> Option<&ResourceProblem> {
        self.parsed.as_ref().err()
    }

    /// What it names, once substituted where the substitutions do not decide it: the kind
    /// itself, or a substituted resource's known shape. `None` when unknown or refused.
    pub fn shape(&self) -> Option<&ResourceKind> {
        match self.parsed.as_ref().ok()? {
            ResourceKind::Substituted { known_shape, .. } => known_shape.as_deref(),
            other => Some(other),
        }
    }

    /// The integration it calls (of a substituted resource too, when its shape is known).
    pub fn integration(&self) -> Option<&Integration> {
        match self.shape()? {
            ResourceKind::Integration { integration, .. } => Some(integration),
            _ => None,
        }
    }

    /// The integration pattern: an integration's, request-response for Lambda functions
    /// and activities; `None` for other ARNs, unknown shapes and refused resources.
    pub fn pattern(&self) -> Option<Pattern> {
        match self.shape()? {
            ResourceKind::Integration { integration, .. } => Some(integration.pattern()),
            ResourceKind::LambdaFunction { .. } | ResourceKind::Activity { .. } => {
                Some(Pattern::RequestResponse)
            }
            ResourceKind::Other | ResourceKind::Substituted { .. } => None,
        }
    }

    /// Whether the Task waits for a task token to come back (`.waitForTaskToken`).
    pub fn waits_for_task_token(&self) -> bool {
        self.pattern() == Some(Pattern::WaitForTaskToken)
    }

    /// Whether the Task runs a job and waits for it (`.sync`, `.sync:2`).
    pub fn runs_a_job(&self) -> bool {
        matches!(self.pattern(), Some(Pattern::Sync | Pattern::Sync2))
    }

    /// Whether it is an activity.
    pub fn is_activity(&self) -> bool {
        matches!(self.shape(), Some(ResourceKind::Activity { .. }))
    }

    /// AWS's words when an EXPRESS state machine uses this resource, which it cannot run (an
    /// activity, a `.sync` or a `.waitForTaskToken` task); `None` for one it runs. Recorded on
    /// AWS for `.waitForTaskToken` (`ValidateStateMachineDefinition` of an EXPRESS machine,
    /// LocalStack's `test_sfn_api_validation` snapshot); `.sync` and activities in the same
    /// words, as `CreateStateMachine` refuses them.
    pub fn express_refusal(&self) -> Option<&'static str> {
        if self.is_activity() {
            Some("Express state machine does not support Activity ARN")
        } else if self.waits_for_task_token() {
            Some("Express state machine does not support '.waitForTaskToken' service integration")
        } else if self.runs_a_job() {
            Some("Express state machine does not support '.sync' service integration")
        } else {
            None
        }
    }

    /// The Lambda function called directly, from its ARN (name, qualifier, partition, region
    /// and account).
    ///
    /// ```
    /// use workflow_aws_models::Resource;
    ///
    /// let resource = Resource::parse("arn:aws:lambda:us-east-1:123456789012:function:charge:live");
    /// let function = resource.lambda_function().unwrap();
    /// assert_eq!((function.name, function.qualifier), ("charge", Some("live")));
    /// assert!(Resource::parse("arn:aws:states:::lambda:invoke").lambda_function().is_none());
    /// ```
    pub fn lambda_function(&self) -> Option<LambdaFunctionRef<'_>> {
        match self.shape()? {
            ResourceKind::LambdaFunction {
                partition,
                region,
                account,
                function,
            } => {
                let (name, qualifier) = crate::lambda_function::split_qualifier(function);
                Some(LambdaFunctionRef {
                    partition: Some(partition),
                    region: Some(region),
                    account: Some(account),
                    name,
                    qualifier,
                })
            }
            _ => None,
        }
    }

    /// The partition as written, when the resource is an ARN of a known shape.
    pub fn partition(&self) -> Option<&str> {
        match self.shape()? {
            ResourceKind::Integration { partition, .. }
            | ResourceKind::LambdaFunction { partition, .. }
            | ResourceKind::Activity { partition, .. } => Some(partition),
            ResourceKind::Other | ResourceKind::Substituted { .. } => None,
        }
    }

    /// The `${Name}` substitutions it holds (empty when none).
    pub fn substitutions(&self) -> &[String] {
        match &self.parsed {
            Ok(ResourceKind::Substituted { substitutions, .. }) => substitutions,
            _ => &[],
        }
    }

    /// The resource as an execution's history names a task's: `resourceType` and `resource`
    /// (`lambda` and `invoke.waitForTaskToken` for `arn:aws:states:::lambda:invoke.waitForTaskToken`,
    /// `aws-sdk:s3` and `getObject` for an AWS SDK integration, `lambda` and the ARN for a
    /// function, `activity` and the ARN for an activity). An AWS SDK integration's resource is
    /// its action alone, as AWS records it (LocalStack's snapshots recorded on AWS: the 21
    /// histories of `test_aws_sdk_task_service`, `test_aws_sdk` and `test_dynamodb_task_service`
    /// name `aws-sdk:dynamodb` and `putItem`, `aws-sdk:s3` and `getObject`,
    /// `aws-sdk:secretsmanager` and `createSecret`, `aws-sdk:sfn` and `startExecution`).
    pub fn history_parts(&self) -> (String, String) {
        match self.shape() {
            Some(ResourceKind::Integration { integration, .. }) => {
                let path = integration.path();
                // `aws-sdk:s3` and `getObject`; `states` and `startExecution.sync:2`.
                let cut = match path.strip_prefix("aws-sdk:") {
                    Some(rest) => rest.find(':').map(|at| "aws-sdk:".len() + at),
                    None => path.find(':'),
                };
                match cut.map(|at| (&path[..at], &path[at + 1..])) {
                    Some((kind, rest)) => (kind.to_owned(), rest.to_owned()),
                    None => (path, String::new()),
                }
            }
            Some(ResourceKind::LambdaFunction { .. }) => ("lambda".to_owned(), self.text.clone()),
            Some(ResourceKind::Activity { .. }) => ("activity".to_owned(), self.text.clone()),
            _ => ("other".to_owned(), self.text.clone()),
        }
    }

    /// A short name for messages and suggestions: what follows `arn:<partition>:states:::`
    /// for an integration (`lambda:invoke`, `aws-sdk:s3:getObject`, also one that does not
    /// resolve, such as a misspelt action), the resource as written otherwise.
    pub fn short_name(&self) -> String {
        if let Some(integration) = self.integration() {
            return integration.path();
        }
        match crate::Arn::parse(&self.text) {
            Some(arn)
                if arn.service == "states" && arn.region.is_empty() && arn.account.is_empty() =>
            {
                arn.resource.to_owned()
            }
            _ => self.text.clone(),
        }
    }
}

impl Default for Resource {
    /// The empty resource (which is no ARN).
    fn default() -> Self {
        Resource::parse("")
    }
}

impl From<&str> for Resource {
    fn from(text: &str) -> Self {
        Resource::parse(text)
    }
}

impl From<String> for Resource {
    fn from(text: String) -> Self {
        Resource::parse(text)
    }
}

impl From<&Integration> for Resource {
    fn from(integration: &Integration) -> Self {
        Resource::for_integration(integration)
    }
}

impl PartialEq for Resource {
    /// Resources are equal when written alike (what they name follows from the text).
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Resource {}

impl Hash for Resource {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialEq<str> for Resource {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Resource {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl serde::Serialize for Resource {
    /// As written.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Resource {
    /// Parsed: a resource Step Functions would refuse keeps its problem.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Resource::parse)
    }
}

impl fmt::Debug for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Resource({:?})", self.text)
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
