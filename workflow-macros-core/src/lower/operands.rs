//! The operands of a Choice comparison, classified and checked, and the comparison worked out
//! (shared by the ASL rules of [`super::conditions`] and the JSONata expressions of
//! [`super::condition_jsonata`]).
//!
//! A side is a data reference (a path, `input.…` or a variable; its family known from a cast
//! such as `number(…)` or from the `input` schema) or a literal (possibly cast). A comparison
//! needs a reference on one side; a literal on the left flips the operator; the literal's type
//! picks the family (string, number, boolean; timestamp when cast or when the reference is a
//! `timestamp` input field) and must fit the reference's known type; `null` takes only `==`
//! and `!=`; booleans only `==` and `!=`. Two references must agree on a family, and the ASL
//! `…Path` operators need one to be known.

use super::input_refs::{self, RefType};
use super::{Cx, paths, values};
use crate::ast::{CompareOp, Operand as OperandDef, ScalarType, Value};
use crate::suggest::{did_you_mean, list};
use proc_macro2::Span;
use serde_json::Number;
use workflow_asl::QueryLanguage;
use workflow_asl::path::parse_path;
use workflow_asl::validate::dataflow::{DataType, Env, Selected, select_in};

/// The families of compared values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

impl Family {
    /// The ASL operator prefix: `String`, `Numeric`, `Boolean`, `Timestamp`.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Family::String => "String",
            Family::Numeric => "Numeric",
            Family::Boolean => "Boolean",
            Family::Timestamp => "Timestamp",
        }
    }

    /// "a string", "a number", … for messages.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Family::String => "a string",
            Family::Numeric => "a number",
            Family::Boolean => "a boolean",
            Family::Timestamp => "a timestamp",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Family::String => "string",
            Family::Numeric => "number",
            Family::Boolean => "boolean",
            Family::Timestamp => "timestamp",
        }
    }

    fn of(t: ScalarType) -> Option<Family> {
        match t {
            ScalarType::String | ScalarType::Arn => Some(Family::String),
            ScalarType::Number | ScalarType::Integer => Some(Family::Numeric),
            ScalarType::Boolean => Some(Family::Boolean),
            ScalarType::Timestamp => Some(Family::Timestamp),
            ScalarType::Any => None,
        }
    }

    /// The family two known families compare as: equal ones, or timestamp with string.
    fn meet(a: Family, b: Family) -> Option<Family> {
        match (a, b) {
            _ if a == b => Some(a),
            (Family::Timestamp, Family::String) | (Family::String, Family::Timestamp) => {
                Some(Family::Timestamp)
            }
            _ => None,
        }
    }
}

/// A literal of a comparison.
pub(super) enum Lit {
    Str(String),
    Num(Number),
    Bool(bool),
    Null,
}

/// One side of a comparison, classified.
pub(super) enum Side {
    /// A path, `input.…` field or variable: `text` as the query language writes it;
    /// `family` as written (a cast) or declared (the `input` schema), `inferred` as the
    /// data-flow types found it.
    Ref {
        text: String,
        shown: String,
        family: Option<Family>,
        inferred: Option<Family>,
        span: Span,
    },
    /// A literal, possibly cast.
    Lit {
        lit: Lit,
        shown: String,
        cast: Option<Family>,
        span: Span,
    },
}

impl Side {
    pub(super) fn span(&self) -> Span {
        match self {
            Side::Ref { span, .. } | Side::Lit { span, .. } => *span,
        }
    }

    fn shown(&self) -> &str {
        match self {
            Side::Ref { shown, .. } | Side::Lit { shown, .. } => shown,
        }
    }
}

/// A comparison with its operator and family worked out.
pub(super) enum Comparison {
    /// `ref == null` (`negated`: `!=`).
    Null { reference: Side, negated: bool },
    /// `ref OP literal`, the operator flipped when the literal was on the left.
    Literal {
        reference: Side,
        op: CompareOp,
        family: Family,
        literal: Side,
    },
    /// `ref OP ref`; `family` is `None` only when the caller allowed it.
    Paths {
        left: Side,
        op: CompareOp,
        family: Option<Family>,
        right: Side,
    },
}

/// `<` ↔ `>`, `<=` ↔ `>=`: the operator with its operands swapped.
fn flip(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// `==`, `<`, … as written.
pub(super) fn symbol(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "==",
        CompareOp::Ne => "!=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
    }
}

