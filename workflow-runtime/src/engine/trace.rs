//! A per-state trace for debugging: what each state received and produced.

use serde_json::{Value, json};

/// One state's passage, recorded when tracing is on.
#[derive(Clone, Debug, PartialEq)]
pub struct StateTrace {
    /// The state's name.
    pub state: String,
    /// The state's raw input.
    pub input: Value,
    /// After `InputPath` and `Parameters`, when recorded.
    pub effective_input: Option<Value>,
    /// The result before `ResultPath`, when recorded.
    pub result: Option<Value>,
    /// The state's output.
    pub output: Value,
}

impl StateTrace {
    /// As JSON.
    pub fn to_json(&self) -> Value {
        json!({"state": self.state, "input": self.input, "effectiveInput": self.effective_input, "result": self.result, "output": self.output})
    }
}
