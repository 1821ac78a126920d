#!/usr/bin/env bash
# The Python SDKs the `sagemaker` module is generated from and compared with: the AWS Step
# Functions Data Science SDK (stepfunctions 2.3.0) and the SageMaker Python SDK, pinned in
# tools/sagemaker-sdk/requirements.txt, in target/sagemaker-venv.
#
#   scripts/sagemaker.sh install   create target/sagemaker-venv and install the pins (idempotent)
#
# Used by tools/sagemaker-sdk/image_uris.py (the image URI table and its test) and
# tools/sagemaker-sdk/emit.py (the ASL comparison, tests/sagemaker.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/sagemaker-venv
REQS=tools/sagemaker-sdk/requirements.txt

die() { echo "scripts/sagemaker.sh: $*" >&2; exit 1; }

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed"
    local stamp="$VENV/.requirements.txt"
    if [[ -x "$VENV/bin/python" ]] && cmp -s "$REQS" "$stamp" &&
        "$VENV/bin/python" -c 'import sagemaker, stepfunctions' 2>/dev/null; then
        return 0 # already installed with these exact requirements
    fi
    mkdir -p target
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS" ||
        die "pip install -r $REQS failed"
    "$VENV/bin/python" -c 'import sagemaker, stepfunctions' || die "the SDKs are not importable after install"
    cp "$REQS" "$stamp"
    echo "stepfunctions and sagemaker installed in $VENV"
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/sagemaker.sh install" ;;
esac
