//! Data-flow types: the type of the JSON entering every state, propagated over the graph to a
//! fixed point (loops included) through ASL's pipeline — InputPath, Parameters, the result
//! (a Pass state's `Result` or its Parameters; a typed task's response; a Parallel's result,
//! one element per branch, and a Map's, an array of what its iterations end with),
//! ResultSelector, ResultPath, OutputPath; a Catcher's `{Error, Cause}` at its ResultPath;
//! where several transitions meet, the join (a field on some paths only becomes optional).
//! JSONata states go through `Arguments`, `Output` and `Assign`, each `{% … %}` expression
//! typed by `jsonata_types`. Every simple path a state reads is then checked against it: a
//! path that reads a member its object cannot have is `PATH_SELECTS_NOTHING`, with a
//! suggestion and the states the data came from; so is a read that certainly selects nothing
//! on one way into the state, naming that way. A JSONata expression that certainly fails is
//! `JSONATA_TYPE_ERROR`. Variables (`Assign`) are typed the same way, from what their values
//! read, and flow to the states after the one that assigns them. What is unknown is never an
//! error.
//!
//! The entry type is [`ValidationOptions::input`](super::ValidationOptions::input): the
//! macro's `input { … }` schema, or unknown for an ASL file. Nested machines start from their
//! owner's input (a Parallel branch) or from unknown (a Map iteration).

mod analysis;
mod check;
pub mod context;
mod declared;
mod demand;
pub mod field_types;
mod jsonata_types;
mod origin;
mod results;
mod states_paths;
mod task_types;
mod template;
mod types;

pub use analysis::Analysis;
#[doc(hidden)]
pub use analysis::analyses_run;
pub(crate) use check::ways_into;
pub use declared::Declared;
pub(crate) use jsonata_types::undefined_without;
pub use task_types::{TaskTypes, task_types};
pub(crate) use template::intrinsic_type;
pub use types::{
    DataType, Env, MAX_TYPE_NODES, Selected, Vars, join_vars, select, select_in, select_segments,
};

use super::{Cx, Scope};
use crate::Pointer;
use crate::ScopeKind;
use crate::model::StateMachine;
use crate::model::{
    CsvHeaderLocation, InputType, ItemReader, MapState, PathOrNull, PayloadTemplate, QueryLanguage,
    State, Transformation,
};
use crate::path::PathString;
use std::collections::{BTreeMap, HashMap, HashSet};
use workflow_aws_models::ReaderItem;

/// How many times a state's input may widen before it is taken as unknown (loops converge
/// long before; this bounds a pathological definition).
const MAX_WIDENINGS: usize = 16;

/// The most type nodes one round of the analysis stores for all the states of all scopes
/// (each type is bounded by [`types::MAX_TYPE_NODES`]; this bounds their number). Past it,
/// the states still to be typed get unknown inputs, so a definition of many states carrying
/// large types costs bounded memory.
const MAX_STORED_NODES: usize = 1_000_000;

/// What one round of the analysis may still store, in type nodes.
struct Store(std::cell::Cell<usize>);

impl Store {
    /// `t` and `vars` if their nodes still fit; unknown types (names kept) once the store is
    /// spent.
    fn keep(&self, t: DataType, vars: Vars) -> (DataType, Vars) {
        let cost = t.nodes_up_to(MAX_STORED_NODES)
            + vars
                .values()
                .map(|v| v.nodes_up_to(MAX_STORED_NODES))
                .sum::<usize>();
        match self.0.get().checked_sub(cost) {
            Some(left) => {
                self.0.set(left);
                (t, vars)
            }
            None => {
                let unknown = vars.into_keys().map(|k| (k, DataType::Any)).collect();
                (DataType::Any, unknown)
            }
        }
    }
}

/// How the data reached a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Came<'m> {
    /// It is the scope's entry (the execution input, a branch's or an iteration's input).
    Entry,
    /// A transition (`Next`, a Choice rule, `Default`) from this state.
    Next(&'m str),
    /// The Catcher of this index of this state.
    Caught(&'m str, usize),
}

/// The types flowing through one scope: each state's input, the variables visible to it, and
/// where its input came from.
pub(crate) struct Flow<'m> {
    /// Each reachable state's input type.
    pub input: HashMap<&'m str, DataType>,
    /// The variables visible to each reachable state, as far as their types are known.
    pub vars: HashMap<&'m str, Vars>,
    /// How each state was reached.
    pub from: HashMap<&'m str, Vec<Came<'m>>>,
    /// The results of the scope's Parallel and Map states (arrays of what their branches or
    /// iterations end with), as far as they are known.
    pub nested: Nested<'m>,
    /// The context object (`$$`) as the scope's states see it: its `Execution.Input` is the
    /// execution input (see `context_type`).
    pub context: DataType,
    /// The items declared for the scope's Distributed Map states' readers, by name.
    pub items: HashMap<&'m str, DataType>,
}

/// The results of the Parallel and Map states of one scope, by name.
pub(crate) type Nested<'m> = HashMap<&'m str, DataType>;

/// How many times the whole analysis may run to let the results of nested machines reach the
/// states after their owners (once per nesting level; deeper results stay unknown).
const MAX_ROUNDS: usize = 4;

