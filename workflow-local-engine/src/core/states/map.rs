//! Map states: the items (ItemsPath, ItemReader, ItemBatcher), the iterations at most
//! `MaxConcurrency` at a time, and the tolerated failures.

use super::read_optional;
use crate::core::child_execution::ChildIdentity;
use crate::core::clock::Clock;
use crate::core::dynamic::{IntField, Source, read_int, read_percentage, unexpected_type};
use crate::core::error::Failure;
use crate::core::event_log::EventLog;
use crate::core::host::{Interruptible, Interruption, Notice};
use crate::core::item_batcher::Batcher;
use crate::core::item_reader::item_source;
use crate::core::item_sources::ItemSources;
use crate::core::item_stream::Items;
use crate::core::jsonata_values;
use crate::core::live_map_run::{MapRunSignal, RunningMapRun};
use crate::core::map_run::{ChildExecution, ChildRun, StartedMapRun};
use crate::core::pause::Level;
use crate::core::program::{Dynamic, MapOp, Node, Selector};
use crate::core::run::{OpenState, Run, Strand};
use crate::core::vars::Frame;
use crate::execution::{EventKind, ExecutionStatus, JsonText};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::task::Poll;
use workflow_asl::eval::{Env, select};

impl Run<'_> {
    /// Runs the item processor for every item, at most `MaxConcurrency` at a time: as
    /// iterations of this execution (an inline Map) or as the child executions of a Map Run
    /// (a Distributed Map).
    pub(super) async fn map(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        // `MaxConcurrency` is read before the state starts, the tolerated failures before its
        // Map Run does (recorded on AWS: LocalStack's `test_max_concurrency_path` fails with
        // `ExecutionFailed` after `MapStateEntered`, `test_map_state_tolerated_failure_*_path`
        // after `MapStateStarted`, without `MapRunStarted`).
        let max_concurrency = self.map_max_concurrency(node, map, effective, context, strand)?;
        if let Some(reader) = &map.reader {
            let (feed, started, limits) = self
                .read_in_map_run(
                    node,
                    map,
                    reader,
                    (effective, context),
                    max_concurrency,
                    strand,
                )
                .await?;
            return self
                .run_children(
                    node,
                    map,
                    feed,
                    &started,
                    &limits,
                    (effective, context),
                    strand,
                )
                .await;
        }
        let items = self.map_items(node, map, effective, context, strand)?;
        let items = self.batch_items(node, map, items, effective, context, strand)?;
        self.event(
            strand,
            EventKind::MapStateStarted {
                length: items.len(),
            },
        )?;
        let limits =
            self.map_tolerated(node, map, (effective, context), max_concurrency, strand)?;
        let map_run = if map.distributed {
            Some(self.start_map_run(node, map, strand)?)
        } else {
            None
        };
        match map_run {
            Some(started) => {
                let recorded = self.recorded_slots(node, map, &started);
                self.run_children(
                    node,
                    map,
                    Feed::held(items, item_source(map, None)).with_recorded(recorded),
                    &started,
                    &limits,
                    (effective, context),
                    strand,
                )
                .await
            }
            None => {
                self.iterations(node, map, items, &limits, effective, strand)
                    .await
            }
        }
    }

    /// An inline Map's iterations, at most `MaxConcurrency` at a time. When one fails, the
    /// others are stopped and none starts: the failed iteration's `MapIterationFailed` (and
    /// its Task's `TaskStateAborted`), then for each iteration still running, in item order,
    /// `MapIterationAborted` and its open state's `…StateAborted`, then `MapStateFailed`, each
    /// naming the failure's event as its previous one (recorded on AWS: LocalStack's
    /// `test_service_lambda_map_timeout`, validated on 2024-03-10).
    async fn iterations(
        &self,
        node: &Node,
        map: &MapOp,
        items: Vec<Value>,
        limits: &MapLimits,
        effective: &Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let concurrency = concurrency(limits.max_concurrency, false);
        let (start_clock, start_event) = (strand.clock.clone(), strand.last_event);
        let mut outputs: Vec<Option<Value>> = vec![None; items.len()];
        // When the last iteration ended: an iteration that waited for a free slot starts then.
        let mut freed_at = start_clock.now();
        let (mut clock, mut last_event) = (strand.clock.clone(), strand.last_event);
        let mut failed = None;
        let mut ended = None;
        {
            let parent = &strand.vars;
            let mut pending = items.into_iter().enumerate();
            let mut open: BTreeMap<usize, OpenState> = BTreeMap::new();
            let mut running = FuturesUnordered::new();
            loop {
                while running.len() < concurrency {
                    let Some((index, item)) = pending.next() else {
                        break;
                    };
                    let mut at = start_clock.clone();
                    at.at_least(freed_at);
                    let level = Level::Iteration {
                        state: Arc::clone(&node.name),
                        index,
                    };
                    let start = (at, start_event, Frame::child(Some(parent)));
                    let mut child = Strand::nested(self, strand, level, start);
                    open.insert(index, child.open.clone());
                    running.push(async move {
                        let _live = self.live_strand(&child.trail);
                        let outcome = self
                            .iteration(node, map, index, item, effective, &mut child)
                            .await;
                        (index, outcome, child)
                    });
                }
                let Some((index, outcome, child)) = running.next().await else {
                    break;
                };
                open.remove(&index);
                freed_at = freed_at.max(child.clock.now());
                clock.join(&child.clock);
                last_event = last_event.max(child.last_event);
                match outcome {
                    Ok(v) => outputs[index] = Some(v),
                    Err(f) => {
                        failed = Some((f, child, open));
                        break;
                    }
                }
            }
            if let Some((_, _, still_running)) = &mut failed {
                // What the other iterations do at the failure's time, they do: they run
                // together. One that ends then (even failing) is no longer running.
                while let Poll::Ready(Some((index, _, _))) = super::ready_now(&mut running).await {
                    still_running.remove(&index);
                }
            }
            // Dropping the iterations still running stops them.
            drop(running);
            if let Some((f, at, still_running)) = failed.take() {
                self.abort_open_state(at.open.get(), &at)?;
                for (index, open) in still_running {
                    let mut marker =
                        Strand::new(at.clock.clone(), at.last_event, Frame::child(None));
                    self.event(
                        &mut marker,
                        EventKind::MapIterationAborted {
                            name: node.name.clone(),
                            index,
                        },
                    )?;
                    self.abort_open_state(open.get(), &at)?;
                }
                ended = Some((f, at.clock, at.last_event));
            }
        }
        strand.clock.join(&clock);
        strand.last_event = last_event;
        if let Some((f, at, failure_event)) = ended {
            strand.clock.join(&at);
            strand.last_event = failure_event;
            return self.map_failed(f, strand);
        }
        self.event(strand, EventKind::MapStateSucceeded)?;
        Ok(Value::Array(outputs.into_iter().flatten().collect()))
    }

    /// A Distributed Map's Map Run: each item (or batch) a child execution of its own, at most
    /// `MaxConcurrency` at a time. A child that fails is tolerated within
    /// `ToleratedFailureCount` and `ToleratedFailurePercentage` (both 0 when absent: "The
    /// default percentage value is zero, which means that the workflow fails if any one of
    /// its child workflow executions fails or times out"; with both, "the workflow fails when
    /// it exceeds either value"; AWS documentation, "Using Map state in Distributed mode");
    /// past them the Map Run fails with `States.ExceedToleratedFailureThreshold`, the children
    /// still running are aborted and no other starts. The parent's history shows
    /// `MapRunSucceeded` or `MapRunFailed` and the Map state's end; its `MapStateExited` names
    /// `MapRunStarted` as its previous event, as AWS records it since November 2024 (the
    /// recordings of `test_map_item_reader_base_json_with_items_path` and later).
    ///
    /// The items are taken from `feed` as children can start, and each child's results go to
    /// the `ResultWriter`'s files as it ends: what the Map Run holds is the children in flight
    /// and their records, not its items. Should reading fail now (the object changed since it
    /// was read through), no other child starts and the Map Run fails with the reader's
    /// failure.
    #[allow(clippy::too_many_arguments)]
    async fn run_children(
        &self,
        node: &Node,
        map: &MapOp,
        feed: Feed,
        started: &StartedMapRun,
        limits: &MapLimits,
        (effective, context): (&Value, &Value),
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let mut limits = limits.clone();
        let mut concurrency = concurrency(limits.max_concurrency, true);
        let total = feed.total;
        let feed_source = feed.source.clone();
        let preselected = feed.preselected;
        // A replay of a recorded Map Run names the recorded children it does not start; where
        // the definition made its items, it compares them with the record: how many, and
        // which children start (`map_replay`).
        let replays_record = feed.recorded_run && self.replaying().is_some();
        let compares = replays_record && !preselected;
        if compares {
            self.compare_item_count(node, started, total);
        }
        let mut slots = feed.recorded;
        // A replay's EXPRESS children run again, by index: what the record holds of each, to
        // compare with how it ends.
        let mut compared: BTreeMap<usize, ChildExecution> = BTreeMap::new();
        let replays = self
            .prior
            .as_deref()
            .is_some_and(|p| p.kind() == crate::core::prior::PriorKind::Replay);
        // While it runs, the Map Run shows itself to `DescribeMapRun` and takes `UpdateMapRun`
        // (the execution's own Map Runs: a child's belong to the child execution).
        let live = self
            .host
            .notice(Notice::MapRunStarted(Box::new(RunningMapRun {
                arn: started.arn.clone(),
                // A resumed Map Run's is when it first started.
                start_millis: started.start_millis,
                max_concurrency: limits.max_concurrency.unwrap_or(0),
                tolerated_failure_count: limits.tolerated_failure_count.unwrap_or(0),
                tolerated_failure_percentage: limits.tolerated_failure_percentage.unwrap_or(0.0),
                total: total as u64,
                running: 0,
                succeeded: 0,
                failed: 0,
                timed_out: 0,
                aborted: 0,
                children: Vec::new(),
            })));
        // A recorded Map Run's children run as its recorded labelled machine (a replay without
        // the execution's names does not know them otherwise).
        let machine = match (slots.is_empty(), started.arn.machine()) {
            (false, Some(recorded)) => recorded.clone(),
            _ => self.labelled_machine(node, map),
        };
        let express = map.distributed_ops.express_children;
        let start_clock = strand.clock.clone();
        let mut freed_at = start_clock.now();
        let mut failures = 0usize;
        let mut exceeded = false;
        let mut stopped = false;
        let mut unread = None;
        self.start_result_shards(node, map, &started.arn, (effective, context), strand);
        // The Map Run's time once its children ended or were stopped.
        let clock = {
            let mut pending = feed.batches.enumerate();
            // The dataset index of the next item: a batch's items are items `first..` of the
            // dataset, which their ItemSelector sees as `$$.Map.Item.Index`.
            let mut next_item = 0usize;
            // Declared before the children's futures, dropped after them.
            let mut children = LaunchedChildren {
                run: self,
                node,
                express,
                total,
                clock: strand.clock.clone(),
                launched: BTreeMap::new(),
                open: true,
            };
            let mut running = FuturesUnordered::new();
            loop {
                while running.len() < concurrency && !exceeded && unread.is_none() {
                    let Some((index, item)) = pending.next() else {
                        break;
                    };
                    let item = match item {
                        Ok(item) => item,
                        Err(f) => {
                            unread = Some(f);
                            break;
                        }
                    };
                    let first = next_item;
                    next_item += batched_items(map, &item).map_or(1, Vec::len);
                    let mut at = start_clock.clone();
                    at.at_least(freed_at);
                    // A recorded child (a replay's, a resume's on a changed definition) runs
                    // under its recorded name.
                    let recorded = slots.get_mut(index).and_then(Option::take);
                    let id = match &recorded {
                        Some(child) => ChildIdentity::recorded(child.arn.clone(), &machine),
                        None => ChildIdentity::new(self, &started.arn, index, &machine, express),
                    };
                    // A redriven Map Run keeps the children that succeeded and reruns the
                    // others on the input they had.
                    let prior = self.prior_child(node, &machine, &id.arn);
                    // A replay runs each recorded child again, on its own record.
                    let replayed = prior.is_none() && recorded.is_some();
                    // A child that ran before and is not kept (a redrive's STANDARD child that
                    // did not succeed, a resume's child that did not end) continues from its
                    // history; an EXPRESS one has none and starts again.
                    let continues = (prior.is_some() || replayed) && !express;
                    // A child holds its input as JSON text until it runs (a batch of a thousand
                    // items is a fraction of its size as text), and reads it then.
                    let (start, text) = match prior {
                        Some((mut prior, true)) => {
                            if prior.status != ExecutionStatus::Succeeded {
                                failures += 1;
                            }
                            let history = EventLog::of(std::mem::take(&mut prior.history));
                            // A kept child counts among the Map Run's children as it ended
                            // (a resumed Map Run shows what it had done), its history read
                            // while the Map Run runs.
                            if live {
                                for ended in [None, Some(&prior.status)] {
                                    self.host.notice(Notice::MapRunChild {
                                        arn: &started.arn,
                                        child: &id.arn,
                                        ended,
                                        history: (ended.is_none() && !express).then_some(&history),
                                    });
                                }
                            }
                            self.keep_child(node, index, id, prior, history);
                            continue;
                        }
                        // A plan of a resume stops where a child would run again.
                        Some(_) if self.prior.as_deref().is_some_and(|p| p.is_plan()) => {
                            if let Some(p) = self.prior.as_deref() {
                                p.go_live_now();
                            }
                            return Err(Failure::record_ended());
                        }
                        Some((prior, false)) => (Ok(()), prior.input),
                        // The reader's items are not read again: the recorded input stands.
                        None if preselected && recorded.is_some() => (
                            Ok(()),
                            recorded
                                .as_ref()
                                .map_or_else(|| JsonText::from(&Value::Null), |c| c.input.clone()),
                        ),
                        None => {
                            // The ItemSelector is the parent's to evaluate ($$.Map.Item); a
                            // failure there is the child's.
                            let input = self.item_input(
                                node,
                                map,
                                (index, first, item, &feed_source),
                                effective,
                                strand,
                                &at,
                            );
                            match input {
                                Ok(input) => (Ok(()), JsonText::from(&input)),
                                Err(f) => (Err(f), JsonText::from(&Value::Null)),
                            }
                        }
                    };
                    if compares && recorded.is_none() {
                        self.note_unrecorded_child(node, started, (index, &id.arn), &text);
                    }
                    let child_prior = self
                        .prior
                        .as_deref()
                        .filter(|_| continues)
                        .and_then(|p| p.child(&id.arn));
                    let host = self.host.child(&id.arn);
                    let level = Level::ChildExecution {
                        state: Arc::clone(&node.name),
                        index,
                        arn: id.arn.to_string(),
                    };
                    let trail = strand
                        .trail
                        .nested(self.timeline.next_strand(), level, strand.at);
                    let mut child_run = self.child(&id, &text, at.now(), host, child_prior);
                    if replays
                        && express
                        && let Some(child) = recorded
                    {
                        child_run.stands_for_recorded = Some(child.clone());
                        compared.insert(index, child);
                    }
                    let run = Arc::new(child_run);
                    if live {
                        // Its history is read from its run's own, held once.
                        let history = run
                            .shared
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .events
                            .clone();
                        self.host.notice(Notice::MapRunChild {
                            arn: &started.arn,
                            child: &id.arn,
                            ended: None,
                            history: (!express).then_some(&history),
                        });
                    }
                    children
                        .launched
                        .insert(index, (Arc::clone(&run), id, text.clone(), at.now()));
                    running.push(async move {
                        let end = match start {
                            Ok(()) => {
                                run.run_child(map.processor, text, (at, trail), express)
                                    .await
                            }
                            Err(f) => run.child_failed_to_start(f, &at, express),
                        };
                        (index, end)
                    });
                }
                let next = match live {
                    // An `UpdateMapRun` or a `StopExecution` wakes the Map Run as a child's end
                    // does (read first: a stopped Map Run starts no other child).
                    true => {
                        let signal = std::future::poll_fn(|cx| {
                            match self.host.interrupt(Interruptible::MapRun(&started.arn), cx) {
                                Poll::Ready(Interruption::MapRun(signal)) => Poll::Ready(signal),
                                _ => Poll::Pending,
                            }
                        });
                        match futures::future::select(std::pin::pin!(signal), running.next()).await
                        {
                            futures::future::Either::Right((next, _)) => next,
                            futures::future::Either::Left((MapRunSignal::Stop, _)) => {
                                stopped = true;
                                break;
                            }
                            futures::future::Either::Left((MapRunSignal::Update(update), _)) => {
                                limits.update(&update);
                                concurrency = self::concurrency(limits.max_concurrency, true);
                                exceeded = !limits.tolerates(failures, total);
                                if exceeded {
                                    break;
                                }
                                continue;
                            }
                        }
                    }
                    false => running.next().await,
                };
                let Some((index, end)) = next else {
                    break;
                };
                let Some((child_run, id, input, start_millis)) = children.launched.remove(&index)
                else {
                    continue;
                };
                self.compare_child(&child_run, &id.arn, &end, compared.remove(&index));
                let mut end_clock = start_clock.clone();
                end_clock.at_least(end.stop_millis);
                freed_at = freed_at.max(end.stop_millis);
                children.clock.join(&end_clock);
                if end.outcome.is_err() {
                    failures += 1;
                    exceeded = !limits.tolerates(failures, total);
                }
                let transitions = end.transitions;
                if live {
                    self.host.notice(Notice::MapRunChild {
                        arn: &started.arn,
                        child: &id.arn,
                        ended: Some(&end.status),
                        history: None,
                    });
                }
                let child = ChildRun::ended(index, id, input, start_millis, end);
                self.record_child(node, child, transitions);
                if exceeded {
                    break;
                }
            }
            if exceeded {
                // What the other children do at the failure's time, they do.
                while let Poll::Ready(Some((index, end))) = super::ready_now(&mut running).await {
                    if let Some((child_run, id, input, start_millis)) =
                        children.launched.remove(&index)
                    {
                        self.compare_child(&child_run, &id.arn, &end, compared.remove(&index));
                        let transitions = end.transitions;
                        let child = ChildRun::ended(index, id, input, start_millis, end);
                        self.record_child(node, child, transitions);
                    }
                }
            }
            // Past the tolerated failures, or when the execution is stopped, the children still
            // running are stopped. (A departure: AWS cannot stop EXPRESS children and lets them
            // finish after a stop, "waiting for child workflow executions of type Express to
            // complete", "Redriving Map Runs"; here nothing of a stopped execution runs on, so
            // they are stopped too.)
            drop(running);
            children.open = false;
            children.stop_launched();
            children.clock.clone()
        };
        strand.clock.join(&clock);
        if replays_record {
            self.note_not_started(node, &slots, total);
        }
        // What `DescribeMapRun` shows once it ended: the limits as read, or as last updated.
        self.map_run_limits(
            node,
            (
                limits.max_concurrency.unwrap_or(0),
                limits.tolerated_failure_count,
                limits.tolerated_failure_percentage,
            ),
        );
        // The Map Run is kept among the ended ones before its host stops following it, so that
        // a reader finds it in one place or the other at every moment.
        let ended = |run: &Self| {
            if live {
                run.host.notice(Notice::MapRunEnded(&started.arn));
            }
        };
        if stopped {
            let aborted = self.abort_map_run(node, total, strand);
            ended(self);
            aborted?;
            // The execution ends ABORTED: this strand goes no further.
            return std::future::pending().await;
        }
        let failure = unread.or_else(|| exceeded.then(Failure::threshold_exceeded));
        let result = self.end_map_run(
            node,
            map,
            (effective, context),
            (failure.as_ref(), total),
            strand,
        );
        ended(self);
        let result = result?;
        if let Some(f) = failure {
            return self.map_failed(f, strand);
        }
        self.event(strand, EventKind::MapStateSucceeded)?;
        strand.last_event = started.event;
        Ok(result)
    }

    /// The recorded children of the Map Run `started` that a replay (or a resume on a changed
    /// definition) takes from its record, each assigned to its item (see
    /// `prior::assign_children`); `None` when the run has no record of it.
    fn recorded_slots(
        &self,
        node: &Node,
        map: &MapOp,
        started: &StartedMapRun,
    ) -> Option<Vec<ChildExecution>> {
        let prior = self.prior.as_deref()?;
        let machine = match started.arn.machine() {
            Some(recorded) => recorded.clone(),
            None => self.labelled_machine(node, map),
        };
        let children = prior.recorded_children(&started.arn, &machine)?;
        let express = map.distributed_ops.express_children;
        Some(crate::core::prior::assign_children(
            children,
            |index| match ChildIdentity::of_recorded(&started.arn, index, express) {
                Some(id) => id.arn,
                None => ChildIdentity::new(self, &started.arn, index, &machine, express).arn,
            },
        ))
    }

    /// What a replay (or a resume on a changed definition) learns from a child that ended:
    /// the differences its own replay found, naming it; for an EXPRESS child a replay ran
    /// again (`recorded`: what the record holds of it), how its end differs from the
    /// recorded one, or that its recorded end was taken.
    fn compare_child(
        &self,
        child: &Run<'_>,
        arn: &workflow_aws_models::StatesArn,
        end: &crate::core::child_execution::ChildEnd,
        recorded: Option<ChildExecution>,
    ) {
        let Some(prior) = self.prior.as_deref().filter(|p| p.writes_own_history()) else {
            return;
        };
        if let Some(own) = child.prior.as_deref() {
            prior.absorb(arn, own.differences(true));
            prior.absorb_unchecked(arn, own.unchecked());
            for taken in own.taken() {
                prior.took_from_record(taken);
            }
        }
        let Some(recorded) = recorded else {
            return;
        };
        if end.taken_from_record {
            prior.took_from_record(arn.clone());
            return;
        }
        if let Some(d) = crate::core::record_diff::child_outcome(&recorded, end) {
            prior.absorb(arn, vec![d]);
        }
    }

    /// Ends the Map state with `f`, which closes it with `MapStateFailed` unless a Retrier
    /// retries it (see `Run::execute`).
    fn map_failed<T>(&self, f: Failure, _strand: &mut Strand<'_>) -> Result<T, Failure> {
        Err(Failure {
            closes_state: true,
            ..f
        })
    }

    /// A Map's `MaxConcurrency` and tolerated failures, read (and checked) together.
    pub(crate) fn map_limits(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<MapLimits, Failure> {
        let max_concurrency = self.map_max_concurrency(node, map, effective, context, strand)?;
        self.map_tolerated(node, map, (effective, context), max_concurrency, strand)
    }

    /// A Map's `MaxConcurrency`, read (and checked) before it starts.
    fn map_max_concurrency(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Option<u64>, Failure> {
        self.with_source(node, (effective, context), strand, |source| {
            map.max_concurrency
                .as_ref()
                .map(|d| read_int(IntField::MaxConcurrency, d, source))
                .transpose()
        })
    }

    /// A Map's limits: `max_concurrency`, and its tolerated failures, read (and checked)
    /// before its Map Run starts.
    fn map_tolerated(
        &self,
        node: &Node,
        map: &MapOp,
        (effective, context): (&Value, &Value),
        max_concurrency: Option<u64>,
        strand: &Strand<'_>,
    ) -> Result<MapLimits, Failure> {
        self.with_source(node, (effective, context), strand, |source| {
            let int =
                |field, d: Option<&Dynamic>| d.map(|d| read_int(field, d, source)).transpose();
            Ok(MapLimits {
                max_concurrency,
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
    ///
    /// Items the object store serves are read twice, as a stream each time: once through, to
    /// count them (the Map Run's total, which `DescribeMapRun` and the tolerated percentage of
    /// failures read) and to find a failure to read before any child starts, as AWS fails the
    /// Map Run; then as the children take them.
    async fn read_in_map_run(
        &self,
        node: &Node,
        map: &MapOp,
        (resource, parameters, arguments): &(
            workflow_aws_models::Resource,
            Option<workflow_asl::eval::Template>,
            Option<workflow_asl::JsonataValue>,
        ),
        (effective, context): (&Value, &Value),
        max_concurrency: Option<u64>,
        strand: &mut Strand<'_>,
    ) -> Result<(Feed, StartedMapRun, MapLimits), Failure> {
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
        let limits =
            self.map_tolerated(node, map, (effective, context), max_concurrency, strand)?;
        let map_run = self.start_map_run(node, map, strand)?;
        // A recorded Map Run a resume on a changed definition runs again takes its items from
        // the record (each child's recorded input), unless its record shows items that never
        // started. A replay reads them again with the definition's reader, selector and
        // batcher where its object store holds them, and takes them from the record where it
        // does not, saying so (`map_replay`).
        let recorded = self.recorded_slots(node, map, &map_run);
        if let Some(children) = &recorded {
            let items = self
                .prior
                .as_deref()
                .and_then(|p| p.recorded_items(&map_run.arn))
                .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
            let from_record = match self.prior.as_deref().map(crate::core::prior::Prior::kind) {
                Some(crate::core::prior::PriorKind::ResumeFailed) => items <= children.len(),
                Some(crate::core::prior::PriorKind::Replay) => {
                    match self.source_not_held(map, resource, &request) {
                        Some(why) => {
                            self.items_from_record(node, map, &map_run, why);
                            true
                        }
                        None => false,
                    }
                }
                _ => true,
            };
            if from_record {
                let feed = Feed::recorded(
                    recorded.unwrap_or_default(),
                    items,
                    item_source(map, Some(&request)),
                );
                return Ok((feed, map_run, limits));
            }
        }
        let read = async {
            let max_items = max_items?;
            let limited = crate::core::item_reader::limited_stream;
            let off = ItemSources::off();
            match self.read_from_store(map, resource, &request, &off, strand) {
                Some(items) => {
                    let batcher = self.batcher(node, map, effective, context, strand);
                    let total = counted(limited(items?, max_items), batcher.clone())?;
                    // The reading the children take their items from notes their objects,
                    // when an ItemSelector is there to read them (which drops those behind).
                    let sources = match map.selector {
                        Some(_) => ItemSources::new(),
                        None => ItemSources::off(),
                    };
                    let again = self
                        .read_from_store(map, resource, &request, &sources, strand)
                        .unwrap_or_else(|| Ok(Box::new(std::iter::empty())))?;
                    let items = limited(again, max_items);
                    let batches = match batcher? {
                        Some(batcher) => crate::core::item_batcher::batched(items, batcher),
                        None => items,
                    };
                    let source = item_source(map, Some(&request));
                    Ok(Feed {
                        batches,
                        total,
                        source: FeedSource { source, sources },
                        recorded: Vec::new(),
                        preselected: false,
                        recorded_run: false,
                    })
                }
                None => {
                    let items = self
                        .invoke(node, resource, request.clone(), None, 0, None, None, strand)
                        .await?;
                    let items = crate::core::item_reader::limited(items, max_items)?;
                    let items = self.batch_items(node, map, items, effective, context, strand)?;
                    Ok(Feed::held(items, item_source(map, Some(&request))))
                }
            }
        };
        match read.await {
            Ok(feed) => Ok((feed.with_recorded(recorded), map_run, limits)),
            Err(f) => {
                self.abandon_map_run(node, &f, strand)?;
                self.map_failed(f, strand)
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
    pub(crate) fn map_items(
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
    pub(crate) fn batch_items(
        &self,
        node: &Node,
        map: &MapOp,
        items: Vec<Value>,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Vec<Value>, Failure> {
        match self.batcher(node, map, effective, context, strand)? {
            Some(batcher) => crate::core::item_batcher::batches(items, batcher),
            None => Ok(items),
        }
    }

    /// The Map's `ItemBatcher`, its limits and `BatchInput` evaluated, if it has one.
    pub(crate) fn batcher(
        &self,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Option<Batcher>, Failure> {
        if !batching(map) {
            return Ok(None);
        }
        let limits = (
            map.max_items_per_batch.as_ref(),
            map.distributed_ops.max_input_bytes_per_batch.as_ref(),
        );
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
                    read_optional(IntField::MaxItemsPerBatch, limits.0, source)?,
                    read_optional(IntField::MaxInputBytesPerBatch, limits.1, source)?,
                    batch_input,
                ))
            })?;
        Ok(Some(Batcher::new(max_items, max_bytes, batch_input)))
    }

    /// One iteration of an inline Map: select the item input, run the processor. A failed
    /// iteration's `MapIterationFailed` leaves the failure's event the strand's last, which
    /// the events that close the Map name (see [`Run::iterations`]).
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
        if self.host.inspects() {
            child.map_item = Some(Box::new(json!({"Index": index, "Value": &item})));
        }
        let item = MapItem {
            index,
            value: item,
            source: "STATE_DATA",
        };
        let item_input = self.select_item(node, map, item, effective, child)?;
        let outcome = self.run_scope(map.processor, item_input, child).await;
        match &outcome {
            Ok(_) => self.event(child, EventKind::MapIterationSucceeded { name, index })?,
            Err(f) => {
                let failure_event = child.last_event;
                self.event(
                    child,
                    EventKind::MapIterationFailed {
                        name,
                        index,
                        error: f.error_name().cloned(),
                        cause: f.cause.clone(),
                    },
                )?;
                child.last_event = failure_event;
            }
        }
        outcome
    }

    /// The input of a Distributed Map's child execution for `item` (the `index`th item, or
    /// batch, whose first item is the dataset's `first`): its `ItemSelector`, evaluated by the
    /// parent (with the parent's variables, `$$.Map.Item`) at `at`. A batch's items are each
    /// selected, as the items they are, and the batch holds what the selector made of them:
    /// Step Functions applies a Distributed Map's fields "in the order shown: ItemReader,
    /// ItemsPath, ItemSelector, ItemBatcher, ResultWriter" (AWS documentation, "Map state
    /// input and output fields"), and AWS's sample `sfn-bedrock-describe-assets`
    /// (aws-samples/step-functions-workflows-collection) reads `event["Items"]`, each item
    /// the `{Bucket, Data}` its ItemSelector builds from `$$.Map.Item.Value`. (The batches
    /// are cut by the items' size before they are selected.)
    fn item_input(
        &self,
        node: &Node,
        map: &MapOp,
        (index, first, item, source): (usize, usize, Value, &FeedSource),
        effective: &Value,
        parent: &Strand<'_>,
        at: &Clock,
    ) -> Result<Value, Failure> {
        let strand = Strand::new(
            at.clone(),
            parent.last_event,
            Frame::child(Some(&parent.vars)),
        );
        if map.selector.is_none() {
            return Ok(item);
        }
        let Some(items) = batched_items(map, &item) else {
            let source = source.of(first);
            let item = MapItem {
                index,
                value: item,
                source: &source,
            };
            return self.select_item(node, map, item, effective, &strand);
        };
        let selected = items
            .iter()
            .enumerate()
            .map(|(i, each)| {
                let source = source.of(first + i);
                let item = MapItem {
                    index: first + i,
                    value: each.clone(),
                    source: &source,
                };
                self.select_item(node, map, item, effective, &strand)
            })
            .collect::<Result<Vec<Value>, Failure>>()?;
        let mut batch = item;
        if let Some(b) = batch.as_object_mut() {
            b.insert("Items".into(), Value::Array(selected));
        }
        Ok(batch)
    }

    /// An item as `ItemSelector` (JSONPath or JSONata) makes it, with `$$.Map.Item` the item,
    /// its index and its source.
    pub(crate) fn select_item(
        &self,
        node: &Node,
        map: &MapOp,
        item: MapItem<'_>,
        effective: &Value,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        let MapItem {
            index,
            value: item,
            source,
        } = item;
        Ok(match &map.selector {
            None => item,
            Some(Selector::JsonPath(t)) => {
                let entry = json!({"Item": {"Index": index, "Value": item, "Source": source}});
                let mut context = self.context(node, strand, 0, None);
                if let Some(ctx) = context.as_object_mut() {
                    ctx.insert("Map".into(), entry);
                } else {
                    context = json!({ "Map": entry });
                }
                self.template_in(node, t, effective, &context, strand)?
            }
            Some(Selector::Jsonata(v)) => {
                let mut states = self.states_object(node, effective, None, None, strand);
                if let Some(ctx) = states.get_mut("context") {
                    if !ctx.is_object() {
                        *ctx = json!({});
                    }
                    if let Some(c) = ctx.as_object_mut() {
                        c.insert(
                            "Map".into(),
                            json!({"Item": {"Index": index, "Value": item, "Source": source}}),
                        );
                    }
                }
                let vars = strand.vars.visible();
                jsonata_values::evaluate(v, &self.scope(&states, &vars, strand), "ItemSelector")?
            }
        })
    }
}

/// One item as `ItemSelector` reads it: `$$.Map.Item`'s `Index`, `Value` and `Source`.
pub(crate) struct MapItem<'a> {
    pub index: usize,
    pub value: Value,
    pub source: &'a str,
}

/// The items (or batches) of a Map Run, taken as children start, and how many there are.
struct Feed {
    batches: Items,
    total: usize,
    /// `$$.Map.Item.Source` of its items.
    source: FeedSource,
    /// The recorded children a replay (or a resume on a changed definition) runs again, by
    /// item.
    recorded: Vec<Option<ChildExecution>>,
    /// Whether the items are the recorded children's inputs, as their `ItemSelector` made
    /// them (the reader's source is not read again).
    preselected: bool,
    /// Whether the Map Run is a recorded one (a replay's, a resume's on a changed
    /// definition), its recorded children in `recorded`.
    recorded_run: bool,
}

impl Feed {
    /// Items held in memory (a Map's input, or a reader's answer from a handler).
    fn held(items: Vec<Value>, source: Arc<str>) -> Self {
        Feed {
            total: items.len(),
            batches: Box::new(items.into_iter().map(Ok)),
            source: FeedSource {
                source,
                sources: ItemSources::off(),
            },
            recorded: Vec::new(),
            preselected: false,
            recorded_run: false,
        }
    }

    /// The recorded `children`, by item, of a Map Run whose record says it had `items`
    /// items (or batches): each child's recorded input is its item.
    fn recorded(children: Vec<ChildExecution>, items: usize, source: Arc<str>) -> Self {
        let inputs: Vec<Value> = children.iter().map(|c| c.input.to_value()).collect();
        Feed {
            total: items.max(children.len()),
            batches: Box::new(inputs.into_iter().map(Ok)),
            source: FeedSource {
                source,
                sources: ItemSources::off(),
            },
            recorded: children.into_iter().map(Some).collect(),
            preselected: true,
            recorded_run: true,
        }
    }

    /// The same, the recorded `children` (if any) taking their items.
    fn with_recorded(mut self, children: Option<Vec<ChildExecution>>) -> Self {
        if let Some(children) = children {
            self.recorded = children.into_iter().map(Some).collect();
            self.recorded_run = true;
        }
        self
    }
}

/// `$$.Map.Item.Source` of a Map Run's items: the object the reader noted for an item
/// (`item_sources`), else the source of them all (`item_reader::item_source`).
#[derive(Clone)]
struct FeedSource {
    source: Arc<str>,
    sources: ItemSources,
}

impl FeedSource {
    /// The source of the item at `position` of the dataset (asked for in order).
    fn of(&self, position: usize) -> Arc<str> {
        self.sources
            .source_of(position)
            .unwrap_or_else(|| Arc::clone(&self.source))
    }
}

/// How many items (or batches, with a `batcher`) `items` holds, read through; the failure to
/// read comes first, then the batcher's own, then an item too large for a batch (the order in
/// which reading everything, then batching it, meets them).
fn counted(items: Items, batcher: Result<Option<Batcher>, Failure>) -> Result<usize, Failure> {
    let mut batcher = batcher;
    let mut too_large = None;
    let mut count = 0usize;
    for item in items {
        let item = item?;
        match &mut batcher {
            Ok(None) => count += 1,
            Ok(Some(b)) if too_large.is_none() => match b.push(item) {
                Ok(closed) => count += usize::from(closed.is_some()),
                Err(f) => too_large = Some(f),
            },
            _ => {}
        }
    }
    let batcher = batcher?;
    if let Some(f) = too_large {
        return Err(f);
    }
    Ok(count + batcher.and_then(|mut b| b.finish()).map_or(0, |_| 1))
}

/// Whether the Map batches its items: its `ItemBatcher` sets a count or a size per batch.
pub(crate) fn batching(map: &MapOp) -> bool {
    map.max_items_per_batch.is_some() || map.distributed_ops.max_input_bytes_per_batch.is_some()
}

/// The items of `batch`, when the Map batches its items (`ItemBatcher`): each batch is
/// `{"BatchInput": …, "Items": [...]}`.
fn batched_items<'b>(map: &MapOp, batch: &'b Value) -> Option<&'b Vec<Value>> {
    batching(map)
        .then(|| batch.get("Items").and_then(Value::as_array))
        .flatten()
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
#[derive(Clone)]
pub(crate) struct MapLimits {
    /// `MaxConcurrency` (`None`, or 0: no limit).
    pub(crate) max_concurrency: Option<u64>,
    /// `ToleratedFailureCount`.
    pub(crate) tolerated_failure_count: Option<u64>,
    /// `ToleratedFailurePercentage`.
    pub(crate) tolerated_failure_percentage: Option<f64>,
}

impl MapLimits {
    /// The limits after `UpdateMapRun`'s `update`: each field it sets replaces this one's.
    pub(crate) fn update(&mut self, update: &crate::core::live_map_run::MapRunUpdate) {
        self.max_concurrency = update.max_concurrency.or(self.max_concurrency);
        self.tolerated_failure_count = update
            .tolerated_failure_count
            .or(self.tolerated_failure_count);
        self.tolerated_failure_percentage = update
            .tolerated_failure_percentage
            .or(self.tolerated_failure_percentage);
    }

    /// Whether `failed` failures out of `total` child executions are within what the Map
    /// tolerates: none when it sets neither limit, and with both, "the workflow fails when
    /// it exceeds either value" (AWS documentation, "Using Map state in Distributed mode").
    pub(crate) fn tolerates(&self, failed: usize, total: usize) -> bool {
        let within_percentage = |p: f64| total == 0 || failed as f64 * 100.0 / total as f64 <= p;
        match (
            self.tolerated_failure_count,
            self.tolerated_failure_percentage,
        ) {
            (None, None) => failed == 0,
            (Some(count), None) => failed as u64 <= count,
            (None, Some(p)) => within_percentage(p),
            (Some(count), Some(p)) => failed as u64 <= count && within_percentage(p),
        }
    }
}

/// A child execution launched and not yet ended: its run, who it is, its input and when it
/// started.
type Launched<'r> = (Arc<Run<'r>>, ChildIdentity, JsonText, i64);

/// The children a Map Run launched and has not seen end. Dropped while the Map Run is still
/// open (its state stopped under it: its Parallel branch or Map iteration aborted by another's
/// failure, or the execution ended), it stops them and records the Map Run `ABORTED`, as a
/// stop ends it (MapRunExecutionCounts' `aborted`: children "stopped … by Step Functions").
/// It writes no event: the state's own `…StateAborted` closes it in the history, and AWS
/// documents no Map Run event there.
struct LaunchedChildren<'s, 'r> {
    run: &'s Run<'r>,
    node: &'s Node,
    express: bool,
    /// The Map Run's items (or batches).
    total: usize,
    /// The Map Run's time so far.
    clock: Clock,
    launched: BTreeMap<usize, Launched<'r>>,
    /// Whether the Map Run has not ended in its own way yet.
    open: bool,
}

impl LaunchedChildren<'_, '_> {
    /// Stops the children still running at the Map Run's time (each `ExecutionAborted`) and
    /// records them.
    fn stop_launched(&mut self) {
        // An aborted child keeps no failure of its own: any will do.
        let failure = Failure::threshold_exceeded();
        for (index, (run, id, input, start_millis)) in std::mem::take(&mut self.launched) {
            let end = run.abort_child(&failure, &self.clock, self.express);
            // A replay compares a child it stops with the record as it ended.
            if self.run.replaying().is_some() {
                self.run.compare_child(&run, &id.arn, &end, None);
            }
            let transitions = end.transitions;
            let child = ChildRun::ended(index, id, input, start_millis, end);
            self.run.record_child(self.node, child, transitions);
        }
    }
}

impl Drop for LaunchedChildren<'_, '_> {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        self.stop_launched();
        self.run
            .drop_map_run(self.node, self.total, self.clock.now());
    }
}
