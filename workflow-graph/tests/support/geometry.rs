//! The geometry of a picture, read back from its SVG: every state drawn once, no two boxes
//! overlapping, no label over a box or another label, every edge from its source's border to its target's,
//! every line of text inside its box. Shared by `workflow-graph/tests/graph.rs` (every example
//! and corpus definition) and `tests/graph_cli.rs` (every example workflow), which include it
//! with `#[path]`. The expectations come from the definition's JSON, walked without the
//! library.

#![allow(dead_code)] // each including test uses a part

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// What the graph must show, from the JSON: every state's name, every transition as
/// (from, to) names, the Parallel branch counts, the number of Map states and of regions.
#[derive(Default)]
pub struct Expected {
    pub names: BTreeMap<String, usize>,
    pub states: usize,
    pub transitions: BTreeMap<(String, String), usize>,
    pub separators: usize,
    pub composites: usize,
    pub regions: usize,
}

pub fn expected(definition: &Value) -> Expected {
    let mut e = Expected::default();
    let mut stack = vec![definition];
    while let Some(machine) = stack.pop() {
        e.regions += 1;
        let states = machine["States"].as_object().expect("States");
        for (name, state) in states {
            e.states += 1;
            *e.names.entry(one_line(name)).or_default() += 1;
            let mut targets: Vec<&str> = Vec::new();
            if let Some(rules) = state["Choices"].as_array() {
                targets.extend(rules.iter().filter_map(|r| r["Next"].as_str()));
            }
            targets.extend(state["Default"].as_str());
            targets.extend(state["Next"].as_str());
            if let Some(catchers) = state["Catch"].as_array() {
                targets.extend(catchers.iter().filter_map(|c| c["Next"].as_str()));
            }
            for target in targets.into_iter().filter(|t| states.contains_key(*t)) {
                *e.transitions
                    .entry((one_line(name), one_line(target)))
                    .or_default() += 1;
            }
            if let Some(branches) = state["Branches"].as_array() {
                e.composites += 1;
                e.separators += branches.len().saturating_sub(1);
                stack.extend(branches);
            }
            for key in ["ItemProcessor", "Iterator"] {
                if state[key].is_object() {
                    e.composites += 1;
                    stack.push(&state[key]);
                }
            }
        }
    }
    e
}

