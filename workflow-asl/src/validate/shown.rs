//! How the validator shows user text inside backticks in its messages.

/// Text as shown inside backticks: at most 100 characters, control characters escaped.
pub(crate) fn show(text: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}
