#!/usr/bin/env bash
# The project's test command. `.ci/run` runs it on a clean clone. In order:
#
# 1. `cargo fmt --all -- --check`;
# 2. `scripts/setup.sh` (the npm oracles, the moto and SageMaker virtualenvs, Graphviz and
#    Chromium; each skipped when present) in the background, while `cargo build --workspace
#    --all-targets --locked` with every opt-in feature (`features` below) builds every target once
#    (benchmarks and examples included, so that they cannot rot) and lints it: the workspace's
#    crates are compiled by clippy-driver, and a warning fails the check as `cargo clippy
#    --workspace --all-targets -- -D warnings` would, without a second check of every crate
#    (see `lint` below); the build does not need what setup installs, the rest does;
#    then `scripts/packages.sh pack`: `cargo package --workspace` of the published crates,
#    unpacked;
# 3. `scripts/pictures.sh check` (Graphviz and one headless Chromium; no cargo) in the
#    background, while `tools/public-paths/check.sh` runs `cargo doc --workspace --no-deps --lib`
#    of the unpacked packages with the build's features (every feature of every crate;
#    RUSTDOCFLAGS=-D warnings), which checks the documentation and writes rustdoc's JSON, and
#    checks over the published crates' JSON that every public item has one path;
# 4. `cargo test --workspace --locked --no-fail-fast` with the same features: unit,
#    integration (the runtime's are one program, tests/runtime.rs, and the tools' another,
#    tests/tools.rs), corpus conformance, property, trybuild (tests/ui.rs, a test of
#    workflow-macros-ui) and doc tests, as four commands at once (see below); `cargo test`
#    reuses the build of step 2; and beside them
#    5. `scripts/packages.sh check`: each published crate compiled from its package alone, and
#    `cargo clippy -p workflow-runtime --no-default-features --lib -- -D warnings` on the
#    runtime's package: the engine without the AWS SDK client, as the README offers it,
#    compiled and linted (its test programs in that configuration are not: see below).
#
# Every check fails the command: a failed step is reported at once, the independent steps after
# it still run (so that one run shows every failure), and the command exits 1 naming them. A
# failed setup or build stops it there. Needs Rust, Python 3 and Node; tests that read
# ../shared/ say so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target

# Python caches the bytecode of what it imports (the virtualenvs under target/ that setup.sh
# fills are not byte-compiled when installed): with PYTHONDONTWRITEBYTECODE set, as some
# machines set it, every Python process the tests start (the AWS CLI, boto3, moto's server, the
# SageMaker SDKs) compiled every module it imports from source again. Measured: the AWS CLI
# 1.53 CPU-s a call against 0.51, `import stepfunctions` 7.0 against 3.8, moto's server 1.6
# against 0.6.
unset PYTHONDONTWRITEBYTECODE

# No debug info in the command's builds, the workspace's crates included (`.cargo/config.toml`
# gives them line tables, and what runs at build time the same, for a developer's backtraces):
# nothing here prints a backtrace (RUST_BACKTRACE is not set, and a panic's message gives its
# file, line and column without debug info), so the line tables were only cost. Measured on the
# workspace's crates, rebuilt alone after the dependencies (`cargo build --workspace
# --all-targets` with the features below, one after the other): 238 CPU-s and 125 s with line
# tables, 209 CPU-s and 108 s without. Both settings change together, so that the proc macro and
# the crates both it and the runtime use are still built once (see `.cargo/config.toml`).
export CARGO_PROFILE_DEV_DEBUG=false CARGO_PROFILE_DEV_BUILD_OVERRIDE_DEBUG=false

# step NAME: prints the step, the seconds since the start and the CPU-seconds (user + system) of
# every process the command started that has ended so far, with everything it started (bash's
# `times`: bash reaps a background job when it ends, so a job still running, the setup beside
# the build say, is counted at the first step after its end), so that a log shows each phase's
# time and CPU.
step() {
    local cpu
    # `times` in this shell, not in a subshell (whose children are none): its second line is
    # the children's user and system time, as `XmY.YYYs XmY.YYYs`.
    times >target/.times
    cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
        printf ", %.0f CPU-s", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' target/.times)
    echo "==> $* (at ${SECONDS} s${cpu})"
}

failed=()
# check NAME COMMAND...: runs one check; its failure is recorded and reported at the end.
check() {
    local name=$1
    shift
    step "$name"
    if ! "$@"; then
        echo "==> FAILED: $name" >&2
        failed+=("$name")
    fi
}

check "cargo fmt --all -- --check" cargo fmt --all -- --check

