//! moto's server for the benchmarks that compare with it (`engine_vs_moto`, `serve_vs_moto`):
//! `tools/moto/moto-sfn-server.py` from `target/moto-venv` on a free loopback port, killed when
//! dropped.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running moto server; killed when dropped.
pub struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts moto and waits until it accepts connections: the server and its endpoint URL, or
/// `None` when moto is not installed or did not start within 20 seconds.
pub fn start_moto(root: &Path) -> Option<(Moto, String)> {
    let python = root.join("target/moto-venv/bin/python");
    if !python.is_file() {
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new(&python)
        .arg(root.join("tools/moto/moto-sfn-server.py"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let guard = Moto(child);
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some((guard, format!("http://127.0.0.1:{port}")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}
