//! The console's pictures: `workflow-graph`'s SVG of a state machine's graph, and of an
//! execution's progress (each state coloured by its status, a Distributed Map's inner states by
//! its child executions), drawn from the service's records and its answers
//! (`GetExecutionHistory`, `ListExecutions` of a Map Run's children); and what the other
//! console pages need of an execution's machine: the machine a Distributed Map's child runs,
//! and the Map state that started a Map Run.

use super::request_of;
use crate::dispatch::call_as;
use crate::protocol::ApiError;
use crate::requests::DescribeExecutionOutput;
use crate::service::Service;
use crate::{executions, map_runs};
use std::collections::HashMap;
use std::sync::Arc;
use workflow_aws_models::StatesArn;
use workflow_runtime::asl::{State, StateMachine};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent};
use workflow_runtime::graph::SvgOptions;
use workflow_runtime::pictures::{self, ChildExecutions};

/// The most events read for a picture: the service's limit of a history (25,000 events, the
/// Step Functions developer guide, "Step Functions service quotas": "Maximum execution
/// history size").
const MOST_EVENTS: usize = 25_000;

/// The graph of the state machine (or version, or alias) `arn`.
pub(super) fn graph_svg(service: &Service, arn: &str) -> Result<String, ApiError> {
    let typed = StatesArn::parse(arn).map_err(|_| ApiError::invalid_arn(arn))?;
    let target = crate::versions::target(service, &typed, arn)?;
    Ok(workflow_runtime::graph::to_svg(
        &target.machine.definition.model,
        &SvgOptions::default(),
    ))
}

/// The graph of the machine execution `arn` runs (for a Distributed Map's child execution, its
/// Map state's `ItemProcessor`), coloured by its history so far and, inside its Distributed
/// Maps, by its Map Runs' child executions ([`pictures::with_children`]).
pub(super) async fn progress_svg(service: Arc<Service>, arn: String) -> Result<String, ApiError> {
    let events = history(&service, &arn).await?;
    let machine = machine_of(&service, &arn).await?;
    let read = pictures::with_children(&Children(service), events).await?;
    Ok(pictures::progress_svg(
        &machine,
        &read,
        &SvgOptions::default(),
    ))
}

/// The service's Map Runs' children, as the pictures read them: through its own operations.
struct Children(Arc<Service>);

impl ChildExecutions for Children {
    type Error = ApiError;

    async fn children(
        &self,
        map_run_arn: &StatesArn,
        status: ExecutionStatus,
        most: usize,
    ) -> Result<Vec<StatesArn>, ApiError> {
        let service = &self.0;
        let map_run_arn = map_run_arn.to_string();
        {
            let mut out = Vec::new();
            let mut next: Option<String> = None;
            loop {
                let mut request = request_of("mapRunArn", map_run_arn.clone().into());
                request.insert("statusFilter".into(), status.as_str().into());
                request.insert("maxResults".into(), most.clamp(1, 1000).into());
                if let Some(token) = next.take() {
                    request.insert("nextToken".into(), token.into());
                }
                let page = match call_as(
                    service,
                    "ListExecutions",
                    &request,
                    executions::list_executions,
                )
                .await
                {
                    Ok(page) => page,
                    // A Map Run still running whose children the service does not list yet:
                    // its parent's picture shows what it can.
                    Err(e) if e.name == "ResourceNotFound" => return Ok(out),
                    Err(e) => return Err(e),
                };
                out.extend(page.executions.into_iter().map(|row| row.execution_arn));
                next = page.next_token;
                if next.is_none() || out.len() >= most {
                    out.truncate(most);
                    return Ok(out);
                }
            }
        }
    }

    async fn history(&self, execution_arn: &StatesArn) -> Result<Vec<HistoryEvent>, ApiError> {
        history(&self.0, &execution_arn.to_string()).await
    }
}

