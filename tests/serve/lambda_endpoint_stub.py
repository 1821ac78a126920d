"""A stand-in Lambda endpoint, for tests/serve.rs: Lambda's Invoke
(`POST /2015-03-31/functions/NAME/invocations`) as the Lambda API reference describes it, and
Lambda's Runtime API (`/2018-06-01/runtime/…`) for a function process running AWS's runtime —
what cargo-lambda's `cargo lambda watch` serves.

Usage: python lambda_endpoint_stub.py [RUNTIME_FUNCTION]
Prints `listening on PORT`, then serves until killed.

Functions: `MyLambda` echoes its event (the hello-world example's function); `Body` answers
{"body": TEXT}, TEXT the invocation's body as it came; `Double` answers {"doubled": 2 * n} for {"n": n}; `notify_courier` answers {"notified": order} (the order service's callback); `Fail` fails as a function does
(X-Amz-Function-Error: Unhandled, {"errorType", "errorMessage"}); `Work` logs its event as it
arrives, sleeps `sleep` seconds (if given), then fails as `Fail` does (errorType `WorkError`)
when its event says `"fail": true`, or says `"once": true` and no event with the same `case`,
`state` and `item` said so before, and otherwise answers {"done": state, "event": EVENT};
`GET /invocations` lists every `Work` event received, in order, each as {"event", "failed"}; RUNTIME_FUNCTION, when given,
is answered by the process that polls the Runtime API (AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT);
any other name is not found (HTTP 404, ResourceNotFoundException). A body that is not JSON is
refused as Lambda refuses it (HTTP 400, InvalidRequestContentException).
"""

import json
import queue
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INVOKE = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")
ANSWER = re.compile(r"^/2018-06-01/runtime/invocation/([^/]+)/(response|error)$")
RUNTIME_FUNCTION = sys.argv[1] if len(sys.argv) > 1 else None
PENDING = queue.Queue()
ANSWERS = {}
ANSWERED = threading.Condition()
# `Work`'s events, in order, and the (case, state, item) keys that failed once.
INVOCATIONS = []
ONCE = set()
LOCK = threading.Lock()


class Endpoint(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length)

    def do_GET(self):
        if self.path == "/invocations":
            with LOCK:
                return self.answer(200, json.dumps(INVOCATIONS).encode())
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.answer(404, b"{}")
        request_id, payload = PENDING.get()
        self.answer(200, payload, {
            "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30000),
            "Lambda-Runtime-Invoked-Function-Arn":
                f"arn:aws:lambda:us-east-1:123456789012:function:{RUNTIME_FUNCTION}",
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
        })

    def do_POST(self):
        body = self.body()
        answered = ANSWER.match(self.path)
        if answered:
            with ANSWERED:
                ANSWERS[answered.group(1)] = (answered.group(2), body)
                ANSWERED.notify_all()
            return self.answer(202, b'{"status": "OK"}')
        if self.path.startswith("/2018-06-01/runtime/init/error"):
            print(f"init error: {body!r}", file=sys.stderr, flush=True)
            return self.answer(202, b"{}")
        invoked = INVOKE.match(self.path)
        name = invoked.group(1) if invoked else ""
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            # Lambda reads the body as JSON, and refuses one that is not.
            return self.answer(400, json.dumps({
                "Type": "User",
                "message": "Could not parse request body into json: Could not parse payload into json",
            }).encode(), {"x-amzn-ErrorType": "InvalidRequestContentException"})
        if name == "Body":
            # The bytes the invocation carried, as text: what Step Functions sent.
            return self.answer(200, json.dumps({"body": body.decode()}).encode())
        if name == "MyLambda":
            # The hello-world example's function: it echoes its event, as moto's does.
            self.answer(200, json.dumps(payload).encode())
        elif name == "Double":
            self.answer(200, json.dumps({"doubled": 2 * payload["n"]}).encode())
        elif name == "notify_courier":
            # The order service's callback: the courier is told (the answer comes later, with
            # the task token).
            self.answer(200, json.dumps({"notified": payload.get("order")}).encode())
        elif name == "Work":
            event = payload if isinstance(payload, dict) else {}
            key = json.dumps([event.get("case"), event.get("state"), event.get("item")])
            # Logged as it arrives: a call the caller gives up on (a stopped execution's)
            # reached the function all the same.
            with LOCK:
                failed = event.get("fail") is True or (event.get("once") is True and key not in ONCE)
                if event.get("once") is True:
                    ONCE.add(key)
                INVOCATIONS.append({"event": payload, "failed": failed})
            time.sleep(float(event.get("sleep", 0)))
            if failed:
                self.answer(200, json.dumps({"errorType": "WorkError", "errorMessage": "asked to fail",
                                             "trace": []}).encode(),
                            {"X-Amz-Function-Error": "Unhandled"})
            else:
                self.answer(200, json.dumps({"done": event.get("state"), "event": payload}).encode())
        elif name == "Fail":
            self.answer(200, json.dumps({"errorType": "OrderError", "errorMessage": "bad order",
                                         "trace": []}).encode(),
                        {"X-Amz-Function-Error": "Unhandled"})
        elif name == RUNTIME_FUNCTION:
            request_id = str(uuid.uuid4())
            PENDING.put((request_id, body))
            with ANSWERED:
                ANSWERED.wait_for(lambda: request_id in ANSWERS, timeout=30)
                kind, answer = ANSWERS.pop(request_id, ("error", b'{"errorType": "Timeout"}'))
            headers = {"X-Amz-Function-Error": "Unhandled"} if kind == "error" else {}
            self.answer(200, answer, headers)
        else:
            self.answer(404, json.dumps({"Type": "User", "message": f"Function not found: {name}"}).encode(),
                        {"x-amzn-ErrorType": "ResourceNotFoundException"})

    def answer(self, status, data, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The caller gave up on the call (a stopped execution's Task): nothing to answer.
            pass

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    # Room for the connections of tests that call at once (the default backlog is 5).
    request_queue_size = 128


server = Server(("127.0.0.1", 0), Endpoint)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
