//! The end of a run: once the engine says a run ended, its end is written (the rest of its
//! history, its record, its tokens and its Map Runs, one write of the writer's), then it is
//! filed away (the archive, the Map Runs' index) and only then described ended
//! ([`Written::end`](crate::records::Written)). A reader that finds its run ended meanwhile
//! waits for that (`settled`), and reads it ended. An end that cannot be written (a full disk)
//! is written again until it is, the execution RUNNING to every client meanwhile.

use crate::records::{ExecutionRecord, Finished, RunState};
use crate::service::{Service, lock};
use crate::writer::RETRY;
use std::sync::Arc;
use workflow_aws_models::StatesArn;

/// Ends the execution `arn` here, if its run ended (each run's end is taken once: a second call
/// finds it ending or done, and returns).
pub(crate) async fn finish(service: Arc<Service>, arn: Arc<StatesArn>) {
    // Not among the running ones yet: its start ends it once it keeps it.
    let Some(record) = service.roster.running_one(&arn) else {
        return;
    };
    let Some(attempt) = ended_attempt(&record) else {
        return;
    };
    // Its start (or its redrive) is written first: its end follows it in the database.
    // A start undone is forgotten, a redrive undone ends as it was: nothing to end.
    let undone = || ended_attempt(&record) != Some(attempt);
    let written = record
        .written
        .wait_for(|w| w.attempts >= attempt || undone())
        .await;
    if written.attempts < attempt {
        return;
    }
    let Some(finished) = take_end(&record, attempt, service.now_ms()) else {
        return;
    };
    loop {
        match service
            .record
            .writer
            .end(&record, &finished)
            .written()
            .await
        {
            Ok(()) => break,
            // The server stops: the next one resumes it from what was written.
            Err(_) if service.is_stopping() => return,
            Err(e) => {
                eprintln!(
                    "workflow serve: the end of {arn} is not written ({}); tried again",
                    e.message
                );
                tokio::time::sleep(RETRY).await;
            }
        }
    }
    // Filed away before it reads ended: a reader that finds it ended finds its result and its
    // Map Runs too.
    let closed = finished.closed();
    service
        .record
        .archive
        .keep(&record.arn, Arc::clone(&finished));
    *lock(&record.run) = RunState::Done(closed.clone());
    service.pushed.forget(&record.arn);
    service.roster.ended(&record.arn);
    // A machine being deleted none of whose executions runs any more is gone before its last
    // execution reads ended.
    crate::deletions::finish_deletions(&service).await;
    record.written.send_modify(|w| w.end = Some(closed));
}

/// Counts `record` among the executions whose run is in this process (resumed, redriven):
/// a run that ended before (its end found no record among them) ends now.
pub(crate) fn runs_here(service: &Arc<Service>, record: &Arc<ExecutionRecord>) {
    service.roster.runs(record);
    if ended_attempt(record).is_some() {
        tokio::spawn(finish(Arc::clone(service), Arc::clone(&record.arn)));
    }
}

/// Which run of `record` ended, when its run here ended.
fn ended_attempt(record: &ExecutionRecord) -> Option<u32> {
    match &*lock(&record.run) {
        RunState::Running(live) if live.execution.is_finished() => Some(live.attempt),
        _ => None,
    }
}

/// The end of the run `attempt` of `record`, taken from its run (which is then `Ending`); `None`
/// when it is not that run's, or its result is not there yet (the engine tells its end once it
/// is: that call takes it). `now_ms` is the service's time, which an end with no event of its
/// own is dated at.
fn take_end(record: &ExecutionRecord, attempt: u32, now_ms: i64) -> Option<Arc<Finished>> {
    let mut run = lock(&record.run);
    let RunState::Running(live) = &mut *run else {
        return None;
    };
    if live.attempt != attempt {
        return None;
    }
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| live.execution.try_wait()));
    let result = match result {
        Ok(None) => return None,
        Ok(Some(result)) => Ok(result),
        Err(panic) => Err(panic),
    };
    let finished = Arc::new(Finished::of_ended(live, result, record.start_ms, now_ms));
    *run = RunState::Ending(Arc::clone(&finished));
    Some(finished)
}
