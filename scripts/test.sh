#!/usr/bin/env bash
# The project's test command: installs the test-time oracles it needs (the npm ASL validators),
# builds every target once (benchmarks and examples included, so they cannot rot) and runs
# every test: unit, integration, corpus conformance, property and doc tests.
# Needs Rust, Python 3 and Node; tests that read ../shared/asl-corpus say so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --workspace --all-targets --locked
bash scripts/pictures.sh check
cargo test --workspace --locked
