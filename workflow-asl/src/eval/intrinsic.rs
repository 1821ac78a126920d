//! The 18 intrinsic functions (the semantics: the `eval` module's "Intrinsic functions").

use super::env::{Entropy, Env};
use super::error::EvalError;
use super::select::{Miss, select_raw};
use super::value::{compact, java_round, json_eq, json_hash, type_name};
use crate::path::{
    Arg, Intrinsic, IntrinsicFunction, MAX_INTRINSIC_INPUT_CHARS, MAX_NESTING, Path,
};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use workflow_jsonata::step_functions::{HASH_ALGORITHMS, MAX_ARRAY_RANGE_LEN, hex_digest};

/// An intrinsic call prepared for repeated evaluation: literals converted to JSON once,
/// `States.Format` literal templates split at their placeholders once.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledIntrinsic {
    function: IntrinsicFunction,
    args: Vec<CompiledArg>,
    /// The pieces between the placeholders of a literal `States.Format` template.
    format_pieces: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
enum CompiledArg {
    Literal(Value),
    Path(Path),
    Call(Box<CompiledIntrinsic>),
}

/// Why an evaluation failed: a path that selected nothing (reported in the words of the
/// field that holds the call) or any other error.
#[derive(Debug)]
pub(crate) enum Failure<'p> {
    /// A path argument selected nothing.
    Miss(&'p Path, Miss),
    /// Anything else.
    Error(EvalError),
}

impl From<EvalError> for Failure<'_> {
    fn from(e: EvalError) -> Self {
        Failure::Error(e)
    }
}

impl Failure<'_> {
    /// The error as [`call`] reports it.
    pub(crate) fn into_error(self) -> EvalError {
        match self {
            Failure::Miss(path, miss) => miss.into_error(path),
            Failure::Error(e) => e,
        }
    }
}

/// Evaluates an intrinsic function call.
///
/// Prefer [`CompiledIntrinsic`] (or a [`Template`](super::Template)) when the same call runs
/// more than once: this function prepares the call each time.
///
/// # Errors
///
/// `States.IntrinsicFailure` when the function fails (wrong argument types, index out of
/// range, malformed JSON, ...); `States.Runtime` when a path argument selects nothing.
pub fn call(
    intrinsic: &Intrinsic,
    env: &Env<'_>,
    entropy: &mut dyn Entropy,
) -> Result<Value, EvalError> {
    CompiledIntrinsic::compile(intrinsic)?.evaluate(env, entropy)
}

impl CompiledIntrinsic {
    /// Prepares a parsed call.
    ///
    /// # Errors
    ///
    /// `States.Runtime` when calls nest deeper than [`MAX_NESTING`] (the parser never
    /// produces such a call).
    pub fn compile(intrinsic: &Intrinsic) -> Result<Self, EvalError> {
        compile_at(intrinsic, 1)
    }

    /// Parses and prepares intrinsic text such as `States.MathAdd($.n, 1)`.
    ///
    /// # Errors
    ///
    /// `States.Runtime` with the parser's message when the text is not a valid call.
    pub fn parse(text: &str) -> Result<Self, EvalError> {
        let parsed = crate::path::parse_intrinsic(text)
            .map_err(|e| EvalError::runtime(format!("Invalid intrinsic function '{text}': {e}")))?;
        Self::compile(&parsed)
    }

    /// The function called.
    pub fn function(&self) -> IntrinsicFunction {
        self.function
    }

    /// Evaluates the call.
    ///
    /// # Errors
    ///
    /// As [`call`].
    pub fn evaluate(&self, env: &Env<'_>, entropy: &mut dyn Entropy) -> Result<Value, EvalError> {
        self.eval(env, entropy).map_err(Failure::into_error)
    }

