//! JSON Pointers (RFC 6901): the location every diagnostic carries.

use std::fmt;

/// A JSON Pointer such as `/States/Pack/Retry/0/ErrorEquals`.
///
/// Built segment by segment while walking a definition; segments are escaped
/// (`~` → `~0`, `/` → `~1`) so state names containing `/` stay unambiguous.
///
/// ```
/// use workflow_asl::Pointer;
/// let p = Pointer::root().key("States").key("a/b").index(0);
/// assert_eq!(p.as_str(), "/States/a~1b/0");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document (the empty string).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// This pointer extended by an object member name.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut p = Pointer(String::with_capacity(self.0.len() + key.len() + 1));
        p.0.push_str(&self.0);
        p.push_key(key);
        p
    }

    /// This pointer extended by an array index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        Pointer(format!("{}/{}", self.0, index))
    }

    /// Extends this pointer in place by an object member name (building a deep pointer
    /// segment by segment costs its length, not its length times its depth).
    pub fn push_key(&mut self, key: &str) {
        self.0.push('/');
        for c in key.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
    }

    /// Extends this pointer in place by an array index.
    pub fn push_index(&mut self, index: usize) {
        self.0.push('/');
        self.0.push_str(&index.to_string());
    }

    /// This pointer extended by `relative`, a pointer into the value it points at.
    #[must_use]
    pub fn join(&self, relative: &Pointer) -> Self {
        Pointer(format!("{}{}", self.0, relative.0))
    }

    /// The pointer text, `""` for the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments of this pointer.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }

    /// Parses pointer text; `None` unless it is empty or starts with `/`.
    pub fn parse(text: &str) -> Option<Self> {
        (text.is_empty() || text.starts_with('/')).then(|| Pointer(text.to_owned()))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_and_unescapes_segments() {
        let p = Pointer::root().key("States").key("x~/y").index(3);
        assert_eq!(p.as_str(), "/States/x~0~1y/3");
        assert_eq!(p.segments().collect::<Vec<_>>(), ["States", "x~/y", "3"]);
        assert_eq!(Pointer::root().to_string(), "/");
    }
}
