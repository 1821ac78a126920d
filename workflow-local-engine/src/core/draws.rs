//! The values a replay's run draws at run time, taken from the record it replays.
//!
//! An execution draws values the definition does not fix: `States.UUID()`,
//! `States.MathRandom(a, b)`, JSONata's `$uuid()` and `$random()`, its clock (`$now()`,
//! `$millis()`), and the context object's times and task tokens (`$$.Execution.StartTime`,
//! `$$.State.EnteredTime`, `$$.Task.Token`); and a replay not given the execution's ARN does
//! not know its names (`$$.Execution.Id`, `$$.StateMachine.Name`, …) either. A replay must draw what the recorded execution
//! drew, or an unchanged definition would differ from its own record; but a Step Functions
//! history records no draw as such, only what the states made of them: their outputs, their
//! Tasks' requests, their assigned variables. (Temporal records a workflow's side effects as
//! events and reads them back on replay; this is that model, with the events' data standing
//! for the side-effect records.)
//!
//! So a replay finds where each draw stands in the record from the states' own evaluation,
//! not by looking for text shaped like one. Every draw is keyed by where it is drawn: the
//! state's entry that draws it (the recorded `…StateEntered` the run's entry matched) and its
//! place among that entry's draws (or its name, for the context object's values). The replay
//! runs the definition twice with different values for the draws it does not know yet
//! ([`Probe::A`], [`Probe::B`]); where the two runs' events differ, a draw's value stands, and
//! how (the whole value at a JSON pointer, or a piece of a string between the same text on
//! both sides: `States.Format('claim-{}', States.UUID())`) is read off the two runs. The
//! recorded event at the same pointer then gives the value the execution drew ([`recover`]).
//! A third run draws the recovered values and is the one compared with the record; a value
//! that leads the run elsewhere (a Choice on a random number) may show new draws, recovered
//! the same way, a few rounds at most. A draw the record does not show (one only a Choice
//! read, one hashed) keeps the first probe's value: the replay then reports the difference it
//! makes.

use super::record_diff::{changes, details};
use crate::execution::{EventKind, HistoryEvent};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use workflow_asl::eval::{Entropy, SeededEntropy};
use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};

/// The state entry a draw is made in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Visit {
    /// The execution itself (`$$.Execution.StartTime`).
    Execution,
    /// The entry of a state whose `…StateEntered` matched the recorded event with this id.
    Recorded(u64),
    /// The entry of a state the record does not have: the run's own event id.
    Unrecorded(u64),
}

/// Which of an entry's draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Slot {
    /// The entry's `n`th draw of entropy or of its clock, in the order its evaluation drew.
    Nth(u32),
    /// `$$.Execution.StartTime`.
    StartTime,
    /// `$$.State.EnteredTime`.
    EnteredTime,
    /// `$$.Task.Token` of the entry's attempt `n`.
    Token(u32),
    /// A name of the context object a replay without the execution's ARN does not know
    /// (`Execution.Id`, `Execution.Name`, `StateMachine.Id`, `StateMachine.Name`).
    Name(&'static str),
}

/// A draw's key: where it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct DrawKey {
    pub visit: Visit,
    pub slot: Slot,
}

/// What was drawn, and how it may stand in the data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum DrawKind {
    /// A UUID's text (`States.UUID`, `$uuid`).
    Uuid,
    /// An integer in `start..end` (`States.MathRandom` without a seed).
    Int { start: i64, end: i64 },
    /// A number in `[0, 1)` (`$random()`).
    Float,
    /// The clock of a JSONata evaluation, in milliseconds: `$millis()` gives it as a number,
    /// `$now()` as ISO 8601 text.
    Millis,
    /// A time of the context object, as its ISO 8601 text.
    Time,
    /// A text the service chose: a task token, an execution's name.
    Text,
}

/// Which of two runs with different values for the draws not known yet this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Probe {
    /// The first: its values are the ones a draw the record does not show keeps (the clock's
    /// and the context's own times, the tokens the engine derives).
    A,
    /// The second: every value differs from the first's, where its kind allows.
    B,
}

