//! What a local run (the [`engine`](crate)) and an execution on AWS (the `client`)
//! share, so that code handles either alike: how an execution stands ([`ExecutionStatus`]),
//! its history ([`HistoryEvent`], shaped like `GetExecutionHistory`'s), the answer of a
//! synchronous EXPRESS execution ([`SyncExecution`]), and the service's limits on both.
//!
//! ```
//! use workflow_runtime::engine::Engine;
//! use workflow_runtime::execution::{EventKind, ExecutionStatus};
//! use workflow_runtime::engine::blocking;
//!
//! let machine = workflow_runtime::asl::StateMachine::from_json(
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#,
//! ).unwrap();
//! let run = blocking::run(Engine::new().machine(&machine)).unwrap();
//! assert_eq!(run.status, ExecutionStatus::Succeeded);
//! assert!(matches!(run.history[0].kind, EventKind::ExecutionStarted { .. }));
//! ```

pub mod api;
mod history;
mod history_api;
mod record_dir;
mod record_source;
mod recorded;
mod status;
mod sync;
mod visit;

pub(crate) use history::redrives;
pub(crate) use history::started_execution;
pub use history::{EventKind, HistoryEvent, JsonText, failed_state, started_executions};
pub use record_dir::RecordDir;
pub use record_source::{
    DescribedExecution, MapRunListing, MissingPiece, RecordError, RecordSource,
};
pub(crate) use recorded::Record;
pub use recorded::{HistoryReadError, MAX_HISTORY_FILE_BYTES, RecordedHistory, RecordedMapRun};
pub use status::ExecutionStatus;
pub use sync::{BillingDetails, SyncExecution};
pub(crate) use visit::VisitEntry;
pub use visit::{
    MAX_VISIT_STEPS, MOST_LISTED, RecordedVisit, Visit, VisitError, VisitStep, VisitSyntaxError,
};

/// The service's limit on an execution's input, a state's input and output, a task's result
/// and a variable: 256 KiB of JSON text.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// The service's limit on an execution's history: 25,000 events.
pub const MAX_HISTORY_EVENTS: usize = 25_000;
