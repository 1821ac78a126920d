//! Step Functions' wire protocol, AWS JSON 1.0: every call is a `POST` whose
//! `X-Amz-Target: AWSStepFunctions.<Operation>` header names the operation and whose body is
//! the request as a JSON object; the answer is the response as a JSON object, or an error
//! `{"__type": NAME, "message": …}` with the HTTP status the service uses for it (the Step
//! Functions API reference, "Common Errors" and each operation's "Errors"; botocore's
//! `stepfunctions` service model names the same shapes). Timestamps are seconds since the Unix
//! epoch, as numbers.

use serde_json::{Map, Value, json};
use workflow_runtime::engine::CallbackError;
use workflow_runtime::execution::HistoryEvent;

/// The most a request body may hold: the service's 1 MiB definition, escaped in JSON, with
/// room for the other fields. A larger body is refused before it is read.
pub(crate) const MAX_REQUEST_BYTES: usize = 3 * 1024 * 1024;

/// An error as the service answers it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    /// The error's name (`__type`), e.g. `ExecutionDoesNotExist`.
    pub name: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// A client error (HTTP 400) named `name`.
    pub(crate) fn new(name: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            name,
            status: 400,
            message: message.into(),
        }
    }

    /// `ValidationException`: a request field out of its bounds or pattern.
    pub(crate) fn validation(message: impl Into<String>) -> Self {
        ApiError::new("ValidationException", message)
    }

    /// A failure of the server itself (HTTP 500).
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ApiError {
            name: "InternalServerError",
            status: 500,
            message: message.into(),
        }
    }

    /// `InvalidArn`.
    pub(crate) fn invalid_arn(arn: &str) -> Self {
        ApiError::new("InvalidArn", format!("Invalid Arn: '{arn}'"))
    }

    /// The body of the answer.
    pub(crate) fn body(&self) -> Value {
        json!({"__type": self.name, "message": self.message})
    }
}

/// An operation a request names: one of Step Functions' own, or one of the server's
/// extension (its clock's), which are named apart so that no AWS name is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// `AWSStepFunctions.<Operation>`.
    StepFunctions(String),
    /// `WorkflowServe.<Operation>`.
    Extension(String),
}

/// Step Functions' operation of that name (what the server's own callers name).
impl From<&str> for Target {
    fn from(operation: &str) -> Self {
        Target::StepFunctions(operation.to_owned())
    }
}

/// The target prefix of Step Functions' operations.
const STEP_FUNCTIONS: &str = "AWSStepFunctions.";

/// The target prefix of the server's own operations.
pub(crate) const EXTENSION: &str = "WorkflowServe.";

/// The operation a request names: `AWSStepFunctions.StartExecution` → `StartExecution`,
/// `WorkflowServe.AdvanceClock` → the extension's `AdvanceClock`.
pub(crate) fn operation(target: Option<&str>) -> Result<Target, ApiError> {
    let target = target.ok_or_else(|| {
        ApiError::new(
            "UnknownOperationException",
            "the request has no X-Amz-Target header naming an operation",
        )
    })?;
    let named = |prefix: &str| {
        target
            .strip_prefix(prefix)
            .filter(|op| !op.is_empty())
            .map(str::to_owned)
    };
    named(STEP_FUNCTIONS)
        .map(Target::StepFunctions)
        .or_else(|| named(EXTENSION).map(Target::Extension))
        .ok_or_else(|| {
            ApiError::new(
                "UnknownOperationException",
                format!("unknown operation target `{target}`; Step Functions' targets are `{STEP_FUNCTIONS}<Operation>` (and this server's own, `{EXTENSION}<Operation>`)"),
            )
        })
}

/// The request body as a JSON object (an empty body is an empty request). A string escape of
/// an unpaired UTF-16 surrogate (`"\ud800"`), which JSON's grammar allows and Rust text cannot
/// hold, reads as U+FFFF: a name that holds one is `InvalidName`, as AWS refuses surrogates in
/// names (the API reference: "A name must not contain … surrogates (U+D800-DFFF)"), and U+FFFF
/// is refused there too.
pub(crate) fn request(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let parsed =
        serde_json::from_slice::<Value>(body).or_else(|e| match without_lone_surrogates(body) {
            Some(fixed) => serde_json::from_slice::<Value>(&fixed),
            None => Err(e),
        });
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::new(
            "SerializationException",
            "the request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::new(
            "SerializationException",
            format!("the request body is not JSON: {e}"),
        )),
    }
}

/// `body` with each `\uXXXX` escape of an unpaired surrogate (in a JSON string) written
/// `\uffff`; `None` when it has none.
fn without_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let surrogate = |at: usize| -> Option<u16> {
        let escape = body.get(at..at + 6)?;
        if escape.get(..2)? != b"\\u" {
            return None;
        }
        let hex = std::str::from_utf8(escape.get(2..)?).ok()?;
        let unit = u16::from_str_radix(hex, 16).ok()?;
        (0xD800..=0xDFFF).contains(&unit).then_some(unit)
    };
    let mut out = Vec::with_capacity(body.len());
    let (mut i, mut in_string, mut changed) = (0, false, false);
    while let Some(&b) = body.get(i) {
        if !in_string {
            in_string = b == b'"';
            out.push(b);
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = false;
                out.push(b);
                i += 1;
            }
            b'\\' => match surrogate(i) {
                // A high surrogate followed by a low one is a pair: both kept.
                Some(0xD800..=0xDBFF) if surrogate(i + 6).is_some_and(|low| low >= 0xDC00) => {
                    out.extend_from_slice(body.get(i..i + 12)?);
                    i += 12;
                }
                Some(_) => {
                    out.extend_from_slice(b"\\uffff");
                    changed = true;
                    i += 6;
                }
                None => {
                    // Any other escape: its two bytes as they are.
                    out.extend_from_slice(body.get(i..(i + 2).min(body.len()))?);
                    i += 2;
                }
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// Reading the string members of a JSON object that is no operation's request (the console's
/// input check), with the service's errors for missing or mistyped ones; an operation's
/// request is decoded into its typed structure (`requests`).
pub(crate) trait Fields {
    /// A required string member.
    fn required(&self, name: &str) -> Result<&str, ApiError>;
    /// An optional string member.
    fn optional(&self, name: &str) -> Result<Option<&str>, ApiError>;
}

impl Fields for Map<String, Value> {
    fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.optional(name)?.ok_or_else(|| {
            ApiError::validation(format!(
                "1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null"
            ))
        })
    }

    fn optional(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::new(
                "SerializationException",
                format!("`{name}` must be a string"),
            )),
        }
    }
}

