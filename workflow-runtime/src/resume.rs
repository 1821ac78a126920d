//! A failed execution resumed on a fixed definition as a new state machine: the pure part of
//! `workflow resume --deploy`, which both the client (`Client::resume`, feature `client`) and
//! `workflow serve`'s console deploy. [`resume_definition`] synthesises a one-off state machine
//! from the fixed definition and the [`ResumePoint`] a local plan found
//! (`StartExecution::plan`); [`ResumeMachine`] adds what deploying and starting it take: its
//! name, its tags, its execution's name and input. `RedriveExecution` cannot do this: a
//! redriven execution runs the definition it started with.
//!
//! The synthesised machine is the fixed definition with one state before the resume state:
//! a Pass (`QueryLanguage: JSONata`) whose `Assign` restores the variables in scope and whose
//! `Output` is the resume state's input, each as a JSONata literal (JSON is JSONata: the
//! values are data, never evaluated as paths or `{% %}` expressions they may hold). What AWS
//! imposes on it decides how it is made:
//!
//! - **A state machine starts at one of its own top-level states**: `StartAt` "MUST exactly
//!   match" the name of a state of the same `States` object (the Amazon States Language
//!   specification, "Top-level fields"; AWS's `MISSING_TRANSITION_TARGET`), and a Parallel's
//!   branches and a Map's processor are state machines of their own. So a resume starts at a
//!   top-level state: a failure inside a Parallel branch, an inline Map iteration or a
//!   Distributed Map's child resumes at the Parallel or Map, whose branches, iterations or
//!   children all run again (a new Map Run). The local resume (`StartExecution::resume_failed`)
//!   runs again only the failed ones.
//! - **Every state is reachable from `StartAt`** (the same rule: ValidateStateMachineDefinition
//!   reports an unreachable state as `MISSING_TRANSITION_TARGET`): the states only the path
//!   before the resume state reached are left out of the synthesised machine.
//! - **JSONata in a JSONPath machine**: a state sets its own `QueryLanguage`, and a machine
//!   whose top-level language is JSONPath takes JSONata states (AWS documentation,
//!   "Transforming data with JSONata in Step Functions": workflows that use JSONPath may have
//!   "individual states" converted "to JSONata"); the prologue is a JSONata state, which a
//!   machine of either language takes.
//! - **Names**: state, state machine and execution names are 1 to 80 characters, the machine's
//!   and execution's without whitespace, brackets, wildcards or punctuation such as `" # % & , ; : /`
//!   (AWS documentation, "States", "CreateStateMachine", "StartExecution"). The machine is
//!   `<original machine>-resume-<hash>` and the execution `<original execution>-resume-<hash>`
//!   (each cut to 80), the hash of the original execution's ARN and the synthesised
//!   definition: the same resume deploys the same machine and starts the same execution.
//! - **Sizes**: a definition is at most 1,048,576 characters (the `Definition`'s `maxLength`
//!   in CloudFormation's `AWS::StepFunctions::StateMachine` schema), a state's input and each
//!   variable at most 256 KiB (AWS documentation, "Step Functions service quotas"): a resume
//!   whose restored input and variables do not fit is refused before any call.
//! - **Links**: AWS keeps nothing writable on an execution (`TagResource` takes state
//!   machines and activities; an execution's name and input are fixed at its start), so the
//!   original execution cannot point at its resume. The synthesised machine carries the link:
//!   the tags `workflow:resume-of` (the original execution's ARN) and `workflow:resume-state`
//!   (a tag's value is at most 256 characters, as an ARN is, and "may only contain Unicode
//!   letters, digits, white space, or these symbols: _ . : / = + - @", the API reference's
//!   TagResource: a state name's other characters are written `_`), and its name and its
//!   execution's name begin with the original's. `Client::resumes_of` finds an execution's
//!   resumes by them. The new execution's input is the original's (`$$.Execution.Input` is
//!   what it was); with `link_input` ([`ResumeMachine::synthesise`]), an object input also names the original
//!   (`"resumedFrom"`), which the states then see (another execution of the same machine: a
//!   name is taken with its input).
//! - **Context**: the new execution has its own `$$.Execution` (its ARN, name, start time, no
//!   redrive) and `$$.StateMachine`; a state that reads them sees the new execution's.

use crate::asl::validate::MAX_DEFINITION_BYTES;
use crate::engine::ResumePoint;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use workflow_aws_models::{MachineName, StatesArn, StatesResource};

