#!/usr/bin/env bash
# The pictures, looked at as a person would: Graphviz draws the DOT of every example and of
# every valid corpus definition, and a real headless browser (Chromium) opens the SVG and HTML
# pictures the crate draws itself and screenshots them.
#
#   bash scripts/pictures.sh install      # apt-get install graphviz chromium, each skipped when there
#   bash scripts/pictures.sh check [DIR]  # draw and screenshot everything into DIR
#                                         # (default target/pictures); fails on the first error
#
# `check` uses the `workflow` binary and the examples of target/debug (the test command builds
# them first; missing ones are built here) and the corpus at ../shared/asl-corpus (or
# $WORKFLOW_ASL_CORPUS). For each example: its ASL (`--asl`), `dot -Tsvg` of its DOT, its SVG
# in both orientations and the progress page of a local run (`--progress FILE.html`; for the
# hello world also the sad path as SVG), each opened in Chromium, checked to parse, and
# screenshotted. For each valid corpus definition (173: the one file that is not ASL, the one
# that reads its `.sync:2` child's output at the top of the result, the tts-converter one that
# reads Polly's `TaskStatus` at the top of its answer and the distributed-data-stream-aggregator
# one whose DynamoDB update uses an undefined `#CsvUrl` are refused): `dot -Tsvg` of
# its DOT, its SVG opened
# and screenshotted. One Chromium opens all of them (tools/pictures/screenshot.js, which drives it
# through the DevTools protocol; it needs node); the corpus is drawn one definition per core.
# Installing needs root (or sudo) and Debian's package registry; without them `install` fails
# with the command to run (it never skips silently).
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
    echo "scripts/pictures.sh: $*" >&2
    exit 1
}

# The Debian package that provides a command.
package_of() {
    case "$1" in
        dot) echo graphviz ;;
        chromium) echo chromium ;;
        *) die "no package known for $1" ;;
    esac
}

install() {
    local missing=()
    for tool in dot chromium; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$(package_of "$tool")")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        if [ "$(id -u)" != 0 ]; then
            command -v sudo >/dev/null 2>&1 \
                || die "${missing[*]} missing and this is not root: run 'apt-get install --no-install-recommends ${missing[*]}' as root"
            sudo="sudo"
        fi
        command -v apt-get >/dev/null 2>&1 \
            || die "${missing[*]} missing and apt-get is not here: install the Debian packages ${missing[*]}"
        $sudo apt-get update -qq || die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
            || die "apt-get install ${missing[*]} failed"
    fi
    command -v dot >/dev/null 2>&1 || die "graphviz installed but dot is not on PATH"
    command -v chromium >/dev/null 2>&1 || die "chromium installed but not on PATH"
    echo "pictures: $(dot -V 2>&1); $(chromium --version 2>/dev/null | head -1)"
}

TARGET=${CARGO_TARGET_DIR:-target}/debug
EXAMPLES=(hello_world processing_workflow order_map jsonata_variables counter_loop training_pipeline inference_pipeline retraining_workflow)

# dot -Tsvg of the DOT of DEFINITION into OUT.
graphviz() {
    local definition=$1 out=$2
    "$TARGET/workflow" graph "$definition" --format dot -o "$out.dot" \
        || die "workflow graph --format dot failed on $definition"
    dot -Tsvg "$out.dot" -o "$out" 2>"$out.err" || die "dot -Tsvg refused the DOT of $definition: $(cat "$out.err")"
    [ ! -s "$out.err" ] || die "dot -Tsvg warned on the DOT of $definition: $(cat "$out.err")"
    rm -f "$out.err"
}

# A corpus definition that `workflow validate` accepts: Graphviz draws its DOT and the crate its
# SVG into OUT_DIR; prints the SVG's path (nothing for an invalid definition).
corpus_picture() {
    local definition=$1 out_dir=$2 base
    "$TARGET/workflow" validate "$definition" >/dev/null 2>&1 || return 0
    base="$out_dir/$(basename "$definition" .json)"
    graphviz "$definition" "$base.dot.svg"
    "$TARGET/workflow" graph "$definition" --format svg -o "$base.svg" || die "workflow graph --format svg failed on $definition"
    echo "$base.svg"
}

