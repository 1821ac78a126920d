//! YAML read into the JSON value it stands for, with the line each member's key (or each
//! item) is written on, by JSON pointer: ASL written in YAML (`*.asl.yaml`, `*.asl.yml`, as the
//! AWS Toolkit and SAM write it) and CloudFormation and SAM templates. YAML 1.2's core schema
//! resolves plain scalars (`null`, `true`, `12`, `1.5e3`, …); quoted and block scalars are
//! text; aliases are expanded, bounded (an alias bomb is refused, not expanded); nesting is
//! bounded as JSON's is (`workflow_text::json::MAX_DEPTH`). The events are saphyr's YAML 1.2
//! parser's.
//!
//! A template ([`read_template`]) also takes CloudFormation's short forms, as its "Intrinsic
//! function reference" defines them: `!Ref X` is `{"Ref": "X"}`, `!Condition X` is
//! `{"Condition": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}` (split at the first
//! dot; `!GetAtt [A, B]` as written), and any other `!Name value` is `{"Fn::Name": value}`.

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// The most values an expanded document may hold (aliases included).
const MAX_NODES: usize = 1_000_000;

/// A YAML document read as JSON.
#[derive(Debug)]
pub(crate) struct YamlDocument {
    /// The value.
    pub value: Value,
    /// The line (1-based) of each member's key and each item, by the member's JSON pointer.
    pub lines: HashMap<String, u32>,
    /// Where the text of each string scalar starts, by its pointer (a short form's under its
    /// function's key: `/…/Fn::Sub`).
    pub strings: HashMap<String, Spot>,
}

/// Where a string scalar's text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spot {
    /// The line (1-based) the scalar starts on.
    pub line: u32,
    /// The column (1-based, in characters) of its first character.
    pub column: u32,
    /// A literal block (`|`): its text starts on the next line, at this column, and each of
    /// its line breaks is one of the file's.
    pub block: Option<u32>,
}

impl Spot {
    /// The line and column of the character `offset` bytes into the scalar's `text`: exact in
    /// a literal block and on the scalar's first line, the scalar's start past a fold.
    pub(crate) fn at(&self, text: &str, offset: usize) -> (u32, u32) {
        let before = text.get(..offset).unwrap_or(text);
        let breaks = u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX);
        let last = before.rsplit('\n').next().unwrap_or("");
        let chars = u32::try_from(last.chars().count()).unwrap_or(u32::MAX);
        match self.block {
            Some(indent) => (
                self.line.saturating_add(1).saturating_add(breaks),
                indent.saturating_add(chars),
            ),
            None if breaks == 0 => (self.line, self.column.saturating_add(chars)),
            None => (self.line, self.column),
        }
    }
}

/// What is being built.
enum Open {
    Mapping {
        members: Map<String, Value>,
        key: Option<(String, u32)>,
        pointer: String,
        anchor: usize,
        function: Option<String>,
    },
    Sequence {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
        function: Option<String>,
    },
}

/// Reads `text`, one YAML document, as the JSON value it stands for; a located error
/// (`line N: …`) when it is not one. Tags are not read (but `!!str`).
pub(crate) fn read(text: &str) -> Result<YamlDocument, String> {
    read_with(text, false)
}

/// Reads `text`, a CloudFormation or SAM template, as [`read`] does, with CloudFormation's
/// short forms (`!Ref`, `!Sub`, `!GetAtt`, …) read as the functions they stand for.
pub(crate) fn read_template(text: &str) -> Result<YamlDocument, String> {
    read_with(text, true)
}

/// The key a CloudFormation short form `tag` stands for (`Ref`, `Condition`, `Fn::Name`).
fn function_key(tag: Option<&Tag>, templates: bool) -> Option<String> {
    let tag = tag?;
    if !templates || tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        name => format!("Fn::{name}"),
    })
}

/// The short form `function`'s value written as the scalar `text`: `!GetAtt A.B` split at
/// its first dot, any other the text.
fn short_form_scalar(function: &str, text: &str) -> Value {
    if function == "Fn::GetAtt"
        && let Some((resource, attribute)) = text.split_once('.')
    {
        return Value::Array(vec![resource.into(), attribute.into()]);
    }
    Value::String(text.to_owned())
}

/// `{function: value}`.
fn wrapped(function: Option<String>, value: Value) -> Value {
    match function {
        Some(key) => Value::Object(Map::from_iter([(key, value)])),
        None => value,
    }
}

