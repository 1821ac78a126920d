//! Mermaid `stateDiagram-v2`: states by generated ids (`s0`, `s1`, …) with their names as
//! labels, a Parallel state as a composite state whose branches are concurrent regions
//! separated by `--`, a Map state as a composite state holding its iteration, Choice states
//! as `<<choice>>` with each rule's condition on its edge, Catch edges labelled with their
//! errors, `[*]` for the start and the end of every region.

use crate::model::{EdgeKind, Graph};
use std::fmt::Write;
use workflow_asl::{StateKind, StateMachine};

/// The Mermaid `stateDiagram-v2` text of `machine`.
///
/// ```
/// use workflow_asl::StateMachine;
/// let machine = StateMachine::from_json(r#"{"StartAt":"Check","States":{
///     "Check":{"Type":"Choice","Choices":[
///         {"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"}],"Default":"Small"},
///     "Big":{"Type":"Succeed"},"Small":{"Type":"Fail"}}}"#).unwrap();
/// let text = workflow_graph::to_mermaid(&machine);
/// assert!(text.contains("    state s0 <<choice>>\n"));
/// assert!(text.contains("    s0 --> s1 : $.n #gt; 10\n"));
/// assert!(text.contains("    s0 --> s2 : default\n"));
/// assert!(text.contains("    s1 --> [*]\n"));
/// ```
pub fn to_mermaid(machine: &StateMachine) -> String {
    render(&Graph::of(machine))
}

/// What is left to print.
enum Step {
    /// A region's states and edges, at a depth.
    Region(usize, usize),
    /// `state sN {` of a composite state, at a depth.
    Open(usize, usize),
    /// `--` between concurrent regions.
    Separator(usize),
    /// `}` of a composite state.
    Close(usize),
}

/// The Mermaid text of `graph`.
pub(crate) fn render(graph: &Graph) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    let mut stack = vec![Step::Region(0, 1)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(id, depth) => {
                let _ = writeln!(out, "{}state s{id} {{", indent(depth));
            }
            Step::Separator(depth) => {
                let _ = writeln!(out, "{}--", indent(depth));
            }
            Step::Close(depth) => {
                let _ = writeln!(out, "{}}}", indent(depth));
            }
            Step::Region(region, depth) => {
                region_text(graph, region, depth, &mut out);
                // Then each composite state: `state sN {`, its regions split by `--`, `}`.
                let nodes = graph.region_nodes(region);
                let composites = nodes
                    .iter()
                    .filter(|&&id| !graph.nodes[id].children.is_empty());
                for &id in composites.rev() {
                    stack.push(Step::Close(depth));
                    let children = &graph.nodes[id].children;
                    for (i, &child) in children.iter().enumerate().rev() {
                        stack.push(Step::Region(child, depth + 1));
                        if i > 0 {
                            stack.push(Step::Separator(depth + 1));
                        }
                    }
                    stack.push(Step::Open(id, depth));
                }
            }
        }
    }
    out
}

/// The start, the states, the edges and the ends of one region.
fn region_text(graph: &Graph, region: usize, depth: usize, out: &mut String) {
    let pad = indent(depth);
    if let Some(start) = graph.regions.get(region).and_then(|r| r.start) {
        let _ = writeln!(out, "{pad}[*] --> s{start}");
    }
    for &id in graph.region_nodes(region) {
        let node = &graph.nodes[id];
        if node.kind == StateKind::Choice {
            // A choice pseudo-state has no label: its name is kept in a comment.
            let _ = writeln!(out, "{pad}%% s{id}: {}", comment(&node.name));
            let _ = writeln!(out, "{pad}state s{id} <<choice>>");
        } else {
            let _ = writeln!(out, "{pad}state \"{}\" as s{id}", escape(&node.name));
        }
    }
    for edge in graph.region_edges(region) {
        let label = match &edge.kind {
            EdgeKind::Next => String::new(),
            EdgeKind::Default => " : default".to_owned(),
            EdgeKind::Choice(condition) => format!(" : {}", escape(condition)),
            EdgeKind::Catch(errors) => format!(" : catch {}", escape(&errors.join(", "))),
        };
        let _ = writeln!(out, "{pad}s{} --> s{}{label}", edge.from, edge.to);
    }
    for &id in graph.region_nodes(region) {
        if graph.nodes[id].terminal {
            let _ = writeln!(out, "{pad}s{id} --> [*]");
        }
    }
}

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

/// `text` safe inside a quoted Mermaid label or after an edge's `:`: quotes, `:`, `#`, `;`,
/// braces and angle brackets as Mermaid entity codes (`#58;`), line breaks and other control
/// characters as spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` on one line, for a `%%` comment.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
