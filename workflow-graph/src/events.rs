//! An execution's history as a table: text for the terminal ([`events_text`]: id, elapsed
//! time, type, state, details cut to one line) and HTML ([`events_html`], details whole).

use crate::progress::Event;
use crate::text::escape;
use std::fmt::Write;

/// The longest details column, in characters, before it ends in `…`.
const MAX_DETAILS: usize = 100;

/// The events as an aligned text table.
///
/// ```
/// use workflow_graph::{Event, events_text};
/// let table = events_text(&[Event {
///     id: 1,
///     event_type: "ExecutionStarted".into(),
///     timestamp_millis: Some(1_000),
///     details: r#"{"input":"{}"}"#.into(),
///     ..Event::default()
/// }]);
/// assert!(table.lines().next().unwrap().starts_with("id"));
/// assert!(table.contains("ExecutionStarted"));
/// ```
pub fn events_text(events: &[Event]) -> String {
    let start = events.iter().find_map(|e| e.timestamp_millis);
    let rows: Vec<[String; 5]> = events
        .iter()
        .map(|e| {
            let elapsed = match (e.timestamp_millis, start) {
                (Some(t), Some(s)) => format!("{} ms", t.saturating_sub(s)),
                _ => String::new(),
            };
            let details: String = e
                .details
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let details = if details.chars().count() > MAX_DETAILS {
                let mut cut: String = details.chars().take(MAX_DETAILS - 1).collect();
                cut.push('…');
                cut
            } else {
                details
            };
            [
                e.id.to_string(),
                elapsed,
                e.event_type.clone(),
                e.state.clone().unwrap_or_default(),
                details,
            ]
        })
        .collect();
    let header = ["id", "elapsed", "type", "state", "details"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = w.saturating_sub(cell.chars().count());
                let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// The events as an HTML `<table class="events">` (id, elapsed milliseconds since the first
/// event, type, state, details; every text escaped), or a paragraph saying there are none.
///
/// ```
/// use workflow_graph::{Event, events_html};
/// let events = [Event { id: 1, event_type: "FailStateEntered".into(),
///                       state: Some("<Oops>".into()), ..Event::default() }];
/// let html = events_html(&events);
/// assert!(html.starts_with("<table class=\"events\">"));
/// assert!(html.contains("<td>FailStateEntered</td><td>&lt;Oops&gt;</td>"));
/// assert_eq!(events_html(&[]), "<p>No events.</p>\n");
/// ```
pub fn events_html(events: &[Event]) -> String {
    if events.is_empty() {
        return "<p>No events.</p>\n".to_owned();
    }
    let mut out = String::with_capacity(160 * events.len() + 256);
    out.push_str(
        "<table class=\"events\">\n<thead><tr><th>ID</th><th>Elapsed (ms)</th><th>Type</th>\
         <th>State</th><th>Details</th></tr></thead>\n<tbody>\n",
    );
    let first = events.iter().find_map(|e| e.timestamp_millis);
    for event in events {
        let elapsed = match (event.timestamp_millis, first) {
            (Some(t), Some(f)) => t.saturating_sub(f).to_string(),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{elapsed}</td><td>{}</td><td>{}</td><td class=\"details\">{}</td></tr>",
            event.id,
            escape(&event.event_type),
            escape(event.state.as_deref().unwrap_or("")),
            escape(&event.details)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
