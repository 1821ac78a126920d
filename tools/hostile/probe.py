#!/usr/bin/env python3
"""Probes the `workflow` binary with hostile and malformed inputs, one family at a time.

Each case runs the binary once, bounded to 20 s of wall time and 4 GB of address space, and
reports how it ended (exit code, the error it printed), the wall time and the peak resident
memory. A case passes when the process ends by itself within the bounds, without a panic or a
signal, and its outcome is the one AWS gives (or, for the CLI, a clean error).

    cargo build --release --bin workflow
    python3 tools/hostile/probe.py target/release/workflow

The last line counts the cases handled well; the exit code is 1 when one was not.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

LIMIT_SECONDS = 20
LIMIT_BYTES = 4 * 1024**3


def machine(states, start=None, **top):
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})


def pass_jsonata(expr):
    return machine(
        {"P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% " + expr + " %}", "End": True}}
    )


def stop_or(again):
    """A Choice that loops back to `again` until the input has `stop` (it never has)."""
    return {
        "Stop?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
            "Default": again,
        },
        "Done": {"Type": "Succeed"},
    }


def doubling_loop():
    return machine(
        {
            "Seed": {"Type": "Pass", "Result": "xxxxxxxxxxxxxxxx", "ResultPath": "$.s", "Next": "Double"},
            "Double": {
                "Type": "Pass",
                "Parameters": {"s.$": "States.Format('{}{}', $.s, $.s)"},
                "Next": "Stop?",
            },
            **stop_or("Double"),
        }
    )


def growing_result_path():
    return machine(
        {
            "Grow": {"Type": "Pass", "ResultPath": "$.a", "Next": "Stop?"},
            **stop_or("Grow"),
        }
    )


def deep_result_path(levels):
    return machine({"P": {"Type": "Pass", "ResultPath": "$" + ".a" * levels, "End": True}})


def fan_out(keys):
    return machine({"P": {"Type": "Pass", "Parameters": {f"k{i}.$": "$" for i in range(keys)}, "End": True}})


def copying_chain(states, keys):
    """A chain of Pass states, each copying its input into `keys` fields: the data grows
    `keys`-fold per state (AWS stops it at 256 KiB), and so would the validator's types."""
    chain = {
        f"C{i}": {"Type": "Pass", "Parameters": {f"k{j}.$": "$" for j in range(keys)}, "Next": f"C{i + 1}"}
        for i in range(states)
    }
    chain[f"C{states}"] = {"Type": "Succeed"}
    return machine(chain, start="C0")


def misspelt_targets(n):
    states = {f"S{i}": {"Type": "Pass", "Next": f"Missing{i}"} for i in range(n)}
    return machine(states, start="S0")


def big_result():
    return machine({"P": {"Type": "Pass", "Result": "x" * 300_000, "End": True}})


