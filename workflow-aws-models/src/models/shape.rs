//! [`Shape`]: a handle on one request or response shape.

use super::decode::{MemberData, Model, Ref, ShapeData};
use std::fmt;

/// What kind of JSON value a shape describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShapeKind {
    /// A structure: an object with known members.
    Object,
    /// A list.
    Array,
    /// A map: an object with arbitrary keys.
    Map,
    /// A string, possibly limited to an enum.
    String,
    /// An integer (`integer` and `long` in the models).
    Integer,
    /// A number (`float` and `double` in the models).
    Number,
    /// A boolean.
    Boolean,
    /// A timestamp: an ISO 8601 string or seconds since the epoch.
    Timestamp,
    /// A timestamp in the JSON Step Functions writes of a finished job (`.sync:2`'s
    /// `StartDate` and `StopDate`): as a result it may be a string, or epoch seconds as the
    /// API's own JSON (AWS JSON 1.0) writes it, where a plain result's timestamp is a string
    /// (see `check::result`).
    TimestampOrEpoch,
    /// Binary data, written as a string or as any JSON value, which Step Functions serialises
    /// (deployed definitions send objects as S3 PutObject's `Body`; executions recorded on AWS
    /// send `false` and `0`: `services.test_aws_sdk_task_service__test_s3_put_object_bool`
    /// and `_num` in ../shared/aws-recorded).
    Blob,
    /// Text Step Functions also takes as a JSON object or list, which it serialises: Lambda's
    /// `Payload`, SQS's `MessageBody`, SNS's `Message`, EventBridge's `Detail`, a child
    /// execution's `Input` (the optimized integrations' pages). A number or a boolean is
    /// neither: the task fails to start ([`ShapeKind::start_failure`]).
    JsonText,
    /// Any JSON value (a `document` in the models, or what the overlay leaves open).
    Any,
}

impl ShapeKind {
    /// The reason AWS gives when a value of the wrong JSON type given for `field`, a member of
    /// this kind, stops the task from starting: `The value for the field 'S' must be a
    /// STRING`.
    ///
    /// Step Functions checks the JSON type of the text members of a request when the task
    /// starts and converts nothing: an object given for DynamoDB's `S` (aws-cdk issue 9181)
    /// and a number given as Lambda's `Payload` (a question of 2023 quoting the execution's
    /// cause) both fail the state with `States.Runtime`, `The Parameters '…' could not be used
    /// to start the Task: [The value for the field '…' must be a STRING]`. Only text members
    /// have been seen refused so; `None` for the other kinds (binary data takes any JSON
    /// value: [`ShapeKind::Blob`]).
    pub fn start_failure(self, field: &str) -> Option<String> {
        match self {
            ShapeKind::String | ShapeKind::JsonText => Some(format!(
                "The value for the field '{field}' must be a STRING"
            )),
            _ => None,
        }
    }
}

/// The `min`/`max` of a shape: a length for strings and blobs, a count for lists and maps, a
/// value for numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// The least allowed.
    pub min: Option<f64>,
    /// The most allowed.
    pub max: Option<f64>,
}

impl Bounds {
    /// Whether `n` lies within the bounds.
    pub fn contains(&self, n: f64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    /// Whether neither bound is set.
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// A request or response shape: a `'static`, `Copy` handle into a decoded model.
#[derive(Clone, Copy)]
pub struct Shape {
    model: &'static Model,
    index: u32,
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.model, other.model) && self.index == other.index
    }
}

impl Eq for Shape {}

impl Shape {
    pub(crate) fn new(model: &'static Model, index: u32) -> Shape {
        Shape { model, index }
    }

    /// Its index in its model (the wire form addresses shapes by it).
    #[cfg(feature = "wire")]
    pub(crate) fn index(self) -> u32 {
        self.index
    }

