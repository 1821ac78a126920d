//! What a replay checks of a Distributed Map's Map Run besides its events: that the
//! definition it replays makes the same children, from the same items, as the record shows.
//!
//! A Map Run's children are made from its items in the order AWS documents for a Distributed
//! Map's fields: "ItemReader, ItemsPath, ItemSelector, ItemBatcher, ResultWriter" (AWS
//! documentation, "Map state input and output fields"):
//!
//! - the `ItemReader` reads the dataset: what its `Resource` and `Parameters`/`Arguments`
//!   name, as its `ReaderConfig` says (`InputType`, `CSVHeaderLocation`, `CSVHeaders`,
//!   `CSVDelimiter`, `ItemsPointer`, `Transformation`, `ManifestType`), at most `MaxItems`
//!   (or `MaxItemsPath`) of them ("ItemReader (Map)"; AWS CDK's `ItemReaderProps.maxItems`:
//!   "Limits the number of items passed to the Distributed Map state"); without a reader,
//!   `ItemsPath` (or JSONata's `Items`) selects them from the state's input;
//! - the `ItemSelector` (or the deprecated `Parameters`) makes each item's input from it and
//!   `$$.Map.Item` ("ItemSelector (Map)");
//! - the `ItemBatcher` groups them into batches of at most `MaxItemsPerBatch` items and
//!   `MaxInputBytesPerBatch` bytes, each `{"Items": [...]}` with its `BatchInput`, "Fixed
//!   JSON input to include in each batch passed to each child workflow execution"
//!   ("ItemBatcher (Map)"; AWS CDK's `ItemBatcherProps.batchInput`): one child execution a
//!   batch, so the batching decides how many children run;
//! - the Map Run starts at most `MaxConcurrency` children at once, and fails once more
//!   children failed than `ToleratedFailureCount` or `ToleratedFailurePercentage` (or their
//!   `…Path`s) tolerate, starting no other ("Using Map state in Distributed mode"): which
//!   children start depends on both;
//! - the `ResultWriter` writes the children's results ("ResultWriter (Map)").
//!
//! A replay therefore applies the definition's own item processing wherever it has the items:
//! a Map's input always (`ItemsPath`, `Items`), an `ItemReader`'s source when the replay's
//! object store holds it (`workflow replay --s3 DIR`, or S3 at `--aws-endpoint`). The Map Run
//! then compares what it makes with the record ([`PriorKind::Replay`](super::prior::PriorKind)
//! only):
//!
//! - each recorded child runs again on the input the definition makes for its item (the
//!   record assigns children to items: `prior::assign_children`); an input that differs is a
//!   data difference at that child's `ExecutionStarted`, found by the child's own replay;
//! - another number of items (or batches) than the record's is another path of the Map Run
//!   ([`item_count`]); a child the definition starts that the record does not have is another
//!   path at the Map state ([`unrecorded_child`]); a recorded child it does not start (fewer
//!   items or batches, another `MaxItems`, a tolerance or `MaxConcurrency` that stops the
//!   Map Run earlier) is another path under that child ([`child_not_started`]); a child the
//!   Map Run stops is compared with the record as it ended;
//! - the `ResultWriter`'s files are compared with the record's (`super::result_compare`),
//!   and the files the record holds that the definition no longer writes are named.
//!
//! Where the items cannot be had (the object store does not hold the reader's object, or the
//! replay has no object store), each child runs on its recorded input and the replay says so
//! rather than saying nothing: when the record holds the definition the execution ran, the
//! Map's `ItemReader`, `ItemSelector` and `ItemBatcher` there are compared with the replayed
//! definition's ([`configuration_changes`]: a changed `ItemReader`, `MaxItemsPerBatch` or
//! `MaxInputBytesPerBatch` changes the number of children, another path; a changed
//! `ItemSelector` or `BatchInput` their inputs, a data difference); without it, the Map Run is
//! noted as [`Unchecked`]. The same holds for the `ResultWriter` when neither the record nor
//! the object store holds the recorded files.

