//! Pictures and tables of any execution, local or on AWS: [`ExecutionHistory`] is what both
//! histories have in common, their events as [`Event`]s (the local engine's
//! [`engine::Execution`] and a history read from Step Functions alike), so one function draws the
//! progress of either, and [`WorkflowPictures::render_progress`] takes either. Every
//! [`Workflow`] draws its graph and its executions through [`WorkflowPictures`].
//!
//! ```
//! use workflow_runtime::engine::Engine;
//! use workflow_runtime::pictures::{self, ExecutionHistory};
//! use workflow_runtime::engine::blocking;
//!
//! let definition = workflow_runtime::asl::StateMachine::from_json(
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Fail"}}}"#,
//! ).unwrap();
//! let execution = blocking::run(Engine::new().machine(&definition).input(serde_json::json!({}))).unwrap();
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
use workflow_aws_models::StatesArn;
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
        // The engine knows the state it closed; AWS's event names none (empty when read).
        execution::EventKind::StateAborted { name, .. } if !name.is_empty() => {
            Some(name.to_string())
        }
        _ => None,
    };
    Event {
        id: event.id,
        previous_id: event.previous_event_id,
        timestamp_millis: Some(event.timestamp_millis),
        event_type: event.kind.event_type().to_string(),
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

/// Where a history read from an API finds its Distributed Maps' child executions: the
/// service that answered it (`workflow serve`'s own operations, or Step Functions through the
/// client). [`with_children`] reads them through it.
pub trait ChildExecutions {
    /// Why a call failed.
    type Error;

    /// At most `most` child executions of the Map Run `map_run_arn` whose status is `status`
    /// (`ListExecutions` with `mapRunArn` and `statusFilter`): their ARNs.
    fn children(
        &self,
        map_run_arn: &StatesArn,
        status: execution::ExecutionStatus,
        most: usize,
    ) -> impl Future<Output = Result<Vec<StatesArn>, Self::Error>> + Send;

    /// The history of the execution `execution_arn`, oldest first (`GetExecutionHistory`).
    fn history(
        &self,
        execution_arn: &StatesArn,
    ) -> impl Future<Output = Result<Vec<execution::HistoryEvent>, Self::Error>> + Send;
}

/// An execution's history read from an API, with what its Distributed Maps' child executions
/// reached ([`with_children`]): its progress colours the item processor's states, which the
/// parent's own events never enter, as [`engine::Execution`]'s does.
#[derive(Clone, Debug, Default)]
pub struct HistoryWithChildren {
    /// The execution's own events, oldest first.
    pub events: Vec<execution::HistoryEvent>,
    /// The states its child executions reached, the most telling status of each.
    pub children: Progress,
    /// How many child executions' histories were read.
    pub children_read: usize,
}

impl ExecutionHistory for HistoryWithChildren {
    fn events(&self) -> Vec<Event> {
        self.events.events()
    }

    fn progress(&self) -> Progress {
        let mut progress = Progress::from_events(&self.events());
        progress.include_children(&self.children);
        progress
    }
}

/// The most child executions' histories [`with_children`] reads for one picture: enough to
/// colour every state of an item processor that its children reach in all but the largest
/// Map Runs, and a bound on what one picture costs (a Map Run may have millions of children).
pub const MOST_CHILD_HISTORIES: usize = 250;

/// The most children of one status read from one Map Run, so that children of every status
/// are read even when many failed.
const MOST_OF_ONE_STATUS: usize = MOST_CHILD_HISTORIES / 5;

/// `events` (an execution's history read through `source`) with the states its Distributed
/// Maps' child executions reached: for each Map Run its events started (`MapRunStarted`), and
/// each Map Run its children's histories start in turn (nested Distributed Maps, walked with a
/// stack), the children read from `source` in the order of what they tell (failed, timed out,
/// running, aborted, then succeeded: a failure anywhere outranks every success, as
/// [`Progress::include_children`] ranks them), a fifth of the budget for each status first and
/// then what is left in the same order, at most [`MOST_CHILD_HISTORIES`] histories in all.
pub async fn with_children<S: ChildExecutions + Sync>(
    source: &S,
    events: Vec<execution::HistoryEvent>,
) -> Result<HistoryWithChildren, S::Error> {
    use execution::{EventKind, ExecutionStatus};
    let map_runs_of = |events: &[execution::HistoryEvent]| -> Vec<StatesArn> {
        events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::MapRunStarted { map_run_arn } => Some(map_run_arn.clone()),
                _ => None,
            })
            .collect()
    };
    let mut seen = std::collections::HashSet::new();
    let mut runs: Vec<StatesArn> = map_runs_of(&events)
        .into_iter()
        .filter(|run| seen.insert(run.clone()))
        .collect();
    let mut out = HistoryWithChildren {
        events,
        ..HistoryWithChildren::default()
    };
    const ORDER: [ExecutionStatus; 5] = [
        ExecutionStatus::Failed,
        ExecutionStatus::TimedOut,
        ExecutionStatus::Running,
        ExecutionStatus::Aborted,
        ExecutionStatus::Succeeded,
    ];
    while let Some(run) = runs.pop() {
        // Two rounds: a share for each status, then what is left, in the same order.
        let mut taken = [0usize; ORDER.len()];
        for share in [MOST_OF_ONE_STATUS, MOST_CHILD_HISTORIES] {
            for (status, taken) in ORDER.iter().zip(&mut taken) {
                let left = MOST_CHILD_HISTORIES - out.children_read;
                if left == 0 {
                    return Ok(out);
                }
                let most = *taken + left.min(share.saturating_sub(*taken));
                if most == *taken {
                    continue;
                }
                let listed = source.children(&run, status.clone(), most).await?;
                let fresh: Vec<StatesArn> = listed.into_iter().take(most).skip(*taken).collect();
                if fresh.is_empty() {
                    continue;
                }
                for child in fresh {
                    let history = source.history(&child).await?;
                    out.children
                        .include_children(&Progress::from_events(&history.events()));
                    out.children_read += 1;
                    *taken += 1;
                    for nested in map_runs_of(&history) {
                        if seen.insert(nested.clone()) {
                            runs.push(nested);
                        }
                    }
                }
            }
        }
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::{ExecutionStatus, HistoryEvent};
    use serde_json::{Value, json};
    use std::collections::HashMap;
    use std::sync::Mutex;
    use workflow_graph::StateStatus;

    /// Histories and Map Runs' children by ARN, as an API answers them; it counts the
    /// histories read (by the child execution's name).
    #[derive(Default)]
    struct Api {
        histories: HashMap<StatesArn, Vec<HistoryEvent>>,
        children: HashMap<StatesArn, Vec<(StatesArn, ExecutionStatus)>>,
        read: Mutex<Vec<String>>,
    }

    /// The ARN of the Map Run `id` of the Map state `Each`.
    fn run(id: &str) -> StatesArn {
        format!("arn:aws:states:us-east-1:123456789012:mapRun:M/Each:{id}")
            .parse()
            .expect("a Map Run's ARN")
    }

    /// The ARN of the child execution `name` of the Map state `Each`.
    fn child(name: &str) -> StatesArn {
        format!("arn:aws:states:us-east-1:123456789012:execution:M/Each:{name}")
            .parse()
            .expect("an execution's ARN")
    }

    fn name_of(arn: &StatesArn) -> String {
        match &arn.resource {
            workflow_aws_models::StatesResource::Execution { name, .. } => name.clone(),
            other => format!("{other:?}"),
        }
    }

    impl ChildExecutions for Api {
        type Error = String;

        async fn children(
            &self,
            map_run_arn: &StatesArn,
            status: ExecutionStatus,
            most: usize,
        ) -> Result<Vec<StatesArn>, String> {
            Ok(self.children[map_run_arn]
                .iter()
                .filter(|(_, s)| *s == status)
                .take(most)
                .map(|(arn, _)| arn.clone())
                .collect())
        }

        async fn history(&self, execution_arn: &StatesArn) -> Result<Vec<HistoryEvent>, String> {
            self.read
                .lock()
                .map_err(|e| e.to_string())?
                .push(name_of(execution_arn));
            self.histories
                .get(execution_arn)
                .cloned()
                .ok_or_else(|| format!("no {execution_arn}"))
        }
    }

    /// Events of `(type, details)`, each after the one before.
    fn history(events: &[(&str, Value)]) -> Vec<HistoryEvent> {
        events
            .iter()
            .enumerate()
            .map(|(i, (kind, details))| {
                let mut event =
                    json!({"id": i + 1, "previousEventId": i, "timestamp": 0, "type": kind});
                if let Some(key) = details.as_object().and_then(|d| d.keys().next()) {
                    event[key] = details[key].clone();
                }
                HistoryEvent::from_json(&event).expect("an event")
            })
            .collect()
    }

    fn entered(kind: &str, name: &str) -> (String, Value) {
        (
            format!("{kind}StateEntered"),
            json!({"stateEnteredEventDetails": {"name": name, "input": "{}"}}),
        )
    }

    fn exited(kind: &str, name: &str) -> (String, Value) {
        (
            format!("{kind}StateExited"),
            json!({"stateExitedEventDetails": {"name": name, "output": "{}"}}),
        )
    }

    fn started(id: &str) -> (String, Value) {
        (
            "MapRunStarted".into(),
            json!({"mapRunStartedEventDetails": {"mapRunArn": run(id).to_string()}}),
        )
    }

    fn of(events: Vec<(String, Value)>) -> Vec<HistoryEvent> {
        let borrowed: Vec<(&str, Value)> = events
            .iter()
            .map(|(t, d)| (t.as_str(), d.clone()))
            .collect();
        history(&borrowed)
    }

    #[test]
    fn a_distributed_maps_inner_states_are_coloured_from_its_children_read_through_the_api() {
        let mut api = Api::default();
        let parent = of(vec![
            (
                "ExecutionStarted".into(),
                json!({"executionStartedEventDetails": {"input": "{}"}}),
            ),
            entered("Map", "Each"),
            started("run-1"),
            (
                "MapRunFailed".into(),
                json!({"mapRunFailedEventDetails": {"error": "States.ExceedToleratedFailureThreshold"}}),
            ),
            (
                "ExecutionFailed".into(),
                json!({"executionFailedEventDetails": {}}),
            ),
        ]);
        api.histories.insert(
            child("ok"),
            of(vec![
                entered("Pass", "Work"),
                exited("Pass", "Work"),
                entered("Map", "Inner"),
                started("run-2"),
                exited("Map", "Inner"),
            ]),
        );
        api.histories.insert(
            child("bad"),
            of(vec![
                entered("Pass", "Work"),
                exited("Pass", "Work"),
                entered("Fail", "Stop"),
                (
                    "ExecutionFailed".into(),
                    json!({"executionFailedEventDetails": {}}),
                ),
            ]),
        );
        api.histories.insert(
            child("grandchild"),
            of(vec![entered("Pass", "Deep"), exited("Pass", "Deep")]),
        );
        api.children.insert(
            run("run-1"),
            vec![
                (child("ok"), ExecutionStatus::Succeeded),
                (child("bad"), ExecutionStatus::Failed),
            ],
        );
        api.children.insert(
            run("run-2"),
            vec![(child("grandchild"), ExecutionStatus::Succeeded)],
        );
        let read = futures::executor::block_on(with_children(&api, parent)).expect("read");
        assert_eq!(read.children_read, 3);
        // The failed child is read first.
        assert_eq!(
            api.read.lock().expect("read").as_slice(),
            ["bad", "ok", "grandchild"]
        );
        let progress = read.progress();
        assert_eq!(progress.status("Each"), StateStatus::Failed);
        assert_eq!(progress.status("Work"), StateStatus::Succeeded);
        assert_eq!(progress.status("Stop"), StateStatus::Failed);
        assert_eq!(progress.status("Inner"), StateStatus::Succeeded);
        assert_eq!(
            progress.status("Deep"),
            StateStatus::Succeeded,
            "a nested Map Run's child"
        );
        let machine = StateMachine::from_json(
            r#"{"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,
                "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Work","States":{"Work":{"Type":"Pass","End":true}}}}}}"#,
        )
        .expect("decodes");
        let svg = progress_svg(&machine, &read, &SvgOptions::default());
        assert!(
            svg.contains(r#"data-name="Work" data-id="n1" data-kind="Pass" data-owner="n0" data-status="succeeded""#),
            "{svg}"
        );
    }

    #[test]
    fn at_most_a_bounded_number_of_children_are_read_every_status_among_them() {
        let mut api = Api::default();
        let parent = of(vec![entered("Map", "Each"), started("run")]);
        let mut children = Vec::new();
        for i in 0..400 {
            let (arn, status) = if i % 2 == 0 {
                (child(&format!("failed-{i}")), ExecutionStatus::Failed)
            } else {
                (child(&format!("ok-{i}")), ExecutionStatus::Succeeded)
            };
            api.histories
                .insert(arn.clone(), of(vec![entered("Pass", "Work")]));
            children.push((arn, status));
        }
        api.children.insert(run("run"), children);
        let read = futures::executor::block_on(with_children(&api, parent)).expect("read");
        // The whole budget: a share of each status first, then the failed ones again.
        assert_eq!(read.children_read, MOST_CHILD_HISTORIES);
        let read = api.read.lock().expect("read");
        assert_eq!(read.len(), MOST_CHILD_HISTORIES);
        assert_eq!(
            read.iter().filter(|a| a.starts_with("ok-")).count(),
            MOST_OF_ONE_STATUS
        );
        assert!(
            read[..MOST_OF_ONE_STATUS]
                .iter()
                .all(|a| a.starts_with("failed-"))
        );
        let unique: std::collections::HashSet<&String> = read.iter().collect();
        assert_eq!(unique.len(), read.len(), "no child read twice");
    }
}
