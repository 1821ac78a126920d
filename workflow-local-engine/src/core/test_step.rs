//! TestState's step inside the core: the one state a TestState request runs, once (see
//! `hosts::test_state` for the request, its checks and its answer). The run's context object is
//! the request's when it gives one, a Map's or Parallel's result its mock, and the step leaves
//! its outcome here: the status, the output, the failure, the next state, which Retrier or
//! Catcher handled an error, the variables, what a mocked Map read.

use crate::core::error::Failure;
use crate::core::program::{MapOp, Node};
use crate::core::run::{Run, Step, Strand};
use crate::core::states::MapItem;
use crate::core::task_outcome::TaskFailure;
use serde_json::{Map, Value};
use std::sync::Mutex;
use workflow_aws_models::RoleArn;

/// A TestState status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TestStatus {
    /// The state completed.
    Succeeded,
    /// The state failed, and nothing handled the error.
    Failed,
    /// The state failed, and a Retrier would retry it.
    Retriable,
    /// The state failed, and a Catcher caught the error.
    CaughtError,
}

impl TestStatus {
    /// The status `text` names, if it names one.
    pub fn parse(text: &str) -> Option<TestStatus> {
        [
            TestStatus::Succeeded,
            TestStatus::Failed,
            TestStatus::Retriable,
            TestStatus::CaughtError,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// `SUCCEEDED`, `FAILED`, `RETRIABLE` or `CAUGHT_ERROR`.
    pub fn as_str(self) -> &'static str {
        match self {
            TestStatus::Succeeded => "SUCCEEDED",
            TestStatus::Failed => "FAILED",
            TestStatus::Retriable => "RETRIABLE",
            TestStatus::CaughtError => "CAUGHT_ERROR",
        }
    }
}

/// Which Retrier or Catcher handled an error (`inspectionData.errorDetails`).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetails {
    /// The index of the Catcher that caught it.
    pub catch_index: Option<usize>,
    /// The index of the Retrier that would retry it.
    pub retry_index: Option<usize>,
    /// The pause before that retry, in seconds.
    pub retry_backoff_interval_seconds: Option<u64>,
}

impl ErrorDetails {
    /// As `inspectionData.errorDetails`: `{"catchIndex"}` or `{"retryIndex",
    /// "retryBackoffIntervalSeconds"}`.
    pub fn to_json(&self) -> Value {
        let mut details = Map::new();
        if let Some(i) = self.catch_index {
            details.insert("catchIndex".into(), i.into());
        }
        if let Some(i) = self.retry_index {
            details.insert("retryIndex".into(), i.into());
        }
        if let Some(s) = self.retry_backoff_interval_seconds {
            details.insert("retryBackoffIntervalSeconds".into(), s.into());
        }
        Value::Object(details)
    }
}

