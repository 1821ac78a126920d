#!/usr/bin/env bash
# The AWS CDK's construct library, aws-cdk-lib (with constructs), which synthesises the CDK apps
# of tests/cdk/apps.js into the cloud assembly that tests/cdk_sources.rs reads with every
# command (`workflow validate cdk.out`, `workflow import cdk.out#Stack/Machine`, …); pinned in
# tools/cdk/package.json and package-lock.json, installed into tools/cdk/node_modules. Nothing
# is deployed: the apps are only synthesised, offline.
#
#   bash scripts/cdk.sh install   # npm ci, skipped when the pinned versions are already there
#   bash scripts/cdk.sh lock      # regenerate package-lock.json after changing package.json
#
# Needs Node.js >= 18 and npm on PATH; without them `install` fails (it never skips silently).
set -euo pipefail
cd "$(dirname "$0")/../tools/cdk"

# name@version of every pinned package; must match package.json.
PINS=(aws-cdk-lib@2.276.0 constructs@10.8.1)
STAMP=node_modules/.cdk-lock-sha256

die() {
    echo "scripts/cdk.sh: $*" >&2
    exit 1
}

need_node() {
    command -v node >/dev/null 2>&1 \
        || die "node is not on PATH; the CDK apps' tests need Node.js >= 18 and npm (e.g. apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 \
        || die "npm is not on PATH; the CDK apps' tests need Node.js >= 18 and npm (e.g. apt-get install npm)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "node $(node --version) is too old; aws-cdk-lib needs Node.js >= 18"
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

case "${1:-}" in
install)
    need_node
    [ -f package-lock.json ] || die "tools/cdk/package-lock.json is missing; run: bash scripts/cdk.sh lock"
    if grep -nE '"resolved"|https?://[^"]*registry' package-lock.json; then
        die "package-lock.json names a registry (lines above); regenerate it with: bash scripts/cdk.sh lock"
    fi
    if up_to_date; then
        echo "cdk: ${PINS[*]} already installed in tools/cdk/node_modules"
        exit 0
    fi
    echo "cdk: installing ${PINS[*]} into tools/cdk/node_modules (npm ci)"
    # From npm's cache when it holds the tarballs; no install scripts (the packages have none
    # that the synthesis needs), no audit, no funding notice.
    npm ci --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error \
        || die "npm ci failed in tools/cdk (is the npm registry reachable?)"
    for pin in "${PINS[@]}"; do
        got=$(installed_version "${pin%@*}")
        [ "$got" = "${pin##*@}" ] || die "npm installed ${pin%@*}@${got:-nothing}, expected $pin"
    done
    sha256sum package-lock.json | cut -d' ' -f1 >"$STAMP"
    echo "cdk: installed ${PINS[*]}"
    ;;
lock)
    need_node
    npm install --package-lock-only --no-audit --no-fund --loglevel=error
    echo "cdk: package-lock.json regenerated"
    ;;
*)
    echo "usage: bash scripts/cdk.sh install|lock" >&2
    exit 2
    ;;
esac
