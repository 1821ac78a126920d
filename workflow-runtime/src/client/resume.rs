//! A failed execution resumed on AWS on a fixed definition (`workflow resume --deploy`):
//! [`resume_definition`] synthesises a one-off state machine from the fixed definition and
//! the [`ResumePoint`] a local plan found (`StartExecution::plan`), and [`Client::resume`]
//! deploys it (idempotently), tags it with the original execution's ARN and starts it.
//! `RedriveExecution` cannot do this: a redriven execution runs the definition it started
//! with.
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
//!   execution's name begin with the original's. [`Client::resumes_of`] finds an execution's
//!   resumes by them. The new execution's input is the original's (`$$.Execution.Input` is
//!   what it was); with [`ResumeOptions::link_input`], an object input also names the original
//!   (`"resumedFrom"`), which the states then see (another execution of the same machine: a
//!   name is taken with its input).
//! - **Context**: the new execution has its own `$$.Execution` (its ARN, name, start time, no
//!   redrive) and `$$.StateMachine`; a state that reads them sees the new execution's.

use super::{Client, DeployAction, Error, ExecutionRef, Result, StateMachineRef, StateMachineSpec};
use crate::engine::ResumePoint;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use workflow_aws_models::{MachineName, RoleArn, StatesArn, StatesResource};

/// The tag that names the execution a synthesised machine resumes.
pub const RESUME_OF_TAG: &str = "workflow:resume-of";
/// The tag that names the state a synthesised machine resumes at.
pub const RESUME_STATE_TAG: &str = "workflow:resume-state";

/// The most characters of a name (state machine, execution, state).
const MAX_NAME: usize = 80;

/// How a resume is deployed and started.
#[derive(Clone, Debug, Default)]
pub struct ResumeOptions {
    /// The execution role of the synthesised machine (by default the original execution's,
    /// as its `ExecutionStarted` names it).
    pub role_arn: Option<RoleArn>,
    /// Whether the new execution's input (the original's, when it is a JSON object) also
    /// names the original execution (`"resumedFrom"`).
    pub link_input: bool,
}

/// A resume deployed and started.
#[derive(Clone, Debug)]
pub struct ResumeDeployment {
    /// The synthesised state machine.
    pub state_machine: StateMachineRef,
    /// Whether it was created, updated or already there.
    pub action: DeployAction,
    /// The new execution (started now, or by the same resume before).
    pub execution: ExecutionRef,
    /// The synthesised definition.
    pub definition: String,
}

/// Why a resume's machine could not be synthesised.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot synthesise the resume's state machine: {0}")]
pub struct SynthesisError(pub String);

/// The one-off state machine that resumes at `point` on `definition` (the fixed definition's
/// JSON text): its JSON text. See the module's documentation for how it is made and why.
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::client::resume_definition;
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
pub fn resume_definition(
    definition: &str,
    point: &ResumePoint,
) -> std::result::Result<String, SynthesisError> {
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
    if text.len() > super::MAX_DEFINITION_BYTES {
        return Err(SynthesisError(format!(
            "with the restored input and variables the definition is {} characters; AWS takes at most {} (a state's input and each variable are at most 256 KiB, but together with the definition they may not fit)",
            text.len(),
            super::MAX_DEFINITION_BYTES
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

impl Client {
    /// Resumes the execution `original` on AWS at `point` (a local plan's, or a state named
    /// to resume at) on the fixed `definition` (JSON text): synthesises the one-off state
    /// machine ([`resume_definition`]), deploys it idempotently ([`Client::deploy_spec`]:
    /// created, or left as it is when the same resume deployed it) tagged with the original
    /// execution's ARN and the resume state, and starts it, named after the original (the
    /// same resume started before is that execution: `ExecutionAlreadyExists` answers with
    /// it). The role is `options.role_arn`, else `record_role` (the role the original
    /// execution ran with).
    pub async fn resume(
        &self,
        original: &StatesArn,
        definition: &str,
        point: &ResumePoint,
        record_role: Option<&RoleArn>,
        options: &ResumeOptions,
    ) -> Result<ResumeDeployment> {
        let synthesised =
            resume_definition(definition, point).map_err(|e| Error::Config(e.to_string()))?;
        let role = options
            .role_arn
            .clone()
            .or_else(|| record_role.cloned())
            .ok_or_else(|| {
                Error::Config(
                    "the record names no execution role: give the synthesised machine one (`--role-arn`)".into(),
                )
            })?;
        let (Some(machine), Some(execution_name)) = (original.machine(), original.execution_name())
        else {
            return Err(Error::Config(format!(
                "`{original}` is not an execution's ARN"
            )));
        };
        let hash = resume_hash(original, &synthesised);
        let machine_name = resume_name(&machine.to_string().replace('/', "-"), &hash);
        // A resume whose input names the original is another execution of the same machine.
        let execution_hash = match options.link_input {
            true => resume_hash(original, &format!("{synthesised}\nresumedFrom")),
            false => hash.clone(),
        };
        let spec = StateMachineSpec::new(machine_name, synthesised.clone(), role)
            .tag(RESUME_OF_TAG, original.to_string())
            .tag(RESUME_STATE_TAG, tag_value(&point.state));
        let deployed = self.deploy_spec(&spec).await?;
        let mut input = point.execution_input.clone();
        if options.link_input
            && let Some(map) = input.as_object_mut()
        {
            map.insert("resumedFrom".into(), original.to_string().into());
        }
        let name = resume_name(execution_name, &execution_hash);
        let execution = match deployed
            .state_machine
            .execute_any(&input)
            .name(name.clone())
            .send()
            .await
        {
            Ok(execution) => execution,
            // The same resume, started before.
            Err(Error::AlreadyExists(_)) => {
                let arn = deployed
                    .state_machine
                    .arn()
                    .sibling(StatesResource::Execution {
                        machine: MachineName::new(
                            deployed
                                .state_machine
                                .arn()
                                .machine()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                        ),
                        name,
                    });
                self.execution(arn)
            }
            Err(e) => return Err(e),
        };
        Ok(ResumeDeployment {
            state_machine: deployed.state_machine,
            action: deployed.action,
            execution,
            definition: synthesised,
        })
    }

    /// The state machines that resume the execution `original` (their `workflow:resume-of`
    /// tag names it), and the state each resumes at (as its tag holds it: a character a tag
    /// cannot hold written `_`), among the machines whose names begin with the original's
    /// machine and `-resume-` (`ListStateMachines`, then `ListTagsForResource` of each).
    pub async fn resumes_of(&self, original: &StatesArn) -> Result<Vec<(StatesArn, String)>> {
        let prefix = original
            .machine()
            .map(|m| {
                let name = m.to_string().replace('/', "-");
                name.chars()
                    .take(MAX_NAME.saturating_sub("-resume-00000000".len()))
                    .collect::<String>()
            })
            .unwrap_or_default();
        let mut found = Vec::new();
        for machine in self.list_state_machines().await? {
            if !machine.name.starts_with(&prefix) || !machine.name.contains("-resume-") {
                continue;
            }
            let tags: HashMap<String, String> = self
                .list_tags_for_resource(&machine.arn)
                .await?
                .into_iter()
                .collect();
            if tags.get(RESUME_OF_TAG) == Some(&original.to_string()) {
                let state = tags.get(RESUME_STATE_TAG).cloned().unwrap_or_default();
                found.push((machine.arn, state));
            }
        }
        Ok(found)
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
