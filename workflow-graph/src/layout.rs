//! A layered layout, computed here (no external `dot`): every state's box and every edge's
//! polyline, in pixels.
//!
//! Regions (the machine, each Parallel branch, each Map iteration) are laid out bottom-up: a
//! nested region is numbered after the one holding it, so walking the regions from the last
//! to the first sizes every Parallel or Map box from its finished branches, with no recursion.
//! Within a region: the edges closing loops are turned around (an iterative depth-first
//! search), states get layers by longest path from the start, each layer sits between two
//! ranks of bends (where edge labels go), states are ordered within a rank by barycentre
//! sweeps, and placed across by weighted isotonic regression (pool-adjacent-violators) so that
//! no two boxes overlap. Edges start and end on their boxes' borders.

use crate::model::{EdgeKind, Graph};
use crate::text::{
    CHAR_WIDTH, LABEL_CHAR_WIDTH, LABEL_LINE_HEIGHT, LABEL_MAX_LINES, LABEL_WRAP, LINE_HEIGHT,
    WRAP, longest, wrap, wrap_at_most,
};
use workflow_asl::StateKind;

/// Which way the graph flows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Top to bottom.
    Portrait,
    /// Left to right (the default: wide screens).
    #[default]
    Landscape,
}

/// A point, in pixels from the picture's top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f64,
    /// Downwards.
    pub y: f64,
}

/// A rectangle: its top-left corner and its size.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// Its centre.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }

    fn shifted(self, by: Point) -> Rect {
        Rect {
            x: self.x + by.x,
            y: self.y + by.y,
            ..self
        }
    }
}

/// How a state is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A rounded box.
    Box,
    /// A diamond (Choice).
    Diamond,
    /// A box holding its branches or its iteration (Parallel, Map), its name on top.
    Composite,
}

/// Where a state is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// The box (a diamond fills it corner to corner).
    pub rect: Rect,
    /// Its shape.
    pub shape: Shape,
    /// The name, wrapped.
    pub lines: Vec<String>,
    /// Where the lines go (centred in it).
    pub text: Rect,
}

/// Where a region is drawn, with its start and end markers.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionBox {
    /// Its frame (for region 0, the whole picture).
    pub rect: Rect,
    /// The centre of its start marker.
    pub start: Point,
    /// The centre of its end marker, when a state can end it.
    pub end: Option<Point>,
}

/// One end of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// A state (an index into [`Graph::nodes`]).
    Node(usize),
    /// The start marker of a region.
    Start(usize),
    /// The end marker of a region.
    End(usize),
}

/// An edge's text and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The box the lines fill.
    pub rect: Rect,
    /// The lines.
    pub lines: Vec<String>,
    /// The whole text, uncut.
    pub full: String,
}

/// Where an edge is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    /// The transition drawn (an index into [`Graph::edges`]); `None` for a marker's edge.
    pub edge: Option<usize>,
    /// Where it starts.
    pub from: End,
    /// Where it goes.
    pub to: End,
    /// The polyline: the first point on the border of `from`, the last on the border of `to`.
    pub points: Vec<Point>,
    /// Its label (a Choice rule's condition, `default`, a Catcher's errors).
    pub label: Option<Label>,
}

/// The radius of a start marker.
pub(crate) const START_RADIUS: f64 = 7.0;
/// The radius of an end marker (its outer ring).
pub(crate) const END_RADIUS: f64 = 9.0;

const MARGIN: f64 = 16.0;
const BOX_PAD_X: f64 = 14.0;
const BOX_PAD_Y: f64 = 8.0;
const MIN_BOX_WIDTH: f64 = 72.0;
const NODE_GAP: f64 = 28.0;
const DUMMY_GAP: f64 = 10.0;
const RANK_GAP: f64 = 18.0;
const COMPOSITE_PAD: f64 = 12.0;
const LABEL_PAD: f64 = 3.0;
const LOOP_ROOM: f64 = 22.0;
/// Above this many bend points per state, long edges get one bend and then run straight.
const BENDS_PER_STATE: usize = 24;

