//! One service's compact model (the format `tools/aws-models/README.md` describes), inflated
//! and parsed into an arena of shapes.

use super::pattern::ModelPattern;
use super::shape::{Shape, ShapeKind};
use serde::Deserialize;

/// A decoded model: the shapes of one service (or of the overlay's synthesized requests and
/// results), addressed by index.
pub(crate) struct Model {
    /// Every shape, addressed by index.
    pub(crate) shapes: Vec<ShapeData>,
    /// The operations, sorted by name (empty for synthesized models).
    pub(crate) operations: Vec<OperationData>,
}

/// One operation.
pub(crate) struct OperationData {
    pub(crate) name: Box<str>,
    pub(crate) input: Option<u32>,
    pub(crate) output: Option<u32>,
    pub(crate) errors: Vec<Box<str>>,
}

/// Where a member, item or map value points.
#[derive(Clone, Copy)]
pub(crate) enum Ref {
    /// A shape of the same model.
    Local(u32),
    /// A shape of another model (synthesized shapes reuse the services' shapes).
    Foreign(Shape),
}

/// One member of a structure.
pub(crate) struct MemberData {
    /// As Step Functions writes it: the model's name with its first letter in upper case.
    pub(crate) name: Box<str>,
    /// The AWS SDK for Java v2 spelling when it differs (`DBInstanceIdentifier` →
    /// `DbInstanceIdentifier`): what `aws-sdk` integrations return and also accept.
    pub(crate) sdk_name: Option<Box<str>>,
    pub(crate) target: Ref,
    pub(crate) required: bool,
}

/// One shape.
pub(crate) struct ShapeData {
    pub(crate) kind: ShapeKind,
    /// The model's name of a structure (leaf shapes are shared and have none).
    pub(crate) name: Option<Box<str>>,
    pub(crate) members: Vec<MemberData>,
    /// A list's item, or a map's key.
    pub(crate) item: Option<Ref>,
    /// A map's value.
    pub(crate) value: Option<Ref>,
    pub(crate) enums: Vec<Box<str>>,
    pub(crate) min: Option<f64>,
    pub(crate) max: Option<f64>,
    /// A string's pattern (only for strings of requests, and not for enums).
    pub(crate) pattern: Option<ModelPattern>,
    /// Where bounds the model does not give come from (the overlay's documented bounds).
    pub(crate) bounds_source: Option<&'static str>,
    pub(crate) union: bool,
}

impl ShapeData {
    /// A shape of `kind` with nothing else.
    pub(crate) fn of(kind: ShapeKind) -> ShapeData {
        ShapeData {
            kind,
            name: None,
            members: Vec::new(),
            item: None,
            value: None,
            enums: Vec::new(),
            min: None,
            max: None,
            pattern: None,
            bounds_source: None,
            union: false,
        }
    }
}

/// Why an embedded stream could not be decoded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DecodeError {
    #[error("zlib: {0:?}")]
    Inflate(miniz_oxide::inflate::DecompressError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("shape index {0} out of range")]
    Index(u32),
}

/// One operation as stored: name, input shape, output shape (-1: none), error names.
type RawOperation = (Box<str>, i64, i64, Vec<Box<str>>);

#[derive(Deserialize)]
struct RawModel {
    o: Vec<RawOperation>,
    s: Vec<RawShape>,
}

#[derive(Deserialize)]
enum RawKind {
    #[serde(rename = "o")]
    Object,
    #[serde(rename = "a")]
    Array,
    #[serde(rename = "m")]
    Map,
    #[serde(rename = "s")]
    String,
    #[serde(rename = "i")]
    Integer,
    #[serde(rename = "n")]
    Number,
    #[serde(rename = "b")]
    Boolean,
    #[serde(rename = "ts")]
    Timestamp,
    #[serde(rename = "bl")]
    Blob,
    #[serde(rename = "any")]
    Any,
}

#[derive(Deserialize)]
struct RawShape {
    t: RawKind,
    #[serde(default)]
    n: Option<Box<str>>,
    #[serde(default)]
    m: Vec<(Box<str>, u32)>,
    #[serde(default)]
    r: Vec<Box<str>>,
    #[serde(default)]
    u: u8,
    #[serde(default)]
    i: Option<u32>,
    #[serde(default)]
    k: Option<u32>,
    #[serde(default)]
    v: Option<u32>,
    #[serde(default)]
    e: Vec<Box<str>>,
    #[serde(default)]
    lo: Option<f64>,
    #[serde(default)]
    hi: Option<f64>,
    #[serde(default)]
    p: Option<Box<str>>,
}

