//! Which `Host` a request may name. A web page can make a browser send requests to a server on
//! loopback by DNS rebinding: its own name, re-resolved to `127.0.0.1`, reaches the server with
//! the page's name in `Host`. The server answers only the names that mean this machine (or the
//! address the connection reached), and those it is told to allow.
//!
//! A request with no `Host` (HTTP/1.0 allows it) is answered: a browser always sends one, so
//! such a request cannot come from a page, and refusing it would only turn away plain tools.

use super::protocol::ApiError;
use std::net::{IpAddr, SocketAddr};

/// The names a request's `Host` may have besides loopback's and the connection's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AllowedHosts {
    /// Further names, lower case, without a trailing dot.
    names: Vec<String>,
    /// Any `Host` at all.
    any: bool,
}

impl AllowedHosts {
    /// Allows `name` too (any port; case and a trailing dot do not matter).
    pub(crate) fn allow(&mut self, name: &str) {
        self.names.push(normal(name));
    }

    /// Allows every `Host` (or not).
    pub(crate) fn allow_any(&mut self, on: bool) {
        self.any = on;
    }

    /// Whether a request whose `Host` (and request target's authority, when it has one) is
    /// `host`, reaching the server at `local`, is answered; the error says why not and which
    /// option would allow it.
    pub(crate) fn check(&self, host: Option<&str>, local: SocketAddr) -> Result<(), ApiError> {
        let Some(host) = host else { return Ok(()) };
        if self.any || self.allows(host, local) {
            return Ok(());
        }
        Err(ApiError {
            // AWS's APIs answer a request they refuse to let through with
            // `AccessDeniedException`, HTTP 403 (the API references' "Common Errors").
            name: "AccessDeniedException",
            status: 403,
            message: format!(
                "workflow serve answers requests for this machine only (Host `localhost`, `127.x.x.x`, `[::1]` or the address it listens on), not for Host `{host}`: \
                 a web page could otherwise drive it by DNS rebinding; allow the name with `--allow-host {}` (ServerBuilder::allow_host), or any name with `--allow-any-host`",
                name_of(host).unwrap_or(host)
            ),
        })
    }

    fn allows(&self, host: &str, local: SocketAddr) -> bool {
        let Some(name) = name_of(host) else {
            return false;
        };
        let name = normal(name);
        if name == "localhost" || self.names.contains(&name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            // Canonical on both sides: a server bound to `::` sees an IPv4 client's connection
            // arrive at `::ffff:a.b.c.d`.
            Ok(ip) => {
                let ip = ip.to_canonical();
                ip.is_loopback() || ip == local.ip().to_canonical()
            }
            Err(_) => false,
        }
    }
}

/// The name of a `Host` value without its port: `a:80` is `a`, `[::1]:80` is `::1`; `None` when
/// it is not of that form.
fn name_of(host: &str) -> Option<&str> {
    if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        return (after.is_empty() || port(after.strip_prefix(':')?)).then_some(inside);
    }
    match host.rsplit_once(':') {
        Some((name, after)) if !name.contains(':') => port(after).then_some(name),
        Some(_) => None,
        None => Some(host),
    }
    .filter(|name| !name.is_empty())
}

fn port(text: &str) -> bool {
    text.parse::<u16>().is_ok()
}

/// A name as compared: lower case (names are case-insensitive), without the trailing dot of a
/// fully qualified one.
fn normal(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_ports() {
        assert_eq!(name_of("localhost:8083"), Some("localhost"));
        assert_eq!(name_of("localhost"), Some("localhost"));
        assert_eq!(name_of("[::1]:8083"), Some("::1"));
        assert_eq!(name_of("[::1]"), Some("::1"));
        assert_eq!(name_of("::1"), None);
        assert_eq!(name_of("a:b"), None);
        assert_eq!(name_of(":80"), None);
        assert_eq!(name_of("[::1]x"), None);
    }

    #[test]
    fn loopback_and_the_local_address_are_answered_and_other_names_refused() {
        let local: SocketAddr = "192.0.2.7:8083".parse().unwrap();
        let hosts = AllowedHosts::default();
        for host in [
            "localhost",
            "LocalHost.:1",
            "127.0.0.1:8083",
            "127.1.2.3",
            "[::1]:8083",
            "[::ffff:127.0.0.1]",
            "192.0.2.7:8083",
        ] {
            assert_eq!(hosts.check(Some(host), local), Ok(()), "{host}");
        }
        assert_eq!(hosts.check(None, local), Ok(()));
        let mapped: SocketAddr = "[::ffff:192.0.2.7]:8083".parse().unwrap();
        assert_eq!(hosts.check(Some("192.0.2.7:8083"), mapped), Ok(()));
        for host in [
            "evil.example",
            "evil.example:8083",
            "192.0.2.8",
            "localhost.evil",
            "",
        ] {
            let error = hosts.check(Some(host), local).unwrap_err();
            assert_eq!(
                (error.name, error.status),
                ("AccessDeniedException", 403),
                "{host}"
            );
            assert!(error.message.contains("--allow-host"), "{}", error.message);
        }
        let mut named = AllowedHosts::default();
        named.allow("Dev.Box");
        assert_eq!(named.check(Some("dev.box:8083"), local), Ok(()));
        assert!(named.check(Some("other.box"), local).is_err());
        let mut any = AllowedHosts::default();
        any.allow_any(true);
        assert_eq!(any.check(Some("evil.example"), local), Ok(()));
    }
}
