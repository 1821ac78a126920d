#!/usr/bin/env bash
# The project's test command. `.ci/run` runs it on a clean clone. In order:
#
# 1. `cargo fmt --all -- --check`;
# 2. `scripts/setup.sh` (the npm oracles, the moto and SageMaker virtualenvs, Graphviz and
#    Chromium; each skipped when present) in the background, while `cargo build --workspace
#    --all-targets --locked` builds every target once (benchmarks and examples included, so that
#    they cannot rot); the build does not need what setup installs, the rest does;
# 3. at once, once the build and setup are done: `cargo test --workspace --locked
#    --no-fail-fast` (unit, integration: the runtime's are one program, tests/runtime.rs; corpus
#    conformance, property, trybuild: tests/ui.rs, a test of workflow-macros; doc tests; it
#    reuses the build of step 2) and `scripts/pictures.sh check` (Graphviz and one headless
#    Chromium) in the background, while `cargo clippy --workspace --all-targets -- -D warnings`,
#    `cargo doc --workspace --no-deps --all-features` (RUSTDOCFLAGS=-D warnings) and
#    `cargo test -p workflow-runtime --no-default-features` (the engine without the AWS SDK
#    client, as the README offers it) run one after the other.
#
# Every check fails the command: a failed step is reported at once, the independent steps after
# it still run (so that one run shows every failure), and the command exits 1 naming them. A
# failed setup or build stops it there. Needs Rust, Python 3 and Node; tests that read
# ../shared/ say so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
    echo "==> $* (at ${SECONDS} s)"
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

step "bash scripts/setup.sh (in the background, into target/setup.log)"
mkdir -p target
bash scripts/setup.sh >target/setup.log 2>&1 &
setup=$!
pictures=
tests=
# A failed build or setup leaves nothing running behind it.
trap 'kill $setup $pictures $tests 2>/dev/null || true' EXIT

step "cargo build --workspace --all-targets --locked"
cargo build --workspace --all-targets --locked

step "waiting for scripts/setup.sh"
if ! wait "$setup"; then
    cat target/setup.log >&2
    echo "scripts/test.sh: scripts/setup.sh failed (above)" >&2
    exit 1
fi
setup=
cat target/setup.log

# The tests, the pictures and the lints at once: `cargo test` holds cargo's lock on target/ only
# while it builds (nothing: step 2 built it), not while the tests run, and the tests leave cores
# idle (trybuild's one case at a time, the waits on moto, node and Python), which clippy, rustdoc
# and the build without default features fill. The background logs are printed when all is done.
step "cargo test --workspace --locked --no-fail-fast (in the background, into target/test.log)"
cargo test --workspace --locked --no-fail-fast >target/test.log 2>&1 &
tests=$!
step "bash scripts/pictures.sh check (in the background, into target/pictures.log)"
bash scripts/pictures.sh check >target/pictures.log 2>&1 &
pictures=$!
# Until cargo test has found its build fresh and runs the first test program.
until grep -qs '^ *Running ' target/test.log || ! kill -0 "$tests" 2>/dev/null; do
    sleep 0.5
done

check "cargo clippy --workspace --all-targets --locked -- -D warnings" \
    cargo clippy --workspace --all-targets --locked -- -D warnings
check "cargo doc --workspace --no-deps --all-features --locked (RUSTDOCFLAGS=-D warnings)" \
    env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked
check "cargo test -p workflow-runtime --no-default-features --locked" \
    cargo test -p workflow-runtime --no-default-features --locked

# wait_for NAME PID LOG: prints the log of a background check; its failure is recorded.
wait_for() {
    step "$1 (its log, target/$3)"
    if wait "$2"; then
        cat "target/$3"
    else
        cat "target/$3"
        echo "==> FAILED: $1" >&2
        failed+=("$1")
    fi
}
wait_for "bash scripts/pictures.sh check" "$pictures" pictures.log
pictures=
wait_for "cargo test --workspace --locked --no-fail-fast" "$tests" test.log
tests=

step "done"
if [ ${#failed[@]} -gt 0 ]; then
    echo "scripts/test.sh: ${#failed[@]} check(s) failed:" >&2
    printf '    %s\n' "${failed[@]}" >&2
    exit 1
fi
