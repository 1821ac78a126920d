#!/usr/bin/env bash
# Each published crate builds from its package alone (issue 55): what `cargo publish` uploads
# holds every file the crate reads at build time (sources, `include_str!`/`include_bytes!`
# data such as the AWS API models), and its manifest, rewritten by cargo for crates.io (path
# dependencies become version requirements, workspace settings are inlined), resolves and
# compiles.
#
#   bash scripts/packages.sh pack              # cargo package every published crate, unpack,
#                                              # and check their names on the registry (names)
#   bash scripts/packages.sh names             # each published crate's name is free, or ours
#   bash scripts/packages.sh published         # the published crates' names, one a line
#   bash scripts/packages.sh doc [FEATURES]    # cargo doc the unpacked packages (the caller's
#                                              # RUSTDOC, RUSTDOCFLAGS: tools/public-paths/check.sh)
#   bash scripts/packages.sh check [FEATURES]  # cargo check the unpacked packages, and clippy
#                                              # on the runtime without its default features
#
# `names` asks crates.io's index, through cargo (`cargo info NAME --registry crates-io`, from a
# directory outside the workspace, never offline), whether each published package's name is
# taken: `cargo package` does not check names (and the engine's first name,
# `workflow-engine`, was another's crate: 0.0.1, AGPL-3.0-only). A name the registry holds
# fails the check unless it is listed in OURS below (the names this project has published, once
# it has). A name cargo could not look up (no network, no index) fails it too, saying so: an
# unchecked name is never passed in silence. `PACKAGES_NAMES_UNCHECKED=warn` turns that one
# failure into a warning, for working offline; the names the registry answered for are still
# judged.
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
# (minutes); here one workspace holds the unpacked packages, each depending on the
# others through `[patch.crates-io]` (as crates.io would give them), checked with the features
# the test command builds with and the same target directory. `doc` documents the same
# workspace with the same features (the documentation the test command checks is the
# packages', as docs.rs builds it), which checks every dependency and every packaged crate that
# another one depends on; `check` then compiles only the crates no other one depends on.
# The packaged crates are other packages than the workspace's (their sources are under
# target/package/unpacked/), so a file a crate reads outside its package fails here.
# FEATURES (`a/x,b/y`) is passed to `cargo check --features` and `cargo doc --features`, less
# the features of the packages that are not published.
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

# The names this project has published on crates.io (none yet): a name the registry holds is
# ours only when it is listed here.
OURS=()

# The published packages' names, one a line.
published() {
    cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] != []:
        print(package["name"])
'
}

