//! JSONPath selection and `ResultPath` (the semantics: the `eval` module's "Paths").

use super::env::Env;
use super::error::EvalError;
use super::value::{cmp_numbers, cmp_utf16, compact_short, json_eq, numbers_equal, type_name};
use crate::path::{CompareOp, FilterExpr, Literal, Operand, Path, Root, Segment, UnionMember};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Write as _;

/// What a path selected: one value (definite path) or every match (indefinite path).
#[derive(Clone, Debug, PartialEq)]
pub enum Selected<'a> {
    /// The value a definite path points at, borrowed from the input, context or variable.
    One(&'a Value),
    /// Every match of an indefinite path, in document order (borrowed except for the objects
    /// a name union builds).
    Many(Vec<Cow<'a, Value>>),
}

impl<'a> Selected<'a> {
    /// The selection as an owned value: the value itself, or an array of the matches.
    pub fn into_value(self) -> Value {
        match self {
            Selected::One(v) => v.clone(),
            Selected::Many(items) => Value::Array(items.into_iter().map(Cow::into_owned).collect()),
        }
    }

    /// The selection without copying when it is one value: borrowed for [`Selected::One`],
    /// an owned array for [`Selected::Many`].
    pub fn into_cow(self) -> Cow<'a, Value> {
        match self {
            Selected::One(v) => Cow::Borrowed(v),
            Selected::Many(_) => Cow::Owned(self.into_value()),
        }
    }

    /// The value of a definite path.
    pub fn as_one(&self) -> Option<&'a Value> {
        match self {
            Selected::One(v) => Some(v),
            Selected::Many(_) => None,
        }
    }

    /// How many values were selected (1 for [`Selected::One`]).
    pub fn len(&self) -> usize {
        match self {
            Selected::One(_) => 1,
            Selected::Many(items) => items.len(),
        }
    }

    /// Whether an indefinite path matched nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why a path selected nothing (internal; turned into an [`EvalError`] by each caller with
/// the message its field uses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Miss {
    /// Jayway's message, e.g. `No results for path: $['a']`.
    NotFound(String),
    /// `$name` names no variable.
    UnknownVariable(String),
}

impl Miss {
    /// The error `select` reports for this miss on `path`.
    pub(crate) fn into_error(self, path: &Path) -> EvalError {
        match self {
            Miss::NotFound(detail) => {
                EvalError::runtime(format!("Invalid path '{}' : {detail}", path.source()))
            }
            Miss::UnknownVariable(name) => unknown_variable(path, &name),
        }
    }
}

/// The error for a reference to a variable that has no value.
pub(crate) fn unknown_variable(path: &Path, name: &str) -> EvalError {
    EvalError::runtime(format!(
        "Invalid path '{}' : The variable '{name}' was not found; assign it in an earlier \
         state (or an outer scope) before reading it",
        path.source()
    ))
}

/// Applies `path` to the environment: `$` reads `env.input`, `$$` `env.context`, `$name` the
/// variable.
///
/// # Errors
///
/// `States.Runtime` when a definite path selects nothing (`Invalid path '$.nope' : No results
/// for path: $['nope']`), when its definite part crosses a missing member or a value of the
/// wrong type, or when the variable does not exist.
pub fn select<'a>(path: &Path, env: &Env<'a>) -> Result<Selected<'a>, EvalError> {
    select_raw(path, env).map_err(|miss| miss.into_error(path))
}

/// The value a path's root names.
pub(crate) fn root_value<'a>(path: &Path, env: &Env<'a>) -> Result<&'a Value, Miss> {
    match &path.root {
        Root::Input => Ok(env.input),
        Root::Context => Ok(env.context),
        Root::Variable(name) => env
            .variables
            .get(name)
            .ok_or_else(|| Miss::UnknownVariable(name.clone())),
    }
}

/// [`select`] with the reason for a miss kept apart.
pub(crate) fn select_raw<'a>(path: &Path, env: &Env<'a>) -> Result<Selected<'a>, Miss> {
    let root = root_value(path, env)?;
    select_from(root, &path.segments, env)
}