/// Classifies one side of a comparison.
pub(super) fn classify(cx: &mut Cx<'_>, operand: &OperandDef, ql: QueryLanguage) -> Option<Side> {
    let cast = operand.cast.map(|(t, span)| (Family::of(t), t, span));
    let cast_family = cast.and_then(|(f, _, _)| f);
    let wrap = |shown: String| match cast {
        Some((_, t, _)) => format!("{}({shown})", cast_name(t)),
        None => shown,
    };
    match &operand.value {
        Value::Path(path) => {
            let text = paths::render(cx, path, ql)?;
            Some(Side::Ref {
                text,
                shown: wrap(path.text.clone()),
                family: cast_family,
                inferred: inferred_family(cx, &path.text),
                span: path.span,
            })
        }
        Value::Input(r) => {
            let resolved = input_refs::resolve(cx, r)?;
            let schema = match resolved.ty {
                RefType::Scalar(t) => Family::of(t),
                RefType::Untyped => None,
                RefType::Array | RefType::Object => {
                    let example = if resolved.ty == RefType::Array {
                        format!("`{}[0]`", resolved.shown)
                    } else {
                        format!("one of its fields, e.g. `{}.field`", resolved.shown)
                    };
                    cx.error(
                        r.span,
                        format!("`{}` is {}; a comparison needs a string, number, boolean or timestamp — compare {example}, or test it with `is_present(…)`/`is_null(…)`", resolved.shown, resolved.ty.describe()),
                    );
                    return None;
                }
            };
            let family = match (schema, cast) {
                (Some(s), Some((Some(c), t, span))) => {
                    if Family::meet(s, c).is_none() {
                        cx.error(
                            span,
                            format!(
                                "`{}` is {} and cannot be compared as {} `{}(…)`; remove the cast",
                                resolved.shown,
                                s.describe(),
                                c.describe(),
                                cast_name(t)
                            ),
                        );
                        return None;
                    }
                    Family::meet(s, c)
                }
                (s, c) => c.and_then(|(f, _, _)| f).or(s),
            };
            let text = resolved.text(ql).to_owned();
            Some(Side::Ref {
                text,
                shown: wrap(resolved.shown),
                family,
                inferred: None,
                span: r.span,
            })
        }
        Value::Str(lit) => {
            let text = cx.string(lit);
            let shown = serde_json::to_string(&text).unwrap_or_default();
            Some(Side::Lit {
                lit: Lit::Str(text),
                shown: wrap(shown),
                cast: cast_family,
                span: lit.span(),
            })
        }
        Value::Number { text, span } => {
            let n = values::number(cx, text, *span)?;
            Some(Side::Lit {
                lit: Lit::Num(n),
                shown: wrap(text.clone()),
                cast: cast_family,
                span: *span,
            })
        }
        Value::Bool(b, span) => Some(Side::Lit {
            lit: Lit::Bool(*b),
            shown: wrap(b.to_string()),
            cast: cast_family,
            span: *span,
        }),
        Value::Null(span) => Some(Side::Lit {
            lit: Lit::Null,
            shown: "null".to_owned(),
            cast: None,
            span: *span,
        }),
        Value::Intrinsic { span, .. } | Value::IntrinsicText { span, .. } => {
            cx.error(
                *span,
                "a condition cannot call an intrinsic function; compute the value into the state's input first (e.g. with a pass state) and compare its path",
            );
            None
        }
        Value::Object { span, .. } | Value::Array { span, .. } => {
            cx.error(*span, "a condition cannot compare objects or arrays; compare one of their fields or elements");
            None
        }
        Value::Workflow { span, .. } => {
            cx.error(*span, "`workflow(…)` names a state machine a Task starts, not a value to compare; compare a path or a literal");
            None
        }
        Value::Ident(ident) => {
            cx.error(ident.span(), format!("`{ident}` is not a value; write a path (`$.{ident}`), an `input.…` field, a variable or a literal such as `\"{ident}\"`"));
            None
        }
    }
}

/// The family of the value a JSONPath path (`$.a`, `$var.b`) reads at the Choice state being
/// lowered, as the data-flow types found it (second lowering only).
fn inferred_family(cx: &Cx<'_>, text: &str) -> Option<Family> {
    let (input, vars) = cx.choice_types.as_ref()?;
    let path = parse_path(text).ok()?;
    let env = Env::new(input, vars);
    match select_in(env, &path) {
        Selected::Type(DataType::String) => Some(Family::String),
        Selected::Type(DataType::Integer | DataType::Number) => Some(Family::Numeric),
        Selected::Type(DataType::Bool) => Some(Family::Boolean),
        _ => None,
    }
}

/// Whether a comparison's type is unknown only because of a mistake reported elsewhere (second
/// lowering only): the Choice state has no inferred input (nothing reaches it: a misspelt or
/// lost transition, which the validator reports), or `side` reads a path that certainly
/// selects nothing there (which the validator reports on the path). Asking for the type would
/// only put a second error, about the comparison, before the first mistake.
fn unknown_by_another_mistake(cx: &Cx<'_>, side: &Side) -> bool {
    if cx.inferred.is_none() {
        return false;
    }
    let Some((input, vars)) = cx.choice_types.as_ref() else {
        return true;
    };
    let Side::Ref { shown, .. } = side else {
        return false;
    };
    let Ok(path) = parse_path(shown) else {
        return false;
    };
    !matches!(select_in(Env::new(input, vars), &path), Selected::Type(_))
}

