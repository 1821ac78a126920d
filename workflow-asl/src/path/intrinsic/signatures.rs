//! What each intrinsic function takes: arity, the JSON types of literal arguments,
//! `States.Format` placeholders, `States.ArrayRange` bounds, `States.Hash` algorithms, literal
//! lengths and the nesting limit.

use super::*;

/// The JSON type of a value, when known statically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    String,
    Number,
    Bool,
    Null,
    Array,
    Object,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "`null`",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }

    fn fix(self) -> &'static str {
        match self {
            Kind::String => "quote text as `'text'` or pass a path",
            Kind::Number => "pass an integer or a path",
            Kind::Bool => "pass `true` or `false`",
            Kind::Null => "pass `null`",
            Kind::Array => "pass a path to an array such as `$.items`",
            Kind::Object => "pass a path to an object such as `$.data`",
        }
    }
}

pub(super) fn kind_of(arg: &Arg) -> Option<Kind> {
    match arg {
        Arg::String(_) => Some(Kind::String),
        Arg::Number(_) => Some(Kind::Number),
        Arg::Bool(_) => Some(Kind::Bool),
        Arg::Null => Some(Kind::Null),
        Arg::Path(_) => None,
        Arg::Call(call) => call.function.returns(),
    }
}

/// How an argument is named in a message: its text (shortened) and what it is.
pub(super) fn describe(arg: &ArgAt) -> String {
    match (&arg.arg, kind_of(&arg.arg)) {
        (Arg::Call(call), Some(kind)) => {
            format!(
                "`{}(...)`, which returns {}",
                call.function,
                kind.describe()
            )
        }
        (_, Some(kind)) => format!("`{}`, {}", shorten(&arg.source), kind.describe()),
        (_, None) => format!("`{}`", shorten(&arg.source)),
    }
}

pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX - 3).collect();
        format!("{head}...")
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

pub(super) fn check_call(call: &Intrinsic, depth: usize, errors: &mut Vec<PathError>) {
    if depth == MAX_INTRINSIC_DEPTH + 1 {
        errors.push(PathError::new(
            call.offset,
            format!(
                "intrinsic functions nest at most {MAX_INTRINSIC_DEPTH} deep; `{}` is at depth \
                 {depth}, so compute part of the value in an earlier state",
                call.function
            ),
        ));
    }
    check_arity(call, errors);
    check_arguments(call, errors);
    if depth >= MAX_NESTING {
        return;
    }
    for arg in &call.args {
        if let Arg::Call(inner) = &arg.arg {
            check_call(inner, depth + 1, errors);
        }
    }
}

pub(super) fn check_arity(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let (min, max) = call.function.arity();
    let given = call.args.len();
    if given >= min && max.is_none_or(|max| given <= max) {
        return;
    }
    let expected = match max {
        Some(0) => "no arguments".to_string(),
        Some(max) if max == min => format!("exactly {}", plural(min, "argument", "arguments")),
        Some(max) => format!("{min} or {max} arguments"),
        None => format!("at least {}", plural(min, "argument", "arguments")),
    };
    let given_text = match given {
        0 => "none was given".to_string(),
        1 => "1 was given".to_string(),
        n => format!("{n} were given"),
    };
    let fix = if given < min {
        "add the missing arguments"
    } else {
        "remove the extra arguments"
    };
    errors.push(PathError::new(
        call.offset,
        format!(
            "`{}` takes {expected} but {given_text}; {fix}",
            call.function
        ),
    ));
}

