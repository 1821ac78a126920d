"""Fault checks of `workflow serve --data DIR` (issue 67): what a restart keeps of what clients
were told, under kills, SIGTERM, a full disk, damaged or unwritable database files, and long
polls.

Usage: python3 faults.py BINARY [--check NAME ...] [--json] [--quick]

Each check starts `BINARY serve --port 0 --data DIR` on a fresh data directory, drives it
over raw AWS JSON 1.0 (the standard library's http.client: no SDK needed), hurts it (kill -9,
SIGTERM, a full file system, a read-only database file...), restarts it on the same directory
and counts what contradicts what the clients were told. Every check prints one line of figures
and, with --json, one JSON object per check. Two binaries run one after the other compare two
revisions (the figures of issue 67's closing note).

Some checks need root (a tmpfs mount in a private mount namespace, `unshare -m`): they say so
and are skipped otherwise.

Checks (`--check NAME`, repeatable; all by default):
  ended_then_sigterm, ended_then_kill  executions that ended before the signal: none RUNNING
                                       after the restart, at most one terminal event each,
                                       also after a StopExecution
  answers_then_kill   SendTaskSuccess/Failure acknowledged a few ms before kill -9: each is
                      kept (a second answer is TaskTimedOut, the execution ends as answered)
  redrive_then_kill   RedriveExecution acknowledged before kill -9: RUNNING after the restart,
                      redriven once, its new task's token answers
  delete_then_kill    DeleteStateMachine acknowledged before kill -9: gone (or DELETING while
                      an execution runs) after the restart
  deadlines_after_kill  a callback task's HeartbeatSeconds/TimeoutSeconds measured from its
                      recorded start and heartbeat across a kill -9
  reanswer_closed     a task closed before the restart: answering it again is TaskTimedOut
  map_after_sigterm, map_after_kill  a Distributed Map running at the signal finishes after
                      the restart
  starts_around_sigterm  StartExecution in flight at SIGTERM: every acknowledged start kept;
                      how many were acknowledged after the signal
  waits_after_kill    thousands of 3 s Waits killed: none RUNNING 60 s after the restart
  full_disk           a data directory that fills up (tmpfs) under load, then a restart with
                      room again: nothing stays RUNNING (root)
  unwritable_database a database file the server cannot write (read-only bind mount), a
                      read-only directory, a full file system, a damaged file: refused at start
                      naming the file (root)
  long_polls          threads of the server with 1,000 and 10,000 waiting GetActivityTask
  memory_at_restart   resident memory per stored (ended) execution after a restart with
                      50,000 of them (10,000 with --quick): goal at most 1 KiB

Issue 71's classes:
  answers_race_stop   SendTaskSuccess racing StopExecution (a Parallel's eight tasks): every
                      acknowledged answer is in the history, before and after a kill -9
  sync_children_after_sigterm, sync_children_after_kill  parents starting a
                      `startExecution.sync:2` child without a name: one child each after the
                      restart
  version_numbers_after_kill  a deleted version's number is not given again after kill -9
  map_run_counts      a Map Run failing before all its items start: counts add up to totals
  map_run_counts_after_kill  the same killed -9 while its children run and resumed: its
                      counts equal its listed children's statuses
  concurrent_starts   2,400 clients each starting an execution on a connection of its own at
                      once, past the cap of 512: every one answered, the executions the 200s
  describe_map_run_churn  DescribeMapRun as Map Runs end: never not found once found
  old_activity_tokens answering tokens issued before a kill -9: as fast as new ones
  big_map_after_sigterm, big_map_after_kill  5,000 items, 50 at once, stopped mid-way: it
                      ends after the restart, every item once
  full_disk_recovers  a full data directory given room again, no restart: writes succeed at
                      once, nothing acknowledged lost (root)

Issue 74's:
  timestamps_in_order  executions (Waits, a Parallel of Waits, a Map of Waits) running when
                      their machines are deleted and the server is killed -9: after the
                      restart every history's timestamps never go back
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROLE = "arn:aws:iam::123456789012:role/faults"
TERMINAL = {"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"}


def definition(states, start):
    return json.dumps({"StartAt": start, "States": states})


SHORT = definition(
    {
        "A": {"Type": "Pass", "Result": {"n": 1}, "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 1, "Next": "B"},
        "B": {"Type": "Pass", "End": True},
    },
    "A",
)
WAIT3 = definition({"W": {"Type": "Wait", "Seconds": 3, "End": True}}, "W")
WAIT30 = definition({"W": {"Type": "Wait", "Seconds": 30, "End": True}}, "W")
WAIT5 = definition({"W": {"Type": "Wait", "Seconds": 5, "Next": "P"}, "P": {"Type": "Pass", "End": True}}, "W")


def callback(name="Ask", extra=None, then=None):
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
    }
    state.update(extra or {})
    if then:
        state["Next"] = then
    else:
        state["End"] = True
    return state


ASK = definition({"Ask": callback()}, "Ask")
ASK_TWICE = definition({"First": callback("First", then="Second"), "Second": callback("Second")}, "First")


class Server:
    """`BINARY serve --port 0 --data DIR ARGS` as a child process."""

    def __init__(self, binary, data, extra=()):
        self.binary, self.data, self.extra = binary, data, list(extra)
        self.proc = None
        self.address = None
        self.log = []

    def start(self, expect_failure=False, env=None):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--port", "0", "--data", self.data, *self.extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        # Its log read from the start: a server that says much before it listens (a line per
        # execution it cannot resume) would otherwise fill the pipe and wait for ever.
        drain = threading.Thread(target=self._drain, daemon=True)
        drain.start()
        line = self.proc.stdout.readline()
        match = re.search(r"listening on http://(\S+)", line)
        if not match:
            self.proc.wait()
            drain.join()
            err = "\n".join(self.log)
            if expect_failure:
                return err
            raise RuntimeError(f"serve did not start: {line!r} {err}")
        self.address = match.group(1)
        return None

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line.rstrip())

    def sigterm(self):
        began = time.time()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return time.time() - began

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def threads(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/task"))

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def serve(check, data):
    """A server of the binary checked started on `data`, and a client of it."""
    server = Server(check.binary, data)
    server.start()
    return server, Api(server.address)


class Api:
    """AWS JSON 1.0 calls, a keep-alive connection per thread."""

    def __init__(self, address, timeout=90):
        self.address, self.timeout = address, timeout
        self.local = threading.local()

    def call(self, operation, body):
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                host, port = self.address.rsplit(":", 1)
                conn = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
                self.local.conn = conn
            try:
                conn.request(
                    "POST",
                    "/",
                    body=json.dumps(body),
                    headers={
                        "Content-Type": "application/x-amz-json-1.0",
                        "X-Amz-Target": f"AWSStepFunctions.{operation}",
                    },
                )
                response = conn.getresponse()
                data = response.read()
                try:
                    parsed = json.loads(data) if data else {}
                except ValueError:
                    parsed = {"raw": data.decode("utf-8", "replace")}
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
                    self.local.conn = None
                return response.status, parsed
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                if attempt == 1:
                    return None, None
        return None, None

    def ok(self, operation, body):
        status, answer = self.call(operation, body)
        if status != 200:
            raise RuntimeError(f"{operation}: {status} {answer}")
        return answer

    def error(self, status, answer):
        if status is None:
            return "no answer"
        return (answer or {}).get("__type", "?").split("#")[-1]

    def machine(self, name, text):
        return self.ok("CreateStateMachine", {"name": name, "definition": text, "roleArn": ROLE})[
            "stateMachineArn"
        ]

    def start(self, machine, name=None, input_="{}"):
        body = {"stateMachineArn": machine, "input": input_}
        if name:
            body["name"] = name
        return self.call("StartExecution", body)

    def describe(self, arn):
        return self.call("DescribeExecution", {"executionArn": arn})

    def history(self, arn):
        events, token = [], None
        while True:
            body = {"executionArn": arn, "maxResults": 1000}
            if token:
                body["nextToken"] = token
            status, page = self.call("GetExecutionHistory", body)
            if status != 200:
                return None
            events += page["events"]
            token = page.get("nextToken")
            if not token:
                return events


def tokens_of(history):
    """The task tokens the history shows (TaskScheduled parameters), in order."""
    out = []
    for event in history or []:
        if event["type"] == "TaskScheduled":
            params = json.loads(event["taskScheduledEventDetails"]["parameters"])
            token = params.get("MessageBody", {}).get("token")
            if token:
                out.append(token)
    return out


def wait_for(predicate, seconds, step=0.05):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def parallel(n, fn, items):
    """`fn(item)` for every item on `n` threads; the results in order."""
    results = [None] * len(items)
    index = iter(range(len(items)))
    lock = threading.Lock()

    def run():
        while True:
            with lock:
                i = next(index, None)
            if i is None:
                return
            results[i] = fn(items[i])

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def history_faults(histories):
    """Histories whose event ids are not 1, 2, 3..., or with more than one terminal event."""
    bad_ids = bad_terminal = 0
    for events in histories:
        if events is None:
            continue
        if [e["id"] for e in events] != list(range(1, len(events) + 1)):
            bad_ids += 1
        # One end per attempt (a redriven history holds each attempt's end).
        attempts = [[]]
        for e in events:
            if e["type"] == "ExecutionRedriven":
                attempts.append([])
            else:
                attempts[-1].append(e["type"])
        if any(sum(t in TERMINAL for t in a) > 1 for a in attempts):
            bad_terminal += 1
    return bad_ids, bad_terminal


class Check:
    def __init__(self, binary, quick):
        self.binary, self.quick = binary, quick
        self.dirs = []

    def data_dir(self):
        path = tempfile.mkdtemp(prefix="serve-faults-")
        self.dirs.append(path)
        return path

    def cleanup(self):
        for path in self.dirs:
            shutil.rmtree(path, ignore_errors=True)


def background_load(api, machine, stop, started):
    """Starts executions of `machine` until `stop` is set (pressure on the writer)."""
    while not stop.is_set():
        status, answer = api.start(machine)
        if status == 200:
            started.append(answer["executionArn"])


def ended_then(check, how):
    n = 100
    data = check.data_dir()
    server, api = serve(check, data)
    waiter = api.machine("ends", definition({"W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "P"},
                                             "P": {"Type": "Pass", "End": True}}, "W"))
    chain = api.machine("chain", definition({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}}, "A"))
    # Load: executions that end at once (what the server files away as they end).
    stop, load = threading.Event(), []
    loaders = [threading.Thread(target=background_load, args=(api, chain, stop, load)) for _ in range(8)]
    for t in loaders:
        t.start()
    time.sleep(1)
    # Probes: a 1 s or a 2 s Wait; nothing reads them before the signal, as a client that
    # started them and went away.
    began = time.time()
    arns = [
        a["executionArn"]
        for s, a in parallel(8, lambda i: api.start(waiter, f"e{i}", json.dumps({"s": 1 + i % 2})), list(range(n)))
    ]
    time.sleep(max(0, began + 2.6 - time.time()))
    stop.set()
    for t in loaders:
        t.join()
    if how == "sigterm":
        server.sigterm()
    else:
        server.kill()
    server, api = serve(check, data)
    time.sleep(3)
    statuses = parallel(8, lambda a: api.describe(a)[1].get("status"), arns)
    histories = parallel(8, api.history, arns)
    running = sum(s == "RUNNING" for s in statuses)
    # The load's executions too: each ended long before the restart.
    load_statuses = parallel(8, lambda a: api.describe(a)[1].get("status"), load)
    load_running = sum(s == "RUNNING" for s in load_statuses)
    ended_in_history = sum(
        1 for s, h in zip(statuses, histories) if s == "RUNNING" and h and h[-1]["type"] in TERMINAL
    )
    bad_ids, bad_terminal = history_faults(histories)
    # A StopExecution of each must not write a second end.
    parallel(8, lambda a: api.call("StopExecution", {"executionArn": a}), arns)
    after_stop = parallel(8, api.history, arns)
    _, bad_after_stop = history_faults(after_stop)
    server.kill()
    return {
        "executions": n,
        "running_3s_after_restart": running,
        "running_with_ended_history": ended_in_history,
        "histories_with_gaps": bad_ids,
        "two_terminal_events": bad_terminal,
        "two_terminal_events_after_stop": bad_after_stop,
        "load_started": len(load),
        "load_running_after_restart": load_running,
        "log": [l for l in server.log if "cannot be resumed" in l][:1],
        "ok": running == 0 and load_running == 0 and bad_ids == 0 and bad_terminal == 0 and bad_after_stop == 0,
    }


def check_ended_then_sigterm(check):
    return ended_then(check, "sigterm")


def check_ended_then_kill(check):
    return ended_then(check, "kill")


def check_answers_then_kill(check):
    n = 120
    data = check.data_dir()
    server, api = serve(check, data)
    ask = api.machine("ask", ASK)
    arns = [a["executionArn"] for s, a in parallel(8, lambda i: api.start(ask, f"a{i}"), list(range(n)))]

    def token(arn):
        found = wait_for(lambda: tokens_of(api.history(arn)), 20)
        return found[0] if found else None

    tokens = parallel(8, token, arns)
    acknowledged = {}
    lock = threading.Lock()

    def answer(i):
        tok = tokens[i]
        if i % 2 == 0:
            status, _ = api.call("SendTaskSuccess", {"taskToken": tok, "output": json.dumps({"i": i})})
        else:
            status, _ = api.call("SendTaskFailure", {"taskToken": tok, "error": "Rejected", "cause": str(i)})
        if status == 200:
            with lock:
                acknowledged[i] = time.time()

    parallel(16, answer, list(range(n)))
    time.sleep(0.003)
    server.kill()
    server, api = serve(check, data)
    lost = second_accepted = wrong_end = 0
    for i in acknowledged:
        if i % 2 == 0:
            status, ans = api.call("SendTaskSuccess", {"taskToken": tokens[i], "output": "{}"})
        else:
            status, ans = api.call("SendTaskFailure", {"taskToken": tokens[i], "error": "Again"})
        if status == 200:
            second_accepted += 1
        elif api.error(status, ans) != "TaskTimedOut":
            lost += 1

    def final(i):
        return wait_for(lambda: api.describe(arns[i])[1].get("status") != "RUNNING" and api.describe(arns[i])[1], 20)

    finals = parallel(8, final, list(acknowledged))
    for i, described in zip(acknowledged, finals):
        want = "SUCCEEDED" if i % 2 == 0 else "FAILED"
        if not described or described.get("status") != want:
            wrong_end += 1
        elif want == "SUCCEEDED" and json.loads(described.get("output", "{}")) != {"i": i}:
            wrong_end += 1
        elif want == "FAILED" and described.get("error") != "Rejected":
            wrong_end += 1
    server.kill()
    return {
        "answers": n,
        "acknowledged": len(acknowledged),
        "second_answer_accepted": second_accepted,
        "second_answer_other_error": lost,
        "not_ended_as_answered": wrong_end,
        "ok": second_accepted == 0 and lost == 0 and wrong_end == 0,
    }


def check_redrive_then_kill(check):
    n = 15
    data = check.data_dir()
    server, api = serve(check, data)
    ask = api.machine("ask", ASK)
    arns = [api.start(ask, f"r{i}")[1]["executionArn"] for i in range(n)]
    for arn in arns:
        tok = wait_for(lambda: tokens_of(api.history(arn)), 20)[0]
        api.ok("SendTaskFailure", {"taskToken": tok, "error": "First", "cause": "first run"})
    wait_for(lambda: all(api.describe(a)[1]["status"] == "FAILED" for a in arns), 20)
    redriven = [a for a in arns if api.call("RedriveExecution", {"executionArn": a})[0] == 200]
    server.kill()
    server, api = serve(check, data)
    not_running = wrong_count = not_answerable = not_succeeded = 0
    for arn in redriven:
        status, described = api.describe(arn)
        if described.get("status") != "RUNNING":
            not_running += 1
        if described.get("redriveCount") != 1:
            wrong_count += 1
        tokens = wait_for(lambda: len(tokens_of(api.history(arn))) >= 2 and tokens_of(api.history(arn)), 10)
        if not tokens:
            not_answerable += 1
            continue
        status, _ = api.call("SendTaskSuccess", {"taskToken": tokens[-1], "output": '{"second": true}'})
        if status != 200:
            not_answerable += 1
            continue
        if not wait_for(lambda: api.describe(arn)[1].get("status") == "SUCCEEDED", 10):
            not_succeeded += 1
    server.kill()
    return {
        "redriven": len(redriven),
        "not_running_after_restart": not_running,
        "redrive_count_wrong": wrong_count,
        "new_token_not_answerable": not_answerable,
        "not_succeeded_after_answer": not_succeeded,
        "ok": len(redriven) == n and not (not_running or wrong_count or not_answerable or not_succeeded),
    }


def check_delete_then_kill(check):
    data = check.data_dir()
    server, api = serve(check, data)
    idle = [api.machine(f"idle{i}", SHORT) for i in range(10)]
    busy = [api.machine(f"busy{i}", WAIT5) for i in range(5)]
    executions = [api.start(m)[1]["executionArn"] for m in busy]
    for m in idle + busy:
        api.ok("DeleteStateMachine", {"stateMachineArn": m})
    server.kill()
    server, api = serve(check, data)
    back = 0
    for m in idle:
        status, answer = api.call("DescribeStateMachine", {"stateMachineArn": m})
        if status == 200:
            back += 1
    active = 0
    for m in busy:
        status, answer = api.call("DescribeStateMachine", {"stateMachineArn": m})
        if status == 200 and answer.get("status") != "DELETING":
            active += 1
    # Once the Wait ends, each execution fails at its transition and the machine is gone.
    ended = wait_for(lambda: all(api.describe(e)[1].get("status") != "RUNNING" for e in executions), 20)
    failed = sum(api.describe(e)[1].get("status") == "FAILED" for e in executions)
    gone = wait_for(
        lambda: all(api.call("DescribeStateMachine", {"stateMachineArn": m})[0] != 200 for m in busy), 10
    )
    server.kill()
    return {
        "deleted_idle": len(idle),
        "idle_back_after_restart": back,
        "deleting_with_execution": len(busy),
        "active_again_after_restart": active,
        "executions_failed_at_transition": failed,
        "deleting_gone_after_end": bool(gone),
        "ok": back == 0 and active == 0 and bool(ended) and bool(gone),
    }


def task_end_seconds(history):
    """Seconds from TaskScheduled to the task's end, and the end's type/error."""
    scheduled = end = None
    for event in history or []:
        if event["type"] == "TaskScheduled":
            scheduled = event["timestamp"]
        if event["type"] in ("TaskTimedOut", "TaskSucceeded", "TaskFailed"):
            end = event
    if scheduled is None or end is None:
        return None, None
    details = end.get("taskTimedOutEventDetails", {})
    return round(end["timestamp"] - scheduled, 2), details.get("error", end["type"])


def check_deadlines_after_kill(check):
    data = check.data_dir()
    server, api = serve(check, data)
    cases = {
        # name: (HeartbeatSeconds, TimeoutSeconds, heartbeat at, kill at, expected end)
        "heartbeat 4, timeout 5, no heartbeat": (4, 5, None, 2.5, 4.0),
        "heartbeat 4, timeout 5, heartbeat at 2 s": (4, 5, 2.0, 2.5, 5.0),
        "heartbeat 4, timeout 10, heartbeat at 2 s": (4, 10, 2.0, 2.5, 6.0),
    }
    arns = {}
    began = time.time()
    for name, (hb, to, _, _, _) in cases.items():
        text = definition({"Ask": callback(extra={"HeartbeatSeconds": hb, "TimeoutSeconds": to})}, "Ask")
        machine = api.machine(re.sub(r"[^a-z0-9]", "", name), text)
        arns[name] = api.start(machine)[1]["executionArn"]
    tokens = {name: wait_for(lambda: tokens_of(api.history(a)), 10)[0] for name, a in arns.items()}
    time.sleep(max(0, began + 2.0 - time.time()))
    for name, (_, _, beat, _, _) in cases.items():
        if beat is not None:
            api.call("SendTaskHeartbeat", {"taskToken": tokens[name]})
    time.sleep(max(0, began + 2.5 - time.time()))
    server.kill()
    time.sleep(1.0)
    server, api = serve(check, data)
    results, worst = {}, 0.0
    for name, arn in arns.items():
        wait_for(lambda: api.describe(arn)[1].get("status") != "RUNNING", 25, 0.2)
        took, how = task_end_seconds(api.history(arn))
        expected = cases[name][4]
        results[name] = {"ended_after_s": took, "how": how, "expected_s": expected}
        if took is None:
            worst = float("inf")
        else:
            worst = max(worst, abs(took - expected))
    server.kill()
    return {"cases": results, "worst_error_s": worst, "ok": worst < 1.0}


def check_reanswer_closed(check):
    data = check.data_dir()
    server, api = serve(check, data)
    twice = api.machine("twice", ASK_TWICE)
    arns = [api.start(twice)[1]["executionArn"] for _ in range(5)]
    firsts = []
    for arn in arns:
        tok = wait_for(lambda: tokens_of(api.history(arn)), 10)[0]
        api.ok("SendTaskSuccess", {"taskToken": tok, "output": "{}"})
        firsts.append(tok)
        wait_for(lambda: len(tokens_of(api.history(arn))) >= 2, 10)
    answers = {}
    for how in ("kill", "sigterm"):
        if how == "kill":
            server.kill()
        else:
            server.sigterm()
        server, api = serve(check, data)
        got = []
        for tok in firsts:
            status, answer = api.call("SendTaskSuccess", {"taskToken": tok, "output": "{}"})
            got.append("200" if status == 200 else api.error(status, answer))
        answers[how] = got
    server.kill()
    wrong = sum(a != "TaskTimedOut" for got in answers.values() for a in got)
    return {"answers_after_restart": answers, "not_task_timed_out": wrong, "ok": wrong == 0}


def map_across_restart(check, how, items, concurrency, running_s, ending_s, step):
    """A Distributed Map of `items` Waits of 1 s (at most `concurrency` at once), stopped by
    SIGTERM or kill -9 `running_s` seconds in, and the server restarted on its data: the
    restarted server and its API (still serving), the execution, its status once it ended
    (None while it ran past `ending_s` seconds, polled every `step`), the seconds it took, and
    the SIGTERM's exit time."""
    data = check.data_dir()
    server, api = serve(check, data)
    text = definition(
        {
            "M": {
                "Type": "Map",
                "MaxConcurrency": concurrency,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W",
                    "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}},
                },
                "End": True,
            }
        },
        "M",
    )
    machine = api.machine("mapper", text)
    arn = api.start(machine, input_=json.dumps(list(range(items))))[1]["executionArn"]
    time.sleep(running_s)
    if how == "sigterm":
        exit_s = server.sigterm()
    else:
        server.kill()
        exit_s = None
    server, api = serve(check, data)
    began = time.time()
    status = wait_for(lambda: (lambda s: s if s != "RUNNING" else None)(api.describe(arn)[1].get("status")), ending_s, step)
    return server, api, arn, status, time.time() - began, exit_s


