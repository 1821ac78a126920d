//! Task `Resource` URIs: parsing and classification.
//!
//! [`parse_resource`] turns the `Resource` string of a Task state (or of a Map's `ItemReader`
//! and `ResultWriter`) into a [`Resource`]: an optimized integration, an AWS SDK integration,
//! a Lambda function, an activity, the HTTP Task, any other ARN, or a template holding
//! `${Name}` deployment substitutions. The classification is what the runtime needs later
//! (IAM policy generation, the local engine); the validator reports a [`ResourceProblem`]
//! with [`ResourceProblem::code`] as its diagnostic code.
//!
//! ```
//! use workflow_asl::validate::resource::{parse_resource, IntegrationPattern, Resource};
//!
//! let r = parse_resource("arn:aws:states:::states:startExecution.sync:2").unwrap();
//! assert_eq!(r.pattern(), Some(IntegrationPattern::Sync2));
//! assert!(matches!(r, Resource::Integration { ref service, .. } if service == "states"));
//!
//! // `${Name}` substitutions are recognised; the parts around them are still checked.
//! let r = parse_resource("arn:${AWS::Partition}:states:::lambda:invoke").unwrap();
//! assert!(matches!(r, Resource::Substituted { known_shape: Some(_), .. }));
//!
//! // A Lambda integration has no `.sync` pattern.
//! assert!(parse_resource("arn:aws:states:::lambda:invoke.sync").is_err());
//! ```

use crate::Code;
use std::fmt;

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

/// How a Task waits for an integrated service (the suffix of the resource URI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntegrationPattern {
    /// No suffix: call the service and continue as soon as it answers.
    RequestResponse,
    /// `.sync`: run a job and wait for it to complete.
    Sync,
    /// `.sync:2`: like `.sync`, with a JSON (not string) output (`states:startExecution`).
    Sync2,
    /// `.waitForTaskToken`: wait until the task token is sent back.
    WaitForTaskToken,
}

impl IntegrationPattern {
    /// Every pattern.
    pub const ALL: &'static [IntegrationPattern] = &[
        IntegrationPattern::RequestResponse,
        IntegrationPattern::Sync,
        IntegrationPattern::Sync2,
        IntegrationPattern::WaitForTaskToken,
    ];

    /// The resource suffix: `""`, `.sync`, `.sync:2` or `.waitForTaskToken`.
    pub fn suffix(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "",
            IntegrationPattern::Sync => ".sync",
            IntegrationPattern::Sync2 => ".sync:2",
            IntegrationPattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// A short human name, e.g. `request-response` or `` `.sync` (run a job) ``.
    pub fn describe(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "request-response",
            IntegrationPattern::Sync => "`.sync` (run a job)",
            IntegrationPattern::Sync2 => "`.sync:2` (run a job, JSON output)",
            IntegrationPattern::WaitForTaskToken => "`.waitForTaskToken` (callback)",
        }
    }
}

/// A classified Task `Resource`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    /// An optimized integration: `arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`.
    Integration {
        /// The partition, e.g. `aws`.
        partition: String,
        /// The service, e.g. `lambda`, `dynamodb`, `states`.
        service: String,
        /// The action, e.g. `invoke`, `putItem`, `startExecution`.
        action: String,
        /// The integration pattern given by the suffix.
        pattern: IntegrationPattern,
    },
    /// An AWS SDK integration: `arn:<partition>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`.
    AwsSdk {
        /// The partition, e.g. `aws`.
        partition: String,
        /// The SDK service, e.g. `s3`, `ec2`, `sfn`.
        service: String,
        /// The SDK action in camelCase, e.g. `listObjectsV2`.
        action: String,
        /// Request-response or `.waitForTaskToken` (`.sync` does not exist for SDK integrations).
        pattern: IntegrationPattern,
    },
    /// A Lambda function called directly: `arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]`.
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
    /// The HTTP Task: `arn:<partition>:states:::http:invoke`.
    Http {
        /// The partition, e.g. `aws`.
        partition: String,
    },
    /// Any other syntactically valid ARN, kept as written.
    Other(String),
    /// A resource holding `${Name}` deployment substitutions (CloudFormation, SAM, CDK,
    /// Terraform), replaced before deployment.
    Substituted {
        /// The resource as written.
        template: String,
        /// The substitution names, in order, without `${` and `}` (e.g. `AWS::Partition`).
        substitutions: Vec<String>,
        /// The classification of the resource when the substitutions only fill parts that do
        /// not decide its kind (partition, region, account, function name, ...); its fields
        /// keep the `${Name}` text. `None` when the kind depends on a substitution
        /// (e.g. `${LambdaArn}`).
        known_shape: Option<Box<Resource>>,
    },
}

