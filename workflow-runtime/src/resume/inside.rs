//! What the synthesised machine runs inside the resume state: each Parallel branch,
//! inline Map iteration and Distributed Map child the record holds routed, as it starts, to
//! its recorded output (it succeeded) or to the state it stopped in, with its recorded
//! input and its own variables restored; the rest run from their start. The rules AWS
//! imposes on this, with their sources, are the parent module's documentation.
//!
//! Every Parallel or Map the record stopped in (a *container*) gets a variable of its own,
//! assigned where its scope is restored (the machine's prologue, or the restoring state of
//! the branch, iteration or child that holds it): its *table*, one entry per branch or item
//! index, `{"s": 0, "o": output}` for one that succeeded, `{"s": g, "i": input, "v":
//! variables, "t": table}` for one that resumes in the state of route `g` (`t`: the table of
//! the container it stopped in, if it stopped in one), `null` for one that starts afresh. Its
//! own `Assign` (and its Catchers') sets it to `null` on the way out, so that the container
//! entered again runs as the fix says. Each of its branches (or its processor) begins with a
//! JSONata Choice that reads the entry (`$table[i]` in a branch, `$table[$states.input.__i]`
//! in an inline Map's iteration, which sees its enclosing scope's variables, and what the
//! `ItemSelector` passed in a Distributed Map's child, which sees none of them) and goes to a
//! Pass that outputs the recorded output, a Pass that restores the input and the variables
//! before the state it stopped in, or the branch's own start. A Map's `ItemSelector` wraps what
//! it selected (`{"__i": index, "item": …}`, the child's entry beside it), and the route's
//! start unwraps it.

use super::SynthesisError;
use crate::engine::{StrandOutcome, Strands};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};

/// The most bytes of a state's input or output, and of a variable (AWS documentation, "Step
/// Functions service quotas": 256 KiB; "Passing data between states with variables").
pub(super) const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// The most characters of a state's name.
const MAX_NAME: usize = 80;

/// What a resume that cannot be synthesised may do instead.
pub(super) const ALTERNATIVES: &str = "resume it locally (`workflow resume` without `--deploy`, which takes the recorded outcomes from the record), or redrive the original execution (`RedriveExecution`, which runs its own definition again from where it failed)";

/// The containers the record stopped in, their tables and routes, as they are made.
pub(super) struct Inside<'d> {
    /// Every state name of the machine, and those made since.
    names: HashSet<String>,
    /// The definition's text: a variable made is a name that appears nowhere in it.
    text: &'d str,
    containers: Vec<Container>,
}

/// A Parallel or Map state the record stopped in.
struct Container {
    state: String,
    /// The variable that holds its table.
    variable: String,
    /// Its branches (by index) or its processor (0) that the record holds something of.
    scopes: BTreeMap<usize, Scope>,
}

/// What one branch or processor of a container routes to.
#[derive(Default)]
struct Scope {
    /// Whether an entry takes its output from the record.
    taken: bool,
    /// The restoring routes, route `g` at `g - 1`.
    routes: Vec<Route>,
    /// The containers directly in it (their tables are cleared where it starts afresh or
    /// resumes elsewhere).
    inner: Vec<usize>,
}

/// Where a branch, iteration or child resumes: the state, the variables it restores by
/// name, and the container it stopped in, if it did.
#[derive(Clone, PartialEq)]
struct Route {
    target: String,
    variables: Vec<String>,
    container: Option<usize>,
}

impl<'d> Inside<'d> {
    /// For the machine `machine`, whose text is `text`.
    pub(super) fn new(machine: &Value, text: &'d str) -> Self {
        Inside {
            names: state_names(machine),
            text,
            containers: Vec::new(),
        }
    }

    /// The top-level container `state` the resume starts at, and its table: the variable
    /// the prologue assigns it to.
    pub(super) fn top(
        &mut self,
        state: &str,
        strands: &Strands,
    ) -> Result<(String, Value), SynthesisError> {
        let container = self.container(state, None);
        let table = self.table(container, strands)?;
        Ok((self.containers[container].variable.clone(), table))
    }

