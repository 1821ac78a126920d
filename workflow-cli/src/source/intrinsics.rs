//! CloudFormation's intrinsic functions, resolved as CloudFormation resolves them when it
//! creates a stack, each rule from its page of the "Intrinsic function reference"
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html>)
//! and "Pseudo parameters reference" (`…/pseudo-parameter-reference.html`):
//!
//! - `Ref`: a parameter's value (given by a parent stack, else its `Default`; a
//!   `CommaDelimitedList` or `List<…>` split at its commas), a resource's return value
//!   (`resources`), or a pseudo parameter: `AWS::Region`, `AWS::AccountId`, `AWS::Partition`
//!   and `AWS::URLSuffix` (from the stack's place), `AWS::StackName`, `AWS::StackId`,
//!   `AWS::NotificationARNs` (none) and `AWS::NoValue` (the member or item is removed).
//! - `Fn::GetAtt [Resource, Attribute]`: the resource's attribute (`resources`; a nested stack's
//!   `Outputs.Name`: its output).
//! - `Fn::Join [Delimiter, [Values]]`: the strings joined with the delimiter.
//! - `Fn::Sub String` or `[String, {Var: Value}]`: each `${Name}` replaced by the variable, else
//!   by `Ref Name` (`${Resource.Attribute}`: `Fn::GetAtt`); `${!Literal}` is `${Literal}`.
//! - `Fn::If [Condition, WhenTrue, WhenFalse]`, with the `Conditions` section's `Fn::Equals`,
//!   `Fn::And`, `Fn::Or`, `Fn::Not` and `Condition`.
//! - `Fn::Select [Index, [Values]]`, `Fn::Split [Delimiter, String]`, `Fn::FindInMap
//!   [Map, TopKey, SecondKey]` (and the `AWS::LanguageExtensions` transform's `{DefaultValue}`),
//!   `Fn::Base64`, `Fn::Length` and `Fn::ToJsonString` (the transform's).
//! - `Fn::ImportValue Name`: the output exported under that name by another stack of the
//!   same assembly; `Fn::GetStackOutput {StackName, OutputName}` (`…-getstackoutput.html`): the
//!   output of that stack of the assembly, exported or not.
//!
//! What cannot be resolved here is named with where it is and why: `Fn::GetAZs` and
//! `Fn::Cidr` (the account's zones, the network's addresses), `Fn::Transform` (a macro runs at
//! deployment), a parameter without `Default` or held in SSM, an export or stack outside the
//! assembly, a resource whose return values `resources` lacks. Nesting is bounded (the
//! functions, the values, and the chains of references through parameters, outputs and
//! exports, together at most [`MAX_NESTING`] levels), and so is each string made
//! ([`MAX_TEXT`]).

use super::document::Document;
use super::resources::{self, Asked, Place};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The deepest a value may nest, its functions and the references they follow included.
pub(crate) const MAX_NESTING: usize = 128;

/// The longest string a function may make: twice the service's 1 MiB limit on a definition.
pub(crate) const MAX_TEXT: usize = 2 * 1024 * 1024;

/// What a stack's references reach beyond its own template.
pub(crate) trait Beyond {
    /// The value exported as `name` by a stack beside it.
    fn export(&self, name: &str, depth: usize) -> Result<Value, String>;
    /// The output `output` of the stack named `stack`.
    fn stack_output(&self, stack: &str, output: &str, depth: usize) -> Result<Value, String>;
    /// The output `output` of the nested stack that this stack's resource `logical_id` is.
    fn nested_output(
        &self,
        stack: &Stack<'_>,
        logical_id: &str,
        output: &str,
        depth: usize,
    ) -> Result<Value, String>;
}

/// Nothing beyond the template: a template read alone.
pub(crate) struct Alone;

impl Beyond for Alone {
    fn export(&self, name: &str, _: usize) -> Result<Value, String> {
        Err(format!(
            "the export `{name}` is another stack's; read a CDK cloud assembly (its directory) to reach the stacks beside this one"
        ))
    }
    fn stack_output(&self, stack: &str, _: &str, _: usize) -> Result<Value, String> {
        Err(format!(
            "the stack `{stack}` is not this template; read a CDK cloud assembly (its directory) to reach the stacks beside this one"
        ))
    }
    fn nested_output(&self, _: &Stack<'_>, id: &str, _: &str, _: usize) -> Result<Value, String> {
        Err(format!(
            "`{id}` is a nested stack whose template is not in reach; read the CDK cloud assembly (its directory) that holds it"
        ))
    }
}