/// Reports the paths of every scope that select nothing, from the flows of `analysis` (indexed
/// like `scopes`).
pub(crate) fn check_data_flow<'m>(cx: &mut Cx<'_>, scopes: &[Scope<'m>], flows: &[Flow<'m>]) {
    for (scope, flow) in scopes.iter().zip(flows) {
        check::check_scope(cx, scopes, scope, flow);
    }
}

/// The type of what `machine` ends with (the join of its terminal states' outputs; a Fail
/// state ends with no output), when the execution input has the type `input`: one question
/// of an [`Analysis`] made for it.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_asl::validate::dataflow::{DataType, output_type};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"ResultPath":"$.r","End":true}}}"#,
/// ).unwrap();
/// assert_eq!(output_type(&machine, &DataType::Any).to_string(), "{ r: { n: integer }, … }");
/// ```
pub fn output_type(machine: &StateMachine, input: &DataType) -> DataType {
    Analysis::new(machine, input).output()
}

/// The type of what the first of `scopes` ends with, from its flow.
fn machine_output(scopes: &[Scope<'_>], flows: &[Flow<'_>]) -> DataType {
    match (scopes.first(), flows.first()) {
        (Some(scope), Some(flow)) => scope_output(scope, flow),
        _ => DataType::Any,
    }
}

/// The type of a `{% … %}` value of a JSONata state's `Arguments`, evaluated against the
/// state's input `input`, the variables `vars` and a context object whose `Execution.Input` is
/// `execution` (the rest of it unknown).
pub(crate) fn jsonata_argument_type(
    expression: &workflow_jsonata::jsonata_string::JsonataString,
    input: &DataType,
    execution: &DataType,
    vars: &Vars,
) -> DataType {
    let context = execution_context(execution);
    states_paths::expression_type(
        expression,
        states_paths::Scope {
            input,
            result: &DataType::Any,
            vars,
            context: Some(&context),
            error_output: None,
        },
    )
}

/// The input type of one state, as the inference found it.
#[derive(Clone, Debug, PartialEq)]
pub struct StateInput {
    /// The state's pointer, e.g. `/States/Each/ItemProcessor/States/Line`.
    pub pointer: Pointer,
    /// The state's name.
    pub name: String,
    /// The type of its input; `None` when no transition reaches it.
    pub input: Option<DataType>,
    /// The type of its input after its `InputPath` (what a Choice state's conditions read);
    /// `None` when no transition reaches it.
    pub effective: Option<DataType>,
    /// The type of what it hands on to the next state (after `OutputPath`; a JSONata state's
    /// `Output`), or of what the machine ends with for a terminal state; `None` when no
    /// transition reaches it, and for a Fail state, which hands nothing on.
    pub output: Option<DataType>,
    /// The types of the variables visible to it, as far as they are known.
    pub vars: Vars,
}

/// The type of the input and of the output of every state of `machine`, nested ones
/// included, when the execution input has the type `input` ([`DataType::Any`] when unknown):
/// one question of an [`Analysis`] made for it.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_asl::validate::dataflow::{DataType, state_inputs};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"Next":"B"},"B":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let types = state_inputs(&machine, &DataType::Any);
/// assert_eq!(types[0].output.as_ref().unwrap().to_string(), "{ n: integer }");
/// assert_eq!(types[1].input.as_ref().unwrap().to_string(), "{ n: integer }");
/// ```
pub fn state_inputs(machine: &StateMachine, input: &DataType) -> Vec<StateInput> {
    Analysis::new(machine, input).state_inputs()
}

/// The input of every state of `scopes`, from their flows.
fn inputs_of(scopes: &[Scope<'_>], flows: &[Flow<'_>]) -> Vec<StateInput> {
    let mut out = Vec::new();
    for (scope, flow) in scopes.iter().zip(flows) {
        for (name, state) in scope.states {
            let raw = flow.input.get(name.as_str());
            let vars = flow.vars.get(name.as_str()).cloned().unwrap_or_default();
            let output = raw.filter(|_| !matches!(state, State::Fail(_))).map(|raw| {
                let nested = flow.nested.get(name.as_str());
                state_output(scope, state, (raw, &vars, &flow.context), nested)
            });
            out.push(StateInput {
                pointer: scope.states_pointer().key(name),
                name: name.clone(),
                input: raw.cloned(),
                effective: raw.map(|raw| effective_input(state, raw)),
                output,
                vars,
            });
        }
    }
    out
}

/// The flow of every scope (indexed like `scopes`), the first entered with `input`. The
/// analysis runs again while the results of Parallel and Map states (what their nested
/// machines end with) change, so that they reach the states after them.
fn analyse<'m>(scopes: &[Scope<'m>], input: &DataType, declared: &Declared) -> Vec<Flow<'m>> {
    let mut nested: Vec<Nested<'m>> = vec![Nested::new(); scopes.len()];
    let mut round = 0;
    loop {
        let flows = analyse_once(scopes, (input, declared), &nested);
        round += 1;
        if scopes.len() <= 1 || round >= MAX_ROUNDS {
            return flows;
        }
        let found = nested_results(scopes, &flows);
        if found == nested {
            return flows;
        }
        nested = found;
    }
}