impl Resource {
    /// The integration pattern: request-response for Lambda functions, activities and the
    /// HTTP Task; `None` for other ARNs and substitutions of unknown shape.
    pub fn pattern(&self) -> Option<IntegrationPattern> {
        match self {
            Resource::Integration { pattern, .. } | Resource::AwsSdk { pattern, .. } => {
                Some(*pattern)
            }
            Resource::LambdaFunction { .. } | Resource::Activity { .. } | Resource::Http { .. } => {
                Some(IntegrationPattern::RequestResponse)
            }
            Resource::Other(_) => None,
            Resource::Substituted { known_shape, .. } => {
                known_shape.as_ref().and_then(|r| r.pattern())
            }
        }
    }

    /// The resource itself, or the known shape of a substituted one (`None` when unknown).
    pub fn shape(&self) -> Option<&Resource> {
        match self {
            Resource::Substituted { known_shape, .. } => known_shape.as_deref(),
            other => Some(other),
        }
    }
}

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
    /// The service is not an optimized integration.
    UnknownService {
        /// The resource as written.
        resource: String,
        /// The service named.
        service: String,
        /// The closest optimized service, if one is close.
        suggestion: Option<&'static str>,
    },
    /// The action ends with a suffix that is no integration pattern.
    UnknownSuffix {
        /// The resource as written.
        resource: String,
        /// The suffix, from its `.`.
        suffix: String,
    },
    /// The HTTP Task names an action other than `invoke`.
    HttpAction {
        /// The resource as written.
        resource: String,
    },
    /// The service does not support the integration pattern.
    UnsupportedPattern {
        /// The resource as written.
        resource: String,
        /// The service (`aws-sdk` for SDK integrations).
        service: String,
        /// The action.
        action: String,
        /// The pattern written.
        pattern: IntegrationPattern,
        /// The patterns the service supports for that action.
        supported: Vec<IntegrationPattern>,
    },
}

