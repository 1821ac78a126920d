//! The roster of executions: every execution the service holds (each one's record, in the
//! order they started), the ones whose run is in this process, and those the last server left
//! running that no run here continues. One owner of which executions exist: a start is
//! admitted here, one at a time per name.

use super::locks::lock;
use super::protocol::ApiError;
use super::records::{ExecutionRecord, RunState};
use indexmap::IndexMap;
use std::sync::{Arc, Mutex};
use workflow_aws_models::StatesArn;

/// Every execution the service holds (each one's record, in the order they started), the ones
/// whose run is in this process, and those the last server left running that no run here
/// continues.
#[derive(Default)]
pub(crate) struct Roster {
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    all: IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>,
    /// Running here (or ending: its end not written yet), in the order they started.
    running: IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>,
    /// Running when the last server on the data directory went away (SIGTERM, `kill -9`, a
    /// crash), not resumed ([`RunState::Interrupted`]).
    interrupted: IndexMap<Arc<StatesArn>, Arc<ExecutionRecord>>,
    /// The number of the last execution kept (`ExecutionRecord::seq`).
    last: u64,
}

/// What a start found under the name it was given.
pub(crate) enum Admitted {
    /// A new execution, kept (and running).
    New(Arc<ExecutionRecord>),
    /// An execution of that name, kept already.
    Existing(Arc<ExecutionRecord>),
}

impl Roster {
    /// The executions a database held, in the order they started (the interrupted ones
    /// among them found by their state).
    pub(crate) fn loaded(records: Vec<Arc<ExecutionRecord>>) -> Roster {
        let mut table = Table::default();
        table.all.reserve(records.len());
        for record in records {
            table.last = table.last.max(record.seq);
            if matches!(&*lock(&record.run), RunState::Interrupted) {
                table
                    .interrupted
                    .insert(Arc::clone(&record.arn), Arc::clone(&record));
            }
            table.all.insert(Arc::clone(&record.arn), record);
        }
        Roster {
            table: Mutex::new(table),
        }
    }

    /// The execution `arn`.
    pub(crate) fn get(&self, arn: &StatesArn) -> Option<Arc<ExecutionRecord>> {
        lock(&self.table).all.get(arn).cloned()
    }

    /// How many executions it holds.
    pub(crate) fn count(&self) -> usize {
        lock(&self.table).all.len()
    }

    /// Every execution, newest first.
    pub(crate) fn newest_first(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.table).all.values().rev().cloned().collect()
    }

    /// The executions whose run is in this process, in the order they started.
    pub(crate) fn running(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.table).running.values().cloned().collect()
    }

    /// The execution `arn`, when its run is in this process.
    pub(crate) fn running_one(&self, arn: &StatesArn) -> Option<Arc<ExecutionRecord>> {
        lock(&self.table).running.get(arn).cloned()
    }

    /// The executions the last server left running that no run here continues, in the order
    /// they started.
    pub(crate) fn interrupted(&self) -> Vec<Arc<ExecutionRecord>> {
        lock(&self.table).interrupted.values().cloned().collect()
    }

    /// Whether an execution of the machine `arn` runs (an interrupted one too).
    pub(crate) fn runs_any_of(&self, machine: &StatesArn) -> bool {
        let table = lock(&self.table);
        table
            .running
            .values()
            .chain(table.interrupted.values())
            .any(|record| record.machine.arn == *machine)
    }

    /// Keeps a new execution `arn` made by `make` (given its number) unless one of that name
    /// is kept already, and unless `limit` executions run already (`Err` then): one start at a
    /// time, so that two clients starting one name get one execution.
    pub(crate) fn admit(
        &self,
        arn: &Arc<StatesArn>,
        limit: usize,
        make: impl FnOnce(u64) -> Result<Arc<ExecutionRecord>, ApiError>,
    ) -> Result<Admitted, ApiError> {
        let mut table = lock(&self.table);
        if let Some(existing) = table.all.get(&**arn) {
            return Ok(Admitted::Existing(Arc::clone(existing)));
        }
        if table.running.len() >= limit {
            // The API reference's `ExecutionLimitExceeded`.
            return Err(ApiError::new(
                "ExecutionLimitExceeded",
                format!(
                    "The maximum number of running executions has been reached ({limit}). Running executions must end or be stopped before a new execution can be started."
                ),
            ));
        }
        let record = make(table.last + 1)?;
        table.last += 1;
        table.all.insert(Arc::clone(arn), Arc::clone(&record));
        table.running.insert(Arc::clone(arn), Arc::clone(&record));
        Ok(Admitted::New(record))
    }

    /// Forgets `record`, whose start was not written: nobody was told of it.
    pub(crate) fn forget(&self, record: &Arc<ExecutionRecord>) {
        let mut table = lock(&self.table);
        if table
            .all
            .get(&record.arn)
            .is_some_and(|kept| Arc::ptr_eq(kept, record))
        {
            table.all.shift_remove(&record.arn);
        }
        table.running.shift_remove(&record.arn);
    }

    /// `record` runs in this process again (resumed, redriven): among the running ones, no
    /// longer interrupted.
    pub(crate) fn runs(&self, record: &Arc<ExecutionRecord>) {
        let mut table = lock(&self.table);
        table.interrupted.shift_remove(&record.arn);
        table
            .running
            .insert(Arc::clone(&record.arn), Arc::clone(record));
    }

    /// The interrupted execution `arn` is no longer interrupted (it ended, or runs again):
    /// whether it was (one caller takes it).
    pub(crate) fn take_interrupted(&self, arn: &StatesArn) -> bool {
        lock(&self.table).interrupted.shift_remove(arn).is_some()
    }

    /// Puts `record` back among the interrupted ones (what took it failed).
    pub(crate) fn interrupted_again(&self, record: &Arc<ExecutionRecord>) {
        lock(&self.table)
            .interrupted
            .insert(Arc::clone(&record.arn), Arc::clone(record));
    }

    /// The run of `arn` ended here, its end written: no longer running.
    pub(crate) fn ended(&self, arn: &StatesArn) {
        lock(&self.table).running.shift_remove(arn);
    }
}