def map_after(check, how):
    items = 400 if check.quick else 2000
    server, _, _, status, took, exit_s = map_across_restart(check, how, items, 250, 3, 90, 0.5)
    server.kill()
    return {
        "items": items,
        "sigterm_exit_s": round(exit_s, 2) if exit_s is not None else None,
        "status_after_restart": status or "RUNNING",
        "seconds_to_end": round(took, 1),
        "log": [l for l in server.log if "cannot be resumed" in l][:3],
        "ok": status == "SUCCEEDED" and (exit_s is None or exit_s < 5),
    }


def check_map_after_sigterm(check):
    return map_after(check, "sigterm")


def check_map_after_kill(check):
    return map_after(check, "kill")


def check_starts_around_sigterm(check):
    data = check.data_dir()
    server, api = serve(check, data)
    waiter = api.machine("waiter", WAIT30)
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def client(i):
        own = Api(server.address, timeout=10)
        k = 0
        while not stop.is_set():
            status, answer = own.start(waiter, f"s{i}-{k}")
            k += 1
            if status == 200:
                with lock:
                    acked.append((time.time(), answer["executionArn"]))
            elif status is None:
                return

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    time.sleep(2)
    signalled = time.time()
    exit_s = server.sigterm()
    stop.set()
    for t in threads:
        t.join()
    after = sum(t > signalled for t, _ in acked)
    server, api = serve(check, data)
    missing = sum(api.describe(a)[0] != 200 for _, a in acked)
    not_running = sum(api.describe(a)[1].get("status") not in ("RUNNING", None) for _, a in acked)
    server.kill()
    return {
        "acknowledged": len(acked),
        "acknowledged_after_signal": after,
        "acknowledged_but_missing": missing,
        "acknowledged_not_running": not_running,
        "sigterm_exit_s": round(exit_s, 2),
        "ok": missing == 0 and not_running == 0 and exit_s < 5,
    }


