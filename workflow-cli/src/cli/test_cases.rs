//! The test cases file of `workflow test` (`--cases FILE`): what Step Functions Local's mock
//! configuration leaves out, each test case's input and expected outcome, kept beside it.
//!
//! AWS's mock configuration (the "Configuration File for Mocked Service Integrations" page of
//! the Step Functions developer guide, `sfn-local-mock-cfg-file`) maps each test case's state
//! names to mocked responses, and nothing else: a key of its own inside a test case would be
//! read as a state name. So the input and the expectations live in a file of their own, shaped
//! like the mock configuration (`StateMachines` → name → `TestCases` → case), which Step
//! Functions Local never reads and which leaves the mock configuration AWS's own. The keys
//! follow the young runners of such suites (sfn-ai-local-test's `input`, `expectedOutput`,
//! `expectedPath`, `expectedError`), in the mock file's PascalCase:
//!
//! ```json
//! {
//!   "StateMachines": {
//!     "Checkout": {
//!       "Definition": "checkout.asl.json",
//!       "TestCases": {
//!         "HappyPath": { "Input": {"order": 7}, "Output": {"charged": true} },
//!         "RetryPath": { "Status": "FAILED", "Error": "Lambda.ResourceNotReadyException",
//!                        "States": ["Charge card"] }
//!       }
//!     }
//!   }
//! }
//! ```
//!
//! `Definition` (optional) is the machine's ASL file, relative to the cases file, or the name
//! of a workflow of the crate (`CrateWorkflow`). Per case, every key is optional: `Input` (the
//! execution input, `{}` by default), `Status` (`SUCCEEDED`, `FAILED`, `TIMED_OUT` or
//! `ABORTED`; `FAILED` when `Error` or `Cause` is given, else `SUCCEEDED`), `Output` (the output,
//! JSON-equal), `Error` and `Cause` (the execution's), `States` (the names of the states
//! entered, in order, branches and iterations included, as `workflow run --json` lists them).

use serde_json::{Map, Value};
use std::collections::HashMap;
use workflow_asl::Pointer;
use workflow_runtime::execution::ExecutionStatus;

/// What a test case is run on and expected to end with.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Expectation {
    /// The execution input.
    pub input: Option<Value>,
    /// How it ends.
    pub status: Option<ExecutionStatus>,
    /// Its output.
    pub output: Option<Value>,
    /// Its error.
    pub error: Option<String>,
    /// Its cause.
    pub cause: Option<String>,
    /// The states it enters, in order.
    pub states: Option<Vec<String>>,
}

impl Expectation {
    /// The status expected: the one written, else `FAILED` when an error or a cause is
    /// expected, else `SUCCEEDED`.
    pub(super) fn status(&self) -> ExecutionStatus {
        match &self.status {
            Some(status) => status.clone(),
            None if self.error.is_some() || self.cause.is_some() => ExecutionStatus::Failed,
            None => ExecutionStatus::Succeeded,
        }
    }
}

/// One state machine of the cases file.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct MachineCases {
    /// Its `Definition`: a file relative to the cases file, or a crate workflow's name.
    pub definition: Option<String>,
    /// Its test cases, by name.
    pub cases: HashMap<String, Expectation>,
}

/// A cases file that cannot be used: where (a JSON pointer) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CasesError {
    /// Where in the file.
    pub pointer: Pointer,
    /// What is wrong.
    pub message: String,
}

fn problem(pointer: &Pointer, message: impl Into<String>) -> CasesError {
    CasesError {
        pointer: pointer.clone(),
        message: message.into(),
    }
}

/// The keys a test case may have.
const CASE_KEYS: [&str; 6] = ["Input", "Status", "Output", "Error", "Cause", "States"];

