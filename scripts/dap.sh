#!/usr/bin/env bash
# The Debug Adapter Protocol's test-time tools: VS Code's own DAP client,
# @vscode/debugadapter-testsupport's DebugClient (with @vscode/debugprotocol), which
# tests/debug/adapter.test.mjs drives `workflow debug` with, and VS Code's official extension
# packager, @vscode/vsce, which packages editors/vscode (tests/debug/extension.test.mjs); pinned
# in tools/dap/package.json and package-lock.json, installed into tools/dap/node_modules.
#
#   bash scripts/dap.sh install   # npm ci, skipped when the pinned versions are already there
#   bash scripts/dap.sh lock      # regenerate package-lock.json after changing package.json
#
# Needs Node.js >= 20 and npm on PATH; without them `install` fails (it never skips silently).
set -euo pipefail
cd "$(dirname "$0")/../tools/dap"

# name@version of every pinned tool; must match package.json.
PINS=(@vscode/debugadapter-testsupport@1.68.0 @vscode/debugprotocol@1.68.0 @vscode/vsce@3.9.2)
STAMP=node_modules/.dap-lock-sha256

die() {
    echo "scripts/dap.sh: $*" >&2
    exit 1
}

need_node() {
    command -v node >/dev/null 2>&1 \
        || die "node is not on PATH; the debugger's tests need Node.js >= 20 and npm (e.g. apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 \
        || die "npm is not on PATH; the debugger's tests need Node.js >= 20 and npm (e.g. apt-get install npm)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || die "node $(node --version) is too old; @vscode/vsce needs Node.js >= 20"
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
    [ -f package-lock.json ] || die "tools/dap/package-lock.json is missing; run: bash scripts/dap.sh lock"
    if grep -nE '"resolved"|https?://[^"]*registry' package-lock.json; then
        die "package-lock.json names a registry (lines above); regenerate it with: bash scripts/dap.sh lock"
    fi
    if up_to_date; then
        echo "dap: ${PINS[*]} already installed in tools/dap/node_modules"
        exit 0
    fi
    echo "dap: installing ${PINS[*]} into tools/dap/node_modules (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error \
        || die "npm ci failed in tools/dap (is the npm registry reachable?)"
    for pin in "${PINS[@]}"; do
        got=$(installed_version "${pin%@*}")
        [ "$got" = "${pin##*@}" ] || die "npm installed ${pin%@*}@${got:-nothing}, expected $pin"
    done
    sha256sum package-lock.json | cut -d' ' -f1 >"$STAMP"
    echo "dap: installed ${PINS[*]}"
    ;;
lock)
    need_node
    npm install --package-lock-only --no-audit --no-fund --loglevel=error
    echo "dap: package-lock.json regenerated"
    ;;
*)
    echo "usage: bash scripts/dap.sh install|lock" >&2
    exit 2
    ;;
esac
