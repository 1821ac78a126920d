//! A failed execution resumed on a fixed definition as a new state machine: the pure part of
//! `workflow resume --deploy`, which both the client (`Client::resume`, feature `client`) and
//! `workflow serve`'s console deploy. [`resume_definition`] synthesises a one-off state machine
//! from the fixed definition and the [`ResumePoint`] a local plan found
//! (`StartExecution::plan`, which reads from the record what ran inside the resume state:
//! [`Strands`]); [`ResumeMachine`] adds what deploying and starting it take: its name, its
//! tags, its execution's name and input, and the machines that resume the child executions
//! it starts. `RedriveExecution` cannot do this: a redriven execution runs the definition it
//! started with.
//!
//! The synthesised machine never runs again what succeeded in the record: every Task, branch,
//! iteration and child execution that succeeded is taken from it, whatever the fix changed
//! (AWS's redrive keeps them too: "Redriving executions", the Developer Guide); what failed,
//! was aborted or never started runs on the fix. It is the fixed definition with one state
//! before the resume state: a Pass (`QueryLanguage: JSONata`) whose `Assign` restores the
//! variables in scope and whose `Output` is the resume state's input, each as a JSONata
//! literal (JSON is JSONata: the values are data, never evaluated as paths or `{% %}`
//! expressions they may hold). Inside the resume state, each branch, iteration and child
//! the record holds is routed to its recorded output or to where it stopped (`inside`: the
//! tables and routes). What AWS imposes on it decides how it is made:
//!
//! - **A state machine starts at one of its own top-level states**: `StartAt` "MUST exactly
//!   match" the name of a state of the same `States` object (the Amazon States Language
//!   specification, "Top-level fields"; AWS's `MISSING_TRANSITION_TARGET`), and a Parallel's
//!   branches and a Map's processor are state machines of their own, whose `StartAt` the
//!   same rule binds. So the machine starts at the top-level state the record stopped in,
//!   and each branch or processor the record stopped in starts with a route of its own (a
//!   Choice) that sends it where the record says.
//! - **What a branch, an iteration or a child sees**: a Parallel's branches and an inline
//!   Map's iterations see the variables of the scopes that enclose them, but assign their
//!   own; a Distributed Map's child executions see none of their parent's, only what the
//!   `ItemSelector` passes them, which is evaluated in the Map's scope and may read its
//!   variables (AWS Developer Guide, "Passing data between states with variables", its section
//!   on variable scope; recalled, not re-read in this session). The context object's
//!   `Map.Item.Index` and `Map.Item.Value` are available in the `ItemSelector` only (the
//!   Developer Guide's "Context object", its Map state section). So an item learns
//!   what the record says of it through the `ItemSelector`: its index, looked up in a
//!   variable by an iteration, or its entry (a JSONata `ItemSelector`), or the table and its
//!   index (a JSONPath one: JSONPath cannot index by an expression) for a child.
//! - **A variable is assigned in its own scope, and an inner scope may not assign a name
//!   an enclosing scope assigned** (the same page, and AWS's `STATES_VARIABLE_…` validation):
//!   the tables are fresh names (`resumeTable<n>`, in no other use in the definition), each
//!   assigned in the scope that holds its Parallel or Map; a branch's or an iteration's own
//!   variables are restored in its own scope, by its route.
//! - **JSONata in a JSONPath machine**: a state sets its own `QueryLanguage`, and a machine
//!   whose top-level language is JSONPath takes JSONata states (AWS documentation,
//!   "Transforming data with JSONata in Step Functions": workflows that use JSONPath may have
//!   "individual states" converted "to JSONata"); the prologue and the routes are JSONata
//!   states, which a machine, a branch or a processor of either language takes. A Map's
//!   `ItemSelector` keeps its Map's language. An unassigned variable is `undefined` in JSONata
//!   (an item that starts afresh reads no entry), and a JSONPath reference to one fails: a
//!   Distributed Map in JSONPath reads its table in every branch or item that reaches it, so
//!   every route of the scope that holds it assigns it (`null` where nothing is taken).
//! - **State names are unique across the whole machine**, branches and processors included
//!   (ASL "States"; the validator's `check_unique_names`), at most 80 characters: every state
//!   made has a name no state has.
//! - **Every state is reachable from `StartAt`** (the same rule: ValidateStateMachineDefinition
//!   reports an unreachable state as `MISSING_TRANSITION_TARGET`): the top-level states only
//!   the path before the resume state reached are left out of the synthesised machine; a
//!   route's default is its branch's start, from which the rest is reachable as in the fix.
//! - **A container entered again runs as the fix says**: a Parallel's or Map's `Assign` (and
//!   its Catchers') sets its table to `null` as it ends, so a loop that comes back to it finds
//!   no entry.
//! - **Batches**: with an `ItemBatcher`, a child's input is a batch of items ("ItemBatcher":
//!   `{"Items": [...], "BatchInput": ...}`) and the record does not say which items a child's
//!   batch held: such a resume is refused.
//! - **`ItemReader` and `ResultWriter`**: the Map reads its items again from their source (the
//!   routes key items by index: a source that changed since routes the record's outcomes to
//!   other items); its `ResultWriter` writes the new Map Run's results, in which a child taken
//!   from the record is a child that succeeded at once, its `Input` the wrapped item.
//! - **A child execution a top-level Task started** (`states:startExecution`, any pattern)
//!   that failed is resumed from its own record, as its own one-off machine
//!   ([`ChildMachine`], deployed before this one): the Task's `StateMachineArn` names that
//!   machine. A child started inside a branch or an iteration is refused: each would need its
//!   own machine per item. The execution role must be allowed to start the child's resume
//!   machine (`<child machine>-resume-<hash>`).
//! - **Names**: state, state machine and execution names are 1 to 80 characters, the machine's
//!   and execution's without whitespace, brackets, wildcards or punctuation such as `" # % & , ; : /`
//!   (AWS documentation, "States", "CreateStateMachine", "StartExecution"). The machine is
//!   `<original machine>-resume-<hash>` and the execution `<original execution>-resume-<hash>`
//!   (each cut to 80), the hash of the original execution's ARN and the synthesised
//!   definition: the same resume deploys the same machine and starts the same execution.
//! - **Sizes**: a definition is at most 1,048,576 characters (the `Definition`'s `maxLength`
//!   in CloudFormation's `AWS::StepFunctions::StateMachine` schema); a state's input or output
//!   at most 256 KiB ("Step Functions service quotas"); a variable at most 256 KiB, and the
//!   variables of one `Assign` together at most 256 KiB ("Passing data between states with
//!   variables", its limits; recalled, not re-read in this session). So what the record holds
//!   inside the resume state (every output taken, every input and variable restored) must fit
//!   one variable: a resume whose restored input, variables or tables do not fit is refused
//!   before any call, naming the alternatives (a local resume, `RedriveExecution`). A
//!   JSONPath Distributed Map passes its whole table to each child with the item: the two
//!   together must fit a child's input.
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
//!   redrive) and `$$.StateMachine`; a state that reads them sees the new execution's, and a
//!   state the routes added is a state of its history (`$$.State.Name` of the states the fix
//!   holds is theirs).

