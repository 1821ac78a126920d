//! One call of the API served, whatever carried it: the one path from a request's method,
//! content type, `X-Amz-Target`, `X-Amzn-Trace-Id` and body to its answer's status, headers and
//! body, through the protocol's codec (`protocol`, `requests`) and the dispatch. The socket
//! (`http`, hyper) and the in-process client (`in_process`, the AWS SDK's HTTP client hook)
//! each read their transport's request into a [`Call`] and write the [`Reply`] back, so that
//! both answer alike, errors included.

use crate::dispatch;
use crate::protocol::{self, ApiError};
use crate::service::Service;
use http_body_util::Full;
use hyper::body::Bytes;
use std::sync::Arc;

/// An API call as it arrived.
pub(crate) struct Call<'a> {
    /// Whether its method is `POST`.
    pub post: bool,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<&'a str>,
    /// Its `X-Amz-Target`, if it has one.
    pub target: Option<&'a str>,
    /// Its `X-Amzn-Trace-Id`, if it has one.
    pub trace_header: Option<&'a str>,
    /// Its body.
    pub body: &'a [u8],
}

/// An answer as it leaves: its status, headers and body.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Bytes,
}

/// The header naming an answer's request id (every answer carries one of its own, a UUID, as
/// AWS's JSON APIs' do).
pub(crate) const REQUEST_ID: &str = "x-amzn-requestid";

/// The header naming an error's type (as AWS JSON 1.0 answers carry it).
const ERROR_TYPE: &str = "x-amzn-errortype";

impl Reply {
    /// The answer to an operation: its output, or the error as the service answers it.
    pub(crate) fn of(result: Result<serde_json::Value, ApiError>) -> Reply {
        let (status, body, error) = match result {
            Ok(value) => (200, value, None),
            Err(e) => (e.status, e.body(), Some(e.name)),
        };
        let mut headers = vec![("content-type", "application/x-amz-json-1.0")];
        headers.extend(error.map(|name| (ERROR_TYPE, name)));
        Reply {
            status,
            headers,
            body: Bytes::from(body.to_string()),
        }
    }

    /// HTTP 404 `<UnknownOperationException/>`: AWS's answer to a request it cannot route.
    pub(crate) fn not_routed() -> Reply {
        Reply {
            status: 404,
            headers: vec![(ERROR_TYPE, "UnknownOperationException")],
            body: Bytes::from_static(b"<UnknownOperationException/>"),
        }
    }

    /// The reply as hyper's response.
    pub(crate) fn into_hyper(self) -> hyper::Response<Full<Bytes>> {
        let mut response = hyper::Response::new(Full::new(self.body));
        *response.status_mut() =
            hyper::StatusCode::from_u16(self.status).unwrap_or(hyper::StatusCode::BAD_REQUEST);
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                hyper::header::HeaderName::from_bytes(name.as_bytes()),
                hyper::header::HeaderValue::from_str(value),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// The reply to a request the endpoint cannot route to an operation, if it is one: one whose
/// method is not `POST`, or whose `Content-Type` is neither AWS JSON's
/// (`application/x-amz-json-1.0`, or the 1.1 that some clients send) nor `application/json`.
/// Step Functions' protocol (botocore's `stepfunctions` model: `"protocol": "json"`,
/// `"jsonVersion": "1.0"`; Smithy's `awsJson1_0`) sends every call as a `POST` to `/` with an
/// `X-Amz-Target` header and an `application/x-amz-json-1.0` body. AWS's endpoints answer a
/// request they cannot route to an operation with HTTP 404 and the body
/// `<UnknownOperationException/>` (recorded in soto-project/soto issue 580: "code: notFound,
/// body: <UnknownOperationException/>"); so does this one. A request with no `Content-Type` is
/// routed by its `X-Amz-Target` alone.
pub(crate) fn unroutable(post: bool, content_type: Option<&str>) -> Option<Reply> {
    let json = content_type.is_none_or(|text| {
        let essence = text.split(';').next().unwrap_or("").trim();
        [
            "application/x-amz-json-1.0",
            "application/x-amz-json-1.1",
            "application/json",
        ]
        .iter()
        .any(|t| essence.eq_ignore_ascii_case(t))
    });
    (!(post && json)).then(Reply::not_routed)
}

/// Answers `call`: refused unless routable, then its target read (`AWSStepFunctions.<Operation>`,
/// or the server's own extension, `WorkflowServe.<Operation>`), its body decoded and the
/// operation dispatched, as a future (an operation that waits holds no thread).
pub(crate) async fn answer(service: Arc<Service>, call: Call<'_>) -> Reply {
    if let Some(refused) = unroutable(call.post, call.content_type) {
        return refused;
    }
    let answered = async {
        let target = protocol::operation(call.target)?;
        let fields = protocol::request(call.body)?;
        dispatch::answer(
            service,
            target,
            fields,
            call.trace_header.map(str::to_owned),
        )
        .await
    };
    Reply::of(answered.await)
}