# The cargo commands that build (build, test) compile the workspace's own crates with
# clippy-driver, which is rustc with Clippy's lints: what `cargo clippy` does, but compiling to
# the end, so one compilation both builds and lints. Every building command takes the same
# setting, or cargo would rebuild the workspace for it. (The projects tests build for
# themselves, under target/tests, are not linted: the setting is on the command line, not in the
# environment.) Warnings stay warnings while building, so that a lint does not stop the tests;
# `no_warnings` then fails the check for any warning the build printed (dependencies print
# none: cargo caps their lints).
lint=(--config 'build.rustc-workspace-wrapper="clippy-driver"')
# The workspace's build and tests have every opt-in feature of the runtime too (Lambda,
# SageMaker, the Lambda endpoint, the Parquet ItemReader, generated inputs, off by default for
# users): built, linted and tested with the rest.
# The examples' package (unpublished) builds its SageMaker and Lambda examples, and the returns
# service tested on an in-process endpoint, only with its own features of those names
# (`sagemaker`, `lambda`, `in-process`: `required-features`), so that the README's first command
# compiles none of them.
features=(--features workflow-runtime/parquet,workflow-runtime/sagemaker,workflow-runtime/lambda,workflow-runtime/lambda-endpoint,workflow-cli/parquet,workflow-examples/sagemaker,workflow-examples/lambda,workflow-examples/in-process)

# no_warnings LOG: fails, listing them, when the cargo output in LOG has warnings.
no_warnings() {
    if grep -q '^warning' "$1"; then
        grep -A6 '^warning' "$1" >&2
        return 1
    fi
}

step "bash scripts/setup.sh (in the background, into target/setup.log)"
bash scripts/setup.sh >target/setup.log 2>&1 &
setup=$!
pictures=
# A failed build leaves nothing running behind it.
trap 'kill $setup $pictures ${workspace:-} ${tools:-} ${units:-} ${ui:-} ${packages:-} 2>/dev/null || true' EXIT

step "cargo build --workspace --all-targets --locked (linted by clippy-driver)"
if ! cargo build --workspace --all-targets --locked "${features[@]}" "${lint[@]}" 2>&1 | tee target/build.log; then
    echo "scripts/test.sh: the build failed (above)" >&2
    exit 1
fi
check "clippy and rustc: no warning in the build (cargo clippy --workspace --all-targets -- -D warnings)" \
    no_warnings target/build.log

# The published crates packaged as `cargo publish` would upload them (2 s, from cargo's cache:
# the build above fetched every dependency); they are compiled from their packages beside the
# tests (below).
check "bash scripts/packages.sh pack: cargo package --workspace" bash scripts/packages.sh pack

step "waiting for scripts/setup.sh"
if ! wait "$setup"; then
    cat target/setup.log >&2
    echo "scripts/test.sh: scripts/setup.sh failed (above)" >&2
    exit 1
fi
setup=
cat target/setup.log

# The pictures need no cargo: they draw while rustdoc checks. The tests run after these, not
# beside them: cargo test holds target/'s lock only while it builds, but running it beside
# rustdoc saved nothing measurable on two cores (the whole is CPU-bound).
step "bash scripts/pictures.sh check (in the background, into target/pictures.log)"
bash scripts/pictures.sh check >target/pictures.log 2>&1 &
pictures=$!

# The libraries' documentation, with the features of the build (every feature of every crate of
# the workspace, as `--all-features` would turn on; `--all-features` resolves the proc macro's
# dependencies otherwise and rebuilt them), checked with warnings denied, and every public item
# of the published crates at one path: one `cargo doc --workspace --no-deps --lib` run
# (RUSTDOCFLAGS=-D warnings) over the packages just packed, in their workspace, that writes
# rustdoc's JSON, which `tools/public-paths/check.py` then reads (rustdoc's lints are the same
# with either output; see check.sh), while the pictures still draw. The dependencies and crates
# it checks for rustdoc are those `scripts/packages.sh check` compiles beside the tests.
check "cargo doc --workspace --no-deps --lib of the packages (RUSTDOCFLAGS=-D warnings), and every public item at one path (tools/public-paths/check.sh)" \
    bash tools/public-paths/check.sh --packed "${features[1]}"

step "waiting for scripts/pictures.sh check"
if wait "$pictures"; then
    pictures=
    cat target/pictures.log
else
    cat target/pictures.log >&2
    echo "==> FAILED: bash scripts/pictures.sh check" >&2
    failed+=("bash scripts/pictures.sh check")
fi

