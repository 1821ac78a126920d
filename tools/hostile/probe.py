#!/usr/bin/env python3
"""Probes the `workflow` binary with hostile and malformed inputs, one family at a time.

Each case runs the binary once, bounded to 20 s of wall time and 4 GB of address space, and
reports how it ended (exit code, the error it printed), the wall time and the peak resident
memory. A case passes when the process ends by itself within the bounds, without a panic or a
signal, and its outcome is the one AWS gives (or, for the CLI, a clean error). Where a case
names the outcome it expects (the `nesting` family: the exit status and the diagnostic code or
message), it passes only with that outcome.

The `nesting` family's expectations follow the limits the code applies and documents:
JSON nests at most 1000 levels (`workflow_text::json::MAX_DEPTH`: Jackson's default
`maxNestingDepth`, which Step Functions is assumed to apply; AWS documents no limit), and
Parallel and Map states at most 32 (`workflow_asl::MAX_STATE_NESTING`: AWS has the code
`TOO_DEEPLY_NESTED` but documents no limit).

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


# ---- nesting ---------------------------------------------------------------------------------

JSON_DEPTH = 1000
STATE_NESTING = 32


def nested_text(levels, kind, leaf="1"):
    """`levels` arrays, or objects with member `a`, one inside the other, as JSON text (built
    as text: Python's json module recurses and cannot write 100,000 levels)."""
    if kind == "arrays":
        return "[" * levels + leaf + "]" * levels
    return '{"a":' * levels + leaf + "}" * levels


def payload_machine(field, levels, kind):
    """A definition whose `field` holds a value nested `levels` deep (arrays inside an object
    where the field must be an object). Returns the text and the value's JSON level."""
    value = nested_text(levels, kind)
    if field == "Parameters":
        # Parameters is an object: {"v": <value>}; the value starts at level 5.
        state = '{"Type":"Pass","Parameters":{"v":%s},"End":true}' % value
        return '{"StartAt":"S","States":{"S":%s}}' % state, 5
    if field == "Result":
        state = '{"Type":"Pass","Result":%s,"End":true}' % value
        return '{"StartAt":"S","States":{"S":%s}}' % state, 4
    if field == "ItemSelector":
        state = (
            '{"Type":"Map","ItemSelector":{"v":%s},'
            '"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}'
            % value
        )
        return '{"StartAt":"S","States":{"S":%s}}' % state, 5
    # Arguments (JSONata): a Lambda invocation whose Payload is the value.
    state = (
        '{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke",'
        '"Arguments":{"FunctionName":"f","Payload":%s},"End":true}' % value
    )
    return '{"StartAt":"S","States":{"S":%s}}' % state, 5


def nested_states(levels, kind):
    """Parallel states (or Map states) nested `levels` deep around a Succeed state, as text."""
    inner = '{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}'
    for _ in range(levels):
        if kind == "Parallel":
            inner = '{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[%s],"End":true}}}' % inner
        else:
            inner = '{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":%s,"End":true}}}' % inner
    return inner


def deep_and_wide(levels, width, dynamic=False):
    """A Parameters object nested `levels` deep whose innermost member is an array of `width`
    numbers (or an object of `width` `.$` members): every element's JSON pointer is as long
    as the nesting is deep."""
    if dynamic:
        leaf = "{" + ",".join('"k%d.$":"$"' % i for i in range(width)) + "}"
    else:
        leaf = "[" + ",".join(["0"] * width) + "]"
    value = nested_text(levels, "objects", leaf)
    return '{"StartAt":"S","States":{"S":{"Type":"Pass","Parameters":{"v":%s},"End":true}}}' % value


def expect(status, *fragments):
    """The outcome a case expects: the exit status and text its output or errors contain."""
    return (status, fragments)


VALID = expect(0)
TOO_DEEP_JSON = expect(1, "INVALID_JSON_DESCRIPTION", "nest more than 1000 levels")
TOO_DEEP_STATES = expect(1, "TOO_DEEPLY_NESTED", "the limit is 32")


def nesting_cases(file):
    """Definitions and execution inputs nested 100 to 100,000 levels deep, with the outcome
    AWS gives as far as its limits are known (see the module's doc)."""
    for field in ["Parameters", "Result", "ItemSelector", "Arguments"]:
        for kind in ["arrays", "objects"]:
            for levels in [100, 1_000, 10_000, 100_000]:
                text, at = payload_machine(field, levels, kind)
                outcome = VALID if at - 1 + levels <= JSON_DEPTH else TOO_DEEP_JSON
                name = f"{field} {kind} {levels:,}"
                path = file(f"{field}-{kind}-{levels}.json", text)
                yield "nesting", name, ["validate", path], None, outcome
    for kind in ["Parallel", "Map"]:
        per_level = 4 if kind == "Parallel" else 3
        for levels in [100, 1_000, 10_000]:
            outcome = TOO_DEEP_STATES if per_level * levels + 3 <= JSON_DEPTH else TOO_DEEP_JSON
            path = file(f"{kind}-{levels}.json", nested_states(levels, kind))
            yield "nesting", f"{kind} states nested {levels:,}", ["validate", path], None, outcome
    hello = file("nest-hello.json", machine({"P": {"Type": "Pass", "End": True}}))
    for levels in [100, 1_000, 1_001, 100_000]:
        outcome = expect(0) if levels <= JSON_DEPTH else expect(2, "nest more than 1000 levels")
        stdin = nested_text(levels, "arrays").encode()
        argv = ["run", hello, "--input-file", "-", "--json"]
        yield "nesting", f"execution input nested {levels:,}", argv, stdin, outcome
    wide = file("deep-wide.json", deep_and_wide(JSON_DEPTH - 6, 200_000))
    yield "nesting", "995 deep, then 200k elements", ["validate", wide], None, VALID
    dollars = file("deep-dollars.json", deep_and_wide(JSON_DEPTH - 6, 50_000, dynamic=True))
    yield "nesting", "995 deep, then 50k `.$` members", ["validate", dollars], None, VALID
    yield "nesting", "definition over 1 MiB", ["validate", "/dev/zero"], None, expect(1, "DEFINITION_TOO_LARGE")


# (family, name, argv after the binary, stdin bytes or None[, expected outcome])
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
    yield from nesting_cases(file)


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
    except RecursionError:
        # An output nested deeper than Python's json module reads (1000 levels of data).
        status = "SUCCEEDED" if '"status":"SUCCEEDED"' in out else "?"
        return f"{status} (output nested too deep for Python to read)"
    except (json.JSONDecodeError, AttributeError):
        first = (err.strip().splitlines() or out.strip().splitlines() or [""])[0]
        return f"exit {code}: {first[:90]}"


def expected(outcome_wanted, code, out, err):
    """Whether the process ended with the outcome a case expects."""
    status, fragments = outcome_wanted
    return code == status and all(f in out or f in err for f in fragments)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    good = 0
    total = 0
    print(f"{'family':7} {'case':36} {'time':>7} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for family, name, argv, stdin, *wanted in cases(tmp):
            code, out, err, elapsed, peak_kb = probe(binary, argv, stdin)
            what = outcome(code, out, err)
            ok = code is not None and code >= 0 and "panic" not in what
            if ok and wanted:
                ok = expected(wanted[0], code, out, err)
                if not ok:
                    what = f"UNEXPECTED ({what}; wanted exit {wanted[0][0]} with {list(wanted[0][1])})"
            good += ok
            total += 1
            print(f"{family:7} {name:36} {elapsed:6.2f}s {peak_kb / 1024:8.0f}  {what}")
    print(f"{good} of {total} hostile cases handled (ended by themselves, no panic, no signal, as expected)")
    sys.exit(0 if good == total else 1)


if __name__ == "__main__":
    main()