def check_waits_after_kill(check):
    n = 1000 if check.quick else 5000
    data = check.data_dir()
    server, api = serve(check, data)
    waiter = api.machine("wait3", WAIT3)
    began = time.time()
    killed = threading.Event()
    # Killed 3.2 s after the first start: the first Waits end as the last ones start.
    threading.Timer(3.2, lambda: (server.kill(), killed.set())).start()
    results = parallel(16, lambda i: api.start(waiter) if not killed.is_set() else (None, None), list(range(n)))
    arns = [a["executionArn"] for s, a in results if s == 200]
    killed.wait()
    server = Server(check.binary, data)
    restarted = time.time()
    server.start()
    start_s = time.time() - restarted
    api = Api(server.address)
    time.sleep(max(0, restarted + 60 - time.time()) if not check.quick else 15)
    statuses = parallel(16, lambda a: api.describe(a)[1].get("status"), arns)
    running = sum(s == "RUNNING" for s in statuses)
    server.kill()
    return {
        "waits": len(arns),
        "restart_s": round(start_s, 2),
        "running_after_wait": running,
        "ok": running == 0,
    }


def in_namespace():
    """Whether this process may mount (root, for tmpfs and bind mounts)."""
    return os.geteuid() == 0


def tmpfs(path, size):
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], check=True)


