//! What a workflow relies on in a Task's result: the fields the states after the Task read
//! from it, found by following the result forward from the Task along the transitions, as
//! ResultPath, InputPath and OutputPath move it, and collecting every path that reads into it
//! (Parameters and intrinsic arguments, Choice conditions, Wait's paths, ItemsPath and
//! ItemSelector, Fail's paths, Assign). A field read is required: AWS fails a state whose
//! path selects nothing.
//!
//! Where the result is used in a way this walk does not follow (the whole of it handed to a
//! service or a nested machine, a JSONata state, the end of a Parallel branch or a Map
//! iteration, a ResultPath written inside it), the result is taken as read whole: its type
//! stays unknown ([`Need::Whole`]), which is never an error. Reaching the end of the workflow
//! is not a read: the output is typed on its own.
//!
//! The walk is a breadth-first search with an explicit queue over (state, where the result
//! sits in its input, which part of the result sits there), within a budget of visits.

use super::template;
use crate::model::{
    ComparisonOperator, Condition, ExitField, Operand, PathOrNull, State, WaitDuration,
};
use crate::path::{Root, Segment, parse_path};
use crate::validate::{Scope, choice};
use crate::Pointer;
use std::collections::{BTreeMap, HashSet, VecDeque};

/// The most (state, location) pairs one Task's walk visits; past it the result is taken as
/// read whole.
const MAX_VISITS: usize = 4096;

/// What the workflow reads of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Need {
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

    /// The part of it at `key`, if read.
    pub fn field(&self, key: &str) -> Option<&Need> {
        match self {
            Need::Whole => None,
            Need::Fields(fields) => fields.get(key),
        }
    }
}

/// A simple path's object keys after `$`; `None` for a path that does not parse or does not
/// start at `$`. A path that steps into an array (or a wildcard, a filter) is cut there.
fn keys(text: &str) -> Option<Vec<String>> {
    let path = parse_path(text).ok()?;
    if path.root != Root::Input {
        return None;
    }
    let mut out = Vec::new();
    for segment in path.segments {
        match segment {
            Segment::Child(name) => out.push(name),
            _ => break,
        }
    }
    Some(out)
}

/// Whether a path is object keys only (so that [`keys`] is all of it).
fn is_plain(text: &str) -> bool {
    parse_path(text).is_ok_and(|p| p.segments.iter().all(|s| matches!(s, Segment::Child(_))))
}

/// The most places inside the result one walk remembers as overwritten; past it the result
/// is taken as read whole.
const MAX_SHADOWS: usize = 16;