/// The machine execution `arn` runs: its record's, or for a Distributed Map's child the Map
/// state's `ItemProcessor`, found through its Map Run's `MapRunStarted` event in the parent's
/// history (and so on up, for the children of a child's Distributed Map).
pub(super) async fn machine_of(
    service: &Arc<Service>,
    arn: &str,
) -> Result<StateMachine, ApiError> {
    // The Map states from the top-level execution down to `arn`, innermost first.
    let mut maps: Vec<String> = Vec::new();
    let mut at = arn.to_owned();
    let mut first_error = None;
    for _ in 0..=workflow_runtime::asl::MAX_STATE_NESTING {
        match crate::visible::execution(service, &crate::requests::ArnMember::from(at.as_str()))
            .await
        {
            Ok(record) => {
                let mut machine = record.machine.definition.model.clone();
                for name in maps.iter().rev() {
                    machine = item_processor(&machine, name).ok_or_else(|| {
                        ApiError::internal(format!("no Map state `{name}` in its machine"))
                    })?;
                }
                return Ok(machine);
            }
            Err(e) => {
                let error = first_error.get_or_insert(e).clone();
                let child = described(service, &at).await?;
                let map_run = child.map_run_arn.ok_or_else(|| error.clone())?;
                let found = map_state_of_run(service, &map_run.to_string())
                    .await
                    .ok_or(error)?;
                maps.push(found.name);
                at = found.execution_arn;
            }
        }
    }
    Err(first_error.unwrap_or_else(|| ApiError::internal("Map Runs nested too deep")))
}

/// A Distributed Map's `ItemProcessor` as a machine of its own: the one its child executions run.
fn item_processor(machine: &StateMachine, name: &str) -> Option<StateMachine> {
    let walk = machine.walk();
    let (map, language) = walk.states().find_map(|s| match s.state {
        State::Map(map) if s.name == name => Some((map, s.query_language())),
        _ => None,
    })?;
    let processor = &map.item_processor;
    Some(StateMachine {
        comment: processor.comment.clone(),
        query_language: processor.query_language.or(Some(language)),
        start_at: processor.start_at.clone(),
        states: processor.states.clone(),
        ..StateMachine::default()
    })
}

/// The Map state that started a Map Run, and where.
pub(super) struct MapOfRun {
    /// The execution whose Distributed Map started it.
    pub execution_arn: String,
    /// The Map state's name.
    pub name: String,
    /// That execution's history.
    pub events: Vec<HistoryEvent>,
    /// The id of its `MapRunStarted` event.
    pub started: u64,
}

/// The Map state that started the Map Run `map_run_arn`: the parent's `MapRunStarted` event
/// naming it, and the `MapStateEntered` event its strand leads back to. `None` when the service
/// knows no such Map Run, or its parent's history does not say.
pub(super) async fn map_state_of_run(
    service: &Arc<Service>,
    map_run_arn: &str,
) -> Option<MapOfRun> {
    let run = call_as(
        service,
        "DescribeMapRun",
        &request_of("mapRunArn", map_run_arn.into()),
        map_runs::describe_map_run,
    )
    .await
    .ok()?;
    let execution_arn = run.execution_arn.to_string();
    let events = history(service, &execution_arn).await.ok()?;
    let started = events.iter().find(
        |e| matches!(&e.kind, EventKind::MapRunStarted { map_run_arn: a } if a.to_string() == map_run_arn),
    )?;
    // Back along the strand, at most once per event.
    let by_id: HashMap<u64, &HistoryEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut previous = started.previous_event_id;
    let mut name = None;
    for _ in 0..events.len() {
        let Some(event) = by_id.get(&previous) else {
            break;
        };
        if let EventKind::StateEntered { name: entered, .. } = &event.kind {
            name = Some(entered.to_string());
            break;
        }
        previous = event.previous_event_id;
    }
    let started = started.id;
    Some(MapOfRun {
        execution_arn,
        name: name?,
        events,
        started,
    })
}

/// Execution `arn` as `DescribeExecution` describes it.
pub(super) async fn described(
    service: &Arc<Service>,
    arn: &str,
) -> Result<DescribeExecutionOutput, ApiError> {
    call_as(
        service,
        "DescribeExecution",
        &request_of("executionArn", arn.into()),
        |s, r| executions::describe_execution(s, r, Default::default()),
    )
    .await
}

/// The history of execution `arn`, oldest first, at most [`MOST_EVENTS`] events.
pub(super) async fn history(
    service: &Arc<Service>,
    arn: &str,
) -> Result<Vec<HistoryEvent>, ApiError> {
    super::every_page(
        service,
        "GetExecutionHistory",
        request_of("executionArn", arn.into()),
        executions::get_execution_history,
        |page, events| {
            // The engine's events, read back by the engine's reader of what its writer wrote.
            events.extend(page.events.iter().map(|e| e.event.clone()));
            page.next_token
        },
        MOST_EVENTS,
    )
    .await
}
