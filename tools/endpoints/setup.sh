#!/usr/bin/env bash
# The other local Step Functions endpoints that `cargo bench -p workflow-cli --bench
# serve_side_by_side` measures beside `workflow serve`, each in a virtualenv of its own under
# target/, at pinned versions (skipped when present):
#
# - ministack 1.5.33 (`target/ministack-venv`);
# - localstack-core 4.6.0, natively (no docker; `target/localstack-venv`), with the pins its
#   transitive dependencies need on Python 3.11 (the newer releases need Python 3.12; see
#   ../shared/reference/oracles.md §3);
# - moto comes from `scripts/setup.sh` (`target/moto-venv`, the test command's).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv() {
    local dir=$1
    shift
    if [ -x "$dir/bin/python" ] && [ -f "$dir/.installed" ]; then
        return
    fi
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
    touch "$dir/.installed"
}
venv target/ministack-venv 'ministack==1.5.33'
venv target/localstack-venv 'localstack-core[runtime]==4.6.0' 'cbor2<5.7' 'pyopenssl<24.3' \
    'cryptography<44' 'service_identity<24.3'
