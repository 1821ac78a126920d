//! Text as the pictures show it: names on one line (control characters as spaces), wrapped
//! into lines, measured with a fixed width per character (no font is read), escaped for XML.

/// The font size of state names, in pixels.
pub const FONT_SIZE: f64 = 13.0;
/// The width of one character of a state name: about 7 px at 13 px.
pub const CHAR_WIDTH: f64 = 7.0;
/// The distance between two lines of a state name.
pub(crate) const LINE_HEIGHT: f64 = 16.0;
/// The font size of edge labels (conditions, caught errors).
pub const LABEL_FONT_SIZE: f64 = 11.0;
/// The width of one character of an edge label.
pub const LABEL_CHAR_WIDTH: f64 = 6.0;
/// The distance between two lines of an edge label.
pub(crate) const LABEL_LINE_HEIGHT: f64 = 14.0;
/// State names are wrapped at this many characters.
pub(crate) const WRAP: usize = 24;
/// Edge labels are wrapped at this many characters.
pub(crate) const LABEL_WRAP: usize = 30;
/// Edge labels keep at most this many lines (the last one ending in `…` when cut).
pub(crate) const LABEL_MAX_LINES: usize = 3;

/// `text` cut into lines of at most `width` characters: at spaces where it can, inside a word
/// longer than a line where it must. Control characters count as spaces; a blank text is one
/// empty line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        let mut chars: Vec<char> = word.chars().collect();
        // A word too long for a line of its own is cut.
        while chars.len() > width {
            if line_len > 0 {
                lines.push(std::mem::take(&mut line));
                line_len = 0;
            }
            let rest = chars.split_off(width);
            lines.push(chars.into_iter().collect());
            chars = rest;
        }
        let len = chars.len();
        if line_len > 0 && line_len + 1 + len > width {
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        if line_len > 0 {
            line.push(' ');
            line_len += 1;
        }
        line.extend(chars);
        line_len += len;
    }
    if line_len > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` wrapped like [`wrap`], kept to `max` lines: the last one ends in `…` when some text
/// was left out.
pub(crate) fn wrap_at_most(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max.max(1) {
        lines.truncate(max.max(1));
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
    }
    lines
}

/// The number of characters of the longest line.
pub(crate) fn longest(lines: &[String]) -> usize {
    lines.iter().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// `text` for XML content and attribute values: `& < > " '` as entities, control characters
/// (which XML 1.0 forbids) as spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_inside_long_words() {
        assert_eq!(
            wrap("Is this Hello World example?", 24),
            ["Is this Hello World", "example?"]
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), [""]);
        assert_eq!(wrap("a\nb", 24), ["a b"]);
        assert_eq!(wrap_at_most("aa bb cc dd", 2, 2), ["aa", "b…"]);
        assert_eq!(escape("<a & \"b\">\u{1}"), "&lt;a &amp; &quot;b&quot;&gt; ");
    }
}
