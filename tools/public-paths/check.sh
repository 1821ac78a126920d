#!/usr/bin/env bash
# The workspace's documentation, checked, and every public item of the published crates at one
# path: `cargo doc --workspace --no-deps --lib` with warnings denied (RUSTDOCFLAGS=-D warnings),
# written as rustdoc's JSON, then check.py over the published crates' JSON (see README.md).
#
#   bash tools/public-paths/check.sh [FEATURES]
#
# FEATURES (`a/x,b/y`) is passed to `cargo doc --features`; the test command passes the
# features it builds with (every feature of every crate).
#
# One rustdoc run serves both checks: rustdoc's lints (broken and private intra-doc links,
# unclosed HTML tags, bare URLs, redundant link targets, missing docs) run before its output
# backend, and give the same errors with the JSON output as with HTML (tried on a crate with
# each of them). Measured on this workspace from the same warm build, every crate's lib
# documented again: HTML 41.3 CPU-s, JSON 27.9 CPU-s; the test command ran both (HTML for every
# crate, then JSON for the published ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
features=${1:-}

# The published crates: the workspace's members but those with `publish = false`.
mapfile -t crates < <(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] != []:
        print(package["name"])
')
RUSTDOC="$PWD/tools/public-paths/rustdoc-json" \
    RUSTDOCFLAGS="-D warnings -Z unstable-options --output-format json" \
    cargo doc --workspace --no-deps --lib --locked ${features:+--features "$features"}
python3 tools/public-paths/check.py target/doc "${crates[@]}"
