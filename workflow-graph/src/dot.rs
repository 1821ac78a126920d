//! Graphviz DOT: `compound=true`, a cluster for each Parallel branch and each Map iteration
//! (entered from the state that runs it), Choice states as diamonds, Catch edges dashed, start
//! and end markers for every region.

use crate::model::{EdgeKind, Graph};
use std::fmt::Write;
use workflow_asl::{StateKind, StateMachine};

/// The Graphviz DOT text of `machine` (`dot -Tsvg` draws it).
///
/// ```
/// use workflow_asl::StateMachine;
/// let machine = StateMachine::from_json(r#"{"StartAt":"M","States":{
///     "M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Each",
///         "States":{"Each":{"Type":"Pass","End":true}}}}}}"#).unwrap();
/// let dot = workflow_graph::to_dot(&machine);
/// assert!(dot.contains("compound=true"));
/// assert!(dot.contains("subgraph cluster_1 {"));
/// assert!(dot.contains("n1 [label=\"Each\"]"));
/// ```
pub fn to_dot(machine: &StateMachine) -> String {
    render(&Graph::of(machine))
}

/// What is left to print.
enum Step {
    /// `subgraph cluster_N {`, its title, then the region, at a depth.
    Cluster(usize, String, usize),
    /// A region's nodes and edges, at a depth.
    Region(usize, usize),
    /// `}` of a cluster.
    Close(usize),
}

/// The DOT text of `graph`.
pub(crate) fn render(graph: &Graph) -> String {
    let mut out = String::from(
        "digraph workflow {\n    compound=true;\n    rankdir=TB;\n    fontname=\"Helvetica\";\n    \
         node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n    \
         edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let mut stack = vec![Step::Region(0, 1)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(depth) => {
                let _ = writeln!(out, "{}}}", indent(depth));
            }
            Step::Cluster(region, title, depth) => {
                let pad = indent(depth);
                let _ = writeln!(out, "{pad}subgraph cluster_{region} {{");
                let _ = writeln!(
                    out,
                    "{pad}    label=\"{}\"; style=\"rounded,dashed\"; color=\"#888888\";",
                    quoted(&title)
                );
                stack.push(Step::Close(depth));
                stack.push(Step::Region(region, depth + 1));
            }
            Step::Region(region, depth) => {
                region_text(graph, region, depth, &mut out);
                // Each nested machine is a cluster, entered from the state that runs it.
                let mut clusters = Vec::new();
                for &id in graph.region_nodes(region) {
                    let node = &graph.nodes[id];
                    for (i, &child) in node.children.iter().enumerate() {
                        let title = match node.kind {
                            StateKind::Map => format!("{} (each item)", node.name),
                            _ => format!("{} (branch {})", node.name, i + 1),
                        };
                        clusters.push(Step::Cluster(child, title, depth));
                    }
                }
                stack.extend(clusters.into_iter().rev());
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The markers, the states and the edges of one region.
fn region_text(graph: &Graph, region: usize, depth: usize, out: &mut String) {
    let pad = indent(depth);
    let _ = writeln!(
        out,
        "{pad}start{region} [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black];"
    );
    let _ = writeln!(
        out,
        "{pad}end{region} [shape=doublecircle, label=\"\", width=0.15, style=filled, fillcolor=black];"
    );
    let nodes = graph.region_nodes(region);
    for &id in nodes {
        let node = &graph.nodes[id];
        let shape = match node.kind {
            StateKind::Choice => ", shape=diamond, style=filled",
            StateKind::Succeed => ", fillcolor=\"#e8f5e9\"",
            StateKind::Fail => ", fillcolor=\"#fdecea\"",
            _ => "",
        };
        let _ = writeln!(out, "{pad}n{id} [label=\"{}\"{shape}];", quoted(&node.name));
    }
    if let Some(start) = graph.regions.get(region).and_then(|r| r.start) {
        let _ = writeln!(out, "{pad}start{region} -> n{start};");
    }
    for edge in graph.region_edges(region) {
        let attrs = match &edge.kind {
            EdgeKind::Next => String::new(),
            EdgeKind::Default => " [label=\"default\"]".to_owned(),
            EdgeKind::Choice(condition) => format!(" [label=\"{}\"]", quoted(condition)),
            EdgeKind::Catch(errors) => format!(
                " [label=\"catch {}\", style=dashed, color=\"#DE322F\"]",
                quoted(&errors.join(", "))
            ),
        };
        let _ = writeln!(out, "{pad}n{} -> n{}{attrs};", edge.from, edge.to);
    }
    for &id in nodes {
        let node = &graph.nodes[id];
        if node.terminal {
            let _ = writeln!(out, "{pad}n{id} -> end{region};");
        }
        for &child in &node.children {
            let _ = writeln!(
                out,
                "{pad}n{id} -> start{child} [style=dotted, arrowhead=none, lhead=cluster_{child}];"
            );
        }
    }
}

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

/// `text` inside a DOT double-quoted string: quotes and backslashes escaped (so no `\N`,
/// `\l` escape of Graphviz applies), line breaks as `\n`, other control characters as spaces.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