names() {
    local names name out taken=() unchecked=() free=0 scratch
    names=$(published)
    # Outside the workspace: inside it, `cargo info` describes the workspace's own package.
    scratch=$(mktemp -d)
    for name in $names; do
        if out=$(cd "$scratch" && CARGO_NET_OFFLINE=false cargo info --registry crates-io --color never \
            "$name" 2>&1); then
            local ours=
            for ours in "${OURS[@]}" ''; do [ "$ours" = "$name" ] && break; done
            if [ -n "$ours" ]; then
                echo "$name: on the registry, ours"
            else
                taken+=("$name")
                echo "$name: TAKEN on crates.io by another's crate:" >&2
                # The lines after the download progress: name, description, version, license.
                echo "$out" | grep -v '^ *\(Updating\|Downloading\|Downloaded\) ' | head -8 | sed 's/^/    /' >&2
            fi
        elif grep -q "could not find \`$name\` in registry" <<<"$out"; then
            free=$((free + 1))
        else
            unchecked+=("$name")
            echo "$name: NOT CHECKED: cargo could not look it up on the registry:" >&2
            echo "$out" | tail -3 | sed 's/^/    /' >&2
        fi
    done
    rm -rf "$scratch"
    echo "package names on crates.io: $free free, ${#taken[@]} taken, ${#unchecked[@]} not checked (of $(wc -w <<<"$names"))"
    if [ ${#taken[@]} -gt 0 ]; then
        echo "scripts/packages.sh: taken on crates.io: ${taken[*]}: rename the packages (or list a name in OURS once it is ours)" >&2
        return 1
    fi
    if [ ${#unchecked[@]} -gt 0 ]; then
        if [ "${PACKAGES_NAMES_UNCHECKED:-}" = warn ]; then
            echo "scripts/packages.sh: WARNING: names not checked against crates.io (PACKAGES_NAMES_UNCHECKED=warn): ${unchecked[*]}" >&2
        else
            echo "scripts/packages.sh: names not checked against crates.io: ${unchecked[*]} (no registry; PACKAGES_NAMES_UNCHECKED=warn to go on offline)" >&2
            return 1
        fi
    fi
}

pack() {
    local exclude=()
    while read -r name; do
        exclude+=(--exclude "$name")
    done < <(unpublished)
    # The last packages go first: when packaging fails (a crate's files changed and not
    # committed, say), `doc` and `check` find none, and fail, rather than use an older tree's.
    rm -rf "$unpacked"
    # The warnings about examples and tests that live outside a crate (../examples,
    # ../tests: the workspace's, not published) are left out of the output.
    cargo package --workspace "${exclude[@]}" --no-verify --locked --offline 2>&1 |
        { grep -v '^warning: ignoring .* is not included in the published package$' || true; }
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

# workspace FEATURES: writes the unpacked packages' workspace (target/package/unpacked/Cargo.toml,
# resolver 3, each package depending on the others through `[patch.crates-io]`) and its lock
# file, and prints FEATURES without those of packages that are not published (the examples').
workspace() {
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
    local feature kept=()
    for feature in ${features//,/ }; do
        for dir in "${dirs[@]}"; do
            if [ "${dir%-*}" = "${feature%%/*}" ]; then kept+=("$feature"); fi
        done
    done
    (IFS=,; echo "${kept[*]}")
}

# Each package carries the repository workspace's `resolver = "1"` (cargo package copies it: it
# is what `cargo install` of the package uses); as members of the unpacked packages' workspace
# cargo ignores it, as it does for a dependency, and says so once per package: that warning is
# left out of the output.
quiet_resolver() {
    awk '/^warning: resolver for the non root package will be ignored/ { skip = 1; next }
        skip && /^(package|workspace): / { next }
        { skip = 0; print }'
}

# doc FEATURES: `cargo doc --workspace --no-deps --lib` of the unpacked packages with FEATURES, in
# the target directory (the caller sets RUSTDOC and RUSTDOCFLAGS: tools/public-paths/check.sh).
# What docs.rs documents is the package. rustdoc needs every dependency of a crate it documents
# checked, the packaged crates among them: `check` then uses those checks again.
doc() {
    local features
    features=$(workspace "${1:-}")
    (
        cd "$unpacked"
        CARGO_TARGET_DIR="$root/target" cargo doc --workspace --no-deps --lib --offline \
            ${features:+--features "$features"}
    ) 2>&1 | quiet_resolver
}

check() {
    local features
    features=$(workspace "${1:-}")
    (
        cd "$unpacked"
        CARGO_TARGET_DIR="$root/target" cargo check --workspace --lib --bins --offline \
            ${features:+--features "$features"}
        CARGO_TARGET_DIR="$root/target" cargo clippy -p workflow-runtime --no-default-features \
            --lib --offline -- -D warnings
    ) 2>&1 | quiet_resolver
}

case "${1:-}" in
pack)
    # The names are checked after packaging, so that a taken name does not stop `check`.
    pack
    names
    ;;
names) names ;;
published) published ;;
check) check "${2:-}" ;;
doc) doc "${2:-}" ;;
*)
    echo "usage: bash scripts/packages.sh pack | names | published | doc [FEATURES] | check [FEATURES]" >&2
    exit 2
    ;;
esac
