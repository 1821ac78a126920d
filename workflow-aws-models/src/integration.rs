//! [`Integration`]: the service integration a Task's `Resource` names, resolved against the
//! overlay (optimized integrations) and the models (`aws-sdk` integrations).

use crate::check::{ExpressionRefusal, Finding, RequestCheck, StringRules, check_request_with};
use crate::models::{Operation, Service, Shape, ShapeKind, java_spelling};
use crate::overlay::exceptions::{SDK_JSON_MEMBERS, UNMODELLED_SDK_SERVICES};
use crate::overlay::lifecycle::{self, RunLimit};
use crate::overlay::{
    ACTIONS, MAP_ACTIONS, MAP_SERVICE, OptimizedAction, Pattern, SDK_PATTERNS, Usage,
    request_shape, response_shape, with_json,
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
    /// The AWS SDK integration of the service was removed from Step Functions (AWS's release
    /// history of SDK integrations, the overlay's `lifecycle` list).
    #[error("Step Functions removed the AWS SDK integration of {name} (`aws-sdk:{service}`) on {date} ({written}); {}", removed_fix(*successor))]
    RemovedService {
        /// The service as written, without `aws-sdk:`.
        service: String,
        /// The service's name.
        name: &'static str,
        /// When it was removed (ISO 8601).
        date: &'static str,
        /// Where the removal is written.
        written: &'static str,
        /// The AWS SDK service that replaces it, where AWS names one (`lexmodelsv2`).
        successor: Option<&'static str>,
    },
    /// The service has no such action.
    #[error("`{service}` has no action `{action}`{}", action_hint(service, action, suggestion, *in_sdk))]
    UnknownAction {
        /// The service as written (with `aws-sdk:` for AWS SDK integrations).
        service: String,
        /// The action as written.
        action: String,
        /// The closest action of the service.
        suggestion: Option<String>,
        /// Whether the AWS SDK integration of the same service has the action (an optimized
        /// integration's services call only some of their API: Glue's `startCrawler` is
        /// `aws-sdk:glue:startCrawler`).
        in_sdk: bool,
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
        /// The pattern asked for.
        pattern: Pattern,
        /// The patterns it supports.
        supported: Vec<Pattern>,
    },
    /// The action exists, but not where it was asked for: a Distributed Map's S3 action in a
    /// Task state, or a Task integration as a Map's `ItemReader`.
    #[error("`{service}:{action}` is {}, not {}", usage_words(*usage), usage_words(*wanted))]
    WrongUsage {
        /// The service.
        service: String,
        /// The action.
        action: String,
        /// Where the action may stand.
        usage: Usage,
        /// Where it was asked for.
        wanted: Usage,
    },
}

/// `a Task integration`, `a Distributed Map's ItemReader resource`, ….
fn usage_words(usage: Usage) -> &'static str {
    match usage {
        Usage::Task => "a Task integration",
        Usage::ItemReader => "a Distributed Map's `ItemReader` resource",
        Usage::ResultWriter => "a Distributed Map's `ResultWriter` resource",
    }
}

/// `; did you mean `x`?` or nothing.
fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// The fix for an unknown action: the AWS SDK integration that has it, or the closest action.
fn action_hint(service: &str, action: &str, suggestion: &Option<String>, in_sdk: bool) -> String {
    if in_sdk {
        format!(
            " in its optimized integration; the AWS SDK integration has it: did you mean `aws-sdk:{service}:{action}`?"
        )
    } else {
        hint(suggestion)
    }
}

/// What to do instead of calling a removed AWS SDK integration.
fn removed_fix(successor: Option<&str>) -> String {
    match successor {
        Some(s) => format!("call its successor, `aws-sdk:{s}`, instead"),
        None => "AWS names no successor: remove the Task, or call another service".to_owned(),
    }
}

fn list_patterns(patterns: &[Pattern]) -> String {
    let names: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
    names.join(", ")
}