# The tests. Many wait on other processes (moto, boto3, the AWS CLI, Python SDKs, servers on
# loopback), so each test program runs six tests at once on the two cores. The published
# crates are compiled from their packages beside them (`scripts/packages.sh check`), with the
# runtime's package also checked and linted without its default features, once the workspace's
# tests no longer hold the build directory's lock (cargo holds it only while it builds; the
# build above has every target of the workspace's tests, so theirs is over at once). The
# runtime without its defaults is checked, not built and run: without the default features
# cargo resolves other features for nearly every dependency (syn's, for the host, so serde's
# derive and everything after it), so a test build compiles some 80 crates a second time (110 s
# of the two cores' time, measured); the same tests run above with every feature, and `cargo
# test -p workflow-runtime --no-default-features` runs them in this configuration when a change
# is about it. Only the library is checked, as a user without the defaults compiles it:
# checking the test programs too (`--tests`) took 140 CPU-seconds against 65 for the library
# alone (cold, one after the other), the largest share of the suite's time that checked
# nothing a user builds.
export RUST_TEST_THREADS=${RUST_TEST_THREADS:-6}
# The tests run as four commands at once, each on its own share of the targets: many tests
# wait on other processes, and many of the longest are one test on one core (the macro's
# property tests, the trybuild cases), so one command after another left a core idle.
# - `--test tools`: the tools' program (tests/tools.rs: the `workflow` binary, `workflow serve`
#   driven by boto3, the AWS CLI, the JS SDK and a browser), which mostly waits;
# - `--lib --bins`, then `--doc` (which takes no other target): the crates' own tests;
# - `--test ui`: the trybuild cases, which first build their project's dependencies (a chain of
#   crates, one after another at its end); run after the other programs, as the last of them,
#   that chain left one core idle for about a minute at the end of the suite (vmstat, on a clean
#   clone);
# - every other test program (read from `cargo metadata`).
# Each selects the whole workspace with the same features, so that cargo resolves the features
# the build above resolved and builds nothing again (`--exclude workflow-cli` resolves others:
# 104 s of rebuilding, measured).
other_tests=()
while read -r name; do
    other_tests+=(--test "$name")
done < <(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    for target in package["targets"]:
        if "test" in target["kind"] and target["name"] not in ("tools", "ui"):
            print(target["name"])
')
tests=(cargo test --workspace --locked --no-fail-fast "${features[@]}" "${lint[@]}")
step "cargo test --workspace --locked --no-fail-fast, as four commands at once: tests/tools.rs; the crates' own and doc tests; tests/ui.rs; the other test programs (and, beside them, scripts/packages.sh check)"
"${tests[@]}" --test tools >target/test-tools.log 2>&1 &
tools=$!
{
    "${tests[@]}" --lib --bins && status=0 || status=$?
    "${tests[@]}" --doc || status=$?
    exit "$status"
} >target/test-units.log 2>&1 &
units=$!
"${tests[@]}" --test ui >target/test-ui.log 2>&1 &
ui=$!
"${tests[@]}" "${other_tests[@]}" >target/test-workspace.log 2>&1 &
workspace=$!
# Their build is over when each runs its first test program.
until { grep -q '^ *Running ' target/test-workspace.log && grep -q '^ *Running ' target/test-tools.log \
    && grep -q '^ *Running ' target/test-units.log && grep -q '^ *Running ' target/test-ui.log; } 2>/dev/null \
    || ! kill -0 "$workspace" 2>/dev/null || ! kill -0 "$tools" 2>/dev/null \
    || ! kill -0 "$units" 2>/dev/null || ! kill -0 "$ui" 2>/dev/null; do
    sleep 1
done
# Then, in the background (it needs the build directory's lock), each published crate compiled
# from its package alone and the runtime's package without its default features linted
# (`scripts/packages.sh check`: the documentation above checked the dependencies and every
# packaged crate another one depends on, so it compiles the others, then the runtime without its
# defaults), while the tests mostly wait.
bash scripts/packages.sh check "${features[1]}" >target/packages.log 2>&1 &
packages=$!
wait_test() { # wait_test PID LOG NAME: waits for a test command, prints its log, records a failure
    local status=0
    wait "$1" || status=$?
    cat "$2"
    if [ "$status" -ne 0 ]; then
        echo "==> FAILED: $3" >&2
        failed+=("$3")
    fi
}
wait_test "$units" target/test-units.log \
    "cargo test --workspace --locked --no-fail-fast --lib --bins, then --doc"
wait_test "$ui" target/test-ui.log "cargo test --workspace --locked --no-fail-fast --test ui"
wait_test "$workspace" target/test-workspace.log \
    "cargo test --workspace --locked --no-fail-fast (the test programs but tests/tools.rs and tests/ui.rs)"
wait_test "$tools" target/test-tools.log "cargo test --workspace --locked --no-fail-fast --test tools"
if wait "$packages"; then
    cat target/packages.log
else
    cat target/packages.log >&2
    echo "==> FAILED: bash scripts/packages.sh check: each published crate built from its package, the runtime's without its default features linted" >&2
    failed+=("bash scripts/packages.sh check: each published crate built from its package, the runtime's without its default features linted")
fi
packages=

step "done"
if [ ${#failed[@]} -gt 0 ]; then
    echo "scripts/test.sh: ${#failed[@]} check(s) failed:" >&2
    printf '    %s\n' "${failed[@]}" >&2
    exit 1
fi