/// One draw a run made.
#[derive(Clone, Debug)]
pub(crate) struct Draw {
    pub key: DrawKey,
    pub kind: DrawKind,
    /// The value drawn, as the evaluation got it (a string, or a number).
    pub value: Value,
    /// Whether it was taken from the record.
    pub known: bool,
}

/// The draws of one replay run: the values recovered from the record so far, and the log of
/// what the run drew.
pub(crate) struct Draws {
    probe: Probe,
    known: HashMap<DrawKey, Value>,
    /// Whether the run knows the execution's names (its ARN was given): else they are drawn
    /// too, from where the record shows them.
    names_known: bool,
    log: Mutex<Log>,
}

#[derive(Default)]
struct Log {
    /// The next ordinal of each entry's draws.
    next: HashMap<Visit, u32>,
    /// The named draws made, by key (so that a value read twice is the same).
    named: HashMap<DrawKey, Value>,
    drawn: Vec<Draw>,
}

impl Draws {
    /// A run drawing `known` values where it has them, `probe`'s elsewhere.
    pub(crate) fn new(probe: Probe, known: HashMap<DrawKey, Value>) -> Self {
        Draws {
            probe,
            known,
            names_known: true,
            log: Mutex::new(Log::default()),
        }
    }

    /// These draws, for a run that does (or does not) know the execution's names.
    #[must_use]
    pub(crate) fn names_known(mut self, known: bool) -> Self {
        self.names_known = known;
        self
    }

    /// The context object's name `field` (`Execution.Id`, …), which the run gives as
    /// `natural`: the record's where it shows it, when the run does not know the execution's
    /// names; `None` when it does.
    pub(crate) fn name(&self, field: &'static str, natural: &str) -> Option<String> {
        if self.names_known {
            return None;
        }
        let key = DrawKey {
            visit: Visit::Execution,
            slot: Slot::Name(field),
        };
        let drawn = self.named(key, DrawKind::Text, |probe, serial| match probe {
            Probe::A => Value::String(natural.to_owned()),
            Probe::B => Value::String(format!("{natural}-{serial}")),
        });
        drawn.as_str().map(str::to_owned)
    }

