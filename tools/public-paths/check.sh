#!/usr/bin/env bash
# Every public item of the published crates at one path: writes their rustdoc JSON and runs
# check.py over it (see README.md).
#
#   bash tools/public-paths/check.sh [FEATURES]
#
# FEATURES (`a/x,b/y`) is passed to `cargo doc --features`; the test command passes the
# features it builds and documents with, so that the dependencies checked for `cargo doc` are
# used again.
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
packages=()
for crate in "${crates[@]}"; do
    packages+=(-p "$crate")
done
RUSTDOC="$PWD/tools/public-paths/rustdoc-json" \
    RUSTDOCFLAGS="-Z unstable-options --output-format json" \
    cargo doc "${packages[@]}" --no-deps --lib --locked ${features:+--features "$features"}
python3 tools/public-paths/check.py target/doc "${crates[@]}"
