//! Mocked task responses in the format of Step Functions Local's `MockConfigFile`:
//!
//! ```json
//! {
//!   "StateMachines": {
//!     "Checkout": { "TestCases": { "HappyPath": { "Charge card": "ChargeOk" } } }
//!   },
//!   "MockedResponses": {
//!     "ChargeOk": {
//!       "0": { "Throw": { "Error": "Lambda.TooManyRequestsException", "Cause": "slow down" } },
//!       "1-2": { "Return": { "StatusCode": 200, "Payload": { "charged": true } } }
//!     }
//!   }
//! }
//! ```
//!
//! A test case maps state names to mocked responses; a response maps invocation indexes
//! (0 for the first call of that state, retries included) to a `Return` or a `Throw`.

use crate::core::task_outcome::{TaskFailure, TaskOutput};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use workflow_asl::ErrorName;

/// One mocked invocation.
#[derive(Clone, Debug, PartialEq)]
pub enum MockedResult {
    /// `Return`: the task succeeds with this result.
    Return(Value),
    /// `Throw`: the task fails with this error and cause.
    Throw(TaskFailure),
}

/// A parsed mock configuration file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MockConfig {
    /// State machine name → test case name → state name → response name, in file order.
    state_machines: IndexMap<String, IndexMap<String, HashMap<String, String>>>,
    /// Response name → (first index, last index, result), in file order.
    responses: HashMap<String, Response>,
}

/// A mock configuration that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfigError {
    /// Where in the file (a JSON pointer).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for MockConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mock configuration at {}: {}",
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            self.message
        )
    }
}

impl std::error::Error for MockConfigError {}

fn err(pointer: impl Into<String>, message: impl Into<String>) -> MockConfigError {
    MockConfigError {
        pointer: pointer.into(),
        message: message.into(),
    }
}

impl MockConfig {
    /// Parses a mock configuration from JSON text.
    pub fn from_json(text: &str) -> Result<Self, MockConfigError> {
        let value: Value =
            workflow_text::json::parse_data(text).map_err(|e| err("", format!("not JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Parses a mock configuration from a JSON value.
    pub fn from_value(value: &Value) -> Result<Self, MockConfigError> {
        let mut config = MockConfig::default();
        let machines = value
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or_else(|| err("", "needs a `StateMachines` object"))?;
        for (machine, body) in machines {
            let at = format!("/StateMachines/{machine}");
            let cases = body
                .get("TestCases")
                .and_then(Value::as_object)
                .ok_or_else(|| err(&at, "needs a `TestCases` object"))?;
            let mut parsed = IndexMap::new();
            for (case, states) in cases {
                let states = states.as_object().ok_or_else(|| {
                    err(
                        format!("{at}/TestCases/{case}"),
                        "must map state names to response names",
                    )
                })?;
                let mut mapping = HashMap::new();
                for (state, response) in states {
                    let response = response.as_str().ok_or_else(|| {
                        err(
                            format!("{at}/TestCases/{case}/{state}"),
                            "must be a response name",
                        )
                    })?;
                    mapping.insert(state.clone(), response.to_owned());
                }
                parsed.insert(case.clone(), mapping);
            }
            config.state_machines.insert(machine.clone(), parsed);
        }
        let responses = value
            .get("MockedResponses")
            .and_then(Value::as_object)
            .ok_or_else(|| err("", "needs a `MockedResponses` object"))?;
        for (name, by_index) in responses {
            let at = format!("/MockedResponses/{name}");
            let by_index = by_index.as_object().ok_or_else(|| {
                err(
                    &at,
                    "must map invocation indexes (\"0\", \"1-2\") to results",
                )
            })?;
            let mut entries = Vec::new();
            for (range, result) in by_index {
                let at = format!("{at}/{range}");
                let (first, last) = parse_range(range)
                    .ok_or_else(|| err(&at, "invocation indexes are `N` or `N-M` with N ≤ M"))?;
                entries.push((first, last, parse_result(result, &at)?));
            }
            config.responses.insert(name.clone(), entries);
        }
        for (machine, cases) in &config.state_machines {
            for (case, states) in cases {
                for (state, response) in states {
                    if !config.responses.contains_key(response) {
                        return Err(err(
                            format!("/StateMachines/{machine}/TestCases/{case}/{state}"),
                            format!("response `{response}` is not in `MockedResponses`"),
                        ));
                    }
                }
            }
        }
        Ok(config)
    }

    /// The state machine names the configuration has test cases for.
    pub fn state_machine_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.state_machines.keys().cloned().collect();
        names.sort();
        names
    }

    /// Every test case, as (state machine name, test case name), in the file's order.
    pub fn test_cases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.state_machines.iter().flat_map(|(machine, cases)| {
            cases
                .keys()
                .map(move |case| (machine.as_str(), case.as_str()))
        })
    }

    /// The mocks of one test case: state name → mocked responses.
    pub fn test_case(
        &self,
        state_machine: &str,
        test_case: &str,
    ) -> Result<Mocks, MockConfigError> {
        let cases = self.state_machines.get(state_machine).ok_or_else(|| {
            let known: Vec<&str> = self.state_machines.keys().map(String::as_str).collect();
            err(
                "/StateMachines",
                format!(
                    "no state machine `{state_machine}`; the file has {}",
                    known.join(", ")
                ),
            )
        })?;
        let states = cases.get(test_case).ok_or_else(|| {
            let known: Vec<&str> = cases.keys().map(String::as_str).collect();
            err(
                format!("/StateMachines/{state_machine}/TestCases"),
                format!(
                    "no test case `{test_case}`; the file has {}",
                    known.join(", ")
                ),
            )
        })?;
        let by_state = states
            .iter()
            .map(|(state, response)| {
                (
                    state.clone(),
                    (response.clone(), self.responses[response].clone()),
                )
            })
            .collect();
        Ok(Mocks { by_state })
    }
}

fn parse_range(range: &str) -> Option<(u32, u32)> {
    match range.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => range.trim().parse().ok().map(|n| (n, n)),
    }
}

fn parse_result(result: &Value, at: &str) -> Result<MockedResult, MockConfigError> {
    match (result.get("Return"), result.get("Throw")) {
        (Some(value), None) => Ok(MockedResult::Return(value.clone())),
        // A field the `Throw` leaves out was not reported, as `SendTaskFailure` may leave out
        // its error and its cause (see `TaskFailure::answered`).
        (None, Some(throw)) => {
            let field = |k: &str| throw.get(k).and_then(Value::as_str).map(str::to_owned);
            Ok(MockedResult::Throw(TaskFailure::answered(
                field("Error").map(ErrorName::from),
                field("Cause"),
            )))
        }
        _ => Err(err(at, "needs exactly one of `Return` and `Throw`")),
    }
}

/// A mocked response: (first invocation, last invocation, result) entries, in file order.
type Response = Vec<(u32, u32, MockedResult)>;

/// The mocked responses of one test case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mocks {
    /// State name → (response name, response).
    by_state: HashMap<String, (String, Response)>,
}