pub(super) fn check_arguments(call: &Intrinsic, errors: &mut Vec<PathError>) {
    use IntrinsicFunction as F;
    match call.function {
        F::Format => check_format(call, errors),
        F::StringToJson => expect_kind(call, 0, Kind::String, errors),
        F::JsonToString => check_json_to_string(call, errors),
        F::Array | F::UUID => {}
        F::ArrayPartition => {
            expect_kind(call, 0, Kind::Array, errors);
            if expect_integer(call, 1, errors).is_some_and(|chunk| chunk <= 0) {
                push(call, 1, errors, |arg| {
                    format!(
                        "`{}` chunk size must be a positive integer, got `{}`; use 1 or more",
                        call.function, arg.source
                    )
                });
            }
        }
        F::ArrayContains | F::ArrayLength | F::ArrayUnique => {
            expect_kind(call, 0, Kind::Array, errors);
        }
        F::ArrayGetItem => {
            expect_kind(call, 0, Kind::Array, errors);
            if expect_integer(call, 1, errors).is_some_and(|index| index < 0) {
                push(call, 1, errors, |arg| {
                    format!(
                        "`{}` index must not be negative, got `{}`; indices start at 0",
                        call.function, arg.source
                    )
                });
            }
        }
        F::ArrayRange => check_array_range(call, errors),
        F::Base64Encode | F::Base64Decode => {
            expect_kind(call, 0, Kind::String, errors);
            check_literal_length(call, 0, errors);
        }
        F::Hash => {
            check_literal_length(call, 0, errors);
            check_hash_algorithm(call, errors);
        }
        F::JsonMerge => {
            expect_kind(call, 0, Kind::Object, errors);
            expect_kind(call, 1, Kind::Object, errors);
            expect_kind(call, 2, Kind::Bool, errors);
        }
        F::MathRandom | F::MathAdd => {
            for index in 0..call.args.len() {
                expect_integer(call, index, errors);
            }
        }
        F::StringSplit => {
            expect_kind(call, 0, Kind::String, errors);
            expect_kind(call, 1, Kind::String, errors);
        }
    }
}

/// Pushes an error located at argument `index` (when it exists).
pub(super) fn push(
    call: &Intrinsic,
    index: usize,
    errors: &mut Vec<PathError>,
    message: impl FnOnce(&ArgAt) -> String,
) {
    if let Some(arg) = call.args.get(index) {
        errors.push(PathError::new(arg.offset, message(arg)));
    }
}

pub(super) fn expect_kind(call: &Intrinsic, index: usize, want: Kind, errors: &mut Vec<PathError>) {
    let Some(arg) = call.args.get(index) else {
        return;
    };
    if kind_of(&arg.arg).is_some_and(|kind| kind != want) {
        errors.push(PathError::new(
            arg.offset,
            format!(
                "`{}` needs {} as argument {}, got {}; {}",
                call.function,
                want.describe(),
                index + 1,
                describe(arg),
                want.fix()
            ),
        ));
    }
}

/// Checks that argument `index` can be an integer; returns its value when it is a literal.
pub(super) fn expect_integer(
    call: &Intrinsic,
    index: usize,
    errors: &mut Vec<PathError>,
) -> Option<i128> {
    let arg = call.args.get(index)?;
    match &arg.arg {
        Arg::Number(n) => {
            let value = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
            if value.is_none() {
                errors.push(PathError::new(
                    arg.offset,
                    format!(
                        "`{}` needs an integer as argument {}, got `{}`; remove the fraction",
                        call.function,
                        index + 1,
                        arg.source
                    ),
                ));
            }
            value
        }
        other => {
            if kind_of(other).is_some_and(|kind| kind != Kind::Number) {
                errors.push(PathError::new(
                    arg.offset,
                    format!(
                        "`{}` needs an integer as argument {}, got {}; {}",
                        call.function,
                        index + 1,
                        describe(arg),
                        Kind::Number.fix()
                    ),
                ));
            }
            None
        }
    }
}

