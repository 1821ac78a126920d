//! Pictures and tables of any execution, local or on AWS: [`ExecutionHistory`] is what both
//! histories have in common, their events as [`Event`]s (the local engine's
//! [`engine::Execution`] and a history read from Step Functions alike), so one function draws the
//! progress of either, and [`WorkflowPictures::render_progress`] takes either. Every
//! [`Workflow`] draws its graph and its executions through [`WorkflowPictures`].
//!
//! ```
//! use workflow_runtime::engine::Engine;
//! use workflow_runtime::pictures::{self, ExecutionHistory};
//!
//! let definition = workflow_runtime::asl::StateMachine::from_json(
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Fail"}}}"#,
//! ).unwrap();
//! let execution = Engine::new().machine(&definition).input(serde_json::json!({})).run_blocking().unwrap();
//! let svg = pictures::progress_svg(&definition, &execution, &Default::default());
//! assert!(svg.contains(r##"fill="#2BD62E""##), "A succeeded");
//! assert!(svg.contains(r##"fill="#DE322F""##), "B failed");
//! assert!(pictures::events_text(&execution.history).contains("FailStateEntered"));
//! assert_eq!(execution.events()[0].event_type, "ExecutionStarted");
//! ```

use crate::Workflow;
use crate::asl::StateMachine;
use crate::engine;
use crate::execution;
use workflow_graph::{Event, Progress, SvgOptions};

/// A history the pictures read: an engine execution, a list of history events (the engine's,
/// or the service's with the `client` feature), or [`Event`]s already mapped.
pub trait ExecutionHistory {
    /// The events, oldest first.
    fn events(&self) -> Vec<Event>;

    /// Each state's status: what [`ExecutionHistory::events`] leave, and, for a history
    /// that has them, the states its Distributed Maps' child executions ran.
    fn progress(&self) -> Progress {
        Progress::from_events(&self.events())
    }
}

impl ExecutionHistory for engine::Execution {
    fn events(&self) -> Vec<Event> {
        self.history.events()
    }

    /// The execution's own events, and the states of its Distributed Maps coloured from
    /// their Map Runs' child executions (`Execution::map_runs`), whose histories hold the
    /// item processor's states: the parent's history never enters them. Nested Distributed
    /// Maps' runs are read the same way, with a stack rather than recursion.
    fn progress(&self) -> Progress {
        let mut progress = Progress::from_events(&self.history.events());
        let mut runs: Vec<&engine::MapRun> = self.map_runs.iter().collect();
        while let Some(run) = runs.pop() {
            for child in &run.executions {
                progress.include_children(&Progress::from_events(&child.history.events()));
                runs.extend(child.map_runs.iter());
            }
        }
        progress
    }
}

impl ExecutionHistory for [execution::HistoryEvent] {
    fn events(&self) -> Vec<Event> {
        self.iter().map(graph_event).collect()
    }
}

/// `event` as the pictures and tables read it: its type, its state (for
/// `…StateEntered`/`…StateExited`), its details as compact JSON.
fn graph_event(event: &execution::HistoryEvent) -> Event {
    let json = event.to_json();
    let details = json
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.ends_with("EventDetails")))
        .map(|(_, v)| v);
    let state = match &event.kind {
        execution::EventKind::StateEntered { .. } | execution::EventKind::StateExited { .. } => {
            details
                .and_then(|d| d.get("name"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        }
        _ => None,
    };
    Event {
        id: event.id,
        previous_id: event.previous_event_id,
        timestamp_millis: Some(event.timestamp_millis),
        event_type: event.kind.event_type(),
        state,
        details: details
            .map(serde_json::Value::to_string)
            .unwrap_or_default(),
    }
}

impl ExecutionHistory for Vec<execution::HistoryEvent> {
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

/// Each state's status in `history` (succeeded, failed, caught error, …), a Distributed
/// Map's inner states included where the history has its child executions.
pub fn progress<H: ExecutionHistory + ?Sized>(history: &H) -> Progress {
    history.progress()
}

/// The graph of `machine`, each state coloured by its status in `history`, with the legend:
/// an SVG picture.
pub fn progress_svg<H: ExecutionHistory + ?Sized>(
    machine: &StateMachine,
    history: &H,
    options: &SvgOptions,
) -> String {
    workflow_graph::to_progress_svg(machine, &progress(history), options)
}

/// One standalone HTML page: `title`, the graph of `machine` coloured by `history`, the legend
/// and the events table.
pub fn progress_html<H: ExecutionHistory + ?Sized>(
    machine: &StateMachine,
    title: &str,
    history: &H,
    options: &SvgOptions,
) -> String {
    workflow_graph::to_html_with_progress(
        machine,
        title,
        &history.events(),
        &history.progress(),
        options,
    )
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

/// The pictures of a workflow declared with `workflow!` (of any [`Workflow`]): its graph in
/// every format, and the progress of its executions, local or on AWS. In scope with
/// `use workflow_runtime::pictures::WorkflowPictures;`.
///
/// ```
/// use workflow_runtime::Workflow;
/// use workflow_runtime::graph::Format;
/// use workflow_runtime::pictures::WorkflowPictures;
///
/// struct Hello;
/// impl Workflow for Hello {
///     type Input = serde_json::Value;
///     type Output = serde_json::Value;
///     const NAME: &'static str = "Hello";
///     const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
/// }
/// assert!(Hello::graph().starts_with("stateDiagram-v2"));
/// assert!(Hello::render_graph(Format::Svg).starts_with("<svg"));
/// ```
pub trait WorkflowPictures: Workflow {
    /// The graph as Graphviz DOT (`dot -Tsvg` draws it).
    fn graph_dot() -> String {
        workflow_graph::to_dot(&Self::definition())
    }

    /// The graph as Mermaid: [`Workflow::MERMAID`], or computed from the definition.
    fn graph() -> String {
        if Self::MERMAID.is_empty() {
            workflow_graph::to_mermaid(&Self::definition())
        } else {
            Self::MERMAID.to_owned()
        }
    }

    /// The graph in `format`: Mermaid ([`WorkflowPictures::graph`]), DOT, an SVG picture or
    /// an HTML page (left to right, titled with [`Workflow::NAME`]).
    fn render_graph(format: workflow_graph::Format) -> String {
        use workflow_graph::{Format, to_format};
        match format {
            Format::Mermaid => Self::graph(),
            _ => to_format(
                &Self::definition(),
                format,
                &SvgOptions::default().titled(Self::NAME),
            ),
        }
    }

    /// The progress of an execution of this workflow as an SVG picture: the graph, each state
    /// coloured by its status, and the legend. `execution` is a local run
    /// ([`engine::Execution`]) or a history read from Step Functions.
    fn render_progress<H: ExecutionHistory + ?Sized>(execution: &H) -> String {
        progress_svg(&Self::definition(), execution, &SvgOptions::default())
    }

    /// The progress of an execution as one standalone HTML page: the picture of
    /// [`WorkflowPictures::render_progress`] and the events table.
    fn render_progress_html<H: ExecutionHistory + ?Sized>(execution: &H) -> String {
        progress_html(
            &Self::definition(),
            Self::NAME,
            execution,
            &SvgOptions::default(),
        )
    }
}

impl<W: Workflow + ?Sized> WorkflowPictures for W {}
