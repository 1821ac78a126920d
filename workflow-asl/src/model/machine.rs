//! The state machine and the nested machines of Parallel branches and Map processors.

use super::{QueryLanguage, State};
use indexmap::IndexMap;

/// The `States` object: state name → state, in the order written.
pub type States = IndexMap<String, State>;

/// A whole state machine definition.
///
/// ```
/// use workflow_asl::StateMachine;
/// let machine = StateMachine::from_json(r#"{
///     "StartAt": "Hello",
///     "States": { "Hello": { "Type": "Pass", "End": true } }
/// }"#).unwrap();
/// assert_eq!(machine.start_at, "Hello");
/// assert!(machine.validate().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateMachine {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`: the default for every state (JSONPath when absent).
    pub query_language: Option<QueryLanguage>,
    /// `StartAt`: the first state.
    pub start_at: String,
    /// `States`.
    pub states: States,
    /// `TimeoutSeconds`: the whole execution's limit.
    pub timeout_seconds: Option<u64>,
    /// `Version`: only `"1.0"` exists.
    pub version: Option<String>,
}

/// One branch of a Parallel state: a self-contained machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Branch {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `StartAt`.
    pub start_at: String,
    /// `States`.
    pub states: States,
}

/// The machine a Map state runs for every item (`ItemProcessor`, or the deprecated `Iterator`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemProcessor {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `ProcessorConfig`: inline or distributed.
    pub processor_config: Option<ProcessorConfig>,
    /// `StartAt`.
    pub start_at: String,
    /// `States`.
    pub states: States,
}

/// `ProcessorConfig` of an `ItemProcessor`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessorConfig {
    /// `Mode`: `INLINE` (default) or `DISTRIBUTED`.
    pub mode: Option<ProcessorMode>,
    /// `ExecutionType` of the child workflows of a Distributed Map.
    pub execution_type: Option<ExecutionType>,
}

/// How a Map runs its iterations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProcessorMode {
    /// `INLINE`: iterations run inside the parent execution.
    Inline,
    /// `DISTRIBUTED`: iterations run as child workflow executions.
    Distributed,
}

/// The type of the child workflows of a Distributed Map (and of a state machine).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionType {
    /// `STANDARD`.
    Standard,
    /// `EXPRESS`.
    Express,
}

impl StateMachine {
    /// The machine's query language (JSONPath unless `QueryLanguage` says otherwise).
    pub fn effective_query_language(&self) -> QueryLanguage {
        self.query_language.unwrap_or_default()
    }
}

impl ItemProcessor {
    /// Whether the processor runs as a Distributed Map.
    pub fn is_distributed(&self) -> bool {
        matches!(
            self.processor_config,
            Some(ProcessorConfig {
                mode: Some(ProcessorMode::Distributed),
                ..
            })
        )
    }
}

impl ProcessorMode {
    /// The ASL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessorMode::Inline => "INLINE",
            ProcessorMode::Distributed => "DISTRIBUTED",
        }
    }
}

impl ExecutionType {
    /// The ASL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionType::Standard => "STANDARD",
            ExecutionType::Express => "EXPRESS",
        }
    }
}