/// One template in its stack: what its references resolve against.
pub(crate) struct Stack<'a> {
    /// The template.
    pub document: &'a Document,
    /// The stack's name (`AWS::StackName`).
    pub name: String,
    /// Its region and account.
    pub place: Place,
    /// The values its parent gives its parameters (a nested stack's), resolved.
    pub given: BTreeMap<String, Value>,
    /// The stacks beside it.
    pub beyond: &'a dyn Beyond,
    /// Which of them it is (for `Beyond::nested_output`).
    pub index: usize,
}

/// What could not be resolved, where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unresolved {
    /// The template's JSON pointer to the function.
    pub pointer: String,
    /// Why.
    pub why: String,
}

/// A reference resolved to a resource, for the reader: what the definition now holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The function as written: `Fn::GetAtt Fn9270CBC0.Arn`.
    pub written: String,
    /// The resource's logical id.
    pub logical_id: String,
    /// Its construct path, for a CDK app's.
    pub construct: Option<String>,
    /// The value it resolved to.
    pub value: String,
}

/// A string made by functions, with where each part came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Text {
    /// The string.
    pub text: String,
    /// Its parts, in order, each from its start (in bytes) to the next one's.
    pub pieces: Vec<Piece>,
}

/// A part of a [`Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Where it starts in the text.
    pub start: usize,
    /// Where it came from.
    pub origin: Origin,
}

/// Where a part of a string came from in the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The string at `pointer`, from byte `from` of its value on.
    Literal { pointer: String, from: usize },
    /// A value a function (or a substitution) gave, at `pointer`.
    Value { pointer: String },
    /// A value standing for the `${Name}` at byte `from` of the string at `pointer`.
    Placed { pointer: String, from: usize },
}

impl Text {
    /// The template's string `text` at `pointer`.
    pub(crate) fn literal(text: &str, pointer: &str) -> Text {
        Text {
            text: text.to_owned(),
            pieces: vec![Piece {
                start: 0,
                origin: Origin::Literal {
                    pointer: pointer.to_owned(),
                    from: 0,
                },
            }],
        }
    }

    /// `value`, made by the function at `pointer`.
    pub(crate) fn value(value: String, pointer: &str) -> Text {
        Text {
            text: value,
            pieces: vec![Piece {
                start: 0,
                origin: Origin::Value {
                    pointer: pointer.to_owned(),
                },
            }],
        }
    }

    /// `value`, standing for the `${Name}` at byte `from` of the string at `pointer`.
    fn placed(value: String, pointer: &str, from: usize) -> Text {
        Text {
            text: value,
            pieces: vec![Piece {
                start: 0,
                origin: Origin::Placed {
                    pointer: pointer.to_owned(),
                    from,
                },
            }],
        }
    }

    /// Appends `other`.
    pub(crate) fn push(&mut self, other: Text) {
        let base = self.text.len();
        if other.text.is_empty() {
            return;
        }
        self.text.push_str(&other.text);
        self.pieces.extend(other.pieces.into_iter().map(|p| Piece {
            start: p.start + base,
            origin: p.origin,
        }));
    }

    /// The part of the text from `start` to `end` (bytes), with its pieces.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Text {
        let mut out = Text {
            text: self.text.get(start..end).unwrap_or_default().to_owned(),
            pieces: Vec::new(),
        };
        for (i, piece) in self.pieces.iter().enumerate() {
            let piece_end = self.pieces.get(i + 1).map_or(self.text.len(), |p| p.start);
            if piece_end <= start || piece.start >= end {
                continue;
            }
            let from_here = start.max(piece.start);
            let origin = match &piece.origin {
                Origin::Literal { pointer, from } => Origin::Literal {
                    pointer: pointer.clone(),
                    from: from + (from_here - piece.start),
                },
                other => other.clone(),
            };
            out.pieces.push(Piece {
                start: from_here - start,
                origin,
            });
        }
        out
    }

    /// The piece the byte `offset` is in, and how far into it.
    pub(crate) fn piece_at(&self, offset: usize) -> Option<(&Piece, usize)> {
        let index = self.pieces.partition_point(|p| p.start <= offset);
        let piece = self.pieces.get(index.checked_sub(1)?)?;
        Some((piece, offset - piece.start))
    }
}

