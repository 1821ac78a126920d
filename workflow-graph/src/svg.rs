//! A self-contained SVG picture of a layout: no script, no external font or stylesheet.
//!
//! Each state is a `<g class="state">` naming it (`data-name`, `data-id`, `data-owner` for the
//! Parallel or Map state holding it, `data-status` with a progress) around its `<rect>` or
//! `<polygon>` (Choice) and its `<text>`; each edge a `<g class="edge">` (`data-from`,
//! `data-to`: `n<i>` for a state, `start-<r>` and `end-<r>` for a region's markers) around
//! its `<polyline>` and its label.

use crate::coverage::{CoverageColours, StateCoverage};
use crate::layout::{END_RADIUS, End, Layout, Orientation, Rect, START_RADIUS, Shape};
use crate::model::{EdgeKind, Graph};
use crate::progress::{Progress, StateStatus};
use crate::text::{FONT_SIZE, LABEL_FONT_SIZE, LABEL_LINE_HEIGHT, LINE_HEIGHT, escape};
use std::fmt::Write;
use workflow_asl::{StateKind, StateMachine};

/// How to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions {
    /// Which way the graph flows.
    pub orientation: Orientation,
    /// The picture's title (an SVG `<title>`, which viewers show as its name), if any.
    pub title: Option<String>,
}

impl SvgOptions {
    /// Top to bottom.
    pub fn portrait() -> SvgOptions {
        SvgOptions {
            orientation: Orientation::Portrait,
            title: None,
        }
    }

    /// The same options, titled `title`.
    pub fn titled(self, title: impl Into<String>) -> SvgOptions {
        SvgOptions {
            title: Some(title.into()),
            ..self
        }
    }
}

