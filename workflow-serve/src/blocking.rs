//! The blocking adapter: [`Server`] runs a [`Listening`](crate::Listening) server on a Tokio
//! runtime of its own, on a thread of its own, for callers that are not async (the `workflow
//! serve` command, tests). The server itself is futures on the caller's runtime
//! ([`ServerBuilder::listen`]); this file is the one place that builds a runtime for it.

use crate::ServerBuilder;
use std::net::SocketAddr;
use std::time::Duration;

/// A running local Step Functions endpoint; dropping it shuts it down.
#[derive(Debug)]
pub struct Server {
    resumed: usize,
    unresumed: Vec<(String, String)>,
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// A builder with the defaults: `127.0.0.1:8083`, real time, region `us-east-1`, account
    /// `123456789012`, no mock configuration.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::defaults()
    }

    /// As [`Listening::resumed_executions`](crate::Listening::resumed_executions).
    pub fn resumed_executions(&self) -> usize {
        self.resumed
    }

    /// As [`Listening::unresumed_executions`](crate::Listening::unresumed_executions).
    pub fn unresumed_executions(&self) -> &[(String, String)] {
        &self.unresumed
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// As [`Listening::endpoint_url`](crate::Listening::endpoint_url).
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Blocks until the server stops (on a signal, with
    /// [`ServerBuilder::stop_on_signal`]).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops serving, as on `SIGTERM`: no connection is accepted any more, idle connections
    /// close, a request in flight is answered (for at most 3 s) with `Connection: close`.
    /// With a data directory, the executions still running stay RUNNING in it, with every
    /// event a client was shown, for the next server on the directory; their runs in this
    /// process stop.
    pub fn shut_down(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

impl ServerBuilder {
    /// Binds the address and starts serving on a thread of its own, with a Tokio runtime of
    /// its own (two worker threads): the blocking form of [`ServerBuilder::listen`].
    pub fn start(self) -> std::io::Result<Server> {
        // Requests and operations are futures on two threads: what an operation waits for (its
        // writes committed, a read of the database, a long poll's task, an execution's end)
        // holds no thread, a thousand waiting polls are a thousand futures. Executions are
        // tasks of the same runtime (the engine has none of its own). The database's writer and
        // reader are a thread each, the edge to SQLite.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("workflow-serve")
            .build()?;
        let listening = runtime.block_on(self.listen())?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (resumed, unresumed, address) = (
            listening.resumed_executions(),
            listening.unresumed_executions().to_vec(),
            listening.local_addr(),
        );
        let thread = std::thread::Builder::new()
            .name("workflow-serve".into())
            .spawn(move || {
                runtime.block_on(listening.serve(async {
                    let _ = stopped.await;
                }));
                // What is left of the runs that were stopping goes with the runtime.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?;
        Ok(Server {
            resumed,
            unresumed,
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}
