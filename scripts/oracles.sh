#!/usr/bin/env bash
# The third-party oracles the tests run: the ASL validators asl-validator and
# amazon-states-language-service (tests/asl_corpus_oracles.rs) and the JSONata reference
# implementation, jsonata (workflow-jsonata/tests/oracle.rs), and Mermaid's own parser,
# mermaid in a jsdom window (workflow-graph/tests/graph.rs), and axe-core, the accessibility
# rules run on every page of `workflow serve`'s console (tests/serve/console_browser.js), pinned in
# tools/oracles/package.json and package-lock.json, installed into tools/oracles/node_modules.
#
#   bash scripts/oracles.sh install   # npm ci, skipped when the pinned versions are already there
#   bash scripts/oracles.sh lock      # regenerate package-lock.json after changing package.json
#   bash scripts/oracles.sh versions  # print the installed versions
#
# Needs Node.js >= 18 and npm on PATH; without them `install` fails (it never skips silently).
set -euo pipefail
cd "$(dirname "$0")/../tools/oracles"

# name@version of every pinned oracle; must match package.json.
PINS=(asl-validator@4.0.0 amazon-states-language-service@1.16.1 jsonata@2.0.6 mermaid@11.17.2 jsdom@29.1.1 @aws-sdk/client-sfn@3.1164.0 axe-core@4.14.1)
STAMP=node_modules/.oracles-lock-sha256

die() {
    echo "scripts/oracles.sh: $*" >&2
    exit 1
}

need_node() {
    command -v node >/dev/null 2>&1 \
        || die "node is not on PATH; the oracle tests need Node.js >= 18 and npm (e.g. apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 \
        || die "npm is not on PATH; the oracle tests need Node.js >= 18 and npm (e.g. apt-get install npm)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "node $(node --version) is too old; the oracles need Node.js >= 18"
}

installed_version() {
    node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true
}

up_to_date() {
    [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(sha256sum package-lock.json | cut -d' ' -f1)" ] || return 1
    local pin
    for pin in "${PINS[@]}"; do
        [ "$(installed_version "${pin%@*}")" = "${pin##*@}" ] || return 1
    done
}

check_lock() {
    # The lock records integrity hashes, not where tarballs came from: npm ci fetches from
    # whatever registry npm is configured with.
    if grep -nE '"resolved"|https?://[^"]*registry' package-lock.json; then
        die "package-lock.json names a registry (lines above); regenerate it with: bash scripts/oracles.sh lock"
    fi
}

case "${1:-}" in
install)
    need_node
    [ -f package-lock.json ] || die "tools/oracles/package-lock.json is missing; run: bash scripts/oracles.sh lock"
    check_lock
    if up_to_date; then
        echo "oracles: ${PINS[*]} already installed in tools/oracles/node_modules"
        exit 0
    fi
    echo "oracles: installing ${PINS[*]} into tools/oracles/node_modules (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error \
        || die "npm ci failed in tools/oracles (is the npm registry reachable?)"
    for pin in "${PINS[@]}"; do
        got=$(installed_version "${pin%@*}")
        [ "$got" = "${pin##*@}" ] || die "npm installed ${pin%@*}@${got:-nothing}, expected $pin"
    done
    sha256sum package-lock.json | cut -d' ' -f1 >"$STAMP"
    echo "oracles: installed ${PINS[*]}"
    ;;
lock)
    need_node
    # tools/oracles/.npmrc sets omit-lockfile-registry-resolved, so no "resolved" URLs are written.
    npm install --package-lock-only --no-audit --no-fund --loglevel=error
    check_lock
    echo "oracles: package-lock.json regenerated"
    ;;
versions)
    need_node
    for pin in "${PINS[@]}"; do
        echo "${pin%@*} $(installed_version "${pin%@*}") (pinned ${pin##*@})"
    done
    ;;
*)
    echo "usage: bash scripts/oracles.sh install|lock|versions" >&2
    exit 2
    ;;
esac
