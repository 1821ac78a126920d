//! `retry [errors] (interval = 15, max_attempts = 2, backoff = 4.0, max_delay = 30,
//! jitter = full, comment = "…")` → a Retrier; `catch [errors] (result_path = …, output = …,
//! comment = "…") assign { … } => TARGET` → a Catcher.

use super::Cx;
use super::args::{arg_value, each_arg};
use super::fields::{self, path_or_null, whole};
use super::state_cx::StateCx;
use super::values::{self, span_of};
use crate::ast::{Arg, ErrorNameDef, Name, Value};
use proc_macro2::Span;
use workflow_asl::{
    Catcher, ErrorName, JitterStrategy, JsonataValue, PayloadTemplate, Pointer, Retrier,
};

/// The arguments of a retrier (`retry [...] (max_attempts = 3)`).
pub(crate) const RETRY_ARGS: &[&str] = &[
    "interval",
    "max_attempts",
    "backoff",
    "max_delay",
    "jitter",
    "comment",
];

/// The arguments of a catcher (`catch [...] (result_path = $.error) => …`).
pub(crate) const CATCH_ARGS: &[&str] = &["result_path", "output", "comment"];

/// The `index`th Retrier of the state.
pub(super) fn retrier(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    index: usize,
    keyword: Span,
    errors: &[ErrorNameDef],
    args: &[Arg],
) -> Retrier {
    let at = s.at.key("Retry").index(index);
    cx.record(&at, keyword);
    let mut r = Retrier {
        error_equals: error_names(cx, &at, errors),
        ..Retrier::default()
    };
    each_arg(cx, args, "retry", RETRY_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        let field = match name {
            "interval" => {
                r.interval_seconds = whole(cx, value, name);
                "IntervalSeconds"
            }
            "max_attempts" => {
                r.max_attempts = whole(cx, value, name);
                "MaxAttempts"
            }
            "backoff" => {
                r.backoff_rate = fields::number(cx, value, name);
                "BackoffRate"
            }
            "max_delay" => {
                r.max_delay_seconds = whole(cx, value, name);
                "MaxDelaySeconds"
            }
            "jitter" => {
                r.jitter_strategy = fields::word(cx, value, name, &["full", "none"]).map(|i| {
                    if i == 0 {
                        JitterStrategy::Full
                    } else {
                        JitterStrategy::None
                    }
                });
                "JitterStrategy"
            }
            _ => {
                r.comment = fields::string(cx, value, name);
                "Comment"
            }
        };
        cx.record(&at.key(field), span_of(value));
    });
    r
}

/// The `index`th Catcher of the state.
#[allow(clippy::too_many_arguments)]
pub(super) fn catcher(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    index: usize,
    keyword: Span,
    errors: &[ErrorNameDef],
    args: &[Arg],
    assign: Option<&Value>,
    next: &Name,
) -> Catcher {
    let at = s.at.key("Catch").index(index);
    cx.record(&at, keyword);
    cx.record(&at.key("Next"), next.span);
    let mut c = Catcher {
        error_equals: error_names(cx, &at, errors),
        next: next.value.clone(),
        ..Catcher::default()
    };
    each_arg(cx, args, "catch", CATCH_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        match name {
            "result_path" => {
                cx.record(&at.key("ResultPath"), span_of(value));
                c.result_path = path_or_null(cx, value, name);
            }
            "output" => {
                let field = at.key("Output");
                cx.record(&field, span_of(value));
                c.output = values::json(cx, value, s.mode(), &field, name).map(JsonataValue::new);
            }
            _ => {
                cx.record(&at.key("Comment"), span_of(value));
                c.comment = fields::string(cx, value, name);
            }
        }
    });
    if let Some(assign) = assign {
        let field = at.key("Assign");
        cx.record(&field, span_of(assign));
        c.assign = values::assign(cx, assign, s.mode(), &field).map(PayloadTemplate::new);
    }
    c
}

fn error_names(cx: &mut Cx<'_>, at: &Pointer, errors: &[ErrorNameDef]) -> Vec<ErrorName> {
    let list = at.key("ErrorEquals");
    errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            cx.record(&list.index(i), e.span);
            let name = ErrorName::new(&e.value);
            // A string is taken as meant (`"States.QuorumMet"`, a custom error AWS deploys),
            // unless it misspells a predefined error (`"States.Timout"`).
            if e.quoted && name.misspelt_predefined().is_none() {
                cx.quoted_error_names.push(list.index(i));
            }
            name
        })
        .collect()
}
