//! `Retry` and `Catch`, and the error names they match.

use super::{JsonataValue, PathOrNull, PayloadTemplate};
use serde_json::Number;
use std::fmt;

/// One Retrier of a `Retry` array.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`: the errors this retrier handles.
    pub error_equals: Vec<ErrorName>,
    /// `IntervalSeconds` before the first retry (default 1).
    pub interval_seconds: Option<u64>,
    /// `MaxAttempts` (default 3; 0 never retries).
    pub max_attempts: Option<u64>,
    /// `BackoffRate`: the interval multiplier (default 2.0, at least 1.0).
    pub backoff_rate: Option<Number>,
    /// `MaxDelaySeconds`: the cap on the interval.
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy`.
    pub jitter_strategy: Option<JitterStrategy>,
    /// `Comment`.
    pub comment: Option<String>,
}

/// `JitterStrategy` of a Retrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JitterStrategy {
    /// `FULL`: randomise each interval between 0 and its computed value.
    Full,
    /// `NONE`.
    None,
}

impl JitterStrategy {
    /// The ASL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JitterStrategy::Full => "FULL",
            JitterStrategy::None => "NONE",
        }
    }
}

/// One Catcher of a `Catch` array.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`: the errors this catcher handles.
    pub error_equals: Vec<ErrorName>,
    /// `Next`: the state to go to.
    pub next: String,
    /// `ResultPath` (JSONPath): where the error output goes in the input.
    pub result_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`: runs instead of the state's own `Assign` when this catcher matches.
    pub assign: Option<PayloadTemplate>,
    /// `Comment`.
    pub comment: Option<String>,
}

macro_rules! predefined_errors {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, )*) => {
        /// An error name of `ErrorEquals` or a Fail state: one of the predefined `States.*`
        /// errors, or a custom name.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorName {
            $( $(#[$doc])* $variant, )*
            /// Any other name. Names starting with `States.` are reserved (the validator
            /// reports them).
            Custom(String),
        }

        impl ErrorName {
            /// Every predefined name.
            pub const PREDEFINED: &'static [ErrorName] = &[$(ErrorName::$variant),*];

            /// The name as written in ASL.
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorName::$variant => $text,)*
                    ErrorName::Custom(name) => name,
                }
            }

            /// Parses a name: predefined when it is one, custom otherwise.
            pub fn new(name: &str) -> Self {
                match name {
                    $($text => ErrorName::$variant,)*
                    other => ErrorName::Custom(other.to_owned()),
                }
            }
        }
    };
}

predefined_errors! {
    /// `States.ALL`: matches any error except `States.DataLimitExceeded` and `States.Runtime`.
    All => "States.ALL",
    /// `States.HeartbeatTimeout`.
    HeartbeatTimeout => "States.HeartbeatTimeout",
    /// `States.Timeout`.
    Timeout => "States.Timeout",
    /// `States.TaskFailed`.
    TaskFailed => "States.TaskFailed",
    /// `States.Permissions`.
    Permissions => "States.Permissions",
    /// `States.ResultPathMatchFailure`.
    ResultPathMatchFailure => "States.ResultPathMatchFailure",
    /// `States.ParameterPathFailure`.
    ParameterPathFailure => "States.ParameterPathFailure",
    /// `States.QueryEvaluationError`.
    QueryEvaluationError => "States.QueryEvaluationError",
    /// `States.BranchFailed`.
    BranchFailed => "States.BranchFailed",
    /// `States.NoChoiceMatched`.
    NoChoiceMatched => "States.NoChoiceMatched",
    /// `States.IntrinsicFailure`.
    IntrinsicFailure => "States.IntrinsicFailure",
    /// `States.ExceedToleratedFailureThreshold`.
    ExceedToleratedFailureThreshold => "States.ExceedToleratedFailureThreshold",
    /// `States.ItemReaderFailed`.
    ItemReaderFailed => "States.ItemReaderFailed",
    /// `States.ResultWriterFailed`.
    ResultWriterFailed => "States.ResultWriterFailed",
    /// `States.DataLimitExceeded`: terminal, not caught by `States.ALL`.
    DataLimitExceeded => "States.DataLimitExceeded",
    /// `States.Runtime`: not caught by `States.ALL`.
    Runtime => "States.Runtime",
    /// `States.Http.Socket`: an HTTP Task's socket error.
    HttpSocket => "States.Http.Socket",
}

impl ErrorName {
    /// Whether this is a custom name that uses the reserved `States.` prefix.
    pub fn is_reserved_custom(&self) -> bool {
        matches!(self, ErrorName::Custom(n) if n.starts_with("States."))
    }

    /// The predefined error a custom name in the reserved `States.` namespace is a
    /// misspelling of (`States.Timout` → `States.Timeout`): the one did-you-mean rule
    /// (`workflow_text::suggest`) on the part after `States.`, for a name at most one
    /// character longer or shorter. A name that adds a word to a predefined one is its own
    /// (`States.TaskFailedId`, in a deployed definition of the corpus). `None` for any other
    /// name.
    ///
    /// ```
    /// use workflow_asl::ErrorName;
    /// assert_eq!(ErrorName::new("States.Timout").misspelt_predefined(), Some(ErrorName::Timeout));
    /// assert_eq!(ErrorName::new("States.Timeuot").misspelt_predefined(), Some(ErrorName::Timeout));
    /// assert_eq!(ErrorName::new("States.TaskFailedId").misspelt_predefined(), None);
    /// assert_eq!(ErrorName::new("States.QuorumMet").misspelt_predefined(), None);
    /// assert_eq!(ErrorName::new("Timout").misspelt_predefined(), None);
    /// ```
    pub fn misspelt_predefined(&self) -> Option<ErrorName> {
        let ErrorName::Custom(name) = self else {
            return None;
        };
        let rest = name.strip_prefix("States.")?;
        // Compared after the shared prefix, which would make every name look alike.
        let known: Vec<&str> = ErrorName::PREDEFINED
            .iter()
            .map(|n| n.as_str().trim_start_matches("States."))
            .collect();
        workflow_text::suggest::did_you_mean(rest, &known)
            .filter(|k| k.chars().count().abs_diff(rest.chars().count()) <= 1)
            .map(|k| ErrorName::new(&format!("States.{k}")))
    }
}

impl fmt::Display for ErrorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ErrorName {
    fn from(name: &str) -> Self {
        ErrorName::new(name)
    }
}

impl From<String> for ErrorName {
    fn from(name: String) -> Self {
        match ErrorName::new(&name) {
            ErrorName::Custom(_) => ErrorName::Custom(name),
            predefined => predefined,
        }
    }
}

impl From<&String> for ErrorName {
    fn from(name: &String) -> Self {
        ErrorName::new(name)
    }
}

impl PartialEq<str> for ErrorName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorName> for &str {
    fn eq(&self, other: &ErrorName) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for ErrorName {
    /// As written in ASL.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ErrorName::from)
    }
}
