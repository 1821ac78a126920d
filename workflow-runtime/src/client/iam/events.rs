//! EventBridge `putEvents`: on the bus each entry names (`EventBusName`; the default bus when
//! an entry names none), or on `*` when the entries are computed at run time.

use super::builder::{Builder, sid};
use super::fields::{ENTRIES, EVENT_BUS_NAME};
use super::request::{Field, Request};

impl Builder<'_> {
    /// Grants `events:PutEvents` for the request's entries.
    pub(super) fn put_events(&mut self, request: Request<'_>) {
        let Some(entries) = request.items(ENTRIES) else {
            self.allow_any(
                &["Events", "PutEvents"],
                &["Entries", "IsComputedAtRunTime"],
                &["events:PutEvents"],
            );
            return;
        };
        for entry in entries {
            self.named(
                &["Events", "PutEvents"],
                &["events:PutEvents"],
                entry,
                EVENT_BUS_NAME,
                |c, v| vec![c.arn_or_named("events", "event-bus", v)],
            );
            if entry.field(EVENT_BUS_NAME) == Field::Missing {
                // `named` granted `*` for a missing bus: the default bus is meant.
                let key = sid(&[
                    "Events",
                    "PutEvents",
                    "OnAnyResourceBecause",
                    "EventBusName",
                    "IsNotGiven",
                ]);
                self.statements.shift_remove(&key);
                let default_bus = self.ctx.arn("events", "event-bus/default");
                self.allow(
                    sid(&["Events", "PutEvents"]),
                    &["events:PutEvents"],
                    vec![default_bus],
                );
            }
        }
    }
}
