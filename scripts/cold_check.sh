#!/usr/bin/env bash
# Cold `cargo check --tests` of a small user crate (one workflow, one local test) that depends
# on workflow-runtime by path, for one or more commits of this repository, one after the other
# in one session, each with the default features and with `default-features = false`.
#
#   scripts/cold_check.sh [COMMIT ...]      (default: HEAD)
#
# Each commit's tree is exported (`git archive`) into a temporary directory; each user crate
# gets an empty target directory of its own (cold: nothing of the workspace's target/ is
# reused; the registry's sources are, as on any machine that has fetched once), removed once
# measured to spare the disk. rustc runs without the configured wrapper (`RUSTC_WRAPPER=`):
# with sccache a crate compiled before came from its cache, and its compilers ran in the cache's
# server, outside the CPU time measured; without it every crate is compiled, by cargo's children. Prints one line per (commit, features) with the wall time, the
# load average before it, the crates `cargo check --timings` spent the longest on, and the time
# its units took in this repository's crates and in third-party ones (its HTML report is kept
# under $OUT, default /tmp/cold-check).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-/tmp/cold-check}"
rm -rf "$out"; mkdir -p "$out"
commits=("$@"); [ ${#commits[@]} -gt 0 ] || commits=(HEAD)

user_crate() { # dir runtime_path default_features(true|false)
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "cold-user"
version = "0.1.0"
edition = "2024"

[dependencies]
workflow-runtime = { path = "$2", default-features = $3 }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
TOML
  cp "$repo/scripts/user_crate.rs" "$1/src/lib.rs"
}

for commit in "${commits[@]}"; do
  sha="$(git -C "$repo" rev-parse --short "$commit")"
  src="$out/src-$sha"
  mkdir -p "$src"
  git -C "$repo" archive "$sha" | tar -x -C "$src"
  for defaults in true false; do
    crate="$out/user-$sha-$defaults"
    user_crate "$crate" "$src/workflow-runtime" "$defaults"
    # Resolve (and fetch, if need be) before the clock starts: the figure is the compile.
    (cd "$crate" && cargo generate-lockfile -q && cargo fetch -q)
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    start=$(date +%s.%N)
    status=ok
    # CPU seconds (user + system, of cargo and everything it ran) beside the wall time: on a
    # machine busy with other work the wall time stretches, the CPU time much less.
    # No compiler cache (an empty RUSTC_WRAPPER overrides a configured sccache): with one, the
    # first commit measured would fill it for the others, and none would be cold.
    (cd "$crate" && RUSTC_WRAPPER= /usr/bin/time -f "%U %S" -o "$crate/cpu" \
      cargo check --tests --timings -q >"$crate/check.log" 2>&1) || status=FAILED
    end=$(date +%s.%N)
    # The last line: /usr/bin/time writes "Command exited with non-zero status N" before it
    # when the check fails.
    cpu="$(tail -1 "$crate/cpu" | awk '{printf "%.0f", $1 + $2}' 2>/dev/null)"
    report="$(ls "$crate"/target/cargo-timings/cargo-timing-*.html 2>/dev/null | head -1)"
    cp "$report" "$out/timings-$sha-defaults-$defaults.html" 2>/dev/null || true
    # The longest units, from the report's UNIT_DATA (name, version, target, duration).
    top="$(python3 - "$report" <<'PY' 2>/dev/null || true
import json, re, sys
text = open(sys.argv[1]).read()
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
units = sorted(data, key=lambda u: -u["duration"])[:6]
# The units of this repository (and the user crate) against every other: the others' time is
# a floor no change here goes under (on two cores, half their sum is already wall time).
ours = sum(u["duration"] for u in data if u["name"].startswith("workflow") or u["name"] == "cold-user")
theirs = sum(u["duration"] for u in data) - ours
print(", ".join(f'{u["name"]}{u["target"].strip() or ""} {u["duration"]:.1f}s' for u in units)
      + f"; units' time: this repository's crates {ours:.0f} s, third-party crates {theirs:.0f} s")
PY
)"
    printf '%s default-features=%s: %.1f s wall, %s s CPU (%s; load before %s, after %s); longest: %s\n' \
      "$sha" "$defaults" "$(echo "$end - $start" | bc)" "$cpu" "$status" "$load" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "$top"
    [ "$status" = ok ] || tail -5 "$crate/check.log"
    rm -rf "$crate/target"
  done
  rm -rf "$src"
done
