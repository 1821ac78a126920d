"""A mixed load on a `workflow serve` binary through boto3, for issue 53's figures.

Usage: python mixed_load.py BINARY [--seconds S] [--clients N] [--workers W] [--json]

Starts `BINARY serve --port 0 --data DIR` (a fresh data directory: the SQLite store is part of
what is measured), creates four state machines (a Pass chain, a 3 s Wait, an activity Task, a
Fail) and an activity, then for S seconds runs:
- N clients, each calling, by weight: StartExecution (of each machine), DescribeExecution,
  GetExecutionHistory, ListExecutions (one page), StopExecution (of a waiting execution),
  DescribeStateMachine, TestState, and two requests the service must refuse (input that is not
  JSON: InvalidExecutionInput; an execution that does not exist: ExecutionDoesNotExist);
- W activity workers: GetActivityTask, then SendTaskSuccess (one in five SendTaskFailure);
- one lister: ListExecutions of the Pass chain, every page (25 a page), again and again while
  the clients start executions; each listing is checked against the executions acknowledged
  before it began: rows repeated within a listing and rows missed are counted.
Then it waits (up to 60 s) until every execution started has ended and counts how they ended.

Prints, per operation, calls, p50 and p99 in ms, the refusals expected, the unexpected errors;
the server's RSS (VmRSS of /proc/PID/status) after set-up and at the end, its threads under the
load (sampled every 0.2 s: median and most); the listings' rows
repeated and missed. With --json, one JSON object instead.

Needs boto3 (the moto virtualenv of scripts/setup.sh has it: target/moto-venv/bin/python).
"""
import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/load"


def start_server(binary, data):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--data", data],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"listening on (\S+)", line)
    if not match:
        proc.kill()
        sys.exit(f"mixed_load.py: {binary} serve printed {line!r}, not `listening on URL`")
    return proc, match.group(1)


def status_field(pid, key):
    """A number of /proc/PID/status: `VmRSS` (KiB) or `Threads`; 0 once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid):
    return status_field(pid, "VmRSS")


def sample_threads(pid, deadline, samples):
    """The server's thread count every 0.2 s until `deadline`, appended to `samples`."""
    while time.time() < deadline:
        samples.append(status_field(pid, "Threads"))
        time.sleep(0.2)


def client(endpoint):
    return boto3.client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}, max_pool_connections=4),
    )


def machines(sfn, activity_arn):
    pass_chain = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }
    wait = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "End": True}}}
    activity = {
        "StartAt": "Work",
        "States": {"Work": {"Type": "Task", "Resource": activity_arn, "TimeoutSeconds": 50, "End": True}},
    }
    fail = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "load"}}}
    stamp = int(time.time() * 1000)
    arns = {}
    for name, definition in [("pass", pass_chain), ("wait", wait), ("activity", activity), ("fail", fail)]:
        arns[name] = sfn.create_state_machine(
            name=f"load-{name}-{stamp}", definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
    return arns


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.expected = defaultdict(int)
        self.unexpected = defaultdict(int)
        self.started = []  # (kind, arn, acknowledged at)
        self.stopped = set()

    def call(self, op, fn, expect=None):
        began = time.perf_counter()
        try:
            result = fn()
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "?")
            ms = (time.perf_counter() - began) * 1000
            with self.lock:
                self.latency[op].append(ms)
                if expect and code == expect:
                    self.expected[op] += 1
                else:
                    self.unexpected[f"{op}: {code}"] += 1
            return None
        except Exception as error:  # connection errors, timeouts
            with self.lock:
                self.unexpected[f"{op}: {type(error).__name__}"] += 1
            return None
        ms = (time.perf_counter() - began) * 1000
        with self.lock:
            self.latency[op].append(ms)
            if expect:
                self.unexpected[f"{op}: accepted, {expect} expected"] += 1
        return result


