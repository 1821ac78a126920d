# Sourced by scripts/moto.sh, scripts/sagemaker.sh and scripts/cli_tools.sh (each defines `die`):
# one way to install a pinned requirements file into a virtualenv of its own.

# pinned_venv VENV REQS NAME CHECK...: installs REQS into VENV, unless VENV already holds
# exactly REQS and the command CHECK... succeeds; CHECK... must succeed after installing.
pinned_venv() {
    local venv=$1 reqs=$2 name=$3
    shift 3
    local stamp="$venv/.requirements.txt"
    if [[ -x "$venv/bin/python" ]] && cmp -s "$reqs" "$stamp" && "$@" >/dev/null 2>&1; then
        return 0 # already installed with these exact requirements
    fi
    mkdir -p "$(dirname "$venv")"
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    fi
    # `--no-compile`: pip byte-compiles every module it installs by default, most of which
    # the tests never import (botocore's hundreds of service modules, in three of these
    # environments); Python compiles what is imported on first use instead. Measured on the
    # moto environment, from pip's cache: 35.1 CPU-s with, 21.1 without.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile -r "$reqs" ||
        die "pip install -r $reqs failed"
    "$@" >/dev/null || die "$name does not work after install: $* failed"
    cp "$reqs" "$stamp"
    echo "$name installed in $venv"
}
