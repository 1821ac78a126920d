#!/usr/bin/env bash
# The command-line tools tests/serve.rs runs, each from the Python package index in a
# virtualenv of its own (they pin their own dependencies):
#   - the AWS CLI (tools/awscli/requirements.txt → target/awscli-venv/bin/aws);
#   - cargo-lambda (tools/cargo-lambda/requirements.txt → target/cargo-lambda-venv/bin/cargo-lambda).
#   scripts/cli_tools.sh install    install both (idempotent)
# Needs python3 with the venv module; fails loudly without it: the test command must not skip.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "scripts/cli_tools.sh: $*" >&2; exit 1; }

# install_tool NAME BINARY VERSION-FLAG: tools/NAME/requirements.txt into target/NAME-venv.
install_tool() {
    local name=$1 binary=$2 flag=$3
    local venv=target/$name-venv reqs=tools/$name/requirements.txt
    local stamp="$venv/.requirements.txt"
    if [[ -x "$venv/bin/$binary" ]] && cmp -s "$reqs" "$stamp"; then
        return 0 # already installed with these exact requirements
    fi
    mkdir -p target
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$reqs" ||
        die "pip install -r $reqs failed"
    # shellcheck disable=SC2086 # the flag may be words
    "$venv/bin/$binary" $flag >/dev/null || die "$binary does not run after install"
    cp "$reqs" "$stamp"
    echo "$name installed in $venv"
}

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; tests/serve.rs runs the AWS CLI and cargo-lambda"
    install_tool awscli aws --version
    install_tool cargo-lambda cargo-lambda "lambda --version"
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/cli_tools.sh install" ;;
esac