/// The results of every scope's Parallel and Map states, from the flows of their nested
/// machines: an array of the join of what the machines end with.
fn nested_results<'m>(scopes: &[Scope<'m>], flows: &[Flow<'m>]) -> Vec<Nested<'m>> {
    let mut out: Vec<Nested<'m>> = vec![Nested::new(); scopes.len()];
    for (scope, flow) in scopes.iter().zip(flows) {
        let (Some(parent), Some(owner)) = (scope.parent, scope.owner()) else {
            continue;
        };
        let Some((parent_scope, slot)) = scopes.get(parent).zip(out.get_mut(parent)) else {
            continue;
        };
        let Some((owner, state)) = parent_scope.states.get_key_value(owner) else {
            continue;
        };
        // A Distributed Map with a `ResultWriter` writes its results to S3 and returns where
        // it wrote them, an object, not the array of its iterations' outputs; one with only a
        // `WriterConfig` returns them formatted: as they are with `COMPACT`, as records or
        // flattened (items of unknown type here) with `NONE` and `FLATTEN`.
        if let State::Map(m) = state
            && let Some(writer) = &m.result_writer
        {
            if writer.resource.is_some() {
                slot.insert(owner.as_str(), result_writer_output());
                continue;
            }
            let compact = writer
                .writer_config
                .as_ref()
                .is_none_or(|c| matches!(c.transformation, None | Some(Transformation::Compact)));
            if !compact {
                slot.insert(owner.as_str(), DataType::Array(Box::new(DataType::Any)));
                continue;
            }
        }
        let ends = if matches!(state, State::Map(_) | State::Parallel(_)) {
            scope_output(scope, flow)
        } else {
            DataType::Any
        };
        // A Parallel's result holds what each branch ends with, in the branches' order.
        if let (State::Parallel(p), ScopeKind::Branch { index, .. }) = (state, &scope.kind) {
            let mut places = match slot.remove(owner.as_str()) {
                Some(DataType::Tuple(places)) => places,
                _ => vec![DataType::Any; p.branches.len()],
            };
            if let Some(place) = places.get_mut(*index) {
                *place = ends;
            }
            slot.insert(owner.as_str(), DataType::Tuple(places).bounded());
            continue;
        }
        // A Distributed Map that tolerates failed children holds a failed child's error
        // output in its place (`DataType::Outcome`); formatted by a `WriterConfig`, its
        // record (`core::map_run`'s `child_description`), which the type leaves unknown.
        let ends = match state {
            State::Map(m) if tolerates_failures(m) && m.result_writer.is_some() => DataType::Any,
            State::Map(m) if tolerates_failures(m) => DataType::Outcome(Box::new(ends)),
            _ => ends,
        };
        let element = match slot.get(owner.as_str()) {
            Some(DataType::Array(previous)) => previous.join(&ends),
            _ => ends,
        };
        slot.insert(owner.as_str(), DataType::Array(Box::new(element)).bounded());
    }
    out
}

/// Whether the Distributed Map `m` may end with failed children in its result: its
/// `ToleratedFailureCount` or `ToleratedFailurePercentage` is above zero, or read from a path
/// or an expression (AWS's default, and a literal zero, fail the Map on the first failed
/// child: "Using Map state in Distributed mode", the failure threshold).
pub(crate) fn tolerates_failures(m: &MapState) -> bool {
    use crate::model::{Expr, ValueOrPath};
    if !m.item_processor.is_distributed() {
        return false;
    }
    let count = match &m.tolerated_failure_count {
        None => false,
        Some(ValueOrPath::Value(Expr::Literal(n))) => *n > 0,
        Some(_) => true,
    };
    let percentage = match &m.tolerated_failure_percentage {
        None => false,
        Some(ValueOrPath::Value(Expr::Literal(n))) => n.as_f64().is_none_or(|p| p > 0.0),
        Some(_) => true,
    };
    count || percentage
}

/// What a Distributed Map with a `ResultWriter` returns, exactly: `{"MapRunArn": …,
/// "ResultWriterDetails": {"Bucket": …, "Key": …}}`, `Key` the Map Run's `manifest.json`
/// (AWS documentation, "ResultWriter (Map)", the output of a Distributed Map that writes its
/// results, which names these members and no others; the engine's `core::map_run` returns
/// them), so that a misspelt or miscased field (`ResultWriterDetails.key`) is an error where it
/// is read.
fn result_writer_output() -> DataType {
    let details = BTreeMap::from([
        ("Bucket".to_owned(), (DataType::String, false)),
        ("Key".to_owned(), (DataType::String, false)),
    ]);
    DataType::Object(BTreeMap::from([
        ("MapRunArn".to_owned(), (DataType::String, false)),
        (
            "ResultWriterDetails".to_owned(),
            (DataType::Object(details), false),
        ),
    ]))
}

/// The join of what the states that end `scope` hand on (unknown when none is reached).
fn scope_output(scope: &Scope<'_>, flow: &Flow<'_>) -> DataType {
    let no_vars = Vars::new();
    let mut out: Option<DataType> = None;
    for (name, state) in scope.states {
        let ends = match state {
            State::Succeed(_) => true,
            State::Fail(_) | State::Choice(_) => false,
            _ => state.transition().is_some_and(|t| t.next().is_none()),
        };
        let Some(raw) = flow.input.get(name.as_str()).filter(|_| ends) else {
            continue;
        };
        let vars = flow.vars.get(name.as_str()).unwrap_or(&no_vars);
        let nested = flow.nested.get(name.as_str());
        let here = state_output(scope, state, (raw, vars, &flow.context), nested);
        out = Some(match out {
            Some(o) => o.join(&here),
            None => here,
        });
    }
    out.unwrap_or_default()
}

/// One round of the analysis, the results of nested machines taken from `nested`.
fn analyse_once<'m>(
    scopes: &[Scope<'m>],
    (input, declared): (&DataType, &Declared),
    nested: &[Nested<'m>],
) -> Vec<Flow<'m>> {
    let mut entries: Vec<(DataType, Vars)> = vec![(DataType::Any, Vars::new()); scopes.len()];
    if let Some(first) = entries.first_mut() {
        first.0 = input.clone();
    }
    let mut flows = Vec::with_capacity(scopes.len());
    let store = Store(std::cell::Cell::new(MAX_STORED_NODES));
    for scope in scopes {
        let entry = entries.get(scope.index).cloned().unwrap_or_default();
        let mut results = nested.get(scope.index).cloned().unwrap_or_default();
        let mut items = HashMap::new();
        if !declared.is_empty() {
            for (name, state) in scope.states {
                let at = scope.state_pointer(name);
                if let (State::Task(t), Some(answer)) = (state, declared.results.get(&at)) {
                    results.insert(name.as_str(), declared::task_result(&t.resource, answer));
                }
                if let (State::Map(_), Some(item)) = (state, declared.items.get(&at)) {
                    items.insert(name.as_str(), item.clone());
                }
            }
        }
        let context = context_type(scopes, scope, input);
        let mut flow = infer(scope, entry, (results, context), &store);
        flow.items = items;
        // A Parallel branch starts from its owner's effective input; a Map iteration from an
        // item (or what its ItemSelector builds). Both see the owner's variables, but for the
        // child executions of a Distributed Map.
        for (name, state) in scope.states {
            if let State::Parallel(_) | State::Map(_) = state {
                let input = flow.input.get(name.as_str()).cloned().unwrap_or_default();
                let vars = flow.vars.get(name.as_str()).cloned().unwrap_or_default();
                let effective = if is_jsonata(scope, state) {
                    jsonata_nested_entry(
                        state,
                        (&input, &vars, &flow.context),
                        flow.items.get(name.as_str()),
                    )
                } else {
                    let effective = effective_input(state, &input);
                    let env = Env {
                        context: Some(&flow.context),
                        ..Env::new(&effective, &vars)
                    };
                    nested_entry(state, env, flow.items.get(name.as_str()))
                };
                let inner_vars = match state {
                    State::Map(m) if m.item_processor.is_distributed() => Vars::new(),
                    _ => vars,
                };
                for nested in scopes
                    .iter()
                    .filter(|s| s.parent == Some(scope.index) && s.owner() == Some(name.as_str()))
                {
                    if let Some(e) = entries.get_mut(nested.index) {
                        *e = store.keep(effective.clone(), inner_vars.clone());
                    }
                }
            }
        }
        flows.push(flow);
    }
    flows
}

/// What a nested machine of `state` starts from, given the state's effective input: an item
/// (what its `ItemSelector` builds of it), or with an `ItemBatcher` a batch of them,
/// `{Items: [..]}` and `BatchInput` when the batcher has one. The selector applies to each
/// item before the items are batched: "in the order shown: ItemReader, ItemsPath,
/// ItemSelector, ItemBatcher, ResultWriter" (AWS documentation, "Map state input and output
/// fields"; AWS's sample `sfn-bedrock-describe-assets` reads each batched item as its
/// selector built it).
fn nested_entry(state: &State, env: Env<'_>, declared: Option<&DataType>) -> DataType {
    let State::Map(m) = state else {
        return env.input.clone();
    };
    let item = match &m.item_selector {
        Some(selector) if selector.object().is_some() => {
            let context = map_context(
                state,
                env.input,
                env.context.unwrap_or(&DataType::Any),
                declared,
            );
            template::decoded_template_type(
                selector,
                Env {
                    context: Some(&context),
                    ..env
                },
            )
        }
        Some(_) => DataType::Any,
        None if m.item_reader.is_some() => reader_item(m, declared),
        None => selected(env.input, m.items_path.as_ref())
            .element()
            .unwrap_or_default(),
    };
    match &m.item_batcher {
        Some(batcher) => {
            let mut batch =
                BTreeMap::from([("Items".to_owned(), (DataType::Array(Box::new(item)), false))]);
            if batcher.batch_input.is_some() {
                batch.insert("BatchInput".to_owned(), (DataType::Any, false));
            }
            DataType::Object(batch)
        }
        None => item,
    }
}

/// What a nested machine of a JSONata `state` starts from: an item of a Map's `Items` (the
/// state's input when it has none) where `Items` is a plain path (`{% $states.input.orders %}`),
/// or what its `ItemSelector` builds of it (reading `$states.context.Map.Item.Value`, the
/// item, and `$states.input`, the Map's input); unknown with a reader or a batcher, and for a
/// Parallel's branches.
fn jsonata_nested_entry(
    state: &State,
    (input, vars, context): (&DataType, &Vars, &DataType),
    declared: Option<&DataType>,
) -> DataType {
    let State::Map(m) = state else {
        return DataType::Any;
    };
    let scope = states_paths::Scope {
        input,
        result: &DataType::Any,
        vars,
        context: Some(context),
        error_output: None,
    };
    let Some(item) = jsonata_map_item(m, scope, declared) else {
        return DataType::Any;
    };
    match &m.item_selector {
        Some(selector) => {
            let context = map_item_context(item, context);
            states_paths::value_type(
                selector,
                states_paths::Scope {
                    context: Some(&context),
                    ..scope
                },
            )
        }
        None => item,
    }
}

/// An item of a JSONata Map's `Items` (the state's input without them), read in `scope`: known
/// where `Items` is a plain path, or, for a reader's, where the workflow declares them
/// (`declared`) or its CSV headers are given; `None` where a batcher makes the items, or a
/// reader whose items nothing says.
pub(crate) fn jsonata_map_item(
    m: &MapState,
    scope: states_paths::Scope<'_>,
    declared: Option<&DataType>,
) -> Option<DataType> {
    if m.item_batcher.is_some() {
        return None;
    }
    if m.item_reader.is_some() {
        return match reader_item(m, declared) {
            DataType::Any => None,
            known => Some(known),
        };
    }
    let items = match &m.items {
        Some(items) => states_paths::value_type(items, scope),
        None => scope.input.clone(),
    };
    Some(items.element().unwrap_or_default())
}

/// The context object a Map state's ItemSelector reads, given the Map's effective input and the
/// context object its states see: `$$.Map.Item` is `{Index, Value, Source}`, `Value` an item
/// of the array at `ItemsPath` (AWS documentation, "ItemSelector (Map)" and "Accessing the
/// Context object"). An item is unknown where the items are.
pub(crate) fn map_context(
    state: &State,
    effective: &DataType,
    context: &DataType,
    declared: Option<&DataType>,
) -> DataType {
    let item = match state {
        State::Map(m) if m.item_reader.is_some() => reader_item(m, declared),
        State::Map(m) => selected(effective, m.items_path.as_ref())
            .element()
            .unwrap_or_default(),
        _ => DataType::Any,
    };
    map_item_context(item, context)
}

/// The context object an ItemSelector reads: `context` with `Map.Item` `{Index, Value,
/// Source}`, `Value` being `item` and `Source` where the items come from (`STATE_DATA`, or an
/// S3 URI for a reader's: AWS documentation, "Accessing execution data from the Context
/// object", in JSONPath's `$$` and JSONata's `$states.context` alike).
pub(crate) fn map_item_context(item: DataType, context: &DataType) -> DataType {
    context::with_map_item(context, item)
}

/// An item an `ItemReader` reads: the shape AWS fixes for it ([`reader_item_type`]), else the
/// type the workflow declares (`declared`), else unknown.
fn reader_item(m: &MapState, declared: Option<&DataType>) -> DataType {
    let fixed = m.item_reader.as_ref().and_then(reader_item_type);
    match (fixed, declared) {
        // A CSV row's keys are its given headers, each value text: a declaration may name
        // some of them (the macro checks they are headers).
        (Some(DataType::Object(_)), Some(declared)) if is_csv(m) => declared.clone(),
        (Some(fixed), _) => fixed,
        (None, Some(declared)) => declared.clone(),
        (None, None) => DataType::Any,
    }
}

/// Whether a Map's reader reads CSV.
fn is_csv(m: &MapState) -> bool {
    m.item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
        .is_some_and(|c| c.input_type == Some(InputType::Csv))
}

/// The item a Distributed Map's `reader` hands each child workflow, where AWS fixes it
/// (`None` where the data's own shape decides: JSON, JSON Lines, Parquet, a CSV file whose
/// header row is in the file, Athena's data):
///
/// - an object `s3:listObjectsV2` lists, `{Etag, Key, LastModified, Size, StorageClass}`
///   ([`ReaderItem::ListedObject`]), unless `Transformation: LOAD_AND_FLATTEN` reads their
///   contents instead;
/// - a row of an S3 Inventory list read through its manifest (`InputType: MANIFEST`,
///   `ManifestType: S3_INVENTORY`): `Bucket`, `Key` and the inventory's optional fields, each
///   text ([`ReaderItem::InventoryRow`]);
/// - a row of a CSV file whose headers the definition gives (`CSVHeaderLocation: GIVEN`): an
///   object with those keys, each value a string (a short row's missing columns are `""`, as
///   AWS recorded them: `tests/aws_recorded_classes`, the CSV cases).
pub fn reader_item_type(reader: &ItemReader) -> Option<DataType> {
    let config = reader.reader_config.as_ref();
    let action = reader.resource.integration().map(|i| i.action());
    let flattened = config.is_some_and(|c| {
        c.transformation == Some(crate::model::ReaderTransformation::LoadAndFlatten)
    });
    let inventory = config.is_some_and(|c| {
        c.manifest_type == Some(crate::model::ManifestType::S3Inventory)
            || (c.input_type == Some(InputType::Manifest) && c.manifest_type.is_none())
    });
    if action.as_deref() == Some("listObjectsV2") && !flattened {
        return Some(results::shape_type(ReaderItem::ListedObject.shape()));
    }
    if inventory {
        return Some(results::shape_type(ReaderItem::InventoryRow.shape()));
    }
    match config {
        Some(c)
            if c.input_type == Some(InputType::Csv)
                && c.csv_header_location == Some(CsvHeaderLocation::Given) =>
        {
            c.csv_headers.as_ref().map(|headers| {
                DataType::Object(
                    headers
                        .iter()
                        .map(|h| (h.clone(), (DataType::String, false)))
                        .collect(),
                )
            })
        }
        _ => None,
    }
}

/// The context object the states of `scope` see (see [`context`]): its `Execution.Input` is
/// the execution's input, of type `input`, but in a Distributed Map's iterations, which run as
/// child workflow executions of their own (AWS documentation, `state-map-distributed.html`),
/// whose input is an item (or a batch).
pub(crate) fn context_type(scopes: &[Scope<'_>], scope: &Scope<'_>, input: &DataType) -> DataType {
    let mut at = Some(scope);
    // A scope's parents are fewer than the scopes: the walk up ends.
    for _ in 0..=scopes.len() {
        let Some(s) = at else {
            break;
        };
        if matches!(
            s.kind,
            ScopeKind::Iteration {
                distributed: true,
                ..
            }
        ) {
            return execution_context(&DataType::Any);
        }
        at = s.parent.and_then(|p| scopes.get(p));
    }
    execution_context(input)
}

/// The context object of an execution whose input has the type `input`.
fn execution_context(input: &DataType) -> DataType {
    context::context_object(input)
}

/// Whether `state` evaluates JSONata.
pub(crate) fn is_jsonata(scope: &Scope<'_>, state: &State) -> bool {
    state
        .query_language()
        .unwrap_or(scope.default_query_language)
        == QueryLanguage::Jsonata
}

/// The fixed point of the state inputs of `scope`, entered with `entry` and the variables
/// `vars`.
fn infer<'m>(
    scope: &Scope<'m>,
    (entry, vars): (DataType, Vars),
    (nested, context): (Nested<'m>, DataType),
    store: &Store,
) -> Flow<'m> {
    let mut flow = Flow {
        input: HashMap::new(),
        vars: HashMap::new(),
        from: HashMap::new(),
        nested,
        context,
        items: HashMap::new(),
    };
    let mut widened: HashMap<&str, usize> = HashMap::new();
    let Some((start, _)) = scope.states.get_key_value(scope.start_at) else {
        return flow;
    };
    flow.input.insert(start.as_str(), entry);
    flow.vars.insert(start.as_str(), vars);
    flow.from
        .entry(start.as_str())
        .or_default()
        .push(Came::Entry);
    let mut work = vec![start.as_str()];
    let mut seen_edges: HashSet<(&str, Came<'_>)> = HashSet::new();
    while let Some(name) = work.pop() {
        let Some((name, state)) = scope.states.get_key_value(name) else {
            continue;
        };
        let name = name.as_str();
        let input = flow.input.get(name).cloned().unwrap_or_default();
        let vars = flow.vars.get(name).cloned().unwrap_or_default();
        let nested = flow.nested.get(name);
        let outs = outputs(scope, name, state, (&input, &vars, &flow.context), nested);
        for (target, came, out, out_vars) in outs {
            // A misspelt target is followed to the state its error suggests.
            let Some(target) = super::graph::meant_target(scope, target) else {
                continue;
            };
            if seen_edges.insert((target, came)) {
                flow.from.entry(target).or_default().push(came);
            }
            let joined = match flow.input.get(target) {
                Some(old) => old.join(&out).bounded(),
                None => out.bounded(),
            };
            let joined_vars = match flow.vars.get(target) {
                Some(old) => join_vars(old, &out_vars),
                None => types::bounded_vars(out_vars),
            };
            if flow.input.get(target) == Some(&joined)
                && flow.vars.get(target) == Some(&joined_vars)
            {
                continue;
            }
            let count = widened.entry(target).or_insert(0);
            *count += 1;
            let (joined, joined_vars) = if *count > MAX_WIDENINGS || joined.depth() > 64 {
                // Past the bound, everything here is unknown (the variables' names stay).
                let unknown = joined_vars.keys().map(|k| (k.clone(), DataType::Any));
                (DataType::Any, unknown.collect())
            } else {
                (joined, joined_vars)
            };
            if flow.input.get(target) != Some(&joined)
                || flow.vars.get(target) != Some(&joined_vars)
            {
                let (joined, joined_vars) = store.keep(joined, joined_vars);
                flow.input.insert(target, joined);
                flow.vars.insert(target, joined_vars);
                work.push(target);
            }
        }
    }
    flow
}

/// The type `state` receives along one way into it (`came`: a transition or a Catcher of
/// another state of `scope`) and the variables it sees that way, as its predecessor hands them
/// on; `None` for the scope's entry or a way the inference did not reach.
pub(crate) fn edge_input(
    scope: &Scope<'_>,
    flow: &Flow<'_>,
    state: &str,
    came: Came<'_>,
) -> Option<(DataType, Vars)> {
    let from = match came {
        Came::Entry => return None,
        Came::Next(from) | Came::Caught(from, _) => from,
    };
    let (name, pred) = scope.states.get_key_value(from)?;
    let raw = flow.input.get(from)?;
    let no_vars = Vars::new();
    let vars = flow.vars.get(from).unwrap_or(&no_vars);
    let nested = flow.nested.get(from);
    let mut found: Option<(DataType, Vars)> = None;
    for (target, how, out, out_vars) in
        outputs(scope, name, pred, (raw, vars, &flow.context), nested)
    {
        if how == came && super::graph::meant_target(scope, target) == Some(state) {
            found = Some(match found {
                Some((t, v)) => (t.join(&out), join_vars(&v, &out_vars)),
                None => (out, out_vars),
            });
        }
    }
    found
}

/// The state's input after its InputPath.
pub(crate) fn effective_input(state: &State, raw: &DataType) -> DataType {
    match state.input_path() {
        None => raw.clone(),
        Some(PathOrNull::Null) => DataType::Object(BTreeMap::new()),
        Some(PathOrNull::Path(p)) => selected(raw, Some(p)),
    }
}

/// The type `path` selects from `from` (`$` when absent); unknown when it does not parse or
/// selects nothing.
pub(crate) fn selected(from: &DataType, path: Option<&PathString>) -> DataType {
    let Some(path) = path else {
        return from.clone();
    };
    match path.path().map(|p| select(from, p)) {
        Ok(Selected::Type(t)) => t,
        _ => DataType::Any,
    }
}

/// The state's result, before ResultSelector: a Pass state's `Result` or Parameters (or its
/// effective input); a typed task's response (`nested`, where the workflow declares what its
/// handler answers: `Declared::results`); a Parallel's or a Map's `nested` result; else
/// unknown.
pub(crate) fn result(state: &State, env: Env<'_>, nested: Option<&DataType>) -> DataType {
    match state {
        State::Parallel(_) | State::Map(_) => nested.cloned().unwrap_or_default(),
        State::Task(_) if nested.is_some() => nested.cloned().unwrap_or_default(),
        State::Pass(p) => match (&p.result, &p.parameters) {
            (Some(r), _) => DataType::of_value(r),
            (None, Some(t)) => template::decoded_template_type(t, env),
            (None, None) => env.input.clone(),
        },
        State::Task(t) => results::task_result(&t.resource),
        _ => DataType::Any,
    }
}

/// `raw` with `value` at `result_path` (`None`: `$`; `null`: discarded).
pub(crate) fn merged(
    raw: &DataType,
    result_path: Option<&PathOrNull>,
    value: DataType,
) -> DataType {
    match result_path {
        None => value,
        Some(PathOrNull::Null) => raw.clone(),
        Some(PathOrNull::Path(p)) => match p.path() {
            Ok(path) => raw.with_at(path, value),
            Err(_) => DataType::Any,
        },
    }
}

/// The state's output before OutputPath (after ResultPath), for states that have a result.
pub(crate) fn before_output(
    state: &State,
    (raw, vars, context): (&DataType, &Vars, &DataType),
    nested: Option<&DataType>,
) -> DataType {
    let effective = effective_input(state, raw);
    let env = Env {
        context: Some(context),
        ..Env::new(&effective, vars)
    };
    match state {
        State::Pass(_) | State::Task(_) | State::Parallel(_) | State::Map(_) => {
            let result = result(state, env, nested);
            let result = match state.result_selector() {
                Some(t) => template::decoded_template_type(t, Env::new(&result, vars)),
                None => result,
            };
            merged(raw, state.result_path(), result)
        }
        // Choice, Wait, Succeed pass their effective input through.
        _ => effective,
    }
}

/// `vars` with the variables `assign` sets (a JSONPath `Assign` template reading `source` and
/// the context object `context`).
fn assigned(
    vars: &Vars,
    assign: Option<&PayloadTemplate>,
    (source, context): (&DataType, &DataType),
) -> Vars {
    let Some(assign) = assign else {
        return vars.clone();
    };
    let env = Env {
        context: Some(context),
        ..Env::new(source, vars)
    };
    with_fields(vars, template::decoded_template_type(assign, env), assign)
}

/// `vars` with the variables a JSONata `Assign` sets, evaluated in `scope`.
fn assigned_jsonata(
    vars: &Vars,
    assign: Option<&PayloadTemplate>,
    scope: states_paths::Scope<'_>,
) -> Vars {
    let Some(assign) = assign else {
        return vars.clone();
    };
    with_fields(vars, states_paths::object_type(assign, scope), assign)
}

/// `vars` with each member of the object type `set` as a variable (every key of `assign`
/// unknown when the type is not an object).
fn with_fields(vars: &Vars, set: DataType, assign: &PayloadTemplate) -> Vars {
    let mut out = vars.clone();
    match set {
        DataType::Object(fields) => {
            out.extend(fields.into_iter().map(|(k, (t, _))| (k, t)));
        }
        _ => {
            for key in assign.keys() {
                let name = key.strip_suffix(".$").unwrap_or(key);
                out.insert(name.to_owned(), DataType::Any);
            }
        }
    }
    out
}

/// One transition of a state: its target, how, the type it carries and the variables.
type Out<'s> = (&'s str, Came<'s>, DataType, Vars);

/// What `state` hands on (after OutputPath; a JSONata state's `Output`), given its input.
fn state_output(
    scope: &Scope<'_>,
    state: &State,
    (raw, vars, context): (&DataType, &Vars, &DataType),
    nested: Option<&DataType>,
) -> DataType {
    if is_jsonata(scope, state) {
        return jsonata_output(state, (raw, vars, context), nested);
    }
    let before = before_output(state, (raw, vars, context), nested);
    match state.output_path() {
        None => before,
        Some(PathOrNull::Null) => DataType::Object(BTreeMap::new()),
        Some(PathOrNull::Path(p)) => selected(&before, Some(p)),
    }
}

/// Each transition of `state` (named `name`) with the type and the variables it carries.
fn outputs<'s>(
    scope: &Scope<'_>,
    name: &'s str,
    state: &'s State,
    (raw, vars, context): (&DataType, &Vars, &DataType),
    nested: Option<&DataType>,
) -> Vec<Out<'s>> {
    if is_jsonata(scope, state) {
        return jsonata_outputs(name, state, (raw, vars, context), nested);
    }
    let out = state_output(scope, state, (raw, vars, context), nested);
    let effective = effective_input(state, raw);
    let mut targets = Vec::new();
    let next = Came::Next(name);
    if let State::Choice(c) = state {
        for rule in &c.choices {
            let assign = rule.assign.as_ref().or(state.assign());
            let set = assigned(vars, assign, (&effective, context));
            targets.push((rule.next.as_str(), next, out.clone(), set));
        }
        if let Some(d) = &c.default {
            let set = assigned(vars, state.assign(), (&effective, context));
            targets.push((d.as_str(), next, out.clone(), set));
        }
    }
    if let Some(target) = state.transition().and_then(|t| t.next()) {
        // `Assign` reads the result as it was (before ResultSelector), or what the state
        // passes on.
        let source = match state {
            State::Pass(_) | State::Task(_) | State::Parallel(_) | State::Map(_) => {
                let env = Env {
                    context: Some(context),
                    ..Env::new(&effective, vars)
                };
                result(state, env, nested)
            }
            _ => effective.clone(),
        };
        let set = assigned(vars, state.assign(), (&source, context));
        targets.push((target, next, out, set));
    }
    for (i, catcher) in state.catchers().unwrap_or_default().iter().enumerate() {
        let caught = merged(raw, catcher.result_path.as_ref(), error_output());
        let set = assigned(vars, catcher.assign.as_ref(), (&error_output(), context));
        targets.push((catcher.next.as_str(), Came::Caught(name, i), caught, set));
    }
    targets
}

