//! What the validator's integration tests share.

/// Asserts that `found` (pointer and message of each diagnostic) holds one diagnostic per
/// entry of `expected`, in order: at its pointer, its message containing its text.
pub fn assert_found(found: &[(String, String)], expected: &[(&str, &str)]) {
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(p, _)| *p).collect();
    assert_eq!(pointers, wanted, "{found:#?}");
    for ((_, message), (_, text)) in found.iter().zip(expected) {
        assert!(message.contains(text), "`{text}` not in: {message}");
    }
}