/// Applies `segments` to `start`.
fn select_from<'a>(
    start: &'a Value,
    segments: &[Segment],
    env: &Env<'a>,
) -> Result<Selected<'a>, Miss> {
    let definite = segments
        .iter()
        .position(|s| !matches!(s, Segment::Child(_) | Segment::Index(_)))
        .unwrap_or(segments.len());
    if definite == segments.len() {
        return walk_definite(start, segments).map(Selected::One);
    }
    let Some(from) = walk_prefix(start, &segments[..definite])? else {
        return Ok(Selected::Many(Vec::new()));
    };
    let mut current: Vec<&'a Value> = vec![from];
    let mut out: Vec<Cow<'a, Value>> = Vec::new();
    for (k, segment) in segments.iter().enumerate().skip(definite) {
        let step = Step {
            upstream_definite: k == definite,
            leaf: k + 1 == segments.len(),
            before: &segments[..k],
        };
        out.clear();
        for node in current.drain(..) {
            apply(segment, node, &step, env, &mut out)?;
        }
        if step.leaf {
            break;
        }
        current.extend(out.drain(..).filter_map(|c| match c {
            Cow::Borrowed(v) => Some(v),
            // Owned values (merged name unions) only come from the last step.
            Cow::Owned(_) => None,
        }));
    }
    Ok(Selected::Many(out))
}

/// Walks a definite path; every miss is an error.
fn walk_definite<'a>(start: &'a Value, segments: &[Segment]) -> Result<&'a Value, Miss> {
    let mut current = start;
    for (i, segment) in segments.iter().enumerate() {
        let leaf = i + 1 == segments.len();
        current = match (segment, current) {
            (Segment::Child(name), Value::Object(map)) => match map.get(name) {
                Some(v) => v,
                None if leaf => return Err(no_results(segments)),
                None => return Err(missing_property(&segments[..=i])),
            },
            (Segment::Child(name), other) => {
                return Err(expected_object(&quote_name(name), &segments[..i], other));
            }
            (Segment::Index(index), Value::Array(items)) => match element(items, *index) {
                Some(v) => v,
                None => return Err(no_results(segments)),
            },
            (Segment::Index(_), other) => {
                return Err(not_an_array(segment, &segments[..i], other));
            }
            _ => return Err(no_results(segments)),
        };
    }
    Ok(current)
}

/// Walks the definite prefix of an indefinite path: a missing member or an index out of range
/// selects nothing (`Ok(None)`, as AWS gives `[]` for `$.items[*]` on `{}`); crossing a value
/// of the wrong type is an error.
fn walk_prefix<'a>(start: &'a Value, segments: &[Segment]) -> Result<Option<&'a Value>, Miss> {
    let mut current = start;
    for (i, segment) in segments.iter().enumerate() {
        current = match (segment, current) {
            (Segment::Child(name), Value::Object(map)) => match map.get(name) {
                Some(v) => v,
                None => return Ok(None),
            },
            (Segment::Child(name), other) => {
                return Err(expected_object(&quote_name(name), &segments[..i], other));
            }
            (Segment::Index(index), Value::Array(items)) => match element(items, *index) {
                Some(v) => v,
                None => return Ok(None),
            },
            (Segment::Index(_), other) => {
                return Err(not_an_array(segment, &segments[..i], other));
            }
            _ => return Ok(None),
        };
    }
    Ok(Some(current))
}

/// Where a step of an indefinite path stands.
struct Step<'s> {
    /// Whether every earlier step was definite (then mismatches are errors, as in Jayway).
    upstream_definite: bool,
    /// Whether this is the last step.
    leaf: bool,
    /// The steps before this one (for messages).
    before: &'s [Segment],
}

/// The element at `index` (negative: from the end).
fn element(items: &[Value], index: i64) -> Option<&Value> {
    let len = items.len() as i128;
    let i = i128::from(index);
    let i = if i < 0 { len + i } else { i };
    if (0..len).contains(&i) {
        items.get(i as usize)
    } else {
        None
    }
}