/// A name as the graph shows it: control characters as spaces.
pub fn one_line(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A state as the SVG draws it.
pub struct Drawn {
    pub name: String,
    pub owner: Option<String>,
    /// x, y, width, height.
    pub bbox: (f64, f64, f64, f64),
    pub diamond: bool,
    /// Each line of text: its centre x, baseline y, font size and characters.
    pub lines: Vec<(f64, f64, f64, usize)>,
}

pub fn number(node: roxmltree::Node<'_, '_>, attribute: &str) -> f64 {
    node.attribute(attribute)
        .unwrap_or_else(|| panic!("no `{attribute}` on <{}>", node.tag_name().name()))
        .parse()
        .expect("a number")
}

pub fn points(text: &str) -> Vec<(f64, f64)> {
    text.split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect()
}

/// The width of a line of `chars` characters at `size` px, as the layout estimates it.
pub fn text_width(size: f64, chars: usize) -> f64 {
    let per_char = if size >= 13.0 { 7.0 } else { 6.0 };
    per_char * chars as f64
}

pub fn text_lines(text: roxmltree::Node<'_, '_>) -> Vec<(f64, f64, f64, usize)> {
    let size = number(text, "font-size");
    text.children()
        .filter(|c| c.has_tag_name("tspan"))
        .map(|t| {
            let chars = t.text().unwrap_or("").chars().count();
            (number(t, "x"), number(t, "y"), size, chars)
        })
        .collect()
}

/// Whether a line's glyphs (by the width estimate) lie inside the box or diamond.
pub fn text_inside(
    line: (f64, f64, f64, usize),
    bbox: (f64, f64, f64, f64),
    diamond: bool,
) -> bool {
    let (x, baseline, size, chars) = line;
    let half = text_width(size, chars) / 2.0;
    let (top, bottom) = (baseline - 0.8 * size, baseline + 0.25 * size);
    let (bx, by, bw, bh) = bbox;
    if diamond {
        let (cx, cy) = (bx + bw / 2.0, by + bh / 2.0);
        [
            (x - half, top),
            (x + half, top),
            (x - half, bottom),
            (x + half, bottom),
        ]
        .iter()
        .all(|&(px, py)| (px - cx).abs() / (bw / 2.0) + (py - cy).abs() / (bh / 2.0) <= 1.01)
    } else {
        x - half >= bx - 0.5
            && x + half <= bx + bw + 0.5
            && top >= by - 0.5
            && bottom <= by + bh + 0.5
    }
}

/// Whether a point lies on the border of a box or diamond (within a pixel).
pub fn on_border(p: (f64, f64), bbox: (f64, f64, f64, f64), diamond: bool) -> bool {
    let (bx, by, bw, bh) = bbox;
    if diamond {
        let (cx, cy) = (bx + bw / 2.0, by + bh / 2.0);
        let (hw, hh) = (bw / 2.0, bh / 2.0);
        let v = (p.0 - cx).abs() / hw + (p.1 - cy).abs() / hh;
        // Distance to the border, along the normal.
        (v - 1.0).abs() * hw * hh / (hw * hw + hh * hh).sqrt() <= 1.0
    } else {
        let inside_x = p.0 >= bx - 1.0 && p.0 <= bx + bw + 1.0;
        let inside_y = p.1 >= by - 1.0 && p.1 <= by + bh + 1.0;
        let near_x = (p.0 - bx).abs() <= 1.0 || (p.0 - bx - bw).abs() <= 1.0;
        let near_y = (p.1 - by).abs() <= 1.0 || (p.1 - by - bh).abs() <= 1.0;
        (near_x && inside_y) || (near_y && inside_x)
    }
}

pub fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
    let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
    w > 0.5 && h > 0.5
}

/// Counts of what one picture's check looked at.
#[derive(Default)]
pub struct Checked {
    pub states: usize,
    pub pairs: usize,
    pub edges: usize,
    pub lines: usize,
    pub labels: usize,
}