impl ResourceProblem {
    /// The diagnostic code: `UNSUPPORTED_INTEGRATION_PATTERN` for a pattern the service does
    /// not support, `INVALID_RESOURCE` otherwise.
    pub fn code(&self) -> Code {
        match self {
            ResourceProblem::UnsupportedPattern { .. } => Code::UnsupportedIntegrationPattern,
            _ => Code::InvalidResource,
        }
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
            ResourceProblem::UnknownService {
                resource,
                service,
                suggestion,
            } => {
                write!(
                    f,
                    "`Resource` `{resource}`: `{service}` is not an optimized Step Functions integration; "
                )?;
                match suggestion {
                    Some(s) => write!(f, "did you mean `{s}`?"),
                    None => write!(
                        f,
                        "call the service through the AWS SDK integration, `arn:aws:states:::aws-sdk:{service}:<action>`"
                    ),
                }
            }
            ResourceProblem::UnknownSuffix { resource, suffix } => write!(
                f,
                "`Resource` `{resource}` ends with `{suffix}`, which is not an integration pattern; use `.sync`, `.sync:2`, `.waitForTaskToken`, or no suffix for request-response"
            ),
            ResourceProblem::HttpAction { resource } => write!(
                f,
                "`Resource` `{resource}` is not the HTTP Task; its only resource is `arn:aws:states:::http:invoke`"
            ),
            ResourceProblem::UnsupportedPattern {
                resource,
                service,
                action,
                pattern,
                supported,
            } => {
                let suffix = pattern.suffix();
                if *pattern == IntegrationPattern::Sync2 {
                    return write!(
                        f,
                        "`Resource` `{resource}`: `.sync:2` exists only for `states:startExecution`; remove `{suffix}`"
                    );
                }
                let list: Vec<&str> = supported.iter().map(|p| p.describe()).collect();
                write!(
                    f,
                    "`Resource` `{resource}`: `{service}:{action}` does not support the {} pattern; it supports {}; remove `{suffix}`",
                    pattern.describe(),
                    list.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for ResourceProblem {}

/// An optimized integration and the patterns it supports besides request-response.
struct Service {
    name: &'static str,
    sync: bool,
    callback: bool,
}

const fn svc(name: &'static str, sync: bool, callback: bool) -> Service {
    Service {
        name,
        sync,
        callback,
    }
}

/// The optimized integrations (AWS "integrate-optimized" table), plus `s3` (the Map
/// `ItemReader` / `ResultWriter` actions) and `http` (the HTTP Task).
const SERVICES: &[Service] = &[
    svc("apigateway", false, true),
    svc("athena", true, false),
    svc("batch", true, false),
    svc("bedrock", true, true),
    svc("codebuild", true, false),
    svc("databrew", true, false),
    svc("dynamodb", false, false),
    svc("ecs", true, true),
    svc("eks", true, true),
    svc("elasticmapreduce", true, false),
    svc("emr-containers", true, false),
    svc("emr-serverless", true, false),
    svc("events", false, true),
    svc("glue", true, false),
    svc("http", false, false),
    svc("lambda", false, true),
    svc("mediaconvert", true, false),
    svc("s3", false, false),
    svc("sagemaker", true, false),
    svc("sns", false, true),
    svc("sqs", false, true),
    svc("states", true, true),
];

/// Whether `service` is an optimized integration (`arn:aws:states:::<service>:<action>`).
pub fn is_optimized_service(service: &str) -> bool {
    SERVICES.iter().any(|s| s.name == service)
}

/// The patterns an optimized integration supports for `action` (empty for unknown services).
///
/// ```
/// use workflow_asl::validate::resource::{supported_patterns, IntegrationPattern::*};
/// assert_eq!(supported_patterns("dynamodb", "putItem"), [RequestResponse]);
/// assert_eq!(supported_patterns("states", "startExecution"), [RequestResponse, Sync, Sync2, WaitForTaskToken]);
/// ```
pub fn supported_patterns(service: &str, action: &str) -> Vec<IntegrationPattern> {
    let Some(s) = SERVICES.iter().find(|s| s.name == service) else {
        return Vec::new();
    };
    let mut out = vec![IntegrationPattern::RequestResponse];
    if s.sync {
        out.push(IntegrationPattern::Sync);
    }
    if service == "states" && action == "startExecution" {
        out.push(IntegrationPattern::Sync2);
    }
    if s.callback {
        out.push(IntegrationPattern::WaitForTaskToken);
    }
    out
}

/// Parses and classifies a Task `Resource`.
///
/// `Err` when Step Functions would reject it: not an ARN, an unknown partition or optimized
/// service, a missing service or action, or an integration pattern the service does not
/// support. A resource containing `${Name}` substitutions yields [`Resource::Substituted`];
/// the parts that do not depend on the substitutions are still checked.
pub fn parse_resource(resource: &str) -> Result<Resource, ResourceProblem> {
    if crate::path::looks_like_jsonata(resource) {
        return Err(ResourceProblem::Jsonata {
            resource: resource.to_owned(),
        });
    }
    let Some((masked, names)) = mask_substitutions(resource) else {
        let src = Source {
            text: resource,
            original: resource,
            names: &[],
        };
        return match parse_arn(&src) {
            Parsed::Known(r) => Ok(r),
            Parsed::Problem(p) => Err(p),
            // Without substitutions every part is known.
            Parsed::Unknown => Ok(Resource::Other(resource.to_owned())),
        };
    };
    let src = Source {
        text: &masked,
        original: resource,
        names: &names,
    };
    let known_shape = match parse_arn(&src) {
        Parsed::Known(r) => Some(Box::new(r)),
        Parsed::Problem(p) => return Err(p),
        Parsed::Unknown => None,
    };
    Ok(Resource::Substituted {
        template: resource.to_owned(),
        substitutions: names,
        known_shape,
    })
}

/// The first private-use character stands for substitution 0, the next for 1, ...
const MARK_FIRST: u32 = 0xE000;
const MARK_LAST: u32 = 0xF8FF;

fn mark_index(c: char) -> Option<usize> {
    let code = u32::from(c);
    (MARK_FIRST..=MARK_LAST)
        .contains(&code)
        .then(|| (code - MARK_FIRST) as usize)
}

fn has_mark(text: &str) -> bool {
    text.chars().any(|c| mark_index(c).is_some())
}

/// Replaces every `${Name}` by a marker character; `None` when there is none. A resource
/// that already holds private-use characters (or too many substitutions) is masked whole,
/// so that nothing about it is assumed.
fn mask_substitutions(text: &str) -> Option<(String, Vec<String>)> {
    let mut out = String::with_capacity(text.len());
    let mut names: Vec<String> = Vec::new();
    let mut overflow = false;
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail))
                if !name.is_empty() && !name.starts_with('!') && !name.contains("${") =>
            {
                let mark = u32::try_from(names.len())
                    .ok()
                    .and_then(|i| MARK_FIRST.checked_add(i))
                    .filter(|code| *code <= MARK_LAST)
                    .and_then(char::from_u32);
                match mark {
                    Some(m) => out.push(m),
                    None => overflow = true,
                }
                names.push(name.to_owned());
                rest = tail;
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if names.is_empty() {
        return None;
    }
    if overflow || has_mark(text) {
        return Some(('\u{E000}'.to_string(), names));
    }
    Some((out, names))
}

/// The text being parsed: masked when it holds substitutions.
struct Source<'a> {
    text: &'a str,
    original: &'a str,
    names: &'a [String],
}

impl Source<'_> {
    /// A part of the masked text with its substitutions written back.
    fn restore(&self, part: &str) -> String {
        let mut out = String::with_capacity(part.len());
        for c in part.chars() {
            match mark_index(c).and_then(|i| self.names.get(i)) {
                Some(name) => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
                None => out.push(c),
            }
        }
        out
    }

    /// Whether `part` holds a substitution.
    fn marked(&self, part: &str) -> bool {
        !self.names.is_empty() && has_mark(part)
    }

    /// Whether `part` is a non-empty name of ASCII letters, digits, `extra` characters and
    /// substitutions.
    fn is_name(&self, part: &str, extra: &[char]) -> bool {
        !part.is_empty()
            && part.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || extra.contains(&c)
                    || (!self.names.is_empty() && mark_index(c).is_some())
            })
    }

    fn malformed(&self, reason: impl Into<String>) -> Parsed {
        Parsed::Problem(ResourceProblem::Malformed {
            resource: self.original.to_owned(),
            reason: reason.into(),
        })
    }

    fn problem(&self, make: impl FnOnce(String) -> ResourceProblem) -> Parsed {
        Parsed::Problem(make(self.original.to_owned()))
    }
}

