//! [`Integration`]: the service integration a Task's `Resource` names, resolved against the
//! overlay (optimized integrations) and the models (`aws-sdk` integrations).

use crate::check::{Finding, RequestCheck, check_request};
use crate::models::{Operation, Service, Shape, java_spelling};
use crate::overlay::exceptions::{SDK_JSON_MEMBERS, UNMODELLED_SDK_SERVICES};
use crate::overlay::{
    ACTIONS, OptimizedAction, Pattern, SDK_PATTERNS, request_shape, response_shape, with_json,
};
use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;
use workflow_text::case::Case;
use workflow_text::suggest::did_you_mean;

/// Why a `Resource` naming a service integration does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No such service (optimized integration, or AWS SDK service name).
    #[error("unknown service `{service}`{}", hint(suggestion))]
    UnknownService {
        /// The service as written.
        service: String,
        /// The closest known service, as it would be written.
        suggestion: Option<String>,
    },
    /// The service has no such action.
    #[error("`{service}` has no action `{action}`{}", hint(suggestion))]
    UnknownAction {
        /// The service as written (with `aws-sdk:` for AWS SDK integrations).
        service: String,
        /// The action as written.
        action: String,
        /// The closest action of the service.
        suggestion: Option<String>,
    },
    /// The action does not support the integration pattern.
    #[error(
        "`{service}:{action}` does not support {pattern}; it supports {}",
        list_patterns(supported)
    )]
    UnsupportedPattern {
        /// The service as written (with `aws-sdk:` for AWS SDK integrations).
        service: String,
        /// The action.
        action: String,
        /// The suffix as written, e.g. `.sync`, `.synk`.
        pattern: String,
        /// The patterns it supports.
        supported: Vec<Pattern>,
    },
}

/// `; did you mean `x`?` or nothing.
fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

fn list_patterns(patterns: &[Pattern]) -> String {
    let names: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
    names.join(", ")
}

/// What a resolved resource calls.
#[derive(Clone, PartialEq, Eq)]
enum Target {
    /// An optimized integration: the index of its action in the overlay.
    Optimized(usize),
    /// An AWS SDK integration.
    Sdk(Operation),
    /// An AWS SDK integration of a service the models lack (the overlay's exceptions): its
    /// index there and the action as written.
    Unmodelled(usize, Box<str>),
}

/// A service integration: `arn:aws:states:::<service>:<action>[.<pattern>]` or
/// `arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`.
///
/// ```
/// use workflow_aws_models::{Integration, Pattern};
///
/// let training = Integration::from_resource("arn:aws:states:::sagemaker:createTrainingJob.sync")
///     .unwrap()
///     .unwrap();
/// assert_eq!(training.pattern(), Pattern::Sync);
/// assert_eq!(training.result().unwrap().name(), Some("DescribeTrainingJobResponse"));
/// let findings = training.check_request(&serde_json::json!({"TrainingJobNmae": "x"}));
/// assert!(findings[0].to_string().contains("did you mean `TrainingJobName`"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Integration {
    target: Target,
    pattern: Pattern,
}

/// The decoded request of each optimized action.
static REQUESTS: [OnceLock<Option<Shape>>; ACTIONS.len()] =
    [const { OnceLock::new() }; ACTIONS.len()];

/// The decoded result of each optimized action under each pattern.
static RESULTS: [[OnceLock<Option<Shape>>; 4]; ACTIONS.len()] =
    [const { [const { OnceLock::new() }; 4] }; ACTIONS.len()];

impl Integration {
    /// The integration a Task's `Resource` names. `Ok(None)` for a resource that is not a
    /// service integration of this form: a Lambda function or activity ARN, or a value with a
    /// `${…}` substitution left in it.
    pub fn from_resource(resource: &str) -> Result<Option<Integration>, LookupError> {
        if resource.contains("${") {
            return Ok(None);
        }
        let Some(rest) = resource
            .strip_prefix("arn:")
            .and_then(|r| r.split_once(':'))
            .and_then(|(_partition, r)| r.strip_prefix("states:::"))
        else {
            return Ok(None);
        };
        match rest.strip_prefix("aws-sdk:") {
            Some(sdk) => Integration::sdk(sdk).map(Some),
            None => Integration::optimized_action(rest).map(Some),
        }
    }