/// A value resolved: a value, or `AWS::NoValue` (the member or item goes).
enum Out {
    Value(Value),
    NoValue,
}

/// Resolution stopped; what and why is in [`Resolver::unresolved`].
#[derive(Debug)]
pub(crate) struct Stop;

/// Resolves values of one stack's template, recording what it used and what it could not.
pub(crate) struct Resolver<'s, 'a> {
    stack: &'s Stack<'a>,
    used: RefCell<BTreeMap<String, usize>>,
    references: RefCell<Vec<Reference>>,
    unresolved: RefCell<Vec<Unresolved>>,
}

type Step<T> = Result<T, Stop>;

/// `{at}/{key}`, escaped as a JSON pointer's token.
pub(crate) fn child(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The function a value is: its only key, when that is `Ref` or `Fn::…`.
fn function(value: &Value) -> Option<(&str, &Value)> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (key, argument) = map.iter().next()?;
    (key == "Ref" || key.starts_with("Fn::")).then_some((key.as_str(), argument))
}

impl<'s, 'a> Resolver<'s, 'a> {
    /// A resolver of `stack`'s values.
    pub(crate) fn new(stack: &'s Stack<'a>) -> Self {
        Resolver {
            stack,
            used: RefCell::default(),
            references: RefCell::default(),
            unresolved: RefCell::default(),
        }
    }

    /// How many times each function (and pseudo parameter) was used.
    pub(crate) fn used(&self) -> BTreeMap<String, usize> {
        self.used.borrow().clone()
    }

    /// The resources references resolved to.
    pub(crate) fn references(&self) -> Vec<Reference> {
        self.references.borrow().clone()
    }

    /// What could not be resolved.
    pub(crate) fn unresolved(&self) -> Vec<Unresolved> {
        self.unresolved.borrow().clone()
    }

    fn note(&self, what: &str) {
        *self.used.borrow_mut().entry(what.to_owned()).or_default() += 1;
    }

    fn fail<T>(&self, pointer: &str, why: impl Into<String>) -> Step<T> {
        self.unresolved.borrow_mut().push(Unresolved {
            pointer: pointer.to_owned(),
            why: why.into(),
        });
        Err(Stop)
    }

    fn deeper(&self, at: &str, depth: usize) -> Step<usize> {
        if depth >= MAX_NESTING {
            return self.fail(
                at,
                format!("it nests deeper than {MAX_NESTING} levels (functions, values and the references they follow)"),
            );
        }
        Ok(depth + 1)
    }

    /// `value` (at `at` in the template) with every function in it resolved;
    /// `AWS::NoValue` is `null` at the top.
    pub(crate) fn resolve(&self, value: &Value, at: &str, depth: usize) -> Step<Value> {
        Ok(match self.out(value, at, depth)? {
            Out::Value(v) => v,
            Out::NoValue => Value::Null,
        })
    }

    fn out(&self, value: &Value, at: &str, depth: usize) -> Step<Out> {
        let depth = self.deeper(at, depth)?;
        if let Some((name, argument)) = function(value) {
            return self.call(name, argument, &child(at, name), depth);
        }
        match value {
            Value::Object(members) => {
                let mut out = Map::new();
                let mut stopped = false;
                for (key, member) in members {
                    match self.out(member, &child(at, key), depth) {
                        Ok(Out::Value(v)) => {
                            out.insert(key.clone(), v);
                        }
                        Ok(Out::NoValue) => {}
                        Err(Stop) => stopped = true,
                    }
                }
                if stopped {
                    return Err(Stop);
                }
                Ok(Out::Value(Value::Object(out)))
            }
            Value::Array(items) => Ok(Out::Value(Value::Array(self.items(items, at, depth)?))),
            other => Ok(Out::Value(other.clone())),
        }
    }

    /// The items of a list, each resolved (`AWS::NoValue` removed).
    fn items(&self, items: &[Value], at: &str, depth: usize) -> Step<Vec<Value>> {
        let mut out = Vec::new();
        let mut stopped = false;
        for (i, item) in items.iter().enumerate() {
            match self.out(item, &child(at, &i.to_string()), depth) {
                Ok(Out::Value(v)) => out.push(v),
                Ok(Out::NoValue) => {}
                Err(Stop) => stopped = true,
            }
        }
        if stopped { Err(Stop) } else { Ok(out) }
    }

