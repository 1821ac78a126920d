//! A list of states → `StartAt` (the first state) and `States`: the machine's, a Parallel
//! branch's or a Map processor's. Two states of one list with the same name are an error on
//! the second (the validator reports duplicates across lists).

use super::{Cx, states};
use crate::ast::StateDef;
use proc_macro2::Span;
use workflow_asl::{Pointer, States};

/// Lowers `defs` into the object at `at` (the one holding `StartAt` and `States`); `owner` is
/// the span that stands for the whole list (the workflow's name, `branch`, `map`).
pub(super) fn lower_scope(
    cx: &mut Cx<'_>,
    defs: &[StateDef],
    at: &Pointer,
    owner: Span,
) -> (String, States) {
    let states_at = at.key("States");
    cx.record(&states_at, owner);
    let start_at = match defs.first() {
        Some(first) => {
            cx.record(&at.key("StartAt"), first.name.span);
            first.name.value.clone()
        }
        None => String::new(),
    };
    let mut states = States::with_capacity(defs.len());
    for def in defs {
        let name = &def.name.value;
        if states.contains_key(name) {
            cx.error(def.name.span, format!("state `{name}` is defined twice; state names must be unique across the whole machine — rename one"));
            continue;
        }
        let state = states::lower_state(cx, def, states_at.key(name));
        states.insert(name.clone(), state);
    }
    (start_at, states)
}