/// The tag that names the execution a synthesised machine resumes.
pub const RESUME_OF_TAG: &str = "workflow:resume-of";
/// The tag that names the state a synthesised machine resumes at.
pub const RESUME_STATE_TAG: &str = "workflow:resume-state";

/// The most characters of a name (state machine, execution, state).
const MAX_NAME: usize = 80;

/// Why a resume's machine could not be synthesised.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot synthesise the resume's state machine: {0}")]
pub struct SynthesisError(pub String);

/// The one-off state machine that resumes at `point` on `definition` (the fixed definition's
/// JSON text): its JSON text. See the module's documentation for how it is made and why.
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::resume::resume_definition;
/// use workflow_runtime::engine::ResumePoint;
///
/// let fixed = r#"{"StartAt": "Load", "States": {
///     "Load": {"Type": "Pass", "Next": "Load2"},
///     "Load2": {"Type": "Pass", "Next": "Ship"},
///     "Ship": {"Type": "Pass", "End": true}}}"#;
/// let point = ResumePoint {
///     state: "Ship".into(),
///     input: json!({"order": 7}),
///     variables: [("tries".to_owned(), json!(2))].into_iter().collect(),
///     execution_input: json!({}),
///     named: false,
/// };
/// let synthesised: serde_json::Value = serde_json::from_str(&resume_definition(fixed, &point)?)?;
/// let start = synthesised["StartAt"].as_str().unwrap();
/// assert_eq!(synthesised["States"][start]["Next"], "Ship");
/// assert_eq!(synthesised["States"][start]["Output"], "{% {\"order\":7} %}");
/// assert_eq!(synthesised["States"][start]["Assign"]["tries"], "{% 2 %}");
/// // The states only the path before `Ship` reached are left out.
/// assert!(synthesised["States"].get("Load").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resume_definition(definition: &str, point: &ResumePoint) -> Result<String, SynthesisError> {
    let mut machine: Value = serde_json::from_str(definition)
        .map_err(|e| SynthesisError(format!("the definition is not JSON: {e}")))?;
    let states = machine
        .get("States")
        .and_then(Value::as_object)
        .ok_or_else(|| SynthesisError("the definition has no `States`".into()))?
        .clone();
    if !states.contains_key(&point.state) {
        return Err(SynthesisError(format!(
            "`{}` is not a top-level state of the definition",
            point.state
        )));
    }
    let prologue = prologue_name(&states, &point.state);
    let mut assign = Map::new();
    for (name, value) in &point.variables {
        assign.insert(name.clone(), Value::from(literal(value)));
    }
    let mut restore = Map::new();
    restore.insert("Type".into(), "Pass".into());
    restore.insert("QueryLanguage".into(), "JSONata".into());
    restore.insert(
        "Comment".into(),
        format!(
            "workflow resume: the input and the variables `{}` had where the execution failed",
            point.state
        )
        .into(),
    );
    if !assign.is_empty() {
        restore.insert("Assign".into(), Value::Object(assign));
    }
    restore.insert("Output".into(), Value::from(literal(&point.input)));
    restore.insert("Next".into(), Value::from(point.state.clone()));
    // Only the states reachable from the resume state stay (every state is reachable).
    let reachable = reachable_from(&states, &point.state);
    let mut kept = Map::new();
    kept.insert(prologue.clone(), Value::Object(restore));
    for (name, state) in states {
        if reachable.contains(&name) {
            kept.insert(name, state);
        }
    }
    if let Some(top) = machine.as_object_mut() {
        top.insert("StartAt".into(), Value::from(prologue));
        top.insert("States".into(), Value::Object(kept));
    }
    let text = machine.to_string();
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(SynthesisError(format!(
            "with the restored input and variables the definition is {} characters; AWS takes at most {} (a state's input and each variable are at most 256 KiB, but together with the definition they may not fit)",
            text.len(),
            MAX_DEFINITION_BYTES
        )));
    }
    Ok(text)
}

/// `value` as a JSONata expression that is that value: its JSON text (JSON is JSONata's
/// literal syntax for objects, arrays, strings, numbers, `true`, `false` and `null`).
fn literal(value: &Value) -> String {
    format!("{{% {value} %}}")
}

