//! The console's pictures: `workflow-graph`'s SVG of a state machine's graph, and of an
//! execution's progress (each state coloured by its status), drawn from the service's records
//! and its `GetExecutionHistory` answer.

use super::request_of;
use crate::serve::protocol::ApiError;
use crate::serve::service::Service;
use serde_json::Value;
use std::collections::HashMap;
use workflow_runtime::asl::State;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::execution::HistoryEvent;
use workflow_runtime::graph::SvgOptions;

/// The most events read for a picture: the service's limit of a history (25,000 events, the
/// Step Functions developer guide, "Step Functions service quotas": "Maximum execution
/// history size").
const MOST_EVENTS: usize = 25_000;

/// The graph of the state machine (or version, or alias) `arn`.
pub(super) fn graph_svg(service: &Service, arn: &str) -> Result<String, ApiError> {
    let target = service.target(arn)?;
    Ok(workflow_runtime::graph::to_svg(
        &target.machine.model,
        &SvgOptions::default(),
    ))
}

/// The graph of the machine execution `arn` runs (for a Distributed Map's child execution, its
/// Map state's `ItemProcessor`), coloured by its history so far.
pub(super) fn progress_svg(service: &Service, arn: &str) -> Result<String, ApiError> {
    let events = history(service, arn)?;
    let machine = match service.execution(&request_of("executionArn", arn.into())) {
        Ok(record) => record.machine.model.clone(),
        Err(e) => child_machine(service, arn).ok_or(e)?,
    };
    Ok(workflow_runtime::pictures::progress_svg(
        &machine,
        &events,
        &SvgOptions::default(),
    ))
}

/// The machine a Distributed Map's child execution `arn` runs: the `ItemProcessor` of the Map
/// state that started its Map Run, found in the parent's history (its `MapRunStarted` event,
/// and the `MapStateEntered` event its strand leads back to). `None` when `arn` is no child of
/// a top-level execution's Map Run.
fn child_machine(service: &Service, arn: &str) -> Option<StateMachine> {
    let child = service
        .call("DescribeExecution", &request_of("executionArn", arn.into()))
        .ok()?;
    let map_run = child.get("mapRunArn")?.clone();
    let run = service
        .call("DescribeMapRun", &request_of("mapRunArn", map_run.clone()))
        .ok()?;
    let parent_arn = run.get("executionArn")?.as_str()?;
    let parent = service
        .execution(&request_of("executionArn", parent_arn.into()))
        .ok()?;
    let events = history(service, parent_arn).ok()?;
    let started = events.iter().find(|e| {
        let details = e.to_json();
        details["mapRunStartedEventDetails"]["mapRunArn"] == map_run
    })?;
    // Back along the strand, at most once per event.
    let by_id: HashMap<u64, &HistoryEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut previous = started.previous_event_id;
    let mut name = None;
    for _ in 0..events.len() {
        let Some(event) = by_id.get(&previous) else {
            break;
        };
        if event.kind.event_type() == "MapStateEntered" {
            name = event.kind.state_name().map(str::to_owned);
            break;
        }
        previous = event.previous_event_id;
    }
    let name = name?;
    let model = &parent.machine.model;
    let walk = model.walk();
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

/// The history of execution `arn`, oldest first, at most [`MOST_EVENTS`] events.
fn history(service: &Service, arn: &str) -> Result<Vec<HistoryEvent>, ApiError> {
    let mut events = Vec::new();
    let mut next: Option<Value> = None;
    loop {
        let mut request = request_of("executionArn", arn.into());
        request.insert("maxResults".into(), 1000.into());
        if let Some(token) = next.take() {
            request.insert("nextToken".into(), token);
        }
        let page = service.call("GetExecutionHistory", &request)?;
        if let Some(read) = page.get("events").and_then(Value::as_array) {
            events.extend(read.iter().filter_map(HistoryEvent::from_json));
        }
        next = page.get("nextToken").cloned();
        if next.is_none() || events.len() >= MOST_EVENTS {
            break;
        }
    }
    Ok(events)
}
