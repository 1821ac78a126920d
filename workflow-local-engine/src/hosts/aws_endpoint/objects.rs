//! S3 at the endpoint as a Distributed Map's object store: its `ItemReader` reads objects a
//! piece at a time (ranged `GetObject`) and lists them (`ListObjectsV2`, page after page), its
//! `ResultWriter` writes (`PutObject`) and a stopped Map Run takes back what it wrote
//! (`DeleteObject`), each by S3's model as every other Task's call.
//!
//! The store is read where the engine reads it, synchronously, in the middle of a run: each
//! call is a task of the caller's runtime, waited for on a worker of a multi-threaded runtime
//! through `block_in_place` (so that the worker's other tasks move on meanwhile); elsewhere it
//! runs on a thread and a runtime made for the call (see `blocking`).

use super::Endpoints;
use crate::core::object_store::{Listed, RemoteObjects};
use serde_json::{Value, json};
use std::sync::Arc;
use workflow_aws_models::{Operation, ResultNaming, Service, WireResponse};

/// S3 at an engine's endpoint, in its region.
pub(crate) struct S3Objects {
    endpoints: Arc<Endpoints>,
    region: String,
}

impl std::fmt::Debug for S3Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Objects")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// Waits for `future` (an S3 call, for the object store's synchronous reads and writes) on the
/// caller's runtime: on a multi-threaded one, in place (`block_in_place`); elsewhere (a
/// current-thread runtime, whose one thread this is, or none) on a thread of its own with a
/// runtime made for the call, since the caller's cannot run it while this thread waits.
fn blocking<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    let panicked = |_| "the request's task panicked".to_owned();
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            let task = runtime.spawn(future);
            tokio::task::block_in_place(|| futures::executor::block_on(task)).map_err(panicked)
        }
        _ => std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map(|runtime| runtime.block_on(future))
                        .map_err(|e| format!("a runtime for the S3 call could not be made: {e}"))
                })
                .join()
                .unwrap_or_else(|_| Err("the request's task panicked".to_owned()))
        }),
    }
}

impl S3Objects {
    pub(super) fn new(endpoints: Arc<Endpoints>, region: String) -> S3Objects {
        S3Objects { endpoints, region }
    }

    fn operation(name: &str) -> Result<Operation, String> {
        Service::by_sdk_name("s3")
            .and_then(|s| s.operation(name))
            .ok_or_else(|| format!("the models lack S3's {name}"))
    }

    /// Calls S3's `operation` with `input`: the answer (status, headers, body), or the error
    /// S3 gave (`S3.NoSuchBucketException: …`) or why it could not be asked.
    fn call(&self, operation: &str, input: Value) -> Result<super::transport::Answer, String> {
        let op = Self::operation(operation)?;
        let endpoints = Arc::clone(&self.endpoints);
        let region = self.region.clone();
        blocking(async move { endpoints.call(op, &input, (&region, None), "S3").await })?
            .map_err(|f| format!("{}: {}", f.error, f.cause))
    }

    fn error(operation: &str, answer: &super::transport::Answer) -> String {
        let Ok(op) = Self::operation(operation) else {
            return format!("S3 answered {}", answer.status);
        };
        let error = op.decode_error(&WireResponse {
            status: answer.status,
            headers: &answer.headers,
            body: &answer.body,
        });
        format!("{}: {}", error.sdk_error(), error.sdk_cause())
    }
}

/// The object's whole size from `Content-Range: bytes FROM-TO/SIZE`.
fn whole_size(answer: &super::transport::Answer) -> Option<u64> {
    answer
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-range"))
        .and_then(|(_, v)| v.rsplit('/').next())
        .and_then(|size| size.trim().parse().ok())
}

impl RemoteObjects for S3Objects {
    fn read_range(
        &self,
        bucket: &str,
        key: &str,
        from: u64,
        len: u64,
    ) -> Result<Option<(Vec<u8>, u64)>, String> {
        let last = from + len.max(1) - 1;
        let answer = self.call(
            "GetObject",
            json!({"Bucket": bucket, "Key": key, "Range": format!("bytes={from}-{last}")}),
        )?;
        match answer.status {
            200 => {
                let size = answer.body.len() as u64;
                Ok(Some((answer.body, size)))
            }
            206 => {
                let size = whole_size(&answer).unwrap_or(from + answer.body.len() as u64);
                Ok(Some((answer.body, size)))
            }
            // An empty object has no byte 0 to begin a range at.
            416 => Ok(Some((Vec::new(), from))),
            404 => {
                let error = Self::error("GetObject", &answer);
                if error.starts_with("S3.NoSuchKeyException") {
                    Ok(None)
                } else {
                    Err(error)
                }
            }
            _ => Err(Self::error("GetObject", &answer)),
        }
    }

    fn write(&self, bucket: &str, key: &str, body: &[u8]) -> Result<(), String> {
        let text = String::from_utf8_lossy(body).into_owned();
        let answer = self.call(
            "PutObject",
            json!({"Bucket": bucket, "Key": key, "Body": text}),
        )?;
        if (200..300).contains(&answer.status) {
            Ok(())
        } else {
            Err(Self::error("PutObject", &answer))
        }
    }

    fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<Listed>, String> {
        let op = Self::operation("ListObjectsV2")?;
        let mut listed = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut request = json!({"Bucket": bucket, "Prefix": prefix});
            if let Some(t) = &token {
                request["ContinuationToken"] = Value::String(t.clone());
            }
            let answer = self.call("ListObjectsV2", request)?;
            if !(200..300).contains(&answer.status) {
                return Err(Self::error("ListObjectsV2", &answer));
            }
            let page = op
                .decode_response(
                    &WireResponse {
                        status: answer.status,
                        headers: &answer.headers,
                        body: &answer.body,
                    },
                    ResultNaming::StepFunctions,
                )
                .map_err(|e| e.to_string())?;
            for object in page["Contents"].as_array().into_iter().flatten() {
                let Some(key) = object["Key"].as_str() else {
                    continue;
                };
                listed.push(Listed {
                    key: key.to_owned(),
                    size: object["Size"]
                        .as_u64()
                        .and_then(|s| usize::try_from(s).ok())
                        .unwrap_or(0),
                    etag: object["ETag"].as_str().map(str::to_owned),
                    last_modified_millis: object["LastModified"]
                        .as_str()
                        .and_then(workflow_asl::timestamp::parse_rfc3339)
                        .and_then(|t| i64::try_from(t.unix_nanos / 1_000_000).ok()),
                });
            }
            token = page["NextContinuationToken"]
                .as_str()
                .filter(|_| page["IsTruncated"].as_bool() == Some(true))
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        listed.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(listed)
    }

    fn remove(&self, bucket: &str, key: &str) -> Result<(), String> {
        let answer = self.call("DeleteObject", json!({"Bucket": bucket, "Key": key}))?;
        if (200..300).contains(&answer.status) {
            Ok(())
        } else {
            Err(Self::error("DeleteObject", &answer))
        }
    }
}