fn cast_name(t: ScalarType) -> &'static str {
    match t {
        ScalarType::String => "string",
        ScalarType::Number => "number",
        ScalarType::Integer => "integer",
        ScalarType::Boolean => "bool",
        ScalarType::Timestamp => "timestamp",
        ScalarType::Arn => "arn",
        ScalarType::Any => "any",
    }
}

/// Works out a comparison: which side is the reference, the operator and the family.
/// `need_family`: two references must have a known family (ASL `…Path` operators).
pub(super) fn compare(
    cx: &mut Cx<'_>,
    left: Side,
    op: CompareOp,
    right: Side,
    span: Span,
    need_family: bool,
) -> Option<Comparison> {
    match (left, right) {
        (left @ Side::Lit { .. }, right @ Side::Lit { .. }) => {
            cx.error(
                span,
                format!(
                    "`{} {} {}` compares two literals; compare a path, an `input.…` field or a variable with a literal",
                    left.shown(),
                    symbol(op),
                    right.shown()
                ),
            );
            None
        }
        (literal @ Side::Lit { .. }, reference @ Side::Ref { .. }) => {
            with_literal(cx, reference, flip(op), literal, span)
        }
        (reference @ Side::Ref { .. }, literal @ Side::Lit { .. }) => {
            with_literal(cx, reference, op, literal, span)
        }
        (left, right) => {
            let (
                Side::Ref {
                    family: lf,
                    inferred: li,
                    ..
                },
                Side::Ref {
                    family: rf,
                    inferred: ri,
                    ..
                },
            ) = (&left, &right)
            else {
                return None;
            };
            // Types the user did not write come from the data flow (written ones win). Two
            // inferred types that differ compare as the left one's: the validator then
            // reports the right one on its token, saying where its data came from.
            let (lf, rf) = match (*lf, *rf, *li, *ri) {
                (None, None, Some(a), Some(b)) if Family::meet(a, b).is_none() => (Some(a), None),
                (None, None, li, ri) => (li, ri),
                (lf, rf, ..) => (lf, rf),
            };
            if (lf, rf) == (None, None) && need_family && cx.inferred.is_none() {
                // The first lowering: the inferred types will tell (see `lower`).
                cx.needs_types = true;
                return Some(Comparison::Paths {
                    left,
                    op,
                    family: Some(Family::String),
                    right,
                });
            }
            let family = match (lf, rf) {
                (Some(a), Some(b)) => match Family::meet(a, b) {
                    Some(f) => Some(f),
                    None => {
                        cx.error(
                            span,
                            format!(
                                "`{}` is {} but `{}` is {}; they cannot be compared",
                                left.shown(),
                                a.describe(),
                                right.shown(),
                                b.describe()
                            ),
                        );
                        return None;
                    }
                },
                (Some(a), None) | (None, Some(a)) => Some(a),
                // The validator reports the mistake that hides the type (a path that selects
                // nothing, a state nothing reaches); this comparison is judged once it is fixed.
                (None, None)
                    if need_family
                        && (unknown_by_another_mistake(cx, &left)
                            || unknown_by_another_mistake(cx, &right)) =>
                {
                    Some(Family::String)
                }
                (None, None) if need_family => {
                    let r = right.shown();
                    cx.error(
                        span,
                        format!(
                            "cannot tell whether to compare `{}` with `{r}` as strings, numbers, booleans or timestamps; write the type, e.g. `number({r})`, `string({r})`, `bool({r})` or `timestamp({r})`",
                            left.shown()
                        ),
                    );
                    return None;
                }
                (None, None) => None,
            };
            if family == Some(Family::Boolean) && !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                cx.error(
                    span,
                    format!(
                        "`{}` does not apply to booleans; compare booleans with `==` or `!=`",
                        symbol(op)
                    ),
                );
                return None;
            }
            Some(Comparison::Paths {
                left,
                op,
                family,
                right,
            })
        }
    }
}

