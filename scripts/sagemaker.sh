#!/usr/bin/env bash
# The Python SDKs the `sagemaker` module is generated from and compared with: the AWS Step
# Functions Data Science SDK (stepfunctions 2.3.0) and the SageMaker Python SDK, pinned in
# tools/sagemaker-sdk/requirements.txt, in target/sagemaker-venv.
#
#   scripts/sagemaker.sh install   create target/sagemaker-venv and install the pins (idempotent)
#
# Used by tools/sagemaker-sdk/image_uris.py (the image URI table and its test),
# tools/sagemaker-sdk/emit.py (the ASL comparison) and parameters.py (the parameter table),
# which tests/sagemaker.rs runs in one process through tools/sagemaker-sdk/checks.py.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/sagemaker-venv
REQS=tools/sagemaker-sdk/requirements.txt

die() { echo "scripts/sagemaker.sh: $*" >&2; exit 1; }
# shellcheck source=scripts/venv.sh
source scripts/venv.sh

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed"
    pinned_venv "$VENV" "$REQS" "stepfunctions and sagemaker" \
        "$VENV/bin/python" -c 'import sagemaker, stepfunctions'
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/sagemaker.sh install" ;;
esac
