//! One service's wire form (the format `tools/aws-models/README.md` describes, "The wire
//! form"), inflated and parsed: the protocol's metadata, each operation's HTTP binding, each
//! shape's member locations and wire names, and the errors' codes. Its shapes are addressed by
//! the indices of the service's compact model.

use serde::Deserialize;
use std::collections::HashMap;

/// The protocols the codec speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// AWS JSON 1.0 and 1.1: `POST /`, the operation in `X-Amz-Target`, the input as JSON.
    Json,
    /// REST-JSON: the operation's method and URI, members in the URI, the query string and
    /// headers, the rest as JSON.
    RestJson,
    /// REST-XML: as REST-JSON, the body as XML (S3, Route 53, CloudFront).
    RestXml,
    /// The query protocol: the input form-encoded, the answer as XML (SNS, IAM, STS, …).
    Query,
    /// EC2's variant of the query protocol.
    Ec2,
}

impl Protocol {
    fn parse(name: &str) -> Option<Protocol> {
        Some(match name {
            "json" => Protocol::Json,
            "rest-json" => Protocol::RestJson,
            "rest-xml" => Protocol::RestXml,
            "query" => Protocol::Query,
            "ec2" => Protocol::Ec2,
            _ => return None,
        })
    }

    /// The protocol's name in the models, e.g. `rest-json`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Json => "json",
            Protocol::RestJson => "rest-json",
            Protocol::RestXml => "rest-xml",
            Protocol::Query => "query",
            Protocol::Ec2 => "ec2",
        }
    }
}

/// Where a member travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Location {
    /// In the body (the default).
    #[default]
    Body,
    /// A header.
    Header,
    /// A map of headers sharing a prefix.
    Headers,
    /// A label of the URI.
    Uri,
    /// A query string parameter.
    QueryString,
    /// The response's status code.
    StatusCode,
}

/// How a timestamp is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimestampFormat {
    /// `2024-01-31T12:00:00Z`.
    Iso8601,
    /// Seconds since the epoch, a number.
    Epoch,
    /// `Wed, 31 Jan 2024 12:00:00 GMT`.
    Rfc822,
}

impl TimestampFormat {
    fn parse(name: &str) -> Option<TimestampFormat> {
        Some(match name {
            "iso8601" => TimestampFormat::Iso8601,
            "unixTimestamp" => TimestampFormat::Epoch,
            "rfc822" => TimestampFormat::Rfc822,
            _ => return None,
        })
    }
}

/// An XML namespace: its prefix (empty for the default namespace) and URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Namespace {
    pub(crate) prefix: Box<str>,
    pub(crate) uri: Box<str>,
}

/// The service's metadata.
pub(crate) struct Meta {
    /// The protocol spoken; `None` when the codec speaks none the service offers.
    pub(crate) protocol: Option<Protocol>,
    /// The model's own protocol name (what a refusal names).
    pub(crate) protocol_name: Box<str>,
    pub(crate) json_version: Option<Box<str>>,
    pub(crate) target_prefix: Option<Box<str>>,
    pub(crate) signing_name: Option<Box<str>>,
    pub(crate) endpoint_prefix: Box<str>,
    /// `awsQueryCompatible`: errors also carry their query code in `x-amzn-query-error`.
    pub(crate) query_compatible: bool,
}

/// One operation's HTTP binding.
pub(crate) struct OperationWire {
    pub(crate) method: Box<str>,
    pub(crate) uri: Box<str>,
    /// The query protocol's element holding the output (`PublishResult`).
    pub(crate) result_wrapper: Option<Box<str>>,
    /// REST-XML: the root element of a body without a payload member, and its namespace.
    pub(crate) input_name: Option<Box<str>>,
    pub(crate) input_namespace: Option<Namespace>,
    /// The operation requires a checksum of the body (`Content-MD5`).
    pub(crate) checksum: bool,
}

/// A member's wire details.
#[derive(Default)]
pub(crate) struct MemberWire {
    pub(crate) location: Location,
    /// Its wire name (`locationName`), where it is not the model's.
    pub(crate) name: Option<Box<str>>,
    /// EC2's `queryName`.
    pub(crate) query_name: Option<Box<str>>,
    pub(crate) timestamp: Option<TimestampFormat>,
    /// A header holding JSON, base64-encoded.
    pub(crate) json_value: bool,
    pub(crate) xml_attribute: bool,
    pub(crate) namespace: Option<Namespace>,
    pub(crate) flattened: bool,
    /// The SDKs fill it with a fresh UUID when the request has none.
    pub(crate) idempotency_token: bool,
}

