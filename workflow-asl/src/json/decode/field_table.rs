//! Which state types accept which fields (the spec's field matrix, both query languages),
//! used to explain a misplaced field better than "unknown field".

use crate::model::{ComparisonOperator, StateKind};
use StateKind::*;

const NOT_TERMINAL: &[StateKind] = &[Pass, Task, Wait, Parallel, Map];
const ALL_BUT_FAIL: &[StateKind] = &[Pass, Task, Choice, Wait, Succeed, Parallel, Map];
const ASSIGNING: &[StateKind] = &[Pass, Task, Choice, Wait, Parallel, Map];
const WORKING: &[StateKind] = &[Task, Parallel, Map];

/// The state types that accept `field`, or `None` when it is no state field at all.
pub(crate) fn state_types_with(field: &str) -> Option<&'static [StateKind]> {
    Some(match field {
        "Next" | "End" => NOT_TERMINAL,
        "InputPath" | "OutputPath" | "Output" => ALL_BUT_FAIL,
        "Assign" => ASSIGNING,
        "Parameters" => &[Pass, Task, Parallel, Map],
        "ResultPath" => &[Pass, Task, Parallel, Map],
        "ResultSelector" | "Retry" | "Catch" => WORKING,
        "Arguments" => &[Task, Parallel],
        "Result" => &[Pass],
        "Resource"
        | "TimeoutSeconds"
        | "TimeoutSecondsPath"
        | "HeartbeatSeconds"
        | "HeartbeatSecondsPath"
        | "Credentials" => &[Task],
        "Choices" | "Default" => &[Choice],
        "Seconds" | "Timestamp" | "SecondsPath" | "TimestampPath" => &[Wait],
        "Error" | "Cause" | "ErrorPath" | "CausePath" => &[Fail],
        "Branches" => &[Parallel],
        "ItemProcessor"
        | "Iterator"
        | "ItemsPath"
        | "Items"
        | "ItemSelector"
        | "ItemReader"
        | "ItemBatcher"
        | "ResultWriter"
        | "MaxConcurrency"
        | "MaxConcurrencyPath"
        | "ToleratedFailurePercentage"
        | "ToleratedFailurePercentagePath"
        | "ToleratedFailureCount"
        | "ToleratedFailureCountPath"
        | "Label" => &[Map],
        _ => return None,
    })
}

/// A message for a field that exists in ASL but not in this state type (or not in states).
pub(crate) fn misplaced_field(kind: StateKind, field: &str) -> Option<String> {
    let here = kind.as_str();
    if field == "Condition" || field == "Variable" || ComparisonOperator::from_name(field).is_some()
    {
        return Some(format!(
            "`{field}` belongs in a rule of a Choice state's `Choices`, not in a {here} state"
        ));
    }
    if field == "StartAt" || field == "States" {
        return Some(format!(
            "`{field}` belongs to a machine, a Parallel branch or a Map processor, not to a {here} state"
        ));
    }
    let kinds = state_types_with(field)?;
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    let list = match names.as_slice() {
        [one] => format!("{one} states"),
        [init @ .., last] => format!("{} and {last} states", init.join(", ")),
        [] => return None,
    };
    let extra = match (kind, field) {
        (Choice | Succeed | Fail, "Next" | "End") => {
            "; a Choice state moves on through its rules and `Default`, Succeed and Fail end the execution"
        }
        _ => "",
    };
    Some(format!(
        "`{field}` is not allowed in a {here} state; only {list} have it{extra}"
    ))
}

/// Whether `field` belongs to a machine, branch or processor object (not to a state).
pub(crate) fn is_machine_field(field: &str) -> bool {
    matches!(
        field,
        "StartAt"
            | "States"
            | "Comment"
            | "QueryLanguage"
            | "TimeoutSeconds"
            | "Version"
            | "ProcessorConfig"
    )
}