def clients_loop(endpoint, arns, tally, deadline, seed):
    sfn = client(endpoint)
    rng = random.Random(seed)
    ops = [
        ("start pass", 20), ("start wait", 8), ("start activity", 8), ("start fail", 4),
        ("DescribeExecution", 15), ("GetExecutionHistory", 8), ("ListExecutions", 5),
        ("StopExecution", 4), ("DescribeStateMachine", 4), ("TestState", 4),
        ("refused: input", 2), ("refused: missing", 2),
    ]
    names, weights = zip(*ops)
    while time.time() < deadline:
        op = rng.choices(names, weights)[0]
        with tally.lock:
            known = tally.started[-500:]
        if op.startswith("start "):
            kind = op[6:]
            out = tally.call(
                "StartExecution",
                lambda: sfn.start_execution(stateMachineArn=arns[kind], input='{"n": 0}'),
            )
            if out:
                with tally.lock:
                    tally.started.append((kind, out["executionArn"], time.time()))
        elif op == "DescribeExecution" and known:
            arn = rng.choice(known)[1]
            tally.call(op, lambda: sfn.describe_execution(executionArn=arn))
        elif op == "GetExecutionHistory" and known:
            arn = rng.choice(known)[1]
            tally.call(op, lambda: sfn.get_execution_history(executionArn=arn, maxResults=100))
        elif op == "ListExecutions":
            arn = arns[rng.choice(list(arns))]
            tally.call(op, lambda: sfn.list_executions(stateMachineArn=arn, maxResults=100))
        elif op == "StopExecution":
            waiting = [e for e in known if e[0] == "wait" and e[1] not in tally.stopped]
            if waiting:
                arn = rng.choice(waiting)[1]
                with tally.lock:
                    tally.stopped.add(arn)
                tally.call(op, lambda: sfn.stop_execution(executionArn=arn, error="Load", cause="stopped"))
        elif op == "DescribeStateMachine":
            arn = arns[rng.choice(list(arns))]
            tally.call(op, lambda: sfn.describe_state_machine(stateMachineArn=arn))
        elif op == "TestState":
            definition = json.dumps({"Type": "Pass", "Parameters": {"x.$": "$.n"}, "End": True})
            tally.call(op, lambda: sfn.test_state(definition=definition, roleArn=ROLE, input='{"n": 1}'))
        elif op == "refused: input":
            tally.call(
                "StartExecution (input not JSON)",
                lambda: sfn.start_execution(stateMachineArn=arns["pass"], input="{not json"),
                expect="InvalidExecutionInput",
            )
        elif op == "refused: missing":
            missing = arns["pass"].replace(":stateMachine:", ":execution:") + ":no-such-execution"
            tally.call(
                "DescribeExecution (missing)",
                lambda: sfn.describe_execution(executionArn=missing),
                expect="ExecutionDoesNotExist",
            )


def worker_loop(endpoint, activity_arn, tally, deadline, seed):
    sfn = client(endpoint)
    rng = random.Random(seed)
    while time.time() < deadline + 5:
        task = tally.call("GetActivityTask", lambda: sfn.get_activity_task(activityArn=activity_arn, workerName="load"))
        token = task and task.get("taskToken")
        if not token:
            if time.time() >= deadline:
                return
            continue
        if rng.random() < 0.2:
            tally.call("SendTaskFailure", lambda: sfn.send_task_failure(taskToken=token, error="Worker", cause="load"))
        else:
            tally.call("SendTaskSuccess", lambda: sfn.send_task_success(taskToken=token, output='{"done": true}'))


