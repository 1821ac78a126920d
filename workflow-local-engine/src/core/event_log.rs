//! An execution's history as its run writes it, held once: the run appends to it, and a
//! started execution's hub shares it (`Hub::log`), so that a host reads a running execution's
//! events (`RunningExecution::history_so_far`, `history_since`) from the run's own history
//! rather than from a mirror of it. A Distributed Map's child execution's history is a log too,
//! shared by the child's run, then by its Map Run's record of it, and by the hub while the Map
//! Run runs (`RunningExecution::child_history`). Its lock is held only to read or write the
//! events, never while anyone is told of one: a host told may read the log at once.

use crate::execution::HistoryEvent;
use std::sync::{Arc, Mutex, MutexGuard};

/// What a log calls once an event was written to it (the lock released), with the event's
/// id and the id of the event it follows (`previousEventId`).
pub(crate) type Written = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// The events of one execution, in the order written (see the module's documentation).
#[derive(Clone, Default)]
pub(crate) struct EventLog {
    events: Arc<Mutex<Vec<HistoryEvent>>>,
    written: Option<Written>,
}

impl EventLog {
    /// An empty log that calls `written` after each event appended.
    pub(crate) fn telling(written: Option<Written>) -> Self {
        EventLog {
            events: Arc::default(),
            written,
        }
    }

    fn events(&self) -> MutexGuard<'_, Vec<HistoryEvent>> {
        self.events.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many events it holds.
    pub(crate) fn len(&self) -> usize {
        self.events().len()
    }

    /// The id of the last event (0 with none).
    pub(crate) fn last_id(&self) -> u64 {
        self.events().last().map_or(0, |e| e.id)
    }

    /// The time of the `index`th event.
    pub(crate) fn millis_at(&self, index: usize) -> Option<i64> {
        self.events().get(index).map(|e| e.timestamp_millis)
    }

    /// The time to stamp the next event with, the writer's clock saying `now`: no earlier than
    /// the last event's. A history is in time order: AWS's `GetExecutionHistory` lists the
    /// events by id, and its `reverseOrder` "in descending order of their timeStamp" (the API
    /// reference), the same order read backwards. A strand's clock may be behind the log's last
    /// event (a strand at a recorded time, a record whose host's clock ran ahead, another
    /// strand's event written since): its event is stamped at the last one's time.
    pub(crate) fn stamp(&self, now: i64) -> i64 {
        self.events()
            .last()
            .map_or(now, |e| now.max(e.timestamp_millis))
    }

    /// Appends `event`, then tells whoever the log tells (see [`EventLog::telling`]).
    pub(crate) fn push(&self, event: HistoryEvent) {
        let (id, previous) = (event.id, event.previous_event_id);
        self.events().push(event);
        if let Some(written) = &self.written {
            written(id, previous);
        }
    }

    /// A log holding `events` (a child execution kept as it ended).
    pub(crate) fn of(events: Vec<HistoryEvent>) -> Self {
        EventLog {
            events: Arc::new(Mutex::new(events)),
            written: None,
        }
    }

    /// `read` of the events, under the log's lock.
    pub(crate) fn read<T>(&self, read: impl FnOnce(&[HistoryEvent]) -> T) -> T {
        read(&self.events())
    }

    /// Replaces the events (a run continuing a recorded history starts from it).
    pub(crate) fn replace(&self, events: Vec<HistoryEvent>) {
        *self.events() = events;
    }

    /// A copy of the events from the `from`th on.
    pub(crate) fn since(&self, from: usize) -> Vec<HistoryEvent> {
        self.events()
            .get(from..)
            .map(<[_]>::to_vec)
            .unwrap_or_default()
    }

    /// The events, taken when the run alone holds them (else copied: a started execution's
    /// hub goes on showing them).
    pub(crate) fn into_events(self) -> Vec<HistoryEvent> {
        match Arc::try_unwrap(self.events) {
            Ok(events) => events.into_inner().unwrap_or_else(|p| p.into_inner()),
            Err(shared) => shared.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        }
    }

    /// The events, taken (the log is left empty).
    pub(crate) fn take(&self) -> Vec<HistoryEvent> {
        std::mem::take(&mut *self.events())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::EventKind;

    fn event(id: u64) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: id - 1,
            timestamp_millis: 1_000 * id as i64,
            kind: EventKind::Other {
                event_type: "Marker".parse().unwrap(),
                details: Box::default(),
            },
        }
    }

    #[test]
    fn a_shared_log_is_one_history_read_by_its_sharer_and_copied_only_when_shared_at_the_end() {
        // The host is told of each event with the log free: it reads it at once.
        let (told, reader) = (Arc::new(Mutex::new(Vec::new())), Arc::new(Mutex::new(None)));
        let written: Written = {
            let (told, reader) = (Arc::clone(&told), Arc::clone(&reader));
            Arc::new(move |id, previous| {
                assert_eq!(
                    previous + 1,
                    id,
                    "told the event's id and the one it follows"
                );
                let log: Option<EventLog> = reader.lock().unwrap().clone();
                told.lock().unwrap().push(log.map_or(0, |l| l.last_id()));
            })
        };
        let run = EventLog::telling(Some(written));
        let host = run.clone();
        *reader.lock().unwrap() = Some(host.clone());
        for id in 1..=3 {
            run.push(event(id));
        }
        *reader.lock().unwrap() = None;
        // Each event was in the log when it was told.
        assert_eq!(*told.lock().unwrap(), [1, 2, 3]);
        assert_eq!(host.since(1), [event(2), event(3)]);
        assert_eq!((host.last_id(), host.millis_at(0)), (3, Some(1_000)));
        // Shared: the run's copy at its end, the host's still there.
        assert_eq!(run.into_events().len(), 3);
        assert_eq!(host.len(), 3);
        // Alone: taken.
        assert_eq!(host.into_events().len(), 3);
    }
}