impl Mocks {
    /// The mocked state names, sorted.
    pub fn states(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.by_state.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// Whether `state` is mocked.
    pub fn covers(&self, state: &str) -> bool {
        self.by_state.contains_key(state)
    }

    /// The mocked result of the `invocation`-th call of `state` (0-based, retries included).
    pub fn result(&self, state: &str, invocation: u32) -> Option<Result<TaskOutput, TaskFailure>> {
        let (name, entries) = self.by_state.get(state)?;
        let found = entries
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&invocation));
        Some(match found {
            Some((_, _, MockedResult::Return(v))) => Ok(TaskOutput::from(v.clone())),
            Some((_, _, MockedResult::Throw(f))) => Err(f.clone()),
            None => Err(TaskFailure::new(
                ErrorName::Runtime,
                format!(
                    "mocked response `{name}` has no result for invocation {invocation} of state `{state}`"
                ),
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_ranges_returns_and_throws() {
        let config = MockConfig::from_value(&json!({
            "StateMachines": {"SM": {"TestCases": {"Retry": {"Call": "FailTwice"}}}},
            "MockedResponses": {"FailTwice": {
                "0-1": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "down"}},
                "2": {"Return": {"ok": true}}
            }}
        }))
        .unwrap();
        let mocks = config.test_case("SM", "Retry").unwrap();
        assert!(mocks.covers("Call"));
        assert_eq!(
            mocks.result("Call", 1),
            Some(Err(TaskFailure::new("Lambda.ServiceException", "down")))
        );
        assert_eq!(
            mocks.result("Call", 2).unwrap().unwrap().value,
            json!({"ok": true})
        );
        assert_eq!(
            mocks.result("Call", 3).unwrap().unwrap_err().error,
            ErrorName::Runtime
        );
        assert_eq!(mocks.result("Other", 0), None);
    }

    #[test]
    fn reports_bad_files_with_a_pointer() {
        let e = MockConfig::from_value(&json!({
            "StateMachines": {"SM": {"TestCases": {"T": {"A": "Missing"}}}},
            "MockedResponses": {}
        }))
        .unwrap_err();
        assert_eq!(e.pointer, "/StateMachines/SM/TestCases/T/A");
        let e = MockConfig::from_value(
            &json!({"StateMachines": {}, "MockedResponses": {"R": {"x": {"Return": 1}}}}),
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/MockedResponses/R/x");
        assert!(MockConfig::from_json("{").is_err());
        let config = MockConfig::from_value(
            &json!({"StateMachines": {"SM": {"TestCases": {}}}, "MockedResponses": {}}),
        )
        .unwrap();
        assert!(
            config
                .test_case("SM", "Nope")
                .unwrap_err()
                .message
                .contains("no test case `Nope`")
        );
    }
}
