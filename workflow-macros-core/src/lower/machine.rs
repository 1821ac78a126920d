//! The machine: `StartAt` (the first state), `Comment` (the doc comments), the settings
//! (`timeout` → `TimeoutSeconds`, `query_language`, `version`, `comment`, and `type`, the
//! type of state machine, which is no part of the definition) and the states.

use super::values::span_of;
use super::{Cx, fields, scope, states};
use crate::suggest::{did_you_mean, list};
use workflow_asl::{ExecutionType, Pointer, StateMachine};

/// The settings a workflow takes (`name = value;` before its states).
pub(crate) const SETTINGS: &[&str] = &["timeout", "query_language", "version", "comment", "type"];

/// Names a user may give the workflow's type that are not its setting: answered with `type`.
const TYPE_ALIASES: &[&str] = &[
    "execution",
    "execution_type",
    "machine_type",
    "state_machine_type",
    "workflow_type",
    "kind",
];

/// Lowers the whole workflow; `None` when it has no states.
pub(super) fn lower_machine(cx: &mut Cx<'_>) -> Option<StateMachine> {
    let def = cx.def;
    let root = Pointer::root();
    cx.record(&root, def.name.span());
    let mut machine = StateMachine {
        comment: states::doc_comment(&def.docs),
        ..StateMachine::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for setting in &def.settings {
        let name = setting.key.to_string();
        let span = setting.key.span();
        if !SETTINGS.contains(&name.as_str()) {
            let message = match did_you_mean(&name, SETTINGS) {
                _ if TYPE_ALIASES.contains(&name.as_str()) => format!(
                    "unknown setting `{name}`; the type of state machine is `type = standard` (the default) or `type = express`{}",
                    if name == "execution" {
                        " (`execution = …` sets a Distributed Map's child workflows: `map(distributed, execution = express)`)"
                    } else {
                        ""
                    }
                ),
                Some(best) => format!("unknown setting `{name}`; did you mean `{best}`?"),
                None => format!(
                    "unknown setting `{name}`; the workflow settings are {}",
                    list(SETTINGS, "and")
                ),
            };
            cx.error(span, message);
            continue;
        }
        if seen.contains(&name) {
            cx.error(span, format!("`{name}` is given twice; remove one"));
            continue;
        }
        seen.push(name.clone());
        let value = &setting.value;
        let value_span = span_of(value);
        match name.as_str() {
            "timeout" => {
                cx.record(&root.key("TimeoutSeconds"), value_span);
                machine.timeout_seconds = fields::whole(cx, value, "timeout");
            }
            "query_language" => {
                cx.record(&root.key("QueryLanguage"), value_span);
                machine.query_language = fields::query_language(cx, value);
                if let Some(ql) = machine.query_language {
                    cx.machine_ql = ql;
                }
            }
            "version" => {
                cx.record(&root.key("Version"), value_span);
                machine.version = fields::string(cx, value, "version");
            }
            "type" => {
                if let Some(i) = fields::word(cx, value, "type", &["standard", "express"]) {
                    cx.machine_type = match i {
                        0 => ExecutionType::Standard,
                        _ => ExecutionType::Express,
                    };
                }
            }
            _ => {
                if machine.comment.is_some() {
                    cx.error(
                        span,
                        format!(
                            "workflow `{}` has both doc comments and `comment = …`; keep one",
                            def.name
                        ),
                    );
                    continue;
                }
                cx.record(&root.key("Comment"), value_span);
                machine.comment = fields::string(cx, value, "comment");
            }
        }
    }
    if def.states.is_empty() {
        cx.error(
            def.body_span,
            format!(
                "workflow `{}` has no states; add at least one, e.g. `Done: succeed;`",
                def.name
            ),
        );
        return None;
    }
    let (start_at, states) = scope::lower_scope(cx, &def.states, &root, def.name.span());
    machine.start_at = start_at;
    machine.states = states;
    super::started::place(cx, &machine);
    Some(machine)
}