    /// Evaluates the call, keeping path misses apart.
    pub(crate) fn eval<'s>(
        &'s self,
        env: &Env<'s>,
        entropy: &mut dyn Entropy,
    ) -> Result<Value, Failure<'s>> {
        let (min, max) = self.function.arity();
        let given = self.args.len();
        if given < min || max.is_some_and(|max| given > max) {
            return Err(self.fail(format!(
                "expected {} but got {given}",
                match max {
                    Some(max) if max == min => format!("{min} argument(s)"),
                    Some(max) => format!("{min} to {max} arguments"),
                    None => format!("at least {min} argument(s)"),
                }
            )));
        }
        // Up to three arguments live on the stack; only `Format` and `Array` may need more.
        const INLINE: usize = 3;
        if given <= INLINE {
            let mut inline: [Cow<'s, Value>; INLINE] = [NULL, NULL, NULL];
            for (slot, arg) in inline.iter_mut().zip(&self.args) {
                *slot = eval_arg(arg, env, entropy)?;
            }
            let mut args = inline.into_iter().take(given);
            self.apply(&mut args, entropy).map_err(Failure::Error)
        } else {
            let mut values = Vec::with_capacity(given);
            for arg in &self.args {
                values.push(eval_arg(arg, env, entropy)?);
            }
            self.apply(&mut values.into_iter(), entropy)
                .map_err(Failure::Error)
        }
    }

    fn fail(&self, message: impl std::fmt::Display) -> Failure<'static> {
        Failure::Error(failure(self.function, message))
    }

    fn apply<'v>(
        &self,
        args: &mut dyn Iterator<Item = Cow<'v, Value>>,
        entropy: &mut dyn Entropy,
    ) -> Result<Value, EvalError> {
        use IntrinsicFunction as F;
        let f = self.function;
        match f {
            F::Format => {
                let template = take(args);
                let values: Vec<Cow<'_, Value>> = (&mut *args).collect();
                format(f, self.format_pieces.as_deref(), &template, &values)
            }
            F::StringToJson => {
                let arg = take(args);
                string_to_json(f, string_arg(f, &arg, 1)?)
            }
            F::JsonToString => Ok(Value::String(compact(&take(args)))),
            F::Array => Ok(Value::Array((&mut *args).map(Cow::into_owned).collect())),
            F::ArrayPartition => {
                let items = array_arg(f, take(args), 1)?;
                let chunk = rounded_arg(f, &take(args), 2)?;
                if chunk <= 0 {
                    return Err(failure(
                        f,
                        format!("the chunk size must be a positive integer, got {chunk}"),
                    ));
                }
                let chunk = usize::try_from(chunk).unwrap_or(usize::MAX);
                Ok(Value::Array(partition(items, chunk)))
            }
            F::ArrayContains => {
                let array = take(args);
                let needle = take(args);
                let Value::Array(items) = array.as_ref() else {
                    return Err(type_failure(f, 1, "an array", &array));
                };
                Ok(Value::Bool(items.iter().any(|v| json_eq(v, &needle))))
            }
            F::ArrayRange => {
                let start = rounded_arg(f, &take(args), 1)?;
                let end = rounded_arg(f, &take(args), 2)?;
                let step = rounded_arg(f, &take(args), 3)?;
                array_range(f, start, end, step)
            }
            F::ArrayGetItem => {
                let array = take(args);
                let index = take(args);
                get_item(f, array, &index)
            }
            F::ArrayLength => {
                let array = take(args);
                match array.as_ref() {
                    Value::Array(items) => Ok(Value::from(items.len())),
                    other => Err(type_failure(f, 1, "an array", other)),
                }
            }
            F::ArrayUnique => Ok(Value::Array(unique(array_arg(f, take(args), 1)?))),
            F::Base64Encode => {
                use base64::Engine as _;
                let arg = take(args);
                let text = string_arg(f, &arg, 1)?;
                check_length(f, text)?;
                Ok(Value::String(
                    base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
                ))
            }
            F::Base64Decode => {
                let arg = take(args);
                let text = string_arg(f, &arg, 1)?;
                check_length(f, text)?;
                base64_decode(f, text)
            }
            F::Hash => {
                let data = take(args);
                let algorithm = take(args);
                hash(f, &data, &algorithm)
            }
            F::JsonMerge => {
                let a = object_arg(f, take(args), 1)?;
                let b = object_arg(f, take(args), 2)?;
                let deep = match take(args).as_ref() {
                    Value::Bool(deep) => *deep,
                    other => return Err(type_failure(f, 3, "a boolean", other)),
                };
                Ok(Value::Object(if deep {
                    deep_merge(a, b)
                } else {
                    shallow_merge(a, b)
                }))
            }
            F::MathRandom => {
                let start = rounded_arg(f, &take(args), 1)?;
                let end = rounded_arg(f, &take(args), 2)?;
                let seed = match args.next() {
                    Some(seed) => Some(rounded_arg(f, &seed, 3)?),
                    None => None,
                };
                if end <= start {
                    return Err(failure(
                        f,
                        format!(
                            "the end ({end}) must be greater than the start ({start}); the \
                             result is at least start and less than end"
                        ),
                    ));
                }
                Ok(Value::from(entropy.random_int(start, end, seed)))
            }
            F::MathAdd => {
                let a = rounded_arg(f, &take(args), 1)?;
                let b = rounded_arg(f, &take(args), 2)?;
                a.checked_add(b).map(Value::from).ok_or_else(|| {
                    failure(
                        f,
                        format!("the sum of {a} and {b} is out of the integer range"),
                    )
                })
            }
            F::StringSplit => {
                let (text, delimiters) = (take(args), take(args));
                Ok(string_split(
                    string_arg(f, &text, 1)?,
                    string_arg(f, &delimiters, 2)?,
                ))
            }
            F::UUID => Ok(Value::String(entropy.uuid())),
        }
    }
}

