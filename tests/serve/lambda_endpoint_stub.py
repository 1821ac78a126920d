"""A stand-in Lambda endpoint answering Lambda's Invoke as the Lambda API reference describes it
(what cargo-lambda's `cargo lambda watch` serves), for tests/serve.rs.

Usage: python lambda_endpoint_stub.py   (prints `listening on PORT`, serves until killed)

Functions: `Double` answers {"doubled": 2 * n} for {"n": n}; `Fail` fails as a function does
(X-Amz-Function-Error: Unhandled, {"errorType", "errorMessage"}); any other name is not
found (HTTP 404, ResourceNotFoundException).
"""

import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")


class Invoke(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"null")
        match = PATH.match(self.path)
        name = match.group(1) if match else ""
        if name == "Double":
            self.answer(200, {"doubled": 2 * payload["n"]})
        elif name == "Fail":
            self.answer(200, {"errorType": "OrderError", "errorMessage": "bad order", "trace": []},
                        {"X-Amz-Function-Error": "Unhandled"})
        else:
            self.answer(404, {"Type": "User", "message": f"Function not found: {name}"},
                        {"x-amzn-ErrorType": "ResourceNotFoundException"})

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Invoke)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
