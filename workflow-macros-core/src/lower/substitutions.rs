//! `${Name}` deployment substitutions (CloudFormation's `DefinitionSubstitutions`): every one a
//! string uses must be declared in `substitutions { … }`; the names used are collected for the
//! generated `SUBSTITUTIONS` constant.

use super::Cx;
use crate::suggest::{did_you_mean, list};
use proc_macro2::Span;
use workflow_asl::path::find_substitutions;

/// Checks the `${Name}`s of `text` (written at `span`) and records the names used.
pub(super) fn check(cx: &mut Cx<'_>, text: &str, span: Span) {
    for found in find_substitutions(text) {
        let name = found.name;
        if cx.def.substitutions.iter().any(|s| s.name == name) {
            if !cx.used_substitutions.contains(&name) {
                cx.used_substitutions.push(name);
            }
            continue;
        }
        let declared: Vec<&str> = cx
            .def
            .substitutions
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let message = match did_you_mean(&name, &declared) {
            Some(best) => {
                format!("unknown substitution `${{{name}}}`; did you mean `${{{best}}}`?")
            }
            None if declared.is_empty() => format!(
                "unknown substitution `${{{name}}}`; declare it in `substitutions {{ {name}: string }}` (its value is given at deployment)"
            ),
            None => format!(
                "unknown substitution `${{{name}}}`; the declared substitutions are {}; declare it in `substitutions {{ … }}`",
                list(&declared, "and")
            ),
        };
        cx.error(span, message);
    }
}
