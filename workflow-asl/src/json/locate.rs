//! JSON pointer → line and column in the original text, so that diagnostics can point into
//! the file as well as into the document.

use crate::Pointer;
use std::collections::HashMap;

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

/// Every place of one JSON text, indexed in one pass: for locating many diagnostics of one
/// file (each lookup is one hash probe per pointer segment and a binary search, not a scan of
/// the text).
///
/// The index is a tree of places, each known by its parent and its member name or element
/// index, so it takes memory in proportion to the text however deep it nests (an index of
/// whole pointers would take the square of the depth).
///
/// ```
/// use workflow_asl::Pointer;
/// use workflow_asl::json::{Locator, Position};
/// let locator = Locator::new("{\"States\": {\n  \"A\": {\"Type\": \"Pass\"}}}");
/// let at = Pointer::root().key("States").key("A").key("Type");
/// assert_eq!(locator.locate(&at), Some(Position { line: 2, column: 9 }));
/// ```
pub struct Locator<'t> {
    text: &'t str,
    /// The offset of each place: the member's name for an object member, else the value.
    /// Place 0 is the document.
    offsets: Vec<usize>,
    /// (object's place, member name) → the member's place; the first of repeated names.
    members: HashMap<(usize, String), usize>,
    /// (array's place, index) → the element's place.
    elements: HashMap<(usize, usize), usize>,
    /// The offset of the first byte of each line.
    line_starts: Vec<usize>,
}

/// An open container while indexing: its place (and, for an array, its elements so far).
enum Open {
    Object(usize),
    Array(usize, usize),
}