fn with_literal(
    cx: &mut Cx<'_>,
    reference: Side,
    op: CompareOp,
    literal: Side,
    span: Span,
) -> Option<Comparison> {
    let (
        Side::Ref {
            family: ref_family,
            shown: ref_shown,
            ..
        },
        Side::Lit {
            lit,
            shown: lit_shown,
            cast,
            span: lit_span,
        },
    ) = (&reference, &literal)
    else {
        return None;
    };
    let natural = match lit {
        Lit::Null => {
            return match op {
                CompareOp::Eq => Some(Comparison::Null {
                    reference,
                    negated: false,
                }),
                CompareOp::Ne => Some(Comparison::Null {
                    reference,
                    negated: true,
                }),
                _ => {
                    cx.error(span, format!("`{}` does not apply to `null`; test for null with `== null` or `!= null`", symbol(op)));
                    None
                }
            };
        }
        Lit::Str(_) => Family::String,
        Lit::Num(_) => Family::Numeric,
        Lit::Bool(_) => Family::Boolean,
    };
    let literal_family = match cast {
        None => natural,
        Some(c) => match Family::meet(natural, *c) {
            Some(f) => f,
            None => {
                cx.error(
                    *lit_span,
                    format!(
                        "`{lit_shown}` casts {} to {}; write the literal as {} instead",
                        natural.describe(),
                        c.describe(),
                        c.describe()
                    ),
                );
                return None;
            }
        },
    };
    let family = match ref_family {
        None => literal_family,
        Some(rf) => match Family::meet(*rf, literal_family) {
            Some(f) => f,
            None => {
                let value = match lit {
                    Lit::Str(s) => serde_json::to_string(s).unwrap_or_default(),
                    _ => lit_shown.clone(),
                };
                cx.error(
                    *lit_span,
                    format!(
                        "`{ref_shown}` is {} but is compared with the {} `{value}`",
                        rf.describe(),
                        literal_family.word()
                    ),
                );
                return None;
            }
        },
    };
    if family == Family::Boolean && !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        cx.error(
            span,
            format!(
                "`{}` does not apply to booleans; compare booleans with `==` or `!=`",
                symbol(op)
            ),
        );
        return None;
    }
    Some(Comparison::Literal {
        reference,
        op,
        family,
        literal,
    })
}

/// The reference `matches` tests: a string-typed or untyped path, `input.…` field or variable.
pub(super) fn matches_subject(
    cx: &mut Cx<'_>,
    left: &OperandDef,
    ql: QueryLanguage,
) -> Option<Side> {
    let side = classify(cx, left, ql)?;
    match &side {
        Side::Lit { span, .. } => {
            cx.error(*span, "`matches` tests a path, an `input.…` field or a variable against a pattern; put the reference on the left, e.g. `$.name matches \"log-*\"`");
            None
        }
        Side::Ref {
            family: Some(f),
            shown,
            span,
            ..
        } if *f != Family::String => {
            cx.error(
                *span,
                format!("`{shown}` is {}; `matches` tests strings", f.describe()),
            );
            None
        }
        Side::Ref { .. } => Some(side),
    }
}

/// The type tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TypeTest {
    Present,
    Null,
    String,
    Number,
    Boolean,
    Timestamp,
}

/// The type test a name (`is_present`, …) names.
pub(super) fn type_test(cx: &mut Cx<'_>, test: &syn::Ident) -> Option<TypeTest> {
    const TESTS: &[(&str, TypeTest)] = &[
        ("is_present", TypeTest::Present),
        ("is_null", TypeTest::Null),
        ("is_string", TypeTest::String),
        ("is_number", TypeTest::Number),
        ("is_numeric", TypeTest::Number),
        ("is_boolean", TypeTest::Boolean),
        ("is_bool", TypeTest::Boolean),
        ("is_timestamp", TypeTest::Timestamp),
    ];
    let name = test.to_string();
    if let Some((_, t)) = TESTS.iter().find(|(n, _)| *n == name) {
        return Some(*t);
    }
    let names = [
        "is_present",
        "is_null",
        "is_string",
        "is_number",
        "is_boolean",
        "is_timestamp",
    ];
    let message = match did_you_mean(&name, &names) {
        Some(best) => format!("unknown test `{name}`; did you mean `{best}`?"),
        None => format!(
            "unknown test `{name}`; the tests are {}",
            list(&names, "and")
        ),
    };
    cx.error(test.span(), message);
    None
}

/// The reference a type test tests (casts are meaningless there).
pub(super) fn type_test_subject(
    cx: &mut Cx<'_>,
    operand: &OperandDef,
    ql: QueryLanguage,
) -> Option<Side> {
    if let Some((_, span)) = operand.cast {
        cx.error(span, "a type test takes the value itself; remove the cast");
        return None;
    }
    let side = match &operand.value {
        Value::Input(r) => {
            let resolved = input_refs::resolve(cx, r)?;
            Side::Ref {
                text: resolved.text(ql).to_owned(),
                shown: resolved.shown,
                family: None,
                inferred: None,
                span: r.span,
            }
        }
        _ => classify(cx, operand, ql)?,
    };
    match side {
        Side::Lit { span, .. } => {
            cx.error(span, "a type test takes a path, an `input.…` field or a variable, e.g. `is_present($.x)`");
            None
        }
        side @ Side::Ref { .. } => Some(side),
    }
}
