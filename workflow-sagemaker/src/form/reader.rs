//! Reading a form: objects whose keys are checked against what they take, and typed values
//! (strings, paths, counts, flags, string maps) with the mistakes recorded where they were
//! written. Every getter returns `None` after recording its error, so reading goes on and
//! reports every mistake.

use super::{FormError, FormErrorKind, FormKey, FormValue, FormValueKind};
use crate::Param;
use indexmap::IndexMap;
use serde_json::Value;

/// The state of one reading: the errors so far and where each part of the request came from.
#[derive(Default)]
pub(super) struct Reader {
    /// Every mistake found.
    pub errors: Vec<FormError>,
    /// Request pointer (relative to `Parameters`) → where its value was written.
    pub origins: Vec<(String, usize)>,
}

/// An object of a form, its keys checked.
pub(super) struct Object<'f> {
    /// What it is, for messages (`TrainingStep`, `estimator`).
    pub of: &'static str,
    /// Where it was written.
    pub at: usize,
    entries: &'f [(FormKey, FormValue)],
    /// The keys a misspelt key was taken for (already reported: not also missing).
    suggested: Vec<&'static str>,
}

impl Reader {
    /// Records a mistake.
    pub(super) fn error(&mut self, at: usize, kind: FormErrorKind) {
        self.errors.push(FormError { at, kind });
    }

    /// Records that the request's `pointer` came from the value written at `at`.
    pub(super) fn origin(&mut self, pointer: &str, at: usize) {
        self.origins.push((pointer.to_owned(), at));
    }