def check_full_disk(check):
    if not in_namespace():
        return {"skipped": "needs root (a tmpfs mount)", "ok": None}
    data = check.data_dir()
    tmpfs(data, "3m")
    try:
        server = Server(check.binary, data)
        server.start()
        api = Api(server.address, timeout=20)
        short = api.machine("short", SHORT)
        acked, errors = [], 0
        deadline = time.time() + (20 if check.quick else 40)
        # Executions that end a second after they start, some with a large input: the disk
        # fills while they run and end.
        while time.time() < deadline and errors < 300:
            results = parallel(
                8,
                lambda i: api.start(short, input_=json.dumps({"pad": "x" * (3000 if i % 4 == 0 else 10)})),
                list(range(64)),
            )
            for s, a in results:
                if s == 200:
                    acked.append(a["executionArn"])
                else:
                    errors += 1
        # The outage: the disk stays full while the running ones end, then the server is
        # stopped, the disk grows, and a server starts again.
        time.sleep(3)
        server.sigterm()
        subprocess.run(["mount", "-o", "remount,size=64m", data], check=True)
        server = Server(check.binary, data)
        err = server.start(expect_failure=True)
        if err:
            return {"acknowledged": len(acked), "refused_while_full": errors, "restart_failed": err.strip()[:300], "ok": False}
        api = Api(server.address)
        time.sleep(5)
        statuses = parallel(8, lambda a: api.describe(a)[1].get("status"), acked)
        running = sum(s == "RUNNING" for s in statuses)
        missing = sum(s is None for s in statuses)
        server.kill()
        return {
            "acknowledged": len(acked),
            "refused_while_full": errors,
            "running_5s_after_restart": running,
            "acknowledged_but_missing": missing,
            "ok": running == 0 and missing == 0,
        }
    finally:
        subprocess.run(["umount", "-l", data])


