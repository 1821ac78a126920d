//! One connection's manners: how long it may sit idle, take to send a request's head or body,
//! and how many connections may be open at once. A client that stalls loses its connection
//! instead of holding it (and a file descriptor) for ever.
//!
//! The deadlines follow Go's `net/http` server (`IdleTimeout`, then `ReadHeaderTimeout` from
//! the request's first byte): a connection with no request under way waits at most
//! [`Limits::idle`] for the first byte of the next one; from that byte, the request's head must
//! be complete within [`Limits::header`]; from the head, the body within [`Limits::body`]
//! (`answer` applies that one). While a request is being answered (a `GetActivityTask` long
//! poll lasts up to a minute) no deadline runs. hyper's own `header_read_timeout` is not used:
//! its clock starts when a connection falls idle, so it cannot tell a pooled keep-alive
//! connection from a client stalling in the middle of a head.

use hyper::service::HttpService;
use hyper_util::rt::TokioIo;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;

/// How long a connection may take at each step, and how many may be open at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limits {
    /// How long a connection with no request under way is kept: from when it opens or its
    /// last answer ends, to the next request's first byte.
    pub idle: Duration,
    /// How long a request's head (request line and headers) may take from its first byte.
    pub header: Duration,
    /// How long a request's body may take to arrive, from the end of its head.
    pub body: Duration,
    /// How many connections may be open at once; at the cap, the one idle longest is closed
    /// for a new one, or with none idle the new one waits until one closes.
    pub connections: usize,
}

/// How long `workflow serve` keeps a connection with no request under way: longer than
/// aws-sdk-rust's connection pool keeps an idle connection (90 s, the default of hyper-util's
/// `legacy::Builder::pool_idle_timeout`, on which aws-smithy-http-client builds), so that the
/// client always closes first and sends no request on a connection the server is closing.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// How long a request's head may take from its first byte: hyper's own default; a live client
/// sends a head in well under a second.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request's body may take to arrive: a body is at most 3 MiB, which even a slow
/// link carries in seconds.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How many connections may be open at once: far more than a test suite's clients pool, and
/// half of Linux's usual limit of 1024 open files a process, so that idle connections cannot
/// take the descriptors the server needs for its own work (its database, Lambda calls, the
/// `--s3` directory).
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle: DEFAULT_IDLE_TIMEOUT,
            header: DEFAULT_HEADER_TIMEOUT,
            body: DEFAULT_BODY_TIMEOUT,
            connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Where a connection is: between requests, in a request's head, or answering one.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// Opened at this instant, nothing of it read yet: its first request may be on its way
    /// (in the socket's buffer, unread), so it is never evicted (at the cap a new connection
    /// waits for a slot instead); it closes when the shorter of the idle and header timeouts
    /// passes with nothing read.
    Fresh(Instant),
    /// No request under way since this instant, after one was answered.
    Idle(Instant),
    /// The first byte of a request's head arrived at this instant.
    Head(Instant),
    /// A request is being answered (its body read, its operation run): no deadline here.
    Busy,
    /// Closed while idle to make room for a new connection (see [`Open::close_longest_idle`]).
    Evicted,
}

/// A connection's phase, shared by its reader (which sees bytes arrive), its handler (which
/// sees requests begin and end) and its watchdog (which closes it when a deadline passes).
#[derive(Debug)]
pub(crate) struct Watch {
    phase: Mutex<Phase>,
    changed: Notify,
}

impl Watch {
    /// A connection just opened: fresh, since now.
    pub(crate) fn new() -> Arc<Watch> {
        Arc::new(Watch {
            phase: Mutex::new(Phase::Fresh(Instant::now())),
            changed: Notify::new(),
        })
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set(&self, phase: Phase) {
        *self.phase() = phase;
        self.changed.notify_one();
    }

    /// Bytes arrived: on an idle connection, a request's head has begun.
    fn bytes_arrived(&self) {
        let mut phase = self.phase();
        if let Phase::Idle(_) | Phase::Fresh(_) = *phase {
            *phase = Phase::Head(Instant::now());
            drop(phase);
            self.changed.notify_one();
        }
    }

    /// A request's head is complete and its answer begins; the connection is idle again when
    /// the returned guard drops.
    pub(crate) fn busy(self: &Arc<Self>) -> Busy {
        self.set(Phase::Busy);
        Busy(Arc::clone(self))
    }

    /// When the connection's current phase runs out, if it can.
    fn deadline(&self, limits: &Limits) -> Option<Instant> {
        match *self.phase() {
            Phase::Idle(since) => Some(since + limits.idle),
            // Not evicted at the cap, so bounded by the shorter deadline: a client that opened
            // it sends its head at once.
            Phase::Fresh(since) => Some(since + limits.idle.min(limits.header)),
            Phase::Head(since) => Some(since + limits.header),
            Phase::Busy => None,
            Phase::Evicted => Some(Instant::now()),
        }
    }

    /// Since when the connection has been idle, if it is.
    fn idle_since(&self) -> Option<Instant> {
        match *self.phase() {
            Phase::Idle(since) => Some(since),
            _ => None,
        }
    }

    /// Closes the connection if it is still idle; whether it was.
    fn evict(&self) -> bool {
        let mut phase = self.phase();
        if let Phase::Idle(_) = *phase {
            *phase = Phase::Evicted;
            drop(phase);
            self.changed.notify_one();
            true
        } else {
            false
        }
    }
}

/// The open connections' watches, so that at the cap an idle connection can make room for a
/// new one.
#[derive(Debug, Default)]
pub(crate) struct Open {
    watches: Mutex<Vec<Weak<Watch>>>,
}

impl Open {
    fn watches(&self) -> MutexGuard<'_, Vec<Weak<Watch>>> {
        self.watches.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts `watch`'s connection as open (until its watch is dropped).
    pub(crate) fn add(&self, watch: &Arc<Watch>) {
        let mut watches = self.watches();
        watches.retain(|w| w.strong_count() > 0);
        watches.push(Arc::downgrade(watch));
    }