    /// What the run drew, in order.
    pub(crate) fn drawn(&self) -> Vec<Draw> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drawn
            .clone()
    }

    /// Whether the run drew a value the record has not given yet.
    pub(crate) fn drew_unknown(&self) -> bool {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drawn
            .iter()
            .any(|d| !d.known)
    }

    /// A UUID drawn in `visit`.
    pub(crate) fn uuid(&self, visit: Visit) -> String {
        let drawn = self.nth(visit, DrawKind::Uuid, |key, probe, _| {
            Value::String(SeededEntropy::new(seed(key, probe)).uuid())
        });
        drawn.as_str().unwrap_or_default().to_owned()
    }

    /// An integer in `start..end` drawn in `visit`.
    pub(crate) fn int(&self, visit: Visit, start: i64, end: i64) -> i64 {
        let kind = DrawKind::Int { start, end };
        let drawn = self.nth(visit, kind, |key, probe, _| {
            let a = SeededEntropy::new(seed(key, Probe::A)).random_int(start, end, None);
            let width = i128::from(end) - i128::from(start);
            let n = match probe {
                Probe::A => a,
                // Another value of the range, where it has another.
                Probe::B if width > 1 => {
                    let offset = (i128::from(a) - i128::from(start) + 1) % width;
                    (i128::from(start) + offset) as i64
                }
                Probe::B => a,
            };
            Value::from(n)
        });
        drawn.as_i64().unwrap_or(start)
    }

    /// A number in `[0, 1)` drawn in `visit`.
    pub(crate) fn float(&self, visit: Visit) -> f64 {
        let drawn = self.nth(visit, DrawKind::Float, |key, probe, _| {
            let bits = SeededEntropy::new(seed(key, probe)).next_u64();
            Value::from((bits >> 11) as f64 / (1u64 << 53) as f64)
        });
        drawn.as_f64().unwrap_or(0.0)
    }

    /// The clock of a JSONata evaluation in `visit`, which the run's clock gives as `natural`.
    /// The second probe's time is later by the draw's serial number in the run: two times
    /// that are the same in the first (a state's clock and the execution's start) differ in
    /// the second, so that each place shows which it is.
    pub(crate) fn millis(&self, visit: Visit, natural: i64) -> i64 {
        let drawn = self.nth(visit, DrawKind::Millis, |_, probe, serial| {
            Value::from(natural + later(probe, serial))
        });
        drawn.as_i64().unwrap_or(natural)
    }

    /// The context object's time `slot` (`StartTime`, `EnteredTime`) in `visit`, which the
    /// run's clock gives as `natural`: its ISO 8601 text.
    pub(crate) fn time(&self, visit: Visit, slot: Slot, natural: i64) -> String {
        let drawn = self.named(DrawKey { visit, slot }, DrawKind::Time, |probe, serial| {
            Value::String(format_rfc3339_millis(natural + later(probe, serial)))
        });
        drawn.as_str().unwrap_or_default().to_owned()
    }

    /// The task token of attempt `attempt` of `visit`, which the engine derives as `natural`.
    pub(crate) fn token(&self, visit: Visit, attempt: u32, natural: &str) -> String {
        let key = DrawKey {
            visit,
            slot: Slot::Token(attempt),
        };
        let drawn = self.named(key, DrawKind::Text, |probe, _| match probe {
            Probe::A => Value::String(natural.to_owned()),
            Probe::B => Value::String(format!("{natural}-b")),
        });
        drawn.as_str().unwrap_or(natural).to_owned()
    }

    /// The next draw of `visit`.
    fn nth(
        &self,
        visit: Visit,
        kind: DrawKind,
        probe_value: impl Fn(DrawKey, Probe, i64) -> Value,
    ) -> Value {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        let n = log.next.entry(visit).or_insert(0);
        let key = DrawKey {
            visit,
            slot: Slot::Nth(*n),
        };
        *n += 1;
        self.draw(&mut log, key, kind, |probe, serial| {
            probe_value(key, probe, serial)
        })
    }

    /// The named draw `key`: the same value each time the run reads it.
    fn named(&self, key: DrawKey, kind: DrawKind, probe: impl Fn(Probe, i64) -> Value) -> Value {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(value) = log.named.get(&key) {
            return value.clone();
        }
        let value = self.draw(&mut log, key, kind, probe);
        log.named.insert(key, value.clone());
        value
    }

    /// The draw `key`: the record's value when it is known (and fits `kind`), else the
    /// probe's; logged.
    fn draw(
        &self,
        log: &mut Log,
        key: DrawKey,
        kind: DrawKind,
        probe: impl Fn(Probe, i64) -> Value,
    ) -> Value {
        let (value, known) = match self.known.get(&key).filter(|v| fits(kind, v)) {
            Some(v) => (v.clone(), true),
            None => (probe(self.probe, serial(log)), false),
        };
        log.drawn.push(Draw {
            key,
            kind,
            value: value.clone(),
            known,
        });
        value
    }
}

/// The next draw's serial number in its run, from 1.
fn serial(log: &Log) -> i64 {
    i64::try_from(log.drawn.len()).unwrap_or(i64::MAX - 1) + 1
}

/// How much later than the run's own time a probe's time is (see [`Draws::millis`]).
fn later(probe: Probe, serial: i64) -> i64 {
    match probe {
        Probe::A => 0,
        Probe::B => serial,
    }
}

/// A probe's seed for the draw `key`: the same in every run, whatever order the draws come in.
fn seed(key: DrawKey, probe: Probe) -> u64 {
    super::child_execution::seed_of(&format!("{key:?}#{probe:?}"))
}

