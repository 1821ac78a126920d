//! What a workflow relies on in a Task's result: the fields the states after the Task read
//! from it, found by following the result forward from the Task along the transitions, as
//! ResultPath, InputPath and OutputPath move it, and collecting every path that reads into it
//! (Parameters and intrinsic arguments, Choice conditions, Wait's paths, ItemsPath and
//! ItemSelector, Fail's paths, Assign). A field read is required: AWS fails a state whose
//! path selects nothing.
//!
//! A Parallel state without Parameters hands its input to its branches: the walk goes on in
//! each. JSONata states are followed too ([`jsonata`]): what their expressions read of
//! `$states.input` (of `$states.result` in the Task's own `Output` and `Assign`), and where an
//! `Output` places the result. The end of a JSONPath Parallel's branch is followed past the
//! Parallel ([`result`]), and what the Task's `Assign` stores whole in a variable to the states
//! that read the variable ([`variables`]). Where the result is used in a way this walk does not follow
//! (the whole of it handed to a service or a Map iteration, the end of a Parallel branch or a Map
//! iteration, a ResultPath written inside it), the result is taken as read whole: its type
//! stays unknown ([`Need::Whole`]), which is never an error. Reaching the end of the workflow
//! is not a read (the output is typed on its own), nor the end of a nested machine whose
//! owner discards its result (`ResultPath: null`).
//!
//! The walk is a breadth-first search with an explicit queue over (state, where the result
//! sits in its input, which part of the result sits there), within a budget of visits.

mod jsonata;
mod result;
mod variables;

use super::template;
use super::types::DataType;
use crate::Pointer;
use crate::model::{
    ComparisonOperator, Condition, ExitField, JsonRoots, Operand, OperatorFamily, ParsedJson,
    PathOrNull, State, WaitDuration,
};
use crate::path::{Path, PathString, Root, Segment};
use crate::validate::{Scope, choice};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

/// The most (state, location) pairs one Task's walk visits; past it the result is taken as
/// read whole.
const MAX_VISITS: usize = 4096;

/// What the workflow reads of a value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Need {
    /// The value as a whole (its parts unknown): it must be there, of any type.
    Whole,
    /// These fields of it, each required.
    Fields(BTreeMap<String, Need>),
}

impl Need {
    /// Adds a read of `path` (object keys from this value) as a whole.
    fn add(&mut self, path: &[String]) {
        let mut at = self;
        for key in path {
            match at {
                Need::Whole => return,
                Need::Fields(fields) => {
                    at = fields
                        .entry(key.clone())
                        .or_insert_with(|| Need::Fields(BTreeMap::new()));
                }
            }
        }
        *at = Need::Whole;
    }

    /// The part of it at `path`: `None` where nothing is read, or where the part is inside a
    /// value read whole.
    fn at(&self, path: &[String]) -> Option<&Need> {
        let mut at = self;
        for key in path {
            at = at.field(key)?;
        }
        Some(at)
    }

    /// The part of it at `key`, if read.
    pub(super) fn field(&self, key: &str) -> Option<&Need> {
        match self {
            Need::Whole => None,
            Need::Fields(fields) => fields.get(key),
        }
    }
}

/// A simple path's keys after `$`: object keys, and array indices as [`index_key`]s; `None`
/// for a path that does not start at `$`. A path is cut at a step of another kind (a negative
/// index, a wildcard, a filter).
fn keys(path: &Path) -> Option<Vec<String>> {
    (path.root == Root::Input).then(|| segment_keys(&path.segments))
}

/// The keys of `segments` ([`keys`] after the root).
fn segment_keys(segments: &[Segment]) -> Vec<String> {
    let mut out = Vec::new();
    for segment in segments {
        match segment {
            Segment::Child(name) => out.push(name.clone()),
            Segment::Index(i) => match usize::try_from(*i) {
                Ok(i) => out.push(index_key(i)),
                Err(_) => break,
            },
            _ => break,
        }
    }
    out
}

/// The key that stands for the array index `i` in [`keys`]: no path of object keys spells it
/// (it starts with a NUL character), so a Parallel's result (an array, one element per branch)
/// is followed as places are, while a Task's result is only ever read to its first index.
fn index_key(i: usize) -> String {
    format!("\u{0}{i}")
}