def lister_loop(endpoint, arns, tally, deadline, paging):
    sfn = client(endpoint)
    while time.time() < deadline:
        with tally.lock:
            before = {arn for kind, arn, _ in tally.started if kind == "pass"}
        seen, rows, token = set(), 0, None
        while True:
            kwargs = {"stateMachineArn": arns["pass"], "maxResults": 25}
            if token:
                kwargs["nextToken"] = token
            page = tally.call("ListExecutions (paging)", lambda: sfn.list_executions(**kwargs))
            if page is None:
                break
            for execution in page["executions"]:
                rows += 1
                if execution["executionArn"] in seen:
                    paging["repeated"] += 1
                seen.add(execution["executionArn"])
            token = page.get("nextToken")
            if not token:
                paging["listings"] += 1
                paging["rows"] += rows
                paging["missed"] += len(before - seen)
                break


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="mixed-load-")
    proc, endpoint = start_server(args.binary, data)
    try:
        sfn = client(endpoint)
        activity_arn = sfn.create_activity(name=f"load-{int(time.time() * 1000)}")["activityArn"]
        arns = machines(sfn, activity_arn)
        rss_start = rss_kib(proc.pid)
        tally = Tally()
        paging = {"listings": 0, "rows": 0, "repeated": 0, "missed": 0}
        deadline = time.time() + args.seconds
        threads = [
            threading.Thread(target=clients_loop, args=(endpoint, arns, tally, deadline, i))
            for i in range(args.clients)
        ]
        threads += [
            threading.Thread(target=worker_loop, args=(endpoint, activity_arn, tally, deadline, 100 + i))
            for i in range(args.workers)
        ]
        threads.append(threading.Thread(target=lister_loop, args=(endpoint, arns, tally, deadline, paging)))
        thread_samples = []
        threads.append(threading.Thread(target=sample_threads, args=(proc.pid, deadline, thread_samples)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rss_load = rss_kib(proc.pid)

        # Every execution started ends (the activity ones left unanswered time out after 50 s).
        ended = defaultdict(int)
        pending = {arn: kind for kind, arn, _ in tally.started}
        settle_deadline = time.time() + 60
        while pending and time.time() < settle_deadline:
            for arn in list(pending)[:200]:
                status = sfn.describe_execution(executionArn=arn)["status"]
                if status != "RUNNING":
                    ended[f"{pending.pop(arn)} {status}"] += 1
            if pending:
                time.sleep(0.2)
        rss_end = rss_kib(proc.pid)
        report = {
            "binary": args.binary,
            "seconds": args.seconds,
            "clients": args.clients,
            "calls": sum(len(v) for v in tally.latency.values()),
            "operations": {
                op: {
                    "calls": len(values),
                    "p50_ms": round(percentile(values, 50), 2),
                    "p99_ms": round(percentile(values, 99), 2),
                    "refused_as_expected": tally.expected.get(op, 0),
                }
                for op, values in sorted(tally.latency.items())
            },
            "unexpected_errors": dict(tally.unexpected),
            "executions_started": len(tally.started),
            "executions_ended": dict(sorted(ended.items())),
            "executions_still_running": len(pending),
            "rss_kib": {"after_setup": rss_start, "after_load": rss_load, "at_end": rss_end},
            "threads_under_load": {
                "median": sorted(thread_samples)[len(thread_samples) // 2] if thread_samples else 0,
                "max": max(thread_samples, default=0),
            },
            "paging": dict(paging),
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)

    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['binary']}: {report['calls']} calls in {args.seconds:.0f} s, {args.clients} clients")
    print(f"{'operation':36} {'calls':>7} {'p50 ms':>8} {'p99 ms':>8} {'refused':>8}")
    for op, row in report["operations"].items():
        print(f"{op:36} {row['calls']:>7} {row['p50_ms']:>8} {row['p99_ms']:>8} {row['refused_as_expected']:>8}")
    print("unexpected errors:", report["unexpected_errors"] or "none")
    print("executions:", report["executions_started"], "started;", report["executions_ended"],
          "; still running:", report["executions_still_running"])
    print("RSS KiB:", report["rss_kib"])
    print("threads under load (sampled every 0.2 s):", report["threads_under_load"])
    print("paging:", report["paging"])


if __name__ == "__main__":
    main()
