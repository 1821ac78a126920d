//! Lambda tasks sent to a Lambda endpoint (`Engine::lambda_endpoint`): cargo-lambda's
//! emulator (`cargo lambda watch`), or anything else that answers Lambda's `Invoke`
//! (`POST /2015-03-31/functions/{FunctionName}/invocations`, the payload as the body), so that
//! a workflow runs locally against real Lambda functions.
//!
//! The answer is read as Lambda's API reference and Step Functions' Lambda integration
//! describe it: a function error (`X-Amz-Function-Error`, the body
//! `{"errorType", "errorMessage", …}`; cargo-lambda's emulator answers it with status 500 and
//! no header) fails the task with the error `errorType` and the body
//! as its cause, as Step Functions reports it; Lambda's own errors (a function that does not
//! exist, a throttle, a service error) fail it with `Lambda.<ErrorType>`; an endpoint that
//! cannot be reached fails it with `Lambda.SdkClientException`, as a Task whose service is
//! unreachable fails on AWS.

use super::handlers::Handler;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use serde_json::Value;
use std::sync::Arc;

/// The most a response may hold: Lambda's 6 MiB synchronous payload, with room.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// An endpoint's host and port (`http://HOST:PORT`, HTTP only: local emulators).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    authority: String,
}

impl Endpoint {
    /// The endpoint `url` names; why not, when it names none this can reach.
    pub(crate) fn parse(url: &str) -> Result<Endpoint, String> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            format!("the Lambda endpoint `{url}` is not an http:// URL (local emulators only)")
        })?;
        let authority = rest.trim_end_matches('/');
        if authority.is_empty() || authority.contains('/') {
            return Err(format!(
                "the Lambda endpoint `{url}` must be http://HOST:PORT, with no path"
            ));
        }
        Ok(Endpoint {
            authority: authority.to_owned(),
        })
    }
}

/// The handler invoking `function` at `endpoint` with the call's input as the payload.
pub(crate) fn handler(endpoint: Arc<Endpoint>, function: String) -> Handler {
    Arc::new(move |call: super::handlers::TaskCall| {
        let endpoint = Arc::clone(&endpoint);
        let function = function.clone();
        Box::pin(async move {
            invoke(&endpoint, &function, &call.input)
                .await
                .map(TaskOutput::from)
        })
    })
}

/// Lambda's `Invoke` (RequestResponse).
async fn invoke(
    endpoint: &Endpoint,
    function: &str,
    payload: &Value,
) -> Result<Value, TaskFailure> {
    let unreachable = |e: &dyn std::fmt::Display| {
        TaskFailure::new(
            "Lambda.SdkClientException",
            format!(
                "Unable to execute HTTP request: the Lambda endpoint http://{} ({e})",
                endpoint.authority
            ),
        )
    };
    let stream = tokio::net::TcpStream::connect(&endpoint.authority)
        .await
        .map_err(|e| unreachable(&e))?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| unreachable(&e))?;
    let driving = tokio::spawn(connection);
    let request = hyper::Request::post(format!(
        "/2015-03-31/functions/{}/invocations",
        percent_encode(function)
    ))
    .header(hyper::header::HOST, &endpoint.authority)
    .header(hyper::header::CONTENT_TYPE, "application/json")
    .header("X-Amz-Invocation-Type", "RequestResponse")
    .body(Full::new(Bytes::from(payload.to_string())))
    .map_err(|e| unreachable(&e))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| unreachable(&e))?;
    let status = response.status().as_u16();
    let function_error = response.headers().contains_key("x-amz-function-error");
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(':').next().unwrap_or(v).to_owned());
    let body = Limited::new(response.into_body(), MAX_RESPONSE_BYTES)
        .collect()
        .await
        .map_err(|e| unreachable(&e))?
        .to_bytes();
    driving.abort();
    let text = String::from_utf8_lossy(&body).into_owned();
    // A function error: Lambda says so with `X-Amz-Function-Error` (status 200); cargo-lambda's
    // emulator (1.9.2, `cargo lambda watch`) answers status 500 with the function's error
    // document and no header. Lambda's own errors carry `X-Amzn-ErrorType` instead.
    let document = workflow_text::json::parse_data(&text).ok();
    let function_error_type = document.as_ref().and_then(|v| {
        let error = v.get("errorType").and_then(Value::as_str)?;
        v.get("errorMessage")
            .is_some_and(Value::is_string)
            .then(|| error.to_owned())
    });
    if function_error || (error_type.is_none() && function_error_type.is_some()) {
        // The function failed: its errorType is the error, the whole body the cause.
        let error = function_error_type.unwrap_or_else(|| "Lambda.Unknown".to_owned());
        return Err(TaskFailure::new(error, text));
    }
    if !(200..300).contains(&status) {
        let kind = error_type.unwrap_or_else(|| match status {
            404 => "ResourceNotFoundException".to_owned(),
            429 => "TooManyRequestsException".to_owned(),
            400..=499 => "InvalidRequestContentException".to_owned(),
            _ => "ServiceException".to_owned(),
        });
        return Err(TaskFailure::new(
            format!("Lambda.{kind}"),
            format!("{text} (Service: Lambda, Status Code: {status})"),
        ));
    }
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    workflow_text::json::parse_data(&text).map_err(|e| {
        TaskFailure::new(
            "Lambda.Unknown",
            format!("the function `{function}` answered a payload that is not JSON: {e}"),
        )
    })
}

/// `function` with the characters a path segment cannot hold escaped.
fn percent_encode(function: &str) -> String {
    function
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_http_host_and_port() {
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:9000/").map(|e| e.authority),
            Ok("127.0.0.1:9000".into())
        );
        assert!(Endpoint::parse("https://lambda.example").is_err());
        assert!(Endpoint::parse("http://host:1/path").is_err());
        assert_eq!(percent_encode("my-fn:prod"), "my-fn%3Aprod");
    }
}