use super::map_run::{ChildExecution, StartedMapRun};
use super::prior::{Difference, DifferenceKind, Prior, PriorKind};
use super::program::{MapOp, Node};
use super::record_diff::{changes, describe, details};
use super::run::Run;
use crate::execution::api::HistoryEventType;
use crate::execution::{EventKind, JsonText};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use workflow_asl::{MapState, State, StateMachine};
use workflow_aws_models::StatesArn;

/// The fields of a Map state that make its children and its results, as JSON: `ItemReader`,
/// `ItemSelector` (the deprecated `Parameters` named so), `ItemBatcher`, `ResultWriter`, each
/// as the model encodes it (so that the same configuration written otherwise is the same).
pub(crate) fn item_processing(map: &MapState) -> Value {
    let fields = MapState {
        item_reader: map.item_reader.clone(),
        item_selector: map.item_selector.clone(),
        selector_field: map.selector_field,
        item_batcher: map.item_batcher.clone(),
        result_writer: map.result_writer.clone(),
        ..MapState::default()
    };
    let encoded = workflow_asl::json::encode_state(&State::Map(fields));
    let mut kept = Map::new();
    for (field, names) in [
        ("ItemReader", &["ItemReader"][..]),
        ("ItemSelector", &["ItemSelector", "Parameters"][..]),
        ("ItemBatcher", &["ItemBatcher"][..]),
        ("ResultWriter", &["ResultWriter"][..]),
    ] {
        if let Some(value) = names.iter().find_map(|name| encoded.get(*name)) {
            kept.insert(field.to_owned(), value.clone());
        }
    }
    Value::Object(kept)
}

/// The item processing ([`item_processing`]) of every Map state of the definition a recorded
/// execution ran, by state name (state names are unique in a state machine).
#[derive(Debug, Default)]
pub(crate) struct RecordedMaps(HashMap<String, Value>);

impl RecordedMaps {
    /// The Map states of `definition`; `None` when it does not decode.
    pub(crate) fn of(definition: &str) -> Option<RecordedMaps> {
        let machine = StateMachine::from_json(definition).ok()?;
        let walk = machine.walk();
        let maps = walk
            .states()
            .filter_map(|s| match s.state {
                State::Map(map) => Some((s.name.to_owned(), item_processing(map))),
                _ => None,
            })
            .collect();
        Some(RecordedMaps(maps))
    }

    /// The item processing of the Map state `state` as it ran (an empty object when the
    /// definition has no such Map state).
    pub(crate) fn of_state(&self, state: &str) -> Value {
        self.0
            .get(state)
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()))
    }
}

/// What of a Map Run a replay did not check ([`Unchecked`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UncheckedPart {
    /// Its items: each child ran on its recorded input.
    Items,
    /// Its `ResultWriter`'s files: nothing recorded to compare them with.
    ResultFiles,
}

impl UncheckedPart {
    /// The fields of [`item_processing`] that decide it.
    fn fields(self) -> &'static [&'static str] {
        match self {
            UncheckedPart::Items => &["ItemReader", "ItemSelector", "ItemBatcher"],
            UncheckedPart::ResultFiles => &["ResultWriter"],
        }
    }
}

/// A part of a Map Run a replay took from the record without checking it, the record holding
/// no definition to compare the Map's configuration with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unchecked {
    /// The child execution the Map ran in (set as a child's replay hands it up).
    pub execution: Option<StatesArn>,
    /// The Map state.
    pub state: String,
    /// The Map Run.
    pub map_run: StatesArn,
    /// What was not checked.
    pub part: UncheckedPart,
    /// Why, in words.
    pub reason: String,
}

/// A difference at the Map state `state` whose Map Run started at the recorded event `at`.
fn at_map(
    kind: DifferenceKind,
    state: &str,
    at: Option<(HistoryEventType, u64)>,
    now: Option<HistoryEventType>,
    (was, is): (String, String),
) -> Difference {
    Difference {
        kind,
        state: Some(state.to_owned()),
        after_state: None,
        recorded: at,
        now,
        was,
        is,
        was_details: None,
        is_details: None,
        changes: Vec::new(),
        execution: None,
        file: None,
    }
}