mod inside;
#[cfg(test)]
mod tests;

use crate::asl::validate::MAX_DEFINITION_BYTES;
use crate::engine::{ResumePoint, Strands};
use inside::{ALTERNATIVES, Inside, MAX_PAYLOAD_BYTES};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use workflow_aws_models::{MachineName, RoleArn, StatesArn, StatesResource};

/// Why a resume's machine is not deployed at `arn`, where a machine of its name already holds
/// `deployed`, another definition than the resume's `synthesised` (a resume's name holds a hash
/// of the original execution and the synthesised definition, so another definition there is
/// another resume's, or a machine changed by hand): it is never overwritten, by the client
/// (`Client::resume`) and the console alike. `None` when it is the same definition: the same
/// resume, deployed before.
pub fn occupied(arn: &StatesArn, deployed: &str, synthesised: &str) -> Option<String> {
    (deployed != synthesised).then(|| {
        format!("State Machine Already Exists: '{arn}', with another definition than this resume's")
    })
}

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
///     visit: None,
///     strands: None,
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
    synthesise(definition, point).map(|s| s.definition)
}

/// A synthesised definition, and the machines of the child executions it resumes.
struct Synthesised {
    definition: String,
    children: Vec<ChildMachine>,
}

/// The synthesised definition of the resume at `point` on `definition`, and the machines
/// that resume the child executions it starts (deepest first).
fn synthesise(definition: &str, point: &ResumePoint) -> Result<Synthesised, SynthesisError> {
    let mut machine: Value = serde_json::from_str(definition)
        .map_err(|e| SynthesisError(format!("the definition is not JSON: {e}")))?;
    if !machine
        .get("States")
        .and_then(Value::as_object)
        .is_some_and(|states| states.contains_key(&point.state))
    {
        return Err(SynthesisError(format!(
            "`{}`, where the record stopped, is not a top-level state of the fixed definition (removed or renamed): keep the state's name, or name a top-level state to resume at (`--from-state`)",
            point.state
        )));
    }
    let mut inside = Inside::new(&machine, definition);
    let mut assign = Map::new();
    for (name, value) in &point.variables {
        assign.insert(name.clone(), Value::from(literal(value)));
    }
    let mut restored: Vec<(String, usize)> = point
        .variables
        .iter()
        .map(|(name, value)| (format!("the variable `{name}`"), value.to_string().len()))
        .collect();
    let mut children = Vec::new();
    match &point.strands {
        Some(Strands::Execution(child)) => {
            children = ChildMachine::synthesise(child)?;
            if let Some(resumed) = children.last() {
                point_task_at(&mut machine, &point.state, &resumed.state_machine)?;
            }
        }
        Some(strands) => {
            let (variable, table) = inside.top(&point.state, strands)?;
            restored.push((
                format!("what the record holds inside `{}`", point.state),
                table.to_string().len(),
            ));
            assign.insert(variable, Value::from(literal(&table)));
            inside.apply(&mut machine)?;
        }
        None => {}
    }
    restored.push((
        format!("the input of `{}`", point.state),
        point.input.to_string().len(),
    ));
    fits(&restored)?;
    let prologue = inside.fresh(&format!("Resume at {}", point.state));
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
    let states = machine
        .get("States")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
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
            "with the restored input, variables and recorded outcomes the definition is {} characters; AWS takes at most {} (a state's input and each variable are at most 256 KiB, but together with the definition they may not fit): {ALTERNATIVES}",
            text.len(),
            MAX_DEFINITION_BYTES
        )));
    }
    Ok(Synthesised {
        definition: text,
        children,
    })
}

