//! Interceptors the client installs on every `aws-sdk-sfn` client it wraps: a record of the
//! API calls made, and the fix for the `sync-` host prefix on custom endpoints.

use aws_sdk_sfn::config::interceptors::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef,
};
use aws_sdk_sfn::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointResolverParams;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How many of the latest operation names [`ApiCalls::operations`] keeps: the record of a
/// long-running service stays this size, while the counts cover every call.
pub const RECENT_OPERATIONS: usize = 1_000;

/// The API operations a [`Client`](super::Client) has sent (one per operation, however many
/// attempts its retries took): how many of each, the latest [`RECENT_OPERATIONS`] in order,
/// and the number of HTTP attempts. The record is bounded, so a long-running service can keep
/// its client.
///
/// Clones share the same record.
///
/// ```
/// use workflow_runtime::client::ApiCalls;
/// let calls = ApiCalls::default();
/// assert_eq!(calls.count(), 0);
/// assert!(calls.operations().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ApiCalls {
    record: Arc<Mutex<Record>>,
    attempts: Arc<AtomicUsize>,
}

/// What [`ApiCalls`] holds behind its lock.
#[derive(Debug, Default)]
struct Record {
    total: usize,
    per_operation: BTreeMap<String, usize>,
    recent: VecDeque<String>,
}

impl ApiCalls {
    fn with<T>(&self, f: impl FnOnce(&mut Record) -> T) -> T {
        match self.record.lock() {
            Ok(mut record) => f(&mut record),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The latest operations sent (at most [`RECENT_OPERATIONS`]), oldest first, e.g.
    /// `["DescribeStateMachine", "UpdateStateMachine"]`.
    pub fn operations(&self) -> Vec<String> {
        self.with(|r| r.recent.iter().cloned().collect())
    }

    /// How many operations were sent.
    pub fn count(&self) -> usize {
        self.with(|r| r.total)
    }

    /// How many times `operation` (e.g. `UpdateStateMachine`) was sent.
    pub fn count_of(&self, operation: &str) -> usize {
        self.with(|r| r.per_operation.get(operation).copied().unwrap_or(0))
    }

    /// How many HTTP attempts were made (retries included).
    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::Relaxed)
    }

    /// Forgets everything recorded so far.
    pub fn reset(&self) {
        self.with(|r| *r = Record::default());
        self.attempts.store(0, Ordering::Relaxed);
    }

    fn record(&self, operation: &str) {
        self.with(|r| {
            r.total += 1;
            *r.per_operation.entry(operation.to_owned()).or_insert(0) += 1;
            if r.recent.len() == RECENT_OPERATIONS {
                r.recent.pop_front();
            }
            r.recent.push_back(operation.to_owned());
        });
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn the_record_stays_bounded_while_the_counts_cover_every_call() {
        let calls = ApiCalls::default();
        for i in 0..5_000 {
            calls.record(if i % 2 == 0 {
                "DescribeExecution"
            } else {
                "StartExecution"
            });
        }
        assert_eq!(calls.count(), 5_000);
        assert_eq!(calls.count_of("StartExecution"), 2_500);
        let recent = calls.operations();
        assert_eq!(recent.len(), RECENT_OPERATIONS);
        assert_eq!(recent.last().map(String::as_str), Some("StartExecution"));
        calls.reset();
        assert_eq!((calls.count(), calls.operations().len()), (0, 0));
    }
}

/// Records every operation and attempt into an [`ApiCalls`].
#[derive(Debug)]
pub(crate) struct CountCalls(pub(crate) ApiCalls);

impl Intercept for CountCalls {
    fn name(&self) -> &'static str {
        "workflow::CountCalls"
    }

    // Once per operation (serialisation happens once, before the attempts), and late enough
    // that the operation's own configuration, which names it, is in the bag.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let name = cfg.load::<Metadata>().map_or("(unknown)", |m| m.name());
        self.0.record(name);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.attempts.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// `StartSyncExecution` and `TestState` carry the endpoint host prefix `sync-`, which the SDK
/// prepends even to a custom `endpoint_url`: `http://localhost:8083` becomes
/// `http://sync-localhost:8083`, a host that does not resolve (the known Step Functions Local /
/// LocalStack failure). With a custom endpoint configured (`AWS_ENDPOINT_URL_SFN`,
/// `endpoint_url`), this interceptor sends the request to the configured host as written. On
/// AWS's own endpoints (no custom endpoint) the prefix is kept: `sync-states.<region>.amazonaws.com`
/// is where those operations live.
#[derive(Debug)]
pub(crate) struct StripSyncPrefixForCustomEndpoint;

impl Intercept for StripSyncPrefixForCustomEndpoint {
    fn name(&self) -> &'static str {
        "workflow::StripSyncPrefixForCustomEndpoint"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let custom = cfg
            .load::<EndpointResolverParams>()
            .and_then(|p| p.get::<aws_sdk_sfn::config::endpoint::Params>())
            .and_then(|p| p.endpoint())
            .map(str::to_owned);
        let Some(custom) = custom else {
            return Ok(());
        };
        let Some(configured_host) = host_of(&custom) else {
            return Ok(());
        };
        let request = context.request_mut();
        let uri = request.uri().to_owned();
        if let Some(fixed) = strip_sync_prefix(&uri, configured_host) {
            request.set_uri(fixed.as_str())?;
        }
        Ok(())
    }
}

/// The host of an `scheme://host[:port]/...` URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let host = if authority.starts_with('[') {
        authority.split_once(']').map(|(h, _)| h)?
    } else {
        authority.split(':').next()?
    };
    Some(host.trim_start_matches('['))
}

/// `uri` with the `sync-` prefix removed from its host, when its host is `sync-` followed by
/// the configured host.
fn strip_sync_prefix(uri: &str, configured_host: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let prefixed = format!("sync-{configured_host}");
    let after = rest.strip_prefix(&prefixed)?;
    // the host must end right there
    if !(after.is_empty() || after.starts_with([':', '/', '?', '#'])) {
        return None;
    }
    Some(format!("{scheme}://{configured_host}{after}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_the_prefix_added_to_the_configured_host() {
        assert_eq!(
            strip_sync_prefix("http://sync-localhost:8083/", "localhost").as_deref(),
            Some("http://localhost:8083/")
        );
        assert_eq!(
            strip_sync_prefix("http://sync-127.0.0.1:5000", "127.0.0.1").as_deref(),
            Some("http://127.0.0.1:5000")
        );
        // a configured host that itself starts with sync- is left alone
        assert_eq!(
            strip_sync_prefix("http://sync-states.example", "sync-states.example"),
            None
        );
        assert_eq!(
            strip_sync_prefix("http://sync-localhostx:1/", "localhost"),
            None
        );
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("http://127.0.0.1:5000"), Some("127.0.0.1"));
        assert_eq!(host_of("https://user@example.com/x"), Some("example.com"));
        assert_eq!(host_of("http://[::1]:80/"), Some("::1"));
    }
}
