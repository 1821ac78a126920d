//! [`DataType`]: what the validator knows of the JSON at a point of the workflow, with the join
//! of two types (where paths meet) and the selection of a simple path from one.

use crate::path::{Path, Root, Segment};
use serde_json::Value;
use std::collections::BTreeMap;

/// The type of a JSON value as far as it is known. [`DataType::Any`] is unknown: it accepts
/// every path and is never an error.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum DataType {
    /// Unknown.
    #[default]
    Any,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// A string (a timestamp may be one too).
    String,
    /// A string holding an RFC 3339 timestamp (`2026-01-01T00:00:00Z`): an input field
    /// declared `timestamp`, what `$now()` gives. It is a string to every operator and
    /// function; only the fields that read a number of seconds tell it from another string
    /// (a Wait's `Seconds` from a timestamp fails on AWS).
    Timestamp,
    /// An array of elements of one type.
    Array(Box<DataType>),
    /// An array of known length whose elements have these types, by index: a Parallel
    /// state's result, whose element `i` is what branch `i` ends with (ASL specification,
    /// "Parallel State": the output is an array with one element per branch, in order).
    Tuple(Vec<DataType>),
    /// An object with exactly these fields (`true`: the field may be absent).
    Object(BTreeMap<String, (DataType, bool)>),
    /// An object with at least these fields, and others unknown (a result written into an
    /// unknown input).
    Partial(BTreeMap<String, (DataType, bool)>),
    /// An object whose keys are not known, each value of this type: an AWS model's map
    /// (DynamoDB's `Item`, attribute name → attribute value). A key read may be absent.
    Map(Box<DataType>),
    /// An entry of a Distributed Map's result where failures are tolerated
    /// (`ToleratedFailureCount`/`…Percentage` above zero, or read from a path): what a child
    /// that succeeded ends with (this type), or a failed child's error output
    /// [`DataType::error_output`], `{"Error": …, "Cause": …}`, in its place (the engine's
    /// `core::map_run`, as AWS's Map Run writes it). A member read is either side's: the
    /// success's (absent on a failure), or `Error` and `Cause`.
    Outcome(Box<DataType>),
}

/// The deepest a type is built from a literal; deeper parts are [`DataType::Any`].
const MAX_DEPTH: usize = 32;

/// The most nodes (values, array elements and object fields) one type keeps, and the
/// variables visible to a state keep together. Templates that copy their input many times
/// grow types exponentially along a chain of states (`{"a.$": "$", "b.$": "$"}` doubles it);
/// past the bound the rest is unknown ([`DataType::Any`], or an object known in part), so a
/// hostile definition costs bounded time and memory. The largest result type of an AWS
/// integration holds a few thousand.
pub const MAX_TYPE_NODES: usize = 10_000;

impl DataType {
    /// What a Catcher hands on, and what a failed child of a Distributed Map leaves in the
    /// Map's result: `{ Error: string, Cause: string }`.
    pub fn error_output() -> DataType {
        DataType::Object(BTreeMap::from([
            ("Error".to_owned(), (DataType::String, false)),
            ("Cause".to_owned(), (DataType::String, false)),
        ]))
    }