/// The SVG picture of `machine`.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{SvgOptions, to_svg};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A & B","States":{"A & B":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let svg = to_svg(&machine, &SvgOptions::portrait());
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(svg.contains(r#"<g class="state" data-name="A &amp; B""#));
/// ```
pub fn to_svg(machine: &StateMachine, options: &SvgOptions) -> String {
    let graph = Graph::of(machine);
    let layout = Layout::of(&graph, options.orientation);
    with_title(render(&graph, &layout, None), options)
}

/// The SVG picture of `machine`, each state filled with its status in `progress`, with the
/// legend under the graph.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{Progress, StateStatus, SvgOptions, to_progress_svg};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let mut progress = Progress::new();
/// progress.set("A", StateStatus::Succeeded);
/// let svg = to_progress_svg(&machine, &progress, &SvgOptions::default());
/// assert!(svg.contains(r##"fill="#2BD62E""##));
/// assert!(svg.contains("Caught Error"));
/// ```
pub fn to_progress_svg(
    machine: &StateMachine,
    progress: &Progress,
    options: &SvgOptions,
) -> String {
    let graph = Graph::of(machine);
    let layout = Layout::of(&graph, options.orientation);
    with_title(render(&graph, &layout, Some(progress)), options)
}

/// The SVG picture of `machine`, each state filled by how much of it runs reached in
/// `coverage`, with the coverage legend under the graph (every point reached, some not,
/// never entered), not an execution's.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{CoverageColours, StateCoverage, SvgOptions, to_coverage_svg};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let mut coverage = CoverageColours::new();
/// coverage.set("A", StateCoverage::Full);
/// let svg = to_coverage_svg(&machine, &coverage, &SvgOptions::default());
/// assert!(svg.contains(r##"fill="#2BD62E""##));
/// assert!(svg.contains("Every point reached"));
/// assert!(!svg.contains("Caught Error"));
/// ```
pub fn to_coverage_svg(
    machine: &StateMachine,
    coverage: &CoverageColours,
    options: &SvgOptions,
) -> String {
    let graph = Graph::of(machine);
    let layout = Layout::of(&graph, options.orientation);
    let paint = Paint::Coverage(coverage);
    with_title(draw(&graph, &layout, Some(&paint)), options)
}

/// `svg` with the title of `options` as its first child.
fn with_title(svg: String, options: &SvgOptions) -> String {
    let Some(title) = &options.title else {
        return svg;
    };
    match svg.split_once('\n') {
        Some((open, rest)) => format!("{open}\n<title>{}</title>\n{rest}", escape(title)),
        None => svg,
    }
}

const LEGEND_HEIGHT: f64 = 34.0;
const STROKE: &str = "#4A4A4A";
const CATCH: &str = "#C0392B";

/// What colours the states, and the legend that says how.
enum Paint<'a> {
    /// An execution's progress, with the Data Science SDK's legend.
    Progress(&'a Progress),
    /// Coverage, with its own legend.
    Coverage(&'a CoverageColours),
}

impl Paint<'_> {
    /// A state's fill and its `data-status` slug.
    fn of(&self, state: &str) -> (&'static str, &'static str) {
        let (colour, slug) = match self {
            Paint::Progress(p) => {
                let status = p.status(state);
                (status.colour(), status.slug())
            }
            Paint::Coverage(c) => {
                let reach = c.get(state);
                (reach.colour(), reach.slug())
            }
        };
        (colour.unwrap_or("#FFFFFF"), slug)
    }

    /// The legend's entries: a fill (`None`: plain) and its label, in order.
    fn legend(&self) -> Vec<(Option<&'static str>, &'static str)> {
        match self {
            Paint::Progress(_) => StateStatus::ALL
                .iter()
                .map(|s| (s.colour(), s.label()))
                .collect(),
            Paint::Coverage(_) => StateCoverage::ALL
                .iter()
                .map(|s| (s.colour(), s.label()))
                .collect(),
        }
    }
}

/// The SVG text of a graph and its layout, coloured by `progress` when given.
pub fn render(graph: &Graph, layout: &Layout, progress: Option<&Progress>) -> String {
    draw(graph, layout, progress.map(Paint::Progress).as_ref())
}

/// The SVG text of a graph and its layout, coloured by `paint` when given.
fn draw(graph: &Graph, layout: &Layout, paint: Option<&Paint<'_>>) -> String {
    let legend_entries = paint.map(Paint::legend).unwrap_or_default();
    let legend_width = legend_width(&legend_entries);
    let width = if paint.is_some() {
        layout.width.max(legend_width + 32.0)
    } else {
        layout.width
    };
    let height = layout.height + if paint.is_some() { LEGEND_HEIGHT } else { 0.0 };
    let mut out = String::with_capacity(256 * (graph.nodes.len() + graph.edges.len()) + 1024);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" \
         font-size=\"{FONT_SIZE}\">",
        w = n(width),
        h = n(height),
    );
    out.push_str(
        "<defs>\n\
         <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4A4A4A\"/></marker>\n\
         <marker id=\"arrow-catch\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#C0392B\"/></marker>\n\
         </defs>\n",
    );
    let _ = writeln!(
        out,
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\"/>",
        n(width),
        n(height)
    );
    // States in order: a Parallel or Map box before the states it holds.
    for (id, (node, placed)) in graph.nodes.iter().zip(&layout.nodes).enumerate() {
        let status = paint.map(|p| p.of(&node.name));
        let (fill, stroke) = colours(node.kind, placed.shape, status.map(|s| s.0));
        let owner = graph
            .regions
            .get(node.region)
            .and_then(|r| r.owner)
            .map(|o| format!(" data-owner=\"n{o}\""))
            .unwrap_or_default();
        let status_attr = status
            .map(|(_, slug)| format!(" data-status=\"{slug}\""))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<g class=\"state\" data-name=\"{}\" data-id=\"n{id}\" data-kind=\"{}\"{owner}{status_attr}>",
            escape(&node.name),
            node.kind.as_str()
        );
        let _ = writeln!(
            out,
            "<title>{} ({})</title>",
            escape(&node.name),
            node.kind.as_str()
        );
        let r = placed.rect;
        match placed.shape {
            Shape::Diamond => {
                let c = r.center();
                let _ = writeln!(
                    out,
                    "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
                    n(c.x),
                    n(r.y),
                    n(r.x + r.width),
                    n(c.y),
                    n(c.x),
                    n(r.y + r.height),
                    n(r.x),
                    n(c.y)
                );
            }
            Shape::Box | Shape::Composite => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
                    n(r.x),
                    n(r.y),
                    n(r.width),
                    n(r.height)
                );
            }
        }
        let weight = if placed.shape == Shape::Composite {
            " font-weight=\"bold\""
        } else {
            ""
        };
        text_block(
            &mut out,
            &placed.text,
            &placed.lines,
            FONT_SIZE,
            LINE_HEIGHT,
            weight,
        );
        out.push_str("</g>\n");
        // The frames of its branches or iteration, over its fill. They, and the start and end
        // markers inside them, let a pointer through to the Parallel or Map state beneath, so
        // that a click anywhere in its box but on a state inside selects it.
        for &child in &node.children {
            if let Some(frame) = layout.regions.get(child) {
                let f = frame.rect;
                let _ = writeln!(
                    out,
                    "<rect class=\"region\" data-region=\"{child}\" pointer-events=\"none\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#FFFFFF\" fill-opacity=\"0.6\" stroke=\"#9AA5B1\" stroke-dasharray=\"4 3\"/>",
                    n(f.x),
                    n(f.y),
                    n(f.width),
                    n(f.height)
                );
            }
        }
    }
    for path in &layout.edges {
        let kind = path.edge.and_then(|e| graph.edges.get(e)).map(|e| &e.kind);
        let (class, colour, marker, dash) = match kind {
            Some(EdgeKind::Catch(_)) => {
                ("catch", CATCH, "arrow-catch", " stroke-dasharray=\"6 4\"")
            }
            Some(EdgeKind::Choice(_)) => ("choice", STROKE, "arrow", ""),
            Some(EdgeKind::Default) => ("default", STROKE, "arrow", ""),
            Some(EdgeKind::Next) => ("next", STROKE, "arrow", ""),
            None => ("marker", STROKE, "arrow", ""),
        };
        let _ = writeln!(
            out,
            "<g class=\"edge\" data-kind=\"{class}\" data-from=\"{}\" data-to=\"{}\">",
            end_id(path.from),
            end_id(path.to)
        );
        out.push_str("<polyline points=\"");
        for (i, p) in path.points.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let _ = write!(out, "{},{}", n(p.x), n(p.y));
        }
        let _ = writeln!(
            out,
            "\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.3\"{dash} marker-end=\"url(#{marker})\"/>"
        );
        if let Some(label) = &path.label {
            let _ = writeln!(
                out,
                "<g class=\"label\"><title>{}</title>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#FFFFFF\" fill-opacity=\"0.85\"/>",
                escape(&label.full),
                n(label.rect.x),
                n(label.rect.y),
                n(label.rect.width),
                n(label.rect.height)
            );
            let fill = if class == "catch" {
                " fill=\"#C0392B\""
            } else {
                " fill=\"#333333\""
            };
            text_block(
                &mut out,
                &label.rect,
                &label.lines,
                LABEL_FONT_SIZE,
                LABEL_LINE_HEIGHT,
                fill,
            );
            out.push_str("</g>\n");
        }
        out.push_str("</g>\n");
    }
    for (region, frame) in layout.regions.iter().enumerate() {
        let _ = writeln!(
            out,
            "<circle class=\"start\" data-region=\"{region}\" pointer-events=\"none\" cx=\"{}\" cy=\"{}\" r=\"{START_RADIUS}\" fill=\"#333333\"/>",
            n(frame.start.x),
            n(frame.start.y)
        );
        if let Some(end) = frame.end {
            let _ = writeln!(
                out,
                "<g class=\"end\" data-region=\"{region}\" pointer-events=\"none\"><circle cx=\"{x}\" cy=\"{y}\" r=\"{}\" fill=\"#FFFFFF\" stroke=\"#333333\" stroke-width=\"2\"/><circle cx=\"{x}\" cy=\"{y}\" r=\"{}\" fill=\"#333333\"/></g>",
                END_RADIUS - 1.0,
                END_RADIUS - 4.5,
                x = n(end.x),
                y = n(end.y),
            );
        }
    }
    if paint.is_some() {
        legend(&mut out, layout.height, &legend_entries);
    }
    out.push_str("</svg>\n");
    out
}

