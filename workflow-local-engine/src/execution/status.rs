//! [`ExecutionStatus`]: how an execution stands, one type for local and remote executions.

/// The status of an execution, local (the [`engine`](crate)) or on AWS (the
/// `client`), with the service's names. A local execution ends `Succeeded`, `Failed` or
/// `TimedOut`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExecutionStatus {
    /// `RUNNING`.
    Running,
    /// `SUCCEEDED`.
    Succeeded,
    /// `FAILED`.
    Failed,
    /// `TIMED_OUT`.
    TimedOut,
    /// `ABORTED` (stopped).
    Aborted,
    /// `PENDING_REDRIVE`.
    PendingRedrive,
    /// A status this version does not know, as the service spelt it.
    Unknown(String),
}

impl ExecutionStatus {
    /// The service's spelling, e.g. `SUCCEEDED`.
    pub fn as_str(&self) -> &str {
        match self {
            ExecutionStatus::Running => "RUNNING",
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Aborted => "ABORTED",
            ExecutionStatus::PendingRedrive => "PENDING_REDRIVE",
            ExecutionStatus::Unknown(s) => s,
        }
    }

    /// Parses the service's spelling.
    ///
    /// ```
    /// use workflow_runtime::execution::ExecutionStatus;
    /// assert_eq!(ExecutionStatus::parse("TIMED_OUT"), ExecutionStatus::TimedOut);
    /// assert!(ExecutionStatus::parse("SUCCEEDED").is_finished());
    /// ```
    pub fn parse(s: &str) -> ExecutionStatus {
        match s {
            "RUNNING" => ExecutionStatus::Running,
            "SUCCEEDED" => ExecutionStatus::Succeeded,
            "FAILED" => ExecutionStatus::Failed,
            "TIMED_OUT" => ExecutionStatus::TimedOut,
            "ABORTED" => ExecutionStatus::Aborted,
            "PENDING_REDRIVE" => ExecutionStatus::PendingRedrive,
            other => ExecutionStatus::Unknown(other.to_owned()),
        }
    }

    /// Whether the execution has ended (anything but `RUNNING` and `PENDING_REDRIVE`).
    pub fn is_finished(&self) -> bool {
        !matches!(
            self,
            ExecutionStatus::Running | ExecutionStatus::PendingRedrive
        )
    }
}

impl std::fmt::Display for ExecutionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as the service's name (`SUCCEEDED`, …), as the API's JSON and the service's records
/// write it.
impl serde::Serialize for ExecutionStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read from the service's name with [`ExecutionStatus::parse`] (a name this version does not
/// know is [`ExecutionStatus::Unknown`]).
impl<'de> serde::Deserialize<'de> for ExecutionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(ExecutionStatus::parse(&text))
    }
}