/// The column (1-based) of the first line of a literal block starting after `line`.
fn block_indent(text: &str, line: u32) -> u32 {
    let Some(next) = text.split('\n').nth(line as usize) else {
        return 1;
    };
    let spaces = next.chars().take_while(|c| *c == ' ').count();
    u32::try_from(spaces).unwrap_or(0).saturating_add(1)
}

fn read_with(text: &str, templates: bool) -> Result<YamlDocument, String> {
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut lines = HashMap::new();
    let mut strings = HashMap::new();
    let mut root = None;
    let mut nodes = 0usize;
    let mut documents = 0;
    for next in Parser::new_from_str(text) {
        let (event, span) =
            next.map_err(|e| format!("line {}: {}", e.marker().line(), e.info()))?;
        let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX);
        let located = |message: String| format!("line {line}: {message}");
        let value = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(located(
                        "a definition is one YAML document; this is a second".into(),
                    ));
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::MappingStart(anchor, ref tag) | Event::SequenceStart(anchor, ref tag) => {
                if stack.len() >= workflow_text::json::MAX_DEPTH {
                    return Err(located(format!(
                        "the document nests deeper than {} levels",
                        workflow_text::json::MAX_DEPTH
                    )));
                }
                let pointer = child_pointer(&stack, &located)?;
                // An item's line is where it starts (a member's is its key's).
                if let (Some(p), Some(Open::Sequence { .. })) = (&pointer, stack.last()) {
                    lines.entry(p.clone()).or_insert(line);
                }
                let function = function_key(tag.as_deref(), templates);
                let mut pointer = pointer.unwrap_or_default();
                if let Some(key) = &function {
                    pointer = format!("{pointer}/{}", escape(key));
                    lines.entry(pointer.clone()).or_insert(line);
                }
                stack.push(match event {
                    Event::MappingStart(..) => Open::Mapping {
                        members: Map::new(),
                        key: None,
                        pointer,
                        anchor,
                        function,
                    },
                    _ => Open::Sequence {
                        items: Vec::new(),
                        pointer,
                        anchor,
                        function,
                    },
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor) = match stack.pop() {
                    Some(Open::Mapping {
                        members,
                        key: None,
                        anchor,
                        function,
                        ..
                    }) => (wrapped(function, Value::Object(members)), anchor),
                    Some(Open::Sequence {
                        items,
                        anchor,
                        function,
                        ..
                    }) => (wrapped(function, Value::Array(items)), anchor),
                    _ => return Err(located("a mapping ends after a key without a value".into())),
                };
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                value
            }
            Event::Alias(anchor) => {
                let value = anchors
                    .get(&anchor)
                    .cloned()
                    .ok_or_else(|| located("an alias of an anchor not defined before it".into()))?;
                nodes = nodes.saturating_add(count(&value));
                value
            }
            Event::Scalar(scalar, style, anchor, tag) => {
                let function = function_key(tag.as_deref(), templates);
                let as_text = style != ScalarStyle::Plain
                    || function.is_some()
                    || tag.as_deref().is_some_and(|t| t.suffix == "str");
                let in_key = matches!(stack.last(), Some(Open::Mapping { key: None, .. }));
                if as_text && !in_key {
                    // Where the text starts, for columns inside it (a `!Sub` string's).
                    let mut at = child_pointer(&stack, &located)?.unwrap_or_default();
                    if let Some(key) = &function {
                        at = format!("{at}/{}", escape(key));
                    }
                    let quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    let column = u32::try_from(span.start.col() + 1 + usize::from(quoted))
                        .unwrap_or(u32::MAX);
                    let block = (style == ScalarStyle::Literal).then(|| block_indent(text, line));
                    strings.insert(
                        at,
                        Spot {
                            line,
                            column,
                            block,
                        },
                    );
                }
                let value = match &function {
                    Some(key) => short_form_scalar(key, &scalar),
                    None if as_text => Value::String(scalar.into_owned()),
                    None => plain(&scalar),
                };
                let value = wrapped(function, value);
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                // A scalar in key position is the key: its line is its member's.
                if let Some(Open::Mapping {
                    key: key @ None,
                    pointer,
                    ..
                }) = stack.last_mut()
                {
                    let name = match value {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    lines.insert(format!("{pointer}/{}", escape(&name)), line);
                    *key = Some((name, line));
                    continue;
                }
                value
            }
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(located(format!(
                "the document expands to more than {MAX_NODES} values (aliases included)"
            )));
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Open::Sequence { items, pointer, .. }) => {
                lines
                    .entry(format!("{pointer}/{}", items.len()))
                    .or_insert(line);
                items.push(value);
            }
            Some(Open::Mapping { members, key, .. }) => {
                let Some((name, key_line)) = key.take() else {
                    return Err(located(
                        "a mapping's key is a mapping or a sequence; ASL's keys are text".into(),
                    ));
                };
                if members.insert(name.clone(), value).is_some() {
                    return Err(format!(
                        "line {key_line}: the key `{name}` is written twice"
                    ));
                }
            }
        }
    }
    let value = root.ok_or("the document is empty")?;
    Ok(YamlDocument {
        value,
        lines,
        strings,
    })
}