/// Where the Task's result (or a part of it) sits in a state's input: at the object keys
/// `loc`, the part of the result at the keys `inner`, but for the places below it (keys from
/// `loc`) that later states overwrote (`shadow`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
            Some(PathOrNull::Path(p)) => match keys(p) {
                Some(k) if is_plain(p) => k,
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

/// Where the result is after a write.
enum Written {
    /// Here.
    Place(Place),
    /// Somewhere this walk does not follow.
    Unknown,
}

/// The walk of one Task's result.
struct Walk<'s, 'm> {
    scope: &'s Scope<'m>,
    need: Option<Need>,
    queue: VecDeque<(&'m str, Place)>,
    seen: HashSet<(&'m str, Place)>,
}

impl<'m> Walk<'_, 'm> {
    /// Records a read of the result's part at `path`.
    fn read(&mut self, path: &[String]) {
        self.need
            .get_or_insert_with(|| Need::Fields(BTreeMap::new()))
            .add(path);
    }

    /// Records a read, from a state's input, of the value at the keys `abs`, with the result
    /// at `place`.
    fn read_input(&mut self, abs: &[String], place: &Place) {
        if let Some(rest) = abs.strip_prefix(place.loc.as_slice()) {
            if place.shadow.iter().any(|s| rest.starts_with(s)) {
                return;
            }
            let mut path = place.inner.clone();
            path.extend(rest.iter().cloned());
            self.read(&path);
        } else if place.loc.starts_with(abs) {
            self.read(&place.inner);
        }
    }

    /// Queues `state`, entered with the result at `place`.
    fn go(&mut self, state: &'m str, place: Place) {
        let spot = (state, place);
        if self.seen.len() >= MAX_VISITS {
            self.read(&[]);
        } else if self.seen.insert(spot.clone()) {
            self.queue.push_back(spot);
        }
    }

    /// Follows the result into one state.
    fn visit(&mut self, name: &'m str, place: Place) {
        let Some(state) = self.scope.states.get(name) else {
            return;
        };
        if super::is_jsonata(self.scope, state) {
            self.read(&place.inner);
            return;
        }
        // The effective input: the value at InputPath (`None`: `null`, an empty object).
        let effective: Option<Vec<String>> = match state.input_path() {
            None => Some(Vec::new()),
            Some(PathOrNull::Null) => None,
            Some(PathOrNull::Path(p)) => match keys(p) {
                Some(k) if is_plain(p) => Some(k),
                Some(k) => {
                    self.read_input(&k, &place);
                    return;
                }
                None => return,
            },
        };
        if let Some(base) = &effective {
            for text in reads(state) {
                if let Some(rel) = keys(&text) {
                    let mut abs = base.clone();
                    abs.extend(rel);
                    self.read_input(&abs, &place);
                }
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
                let copies = matches!(state, State::Pass(p) if p.result.is_none() && p.parameters.is_none());
                if copies
                    && let Some(base) = &effective
                    && let Some(copy) = place.rebase(base)
                {
                    match state.result_path() {
                        None => out.push(copy),
                        Some(PathOrNull::Null) => {}
                        Some(PathOrNull::Path(p)) => match keys(p) {
                            Some(mut at) if is_plain(p) => {
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
            Some(PathOrNull::Path(p)) => match keys(p) {
                Some(base) if is_plain(p) => out.iter().filter_map(|o| o.rebase(&base)).collect(),
                Some(base) => {
                    for o in &out {
                        self.read_input(&base, o);
                    }
                    Vec::new()
                }
                None => Vec::new(),
            },
        };
        if state.is_terminal() && self.scope.owner().is_some() {
            // The end of a branch or an iteration: the owner's result holds it.
            for o in &out {
                self.read(&o.inner);
            }
        }
        for exit in state.exits() {
            if let ExitField::Catcher(i) = exit.field {
                let result_path = state
                    .catchers()
                    .and_then(|c| c.get(i))
                    .and_then(|c| c.result_path.clone())
                    .unwrap_or_else(|| PathOrNull::Path("$".into()));
                match place.written(Some(&result_path)) {
                    Some(Written::Place(p)) => self.go(exit.target, p),
                    None => {}
                    Some(Written::Unknown) => self.read(&place.inner),
                }
            } else {
                for o in &out {
                    self.go(exit.target, o.clone());
                }
            }
        }
    }
}

/// Every simple path `state` reads from its effective input (as written, `$`-rooted ones and
/// others alike; [`keys`] keeps the `$` ones): its Parameters (with intrinsic arguments), the
/// whole input where a Task, Parallel or Map hands it on as it is, Choice conditions, Wait's
/// paths, a Map's items and ItemSelector, and the Assign that reads the input.
fn reads(state: &State) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let template = |t: &serde_json::Map<String, serde_json::Value>, out: &mut Vec<String>| {
        out.extend(template::paths(t).into_iter().map(|(_, p)| p));
    };
    if let Some(parameters) = state.parameters() {
        template(parameters, &mut out);
    }
    match state {
        State::Task(t) if t.parameters.is_none() => out.push("$".into()),
        State::Parallel(p) if p.parameters.is_none() => out.push("$".into()),
        State::Map(m) => {
            if m.item_reader.is_some() {
                out.push("$".into());
            }
            out.push(m.items_path.clone().unwrap_or_else(|| "$".into()));
            if let Some(serde_json::Value::Object(selector)) = &m.item_selector {
                template(selector, &mut out);
            }
        }
        State::Choice(c) => {
            for (condition, _) in choice::conditions(c, &Pointer::root()) {
                if let Condition::Test(t) = condition {
                    if t.operator != ComparisonOperator::IsPresent {
                        out.push(t.variable.clone());
                    }
                    if let Operand::Path(p) = &t.operand {
                        out.push(p.clone());
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
            if let WaitDuration::SecondsPath(p) | WaitDuration::TimestampPath(p) = &w.duration {
                out.push(p.clone());
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

/// What the states after the Task `task` of `scope` read of its result (before its
/// ResultSelector); `None` when nothing reads it.
pub(crate) fn result_need(scope: &Scope<'_>, task: &str) -> Option<Need> {
    let state = scope.states.get(task)?;
    let mut walk = Walk {
        scope,
        need: None,
        queue: VecDeque::new(),
        seen: HashSet::new(),
    };
    if super::is_jsonata(scope, state) {
        return Some(Need::Whole);
    }
    // The Task's own reads of its result: ResultSelector (after which the rest of the
    // workflow sees what the selector built, not the result), and Assign.
    if let Some(selector) = state.result_selector() {
        for (_, text) in template::paths(selector) {
            if let Some(path) = keys(&text) {
                walk.read(&path);
            }
        }
        return walk.need;
    }
    if let Some(assign) = state.assign() {
        for (_, text) in template::paths(assign) {
            if let Some(path) = keys(&text) {
                walk.read(&path);
            }
        }
    }
    let loc = match state.result_path() {
        None => Vec::new(),
        Some(PathOrNull::Null) => return walk.need,
        Some(PathOrNull::Path(p)) => match keys(p) {
            Some(k) if is_plain(p) => k,
            _ => return Some(Need::Whole),
        },
    };
    let placed = Place {
        loc,
        inner: Vec::new(),
        shadow: Vec::new(),
    };
    let placed: Option<Place> = match state.output_path() {
        None => Some(placed),
        Some(PathOrNull::Null) => None,
        Some(PathOrNull::Path(p)) => match keys(p) {
            Some(base) if is_plain(p) => placed.rebase(&base),
            _ => return Some(Need::Whole),
        },
    };
    let Some(placed) = placed else {
        return walk.need;
    };
    if state.is_terminal() && scope.owner().is_some() {
        walk.read(&placed.inner);
    }
    if let Some(next) = state.transition().and_then(|t| t.next()) {
        walk.go(next, placed);
    }
    while let Some((name, place)) = walk.queue.pop_front() {
        walk.visit(name, place);
        if walk.need == Some(Need::Whole) {
            break;
        }
    }
    walk.need
}
