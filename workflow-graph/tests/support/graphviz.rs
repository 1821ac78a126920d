//! Graphviz's `dot` as the tests run it (the test fails when `dot` is missing).

use std::io::Write as _;
use std::process::{Command, Stdio};

/// The SVG `dot -Tsvg` draws from `dot`; `place` names the definition in a failure.
pub fn dot_to_svg(place: &str, dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "Graphviz `dot` does not run ({e}); install it: \
                 bash scripts/setup.sh (it installs Graphviz with apt-get)"
            )
        });
    child
        .stdin
        .take()
        .expect("dot's stdin")
        .write_all(dot.as_bytes())
        .expect("write to dot");
    let out = child.wait_with_output().expect("dot finishes");
    assert!(
        out.status.success() && out.stdout.starts_with(b"<?xml"),
        "{place}: dot -Tsvg refused the DOT text: {}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 SVG")
}