/// `path` up to its first array index: what a Task's result is read to.
fn to_first_index(path: &[String]) -> &[String] {
    let end = path
        .iter()
        .position(|k| k.starts_with('\u{0}'))
        .unwrap_or(path.len());
    &path[..end]
}

/// Whether a path is object keys and array indices only (so that [`keys`] is all of it).
fn is_keyed(path: &Path) -> bool {
    path.segments
        .iter()
        .all(|s| matches!(s, Segment::Child(_)) || matches!(s, Segment::Index(i) if *i >= 0))
}

/// Whether a path is object keys only (so that [`keys`] is all of it).
fn is_plain(path: &Path) -> bool {
    path.segments.iter().all(|s| matches!(s, Segment::Child(_)))
}

/// The paths a decoded payload template's `.$` values read from the input or a variable, at
/// every depth, inside arrays too (the service evaluates the objects an array holds as
/// templates: AWS documentation, `connect-eventbridge.html`, `Entries` of such objects).
fn template_paths<T: JsonRoots>(template: &ParsedJson<T>) -> Vec<Path> {
    template
        .paths()
        .iter()
        .flat_map(|(_, value)| template::value_paths(value))
        .collect()
}

/// The deepest part of a result a read is recorded at: a hostile definition's path of
/// thousands of keys builds no deeper [`Need`] (whose drop would recurse).
const MAX_NEED_DEPTH: usize = 32;

/// The most places inside the result one walk remembers as overwritten; past it the result
/// is taken as read whole.
const MAX_SHADOWS: usize = 16;

/// What the workflow reads of a Task's result, and the types it needs where it says.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Demand {
    /// What is read; `None`: nothing.
    pub need: Option<Need>,
    /// The type states need at parts of it (keys from the result).
    pub hints: BTreeMap<Vec<String>, DataType>,
    /// The parts of it read on some of the ways the result goes only (keys from the result):
    /// a way from the Task to where the result is dropped (the workflow's end, a state that
    /// overwrites it) reads nothing of them, so the answer may lack them (issue 75: a field a
    /// later Choice reads only when the call failed).
    pub optional: BTreeSet<Vec<String>>,
}

impl Demand {
    /// The demand on the part at `key` of the result.
    pub(super) fn field(&self, key: &str) -> Demand {
        Demand {
            need: self.need.as_ref().and_then(|n| n.field(key)).cloned(),
            hints: self
                .hints
                .iter()
                .filter_map(|(path, t)| {
                    let (first, rest) = path.split_first()?;
                    (first == key).then(|| (rest.to_vec(), t.clone()))
                })
                .collect(),
            optional: self
                .optional
                .iter()
                .filter_map(|path| {
                    let (first, rest) = path.split_first()?;
                    (first == key && !rest.is_empty()).then(|| rest.to_vec())
                })
                .collect(),
        }
    }
}

/// Where the Task's result (or a part of it) sits in a state's input: at the object keys
/// `loc`, the part of the result at the keys `inner`, but for the places below it (keys from
/// `loc`) that later states overwrote (`shadow`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Place {
    loc: Vec<String>,
    inner: Vec<String>,
    shadow: Vec<Vec<String>>,
}

impl Place {
    /// The place once the value at `base` becomes the whole value: `None` when the result is
    /// not inside it.
    fn rebase(&self, base: &[String]) -> Option<Place> {
        if let Some(rest) = self.loc.strip_prefix(base) {
            return Some(Place {
                loc: rest.to_vec(),
                ..self.clone()
            });
        }
        let deeper = base.strip_prefix(self.loc.as_slice())?;
        if self.shadow.iter().any(|s| deeper.starts_with(s)) {
            return None;
        }
        let mut inner = self.inner.clone();
        inner.extend(deeper.iter().cloned());
        let shadow = self
            .shadow
            .iter()
            .filter_map(|s| s.strip_prefix(deeper).map(<[String]>::to_vec))
            .collect();
        Some(Place {
            loc: Vec::new(),
            inner,
            shadow,
        })
    }

