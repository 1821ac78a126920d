//! A server bound to its address, on the caller's runtime: [`Listening`] accepts connections
//! until told to stop, each a task answering its requests ([`crate::http`]), and then drains
//! them and stops the service.

use crate::connection;
use crate::http::{self, Manners};
use crate::service::Service;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// A local Step Functions endpoint bound to its address, its data directory opened and what
/// the last server on it left running resumed, on the caller's Tokio runtime: it answers once
/// [`serve`](Listening::serve) is awaited, and until the future given to it ends. Made by
/// [`ServerBuilder::listen`](crate::ServerBuilder::listen); [`Server`](crate::Server) drives one
/// on a runtime of its own for callers that are not async.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use workflow_serve::Server;
///
/// let listening = Server::builder().port(0).listen().await?;
/// println!("Step Functions at {}", listening.endpoint_url());
/// // Serves until Ctrl-C; the executions still running are kept for the next server.
/// listening
///     .serve(async {
///         let _ = tokio::signal::ctrl_c().await;
///     })
///     .await;
/// # Ok(())
/// # }
/// ```
#[must_use = "a server answers nothing until `serve` is awaited"]
pub struct Listening {
    pub(crate) listener: tokio::net::TcpListener,
    pub(crate) address: SocketAddr,
    pub(crate) service: Arc<Service>,
    pub(crate) manners: Manners,
    pub(crate) stop_on_signal: bool,
    pub(crate) resumed: usize,
    pub(crate) unresumed: Vec<(String, String)>,
}

impl std::fmt::Debug for Listening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listening")
            .field("address", &self.address)
            .field("resumed", &self.resumed)
            .field("unresumed", &self.unresumed)
            .finish_non_exhaustive()
    }
}

impl Listening {
    /// How many executions the data directory held as running when the server started (the
    /// last server on it went away while they ran) it resumed: each goes on from its stored
    /// history, as if nothing had happened (see [`ServerBuilder::data_dir`](crate::ServerBuilder::data_dir)).
    pub fn resumed_executions(&self) -> usize {
        self.resumed
    }

