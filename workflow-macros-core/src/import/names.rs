//! Names as the language writes them: identifiers when they can be, string literals otherwise;
//! the workflow's name from a file name.

use workflow_text::case::Case;

/// `[A-Za-z_][A-Za-z0-9_]*` but `_` alone: what the printer writes bare.
pub(super) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    first_ok && s != "_" && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Words the parser reads as something else where a name is expected.
const RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "input",
    "when",
    "otherwise",
    "branch",
    "States",
    "jsonpath",
    "intrinsic",
    "pass",
    "task",
    "choice",
    "wait",
    "succeed",
    "fail",
    "parallel",
    "map",
];

/// A Rust string literal of `s`.
pub(super) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key or state name: bare when it is a plain identifier, a string literal otherwise.
pub(super) fn name(s: &str) -> String {
    if is_ident(s) && !RESERVED.contains(&s) {
        s.to_owned()
    } else {
        string_literal(s)
    }
}

/// A state name, always quoted (state names are labels; quoting keeps them recognisable).
pub(super) fn state_name(s: &str) -> String {
    string_literal(s)
}

/// Whether `name` can name a workflow: a Rust identifier that is not a keyword.
pub fn is_workflow_name(name: &str) -> bool {
    is_ident(name) && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// The workflow's name from a file name: its stem (without `.json`, `.asl`) in PascalCase,
/// e.g. `order-processing.asl.json` → `OrderProcessing`, `ETLJob.json` → `EtlJob`.
pub fn workflow_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let mut stem = base;
    for ext in [".json", ".asl", ".yaml", ".yml"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    let mut out = Case::Pascal.apply(stem);
    if out.is_empty() {
        return "Imported".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'W');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            workflow_name("dir/order-processing.asl.json"),
            "OrderProcessing"
        );
        assert_eq!(workflow_name("hello_world.json"), "HelloWorld");
        assert_eq!(workflow_name("2fa.asl.json"), "W2fa");
        assert_eq!(workflow_name("ETLJob.json"), "EtlJob");
        assert_eq!(workflow_name("→.json"), "Imported");
        assert_eq!(name("FunctionName"), "FunctionName");
        assert_eq!(name("odd key"), "\"odd key\"");
        assert_eq!(name("input"), "\"input\"");
        assert_eq!(string_literal("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
