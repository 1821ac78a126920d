//! Where a command's execution record comes from, the same for `workflow replay`, `workflow
//! resume`, `workflow debug` and `workflow mcp`'s `replay`: a history file or a record's
//! directory (`--history PATH`, as `workflow history ARN --format record -o DIR` writes it), or
//! the execution's ARN (`--execution-arn ARN`), read through the client from AWS or `workflow
//! serve` (the default AWS configuration chain; `AWS_ENDPOINT_URL_SFN` for a local endpoint).
//! Each is read by the one reader (`RecordedHistory::read`, `ExecutionRef::record`: the one
//! walk over a `RecordSource`); [`notes`] says what a record lacks that the command goes on
//! without, and the engine refuses a record that lacks what it cannot.

use std::path::Path;
use workflow_runtime::aws_models::StatesArn;
use workflow_runtime::client::Client;
use workflow_runtime::execution::{MissingPiece, RecordedHistory};

/// The record at `history` (a file or a record's directory), or, without it, that of the
/// execution `arn` read through the client; with both, the file's, named by `arn`.
pub(crate) async fn read(
    history: Option<&Path>,
    arn: Option<&StatesArn>,
) -> Result<RecordedHistory, String> {
    match (history, arn) {
        (Some(path), arn) => {
            let record = RecordedHistory::read(path).map_err(|e| e.to_string())?;
            Ok(match (arn, record.execution_arn()) {
                (Some(arn), None) => record.with_execution_arn(arn.clone()),
                _ => record,
            })
        }
        (None, Some(arn)) => client()
            .await
            .execution(arn.clone())
            .record()
            .await
            .map_err(|e| e.to_string()),
        (None, None) => {
            Err("give the record: `--history FILE_OR_DIR` or `--execution-arn ARN`".into())
        }
    }
}

/// The execution's ARN a command is given (`--execution-arn`, `executionArn`,
/// `execution_arn`), parsed; `flag` is how the command names it.
pub(crate) fn execution_arn(text: Option<&str>, flag: &str) -> Result<Option<StatesArn>, String> {
    text.map(|a| StatesArn::parse(a).map_err(|e| format!("`{flag}`: {e}")))
        .transpose()
}

/// The client of the default AWS configuration chain.
pub(crate) async fn client() -> Client {
    Client::from_env().await
}

/// What `record` lacks that a replay or a resume goes on without (a started child not
/// replayed), a line each; what they cannot go on without the engine refuses.
pub(crate) fn notes(record: &RecordedHistory) -> Vec<String> {
    record
        .missing()
        .iter()
        .filter(|piece| !MissingPiece::blocks_replay(piece))
        .map(|piece| format!("note: {piece}"))
        .collect()
}