impl Model {
    /// Inflates and parses one service's stream.
    pub(crate) fn decode(stream: &[u8]) -> Result<Model, DecodeError> {
        let text =
            miniz_oxide::inflate::decompress_to_vec_zlib(stream).map_err(DecodeError::Inflate)?;
        let raw: RawModel = serde_json::from_slice(&text)?;
        let count = raw.s.len();
        let check = |i: u32| -> Result<u32, DecodeError> {
            if (i as usize) < count {
                Ok(i)
            } else {
                Err(DecodeError::Index(i))
            }
        };
        let optional = |i: i64| -> Result<Option<u32>, DecodeError> {
            if i < 0 {
                return Ok(None);
            }
            let i = u32::try_from(i).map_err(|_| DecodeError::Index(u32::MAX))?;
            check(i).map(Some)
        };
        let mut shapes = Vec::with_capacity(count);
        for s in raw.s {
            let kind = match s.t {
                RawKind::Object => ShapeKind::Object,
                RawKind::Array => ShapeKind::Array,
                RawKind::Map => ShapeKind::Map,
                RawKind::String => ShapeKind::String,
                RawKind::Integer => ShapeKind::Integer,
                RawKind::Number => ShapeKind::Number,
                RawKind::Boolean => ShapeKind::Boolean,
                RawKind::Timestamp => ShapeKind::Timestamp,
                RawKind::Blob => ShapeKind::Blob,
                RawKind::Any => ShapeKind::Any,
            };
            let mut members = Vec::with_capacity(s.m.len());
            for (name, target) in s.m {
                let required = s.r.contains(&name);
                let sdk_name = java_spelling(&name);
                members.push(MemberData {
                    name,
                    sdk_name,
                    target: Ref::Local(check(target)?),
                    required,
                });
            }
            let item = s.i.or(s.k).map(check).transpose()?.map(Ref::Local);
            let value = s.v.map(check).transpose()?.map(Ref::Local);
            shapes.push(ShapeData {
                kind,
                name: s.n,
                members,
                item,
                value,
                enums: s.e,
                min: s.lo,
                max: s.hi,
                pattern: s.p.map(ModelPattern::new),
                bounds_source: None,
                union: s.u != 0,
            });
        }
        let mut operations = Vec::with_capacity(raw.o.len());
        for (name, input, output, errors) in raw.o {
            operations.push(OperationData {
                name,
                input: optional(input)?,
                output: optional(output)?,
                errors,
            });
        }
        Ok(Model { shapes, operations })
    }
}

/// The AWS SDK for Java v2's spelling of a member, with its first letter in upper case, when
/// it differs from `name`: a leading run of capitals is lowered except the last one before a
/// lower-case letter (`DBInstanceIdentifier` → `DbInstanceIdentifier`, `SNSTopicArn` →
/// `SnsTopicArn`, `VPCId` → `VpcId`). The SDK's own rule, not `workflow_text::case`'s words:
/// it splits an acronym's plural (`VPCs` → `VpCs`, where the words are `VPCs`) and lowers
/// the capitals after a lower-case first letter (`eTAG` → `Etag`).
pub(crate) fn java_spelling(name: &str) -> Option<Box<str>> {
    if name.is_empty() || !name.is_ascii() {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    // The SDK's `Utils.unCapitalize`: lower the first letter, and the capitals after it up to
    // the one followed by a lower-case letter.
    loop {
        out.push(chars[i].to_ascii_lowercase());
        i += 1;
        let more = i < chars.len() && chars[i].is_ascii_uppercase();
        let before_lower = i + 1 < chars.len() && chars[i + 1].is_ascii_lowercase();
        if !more || before_lower {
            break;
        }
    }
    out.extend(&chars[i..]);
    // Step Functions then writes it with its first letter in upper case.
    let mut spelled: String = out[..1].to_ascii_uppercase();
    spelled.push_str(&out[1..]);
    (spelled != name).then(|| spelled.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::java_spelling;

    #[test]
    fn java_spellings() {
        assert_eq!(
            java_spelling("DBInstanceIdentifier").as_deref(),
            Some("DbInstanceIdentifier")
        );
        assert_eq!(java_spelling("SNSTopicArn").as_deref(), Some("SnsTopicArn"));
        assert_eq!(java_spelling("VPCId").as_deref(), Some("VpcId"));
        assert_eq!(java_spelling("DBSnapshot").as_deref(), Some("DbSnapshot"));
        assert_eq!(java_spelling("ID").as_deref(), Some("Id"));
        assert_eq!(java_spelling("VPCs").as_deref(), Some("VpCs"));
        assert_eq!(java_spelling("eTAG").as_deref(), Some("Etag"));
        assert_eq!(java_spelling("S3Bucket"), None);
        assert_eq!(java_spelling("RoleArn"), None);
        assert_eq!(java_spelling("A"), None);
    }
}
