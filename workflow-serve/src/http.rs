//! One HTTP request's answer: the `Host` checked, the console's pages routed, the body read
//! within its limits, the AWS JSON 1.0 call dispatched to its operation, and the answer (or
//! AWS's error) written with its request id.

use crate::connection;
use crate::console::{self, Console};
use crate::dispatch;
use crate::hosts::AllowedHosts;
use crate::protocol::{self, ApiError, MAX_REQUEST_BYTES};
use crate::service::Service;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How the server treats connections: their deadlines and number, the `Host`s it answers,
/// and its console.
#[derive(Clone, Debug)]
pub(crate) struct Manners {
    pub(crate) limits: connection::Limits,
    pub(crate) hosts: Arc<AllowedHosts>,
    pub(crate) console: Arc<Console>,
}

/// Answers one HTTP request that reached the server at `local`; the connection is busy until
/// `_busy` drops with the answer. Every answer, an error too, carries a request id of its own
/// in `x-amzn-RequestId`, a UUID, as every answer of AWS's JSON APIs does (the Step Functions
/// API reference, "Common Errors", and each AWS JSON protocol API's example responses: `HTTP/1.1
/// 200 OK`, `x-amzn-RequestId: <RequestId>`); the SDKs read it as the call's request id (the
/// JS SDK v3's `$metadata.requestId`, boto3's `ResponseMetadata.RequestId`).
pub(crate) async fn answer(
    service: Arc<Service>,
    manners: Manners,
    local: SocketAddr,
    _busy: connection::Busy,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let id = service.uuid();
    let stopping = Arc::clone(&service);
    let mut response = answer_request(service, manners, local, request).await;
    if let Ok(id) = hyper::header::HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, id);
    }
    // The request in flight when the server began to stop is its connection's last.
    if stopping.is_stopping() {
        response = closing(response);
    }
    Ok(response)
}

/// The header naming an answer's request id.
const REQUEST_ID: &str = "x-amzn-requestid";

/// The answer to one HTTP request, before its request id.
async fn answer_request(
    service: Arc<Service>,
    manners: Manners,
    local: SocketAddr,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    // A request in absolute form names its host in its target too, which then stands for
    // `Host` (RFC 9112, section 3.2.2): both are checked.
    let authority = request.uri().authority().map(|a| a.as_str());
    for named in [host, authority] {
        if let Err(e) = manners.hosts.check(named, local) {
            return closing(respond(Err(e)));
        }
    }
    let targeted = request.headers().contains_key("x-amz-target");
    if let Some(route) = console::route(request.method(), request.uri().path(), targeted) {
        if route == console::Route::Unknown {
            return closing(protocol::not_routed());
        }
        let headers = request.headers().clone();
        let query = request.uri().query().map(str::to_owned);
        let body = match read_body(request, manners.limits.body).await {
            Ok(body) => body,
            Err(refused) => return refused,
        };
        return manners
            .console
            .answer(service, route, &headers, query.as_deref(), &body)
            .await;
    }
    if let Some(refused) = unroutable(&request) {
        // The body is not read: the connection closes after the answer.
        return closing(refused);
    }
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let trace_header = request
        .headers()
        .get("x-amzn-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match read_body(request, manners.limits.body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let result = match protocol::operation(target.as_deref()) {
        Err(e) => Err(e),
        Ok(operation) => match protocol::request(&body) {
            Err(e) => Err(e),
            Ok(fields) => {
                let operation = operation.to_owned();
                // A future: an operation that waits (a long poll, a commit) holds no thread.
                dispatch::answer(service, operation, fields, trace_header).await
            }
        },
    };
    respond(result)
}

/// The body of `request`, at most [`MAX_REQUEST_BYTES`] arriving within `wait`; otherwise the
/// answer that refuses it.
async fn read_body(
    request: Request<Incoming>,
    wait: Duration,
) -> Result<Bytes, Response<Full<Bytes>>> {
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES as u64) {
        // Refused unread: the declared length is enough.
        return Err(respond(Err(too_large())));
    }
    let reading = Limited::new(request.into_body(), MAX_REQUEST_BYTES).collect();
    match tokio::time::timeout(wait, reading).await {
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(_)) => Err(respond(Err(too_large()))),
        Err(_) => Err(closing(respond(Err(body_timed_out(wait))))),
    }
}

/// The answer to a request that is not an AWS JSON 1.0 call, which the endpoint cannot route
/// to an operation: one whose method is not `POST`, or whose `Content-Type` is neither AWS
/// JSON's (`application/x-amz-json-1.0`, or the 1.1 that some clients send) nor
/// `application/json`. Step Functions' protocol (botocore's `stepfunctions` model:
/// `"protocol": "json"`, `"jsonVersion": "1.0"`; Smithy's `awsJson1_0`) sends every call as a
/// `POST` to `/` with an `X-Amz-Target` header and an `application/x-amz-json-1.0` body. AWS's
/// endpoints answer a request they cannot route to an operation with HTTP 404 and the body
/// `<UnknownOperationException/>` (recorded in soto-project/soto issue 580: "code: notFound,
/// body: <UnknownOperationException/>"); so does this one. A request with no `Content-Type` is
/// routed by its `X-Amz-Target` alone, as before. (The console's requests, `GET /` without an
/// `X-Amz-Target` and `/console/…`, are routed before this.)
fn unroutable(request: &Request<Incoming>) -> Option<Response<Full<Bytes>>> {
    let json = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .map(|v| {
            let text = v.to_str().unwrap_or("");
            let essence = text.split(';').next().unwrap_or("").trim();
            [
                "application/x-amz-json-1.0",
                "application/x-amz-json-1.1",
                "application/json",
            ]
            .iter()
            .any(|t| essence.eq_ignore_ascii_case(t))
        })
        .unwrap_or(true);
    if request.method() == hyper::Method::POST && json {
        return None;
    }
    Some(protocol::not_routed())
}

/// A request body over [`MAX_REQUEST_BYTES`] (or cut off).
fn too_large() -> ApiError {
    ApiError {
        name: "ValidationException",
        status: 413,
        message: format!("the request body is over {MAX_REQUEST_BYTES} bytes, or was cut off"),
    }
}

/// A request whose body did not arrive within the body timeout: `RequestTimeoutException`,
/// HTTP 408, as AWS's APIs answer "the request timed out reading" (the API references'
/// "Common Errors").
fn body_timed_out(wait: Duration) -> ApiError {
    ApiError {
        name: "RequestTimeoutException",
        status: 408,
        message: format!(
            "the request body did not arrive within {} ms (shorter than its Content-Length?); the body timeout is `--body-timeout` (ServerBuilder::body_timeout)",
            wait.as_millis()
        ),
    }
}

/// `response`, after which the connection closes: what is left of the request is not read.
fn closing(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    response.headers_mut().insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("close"),
    );
    response
}

/// The HTTP response for an answer or an error.
fn respond(result: Result<serde_json::Value, ApiError>) -> Response<Full<Bytes>> {
    let (status, body, error) = match result {
        Ok(value) => (200, value, None),
        Err(e) => (e.status, e.body(), Some(e.name)),
    };
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    if let Some(name) = error.and_then(|n| hyper::header::HeaderValue::from_str(n).ok()) {
        headers.insert("x-amzn-errortype", name);
    }
    response
}
