//! A template (or an ASL file written in YAML) read once: the JSON value it stands for, and
//! where each of its parts is written, by JSON pointer: a member's key or an item, and the
//! character `n` bytes into a string (a JSON string's escapes walked, a YAML block's lines
//! counted), so that a place in a definition resolved from it comes back to the template's
//! line and column.

use super::yaml::{self, Spot};
use std::collections::HashMap;
use workflow_asl::Pointer;
use workflow_asl::json::Locator;

/// A document read once.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// The file, as messages name it.
    pub file: String,
    /// The value.
    pub value: serde_json::Value,
    /// Where its parts are written.
    form: Form,
}

/// How the document was written.
#[derive(Clone, Debug)]
enum Form {
    /// JSON: its text, located on demand.
    Json(String),
    /// YAML: the places its reader recorded.
    Yaml {
        lines: HashMap<String, u32>,
        strings: HashMap<String, Spot>,
    },
}

/// A line and column (1-based, the column in characters).
pub(crate) type LineColumn = (u32, u32);

impl Document {
    /// `text`, read from `file`, as JSON when it starts with `{` (after blanks), else as YAML
    /// with `templates`' short forms or not; a located error (`file:line: …`) when it is not.
    pub(crate) fn read(file: &str, text: String, templates: bool) -> Result<Document, String> {
        if text.trim_start().starts_with('{') {
            let value = workflow_text::json::parse_strict(&text)
                .map_err(|e| format!("{file}: {}", e.message))?;
            return Ok(Document {
                file: file.to_owned(),
                value,
                form: Form::Json(text),
            });
        }
        let read = if templates {
            yaml::read_template(&text)
        } else {
            yaml::read(&text)
        };
        let document = read.map_err(|e| format!("{file}:{e}").replacen(":line ", ":", 1))?;
        Ok(Document {
            file: file.to_owned(),
            value: document.value,
            form: Form::Yaml {
                lines: document.lines,
                strings: document.strings,
            },
        })
    }

    /// What places its parts (one index, for many lookups).
    pub(crate) fn places(&self) -> Places<'_> {
        Places {
            document: self,
            locator: match &self.form {
                Form::Json(text) => Some(Locator::new(text)),
                Form::Yaml { .. } => None,
            },
        }
    }
}

/// Where the parts of one document are written.
pub(crate) struct Places<'d> {
    document: &'d Document,
    locator: Option<Locator<'d>>,
}

