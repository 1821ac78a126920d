#!/usr/bin/env bash
# A new user's first hour, timed from an empty registry (issue 76): for each COMMIT of this
# repository, in turn (before and after alternated, ROUNDS times), on the same machine in one
# run,
#
#   first  the README's first command, `cargo run --example hello_world`, in the commit's tree;
#   user   a new user's crate (one workflow, one local test; workflow-runtime by path), its
#          `cargo build`, `cargo test` and `cargo doc` in sequence, one target directory;
#          (with the profile line the commit's README recommends for `cargo doc`, where it does);
#   prop   the same crate with the README's generated-inputs dev-dependency (the commit's own
#          recommendation: `workflow-proptest` where the crate exists, else workflow-runtime's
#          `proptest` feature) and a test that uses it;
#   cli    the README's install command of the CLI, `cargo install --locked --path workflow-cli`.
#
#   scripts/first_hour.sh [COMMIT ...]          (default: HEAD)
#   STEPS="first user prop cli" ROUNDS=1 REGISTRY=cache|online OUT=/tmp/first-hour
#
# "An empty registry", as a fresh machine has it: every step runs with a CARGO_HOME of its own,
# made anew, and an empty target directory. REGISTRY=cache (the default) copies into it only
# cargo's registry index and the downloaded `.crate` archives (registry/index and
# registry/cache of the CARGO_HOME this script is run with, which the test command's build
# filled): no unpacked sources (registry/src), no compiled artifact, no installed binary, no
# configuration. So cargo unpacks every crate it needs and compiles everything, as on a fresh
# machine after the downloads; the downloads themselves, which depend on the network and not on
# this repository, are left out (a crate missing from the copy is downloaded, and counted).
# REGISTRY=online starts from a CARGO_HOME with nothing in it: the index and every crate come
# from crates.io, downloads included in the times. The toolchain is rustup's, outside CARGO_HOME.
#
# Prints one line per (round, commit, step, command): wall seconds, CPU seconds (user + system
# of cargo and every compiler it ran; rustc runs without a wrapper, so no compiler cache serves
# it), the units cargo compiled, how many times this repository's library crates were compiled
# in the step so far (a second `workflow-runtime` in `cargo test` is the rebuild issue 76 is
# about), and the load average before and after. CARGO_BUILD_JOBS is honoured (the figures on
# a machine shared with other work are CPU seconds and before/after ratios within one run; the
# wall times hold on a quiet machine only). Logs are kept under $OUT.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-/tmp/first-hour}"
steps=(${STEPS:-first user prop cli})
rounds=${ROUNDS:-1}
registry=${REGISTRY:-cache}
source_home="${CARGO_HOME:-$HOME/.cargo}"
commits=("$@")
[ ${#commits[@]} -gt 0 ] || commits=(HEAD)
rm -rf "$out"
mkdir -p "$out"

# fresh_home DIR: a CARGO_HOME as a fresh machine's, per REGISTRY.
fresh_home() {
    rm -rf "$1"
    mkdir -p "$1/registry"
    if [ "$registry" = cache ]; then
        cp -r "$source_home/registry/index" "$source_home/registry/cache" "$1/registry/"
    fi
}

# user_crate DIR TREE PROPTEST(yes|no): a new user's crate against the tree's crates by path.
user_crate() {
    local dir=$1 tree=$2 proptest=$3 dev=""
    mkdir -p "$dir/src"
    if [ "$proptest" = yes ]; then
        if [ -f "$tree/workflow-proptest/Cargo.toml" ]; then
            dev="workflow-proptest = { path = \"$tree/workflow-proptest\" }"
            testing=workflow_proptest
        else
            dev="workflow-runtime = { path = \"$tree/workflow-runtime\", features = [\"proptest\"] }"
            testing=workflow_runtime::testing
        fi
    fi
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "first-hour"
version = "0.1.0"
edition = "2024"

[dependencies]
workflow-runtime = { path = "$tree/workflow-runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[dev-dependencies]
$dev

[workspace]
TOML
    # The profile line the commit's README recommends, when it does.
    if grep -q '^\[profile.dev.build-override\]$' "$tree/README.md"; then
        printf '\n[profile.dev.build-override]\ndebug = true\n' >>"$dir/Cargo.toml"
    fi
    cp "$repo/scripts/user_crate.rs" "$dir/src/lib.rs"
    if [ "$proptest" = yes ]; then
        cat >>"$dir/src/lib.rs" <<RS

#[cfg(test)]
mod generated {
    use super::*;
    use workflow_runtime::engine::Engine;
    use $testing::GeneratedInputs;

    #[test]
    fn every_name_is_greeted() {
        GeneratedInputs::<Hello>::new(Engine::new()).cases(32).assert();
    }
}
RS
    fi
}

# timed DIR LABEL LOG COMMAND...: runs COMMAND in DIR, prints the figures line.
compiled_so_far=""
timed() {
    local dir=$1 label=$2 log=$3 status=ok load start end
    shift 3
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    start=$(date +%s.%N)
    (cd "$dir" && RUSTC_WRAPPER= /usr/bin/time -f "%U %S" -o "$log.cpu" "$@" >"$log" 2>&1) || status=FAILED
    end=$(date +%s.%N)
    local cpu units ours
    cpu="$(tail -1 "$log.cpu" | awk '{printf "%.0f", $1 + $2}')"
    units="$(grep -cE '^ *(Compiling|Checking|Documenting) ' "$log" || true)"
    compiled_so_far+="$(grep -oE '^ *Compiling workflow-[a-z-]+' "$log" | awk '{print $2}' || true)"$'\n'
    ours="$(grep -v '^$' <<<"$compiled_so_far" | sort | uniq -c | awk '$1 > 1 {printf "%s%s×%d", sep, $2, $1; sep=", "}')"
    printf '%-8s %-22s %7.1f s wall %5s s CPU %4s units  %-6s twice so far: %-28s load %s -> %s\n' \
        "$label" "$*" "$(echo "$end - $start" | bc)" "$cpu" "$units" "$status" "${ours:-none}" "$load" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    [ "$status" = ok ] || tail -5 "$log" >&2
}

echo "first_hour.sh: registry=$registry rounds=$rounds steps=${steps[*]} CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-unset} $(nproc) cores"
for round in $(seq 1 "$rounds"); do
    for commit in "${commits[@]}"; do
        sha="$(git -C "$repo" rev-parse --short "$commit")"
        for step in "${steps[@]}"; do
            tree="$out/tree-$sha"
            rm -rf "$tree"
            mkdir -p "$tree"
            git -C "$repo" archive "$sha" | tar -x -C "$tree"
            export CARGO_HOME="$out/cargo-home"
            fresh_home "$CARGO_HOME"
            compiled_so_far=""
            log="$out/r$round-$sha-$step"
            label="$sha/$step"
            case "$step" in
            first)
                timed "$tree" "$label" "$log" cargo run --example hello_world
                ;;
            user | prop)
                crate="$out/user-$sha"
                rm -rf "$crate"
                user_crate "$crate" "$tree" "$([ "$step" = prop ] && echo yes || echo no)"
                timed "$crate" "$label" "$log-build" cargo build
                timed "$crate" "$label" "$log-test" cargo test
                timed "$crate" "$label" "$log-doc" cargo doc
                rm -rf "$crate"
                ;;
            cli)
                timed "$tree" "$label" "$log" cargo install --locked --path workflow-cli
                ;;
            *)
                echo "first_hour.sh: unknown step $step (first, user, prop, cli)" >&2
                exit 2
                ;;
            esac
            rm -rf "$tree" "$CARGO_HOME"
        done
    done
done
