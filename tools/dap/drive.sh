#!/usr/bin/env bash
# Launches a definition under `workflow debug` with no breakpoint, as an editor would
# (initialize, launch, configurationDone), and waits for its end (`terminated`), then
# disconnects: the whole cost of a debugged run, for timing against `workflow run FILE
# --input-file INPUT_FILE`.
#
#   bash tools/dap/drive.sh WORKFLOW_BINARY DEFINITION INPUT_FILE
#
# DEFINITION and INPUT_FILE are written into the launch request as given (JSON-safe paths).
set -euo pipefail
bin=$1
definition=$2
input_file=$3
coproc ADAPTER { "$bin" debug; }
send() {
    local body=$1
    printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body" >&"${ADAPTER[1]}"
}
send '{"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"workflow"}}'
send "{\"seq\":2,\"type\":\"request\",\"command\":\"launch\",\"arguments\":{\"definition\":\"$definition\",\"inputFile\":\"$input_file\"}}"
send '{"seq":3,"type":"request","command":"configurationDone"}'
# The line that holds `terminated` ends with the next message's header.
grep -m1 -q '"event":"terminated"' <&"${ADAPTER[0]}"
send '{"seq":4,"type":"request","command":"disconnect","arguments":{}}'
wait "$ADAPTER_PID"
