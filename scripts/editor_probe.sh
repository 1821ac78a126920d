#!/usr/bin/env bash
# rust-analyzer inside `workflow!`, before and after a change (issue 65): runs
# tools/editor/probe.py (rust-analyzer's language server on tools/editor/probe-crate, every
# probe a hover, a completion, a definition or the diagnostics, timed) against the runtime of
# each commit given, one after the other, and prints the answers side by side in markdown.
#
#   RUST_ANALYZER=/path/to/rust-analyzer bash scripts/editor_probe.sh [COMMIT ...]
#
# Default: HEAD. Each commit's tree is exported (`git archive`) into a temporary directory;
# tools/editor/ is always the working tree's, so every commit answers the same probes on the
# same crate. rust-analyzer builds the probe crate's proc macros first (minutes, cold), so
# this is not part of the test command; `workflow-macros-core/tests/editor.rs` is its cheap
# check. rust-analyzer: `cargo +nightly install ra_ap_rust-analyzer --locked --root DIR`
# (DIR/bin/rust-analyzer); it starts the proc-macro server of the toolchain it runs on
# (`$(rustc --print sysroot)/libexec/rust-analyzer-proc-macro-srv`).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-/tmp/editor-probe}"
mkdir -p "$out"
commits=("$@"); [ ${#commits[@]} -gt 0 ] || commits=(HEAD)
results=()
for commit in "${commits[@]}"; do
  sha="$(git -C "$repo" rev-parse --short "$commit")"
  src="$out/src-$sha"
  rm -rf "$src"; mkdir -p "$src"
  git -C "$repo" archive "$sha" | tar -x -C "$src"
  python3 "$repo/tools/editor/probe.py" run --runtime "$src/workflow-runtime" \
    --label "$commit ($sha)" --out "$out/$sha.json" --work "$out/work-$sha"
  results+=("$out/$sha.json")
  rm -rf "$src" "$out/work-$sha"
done
python3 "$repo/tools/editor/probe.py" table "${results[@]}"