    /// The container for `state`, made (in the scope `parent`, if in one) when it is new.
    fn container(&mut self, state: &str, parent: Option<(usize, usize)>) -> usize {
        if let Some(at) = self.containers.iter().position(|c| c.state == state) {
            return at;
        }
        let variable = self.variable_name();
        self.containers.push(Container {
            state: state.to_owned(),
            variable,
            scopes: BTreeMap::new(),
        });
        let at = self.containers.len() - 1;
        if let Some((outer, scope)) = parent {
            let inner = &mut self.containers[outer]
                .scopes
                .entry(scope)
                .or_default()
                .inner;
            if !inner.contains(&at) {
                inner.push(at);
            }
        }
        at
    }

    /// A variable name that appears nowhere in the definition nor among those made.
    fn variable_name(&self) -> String {
        let mut n = self.containers.len() + 1;
        loop {
            let name = format!("resumeTable{n}");
            let used =
                self.text.contains(&name) || self.containers.iter().any(|c| c.variable == name);
            if !used {
                return name;
            }
            n += 1;
        }
    }

    /// The table of `container` for what the record says ran inside it.
    fn table(&mut self, container: usize, strands: &Strands) -> Result<Value, SynthesisError> {
        let (outcomes, parallel) = match strands {
            Strands::Parallel(branches) => (branches, true),
            Strands::Map { items, .. } => (items, false),
            Strands::Execution(child) => {
                return Err(SynthesisError(format!(
                    "`{}` started the child execution `{}`, which failed, inside a branch or an iteration: a resume on AWS resumes a child execution only when a top-level Task started it; {ALTERNATIVES}",
                    self.containers[container].state, child.execution
                )));
            }
        };
        let len = outcomes.keys().max().map_or(0, |max| max + 1);
        let mut table = vec![Value::Null; len];
        for (&at, outcome) in outcomes {
            let scope = if parallel { at } else { 0 };
            table[at] = self.entry(container, scope, outcome)?;
        }
        Ok(Value::Array(table))
    }

    /// The entry of one branch, iteration or child of `container` (in its scope `scope`).
    fn entry(
        &mut self,
        container: usize,
        scope: usize,
        outcome: &StrandOutcome,
    ) -> Result<Value, SynthesisError> {
        let point = match outcome {
            StrandOutcome::Succeeded(output) => {
                self.containers[container]
                    .scopes
                    .entry(scope)
                    .or_default()
                    .taken = true;
                return Ok(json!({"s": 0, "o": output}));
            }
            StrandOutcome::Stopped(point) => point,
        };
        let inner = match &point.strands {
            Some(strands) => {
                let inner = self.container(&point.state, Some((container, scope)));
                Some((inner, self.table(inner, strands)?))
            }
            None => None,
        };
        let mut variables: Vec<String> = point.variables.keys().cloned().collect();
        variables.sort();
        let route = Route {
            target: point.state.clone(),
            variables,
            container: inner.as_ref().map(|(c, _)| *c),
        };
        let routes = &mut self.containers[container]
            .scopes
            .entry(scope)
            .or_default()
            .routes;
        let g = match routes.iter().position(|r| *r == route) {
            Some(at) => at + 1,
            None => {
                routes.push(route);
                routes.len()
            }
        };
        let mut entry = json!({"s": g, "i": point.input, "v": point.variables});
        if let (Some((_, table)), Some(map)) = (inner, entry.as_object_mut()) {
            map.insert("t".into(), table);
        }
        Ok(entry)
    }

