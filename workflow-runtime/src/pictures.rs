//! Pictures and tables of any execution, local or on AWS: [`ExecutionHistory`] is what both
//! histories have in common, their events as [`Event`]s (the local engine's
//! [`engine::Execution`] and a history read from Step Functions alike, through
//! [`engine::HistoryEvent::to_graph_event`]), so one function draws the
//! progress of either, and [`Workflow::render_progress`](crate::Workflow::render_progress)
//! takes either.
//!
//! ```
//! use workflow_runtime::engine::Engine;
//! use workflow_runtime::pictures::{self, ExecutionHistory};
//!
//! let definition = workflow_runtime::asl::StateMachine::from_json(
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Fail"}}}"#,
//! ).unwrap();
//! let execution = Engine::new().run_any_blocking(&definition, serde_json::json!({})).unwrap();
//! let svg = pictures::progress_svg(&definition, &execution, &Default::default());
//! assert!(svg.contains(r##"fill="#2BD62E""##), "A succeeded");
//! assert!(svg.contains(r##"fill="#DE322F""##), "B failed");
//! assert!(pictures::events_text(&execution.history).contains("FailStateEntered"));
//! assert_eq!(execution.events()[0].event_type, "ExecutionStarted");
//! ```

use crate::asl::StateMachine;
use crate::engine;
use workflow_graph::{Event, Progress, SvgOptions};

/// A history the pictures read: an engine execution, a list of history events (the engine's,
/// or the service's with the `client` feature), or [`Event`]s already mapped.
pub trait ExecutionHistory {
    /// The events, oldest first.
    fn events(&self) -> Vec<Event>;
}

impl ExecutionHistory for engine::Execution {
    fn events(&self) -> Vec<Event> {
        self.graph_events()
    }
}

impl ExecutionHistory for [engine::HistoryEvent] {
    fn events(&self) -> Vec<Event> {
        self.iter()
            .map(engine::HistoryEvent::to_graph_event)
            .collect()
    }
}

impl ExecutionHistory for Vec<engine::HistoryEvent> {
    fn events(&self) -> Vec<Event> {
        self.as_slice().events()
    }
}

impl ExecutionHistory for [Event] {
    fn events(&self) -> Vec<Event> {
        self.to_vec()
    }
}

impl ExecutionHistory for Vec<Event> {
    fn events(&self) -> Vec<Event> {
        self.clone()
    }
}

/// The graph of `machine`, each state coloured by its status in `history`, with the legend:
/// an SVG picture.
pub fn progress_svg<H: ExecutionHistory + ?Sized>(
    machine: &StateMachine,
    history: &H,
    options: &SvgOptions,
) -> String {
    let progress = Progress::from_events(&history.events());
    workflow_graph::to_progress_svg(machine, &progress, options)
}

/// One standalone HTML page: `title`, the graph of `machine` coloured by `history`, the legend
/// and the events table.
pub fn progress_html<H: ExecutionHistory + ?Sized>(
    machine: &StateMachine,
    title: &str,
    history: &H,
    options: &SvgOptions,
) -> String {
    workflow_graph::to_html(machine, title, &history.events(), options)
}

/// The events of `history` as a text table (id, elapsed time, type, state, details).
pub fn events_text<H: ExecutionHistory + ?Sized>(history: &H) -> String {
    workflow_graph::events_text(&history.events())
}

/// The events of `history` as an HTML table.
pub fn events_html<H: ExecutionHistory + ?Sized>(history: &H) -> String {
    workflow_graph::events_html(&history.events())
}

/// The progress picture of `history` for a file named `path`: the HTML page (titled `title`)
/// for a `.html` or `.htm` name, the SVG picture otherwise.
pub fn progress_for_path<H: ExecutionHistory + ?Sized>(
    path: &std::path::Path,
    machine: &StateMachine,
    title: &str,
    history: &H,
) -> String {
    let html = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    if html {
        progress_html(machine, title, history, &SvgOptions::default())
    } else {
        progress_svg(machine, history, &SvgOptions::default())
    }
}
