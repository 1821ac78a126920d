//! A request put on the wire and the answer read back, by each service's protocol, from the
//! service's model (feature `wire`): AWS JSON 1.0 and 1.1, REST-JSON, REST-XML, query and
//! EC2. Nothing here is written per service: the member locations, wire names, XML namespaces,
//! list shapes and error codes come from the wire form `tools/aws-models/generate.py` writes
//! beside the models (`data/wire.bin`, one stream per service, decoded the first time a
//! service is used), so a workflow pays for the services it calls.
//!
//! What a request carries is what a Task's `Parameters` give (Step Functions' member names,
//! the model's with their first letter in upper case, or the AWS SDK for Java v2 spelling);
//! what comes back is named as Step Functions hands it to the state ([`ResultNaming`]).
//! Signing and sending are the caller's: a [`WireRequest`] is the method, the path and query
//! as they go on the wire, the headers and the body.

mod calls;
mod decode;
mod encode;
mod errors;
#[rustfmt::skip]
mod index;
pub(crate) mod model;
mod time;
mod xml;

pub use calls::{EndpointCall, EndpointRefusal, ExecutionArns, JobOutcome, JobWatch, covered_jobs};
pub use errors::ServiceError;
pub use model::Protocol;

use crate::models::{Operation, SERVICE_COUNT, Service};
use model::WireModel;
use std::sync::OnceLock;

/// Every service's wire form, one zlib stream each.
static DATA: &[u8] = include_bytes!("../../data/wire.bin");

/// The decoded wire forms, filled on first use.
static DECODED: [OnceLock<WireModel>; SERVICE_COUNT] = [const { OnceLock::new() }; SERVICE_COUNT];

/// The wire form of `service`.
pub(crate) fn wire_model(service: Service) -> &'static WireModel {
    DECODED[service.position()].get_or_init(|| {
        let (offset, len) = index::STREAMS[service.position()];
        let (offset, len) = (offset as usize, len as usize);
        WireModel::decode(&DATA[offset..offset + len]).unwrap_or_else(|err| {
            // Generated and checked by tests/generator.rs; tests/wire.rs decodes every
            // service: not reachable from user input.
            panic!(
                "the embedded wire form of `{}` is corrupt: {err}",
                service.botocore_name()
            )
        })
    })
}

/// A request as it goes on the wire, before it is signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path, percent-encoded as it is sent, e.g. `/my-bucket/data/items.csv`.
    pub path: String,
    /// The query string without its `?`, percent-encoded (empty when there is none).
    pub query: String,
    /// The headers the protocol and the request's members set (`Content-Type`, `X-Amz-Target`,
    /// header members), not `Host`, nor the signature's.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl WireRequest {
    /// The path and the query string, as the request line carries them.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// An answer as it came off the wire.
#[derive(Clone, Copy, Debug)]
pub struct WireResponse<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The headers (names in any case).
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl WireResponse<'_> {
    /// The value of the header `name` (matched without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// How the members of an answer are named for the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultNaming {
    /// The model's names with their first letter in upper case ([`crate::Member::name`]), as the
    /// optimized integrations answer.
    StepFunctions,
    /// The AWS SDK for Java v2 spelling ([`crate::Member::sdk_name`]), as the AWS SDK
    /// integrations answer (`DbInstances` for RDS's `DBInstances`).
    Sdk,
}

/// Why a request could not be put on the wire, or an answer read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The service speaks no protocol the codec speaks (botocore 1.44.5: four services that
    /// speak only CBOR).
    #[error(
        "the service `{service}` speaks only the `{protocol}` protocol, which is not supported"
    )]
    Protocol {
        /// botocore's name of the service.
        service: &'static str,
        /// The protocol it speaks.
        protocol: String,
    },
    /// The operation streams events, which a Task cannot.
    #[error("`{operation}` streams events, which a Task state cannot call")]
    EventStream {
        /// The operation's name.
        operation: &'static str,
    },
    /// A member of the request cannot be written.
    #[error("the request's `{path}` {problem}")]
    Request {
        /// Where, as members joined by `.` (`Item.id.S`).
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// The answer cannot be read.
    #[error("the answer cannot be read: {0}")]
    Response(String),
}