def check_unwritable_database(check):
    if not in_namespace():
        return {"skipped": "needs root (bind mounts)", "ok": None}
    cases = {}
    # A database file mounted read-only, in a directory the server can write.
    data = check.data_dir()
    server = Server(check.binary, data)
    server.start()
    Api(server.address).machine("m", SHORT)
    server.sigterm()
    db = os.path.join(data, "workflow-serve.sqlite3")
    for leftover in ("-wal", "-shm"):
        if os.path.exists(db + leftover):
            os.remove(db + leftover)
    subprocess.run(["mount", "--bind", db, db], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", db], check=True)
    try:
        cases["read-only file"] = refused_or_served(check.binary, data, db)
    finally:
        subprocess.run(["umount", "-l", db])
    # A read-only directory (mount).
    data = check.data_dir()
    server = Server(check.binary, data)
    server.start()
    server.sigterm()
    subprocess.run(["mount", "--bind", data, data], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", data], check=True)
    try:
        cases["read-only mount"] = refused_or_served(check.binary, data, "workflow-serve")
    finally:
        subprocess.run(["umount", "-l", data])
    # A full file system at start.
    data = check.data_dir()
    tmpfs(data, "4m")
    try:
        server = Server(check.binary, data)
        server.start()
        Api(server.address).machine("m", SHORT)
        server.sigterm()
        filler = open(os.path.join(data, "filler"), "wb", buffering=0)
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass
        try:
            filler.close()
        except OSError:
            pass
        cases["full file system"] = refused_or_served(check.binary, data, "workflow-serve.sqlite3")
    finally:
        subprocess.run(["umount", "-l", data])
    # A damaged file (its middle overwritten).
    data = check.data_dir()
    server, api = serve(check, data)
    m = api.machine("m", SHORT)
    for _ in range(50):
        api.start(m)
    server.sigterm()
    db = os.path.join(data, "workflow-serve.sqlite3")
    # Everything in the main file (no write-ahead log left over), then its pages after the
    # first two overwritten: live data damaged.
    import sqlite3

    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    size = os.path.getsize(db)
    with open(db, "r+b") as f:
        for offset in range(2 * 4096, size, 4 * 4096):
            f.seek(offset)
            f.write(os.urandom(4096))
    cases["damaged file"] = refused_or_served(check.binary, data, "workflow-serve.sqlite3")
    ok = all(c["refused"] and c["names_file"] for c in cases.values())
    return {"cases": cases, "ok": ok}


def refused_or_served(binary, data, name):
    server = Server(binary, data)
    err = server.start(expect_failure=True)
    if err is not None:
        return {"refused": True, "names_file": name in err, "message": err.strip()[:240]}
    api = Api(server.address)
    status, answer = api.call(
        "CreateStateMachine", {"name": "after", "definition": SHORT, "roleArn": ROLE}
    )
    server.kill()
    return {"refused": False, "names_file": False, "write_answered": status, "error": api.error(status, answer)}


def check_long_polls(check):
    results = {}
    for n in (1000, 10000):
        data = check.data_dir()
        server = Server(check.binary, data, ["--max-connections", str(n + 100)])
        server.start()
        api = Api(server.address)
        activity = api.ok("CreateActivity", {"name": "polled"})["activityArn"]
        base = server.threads()
        host, port = server.address.rsplit(":", 1)
        body = json.dumps({"activityArn": activity, "workerName": "w"})
        request = (
            f"POST / HTTP/1.1\r\nHost: {server.address}\r\nContent-Type: application/x-amz-json-1.0\r\n"
            f"X-Amz-Target: AWSStepFunctions.GetActivityTask\r\nContent-Length: {len(body)}\r\n\r\n{body}"
        ).encode()
        sockets = []
        try:
            for _ in range(n):
                s = socket.create_connection((host, int(port)))
                s.sendall(request)
                sockets.append(s)
            time.sleep(3)
            threads = server.threads()
            rss = server.rss_kib()
        except OSError as e:
            threads, rss = f"failed: {e}", None
        for s in sockets:
            s.close()
        server.kill()
        results[str(n)] = {"threads_idle": base, "threads_polling": threads, "rss_kib": rss}
    ok = all(isinstance(r["threads_polling"], int) and r["threads_polling"] <= 48 for r in results.values())
    return {"polls": results, "ok": ok}


def check_memory_at_restart(check):
    """Resident memory per stored execution after a restart (a 2-state machine's, ended)."""
    n = 10000 if check.quick else 50000
    chain = definition({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}}, "A")

    def restarted_rss(count):
        data = check.data_dir()
        server, api = serve(check, data)
        machine = api.machine("chain", chain)
        if count:
            parallel(16, lambda i: api.start(machine, f"m{i}"), list(range(count)))
            # Every one ended (the last ones listed ended).
            wait_for(
                lambda: all(
                    e["status"] != "RUNNING"
                    for e in api.ok("ListExecutions", {"stateMachineArn": machine, "maxResults": 100})["executions"]
                ),
                60,
                0.2,
            )
        server.sigterm()
        server = Server(check.binary, data)
        began = time.time()
        server.start()
        start_s = time.time() - began
        api = Api(server.address)
        api.ok("ListExecutions", {"stateMachineArn": machine, "maxResults": 10})
        time.sleep(1)
        rss = server.rss_kib()
        server.kill()
        return rss, start_s

    empty, _ = restarted_rss(0)
    full, start_s = restarted_rss(n)
    per = (full - empty) * 1024 / n
    return {
        "executions": n,
        "rss_empty_kib": empty,
        "rss_kib": full,
        "bytes_per_execution": round(per),
        "restart_s": round(start_s, 2),
        "ok": per <= 1024,
    }


# --- Issue 71's classes ---


FANOUT = definition(
    {
        "Fan": {
            "Type": "Parallel",
            "End": True,
            "Branches": [
                {"StartAt": f"B{i}", "States": {f"B{i}": callback(f"B{i}")}} for i in range(8)
            ],
        }
    },
    "Fan",
)


def open_tokens(api, arn, want, seconds=20):
    """The task tokens `arn`'s history shows once it shows `want` of them."""
    return wait_for(lambda: (lambda t: t if len(t) >= want else None)(tokens_of(api.history(arn))), seconds) or []


def task_end_of(history, token):
    """The event type that closes `token`'s task in `history` (its TaskScheduled's chain)."""
    scheduled = None
    for event in history or []:
        if event["type"] == "TaskScheduled":
            params = json.loads(event["taskScheduledEventDetails"]["parameters"])
            if params.get("MessageBody", {}).get("token") == token:
                scheduled = event["id"]
    if scheduled is None:
        return None
    chain = {scheduled}
    for event in history:
        if event.get("previousEventId") in chain:
            if event["type"] in ("TaskSucceeded", "TaskFailed", "TaskTimedOut"):
                return event["type"]
            if event["type"].startswith("Task"):
                chain.add(event["id"])
    return None


def check_answers_race_stop(check):
    """SendTaskSuccess racing StopExecution of the same execution (a Parallel's eight open
    tasks answered at once while it is stopped): every answer acknowledged is in the history
    (its TaskSucceeded), before and after a kill -9."""
    data = check.data_dir()
    server, api = serve(check, data)
    machine = api.machine("fanout", FANOUT)
    rounds = 10 if check.quick else 40
    acked, refused, lost_live = [], 0, 0
    for round_ in range(rounds):
        arn = api.start(machine, name=f"race-{round_}")[1]["executionArn"]
        tokens = open_tokens(api, arn, 8)
        go = threading.Event()
        results = {}

        def answer(token):
            go.wait()
            results[token] = api.call("SendTaskSuccess", {"taskToken": token, "output": "{}"})

        def stop():
            go.wait()
            time.sleep(random.random() * 0.004)
            results["stop"] = api.call("StopExecution", {"executionArn": arn})

        threads = [threading.Thread(target=answer, args=(t,)) for t in tokens]
        threads.append(threading.Thread(target=stop))
        for t in threads:
            t.start()
        go.set()
        for t in threads:
            t.join()
        history = api.history(arn)
        for token in tokens:
            status, _ = results.get(token, (None, None))
            if status == 200:
                acked.append((arn, token))
                if task_end_of(history, token) != "TaskSucceeded":
                    lost_live += 1
            else:
                refused += 1
    server.kill()
    server, api = serve(check, data)
    histories = {arn: api.history(arn) for arn in {a for a, _ in acked}}
    lost_restart = sum(task_end_of(histories[a], t) != "TaskSucceeded" for a, t in acked)
    server.kill()
    return {
        "answers_acknowledged": len(acked),
        "answers_refused": refused,
        "acknowledged_not_in_history": lost_live,
        "acknowledged_not_in_history_after_kill": lost_restart,
        "ok": lost_live == 0 and lost_restart == 0,
    }


def sync_children(check, how):
    """Parents that start a `states:startExecution.sync:2` child without a name, stopped by
    SIGTERM or kill -9 while their children run: after the restart each parent has one child."""
    data = check.data_dir()
    server, api = serve(check, data)
    child = api.machine("child", WAIT3)
    parent = api.machine(
        "parent",
        definition(
            {
                "Run": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": child, "Input": {"from.$": "$$.Execution.Id"}},
                    "End": True,
                }
            },
            "Run",
        ),
    )
    parents = 10 if check.quick else 20
    arns = [api.start(parent, name=f"p{i}")[1]["executionArn"] for i in range(parents)]
    wait_for(lambda: len(api.ok("ListExecutions", {"stateMachineArn": child})["executions"]) >= parents, 10)
    time.sleep(0.5)
    if how == "sigterm":
        server.sigterm()
    else:
        server.kill()
    server, api = serve(check, data)
    ended = wait_for(lambda: all(api.describe(a)[1].get("status") != "RUNNING" for a in arns), 60, 0.5)
    children = []
    token = None
    while True:
        body = {"stateMachineArn": child, "maxResults": 1000}
        if token:
            body["nextToken"] = token
        page = api.ok("ListExecutions", body)
        children += page["executions"]
        token = page.get("nextToken")
        if not token:
            break
    statuses = [api.describe(a)[1].get("status") for a in arns]
    server.kill()
    return {
        "parents": parents,
        "children": len(children),
        "parents_succeeded": statuses.count("SUCCEEDED"),
        "all_ended": bool(ended),
        "ok": len(children) == parents and statuses.count("SUCCEEDED") == parents,
    }


