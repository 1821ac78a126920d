#!/usr/bin/env bash
# Launches a definition under `workflow debug` as an editor would (initialize, launch, the
# breakpoints if any, configurationDone), and waits for its end (`terminated`), then
# disconnects: the whole cost of a debugged run, for timing against `workflow run FILE
# --input-file INPUT_FILE`.
#
#   bash tools/dap/drive.sh WORKFLOW_BINARY DEFINITION INPUT_FILE [LAUNCH_MEMBERS [BREAKPOINTS]]
#
# DEFINITION and INPUT_FILE are written into the launch request as given (JSON-safe paths).
# LAUNCH_MEMBERS are more members of the launch request's arguments, as JSON text
# (`"stepBack": true`, or `"history": "h.json"`, which replaces the input); BREAKPOINTS the
# arguments of a `setFunctionBreakpoints` request (`{"breakpoints": [{"name": "S",
# "condition": "{% $states.input.n < 0 %}"}]}`): with a condition that never holds, the run
# still goes to its end.
set -euo pipefail
bin=$1
definition=$2
input_file=$3
members=${4:-}
breakpoints=${5:-}
coproc ADAPTER { "$bin" debug; }
send() {
    local body=$1
    printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body" >&"${ADAPTER[1]}"
}
launch="\"definition\":\"$definition\""
case $members in
    *'"history"'*) launch="$launch,$members" ;;
    '') launch="$launch,\"inputFile\":\"$input_file\"" ;;
    *) launch="$launch,\"inputFile\":\"$input_file\",$members" ;;
esac
send '{"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"workflow"}}'
send "{\"seq\":2,\"type\":\"request\",\"command\":\"launch\",\"arguments\":{$launch}}"
if [[ -n $breakpoints ]]; then
    send "{\"seq\":3,\"type\":\"request\",\"command\":\"setFunctionBreakpoints\",\"arguments\":$breakpoints}"
fi
send '{"seq":4,"type":"request","command":"configurationDone"}'
# The line that holds `terminated` ends with the next message's header.
grep -m1 -q '"event":"terminated"' <&"${ADAPTER[0]}"
send '{"seq":5,"type":"request","command":"disconnect","arguments":{}}'
wait "$ADAPTER_PID"