    /// The type of any value of `self` as one type without [`DataType::Outcome`] at its
    /// top: an outcome's success joined with the error output (its members optional); any
    /// other type itself.
    pub fn widened(&self) -> std::borrow::Cow<'_, DataType> {
        match self {
            DataType::Outcome(success) => {
                std::borrow::Cow::Owned(success.widened().join(&DataType::error_output()))
            }
            other => std::borrow::Cow::Borrowed(other),
        }
    }

    /// The type of a literal JSON value (arrays: the join of their elements).
    pub fn of_value(value: &Value) -> DataType {
        of_value_at(value, 0).bounded()
    }

    /// The type where values of `self` and `other` meet: fields on one side only become
    /// optional; different kinds become [`DataType::Any`].
    pub fn join(&self, other: &DataType) -> DataType {
        match (self, other) {
            (a, b) if a == b => a.clone(),
            (DataType::Integer, DataType::Number) | (DataType::Number, DataType::Integer) => {
                DataType::Number
            }
            (DataType::Timestamp, DataType::String) | (DataType::String, DataType::Timestamp) => {
                DataType::String
            }
            (DataType::Array(a), DataType::Array(b)) => DataType::Array(Box::new(a.join(b))),
            (DataType::Map(a), DataType::Map(b)) => DataType::Map(Box::new(a.join(b))),
            (DataType::Outcome(a), DataType::Outcome(b)) => DataType::Outcome(Box::new(a.join(b))),
            (DataType::Outcome(_), _) | (_, DataType::Outcome(_)) => {
                self.widened().join(&other.widened())
            }
            (DataType::Tuple(a), DataType::Tuple(b)) if a.len() == b.len() => {
                DataType::Tuple(a.iter().zip(b).map(|(a, b)| a.join(b)).collect())
            }
            (DataType::Tuple(_) | DataType::Array(_), DataType::Tuple(_) | DataType::Array(_)) => {
                let a = self.element().unwrap_or_default();
                let b = other.element().unwrap_or_default();
                DataType::Array(Box::new(a.join(&b)))
            }
            (DataType::Object(a), DataType::Object(b)) => {
                DataType::Object(join_fields(a, false, b, false))
            }
            (DataType::Partial(a), DataType::Partial(b)) => {
                DataType::Partial(join_fields(a, true, b, true))
            }
            (DataType::Partial(a), DataType::Object(b)) => {
                DataType::Partial(join_fields(a, true, b, false))
            }
            (DataType::Object(a), DataType::Partial(b)) => {
                DataType::Partial(join_fields(a, false, b, true))
            }
            _ => DataType::Any,
        }
    }

    /// The type of any one element of an array (an array's element type, the join of a
    /// tuple's), `None` for what is not an array.
    pub fn element(&self) -> Option<DataType> {
        match self {
            DataType::Array(element) => Some((**element).clone()),
            DataType::Tuple(elements) => Some(
                elements
                    .iter()
                    .cloned()
                    .reduce(|a, b| a.join(&b))
                    .unwrap_or_default(),
            ),
            _ => None,
        }
    }

    /// Whether the type is a string (a timestamp is one).
    pub fn is_string(&self) -> bool {
        matches!(self, DataType::String | DataType::Timestamp)
    }

    /// Whether the type is an array (of one element type, or a tuple).
    pub fn is_array(&self) -> bool {
        matches!(self, DataType::Array(_) | DataType::Tuple(_))
    }

    /// An array of elements of these types (their join; unknown when there are none).
    pub fn array_of(elements: impl IntoIterator<Item = DataType>) -> DataType {
        let element = elements
            .into_iter()
            .reduce(|a, b| a.join(&b))
            .unwrap_or(DataType::Any);
        DataType::Array(Box::new(element))
    }

    /// How many nodes the type holds (every value, array element type and object field),
    /// counted only until the count passes `limit`.
    pub fn nodes_up_to(&self, limit: usize) -> usize {
        let mut count = 0usize;
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            count += 1;
            match t {
                DataType::Array(e) | DataType::Map(e) | DataType::Outcome(e) => stack.push(e),
                DataType::Tuple(es) => stack.extend(es),
                DataType::Object(f) | DataType::Partial(f) => {
                    stack.extend(f.values().map(|(t, _)| t))
                }
                _ => {}
            }
            if count > limit {
                break;
            }
        }
        count
    }

    /// `self` cut to at most [`MAX_TYPE_NODES`] nodes, counted breadth first: an object with
    /// more fields than fit keeps the first ones and is known in part, and whatever lies past
    /// the bound is unknown.
    pub fn bounded(mut self) -> DataType {
        if self.nodes_up_to(MAX_TYPE_NODES) <= MAX_TYPE_NODES {
            return self;
        }
        let mut left = MAX_TYPE_NODES;
        let mut queue: std::collections::VecDeque<&mut DataType> =
            std::collections::VecDeque::from([&mut self]);
        while let Some(t) = queue.pop_front() {
            if left == 0 {
                *t = DataType::Any;
                continue;
            }
            left -= 1;
            // An object with more fields than fit keeps the first ones, known in part.
            if let DataType::Object(f) | DataType::Partial(f) = t
                && f.len() > left
            {
                if let Some(first_cut) = f.keys().nth(left).cloned() {
                    drop(f.split_off(&first_cut));
                }
                *t = DataType::Partial(std::mem::take(f));
            }
            match t {
                DataType::Array(e) | DataType::Map(e) | DataType::Outcome(e) => queue.push_back(e),
                DataType::Tuple(es) => queue.extend(es.iter_mut()),
                DataType::Object(f) | DataType::Partial(f) => {
                    queue.extend(f.values_mut().map(|(t, _)| t));
                }
                _ => {}
            }
        }
        self
    }

    /// How deep the type nests (a bound on the fixed-point iteration).
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((t, d)) = stack.pop() {
            deepest = deepest.max(d);
            match t {
                DataType::Array(e) | DataType::Map(e) | DataType::Outcome(e) => {
                    stack.push((e, d + 1))
                }
                DataType::Tuple(es) => stack.extend(es.iter().map(|t| (t, d + 1))),
                DataType::Object(f) | DataType::Partial(f) => {
                    stack.extend(f.values().map(|(t, _)| (t, d + 1)))
                }
                _ => {}
            }
        }
        deepest
    }

    /// A short name: `an object`, `a string`, ….
    pub fn describe(&self) -> &'static str {
        match self {
            DataType::Any => "any JSON",
            DataType::Null => "null",
            DataType::Bool => "a boolean",
            DataType::Integer => "an integer",
            DataType::Number => "a number",
            DataType::String => "a string",
            DataType::Timestamp => "a timestamp string",
            DataType::Array(_) | DataType::Tuple(_) => "an array",
            DataType::Object(_) | DataType::Partial(_) | DataType::Map(_) => "an object",
            DataType::Outcome(success) => match success.describe() {
                "an object" => "an object",
                _ => "a child's output or its error",
            },
        }
    }

    /// `self` with `value` written at the simple path `path` (`$.a.b`), as ResultPath writes.
    /// A path that is not a chain of member names gives [`DataType::Any`].
    pub fn with_at(&self, path: &Path, value: DataType) -> DataType {
        if path.root != Root::Input {
            return DataType::Any;
        }
        if path.segments.len() > MAX_DEPTH {
            return DataType::Any;
        }
        let mut names = Vec::new();
        for segment in &path.segments {
            match segment {
                Segment::Child(name) => names.push(name.as_str()),
                _ => return DataType::Any,
            }
        }
        // The objects along the path (an unknown one is an object with unknown fields; a
        // missing member is created), then rebuilt from the innermost member outwards.
        let mut chain = vec![self.clone()];
        for name in &names[..names.len().saturating_sub(1)] {
            // A member missing from a closed object is created holding only what is written;
            // one missing from an object known in part may hold anything else too.
            let next = match chain.last() {
                Some(DataType::Object(f)) => f
                    .get(*name)
                    .map_or(DataType::Object(BTreeMap::new()), |(t, _)| t.clone()),
                Some(DataType::Partial(f)) => f
                    .get(*name)
                    .map_or(DataType::Partial(BTreeMap::new()), |(t, _)| t.clone()),
                Some(DataType::Any) => DataType::Partial(BTreeMap::new()),
                _ => DataType::Any,
            };
            chain.push(next);
        }
        let mut inner = value;
        for (i, name) in names.iter().enumerate().rev() {
            let outer = match chain.get(i) {
                Some(DataType::Object(f)) => {
                    let mut f = f.clone();
                    f.insert((*name).to_owned(), (inner, false));
                    DataType::Object(f)
                }
                Some(DataType::Partial(f)) => {
                    let mut f = f.clone();
                    f.insert((*name).to_owned(), (inner, false));
                    DataType::Partial(f)
                }
                Some(DataType::Any) => {
                    DataType::Partial(BTreeMap::from([((*name).to_owned(), (inner, false))]))
                }
                // Writing into a scalar or an array fails at run time; not ours to judge here.
                _ => return DataType::Any,
            };
            inner = outer;
        }
        inner.bounded()
    }
}

