//! Intrinsic function calls (`States.Format("{} {}", $.a, input.b)`) written as ASL text
//! (`States.Format('{} {}', $.a, $$.Execution.Input.b)`): string arguments single-quoted with
//! `'`, `\`, and braces escaped (`\'`, `\\`, `\{`, `\}`; the `{}` placeholders of a
//! `States.Format` template stay), numbers, booleans and `null` as written, paths as written,
//! `input.…` as `$$.Execution.Input…`, nested calls likewise. Arity and argument types are the
//! validator's to check. Intrinsics exist in JSONPath states only.

use super::{Cx, input_refs, values};
use crate::ast::Value;
use crate::suggest::list;
use syn::Ident;
use workflow_asl::path::{IntrinsicFunction, quote_intrinsic_string};

/// The ASL text of a call, or `None` (errors recorded).
pub(super) fn render(cx: &mut Cx<'_>, name: &Ident, args: &[Value]) -> Option<String> {
    let written = name.to_string();
    let written = written.strip_prefix("r#").unwrap_or(&written);
    let full = if written.starts_with("States.") {
        written.to_owned()
    } else {
        format!("States.{written}")
    };
    let Some(function) = IntrinsicFunction::from_name(&full) else {
        let known: Vec<&str> = IntrinsicFunction::ALL.iter().map(|f| f.name()).collect();
        let message = match IntrinsicFunction::meant_by(&full) {
            Some(best) => format!("unknown intrinsic function `{full}`; did you mean `{best}`?"),
            None => format!(
                "unknown intrinsic function `{full}`; the intrinsic functions are {}",
                list(&known, "and")
            ),
        };
        cx.error(name.span(), message);
        return None;
    };
    let mut ok = true;
    let mut parts = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        let template = function == IntrinsicFunction::Format && i == 0;
        match argument(cx, arg, template) {
            Some(text) => parts.push(text),
            None => ok = false,
        }
    }
    ok.then(|| format!("{}({})", function.name(), parts.join(", ")))
}

fn argument(cx: &mut Cx<'_>, arg: &Value, template: bool) -> Option<String> {
    match arg {
        Value::Str(lit) => {
            let text = cx.string(lit);
            Some(quote_intrinsic_string(&text, template))
        }
        Value::Number { text, span } => values::number(cx, text, *span).map(|n| n.to_string()),
        Value::Bool(b, _) => Some(b.to_string()),
        Value::Null(_) => Some("null".to_owned()),
        Value::Path(path) => Some(path.text.clone()),
        Value::Input(r) => input_refs::resolve(cx, r).map(|r| r.jsonpath),
        Value::Intrinsic { name, args, .. } => render(cx, name, args),
        Value::IntrinsicText { text, .. } => Some(text.clone()),
        Value::Object { span, .. } | Value::Array { span, .. } | Value::Workflow { span, .. } => {
            cx.error(
                *span,
                "an intrinsic function takes strings, numbers, booleans, `null`, paths, `input.…` fields and other intrinsic calls; build objects with `States.StringToJson` or pass them by path",
            );
            None
        }
        Value::Ident(ident) => {
            cx.error(ident.span(), format!("`{ident}` is not a value; write a string (`\"{ident}\"`), a number, a path or an intrinsic call"));
            None
        }
    }
}