    pub(crate) fn data(self) -> &'static ShapeData {
        &self.model.shapes[self.index as usize]
    }

    pub(crate) fn follow(self, r: Ref) -> Shape {
        match r {
            Ref::Local(index) => Shape::new(self.model, index),
            Ref::Foreign(shape) => shape,
        }
    }

    /// The kind of JSON value.
    pub fn kind(self) -> ShapeKind {
        self.data().kind
    }

    /// The model's name of a structure, e.g. `ResourceConfig` (`None` for other shapes).
    pub fn name(self) -> Option<&'static str> {
        self.data().name.as_deref()
    }

    /// Whether this structure also accepts a plain string where the model wants an object:
    /// DynamoDB's `AttributeValue`, which Step Functions builds from a plain string (as `S`),
    /// as deployed definitions write it, but not from a number or a boolean (see the
    /// overlay's exceptions).
    pub fn accepts_plain_string(self) -> bool {
        self.kind() == ShapeKind::Object
            && self
                .name()
                .is_some_and(crate::overlay::exceptions::accepts_plain_string)
    }

    /// A structure's members, in the model's order (none for other shapes).
    pub fn members(self) -> impl ExactSizeIterator<Item = Member> {
        let data = self.data();
        (0..data.members.len()).map(move |i| Member {
            owner: self,
            data: &data.members[i],
        })
    }

    /// The member written `key`: its name as Step Functions writes it (`TaskDefinition`) or
    /// the AWS SDK for Java v2 spelling (`DbInstanceIdentifier` for `DBInstanceIdentifier`).
    pub fn member(self, key: &str) -> Option<Member> {
        self.members()
            .find(|m| m.name() == key)
            .or_else(|| self.members().find(|m| m.sdk_name() == key))
    }

    /// The names of the required members.
    pub fn required(self) -> impl Iterator<Item = &'static str> {
        self.members().filter(|m| m.is_required()).map(|m| m.name())
    }

    /// A list's item shape.
    pub fn item(self) -> Option<Shape> {
        match self.kind() {
            ShapeKind::Array => self.data().item.map(|r| self.follow(r)),
            _ => None,
        }
    }

    /// A map's key shape.
    pub fn map_key(self) -> Option<Shape> {
        match self.kind() {
            ShapeKind::Map => self.data().item.map(|r| self.follow(r)),
            _ => None,
        }
    }

    /// A map's value shape.
    pub fn map_value(self) -> Option<Shape> {
        match self.kind() {
            ShapeKind::Map => self.data().value.map(|r| self.follow(r)),
            _ => None,
        }
    }

    /// A string's allowed values (empty when any string is allowed).
    pub fn enum_values(self) -> impl ExactSizeIterator<Item = &'static str> {
        self.data().enums.iter().map(|e| &**e)
    }

    /// The `min`/`max` constraints.
    pub fn bounds(self) -> Bounds {
        let d = self.data();
        Bounds {
            min: d.min,
            max: d.max,
        }
    }

    /// A string's pattern as the API model writes it (a Java regular expression), e.g.
    /// `[a-zA-Z0-9-_]+`; kept for the strings of requests that have no enum.
    pub fn pattern(self) -> Option<&'static str> {
        self.data().pattern.as_ref().map(|p| p.java())
    }

    /// The pattern translated for matching, `None` when there is none or it is not translated
    /// ([`super::pattern`]).
    pub(crate) fn pattern_rule(self) -> Option<&'static super::pattern::StringPattern> {
        self.data().pattern.as_ref().and_then(|p| p.rule())
    }

    /// Where the bounds come from when the API model does not give them: the sentence of the
    /// API reference that states them (see the overlay's documented bounds).
    pub fn bounds_source(self) -> Option<&'static str> {
        self.data().bounds_source
    }

    /// Whether the structure is a union: exactly one member may be set.
    pub fn is_union(self) -> bool {
        self.data().union
    }

    /// What the shape expects, in words: `an integer of at least 1`, `a string of at most 63
    /// characters`, `` an object (`ResourceConfig`) ``, `` a string, one of `File`, `Pipe` ``.
    pub fn describe(self) -> String {
        let d = self.data();
        let b = self.bounds();
        match d.kind {
            ShapeKind::Object => match (&d.name, d.union) {
                (Some(n), true) => format!("an object (`{n}`) with exactly one member"),
                (Some(n), false) => format!("an object (`{n}`)"),
                (None, true) => "an object with exactly one member".to_owned(),
                (None, false) => "an object".to_owned(),
            },
            ShapeKind::Array => format!("a list{}", count_bounds(b, "item")),
            ShapeKind::Map => format!("an object (a map){}", count_bounds(b, "entry")),
            ShapeKind::String if !d.enums.is_empty() => {
                format!("a string, one of {}", list_values(self.enum_values()))
            }
            ShapeKind::String => format!("a string{}", count_bounds(b, "character")),
            ShapeKind::Integer => format!("an integer{}", value_bounds(b)),
            ShapeKind::Number => format!("a number{}", value_bounds(b)),
            ShapeKind::Boolean => "a boolean".to_owned(),
            ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => "a timestamp".to_owned(),
            ShapeKind::Blob => format!("binary data{}", count_bounds(b, "byte")),
            ShapeKind::JsonText => {
                "a string, or a JSON object or list (sent as its text)".to_owned()
            }
            ShapeKind::Any => "any JSON value".to_owned(),
        }
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shape({})", self.describe())
    }
}