/// The state under test inside the run, and where its outcome is left.
pub(crate) struct TestStep {
    pub(crate) state: usize,
    pub(crate) retrier_retry_count: u32,
    /// A Map's or Parallel's mocked result (a Task's is its handler).
    pub(crate) compound_mock: Option<Result<Value, TaskFailure>>,
    pub(crate) context: Option<Value>,
    pub(crate) variables: Map<String, Value>,
    pub(crate) map_iteration_failure_count: Option<u32>,
    /// `stateConfiguration.mapItemReaderData`: what a Distributed Map's reader reads.
    pub(crate) map_item_reader_data: Option<String>,
    /// `roleArn`: the context's `Execution.RoleArn`.
    pub(crate) role_arn: Option<RoleArn>,
    /// What a mocked Map read of its items and limits, for the inspection data.
    pub(crate) map_seen: Mutex<Option<MapSeen>>,
    /// The steps the state under test made before it failed.
    pub(crate) failed_steps: Mutex<Option<Vec<(&'static str, Value)>>>,
    pub(crate) outcome: Mutex<Option<Outcome>>,
}

/// What a mocked Map state read before its (mocked) iterations: its items after `ItemsPath`
/// (JSONPath) and its limits, as AWS's inspection data shows them.
#[derive(Clone, Debug, Default)]
pub(crate) struct MapSeen {
    pub(crate) items: Option<Value>,
    /// The array `ItemsPointer` points to in the reader's data.
    pub(crate) after_items_pointer: Option<Value>,
    /// The inputs of the iterations, transformed by `ItemSelector`.
    pub(crate) after_item_selector: Option<Value>,
    /// The batches of an `ItemBatcher`.
    pub(crate) after_item_batcher: Option<Value>,
    pub(crate) max_concurrency: u64,
    pub(crate) tolerated_failure_count: Option<u64>,
    pub(crate) tolerated_failure_percentage: Option<f64>,
}

/// A failure as TestState answers it: its error name, `None` when it named none, and cause.
pub(crate) fn failure_of(failure: &Failure) -> (Option<String>, String) {
    (
        failure.error_name().map(|e| e.as_str().to_owned()),
        failure.cause.clone(),
    )
}

/// What the state did.
pub(crate) struct Outcome {
    /// Whether the state evaluates JSONata.
    pub(crate) jsonata: bool,
    pub(crate) status: TestStatus,
    pub(crate) output: Option<Value>,
    /// The failure's error name (`None` when it named none) and cause, when the state failed.
    pub(crate) failure: Option<(Option<String>, String)>,
    pub(crate) next: Option<String>,
    pub(crate) details: Option<ErrorDetails>,
    pub(crate) variables: Map<String, Value>,
}

impl TestStep {
    /// A Map's or Parallel's mocked result, for the state under test.
    pub(crate) fn compound_mock(
        &self,
        state: &str,
        run: &Run<'_>,
    ) -> Option<Result<Value, Failure>> {
        if !self.is_under_test(state, run) {
            return None;
        }
        self.compound_mock.clone().map(|m| m.map_err(Failure::from))
    }

    /// Whether `state` (a name at the machine's top level) is the state under test.
    fn is_under_test(&self, state: &str, run: &Run<'_>) -> bool {
        run.program
            .scopes
            .first()
            .and_then(|s| s.nodes.get(self.state))
            .is_some_and(|node| &*node.name == state)
    }

    /// The context object the request gave, when it gave one.
    pub(crate) fn context(&self) -> Option<&Value> {
        self.context.as_ref()
    }

    /// Keeps the steps `state` made before it failed, when it is the state under test.
    pub(crate) fn keep_failed_steps(
        &self,
        state: &str,
        run: &Run<'_>,
        steps: Vec<(&'static str, Value)>,
    ) {
        if self.is_under_test(state, run) {
            *self.failed_steps.lock().unwrap_or_else(|p| p.into_inner()) = Some(steps);
        }
    }
}

impl Run<'_> {
    /// The mocked result of the Map state under test, when it is the state under test and
    /// mocked: the Map's limits are read and, in JSONPath, its items selected first (a path
    /// that selects no array fails with AWS's words); with `mapIterationFailureCount`, more
    /// failed iterations than the Map tolerates fail it with
    /// `States.ExceedToleratedFailureThreshold`. A Map that sets no tolerated failures
    /// ignores the count (all recorded on AWS: LocalStack's `test_state_configuration` and
    /// `test_state_context_object` snapshots, November and December 2025).
    pub(crate) fn test_map_mock(
        &self,
        test: &TestStep,
        node: &Node,
        map: &MapOp,
        effective: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Option<Result<Value, Failure>> {
        let mocked = test.compound_mock(&node.name, self)?;
        let mut seen = MapSeen::default();
        // A reader's Map reads its items, not the input (its `ItemsPath` is ignored).
        if !node.jsonata && map.reader.is_none() {
            let items = match self.items_at_path(map, effective, context, strand) {
                Ok(items) => items,
                Err(f) => return Some(Err(f)),
            };
            if !items.is_array() {
                let shown = match &map.items_path {
                    Some(p) => p.to_string().replacen("$$", "$", 1),
                    None => "$".to_owned(),
                };
                return Some(Err(Failure::runtime(format!(
                    "Reference path \"{shown}\" must point to array."
                ))));
            }
            seen.items = Some(items);
        }
        if let Err(f) =
            self.test_map_items(test, node, map, (effective, context), strand, &mut seen)
        {
            return Some(Err(f));
        }
        let limits = match self.map_limits(node, map, effective, context, strand) {
            Ok(limits) => limits,
            Err(f) => return Some(Err(f)),
        };
        seen.max_concurrency = limits.max_concurrency.unwrap_or(0);
        seen.tolerated_failure_count = limits.tolerated_failure_count;
        seen.tolerated_failure_percentage = limits.tolerated_failure_percentage;
        *test.map_seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen);
        let thresholds = limits.tolerated_failure_count.is_some()
            || limits.tolerated_failure_percentage.is_some();
        match (mocked, test.map_iteration_failure_count) {
            (Ok(Value::Array(results)), Some(failed))
                if thresholds && !limits.tolerates(failed as usize, results.len()) =>
            {
                Some(Err(Failure::threshold_exceeded()))
            }
            (mocked, _) => Some(mocked),
        }
    }