/// Applies one step to one node, pushing what it selects.
fn apply<'a>(
    segment: &Segment,
    node: &'a Value,
    step: &Step<'_>,
    env: &Env<'a>,
    out: &mut Vec<Cow<'a, Value>>,
) -> Result<(), Miss> {
    match segment {
        Segment::Child(name) => match node {
            Value::Object(map) => out.extend(map.get(name).map(Cow::Borrowed)),
            other if step.upstream_definite => {
                return Err(expected_object(&quote_name(name), step.before, other));
            }
            _ => {}
        },
        Segment::Index(index) => match node {
            Value::Array(items) => out.extend(element(items, *index).map(Cow::Borrowed)),
            other if step.upstream_definite => {
                return Err(not_an_array(segment, step.before, other));
            }
            _ => {}
        },
        Segment::Wildcard => match node {
            Value::Object(map) => out.extend(map.values().map(Cow::Borrowed)),
            Value::Array(items) => out.extend(items.iter().map(Cow::Borrowed)),
            _ => {}
        },
        Segment::Slice {
            start,
            end,
            step: by,
        } => match node {
            Value::Array(items) => {
                for i in slice_indices(items.len(), *start, *end, *by) {
                    out.extend(items.get(i).map(Cow::Borrowed));
                }
            }
            other if step.upstream_definite => {
                return Err(not_an_array(segment, step.before, other));
            }
            _ => {}
        },
        Segment::Union(members) => apply_union(segment, members, node, step, out)?,
        Segment::Filter(filter) => match node {
            Value::Object(_) => {
                out.extend(test(&filter.expr, node, env).then_some(Cow::Borrowed(node)));
            }
            Value::Array(items) => {
                for item in items {
                    if test(&filter.expr, item, env) {
                        out.push(Cow::Borrowed(item));
                    }
                }
            }
            other if step.upstream_definite => {
                return Err(Miss::NotFound(format!(
                    "Filter: [?] can not be applied to primitives. Current context is: {}",
                    compact_short(other, 200)
                )));
            }
            _ => {}
        },
        Segment::Descendant(inner) => descend(inner, node, step, env, out)?,
    }
    Ok(())
}

/// `['a','b']` (names: on objects), `[0,1]` (indexes: on arrays), or a mix.
fn apply_union<'a>(
    segment: &Segment,
    members: &[UnionMember],
    node: &'a Value,
    step: &Step<'_>,
    out: &mut Vec<Cow<'a, Value>>,
) -> Result<(), Miss> {
    let names = members
        .iter()
        .filter(|m| matches!(m, UnionMember::Name(_)))
        .count();
    match node {
        Value::Object(map) => {
            if step.leaf && names > 1 && names == members.len() {
                // Jayway merges the members of a multi-name leaf into one object.
                let mut merged = Map::new();
                for member in members {
                    if let UnionMember::Name(name) = member
                        && let Some(v) = map.get(name)
                    {
                        merged.insert(name.clone(), v.clone());
                    }
                }
                out.push(Cow::Owned(Value::Object(merged)));
            } else {
                for member in members {
                    if let UnionMember::Name(name) = member {
                        out.extend(map.get(name).map(Cow::Borrowed));
                    }
                }
            }
        }
        Value::Array(items) => {
            for member in members {
                if let UnionMember::Index(index) = member {
                    out.extend(element(items, *index).map(Cow::Borrowed));
                }
            }
        }
        other if step.upstream_definite => {
            return Err(if names > 0 {
                let quoted: Vec<String> = members
                    .iter()
                    .filter_map(|m| match m {
                        UnionMember::Name(n) => Some(format!("'{n}'")),
                        UnionMember::Index(_) => None,
                    })
                    .collect();
                expected_object(&format!("[{}]", quoted.join(",")), step.before, other)
            } else {
                not_an_array(segment, step.before, other)
            });
        }
        _ => {}
    }
    Ok(())
}

/// `..inner`: `inner` applied at `node` and at every container below it, in document order
/// (pre-order, depth first), with an explicit stack.
fn descend<'a>(
    inner: &Segment,
    node: &'a Value,
    step: &Step<'_>,
    env: &Env<'a>,
    out: &mut Vec<Cow<'a, Value>>,
) -> Result<(), Miss> {
    let scan = Step {
        upstream_definite: false,
        leaf: step.leaf,
        before: step.before,
    };
    let mut stack: Vec<&'a Value> = vec![node];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(map) => {
                match inner {
                    // Jayway tests the filter on each object itself.
                    Segment::Filter(filter) => {
                        if test(&filter.expr, current, env) {
                            out.push(Cow::Borrowed(current));
                        }
                    }
                    _ => apply(inner, current, &scan, env, out)?,
                }
                stack.extend(map.values().rev());
            }
            Value::Array(items) => {
                match inner {
                    // Jayway looks into an array only when the array itself passes.
                    Segment::Filter(filter) => {
                        if test(&filter.expr, current, env) {
                            apply(inner, current, &scan, env, out)?;
                        }
                    }
                    _ => apply(inner, current, &scan, env, out)?,
                }
                stack.extend(items.iter().rev());
            }
            _ => {}
        }
    }
    Ok(())
}