/// A member of a structure.
#[derive(Clone, Copy)]
pub struct Member {
    owner: Shape,
    data: &'static MemberData,
}

impl Member {
    /// Its name as Step Functions writes it in requests: the model's name with its first letter
    /// in upper case, e.g. `TaskDefinition` for ECS's `taskDefinition`.
    pub fn name(self) -> &'static str {
        &self.data.name
    }

    /// The AWS SDK for Java v2 spelling, which `aws-sdk` integrations return and also accept,
    /// e.g. `DbInstanceIdentifier` for `DBInstanceIdentifier` (the same as [`Member::name`]
    /// for most members).
    pub fn sdk_name(self) -> &'static str {
        self.data.sdk_name.as_deref().unwrap_or(&self.data.name)
    }

    /// Its shape.
    pub fn shape(self) -> Shape {
        self.owner.follow(self.data.target)
    }

    /// Its position among its structure's members.
    #[cfg(feature = "wire")]
    pub(crate) fn position(self) -> usize {
        let members = &self.owner.data().members;
        members
            .iter()
            .position(|m| std::ptr::eq(m, self.data))
            .unwrap_or(members.len())
    }

    /// Whether the structure requires it.
    pub fn is_required(self) -> bool {
        self.data.required
    }
}

impl fmt::Debug for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Member({}: {:?})", self.name(), self.shape())
    }
}

/// `n` as written in a message: integral values without a fraction.
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn plural(n: f64, unit: &str) -> String {
    if n == 1.0 {
        format!("{} {unit}", number(n))
    } else if unit == "entry" {
        format!("{} entries", number(n))
    } else {
        format!("{} {unit}s", number(n))
    }
}

/// ` of at least 1 item`, ` of at most 63 characters`, ` of 1 to 10 entries`, or nothing.
pub(crate) fn count_bounds(b: Bounds, unit: &str) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) if lo == hi => format!(" of exactly {}", plural(lo, unit)),
        (Some(lo), Some(hi)) if lo > 0.0 => format!(" of {} to {}", number(lo), plural(hi, unit)),
        (_, Some(hi)) => format!(" of at most {}", plural(hi, unit)),
        (Some(lo), None) if lo > 0.0 => format!(" of at least {}", plural(lo, unit)),
        _ => String::new(),
    }
}

/// ` of at least 1`, ` of at most 100`, ` from 1 to 100`, or nothing.
pub(crate) fn value_bounds(b: Bounds) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!(" from {} to {}", number(lo), number(hi)),
        (Some(lo), None) => format!(" of at least {}", number(lo)),
        (None, Some(hi)) => format!(" of at most {}", number(hi)),
        (None, None) => String::new(),
    }
}

/// `` `A`, `B`, `C` `` — the first eight, then how many more.
pub(crate) fn list_values<'a>(values: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = values.len();
    let shown: Vec<String> = values.take(8).map(|v| format!("`{v}`")).collect();
    let mut out = shown.join(", ");
    if total > shown.len() {
        out.push_str(&format!(" (and {} more)", total - shown.len()));
    }
    out
}