    /// What a mocked Map state does to its items before its (mocked) iterations, for the
    /// inspection data, as AWS's `InspectionData` documents its fields: `afterItemsPointer`
    /// ("the effective input after the ItemsPointer filter is applied"), the items the reader
    /// reads from `mapItemReaderData` with its `ItemsPointer`; `afterItemBatcher` ("the
    /// effective input after the ItemBatcher filter is applied"), the batches; and
    /// `afterItemSelector` ("an array containing the inputs for each Map iteration,
    /// transformed by the ItemSelector"), each item as the selector makes it, before the
    /// batcher batches them. Each is shown when the Map has the field.
    fn test_map_items(
        &self,
        test: &TestStep,
        node: &Node,
        map: &MapOp,
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
        seen: &mut MapSeen,
    ) -> Result<(), Failure> {
        let config = map.distributed_ops.reader_config.as_ref();
        let items = match (&map.reader, &test.map_item_reader_data, config) {
            (Some(_), Some(data), Some(config)) => {
                let items = crate::core::item_reader::items_of_data(config, data)?;
                if config.items_pointer.is_some() {
                    seen.after_items_pointer = Some(Value::Array(items.clone()));
                }
                items
            }
            (Some(_), _, _) => return Ok(()),
            (None, _, _) => match seen.items.clone() {
                Some(Value::Array(items)) => items,
                _ => self.map_items(node, map, effective, context, strand)?,
            },
        };
        // The ItemSelector makes each item, then the ItemBatcher batches them (the order AWS
        // documents; see `Run::item_input`).
        let items = if map.selector.is_some() {
            let selected = items
                .into_iter()
                .enumerate()
                .map(|(index, value)| {
                    // TestState reads a reader's items from `mapItemReaderData`, not from S3:
                    // the request is not evaluated, so they are the state's data.
                    let item = MapItem {
                        index,
                        value,
                        source: "STATE_DATA",
                    };
                    self.select_item(node, map, item, effective, strand)
                })
                .collect::<Result<Vec<_>, _>>()?;
            seen.after_item_selector = Some(Value::Array(selected.clone()));
            selected
        } else {
            items
        };
        if crate::core::states::batching(map) {
            let inputs = self.batch_items(node, map, items, effective, context, strand)?;
            seen.after_item_batcher = Some(Value::Array(inputs));
        }
        Ok(())
    }