enum Parsed {
    Known(Resource),
    Problem(ResourceProblem),
    /// A substitution decides what the resource is.
    Unknown,
}

fn parse_arn(src: &Source<'_>) -> Parsed {
    let text = src.text;
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let what = if c.is_whitespace() {
            "whitespace"
        } else {
            "a control character"
        };
        let position = text.get(..i).map_or(0, |s| s.chars().count()) + 1;
        return src.malformed(format!(
            "it contains {what} at character {position}; remove it"
        ));
    }
    let Some(rest) = text.strip_prefix("arn:") else {
        if src.marked(text) {
            return Parsed::Unknown;
        }
        return src.problem(|resource| ResourceProblem::NotAnArn { resource });
    };
    let mut parts = rest.splitn(5, ':');
    let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        if src.marked(rest) {
            return Parsed::Unknown;
        }
        return src.malformed(
            "an ARN has six `:`-separated parts, `arn:<partition>:<service>:<region>:<account>:<resource>`",
        );
    };
    if !src.marked(partition) && !PARTITIONS.contains(&partition) {
        let suggestion = workflow_text::suggest::did_you_mean(partition, PARTITIONS);
        return src.problem(|resource| ResourceProblem::UnknownPartition {
            resource,
            partition: partition.to_owned(),
            suggestion,
        });
    }
    if src.marked(service) {
        return Parsed::Unknown;
    }
    match service {
        "" => src.malformed("its service part (between the second and third `:`) is empty"),
        "states" => parse_states(src, partition, region, account, resource),
        "lambda" => parse_lambda(src, partition, region, account, resource),
        _ if resource.is_empty() => {
            src.malformed("its resource part (after the fifth `:`) is empty")
        }
        _ => Parsed::Known(Resource::Other(src.original.to_owned())),
    }
}

/// Splits a known pattern suffix off an integration resource.
fn split_pattern(resource: &str) -> (&str, IntegrationPattern) {
    for pattern in [
        IntegrationPattern::Sync2,
        IntegrationPattern::Sync,
        IntegrationPattern::WaitForTaskToken,
    ] {
        if let Some(body) = resource.strip_suffix(pattern.suffix()) {
            return (body, pattern);
        }
    }
    (resource, IntegrationPattern::RequestResponse)
}

/// The part of an action from its first `.`, if any: an unknown pattern suffix.
fn stray_suffix(action: &str) -> Option<&str> {
    action.find('.').and_then(|i| action.get(i..))
}