/// Reads a cases file's JSON: state machine name → its cases. Unknown keys are refused (the
/// file is this tool's own), each problem at its pointer.
pub(super) fn parse(value: &Value) -> Result<HashMap<String, MachineCases>, CasesError> {
    let root = Pointer::root();
    let machines_at = root.key("StateMachines");
    let machines = object(value, &root)?
        .get("StateMachines")
        .ok_or_else(|| problem(&root, "needs a `StateMachines` object"))?;
    let mut parsed = HashMap::new();
    for (name, machine) in object(machines, &machines_at)? {
        let at = machines_at.key(name);
        let machine = object(machine, &at)?;
        let mut cases = MachineCases::default();
        for (key, value) in machine {
            match key.as_str() {
                "Definition" => {
                    cases.definition = Some(text(value, &at.key(key))?);
                }
                "TestCases" => {
                    let cases_at = at.key(key);
                    for (case, body) in object(value, &cases_at)? {
                        let expectation = expectation(body, &cases_at.key(case))?;
                        cases.cases.insert(case.clone(), expectation);
                    }
                }
                _ => {
                    return Err(problem(
                        &at.key(key),
                        format!(
                            "unknown key `{key}`: a state machine has `Definition` and `TestCases`"
                        ),
                    ));
                }
            }
        }
        parsed.insert(name.clone(), cases);
    }
    Ok(parsed)
}

fn expectation(body: &Value, at: &Pointer) -> Result<Expectation, CasesError> {
    let mut expected = Expectation::default();
    for (key, value) in object(body, at)? {
        let here = at.key(key);
        match key.as_str() {
            "Input" => expected.input = Some(value.clone()),
            "Output" => expected.output = Some(value.clone()),
            "Error" => expected.error = Some(text(value, &here)?),
            "Cause" => expected.cause = Some(text(value, &here)?),
            "Status" => {
                let written = text(value, &here)?;
                // The statuses an execution ends with (DescribeExecution's `status`, less
                // RUNNING and PENDING_REDRIVE, which a finished test run never has).
                let status = match written.as_str() {
                    "SUCCEEDED" => ExecutionStatus::Succeeded,
                    "FAILED" => ExecutionStatus::Failed,
                    "TIMED_OUT" => ExecutionStatus::TimedOut,
                    "ABORTED" => ExecutionStatus::Aborted,
                    _ => {
                        return Err(problem(
                            &here,
                            format!(
                                "`{written}` is not a status a run ends with: SUCCEEDED, FAILED, TIMED_OUT or ABORTED"
                            ),
                        ));
                    }
                };
                expected.status = Some(status);
            }
            "States" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| problem(&here, "must be an array of state names"))?;
                let mut states = Vec::with_capacity(list.len());
                for (i, state) in list.iter().enumerate() {
                    states.push(text(state, &here.index(i))?);
                }
                expected.states = Some(states);
            }
            _ => {
                return Err(problem(
                    &here,
                    format!(
                        "unknown key `{key}`: a test case has {}",
                        CASE_KEYS.map(|k| format!("`{k}`")).join(", ")
                    ),
                ));
            }
        }
    }
    Ok(expected)
}

fn object<'v>(value: &'v Value, at: &Pointer) -> Result<&'v Map<String, Value>, CasesError> {
    value
        .as_object()
        .ok_or_else(|| problem(at, "must be an object"))
}

fn text(value: &Value, at: &Pointer) -> Result<String, CasesError> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| problem(at, "must be a string"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_inputs_and_expectations_and_locates_mistakes() {
        let cases = parse(&json!({"StateMachines": {"SM": {
            "Definition": "sm.asl.json",
            "TestCases": {
                "Ok": {"Input": {"a": 1}, "Output": {"b": 2}, "States": ["A", "B"]},
                "Broken": {"Error": "E"}
            }
        }}}))
        .unwrap();
        let sm = &cases["SM"];
        assert_eq!(sm.definition.as_deref(), Some("sm.asl.json"));
        assert_eq!(sm.cases["Ok"].input, Some(json!({"a": 1})));
        assert_eq!(sm.cases["Ok"].status(), ExecutionStatus::Succeeded);
        assert_eq!(sm.cases["Broken"].status(), ExecutionStatus::Failed);

        let e = parse(&json!({"StateMachines": {"SM": {"TestCases": {"T": {"Expected": 1}}}}}))
            .unwrap_err();
        assert_eq!(e.pointer.as_str(), "/StateMachines/SM/TestCases/T/Expected");
        let e =
            parse(&json!({"StateMachines": {"SM": {"TestCases": {"T": {"States": ["A", 2]}}}}}))
                .unwrap_err();
        assert_eq!(e.pointer.as_str(), "/StateMachines/SM/TestCases/T/States/1");
        let e = parse(&json!({"StateMachines": {"SM": {"TestCases": {"T": {"Status": "DONE"}}}}}))
            .unwrap_err();
        assert!(e.message.contains("SUCCEEDED, FAILED"), "{}", e.message);
    }
}
