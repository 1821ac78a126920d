//! The graph of an Amazon States Language state machine, drawn from the typed model of
//! `workflow-asl`: as text that other tools draw, Mermaid `stateDiagram-v2` ([`to_mermaid`];
//! GitHub and GitLab render it in markdown) and Graphviz DOT ([`to_dot`]; `dot -Tsvg`); and
//! drawn here, as a self-contained SVG picture ([`to_svg`], laid out by [`Layout`]) coloured by
//! an execution's [`Progress`] when asked ([`to_progress_svg`]) or by coverage
//! ([`to_coverage_svg`]), or a standalone HTML page with
//! the events table ([`to_html`]); an execution's history as a table ([`events_text`],
//! [`events_html`]). Pick a form by name with [`Format`] and [`to_format`].
//!
//! [`Graph::of`] flattens a definition into nodes (one per state, nested ones included),
//! regions (the machine, each Parallel branch, each Map iteration) and labelled edges (a
//! Choice rule's edge carries its [`condition_label`]); every form is printed or laid out from
//! that one graph.
//!
//! What holds everywhere here:
//!
//! - pure functions over the typed model: a [`StateMachine`](workflow_asl::StateMachine) (and
//!   the [`Event`]s of a history) in, text out; nothing is read from or written to the outside,
//!   and nothing panics, whatever the definition;
//! - no recursion over user data: nested machines, nested Choice conditions and the regions of
//!   the layout are walked with explicit stacks or in index order, so the depth of a
//!   definition costs heap, never the call stack;
//! - an iterative layout: layers by longest path, loops turned around by an iterative
//!   depth-first search, barycentre sweeps for the order within a layer, isotonic regression
//!   for the placement across (see [`Layout`]);
//! - deterministic output: the same definition (and history) gives the same bytes, every
//!   time and on every machine; the pictures are compared byte for byte in the tests.
//!
//! ```
//! use workflow_asl::StateMachine;
//! let machine = StateMachine::from_json(
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}"#,
//! ).unwrap();
//! let mermaid = workflow_graph::to_mermaid(&machine);
//! assert!(mermaid.starts_with("stateDiagram-v2\n"));
//! assert!(mermaid.contains("    s0 --> s1\n"));
//! assert!(workflow_graph::to_dot(&machine).contains("n0 -> n1"));
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod condition;
mod coverage;
mod dot;
mod events;
mod format;
mod html;
mod layout;
mod mermaid;
mod model;
mod progress;
mod svg;
mod text;

pub use condition::condition_label;
pub use coverage::{CoverageColours, StateCoverage};
pub use dot::to_dot;
pub use events::{events_html, events_text};
pub use format::{Format, UnknownFormat, to_format};
pub use html::{to_html, to_html_with_progress};
pub use layout::{
    EdgePath, End, Label, Layout, NodeBox, Orientation, Point, Rect, RegionBox, Shape,
};
pub use mermaid::to_mermaid;
pub use model::{Edge, EdgeKind, Graph, Node, Region};
pub use progress::{Event, Progress, StateStatus};
pub use svg::{SvgOptions, render as render_svg, to_coverage_svg, to_progress_svg, to_svg};
pub use text::{CHAR_WIDTH, FONT_SIZE, LABEL_CHAR_WIDTH, LABEL_FONT_SIZE};