/// A shape's wire details (structures, lists and maps that have any).
#[derive(Default)]
pub(crate) struct ShapeWire {
    /// A structure's members, by position (empty: every member with the defaults).
    pub(crate) members: Vec<MemberWire>,
    /// The member that is the whole body.
    pub(crate) payload: Option<usize>,
    /// A structure's element name, or a list item's (`locationName`).
    pub(crate) name: Option<Box<str>>,
    pub(crate) namespace: Option<Namespace>,
    pub(crate) event_stream: bool,
    /// The members whose model name begins in lower case (see [`ShapeWire::lower_case`]).
    lower: Lower,
    pub(crate) flattened: bool,
    /// A list item's or a map value's timestamp format.
    pub(crate) timestamp: Option<TimestampFormat>,
    pub(crate) key_name: Option<Box<str>>,
    pub(crate) value_name: Option<Box<str>>,
}

#[derive(Default)]
enum Lower {
    #[default]
    None,
    All,
    Some(Vec<usize>),
}

impl ShapeWire {
    /// Whether the model's name of member `i` begins in lower case (Step Functions' name
    /// begins in upper case in every case).
    pub(crate) fn lower_case(&self, i: usize) -> bool {
        match &self.lower {
            Lower::None => false,
            Lower::All => true,
            Lower::Some(members) => members.contains(&i),
        }
    }

    /// Member `i`'s details, the defaults where it has none.
    pub(crate) fn member(&self, i: usize) -> &MemberWire {
        static DEFAULT: MemberWire = MemberWire {
            location: Location::Body,
            name: None,
            query_name: None,
            timestamp: None,
            json_value: false,
            xml_attribute: false,
            namespace: None,
            flattened: false,
            idempotency_token: false,
        };
        self.members.get(i).unwrap_or(&DEFAULT)
    }
}

/// An error shape.
pub(crate) struct ErrorWire {
    /// The shape's name (what the SDKs name the exception after).
    pub(crate) shape: Box<str>,
    /// The code on the wire.
    pub(crate) code: Box<str>,
    /// Its HTTP status (0 when the model gives none).
    pub(crate) status: u16,
}

/// One service's wire form.
pub(crate) struct WireModel {
    pub(crate) meta: Meta,
    pub(crate) operations: Vec<OperationWire>,
    pub(crate) shapes: HashMap<u32, ShapeWire>,
    pub(crate) errors: Vec<ErrorWire>,
}

/// The shape of `index`, with the defaults where it has no details.
impl WireModel {
    pub(crate) fn shape(&self, index: u32) -> &ShapeWire {
        static DEFAULT: std::sync::OnceLock<ShapeWire> = std::sync::OnceLock::new();
        self.shapes
            .get(&index)
            .unwrap_or_else(|| DEFAULT.get_or_init(ShapeWire::default))
    }

    /// The error shape whose code or name is `code`.
    pub(crate) fn error(&self, code: &str) -> Option<&ErrorWire> {
        self.errors
            .iter()
            .find(|e| &*e.code == code)
            .or_else(|| self.errors.iter().find(|e| &*e.shape == code))
    }
}