# (family, name, argv after the binary, stdin bytes or None, what counts as handled)
def cases(tmp):
    def file(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    run = lambda path, *extra: ["run", path, "--json", *extra]
    deep = 100_000
    yield "stack", "JSONata 100k `+` chain", run(file("plus.json", pass_jsonata("+".join(["1"] * deep)))), None
    yield "stack", "JSONata 100k parentheses", run(file("paren.json", pass_jsonata("(" * deep + "1" + ")" * deep))), None
    yield "stack", "JSONata 100k unary minus", run(file("minus.json", pass_jsonata("-" * deep + "1"))), None
    yield "stack", "JSONata nested arrays 100k", run(file("arrays.json", pass_jsonata("[" * deep + "]" * deep))), None
    yield "stack", "JSONata deep user recursion", run(file("rec.json", pass_jsonata("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))"))), None
    yield "stack", "ResultPath 100k levels", run(file("rp.json", deep_result_path(deep))), None
    yield "stack", "input nested 100k levels", run(file("hello.json", machine({"P": {"Type": "Pass", "End": True}})), "--input-file", "-"), ("[" * deep + "]" * deep).encode()
    yield "memory", "definition from /dev/zero", ["validate", "/dev/zero"], None
    yield "memory", "definition from /dev/urandom", ["validate", "/dev/urandom"], None
    yield "memory", "endless standard input", ["validate", "-"], b"[" * (8 * 1024 * 1024)
    yield "memory", "JSONata infinite recursion", run(file("inf.json", pass_jsonata("($f := function($n){ $f($n + 1) }; $f(0))"))), None
    yield "memory", "JSONata $pad to 2e9", run(file("pad.json", pass_jsonata("$pad('x', 2000000000)"))), None
    yield "memory", "payload doubling each iteration", run(file("double.json", doubling_loop())), None
    yield "memory", "Parameters fanning out 20k keys", run(file("fan.json", fan_out(20_000))), None
    yield "memory", "5 states each copying their input 3k times", run(file("copy.json", copying_chain(5, 3000))), None
    yield "hang", "catastrophic regex in $match", run(file("regex.json", pass_jsonata("$match('" + "a" * 40 + "!', /(a+)+$/)"))), None
    yield "hang", "nested $range 1e7 x 1e7", run(file("range.json", pass_jsonata("$count([1..10000000].([1..10000000]))"))), None
    yield "hang", "10k misspelt transitions", ["validate", file("targets.json", misspelt_targets(10_000))], None
    yield "hang", "ResultPath growing each iteration", run(file("grow.json", growing_result_path())), None
    yield "answer", "a Pass result over 256 KiB", run(file("big.json", big_result())), None
    yield "answer", "JSONata division by zero", run(file("div.json", pass_jsonata("1 / 0"))), None
    yield "answer", "definition with a byte-order mark", ["validate", file("bom.json", "\ufeff" + machine({"P": {"Type": "Pass", "End": True}}))], None
    yield "answer", "--input -5", run(file("neg.json", machine({"P": {"Type": "Pass", "End": True}})), "--input", "-5"), None


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def probe(binary, argv, stdin):
    """Runs one case; returns (exit code or None on timeout, stdout, stderr, seconds, peak KB)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [binary, *argv],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
    )
    chunks = {"out": [], "err": []}

    def drain(stream, key):
        for chunk in iter(lambda: stream.read(65536), b""):
            chunks[key].append(chunk)

    def feed():
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    threads = [
        threading.Thread(target=drain, args=(proc.stdout, "out")),
        threading.Thread(target=drain, args=(proc.stderr, "err")),
    ]
    if stdin is not None:
        threads.append(threading.Thread(target=feed))
    for t in threads:
        t.start()
    timer = threading.Timer(LIMIT_SECONDS, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timed_out = not timer.is_alive()
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    out = b"".join(chunks["out"]).decode("utf-8", "replace")
    err = b"".join(chunks["err"]).decode("utf-8", "replace")
    code = None if timed_out else proc.returncode
    return code, out, err, elapsed, usage.ru_maxrss


def outcome(code, out, err):
    if code is None:
        return "hang"
    if code < 0:
        return f"killed by signal {-code}"
    if "panicked" in err:
        return "panic"
    try:
        summary = json.loads(out)
        if summary.get("status") == "FAILED":
            return f"FAILED {summary.get('error')}"
        return summary.get("status", "?")
    except (json.JSONDecodeError, AttributeError):
        first = (err.strip().splitlines() or [""])[0]
        return f"exit {code}: {first[:90]}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    good = 0
    total = 0
    print(f"{'family':7} {'case':36} {'time':>7} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for family, name, argv, stdin in cases(tmp):
            code, out, err, elapsed, peak_kb = probe(binary, argv, stdin)
            what = outcome(code, out, err)
            ok = code is not None and code >= 0 and "panic" not in what
            good += ok
            total += 1
            print(f"{family:7} {name:36} {elapsed:6.2f}s {peak_kb / 1024:8.0f}  {what}")
    print(f"{good} of {total} hostile cases handled (ended by themselves, no panic, no signal)")
    sys.exit(0 if good == total else 1)


if __name__ == "__main__":
    main()
