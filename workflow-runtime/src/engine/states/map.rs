//! Map states: the items (ItemsPath, ItemReader, ItemBatcher), the iterations at most
//! `MaxConcurrency` at a time, and the tolerated failures.

use super::read_optional;
use crate::engine::clock::Clock;
use crate::engine::dynamic::{IntField, Source, read_int, read_percentage, unexpected_type};
use crate::engine::error::Failure;
use crate::engine::jsonata_values;
use crate::engine::program::{Dynamic, MapOp, Node, Selector};
use crate::engine::run::{Run, Strand};
use crate::engine::vars::Frame;
use crate::execution::EventKind;
use futures::StreamExt;
use serde_json::{Value, json};
use workflow_asl::eval::{Env, select};

impl Run<'_> {
    /// Runs the item processor for every item, at most `MaxConcurrency` at a time.
    pub(super) async fn map(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let (items, map_run) = if map.reader.is_some() {
            self.read_in_map_run(node, map, effective, context, strand)
                .await?
        } else {
            let items = self.map_items(node, map, effective, context, strand)?;
            let items = self.batch_items(node, map, items, effective, context, strand)?;
            self.event(
                strand,
                EventKind::MapStateStarted {
                    length: items.len(),
                },
            )?;
            let map_run = if map.distributed {
                Some(self.start_map_run(node, map, strand)?)
            } else {
                None
            };
            (items, map_run)
        };
        let limits = self.map_limits(node, map, effective, context, strand)?;
        if map_run.is_some() {
            self.map_run_limits(
                node,
                (
                    limits.max_concurrency.unwrap_or(0),
                    limits.tolerated_failure_count,
                    limits.tolerated_failure_percentage,
                ),
            );
        }
        let concurrency = concurrency(limits.max_concurrency, map.distributed);
        let vars_parent = if map.distributed {
            None
        } else {
            Some(&strand.vars)
        };
        let start_clock = strand.clock;
        let start_event = strand.last_event;
        // Once an iteration fails (and failures are not tolerated), no further iteration starts.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let stop = &stop;
        // When the last iteration ended: an iteration that waited for a free slot starts then.
        let freed_at = std::sync::atomic::AtomicI64::new(start_clock.now());
        let freed_at = &freed_at;
        let tolerant = map.distributed
            && (map.tolerated_failure_count.is_some()
                || map.tolerated_failure_percentage.is_some());
        let mut outcomes: Vec<(usize, IterationOutcome)> =
            futures::stream::iter(items.into_iter().enumerate())
                .map(|(index, item)| {
                    let mut clock = start_clock;
                    clock.at_least(freed_at.load(std::sync::atomic::Ordering::SeqCst));
                    let mut child = Strand {
                        clock,
                        last_event: start_event,
                        vars: Frame::child(vars_parent),
                    };
                    async move {
                        if stop.load(std::sync::atomic::Ordering::SeqCst) {
                            return (index, (None, child.clock, child.last_event));
                        }
                        let outcome = self
                            .iteration(node, map, index, item, effective, &mut child)
                            .await;
                        if outcome.is_err() && !tolerant {
                            stop.store(true, std::sync::atomic::Ordering::SeqCst);
                        }
                        freed_at.fetch_max(child.clock.now(), std::sync::atomic::Ordering::SeqCst);
                        (index, (Some(outcome), child.clock, child.last_event))
                    }
                })
                // A slot frees when any iteration ends, not only the oldest.
                .buffer_unordered(concurrency)
                .collect()
                .await;
        // The results in item order, whatever order the iterations ended in.
        outcomes.sort_by_key(|(index, _)| *index);
        let total = outcomes.len();
        let mut results = Vec::with_capacity(total);
        let mut failures = Vec::new();
        for (_, (outcome, clock, last)) in outcomes {
            strand.clock.join(&clock);
            strand.last_event = strand.last_event.max(last);
            match outcome {
                Some(Ok(v)) => results.push(v),
                Some(Err(f)) => {
                    results.push(f.error_output());
                    failures.push(f);
                }
                None => {}
            }
        }
        if let Some(first) = failures.first() {
            let tolerated = map.distributed && limits.tolerates(failures.len(), total);
            if !tolerated {
                let f = if tolerant {
                    Failure::threshold_exceeded()
                } else {
                    first.clone()
                };
                if map_run.is_some() {
                    self.end_map_run(node, map, (effective, context), (Some(&f), total), strand)?;
                }
                self.event(
                    strand,
                    EventKind::MapStateFailed {
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                )?;
                return Err(f);
            }
        }
        let written = match map_run {
            Some(_) => self.end_map_run(node, map, (effective, context), (None, total), strand)?,
            None => None,
        };
        self.event(strand, EventKind::MapStateSucceeded)?;
        Ok(written.unwrap_or(Value::Array(results)))
    }

    /// A Map's `MaxConcurrency` and tolerated failures, read (and checked) when it starts.
    pub(crate) fn map_limits(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<MapLimits, Failure> {
        self.with_source(node, (effective, context), strand, |source| {
            let int =
                |field, d: Option<&Dynamic>| d.map(|d| read_int(field, d, source)).transpose();
            Ok(MapLimits {
                max_concurrency: int(IntField::MaxConcurrency, map.max_concurrency.as_ref())?,
                tolerated_failure_count: int(
                    IntField::ToleratedFailureCount,
                    map.tolerated_failure_count.as_ref(),
                )?,
                tolerated_failure_percentage: map
                    .tolerated_failure_percentage
                    .as_ref()
                    .map(|p| read_percentage(p, source))
                    .transpose()?,
            })
        })
    }

    /// A Distributed Map whose items an `ItemReader` reads, as AWS records it (LocalStack's
    /// `test_map_item_reader_*` scenarios, recorded on AWS): `MapStateStarted` with a `length`
    /// of 0 (the items are not known yet), then the reader's request and `MaxItems` are
    /// evaluated (a value that is no integer fails the state with `States.Runtime`, before
    /// any Map Run), then `MapRunStarted`, and the Map Run reads (and batches) the items. A
    /// failure to read (`States.ItemReaderFailed`: a missing object, duplicate CSV headers, a
    /// negative `MaxItems`, an object that holds no array) fails the Map Run: `MapRunFailed`
    /// with the error and cause, then `MapStateFailed`.
    async fn read_in_map_run(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<(Vec<Value>, Option<String>), Failure> {
        let Some((resource, parameters, arguments)) = &map.reader else {
            return Ok((Vec::new(), None));
        };
        self.event(strand, EventKind::MapStateStarted { length: 0 })?;
        let request = self.resource_request(
            node,
            (parameters.as_ref(), arguments.as_ref()),
            "ItemReader/Arguments",
            (effective, context),
            strand,
        )?;
        // A negative `MaxItems` is the Map Run's failure; any other, the state's.
        let max_items = match self.reader_max_items(node, map, (effective, context), strand) {
            Err(f) if f.error != workflow_asl::ErrorName::ItemReaderFailed => return Err(f),
            other => other,
        };
        let map_run = self.start_map_run(node, map, strand)?;
        let read = async {
            let max_items = max_items?;
            let items = match self.read_from_store(map, resource, &request, strand) {
                Some(items) => items?,
                None => {
                    self.invoke(node, resource, request, None, 0, None, None, strand)
                        .await?
                }
            };
            let items = crate::engine::item_reader::limited(items, max_items)?;
            self.batch_items(node, map, items, effective, context, strand)
        };
        match read.await {
            Ok(items) => Ok((items, Some(map_run))),
            Err(f) => {
                self.abandon_map_run(node, &f, strand)?;
                self.event(
                    strand,
                    EventKind::MapStateFailed {
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                )?;
                Err(f)
            }
        }
    }

    /// What a JSONPath Map's `ItemsPath` selects from its effective input (the input itself
    /// without one); whether it is an array is the caller's to judge.
    pub(crate) fn items_at_path(
        &self,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        match &map.items_path {
            Some(p) => {
                let env = Env {
                    input: effective,
                    context,
                    variables: &strand.vars,
                };
                Ok(select(p, &env)?.into_value())
            }
            None => Ok(effective.clone()),
        }
    }

    /// The items of a Map without an `ItemReader`: `ItemsPath` / `Items`, or the input.
    fn map_items(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Vec<Value>, Failure> {
        let items = if node.jsonata {
            match &map.items {
                Some(expr) => {
                    let states = self.states_object(node, effective, None, None, strand);
                    let vars = strand.vars.visible();
                    let items = jsonata_values::evaluate(
                        expr,
                        &self.scope(&states, &vars, strand),
                        "Items",
                    )?;
                    if !items.is_array() {
                        let body = match expr.json() {
                            Value::String(e) => {
                                expr.expression(e).and_then(|e| e.body()).unwrap_or(e)
                            }
                            _ => "",
                        };
                        return Err(unexpected_type(body, "Items", "array", &items));
                    }
                    items
                }
                None => effective.clone(),
            }
        } else {
            self.items_at_path(map, effective, context, strand)?
        };
        let Value::Array(items) = items else {
            return Err(Failure::query(format!(
                "Map state input must be an array but was: {items}"
            )));
        };
        Ok(items)
    }

    /// The items batched by the Map's `ItemBatcher`, if it has one.
    fn batch_items(
        &self,
        node: &Node,
        map: &MapOp,
        items: Vec<Value>,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Vec<Value>, Failure> {
        let batching = (
            map.max_items_per_batch.as_ref(),
            map.distributed_ops.max_input_bytes_per_batch.as_ref(),
        );
        if batching.0.is_none() && batching.1.is_none() {
            return Ok(items);
        }
        let (max_items, max_bytes, batch_input) =
            self.with_source(node, (effective, context), strand, |source| {
                // In a JSONata state, `BatchInput` is a JSONata value like `Arguments`: its
                // `{% %}` expressions are evaluated once, and every batch carries the result
                // (AWS recorded `{"BatchTimestamp": "{% $states.context.State.EnteredTime %}"}`
                // as the state's entered time: LocalStack's
                // `test_map_item_batching_base_json_max_per_batch_jsonata`, validated on AWS). In
                // a JSONPath state it is the fixed JSON the ItemBatcher page describes.
                let batch_input = match (&map.batch_input, source) {
                    (Some(b), Source::Jsonata(scope)) => Some(jsonata_values::evaluate(
                        b,
                        scope,
                        "ItemBatcher/BatchInput",
                    )?),
                    (b, _) => b.as_ref().map(|b| b.json().clone()),
                };
                Ok::<_, Failure>((
                    read_optional(IntField::MaxItemsPerBatch, batching.0, source)?,
                    read_optional(IntField::MaxInputBytesPerBatch, batching.1, source)?,
                    batch_input,
                ))
            })?;
        crate::engine::item_batcher::batches(items, max_items, max_bytes, batch_input.as_ref())
    }

    /// One iteration: select the item input, run the processor.
    async fn iteration(
        &self,
        node: &Node,
        map: &MapOp,
        index: usize,
        item: Value,
        effective: &Value,
        child: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let name = node.name.clone();
        self.event(
            child,
            EventKind::MapIterationStarted {
                name: name.clone(),
                index,
            },
        )?;
        let item_input = match &map.selector {
            None => item,
            Some(Selector::JsonPath(t)) => {
                let mut context = self.context(node, child, 0, None);
                if let Some(ctx) = context.as_object_mut() {
                    ctx.insert(
                        "Map".into(),
                        json!({"Item": {"Index": index, "Value": item}}),
                    );
                } else {
                    context = json!({"Map": {"Item": {"Index": index, "Value": item}}});
                }
                self.template_in(node, t, effective, &context, child)?
            }
            Some(Selector::Jsonata(v)) => {
                let mut states = self.states_object(node, effective, None, None, child);
                if let Some(ctx) = states.get_mut("context") {
                    if !ctx.is_object() {
                        *ctx = json!({});
                    }
                    if let Some(c) = ctx.as_object_mut() {
                        c.insert(
                            "Map".into(),
                            json!({"Item": {"Index": index, "Value": item}}),
                        );
                    }
                }
                let vars = child.vars.visible();
                jsonata_values::evaluate(v, &self.scope(&states, &vars, child), "ItemSelector")?
            }
        };
        let recorded = map
            .distributed
            .then(|| (item_input.clone(), child.clock.now()));
        let outcome = self.run_scope(map.processor, item_input, child).await;
        if let Some((input, start_millis)) = recorded {
            let child_run = crate::engine::map_run::ChildRun {
                index,
                input,
                outcome: outcome.clone(),
                start_millis,
                stop_millis: child.clock.now(),
            };
            self.record_child(node, child_run);
        }
        match &outcome {
            Ok(_) => self.event(child, EventKind::MapIterationSucceeded { name, index })?,
            Err(f) => self.event(
                child,
                EventKind::MapIterationFailed {
                    name,
                    index,
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                },
            )?,
        }
        outcome
    }
}

/// How many iterations of a Map run at once: `MaxConcurrency`, or when it is absent or 0, the
/// most the service runs: 40 for an inline Map, 10,000 child executions for a Distributed Map
/// (the developer guide's "Using Map state in Inline mode": "In this mode, the `Map` state
/// supports up to 40 concurrent iterations"; a Distributed Map runs up to 10,000 child
/// workflows at once; floci-io/floci's `docs/services/step-functions.md`, "Map concurrency",
/// names the same two ceilings for an omitted or 0 `MaxConcurrency`). Iterations past the
/// limit start as earlier ones end.
fn concurrency(max_concurrency: Option<u64>, distributed: bool) -> usize {
    /// The most iterations an inline Map runs at once.
    const INLINE: usize = 40;
    let ceiling = if distributed {
        usize::try_from(workflow_asl::validate::MAX_DISTRIBUTED_CONCURRENCY).unwrap_or(usize::MAX)
    } else {
        INLINE
    };
    match max_concurrency {
        Some(0) | None => ceiling,
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
    }
}

/// A Map's limits, read when it starts.
pub(crate) struct MapLimits {
    /// `MaxConcurrency` (`None`, or 0: no limit).
    pub(crate) max_concurrency: Option<u64>,
    /// `ToleratedFailureCount`.
    pub(crate) tolerated_failure_count: Option<u64>,
    /// `ToleratedFailurePercentage`.
    pub(crate) tolerated_failure_percentage: Option<f64>,
}

impl MapLimits {
    /// Whether `failed` failures out of `total` iterations are within what the Map tolerates.
    pub(crate) fn tolerates(&self, failed: usize, total: usize) -> bool {
        let count_ok = self
            .tolerated_failure_count
            .is_some_and(|c| failed as u64 <= c);
        let percentage_ok = self
            .tolerated_failure_percentage
            .is_some_and(|p| total > 0 && (failed as f64 * 100.0 / total as f64) <= p);
        count_ok || percentage_ok
    }
}

/// One Map iteration: its outcome (`None` when it never started), its clock and last event.
type IterationOutcome = (Option<Result<Value, Failure>>, Clock, u64);