    /// A resolved string (a number or a boolean as it is written).
    fn string(&self, value: &Value, at: &str, depth: usize, what: &str) -> Step<String> {
        match self.resolve(value, at, depth)? {
            Value::String(s) => Ok(s),
            v @ (Value::Number(_) | Value::Bool(_)) => Ok(v.to_string()),
            other => self.fail(at, format!("{what} is {other}, not a string")),
        }
    }

    /// A resolved list.
    fn list(&self, value: &Value, at: &str, depth: usize, what: &str) -> Step<Vec<Value>> {
        match self.resolve(value, at, depth)? {
            Value::Array(items) => Ok(items),
            other => self.fail(at, format!("{what} is {other}, not a list")),
        }
    }

    /// The arguments of `name` as a list of `n` (or `n` to `most`).
    fn arguments<'v>(
        &self,
        name: &str,
        argument: &'v Value,
        at: &str,
        (n, most): (usize, usize),
    ) -> Step<&'v [Value]> {
        match argument.as_array() {
            Some(items) if (n..=most).contains(&items.len()) => Ok(items),
            _ => self.fail(
                at,
                format!(
                    "`{name}` takes a list of {}",
                    if n == most {
                        n.to_string()
                    } else {
                        format!("{n} to {most}")
                    }
                ),
            ),
        }
    }

    /// The function `name` of `argument`, at `at` (the function's key).
    fn call(&self, name: &str, argument: &Value, at: &str, depth: usize) -> Step<Out> {
        self.note(name);
        let text = |t: Text| Ok(Out::Value(Value::String(t.text)));
        match name {
            "Ref" => self.reference(argument, at, depth),
            "Fn::GetAtt" => self.attribute(argument, at, depth).map(Out::Value),
            "Fn::Join" | "Fn::Sub" => text(self.text_call(name, argument, at, depth)?),
            "Fn::If" => {
                let items = self.arguments(name, argument, at, (3, 3))?;
                let condition = items[0]
                    .as_str()
                    .map_or_else(|| self.fail(&child(at, "0"), "a condition's name is a string"), Ok)?;
                let branch = if self.condition(condition, &child(at, "0"), depth)? { 1 } else { 2 };
                self.out(&items[branch], &child(at, &branch.to_string()), depth)
            }
            "Fn::Select" => {
                let items = self.arguments(name, argument, at, (2, 2))?;
                let index = self.string(&items[0], &child(at, "0"), depth, "the index")?;
                let list = self.list(&items[1], &child(at, "1"), depth, "what it selects from")?;
                match index.parse::<usize>().ok().and_then(|i| list.get(i)) {
                    Some(v) => Ok(Out::Value(v.clone())),
                    None => self.fail(at, format!("the index {index} is not in the list of {}", list.len())),
                }
            }
            "Fn::Split" => {
                let items = self.arguments(name, argument, at, (2, 2))?;
                let delimiter = self.string(&items[0], &child(at, "0"), depth, "the delimiter")?;
                let source = self.string(&items[1], &child(at, "1"), depth, "what it splits")?;
                if delimiter.is_empty() {
                    return self.fail(at, "the delimiter is empty");
                }
                Ok(Out::Value(Value::Array(
                    source.split(delimiter.as_str()).map(Value::from).collect(),
                )))
            }
            "Fn::FindInMap" => self.find_in_map(argument, at, depth).map(Out::Value),
            "Fn::ImportValue" => {
                let export = self.string(argument, at, depth, "the export's name")?;
                let depth = self.deeper(at, depth)?;
                match self.stack.beyond.export(&export, depth) {
                    Ok(v) => Ok(Out::Value(v)),
                    Err(why) => self.fail(at, why),
                }
            }
            "Fn::GetStackOutput" => {
                let fields = self.resolve(argument, at, depth)?;
                let field = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
                let (Some(stack), Some(output)) = (field("StackName"), field("OutputName")) else {
                    return self.fail(at, "`Fn::GetStackOutput` takes {StackName, OutputName}");
                };
                let depth = self.deeper(at, depth)?;
                match self.stack.beyond.stack_output(&stack, &output, depth) {
                    Ok(v) => Ok(Out::Value(v)),
                    Err(why) => self.fail(at, why),
                }
            }
            "Fn::Base64" => {
                let s = self.string(argument, at, depth, "what it encodes")?;
                Ok(Out::Value(Value::String(base64(s.as_bytes()))))
            }
            "Fn::Length" => {
                let list = self.list(argument, at, depth, "what it counts")?;
                Ok(Out::Value(Value::from(list.len())))
            }
            "Fn::ToJsonString" => {
                let v = self.resolve(argument, at, depth)?;
                Ok(Out::Value(Value::String(v.to_string())))
            }
            "Fn::GetAZs" => self.fail(at, "`Fn::GetAZs` lists the account's Availability Zones, which only the deployment knows"),
            "Fn::Cidr" => self.fail(at, "`Fn::Cidr` is not resolved here"),
            "Fn::Transform" => self.fail(at, "`Fn::Transform` runs a macro at deployment"),
            other => self.fail(at, format!("`{other}` is not one of CloudFormation's intrinsic functions")),
        }
    }

    /// A string made by `Fn::Join` or `Fn::Sub` (at `at`), with its pieces.
    fn text_call(&self, name: &str, argument: &Value, at: &str, depth: usize) -> Step<Text> {
        let text = if name == "Fn::Join" {
            self.join(argument, at, depth)?
        } else {
            self.sub(argument, at, depth)?
        };
        if text.text.len() > MAX_TEXT {
            return self.fail(
                at,
                format!(
                    "it makes a string longer than {} MiB",
                    MAX_TEXT / (1024 * 1024)
                ),
            );
        }
        Ok(text)
    }

    /// `value` (at `at`) as a string made by functions, with where each part came from: a
    /// string as written, `Fn::Join`'s and `Fn::Sub`'s parts, `Fn::If`'s branch; any other
    /// function's value as one part.
    pub(crate) fn text(&self, value: &Value, at: &str, depth: usize) -> Step<Text> {
        let depth = self.deeper(at, depth)?;
        match function(value) {
            None => match value {
                Value::String(s) => Ok(Text::literal(s, at)),
                other => self.fail(at, format!("{other} is not a string")),
            },
            Some((name @ ("Fn::Join" | "Fn::Sub"), argument)) => {
                self.note(name);
                self.text_call(name, argument, &child(at, name), depth)
            }
            Some(("Fn::If", argument)) => {
                self.note("Fn::If");
                let at = child(at, "Fn::If");
                let items = self.arguments("Fn::If", argument, &at, (3, 3))?;
                let condition = items[0].as_str().unwrap_or_default();
                let branch = if self.condition(condition, &child(&at, "0"), depth)? {
                    1
                } else {
                    2
                };
                self.text(&items[branch], &child(&at, &branch.to_string()), depth)
            }
            Some(_) => {
                let s = self.string(value, at, depth, "the value")?;
                Ok(Text::value(s, at))
            }
        }
    }

    fn join(&self, argument: &Value, at: &str, depth: usize) -> Step<Text> {
        let items = self.arguments("Fn::Join", argument, at, (2, 2))?;
        let delimiter = self.text(&items[0], &child(at, "0"), depth)?;
        let list_at = child(at, "1");
        let parts: Vec<Text> = match &items[1] {
            Value::Array(values) => {
                let mut parts = Vec::new();
                let mut stopped = false;
                for (i, v) in values.iter().enumerate() {
                    let item_at = child(&list_at, &i.to_string());
                    if function(v).is_some_and(|(n, a)| n == "Ref" && a == "AWS::NoValue") {
                        continue;
                    }
                    match self.text(v, &item_at, depth) {
                        Ok(t) => parts.push(t),
                        Err(Stop) => stopped = true,
                    }
                }
                if stopped {
                    return Err(Stop);
                }
                parts
            }
            other => {
                let list = self.list(other, &list_at, depth, "what it joins")?;
                let mut parts = Vec::new();
                for v in list {
                    match v {
                        Value::String(s) => parts.push(Text::value(s, &list_at)),
                        other => {
                            return self.fail(&list_at, format!("it joins {other}, not a string"));
                        }
                    }
                }
                parts
            }
        };
        let mut out = Text::default();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(delimiter.clone());
            }
            out.push(part);
            if out.text.len() > MAX_TEXT {
                return self.fail(
                    at,
                    format!(
                        "it makes a string longer than {} MiB",
                        MAX_TEXT / (1024 * 1024)
                    ),
                );
            }
        }
        Ok(out)
    }

    fn sub(&self, argument: &Value, at: &str, depth: usize) -> Step<Text> {
        let (template, template_at, variables) = match argument {
            Value::String(s) => (s.as_str(), at.to_owned(), None),
            Value::Array(items) if items.len() == 2 => match (&items[0], &items[1]) {
                (Value::String(s), Value::Object(vars)) => {
                    (s.as_str(), child(at, "0"), Some((vars, child(at, "1"))))
                }
                _ => return self.fail(at, "`Fn::Sub` takes a string, or [a string, {variables}]"),
            },
            _ => return self.fail(at, "`Fn::Sub` takes a string, or [a string, {variables}]"),
        };
        let mut out = Text::default();
        let literal = |from: usize, to: usize| Text {
            text: template[from..to].to_owned(),
            pieces: vec![Piece {
                start: 0,
                origin: Origin::Literal {
                    pointer: template_at.clone(),
                    from,
                },
            }],
        };
        let mut rest = 0;
        let mut stopped = false;
        while let Some(found) = template[rest..].find("${") {
            let open = rest + found;
            let Some(length) = template[open..].find('}') else {
                break;
            };
            let close = open + length;
            out.push(literal(rest, open));
            let name = &template[open + 2..close];
            if name.starts_with('!') {
                // `${!Literal}` is `${Literal}`: the `!` is dropped.
                out.push(literal(open, open + 2));
                out.push(literal(open + 3, close + 1));
            } else {
                let variable = variables.as_ref().and_then(|(vars, vars_at)| {
                    vars.get(name.trim())
                        .map(|v| (v, child(vars_at, name.trim())))
                });
                let resolved = match variable {
                    Some((v, v_at)) => self.string(v, &v_at, depth, "the variable"),
                    None => self.sub_name(name.trim(), at, depth),
                };
                match resolved {
                    Ok(value) => out.push(Text::placed(value, &template_at, open)),
                    Err(Stop) => stopped = true,
                }
            }
            rest = close + 1;
            if out.text.len() > MAX_TEXT {
                return self.fail(
                    at,
                    format!(
                        "it makes a string longer than {} MiB",
                        MAX_TEXT / (1024 * 1024)
                    ),
                );
            }
        }
        if stopped {
            return Err(Stop);
        }
        out.push(literal(rest, template.len()));
        Ok(out)
    }

    /// `${Name}` in `Fn::Sub`: `Ref Name`, or `Fn::GetAtt` for `${Resource.Attribute}`.
    fn sub_name(&self, name: &str, at: &str, depth: usize) -> Step<String> {
        let resolved = if let Some((resource, attribute)) = name
            .split_once('.')
            .filter(|(r, _)| self.resource(r).is_some())
        {
            self.note("Fn::GetAtt");
            self.attribute(&Value::from(vec![resource, attribute]), at, depth)?
        } else {
            match self.reference(&Value::from(name), at, depth)? {
                Out::Value(v) => v,
                Out::NoValue => Value::String(String::new()),
            }
        };
        match resolved {
            Value::String(s) => Ok(s),
            v @ (Value::Number(_) | Value::Bool(_)) => Ok(v.to_string()),
            other => self.fail(at, format!("`${{{name}}}` is {other}, not a string")),
        }
    }

    /// The resource `logical_id` of the template.
    fn resource(&self, logical_id: &str) -> Option<&Value> {
        self.stack.document.value.get("Resources")?.get(logical_id)
    }

    /// The name of the resource `logical_id` (of type `type_name`): its name property,
    /// resolved, when the template gives one.
    fn resource_name(
        &self,
        logical_id: &str,
        type_name: &str,
        depth: usize,
    ) -> Step<Option<String>> {
        let Some(property) = resources::name_property(type_name) else {
            return Ok(None);
        };
        let at = format!("/Resources/{logical_id}/Properties/{property}");
        match self
            .resource(logical_id)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get(property))
        {
            Some(name) => self.string(name, &at, depth, "its name").map(Some),
            None => Ok(None),
        }
    }

    /// The construct path CDK records on a resource (`Metadata.aws:cdk:path`).
    pub(crate) fn construct_path(&self, logical_id: &str) -> Option<String> {
        self.resource(logical_id)?
            .get("Metadata")?
            .get("aws:cdk:path")?
            .as_str()
            .map(str::to_owned)
    }

    fn reference(&self, argument: &Value, at: &str, depth: usize) -> Step<Out> {
        let Some(name) = argument.as_str() else {
            return self.fail(at, "`Ref` takes a name");
        };
        if let Some(pseudo) = self.pseudo(name) {
            self.note(name);
            return Ok(pseudo);
        }
        let template = &self.stack.document.value;
        if let Some(parameter) = template.get("Parameters").and_then(|p| p.get(name)) {
            return self.parameter(name, parameter, at).map(Out::Value);
        }
        if let Some(resource) = self.resource(name) {
            let type_name = resource
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let depth = self.deeper(at, depth)?;
            let given = self.resource_name(name, type_name, depth)?;
            return match resources::returns(
                type_name,
                name,
                given.as_deref(),
                Asked::Reference,
                &self.stack.place,
            ) {
                Ok(value) => {
                    self.remember(format!("Ref {name}"), name, &value);
                    Ok(Out::Value(Value::String(value)))
                }
                Err(why) => self.fail(at, format!("`Ref {name}`: {why}")),
            };
        }
        self.fail(at, format!("`{name}` is neither a parameter nor a resource of the template, nor a pseudo parameter"))
    }

    fn remember(&self, written: String, logical_id: &str, value: &str) {
        let mut references = self.references.borrow_mut();
        if references.iter().any(|r| r.written == written) {
            return;
        }
        references.push(Reference {
            written,
            logical_id: logical_id.to_owned(),
            construct: self.construct_path(logical_id),
            value: value.to_owned(),
        });
    }

    /// A pseudo parameter's value.
    fn pseudo(&self, name: &str) -> Option<Out> {
        let place = &self.stack.place;
        let value = match name {
            "AWS::Region" => place.region.clone(),
            "AWS::AccountId" => place.account.clone(),
            "AWS::Partition" => place.partition.clone(),
            "AWS::URLSuffix" => place.url_suffix.clone(),
            "AWS::StackName" => self.stack.name.clone(),
            "AWS::StackId" => format!(
                "arn:{}:cloudformation:{}:{}:stack/{}/00000000-0000-0000-0000-000000000000",
                place.partition, place.region, place.account, self.stack.name
            ),
            "AWS::NotificationARNs" => return Some(Out::Value(Value::Array(Vec::new()))),
            "AWS::NoValue" => return Some(Out::NoValue),
            _ => return None,
        };
        Some(Out::Value(Value::String(value)))
    }

    fn parameter(&self, name: &str, parameter: &Value, at: &str) -> Step<Value> {
        let type_name = parameter
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("String");
        let value = match self.stack.given.get(name) {
            Some(given) => given.clone(),
            None if type_name.starts_with("AWS::SSM::Parameter::Value") => {
                return self.fail(
                    at,
                    format!(
                        "the parameter `{name}` is read from SSM Parameter Store at deployment"
                    ),
                );
            }
            None => match parameter.get("Default") {
                Some(default) => default.clone(),
                None => return self.fail(
                    at,
                    format!(
                        "the parameter `{name}` has no `Default`: its value is given at deployment"
                    ),
                ),
            },
        };
        self.note("Ref (parameter)");
        let is_list = type_name == "CommaDelimitedList" || type_name.starts_with("List<");
        Ok(match value {
            Value::String(s) if is_list => {
                Value::Array(s.split(',').map(|p| Value::from(p.trim())).collect())
            }
            Value::Number(n) => Value::String(n.to_string()),
            other => other,
        })
    }

    fn attribute(&self, argument: &Value, at: &str, depth: usize) -> Step<Value> {
        let pair = match argument {
            Value::Array(items) if items.len() == 2 => {
                let resource = items[0].as_str().map(str::to_owned);
                let attribute = self.string(&items[1], &child(at, "1"), depth, "the attribute")?;
                resource.map(|r| (r, attribute))
            }
            Value::String(s) => s.split_once('.').map(|(r, a)| (r.to_owned(), a.to_owned())),
            _ => None,
        };
        let Some((logical_id, attribute)) = pair else {
            return self.fail(at, "`Fn::GetAtt` takes [Resource, Attribute]");
        };
        let Some(resource) = self.resource(&logical_id) else {
            return self.fail(
                at,
                format!("`{logical_id}` is not a resource of the template"),
            );
        };
        let type_name = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let depth = self.deeper(at, depth)?;
        if type_name == "AWS::CloudFormation::Stack"
            && let Some(output) = attribute.strip_prefix("Outputs.")
        {
            return match self
                .stack
                .beyond
                .nested_output(self.stack, &logical_id, output, depth)
            {
                Ok(v) => Ok(v),
                Err(why) => self.fail(at, why),
            };
        }
        let given = self.resource_name(&logical_id, type_name, depth)?;
        match resources::returns(
            type_name,
            &logical_id,
            given.as_deref(),
            Asked::Attribute(&attribute),
            &self.stack.place,
        ) {
            Ok(value) => {
                self.remember(
                    format!("Fn::GetAtt {logical_id}.{attribute}"),
                    &logical_id,
                    &value,
                );
                Ok(Value::String(value))
            }
            Err(why) => self.fail(at, format!("`Fn::GetAtt {logical_id}.{attribute}`: {why}")),
        }
    }

    fn find_in_map(&self, argument: &Value, at: &str, depth: usize) -> Step<Value> {
        let items = self.arguments("Fn::FindInMap", argument, at, (3, 4))?;
        let mut keys = Vec::new();
        for (i, item) in items.iter().take(3).enumerate() {
            keys.push(self.string(item, &child(at, &i.to_string()), depth, "a key")?);
        }
        let found = self
            .stack
            .document
            .value
            .get("Mappings")
            .and_then(|m| m.get(&keys[0]))
            .and_then(|m| m.get(&keys[1]))
            .and_then(|m| m.get(&keys[2]));
        match (found, items.get(3).and_then(|d| d.get("DefaultValue"))) {
            (Some(v), _) => self.resolve(
                v,
                &format!("/Mappings/{}/{}/{}", keys[0], keys[1], keys[2]),
                depth,
            ),
            (None, Some(default)) => self.resolve(default, &child(at, "3"), depth),
            (None, None) => self.fail(
                at,
                format!(
                    "the mapping `{}` has no `{}` → `{}`",
                    keys[0], keys[1], keys[2]
                ),
            ),
        }
    }

    /// The condition `name` of the `Conditions` section.
    fn condition(&self, name: &str, at: &str, depth: usize) -> Step<bool> {
        let depth = self.deeper(at, depth)?;
        match self
            .stack
            .document
            .value
            .get("Conditions")
            .and_then(|c| c.get(name))
        {
            Some(condition) => {
                self.note("Condition");
                self.truth(condition, &format!("/Conditions/{name}"), depth)
            }
            None => self.fail(at, format!("the template has no condition `{name}`")),
        }
    }

    /// A condition function's truth.
    fn truth(&self, value: &Value, at: &str, depth: usize) -> Step<bool> {
        let depth = self.deeper(at, depth)?;
        let Some((name, argument)) = value
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
        else {
            return self.fail(
                at,
                "a condition is `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`",
            );
        };
        let at = child(at, name);
        self.note(name);
        match name.as_str() {
            "Condition" => self.condition(argument.as_str().unwrap_or_default(), &at, depth),
            "Fn::Equals" => {
                let items = self.arguments(name, argument, &at, (2, 2))?;
                let a = self.resolve(&items[0], &child(&at, "0"), depth)?;
                let b = self.resolve(&items[1], &child(&at, "1"), depth)?;
                let text = |v: Value| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                Ok(text(a) == text(b))
            }
            "Fn::Not" => {
                let items = self.arguments(name, argument, &at, (1, 1))?;
                Ok(!self.truth(&items[0], &child(&at, "0"), depth)?)
            }
            "Fn::And" | "Fn::Or" => {
                let items = self.arguments(name, argument, &at, (2, 10))?;
                let mut all = true;
                let mut any = false;
                for (i, item) in items.iter().enumerate() {
                    let truth = self.truth(item, &child(&at, &i.to_string()), depth)?;
                    all &= truth;
                    any |= truth;
                }
                Ok(if name == "Fn::And" { all } else { any })
            }
            other => self.fail(&at, format!("`{other}` is not a condition function")),
        }
    }
}

/// RFC 4648's base64, padded (`Fn::Base64`).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