fn parse_states(
    src: &Source<'_>,
    partition: &str,
    region: &str,
    account: &str,
    resource: &str,
) -> Parsed {
    if let Some(name) = resource.strip_prefix("activity:") {
        if name.is_empty() {
            return src.malformed("it names no activity after `activity:`");
        }
        return Parsed::Known(Resource::Activity {
            partition: src.restore(partition),
            region: src.restore(region),
            account: src.restore(account),
            name: src.restore(name),
        });
    }
    let (body, pattern) = split_pattern(resource);
    let (service, action) = body.split_once(':').unwrap_or((body, ""));
    if service.is_empty() {
        return src.problem(|resource| ResourceProblem::EmptyService { resource });
    }
    if src.marked(service) {
        return Parsed::Unknown;
    }
    if service == "aws-sdk" {
        return parse_sdk(src, partition, action, pattern);
    }
    let Some(known) = SERVICES.iter().find(|s| s.name == service) else {
        if let Some(suffix) = stray_suffix(service) {
            return src.problem(|resource| ResourceProblem::UnknownSuffix {
                resource,
                suffix: suffix.to_owned(),
            });
        }
        let mut candidates: Vec<&'static str> = SERVICES.iter().map(|s| s.name).collect();
        candidates.push("aws-sdk");
        let suggestion = workflow_text::suggest::did_you_mean(service, &candidates);
        return src.problem(|resource| ResourceProblem::UnknownService {
            resource,
            service: service.to_owned(),
            suggestion,
        });
    };
    if action.is_empty() {
        return src.problem(|resource| ResourceProblem::EmptyAction {
            resource,
            service: service.to_owned(),
        });
    }
    if src.marked(action) {
        return Parsed::Unknown;
    }
    if let Some(suffix) = stray_suffix(action) {
        return src.problem(|resource| ResourceProblem::UnknownSuffix {
            resource,
            suffix: suffix.to_owned(),
        });
    }
    if !src.is_name(action, &[]) {
        return src.malformed(format!(
            "the action `{action}` of `{service}` must be a camelCase API name such as `invoke` or `putItem`"
        ));
    }
    let supported = supported_patterns(known.name, action);
    if !supported.contains(&pattern) {
        return src.problem(|resource| ResourceProblem::UnsupportedPattern {
            resource,
            service: service.to_owned(),
            action: action.to_owned(),
            pattern,
            supported,
        });
    }
    if service == "http" {
        if action != "invoke" {
            return src.problem(|resource| ResourceProblem::HttpAction { resource });
        }
        return Parsed::Known(Resource::Http {
            partition: src.restore(partition),
        });
    }
    Parsed::Known(Resource::Integration {
        partition: src.restore(partition),
        service: service.to_owned(),
        action: action.to_owned(),
        pattern,
    })
}

fn parse_sdk(src: &Source<'_>, partition: &str, rest: &str, pattern: IntegrationPattern) -> Parsed {
    let Some((service, action)) = rest.split_once(':') else {
        return src.problem(|resource| ResourceProblem::IncompleteSdk { resource });
    };
    if service.is_empty() || action.is_empty() {
        return src.problem(|resource| ResourceProblem::IncompleteSdk { resource });
    }
    if let Some(suffix) = stray_suffix(action) {
        return src.problem(|resource| ResourceProblem::UnknownSuffix {
            resource,
            suffix: suffix.to_owned(),
        });
    }
    if !src.is_name(service, &['-']) {
        return src.malformed(format!(
            "the SDK service `{}` must be a lowercase service name such as `s3` or `dynamodb`",
            src.restore(service)
        ));
    }
    if !src.is_name(action, &[]) {
        return src.malformed(format!(
            "the SDK action `{}` must be a camelCase API name such as `listObjectsV2`",
            src.restore(action)
        ));
    }
    if matches!(
        pattern,
        IntegrationPattern::Sync | IntegrationPattern::Sync2
    ) {
        return src.problem(|resource| ResourceProblem::UnsupportedPattern {
            resource,
            service: "aws-sdk".to_owned(),
            action: format!("{}:{}", src.restore(service), src.restore(action)),
            pattern,
            supported: vec![
                IntegrationPattern::RequestResponse,
                IntegrationPattern::WaitForTaskToken,
            ],
        });
    }
    Parsed::Known(Resource::AwsSdk {
        partition: src.restore(partition),
        service: src.restore(service),
        action: src.restore(action),
        pattern,
    })
}