/// Every box and polyline of a graph.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{Graph, Layout, Orientation};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let layout = Layout::of(&Graph::of(&machine), Orientation::Portrait);
/// let (a, b) = (layout.nodes[0].rect, layout.nodes[1].rect);
/// assert!(a.y + a.height < b.y, "B is below A");
/// // The edge A -> B, and the markers' edges: start -> A, B -> end.
/// assert_eq!(layout.edges.len(), 3);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Which way it flows.
    pub orientation: Orientation,
    /// The picture's width.
    pub width: f64,
    /// The picture's height.
    pub height: f64,
    /// One box per state, indexed like [`Graph::nodes`].
    pub nodes: Vec<NodeBox>,
    /// One frame per region, indexed like [`Graph::regions`].
    pub regions: Vec<RegionBox>,
    /// Every edge: the transitions, then the markers' edges, region by region.
    pub edges: Vec<EdgePath>,
}

/// A region laid out on its own, its top-left corner at the origin.
#[derive(Default)]
struct Local {
    width: f64,
    height: f64,
    /// (state, its box) — composite boxes still hold no branches.
    nodes: Vec<(usize, Rect)>,
    start: Point,
    end: Option<Point>,
    edges: Vec<EdgePath>,
}

/// A vertex of a region's layered graph: a state, a marker, or a bend of a long edge.
#[derive(Clone, Copy, PartialEq)]
enum Vertex {
    Node(usize),
    Start,
    End,
    Bend,
    /// A bend carrying an edge's label.
    LabelBend,
}

impl Layout {
    /// The layout of `graph`, flowing in `orientation`.
    pub fn of(graph: &Graph, orientation: Orientation) -> Layout {
        let landscape = orientation == Orientation::Landscape;
        // Sizes of plain states first; composite sizes come from their regions.
        let mut nodes: Vec<NodeBox> = graph
            .nodes
            .iter()
            .map(|node| {
                let lines = wrap(&node.name, WRAP);
                let text_w = longest(&lines) as f64 * CHAR_WIDTH;
                let text_h = lines.len() as f64 * LINE_HEIGHT;
                let (shape, width, height) = if !node.children.is_empty() {
                    (
                        Shape::Composite,
                        text_w + 2.0 * BOX_PAD_X,
                        text_h + BOX_PAD_Y,
                    )
                } else if node.kind == StateKind::Choice {
                    let height = text_h + 30.0;
                    let width = text_w / (1.0 - text_h / height) + 10.0;
                    (Shape::Diamond, width.max(MIN_BOX_WIDTH), height)
                } else {
                    let width = (text_w + 2.0 * BOX_PAD_X).max(MIN_BOX_WIDTH);
                    (Shape::Box, width, text_h + 2.0 * BOX_PAD_Y)
                };
                NodeBox {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        width,
                        height,
                    },
                    shape,
                    text: Rect {
                        x: 0.0,
                        y: 0.0,
                        width: text_w,
                        height: text_h,
                    },
                    lines,
                }
            })
            .collect();
        let mut locals: Vec<Local> = (0..graph.regions.len()).map(|_| Local::default()).collect();
        // Where each region sits inside the box of the state running it.
        let mut offsets = vec![Point::default(); graph.regions.len()];
        for region in (0..graph.regions.len()).rev() {
            for &id in graph.region_nodes(region) {
                let children = &graph.nodes[id].children;
                if !children.is_empty() {
                    size_composite(&mut nodes[id], children, &locals, &mut offsets, landscape);
                }
            }
            locals[region] = layout_region(graph, region, &nodes, landscape);
        }
        // Top-down: absolute positions.
        let mut origins = vec![Point::default(); graph.regions.len()];
        let mut regions = Vec::with_capacity(graph.regions.len());
        let mut edges = Vec::new();
        for (region, local) in locals.iter_mut().enumerate() {
            let origin = origins[region];
            for &(id, rect) in &local.nodes {
                let rect = rect.shifted(origin);
                let node = &mut nodes[id];
                node.rect = rect;
                node.text = match node.shape {
                    Shape::Composite => Rect {
                        x: rect.x + (rect.width - node.text.width) / 2.0,
                        y: rect.y + BOX_PAD_Y / 2.0,
                        ..node.text
                    },
                    _ => Rect {
                        x: rect.x + (rect.width - node.text.width) / 2.0,
                        y: rect.y + (rect.height - node.text.height) / 2.0,
                        ..node.text
                    },
                };
                for &child in &graph.nodes[id].children {
                    if let Some(slot) = origins.get_mut(child) {
                        *slot = Point {
                            x: rect.x + offsets[child].x,
                            y: rect.y + offsets[child].y,
                        };
                    }
                }
            }
            let add = |p: Point| Point {
                x: p.x + origin.x,
                y: p.y + origin.y,
            };
            regions.push(RegionBox {
                rect: Rect {
                    x: origin.x,
                    y: origin.y,
                    width: local.width,
                    height: local.height,
                },
                start: add(local.start),
                end: local.end.map(add),
            });
            for mut edge in std::mem::take(&mut local.edges) {
                for p in &mut edge.points {
                    *p = add(*p);
                }
                if let Some(label) = &mut edge.label {
                    label.rect = label.rect.shifted(origin);
                }
                edges.push(edge);
            }
        }
        let (width, height) = locals.first().map_or((0.0, 0.0), |l| (l.width, l.height));
        Layout {
            orientation,
            width,
            height,
            nodes,
            regions,
            edges,
        }
    }
}