fn compile_at(intrinsic: &Intrinsic, depth: usize) -> Result<CompiledIntrinsic, EvalError> {
    if depth > MAX_NESTING {
        return Err(EvalError::runtime(format!(
            "intrinsic functions nested deeper than {MAX_NESTING} levels"
        )));
    }
    let mut args = Vec::with_capacity(intrinsic.args.len());
    for arg in &intrinsic.args {
        args.push(match &arg.arg {
            Arg::String(s) => CompiledArg::Literal(Value::String(s.clone())),
            Arg::Number(n) => CompiledArg::Literal(Value::Number(n.clone())),
            Arg::Bool(b) => CompiledArg::Literal(Value::Bool(*b)),
            Arg::Null => CompiledArg::Literal(Value::Null),
            Arg::Path(p) => CompiledArg::Path(p.clone()),
            Arg::Call(inner) => CompiledArg::Call(Box::new(compile_at(inner, depth + 1)?)),
        });
    }
    let format_pieces = match (intrinsic.function, intrinsic.args.first()) {
        (IntrinsicFunction::Format, Some(first)) if matches!(first.arg, Arg::String(_)) => {
            Some(split_literal_template(&first.source))
        }
        _ => None,
    };
    Ok(CompiledIntrinsic {
        function: intrinsic.function,
        args,
        format_pieces,
    })
}

// ---- argument helpers -----------------------------------------------------------------------

fn failure(f: IntrinsicFunction, message: impl std::fmt::Display) -> EvalError {
    EvalError::intrinsic_failure(format!("{}: {message}", f.name()))
}

fn type_failure(f: IntrinsicFunction, position: usize, want: &str, got: &Value) -> EvalError {
    failure(
        f,
        format!(
            "argument {position} must be {want}, but it is {} ({})",
            article(type_name(got)),
            super::value::compact_short(got, 100)
        ),
    )
}

fn article(kind: &str) -> String {
    match kind {
        "null" => "null".to_string(),
        "array" | "object" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

/// The next argument (`null` past the last: arity is checked before).
fn take<'v>(args: &mut dyn Iterator<Item = Cow<'v, Value>>) -> Cow<'v, Value> {
    args.next().unwrap_or(NULL)
}

/// An empty argument slot.
const NULL: Cow<'static, Value> = Cow::Owned(Value::Null);

