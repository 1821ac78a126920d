#!/usr/bin/env bash
# Everything the tests need beyond Rust, in one command: the npm oracles (ASL validators,
# JSONata and Mermaid reference implementations), VS Code's DAP client and extension packager
# (the debugger's tests), the AWS CDK's construct library (the CDK apps the definition sources'
# tests synthesise), moto, the AWS CLI and cargo-lambda in virtualenvs, Graphviz and
# Chromium, and the SageMaker Python SDKs in a virtualenv. A test that finds one of them
# missing names this command.
#
# Each install is skipped when what it installs is already there. The seven are independent and
# mostly wait on the network and the disk, so they run at once, each into its own log
# (target/setup/NAME.log), printed when all are done; one that fails fails the command, with
# its log.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p target/setup
steps=(oracles dap cdk moto cli_tools pictures sagemaker)
pids=()
for step in "${steps[@]}"; do
    bash "scripts/$step.sh" install >"target/setup/$step.log" 2>&1 &
    pids+=("$!")
done
failed=()
for i in "${!steps[@]}"; do
    if wait "${pids[$i]}"; then
        cat "target/setup/${steps[$i]}.log"
    else
        failed+=("${steps[$i]}")
    fi
done
for step in "${failed[@]}"; do
    echo "scripts/setup.sh: 'bash scripts/$step.sh install' failed:" >&2
    sed 's/^/    /' "target/setup/$step.log" >&2
done
[ ${#failed[@]} -eq 0 ] || exit 1
