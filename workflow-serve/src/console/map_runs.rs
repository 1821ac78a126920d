//! What the console's Map Run page shows beyond `DescribeMapRun`: the Distributed Map state
//! that started the Map Run, as its definition configures it (where its items come from, how
//! they are batched, where its results go, its concurrency and tolerated failures), and where
//! its `ResultWriter` wrote (the Map state's output, `ResultWriterDetails`: the manifest's
//! bucket and key). Read through the service's own operations.

use super::pictures::{machine_of, map_state_of_run};
use crate::dispatch::call_as;
use crate::protocol::ApiError;
use crate::service::Service;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use workflow_runtime::execution::EventKind;

/// The members of a Distributed Map state the page shows, as written.
const SHOWN: &[&str] = &[
    "Label",
    "ItemReader",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
];

/// The Map Run `arn`'s Map state: `{executionArn, mapState, definition: {its members of
/// [`SHOWN`]}, resultWriterDetails}` (the last `null` until the state has left with one).
pub(super) async fn map_run_info(service: &Arc<Service>, arn: &str) -> Result<Value, ApiError> {
    // DescribeMapRun answers a Map Run that does not exist, or an ARN that is none.
    call_as(
        service,
        "DescribeMapRun",
        &super::request_of("mapRunArn", arn.into()),
        crate::map_runs::describe_map_run,
    )
    .await?;
    let found = map_state_of_run(service, arn).await.ok_or_else(|| {
        ApiError::new(
            "ResourceNotFound",
            format!("no MapRunStarted event names the Map Run '{arn}'"),
        )
    })?;
    let machine = machine_of(service, &found.execution_arn).await?;
    let walk = machine.walk();
    let pointer = walk
        .states()
        .find(|s| s.name == found.name)
        .map(|s| s.pointer());
    let document = machine.to_value();
    let definition: Map<String, Value> = pointer
        .and_then(|p| document.pointer(p.as_str()))
        .and_then(Value::as_object)
        .map(|state| {
            state
                .iter()
                .filter(|(k, _)| SHOWN.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    // The Map state's exit after its Map Run started: its output names the manifest.
    let details = found
        .events
        .iter()
        .filter(|e| e.id > found.started)
        .find_map(|e| match &e.kind {
            EventKind::StateExited { name, output, .. } if **name == *found.name => {
                output.to_value().get("ResultWriterDetails").cloned()
            }
            _ => None,
        });
    Ok(json!({
        "executionArn": found.execution_arn,
        "mapState": found.name,
        "definition": definition,
        "resultWriterDetails": details,
    }))
}
