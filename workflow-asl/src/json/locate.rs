//! JSON pointer → line and column in the original text, so that diagnostics can point into
//! the file as well as into the document.

use crate::Pointer;

/// A position in JSON text: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// Finds where `pointer` is in `text`: the member name for an object member, the value for
/// an array element, the start of the document for the root. `None` when the text is not
/// JSON or has no such place. Never recursive: each level is skipped with a counter.
pub fn locate(text: &str, pointer: &Pointer) -> Option<Position> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    let mut target = at;
    for segment in pointer.segments() {
        match bytes.get(at)? {
            b'{' => {
                let (key_at, value_at) = find_member(text, at, &segment)?;
                target = key_at;
                at = value_at;
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                at = find_element(bytes, at, index)?;
                target = at;
            }
            _ => return None,
        }
    }
    Some(position(text, target))
}

fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, column }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end (exclusive) of the string starting at `i` (on its opening quote).
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end (exclusive) of the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// In the object starting at `i`, the offsets of the key and of the value of member `name`.
fn find_member(text: &str, i: usize, name: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut j = skip_ws(b, i + 1);
    while b.get(j)? == &b'"' {
        let key_end = string_end(b, j)?;
        let key: String = serde_json::from_str(&text[j..key_end]).ok()?;
        let colon = skip_ws(b, key_end);
        if b.get(colon)? != &b':' {
            return None;
        }
        let value_at = skip_ws(b, colon + 1);
        if key == name {
            return Some((j, value_at));
        }
        let end = skip_ws(b, value_end(b, value_at)?);
        match b.get(end)? {
            b',' => j = skip_ws(b, end + 1),
            _ => return None,
        }
    }
    None
}

/// In the array starting at `i`, the offset of element `index`.
fn find_element(b: &[u8], i: usize, index: usize) -> Option<usize> {
    let mut j = skip_ws(b, i + 1);
    for _ in 0..index {
        if b.get(j)? == &b']' {
            return None;
        }
        let end = skip_ws(b, value_end(b, j)?);
        match b.get(end)? {
            b',' => j = skip_ws(b, end + 1),
            _ => return None,
        }
    }
    (b.get(j)? != &b']').then_some(j)
}

#[cfg(test)]
mod tests {
    use super::{Position, locate};
    use crate::Pointer;

    #[test]
    fn finds_members_and_elements() {
        let text = "{\n  \"States\": {\n    \"a/b\": {\"Type\": \"Pass\", \"Next\": \"x\"},\n    \"C\": [1, {\"k\": \"v\\\"\"}]\n  }\n}";
        let p = Pointer::root().key("States").key("a/b").key("Next");
        assert_eq!(
            locate(text, &p),
            Some(Position {
                line: 3,
                column: 29
            })
        );
        let p = Pointer::root().key("States").key("C").index(1).key("k");
        assert_eq!(
            locate(text, &p),
            Some(Position {
                line: 4,
                column: 15
            })
        );
        assert_eq!(
            locate(text, &Pointer::root()),
            Some(Position { line: 1, column: 1 })
        );
        assert_eq!(locate(text, &Pointer::root().key("Nope")), None);
        assert_eq!(locate("{", &Pointer::root().key("a")), None);
    }
}
