//! Layout and SVG time for generated definitions of 1,000 and 5,000 states: a chain of Task
//! states, a Choice every 10 states (three ways forward), a Parallel of two short branches
//! every 25, a Catch to a shared handler every 20.
//!
//! `cargo bench -p workflow-graph --bench graph_layout`

use std::fmt::Write;
use std::time::Instant;
use workflow_asl::StateMachine;
use workflow_graph::{Graph, Layout, Orientation, render_svg};

fn definition(states: usize) -> String {
    let mut out = String::from("{\"StartAt\":\"S0\",\"States\":{");
    let next = |i: usize| {
        if i + 1 < states - 1 {
            format!("S{}", i + 1)
        } else {
            "Handler".to_owned()
        }
    };
    for i in 0..states - 1 {
        if i > 0 {
            out.push(',');
        }
        let catch = if i % 20 == 7 {
            ",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Handler\"}]"
        } else {
            ""
        };
        if i % 10 == 9 && i + 3 < states - 1 {
            let _ = write!(
                out,
                "\"S{i}\":{{\"Type\":\"Choice\",\"Choices\":[\
                 {{\"Variable\":\"$.n\",\"NumericGreaterThan\":{i},\"Next\":\"S{}\"}},\
                 {{\"Variable\":\"$.s\",\"StringEquals\":\"x{i}\",\"Next\":\"S{}\"}}],\
                 \"Default\":\"S{}\"}}",
                i + 1,
                i + 2,
                i + 3
            );
        } else if i % 25 == 12 {
            let _ = write!(
                out,
                "\"S{i}\":{{\"Type\":\"Parallel\",\"Next\":\"{}\",\"Branches\":[\
                 {{\"StartAt\":\"A{i}\",\"States\":{{\"A{i}\":{{\"Type\":\"Pass\",\"Next\":\"B{i}\"}},\
                 \"B{i}\":{{\"Type\":\"Pass\",\"End\":true}}}}}},\
                 {{\"StartAt\":\"C{i}\",\"States\":{{\"C{i}\":{{\"Type\":\"Pass\",\"End\":true}}}}}}]{catch}}}",
                next(i)
            );
        } else {
            let _ = write!(
                out,
                "\"S{i}\":{{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\
                 \"Next\":\"{}\"{catch}}}",
                next(i)
            );
        }
    }
    out.push_str(",\"Handler\":{\"Type\":\"Succeed\"}}}");
    out
}

fn main() {
    for states in [1_000, 5_000] {
        let text = definition(states);
        let machine = StateMachine::from_json(&text).expect("the generated definition decodes");
        for orientation in [Orientation::Landscape, Orientation::Portrait] {
            let runs = 3;
            let mut best = f64::INFINITY;
            let mut bytes = 0;
            let mut layout_best = f64::INFINITY;
            for _ in 0..runs {
                let started = Instant::now();
                let graph = Graph::of(&machine);
                let layout = Layout::of(&graph, orientation);
                layout_best = layout_best.min(started.elapsed().as_secs_f64());
                let svg = render_svg(&graph, &layout, None);
                best = best.min(started.elapsed().as_secs_f64());
                bytes = svg.len();
            }
            println!(
                "{states} states ({} with branches), {orientation:?}: layout {:.1} ms, layout + SVG {:.1} ms ({} KiB), best of {runs}",
                Graph::of(&machine).nodes.len(),
                layout_best * 1e3,
                best * 1e3,
                bytes / 1024
            );
        }
    }
}
