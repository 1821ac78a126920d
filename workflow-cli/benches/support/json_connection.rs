//! One kept-alive HTTP/1.1 connection to a Step Functions endpoint, speaking AWS JSON 1.0 with
//! hyper (opened again when the server closed it), for the benchmarks that drive endpoints
//! without an SDK (`serve_side_by_side`, `serve_vs_moto`'s raw loop).

use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::Value;

/// One kept-alive HTTP/1.1 connection to an endpoint, speaking AWS JSON 1.0.
pub struct Connection {
    address: String,
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl Connection {
    /// A connection to `address` (`HOST:PORT`).
    pub async fn open(address: &str) -> Connection {
        let stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("the endpoint accepts");
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("an HTTP/1.1 connection");
        tokio::spawn(connection);
        Connection {
            address: address.to_owned(),
            sender,
        }
    }

    /// `operation` with `body`: the answer's status and JSON.
    pub async fn call(&mut self, operation: &str, body: &Value) -> (u16, Value) {
        if self.sender.ready().await.is_err() {
            *self = Connection::open(&self.address).await;
        }
        let request = Request::post("/")
            .header("host", &self.address)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", format!("AWSStepFunctions.{operation}"))
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0",
            )
            .header("x-amz-date", "20260101T000000Z")
            .body(Full::new(Bytes::from(body.to_string())))
            .expect("a request");
        let response = self.sender.send_request(request).await.expect("an answer");
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}
