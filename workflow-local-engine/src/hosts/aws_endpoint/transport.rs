//! The wire under `Engine::aws_endpoints`: a request signed with SigV4 (AWS's own signer,
//! `aws-sigv4`) with the credentials of the standard chain (`aws-config`: environment, profile
//! files, web identity, container and instance metadata) or those the engine was given, sent
//! over hyper's pooled client (HTTP/1.1, HTTPS by rustls on ring with the platform's roots),
//! its answer read whole (at most [`MAX_ANSWER_BYTES`]) within the endpoint's timeout.
//!
//! No retries: a Task's `Retry` owns them, as on AWS. (hyper resends a request only when a
//! pooled connection turned out closed before the request was written to it.) The requests
//! are tasks of the caller's Tokio runtime, the one the run is polled in (the engine has none
//! of its own); a run polled outside one gets a Task failure saying so.

use super::EndpointUrl;
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use workflow_aws_models::WireRequest;

/// The most an answer may hold: more than any Task's result may be (256 KiB) and than the
/// pieces a Distributed Map reads an object in (8 MiB).
pub(crate) const MAX_ANSWER_BYTES: usize = 64 << 20;

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// An answer, read whole.
pub(crate) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Where credentials come from.
enum Source {
    /// Given to the engine.
    Given(Credentials),
    /// The default chain, made on first use, and the credentials it gave until they expire.
    Chain {
        chain:
            Mutex<Option<Arc<aws_config::default_provider::credentials::DefaultCredentialsChain>>>,
        cached: Mutex<Option<Credentials>>,
    },
}

/// The client every request of an engine's endpoints goes through.
pub(crate) struct Transport {
    client: Client<Https, Full<Bytes>>,
    source: Source,
    timeout: Duration,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Transport {
    /// A client with `credentials` (the default chain's when `None`) and a `timeout` per
    /// request; why not, when TLS cannot be set up.
    pub(super) fn new(
        credentials: Option<Credentials>,
        timeout: Duration,
    ) -> Result<Transport, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        // Without the platform's roots (a container without CA certificates), plain HTTP
        // endpoints still work, and HTTPS ones fail with a certificate error.
        let builder = match hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(Arc::clone(&provider))
        {
            Ok(builder) => builder,
            Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
                rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map_err(|e| format!("TLS cannot be set up: {e}"))?
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth(),
            ),
        };
        let connector = builder.https_or_http().enable_http1().build();
        let client = Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        let source = match credentials {
            Some(c) => Source::Given(c),
            None => Source::Chain {
                chain: Mutex::new(None),
                cached: Mutex::new(None),
            },
        };
        Ok(Transport {
            client,
            source,
            timeout,
        })
    }

    /// The credentials to sign with.
    async fn credentials(&self, region: &str) -> Result<Credentials, String> {
        let (chain, cached) = match &self.source {
            Source::Given(c) => return Ok(c.clone()),
            Source::Chain { chain, cached } => (chain, cached),
        };
        let fresh = |c: &Credentials| {
            c.expiry()
                .is_none_or(|at| at > SystemTime::now() + Duration::from_secs(60))
        };
        if let Some(c) = lock(cached).as_ref().filter(|c| fresh(c)) {
            return Ok(c.clone());
        }
        let made = lock(chain).clone();
        let made = match made {
            Some(chain) => chain,
            None => {
                let https = aws_smithy_http_client::Builder::new()
                    .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                        aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                    ))
                    .build_https();
                let config = aws_config::provider_config::ProviderConfig::default()
                    .with_http_client(https)
                    .with_region(Some(aws_config::Region::new(region.to_owned())));
                let built = Arc::new(
                    aws_config::default_provider::credentials::DefaultCredentialsChain::builder()
                        .configure(config)
                        .build()
                        .await,
                );
                *lock(chain) = Some(Arc::clone(&built));
                built
            }
        };
        let credentials = made.provide_credentials().await.map_err(|e| {
            format!(
                "no AWS credentials: the default chain (environment, profile files, web identity, container and instance metadata) gave none ({})",
                error_chain(&e)
            )
        })?;
        *lock(cached) = Some(credentials.clone());
        Ok(credentials)
    }

    /// Signs `request` for `signing_name` in `region` and sends it to `endpoint`.
    pub(super) async fn send(
        self: Arc<Self>,
        endpoint: EndpointUrl,
        signing_name: String,
        region: String,
        request: WireRequest,
    ) -> Result<Answer, String> {
        let timeout = self.timeout;
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            "an AWS endpoint is called from a Tokio runtime: run the execution inside one (or through `workflow_local_engine::blocking`)".to_owned()
        })?;
        let task = runtime.spawn(async move {
            match tokio::time::timeout(
                timeout,
                self.send_here(&endpoint, &signing_name, &region, request),
            )
            .await
            {
                Ok(answer) => answer,
                Err(_) => Err(format!(
                    "{} did not answer within {} s",
                    endpoint.url(),
                    timeout.as_secs_f64()
                )),
            }
        });
        task.await
            .unwrap_or_else(|_| Err("the request's task panicked".to_owned()))
    }

    async fn send_here(
        &self,
        endpoint: &EndpointUrl,
        signing_name: &str,
        region: &str,
        request: WireRequest,
    ) -> Result<Answer, String> {
        let credentials = self.credentials(region).await?;
        let uri = format!(
            "{}{}",
            endpoint.url(),
            endpoint.joined(&request.path_and_query())
        );
        let mut headers: Vec<(String, String)> = request.headers.clone();
        headers.push(("host".to_owned(), endpoint.authority.clone()));
        let mut settings = SigningSettings::default();
        if signing_name == "s3" {
            // S3 signs the path as it is sent and the payload's hash in a header.
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        let identity = credentials.into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(signing_name)
            .time(SystemTime::now())
            .settings(settings)
            .build()
            .map_err(|e| format!("cannot sign the request: {e}"))?
            .into();
        let signable = SignableRequest::new(
            &request.method,
            uri.as_str(),
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            SignableBody::Bytes(&request.body),
        )
        .map_err(|e| format!("cannot sign the request: {e}"))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|e| format!("cannot sign the request: {e}"))?
            .into_parts();
        let mut builder = http::Request::builder()
            .method(request.method.as_str())
            .uri(uri.as_str());
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut http_request = builder
            .body(Full::new(Bytes::from(request.body)))
            .map_err(|e| format!("cannot make the request: {e}"))?;
        instructions.apply_to_request_http1x(&mut http_request);
        let response = self
            .client
            .request(http_request)
            .await
            .map_err(|e| error_chain(&e))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|e| format!("the answer could not be read: {e}"))?
            .to_bytes()
            .to_vec();
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// An error with its sources, as one line.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