/// The differences between the configuration `recorded` (what the execution ran) and `now`
/// (what the replayed definition has) of the Map state `state` for `part` (both as
/// [`item_processing`] makes them), which the replay could not check on the items themselves
/// (`why`). A changed `ItemReader`, or a changed `ItemBatcher` besides its `BatchInput`,
/// changes how many children run: another path; a changed `ItemSelector` or `BatchInput`
/// changes their inputs, and a changed `ResultWriter` its files: other data.
pub(crate) fn configuration_changes(
    state: &str,
    at: Option<(HistoryEventType, u64)>,
    part: UncheckedPart,
    (recorded, now): (&Value, &Value),
    why: &str,
) -> Vec<Difference> {
    let mut found = Vec::new();
    for field in part.fields() {
        let (was, is) = (recorded.get(*field), now.get(*field));
        if was == is {
            continue;
        }
        let kind = match *field {
            "ItemReader" => DifferenceKind::Path,
            "ItemBatcher" => {
                let without_input = |b: Option<&Value>| {
                    b.cloned().map(|mut b| {
                        if let Some(map) = b.as_object_mut() {
                            map.remove("BatchInput");
                        }
                        b
                    })
                };
                match without_input(was) == without_input(is) {
                    true => DifferenceKind::Data,
                    false => DifferenceKind::Path,
                }
            }
            _ => DifferenceKind::Data,
        };
        let shown = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), Value::to_string);
        let (was_details, is_details) = (
            json!({ *field: was.cloned().unwrap_or(Value::Null) }),
            json!({ *field: is.cloned().unwrap_or(Value::Null) }),
        );
        let mut difference = at_map(
            kind,
            state,
            at.clone(),
            None,
            (
                format!("{field} {} (as the execution ran)", shown(was)),
                format!("{field} {}, not applied to the items: {why}", shown(is)),
            ),
        );
        difference.changes = changes(&was_details, &is_details);
        difference.was_details = Some(was_details);
        difference.is_details = Some(is_details);
        found.push(difference);
    }
    found
}

/// The Map Run of `state` (started at the recorded event `at`) has `now` items (or batches)
/// where the record says it had `recorded`: the definition makes another number of children.
pub(crate) fn item_count(
    state: &str,
    at: Option<(HistoryEventType, u64)>,
    recorded: u64,
    now: usize,
) -> Difference {
    at_map(
        DifferenceKind::Path,
        state,
        at,
        Some(HistoryEventType::MapRunStarted),
        (
            format!("a Map Run of {recorded} items (or batches)"),
            format!("a Map Run of {now} items (or batches)"),
        ),
    )
}

/// The Map Run of `state` (started at the recorded event `at`) starts child `index` on
/// `input` (as `arn`), which the record does not have.
pub(crate) fn unrecorded_child(
    state: &str,
    at: Option<(HistoryEventType, u64)>,
    (index, arn): (usize, &StatesArn),
    input: &JsonText,
) -> Difference {
    let started = EventKind::ExecutionStarted {
        input: input.clone(),
        role_arn: None,
    };
    let mut difference = at_map(
        DifferenceKind::Path,
        state,
        at,
        Some(HistoryEventType::ExecutionStarted),
        (
            format!("no child execution for item (or batch) {index}"),
            format!(
                "child execution {arn} for item (or batch) {index}: {}",
                describe(&started)
            ),
        ),
    );
    difference.is_details = Some(details(&started));
    difference
}