/// Whether `value` can be a draw of `kind` (a recovered value the definition now draws
/// otherwise, from another range, is not taken).
fn fits(kind: DrawKind, value: &Value) -> bool {
    match kind {
        DrawKind::Uuid | DrawKind::Text => value.is_string(),
        DrawKind::Time => value.as_str().is_some_and(|t| parse_rfc3339(t).is_some()),
        DrawKind::Int { start, end } => value
            .as_i64()
            .is_some_and(|n| (start..end.max(start + 1)).contains(&n)),
        DrawKind::Float => value.as_f64().is_some_and(|x| (0.0..1.0).contains(&x)),
        DrawKind::Millis => value.is_i64(),
    }
}

/// The shapes a draw's value takes in the data: the value itself, as JSON, and for the
/// JSONata clock, its ISO 8601 text (`$now()`).
fn renderings(kind: DrawKind, value: &Value) -> Vec<Value> {
    match (kind, value.as_i64()) {
        (DrawKind::Millis, Some(millis)) => {
            vec![value.clone(), Value::String(format_rfc3339_millis(millis))]
        }
        _ => vec![value.clone()],
    }
}

/// The draw a recorded value in the shape of `rendering` (one of [`renderings`]'s) stands
/// for, if it can be one.
fn read_back(kind: DrawKind, rendering: &Value, recorded: &Value) -> Option<Value> {
    let value = match (kind, rendering) {
        // `$now()`'s text stands for the clock's milliseconds.
        (DrawKind::Millis, Value::String(_)) => {
            let t = parse_rfc3339(recorded.as_str()?)?;
            Value::from(i64::try_from(t.unix_nanos.div_euclid(1_000_000)).ok()?)
        }
        _ => recorded.clone(),
    };
    fits(kind, &value).then_some(value)
}

/// A draw's value as text, as a string value holds it (`States.Format`, JSONata's `&`).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A recorded text's piece in the shape of `rendering` read back as a value of that shape.
fn from_text(rendering: &Value, text: &str) -> Option<Value> {
    match rendering {
        Value::String(_) => Some(Value::String(text.to_owned())),
        _ => serde_json::from_str::<Value>(text)
            .ok()
            .filter(Value::is_number),
    }
}

/// One run of a replay, as [`recover`] reads it: its history, the recorded position each of
/// its events matched (by the run's event id), and its draws.
pub(crate) struct ProbeRun<'a> {
    pub history: &'a [HistoryEvent],
    pub matched: &'a [(u64, usize)],
    pub draws: &'a [Draw],
}

impl ProbeRun<'_> {
    /// The run's event that matched each recorded position.
    fn by_position(&self) -> BTreeMap<usize, &EventKind> {
        let by_id: HashMap<u64, &HistoryEvent> = self.history.iter().map(|e| (e.id, e)).collect();
        self.matched
            .iter()
            .filter_map(|&(id, at)| Some((at, &by_id.get(&id)?.kind)))
            .collect()
    }
}

/// What two probe runs tell of the record's draws ([`recover`]).
#[derive(Debug, Default)]
pub(crate) struct Recovered {
    /// The values the recorded execution drew, by draw.
    pub values: HashMap<DrawKey, Value>,
    /// The places (a recorded event's position, a JSON pointer into its details) whose value
    /// the draws make in a way that cannot be undone (a number the draw was multiplied into,
    /// a hash, text JSONata wrote otherwise): the run takes the recorded value there.
    pub opaque: Vec<(usize, String)>,
}

