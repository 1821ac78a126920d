# Sourced by scripts/moto.sh, scripts/sagemaker.sh and scripts/cli_tools.sh (each defines `die`):
# one way to install a pinned requirements file into a virtualenv of its own.
#
# The virtualenvs are made and filled by uv (tools/uv/requirements.txt, pinned), which pip
# installs once into target/uv-venv. uv resolves and installs from the same package index as
# pip, but links files from its cache instead of unpacking every wheel again, and resolves in
# native code. Measured on this project's eight requirements files, each into a fresh virtualenv,
# one after the other: pip (from its warm cache, --no-compile) 124.7 CPU-s in 184 s; uv 12.8
# CPU-s in 41 s with an empty cache and 7.9 CPU-s in 21 s with a warm one (plus 9.6 CPU-s, once,
# for target/uv-venv itself).

UV_VENV=target/uv-venv
UV_REQS=tools/uv/requirements.txt

# uv_ready: target/uv-venv holds the pinned uv (installed under a lock: setup.sh's steps run at
# once, and three of them need it). pip's settings that say where packages come from are passed
# on to uv, which reads its own (`PIP_FIND_LINKS` → `UV_FIND_LINKS`, `PIP_CERT` → `SSL_CERT_FILE`).
uv_ready() {
    mkdir -p target
    (
        flock 9
        if [[ -x "$UV_VENV/bin/uv" ]] && cmp -s "$UV_REQS" "$UV_VENV/.requirements.txt"; then
            exit 0
        fi
        python3 -m venv "$UV_VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
        "$UV_VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile -r "$UV_REQS" ||
            die "pip install -r $UV_REQS failed"
        "$UV_VENV/bin/uv" --version >/dev/null || die "uv does not run after install: $UV_VENV/bin/uv --version failed"
        cp "$UV_REQS" "$UV_VENV/.requirements.txt"
    ) 9>target/uv-venv.lock
    if [[ -n "${PIP_FIND_LINKS:-}" && -z "${UV_FIND_LINKS:-}" ]]; then
        export UV_FIND_LINKS=$PIP_FIND_LINKS
    fi
    if [[ -n "${PIP_CERT:-}" && -z "${SSL_CERT_FILE:-}" ]]; then
        export SSL_CERT_FILE=$PIP_CERT
    fi
}

# pinned_venv VENV REQS NAME CHECK...: installs REQS into VENV, unless VENV already holds
# exactly REQS and the command CHECK... succeeds; CHECK... must succeed after installing.
pinned_venv() {
    local venv=$1 reqs=$2 name=$3
    shift 3
    local stamp="$venv/.requirements.txt"
    if [[ -x "$venv/bin/python" ]] && cmp -s "$reqs" "$stamp" && "$@" >/dev/null 2>&1; then
        return 0 # already installed with these exact requirements
    fi
    uv_ready
    mkdir -p "$(dirname "$venv")"
    # The virtualenv on the machine's python3, as `python3 -m venv` would make it (without pip:
    # uv installs into it). One that does not run is made again.
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c '' 2>/dev/null; then
        "$UV_VENV/bin/uv" venv --quiet --clear --python "$(command -v python3)" "$venv" ||
            die "uv venv $venv failed"
    fi
    # uv does not byte-compile what it installs: Python compiles what is imported on first use,
    # and caches it (scripts/test.sh unsets PYTHONDONTWRITEBYTECODE for that).
    "$UV_VENV/bin/uv" pip install --quiet --python "$venv/bin/python" -r "$reqs" ||
        die "uv pip install -r $reqs failed"
    "$@" >/dev/null || die "$name does not work after install: $* failed"
    cp "$reqs" "$stamp"
    echo "$name installed in $venv"
}
