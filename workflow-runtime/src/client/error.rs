//! The one error type of the client: every failure keeps what the service said (its error code
//! and message) and is sorted into a variant a caller can match on.

use crate::execution::ExecutionStatus;
use aws_sdk_sfn::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use std::fmt;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_asl::{Diagnostic, ExecutionType};
use workflow_aws_models::{RoleArn, RoleArnError, StatesArn, StatesArnError};

/// What the service answered: the operation, its error code (`StateMachineDoesNotExist`,
/// `ThrottlingException`, ...; empty when the service sent none, as moto does for invalid
/// definitions), its message and the HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// The API operation, e.g. `CreateStateMachine`.
    pub operation: &'static str,
    /// The service's error code, e.g. `StateMachineAlreadyExists` (may be empty).
    pub code: String,
    /// The service's message (may be empty).
    pub message: String,
    /// The HTTP status of the response, when there was one.
    pub http_status: Option<u16>,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "(no error code)"
        } else {
            &self.code
        };
        write!(f, "{} failed: {code}", self.operation)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(status) = self.http_status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong when deploying or running a workflow on Step Functions.
///
/// Errors the service reported keep its [`ServiceError`] (code and message) and are sorted
/// into the variants below; refusals made before anything is sent (an input over 256 KiB, a
/// definition over 1 MiB, an invalid name or definition) say what to fix.
///
/// ```
/// use workflow_runtime::client::{Error, ServiceError};
///
/// let e = Error::from_service(ServiceError {
///     operation: "DescribeStateMachine",
///     code: "StateMachineDoesNotExist".into(),
///     message: "State Machine Does Not Exist".into(),
///     http_status: Some(400),
/// });
/// assert!(matches!(e, Error::DoesNotExist(_)));
/// assert_eq!(e.code(), Some("StateMachineDoesNotExist"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A state machine or execution of that name already exists (`StateMachineAlreadyExists`,
    /// `ExecutionAlreadyExists`).
    #[error("already exists: {0}")]
    AlreadyExists(ServiceError),
    /// The state machine or execution does not exist (`StateMachineDoesNotExist`,
    /// `ExecutionDoesNotExist`, `ResourceNotFound`).
    #[error("does not exist: {0}")]
    DoesNotExist(ServiceError),
    /// The credentials are missing, invalid or not allowed to do this (`AccessDeniedException`,
    /// `UnrecognizedClientException`, `ExpiredToken`, ...).
    #[error("access denied: {0}")]
    AccessDenied(ServiceError),
    /// The service kept throttling the requests after every retry (`ThrottlingException`).
    #[error("throttled (after retries): {0}")]
    Throttling(ServiceError),
    /// The service rejected the definition (`InvalidDefinition`).
    #[error("invalid definition: {0}")]
    InvalidDefinition(ServiceError),
    /// The service rejected a name (`InvalidName`).
    #[error("invalid name: {0}")]
    InvalidName(ServiceError),
    /// The service rejected an ARN (`InvalidArn`).
    #[error("invalid ARN: {0}")]
    InvalidArn(ServiceError),
    /// The service rejected the request's parameters (`InvalidExecutionInput`,
    /// `ValidationException`, `InvalidLoggingConfiguration`, ...).
    #[error("invalid request: {0}")]
    InvalidRequest(ServiceError),
    /// The task a `SendTask*` call answers is no longer open: it timed out, was answered, or
    /// its execution ended (`TaskTimedOut`), or no task has that token (`TaskDoesNotExist`).
    #[error("the task is closed: {0}")]
    TaskClosed(ServiceError),
    /// A service quota was reached (`StateMachineLimitExceeded`, `ExecutionLimitExceeded`, ...).
    #[error("limit exceeded: {0}")]
    LimitExceeded(ServiceError),
    /// Any other error the service reported, code and message kept.
    #[error("{0}")]
    Service(ServiceError),
    /// The request never got an answer from the service: no connection, a timeout, no
    /// credentials or region configured.
    #[error("{operation}: the request did not complete: {message}")]
    Transport {
        /// The API operation.
        operation: &'static str,
        /// What went wrong, with its whole cause chain.
        message: String,
    },

    /// The definition was refused before anything was sent: the local validator found errors
    /// (the same validator as the `workflow!` macro and `workflow validate`).
    #[error("the definition is invalid ({} diagnostics): {}", diagnostics.len(), first_message(diagnostics))]
    DefinitionRejected {
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// A state machine or execution name was refused before anything was sent.
    #[error("invalid name `{name}`: {message}")]
    NameRejected {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A payload is over the service's limit; nothing was sent.
    #[error("the {what} is {bytes} bytes; Step Functions accepts at most {limit} bytes")]
    TooLarge {
        /// `execution input` or `definition`.
        what: &'static str,
        /// Its size in bytes (UTF-8).
        bytes: usize,
        /// The service's limit.
        limit: usize,
    },
    /// The definition still holds `${Name}` deployment substitutions with no value; give them
    /// with [`StateMachineSpec::substitute`](super::StateMachineSpec::substitute).
    #[error("the definition uses deployment substitutions with no value: {}", names.join(", "))]
    UnresolvedSubstitutions {
        /// The names, without `${` and `}`.
        names: Vec<String>,
    },
    /// The deployed state machine has another type; the type of a state machine cannot change
    /// (delete it first, or deploy under another name).
    #[error(
        "state machine {arn} is {deployed}, not {wanted}; the type cannot change: delete it first or use another name"
    )]
    TypeMismatch {
        /// The deployed state machine (boxed: an ARN is large, and a large variant makes
        /// every `Result` of the client large).
        arn: Box<StatesArn>,
        /// Its type.
        deployed: String,
        /// The type asked for.
        wanted: String,
    },
    /// A `workflow!` type's spec asked to deploy it as another type than it declares
    /// (`StateMachineSpec::machine_type`, `express()` on a STANDARD workflow's spec, or the
    /// other way round): refused before anything is sent. Change the workflow's `type` instead.
    #[error(
        "workflow `{name}` is of the type {} ({} in its `workflow!`), and cannot be deployed as {}; leave the spec's type to the workflow, or change its `type`",
        declared.as_str(),
        type_setting(*declared),
        requested.as_str()
    )]
    MachineTypeMismatch {
        /// The state machine's name.
        name: String,
        /// The type the workflow declares.
        declared: ExecutionType,
        /// The type asked for.
        requested: ExecutionType,
    },
    /// A synchronous EXPRESS execution's output, asked for as a type
    /// ([`SyncExecution::output_as`](crate::execution::SyncExecution::output_as)): it did not
    /// succeed, or its output is not of that type.
    #[error(transparent)]
    Output(#[from] crate::engine::OutputError),
    /// The execution ended in `FAILED`, `TIMED_OUT` or `ABORTED`.
    #[error("execution {arn} {status}{}{}", error.as_ref().map(|e| format!(": {e}")).unwrap_or_default(), cause.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    ExecutionFailed {
        /// The execution (boxed, as [`Error::TypeMismatch`]'s).
        arn: Box<StatesArn>,
        /// `FAILED`, `TIMED_OUT` or `ABORTED`.
        status: ExecutionStatus,
        /// The error name.
        error: Option<ErrorName>,
        /// The cause.
        cause: Option<String>,
    },
    /// The execution has not finished yet: there is no output to read.
    #[error("execution {arn} is still {status}")]
    NotFinished {
        /// The execution (boxed, as [`Error::TypeMismatch`]'s).
        arn: Box<StatesArn>,
        /// Its status, e.g. `RUNNING`.
        status: ExecutionStatus,
    },
    /// [`ExecutionRef::wait`](super::ExecutionRef::wait) reached its deadline.
    #[error("execution {arn} was still running after {waited:?}")]
    WaitTimedOut {
        /// The execution (boxed, as [`Error::TypeMismatch`]'s).
        arn: Box<StatesArn>,
        /// How long it was waited for.
        waited: Duration,
    },
    /// Input could not be serialised, or output could not be deserialised into the type asked.
    #[error("{what}: {source}")]
    Json {
        /// What was being converted, e.g. `execution output`.
        what: &'static str,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// The service answered an ARN that is not a Step Functions ARN of the kind asked for.
    #[error("{operation} answered `{text}`, which is not a Step Functions ARN: {source}")]
    UnreadableArn {
        /// The operation that answered it, e.g. `DescribeExecution`.
        operation: &'static str,
        /// The text answered.
        text: String,
        /// Why it is not one.
        #[source]
        source: StatesArnError,
    },
    /// The service answered a task token that is not one (empty, or over 2048 characters).
    #[error("{operation} answered a task token that is not one: {source}")]
    UnreadableTaskToken {
        /// The operation that answered it, `GetActivityTask`.
        operation: &'static str,
        /// Why it is not one.
        #[source]
        source: workflow_aws_models::TaskTokenError,
    },
    /// The service answered a role ARN that is not an IAM role's ARN.
    #[error("{operation} answered a role that is not one: {source}")]
    UnreadableRoleArn {
        /// The operation that answered it, e.g. `DescribeStateMachine`.
        operation: &'static str,
        /// The text answered, and why it is not a role's ARN.
        #[source]
        source: RoleArnError,
    },
    /// The service answered a history event that does not fit Step Functions' API model.
    #[error("{operation} answered an event that is not one: {source}")]
    UnreadableEvent {
        /// The operation that answered it, `GetExecutionHistory`.
        operation: &'static str,
        /// Where in the event, and what is wrong.
        #[source]
        source: crate::execution::HistoryReadError,
    },
    /// The client's configuration is incomplete (e.g. no region).
    #[error("configuration: {0}")]
    Config(String),
}

