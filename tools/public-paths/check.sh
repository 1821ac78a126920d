#!/usr/bin/env bash
# The documentation, checked, and every public item of the published crates at one path:
# `cargo doc --workspace --no-deps --lib` of the published crates' packages, as docs.rs builds
# them (`scripts/packages.sh doc`: the workspace of the unpacked packages, resolver 3), with
# warnings denied (RUSTDOCFLAGS=-D warnings), written as rustdoc's JSON, then check.py over the
# published crates' JSON (see README.md). The workspace's one unpublished library, the
# examples' (a crate comment and no item), is documented by rustdoc alone, warnings denied.
#
#   bash tools/public-paths/check.sh [--packed] [FEATURES]
#
# FEATURES (`a/x,b/y`) is passed to `cargo doc --features`; the test command passes the
# features it builds with (every feature of every crate). The crates are packaged first
# (`scripts/packages.sh pack`), unless `--packed` says that target/package/unpacked holds the
# current tree's packages (the test command packs them just before).
#
# Documenting the packages, not the repository's workspace (issue 76): rustdoc needs every
# dependency of a crate it documents checked, and `scripts/packages.sh check` checks the same
# packages with the same features in the same target directory, so the dependencies and the
# packaged crates are checked once for both (the repository's workspace, resolver 1, resolves
# other features for about sixty of them, and its own crates are other packages).
#
# One rustdoc run serves both checks: rustdoc's lints (broken and private intra-doc links,
# unclosed HTML tags, bare URLs, redundant link targets, missing docs) run before its output
# backend, and give the same errors with the JSON output as with HTML (tried on a crate with
# each of them). Measured on this workspace from the same warm build, every crate's lib
# documented again: HTML 41.3 CPU-s, JSON 27.9 CPU-s; the test command ran both (HTML for every
# crate, then JSON for the published ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
packed=
if [ "${1:-}" = --packed ]; then
    packed=yes
    shift
fi
features=${1:-}
[ -n "$packed" ] || bash scripts/packages.sh pack

# The published crates: the workspace's members but those with `publish = false`.
mapfile -t crates < <(bash scripts/packages.sh published)
RUSTDOC="$PWD/tools/public-paths/rustdoc-json" \
    RUSTDOCFLAGS="-D warnings -Z unstable-options --output-format json" \
    bash scripts/packages.sh doc "$features"
# The examples' library: its crate comment (it has no item, and uses no dependency).
rustdoc --edition 2024 --crate-type lib --crate-name workflow_examples -D warnings \
    -o target/doc-examples examples/lib.rs
python3 tools/public-paths/check.py target/doc "${crates[@]}"