/// A time in milliseconds since the epoch as the protocol writes it: seconds, as a number.
pub(crate) fn timestamp(millis: i64) -> Value {
    json!(Timestamp(millis).seconds())
}

/// A date in an answer, in milliseconds since the Unix epoch, written as the JSON protocol
/// writes a timestamp: epoch seconds, a number ([`timestamp`]'s bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds since the epoch, with the milliseconds as the fraction.
    pub(crate) fn seconds(self) -> f64 {
        // Milliseconds are exact in an f64 for every date the service can hold.
        self.0 as f64 / 1000.0
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.seconds())
    }
}

/// Read as written: epoch seconds (the milliseconds rounded).
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = <f64 as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Timestamp((seconds * 1000.0).round() as i64))
    }
}

/// An event as the protocol writes it: its timestamp in seconds.
pub(crate) fn event_json(event: &HistoryEvent) -> Value {
    let mut value = event.to_json();
    if let Some(map) = value.as_object_mut() {
        map.insert("timestamp".into(), timestamp(event.timestamp_millis));
    }
    value
}

/// An event without execution data: its inputs, outputs and parameters left out, as
/// `includeExecutionData: false` asks. Their `…Details` stay as the engine wrote them: the
/// model's `HistoryEventExecutionDataDetails` has `truncated` only (no `included`, which
/// `DescribeExecution`'s `CloudWatchEventsExecutionDataDetails` has).
pub(crate) fn without_data(mut event: Value) -> Value {
    if let Some(map) = event.as_object_mut() {
        for details in map.values_mut().filter_map(Value::as_object_mut) {
            for key in ["input", "output", "parameters"] {
                details.remove(key);
            }
        }
    }
    event
}

/// A refused callback as the service answers it.
pub(crate) fn callback_error(e: &CallbackError) -> ApiError {
    match e {
        CallbackError::InvalidToken => {
            ApiError::new("InvalidToken", "The provided token is not valid.")
        }
        CallbackError::TaskDoesNotExist(_) => {
            ApiError::new("TaskDoesNotExist", "Task Does Not Exist")
        }
        CallbackError::TaskTimedOut => ApiError::new(
            "TaskTimedOut",
            "The task token has either expired or the task associated with the token has already been closed.",
        ),
        CallbackError::InvalidOutput => ApiError::new(
            "InvalidOutput",
            "The provided JSON output data is not valid.",
        ),
        CallbackError::OutputTooLong(_) => ApiError::validation(format!(
            "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to {}",
            workflow_runtime::execution::MAX_PAYLOAD_BYTES
        )),
        CallbackError::MapRunNotRunning(arn) => {
            ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_come_from_the_target_header() {
        assert_eq!(
            operation(Some("AWSStepFunctions.StartExecution")),
            Ok(Target::StepFunctions("StartExecution".into()))
        );
        assert_eq!(
            operation(Some("WorkflowServe.AdvanceClock")),
            Ok(Target::Extension("AdvanceClock".into()))
        );
        assert_eq!(
            operation(None).unwrap_err().name,
            "UnknownOperationException"
        );
        assert_eq!(
            operation(Some("AWSStepFunctions.")).unwrap_err().name,
            "UnknownOperationException"
        );
        assert_eq!(
            operation(Some("DynamoDB_20120810.GetItem"))
                .unwrap_err()
                .name,
            "UnknownOperationException"
        );
    }

    #[test]
    fn an_unpaired_surrogate_reads_as_u_ffff_and_a_pair_as_its_character() {
        let r = request(br#"{"name": "a\ud800b", "other": "\udc00", "pair": "\ud83d\ude00", "escaped": "\\ud800"}"#)
            .unwrap();
        assert_eq!(r["name"], "a\u{ffff}b");
        assert_eq!(r["other"], "\u{ffff}");
        assert_eq!(r["pair"], "\u{1f600}");
        assert_eq!(
            r["escaped"], "\\ud800",
            "an escaped backslash starts no escape"
        );
        assert_eq!(
            request(br#"{"name": "\ud800"#).unwrap_err().name,
            "SerializationException"
        );
    }

    #[test]
    fn bodies_must_be_json_objects() {
        assert!(request(b"").unwrap().is_empty());
        assert_eq!(request(b"[1]").unwrap_err().name, "SerializationException");
        assert_eq!(request(b"{").unwrap_err().name, "SerializationException");
        let r = request(br#"{"name": 3}"#).unwrap();
        assert_eq!(
            r.required("name").unwrap_err().name,
            "SerializationException"
        );
        assert_eq!(r.required("other").unwrap_err().name, "ValidationException");
    }
}