/// A name for the prologue that no state has: `Resume at <state>`, cut to 80 characters,
/// with a number when it is taken.
fn prologue_name(states: &Map<String, Value>, state: &str) -> String {
    let base: String = format!("Resume at {state}")
        .chars()
        .take(MAX_NAME)
        .collect();
    if !states.contains_key(&base) {
        return base;
    }
    for n in 2.. {
        let suffix = format!(" ({n})");
        let cut: String = base
            .chars()
            .take(MAX_NAME.saturating_sub(suffix.chars().count()))
            .collect();
        let name = format!("{cut}{suffix}");
        if !states.contains_key(&name) {
            return name;
        }
    }
    base
}

/// The top-level states reachable from `start` through `Next`, `Default`, a Choice rule's
/// `Next` and a Catcher's `Next`.
fn reachable_from(states: &Map<String, Value>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![start.to_owned()];
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(state) = states.get(&name) else {
            continue;
        };
        let mut targets: Vec<&Value> = Vec::new();
        targets.extend(state.get("Next"));
        targets.extend(state.get("Default"));
        for list in ["Choices", "Catch"] {
            if let Some(Value::Array(items)) = state.get(list) {
                targets.extend(items.iter().filter_map(|item| item.get("Next")));
            }
        }
        pending.extend(
            targets
                .into_iter()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    seen
}

/// `text` as a tag's value: the characters a tag may not hold (it "may only contain Unicode
/// letters, digits, white space, or these symbols: _ . : / = + - @") written `_`.
fn tag_value(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_alphanumeric() || c.is_whitespace() => c,
            '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@' => c,
            _ => '_',
        })
        .collect()
}

/// `name` with `-resume-<hash>` after it, cut to 80 characters.
fn resume_name(name: &str, hash: &str) -> String {
    let suffix = format!("-resume-{hash}");
    let cut: String = name
        .chars()
        .take(MAX_NAME.saturating_sub(suffix.len()))
        .collect();
    format!("{cut}{suffix}")
}

/// A short hash of the resume (FNV-1a of the original execution and the definition), in hex.
fn resume_hash(original: &StatesArn, definition: &str) -> String {
    let text = format!("{original}\n{definition}");
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:08x}", hash & 0xffff_ffff)
}

/// The one-off state machine of a resume, as it is deployed and started: its definition
/// ([`resume_definition`]), its name and tags, and its execution's name and input. The names
/// follow from the original execution and the synthesised definition, so the same resume
/// deploys the same machine and starts the same execution (see the module's documentation).
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::engine::ResumePoint;
/// use workflow_runtime::resume::{RESUME_OF_TAG, ResumeMachine};
///
/// let original = "arn:aws:states:eu-west-1:123456789012:execution:Etl:nightly".parse()?;
/// let fixed = r#"{"StartAt": "Load", "States": {
///     "Load": {"Type": "Pass", "Next": "Ship"},
///     "Ship": {"Type": "Pass", "End": true}}}"#;
/// let point = ResumePoint {
///     state: "Ship".into(),
///     input: json!({"order": 7}),
///     variables: Default::default(),
///     execution_input: json!({"day": "monday"}),
///     named: false,
/// };
/// let resume = ResumeMachine::synthesise(&original, fixed, &point, true)?;
/// assert!(resume.machine_name.starts_with("Etl-resume-"));
/// assert!(resume.execution_name.starts_with("nightly-resume-"));
/// assert!(resume.tags.contains(&(RESUME_OF_TAG.to_owned(), original.to_string())));
/// assert_eq!(resume.input["resumedFrom"], original.to_string());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ResumeMachine {
    /// The synthesised definition's JSON text.
    pub definition: String,
    /// The state machine's name: `<original machine>-resume-<hash>`, at most 80 characters.
    pub machine_name: String,
    /// Its tags: [`RESUME_OF_TAG`] (the original execution's ARN) and [`RESUME_STATE_TAG`]
    /// (the resume state, as a tag's value may hold it).
    pub tags: Vec<(String, String)>,
    /// The new execution's name: `<original execution>-resume-<hash>`, at most 80 characters.
    pub execution_name: String,
    /// The new execution's input: the original's, and with `link_input` (an object input
    /// only) `"resumedFrom"`, the original execution's ARN.
    pub input: Value,
}