/// Refuses what a variable or a state's input cannot hold: each of `restored` (what it is,
/// its size in bytes of JSON) at most 256 KiB, and together (one `Assign`) at most 256 KiB.
fn fits(restored: &[(String, usize)]) -> Result<(), SynthesisError> {
    if let Some((what, size)) = restored.iter().find(|(_, size)| *size > MAX_PAYLOAD_BYTES) {
        return Err(SynthesisError(format!(
            "{what} is {size} bytes of JSON, more than the {MAX_PAYLOAD_BYTES} a state's input or a variable may hold: {ALTERNATIVES}"
        )));
    }
    let assigned: usize = restored
        .iter()
        .filter(|(what, _)| !what.starts_with("the input"))
        .map(|(_, size)| size)
        .sum();
    if assigned > MAX_PAYLOAD_BYTES {
        return Err(SynthesisError(format!(
            "the variables the resume restores (with what the record holds inside the resume state) come to {assigned} bytes of JSON, more than the {MAX_PAYLOAD_BYTES} one `Assign` may hold: {ALTERNATIVES}"
        )));
    }
    Ok(())
}

/// Points the top-level Task `state` (a `states:startExecution` Task) at the machine
/// `child` that resumes the child execution it started.
fn point_task_at(
    machine: &mut Value,
    state: &str,
    child: &StatesArn,
) -> Result<(), SynthesisError> {
    let task = machine
        .get_mut("States")
        .and_then(|s| s.get_mut(state))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| SynthesisError(format!("`{state}` is not a state")))?;
    let resource = task
        .get("Resource")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !resource.starts_with("arn:aws:states:::states:startExecution") {
        return Err(SynthesisError(format!(
            "`{state}` started a child execution in the record but is no `states:startExecution` Task in the fixed definition: {ALTERNATIVES}"
        )));
    }
    let key = inside::present_or(task, "Arguments", "Parameters");
    let request = task
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| {
            SynthesisError(format!(
                "the `{key}` of `{state}` are not an object (one expression): the resume cannot name the machine that resumes its child execution in them; {ALTERNATIVES}"
            ))
        })?;
    request.remove("StateMachineArn.$");
    request.insert("StateMachineArn".into(), child.to_string().into());
    Ok(())
}

