//! A task token: what Step Functions hands a `.waitForTaskToken` integration (`$$.Task.Token`)
//! or an activity's worker (`GetActivityTask`'s `taskToken`), and what `SendTaskSuccess`,
//! `SendTaskFailure` and `SendTaskHeartbeat` answer with. Read here once, where a token enters
//! (`workflow serve`'s requests, the client, the engine's callbacks), and opaque afterwards.
//!
//! The one rule AWS states for its text is the API model's `TaskToken` shape: a string of 1 to
//! 2048 characters (botocore's `stepfunctions` `service-2.json`; the API reference's
//! `SendTaskSuccess` `taskToken`, "Length Constraints: Minimum length of 1. Maximum length of
//! 2048."). What is inside is the issuer's: AWS's are long opaque strings, the local engine's
//! UUIDs; a token from one is never read by the other.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A task token, opaque: compared, hashed, written ([`fmt::Display`], [`TaskToken::as_str`])
/// and serialized as its text; read with [`TaskToken::parse`] ([`FromStr`], serde).
///
/// ```
/// use workflow_aws_models::TaskToken;
/// let token: TaskToken = "AQCEAAAAKgAAAAMAAAAA".parse()?;
/// assert_eq!(token.as_str(), "AQCEAAAAKgAAAAMAAAAA");
/// assert_eq!(serde_json::to_string(&token).unwrap(), r#""AQCEAAAAKgAAAAMAAAAA""#);
/// assert!("".parse::<TaskToken>().is_err());
/// # Ok::<(), workflow_aws_models::TaskTokenError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskToken(String);

/// Why text is not a task token, in the words of AWS's `ValidationException` for the
/// `taskToken` member (the service's message for a member out of its length bounds).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaskTokenError {
    /// An empty token.
    #[error(
        "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1"
    )]
    Empty,
    /// A token over 2048 characters (its length is kept, not the text).
    #[error(
        "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048 (it has {0} characters)"
    )]
    TooLong(usize),
}

impl TaskToken {
    /// The longest token, in characters (the API model's `TaskToken` shape's `max`).
    pub const MAX_CHARS: usize = 2048;

    /// `text` as a token: `Err` when it is empty or over [`TaskToken::MAX_CHARS`] characters.
    pub fn parse(text: &str) -> Result<TaskToken, TaskTokenError> {
        TaskToken::try_from(text.to_owned())
    }

    /// The token's text, as the service gave it and takes it back.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token's text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for TaskToken {
    type Error = TaskTokenError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        // Characters, as the service counts a member's length (a string's code points).
        let chars = text.chars().count();
        if chars == 0 {
            Err(TaskTokenError::Empty)
        } else if chars > TaskToken::MAX_CHARS {
            Err(TaskTokenError::TooLong(chars))
        } else {
            Ok(TaskToken(text))
        }
    }
}

impl FromStr for TaskToken {
    type Err = TaskTokenError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TaskToken::parse(text)
    }
}

impl fmt::Display for TaskToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shows the text: a token is a capability, but the engine's and the service's messages name
/// it (`TaskDoesNotExist`), and so does a test's failure.
impl fmt::Debug for TaskToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TaskToken({:?})", self.0)
    }
}

/// A token equals the text it was read from.
impl PartialEq<str> for TaskToken {
    fn eq(&self, text: &str) -> bool {
        self.0 == text
    }
}

/// A token equals the text it was read from.
impl PartialEq<&str> for TaskToken {
    fn eq(&self, text: &&str) -> bool {
        self.0 == *text
    }
}

/// A map keyed by tokens is searched by the text a request sends (a token hashes and orders as
/// its text).
impl std::borrow::Borrow<str> for TaskToken {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for TaskToken {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for TaskToken {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TaskToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TaskToken::try_from(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_as_it_was_given() {
        for text in [
            "a",
            "AQCEAAAAKgAAAAMAAAAA+/=",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
        ] {
            let token = TaskToken::parse(text).unwrap();
            assert_eq!(token.to_string(), text);
            let json = serde_json::to_value(&token).unwrap();
            assert_eq!(json, serde_json::Value::String(text.into()));
            assert_eq!(serde_json::from_value::<TaskToken>(json).unwrap(), token);
        }
        let longest = "é".repeat(TaskToken::MAX_CHARS);
        assert_eq!(TaskToken::parse(&longest).unwrap().as_str(), longest);
    }

    #[test]
    fn an_empty_or_long_token_is_refused_in_aws_words() {
        assert_eq!(TaskToken::parse(""), Err(TaskTokenError::Empty));
        assert_eq!(
            TaskTokenError::Empty.to_string(),
            "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
        let long = "x".repeat(TaskToken::MAX_CHARS + 1);
        assert_eq!(TaskToken::parse(&long), Err(TaskTokenError::TooLong(2049)));
        assert!(
            TaskTokenError::TooLong(2049)
                .to_string()
                .contains("Member must have length less than or equal to 2048")
        );
        let refused = serde_json::from_str::<TaskToken>(r#""""#).unwrap_err();
        assert!(refused.to_string().contains("greater than or equal to 1"));
    }
}