impl ResumeMachine {
    /// The resume of the execution `original` at `point` on the fixed `definition` (JSON
    /// text); with `link_input`, its input names the original (`"resumedFrom"`), which makes
    /// it another execution of the same machine.
    pub fn synthesise(
        original: &StatesArn,
        definition: &str,
        point: &ResumePoint,
        link_input: bool,
    ) -> Result<ResumeMachine, SynthesisError> {
        let (Some(machine), Some(execution_name)) = (original.machine(), original.execution_name())
        else {
            return Err(SynthesisError(format!(
                "`{original}` is not an execution's ARN"
            )));
        };
        let synthesised = resume_definition(definition, point)?;
        let hash = resume_hash(original, &synthesised);
        // A resume whose input names the original is another execution of the same machine.
        let execution_hash = match link_input {
            true => resume_hash(original, &format!("{synthesised}\nresumedFrom")),
            false => hash.clone(),
        };
        let mut input = point.execution_input.clone();
        if link_input && let Some(map) = input.as_object_mut() {
            map.insert("resumedFrom".into(), original.to_string().into());
        }
        Ok(ResumeMachine {
            machine_name: resume_name(&machine.to_string().replace('/', "-"), &hash),
            tags: vec![
                (RESUME_OF_TAG.to_owned(), original.to_string()),
                (RESUME_STATE_TAG.to_owned(), tag_value(&point.state)),
            ],
            execution_name: resume_name(execution_name, &execution_hash),
            input,
            definition: synthesised,
        })
    }

    /// The ARN of the new execution once the machine is `state_machine` (what a start answers,
    /// and what a start of the same resume before started).
    pub fn execution_arn(&self, state_machine: &StatesArn) -> StatesArn {
        state_machine.sibling(StatesResource::Execution {
            machine: MachineName::new(
                state_machine
                    .machine()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            name: self.execution_name.clone(),
        })
    }

    /// What the names of the machines that resume an execution of `original`'s machine begin
    /// with (before `-resume-`): the machine's name, cut as [`ResumeMachine::machine_name`]
    /// cuts it.
    pub fn name_prefix(original: &StatesArn) -> String {
        original
            .machine()
            .map(|m| {
                let name = m.to_string().replace('/', "-");
                name.chars()
                    .take(MAX_NAME.saturating_sub("-resume-00000000".len()))
                    .collect::<String>()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn point(state: &str, input: Value) -> ResumePoint {
        ResumePoint {
            state: state.into(),
            input,
            variables: Map::new(),
            execution_input: json!({}),
            named: false,
        }
    }

    #[test]
    fn the_prologue_restores_values_as_data_and_keeps_what_the_resume_reaches() {
        let fixed = json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f"}, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}],
                  "Next": "C"},
            "C": {"Type": "Succeed"},
            "Oops": {"Type": "Fail"},
            "Resume at B": {"Type": "Pass", "Next": "B"}}})
        .to_string();
        let tricky = json!({"path.$": "$.x", "expr": "{% $boom %}", "quote": "a\"b"});
        let text = resume_definition(&fixed, &point("B", tricky.clone())).unwrap();
        let synthesised: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(synthesised["StartAt"], "Resume at B (2)");
        let states = synthesised["States"].as_object().unwrap();
        let names: BTreeSet<&str> = states.keys().map(String::as_str).collect();
        assert_eq!(names, BTreeSet::from(["B", "C", "Oops", "Resume at B (2)"]));
        let output = synthesised["States"]["Resume at B (2)"]["Output"]
            .as_str()
            .unwrap();
        // The literal between `{%` and `%}` is the value's JSON.
        let inner = output
            .strip_prefix("{% ")
            .unwrap()
            .strip_suffix(" %}")
            .unwrap();
        assert_eq!(serde_json::from_str::<Value>(inner).unwrap(), tricky);
        assert!(resume_definition(&fixed, &point("Nowhere", json!({}))).is_err());
    }

    #[test]
    fn names_are_cut_to_eighty_characters_and_the_hash_follows_the_resume() {
        let long = "m".repeat(90);
        let name = resume_name(&long, "0123abcd");
        assert_eq!(name.chars().count(), 80);
        assert!(name.ends_with("-resume-0123abcd"));
        let arn: StatesArn = "arn:aws:states:us-east-1:123456789012:execution:M:e"
            .parse()
            .unwrap();
        assert_eq!(resume_hash(&arn, "a"), resume_hash(&arn, "a"));
        assert_ne!(resume_hash(&arn, "a"), resume_hash(&arn, "b"));
        assert_eq!(tag_value("Sorted? (big)"), "Sorted_ _big_");
    }
}