/// The indexes `[start:end:step]` selects from an array of `len` elements (Python rules).
fn slice_indices(
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> impl Iterator<Item = usize> {
    let len = len as i128;
    let step = i128::from(step.unwrap_or(1));
    let resolve = |i: i64, low: i128, high: i128| {
        let i = i128::from(i);
        let i = if i < 0 { i + len } else { i };
        i.clamp(low, high)
    };
    let (first, stop) = if step > 0 {
        (
            start.map_or(0, |s| resolve(s, 0, len)),
            end.map_or(len, |e| resolve(e, 0, len)),
        )
    } else {
        (
            start.map_or(len - 1, |s| resolve(s, -1, len - 1)),
            end.map_or(-1, |e| resolve(e, -1, len - 1)),
        )
    };
    let mut i = first;
    std::iter::from_fn(move || {
        if step == 0 || (step > 0 && i >= stop) || (step < 0 && i <= stop) {
            return None;
        }
        let current = i;
        i += step;
        Some(current as usize)
    })
}

// ---- messages (Jayway's wording) ------------------------------------------------------------

/// A member name as Jayway writes it in a path: `['name']`.
fn quote_name(name: &str) -> String {
    format!("['{name}']")
}

/// One step in Jayway's normalized notation.
fn segment_text(segment: &Segment, out: &mut String) {
    match segment {
        Segment::Child(name) => {
            let _ = write!(out, "['{name}']");
        }
        Segment::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
        Segment::Wildcard => out.push_str("[*]"),
        Segment::Slice { start, end, step } => {
            out.push('[');
            if let Some(s) = start {
                let _ = write!(out, "{s}");
            }
            out.push(':');
            if let Some(e) = end {
                let _ = write!(out, "{e}");
            }
            if let Some(s) = step {
                let _ = write!(out, ":{s}");
            }
            out.push(']');
        }
        Segment::Union(members) => {
            out.push('[');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match m {
                    UnionMember::Name(n) => {
                        let _ = write!(out, "'{n}'");
                    }
                    UnionMember::Index(x) => {
                        let _ = write!(out, "{x}");
                    }
                }
            }
            out.push(']');
        }
        Segment::Filter(_) => out.push_str("[?]"),
        Segment::Descendant(inner) => {
            out.push_str("..");
            segment_text(inner, out);
        }
    }
}

/// A path in Jayway's normalized notation: `$['a'][0]`.
pub(crate) fn normalized(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for s in segments {
        segment_text(s, &mut out);
    }
    out
}

fn no_results(segments: &[Segment]) -> Miss {
    Miss::NotFound(format!("No results for path: {}", normalized(segments)))
}

fn missing_property(segments: &[Segment]) -> Miss {
    Miss::NotFound(format!("Missing property in path {}", normalized(segments)))
}

fn expected_object(property: &str, before: &[Segment], found: &Value) -> Miss {
    Miss::NotFound(format!(
        "Expected to find an object with property {property} in path {} but found '{}'. This \
         is not a json object.",
        normalized(before),
        type_name(found)
    ))
}

fn not_an_array(segment: &Segment, before: &[Segment], found: &Value) -> Miss {
    if found.is_null() {
        return Miss::NotFound(format!("The path {} is null", normalized(before)));
    }
    let mut token = String::new();
    segment_text(segment, &mut token);
    Miss::NotFound(format!(
        "Filter: {token} can only be applied to arrays. Current context is: {}",
        compact_short(found, 200)
    ))
}

// ---- filters --------------------------------------------------------------------------------