/// What a resolved resource calls.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// An optimized integration: the index of its action in the overlay.
    Optimized(usize),
    /// An AWS SDK integration.
    Sdk(Operation),
    /// An AWS SDK integration of a service the models lack (the overlay's exceptions): its
    /// index there and the action as written.
    Unmodelled(usize, Box<str>),
    /// A Distributed Map's S3 action: the index of its entry in the overlay.
    Map(usize),
}

/// A service integration: `arn:aws:states:::<service>:<action>[.<pattern>]` or
/// `arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`.
///
/// ```
/// use workflow_aws_models::{Integration, Pattern};
///
/// let training = Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap();
/// assert_eq!(training.pattern(), Pattern::Sync);
/// assert_eq!(training.result().unwrap().name(), Some("DescribeTrainingJobResponse"));
/// let findings = training.check_request(&serde_json::json!({"TrainingJobNmae": "x"}));
/// assert!(findings[0].to_string().contains("did you mean `TrainingJobName`"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Integration {
    pub(crate) target: Target,
    pattern: Pattern,
}

/// The decoded request of each optimized action.
static REQUESTS: [OnceLock<Option<Shape>>; ACTIONS.len()] =
    [const { OnceLock::new() }; ACTIONS.len()];

/// The decoded result of each optimized action under each pattern.
static RESULTS: [[OnceLock<Option<Shape>>; 4]; ACTIONS.len()] =
    [const { [const { OnceLock::new() }; 4] }; ACTIONS.len()];

impl Integration {
    /// The optimized integration (or Distributed Map S3 action) `service:action` with
    /// `pattern`, as a resource names them: how [`Resource::parse`](crate::Resource::parse)
    /// resolves `arn:<partition>:states:::<service>:<action>[.<pattern>]`.
    pub(crate) fn resolve(
        service: &str,
        action: &str,
        pattern: Pattern,
    ) -> Result<Integration, LookupError> {
        if service == MAP_SERVICE {
            return Integration::map_action(action, pattern);
        }
        let of_service: Vec<(usize, &OptimizedAction)> = ACTIONS
            .iter()
            .enumerate()
            .filter(|(_, a)| a.service == service)
            .collect();
        if of_service.is_empty() {
            return Err(LookupError::UnknownService {
                service: service.to_owned(),
                suggestion: suggest_service(service),
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
                in_sdk: Service::by_sdk_name(service).is_some_and(|s| {
                    s.operation_by_action(action).is_some()
                        || s.operation_by_snake_name(action).is_some()
                }),
            });
        };
        if !entry.patterns.contains(&pattern) {
            return Err(LookupError::UnsupportedPattern {
                service: service.to_owned(),
                action: action.to_owned(),
                pattern,
                supported: entry.patterns.to_vec(),
            });
        }
        Ok(Integration {
            target: Target::Optimized(index),
            pattern,
        })
    }

    /// Whether `service` has optimized integrations (or Distributed Map S3 actions).
    pub(crate) fn is_optimized_service(service: &str) -> bool {
        service == MAP_SERVICE || ACTIONS.iter().any(|a| a.service == service)
    }

    /// A Distributed Map's S3 action (request-response only).
    fn map_action(action: &str, pattern: Pattern) -> Result<Integration, LookupError> {
        let Some(index) = MAP_ACTIONS.iter().position(|a| a.action == action) else {
            return Err(LookupError::UnknownAction {
                service: MAP_SERVICE.to_owned(),
                action: action.to_owned(),
                suggestion: did_you_mean(
                    action,
                    &MAP_ACTIONS.iter().map(|a| a.action).collect::<Vec<_>>(),
                )
                .map(str::to_owned),
                in_sdk: false,
            });
        };
        if pattern != Pattern::RequestResponse {
            return Err(LookupError::UnsupportedPattern {
                service: MAP_SERVICE.to_owned(),
                action: action.to_owned(),
                pattern,
                supported: vec![Pattern::RequestResponse],
            });
        }
        Ok(Integration {
            target: Target::Map(index),
            pattern,
        })
    }

