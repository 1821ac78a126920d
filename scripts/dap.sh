#!/usr/bin/env bash
# The Debug Adapter Protocol's test-time tools: VS Code's own DAP client,
# @vscode/debugadapter-testsupport's DebugClient (with @vscode/debugprotocol), which
# tests/debug/adapter.test.mjs drives `workflow debug` with, and VS Code's official extension
# packager, @vscode/vsce, which packages editors/vscode (tests/debug/extension.test.mjs); pinned
# in tools/dap/package.json and package-lock.json, installed into tools/dap/node_modules.
#
#   bash scripts/dap.sh install   # npm ci, skipped when the pinned versions are already there
#   bash scripts/dap.sh lock      # regenerate package-lock.json after changing package.json
#   bash scripts/dap.sh versions  # print the installed versions
#
# Needs Node.js >= 20 and npm on PATH; without them `install` fails (it never skips silently).
set -euo pipefail
source "$(dirname "$0")/npm_pins.sh"

NAME=dap
PINS=(@vscode/debugadapter-testsupport@1.68.0 @vscode/debugprotocol@1.68.0 @vscode/vsce@3.9.2)
NODE_MIN=20
NODE_WHY="@vscode/vsce needs"
NEEDED_BY="the debugger's tests"
NPM_CI_FLAGS=()
npm_pins_main "$@"