/// A Parallel or Map box: its name on top, its regions side by side under it (stacked in
/// landscape, where they flow left to right).
fn size_composite(
    node: &mut NodeBox,
    children: &[usize],
    locals: &[Local],
    offsets: &mut [Point],
    landscape: bool,
) {
    let header = node.text.height + BOX_PAD_Y;
    let sizes: Vec<(f64, f64)> = children
        .iter()
        .map(|&c| locals.get(c).map_or((0.0, 0.0), |l| (l.width, l.height)))
        .collect();
    let gaps = COMPOSITE_PAD * children.len().saturating_sub(1) as f64;
    let (inner_w, inner_h) = if landscape {
        (
            sizes.iter().map(|s| s.0).fold(0.0, f64::max),
            sizes.iter().map(|s| s.1).sum::<f64>() + gaps,
        )
    } else {
        (
            sizes.iter().map(|s| s.0).sum::<f64>() + gaps,
            sizes.iter().map(|s| s.1).fold(0.0, f64::max),
        )
    };
    let width = (inner_w + 2.0 * COMPOSITE_PAD).max(node.text.width + 2.0 * BOX_PAD_X);
    let height = header + inner_h + COMPOSITE_PAD;
    let mut x = (width - inner_w) / 2.0;
    let mut y = header;
    for (&child, &(w, h)) in children.iter().zip(&sizes) {
        if let Some(slot) = offsets.get_mut(child) {
            *slot = if landscape {
                Point {
                    x: (width - w) / 2.0,
                    y,
                }
            } else {
                Point {
                    x,
                    y: header + (inner_h - h) / 2.0,
                }
            };
        }
        x += w + COMPOSITE_PAD;
        y += h + COMPOSITE_PAD;
    }
    node.rect.width = width;
    node.rect.height = height;
}

/// A segment of the layered graph, between vertices of consecutive ranks (or, for a long
/// edge cut short, between a bend and the edge's far end).
struct Chain {
    /// The transition (`None` for a marker's edge).
    edge: Option<usize>,
    from: End,
    to: End,
    /// Vertices from the lower rank to the higher one.
    vertices: Vec<usize>,
    /// Whether it runs against the flow (an edge closing a loop).
    reversed: bool,
    label: Option<(Vec<String>, String)>,
}

/// The label of a transition: a Choice rule's condition, `default`, `catch …`.
fn label_text(kind: &EdgeKind) -> Option<String> {
    match kind {
        EdgeKind::Next => None,
        EdgeKind::Default => Some("default".to_owned()),
        EdgeKind::Choice(condition) => Some(condition.clone()),
        EdgeKind::Catch(errors) => Some(format!("catch {}", errors.join(", "))),
    }
}

