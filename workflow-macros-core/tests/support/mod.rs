//! What the tests of the expansion share.

/// The body of the first `workflow! { … }` in `source` (between its braces).
pub fn invocation_body(source: &str) -> &str {
    let start = source
        .find("workflow! {")
        .expect("the example invokes workflow!")
        + "workflow! {".len();
    let bytes = source.as_bytes();
    let (mut depth, mut i, mut in_string) = (1usize, start, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'{' if !in_string => depth += 1,
            b'}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &source[start..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    panic!("the workflow! invocation is not closed");
}