pub(super) fn check_format(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let Some(template) = call.args.first() else {
        return;
    };
    let values = call.args.len().saturating_sub(1);
    match &template.arg {
        Arg::String(_) => {
            let placeholders = count_placeholders(&template.source);
            if placeholders != values {
                errors.push(PathError::new(
                    template.offset,
                    format!(
                        "`States.Format` template has {} but {} {}; make them match",
                        plural(placeholders, "`{}` placeholder", "`{}` placeholders"),
                        plural(values, "argument", "arguments"),
                        if values == 1 { "follows" } else { "follow" }
                    ),
                ));
            }
        }
        Arg::Path(_) => {}
        Arg::Call(inner) if inner.function.may_return_string() => {}
        _ => errors.push(PathError::new(
            template.offset,
            format!(
                "`States.Format` needs a string literal or a path as its template, got {}; write \
                 the template as `'text with {{}}'`",
                describe(template)
            ),
        )),
    }
    for (index, arg) in call.args.iter().enumerate().skip(1) {
        if matches!(kind_of(&arg.arg), Some(Kind::Array | Kind::Object)) {
            errors.push(PathError::new(
                arg.offset,
                format!(
                    "`States.Format` arguments must be strings, numbers, booleans or `null`, but \
                     argument {} is {}; pass a single value instead, e.g. with \
                     `States.ArrayGetItem`",
                    index + 1,
                    describe(arg),
                ),
            ));
        }
    }
}

/// Counts unescaped `{}` in a string literal as written (quotes and escapes included).
pub(super) fn count_placeholders(source: &str) -> usize {
    let mut count = 0;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                count += 1;
            }
            _ => {}
        }
    }
    count
}

pub(super) fn check_json_to_string(call: &Intrinsic, errors: &mut Vec<PathError>) {
    if let Some(arg) = call.args.first()
        && !matches!(arg.arg, Arg::Path(_))
    {
        errors.push(PathError::new(
            arg.offset,
            format!(
                "`States.JsonToString` needs a path such as `$.data` as its argument, got {}; \
                 pass the path of the value to serialise",
                describe(arg)
            ),
        ));
    }
}

pub(super) fn check_array_range(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let start = expect_integer(call, 0, errors);
    let end = expect_integer(call, 1, errors);
    let step = expect_integer(call, 2, errors);
    if step == Some(0) {
        push(call, 2, errors, |_| {
            "`States.ArrayRange` step must not be 0; use a positive or a negative step".to_string()
        });
    }
    if let (Some(start), Some(end), Some(step)) = (start, end, step) {
        let len = range_len(start, end, step);
        if len > MAX_ARRAY_RANGE_LEN as i128 {
            errors.push(PathError::new(
                call.offset,
                format!(
                    "`States.ArrayRange({start}, {end}, {step})` would produce {len} elements, \
                     more than the {MAX_ARRAY_RANGE_LEN} allowed; narrow the range or take a \
                     larger step"
                ),
            ));
        }
    }
}

/// How many elements `States.ArrayRange(start, end, step)` yields (both ends inclusive).
pub(super) fn range_len(start: i128, end: i128, step: i128) -> i128 {
    match step {
        0 => 0,
        s if s > 0 && end >= start => (end - start) / s + 1,
        s if s < 0 && start >= end => (start - end) / -s + 1,
        _ => 0,
    }
}

pub(super) fn check_literal_length(call: &Intrinsic, index: usize, errors: &mut Vec<PathError>) {
    if let Some(ArgAt {
        arg: Arg::String(s),
        offset,
        ..
    }) = call.args.get(index)
    {
        let len = s.chars().count();
        if len > MAX_INTRINSIC_INPUT_CHARS {
            errors.push(PathError::new(
                *offset,
                format!(
                    "`{}` accepts at most {MAX_INTRINSIC_INPUT_CHARS} characters, but this literal \
                     has {len}; pass a shorter string",
                    call.function
                ),
            ));
        }
    }
}

pub(super) fn check_hash_algorithm(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let Some(arg) = call.args.get(1) else {
        return;
    };
    match &arg.arg {
        Arg::String(name) if HASH_ALGORITHMS.contains(&name.as_str()) => {}
        Arg::String(name) => {
            let hint = match workflow_text::suggest::did_you_mean(name, &HASH_ALGORITHMS) {
                Some(algorithm) => format!("did you mean `'{algorithm}'`?"),
                None => format!("use one of {}", HASH_ALGORITHMS.join(", ")),
            };
            errors.push(PathError::new(
                arg.offset,
                format!("unknown `States.Hash` algorithm `{name}`; {hint}"),
            ));
        }
        _ => expect_kind(call, 1, Kind::String, errors),
    }
}
