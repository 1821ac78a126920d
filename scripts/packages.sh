#!/usr/bin/env bash
# Each published crate builds from its package alone (issue 55): what `cargo publish` uploads
# holds every file the crate reads at build time (sources, `include_str!`/`include_bytes!`
# data such as the AWS API models), and its manifest, rewritten by cargo for crates.io (path
# dependencies become version requirements, workspace settings are inlined), resolves and
# compiles.
#
#   bash scripts/packages.sh pack [FEATURES]   # cargo package every published crate, unpack
#   bash scripts/packages.sh check [FEATURES]  # cargo check the unpacked packages, and clippy
#                                              # on the runtime without its default features
#
# `pack` runs `cargo package --workspace --no-verify` (the crates that are not published,
# `publish = false`, are left out) and unpacks each `.crate` into target/package/unpacked/,
# printing each crate's packaged size and file count. It reads nothing from the network: the
# workspace's dependencies are already in cargo's cache (the test command runs it after the
# build).
#
# `check` compiles those unpacked packages as cargo's own verification (`cargo package` without
# `--no-verify`) would, only cheaper: cargo verifies each package in a workspace of its own, so
# that every package resolves the features of its dependencies on its own and rebuilds them
# (minutes); here one workspace holds the eleven unpacked packages, each depending on the
# others through `[patch.crates-io]` (as crates.io would give them), checked with the features
# the test command builds with and the same target directory, so that the dependencies
# compiled for `cargo doc` are used again and only the packaged crates are compiled. The
# packaged crates are other packages than the workspace's (their sources are under
# target/package/unpacked/), so a file a crate reads outside its package fails here.
# FEATURES (`a/x,b/y`) is passed to `cargo check --features`.
#
# `check` then compiles and lints the runtime's package without its default features (`cargo
# clippy -p workflow-runtime --no-default-features --lib -- -D warnings`): the engine without the
# AWS SDK client, as the README offers it. Here, not in the repository's workspace: that one
# uses the version 1 feature resolver (see its Cargo.toml), which would lend the runtime's
# library its dev-dependencies' features (tokio's, say) and hide a feature it forgot; this
# workspace resolves as a user's does (version 3), and a library check activates no
# dev-dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
unpacked=target/package/unpacked

# The packages cargo packages: the workspace's members but those with `publish = false`.
unpublished() {
    cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] == []:
        print(package["name"])
'
}

pack() {
    local exclude=()
    while read -r name; do
        exclude+=(--exclude "$name")
    done < <(unpublished)
    # The warnings about examples and tests that live outside a crate (../examples,
    # ../tests: the workspace's, not published) are left out of the output.
    cargo package --workspace "${exclude[@]}" --no-verify --locked --offline 2>&1 |
        { grep -v '^warning: ignoring .* is not included in the published package$' || true; }
    rm -rf "$unpacked"
    mkdir -p "$unpacked"
    local crate
    # `-m`: the files dated now, not as packaged. `cargo package` dates every file alike (a
    # fixed time, for reproducible packages), so cargo, which judges a path dependency fresh by
    # its files' times, would take the crates checked from an earlier pack as fresh and check
    # the changed ones against those (seen: the runtime checked against an engine from before
    # its ARNs were typed).
    for crate in target/package/*.crate; do
        tar -xzmf "$crate" -C "$unpacked"
    done
}

check() {
    local features=${1:-}
    [ -d "$unpacked" ] || {
        echo "scripts/packages.sh: run \`bash scripts/packages.sh pack\` first" >&2
        exit 1
    }
    local dirs=() dir
    for dir in "$unpacked"/*/; do
        dir=${dir%/}
        dirs+=("${dir##*/}")
    done
    {
        echo '# Written by scripts/packages.sh: the unpacked packages, as crates.io would hold them.'
        echo '[workspace]'
        echo 'resolver = "3"'
        echo 'members = ['
        for dir in "${dirs[@]}"; do
            echo "    \"$dir\","
        done
        echo ']'
        echo '[patch.crates-io]'
        for dir in "${dirs[@]}"; do
            echo "${dir%-*} = { path = \"$dir\" }"
        done
    } >"$unpacked/Cargo.toml"
    # The workspace's lock file, so that the dependencies resolve to the versions built (the
    # workspace's unpublished crates and their dependencies drop out of it, so it is updated,
    # from cargo's cache only).
    cp Cargo.lock "$unpacked/Cargo.lock"
    # Each package carries the repository workspace's `resolver = "1"` (cargo package copies it:
    # it is what `cargo install` of the package uses); as members of this workspace cargo ignores
    # it, as it does for a dependency, and says so once per package: that warning is left out.
    (
        cd "$unpacked"
        CARGO_TARGET_DIR="$root/target" cargo check --workspace --lib --bins --offline \
            ${features:+--features "$features"}
        CARGO_TARGET_DIR="$root/target" cargo clippy -p workflow-runtime --no-default-features \
            --lib --offline -- -D warnings
    ) 2>&1 | awk '/^warning: resolver for the non root package will be ignored/ { skip = 1; next }
        skip && /^(package|workspace): / { next }
        { skip = 0; print }'

}

case "${1:-}" in
pack) pack ;;
check) check "${2:-}" ;;
*)
    echo "usage: bash scripts/packages.sh pack | check [FEATURES]" >&2
    exit 2
    ;;
esac