/// `value` as a JSONata expression that is that value: its JSON text (JSON is JSONata's
/// literal syntax for objects, arrays, strings, numbers, `true`, `false` and `null`).
fn literal(value: &Value) -> String {
    format!("{{% {value} %}}")
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
///     visit: None,
///     strands: None,
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
    /// The machines that resume the child executions it starts (a failed child a top-level
    /// `states:startExecution` Task started: [`Strands::Execution`]), to deploy before it, the
    /// deepest first; its definition names their ARNs.
    pub children: Vec<ChildMachine>,
}

/// The one-off state machine that resumes a child execution a `states:startExecution` Task
/// started ([`crate::engine::ResumedChild`]), on the definition the point holds: the parent's
/// resume starts it in the child's place. Named and tagged as a [`ResumeMachine`] is, after
/// the child execution; no execution of it is started but the parent's Task's.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildMachine {
    /// Its ARN: `<child's machine>-resume-<hash>` in the child execution's region and
    /// account.
    pub state_machine: StatesArn,
    /// Its name.
    pub machine_name: String,
    /// The synthesised definition's JSON text.
    pub definition: String,
    /// Its tags: [`RESUME_OF_TAG`] (the child execution's ARN) and [`RESUME_STATE_TAG`].
    pub tags: Vec<(String, String)>,
    /// The role the child execution ran with, as its record names it.
    pub role_arn: Option<RoleArn>,
}

impl ChildMachine {
    /// The machines that resume `child` (its own children's first, then its own).
    fn synthesise(
        child: &crate::engine::ResumedChild,
    ) -> Result<Vec<ChildMachine>, SynthesisError> {
        let synthesised = synthesise(&child.definition, &child.point)?;
        let (machine_name, tags) = machine_identity(
            &child.execution,
            &synthesised.definition,
            &resumed_at(&child.point),
        )?;
        let state_machine =
            child
                .execution
                .sibling(StatesResource::state_machine(MachineName::new(
                    machine_name.as_str(),
                )));
        let mut machines = synthesised.children;
        machines.push(ChildMachine {
            state_machine,
            machine_name,
            definition: synthesised.definition,
            tags,
            role_arn: child.role_arn.clone(),
        });
        Ok(machines)
    }
}

/// What a resume's [`RESUME_STATE_TAG`] names: the visit named to resume at (`Each[4]/Pack`),
/// else the state.
fn resumed_at(point: &ResumePoint) -> String {
    point
        .visit
        .as_ref()
        .map_or_else(|| point.state.clone(), ToString::to_string)
}

/// The name (`<machine>-resume-<hash>`) and tags of the machine that resumes the execution
/// `original` at `state` with the synthesised `definition`.
fn machine_identity(
    original: &StatesArn,
    definition: &str,
    state: &str,
) -> Result<(String, Vec<(String, String)>), SynthesisError> {
    let machine = original
        .machine()
        .ok_or_else(|| SynthesisError(format!("`{original}` is not an execution's ARN")))?;
    let hash = resume_hash(original, definition);
    Ok((
        resume_name(&machine.to_string().replace('/', "-"), &hash),
        vec![
            (RESUME_OF_TAG.to_owned(), original.to_string()),
            (RESUME_STATE_TAG.to_owned(), tag_value(state)),
        ],
    ))
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
        let Some(execution_name) = original.execution_name() else {
            return Err(SynthesisError(format!(
                "`{original}` is not an execution's ARN"
            )));
        };
        let synthesised = synthesise(definition, point)?;
        let (machine_name, tags) =
            machine_identity(original, &synthesised.definition, &resumed_at(point))?;
        // A resume whose input names the original is another execution of the same machine.
        let execution_hash = match link_input {
            true => resume_hash(
                original,
                &format!("{}\nresumedFrom", synthesised.definition),
            ),
            false => resume_hash(original, &synthesised.definition),
        };
        let mut input = point.execution_input.clone();
        if link_input && let Some(map) = input.as_object_mut() {
            map.insert("resumedFrom".into(), original.to_string().into());
        }
        Ok(ResumeMachine {
            machine_name,
            tags,
            execution_name: resume_name(execution_name, &execution_hash),
            input,
            definition: synthesised.definition,
            children: synthesised.children,
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
mod unit {
    use super::*;
    use serde_json::json;

    fn point(state: &str, input: Value) -> ResumePoint {
        ResumePoint {
            state: state.into(),
            input,
            variables: Map::new(),
            execution_input: json!({}),
            named: false,
            visit: None,
            strands: None,
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