    /// An optimized integration, `rest` being `<service>:<action>[.<pattern>]`.
    fn optimized_action(rest: &str) -> Result<Integration, LookupError> {
        let (service, action_pattern) = rest.split_once(':').unwrap_or((rest, ""));
        let (action, suffix) = split_pattern(action_pattern);
        let of_service: Vec<(usize, &OptimizedAction)> = ACTIONS
            .iter()
            .enumerate()
            .filter(|(_, a)| a.service == service)
            .collect();
        if of_service.is_empty() {
            let mut services: Vec<&str> = ACTIONS.iter().map(|a| a.service).collect();
            services.dedup();
            let suggestion = did_you_mean(service, &services).map(str::to_owned);
            // A service with no optimized integration may still have an AWS SDK one.
            let suggestion = suggestion
                .or_else(|| Service::by_sdk_name(service).map(|_| format!("aws-sdk:{service}")));
            return Err(LookupError::UnknownService {
                service: service.to_owned(),
                suggestion,
            });
        }
        let Some(&(index, entry)) = of_service.iter().find(|(_, a)| a.action == action) else {
            return Err(LookupError::UnknownAction {
                service: service.to_owned(),
                action: action.to_owned(),
                suggestion: did_you_mean(
                    action,
                    &of_service.iter().map(|(_, a)| a.action).collect::<Vec<_>>(),
                )
                .map(str::to_owned),
            });
        };
        let pattern = Pattern::from_suffix(suffix)
            .filter(|p| entry.patterns.contains(p))
            .ok_or_else(|| LookupError::UnsupportedPattern {
                service: service.to_owned(),
                action: action.to_owned(),
                pattern: format!(".{suffix}"),
                supported: entry.patterns.to_vec(),
            })?;
        Ok(Integration {
            target: Target::Optimized(index),
            pattern,
        })
    }

    /// An AWS SDK integration, `rest` being `<service>:<action>[.<pattern>]`.
    fn sdk(rest: &str) -> Result<Integration, LookupError> {
        let (service, action_pattern) = rest.split_once(':').unwrap_or((rest, ""));
        let (action, suffix) = split_pattern(action_pattern);
        if let Some(index) = UNMODELLED_SDK_SERVICES
            .iter()
            .position(|(n, _)| *n == service)
        {
            let pattern = Pattern::from_suffix(suffix)
                .filter(|p| SDK_PATTERNS.contains(p))
                .ok_or_else(|| LookupError::UnsupportedPattern {
                    service: format!("aws-sdk:{service}"),
                    action: action.to_owned(),
                    pattern: format!(".{suffix}"),
                    supported: SDK_PATTERNS.to_vec(),
                })?;
            return Ok(Integration {
                target: Target::Unmodelled(index, action.into()),
                pattern,
            });
        }
        let Some(found) = Service::by_sdk_name(service) else {
            let names: Vec<&str> = Service::all().map(|s| s.sdk_name()).collect();
            return Err(LookupError::UnknownService {
                service: format!("aws-sdk:{service}"),
                suggestion: did_you_mean(service, &names).map(|s| format!("aws-sdk:{s}")),
            });
        };
        let Some(operation) = found.operation_by_action(action) else {
            let actions: Vec<String> = found.operations().map(|op| op.action()).collect();
            let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
            return Err(LookupError::UnknownAction {
                service: format!("aws-sdk:{service}"),
                action: action.to_owned(),
                suggestion: did_you_mean(action, &actions).map(str::to_owned),
            });
        };
        let pattern = Pattern::from_suffix(suffix)
            .filter(|p| SDK_PATTERNS.contains(p))
            .ok_or_else(|| LookupError::UnsupportedPattern {
                service: format!("aws-sdk:{service}"),
                action: action.to_owned(),
                pattern: format!(".{suffix}"),
                supported: SDK_PATTERNS.to_vec(),
            })?;
        Ok(Integration {
            target: Target::Sdk(operation),
            pattern,
        })
    }

    /// The optimized integration `service`'s `action` with `pattern`, named as the `workflow!`
    /// language writes it (`sagemaker`, `create_training_job`, [`Pattern::Sync`] for
    /// `sagemaker::create_training_job.sync`) or as the resource does (`createTrainingJob`):
    /// no ARN to write, and a misspelt name is an error with a did-you-mean.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let training = Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap();
    /// assert_eq!(training.resource(), "arn:aws:states:::sagemaker:createTrainingJob.sync");
    /// let typo = Integration::named("sagemaker", "create_trainig_job", Pattern::Sync).unwrap_err();
    /// assert!(typo.to_string().contains("did you mean `createTrainingJob`"));
    /// ```
    pub fn named(
        service: &str,
        action: &str,
        pattern: Pattern,
    ) -> Result<Integration, LookupError> {
        let folded = Case::Flat.apply(action);
        let camel = ACTIONS
            .iter()
            .find(|a| a.service == service && Case::Flat.apply(a.action) == folded)
            .map_or(action, |a| a.action);
        Integration::optimized_action(&format!("{service}:{camel}{}", pattern.suffix()))
    }