    /// The place after new data is written at `result_path` (`None`: `$`): `None` when the
    /// result is overwritten; the part written inside the result is remembered as no longer
    /// its own.
    fn written(&self, result_path: Option<&PathOrNull>) -> Option<Written> {
        let at = match result_path {
            None => Vec::new(),
            Some(PathOrNull::Null) => return Some(Written::Place(self.clone())),
            Some(PathOrNull::Path(p)) => match p.path().ok().and_then(keys) {
                Some(k) if p.path().is_ok_and(is_plain) => k,
                _ => return Some(Written::Unknown),
            },
        };
        if self.loc.starts_with(&at) {
            return None;
        }
        let Some(inside) = at.strip_prefix(self.loc.as_slice()) else {
            return Some(Written::Place(self.clone()));
        };
        let mut place = self.clone();
        if !place.shadow.iter().any(|s| inside.starts_with(s)) {
            place.shadow.retain(|s| !s.starts_with(inside));
            place.shadow.push(inside.to_vec());
            place.shadow.sort();
        }
        if place.shadow.len() > MAX_SHADOWS {
            return Some(Written::Unknown);
        }
        Some(Written::Place(place))
    }
}

/// One state the walk visits: what it reads of the result, and the states after it.
#[derive(Debug, Default)]
struct Node {
    /// The scope of the state.
    scope: usize,
    /// Whether the walk starts here (from the Task, or from where the queue was fed without a
    /// visit).
    entry: bool,
    /// The parts of the result it reads.
    reads: Vec<Vec<String>>,
    /// The visits after it.
    next: Vec<usize>,
}

/// Where the result is after a write.
enum Written {
    /// Here.
    Place(Place),
    /// Somewhere this walk does not follow.
    Unknown,
}

/// The simple paths each state reads from its effective input, as object keys with the type
/// the state needs there, parsed once for every Task's walk ([`reads`]).
#[derive(Default)]
pub(crate) struct ReadsCache<'m>(HashMap<(usize, &'m str), StateReads>);

/// What one state reads from its effective input: object keys, and the type it needs there.
type StateReads = Rc<[(Vec<String>, Option<DataType>)]>;

impl<'m> ReadsCache<'m> {
    /// The reads of `state`, named `name` in the scope of index `at`.
    fn of(
        &mut self,
        at: usize,
        name: &'m str,
        state: &State,
    ) -> Rc<[(Vec<String>, Option<DataType>)]> {
        Rc::clone(self.0.entry((at, name)).or_insert_with(|| {
            reads(state)
                .into_iter()
                .filter_map(|(text, needs)| {
                    let rel = keys(&text)?;
                    // A path cut at an array step reads something inside the value: no type.
                    let needs = needs.filter(|_| is_keyed(&text));
                    Some((rel, needs))
                })
                .collect()
        }))
    }
}