impl<'t> Locator<'t> {
    /// Indexes `text` (iteratively; a text that is not JSON is indexed up to where it breaks).
    pub fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut locator = Locator {
            text,
            offsets: Vec::new(),
            members: HashMap::new(),
            elements: HashMap::new(),
            line_starts,
        };
        locator.index();
        locator
    }

    /// Where `pointer` is, as [`locate`] says.
    pub fn locate(&self, pointer: &Pointer) -> Option<Position> {
        let mut place = 0;
        for segment in pointer.segments() {
            let index = segment.parse::<usize>().ok();
            place = match self.members.get(&(place, segment)) {
                Some(member) => *member,
                None => *self.elements.get(&(place, index?))?,
            };
        }
        let offset = *self.offsets.get(place)?;
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let start = self.line_starts.get(line.checked_sub(1)?).copied()?;
        let column = self.text.get(start..offset)?.chars().count() + 1;
        Some(Position { line, column })
    }

    /// A new place at `offset`.
    fn place(&mut self, offset: usize) -> usize {
        self.offsets.push(offset);
        self.offsets.len() - 1
    }

    /// A new element `index` of the array at place `array`, whose value starts at `offset`.
    fn element(&mut self, array: usize, index: usize, offset: usize) -> usize {
        let child = self.place(offset);
        self.elements.insert((array, index), child);
        child
    }

    /// One pass over the text, recording the place of every value.
    fn index(&mut self) {
        let text = self.text;
        let b = text.as_bytes();
        let mut stack: Vec<Open> = Vec::new();
        let mut i = skip_ws(b, 0);
        let mut pending = Some(self.place(i));
        loop {
            i = skip_ws(b, i);
            if let Some(place) = pending.take() {
                match b.get(i) {
                    Some(b'{') => {
                        i = skip_ws(b, i + 1);
                        if b.get(i) == Some(&b'}') {
                            i += 1;
                        } else {
                            let Some((child, next)) = self.member(i, place) else {
                                return;
                            };
                            stack.push(Open::Object(place));
                            pending = Some(child);
                            i = next;
                            continue;
                        }
                    }
                    Some(b'[') => {
                        i = skip_ws(b, i + 1);
                        if b.get(i) == Some(&b']') {
                            i += 1;
                        } else {
                            pending = Some(self.element(place, 0, i));
                            stack.push(Open::Array(place, 0));
                            continue;
                        }
                    }
                    Some(_) => match value_end(b, i) {
                        Some(end) => i = end,
                        None => return,
                    },
                    None => return,
                }
            }
            // After a value: what its container does next.
            i = skip_ws(b, i);
            match stack.last_mut() {
                None => return,
                Some(Open::Object(place)) => match b.get(i) {
                    Some(b',') => {
                        let place = *place;
                        let Some((child, next)) = self.member(skip_ws(b, i + 1), place) else {
                            return;
                        };
                        pending = Some(child);
                        i = next;
                    }
                    Some(b'}') => {
                        i += 1;
                        stack.pop();
                    }
                    _ => return,
                },
                Some(Open::Array(place, n)) => match b.get(i) {
                    Some(b',') => {
                        i = skip_ws(b, i + 1);
                        *n += 1;
                        let (place, n) = (*place, *n);
                        pending = Some(self.element(place, n, i));
                    }
                    Some(b']') => {
                        i += 1;
                        stack.pop();
                    }
                    _ => return,
                },
            }
        }
    }

    /// The member whose name starts at `i` in the object at place `object`: its place
    /// (recorded at the name) and the offset of its value.
    fn member(&mut self, i: usize, object: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let b = text.as_bytes();
        if b.get(i)? != &b'"' {
            return None;
        }
        let end = string_end(b, i)?;
        let raw = text.get(i + 1..end - 1)?;
        let key: String = if raw.contains('\\') {
            serde_json::from_str(text.get(i..end)?).ok()?
        } else {
            raw.to_owned()
        };
        let colon = skip_ws(b, end);
        if b.get(colon)? != &b':' {
            return None;
        }
        let child = self.place(i);
        self.members.entry((object, key)).or_insert(child);
        Some((child, colon + 1))
    }
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

    #[test]
    fn the_index_agrees_with_the_scan_everywhere() {
        let text = "{\n  \"States\": {\n    \"a/b\": {\"Type\": \"Pass\", \"Next\": \"x\"},\n    \"C\": [1, {\"k\": \"v\\\"\", \"e\\u0041\": []}, [[2]]],\n    \"é\": {}\n  }\n}";
        let locator = super::Locator::new(text);
        let states = Pointer::root().key("States");
        for p in [
            Pointer::root(),
            states.clone(),
            states.key("a/b"),
            states.key("a/b").key("Next"),
            states.key("C").index(0),
            states.key("C").index(1).key("k"),
            states.key("C").index(1).key("eA"),
            states.key("C").index(2).index(0).index(0),
            states.key("é"),
            states.key("missing"),
            states.key("C").index(9),
        ] {
            assert_eq!(locator.locate(&p), locate(text, &p), "{p}");
        }
        // Not JSON: what was indexed before the break still answers, nothing panics.
        let broken = super::Locator::new("{\"a\": [1, 2,, 3]}");
        assert!(broken.locate(&Pointer::root().key("a")).is_some());
    }

    #[test]
    fn a_deep_text_is_indexed_in_memory_proportional_to_it() {
        // 200,000 levels: an index of whole pointers would hold 40 GB of pointer text; the
        // tree of places holds one entry per level.
        let levels = 200_000;
        let text = format!("{}1{}", "{\"a\": [".repeat(levels), "]}".repeat(levels));
        let locator = super::Locator::new(&text);
        assert_eq!(locator.offsets.len(), 2 * levels + 1);
        let deepest = Pointer::parse(&"/a/0".repeat(levels)).unwrap();
        assert_eq!(
            locator.locate(&deepest),
            Some(Position {
                line: 1,
                column: 7 * levels + 1
            })
        );
        let member = Pointer::parse(&format!("{}/a", "/a/0".repeat(levels - 1))).unwrap();
        assert_eq!(
            locator.locate(&member),
            Some(Position {
                line: 1,
                column: 7 * (levels - 1) + 2
            })
        );
        assert_eq!(locator.locate(&deepest.index(0)), None);
    }
}