    /// The executions the last server left running that this one could not resume (a stored
    /// history it cannot continue), each ARN with why: RUNNING still, with every event they
    /// had, until `StopExecution` ends one `ABORTED`.
    pub fn unresumed_executions(&self) -> &[(String, String)] {
        &self.unresumed
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// `http://ADDRESS:PORT`, the endpoint URL to give a client.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Answers requests until `until` ends (or, with
    /// [`ServerBuilder::stop_on_signal`](crate::ServerBuilder::stop_on_signal), Ctrl-C or
    /// `SIGTERM`), at most [`ServerBuilder::max_connections`](crate::ServerBuilder::max_connections)
    /// connections open at once; then stops as on `SIGTERM`: no connection is accepted any
    /// more, idle connections close, a request in flight is answered (for at most 3 s) with
    /// `Connection: close`. With a data directory, the executions still running stay RUNNING
    /// in it, with every event a client was shown, for the next server on the directory; their
    /// runs in this process stop. When it returns, no task of the server's is left on the
    /// caller's runtime but those of runs that were stopping.
    pub async fn serve(self, until: impl Future<Output = ()>) {
        let Listening {
            listener,
            service,
            manners,
            stop_on_signal,
            ..
        } = self;
        let signal = async move {
            if stop_on_signal {
                shutdown_signal().await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(signal);
        tokio::pin!(until);
        // A slot per open connection. At the cap, the connection idle longest is closed to make
        // room, and with none idle the new one waits for a slot (accepted, so one descriptor, not
        // served): a client that keeps a request under way is never cut off, and the new client is
        // not accepted and closed, which would fail a request it may not retry (StartExecution).
        let slots = Arc::new(tokio::sync::Semaphore::new(manners.limits.connections));
        let open = Arc::new(connection::Open::default());
        // Tells every connection that the server stops.
        let (stopping, _) = tokio::sync::watch::channel(false);
        // The connections' tasks, on the caller's runtime: those still open past the drain are
        // ended with the server.
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let accepted = tokio::select! {
                () = &mut until => break,
                () = &mut signal => break,
                accepted = listener.accept() => accepted,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) if connection::accept_failed_for_one(&e) => continue,
                Err(_) => {
                    // Out of descriptors or memory: wait for connections to close, not spin.
                    tokio::select! {
                        () = &mut until => break,
                        () = &mut signal => break,
                        () = tokio::time::sleep(connection::ACCEPT_BACKOFF) => continue,
                    }
                }
            };
            let slot = match Arc::clone(&slots).try_acquire_owned() {
                Ok(slot) => slot,
                Err(_) => {
                    open.close_longest_idle();
                    let slot = tokio::select! {
                        () = &mut until => break,
                        () = &mut signal => break,
                        slot = Arc::clone(&slots).acquire_owned() => slot,
                    };
                    let Ok(slot) = slot else { break };
                    slot
                }
            };
            let Ok(local) = stream.local_addr() else {
                continue;
            };
            let service = Arc::clone(&service);
            let manners = manners.clone();
            let open = Arc::clone(&open);
            let stop = stopping.subscribe();
            // Connections whose task ended are let go as new ones come.
            while connections.try_join_next().is_some() {}
            connections.spawn(async move {
                let watch = connection::Watch::new();
                open.add(&watch);
                let watching = Arc::clone(&watch);
                let limits = manners.limits;
                let handler = hyper::service::service_fn(move |request| {
                    let busy = watching.busy();
                    http::answer(Arc::clone(&service), manners.clone(), local, busy, request)
                });
                connection::drive(stream, limits, watch, stop, handler).await;
                drop(slot);
            });
        }
        // Stopping: no connection is accepted any more (the listener closes now, so that a client
        // is refused rather than left waiting), idle connections close, and a connection in a
        // request answers it with `Connection: close` and reads no other.
        drop(listener);
        service.begin_stopping();
        let _ = stopping.send(true);
        let all = u32::try_from(manners.limits.connections).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(DRAIN, slots.acquire_many(all)).await;
        // The executions still running stay RUNNING in the database, their events written; the
        // runs in this process stop.
        service.shut_down();
        // A request still in flight past the drain (a long `StartSyncExecution`) is dropped with
        // its connection: it was never answered.
        connections.shutdown().await;
    }
}

/// How long a stopping server waits for the requests in flight to be answered, at most:
/// short enough that SIGTERM ends the process within 5 s (what a container's orchestrator
/// gives before `SIGKILL` is longer: Docker's `docker stop` waits 10 s, Kubernetes' grace
/// period is 30 s), long enough for any call but a `StartSyncExecution` that runs on.
const DRAIN: Duration = Duration::from_secs(3);

/// Ctrl-C, or `SIGTERM` on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use crate::Server;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// One AWS JSON 1.0 call on a connection of its own: the answer's status line and body.
    async fn call(address: SocketAddr, operation: &str, body: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connects");
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("answered");
        answer
    }

    /// The server is futures on the caller's runtime, one thread of it enough: it answers while
    /// the caller awaits `serve`, stops when `until` ends (its port closed), and what it
    /// acknowledged is there for the next server on its directory.
    #[tokio::test(flavor = "current_thread")]
    async fn it_serves_on_the_callers_runtime_until_told_to_stop() {
        let dir = tempfile::tempdir().expect("a directory");
        let listening = Server::builder()
            .port(0)
            .data_dir(dir.path())
            .listen()
            .await
            .expect("listens");
        let address = listening.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(listening.serve(async {
            let _ = stopped.await;
        }));
        let created = call(address, "CreateActivity", r#"{"name":"kept"}"#).await;
        assert!(created.starts_with("HTTP/1.1 200"), "{created}");
        let _ = stop.send(());
        serving.await.expect("served to its end");
        assert!(tokio::net::TcpStream::connect(address).await.is_err());

        let next = Server::builder()
            .port(0)
            .data_dir(dir.path())
            .listen()
            .await
            .expect("the directory is free again");
        let address = next.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(next.serve(async {
            let _ = stopped.await;
        }));
        let listed = call(address, "ListActivities", "{}").await;
        assert!(listed.contains(":activity:kept"), "{listed}");
        let _ = stop.send(());
        serving.await.expect("served to its end");
    }
}