fn label_size(lines: &[String]) -> (f64, f64) {
    (
        longest(lines) as f64 * LABEL_CHAR_WIDTH + 2.0 * LABEL_PAD,
        lines.len() as f64 * LABEL_LINE_HEIGHT + 2.0 * LABEL_PAD,
    )
}

/// Lays out one region in its own frame. Coordinates are computed along the flow ("main")
/// and across it ("cross"), and turned into x and y at the end.
fn layout_region(graph: &Graph, region: usize, boxes: &[NodeBox], landscape: bool) -> Local {
    let ids = graph.region_nodes(region);
    let n = ids.len();
    // The extent of a real size across and along the flow.
    let orient = |w: f64, h: f64| if landscape { (h, w) } else { (w, h) };
    let mut kinds: Vec<Vertex> = ids.iter().map(|&id| Vertex::Node(id)).collect();
    let mut cross: Vec<f64> = ids
        .iter()
        .map(|&id| orient(boxes[id].rect.width, boxes[id].rect.height).0)
        .collect();
    let mut main: Vec<f64> = ids
        .iter()
        .map(|&id| orient(boxes[id].rect.width, boxes[id].rect.height).1)
        .collect();
    let local_of = |id: usize| ids.binary_search(&id).ok();
    let start_v = n;
    kinds.push(Vertex::Start);
    cross.push(2.0 * START_RADIUS);
    main.push(2.0 * START_RADIUS);
    let has_end = ids.iter().any(|&id| graph.nodes[id].terminal);
    let end_v = n + 1;
    if has_end {
        kinds.push(Vertex::End);
        cross.push(2.0 * END_RADIUS);
        main.push(2.0 * END_RADIUS);
    }
    // The region's edges as (from, to, transition, label); self-loops apart.
    let mut links: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut loops: Vec<(usize, usize)> = Vec::new();
    if let Some(start) = graph.regions[region].start.and_then(local_of) {
        links.push((start_v, start, None));
    }
    let first_edge = graph.regions[region].edges.start;
    for (i, edge) in graph.region_edges(region).iter().enumerate() {
        let (Some(a), Some(b)) = (local_of(edge.from), local_of(edge.to)) else {
            continue;
        };
        if a == b {
            loops.push((a, first_edge + i));
        } else {
            links.push((a, b, Some(first_edge + i)));
        }
    }
    for (i, &id) in ids.iter().enumerate() {
        if graph.nodes[id].terminal {
            links.push((i, end_v, None));
        }
    }
    // Room beside a state for its self-loops and their labels.
    let mut loop_room = vec![0.0; kinds.len()];
    let mut loop_labels: Vec<Vec<(usize, Vec<String>, String)>> = vec![Vec::new(); n];
    for &(a, edge) in &loops {
        let text = label_text(&graph.edges[edge].kind);
        let lines = text
            .as_deref()
            .map(|t| wrap_at_most(t, LABEL_WRAP, LABEL_MAX_LINES))
            .unwrap_or_default();
        let (w, h) = if lines.is_empty() {
            (0.0, 0.0)
        } else {
            orient(label_size(&lines).0, label_size(&lines).1)
        };
        loop_room[a] = f64::max(loop_room[a], LOOP_ROOM + w + 4.0);
        main[a] = main[a].max(h + 8.0);
        loop_labels[a].push((edge, lines, text.unwrap_or_default()));
    }
    for (v, room) in loop_room.iter().enumerate() {
        cross[v] += room;
    }
    let reversed = back_edges(kinds.len(), start_v, &links);
    let layers = longest_path(kinds.len(), &links, &reversed);
    let ranks_of: Vec<usize> = layers.iter().map(|l| 2 * l).collect();
    let mut rank: Vec<usize> = ranks_of.clone();
    // Bends: every edge crosses the odd rank after its lower end; long ones every rank, unless
    // that makes too many.
    let total: usize = links
        .iter()
        .zip(&reversed)
        .map(|(&(a, b, _), &r)| {
            let (lo, hi) = if r { (b, a) } else { (a, b) };
            ranks_of[hi].saturating_sub(ranks_of[lo]).saturating_sub(1)
        })
        .sum();
    let full = total <= BENDS_PER_STATE * (n + 2) + 2_000;
    let mut chains: Vec<Chain> = Vec::with_capacity(links.len());
    for (&(a, b, edge), &back) in links.iter().zip(&reversed) {
        let (lo, hi) = if back { (b, a) } else { (a, b) };
        let text = edge.and_then(|e| label_text(&graph.edges[e].kind));
        let label = text.map(|t| (wrap_at_most(&t, LABEL_WRAP, LABEL_MAX_LINES), t));
        let (r0, r1) = (rank[lo], rank[hi]);
        let last = if full { r1 } else { (r0 + 2).min(r1) };
        // The label sits on the bend next to the source.
        let label_rank = if back { r1.saturating_sub(1) } else { r0 + 1 };
        let mut vertices = vec![lo];
        for r in r0 + 1..last {
            let v = kinds.len();
            let labelled = r == label_rank || (!full && label.is_some() && r == r0 + 1 && back);
            match (&label, labelled) {
                (Some((lines, _)), true) => {
                    let (w, h) = label_size(lines);
                    let (c, m) = orient(w, h);
                    kinds.push(Vertex::LabelBend);
                    cross.push(c + 6.0);
                    main.push(m);
                }
                _ => {
                    kinds.push(Vertex::Bend);
                    cross.push(2.0);
                    main.push(0.0);
                }
            }
            rank.push(r);
            vertices.push(v);
        }
        vertices.push(hi);
        let to_end = |v: usize| match kinds[v] {
            Vertex::Node(id) => End::Node(id),
            Vertex::End => End::End(region),
            _ => End::Start(region),
        };
        chains.push(Chain {
            edge,
            from: to_end(a),
            to: to_end(b),
            vertices,
            reversed: back,
            label,
        });
    }
    let count = kinds.len();
    loop_room.resize(count, 0.0);
    let rank_count = rank.iter().max().map_or(1, |r| r + 1);
    // Neighbours in the rank above and below.
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); count];
    for chain in &chains {
        for pair in chain.vertices.windows(2) {
            if rank[pair[1]] == rank[pair[0]] + 1 {
                down[pair[0]].push(pair[1]);
                up[pair[1]].push(pair[0]);
            }
        }
    }
    let mut ranks = initial_order(count, start_v, &rank, rank_count, &down);
    order(&mut ranks, &up, &down);
    let is_bend = |v: usize| matches!(kinds[v], Vertex::Bend);
    let across = place_across(&ranks, &cross, &up, &down, &is_bend);
    // Along the flow: each rank as deep as its deepest vertex.
    let mut rank_start = vec![0.0; rank_count];
    let mut rank_depth = vec![0.0f64; rank_count];
    for v in 0..count {
        rank_depth[rank[v]] = rank_depth[rank[v]].max(main[v]);
    }
    let mut at = MARGIN;
    for r in 0..rank_count {
        rank_start[r] = at;
        at += rank_depth[r] + RANK_GAP;
    }
    let main_size = at - RANK_GAP + MARGIN;
    let min_cross = (0..count)
        .map(|v| across[v] - cross[v] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_cross.is_finite() {
        MARGIN - min_cross
    } else {
        MARGIN
    };
    let cross_size = (0..count)
        .map(|v| across[v] + shift + cross[v] / 2.0)
        .fold(0.0, f64::max)
        + MARGIN;
    // The centre of a vertex, as a point.
    let point = |c: f64, m: f64| {
        if landscape {
            Point { x: m, y: c }
        } else {
            Point { x: c, y: m }
        }
    };
    let centre = |v: usize| {
        let c = across[v] + shift - loop_room[v] / 2.0;
        let m = rank_start[rank[v]] + rank_depth[rank[v]] / 2.0;
        (c, m)
    };
    let mut local = Local::default();
    let (width, height) = if landscape {
        (main_size, cross_size)
    } else {
        (cross_size, main_size)
    };
    local.width = width;
    local.height = height;
    let (sc, sm) = centre(start_v);
    local.start = point(sc, sm);
    if has_end {
        let (ec, em) = centre(end_v);
        local.end = Some(point(ec, em));
    }
    let mut rects: Vec<Option<(Rect, Shape)>> = vec![None; count];
    for (v, &id) in ids.iter().enumerate() {
        let (c, m) = centre(v);
        let p = point(c, m);
        let (w, h) = (boxes[id].rect.width, boxes[id].rect.height);
        let rect = Rect {
            x: p.x - w / 2.0,
            y: p.y - h / 2.0,
            width: w,
            height: h,
        };
        rects[v] = Some((rect, boxes[id].shape));
        local.nodes.push((id, rect));
    }
    let circle = |v: usize| -> Option<f64> {
        match kinds[v] {
            Vertex::Start => Some(START_RADIUS),
            Vertex::End => Some(END_RADIUS),
            _ => None,
        }
    };
    let border = |v: usize, toward: Point| -> Point {
        let (c, m) = centre(v);
        let from = point(c, m);
        if let Some((rect, shape)) = rects[v] {
            clip(rect, shape, toward)
        } else if let Some(r) = circle(v) {
            towards(from, toward, r)
        } else {
            from
        }
    };
    for chain in chains {
        let mut points: Vec<Point> = Vec::with_capacity(chain.vertices.len() + 2);
        let mut label = None;
        let inner = &chain.vertices[1..chain.vertices.len() - 1];
        for &v in inner {
            let (c, m) = centre(v);
            if kinds[v] == Vertex::LabelBend {
                // The line runs along the label's near side; the label beside it.
                let line = c - cross[v] / 2.0 + 2.0;
                let depth = rank_depth[rank[v]];
                let top = rank_start[rank[v]];
                points.push(point(line, top - RANK_GAP / 2.0));
                points.push(point(line, top + depth + RANK_GAP / 2.0));
                if let Some((lines, full)) = &chain.label {
                    let (w, h) = label_size(lines);
                    let corner = point(line + 4.0, m - orient(w, h).1 / 2.0);
                    label = Some(Label {
                        rect: Rect {
                            x: corner.x,
                            y: corner.y,
                            width: w,
                            height: h,
                        },
                        lines: lines.clone(),
                        full: full.clone(),
                    });
                }
            } else {
                points.push(point(c, m));
            }
        }
        let lo = chain.vertices[0];
        let hi = chain.vertices[chain.vertices.len() - 1];
        let (lc, lm) = centre(lo);
        let (hc, hm) = centre(hi);
        let first_toward = points.first().copied().unwrap_or(point(hc, hm));
        let last_toward = points.last().copied().unwrap_or(point(lc, lm));
        points.insert(0, border(lo, first_toward));
        points.push(border(hi, last_toward));
        if chain.reversed {
            points.reverse();
        }
        local.edges.push(EdgePath {
            edge: chain.edge,
            from: chain.from,
            to: chain.to,
            points,
            label,
        });
    }
    // Self-loops: out of the state's far side and back in.
    for (v, labels) in loop_labels.iter().enumerate() {
        let Some((rect, shape)) = rects[v] else {
            continue;
        };
        let (c, m) = centre(v);
        let half = orient(rect.width, rect.height).0 / 2.0;
        let along = orient(rect.width, rect.height).1 / 4.0;
        for (k, (edge, lines, full)) in labels.iter().enumerate() {
            let reach = c + half + 10.0 + 6.0 * k as f64;
            let out = point(reach, m - along);
            let back = point(reach, m + along);
            let a = clip(rect, shape, point(c + half + 1000.0, m - along));
            let b = clip(rect, shape, point(c + half + 1000.0, m + along));
            let label = (!lines.is_empty()).then(|| {
                let (w, h) = label_size(lines);
                let corner = point(reach + 4.0, m - orient(w, h).1 / 2.0);
                Label {
                    rect: Rect {
                        x: corner.x,
                        y: corner.y,
                        width: w,
                        height: h,
                    },
                    lines: lines.clone(),
                    full: full.clone(),
                }
            });
            let id = ids[v];
            local.edges.push(EdgePath {
                edge: Some(*edge),
                from: End::Node(id),
                to: End::Node(id),
                points: vec![a, out, back, b],
                label,
            });
        }
    }
    local
}