check() {
    local out=${1:-target/pictures}
    command -v dot >/dev/null 2>&1 || die "dot is missing: run 'bash scripts/pictures.sh install'"
    command -v chromium >/dev/null 2>&1 || die "chromium is missing: run 'bash scripts/pictures.sh install'"
    command -v node >/dev/null 2>&1 || die "node is missing: the screenshots are driven by tools/pictures/screenshot.js"
    local corpus=${WORKFLOW_ASL_CORPUS:-../shared/asl-corpus}
    [ -d "$corpus/substituted" ] \
        || die "the ASL corpus is missing at $corpus (set WORKFLOW_ASL_CORPUS); the corpus pictures need it"
    local missing=0
    [ -x "$TARGET/workflow" ] || missing=1
    for name in "${EXAMPLES[@]}"; do [ -x "$TARGET/examples/$name" ] || missing=1; done
    if [ "$missing" = 1 ]; then
        cargo build -p workflow-cli --bins --locked && cargo build -p workflow-examples --examples --features sagemaker --locked \
            || die "cannot build the workflow binary and the examples"
    fi
    rm -rf "$out"
    mkdir -p "$out/examples" "$out/corpus"
    local shots=() drawn=0
    for name in "${EXAMPLES[@]}"; do
        local base="$out/examples/$name" status
        "$TARGET/examples/$name" --asl >"$base.asl.json" || die "$name --asl failed"
        graphviz "$base.asl.json" "$base.dot.svg"
        "$TARGET/workflow" graph "$base.asl.json" --format svg -o "$base.svg" || die "workflow graph --format svg failed on $name"
        "$TARGET/workflow" graph "$base.asl.json" --format svg --portrait -o "$base.portrait.svg" \
            || die "workflow graph --format svg --portrait failed on $name"
        status=0
        "$TARGET/examples/$name" --progress "$base.progress.html" >/dev/null || status=$?
        [ "$status" -le 1 ] && [ -s "$base.progress.html" ] || die "$name --progress exited with $status"
        shots+=("$base.dot.svg" "$base.svg" "$base.portrait.svg" "$base.progress.html")
        drawn=$((drawn + 1))
    done
    status=0
    "$TARGET/examples/hello_world" --sad --progress "$out/examples/hello_world.sad.svg" >/dev/null || status=$?
    [ "$status" = 1 ] || die "hello_world --sad exited with $status (expected 1: the sad path fails)"
    cmp -s "$out/examples/hello_world.sad.svg" docs/hello_world_sad.svg \
        || die "hello_world --sad --progress no longer draws docs/hello_world_sad.svg"
    shots+=("$out/examples/hello_world.sad.svg")
    # The corpus, one definition per core at a time; any failure fails the lot.
    export TARGET
    export -f corpus_picture graphviz die
    printf '%s\0' "$corpus"/substituted/*.json \
        | xargs -0 -n 4 -P "$(nproc)" bash -c 'for d; do corpus_picture "$d" "$0" || exit 255; done' "$out/corpus" \
            >"$out/corpus.txt" \
        || die "drawing the corpus pictures failed (see above)"
    local pictures=()
    mapfile -t pictures <"$out/corpus.txt"
    local valid=${#pictures[@]}
    [ "$valid" = 173 ] || die "$valid valid corpus definitions, expected 173"
    shots+=("${pictures[@]}")
    # One browser opens every picture: it must parse, and its screenshot is FILE.png.
    node tools/pictures/screenshot.js "${shots[@]}" || die "chromium failed on a picture (see above)"
    echo "pictures: dot drew $drawn examples and $valid corpus definitions; chromium opened and screenshotted ${#shots[@]} pictures into $out"
}

case "${1:-}" in
    install) install ;;
    check) check "${2:-}" ;;
    *) die "usage: bash scripts/pictures.sh install | check [DIR]" ;;
esac
