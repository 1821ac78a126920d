//! One HTTP request's answer: the `Host` checked, the console's pages routed, the body read
//! within its limits, the AWS JSON 1.0 call dispatched to its operation, and the answer (or
//! AWS's error) written with its request id.

use crate::connection;
use crate::console::{self, Console};
use crate::exchange;
use crate::hosts::AllowedHosts;
use crate::protocol::{ApiError, MAX_REQUEST_BYTES};
use crate::service::Service;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
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
        response.headers_mut().insert(exchange::REQUEST_ID, id);
    }
    // The request in flight when the server began to stop is its connection's last.
    if stopping.is_stopping() {
        response = closing(response);
    }
    Ok(response)
}

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
            return closing(respond(e));
        }
    }
    let targeted = request.headers().contains_key("x-amz-target");
    if let Some(route) = console::route(request.method(), request.uri().path(), targeted) {
        if route == console::Route::Unknown {
            return closing(exchange::Reply::not_routed().into_hyper());
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
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // A `Content-Type` that is not text is no JSON type: refused below, as any other.
    let content_type = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let (target, trace_header) = (header("x-amz-target"), header("x-amzn-trace-id"));
    let post = request.method() == hyper::Method::POST;
    if let Some(refused) = exchange::unroutable(post, content_type.as_deref()) {
        // The body is not read: the connection closes after the answer.
        return closing(refused.into_hyper());
    }
    let body = match read_body(request, manners.limits.body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let call = exchange::Call {
        post,
        content_type: content_type.as_deref(),
        target: target.as_deref(),
        trace_header: trace_header.as_deref(),
        body: &body,
    };
    // A future: an operation that waits (a long poll, a commit) holds no thread.
    exchange::answer(service, call).await.into_hyper()
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
        return Err(respond(too_large()));
    }
    let reading = Limited::new(request.into_body(), MAX_REQUEST_BYTES).collect();
    match tokio::time::timeout(wait, reading).await {
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(_)) => Err(respond(too_large())),
        Err(_) => Err(closing(respond(body_timed_out(wait)))),
    }
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

/// The HTTP response for an error.
fn respond(error: ApiError) -> Response<Full<Bytes>> {
    exchange::Reply::of(Err(error)).into_hyper()
}