fn end_id(end: End) -> String {
    match end {
        End::Node(id) => format!("n{id}"),
        End::Start(region) => format!("start-{region}"),
        End::End(region) => format!("end-{region}"),
    }
}

/// The fill and stroke of a state: tinted by its type, or `painted` when a progress or
/// coverage colours it.
fn colours(
    kind: StateKind,
    shape: Shape,
    painted: Option<&'static str>,
) -> (&'static str, &'static str) {
    let stroke = match kind {
        StateKind::Succeed => "#2E7D32",
        StateKind::Fail => "#C62828",
        _ => STROKE,
    };
    if let Some(fill) = painted {
        return (fill, stroke);
    }
    let fill = match (kind, shape) {
        (StateKind::Succeed, _) => "#E3F6E4",
        (StateKind::Fail, _) => "#FBE3E2",
        (_, Shape::Diamond) => "#FFF7E0",
        (_, Shape::Composite) => "#F2F5F9",
        _ => "#FFFFFF",
    };
    (fill, stroke)
}

/// Lines of text centred in `rect`, one `<tspan>` each.
fn text_block(out: &mut String, rect: &Rect, lines: &[String], size: f64, line: f64, attrs: &str) {
    let cx = rect.x + rect.width / 2.0;
    let block = lines.len() as f64 * line;
    let top = rect.y + (rect.height - block) / 2.0;
    let _ = write!(
        out,
        "<text text-anchor=\"middle\" font-size=\"{size}\"{attrs}>"
    );
    for (i, text) in lines.iter().enumerate() {
        // The baseline sits about three quarters down the line.
        let baseline = top + i as f64 * line + (line + size) / 2.0 - size * 0.12;
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            n(cx),
            n(baseline),
            escape(text)
        );
    }
    out.push_str("</text>\n");
}

fn legend_width(entries: &[(Option<&'static str>, &'static str)]) -> f64 {
    entries
        .iter()
        .map(|(_, label)| 26.0 + label.len() as f64 * 7.0 + 14.0)
        .sum()
}

/// A legend (the SDK's for a progress), in a row under the graph.
fn legend(out: &mut String, top: f64, entries: &[(Option<&'static str>, &'static str)]) {
    let y = top + 8.0;
    let mut x = 16.0;
    out.push_str("<g class=\"legend\">\n");
    for (colour, label) in entries {
        let fill = colour.unwrap_or("#FFFFFF");
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"18\" rx=\"3\" fill=\"{fill}\" stroke=\"{STROKE}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            n(x),
            n(y),
            n(x + 24.0),
            n(y + 14.0),
            label
        );
        x += 26.0 + label.len() as f64 * 7.0 + 14.0;
    }
    out.push_str("</g>\n");
}

/// A coordinate with at most two decimals.
fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let rounded = (v * 100.0).round() / 100.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}