/// The fields of two objects met: a field on one side only becomes optional. An object known in
/// part (`a_partial`, `b_partial`) may hold any field it does not list, of any type, so a field
/// the other side lists and it does not becomes optional and of any type (`[{'a': true},
/// $merge(…)]` is not an array of `{ a?: bool, … }`: the merged object may have an `a` string).
fn join_fields(
    a: &BTreeMap<String, (DataType, bool)>,
    a_partial: bool,
    b: &BTreeMap<String, (DataType, bool)>,
    b_partial: bool,
) -> BTreeMap<String, (DataType, bool)> {
    let one_side = |t: &DataType, other_partial: bool| {
        if other_partial {
            DataType::Any
        } else {
            t.clone()
        }
    };
    let mut fields = BTreeMap::new();
    for (name, (ta, oa)) in a {
        match b.get(name) {
            Some((tb, ob)) => fields.insert(name.clone(), (ta.join(tb), *oa || *ob)),
            None => fields.insert(name.clone(), (one_side(ta, b_partial), true)),
        };
    }
    for (name, (tb, _)) in b {
        fields
            .entry(name.clone())
            .or_insert_with(|| (one_side(tb, a_partial), true));
    }
    fields
}

fn of_value_at(value: &Value, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match value {
        Value::Null => DataType::Null,
        Value::Bool(_) => DataType::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => DataType::Integer,
        Value::Number(_) => DataType::Number,
        Value::String(_) => DataType::String,
        Value::Array(items) => {
            DataType::array_of(items.iter().map(|item| of_value_at(item, depth + 1)))
        }
        Value::Object(map) => DataType::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), (of_value_at(v, depth + 1), false)))
                .collect(),
        ),
    }
}