/// A filter operand's value: nothing (a missing path), or a JSON value (borrowed or built).
enum Val<'v> {
    Undefined,
    Json(Cow<'v, Value>),
    Literal(&'v Literal),
    Array(&'v [Literal]),
}

/// A comparable view of a value or literal.
enum View<'v> {
    Null,
    Bool(bool),
    Number(&'v Number),
    String(&'v str),
    Json(&'v Value),
    Literals(&'v [Literal]),
}

fn view_of_value(v: &Value) -> View<'_> {
    match v {
        Value::Null => View::Null,
        Value::Bool(b) => View::Bool(*b),
        Value::Number(n) => View::Number(n),
        Value::String(s) => View::String(s),
        Value::Array(_) | Value::Object(_) => View::Json(v),
    }
}

fn view_of_literal(l: &Literal) -> View<'_> {
    match l {
        Literal::Null => View::Null,
        Literal::Bool(b) => View::Bool(*b),
        Literal::Number(n) => View::Number(n),
        Literal::String(s) => View::String(s),
    }
}

impl Val<'_> {
    fn view(&self) -> Option<View<'_>> {
        match self {
            Val::Undefined => None,
            Val::Json(v) => Some(view_of_value(v)),
            Val::Literal(l) => Some(view_of_literal(l)),
            Val::Array(items) => Some(View::Literals(items)),
        }
    }
}

fn views_equal(a: &View<'_>, b: &View<'_>) -> bool {
    match (a, b) {
        (View::Null, View::Null) => true,
        (View::Bool(x), View::Bool(y)) => x == y,
        (View::Number(x), View::Number(y)) => numbers_equal(x, y),
        (View::String(x), View::String(y)) => x == y,
        (View::Json(x), View::Json(y)) => json_eq(x, y),
        (View::Json(Value::Array(items)), View::Literals(lits))
        | (View::Literals(lits), View::Json(Value::Array(items))) => {
            items.len() == lits.len()
                && items
                    .iter()
                    .zip(lits.iter())
                    .all(|(i, l)| views_equal(&view_of_value(i), &view_of_literal(l)))
        }
        (View::Literals(x), View::Literals(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(i, l)| views_equal(&view_of_literal(i), &view_of_literal(l)))
        }
        _ => false,
    }
}

fn views_order(a: &View<'_>, b: &View<'_>) -> Option<Ordering> {
    match (a, b) {
        (View::Number(x), View::Number(y)) => cmp_numbers(x, y),
        (View::String(x), View::String(y)) => Some(cmp_utf16(x, y)),
        _ => None,
    }
}

/// Whether `value` is a member of the array `list`.
fn is_member(value: &View<'_>, list: &View<'_>) -> bool {
    match list {
        View::Literals(items) => items
            .iter()
            .any(|l| views_equal(value, &view_of_literal(l))),
        View::Json(Value::Array(items)) => {
            items.iter().any(|i| views_equal(value, &view_of_value(i)))
        }
        _ => false,
    }
}

/// Evaluates an operand with `@` = `current`.
fn operand<'v>(op: &'v Operand, current: &'v Value, env: &Env<'v>) -> Val<'v> {
    match op {
        Operand::Literal(l) => Val::Literal(l),
        Operand::Array(items) => Val::Array(items),
        Operand::Current(segments) => match select_from(current, segments, env) {
            Ok(Selected::One(v)) => Val::Json(Cow::Borrowed(v)),
            Ok(many @ Selected::Many(_)) => Val::Json(Cow::Owned(many.into_value())),
            Err(_) => Val::Undefined,
        },
        Operand::Path(path) => match select_raw(path, env) {
            Ok(Selected::One(v)) => Val::Json(Cow::Borrowed(v)),
            Ok(many @ Selected::Many(_)) => Val::Json(Cow::Owned(many.into_value())),
            Err(_) => Val::Undefined,
        },
    }
}

/// Whether an operand selects something (the `[?(@.x)]` test).
fn exists(op: &Operand, current: &Value, env: &Env<'_>) -> bool {
    match op {
        Operand::Current(segments) => {
            select_from(current, segments, env).is_ok_and(|s| !s.is_empty())
        }
        Operand::Path(path) => select_raw(path, env).is_ok_and(|s| !s.is_empty()),
        Operand::Literal(_) | Operand::Array(_) => true,
    }
}

/// Evaluates a filter expression with `@` = `current`.
fn test(expr: &FilterExpr, current: &Value, env: &Env<'_>) -> bool {
    match expr {
        FilterExpr::Exists(op) => exists(op, current, env),
        FilterExpr::Not(inner) => !test(inner, current, env),
        FilterExpr::And(terms) => terms.iter().all(|t| test(t, current, env)),
        FilterExpr::Or(terms) => terms.iter().any(|t| test(t, current, env)),
        FilterExpr::Compare { left, op, right } => {
            let l = operand(left, current, env);
            let r = operand(right, current, env);
            compare(&l, *op, &r)
        }
        FilterExpr::Regex {
            left,
            pattern,
            flags,
        } => match operand(left, current, env).view() {
            Some(View::String(s)) => regex_matches(pattern, flags, s),
            _ => false,
        },
    }
}

