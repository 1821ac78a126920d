//! A per-state trace for debugging: what each state received, what each step of its
//! input/output pipeline made of it, and what it produced.

use serde_json::{Map, Value, json};

/// One state's passage, recorded when tracing is on.
#[derive(Clone, Debug, PartialEq)]
pub struct StateTrace {
    /// The state's name.
    pub state: String,
    /// The state's raw input.
    pub input: Value,
    /// The value after each pipeline step, in order, named by the step: `InputPath`,
    /// `Parameters`, `Result` (the task's, the branches', the items' or Pass `Result`),
    /// `ResultSelector`, `ResultPath` (JSONPath); `Arguments`, `Result` (JSONata).
    pub steps: Vec<(&'static str, Value)>,
    /// The state's output.
    pub output: Value,
}

impl StateTrace {
    /// As JSON: `{"state", "input", "steps": {"InputPath": …, …}, "output"}`.
    pub fn to_json(&self) -> Value {
        let steps: Map<String, Value> = self
            .steps
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        json!({"state": self.state, "input": self.input, "steps": steps, "output": self.output})
    }
}

/// Collects the steps of one state when tracing; does nothing otherwise.
pub(crate) struct Steps(Option<Vec<(&'static str, Value)>>);

impl Steps {
    pub(crate) fn new(on: bool) -> Self {
        Steps(on.then(Vec::new))
    }

    /// Records `value` as the outcome of `step`.
    pub(crate) fn record(&mut self, step: &'static str, value: &Value) {
        if let Some(steps) = &mut self.0 {
            steps.push((step, value.clone()));
        }
    }

    /// The steps recorded so far, leaving none.
    pub(crate) fn take(&mut self) -> Vec<(&'static str, Value)> {
        self.0.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The trace entry, when tracing.
    pub(crate) fn finish(
        &mut self,
        state: &str,
        input: &Value,
        output: &Value,
    ) -> Option<StateTrace> {
        self.0.take().map(|steps| StateTrace {
            state: state.to_owned(),
            input: input.clone(),
            steps,
            output: output.clone(),
        })
    }
}