/// The values the recorded execution drew, found where the two probe runs `a` and `b` differ
/// (see the module's documentation), for the draws both made and neither knew. `recorded` is
/// the record's events. Where a draw stands in several places, the first in the record's
/// order gives it. A place that differs between the runs where no draw stands as it is, nor
/// in a text whose other parts are the run's, is opaque (see [`Recovered::opaque`]); one where
/// the draws stand in text the record does not have (a changed format) is the definition's
/// change, and neither.
pub(crate) fn recover(recorded: &[HistoryEvent], a: &ProbeRun<'_>, b: &ProbeRun<'_>) -> Recovered {
    let b_values: HashMap<DrawKey, &Value> = b
        .draws
        .iter()
        .filter(|d| !d.known)
        .map(|d| (d.key, &d.value))
        .collect();
    // The draws both runs made, with both values.
    let pairs: Vec<(&Draw, &Value)> = a
        .draws
        .iter()
        .filter(|d| !d.known)
        .filter_map(|d| Some((d, *b_values.get(&d.key)?)))
        .filter(|(d, vb)| d.value != **vb)
        .collect();
    let mut found = Recovered::default();
    if pairs.is_empty() {
        return found;
    }
    let b_events = b.by_position();
    for (at, a_kind) in a.by_position() {
        let Some(b_kind) = b_events.get(&at) else {
            continue;
        };
        let (da, db) = (details(a_kind), details(b_kind));
        if da == db {
            continue;
        }
        let record = details(&recorded[at].kind);
        for change in changes(&da, &db) {
            let (Some(va), Some(vb)) = (&change.recorded, &change.now) else {
                continue;
            };
            let Some(r) = record.pointer(&change.pointer) else {
                continue;
            };
            match solve(&pairs, va, vb, r) {
                Solved::Drawn(values) => {
                    for (key, value) in values {
                        found.values.entry(key).or_insert(value);
                    }
                }
                Solved::Opaque => found.opaque.push((at, change.pointer)),
                Solved::Otherwise => {}
            }
        }
    }
    found
}

/// What a place where two probe runs differ says of the draws.
#[derive(Debug, PartialEq)]
enum Solved {
    /// The draws standing there, with the values the record gives them.
    Drawn(Vec<(DrawKey, Value)>),
    /// The draws make the value in a way that cannot be undone.
    Opaque,
    /// The draws stand there in a shape the record does not have: the definition changed.
    Otherwise,
}

/// The draws that explain a value `va` in the first run that is `vb` in the second, and the
/// values they had where the record holds `recorded`.
fn solve(pairs: &[(&Draw, &Value)], va: &Value, vb: &Value, recorded: &Value) -> Solved {
    // The whole value is a draw.
    for (draw, b) in pairs {
        for (ra, rb) in renderings(draw.kind, &draw.value)
            .into_iter()
            .zip(renderings(draw.kind, b))
        {
            if &ra == va && &rb == vb {
                return match read_back(draw.kind, &ra, recorded) {
                    Some(v) => Solved::Drawn(vec![(draw.key, v)]),
                    None => Solved::Otherwise,
                };
            }
        }
    }
    // A string with draws in it: the same text around them in both runs.
    let (Value::String(ta), Value::String(tb)) = (va, vb) else {
        return Solved::Opaque;
    };
    let Some(template) = Template::find(pairs, ta, tb) else {
        return Solved::Opaque;
    };
    match recorded {
        Value::String(tr) => match template.read(tr) {
            found if found.is_empty() => Solved::Otherwise,
            found => Solved::Drawn(found),
        },
        _ => Solved::Otherwise,
    }
}

/// A string value of the first run cut into its literal text and the draws in it.
struct Template<'p> {
    /// Literal text, then (a draw, its rendering, literal text after it), in order.
    first: String,
    holes: Vec<(&'p Draw, Value, String)>,
}