impl Places<'_> {
    /// Where the member or item at `pointer` is written (a member's key), or, where nothing
    /// is written at it, the nearest place above it.
    pub(crate) fn at(&self, pointer: &str) -> Option<LineColumn> {
        let mut pointer = pointer;
        loop {
            if let Some(found) = self.exactly(pointer) {
                return Some(found);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// Where the member or item at `pointer` is written, if anything is.
    fn exactly(&self, pointer: &str) -> Option<LineColumn> {
        match (&self.document.form, &self.locator) {
            (Form::Json(_), Some(locator)) => {
                let at = locator.locate(&Pointer::parse(pointer)?)?;
                Some((u32::try_from(at.line).ok()?, u32::try_from(at.column).ok()?))
            }
            (Form::Yaml { lines, .. }, _) => lines.get(pointer).map(|line| (*line, 1)),
            _ => None,
        }
    }

    /// Where the character `offset` bytes into the string at `pointer` (whose value is
    /// `decoded`) is written; the string's own place when that cannot be told.
    pub(crate) fn in_string(
        &self,
        pointer: &str,
        decoded: &str,
        offset: usize,
    ) -> Option<LineColumn> {
        match &self.document.form {
            Form::Yaml { strings, .. } => match strings.get(pointer) {
                Some(spot) => Some(spot.at(decoded, offset)),
                None => self.at(pointer),
            },
            Form::Json(text) => self
                .json_string(text, pointer, offset)
                .or_else(|| self.at(pointer)),
        }
    }

    /// In JSON: the string token at `pointer`, walked to the character `offset` bytes into its
    /// value (each escape one character of the value).
    fn json_string(&self, text: &str, pointer: &str, offset: usize) -> Option<LineColumn> {
        let (line, column) = self.exactly(pointer)?;
        let line_start = line_offset(text, line)?;
        let mut at = line_start
            + text
                .get(line_start..)?
                .char_indices()
                .nth(usize::try_from(column).ok()? - 1)?
                .0;
        let bytes = text.as_bytes();
        // A member's place is its key: its value follows the colon.
        if is_member(&self.document.value, pointer) {
            at = skip_string(bytes, at)?;
            at = skip_blank(bytes, at);
            (bytes.get(at) == Some(&b':')).then_some(())?;
            at = skip_blank(bytes, at + 1);
        }
        (bytes.get(at) == Some(&b'"')).then_some(())?;
        let mut raw = at + 1;
        let mut value = 0usize;
        while value < offset {
            let c = text.get(raw..)?.chars().next()?;
            if c == '"' {
                return None;
            }
            let (raw_len, value_len) = if c == '\\' {
                escape_lengths(text.get(raw..)?)?
            } else {
                (c.len_utf8(), c.len_utf8())
            };
            raw += raw_len;
            value += value_len;
        }
        let chars = text.get(line_start..raw)?.chars().count();
        Some((line, u32::try_from(chars + 1).ok()?))
    }
}

/// The byte offset where line `line` (1-based) of `text` starts.
fn line_offset(text: &str, line: u32) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(usize::try_from(line).ok()? - 2)
        .map(|(i, _)| i + 1)
}

/// Whether `pointer` names a member of an object (not an item of an array) in `value`.
fn is_member(value: &serde_json::Value, pointer: &str) -> bool {
    let Some(cut) = pointer.rfind('/') else {
        return false;
    };
    value
        .pointer(&pointer[..cut])
        .is_some_and(|v| v.is_object())
}

/// Past the JSON string token starting at `at`.
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    (bytes.get(at) == Some(&b'"')).then_some(())?;
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// Past JSON's blanks from `at`.
fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at += 1;
    }
    at
}

/// The lengths of the escape `raw` starts with: in the text, and in the value (`\uD83D\uDE00`
/// is one character of four bytes).
fn escape_lengths(raw: &str) -> Option<(usize, usize)> {
    let kind = *raw.as_bytes().get(1)?;
    if kind != b'u' {
        return Some((2, 1));
    }
    let unit = |at: usize| u32::from_str_radix(raw.get(at..at + 4)?, 16).ok();
    let first = unit(2)?;
    if (0xD800..0xDC00).contains(&first) && raw.get(6..8) == Some("\\u") {
        return Some((12, 4));
    }
    let len = char::from_u32(first).map_or(3, char::len_utf8);
    Some((6, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_string_is_walked_escape_by_escape() {
        let text = "{\"A\": {\n  \"S\": \"{\\\"StartAt\\\":\\\"X\\\"}\",\n  \"L\": [\"ab\", \"c\\u00e9d\"]}}";
        let doc = Document::read("t.json", text.to_owned(), true).unwrap_or_else(|e| panic!("{e}"));
        let places = doc.places();
        let value = doc.value["A"]["S"].as_str().unwrap_or_default();
        assert_eq!(value, "{\"StartAt\":\"X\"}");
        // `StartAt` starts 2 bytes into the value; in the text, after `"S": "{\"`.
        assert_eq!(places.in_string("/A/S", value, 2), Some((2, 12)));
        assert_eq!(places.in_string("/A/L/1", "céd", 3), Some((3, 23)));
        assert_eq!(places.at("/A/L/0"), Some((3, 9)));
        assert_eq!(places.at("/A/L/0/nothing"), Some((3, 9)));
    }

    #[test]
    fn a_yaml_template_places_short_forms_and_blocks() {
        let text = "A:\n  S: !Sub |\n    {\"a\": \"${X}\",\n     \"b\": 1}\n  R: !Ref Y\n";
        let doc = Document::read("t.yaml", text.to_owned(), true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.value["A"]["R"], serde_json::json!({"Ref": "Y"}));
        let places = doc.places();
        let value = doc.value["A"]["S"]["Fn::Sub"].as_str().unwrap_or_default();
        let b = value.find("\"b\"").unwrap_or_default();
        assert_eq!(places.in_string("/A/S/Fn::Sub", value, b), Some((4, 6)));
        assert_eq!(places.at("/A/R/Ref"), Some((5, 1)));
    }
}
