//! The console's pictures: `workflow-graph`'s SVG of a state machine's graph, and of an
//! execution's progress (each state coloured by its status), drawn from the service's records
//! and its `GetExecutionHistory` answer.

use super::request_of;
use crate::serve::protocol::ApiError;
use crate::serve::service::Service;
use serde_json::Value;
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

/// The graph of the machine execution `arn` runs, coloured by its history so far.
pub(super) fn progress_svg(service: &Service, arn: &str) -> Result<String, ApiError> {
    let record = service.execution(&request_of("executionArn", arn.into()))?;
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
    Ok(workflow_runtime::pictures::progress_svg(
        &record.machine.model,
        &events,
        &SvgOptions::default(),
    ))
}