impl<'p> Template<'p> {
    /// Finds the draws of `pairs` in `ta` (the first run's text), left to right, longest
    /// first where two start at the same place, and keeps the cut only when putting the
    /// second run's values in the holes gives `tb`.
    fn find(pairs: &[(&'p Draw, &Value)], ta: &str, tb: &str) -> Option<Template<'p>> {
        let mut texts: Vec<(String, String, &'p Draw, Value)> = Vec::new();
        for (draw, b) in pairs {
            for (ra, rb) in renderings(draw.kind, &draw.value)
                .into_iter()
                .zip(renderings(draw.kind, b))
            {
                let (xa, xb) = (text_of(&ra), text_of(&rb));
                if !xa.is_empty() && xa != xb {
                    texts.push((xa, xb, draw, ra));
                }
            }
        }
        texts.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        let mut template = Template {
            first: String::new(),
            holes: Vec::new(),
        };
        let mut expected_b = String::new();
        let mut rest = ta;
        let mut literal = String::new();
        'scan: while !rest.is_empty() {
            // Where two draws read alike in the first run (two times of the same
            // millisecond), the one whose second value stands at the same place in `tb`.
            let at_b = tb.get(expected_b.len()..).unwrap_or_default();
            for (xa, xb, draw, rendering) in &texts {
                if let Some(after) = rest
                    .strip_prefix(xa.as_str())
                    .filter(|_| at_b.starts_with(xb.as_str()))
                {
                    match template.holes.last_mut() {
                        Some(last) => last.2 = std::mem::take(&mut literal),
                        None => template.first = std::mem::take(&mut literal),
                    }
                    template
                        .holes
                        .push((draw, rendering.clone(), String::new()));
                    expected_b.push_str(xb);
                    rest = after;
                    continue 'scan;
                }
            }
            let c = rest.chars().next()?;
            literal.push(c);
            expected_b.push(c);
            rest = &rest[c.len_utf8()..];
        }
        match template.holes.last_mut() {
            Some(last) => last.2 = literal,
            None => return None,
        }
        (expected_b == tb).then_some(template)
    }

    /// The draws' values where the record's text is `tr`: its literal text must be the
    /// template's, each hole the text between (a hole directly followed by another cannot be
    /// told apart from it, and is not read).
    fn read(&self, tr: &str) -> Vec<(DrawKey, Value)> {
        let Some(mut rest) = tr.strip_prefix(self.first.as_str()) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for (index, (draw, rendering, after)) in self.holes.iter().enumerate() {
            let last = index + 1 == self.holes.len();
            let end = match (last, after.is_empty()) {
                (true, _) => match rest.strip_suffix(after.as_str()) {
                    Some(piece) => piece.len(),
                    None => return found,
                },
                (false, true) => return found,
                (false, false) => match rest.find(after.as_str()) {
                    Some(end) => end,
                    None => return found,
                },
            };
            let piece = &rest[..end];
            if let Some(value) =
                from_text(rendering, piece).and_then(|v| read_back(draw.kind, rendering, &v))
            {
                found.push((draw.key, value));
            }
            rest = &rest[end + after.len()..];
        }
        found
    }
}

/// The entropy the intrinsic functions of one state's evaluation draw from in a replay
/// (`States.UUID`, `States.MathRandom`): the replay's draws for the entry `visit`.
pub(crate) struct ReplayEntropy<'d> {
    pub draws: &'d Draws,
    pub visit: Visit,
}

impl Entropy for ReplayEntropy<'_> {
    fn uuid(&mut self) -> String {
        self.draws.uuid(self.visit)
    }

    fn random_int(&mut self, start: i64, end: i64, seed: Option<i64>) -> i64 {
        match seed {
            // A seeded number is the seed's, not a draw.
            Some(_) => SeededEntropy::new(0).random_int(start, end, seed),
            None => self.draws.int(self.visit, start, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draw(n: u32, kind: DrawKind, value: Value) -> Draw {
        Draw {
            key: DrawKey {
                visit: Visit::Recorded(2),
                slot: Slot::Nth(n),
            },
            kind,
            value,
            known: false,
        }
    }

    #[test]
    fn a_draw_is_read_where_both_runs_show_it_whole_or_inside_text() {
        let (u, n) = (
            draw(0, DrawKind::Uuid, json!("aaaa-1")),
            draw(1, DrawKind::Int { start: 0, end: 100 }, json!(7)),
        );
        let (ub, nb) = (json!("bbbb-2"), json!(8));
        let pairs = [(&u, &ub), (&n, &nb)];
        let drawn = |found: Vec<(DrawKey, Value)>| Solved::Drawn(found);
        // Whole.
        assert_eq!(
            solve(&pairs, &json!("aaaa-1"), &json!("bbbb-2"), &json!("rec")),
            drawn(vec![(u.key, json!("rec"))])
        );
        assert_eq!(
            solve(&pairs, &json!(7), &json!(8), &json!(42)),
            drawn(vec![(n.key, json!(42))])
        );
        // Out of its range: not this draw's, a change of the definition.
        assert_eq!(
            solve(&pairs, &json!(7), &json!(8), &json!(420)),
            Solved::Otherwise
        );
        // Inside text, two draws.
        let found = solve(
            &pairs,
            &json!("claim-aaaa-1/7!"),
            &json!("claim-bbbb-2/8!"),
            &json!("claim-cafe/63!"),
        );
        assert_eq!(
            found,
            drawn(vec![(u.key, json!("cafe")), (n.key, json!(63))])
        );
        // Other literal text: the definition changed.
        assert_eq!(
            solve(
                &pairs,
                &json!("claim-aaaa-1"),
                &json!("claim-bbbb-2"),
                &json!("order-cafe")
            ),
            Solved::Otherwise
        );
        // A number made from a draw: opaque.
        assert_eq!(
            solve(&pairs, &json!(70), &json!(80), &json!(630)),
            Solved::Opaque
        );
    }

    #[test]
    fn the_clock_is_read_back_from_now_text_or_millis() {
        let m = draw(0, DrawKind::Millis, json!(1_000));
        let mb = json!(1_001);
        let pairs = [(&m, &mb)];
        let text = |ms| json!(format_rfc3339_millis(ms));
        assert_eq!(
            solve(
                &pairs,
                &text(1_000),
                &text(1_001),
                &json!("2024-01-01T00:00:00.123Z")
            ),
            Solved::Drawn(vec![(m.key, json!(1_704_067_200_123_i64))])
        );
        assert_eq!(
            solve(&pairs, &json!(1_000), &json!(1_001), &json!(5)),
            Solved::Drawn(vec![(m.key, json!(5))])
        );
    }

    #[test]
    fn times_alike_in_the_first_run_are_told_apart_by_the_second() {
        // The execution's start and a state's clock at the same millisecond, as a replay's
        // first run has them; the record's start was a millisecond earlier.
        let a = Draws::new(Probe::A, HashMap::new());
        let b = Draws::new(Probe::B, HashMap::new());
        let visit = Visit::Recorded(2);
        for draws in [&a, &b] {
            draws.time(Visit::Execution, Slot::StartTime, 1_000);
            draws.millis(visit, 1_000);
        }
        let (a_drawn, b_drawn) = (a.drawn(), b.drawn());
        let pairs: Vec<(&Draw, &Value)> = a_drawn
            .iter()
            .zip(b_drawn.iter().map(|d| &d.value))
            .collect();
        let text = |ms| json!(format_rfc3339_millis(ms));
        let (start_b, clock_b) = (&b_drawn[0].value, b_drawn[1].value.as_i64().unwrap_or(0));
        assert_ne!(start_b, &text(clock_b));
        assert_eq!(
            solve(&pairs, &text(1_000), start_b, &text(999)),
            Solved::Drawn(vec![(a_drawn[0].key, text(999))])
        );
        assert_eq!(
            solve(&pairs, &text(1_000), &text(clock_b), &text(1_000)),
            Solved::Drawn(vec![(a_drawn[1].key, json!(1_000))])
        );
    }

    #[test]
    fn probes_differ_and_known_values_are_drawn_again() {
        let visit = Visit::Recorded(3);
        let a = Draws::new(Probe::A, HashMap::new());
        let b = Draws::new(Probe::B, HashMap::new());
        assert_ne!(a.uuid(visit), b.uuid(visit));
        assert_ne!(a.int(visit, 1, 3), b.int(visit, 1, 3));
        assert_eq!(a.int(visit, 5, 6), 5);
        assert!(a.drew_unknown());
        let key = DrawKey {
            visit,
            slot: Slot::Nth(0),
        };
        let known = Draws::new(Probe::A, HashMap::from([(key, json!("recorded"))]));
        assert_eq!(known.uuid(visit), "recorded");
        assert!(!known.drew_unknown());
        // A named value is the same each time it is read.
        let t = a.time(visit, Slot::EnteredTime, 0);
        assert_eq!(a.time(visit, Slot::EnteredTime, 99), t);
    }
}