    /// The AWS SDK integration `aws-sdk:<service>:<action>` (request-response), the action in
    /// snake_case or camelCase, e.g. `("s3", "get_object")`.
    pub fn named_sdk(service: &str, action: &str) -> Result<Integration, LookupError> {
        let camel = Service::by_sdk_name(service)
            .and_then(|s| s.operation_by_snake_name(action))
            .map_or_else(|| action.to_owned(), |op| op.action());
        Integration::sdk(&format!("{service}:{camel}"))
    }

    /// Every optimized integration's action (with its first pattern; see
    /// [`Integration::supported_patterns`]), sorted by service and action.
    pub fn optimized() -> impl Iterator<Item = Integration> {
        ACTIONS
            .iter()
            .enumerate()
            .map(|(index, action)| Integration {
                target: Target::Optimized(index),
                pattern: action.patterns[0],
            })
    }

    /// Whether it is an AWS SDK integration (`aws-sdk:<service>:<action>`).
    pub fn is_sdk(&self) -> bool {
        matches!(self.target, Target::Sdk(_) | Target::Unmodelled(..))
    }

    /// The service as the resource names it, e.g. `sagemaker`, `states` (optimized) or `s3`
    /// (AWS SDK, without `aws-sdk:`).
    pub fn service(&self) -> &'static str {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].service,
            Target::Sdk(op) => op.service().sdk_name(),
            Target::Unmodelled(i, _) => UNMODELLED_SDK_SERVICES[i].0,
        }
    }

    /// The action as the resource names it, e.g. `createTrainingJob`.
    pub fn action(&self) -> String {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].action.to_owned(),
            Target::Sdk(op) => op.action(),
            Target::Unmodelled(_, ref action) => action.to_string(),
        }
    }

    /// The integration pattern.
    pub fn pattern(&self) -> Pattern {
        self.pattern
    }

    /// Every pattern the action supports.
    pub fn supported_patterns(&self) -> &'static [Pattern] {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].patterns,
            Target::Sdk(_) | Target::Unmodelled(..) => SDK_PATTERNS,
        }
    }

    /// The resource, e.g. `arn:aws:states:::sagemaker:createTrainingJob.sync`.
    pub fn resource(&self) -> String {
        let sdk = if self.is_sdk() { "aws-sdk:" } else { "" };
        format!(
            "arn:aws:states:::{sdk}{}:{}{}",
            self.service(),
            self.action(),
            self.pattern.suffix()
        )
    }

    /// The AWS SDK integration's operation (`None` for optimized integrations, whose requests
    /// the overlay defines).
    pub fn sdk_operation(&self) -> Option<Operation> {
        match self.target {
            Target::Sdk(op) => Some(op),
            Target::Optimized(_) | Target::Unmodelled(..) => None,
        }
    }

    /// The API operation the integration calls: the AWS SDK integration's, or the optimized
    /// integration's whose request is an API operation's (`CreateTrainingJob` for
    /// `sagemaker:createTrainingJob`); `None` where Step Functions defines the request itself
    /// (EMR's `createCluster`, …) or the service is not modelled. Its name is the IAM action's.
    ///
    /// ```
    /// use workflow_aws_models::Integration;
    /// let get = Integration::from_resource("arn:aws:states:::dynamodb:getItem").unwrap().unwrap();
    /// assert_eq!(get.api_operation().unwrap().name(), "GetItem");
    /// ```
    pub fn api_operation(&self) -> Option<Operation> {
        match self.target {
            Target::Sdk(op) => Some(op),
            Target::Optimized(i) => match ACTIONS[i].request {
                crate::overlay::Request::Api(service, op)
                | crate::overlay::Request::ApiJson(service, op, _) => {
                    Service::by_botocore_name(service)?.operation(op)
                }
                crate::overlay::Request::Synth(_) | crate::overlay::Request::Open => None,
            },
            Target::Unmodelled(..) => None,
        }
    }

    /// Where the overlay's entry comes from (the AWS SDK integrations' page for `aws-sdk`).
    pub fn source(&self) -> &'static str {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].source,
            Target::Sdk(_) => "supported-services-awssdk.html",
            Target::Unmodelled(i, _) => UNMODELLED_SDK_SERVICES[i].1,
        }
    }

    /// The request shape (`None`: any JSON object; the overlay's entry says why).
    pub fn request(&self) -> Option<Shape> {
        match self.target {
            Target::Optimized(i) => *REQUESTS[i].get_or_init(|| request_shape(&ACTIONS[i])),
            Target::Sdk(op) => sdk_request(op),
            Target::Unmodelled(..) => None,
        }
    }

    /// What the Task returns (`None`: any JSON value, e.g. whatever the sender of a task token
    /// returns, or an undocumented `.sync` result). For `.sync`, the finished job's
    /// description, e.g. DescribeTrainingJob's output.
    pub fn result(&self) -> Option<Shape> {
        let slot = match self.pattern {
            Pattern::RequestResponse => 0,
            Pattern::Sync => 1,
            Pattern::Sync2 => 2,
            Pattern::WaitForTaskToken => 3,
        };
        match self.target {
            Target::Optimized(i) => {
                *RESULTS[i][slot].get_or_init(|| response_shape(&ACTIONS[i], self.pattern))
            }
            Target::Sdk(op) => match self.pattern {
                Pattern::RequestResponse => op.output(),
                _ => None,
            },
            Target::Unmodelled(..) => None,
        }
    }

    /// The error names an AWS SDK integration raises, as the AWS SDK for Java v2 names the
    /// model's errors after the service's prefix: `S3.NoSuchKeyException` (model: `NoSuchKey`),
    /// `Rds.DbInstanceNotFoundException` (model: `DBInstanceNotFoundFault`),
    /// `DynamoDb.ConditionalCheckFailedException`; empty for optimized integrations.
    pub fn sdk_errors(&self) -> Vec<String> {
        match self.target {
            Target::Sdk(op) => {
                let prefix = op.service().error_prefix();
                op.errors()
                    .map(|e| format!("{prefix}.{}", java_exception(e)))
                    .collect()
            }
            Target::Optimized(_) | Target::Unmodelled(..) => Vec::new(),
        }
    }

    /// Checks a Task's `Parameters` (or `Arguments`) against the request shape: unknown and
    /// missing keys, literals of the wrong type, outside their enum or bounds. Keys ending in
    /// `.$` and `{% … %}` strings are computed: accepted, whatever their type.
    pub fn check_request(&self, parameters: &Value) -> Vec<Finding> {
        self.check_request_in_full(parameters).findings
    }

    /// [`Integration::check_request`], listing the request's computed values (with the member
    /// each fills) too, for a caller that knows their types.
    pub fn check_request_in_full(&self, parameters: &Value) -> RequestCheck {
        match self.request() {
            Some(shape) => check_request(shape, parameters),
            None => RequestCheck::default(),
        }
    }
}

