"""Threads and memory of `workflow serve` while N `GetActivityTask` long polls wait at once.

Usage: python3 long_polls.py BINARY [BINARY ...] [--polls 1000 10000] [--executions 100]
    [--rounds 1] [--json]

For each N and each binary in turn (alternated, `--rounds` times, so that binaries measured in
one run share the machine's state): starts `BINARY serve --port 0 --max-connections N+64` (in
memory), creates an activity, starts `--executions` executions that wait (a one-hour Wait state:
the engine's executions run beside the polls), opens N connections that each send one
`GetActivityTask` for the activity (AWS JSON 1.0 over plain HTTP/1.1; no task is ever scheduled,
so each waits its 60 s), waits until the server has read them all (its threads and RSS steady
for a second), and prints the server's threads and RSS (`/proc/PID/status`) with the polls
waiting, and before them (after the starts). Then the connections are closed and the server
stopped. Standard library only.
"""
import argparse
import json
import re
import resource
import socket
import subprocess
import sys
import time


def status_field(pid, key):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def request(operation, body):
    payload = json.dumps(body).encode()
    head = (
        "POST / HTTP/1.1\r\nHost: localhost\r\n"
        "Content-Type: application/x-amz-json-1.0\r\n"
        f"X-Amz-Target: AWSStepFunctions.{operation}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def call(address, operation, body):
    host, port = address
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(request(operation, body))
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        while len(rest) < length:
            rest += s.recv(65536)
        return json.loads(rest[:length])


WAITING = json.dumps({"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3600, "End": True}}})


def measure(binary, polls, executions):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--max-connections", str(polls + 64)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    sockets = []
    try:
        line = proc.stdout.readline()
        match = re.search(r"listening on http://([^:/]+):(\d+)", line)
        if not match:
            sys.exit(f"long_polls.py: {binary} serve printed {line!r}")
        address = (match.group(1), int(match.group(2)))
        arn = call(address, "CreateActivity", {"name": f"polled-{polls}"})["activityArn"]
        machine = call(address, "CreateStateMachine", {
            "name": "waits", "definition": WAITING,
            "roleArn": "arn:aws:iam::123456789012:role/load"})["stateMachineArn"]
        for n in range(executions):
            call(address, "StartExecution", {"stateMachineArn": machine, "name": f"w{n}"})
        time.sleep(0.5)
        idle = (status_field(proc.pid, "Threads"), status_field(proc.pid, "VmRSS"))
        poll = request("GetActivityTask", {"activityArn": arn, "workerName": "w"})
        for _ in range(polls):
            s = socket.create_connection(address, timeout=30)
            s.sendall(poll)
            sockets.append(s)
        # Steady: the same figures twice, a second apart (the server read every poll).
        last, steady_since = None, time.time()
        deadline = time.time() + 30
        while time.time() < deadline:
            now = (status_field(proc.pid, "Threads"), status_field(proc.pid, "VmRSS"))
            if last is None or abs(now[1] - last[1]) > 256 or now[0] != last[0]:
                last, steady_since = now, time.time()
            elif time.time() - steady_since >= 1.0:
                break
            time.sleep(0.2)
        waiting = (status_field(proc.pid, "Threads"), status_field(proc.pid, "VmRSS"))
        # Every poll still waits: none was answered.
        answered = 0
        for s in sockets:
            s.setblocking(False)
            try:
                if s.recv(1):
                    answered += 1
            except BlockingIOError:
                pass
        return {
            "binary": binary,
            "polls": polls,
            "executions": executions,
            "idle_threads": idle[0],
            "idle_rss_kib": idle[1],
            "threads": waiting[0],
            "rss_kib": waiting[1],
            "answered_early": answered,
        }
    finally:
        for s in sockets:
            s.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--polls", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--executions", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(args.polls) + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    results = []
    for polls in args.polls:
        for _ in range(args.rounds):
            for binary in args.binaries:
                result = measure(binary, polls, args.executions)
                results.append(result)
                if not args.json:
                    print(
                        f"{polls:>6} polls waiting, {args.executions} executions running: {result['threads']:>4} threads, "
                        f"{result['rss_kib']:>7} KiB RSS (before the polls: {result['idle_threads']} threads, "
                        f"{result['idle_rss_kib']} KiB; answered early: {result['answered_early']})  {binary}",
                        flush=True,
                    )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
