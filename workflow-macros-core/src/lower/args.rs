//! The `key = value` arguments of a clause or a state kind (`retry(…)`, `map(…)`, …): unknown
//! and repeated keys reported, values required where a key needs one.

use super::Cx;
use crate::ast::{Arg, Value};
use crate::suggest::{asl_spelling_hint, did_you_mean, list};

/// Walks the `key = value` arguments of `what` (`retry`, `map`, …): reports unknown keys (with a
/// suggestion among `known`) and repeated ones, and calls `each` for the others.
pub(super) fn each_arg(
    cx: &mut Cx<'_>,
    args: &[Arg],
    what: &str,
    known: &[&str],
    mut each: impl FnMut(&mut Cx<'_>, &str, &Arg),
) {
    let mut seen: Vec<String> = Vec::new();
    for arg in args {
        let name = arg.key.to_string();
        if !known.contains(&name.as_str()) {
            let message = match (asl_spelling_hint(&name, known), did_you_mean(&name, known)) {
                (Some(hint), _) => format!("unknown argument `{name}` of `{what}`{hint}"),
                (None, Some(best)) => {
                    format!("unknown argument `{name}` of `{what}`; did you mean `{best}`?")
                }
                (None, None) => format!(
                    "unknown argument `{name}` of `{what}`; it takes {}",
                    list(known, "and")
                ),
            };
            cx.error(arg.key.span(), message);
            continue;
        }
        if seen.contains(&name) {
            cx.error(
                arg.key.span(),
                format!("`{name}` is given twice; remove one"),
            );
            continue;
        }
        seen.push(name.clone());
        each(cx, &name, arg);
    }
}

/// The value of an argument that needs one.
pub(super) fn arg_value<'a>(cx: &mut Cx<'_>, arg: &'a Arg) -> Option<&'a Value> {
    if arg.value.is_none() {
        let key = &arg.key;
        cx.error(
            key.span(),
            format!("`{key}` needs a value, e.g. `{key} = …`"),
        );
    }
    arg.value.as_ref()
}