#[derive(Deserialize)]
struct RawWire {
    m: RawMeta,
    o: Vec<RawOperation>,
    s: Vec<(u32, RawShape)>,
    e: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawMeta {
    p: Box<str>,
    #[serde(default)]
    jv: Option<Box<str>>,
    #[serde(default)]
    tp: Option<Box<str>>,
    #[serde(default)]
    sn: Option<Box<str>>,
    ep: Box<str>,
    #[serde(default)]
    qc: u8,
    #[serde(default)]
    np: u8,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawOperation {
    Plain(Box<str>, Box<str>),
    Flagged(Box<str>, Box<str>, RawFlags),
}

#[derive(Deserialize, Default)]
struct RawFlags {
    #[serde(default)]
    rw: Option<Box<str>>,
    #[serde(default)]
    il: Option<Box<str>>,
    #[serde(default)]
    ix: Option<(Box<str>, Box<str>)>,
    #[serde(default)]
    ck: u8,
}

#[derive(Deserialize, Default)]
struct RawMember {
    #[serde(default)]
    l: Option<Box<str>>,
    #[serde(default)]
    n: Option<Box<str>>,
    #[serde(default)]
    qn: Option<Box<str>>,
    #[serde(default)]
    tf: Option<Box<str>>,
    #[serde(default)]
    jv: u8,
    #[serde(default)]
    xa: u8,
    #[serde(default)]
    xn: Option<(Box<str>, Box<str>)>,
    #[serde(default)]
    fl: u8,
    #[serde(default)]
    it: u8,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawLower {
    All(#[allow(dead_code)] u8),
    Some(Vec<usize>),
}

#[derive(Deserialize, Default)]
struct RawShape {
    #[serde(default)]
    mm: Vec<RawMember>,
    #[serde(default)]
    pl: Option<usize>,
    #[serde(default)]
    n: Option<Box<str>>,
    #[serde(default)]
    xn: Option<(Box<str>, Box<str>)>,
    #[serde(default)]
    es: u8,
    #[serde(default)]
    lc: Option<RawLower>,
    #[serde(default)]
    fl: u8,
    #[serde(default)]
    tf: Option<Box<str>>,
    #[serde(default)]
    kn: Option<Box<str>>,
    #[serde(default)]
    vn: Option<Box<str>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawError {
    Plain(Box<str>, Box<str>, u16),
    /// With the `senderFault` flag, which the codec does not read.
    Flagged(Box<str>, Box<str>, u16, #[allow(dead_code)] u8),
}

/// Why an embedded wire stream could not be decoded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WireDecodeError {
    #[error("zlib: {0:?}")]
    Inflate(miniz_oxide::inflate::DecompressError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown {0} `{1}`")]
    Unknown(&'static str, String),
}

fn namespace(raw: Option<(Box<str>, Box<str>)>) -> Option<Namespace> {
    raw.map(|(prefix, uri)| Namespace { prefix, uri })
}

fn timestamp(raw: Option<Box<str>>) -> Result<Option<TimestampFormat>, WireDecodeError> {
    raw.map(|f| {
        TimestampFormat::parse(&f)
            .ok_or_else(|| WireDecodeError::Unknown("timestamp format", f.into()))
    })
    .transpose()
}

impl WireModel {
    /// Inflates and parses one service's wire stream.
    pub(crate) fn decode(stream: &[u8]) -> Result<WireModel, WireDecodeError> {
        let text = miniz_oxide::inflate::decompress_to_vec_zlib(stream)
            .map_err(WireDecodeError::Inflate)?;
        let raw: RawWire = serde_json::from_slice(&text)?;
        let meta = Meta {
            protocol: if raw.m.np != 0 {
                None
            } else {
                Some(
                    Protocol::parse(&raw.m.p)
                        .ok_or_else(|| WireDecodeError::Unknown("protocol", raw.m.p.to_string()))?,
                )
            },
            protocol_name: raw.m.p,
            json_version: raw.m.jv,
            target_prefix: raw.m.tp,
            signing_name: raw.m.sn,
            endpoint_prefix: raw.m.ep,
            query_compatible: raw.m.qc != 0,
        };
        let operations = raw
            .o
            .into_iter()
            .map(|op| {
                let (method, uri, flags) = match op {
                    RawOperation::Plain(m, u) => (m, u, RawFlags::default()),
                    RawOperation::Flagged(m, u, f) => (m, u, f),
                };
                OperationWire {
                    method,
                    uri,
                    result_wrapper: flags.rw,
                    input_name: flags.il,
                    input_namespace: namespace(flags.ix),
                    checksum: flags.ck != 0,
                }
            })
            .collect();
        let mut shapes = HashMap::with_capacity(raw.s.len());
        for (index, s) in raw.s {
            let mut members = Vec::with_capacity(s.mm.len());
            for m in s.mm {
                let location = match m.l.as_deref() {
                    None => Location::Body,
                    Some("h") => Location::Header,
                    Some("hs") => Location::Headers,
                    Some("u") => Location::Uri,
                    Some("q") => Location::QueryString,
                    Some("sc") => Location::StatusCode,
                    Some(other) => {
                        return Err(WireDecodeError::Unknown("location", other.to_owned()));
                    }
                };
                members.push(MemberWire {
                    location,
                    name: m.n,
                    query_name: m.qn,
                    timestamp: timestamp(m.tf)?,
                    json_value: m.jv != 0,
                    xml_attribute: m.xa != 0,
                    namespace: namespace(m.xn),
                    flattened: m.fl != 0,
                    idempotency_token: m.it != 0,
                });
            }
            shapes.insert(
                index,
                ShapeWire {
                    members,
                    payload: s.pl,
                    name: s.n,
                    namespace: namespace(s.xn),
                    event_stream: s.es != 0,
                    lower: match s.lc {
                        None => Lower::None,
                        Some(RawLower::All(_)) => Lower::All,
                        Some(RawLower::Some(v)) => Lower::Some(v),
                    },
                    flattened: s.fl != 0,
                    timestamp: timestamp(s.tf)?,
                    key_name: s.kn,
                    value_name: s.vn,
                },
            );
        }
        let errors = raw
            .e
            .into_iter()
            .map(|e| {
                let (shape, code, status) = match e {
                    RawError::Plain(s, c, st) | RawError::Flagged(s, c, st, _) => (s, c, st),
                };
                ErrorWire {
                    shape,
                    code,
                    status,
                }
            })
            .collect();
        Ok(WireModel {
            meta,
            operations,
            shapes,
            errors,
        })
    }
}
