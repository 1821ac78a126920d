//! One standalone HTML page: a title, the graph coloured by an execution's progress, the
//! legend and the events table. No script, no stylesheet or font from elsewhere.

use crate::events::events_html;
use crate::progress::{Event, Progress};
use crate::svg::{SvgOptions, render};
use crate::text::escape;
use crate::{Graph, Layout};
use std::fmt::Write;
use workflow_asl::StateMachine;

/// The HTML page of an execution of `machine`: `title`, the graph coloured by the statuses
/// `events` leave (see [`Progress::from_events`]), the legend, and the events table (id,
/// elapsed milliseconds since the first event, type, state, details). With no events, the
/// page shows the graph uncoloured and says there are none.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{Event, SvgOptions, to_html};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let events = [Event {
///     id: 1,
///     event_type: "SucceedStateEntered".into(),
///     state: Some("A".into()),
///     timestamp_millis: Some(0),
///     ..Event::default()
/// }];
/// let page = to_html(&machine, "Run <1>", &events, &SvgOptions::default());
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<title>Run &lt;1&gt;</title>"));
/// assert!(page.contains("<td>SucceedStateEntered</td>"));
/// assert!(!page.contains("<script"));
/// ```
pub fn to_html(
    machine: &StateMachine,
    title: &str,
    events: &[Event],
    options: &SvgOptions,
) -> String {
    to_html_with_progress(
        machine,
        title,
        events,
        &Progress::from_events(events),
        options,
    )
}

/// [`to_html`] with the graph coloured by `progress` rather than by what `events` alone
/// leave: for an execution whose Distributed Maps ran their states in child executions
/// ([`Progress::include_children`]).
pub fn to_html_with_progress(
    machine: &StateMachine,
    title: &str,
    events: &[Event],
    progress: &Progress,
    options: &SvgOptions,
) -> String {
    let graph = Graph::of(machine);
    let layout = Layout::of(&graph, options.orientation);
    let svg = render(&graph, &layout, (!events.is_empty()).then_some(progress));
    let title = escape(title);
    let mut out = String::with_capacity(svg.len() + 160 * events.len() + 2048);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>\n\
         body {{ font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; }}\n\
         h1 {{ font-size: 20px; }}\n\
         .graph {{ overflow: auto; border: 1px solid #DDD; padding: 8px; }}\n\
         table {{ border-collapse: collapse; margin-top: 16px; font-size: 13px; }}\n\
         th, td {{ border: 1px solid #DDD; padding: 4px 8px; text-align: left; vertical-align: top; }}\n\
         th {{ background: #F2F5F9; }}\n\
         td.details {{ font-family: Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; max-width: 640px; }}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n<div class=\"graph\">\n{svg}</div>\n"
    );
    out.push_str("<h2>Events</h2>\n");
    out.push_str(&events_html(events));
    out.push_str("</body>\n</html>\n");
    out
}