def check_sync_children_after_sigterm(check):
    return sync_children(check, "sigterm")


def check_sync_children_after_kill(check):
    return sync_children(check, "kill")


def check_version_numbers_after_kill(check):
    """A version number deleted before a kill -9 is not given again: AWS never reuses one."""
    data = check.data_dir()
    server, api = serve(check, data)
    arn = api.machine("versioned", SHORT)
    numbers = []
    for i in range(3):
        if i:
            api.ok("UpdateStateMachine", {"stateMachineArn": arn, "definition": SHORT.replace('"n": 1', f'"n": {i + 1}')})
        numbers.append(api.ok("PublishStateMachineVersion", {"stateMachineArn": arn})["stateMachineVersionArn"])
    # The last two deleted: the next number is still 4.
    for version in numbers[1:]:
        api.ok("DeleteStateMachineVersion", {"stateMachineVersionArn": version})
    server.kill()
    server, api = serve(check, data)
    api.ok("UpdateStateMachine", {"stateMachineArn": arn, "definition": SHORT.replace('"n": 1', '"n": 9')})
    after = api.ok("PublishStateMachineVersion", {"stateMachineArn": arn})["stateMachineVersionArn"]
    server.kill()
    number = int(after.rsplit(":", 1)[1])
    return {"published": [int(n.rsplit(":", 1)[1]) for n in numbers], "deleted": [2, 3], "after_kill": number, "ok": number == 4}


def check_map_run_counts(check):
    """A Map Run that fails before all its items start: its counts add up to its totals."""
    data = check.data_dir()
    server, api = serve(check, data)
    text = definition(
        {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 2,
                "ToleratedFailureCount": 0,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "C",
                    "States": {
                        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "F"}], "Default": "W"},
                        "W": {"Type": "Wait", "Seconds": 1, "End": True},
                        "F": {"Type": "Fail", "Error": "Item.Failed"},
                    },
                },
                "End": True,
            }
        },
        "M",
    )
    machine = api.machine("failing-map", text)
    arn = api.start(machine, input_=json.dumps(list(range(1, 41))))[1]["executionArn"]
    wait_for(lambda: api.describe(arn)[1].get("status") != "RUNNING", 30, 0.2)
    runs = api.ok("ListMapRuns", {"executionArn": arn})["mapRuns"]
    bad = []
    for run in runs:
        described = api.ok("DescribeMapRun", {"mapRunArn": run["mapRunArn"]})
        for kind in ("itemCounts", "executionCounts"):
            c = described[kind]
            parts = sum(c[k] for k in ("pending", "running", "succeeded", "failed", "timedOut", "aborted"))
            if parts != c["total"]:
                bad.append({kind: c})
    server.kill()
    return {"map_runs": len(runs), "counts_not_adding_up": bad, "ok": bool(runs) and not bad}


def reconciled(api, arn):
    """Each Map Run of the execution `arn`: its `DescribeMapRun` counts against its children
    as `ListExecutions` lists them (every page): the execution counts equal the listed
    children's statuses, and the item counts the same, an item never started counted aborted."""
    out = []
    for run in api.ok("ListMapRuns", {"executionArn": arn})["mapRuns"]:
        described = api.ok("DescribeMapRun", {"mapRunArn": run["mapRunArn"]})
        listed, token = {}, None
        while True:
            body = {"mapRunArn": run["mapRunArn"], "maxResults": 1000}
            if token:
                body["nextToken"] = token
            page = api.ok("ListExecutions", body)
            for e in page["executions"]:
                listed[e["status"]] = listed.get(e["status"], 0) + 1
            token = page.get("nextToken")
            if not token:
                break
        names = {"SUCCEEDED": "succeeded", "FAILED": "failed", "TIMED_OUT": "timedOut", "ABORTED": "aborted", "RUNNING": "running"}
        children = {names[k]: v for k, v in listed.items()}
        started = sum(listed.values())
        e, i = described["executionCounts"], described["itemCounts"]
        wrong = [k for k in names.values() if e[k] != children.get(k, 0)]
        if e["total"] != started:
            wrong.append("total")
        items = i["total"]
        for k in ("succeeded", "failed", "timedOut", "running"):
            if i[k] != children.get(k, 0):
                wrong.append(f"items.{k}")
        if i["aborted"] != children.get("aborted", 0) + (items - started):
            wrong.append("items.aborted")
        out.append({"listed": children, "executionCounts": e, "itemCounts": i, "wrong": wrong})
    return out


def check_map_run_counts_after_kill(check):
    """A Map Run failing on its tolerance with items not started, killed -9 while its children
    run (at several moments: before, as and after its first children end, as one fails) and
    resumed: its counts equal its listed children's statuses, as without the kill."""
    text = definition(
        {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 6,
                "ToleratedFailureCount": 0,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W",
                    "States": {
                        "W": {"Type": "Wait", "Seconds": 2, "Next": "C"},
                        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 9, "Next": "F"}], "Default": "P"},
                        "P": {"Type": "Pass", "End": True},
                        "F": {"Type": "Fail", "Error": "Item.Failed"},
                    },
                },
                "End": True,
            }
        },
        "M",
    )
    rounds = []
    # Items 1 to 6 wait from 0 s to 2 s, 7 to 12 from 2 s to 4 s; item 9 fails at 4 s.
    for kill_s in ([1.0, 3.0] if check.quick else [0.3, 1.0, 1.95, 2.1, 3.0, 3.98, 4.05]):
        data = check.data_dir()
        server, api = serve(check, data)
        machine = api.machine("failing-map", text)
        arn = api.start(machine, input_=json.dumps(list(range(1, 50))))[1]["executionArn"]
        time.sleep(kill_s)
        server.kill()
        server, api = serve(check, data)
        status = wait_for(lambda: (lambda s: s if s != "RUNNING" else None)(api.describe(arn)[1].get("status")), 60, 0.2)
        runs = reconciled(api, arn)
        server.kill()
        rounds.append({"kill_s": kill_s, "status": status, "map_runs": runs})
    broken = [r for r in rounds if r["status"] != "FAILED" or not r["map_runs"] or any(m["wrong"] for m in r["map_runs"])]
    return {
        "rounds": len(rounds),
        "listed": [m["listed"] for r in rounds for m in r["map_runs"]],
        "broken": broken,
        "ok": not broken,
    }