fn parse_lambda(
    src: &Source<'_>,
    partition: &str,
    region: &str,
    account: &str,
    resource: &str,
) -> Parsed {
    let Some(function) = resource.strip_prefix("function:") else {
        if resource.is_empty() {
            return src.malformed("its resource part (after the fifth `:`) is empty");
        }
        return Parsed::Known(Resource::Other(src.original.to_owned()));
    };
    let (name, qualifier) = match function.split_once(':') {
        Some((name, qualifier)) => (name, Some(qualifier)),
        None => (function, None),
    };
    if name.is_empty() {
        return src.malformed("it names no function after `function:`");
    }
    if !src.is_name(name, &['-', '_']) {
        return src.malformed(format!(
            "the function name `{}` may contain only letters, digits, `-` and `_`",
            src.restore(name)
        ));
    }
    if let Some(q) = qualifier
        && !src.is_name(q, &['-', '_', '$'])
    {
        return src.malformed(format!(
            "the function qualifier `{}` must be a version number or an alias name",
            src.restore(q)
        ));
    }
    Parsed::Known(Resource::LambdaFunction {
        partition: src.restore(partition),
        region: src.restore(region),
        account: src.restore(account),
        function: src.restore(function),
    })
}

#[cfg(test)]
mod tests {
    use super::IntegrationPattern::*;
    use super::*;

    fn ok(text: &str) -> Resource {
        match parse_resource(text) {
            Ok(r) => r,
            Err(p) => panic!("`{text}` rejected: {p}"),
        }
    }

    fn err(text: &str) -> ResourceProblem {
        match parse_resource(text) {
            Ok(r) => panic!("`{text}` accepted as {r:?}"),
            Err(p) => p,
        }
    }

    fn integration(service: &str, action: &str, pattern: IntegrationPattern) -> Resource {
        Resource::Integration {
            partition: "aws".into(),
            service: service.into(),
            action: action.into(),
            pattern,
        }
    }