/// Evaluates one argument: literals and path values are borrowed, call results owned.
fn eval_arg<'s>(
    arg: &'s CompiledArg,
    env: &Env<'s>,
    entropy: &mut dyn Entropy,
) -> Result<Cow<'s, Value>, Failure<'s>> {
    Ok(match arg {
        CompiledArg::Literal(v) => Cow::Borrowed(v),
        CompiledArg::Path(path) => match select_raw(path, env) {
            Ok(selected) => selected.into_cow(),
            Err(miss) => return Err(Failure::Miss(path, miss)),
        },
        CompiledArg::Call(inner) => Cow::Owned(inner.eval(env, entropy)?),
    })
}

fn string_arg(f: IntrinsicFunction, v: &Value, position: usize) -> Result<&str, EvalError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(type_failure(f, position, "a string", other)),
    }
}

/// The elements of an array argument (moved when owned, copied when borrowed).
fn array_arg(
    f: IntrinsicFunction,
    v: Cow<'_, Value>,
    position: usize,
) -> Result<Vec<Value>, EvalError> {
    match v {
        Cow::Owned(Value::Array(items)) => Ok(items),
        Cow::Borrowed(Value::Array(items)) => Ok(items.clone()),
        other => Err(type_failure(f, position, "an array", &other)),
    }
}

fn object_arg(
    f: IntrinsicFunction,
    v: Cow<'_, Value>,
    position: usize,
) -> Result<Map<String, Value>, EvalError> {
    match v {
        Cow::Owned(Value::Object(map)) => Ok(map),
        Cow::Borrowed(Value::Object(map)) => Ok(map.clone()),
        other => Err(type_failure(f, position, "an object", &other)),
    }
}

/// An integer argument; a fraction is rounded as Java's `Math.round` does.
fn rounded_arg(f: IntrinsicFunction, v: &Value, position: usize) -> Result<i64, EvalError> {
    match v {
        Value::Number(n) => java_round(n).ok_or_else(|| {
            failure(
                f,
                format!("argument {position} ({n}) is out of the integer range"),
            )
        }),
        other => Err(type_failure(f, position, "an integer", other)),
    }
}

fn check_length(f: IntrinsicFunction, text: &str) -> Result<(), EvalError> {
    // Byte length bounds character count from above: count only when it could matter.
    if text.len() > MAX_INTRINSIC_INPUT_CHARS {
        let chars = text.chars().count();
        if chars > MAX_INTRINSIC_INPUT_CHARS {
            return Err(failure(
                f,
                format!(
                    "the input has {chars} characters, more than the {MAX_INTRINSIC_INPUT_CHARS} \
                     allowed"
                ),
            ));
        }
    }
    Ok(())
}

// ---- the functions --------------------------------------------------------------------------

/// Splits a literal template, as written (quotes and escapes included), at its `{}`.
fn split_literal_template(source: &str) -> Vec<String> {
    let inner = source
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(source);
    let mut pieces = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        let current = pieces.last_mut();
        match c {
            '\\' => {
                if let (Some(escaped), Some(piece)) = (chars.next(), current) {
                    piece.push(escaped);
                }
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.push(String::new());
            }
            other => {
                if let Some(piece) = current {
                    piece.push(other);
                }
            }
        }
    }
    pieces
}

fn format(
    f: IntrinsicFunction,
    literal: Option<&[String]>,
    template: &Value,
    values: &[Cow<'_, Value>],
) -> Result<Value, EvalError> {
    let runtime_pieces: Vec<&str>;
    let pieces: Vec<&str> = match (literal, template) {
        (Some(pieces), _) => pieces.iter().map(String::as_str).collect(),
        (None, Value::String(text)) => {
            runtime_pieces = text.split("{}").collect();
            runtime_pieces
        }
        (None, other) => return Err(type_failure(f, 1, "a string", other)),
    };
    let placeholders = pieces.len() - 1;
    if placeholders != values.len() {
        return Err(failure(
            f,
            format!(
                "the template has {placeholders} placeholder(s) '{{}}' but {} value(s) follow it",
                values.len()
            ),
        ));
    }
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        out.push_str(piece);
        if let Some(value) = values.get(i) {
            render_java(value, &mut out);
        }
    }
    Ok(Value::String(out))
}