/// The pointer of the value that starts now inside the innermost open value (`None` at the
/// top); a mapping's key, when that value is a key, is refused.
fn child_pointer(
    stack: &[Open],
    located: &impl Fn(String) -> String,
) -> Result<Option<String>, String> {
    Ok(match stack.last() {
        None => None,
        Some(Open::Sequence { items, pointer, .. }) => Some(format!("{pointer}/{}", items.len())),
        Some(Open::Mapping {
            key: Some((name, _)),
            pointer,
            ..
        }) => Some(format!("{pointer}/{}", escape(name))),
        Some(Open::Mapping { key: None, .. }) => {
            return Err(located(
                "a mapping's key is a mapping or a sequence; ASL's keys are text".into(),
            ));
        }
    })
}

/// A JSON pointer's token for `name` (`~` as `~0`, `/` as `~1`).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// How many values `value` holds, itself included.
fn count(value: &Value) -> usize {
    let mut n = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    n
}

/// A plain scalar as YAML 1.2's core schema resolves it.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let integer = |digits: &str, radix: u32| i64::from_str_radix(digits, radix).ok();
    let parsed = if let Some(octal) = text.strip_prefix("0o") {
        integer(octal, 8).map(Number::from)
    } else if let Some(hex) = text.strip_prefix("0x") {
        integer(hex, 16).map(Number::from)
    } else if is_decimal_integer(text) {
        text.parse::<i64>()
            .map(Number::from)
            .ok()
            .or_else(|| text.parse::<u64>().ok().map(Number::from))
            .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64))
    } else if is_float(text) {
        text.parse::<f64>().ok().and_then(Number::from_f64)
    } else {
        None
    };
    match parsed {
        Some(n) => Value::Number(n),
        None => Value::String(text.to_owned()),
    }
}

/// `[-+]?[0-9]+`.
fn is_decimal_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (the infinities and `.nan`, which
/// JSON cannot hold, stay text).
fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_definition_reads_as_json_with_the_lines_of_its_keys() {
        let text = "Comment: hello\nStartAt: First\nStates:\n  First:\n    Type: Pass\n    Result: {a: 1, b: '2', c: 1.5e1, d: ~, e: true, f: 0x10}\n    Next: Second\n  Second:\n    Type: Succeed\n";
        let doc = read(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            doc.value,
            json!({"Comment": "hello", "StartAt": "First", "States": {
                "First": {"Type": "Pass", "Result": {"a": 1, "b": "2", "c": 15.0, "d": null, "e": true, "f": 16}, "Next": "Second"},
                "Second": {"Type": "Succeed"}}})
        );
        assert_eq!(doc.lines.get("/States/First"), Some(&4));
        assert_eq!(doc.lines.get("/States/Second"), Some(&8));
        assert_eq!(doc.lines.get("/States/First/Next"), Some(&7));
    }

    #[test]
    fn sequences_aliases_and_errors() {
        let doc =
            read("a: &x [1, 2]\nb: *x\nc:\n  - one\n  - 'two'\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            doc.value,
            json!({"a": [1, 2], "b": [1, 2], "c": ["one", "two"]})
        );
        assert_eq!(doc.lines.get("/c/1"), Some(&5));
        assert!(read("a: 1\na: 2\n").is_err_and(|e| e.contains("twice")));
        assert!(read("a: [1\n").is_err_and(|e| e.starts_with("line ")));
        assert!(read("").is_err());
        assert!(read("a: 1\n---\nb: 2\n").is_err_and(|e| e.contains("one YAML document")));
        // An alias bomb is refused, not expanded.
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(read(&bomb).is_err_and(|e| e.contains("more than")));
        let n = workflow_text::json::MAX_DEPTH + 2;
        let deep = format!("{}{}", "[".repeat(n), "]".repeat(n));
        let refused = read(&deep);
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("deeper") || e.contains("recursion limit")),
            "{refused:?}"
        );
    }
}