/// Reads the SVG back and checks its geometry: every state drawn once, no two state boxes
/// overlapping (a Parallel or Map box holds its own states), no edge label over a state box
/// (but the ones holding it) or over another label, every edge from its source's border to its target's, every
/// line of text inside its box by the layout's width estimate.
pub fn check_svg(place: &str, svg: &str, e: &Expected) -> Checked {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|err| panic!("{place}: not XML: {err}"));
    let mut states: HashMap<String, Drawn> = HashMap::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for g in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("state"))
    {
        let id = g.attribute("data-id").expect("data-id").to_owned();
        let name = g.attribute("data-name").expect("data-name").to_owned();
        *names.entry(name.clone()).or_default() += 1;
        let shape = g
            .children()
            .find(|c| c.has_tag_name("rect") || c.has_tag_name("polygon"))
            .unwrap_or_else(|| panic!("{place}: state `{name}` has no shape"));
        let (bbox, diamond) = if shape.has_tag_name("rect") {
            let bbox = (
                number(shape, "x"),
                number(shape, "y"),
                number(shape, "width"),
                number(shape, "height"),
            );
            (bbox, false)
        } else {
            let ps = points(shape.attribute("points").expect("points"));
            let (x0, x1) = ps
                .iter()
                .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
            let (y0, y1) = ps
                .iter()
                .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
            ((x0, y0, x1 - x0, y1 - y0), true)
        };
        let lines = g
            .children()
            .find(|c| c.has_tag_name("text"))
            .map(text_lines)
            .unwrap_or_default();
        let drawn = Drawn {
            name,
            owner: g.attribute("data-owner").map(str::to_owned),
            bbox,
            diamond,
            lines,
        };
        assert!(
            states.insert(id.clone(), drawn).is_none(),
            "{place}: state {id} drawn twice"
        );
    }
    assert_eq!(states.len(), e.states, "{place}: every state drawn once");
    assert_eq!(
        names, e.names,
        "{place}: the states drawn are the definition's"
    );
    let ancestors = |id: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut at = states.get(id).and_then(|s| s.owner.clone());
        while let Some(owner) = at {
            at = states.get(&owner).and_then(|s| s.owner.clone());
            out.push(owner);
        }
        out
    };
    let mut checked = Checked {
        states: states.len(),
        ..Checked::default()
    };
    let ids: Vec<&String> = states.keys().collect();
    for (i, a) in ids.iter().enumerate() {
        let a_up = ancestors(a);
        for b in &ids[i + 1..] {
            if a_up.contains(b) || ancestors(b).contains(a) {
                continue;
            }
            checked.pairs += 1;
            assert!(
                !overlap(states[*a].bbox, states[*b].bbox),
                "{place}: `{}` and `{}` overlap",
                states[*a].name,
                states[*b].name
            );
        }
    }
    for s in states.values() {
        for &line in &s.lines {
            checked.lines += 1;
            assert!(
                text_inside(line, s.bbox, s.diamond),
                "{place}: a line of `{}` leaves its box",
                s.name
            );
        }
    }
    let mut transitions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut labels: Vec<(String, (f64, f64, f64, f64))> = Vec::new();
    for g in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
    {
        let from = g.attribute("data-from").expect("data-from");
        let to = g.attribute("data-to").expect("data-to");
        let line = g
            .children()
            .find(|c| c.has_tag_name("polyline"))
            .expect("polyline");
        let ps = points(line.attribute("points").expect("points"));
        assert!(
            ps.len() >= 2,
            "{place}: edge {from} -> {to} has {} points",
            ps.len()
        );
        if let Some(source) = states.get(from) {
            assert!(
                on_border(ps[0], source.bbox, source.diamond),
                "{place}: the edge {from} -> {to} starts at {:?}, off `{}` {:?}",
                ps[0],
                source.name,
                source.bbox
            );
        }
        if let Some(target) = states.get(to) {
            let last = ps[ps.len() - 1];
            assert!(
                on_border(last, target.bbox, target.diamond),
                "{place}: the edge {from} -> {to} ends at {last:?}, off `{}` {:?}",
                target.name,
                target.bbox
            );
        }
        if let (Some(a), Some(b)) = (states.get(from), states.get(to)) {
            checked.edges += 1;
            *transitions
                .entry((a.name.clone(), b.name.clone()))
                .or_default() += 1;
        }
        if let Some(label) = g.children().find(|c| c.attribute("class") == Some("label")) {
            checked.labels += 1;
            let rect = label
                .children()
                .find(|c| c.has_tag_name("rect"))
                .expect("label rect");
            let bbox = (
                number(rect, "x"),
                number(rect, "y"),
                number(rect, "width"),
                number(rect, "height"),
            );
            for (other, other_box) in &labels {
                assert!(
                    !overlap(bbox, *other_box),
                    "{place}: the labels of {from} -> {to} and {other} overlap"
                );
            }
            labels.push((format!("{from} -> {to}"), bbox));
            let holders = ancestors(from);
            for (id, s) in &states {
                if !holders.contains(id) {
                    assert!(
                        !overlap(bbox, s.bbox),
                        "{place}: the label of {from} -> {to} covers `{}`",
                        s.name
                    );
                }
            }
            for text in label.children().filter(|c| c.has_tag_name("text")) {
                for line in text_lines(text) {
                    assert!(
                        text_inside(line, bbox, false),
                        "{place}: a label's text leaves its box"
                    );
                }
            }
        }
    }
    assert_eq!(
        transitions, e.transitions,
        "{place}: every transition drawn once"
    );
    checked
}