def check_concurrent_starts(check):
    """2,400 clients (600 with --quick) each open a connection at once and send one
    StartExecution, past the server's cap of 512 connections: every one is answered (200, or
    refused in AWS's words), none reset unanswered, and the executions are the 200s."""
    import resource

    n = 600 if check.quick else 2400
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 256), hard))
    data = check.data_dir()
    server, api = serve(check, data)
    machine = api.machine("chain", definition({"A": {"Type": "Pass", "End": True}}, "A"))
    host, port = server.address.rsplit(":", 1)
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def one(i):
        body = json.dumps({"stateMachineArn": machine, "name": f"s{i}", "input": "{}"})
        barrier.wait()
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        try:
            conn.request("POST", "/", body=body, headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "AWSStepFunctions.StartExecution"})
            response = conn.getresponse()
            answer = json.loads(response.read() or b"{}")
            outcomes[i] = (response.status, answer.get("executionArn") or answer.get("__type"))
        except (OSError, http.client.HTTPException) as e:
            outcomes[i] = (None, type(e).__name__)
        finally:
            conn.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    began = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - began
    ok = [o[1] for o in outcomes if o and o[0] == 200]
    refused = [o for o in outcomes if o and o[0] not in (200, None)]
    unanswered = [o for o in outcomes if not o or o[0] is None]
    held, token = set(), None
    while True:
        body = {"stateMachineArn": machine, "maxResults": 1000}
        if token:
            body["nextToken"] = token
        page = api.ok("ListExecutions", body)
        held |= {e["executionArn"] for e in page["executions"]}
        token = page.get("nextToken")
        if not token:
            break
    server.kill()
    return {
        "clients": n,
        "answered_200": len(ok),
        "refused": len(refused),
        "refusals": sorted({str(o[1]) for o in refused})[:5],
        "unanswered": len(unanswered),
        "unanswered_why": sorted({o[1] for o in unanswered if o})[:5],
        "executions_equal_200s": held == set(ok),
        "seconds": round(took, 2),
        "ok": not unanswered and held == set(ok) and all(o[1] == "ThrottlingException" for o in refused),
    }


def check_describe_map_run_churn(check):
    """DescribeMapRun of Map Runs as they end, under churn: never ResourceNotFound once found."""
    data = check.data_dir()
    server, api = serve(check, data)
    text = definition(
        {
            "M": {
                "Type": "Map",
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "End": True}},
                },
                "Next": "After",
            },
            "After": {"Type": "Pass", "End": True},
        },
        "M",
    )
    machine = api.machine("churn", text)
    executions = 100 if check.quick else 400
    calls, not_found, lock = [0], [0], threading.Lock()

    def one(i):
        arn = api.start(machine, input_="[1,2,3]")[1]["executionArn"]
        map_run, seen = None, False
        deadline = time.time() + 30
        while time.time() < deadline:
            if map_run is None:
                history = api.history(arn) or []
                started = [e for e in history if e["type"] == "MapRunStarted"]
                if started:
                    map_run = started[0]["mapRunStartedEventDetails"]["mapRunArn"]
                continue
            status, answer = api.call("DescribeMapRun", {"mapRunArn": map_run})
            with lock:
                calls[0] += 1
                if status != 200 and seen:
                    not_found[0] += 1
            seen = seen or status == 200
            if status == 200 and answer.get("status") != "RUNNING":
                return

    parallel(8, one, list(range(executions)))
    server.kill()
    return {"describe_calls": calls[0], "not_found_after_found": not_found[0], "ok": not_found[0] == 0}