    /// The AWS SDK integration `aws-sdk:<service>:<action>` with `pattern`, as a resource
    /// names them.
    pub(crate) fn resolve_sdk(
        service: &str,
        action: &str,
        pattern: Pattern,
    ) -> Result<Integration, LookupError> {
        let unsupported = || LookupError::UnsupportedPattern {
            service: format!("aws-sdk:{service}"),
            action: action.to_owned(),
            pattern,
            supported: SDK_PATTERNS.to_vec(),
        };
        if let Some(removed) = lifecycle::removed_sdk_service(service) {
            return Err(LookupError::RemovedService {
                service: service.to_owned(),
                name: removed.name,
                date: removed.date,
                written: lifecycle::REMOVED_SOURCE,
                successor: removed.successor,
            });
        }
        if let Some(index) = UNMODELLED_SDK_SERVICES
            .iter()
            .position(|(n, _)| *n == service)
        {
            if !SDK_PATTERNS.contains(&pattern) {
                return Err(unsupported());
            }
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
                in_sdk: false,
            });
        };
        if !SDK_PATTERNS.contains(&pattern) {
            return Err(unsupported());
        }
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
        Integration::named_for(Usage::Task, service, action, pattern)
    }

    /// [`Integration::named`] for where the resource stands: `s3`'s `get_object` is a
    /// Distributed Map's `ItemReader` resource, not a Task integration.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern, Usage};
    /// let reader = Integration::named_for(Usage::ItemReader, "s3", "list_objects_v2", Pattern::RequestResponse).unwrap();
    /// assert_eq!(reader.resource(), "arn:aws:states:::s3:listObjectsV2");
    /// assert!(Integration::named("s3", "get_object", Pattern::RequestResponse).is_err());
    /// ```
    pub fn named_for(
        usage: Usage,
        service: &str,
        action: &str,
        pattern: Pattern,
    ) -> Result<Integration, LookupError> {
        let folded = Case::Flat.apply(action);
        let known = ACTIONS
            .iter()
            .map(|a| (a.service, a.action))
            .chain(MAP_ACTIONS.iter().map(|a| (MAP_SERVICE, a.action)));
        let camel = known
            .filter(|(s, _)| *s == service)
            .map(|(_, a)| a)
            .find(|a| Case::Flat.apply(a) == folded)
            .unwrap_or(action);
        let found = Integration::resolve(service, camel, pattern)?;
        if found.usage() != usage {
            return Err(LookupError::WrongUsage {
                service: service.to_owned(),
                action: camel.to_owned(),
                usage: found.usage(),
                wanted: usage,
            });
        }
        Ok(found)
    }

    /// The AWS SDK integration `aws-sdk:<service>:<action>` (request-response), the action in
    /// snake_case or camelCase, e.g. `("s3", "get_object")`.
    pub fn named_sdk(service: &str, action: &str) -> Result<Integration, LookupError> {
        Integration::named_sdk_with(service, action, Pattern::RequestResponse)
    }

    /// [`Integration::named_sdk`] with a pattern (`.waitForTaskToken` is the only other one
    /// an AWS SDK integration supports).
    pub fn named_sdk_with(
        service: &str,
        action: &str,
        pattern: Pattern,
    ) -> Result<Integration, LookupError> {
        let camel = Service::by_sdk_name(service)
            .and_then(|s| s.operation_by_snake_name(action))
            .map_or_else(|| action.to_owned(), |op| op.action());
        Integration::resolve_sdk(service, &camel, pattern)
    }

    /// Every action of the AWS SDK integration of `service` (request-response), in the
    /// model's order; none for a service Step Functions removed.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Service};
    /// let s3 = Service::by_sdk_name("s3").unwrap();
    /// let actions = Integration::sdk_actions(s3);
    /// assert!(actions.iter().any(|i| i.resource() == "arn:aws:states:::aws-sdk:s3:getObject"));
    /// ```
    pub fn sdk_actions(service: Service) -> Vec<Integration> {
        if lifecycle::removed_sdk_service(service.sdk_name()).is_some() {
            return Vec::new();
        }
        service
            .operations()
            .map(|operation| Integration {
                target: Target::Sdk(operation),
                pattern: Pattern::RequestResponse,
            })
            .collect()
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

    /// This integration with another pattern, when its action supports it.
    pub fn with_pattern(&self, pattern: Pattern) -> Option<Integration> {
        self.supported_patterns()
            .contains(&pattern)
            .then(|| Integration {
                target: self.target.clone(),
                pattern,
            })
    }

    /// Whether it is an AWS SDK integration (`aws-sdk:<service>:<action>`).
    pub fn is_sdk(&self) -> bool {
        matches!(self.target, Target::Sdk(_) | Target::Unmodelled(..))
    }

    /// Where the resource may stand: a Task state, or a Distributed Map's `ItemReader` or
    /// `ResultWriter`.
    pub fn usage(&self) -> Usage {
        match self.target {
            Target::Map(i) => MAP_ACTIONS[i].usage,
            Target::Optimized(_) | Target::Sdk(_) | Target::Unmodelled(..) => Usage::Task,
        }
    }

    /// Whether it is Lambda's `invoke` (any pattern): the request names the function.
    pub fn is_lambda_invoke(&self) -> bool {
        !self.is_sdk() && self.service() == "lambda" && self.action() == "invoke"
    }

    /// The longest its Task runs whatever its `TimeoutSeconds` says, where AWS limits it
    /// (`bedrockagentcore:invokeHarness`: 900 s): the Task then fails with `States.Timeout`.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let harness = Integration::named("bedrockagentcore", "invoke_harness", Pattern::RequestResponse).unwrap();
    /// assert_eq!(harness.run_limit().map(|l| l.seconds), Some(900));
    /// ```
    pub fn run_limit(&self) -> Option<RunLimit> {
        if self.is_sdk() {
            return None;
        }
        lifecycle::run_limit(self.service(), &self.action())
    }

    /// Whether it is the HTTP Task (`http:invoke`).
    pub fn is_http(&self) -> bool {
        !self.is_sdk() && self.service() == "http"
    }

    /// The service as the resource names it, e.g. `sagemaker`, `states` (optimized) or `s3`
    /// (AWS SDK, without `aws-sdk:`).
    pub fn service(&self) -> &'static str {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].service,
            Target::Sdk(op) => op.service().sdk_name(),
            Target::Unmodelled(i, _) => UNMODELLED_SDK_SERVICES[i].0,
            Target::Map(_) => MAP_SERVICE,
        }
    }

    /// The action as the resource names it, e.g. `createTrainingJob`.
    pub fn action(&self) -> String {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].action.to_owned(),
            Target::Sdk(op) => op.action(),
            Target::Unmodelled(_, ref action) => action.to_string(),
            Target::Map(i) => MAP_ACTIONS[i].action.to_owned(),
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
            Target::Map(_) => &[Pattern::RequestResponse],
        }
    }

    /// The resource in the `aws` partition, e.g.
    /// `arn:aws:states:::sagemaker:createTrainingJob.sync`.
    pub fn resource(&self) -> String {
        self.arn("aws")
    }

    /// The resource in `partition` (`aws`, `aws-cn`, `aws-us-gov`, …).
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let publish = Integration::named("sns", "publish", Pattern::WaitForTaskToken).unwrap();
    /// assert_eq!(publish.arn("aws-cn"), "arn:aws-cn:states:::sns:publish.waitForTaskToken");
    /// ```
    pub fn arn(&self, partition: &str) -> String {
        format!("arn:{partition}:states:::{}", self.path())
    }

    /// What follows `arn:<partition>:states:::`, e.g. `aws-sdk:s3:getObject`,
    /// `lambda:invoke.waitForTaskToken`.
    pub fn path(&self) -> String {
        let sdk = if self.is_sdk() { "aws-sdk:" } else { "" };
        format!(
            "{sdk}{}:{}{}",
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
            Target::Optimized(_) | Target::Unmodelled(..) | Target::Map(_) => None,
        }
    }

    /// The API operation the integration calls: the AWS SDK integration's, or the optimized
    /// integration's whose request is an API operation's (`CreateTrainingJob` for
    /// `sagemaker:createTrainingJob`); `None` where Step Functions defines the request itself
    /// (EMR's `createCluster`, …) or the service is not modelled. Its name is the IAM action's.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let get = Integration::named("dynamodb", "get_item", Pattern::RequestResponse).unwrap();
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
            Target::Unmodelled(..) | Target::Map(_) => None,
        }
    }

    /// The overlay's entry of an optimized integration.
    #[cfg(feature = "wire")]
    pub(crate) fn optimized_action(&self) -> Option<&'static OptimizedAction> {
        match self.target {
            Target::Optimized(i) => Some(&ACTIONS[i]),
            Target::Sdk(_) | Target::Unmodelled(..) | Target::Map(_) => None,
        }
    }

    /// Where the overlay's entry comes from (the AWS SDK integrations' page for `aws-sdk`).
    pub fn source(&self) -> &'static str {
        match self.target {
            Target::Optimized(i) => ACTIONS[i].source,
            Target::Sdk(_) => "supported-services-awssdk.html",
            Target::Unmodelled(i, _) => UNMODELLED_SDK_SERVICES[i].1,
            Target::Map(i) => MAP_ACTIONS[i].source,
        }
    }

    /// The page of the Step Functions Developer Guide that documents the integration, read
    /// from the front of [`Integration::source`] (`connect-lambda.html`,
    /// `supported-services-awssdk.html`), as an address; `None` where the source names no
    /// page.
    ///
    /// ```
    /// use workflow_aws_models::{Integration, Pattern};
    /// let invoke = Integration::named("lambda", "invoke", Pattern::RequestResponse).unwrap();
    /// assert_eq!(
    ///     invoke.guide_page().as_deref(),
    ///     Some("https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html")
    /// );
    /// ```
    pub fn guide_page(&self) -> Option<String> {
        let source = self.source();
        let end = source
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            .unwrap_or(source.len());
        let page = source[..end].strip_suffix('.').unwrap_or(&source[..end]);
        page.ends_with(".html")
            .then(|| format!("https://docs.aws.amazon.com/step-functions/latest/dg/{page}"))
    }

    /// The request shape (`None`: any JSON object; the overlay's entry says why).
    pub fn request(&self) -> Option<Shape> {
        match self.target {
            Target::Optimized(i) => *REQUESTS[i].get_or_init(|| request_shape(&ACTIONS[i])),
            Target::Sdk(op) => sdk_request(op),
            Target::Map(i) => Some(*MAP_REQUESTS[i].get_or_init(|| {
                let mut b = crate::models::synth::Builder::default();
                let root = (MAP_ACTIONS[i].request)(&mut b);
                b.finish(root)
            })),
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
            Target::Unmodelled(..) | Target::Map(_) => None,
        }
    }

    /// The error names an AWS SDK integration raises, as the AWS SDK for Java v2 names the
    /// model's errors after the service's prefix: `S3.NoSuchKeyException` (model: `NoSuchKey`),
    /// `Rds.DbInstanceNotFoundException` (model: `DBInstanceNotFoundFault`),
    /// `DynamoDb.ConditionalCheckFailedException`; empty for optimized integrations.
    pub fn sdk_errors(&self) -> Vec<String> {
        match self.target {
            Target::Sdk(op) => op
                .errors()
                .map(|e| crate::raises::sdk_error(op.service(), Some(e)))
                .collect(),
            Target::Optimized(_) | Target::Unmodelled(..) | Target::Map(_) => Vec::new(),
        }
    }

    /// Checks a Task's `Parameters` (or `Arguments`) against the request shape: unknown and
    /// missing keys, literals of the wrong type, outside their enum or bounds, and, where the
    /// request is the API's own input (not a request Step Functions defines itself), strings
    /// the API's pattern refuses. Keys ending in `.$` and `{% … %}` strings are computed:
    /// accepted, whatever their type.
    pub fn check_request(&self, parameters: &Value) -> Vec<Finding> {
        self.check_request_in_full(parameters).findings
    }

    /// What the service itself refuses in the request's expressions before doing anything:
    /// DynamoDB's `KeyConditionExpression`, `ConditionExpression`, `FilterExpression`,
    /// `UpdateExpression` and `ProjectionExpression`, their grammar, their placeholders
    /// (each one used defined in `ExpressionAttributeNames` or `ExpressionAttributeValues`,
    /// each one defined used) and its reserved words, with DynamoDB's message; `None` for a
    /// request DynamoDB accepts, and for other integrations. Computed parts (`.$` keys,
    /// `{% … %}` strings) are unknown: what depends on them is not judged.
    ///
    /// ```
    /// use workflow_aws_models::{ExpressionRule, Integration, Pattern};
    /// let update = Integration::named("dynamodb", "updateItem", Pattern::RequestResponse).unwrap();
    /// let refusal = update
    ///     .check_expressions(&serde_json::json!({
    ///         "TableName": "t", "Key": {"id": {"S": "1"}},
    ///         "UpdateExpression": "SET total = :t",
    ///         "ExpressionAttributeValues": {":v": {"N": "1"}}
    ///     }))
    ///     .unwrap();
    /// assert_eq!(refusal.rule, ExpressionRule::ValueNotDefined);
    /// assert_eq!(
    ///     refusal.message,
    ///     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :t"
    /// );
    /// ```
    pub fn check_expressions(&self, request: &Value) -> Option<ExpressionRefusal> {
        crate::check::dynamodb::check(self.service(), &self.action(), request)
    }

    /// [`Integration::check_request`], listing the request's computed values (with the member
    /// each fills) too, for a caller that knows their types.
    pub fn check_request_in_full(&self, parameters: &Value) -> RequestCheck {
        // Step Functions sends an API's own input as written; its own requests it turns into
        // the API's calls (connect-emr.html), so the API's patterns need not hold there.
        let strings = match self.api_operation() {
            Some(_) => StringRules::All,
            None => StringRules::WithoutPattern,
        };
        match self.request() {
            Some(shape) => check_request_with(shape, parameters, strings),
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

/// The closest optimized service (or `aws-sdk`) to `service`; else, when `service` is an AWS
/// SDK service name, its AWS SDK integration (`aws-sdk:<service>`).
fn suggest_service(service: &str) -> Option<String> {
    let mut services: Vec<&str> = ACTIONS.iter().map(|a| a.service).collect();
    services.dedup();
    services.extend([MAP_SERVICE, "aws-sdk"]);
    did_you_mean(service, &services)
        .map(str::to_owned)
        .or_else(|| Service::by_sdk_name(service).map(|_| format!("aws-sdk:{service}")))
}

/// The requests of the Distributed Map's reader and writer actions, built on first use.
static MAP_REQUESTS: [OnceLock<Shape>; MAP_ACTIONS.len()] =
    [const { OnceLock::new() }; MAP_ACTIONS.len()];

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
            op.input()
                .map(|shape| with_json(shape, &[member], ShapeKind::Any))
        }),
        None => op.input(),
    }
}

/// The AWS SDK for Java v2's class name of a model's error: `Fault` and `Exception` suffixes
/// become `Exception`, and a leading run of capitals is lowered (`DBInstanceNotFoundFault` →
/// `DbInstanceNotFoundException`).
pub(crate) fn java_exception(name: &str) -> String {
    let base = name
        .strip_suffix("Exception")
        .or_else(|| name.strip_suffix("Fault"))
        .unwrap_or(name);
    let spelled = java_spelling(base).map_or_else(|| base.to_owned(), String::from);
    format!("{spelled}Exception")
}