impl std::fmt::Display for DataType {
    /// The type in the macro's schema syntax: `{ id: string, tags?: [string] }`; an object
    /// known in part ends in `…`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataType::Any => f.write_str("any"),
            DataType::Null => f.write_str("null"),
            DataType::Bool => f.write_str("bool"),
            DataType::Integer => f.write_str("integer"),
            DataType::Number => f.write_str("number"),
            DataType::String => f.write_str("string"),
            DataType::Timestamp => f.write_str("timestamp"),
            DataType::Array(element) => write!(f, "[{element}]"),
            DataType::Map(value) => write!(f, "{{ [key]: {value} }}"),
            // What a child that succeeded ends with, or a failed one's error output.
            DataType::Outcome(success) => {
                write!(f, "{success} | {{ Error: string, Cause: string }}")
            }
            // One element per place: `[{ left: string }, { right: integer }]`.
            DataType::Tuple(elements) => {
                f.write_str("[")?;
                for (i, t) in elements.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("]")
            }
            DataType::Object(fields) | DataType::Partial(fields) => {
                let partial = matches!(self, DataType::Partial(_));
                if fields.is_empty() {
                    return f.write_str(if partial { "{ … }" } else { "{}" });
                }
                f.write_str("{ ")?;
                for (i, (name, (t, optional))) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}{}: {t}", if *optional { "?" } else { "" })?;
                }
                f.write_str(if partial { ", … }" } else { " }" })
            }
        }
    }
}

/// What selecting a path from a type gives.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Selected {
    /// The type selected (possibly [`DataType::Any`]).
    Type(DataType),
    /// The path indexes a value at `prefix` that is not an array.
    NotAnArray {
        /// The path up to the index, e.g. `$.name`.
        prefix: String,
        /// Which step of the path is the index (`0`: the first after the root).
        step: usize,
        /// What is there instead.
        found: &'static str,
    },
    /// The path reads the member `field` of the value at `prefix`, which is an array: a
    /// JSONPath field step on an array selects nothing (AWS's JSONPath evaluator fails the
    /// state: "could not be found in the input", as the engine, agreeing with the recorded
    /// executions, does). JSONata maps such a step over the array instead, so its consumers
    /// take this as unknown.
    NotAnObject {
        /// The member read.
        field: String,
        /// The path up to it, e.g. `$` or `$.items`.
        prefix: String,
        /// Which step of the path reads it (`0`: the first after the root).
        step: usize,
    },
    /// The path reads the member `field` of the value at `prefix`, which is a string, a number,
    /// a boolean or `null`: that selects nothing (JSONPath fails the state; JSONata gives no
    /// value). A Catcher's `Cause` is text: a Lambda function's error, JSON inside it, is read
    /// after parsing it (`States.StringToJson`, `$parse`).
    NotAContainer {
        /// The member read.
        field: String,
        /// The path up to it, e.g. `$.error.Cause`.
        prefix: String,
        /// Which step of the path reads it (`0`: the first after the root).
        step: usize,
        /// What is there instead (`a string`, …).
        found: &'static str,
    },
    /// The path indexes the array at `prefix` past its end, an array whose length is known (a
    /// Parallel state's result, one element per branch): JSONPath's index selects nothing
    /// there, and JSONata's gives no value.
    PastEnd {
        /// The path up to the index, e.g. `$.branches`.
        prefix: String,
        /// Which step of the path is the index (`0`: the first after the root).
        step: usize,
        /// The index written.
        index: i64,
        /// How many elements the array has.
        len: usize,
    },
    /// The path reads a member that the object at `prefix` cannot have.
    Missing {
        /// The member read.
        field: String,
        /// The path up to it, e.g. `$.order`.
        prefix: String,
        /// Which step of the path reads it (`0`: the first after the root).
        step: usize,
        /// The members the object has.
        available: Vec<String>,
        /// The member of the object that holds a field of that name one level down, when one
        /// does: `SynthesisTask` for `$.TaskStatus` read from Polly's
        /// `GetSpeechSynthesisTask` answer, `{SynthesisTask: {TaskStatus, …}}`.
        nested: Option<String>,
    },
}

