#!/usr/bin/env bash
# The project's test command: builds every target once (benchmarks and examples included,
# so they cannot rot) and runs every test: unit, integration, corpus conformance, property
# and doc tests. Needs only Rust; tests that read ../shared/asl-corpus say so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --workspace --all-targets --locked
cargo test --workspace --locked
