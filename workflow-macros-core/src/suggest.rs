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

#[cfg(test)]
mod tests {
    use super::{hint, list};

    #[test]
    fn hints_and_lists() {
        assert_eq!(hint("wiat", &["wait", "pass"]), "; did you mean `wait`?");
        assert_eq!(hint("zzz", &["wait"]), "");
        assert_eq!(list(&["a", "b", "c"], "or"), "`a`, `b` or `c`");
        assert_eq!(list(&["a"], "or"), "`a`");
    }
}
