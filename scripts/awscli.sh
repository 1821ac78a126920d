#!/usr/bin/env bash
# The AWS CLI for tests/serve.rs.
#   scripts/awscli.sh install    create target/awscli-venv and install tools/awscli/requirements.txt (idempotent)
# Needs python3 with the venv module; fails loudly without it: the test command must not skip.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/awscli-venv
REQS=tools/awscli/requirements.txt

die() { echo "scripts/awscli.sh: $*" >&2; exit 1; }

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; tests/serve.rs runs the AWS CLI"
    local stamp="$VENV/.requirements.txt"
    if [[ -x "$VENV/bin/aws" ]] && cmp -s "$REQS" "$stamp"; then
        return 0 # already installed with these exact requirements
    fi
    mkdir -p target
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS" ||
        die "pip install -r $REQS failed"
    "$VENV/bin/aws" --version >/dev/null || die "the AWS CLI does not run after install"
    cp "$REQS" "$stamp"
    echo "the AWS CLI installed in $VENV"
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/awscli.sh install" ;;
esac