/// Renders a value as `States.Format` inserts it: strings bare, scalars as JSON, objects and
/// arrays as Java's `toString` (`{a=1, b=[x, 2]}`). Iterative.
fn render_java(value: &Value, out: &mut String) {
    enum Task<'v> {
        Value(&'v Value),
        Text(&'static str),
        Key(&'v str),
    }
    let mut tasks = vec![Task::Value(value)];
    while let Some(task) = tasks.pop() {
        match task {
            Task::Text(t) => out.push_str(t),
            Task::Key(k) => {
                out.push_str(k);
                out.push('=');
            }
            Task::Value(v) => match v {
                Value::String(s) => out.push_str(s),
                Value::Array(items) => {
                    out.push('[');
                    tasks.push(Task::Text("]"));
                    for (i, item) in items.iter().enumerate().rev() {
                        tasks.push(Task::Value(item));
                        if i > 0 {
                            tasks.push(Task::Text(", "));
                        }
                    }
                }
                Value::Object(map) => {
                    out.push('{');
                    tasks.push(Task::Text("}"));
                    let entries: Vec<(&String, &Value)> = map.iter().collect();
                    for (i, (k, item)) in entries.into_iter().enumerate().rev() {
                        tasks.push(Task::Value(item));
                        tasks.push(Task::Key(k));
                        if i > 0 {
                            tasks.push(Task::Text(", "));
                        }
                    }
                }
                scalar => out.push_str(&compact(scalar)),
            },
        }
    }
}

fn string_to_json(f: IntrinsicFunction, text: &str) -> Result<Value, EvalError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut value = workflow_text::json::parse_data(text).map_err(|e| {
        failure(
            f,
            format!(
                "the string is not valid JSON ({e}): {}",
                super::value::compact_short(&Value::String(text.to_string()), 100)
            ),
        )
    })?;
    if text.contains("-0") {
        integer_negative_zero(&mut value);
    }
    Ok(value)
}

/// AWS (Jackson) reads `-0` as the integer 0, where serde_json reads the float `-0.0`.
fn integer_negative_zero(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Number(n) if n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()) => {
                *v = Value::from(0);
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

fn partition(items: Vec<Value>, chunk: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len().div_ceil(chunk));
    let mut current = Vec::new();
    for item in items {
        if current.is_empty() {
            current.reserve(chunk.min(1024));
        }
        current.push(item);
        if current.len() == chunk {
            out.push(Value::Array(std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        out.push(Value::Array(current));
    }
    out
}

fn array_range(f: IntrinsicFunction, start: i64, end: i64, step: i64) -> Result<Value, EvalError> {
    if step == 0 {
        return Err(failure(f, "the step must not be 0"));
    }
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let len = if step > 0 && end >= start {
        (end - start) / step + 1
    } else if step < 0 && start >= end {
        (start - end) / -step + 1
    } else {
        0
    };
    if len > MAX_ARRAY_RANGE_LEN as i128 {
        return Err(failure(
            f,
            format!(
                "the range would have {len} elements, more than the {MAX_ARRAY_RANGE_LEN} allowed"
            ),
        ));
    }
    Ok(Value::Array(
        (0..len)
            .map(|i| Value::from((start + i * step) as i64))
            .collect(),
    ))
}

fn get_item(
    f: IntrinsicFunction,
    array: Cow<'_, Value>,
    index: &Value,
) -> Result<Value, EvalError> {
    let Value::Number(n) = index else {
        return Err(type_failure(f, 2, "an integer", index));
    };
    let Some(i) = super::value::as_i128(n) else {
        return Err(failure(f, format!("the index must be an integer, got {n}")));
    };
    let len = match array.as_ref() {
        Value::Array(items) => items.len(),
        other => return Err(type_failure(f, 1, "an array", other)),
    };
    if i < 0 || i >= len as i128 {
        return Err(failure(
            f,
            format!("the index {i} is out of range for an array of {len} element(s)"),
        ));
    }
    let i = i as usize;
    Ok(match array {
        Cow::Owned(Value::Array(mut items)) => items.swap_remove(i),
        Cow::Borrowed(Value::Array(items)) => items.get(i).cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    })
}

fn unique(items: Vec<Value>) -> Vec<Value> {
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::with_capacity(items.len());
    for item in items {
        let h = json_hash(&item);
        let bucket = by_hash.entry(h).or_default();
        if bucket
            .iter()
            .any(|&i| kept.get(i).is_some_and(|k| json_eq(k, &item)))
        {
            continue;
        }
        bucket.push(kept.len());
        kept.push(item);
    }
    kept
}

fn base64_decode(f: IntrinsicFunction, text: &str) -> Result<Value, EvalError> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = LENIENT
        .decode(text.as_bytes())
        .map_err(|e| failure(f, format!("the input is not valid Base64: {e}")))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| failure(f, "the decoded bytes are not UTF-8 text"))
}

fn hash(f: IntrinsicFunction, data: &Value, algorithm: &Value) -> Result<Value, EvalError> {
    let text: Cow<'_, str> = match data {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(compact(other)),
    };
    check_length(f, &text)?;
    let Value::String(name) = algorithm else {
        return Err(type_failure(f, 2, "a string", algorithm));
    };
    match hex_digest(name, text.as_bytes()) {
        Some(digest) => Ok(Value::String(digest)),
        None => Err(failure(
            f,
            format!(
                "unknown hash algorithm '{name}'; use one of {}",
                HASH_ALGORITHMS.join(", ")
            ),
        )),
    }
}

fn shallow_merge(mut a: Map<String, Value>, b: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in b {
        a.insert(k, v);
    }
    a
}

/// Merges `b` into `a`, merging nested objects present in both. Iterative.
fn deep_merge(a: Map<String, Value>, b: Map<String, Value>) -> Map<String, Value> {
    struct Frame {
        target: Map<String, Value>,
        source: serde_json::map::IntoIter,
        key: Option<String>,
    }
    let mut stack = vec![Frame {
        target: a,
        source: b.into_iter(),
        key: None,
    }];
    loop {
        let Some(top) = stack.last_mut() else {
            return Map::new();
        };
        match top.source.next() {
            Some((k, Value::Object(incoming))) => {
                if let Some(Value::Object(existing)) = top.target.get_mut(&k) {
                    let target = std::mem::take(existing);
                    stack.push(Frame {
                        target,
                        source: incoming.into_iter(),
                        key: Some(k),
                    });
                } else {
                    top.target.insert(k, Value::Object(incoming));
                }
            }
            Some((k, v)) => {
                top.target.insert(k, v);
            }
            None => {
                let Some(done) = stack.pop() else {
                    return Map::new();
                };
                match (stack.last_mut(), done.key) {
                    (Some(parent), Some(key)) => {
                        parent.target.insert(key, Value::Object(done.target));
                    }
                    _ => return done.target,
                }
            }
        }
    }
}

fn string_split(text: &str, delimiters: &str) -> Value {
    let pieces: Vec<Value> = if delimiters.is_empty() {
        if text.is_empty() {
            Vec::new()
        } else {
            vec![Value::String(text.to_string())]
        }
    } else {
        let single = {
            let mut chars = delimiters.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        let split: Box<dyn Iterator<Item = &str>> = match single {
            Some(c) => Box::new(text.split(c)),
            None => Box::new(text.split(|c: char| delimiters.contains(c))),
        };
        split
            .filter(|p| !p.is_empty())
            .map(|p| Value::String(p.to_string()))
            .collect()
    };
    Value::Array(pieces)
}

#[cfg(test)]
mod tests;