    /// `value` as an object that takes the keys `allowed`: unknown and repeated keys are
    /// recorded (with the closest allowed key).
    pub(super) fn object<'f>(
        &mut self,
        value: &'f FormValue,
        of: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<Object<'f>> {
        let FormValueKind::Object(entries) = &value.kind else {
            self.error(
                value.at,
                FormErrorKind::WrongKind {
                    name: of.to_owned(),
                    expected: "an object `{ key: value, … }`",
                },
            );
            return None;
        };
        let mut suggested = Vec::new();
        for (i, (key, _)) in entries.iter().enumerate() {
            if !allowed.contains(&key.name.as_str()) {
                let suggestion = workflow_text::suggest::did_you_mean(&key.name, allowed);
                suggested.extend(suggestion);
                self.error(
                    key.at,
                    FormErrorKind::UnknownArgument {
                        name: key.name.clone(),
                        of,
                        suggestion,
                    },
                );
            } else if entries
                .iter()
                .take(i)
                .any(|(earlier, _)| earlier.name == key.name)
            {
                self.error(
                    key.at,
                    FormErrorKind::DuplicateArgument {
                        name: key.name.clone(),
                    },
                );
            }
        }
        Some(Object {
            of,
            at: value.at,
            entries,
            suggested,
        })
    }

    /// The value of a required key, or the error that it is missing.
    pub(super) fn required<'f>(
        &mut self,
        object: &Object<'f>,
        name: &'static str,
    ) -> Option<&'f FormValue> {
        let found = object.get(name);
        if found.is_none() && !object.suggested.contains(&name) {
            self.error(
                object.at,
                FormErrorKind::MissingArgument {
                    name,
                    of: object.of,
                },
            );
        }
        found
    }

    /// The value of a required key, whose value becomes the request's `pointer`.
    pub(super) fn required_at<'f>(
        &mut self,
        object: &Object<'f>,
        name: &'static str,
        pointer: &str,
    ) -> Option<&'f FormValue> {
        let value = self.required(object, name)?;
        self.origin(pointer, value.at);
        Some(value)
    }

    /// The value of an optional key, if written; it becomes the request's `pointer`.
    pub(super) fn optional_at<'f>(
        &mut self,
        object: &Object<'f>,
        name: &str,
        pointer: &str,
    ) -> Option<&'f FormValue> {
        let value = object.get(name)?;
        self.origin(pointer, value.at);
        Some(value)
    }

    /// The required instance count (under `count_key`) and `instance_type` of `object`, written
    /// to the request's `count_at` and `type_at`; both read even when one is wrong.
    pub(super) fn instances(
        &mut self,
        object: &Object<'_>,
        count_key: &'static str,
        count_at: &str,
        type_at: &str,
    ) -> (Option<u32>, Option<String>) {
        let count = self
            .required_at(object, count_key, count_at)
            .and_then(|v| self.count(count_key, v));
        let instance_type = self
            .required_at(object, "instance_type", type_at)
            .and_then(|v| self.string("instance_type", v));
        (count, instance_type)
    }

    /// Records that `name` was given a path where the SDK fixes the value when the workflow is
    /// built.
    pub(super) fn fixed<T>(&mut self, name: &str, value: &FormValue) -> Option<T> {
        self.error(
            value.at,
            FormErrorKind::PathNotAllowed {
                name: name.to_owned(),
            },
        );
        None
    }

    /// A string fixed when the workflow is built.
    pub(super) fn string(&mut self, name: &str, value: &FormValue) -> Option<String> {
        match &value.kind {
            FormValueKind::Str(s) => Some(s.clone()),
            FormValueKind::Path(_) => self.fixed(name, value),
            _ => self.wrong(name, value, "a string"),
        }
    }

    /// One of `allowed`, fixed when the workflow is built.
    pub(super) fn one_of(
        &mut self,
        name: &str,
        value: &FormValue,
        allowed: &'static [&'static str],
    ) -> Option<&'static str> {
        let written = self.string(name, value)?;
        let found = allowed.iter().copied().find(|a| *a == written);
        if found.is_none() {
            self.error(
                value.at,
                FormErrorKind::NotOneOf {
                    name: name.to_owned(),
                    value: written,
                    allowed,
                },
            );
        }
        found
    }

    /// A request value: a literal (string, number or flag) or a path read when the state runs.
    pub(super) fn param(&mut self, name: &str, value: &FormValue) -> Option<Param> {
        match &value.kind {
            FormValueKind::Str(s) => Some(Param::Literal(Value::String(s.clone()))),
            FormValueKind::Number(n) => Some(Param::Literal(Value::Number(n.clone()))),
            FormValueKind::Bool(b) => Some(Param::Literal(Value::Bool(*b))),
            FormValueKind::Path(p) => Some(Param::Path(p.clone())),
            _ => self.wrong(name, value, "a string or a path"),
        }
    }

    /// A positive count (instances, jobs).
    pub(super) fn count(&mut self, name: &str, value: &FormValue) -> Option<u32> {
        let n = self.amount(name, value)?;
        u32::try_from(n)
            .ok()
            .or_else(|| self.wrong(name, value, "a positive integer"))
    }

    /// A number of seconds, megabytes or gigabytes: a positive integer fixed when the
    /// workflow is built.
    pub(super) fn amount(&mut self, name: &str, value: &FormValue) -> Option<u64> {
        match &value.kind {
            FormValueKind::Number(n) => match n.as_u64() {
                Some(n) if n > 0 => Some(n),
                _ => self.wrong(name, value, "a positive integer"),
            },
            FormValueKind::Path(_) => self.fixed(name, value),
            _ => self.wrong(name, value, "a positive integer"),
        }
    }

    /// A number (a range bound).
    pub(super) fn number(&mut self, name: &str, value: &FormValue) -> Option<f64> {
        match &value.kind {
            FormValueKind::Number(n) => n.as_f64(),
            _ => self.wrong(name, value, "a number"),
        }
    }

    /// `true` or `false`.
    pub(super) fn flag(&mut self, name: &str, value: &FormValue) -> Option<bool> {
        match &value.kind {
            FormValueKind::Bool(b) => Some(*b),
            _ => self.wrong(name, value, "`true` or `false`"),
        }
    }

    /// `{ key: literal, … }` with each value as a string, as the SDK `str()`s hyperparameters
    /// and environment variables (numbers as written, flags `true`/`false`).
    pub(super) fn string_map(
        &mut self,
        name: &str,
        value: &FormValue,
    ) -> Option<IndexMap<String, String>> {
        let FormValueKind::Object(entries) = &value.kind else {
            return self.wrong(name, value, "an object of strings, numbers or flags");
        };
        let mut map = IndexMap::new();
        for (key, v) in entries {
            let text = match &v.kind {
                FormValueKind::Str(s) => s.clone(),
                FormValueKind::Number(n) => n.to_string(),
                FormValueKind::Bool(b) => b.to_string(),
                FormValueKind::Path(_) => {
                    self.fixed::<()>(&format!("{name}.{}", key.name), v);
                    continue;
                }
                _ => {
                    self.wrong::<()>(
                        &format!("{name}.{}", key.name),
                        v,
                        "a string, a number or a flag",
                    );
                    continue;
                }
            };
            if map.insert(key.name.clone(), text).is_some() {
                self.error(
                    key.at,
                    FormErrorKind::DuplicateArgument {
                        name: key.name.clone(),
                    },
                );
            }
        }
        Some(map)
    }

    /// `[string, …]`.
    pub(super) fn strings(&mut self, name: &str, value: &FormValue) -> Option<Vec<String>> {
        let FormValueKind::Array(items) = &value.kind else {
            return self.wrong(name, value, "a list of strings `[\"…\", …]`");
        };
        let mut out = Vec::new();
        for item in items {
            out.push(self.string(name, item)?);
        }
        Some(out)
    }

    /// Literal JSON (`experiment_config`, `data_capture_config`): no paths inside.
    pub(super) fn json(&mut self, name: &str, value: &FormValue) -> Option<Value> {
        // Iterative: a stack of (value, where its JSON goes) built bottom-up.
        enum Frame<'v> {
            Visit(&'v FormValue),
            Array(usize),
            Object(Vec<String>),
        }
        let mut stack = vec![Frame::Visit(value)];
        let mut out: Vec<Value> = Vec::new();
        while let Some(frame) = stack.pop() {
            match frame {
                Frame::Visit(v) => match &v.kind {
                    FormValueKind::Str(s) => out.push(Value::String(s.clone())),
                    FormValueKind::Number(n) => out.push(Value::Number(n.clone())),
                    FormValueKind::Bool(b) => out.push(Value::Bool(*b)),
                    FormValueKind::Null => out.push(Value::Null),
                    FormValueKind::Path(_) => {
                        self.fixed::<()>(name, v);
                        out.push(Value::Null);
                    }
                    FormValueKind::Array(items) => {
                        stack.push(Frame::Array(items.len()));
                        stack.extend(items.iter().rev().map(Frame::Visit));
                    }
                    FormValueKind::Object(entries) => {
                        stack.push(Frame::Object(
                            entries.iter().map(|(k, _)| k.name.clone()).collect(),
                        ));
                        stack.extend(entries.iter().rev().map(|(_, v)| Frame::Visit(v)));
                    }
                },
                Frame::Array(n) => {
                    let items = out.split_off(out.len().saturating_sub(n));
                    out.push(Value::Array(items));
                }
                Frame::Object(keys) => {
                    let values = out.split_off(out.len().saturating_sub(keys.len()));
                    out.push(Value::Object(keys.into_iter().zip(values).collect()));
                }
            }
        }
        out.pop()
    }

    /// `Tags`: `{ key: "value", … }`.
    pub(super) fn tags(&mut self, value: &FormValue) -> Option<Vec<(String, String)>> {
        self.string_map("tags", value)
            .map(|m| m.into_iter().collect())
    }

    fn wrong<T>(&mut self, name: &str, value: &FormValue, expected: &'static str) -> Option<T> {
        self.error(
            value.at,
            FormErrorKind::WrongKind {
                name: name.to_owned(),
                expected,
            },
        );
        None
    }
}

impl<'f> Object<'f> {
    /// The value of `name`, if written (the first, when repeated).
    pub(super) fn get(&self, name: &str) -> Option<&'f FormValue> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }
}
