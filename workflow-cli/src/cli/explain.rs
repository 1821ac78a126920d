//! `workflow explain CODE`: what a diagnostic code reports, the rule of AWS it enforces and
//! where that rule is written ([`workflow_asl::Code::explain`]), as text or, with `--json`,
//! the object the `explain` tool of `workflow mcp` answers.

use crate::cli::{EXIT_OK, EXIT_USAGE, Failure};
use serde_json::{Value, json};
use workflow_asl::Code;

/// Runs `workflow explain`.
pub(crate) fn run(code: &str, json: bool) -> Result<u8, Failure> {
    let value = explanation(code)?;
    if json {
        crate::cli::out::line(value);
    } else {
        crate::cli::out::text(text(&value));
    }
    Ok(EXIT_OK)
}

/// `{"code", "origin", "summary", "rule", "sources": [{"title", "url"}]}` for the
/// code named `name` (its case ignored); an unknown code is a usage error naming the closest.
pub(crate) fn explanation(name: &str) -> Result<Value, Failure> {
    let wanted = name.trim().to_ascii_uppercase();
    let Some(code) = Code::from_name(&wanted) else {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let hint = match workflow_text::suggest::did_you_mean(&wanted, &names) {
            Some(close) => format!("; did you mean `{close}`?"),
            None => format!("; the codes are {}", names.join(", ")),
        };
        return Err(Failure::new(
            EXIT_USAGE,
            format!("workflow explain: `{name}` is not a diagnostic code{hint}"),
        ));
    };
    let e = code.explain();
    let sources: Vec<Value> = e
        .sources
        .iter()
        .map(|s| json!({ "title": s.title, "url": s.url }))
        .collect();
    Ok(json!({
        "code": code.as_str(),
        "origin": e.origin.as_str(),
        "summary": e.summary,
        "rule": e.rule,
        "sources": sources,
    }))
}

/// The explanation as lines of text.
fn text(e: &Value) -> String {
    let field = |key: &str| e.get(key).and_then(Value::as_str).unwrap_or_default();
    let whose = match field("origin") {
        "aws" => "a code of AWS's ValidateStateMachineDefinition",
        _ => "this project's own code",
    };
    let mut out = format!(
        "{} ({whose})\n\n{}\n\nRule: {}\n\nSources:\n",
        field("code"),
        field("summary"),
        field("rule")
    );
    for source in e
        .get("sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let title = source
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let url = source
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        out.push_str(&format!("  - {title}: {url}\n"));
    }
    out
}