/// The types of the workflow variables visible at a point, by name (a variable not listed is
/// unknown).
pub type Vars = BTreeMap<String, DataType>;

/// What a field reads: the JSON it evaluates against (`$`), the variables (`$name`) and, where
/// its type is known, the context object (`$$`).
#[derive(Clone, Copy, Debug)]
pub struct Env<'a> {
    /// The type of `$`.
    pub input: &'a DataType,
    /// The variables' types.
    pub vars: &'a Vars,
    /// The type of `$$` where it is known (a Map's ItemSelector knows `$$.Map.Item`); `None`:
    /// unknown.
    pub context: Option<&'a DataType>,
}

impl<'a> Env<'a> {
    /// `$` of type `input`, the variables `vars`, the context object unknown.
    pub fn new(input: &'a DataType, vars: &'a Vars) -> Self {
        Env {
            input,
            vars,
            context: None,
        }
    }
}

/// The variables where two paths meet: a variable on both gets the join of its types; one
/// assigned on one path only keeps that path's type (reading it where it is unassigned is the
/// variables check's concern, not a type's).
pub fn join_vars(a: &Vars, b: &Vars) -> Vars {
    let mut out = a.clone();
    for (name, tb) in b {
        let joined = match a.get(name) {
            Some(ta) => ta.join(tb),
            None => tb.clone(),
        };
        out.insert(name.clone(), joined);
    }
    bounded_vars(out)
}

/// `vars` cut to [`MAX_TYPE_NODES`] nodes in all: each variable keeps its type while the
/// total fits; the ones after are unknown (their names stay).
pub(super) fn bounded_vars(mut vars: Vars) -> Vars {
    let mut left = MAX_TYPE_NODES;
    for t in vars.values_mut() {
        let nodes = t.nodes_up_to(left);
        if nodes > left {
            *t = DataType::Any;
            left = left.saturating_sub(1);
        } else {
            left -= nodes;
        }
    }
    vars
}

/// Selects `path` from `env`: `$…` from its input, `$name…` from the variable `name` (unknown
/// when the variable's type is), `$$…` from the context object (unknown unless `env` knows it).
pub fn select_in(env: Env<'_>, path: &Path) -> Selected {
    match &path.root {
        Root::Input => select_segments(env.input, &path.segments, "$"),
        Root::Variable(name) => match env.vars.get(name) {
            Some(t) => select_segments(t, &path.segments, &format!("${name}")),
            None => Selected::Type(DataType::Any),
        },
        Root::Context => match env.context {
            Some(t) => select_segments(t, &path.segments, "$$"),
            None => Selected::Type(DataType::Any),
        },
    }
}

/// Selects `path` (rooted at `$`) from `from`. Only member names and indices are followed;
/// wildcards, slices, unions, filters and descendants give [`DataType::Any`].
pub fn select(from: &DataType, path: &Path) -> Selected {
    if path.root != Root::Input {
        return Selected::Type(DataType::Any);
    }
    select_segments(from, &path.segments, "$")
}

/// Selects `segments` from `from`, naming the place read `root` + the segments followed.
pub fn select_segments(from: &DataType, segments: &[Segment], root: &str) -> Selected {
    match select_borrowed(from, segments, root) {
        Ok(t) => Selected::Type(t.clone()),
        Err(miss) => miss,
    }
}

/// Selects `path` from `env` without copying what it finds: the type found, or why nothing
/// can be (never [`Selected::Type`]).
pub(crate) fn select_in_borrowed<'t>(env: Env<'t>, path: &Path) -> Result<&'t DataType, Selected> {
    match &path.root {
        Root::Input => select_borrowed(env.input, &path.segments, "$"),
        Root::Variable(name) => match env.vars.get(name) {
            Some(t) => select_borrowed(t, &path.segments, &format!("${name}")),
            None => Ok(&ANY),
        },
        Root::Context => match env.context {
            Some(t) => select_borrowed(t, &path.segments, "$$"),
            None => Ok(&ANY),
        },
    }
}