/// The recorded `child` of the Map Run of `state` does not start now (its Map Run has `items`
/// items or batches, or stopped before it): another path, named under the child.
pub(crate) fn child_not_started(child: &ChildExecution, state: &str, items: usize) -> Difference {
    let started = child
        .history
        .first()
        .filter(|e| matches!(e.kind, EventKind::ExecutionStarted { .. }));
    let recorded_start = EventKind::ExecutionStarted {
        input: child.input.clone(),
        role_arn: None,
    };
    Difference {
        kind: DifferenceKind::Path,
        state: None,
        after_state: None,
        recorded: started.map(|e| (e.kind.event_type(), e.id)),
        now: None,
        was: describe(&recorded_start),
        is: format!(
            "not started: the Map Run of `{state}` has {items} items (or batches), or stopped before it"
        ),
        was_details: Some(details(&recorded_start)),
        is_details: None,
        changes: Vec::new(),
        execution: Some(child.arn.clone()),
        file: None,
    }
}

/// Where the `ResultWriter` of a recorded Map Run wrote its files, as its manifest says:
/// `s3://DestinationBucket/` and the folder of the files it lists.
pub(crate) fn recorded_folder(
    files: &std::collections::BTreeMap<String, String>,
) -> Option<String> {
    let manifest: Value = serde_json::from_str(files.get("manifest.json")?).ok()?;
    let bucket = manifest.get("DestinationBucket")?.as_str()?;
    let key = manifest
        .get("ResultFiles")?
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .find_map(|file| file.get("Key").and_then(Value::as_str))?;
    let folder = key.rsplit_once('/').map_or("", |(folder, _)| folder);
    Some(format!("s3://{bucket}/{folder}"))
}