impl fmt::Debug for Integration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Integration({})", self.resource())
    }
}

impl fmt::Display for Integration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resource())
    }
}

/// `createTrainingJob.sync` → (`createTrainingJob`, `sync`); no dot → (action, ``).
fn split_pattern(action: &str) -> (&str, &str) {
    action.split_once('.').unwrap_or((action, ""))
}

/// The SDK requests the overlay's exceptions change, built on first use.
static SDK_REQUESTS: [OnceLock<Option<Shape>>; SDK_JSON_MEMBERS.len()] =
    [const { OnceLock::new() }; SDK_JSON_MEMBERS.len()];

/// An AWS SDK operation's request, with the overlay's exceptions applied.
fn sdk_request(op: Operation) -> Option<Shape> {
    let service = op.service().botocore_name();
    let exception = SDK_JSON_MEMBERS
        .iter()
        .position(|(s, o, _, _)| *s == service && *o == op.name());
    match exception {
        Some(i) => *SDK_REQUESTS[i].get_or_init(|| {
            let (_, _, member, _) = SDK_JSON_MEMBERS[i];
            op.input().map(|shape| with_json(shape, &[member]))
        }),
        None => op.input(),
    }
}

/// The AWS SDK for Java v2's class name of a model's error: `Fault` and `Exception` suffixes
/// become `Exception`, and a leading run of capitals is lowered (`DBInstanceNotFoundFault` →
/// `DbInstanceNotFoundException`).
fn java_exception(name: &str) -> String {
    let base = name
        .strip_suffix("Exception")
        .or_else(|| name.strip_suffix("Fault"))
        .unwrap_or(name);
    let spelled = java_spelling(base).map_or_else(|| base.to_owned(), String::from);
    format!("{spelled}Exception")
}
