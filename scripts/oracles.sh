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
source "$(dirname "$0")/npm_pins.sh"

NAME=oracles
PINS=(asl-validator@4.0.0 amazon-states-language-service@1.16.1 jsonata@2.0.6 mermaid@11.17.2 jsdom@29.1.1 @aws-sdk/client-sfn@3.1164.0 axe-core@4.14.1)
NODE_MIN=18
NODE_WHY="the oracles need"
NEEDED_BY="the oracle tests"
NPM_CI_FLAGS=()
npm_pins_main "$@"
