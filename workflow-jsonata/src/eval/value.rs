//! JSONata's values while an expression is evaluated: JSON values plus `undefined`,
//! functions, and the flags JSONata keeps on arrays (a sequence of results, a singleton kept
//! as an array, an array built by a constructor, a tuple stream).

use super::func::Func;
use indexmap::IndexMap;
use serde_json::{Number, Value as Json};
use std::rc::Rc;

/// A value.
#[derive(Clone, Debug)]
pub(crate) enum V<'a> {
    /// Nothing (JavaScript's `undefined`).
    Undef,
    /// `null`.
    Null,
    /// A Boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(Rc<str>),
    /// An array or a sequence.
    Arr(Rc<Arr<'a>>),
    /// An object (or a tuple of a tuple stream).
    Obj(Rc<Obj<'a>>),
    /// A function.
    Fun(Rc<Func<'a>>),
}

/// An object: members in insertion order.
pub(crate) type Obj<'a> = IndexMap<String, V<'a>>;

/// An array with JSONata's flags.
#[derive(Clone, Debug, Default)]
pub(crate) struct Arr<'a> {
    pub items: Vec<V<'a>>,
    /// A sequence of results (flattened, and collapsed to its item when singular).
    pub sequence: bool,
    /// Keep as an array even with one item.
    pub keep_singleton: bool,
    /// Built by an array constructor (not flattened into an enclosing sequence).
    pub cons: bool,
    /// The input array wrapped so it is treated as one value.
    pub outer_wrapper: bool,
    /// A stream of tuples (objects holding `@` and the bindings).
    pub tuple_stream: bool,
}

impl<'a> V<'a> {
    /// A string value.
    pub(super) fn str(s: impl Into<Rc<str>>) -> V<'a> {
        V::Str(s.into())
    }

    /// An empty sequence.
    pub(super) fn sequence(items: Vec<V<'a>>) -> V<'a> {
        V::Arr(Rc::new(Arr {
            items,
            sequence: true,
            ..Arr::default()
        }))
    }

    /// A plain array.
    pub(super) fn array(items: Vec<V<'a>>) -> V<'a> {
        V::Arr(Rc::new(Arr {
            items,
            ..Arr::default()
        }))
    }

    /// An object value.
    pub(super) fn object(obj: Obj<'a>) -> V<'a> {
        V::Obj(Rc::new(obj))
    }

    pub(super) fn is_undef(&self) -> bool {
        matches!(self, V::Undef)
    }

    pub(super) fn is_function(&self) -> bool {
        matches!(self, V::Fun(_))
    }

    /// The array, if this is one.
    pub(super) fn as_arr(&self) -> Option<&Arr<'a>> {
        match self {
            V::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// JSONata's type symbol in signatures: `s n b l a o f`, `m` for missing.
    pub(super) fn symbol(&self) -> char {
        match self {
            V::Undef => 'm',
            V::Null => 'l',
            V::Bool(_) => 'b',
            V::Num(_) => 'n',
            V::Str(_) => 's',
            V::Arr(_) => 'a',
            V::Obj(_) => 'o',
            V::Fun(_) => 'f',
        }
    }

    /// JavaScript's `typeof` name (for messages and checks).
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            V::Undef => "undefined",
            V::Null => "null",
            V::Bool(_) => "boolean",
            V::Num(_) => "number",
            V::Str(_) => "string",
            V::Arr(_) => "array",
            V::Obj(_) => "object",
            V::Fun(_) => "function",
        }
    }

    /// The items of an array, or the value alone (undefined: none).
    pub(super) fn items(&self) -> Vec<V<'a>> {
        match self {
            V::Undef => Vec::new(),
            V::Arr(a) => a.items.clone(),
            other => vec![other.clone()],
        }
    }

    /// Mutable access to an array's flags and items (copied if shared).
    pub(super) fn arr_mut(&mut self) -> Option<&mut Arr<'a>> {
        match self {
            V::Arr(a) => Some(Rc::make_mut(a)),
            _ => None,
        }
    }

    /// Converts JSON to a value.
    pub(super) fn from_json(json: &Json) -> V<'a> {
        match json {
            Json::Null => V::Null,
            Json::Bool(b) => V::Bool(*b),
            Json::Number(n) => V::Num(n.as_f64().unwrap_or(0.0)),
            Json::String(s) => V::str(s.as_str()),
            Json::Array(items) => V::array(items.iter().map(V::from_json).collect()),
            Json::Object(map) => V::object(
                map.iter()
                    .map(|(k, v)| (k.clone(), V::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON: `None` for undefined, functions as `""` inside structures (as
    /// `JSON.stringify` with JSONata's replacer writes them), undefined members left out.
    /// Numbers that are whole are written as integers.
    pub(super) fn to_json(&self) -> Option<Json> {
        match self {
            V::Undef => None,
            V::Null => Some(Json::Null),
            V::Bool(b) => Some(Json::Bool(*b)),
            V::Num(n) => Some(number_json(*n)),
            V::Str(s) => Some(Json::String(s.to_string())),
            V::Arr(a) => {
                let items = if a.outer_wrapper && a.items.len() == 1 {
                    return a.items.first().and_then(V::to_json);
                } else {
                    &a.items
                };
                Some(Json::Array(
                    items
                        .iter()
                        .map(|v| v.to_json().unwrap_or(Json::Null))
                        .collect(),
                ))
            }
            V::Obj(o) => Some(Json::Object(
                o.iter()
                    .filter_map(|(k, v)| v.to_json().map(|j| (k.clone(), j)))
                    .collect(),
            )),
            V::Fun(_) => Some(Json::String(String::new())),
        }
    }
}

/// A number as JSON: whole numbers in the safe integer range as integers; NaN and the
/// infinities, which JSON has no literal for, as the strings JavaScript names them by
/// (`"NaN"`, `"Infinity"`, `"-Infinity"`), which is what AWS Step Functions writes for them
/// wherever they stand: `1/0` is `"Infinity"`, `[1/0]` is `["Infinity"]`, `0/0` is `"NaN"`
/// (floci-io/floci issue #2737 and pull request #2783, measured on AWS with TestState).
pub(crate) fn number_json(n: f64) -> Json {
    if n.is_nan() {
        return Json::String("NaN".to_owned());
    }
    if n.is_infinite() {
        let name = if n > 0.0 { "Infinity" } else { "-Infinity" };
        return Json::String(name.to_owned());
    }
    if n == n.trunc() && n.abs() < 9_007_199_254_740_992.0 {
        // `-0` becomes `0`, as JavaScript writes it.
        return Json::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Json::Null, Json::Number)
}

/// Deep equality as JSONata's `=`: numbers by value, arrays item by item, objects by members
/// in any order; functions only when they are the same function.
pub(crate) fn deep_equal(a: &V<'_>, b: &V<'_>) -> bool {
    match (a, b) {
        (V::Undef, V::Undef) | (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Arr(x), V::Arr(y)) => {
            x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (V::Obj(x), V::Obj(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (V::Fun(x), V::Fun(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Strict equality (`===`), as JSONata's `in` uses it: scalars by value, structures only
/// when they are the same one.
pub(crate) fn strict_equal(a: &V<'_>, b: &V<'_>) -> bool {
    match (a, b) {
        (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Arr(x), V::Arr(y)) => Rc::ptr_eq(x, y),
        (V::Obj(x), V::Obj(y)) => Rc::ptr_eq(x, y),
        (V::Fun(x), V::Fun(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// A number written as JavaScript's `String(n)` does.
pub(crate) fn js_number(n: f64) -> String {
    crate::number_text(n)
}

/// A number as JSONata's `$string` writes it: rounded to 15 significant digits first.
pub(crate) fn js_number_15(n: f64) -> String {
    js_number(round_15(n))
}

/// `Number(n.toPrecision(15))`.
pub(crate) fn round_15(n: f64) -> f64 {
    // A whole number below 10^15 has at most 15 significant digits already.
    if n == 0.0 || !n.is_finite() || (n.fract() == 0.0 && n.abs() < 1e15) {
        return n;
    }
    format!("{n:.14e}").parse::<f64>().unwrap_or(n)
}

/// A value as `JSON.stringify` with JSONata's replacer writes it (numbers to 15 significant
/// digits, functions as `""`), compact or indented by two spaces: what `$string` writes. An
/// infinite number inside is `D1001`, as the replacer's `isNumeric` raises it (NaN is written
/// `null`, as `JSON.stringify` writes it).
pub(crate) fn stringify(v: &V<'_>, pretty: bool) -> Result<String, crate::JsonataError> {
    let mut out = String::new();
    write_json(v, pretty, 0, &mut out, Infinite::Refuse)?;
    Ok(out)
}

/// A value written as [`stringify`] does, but an infinite number written `null` (as
/// `JSON.stringify` without JSONata's replacer does): a value named in an error's message.
pub(crate) fn stringify_lossy(v: &V<'_>) -> String {
    let mut out = String::new();
    // Nothing is refused with `Infinite::Null`.
    let _ = write_json(v, false, 0, &mut out, Infinite::Null);
    out
}

/// What [`write_json`] does with an infinite number.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Infinite {
    Refuse,
    Null,
}

fn write_json(
    v: &V<'_>,
    pretty: bool,
    indent: usize,
    out: &mut String,
    infinite: Infinite,
) -> Result<(), crate::JsonataError> {
    // Values come from JSON or from evaluation, whose depth is bounded; an explicit stack
    // would buy nothing here but the stack grows in segments anyway.
    workflow_text::stack::deeper(|| {
        match v {
            V::Undef | V::Null => out.push_str("null"),
            V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            V::Num(n) if n.is_finite() => out.push_str(&js_number_15(*n)),
            V::Num(n) if n.is_infinite() && infinite == Infinite::Refuse => {
                // The message writes the value as JSON text does: `null`.
                return Err(crate::JsonataError::new("D1001").value("null"));
            }
            V::Num(_) => out.push_str("null"),
            V::Str(s) => out.push_str(&json_string_text(s)),
            V::Fun(_) => out.push_str("\"\""),
            V::Arr(a) => {
                let items: &[V<'_>] = if a.outer_wrapper && a.items.len() == 1 {
                    return write_json(&a.items[0], pretty, indent, out, infinite);
                } else {
                    &a.items
                };
                if items.is_empty() {
                    out.push_str("[]");
                    return Ok(());
                }
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(pretty, indent + 1, out);
                    write_json(item, pretty, indent + 1, out, infinite)?;
                }
                newline(pretty, indent, out);
                out.push(']');
            }
            V::Obj(o) => {
                let members: Vec<_> = o.iter().filter(|(_, v)| !v.is_undef()).collect();
                if members.is_empty() {
                    out.push_str("{}");
                    return Ok(());
                }
                out.push('{');
                for (i, (k, item)) in members.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(pretty, indent + 1, out);
                    out.push_str(&json_string_text(k));
                    out.push(':');
                    if pretty {
                        out.push(' ');
                    }
                    write_json(item, pretty, indent + 1, out, infinite)?;
                }
                newline(pretty, indent, out);
                out.push('}');
            }
        }
        Ok(())
    })
}

/// A string as `JSON.stringify` writes it: quoted and escaped, a lone surrogate (held as a
/// character of its own, `workflow_text::surrogate`) as its `\udXXX` escape.
fn json_string_text(s: &str) -> String {
    let text = Json::String(s.to_owned()).to_string();
    if !s
        .chars()
        .any(|c| workflow_text::surrogate::held(c).is_some())
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match workflow_text::surrogate::held(c) {
            Some(unit) => out.push_str(&format!("\\u{unit:04x}")),
            None => out.push(c),
        }
    }
    out
}

fn newline(pretty: bool, indent: usize, out: &mut String) {
    if pretty {
        out.push('\n');
        for _ in 0..indent {
            out.push_str("  ");
        }
    }
}