/// The walk of one Task's result.
struct Walk<'s, 'c, 'm> {
    /// The reads of the states, shared by the walks of every Task.
    cache: &'c mut ReadsCache<'m>,
    /// Every scope of the workflow.
    scopes: &'s [Scope<'m>],
    need: Option<Need>,
    /// The types states need at parts of the result (keys from the result).
    hints: BTreeMap<Vec<String>, DataType>,
    queue: VecDeque<(usize, &'m str, Place)>,
    /// Every (state, place) visited.
    seen: HashSet<(usize, &'m str, Place)>,
    /// The graph of the ways the result goes ([`Walk::optional`]), one node per state (the
    /// result may be in several places of one state's input at once: its reads are theirs).
    nodes: Vec<Node>,
    /// The node of each state visited, by its scope and name.
    node_of: HashMap<(usize, &'m str), usize>,
    /// The node being visited.
    current: Option<usize>,
    /// The scope of the Task: reads in other scopes (a Parallel's branches, run on every way)
    /// are taken as made on every way.
    home: usize,
    /// Reads made on every way the result goes (the Task's own ResultSelector and Assign,
    /// what variables carry, a Parallel's result).
    always: Vec<Vec<String>>,
    /// Parallel states whose result holds the Task's result (the end of one of their
    /// branches), with the scope they are in and where it is in their result: followed next.
    ends: Vec<(usize, &'m State, Place)>,
    /// Parts of the result that must be there (a ResultSelector's paths, what a JSONata path
    /// read as a sequence starts from), read whole unless the walk finds what is read of them.
    required: Vec<Vec<String>>,
}

impl<'m> Walk<'_, '_, 'm> {
    /// Visits what is queued (until the result is read whole), and says what the walk found.
    fn finish(mut self) -> Demand {
        loop {
            if let Some((at, name, place)) = self.queue.pop_front() {
                self.current = self.node_of.get(&(at, name)).copied();
                self.visit(at, name, place);
                self.current = None;
            } else if let Some((at, owner, place)) = self.ends.pop() {
                if self.seen.len() >= MAX_VISITS {
                    self.read(&place.inner);
                } else {
                    self.after_result(at, owner, place);
                }
            } else {
                break;
            }
            if self.need == Some(Need::Whole) {
                break;
            }
        }
        // The deepest first: a part required inside another says what is read of that one.
        let mut required = std::mem::take(&mut self.required);
        required.sort_by_key(|path| std::cmp::Reverse(path.len()));
        for path in required {
            let untouched = match self.need.as_ref().map(|n| n.at(&path)) {
                None | Some(None) => true,
                Some(Some(Need::Fields(fields))) => fields.is_empty(),
                Some(Some(Need::Whole)) => false,
            };
            if untouched {
                self.read(&path);
            }
        }
        self.demand()
    }

    /// What the walk found.
    fn demand(self) -> Demand {
        let optional = self.optional();
        Demand {
            need: self.need,
            hints: self.hints,
            optional,
        }
    }

    /// The parts of the result read on some ways only: for each part read (and each part that
    /// holds one), whether a way from where the walk started to where it ends (a node no way
    /// leaves: the result dropped, the workflow ended) reads what holds it (the whole result,
    /// at the top) yet passes no state that reads it, nor anything inside it: where its holder
    /// is there, it may not be. Bounded: [`MAX_VISITS`] nodes, each part a search of the graph.
    fn optional(&self) -> BTreeSet<Vec<String>> {
        let mut parts: BTreeSet<Vec<String>> = BTreeSet::new();
        for node in &self.nodes {
            for read in &node.reads {
                for end in 1..=read.len() {
                    parts.insert(read[..end].to_vec());
                }
            }
        }
        let mut out = BTreeSet::new();
        let entries: Vec<usize> = (0..self.nodes.len())
            .filter(|i| self.nodes[*i].entry)
            .collect();
        for part in parts {
            if self.always.iter().any(|r| r.starts_with(&part)) {
                continue;
            }
            let holder = &part[..part.len() - 1];
            let reads =
                |i: usize, p: &[String]| self.nodes[i].reads.iter().any(|r| r.starts_with(p));
            let held_always =
                holder.is_empty() || self.always.iter().any(|r| r.starts_with(holder));
            // A search over (node, whether the way read the holder so far).
            let mut seen = vec![[false; 2]; self.nodes.len()];
            let mut stack: Vec<(usize, bool)> = entries
                .iter()
                .filter(|i| !reads(**i, &part))
                .map(|i| (*i, held_always || reads(*i, holder)))
                .collect();
            let mut escapes = false;
            while let Some((i, held)) = stack.pop() {
                if std::mem::replace(&mut seen[i][usize::from(held)], true) {
                    continue;
                }
                if self.nodes[i].next.is_empty() {
                    if held {
                        escapes = true;
                        break;
                    }
                    continue;
                }
                for &n in &self.nodes[i].next {
                    if !reads(n, &part) {
                        let held = held || reads(n, holder);
                        if !seen[n][usize::from(held)] {
                            stack.push((n, held));
                        }
                    }
                }
            }
            if escapes {
                out.insert(part);
            }
        }
        out
    }

    /// Records that a state needs the result's part at `path` to be of type `needs` (several
    /// states needing different types: unknown).
    fn hint(&mut self, path: &[String], needs: DataType) {
        if to_first_index(path).len() < path.len() {
            return;
        }
        let entry = self
            .hints
            .entry(path.to_vec())
            .or_insert_with(|| needs.clone());
        if *entry != needs {
            *entry = DataType::Any;
        }
    }

    /// Notes where the result's part at `path` must be there: in the state being visited (in
    /// the Task's scope), else on every way.
    fn note(&mut self, path: &[String]) {
        match self.current {
            Some(i) if self.nodes[i].scope == self.home => {
                self.nodes[i].reads.push(path.to_vec());
            }
            _ => self.always.push(path.to_vec()),
        }
    }

    /// Records a read of the result's part at `path` (cut at [`MAX_NEED_DEPTH`] keys: what is
    /// deeper is part of a value read whole).
    fn read(&mut self, path: &[String]) {
        self.read_as(path, false);
    }

    /// [`Walk::read`], or (`existing`) a read that requires the value without saying its shape:
    /// read whole unless the walk finds what is read of it (`Walk::required`).
    fn read_as(&mut self, path: &[String], existing: bool) {
        let path = to_first_index(path);
        let path = &path[..path.len().min(MAX_NEED_DEPTH)];
        self.note(path);
        if existing {
            // Read whole at the end, unless the walk finds what is read of it.
            self.required.push(path.to_vec());
        } else {
            self.need
                .get_or_insert_with(|| Need::Fields(BTreeMap::new()))
                .add(path);
        }
    }

    /// Records a read, from a state's input, of the value at the keys `abs`, with the result
    /// at `place`.
    fn read_input(&mut self, abs: &[String], place: &Place) {
        self.read_input_typed(abs, place, None);
    }

    /// [`Walk::read_input`], the state needing a value of type `needs` there.
    fn read_input_typed(&mut self, abs: &[String], place: &Place, needs: Option<DataType>) {
        self.read_input_as(abs, place, needs, false);
    }

    /// [`Walk::read_input_typed`], or (`existing`) a read that requires the value without
    /// saying its shape ([`Walk::read_as`]).
    fn read_input_as(
        &mut self,
        abs: &[String],
        place: &Place,
        needs: Option<DataType>,
        existing: bool,
    ) {
        if let Some(rest) = abs.strip_prefix(place.loc.as_slice()) {
            if place.shadow.iter().any(|s| rest.starts_with(s)) {
                return;
            }
            let mut path = place.inner.clone();
            path.extend(rest.iter().cloned());
            if let Some(needs) = needs {
                self.hint(&path, needs);
            }
            self.read_as(&path, existing);
        } else if place.loc.starts_with(abs) {
            self.read(&place.inner);
        }
    }

    /// Queues `state` of the scope of index `scope`, entered with the result at `place`.
    fn go(&mut self, scope: usize, state: &'m str, place: Place) {
        let spot = (scope, state, place);
        if self.seen.len() >= MAX_VISITS {
            self.read(&[]);
            return;
        }
        let node = *self.node_of.entry((scope, state)).or_insert_with(|| {
            self.nodes.push(Node {
                scope,
                ..Node::default()
            });
            self.nodes.len() - 1
        });
        match self.current {
            Some(from) if !self.nodes[from].next.contains(&node) => {
                self.nodes[from].next.push(node);
            }
            Some(_) => {}
            None => self.nodes[node].entry = true,
        }
        if self.seen.insert(spot.clone()) {
            self.queue.push_back(spot);
        }
    }

    /// Follows the result into one state of the scope of index `at`.
    fn visit(&mut self, at: usize, name: &'m str, place: Place) {
        let scopes = self.scopes;
        let Some((scope, state)) = scopes.get(at).and_then(|s| Some((s, s.states.get(name)?)))
        else {
            return;
        };
        if super::is_jsonata(scope, state) {
            self.visit_jsonata(at, name, state, place);
            return;
        }
        // The effective input: the value at InputPath (`None`: `null`, an empty object).
        let effective: Option<Vec<String>> = match state.input_path() {
            None => Some(Vec::new()),
            Some(PathOrNull::Null) => None,
            Some(PathOrNull::Path(p)) => match p.path().ok().and_then(keys) {
                Some(k) if p.path().is_ok_and(is_plain) => Some(k),
                Some(k) => {
                    self.read_input(&k, &place);
                    return;
                }
                None => return,
            },
        };
        // A Parallel without Parameters hands its effective input to each branch: followed
        // there.
        if let (State::Parallel(p), Some(base)) = (state, &effective)
            && p.parameters.is_none()
            && let Some(entry) = place.rebase(base)
        {
            for branch in scopes
                .iter()
                .filter(|s| s.parent == Some(at) && s.owner() == Some(name))
            {
                self.go(branch.index, branch.start_at, entry.clone());
            }
        }
        if let Some(base) = &effective {
            let reads = self.cache.of(at, name, state);
            for (rel, needs) in reads.iter() {
                let mut abs = base.clone();
                abs.extend(rel.iter().cloned());
                self.read_input_typed(&abs, &place, needs.clone());
            }
        }
        if let State::Fail(fail) = state {
            for path in [&fail.error, &fail.cause]
                .into_iter()
                .flatten()
                .filter_map(|v| v.path())
            {
                for text in template::value_paths(path) {
                    if let Some(abs) = keys(&text) {
                        self.read_input(&abs, &place);
                    }
                }
            }
            return;
        }
        // Where the result is in the state's output, before OutputPath.
        let mut out: Vec<Place> = Vec::new();
        match state {
            State::Task(_) | State::Parallel(_) | State::Map(_) | State::Pass(_) => {
                match place.written(state.result_path()) {
                    Some(Written::Place(p)) => out.push(p),
                    None => {}
                    Some(Written::Unknown) => {
                        self.read(&place.inner);
                        return;
                    }
                }
                // A Pass state without Result or Parameters copies its effective input to
                // its ResultPath.
                let copies =
                    matches!(state, State::Pass(p) if p.result.is_none() && p.parameters.is_none());
                if copies
                    && let Some(base) = &effective
                    && let Some(copy) = place.rebase(base)
                {
                    match state.result_path() {
                        None => out.push(copy),
                        Some(PathOrNull::Null) => {}
                        Some(PathOrNull::Path(p)) => match p.path().ok().and_then(keys) {
                            Some(mut at) if p.path().is_ok_and(is_plain) => {
                                at.extend(copy.loc);
                                out.push(Place { loc: at, ..copy });
                            }
                            _ => {
                                self.read(&place.inner);
                                return;
                            }
                        },
                    }
                }
            }
            State::Choice(_) | State::Wait(_) | State::Succeed(_) => {
                if let Some(moved) = effective.as_ref().and_then(|base| place.rebase(base)) {
                    out.push(moved);
                }
            }
            State::Fail(_) => {}
        }
        let out: Vec<Place> = match state.output_path() {
            None => out,
            Some(PathOrNull::Null) => Vec::new(),
            Some(PathOrNull::Path(p)) => match p.path().ok().and_then(keys) {
                Some(base) if p.path().is_ok_and(is_plain) => {
                    out.iter().filter_map(|o| o.rebase(&base)).collect()
                }
                Some(base) => {
                    for o in &out {
                        self.read_input(&base, o);
                    }
                    Vec::new()
                }
                None => Vec::new(),
            },
        };
        // The end of a branch or an iteration: the owner's result holds it.
        for o in &out {
            self.ended(scope, state, o);
        }
        for exit in state.exits() {
            if let ExitField::Catcher(i) = exit.field {
                let result_path = state
                    .catchers()
                    .and_then(|c| c.get(i))
                    .and_then(|c| c.result_path.clone())
                    .unwrap_or_else(|| PathOrNull::Path("$".into()));
                match place.written(Some(&result_path)) {
                    Some(Written::Place(p)) => self.go(at, exit.target, p),
                    None => {}
                    Some(Written::Unknown) => self.read(&place.inner),
                }
            } else {
                for o in &out {
                    self.go(at, exit.target, o.clone());
                }
            }
        }
    }
}

/// Every simple path `state` reads from its effective input (as written, `$`-rooted ones and
/// others alike; [`keys`] keeps the `$` ones), with the type the state needs there when it
/// needs one: its Parameters (with intrinsic arguments), the whole input where a Task,
/// Parallel or Map hands it on as it is, Choice conditions (a string, a number, a boolean or
/// a timestamp string, by the operator: a value of another type never matches), Wait's
/// paths (a whole number of seconds, a timestamp string), a Map's items (an array) and
/// ItemSelector, and the Assign that reads the input.
fn reads(state: &State) -> Vec<(Path, Option<DataType>)> {
    let mut out: Vec<(Path, Option<DataType>)> = Vec::new();
    let field = |p: &PathString, needs: Option<DataType>, out: &mut Vec<_>| {
        if let Ok(path) = p.path() {
            out.push((path.clone(), needs));
        }
    };
    fn template<T: JsonRoots>(t: &ParsedJson<T>, out: &mut Vec<(Path, Option<DataType>)>) {
        out.extend(template_paths(t).into_iter().map(|p| (p, None)));
    }
    if let Some(parameters) = state.parameters() {
        template(parameters, &mut out);
    }
    match state {
        State::Task(t) if t.parameters.is_none() => out.push((Path::input(), None)),
        State::Map(m) => {
            if m.item_reader.is_some() {
                out.push((Path::input(), None));
            } else {
                let items = Some(DataType::Array(Box::new(DataType::Any)));
                match &m.items_path {
                    Some(p) => field(p, items, &mut out),
                    None => out.push((Path::input(), items)),
                }
            }
            if let Some(selector) = &m.item_selector {
                template(selector, &mut out);
            }
        }
        State::Choice(c) => {
            for (condition, _) in choice::conditions(c, &Pointer::root()) {
                if let Condition::Test(t) = condition {
                    let compared = match t.operator.family() {
                        OperatorFamily::String | OperatorFamily::Timestamp => {
                            Some(DataType::String)
                        }
                        OperatorFamily::Numeric => Some(DataType::Number),
                        OperatorFamily::Boolean => Some(DataType::Bool),
                        OperatorFamily::TypeTest => None,
                    };
                    if t.operator != ComparisonOperator::IsPresent {
                        field(&t.variable, compared.clone(), &mut out);
                    }
                    if let Operand::Path(p) = &t.operand {
                        field(p, compared, &mut out);
                    }
                }
            }
            for rule in &c.choices {
                if let Some(assign) = &rule.assign {
                    template(assign, &mut out);
                }
            }
            if let Some(assign) = &c.assign {
                template(assign, &mut out);
            }
        }
        State::Wait(w) => {
            match &w.duration {
                WaitDuration::SecondsPath(p) => field(p, Some(DataType::Integer), &mut out),
                WaitDuration::TimestampPath(p) => field(p, Some(DataType::String), &mut out),
                _ => {}
            }
            if let Some(assign) = &w.assign {
                template(assign, &mut out);
            }
        }
        State::Pass(p) if p.result.is_none() && p.parameters.is_none() => {
            if let Some(assign) = &p.assign {
                template(assign, &mut out);
            }
        }
        _ => {}
    }
    out
}

/// Whether what `scope` ends with is read: not at the top (the workflow's output is typed on
/// its own), nor in a nested machine whose owner discards its result (`ResultPath: null` and
/// no `Assign`, which reads it); otherwise the owner's result holds it, which is not followed.
fn end_is_read(scopes: &[Scope<'_>], scope: &Scope<'_>) -> bool {
    let owner = scope.parent.and_then(|p| scopes.get(p)).zip(scope.owner());
    owner.is_some_and(|(parent, owner)| {
        parent
            .states
            .get(owner)
            .is_none_or(|o| o.result_path() != Some(&PathOrNull::Null) || o.assign().is_some())
    })
}

/// What the states after the Task `task` of `scope` (one of `scopes`) read of its result
/// (before its ResultSelector).
pub(crate) fn result_need<'m>(
    scopes: &[Scope<'m>],
    scope: &Scope<'m>,
    task: &str,
    cache: &mut ReadsCache<'m>,
) -> Demand {
    let Some(state) = scope.states.get(task) else {
        return Demand::default();
    };
    let mut walk = Walk {
        cache,
        scopes,
        need: None,
        hints: BTreeMap::new(),
        queue: VecDeque::new(),
        seen: HashSet::new(),
        nodes: Vec::new(),
        node_of: HashMap::new(),
        current: None,
        home: scope.index,
        always: Vec::new(),
        ends: Vec::new(),
        required: Vec::new(),
    };
    let jsonata = super::is_jsonata(scope, state);
    walk.follow_variables(scope.index, state, jsonata);
    if jsonata {
        walk.start_jsonata(scope.index, state);
        return walk.finish();
    }
    walk.after_result(scope.index, state, Place::default());
    walk.finish()
}