    /// Writes the routes into `machine` (the fixed definition's JSON).
    pub(super) fn apply(&mut self, machine: &mut Value) -> Result<(), SynthesisError> {
        let top_jsonata = machine.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
        for at in 0..self.containers.len() {
            let state = self.containers[at].state.clone();
            let variable = self.containers[at].variable.clone();
            let (pointer, jsonata) = locate(machine, &state, top_jsonata).ok_or_else(|| {
                SynthesisError(format!(
                    "the record stopped inside `{state}`, which is not a state of the fixed definition (removed or renamed): a resume takes what succeeded before it from the record only where it stopped; keep the state's name, or name a top-level state to resume at (`--from-state`, which runs it again from its start)"
                ))
            })?;
            let node = machine
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| SynthesisError(format!("`{state}` is not an object")))?;
            clear_on_exit(node, &variable);
            let kind = node.get("Type").and_then(Value::as_str).unwrap_or_default();
            let scopes: Vec<usize> = self.containers[at].scopes.keys().copied().collect();
            match kind {
                "Parallel" => {
                    for scope in scopes {
                        let entry = format!("${variable}[{scope}]");
                        let branch = node
                            .get_mut("Branches")
                            .and_then(|b| b.get_mut(scope))
                            .and_then(Value::as_object_mut)
                            .ok_or_else(|| {
                                SynthesisError(format!(
                                    "the record ran branch {} of `{state}`, which has fewer branches in the fixed definition",
                                    scope + 1
                                ))
                            })?;
                        self.route(at, scope, branch, &entry, false)?;
                    }
                }
                "Map" => {
                    let distributed = node
                        .get("ItemProcessor")
                        .and_then(|p| p.pointer("/ProcessorConfig/Mode"))
                        .and_then(Value::as_str)
                        == Some("DISTRIBUTED");
                    if node.contains_key("ItemBatcher") {
                        return Err(SynthesisError(format!(
                            "`{state}` batches its items (`ItemBatcher`): the record does not say which items each child's batch held (a child's input is its batch, without the items' indexes), so a resume cannot route a child to its recorded outcome; {ALTERNATIVES}"
                        )));
                    }
                    let entry = wrap_items(node, &variable, jsonata, distributed);
                    let key = present_or(node, "ItemProcessor", "Iterator");
                    let processor = node
                        .get_mut(key)
                        .and_then(Value::as_object_mut)
                        .ok_or_else(|| {
                            SynthesisError(format!("`{state}` has no `ItemProcessor`"))
                        })?;
                    for scope in scopes {
                        self.route(at, scope, processor, &entry, true)?;
                    }
                }
                other => {
                    return Err(SynthesisError(format!(
                        "the record stopped inside the Parallel or Map `{state}`, which is a {other} state in the fixed definition: a resume takes the branches or iterations that succeeded from the record only where the state still holds them; {ALTERNATIVES}"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Begins the branch or processor `machine` (scope `scope` of container `at`) with the
    /// route that reads its entry (the JSONata expression `entry`); `unwrap`: its input is
    /// the wrapped item (a Map's).
    fn route(
        &mut self,
        at: usize,
        scope: usize,
        machine: &mut Map<String, Value>,
        entry: &str,
        unwrap: bool,
    ) -> Result<(), SynthesisError> {
        let container = &self.containers[at];
        let state = container.state.clone();
        let Some(plan) = container.scopes.get(&scope) else {
            return Ok(());
        };
        let (taken, routes, inner) = (plan.taken, plan.routes.clone(), plan.inner.clone());
        let start = machine
            .get("StartAt")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let where_ = if unwrap {
            format!("an item of `{state}`")
        } else {
            format!("branch {} of `{state}`", scope + 1)
        };
        let mut made: Vec<(String, Value)> = Vec::new();
        let mut choices = Vec::new();
        {
            let states = machine
                .get("States")
                .and_then(Value::as_object)
                .ok_or_else(|| SynthesisError(format!("{where_} has no `States`")))?;
            for route in &routes {
                if !states.contains_key(&route.target) {
                    return Err(SynthesisError(format!(
                        "the record stopped in `{}` in {where_}, which is not a state there in the fixed definition (removed or renamed): a resume starts where the record stopped; keep the state's name, or name a top-level state to resume at (`--from-state`, which runs it again from its start)",
                        route.target
                    )));
                }
            }
        }
        let inner_variables: Vec<String> = inner
            .iter()
            .map(|&c| self.containers[c].variable.clone())
            .collect();
        if taken {
            let name = self.fresh(&format!("{where_}: taken from the record"));
            choices.push(json!({"Condition": format!("{{% {entry}.s = 0 %}}"), "Next": name}));
            made.push((
                name,
                json!({"Type": "Pass", "QueryLanguage": "JSONata",
                    "Comment": "workflow resume: the output the record holds",
                    "Output": format!("{{% {entry}.o %}}"), "End": true}),
            ));
        }
        for (g, route) in routes.iter().enumerate() {
            let name = self.fresh(&format!("{where_}: resume at {}", route.target));
            choices
                .push(json!({"Condition": format!("{{% {entry}.s = {} %}}", g + 1), "Next": name}));
            let mut assign = Map::new();
            for variable in &route.variables {
                assign.insert(
                    variable.clone(),
                    Value::from(format!(
                        "{{% $lookup({entry}.v, {}) %}}",
                        Value::from(variable.as_str())
                    )),
                );
            }
            for (&c, variable) in inner.iter().zip(&inner_variables) {
                let value = match route.container == Some(c) {
                    true => Value::from(format!("{{% {entry}.t %}}")),
                    false => Value::Null,
                };
                assign.insert(variable.clone(), value);
            }
            let mut pass = json!({"Type": "Pass", "QueryLanguage": "JSONata",
                "Comment": "workflow resume: the input and the variables the record shows where it stopped",
                "Output": format!("{{% {entry}.i %}}"), "Next": route.target});
            if !assign.is_empty()
                && let Some(map) = pass.as_object_mut()
            {
                map.insert("Assign".into(), Value::Object(assign));
            }
            made.push((name, pass));
        }
        let default = if unwrap || !inner_variables.is_empty() {
            let name = self.fresh(&format!("{where_}: from the start"));
            let mut pass = json!({"Type": "Pass", "QueryLanguage": "JSONata",
                "Comment": "workflow resume: not in the record, or not to take from it", "Next": start});
            if let Some(map) = pass.as_object_mut() {
                if unwrap {
                    map.insert("Output".into(), "{% $states.input.item %}".into());
                }
                if !inner_variables.is_empty() {
                    let nulls: Map<String, Value> = inner_variables
                        .iter()
                        .map(|v| (v.clone(), Value::Null))
                        .collect();
                    map.insert("Assign".into(), Value::Object(nulls));
                }
            }
            made.push((name.clone(), pass));
            name
        } else {
            start
        };
        let route_name = self.fresh(&format!("{where_}: route"));
        let route = json!({"Type": "Choice", "QueryLanguage": "JSONata",
            "Comment": "workflow resume: what the record says of this branch or item",
            "Choices": choices, "Default": default});
        let mut states = Map::new();
        states.insert(route_name.clone(), route);
        states.extend(made);
        if let Some(Value::Object(old)) = machine.remove("States") {
            states.extend(old);
        }
        machine.insert("StartAt".into(), route_name.into());
        machine.insert("States".into(), Value::Object(states));
        Ok(())
    }

    /// A state name no state has, from `base`: cut to 80 characters, numbered when taken.
    pub(super) fn fresh(&mut self, base: &str) -> String {
        let name = fresh_name(&self.names, base);
        self.names.insert(name.clone());
        name
    }
}

/// A name that `names` does not hold, from `base`: `base` cut to 80 characters, or with a
/// number after it.
pub(super) fn fresh_name(names: &HashSet<String>, base: &str) -> String {
    let cut: String = base.chars().take(MAX_NAME).collect();
    if !names.contains(&cut) {
        return cut;
    }
    for n in 2_usize.. {
        let suffix = format!(" ({n})");
        let cut: String = base
            .chars()
            .take(MAX_NAME.saturating_sub(suffix.chars().count()))
            .collect();
        let name = format!("{cut}{suffix}");
        if !names.contains(&name) {
            return name;
        }
    }
    cut
}

/// `key` when the state has that field, else `other`: which of a field's two names it uses.
pub(super) fn present_or<'k>(state: &Map<String, Value>, key: &'k str, other: &'k str) -> &'k str {
    if state.contains_key(key) { key } else { other }
}

/// Every state name of the machine, at any depth.
fn state_names(machine: &Value) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut pending = vec![machine];
    while let Some(scope) = pending.pop() {
        let Some(states) = scope.get("States").and_then(Value::as_object) else {
            continue;
        };
        for (name, state) in states {
            names.insert(name.clone());
            if let Some(Value::Array(branches)) = state.get("Branches") {
                pending.extend(branches);
            }
            pending.extend(state.get("ItemProcessor").or_else(|| state.get("Iterator")));
        }
    }
    names
}

/// The JSON pointer of the state `name` anywhere in `machine`, and whether it is a JSONata
/// state (its own `QueryLanguage`, else its branch's or processor's, else the machine's:
/// `top_jsonata`).
fn locate(machine: &Value, name: &str, top_jsonata: bool) -> Option<(String, bool)> {
    let mut pending = vec![(machine, String::new(), top_jsonata)];
    while let Some((scope, at, default)) = pending.pop() {
        let Some(states) = scope.get("States").and_then(Value::as_object) else {
            continue;
        };
        let language = |value: &Value, fallback: bool| match value
            .get("QueryLanguage")
            .and_then(Value::as_str)
        {
            Some(l) => l == "JSONata",
            None => fallback,
        };
        let default = language(scope, default);
        for (state_name, state) in states {
            let pointer = format!("{at}/States/{}", escape(state_name));
            if state_name == name {
                return Some((pointer, language(state, default)));
            }
            if let Some(Value::Array(branches)) = state.get("Branches") {
                for (i, branch) in branches.iter().enumerate() {
                    pending.push((branch, format!("{pointer}/Branches/{i}"), top_jsonata));
                }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if let Some(processor) = state.get(key) {
                    pending.push((processor, format!("{pointer}/{key}"), top_jsonata));
                }
            }
        }
    }
    None
}

/// `text` as a JSON pointer's reference token.
fn escape(text: &str) -> String {
    text.replace('~', "~0").replace('/', "~1")
}

/// Adds `variable: null` to the state's `Assign` and its Catchers': the container's table
/// is cleared once it ends.
fn clear_on_exit(state: &mut Map<String, Value>, variable: &str) {
    fn add(object: &mut Map<String, Value>, variable: &str) {
        let assign = object
            .entry("Assign")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(map) = assign.as_object_mut() {
            map.insert(variable.to_owned(), Value::Null);
        }
    }
    add(state, variable);
    if let Some(Value::Array(catchers)) = state.get_mut("Catch") {
        for catcher in catchers.iter_mut().filter_map(Value::as_object_mut) {
            add(catcher, variable);
        }
    }
}

/// Wraps what the Map `node` selects for each item with what its route reads, and returns
/// the JSONata expression of an item's entry inside its processor: the item's index
/// (`__i`), read against the table `variable` an inline Map's iteration sees; a Distributed
/// Map's child sees no variable of its parent, so its `ItemSelector` passes its entry
/// (`__r`: JSONata), or the table and the index (`__t`, `__i`: JSONPath, which cannot index
/// by an expression).
fn wrap_items(
    node: &mut Map<String, Value>,
    variable: &str,
    jsonata: bool,
    distributed: bool,
) -> String {
    // A JSONPath Map may still name its selector `Parameters` (the field's former name).
    let key = match jsonata {
        true => "ItemSelector",
        false => present_or(node, "ItemSelector", "Parameters"),
    };
    let selected = node.remove(key);
    let mut wrapper = Map::new();
    let entry = match (jsonata, distributed) {
        (true, false) => {
            wrapper.insert("__i".into(), "{% $states.context.Map.Item.Index %}".into());
            format!("${variable}[$states.input.__i]")
        }
        (true, true) => {
            let at = format!("${variable}[$states.context.Map.Item.Index]");
            wrapper.insert(
                "__r".into(),
                format!("{{% $exists({at}) ? {at} : null %}}").into(),
            );
            "$states.input.__r".to_owned()
        }
        (false, false) => {
            wrapper.insert("__i.$".into(), "$$.Map.Item.Index".into());
            format!("${variable}[$states.input.__i]")
        }
        (false, true) => {
            wrapper.insert("__i.$".into(), "$$.Map.Item.Index".into());
            wrapper.insert("__t.$".into(), format!("${variable}").into());
            "$states.input.__t[$states.input.__i]".to_owned()
        }
    };
    match (selected, jsonata) {
        (Some(selected), _) => {
            wrapper.insert("item".into(), selected);
        }
        (None, true) => {
            wrapper.insert("item".into(), "{% $states.context.Map.Item.Value %}".into());
        }
        (None, false) => {
            wrapper.insert("item.$".into(), "$$.Map.Item.Value".into());
        }
    }
    node.insert(key.into(), Value::Object(wrapper));
    entry
}
