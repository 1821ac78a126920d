#!/usr/bin/env bash
# The AWS CDK's construct library, aws-cdk-lib (with constructs), which synthesises the CDK apps
# of tests/cdk/apps.js into the cloud assembly that tests/cdk_sources.rs reads with every
# command (`workflow validate cdk.out`, `workflow import cdk.out#Stack/Machine`, …); pinned in
# tools/cdk/package.json and package-lock.json, installed into tools/cdk/node_modules. Nothing
# is deployed: the apps are only synthesised, offline.
#
#   bash scripts/cdk.sh install   # npm ci, skipped when the pinned versions are already there
#   bash scripts/cdk.sh lock      # regenerate package-lock.json after changing package.json
#   bash scripts/cdk.sh versions  # print the installed versions
#
# Needs Node.js >= 18 and npm on PATH; without them `install` fails (it never skips silently).
set -euo pipefail
source "$(dirname "$0")/npm_pins.sh"

NAME=cdk
PINS=(aws-cdk-lib@2.276.0 constructs@10.8.1)
NODE_MIN=18
NODE_WHY="aws-cdk-lib needs"
NEEDED_BY="the CDK apps' tests"
# From npm's cache when it holds the tarballs; no install scripts (the packages have none that
# the synthesis needs).
NPM_CI_FLAGS=(--prefer-offline --ignore-scripts)
npm_pins_main "$@"