/// The edges to turn around so that the rest has no cycle: those reaching a vertex still on
/// the stack of a depth-first search from the start (then from each vertex not reached).
fn back_edges(count: usize, start: usize, links: &[(usize, usize, Option<usize>)]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &(a, _, _)) in links.iter().enumerate() {
        out_edges[a].push(i);
    }
    let mut reversed = vec![false; links.len()];
    // 0: not seen, 1: on the stack, 2: done.
    let mut state = vec![0u8; count];
    let roots = std::iter::once(start).chain(0..count);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        if root >= count || state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&link) = out_edges[v].get(next) {
                top.1 += 1;
                let w = links[link].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[link] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Layers by longest path from the sources of the graph with `reversed` edges turned around.
fn longest_path(
    count: usize,
    links: &[(usize, usize, Option<usize>)],
    reversed: &[bool],
) -> Vec<usize> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for (&(a, b, _), &r) in links.iter().zip(reversed) {
        let (lo, hi) = if r { (b, a) } else { (a, b) };
        out_edges[lo].push(hi);
        indegree[hi] += 1;
    }
    let mut layer = vec![0usize; count];
    let mut ready: Vec<usize> = (0..count).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out_edges[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    layer
}

/// Vertices per rank, in the order a depth-first search from the start meets them.
fn initial_order(
    count: usize,
    start: usize,
    rank: &[usize],
    rank_count: usize,
    down: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    let mut seen = vec![false; count];
    let mut stack: Vec<usize> = Vec::new();
    for root in std::iter::once(start).chain(0..count) {
        if root >= count || seen[root] {
            continue;
        }
        stack.push(root);
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            ranks[rank[v]].push(v);
            stack.extend(down[v].iter().rev().filter(|&&w| !seen[w]));
        }
    }
    ranks
}