fn first_message(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|d| d.is_error())
        .or(diagnostics.first())
        .map(|d| format!("{} at {}: {}", d.code, d.pointer.as_str(), d.message))
        .unwrap_or_default()
}

/// An ARN the service answered, read once: [`Error::UnreadableArn`] when it is not one.
pub(crate) fn answered_arn(operation: &'static str, text: &str) -> Result<StatesArn, Error> {
    StatesArn::parse(text).map_err(|source| Error::UnreadableArn {
        operation,
        text: text.to_owned(),
        source,
    })
}

/// A role ARN the service answered, read once: [`Error::UnreadableRoleArn`] when it is not one.
pub(crate) fn answered_role_arn(operation: &'static str, text: &str) -> Result<RoleArn, Error> {
    RoleArn::parse(text).map_err(|source| Error::UnreadableRoleArn { operation, source })
}

impl Error {
    /// Sorts an error the service reported into its variant by its code.
    pub fn from_service(e: ServiceError) -> Error {
        match e.code.as_str() {
            "StateMachineAlreadyExists"
            | "ExecutionAlreadyExists"
            | "ActivityAlreadyExists"
            | "ResourceAlreadyExistsException" => Error::AlreadyExists(e),
            "StateMachineDoesNotExist"
            | "ExecutionDoesNotExist"
            | "ActivityDoesNotExist"
            | "ResourceNotFound"
            | "ResourceNotFoundException" => Error::DoesNotExist(e),
            "AccessDeniedException"
            | "AccessDenied"
            | "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "ExpiredToken"
            | "ExpiredTokenException"
            | "MissingAuthenticationToken"
            | "IncompleteSignature"
            | "NotAuthorized" => Error::AccessDenied(e),
            "ThrottlingException"
            | "Throttling"
            | "ThrottledException"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "RequestThrottled"
            | "RequestThrottledException" => Error::Throttling(e),
            "InvalidDefinition" => Error::InvalidDefinition(e),
            "InvalidName" => Error::InvalidName(e),
            "InvalidArn" => Error::InvalidArn(e),
            "InvalidExecutionInput"
            | "ValidationException"
            | "MissingRequiredParameter"
            | "InvalidLoggingConfiguration"
            | "InvalidTracingConfiguration"
            | "InvalidEncryptionConfiguration"
            | "InvalidOutput"
            | "InvalidToken"
            | "StateMachineTypeNotSupported"
            | "ExecutionNotRedrivable" => Error::InvalidRequest(e),
            "TaskTimedOut" | "TaskDoesNotExist" => Error::TaskClosed(e),
            "StateMachineLimitExceeded"
            | "ExecutionLimitExceeded"
            | "ActivityLimitExceeded"
            | "ServiceQuotaExceededException"
            | "TooManyTags" => Error::LimitExceeded(e),
            // moto answers an invalid definition with HTTP 400 and an empty code; the message
            // is the parser's. Only the definition can be wrong that way in these operations.
            "" if matches!(e.operation, "CreateStateMachine" | "UpdateStateMachine")
                && e.http_status == Some(400) =>
            {
                Error::InvalidDefinition(e)
            }
            _ => Error::Service(e),
        }
    }

