#!/usr/bin/env bash
# moto (a local Step Functions API that really executes state machines) for the differential suite.
#
#   scripts/moto.sh install       create target/moto-venv and install tools/moto/requirements.txt (idempotent)
#   scripts/moto.sh start [PORT]  start tools/moto/moto-sfn-server.py on 127.0.0.1 (default: a free port),
#                                 wait until it answers, print the port
#   scripts/moto.sh stop          stop the server started by `start`
#
# Needs python3 with the venv module. Fails loudly when it is missing: the test command must not
# silently skip the differential suite.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/moto-venv
REQS=tools/moto/requirements.txt
LAUNCHER=tools/moto/moto-sfn-server.py
PIDFILE=target/moto-server.pid
LOGFILE=target/moto-server.log

die() { echo "scripts/moto.sh: $*" >&2; exit 1; }
# shellcheck source=scripts/venv.sh
source scripts/venv.sh

install() {
    command -v python3 >/dev/null 2>&1 ||
        die "python3 is not installed; the differential suite (tests/differential.rs) needs it to run moto"
    pinned_venv "$VENV" "$REQS" moto "$VENV/bin/python" -c 'import moto, jsonata, boto3'
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    [[ -x "$VENV/bin/python" ]] || die "$VENV is missing; run: scripts/moto.sh install"
    if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        die "a moto server is already running (pid $(cat "$PIDFILE")); run: scripts/moto.sh stop"
    fi
    local port="${1:-$(free_port)}"
    "$VENV/bin/python" "$LAUNCHER" -H 127.0.0.1 -p "$port" >"$LOGFILE" 2>&1 &
    local pid=$!
    echo "$pid" >"$PIDFILE"
    for _ in $(seq 1 300); do
        if "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/', timeout=1)" 2>/dev/null; then
            echo "$port"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { cat "$LOGFILE" >&2; rm -f "$PIDFILE"; die "the moto server exited"; }
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    die "the moto server did not answer on 127.0.0.1:$port within 30 s (log: $LOGFILE)"
}

stop() {
    if [[ -f "$PIDFILE" ]]; then
        kill "$(cat "$PIDFILE")" 2>/dev/null || true
        rm -f "$PIDFILE"
    fi
}

case "${1:-}" in
install) install ;;
start) start "${2:-}" ;;
stop) stop ;;
*) die "usage: scripts/moto.sh install | start [PORT] | stop" ;;
esac