impl Service {
    /// The protocol a client speaks to the service (the model's, or the first the codec
    /// speaks of those it offers); `None` when the codec speaks none of them.
    pub fn wire_protocol(self) -> Option<Protocol> {
        wire_model(self).meta.protocol
    }

    /// The service's name in SigV4 signatures (`signingName`, else the endpoint prefix), e.g.
    /// `states` for Step Functions, `sagemaker`.
    pub fn signing_name(self) -> &'static str {
        let meta = &wire_model(self).meta;
        meta.signing_name
            .as_deref()
            .unwrap_or(&meta.endpoint_prefix)
    }

    /// The prefix of the service's AWS hosts, e.g. `states`, `api.sagemaker`, `dynamodb`.
    pub fn endpoint_prefix(self) -> &'static str {
        &wire_model(self).meta.endpoint_prefix
    }
}

impl Operation {
    /// Puts `input` (a Task's effective parameters, named as Step Functions names them) on the
    /// wire by the service's protocol.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_aws_models::Service;
    ///
    /// let put = Service::by_sdk_name("dynamodb").unwrap().operation("PutItem").unwrap();
    /// let request = put.encode_request(&json!({
    ///     "TableName": "orders", "Item": {"id": {"S": "o-1"}},
    /// })).unwrap();
    /// assert_eq!(request.method, "POST");
    /// assert!(request.headers.contains(&("X-Amz-Target".into(), "DynamoDB_20120810.PutItem".into())));
    /// assert_eq!(request.body, br#"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#);
    /// ```
    pub fn encode_request(self, input: &serde_json::Value) -> Result<WireRequest, WireError> {
        encode::request(self, input, None)
    }

    /// [`Operation::encode_request`] with every idempotency token the request lacks (a member
    /// the model marks `idempotencyToken`, such as ECS `RunTask`'s `clientToken` or Athena
    /// `StartQueryExecution`'s `ClientRequestToken`) set to `token`, where the SDKs set a fresh
    /// UUID: a call made again with the same token (the same attempt of a Task, made again
    /// after a restart) is one request to the service, which starts its work once.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_aws_models::Service;
    ///
    /// let run = Service::by_sdk_name("ecs").unwrap().operation("RunTask").unwrap();
    /// let token = "5f0c6a53-8f1e-4d6b-9a51-6a2b3c4d5e6f";
    /// let request = run.encode_request_with_token(&json!({"TaskDefinition": "job"}), token).unwrap();
    /// let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    /// assert_eq!(body["clientToken"], token);
    /// ```
    pub fn encode_request_with_token(
        self,
        input: &serde_json::Value,
        token: &str,
    ) -> Result<WireRequest, WireError> {
        encode::request(self, input, Some(token))
    }

    /// Reads a successful answer into the output Step Functions hands the state.
    ///
    /// ```
    /// use workflow_aws_models::{ResultNaming, Service, WireResponse};
    ///
    /// let publish = Service::by_sdk_name("sns").unwrap().operation("Publish").unwrap();
    /// let body = br#"<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
    ///   <PublishResult><MessageId>m-1</MessageId></PublishResult>
    ///   <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>"#;
    /// let answer = WireResponse { status: 200, headers: &[], body };
    /// let output = publish.decode_response(&answer, ResultNaming::StepFunctions).unwrap();
    /// assert_eq!(output, serde_json::json!({"MessageId": "m-1"}));
    /// ```
    pub fn decode_response(
        self,
        response: &WireResponse<'_>,
        naming: ResultNaming,
    ) -> Result<serde_json::Value, WireError> {
        decode::response(self, response, naming)
    }

    /// Reads an error answer (a status other than 2xx): its code, the model's error shape it
    /// names, its message and request ids.
    pub fn decode_error(self, response: &WireResponse<'_>) -> ServiceError {
        errors::decode(self, response)
    }
}

/// Every service's wire form decodes (the table is embedded: a corrupt one fails here, not in a
/// user's run).
#[cfg(test)]
mod tests {
    #[test]
    fn every_services_wire_form_decodes_and_matches_its_model() {
        for service in crate::Service::all() {
            let wire = super::wire_model(service);
            assert_eq!(
                wire.operations.len(),
                service.operation_count(),
                "{service:?}"
            );
        }
    }
}