/// What a Catcher hands on: `{Error, Cause}` ([`DataType::error_output`]).
pub(crate) fn error_output() -> DataType {
    DataType::error_output()
}

/// The result `$states.result` names in a JSONata state: a typed task's response, a
/// Parallel's or a Map's `nested` result (what its branches or iterations end with), else
/// unknown.
pub(crate) fn jsonata_result(state: &State, nested: Option<&DataType>) -> DataType {
    match state {
        State::Task(_) if nested.is_some() => nested.cloned().unwrap_or_default(),
        State::Task(t) => results::task_result(&t.resource),
        State::Parallel(_) | State::Map(_) => nested.cloned().unwrap_or_default(),
        _ => DataType::Any,
    }
}

/// Each transition of a JSONata state: its `Output` evaluated against its input (or what it
/// hands on without one: its input for Pass, Wait, Choice and Succeed; an unknown result
/// otherwise), and its `Assign`.
fn jsonata_outputs<'s>(
    name: &'s str,
    state: &'s State,
    (raw, vars, context): (&DataType, &Vars, &DataType),
    nested: Option<&DataType>,
) -> Vec<Out<'s>> {
    let result = jsonata_result(state, nested);
    let scope = states_paths::Scope {
        input: raw,
        result: &result,
        vars,
        context: Some(context),
        error_output: None,
    };
    let out = jsonata_output(state, (raw, vars, context), nested);
    let mut targets = Vec::new();
    let next = Came::Next(name);
    if let State::Choice(c) = state {
        for rule in &c.choices {
            let carried = match &rule.output {
                Some(output) => states_paths::value_type(output, scope),
                None => out.clone(),
            };
            let assign = rule.assign.as_ref().or(state.assign());
            let set = assigned_jsonata(vars, assign, scope);
            targets.push((rule.next.as_str(), next, carried, set));
        }
        if let Some(d) = &c.default {
            let set = assigned_jsonata(vars, state.assign(), scope);
            targets.push((d.as_str(), next, out.clone(), set));
        }
    }
    if let Some(target) = state.transition().and_then(|t| t.next()) {
        let set = assigned_jsonata(vars, state.assign(), scope);
        targets.push((target, next, out, set));
    }
    let error = error_output();
    for (i, catcher) in state.catchers().unwrap_or_default().iter().enumerate() {
        let caught_scope = states_paths::Scope {
            input: raw,
            result: &DataType::Any,
            vars,
            context: Some(context),
            error_output: Some(&error),
        };
        let caught = match &catcher.output {
            Some(output) => states_paths::value_type(output, caught_scope),
            None => error.clone(),
        };
        let set = assigned_jsonata(vars, catcher.assign.as_ref(), caught_scope);
        targets.push((catcher.next.as_str(), Came::Caught(name, i), caught, set));
    }
    targets
}

/// What a JSONata state hands on: its `Output` evaluated against its input, or without one its
/// input (Pass, Wait, Choice, Succeed) or its result.
fn jsonata_output(
    state: &State,
    (raw, vars, context): (&DataType, &Vars, &DataType),
    nested: Option<&DataType>,
) -> DataType {
    let result = jsonata_result(state, nested);
    let scope = states_paths::Scope {
        input: raw,
        result: &result,
        vars,
        context: Some(context),
        error_output: None,
    };
    match state.output() {
        Some(output) => states_paths::value_type(output, scope),
        None => match state {
            State::Pass(_) | State::Wait(_) | State::Choice(_) | State::Succeed(_) => raw.clone(),
            State::Parallel(_) | State::Map(_) => match result {
                DataType::Any => DataType::Array(Box::new(DataType::Any)),
                known => known,
            },
            State::Task(_) => result,
            _ => DataType::Any,
        },
    }
}
