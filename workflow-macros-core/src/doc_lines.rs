//! A definition's `Comment` as doc comments: the `#[doc = …]` value of each of its lines, when
//! lowering those lines gives the very same text back. The import printer writes such a
//! Comment as `///` lines; the file form documents its Rust items with it.

/// The `#[doc = …]` values of `comment`'s lines (` line`, and nothing for a blank line), when
/// they read back as `comment` (not empty, no blank space around it or at a line's end, no
/// control character); `None` otherwise.
pub(crate) fn doc_values(comment: &str) -> Option<Vec<String>> {
    let keeps = !comment.is_empty()
        && comment == comment.trim()
        && comment
            .split('\n')
            .all(|line| line == line.trim_end() && !line.chars().any(char::is_control));
    keeps.then(|| {
        comment
            .split('\n')
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::doc_values;

    #[test]
    fn a_comment_reads_as_doc_lines_when_they_give_it_back() {
        assert_eq!(
            doc_values("Two lines\n\nwith a gap"),
            Some(vec![
                " Two lines".into(),
                String::new(),
                " with a gap".into()
            ])
        );
        assert_eq!(doc_values(""), None);
        assert_eq!(doc_values("  padded  "), None);
        assert_eq!(doc_values("trailing \nspace"), None);
        assert_eq!(doc_values("a\ttab"), None);
    }
}
