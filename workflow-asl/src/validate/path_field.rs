//! Path fields (`InputPath`, `ResultPath`, `…SecondsPath`, Map `…Path` fields, Choice
//! `Variable` and `…Path` operands, Fail `ErrorPath`/`CausePath`): valid JSONPath, Reference
//! Paths where required, intrinsic functions where allowed, `${Name}` substitutions noted.

use super::Cx;
use super::shown::show;
use crate::diagnostic::{Field, field_named, message};
use crate::path::{
    Intrinsic, PathError, PathString, Segment, contains_substitution, is_whole_substitution,
};
use crate::{Code, Pointer};

/// What a path field may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathRule {
    /// Any JSONPath: `$…`, `$$…` (context object) or `$var…` (a variable).
    Any,
    /// A Reference Path (one node, no wildcards, filters, slices or unions); `$$` and
    /// variables allowed (`SecondsPath`, `TimeoutSecondsPath`, `…Path` comparison operands).
    Reference,
    /// `ResultPath`: a Reference Path on the input; neither `$$` nor a variable.
    ResultPath,
    /// `ErrorPath` / `CausePath`: a Reference Path or an intrinsic function returning a string.
    PathOrStringIntrinsic,
}

/// Checks one path field (`field` names it in messages).
pub(crate) fn check_path_field(
    cx: &mut Cx<'_>,
    pointer: Pointer,
    field: &str,
    path: &PathString,
    rule: PathRule,
) {
    let text = path.text();
    if let Some(name) = is_whole_substitution(text) {
        cx.info(
            Code::DeploymentSubstitution,
            pointer,
            message![field_named(field), format!(" is the deployment substitution `${{{name}}}`; it is checked once it is substituted")],
        );
        return;
    }
    if rule == PathRule::PathOrStringIntrinsic
        && let Some(call) = path.intrinsic()
    {
        check_string_intrinsic(cx, pointer, field, text, call);
        return;
    }
    let path = match path.path() {
        Ok(path) => path,
        Err(e) => {
            if contains_substitution(text) {
                substituted(cx, pointer, field, text);
            } else {
                let hint = if rule == PathRule::PathOrStringIntrinsic && !text.starts_with('$') {
                    " (or an intrinsic function that returns a string, such as `States.Format`)"
                } else {
                    ""
                };
                cx.error(
                    Code::InvalidJsonPath,
                    pointer,
                    message![
                        field_named(field),
                        format!(
                            " holds `{}`, which is not a valid path{hint}: {}",
                            show(text),
                            e.message
                        )
                    ],
                );
            }
            return;
        }
    };
    if rule == PathRule::Any {
        return;
    }
    if let Some(what) = path.segments.iter().find_map(non_reference_segment) {
        cx.error(
            Code::InvalidReferencePath,
            pointer,
            message![field_named(field), format!(
                " must be a Reference Path, which selects a single node using only `.name`, `['name']` and `[index]` steps, but `{}` uses {what}; point it at one field, e.g. `$.items[0]`",
                show(text)
            )],
        );
        return;
    }
    if rule == PathRule::ResultPath {
        match &path.root {
            crate::path::Root::Context => cx.error(
                Code::InvalidReferencePath,
                pointer,
                message![
                    field_named(field),
                    format!(
                        " `{}` points into the context object (`$$`), which is read-only; ",
                        show(text)
                    ),
                    Field::ResultPath,
                    " places the result in the state input, e.g. `$.result`"
                ],
            ),
            crate::path::Root::Variable(name) => cx.error(
                Code::InvalidReferencePath,
                pointer,
                message![
                    field_named(field),
                    format!(" `{}` names the variable `${name}`, but ", show(text)),
                    Field::ResultPath,
                    format!(" places the result in the state input (e.g. `$.result`); to store it in the variable `{name}`, assign it `$` in "),
                    Field::Assign
                ],
            ),
            crate::path::Root::Input => {}
        }
    }
}

/// What makes a segment not part of a Reference Path, in words.
fn non_reference_segment(segment: &Segment) -> Option<&'static str> {
    match segment {
        Segment::Child(_) | Segment::Index(_) => None,
        Segment::Wildcard => Some("a wildcard `*`"),
        Segment::Slice { .. } => Some("a slice `[start:end]`"),
        Segment::Union(_) => Some("a union `[a,b]`"),
        Segment::Filter(_) => Some("a filter `[?(...)]`"),
        Segment::Descendant(_) => Some("recursive descent `..`"),
    }
}

/// `ErrorPath` / `CausePath` given as an intrinsic function: valid, and returning a string.
fn check_string_intrinsic(
    cx: &mut Cx<'_>,
    pointer: Pointer,
    field: &str,
    text: &str,
    call: Result<&Intrinsic, &PathError>,
) {
    let Some(call) = check_intrinsic_call(cx, &pointer, field, text, call) else {
        return;
    };
    if !call.function.may_return_string() {
        cx.error(
            Code::InvalidIntrinsic,
            pointer,
            message![field_named(field), format!(
                " must give a string, but `{}` returns {}; use `States.Format` to make a string, e.g. `States.Format('{{}}', {})`",
                call.function,
                returns_what(call.function),
                show(text)
            )],
        );
    }
}

/// "a number", "an array", ...: what a function that cannot return a string returns.
fn returns_what(function: crate::path::IntrinsicFunction) -> &'static str {
    use crate::path::IntrinsicFunction as F;
    match function {
        F::ArrayLength | F::MathRandom | F::MathAdd => "a number",
        F::ArrayContains => "a boolean",
        F::JsonMerge => "an object",
        F::StringToJson => "parsed JSON",
        _ => "an array",
    }
}

/// Checks an intrinsic call as parsed (`call`, from `text`), reporting every problem as
/// `INVALID_INTRINSIC`; returns the call when it is valid.
pub(crate) fn check_intrinsic_call<'c>(
    cx: &mut Cx<'_>,
    pointer: &Pointer,
    field: &str,
    text: &str,
    call: Result<&'c Intrinsic, &PathError>,
) -> Option<&'c Intrinsic> {
    let call = match call {
        Ok(call) => call,
        Err(e) => {
            let name = text
                .trim_start()
                .split('(')
                .next()
                .unwrap_or_default()
                .trim_end();
            cx.error(
                Code::InvalidIntrinsic,
                pointer.clone(),
                message![
                    field_named(field),
                    format!(
                        " calls `{}`, which is not a valid intrinsic function call: {}",
                        show(name),
                        e.message
                    )
                ],
            );
            return None;
        }
    };
    let problems = crate::path::check_intrinsic(call);
    for e in &problems {
        cx.error(
            Code::InvalidIntrinsic,
            pointer.clone(),
            message![
                field_named(field),
                format!(" calls `{}` incorrectly: {}", call.function, e.message)
            ],
        );
    }
    problems.is_empty().then_some(call)
}

/// An info note for a value that holds `${Name}` substitutions and is checked once they are
/// replaced.
pub(crate) fn substituted(cx: &mut Cx<'_>, pointer: Pointer, field: &str, text: &str) {
    cx.info(
        Code::DeploymentSubstitution,
        pointer,
        message![
            field_named(field),
            format!(
                " `{}` holds a deployment substitution; it is checked once it is substituted",
                show(text)
            )
        ],
    );
}
