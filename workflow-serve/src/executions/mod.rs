//! Executions: `StartExecution`, `StartSyncExecution`, `DescribeExecution`,
//! `DescribeStateMachineForExecution`, `ListExecutions`, `StopExecution`,
//! `GetExecutionHistory`, `RedriveExecution`, and what keeps them (`Executions`). Each
//! execution runs on the engine, a task of the server's runtime (not a thread), with the
//! machine's revision it started on, compiled once and shared; several run at once, up to
//! `--max-running-executions`. By its life: `start` (and `StartSyncExecution`), `read` (what
//! clients are shown), `stop`, `redrive`, `finish` (the end of a run, written), `resume` (what
//! the last server left running).

mod finish;
mod read;
mod redrive;
mod resume;
mod start;
mod stop;

pub(crate) use finish::finish;
pub(crate) use read::{
    describe_execution, describe_machine_for_execution, get_execution_history, list_executions,
};
pub(crate) use redrive::redrive_execution;
pub(crate) use resume::resume_interrupted;
pub(crate) use start::{execution_input, start_execution, start_sync_execution};
pub(crate) use stop::stop_execution;
