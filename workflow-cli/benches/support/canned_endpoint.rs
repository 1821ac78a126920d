//! The floor of a boto3 loop: an endpoint that answers the loop's three operations at once with
//! fixed answers (no state machine is stored, no execution runs), on the same HTTP server
//! crate as `workflow serve` (hyper, one task per connection). What a boto3 loop takes against
//! it is what boto3 and the loopback take, which no server can go below.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::json;

/// A running canned endpoint; stops with its runtime when dropped.
pub struct Canned {
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    _runtime: tokio::runtime::Runtime,
}

/// Starts the endpoint on a free loopback port.
pub fn start_canned() -> std::io::Result<Canned> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    runtime.spawn(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), hyper::service::service_fn(answer))
                    .await;
            });
        }
    });
    Ok(Canned {
        endpoint,
        _runtime: runtime,
    })
}

/// The fixed answer to the operation the request names.
async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let _ = request.into_body().collect().await?;
    let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:canned";
    let execution = "arn:aws:states:us-east-1:123456789012:execution:canned:run";
    let body = match target.as_str() {
        "AWSStepFunctions.CreateStateMachine" => {
            json!({ "stateMachineArn": machine, "creationDate": 1.7e9 })
        }
        "AWSStepFunctions.StartExecution" => {
            json!({ "executionArn": execution, "startDate": 1.7e9 })
        }
        _ => json!({
            "executionArn": execution,
            "stateMachineArn": machine,
            "status": "SUCCEEDED",
            "startDate": 1.7e9,
            "stopDate": 1.7e9,
            "input": "{\"n\": 0}",
            "output": "{\"n\": 9}",
        }),
    };
    let response = Response::builder()
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "canned")
        .body(Full::new(Bytes::from(body.to_string())));
    Ok(response.unwrap_or_default())
}