    #[test]
    fn accepts_deployed_integrations() {
        let cases = [
            (
                "arn:aws:states:::lambda:invoke",
                "lambda",
                "invoke",
                RequestResponse,
            ),
            (
                "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "lambda",
                "invoke",
                WaitForTaskToken,
            ),
            (
                "arn:aws:states:::dynamodb:putItem",
                "dynamodb",
                "putItem",
                RequestResponse,
            ),
            (
                "arn:aws:states:::sns:publish.waitForTaskToken",
                "sns",
                "publish",
                WaitForTaskToken,
            ),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                "states",
                "startExecution",
                Sync2,
            ),
            (
                "arn:aws:states:::states:startExecution.sync",
                "states",
                "startExecution",
                Sync,
            ),
            (
                "arn:aws:states:::glue:startJobRun.sync",
                "glue",
                "startJobRun",
                Sync,
            ),
            (
                "arn:aws:states:::s3:getObject",
                "s3",
                "getObject",
                RequestResponse,
            ),
            (
                "arn:aws:states:::bedrock:invokeModel",
                "bedrock",
                "invokeModel",
                RequestResponse,
            ),
            (
                "arn:aws:states:::apigateway:invoke",
                "apigateway",
                "invoke",
                RequestResponse,
            ),
            ("arn:aws:states:::ecs:runTask.sync", "ecs", "runTask", Sync),
            (
                "arn:aws:states:::batch:submitJob.sync",
                "batch",
                "submitJob",
                Sync,
            ),
            (
                "arn:aws:states:::sagemaker:createTrainingJob.sync",
                "sagemaker",
                "createTrainingJob",
                Sync,
            ),
            (
                "arn:aws:states:::events:putEvents",
                "events",
                "putEvents",
                RequestResponse,
            ),
            (
                "arn:aws:states:::mediaconvert:createJob",
                "mediaconvert",
                "createJob",
                RequestResponse,
            ),
            (
                "arn:aws:states:::athena:startQueryExecution.sync",
                "athena",
                "startQueryExecution",
                Sync,
            ),
            (
                "arn:aws:states:::elasticmapreduce:createCluster.sync",
                "elasticmapreduce",
                "createCluster",
                Sync,
            ),
            (
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "sqs",
                "sendMessage",
                WaitForTaskToken,
            ),
        ];
        for (text, service, action, pattern) in cases {
            assert_eq!(ok(text), integration(service, action, pattern), "{text}");
            assert_eq!(ok(text).pattern(), Some(pattern), "{text}");
        }
    }

    #[test]
    fn accepts_sdk_lambda_activity_http_and_other_arns() {
        assert_eq!(
            ok("arn:aws:states:::aws-sdk:s3:listObjectsV2"),
            Resource::AwsSdk {
                partition: "aws".into(),
                service: "s3".into(),
                action: "listObjectsV2".into(),
                pattern: RequestResponse
            }
        );
        assert!(matches!(
            ok("arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken"),
            Resource::AwsSdk {
                pattern: WaitForTaskToken,
                ..
            }
        ));
        // Region and account in an SDK integration: unusual, but deployed.
        assert!(matches!(
            ok("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"),
            Resource::AwsSdk { ref service, ref action, .. } if service == "s3" && action == "getObject"
        ));
        assert_eq!(
            ok("arn:aws:lambda:us-east-1:123456789012:function:Name"),
            Resource::LambdaFunction {
                partition: "aws".into(),
                region: "us-east-1".into(),
                account: "123456789012".into(),
                function: "Name".into()
            }
        );
        assert!(matches!(
            ok("arn:aws:lambda:::function:fnupdatemetadata"),
            Resource::LambdaFunction { ref region, ref account, .. } if region.is_empty() && account.is_empty()
        ));
        assert!(matches!(
            ok("arn:aws:lambda:us-east-1:123456789012:function:Name:$LATEST"),
            Resource::LambdaFunction { ref function, .. } if function == "Name:$LATEST"
        ));
        assert_eq!(
            ok("arn:aws:states:us-east-1:123456789012:activity:Name"),
            Resource::Activity {
                partition: "aws".into(),
                region: "us-east-1".into(),
                account: "123456789012".into(),
                name: "Name".into()
            }
        );
        assert_eq!(
            ok("arn:aws-cn:states:::http:invoke"),
            Resource::Http {
                partition: "aws-cn".into()
            }
        );
        assert_eq!(
            ok("arn:aws:states:::http:invoke").pattern(),
            Some(RequestResponse)
        );
        let sns = "arn:aws:sns:us-east-1:123456789012:topic";
        assert_eq!(ok(sns), Resource::Other(sns.into()));
        assert_eq!(ok(sns).pattern(), None);
        for partition in PARTITIONS {
            ok(&format!("arn:{partition}:states:::lambda:invoke"));
        }
    }

    #[test]
    fn recognises_substitutions() {
        assert_eq!(
            ok("${LambdaArn}"),
            Resource::Substituted {
                template: "${LambdaArn}".into(),
                substitutions: vec!["LambdaArn".into()],
                known_shape: None
            }
        );
        assert_eq!(
            ok("arn:${AWS::Partition}:states:::lambda:invoke"),
            Resource::Substituted {
                template: "arn:${AWS::Partition}:states:::lambda:invoke".into(),
                substitutions: vec!["AWS::Partition".into()],
                known_shape: Some(Box::new(Resource::Integration {
                    partition: "${AWS::Partition}".into(),
                    service: "lambda".into(),
                    action: "invoke".into(),
                    pattern: RequestResponse
                }))
            }
        );
        let r = ok("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}");
        assert!(matches!(
            r.shape(),
            Some(Resource::LambdaFunction { function, region, .. }) if function == "${Fn}" && region == "${AWS::Region}"
        ));
        assert_eq!(
            ok("arn:${P}:states:::states:startExecution.sync:2").pattern(),
            Some(Sync2)
        );
        assert!(matches!(
            ok("arn:aws:states:::${Svc}:invoke"),
            Resource::Substituted {
                known_shape: None,
                ..
            }
        ));
        // The checked parts still fail.
        assert_eq!(
            err("arn:${AWS::Partition}:states:::lambda:invoke.sync").code(),
            Code::UnsupportedIntegrationPattern
        );
        assert!(matches!(
            err("arn:${P}:states:::lamda:invoke"),
            ResourceProblem::UnknownService { .. }
        ));
        // `${}` and `${!Literal}` are not substitutions.
        assert!(matches!(err("${}"), ResourceProblem::NotAnArn { .. }));
        assert!(matches!(
            err("${!Literal}"),
            ResourceProblem::NotAnArn { .. }
        ));
    }

    #[test]
    fn rejects_invalid_resources() {
        assert!(matches!(err("MyLambda"), ResourceProblem::NotAnArn { .. }));
        assert!(matches!(
            err("lambda:invoke"),
            ResourceProblem::NotAnArn { .. }
        ));
        assert!(matches!(err("{% $fn %}"), ResourceProblem::Jsonata { .. }));
        assert!(matches!(
            err("arn:aws:states"),
            ResourceProblem::Malformed { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::lambda:invoke "),
            ResourceProblem::Malformed { .. }
        ));
        assert!(matches!(
            err("arn:aws-xx:states:::lambda:invoke"),
            ResourceProblem::UnknownPartition { ref partition, .. } if partition == "aws-xx"
        ));
        assert!(matches!(
            err("arn:awss:states:::lambda:invoke"),
            ResourceProblem::UnknownPartition {
                suggestion: Some("aws"),
                ..
            }
        ));
        assert!(matches!(
            err("arn:aws:states:::"),
            ResourceProblem::EmptyService { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::lambda"),
            ResourceProblem::EmptyAction { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::lambda:"),
            ResourceProblem::EmptyAction { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::aws-sdk:s3"),
            ResourceProblem::IncompleteSdk { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::aws-sdk::getObject"),
            ResourceProblem::IncompleteSdk { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::lamda:invoke"),
            ResourceProblem::UnknownService {
                suggestion: Some("lambda"),
                ..
            }
        ));
        assert!(matches!(
            err("arn:aws:states:::rekognition:detectLabels"),
            ResourceProblem::UnknownService {
                suggestion: None,
                ..
            }
        ));
        assert!(matches!(
            err("arn:aws:states:::lambda:invoke.syncc"),
            ResourceProblem::UnknownSuffix { ref suffix, .. } if suffix == ".syncc"
        ));
        assert!(matches!(
            err("arn:aws:states:::http:get"),
            ResourceProblem::HttpAction { .. }
        ));
        assert!(matches!(
            err("arn:aws:lambda:us-east-1:1:function:"),
            ResourceProblem::Malformed { .. }
        ));
        assert!(matches!(
            err("arn:aws:lambda:us-east-1:1:function:a b"),
            ResourceProblem::Malformed { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:us-east-1:1:activity:"),
            ResourceProblem::Malformed { .. }
        ));
        assert!(matches!(
            err("arn:aws:sns:us-east-1:1:"),
            ResourceProblem::Malformed { .. }
        ));
        assert_eq!(err("MyLambda").code(), Code::InvalidResource);
    }

    #[test]
    fn rejects_unsupported_patterns() {
        for text in [
            "arn:aws:states:::dynamodb:putItem.sync",
            "arn:aws:states:::lambda:invoke.sync",
            "arn:aws:states:::sns:publish.sync",
            "arn:aws:states:::aws-sdk:s3:getObject.sync",
            "arn:aws:states:::aws-sdk:s3:getObject.sync:2",
            "arn:aws:states:::glue:startJobRun.waitForTaskToken",
            "arn:aws:states:::glue:startJobRun.sync:2",
            "arn:aws:states:::states:sendTaskSuccess.sync:2",
            "arn:aws:states:::http:invoke.waitForTaskToken",
        ] {
            let problem = err(text);
            assert_eq!(
                problem.code(),
                Code::UnsupportedIntegrationPattern,
                "{text}"
            );
        }
        let message = err("arn:aws:states:::dynamodb:putItem.sync").to_string();
        assert!(
            message.contains("`dynamodb:putItem` does not support the `.sync` (run a job) pattern"),
            "{message}"
        );
        assert!(
            err("arn:aws:states:::glue:startJobRun.sync:2")
                .to_string()
                .contains("only for `states:startExecution`")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            ":",
            "arn:",
            "arn:::::",
            "arn:aws:states:::.sync",
            "arn:aws:states:::aws-sdk:",
            "${",
            "${a",
            "$}{",
            "arn:${a}",
            "arn:aws:states:::\u{E000}:x",
            "arn:aws:lambda:r:a:function:x:y:z",
            "arn:aws:states:::a.b:c",
            "arn:aws:states:::states:startExecution.sync:3",
            "é:aws",
            "arn:aws:states:::lambda:invoke.\u{0}",
        ] {
            let _ = parse_resource(text).map_err(|p| p.to_string());
        }
        assert!(matches!(
            err("arn:aws:states:::states:startExecution.sync:3"),
            ResourceProblem::UnknownSuffix { .. }
        ));
        assert!(matches!(
            err("arn:aws:states:::\u{E000}:x"),
            ResourceProblem::UnknownService { .. }
        ));
    }
}
