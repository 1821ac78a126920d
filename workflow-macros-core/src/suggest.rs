//! "Did you mean …?" in the macro's messages: the suggestion every layer shares
//! ([`workflow_text::suggest`], so the macro and `workflow validate` suggest alike) and
//! message helpers.

pub(crate) use workflow_text::suggest::did_you_mean;

/// `` `a`, `b` or `c` `` (with `conjunction` = "or"), each name in backticks.
pub(crate) fn list(names: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// `"; did you mean `x`?"` or nothing.
pub(crate) fn hint(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// The language's key for a field written as ASL names it, in snake_case: ASL's `…Seconds`
/// fields are the language's `timeout`/`heartbeat`/`seconds`, and its `…Path` fields are the
/// plain key with a path as the value (`TimeoutSecondsPath` is `timeout = $.limit`,
/// `ItemsPath` is `items = $.orders`). The message that says so, when `name` is one of them
/// and its key is among `known`: `; did you mean `timeout`? …`.
pub(crate) fn asl_spelling_hint(name: &str, known: &[&str]) -> Option<String> {
    let (base, path) = match name.strip_suffix("_path") {
        Some(base) => (base, true),
        None => (name, false),
    };
    let key = [base, base.strip_suffix("_seconds").unwrap_or(base)]
        .into_iter()
        .find(|k| *k != name && known.contains(k))?;
    let asl = workflow_text::case::Case::Pascal.apply(name);
    let how = if path {
        format!("ASL's `{asl}` is `{key}` with a path: `{key} = $.field`")
    } else {
        format!("ASL's `{asl}` is `{key}` here")
    };
    Some(format!("; did you mean `{key}`? ({how})"))
}

#[cfg(test)]
mod tests {
    use super::{asl_spelling_hint, hint, list};

    #[test]
    fn asl_field_names_point_at_the_languages_keys() {
        let task = ["timeout", "heartbeat", "result_path"];
        assert_eq!(
            asl_spelling_hint("timeout_seconds", &task).as_deref(),
            Some("; did you mean `timeout`? (ASL's `TimeoutSeconds` is `timeout` here)")
        );
        assert_eq!(
            asl_spelling_hint("heartbeat_seconds_path", &task).as_deref(),
            Some(
                "; did you mean `heartbeat`? (ASL's `HeartbeatSecondsPath` is `heartbeat` with a path: `heartbeat = $.field`)"
            )
        );
        assert_eq!(
            asl_spelling_hint("items_path", &["items", "max_concurrency"]).as_deref(),
            Some(
                "; did you mean `items`? (ASL's `ItemsPath` is `items` with a path: `items = $.field`)"
            )
        );
        assert_eq!(asl_spelling_hint("result_path", &task), None);
        assert_eq!(asl_spelling_hint("retries", &task), None);
    }

    #[test]
    fn hints_and_lists() {
        assert_eq!(hint("wiat", &["wait", "pass"]), "; did you mean `wait`?");
        assert_eq!(hint("zzz", &["wait"]), "");
        assert_eq!(list(&["a", "b", "c"], "or"), "`a`, `b` or `c`");
        assert_eq!(list(&["a"], "or"), "`a`");
    }
}