/// The unknown type, to lend.
static ANY: DataType = DataType::Any;

/// A failed child's `Error` and `Cause`, to lend.
static ERROR_TEXT: DataType = DataType::String;

/// The member of `fields` whose value is an object with a field named `name`: where a path
/// read one level too high meant to read.
fn holder_of(fields: &BTreeMap<String, (DataType, bool)>, name: &str) -> Option<String> {
    fields.iter().find_map(|(member, (t, _))| match t {
        DataType::Object(f) | DataType::Partial(f) if f.contains_key(name) => Some(member.clone()),
        _ => None,
    })
}

/// [`select_segments`] on a borrowed type: the type found, or why nothing can be.
fn select_borrowed<'t>(
    from: &'t DataType,
    segments: &[Segment],
    root: &str,
) -> Result<&'t DataType, Selected> {
    let mut at = from;
    let mut prefix = String::from(root);
    for (step, segment) in segments.iter().enumerate() {
        // An entry that is a child's output or its error: `Error` and `Cause` are the
        // error's text where the output cannot have them, either side's where it can; any
        // other step reads the output (a member a failed child's entry lacks, as an optional
        // member is).
        let mut outcome = false;
        if let DataType::Outcome(success) = at {
            let error_member = matches!(segment, Segment::Child(n) if n == "Error" || n == "Cause");
            if error_member {
                let closed = match (&**success, segment) {
                    (DataType::Object(f), Segment::Child(n)) => !f.contains_key(n),
                    (DataType::Any | DataType::Partial(_), _) => false,
                    _ => true,
                };
                if !closed {
                    return Ok(&ANY);
                }
                if let Segment::Child(name) = segment {
                    prefix.push('.');
                    prefix.push_str(name);
                }
                at = &ERROR_TEXT;
                continue;
            }
            at = success;
            outcome = true;
        }
        at = match (segment, at) {
            (_, DataType::Any) => return Ok(&ANY),
            (Segment::Child(name), DataType::Partial(fields)) => match fields.get(name) {
                Some((t, _)) => t,
                None => return Ok(&ANY),
            },
            (Segment::Child(name), DataType::Object(fields)) => match fields.get(name) {
                Some((t, _)) => t,
                None => {
                    let mut available: Vec<String> = fields.keys().cloned().collect();
                    // A failed child's entry has these.
                    if outcome {
                        available.extend(["Error".to_owned(), "Cause".to_owned()]);
                    }
                    return Err(Selected::Missing {
                        field: name.clone(),
                        prefix,
                        step,
                        available,
                        nested: holder_of(fields, name),
                    });
                }
            },
            (Segment::Index(_), DataType::Array(element)) => element,
            // Any key may be there, or not: its value's type.
            (Segment::Child(_), DataType::Map(value)) => value,
            // A place past the end selects nothing.
            (Segment::Index(i), DataType::Tuple(elements)) => {
                match usize::try_from(*i).ok().and_then(|i| elements.get(i)) {
                    Some(t) => t,
                    None if *i >= 0 => {
                        return Err(Selected::PastEnd {
                            prefix,
                            step,
                            index: *i,
                            len: elements.len(),
                        });
                    }
                    None => return Ok(&ANY),
                }
            }
            (Segment::Child(name), DataType::Array(_) | DataType::Tuple(_)) => {
                return Err(Selected::NotAnObject {
                    field: name.clone(),
                    prefix,
                    step,
                });
            }
            (
                Segment::Index(_),
                t @ (DataType::Null
                | DataType::Bool
                | DataType::Integer
                | DataType::Number
                | DataType::String
                | DataType::Timestamp
                | DataType::Object(_)
                | DataType::Partial(_)
                | DataType::Map(_)),
            ) => {
                return Err(Selected::NotAnArray {
                    prefix,
                    step,
                    found: t.describe(),
                });
            }
            (
                Segment::Child(name),
                t @ (DataType::Null
                | DataType::Bool
                | DataType::Integer
                | DataType::Number
                | DataType::String),
            ) => {
                return Err(Selected::NotAContainer {
                    field: name.clone(),
                    prefix,
                    step,
                    found: t.describe(),
                });
            }
            _ => return Ok(&ANY),
        };
        match segment {
            Segment::Child(name) => {
                prefix.push('.');
                prefix.push_str(name);
            }
            Segment::Index(i) => prefix.push_str(&format!("[{i}]")),
            _ => {}
        }
    }
    Ok(at)
}