    /// Closes the connection that has been idle longest, as nginx reuses its idle keep-alive
    /// connections when it runs out of `worker_connections`; whether there was one. A
    /// connection just opened (nothing of it read yet), in a request's head or answering one is
    /// left alone.
    pub(crate) fn close_longest_idle(&self) -> bool {
        let longest = self
            .watches()
            .iter()
            .filter_map(Weak::upgrade)
            .filter_map(|watch| Some((watch.idle_since()?, watch)))
            .min_by_key(|(since, _)| *since);
        longest.is_some_and(|(_, watch)| watch.evict())
    }
}

/// A request being answered; dropping it makes its connection idle.
#[derive(Debug)]
pub(crate) struct Busy(Arc<Watch>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.set(Phase::Idle(Instant::now()));
    }
}

/// Serves HTTP/1.1 on `stream` with `service` until the client closes, or until a deadline of
/// `limits` passes (the connection is then dropped, which closes it), or until the server
/// stops (`stop` turns `true`, or its sender goes): then an idle connection closes at once,
/// and one in a request answers it, with `Connection: close`, and reads no other (hyper's
/// graceful shutdown).
pub(crate) async fn drive<S>(
    stream: TcpStream,
    limits: Limits,
    watch: Arc<Watch>,
    mut stop: tokio::sync::watch::Receiver<bool>,
    service: S,
) where
    S: HttpService<hyper::body::Incoming>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::ResBody: 'static,
    <S::ResBody as hyper::body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let io = TokioIo::new(Watched {
        stream,
        watch: Arc::clone(&watch),
    });
    let connection = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
    tokio::pin!(connection);
    let mut stopping = *stop.borrow_and_update();
    if stopping {
        connection.as_mut().graceful_shutdown();
    }
    loop {
        let deadline = watch.deadline(&limits);
        let expiry = async move {
            match deadline {
                Some(deadline) => tokio::time::sleep_until(deadline).await,
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = connection.as_mut() => return,
            () = watch.changed.notified() => {}
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() {
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
            () = expiry => {
                if watch.deadline(&limits).is_some_and(|d| d <= Instant::now()) {
                    return;
                }
            }
        }
    }
}

/// An accept that failed for this connection only (the client gave up before it was
/// accepted): the next accept may follow at once. Any other failure (`EMFILE`, `ENFILE`,
/// `ENOBUFS`, `ENOMEM`) persists until something is freed, so the loop waits
/// [`ACCEPT_BACKOFF`] before trying again rather than spinning on it.
pub(crate) fn accept_failed_for_one(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    )
}

/// How long the accept loop waits after a failure that is not one connection's (out of file
/// descriptors or memory): time for connections to close, at a cost of nothing while it waits.
pub(crate) const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A TCP stream that tells its [`Watch`] when bytes arrive.
struct Watched {
    stream: TcpStream,
    watch: Arc<Watch>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.watch.bytes_arrived();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_failures_of_one_connection_are_told_from_those_of_the_process() {
        use std::io::{Error, ErrorKind};
        assert!(accept_failed_for_one(&Error::from(
            ErrorKind::ConnectionAborted
        )));
        // EMFILE: the process is out of file descriptors; trying again at once would spin.
        #[cfg(unix)]
        assert!(!accept_failed_for_one(&Error::from_raw_os_error(24)));
        assert!(!accept_failed_for_one(&Error::from(ErrorKind::OutOfMemory)));
    }

    #[test]
    fn each_phase_runs_out_on_its_own_limit() {
        let limits = Limits {
            idle: Duration::from_secs(100),
            header: Duration::from_secs(5),
            body: Duration::from_secs(7),
            connections: 1,
        };
        let before = Instant::now();
        let watch = Watch::new();
        // Just opened, nothing read: the shorter of the idle and header limits.
        let fresh = watch.deadline(&limits).expect("a fresh deadline");
        assert!(fresh >= before + limits.header && fresh <= Instant::now() + limits.header);
        let idle = before + limits.idle;
        watch.bytes_arrived();
        let head = watch.deadline(&limits).expect("a head deadline");
        assert!(head < idle, "the head's deadline is the shorter one");
        // More bytes of the same head do not push its deadline back.
        std::thread::sleep(Duration::from_millis(2));
        watch.bytes_arrived();
        assert_eq!(watch.deadline(&limits), Some(head));
        let busy = watch.busy();
        assert_eq!(watch.deadline(&limits), None, "no deadline while answering");
        watch.bytes_arrived();
        assert_eq!(
            watch.deadline(&limits),
            None,
            "a body's bytes start no head"
        );
        drop(busy);
        let again = watch.deadline(&limits).expect("idle again");
        assert!(again >= idle, "idle again from the answer's end");
    }
}