def check_old_activity_tokens(check):
    """Answering an activity task whose token was issued before a kill -9 takes as long as
    answering one issued after: its median at most three times the new tokens' and 5 ms."""
    data = check.data_dir()
    server, api = serve(check, data)
    activity = api.ok("CreateActivity", {"name": "work"})["activityArn"]
    text = definition(
        {
            "Do": {"Type": "Task", "Resource": activity, "TimeoutSeconds": 600, "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 2, "End": True},
        },
        "Do",
    )
    machine = api.machine("worked", text)
    n = 10 if check.quick else 30

    def take():
        return api.ok("GetActivityTask", {"activityArn": activity, "workerName": "w"}).get("taskToken")

    for i in range(n):
        api.start(machine, name=f"old-{i}")
    old = [t for t in (take() for _ in range(n)) if t]
    server.kill()
    server, api = serve(check, data)

    def timed(token):
        began = time.time()
        status, _ = api.call("SendTaskSuccess", {"taskToken": token, "output": "{}"})
        return time.time() - began, status

    old_times = [timed(t) for t in old]
    for i in range(n):
        api.start(machine, name=f"new-{i}")
    new = [t for t in (take() for _ in range(n)) if t]
    new_times = [timed(t) for t in new]
    server.kill()
    median = lambda xs: sorted(xs)[len(xs) // 2] if xs else None
    old_ms = median([t for t, _ in old_times])
    new_ms = median([t for t, _ in new_times])
    return {
        "old_tokens": len(old),
        "old_answered_200": sum(s == 200 for _, s in old_times),
        "old_median_ms": round(old_ms * 1000, 1) if old_ms is not None else None,
        "new_median_ms": round(new_ms * 1000, 1) if new_ms is not None else None,
        "ok": bool(old) and all(s == 200 for _, s in old_times) and old_ms is not None and old_ms <= 3 * new_ms + 0.005,
    }


def big_map(check, how):
    """A Distributed Map of 5,000 items (at most 50 at once) stopped by SIGTERM or kill -9 in
    the middle: it ends after the restart, every item once."""
    items = 1000 if check.quick else 5000
    server, api, arn, status, took, exit_s = map_across_restart(check, how, items, 50, 8, items / 50 * 1.5 + 60, 1)
    runs = api.ok("ListMapRuns", {"executionArn": arn})["mapRuns"]
    counts = api.ok("DescribeMapRun", {"mapRunArn": runs[0]["mapRunArn"]})["itemCounts"] if runs else {}
    server.kill()
    return {
        "items": items,
        "sigterm_exit_s": round(exit_s, 2) if exit_s is not None else None,
        "status_after_restart": status or "RUNNING",
        "seconds_to_end": round(took, 1),
        "item_counts": counts,
        "ok": status == "SUCCEEDED" and counts.get("succeeded") == items and (exit_s is None or exit_s < 5),
    }


def check_big_map_after_sigterm(check):
    return big_map(check, "sigterm")


def check_big_map_after_kill(check):
    return big_map(check, "kill")


def check_full_disk_recovers(check):
    """A data directory that fills up, then has room again, with no restart: writes succeed
    again at once, and nothing acknowledged is lost (nor stays RUNNING)."""
    if not in_namespace():
        return {"skipped": "needs root (a tmpfs mount)", "ok": None}
    data = check.data_dir()
    tmpfs(data, "3m")
    try:
        server = Server(check.binary, data)
        server.start()
        api = Api(server.address, timeout=20)
        short = api.machine("short", SHORT)
        acked, errors = [], 0
        deadline = time.time() + 30
        while time.time() < deadline and errors < 100:
            for status, answer in parallel(8, lambda i: api.start(short, input_=json.dumps({"pad": "x" * 3000})), list(range(32))):
                if status == 200:
                    acked.append(answer["executionArn"])
                else:
                    errors += 1
        time.sleep(2)
        subprocess.run(["mount", "-o", "remount,size=64m", data], check=True)
        recovered_after = None
        began = time.time()
        while time.time() - began < 30:
            status, answer = api.start(short)
            if status == 200:
                recovered_after = time.time() - began
                acked.append(answer["executionArn"])
                break
            time.sleep(0.1)
        after = [api.start(short) for _ in range(20)]
        acked += [a["executionArn"] for s, a in after if s == 200]
        time.sleep(4)
        statuses = parallel(8, lambda a: api.describe(a)[1].get("status"), acked)
        server.kill()
        server = Server(check.binary, data)
        server.start()
        api = Api(server.address)
        time.sleep(3)
        after_restart = parallel(8, lambda a: api.describe(a)[1].get("status"), acked)
        server.kill()
        return {
            "acknowledged": len(acked),
            "refused_while_full": errors,
            "first_write_after_room_s": round(recovered_after, 2) if recovered_after is not None else None,
            "writes_after_room": sum(s == 200 for s, _ in after),
            "running_4s_after_room": sum(s == "RUNNING" for s in statuses),
            "missing_after_restart": sum(s is None for s in after_restart),
            "ok": recovered_after is not None and recovered_after < 5 and all(s == 200 for s, _ in after)
            and not any(s == "RUNNING" for s in statuses) and all(s is not None for s in after_restart),
        }
    finally:
        subprocess.run(["umount", "-l", data])



def definition_states(states, start):
    return {"StartAt": start, "States": states}


PARALLEL_WAITS = definition(
    {
        "P": {
            "Type": "Parallel",
            "Branches": [
                definition_states(
                    {f"W{s}": {"Type": "Wait", "Seconds": s, "Next": f"X{s}"}, f"X{s}": {"Type": "Pass", "End": True}},
                    f"W{s}",
                )
                for s in (1, 2, 3)
            ],
            "Next": "After",
        },
        "After": {"Type": "Pass", "End": True},
    },
    "P",
)
MAP_WAITS = definition(
    {
        "M": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 4,
            "ItemProcessor": definition_states({"Item": {"Type": "Wait", "SecondsPath": "$", "End": True}}, "Item"),
            "Next": "After",
        },
        "After": {"Type": "Pass", "End": True},
    },
    "M",
)



def out_of_order(history):
    """The events of `history` timestamped before the event they follow: (id, ms earlier)."""
    found = []
    for before, after in zip(history, history[1:]):
        if after["timestamp"] < before["timestamp"]:
            found.append((after["id"], round((before["timestamp"] - after["timestamp"]) * 1000)))
    return found


def check_timestamps_in_order(check):
    """Executions whose machines are deleted while they run, then kill -9 and a restart: once
    they end, no history has an event timestamped before the one it follows (AWS's histories
    are in time order)."""
    data = check.data_dir()
    server, api = serve(check, data)
    executions, deleted = [], []
    kinds = [WAIT3, SHORT, PARALLEL_WAITS, MAP_WAITS, ASK]
    for i in range(25):
        text = kinds[i % len(kinds)]
        m = api.machine(f"m{i}", text)
        status, answer = api.start(m, input_=json.dumps({"items": [1, 2, 1, 2, 1, 2]}))
        if status == 200:
            executions.append(answer["executionArn"])
        if i % 2 == 0:
            deleted.append(m)
    time.sleep(random.uniform(0.5, 1.5))
    for m in deleted:
        api.ok("DeleteStateMachine", {"stateMachineArn": m})
    time.sleep(random.uniform(0.0, 0.5))
    server.kill()
    server, api = serve(check, data)
    # The callbacks that nobody answers are stopped once the others ended.
    wait_for(
        lambda: all(
            api.describe(e)[1].get("status") != "RUNNING"
            or any(k in e for k in ("m4:", "m9:", "m14:", "m19:", "m24:"))
            for e in executions
        ),
        30,
    )
    for e in executions:
        if api.describe(e)[1].get("status") == "RUNNING":
            api.call("StopExecution", {"executionArn": e})
    wait_for(lambda: all(api.describe(e)[1].get("status") != "RUNNING" for e in executions), 10)
    backwards = {}
    for e in executions:
        found = out_of_order(api.history(e) or [])
        if found:
            backwards[e.rsplit(":", 2)[-2]] = found
    server.kill()
    return {
        "executions": len(executions),
        "histories_out_of_order": len(backwards),
        "examples": dict(list(backwards.items())[:3]),
        "ok": len(executions) == 25 and not backwards,
    }

CHECKS = [
    "ended_then_sigterm",
    "ended_then_kill",
    "answers_then_kill",
    "redrive_then_kill",
    "delete_then_kill",
    "deadlines_after_kill",
    "reanswer_closed",
    "map_after_sigterm",
    "map_after_kill",
    "starts_around_sigterm",
    "waits_after_kill",
    "full_disk",
    "unwritable_database",
    "long_polls",
    "memory_at_restart",
    "answers_race_stop",
    "sync_children_after_sigterm",
    "sync_children_after_kill",
    "version_numbers_after_kill",
    "map_run_counts",
    "map_run_counts_after_kill",
    "concurrent_starts",
    "describe_map_run_churn",
    "old_activity_tokens",
    "big_map_after_sigterm",
    "big_map_after_kill",
    "full_disk_recovers",
    "timestamps_in_order",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--check", action="append", choices=CHECKS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="smaller loads and waits")
    args = parser.parse_args()
    if os.geteuid() == 0 and not os.environ.get("SERVE_FAULTS_NS"):
        # Mounts go in a private mount namespace, gone with the process.
        os.environ["SERVE_FAULTS_NS"] = "1"
        os.execvp("unshare", ["unshare", "-m", "--propagation", "private", sys.executable, *sys.argv])
    binary = os.path.abspath(args.binary)
    report = {}
    for name in args.check or CHECKS:
        check = Check(binary, args.quick)
        began = time.time()
        try:
            result = globals()[f"check_{name}"](check)
        except Exception as error:  # a check that could not run says why
            result = {"error": f"{type(error).__name__}: {error}", "ok": False}
        finally:
            check.cleanup()
        result["seconds"] = round(time.time() - began, 1)
        report[name] = result
        if not args.json:
            verdict = {True: "ok", False: "FAILED", None: "skipped"}[result.get("ok")]
            shown = {k: v for k, v in result.items() if k != "ok"}
            print(f"{name:24} {verdict:8} {json.dumps(shown)}", flush=True)
    if args.json:
        print(json.dumps({"binary": binary, "checks": report}, indent=2))


if __name__ == "__main__":
    main()