    /// Runs the state under test once and leaves its outcome in `test`.
    pub(crate) async fn test_step(
        &self,
        test: &TestStep,
        input: Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let Some(node) = self
            .program
            .scopes
            .first()
            .and_then(|s| s.nodes.get(test.state))
        else {
            return Err(Failure::runtime(
                "the state under test is not in the program",
            ));
        };
        if !test.variables.is_empty() {
            strand.vars.assign("TestState", test.variables.clone())?;
        }
        let name_of = |index: usize| {
            self.program
                .scopes
                .first()
                .and_then(|s| s.nodes.get(index))
                .map(|n| n.name.to_string())
        };
        let attempted = self
            .attempt(node, &input, strand, test.retrier_retry_count)
            .await;
        let mut outcome = Outcome {
            jsonata: node.jsonata,
            status: TestStatus::Succeeded,
            output: None,
            failure: None,
            next: None,
            details: None,
            variables: Map::new(),
        };
        match attempted {
            Ok(Step::Next(next, output)) => {
                outcome.output = Some(output);
                outcome.next = name_of(next);
            }
            Ok(Step::End(output)) => outcome.output = Some(output),
            Err(failure) => {
                outcome.failure = Some(failure_of(&failure));
                // The first Retrier naming the error; it retries while attempts are left. An
                // exhausted one is still named in `errorDetails` (recorded on AWS:
                // `retrierRetryCount` 5 of `MaxAttempts` 5 answers FAILED with
                // `{"retryIndex": 0}`).
                let matching = node.retry.iter().position(|r| failure.matches(&r.errors));
                let retrier = matching.filter(|i| {
                    node.retry
                        .get(*i)
                        .is_some_and(|r| u64::from(test.retrier_retry_count) < r.max_attempts)
                });
                let catcher = node
                    .catch
                    .iter()
                    .enumerate()
                    .find(|(_, c)| failure.matches(&c.errors));
                match (retrier, catcher) {
                    (Some(i), _) => {
                        outcome.status = TestStatus::Retriable;
                        let backoff = node.retry.get(i).map(|r| {
                            let exponent =
                                i32::try_from(test.retrier_retry_count).unwrap_or(i32::MAX);
                            let mut seconds =
                                r.interval_seconds as f64 * r.backoff_rate.powi(exponent);
                            if let Some(cap) = r.max_delay_seconds {
                                seconds = seconds.min(cap as f64);
                            }
                            seconds.clamp(0.0, 1e12) as u64
                        });
                        outcome.details = Some(ErrorDetails {
                            catch_index: None,
                            retry_index: Some(i),
                            retry_backoff_interval_seconds: backoff,
                        });
                    }
                    (None, Some((index, c))) => {
                        match self.caught(node, index, c, &input, &failure, strand) {
                            Ok(Step::Next(next, output)) => {
                                outcome.status = TestStatus::CaughtError;
                                outcome.output = Some(output);
                                outcome.next = name_of(next);
                                outcome.details = Some(ErrorDetails {
                                    catch_index: Some(index),
                                    retry_index: None,
                                    retry_backoff_interval_seconds: None,
                                });
                            }
                            Ok(Step::End(output)) => {
                                outcome.status = TestStatus::CaughtError;
                                outcome.output = Some(output);
                            }
                            Err(again) => {
                                outcome.status = TestStatus::Failed;
                                outcome.failure = Some(failure_of(&again));
                            }
                        }
                    }
                    (None, None) => {
                        outcome.status = TestStatus::Failed;
                        outcome.details = matching.map(|i| ErrorDetails {
                            catch_index: None,
                            retry_index: Some(i),
                            retry_backoff_interval_seconds: None,
                        });
                    }
                }
            }
        }
        outcome.variables = strand.vars.visible();
        *test.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
        Ok(Value::Null)
    }
}

/// A Parallel or Map state about to run, for a host that may give its result instead.
pub(crate) enum Compound<'a> {
    /// A Parallel state.
    Parallel,
    /// A Map state, with its effective input and context object.
    Map {
        /// The Map's compiled fields.
        map: &'a MapOp,
        /// Its effective input.
        effective: &'a Value,
        /// Its context object (`Value::Null` in JSONata).
        context: &'a Value,
    },
}

impl Run<'_> {
    /// The result of a Parallel or Map state that TestState's mock gives instead of running it,
    /// when it is the state under test and mocked.
    pub(crate) fn compound_result(
        &self,
        node: &Node,
        compound: Compound<'_>,
        strand: &Strand<'_>,
    ) -> Option<Result<Value, Failure>> {
        let test = self.test?;
        match compound {
            Compound::Parallel => test.compound_mock(&node.name, self),
            Compound::Map {
                map,
                effective,
                context,
            } => self.test_map_mock(test, node, map, effective, context, strand),
        }
    }
}