    /// What the service said, for errors it reported.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::AlreadyExists(e)
            | Error::DoesNotExist(e)
            | Error::AccessDenied(e)
            | Error::Throttling(e)
            | Error::InvalidDefinition(e)
            | Error::InvalidName(e)
            | Error::InvalidArn(e)
            | Error::InvalidRequest(e)
            | Error::LimitExceeded(e)
            | Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, for errors it reported.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(|e| e.code.as_str())
    }

    /// The service's message, for errors it reported.
    pub fn message(&self) -> Option<&str> {
        self.service_error().map(|e| e.message.as_str())
    }

    /// Whether this says the state machine or execution does not exist.
    pub fn is_does_not_exist(&self) -> bool {
        matches!(self, Error::DoesNotExist(_))
    }

    /// Converts an SDK error: a service error keeps its code, message and HTTP status; anything
    /// else (connection, timeout, credentials) becomes [`Error::Transport`] with its causes.
    pub(crate) fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> Error
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match &err {
            SdkError::ServiceError(service) => {
                let meta = service.err().meta();
                // The code and message come from the error's metadata, which the SDK fills
                // from the response. A modeled error built in code (a mock) carries them only
                // when it was given `.meta(…)`; without, its code is empty and its message is
                // what the error displays.
                let code = meta.code().unwrap_or_default().to_owned();
                let message = match meta.message() {
                    Some(m) => m.to_owned(),
                    None => service.err().to_string(),
                };
                Error::from_service(ServiceError {
                    operation,
                    code,
                    message,
                    http_status: Some(service.raw().status().as_u16()),
                })
            }
            _ => Error::Transport {
                operation,
                message: DisplayErrorContext(&err).to_string(),
            },
        }
    }
}

/// The client's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How `workflow!` declares a type.
fn type_setting(declared: ExecutionType) -> &'static str {
    match declared {
        ExecutionType::Express => "`type = express`",
        ExecutionType::Standard => "no `type`, or `type = standard`",
    }
}