/// Barycentre sweeps: down, up, down, up, down.
fn order(ranks: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>]) {
    let count = up.len();
    let mut pos = vec![0.0f64; count];
    for rank in ranks.iter() {
        for (i, &v) in rank.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    for pass in 0..5 {
        let downwards = pass % 2 == 0;
        let indices: Vec<usize> = if downwards {
            (1..ranks.len()).collect()
        } else {
            (0..ranks.len().saturating_sub(1)).rev().collect()
        };
        for r in indices {
            let mut keyed: Vec<(f64, usize)> = ranks[r]
                .iter()
                .map(|&v| {
                    let near = if downwards { &up[v] } else { &down[v] };
                    let key = if near.is_empty() {
                        pos[v]
                    } else {
                        near.iter().map(|&w| pos[w]).sum::<f64>() / near.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (i, (_, v)) in keyed.iter().enumerate() {
                pos[*v] = i as f64;
            }
            ranks[r] = keyed.into_iter().map(|(_, v)| v).collect();
        }
    }
}

/// Positions across the flow: each vertex pulled towards its neighbours' mean, ranks kept in
/// order with room between boxes (the closest such placement, by pool-adjacent-violators).
fn place_across(
    ranks: &[Vec<usize>],
    extent: &[f64],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    is_bend: &dyn Fn(usize) -> bool,
) -> Vec<f64> {
    let count = extent.len();
    let mut x = vec![0.0f64; count];
    let gap = |a: usize, b: usize| {
        let g = if is_bend(a) || is_bend(b) {
            DUMMY_GAP
        } else {
            NODE_GAP
        };
        (extent[a] + extent[b]) / 2.0 + g
    };
    for rank in ranks {
        let mut at = 0.0;
        for (i, &v) in rank.iter().enumerate() {
            if i > 0 {
                at += gap(rank[i - 1], v);
            }
            x[v] = at;
        }
        let mid = at / 2.0;
        for &v in rank {
            x[v] -= mid;
        }
    }
    let weight = |v: usize| if is_bend(v) { 4.0 } else { 1.0 };
    for pass in 0..8 {
        let downwards = pass % 2 == 0;
        let indices: Vec<usize> = if pass >= 6 {
            (0..ranks.len()).collect()
        } else if downwards {
            (1..ranks.len()).collect()
        } else {
            (0..ranks.len().saturating_sub(1)).rev().collect()
        };
        for r in indices {
            let rank = &ranks[r];
            if rank.is_empty() {
                continue;
            }
            let desired: Vec<f64> = rank
                .iter()
                .map(|&v| {
                    let near: Vec<usize> = if pass >= 6 {
                        up[v].iter().chain(&down[v]).copied().collect()
                    } else if downwards {
                        up[v].clone()
                    } else {
                        down[v].clone()
                    };
                    if near.is_empty() {
                        x[v]
                    } else {
                        near.iter().map(|&w| x[w]).sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            let weights: Vec<f64> = rank.iter().map(|&v| weight(v)).collect();
            let seps: Vec<f64> = rank.windows(2).map(|p| gap(p[0], p[1])).collect();
            let placed = isotonic(&desired, &weights, &seps);
            for (&v, p) in rank.iter().zip(placed) {
                x[v] = p;
            }
        }
    }
    x
}

/// The positions closest to `desired` (weighted least squares) keeping `x[i+1] - x[i] >=
/// seps[i]`: subtract the running separation, then pool adjacent violators.
fn isotonic(desired: &[f64], weights: &[f64], seps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut at = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            at += seps[i - 1];
        }
        offsets.push(at);
    }
    // Blocks of (weight, weighted sum, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..desired.len() {
        let w = weights[i].max(1e-9);
        blocks.push((w, w * (desired[i] - offsets[i]), 1));
        while blocks.len() > 1 {
            let top = blocks[blocks.len() - 1];
            let below = blocks[blocks.len() - 2];
            if below.1 / below.0 > top.1 / top.0 {
                blocks.pop();
                let merged = blocks.last_mut().expect("two blocks");
                merged.0 += top.0;
                merged.1 += top.1;
                merged.2 += top.2;
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (w, sum, len) in blocks {
        let value = sum / w;
        for _ in 0..len {
            let i = out.len();
            out.push(value + offsets[i]);
        }
    }
    out
}

/// The point at distance `r` from `from` towards `to`.
fn towards(from: Point, to: Point, r: f64) -> Point {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let d = (dx * dx + dy * dy).sqrt();
    if d < 1e-9 {
        return Point {
            x: from.x,
            y: from.y + r,
        };
    }
    Point {
        x: from.x + dx / d * r,
        y: from.y + dy / d * r,
    }
}

/// Where the ray from the centre of a box (or diamond) towards `to` leaves it.
pub(crate) fn clip(rect: Rect, shape: Shape, to: Point) -> Point {
    let c = rect.center();
    let (hw, hh) = (rect.width / 2.0, rect.height / 2.0);
    let (dx, dy) = (to.x - c.x, to.y - c.y);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return Point {
            x: c.x,
            y: c.y + hh,
        };
    }
    let t = match shape {
        Shape::Diamond => 1.0 / (dx.abs() / hw + dy.abs() / hh),
        _ => {
            let tx = if dx.abs() < 1e-9 {
                f64::INFINITY
            } else {
                hw / dx.abs()
            };
            let ty = if dy.abs() < 1e-9 {
                f64::INFINITY
            } else {
                hh / dy.abs()
            };
            tx.min(ty)
        }
    };
    Point {
        x: c.x + dx * t,
        y: c.y + dy * t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_keeps_order_and_room() {
        let placed = isotonic(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert_eq!(placed, [-10.0, 0.0, 10.0]);
        let placed = isotonic(&[0.0, 100.0], &[1.0, 1.0], &[10.0]);
        assert_eq!(placed, [0.0, 100.0]);
    }

    #[test]
    fn clips_to_borders() {
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            width: 20.0,
            height: 10.0,
        };
        assert_eq!(
            clip(rect, Shape::Box, Point { x: 10.0, y: 100.0 }),
            Point { x: 10.0, y: 10.0 }
        );
        assert_eq!(
            clip(rect, Shape::Diamond, Point { x: 100.0, y: 5.0 }),
            Point { x: 20.0, y: 5.0 }
        );
    }
}