impl Run<'_> {
    /// The replay this run is, if it is one (a resume on a changed definition checks none of
    /// this: it runs what the record did not finish).
    pub(crate) fn replaying(&self) -> Option<&Prior> {
        self.prior
            .as_deref()
            .filter(|p| p.kind() == PriorKind::Replay)
    }

    /// The recorded event the `MapRunStarted` this run wrote for `started` matched.
    fn recorded_start(&self, started: &StartedMapRun) -> Option<(HistoryEventType, u64)> {
        let prior = self.prior.as_deref()?;
        let at = prior.matched_position(started.event)?;
        let event = prior.event(at);
        Some((event.kind.event_type(), event.id))
    }

    /// A replay's Map Run of `node` (`arn`, started at the recorded event `at`) whose `part`
    /// it cannot check (`why`): with the definition the execution ran, the differences of the
    /// Map's configuration; without it, the Map Run noted unchecked.
    fn not_checked(
        &self,
        (node, map): (&Node, &MapOp),
        (arn, at): (&StatesArn, Option<(HistoryEventType, u64)>),
        part: UncheckedPart,
        why: String,
    ) {
        let Some(prior) = self.replaying() else {
            return;
        };
        match prior.recorded_maps() {
            Some(maps) => {
                let recorded = maps.of_state(&node.name);
                let now = &map.distributed_ops.item_processing;
                for d in configuration_changes(&node.name, at, part, (&recorded, now), &why) {
                    prior.note(d);
                }
            }
            None => prior.note_unchecked(Unchecked {
                execution: None,
                state: node.name.to_string(),
                map_run: arn.clone(),
                part,
                reason: why,
            }),
        }
    }

    /// A replay's Map Run of `node` (`started`) that takes its items from the record: they
    /// cannot be read again (`why`).
    pub(crate) fn items_from_record(
        &self,
        node: &Node,
        map: &MapOp,
        started: &StartedMapRun,
        why: String,
    ) {
        let at = self.recorded_start(started);
        self.not_checked((node, map), (&started.arn, at), UncheckedPart::Items, why);
    }

    /// A replay's Map Run `arn` of `node` whose `ResultWriter`'s files have nothing recorded
    /// to be compared with (`why`).
    pub(crate) fn files_not_compared(
        &self,
        node: &Node,
        map: &MapOp,
        arn: &StatesArn,
        why: String,
    ) {
        self.not_checked((node, map), (arn, None), UncheckedPart::ResultFiles, why);
    }

    /// A replay's Map Run of `node` (`started`) whose `total` items (or batches) the
    /// definition made: another number than the record's is another path.
    pub(crate) fn compare_item_count(&self, node: &Node, started: &StartedMapRun, total: usize) {
        let Some(prior) = self.replaying() else {
            return;
        };
        let Some(recorded) = prior.recorded_items(&started.arn) else {
            return;
        };
        if u64::try_from(total).is_ok_and(|total| total == recorded) {
            return;
        }
        let at = self.recorded_start(started);
        prior.note(item_count(&node.name, at, recorded, total));
    }

    /// A replay's Map Run of `node` (`started`) starts child `index` (`arn`) on `input`,
    /// which the record does not have.
    pub(crate) fn note_unrecorded_child(
        &self,
        node: &Node,
        started: &StartedMapRun,
        (index, arn): (usize, &StatesArn),
        input: &JsonText,
    ) {
        if let Some(prior) = self.replaying() {
            let at = self.recorded_start(started);
            prior.note(unrecorded_child(&node.name, at, (index, arn), input));
        }
    }

    /// A replay's Map Run of `node` of `total` items (or batches) ended without starting the
    /// recorded children left in `slots`.
    pub(crate) fn note_not_started(
        &self,
        node: &Node,
        slots: &[Option<ChildExecution>],
        total: usize,
    ) {
        let Some(prior) = self.replaying() else {
            return;
        };
        for child in slots.iter().flatten() {
            prior.note(child_not_started(child, &node.name, total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_of(definition: &str) -> Value {
        RecordedMaps::of(definition)
            .expect("a definition")
            .of_state("M")
    }

    #[test]
    fn item_processing_is_compared_as_the_model_reads_it() {
        let with = |selector_field: &str, batcher: &str| {
            format!(
                r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true,
                  "{selector_field}": {{"a.$": "$$.Map.Item.Value"}}, "ItemBatcher": {batcher},
                  "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED"}},
                    "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}}}}}}}"#
            )
        };
        // The deprecated `Parameters` is the same selector as `ItemSelector`.
        let selector = map_of(&with("ItemSelector", r#"{"MaxItemsPerBatch": 2}"#));
        assert_eq!(
            selector,
            map_of(&with("Parameters", r#"{"MaxItemsPerBatch": 2}"#))
        );
        let batch_input = map_of(&with(
            "ItemSelector",
            r#"{"MaxItemsPerBatch": 2, "BatchInput": {"r": 1}}"#,
        ));
        let per_batch = map_of(&with("ItemSelector", r#"{"MaxItemsPerBatch": 3}"#));
        let kinds = |now: &Value| {
            configuration_changes("M", None, UncheckedPart::Items, (&selector, now), "why")
                .into_iter()
                .map(|d| (d.kind, d.changes[0].pointer.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&batch_input),
            [(DifferenceKind::Data, "/ItemBatcher/BatchInput".to_owned())]
        );
        assert_eq!(
            kinds(&per_batch),
            [(
                DifferenceKind::Path,
                "/ItemBatcher/MaxItemsPerBatch".to_owned()
            )]
        );
        assert!(kinds(&selector).is_empty());
        // The files' part compares the writer alone.
        assert!(
            configuration_changes(
                "M",
                None,
                UncheckedPart::ResultFiles,
                (&selector, &per_batch),
                "why"
            )
            .is_empty()
        );
        assert!(RecordedMaps::of("{").is_none());
    }

    #[test]
    fn a_recorded_writers_folder_is_its_manifests() {
        let files = [(
            "manifest.json".to_owned(),
            json!({"DestinationBucket": "out", "MapRunArn": "arn",
                "ResultFiles": {"SUCCEEDED": [{"Key": "runs/7/SUCCEEDED_0.json", "Size": 9}]}})
            .to_string(),
        )]
        .into_iter()
        .collect();
        assert_eq!(recorded_folder(&files).as_deref(), Some("s3://out/runs/7"));
        assert_eq!(recorded_folder(&Default::default()), None);
    }
}