fn compare(l: &Val<'_>, op: CompareOp, r: &Val<'_>) -> bool {
    let (Some(a), Some(b)) = (l.view(), r.view()) else {
        // A missing operand: only the negations hold.
        return matches!(op, CompareOp::Ne | CompareOp::Nin);
    };
    match op {
        CompareOp::Eq => views_equal(&a, &b),
        CompareOp::Ne => !views_equal(&a, &b),
        CompareOp::Lt => views_order(&a, &b) == Some(Ordering::Less),
        CompareOp::Le => matches!(views_order(&a, &b), Some(Ordering::Less | Ordering::Equal)),
        CompareOp::Gt => views_order(&a, &b) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            views_order(&a, &b),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::In => is_member(&a, &b),
        CompareOp::Nin => !is_member(&a, &b),
    }
}

/// Regular expressions compiled once per thread, by pattern and flags (bounded).
const REGEX_CACHE_LIMIT: usize = 256;

thread_local! {
    static REGEXES: RefCell<HashMap<(String, String), Option<regex::Regex>>> =
        RefCell::new(HashMap::new());
}

/// Whether `text` matches the whole of `/pattern/flags`.
fn regex_matches(pattern: &str, flags: &str, text: &str) -> bool {
    REGEXES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = (pattern.to_string(), flags.to_string());
        if !cache.contains_key(&key) {
            if cache.len() >= REGEX_CACHE_LIMIT {
                cache.clear();
            }
            let compiled = compile_regex(pattern, flags);
            cache.insert(key.clone(), compiled);
        }
        cache
            .get(&key)
            .and_then(Option::as_ref)
            .is_some_and(|re| re.is_match(text))
    })
}

fn compile_regex(pattern: &str, flags: &str) -> Option<regex::Regex> {
    // Anchored at both ends: Java's `Matcher.matches()` matches the whole input.
    regex::RegexBuilder::new(&format!(r"\A(?:{pattern})\z"))
        .case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .dot_matches_new_line(flags.contains('s'))
        .ignore_whitespace(flags.contains('x'))
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .ok()
}

// ---- ResultPath -----------------------------------------------------------------------------

/// Places `result` into `input` at `result_path` (ResultPath semantics) and returns the new
/// state output.
///
/// `$` replaces the input with the result. `$.a.b` sets `b` in the object at `a`, creating
/// `a` (and every missing intermediate member) as an empty object; an existing member is
/// overwritten. `[i]` steps address existing array elements (negative from the end).
///
/// # Errors
///
/// `States.ResultPathMatchFailure` (`Unable to apply ReferencePath $.x to input "foo"`) when a
/// step meets a value that is not an object (for a name) or not an array with that index;
/// `States.Runtime` when `result_path` is not a Reference Path on `$`.
pub fn set_result(input: Value, result_path: &Path, result: Value) -> Result<Value, EvalError> {
    if result_path.root != Root::Input || !result_path.is_reference_path() {
        return Err(EvalError::runtime(format!(
            "Invalid ResultPath '{}': a ResultPath must be a Reference Path starting with `$` \
             (only `.name`, `['name']` and `[index]` steps)",
            result_path.source()
        )));
    }
    let Some((last, init)) = result_path.segments.split_last() else {
        return Ok(result);
    };
    let mut input = input;
    let failed = match place(&mut input, init, last) {
        Some(slot) => {
            *slot = result;
            false
        }
        None => true,
    };
    if failed {
        return Err(EvalError::result_path_match_failure(format!(
            "Unable to apply ReferencePath {} to input {}",
            result_path.source(),
            compact_short(&input, 1000)
        )));
    }
    Ok(input)
}

/// The slot `init` + `last` designates in `root`, creating missing objects on the way; `None`
/// when a step does not fit the value it meets.
fn place<'v>(root: &'v mut Value, init: &[Segment], last: &Segment) -> Option<&'v mut Value> {
    let mut current = root;
    for segment in init {
        current = match (segment, current) {
            (Segment::Child(name), Value::Object(map)) => map
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            (Segment::Index(index), Value::Array(items)) => element_mut(items, *index)?,
            _ => return None,
        };
    }
    match (last, current) {
        (Segment::Child(name), Value::Object(map)) => {
            Some(map.entry(name.clone()).or_insert(Value::Null))
        }
        (Segment::Index(index), Value::Array(items)) => element_mut(items, *index),
        _ => None,
    }
}

fn element_mut(items: &mut [Value], index: i64) -> Option<&mut Value> {
    let len = items.len() as i128;
    let i = i128::from(index);
    let i = if i < 0 { len + i } else { i };
    if (0..len).contains(&i) {
        items.get_mut(i as usize)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
