#!/usr/bin/env python3
"""Probes rust-analyzer inside and outside `workflow!`, as a user's editor runs it.

Starts rust-analyzer's language server (LSP over stdio) on a copy of `probe-crate/` that
depends on the workflow-runtime at RUNTIME, waits until it has loaded the crate and expanded
its macros, then asks each probe of PROBES (a hover, a completion, a definition, the
diagnostics) at a word of the crate's `src/lib.rs` (or of that file with one edit), timing each
answer. Writes the answers as JSON; `table` prints two such files side by side in markdown.

    python3 tools/editor/probe.py run --runtime workflow-runtime --label after --out after.json
    python3 tools/editor/probe.py table before.json after.json

rust-analyzer is the `rust-analyzer` on PATH or RUST_ANALYZER (`cargo +nightly install
ra_ap_rust-analyzer --locked --root DIR` builds one; it runs the stable toolchain's proc-macro
server). A run costs minutes (rust-analyzer builds the crate's proc macros first), so it is not
part of the test command: `scripts/editor_probe.sh` runs it before and after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRATE = HERE / "probe-crate"

# Each probe: (name, kind, where, edit). `where` is (text, occurrence, offset): the position
# `offset` characters into the `occurrence`-th (from 0) match of `text` in the file (after the
# edit, if any). `edit` is (old, new): the file with the first `old` replaced by `new`, or None.
# The kinds are hover, completion, definition and diagnostics (`where` unused).
PROBES = [
    # Inside the macro.
    ("hover an integration's action (`invoke`)", "hover", ("lambda::invoke", 0, 9), None),
    ("hover an integration's service (`lambda`)", "hover", ("lambda::invoke", 0, 1), None),
    ("hover an AWS SDK integration (`put_object`)", "hover", ("s3::put_object", 0, 5), None),
    ("hover a state's name (`\"Charge\"`)", "hover", ('"Charge":', 0, 2), None),
    ("hover a target written as a string (`=> \"Ship fast\"`)", "hover", ('=> "Ship fast"', 0, 5), None),
    ("hover a target written as a name (`-> Archive`)", "hover", ("-> Archive", 0, 4), None),
    ("hover an input field (`input.total`)", "hover", ("input.total", 0, 7), None),
    ("hover a request's key (`FunctionName`)", "hover", ("FunctionName", 0, 3), None),
    ("hover a state's kind (`choice`)", "hover", ("choice {", 0, 2), None),
    ("hover an integration pattern (`wait_for_task_token`)", "hover",
     (".wait_for_task_token", 0, 3), None),
    ("hover `input` (the execution input)", "hover", ("input.total", 0, 2), None),
    ("hover a field of the input schema (`total: number`)", "hover", ("total: number", 0, 2), None),
    ("definition of a target written as a string (`\"Ship fast\"`)", "definition", ('=> "Ship fast"', 0, 5), None),
    ("definition of a target written as a name (`Archive`)", "definition", ("-> Archive", 0, 4), None),
    ("definition of an input field (`input.total`)", "definition", ("input.total", 0, 7), None),
    ("definition of an integration (`invoke`)", "definition", ("lambda::invoke", 0, 9), None),
    ("complete after `input.`", "completion", ("amount: input.", 0, 14),
     ("amount: input.total", "amount: input.")),
    ("complete a nested input field (`input.customer.`)", "completion", ("input.customer.", 0, 15),
     ("input.customer.email", "input.customer.")),
    ("complete a service's actions (`dynamodb::`)", "completion", ("dynamodb::", 0, 10),
     ("dynamodb::put_item {", "dynamodb:: {")),
    ("complete an AWS SDK service's actions (`aws_sdk::s3::put_o`)", "completion", ("s3::put_o", 0, 9),
     ("s3::put_object", "s3::put_o")),
    ("complete a request's keys (`{ TableName: …, Ret`)", "completion", ('"orders", Ret', 0, 13),
     ('TableName: "orders",', 'TableName: "orders", Ret')),
    ("complete a request's keys, nothing typed (`{ TableName: …, `)", "completion",
     ('"orders", Item', 0, 10), None),
    ("complete a nested request object's keys, nothing typed (`Item: { id: { } }`)", "completion",
     ("id: { }", 0, 6), ("{ S: input.order_id }", "{ }")),
    ("complete an integration pattern (`invoke.`)", "completion", ("invoke.", 0, 7),
     ("lambda::invoke {", "lambda::invoke. {")),
    ("complete a target after `->`", "completion", ("-> ;", 0, 3),
     ("-> Archive;", "-> ;")),
    ("complete a target after `=>`", "completion", ("otherwise => ,", 0, 13),
     ("otherwise => Declined,", "otherwise => ,")),
    ("complete a state's kind (`fa`)", "completion", ("Declined: fa", 0, 12),
     ('Declined: fail(error = "Declined");', "Declined: fa;")),
    ("diagnostics of the workflow as written", "diagnostics", None, None),
    ("diagnostics of a misspelt target (`-> Archiv`)", "diagnostics", None,
     ("-> Archive;", "-> Archiv;")),
    ("diagnostics of a half-written input reference (`input.`)", "diagnostics", None,
     ("amount: input.total", "amount: input.")),
    # Outside the macro.
    ("hover the workflow's type (`Orders`)", "hover", ("Orders::CHARGE", 0, 1), None),
    ("hover a field of the input struct (`order_id:`)", "hover", ('order_id: "o-1"', 0, 2), None),
    ("definition of a field of the input struct (`order_id:`)", "definition", ('order_id: "o-1"', 0, 2), None),
    ("complete the workflow's items (`Orders::`)", "completion", ("Orders::", 0, 8),
     ("Orders::CHARGE.name", "Orders::")),
    ("complete in user code (`invok`): no candidate leaks into auto-import", "completion",
     ("let _ = invok", 0, 13), ("let _ = first_order();", "let _ = invok;")),
    ("complete in user code (`FunctionNam`): no candidate leaks into auto-import", "completion",
     ("let _ = FunctionNam", 0, 19), ("let _ = first_order();", "let _ = FunctionNam;")),
]

# What the editor's items are named: a completion in user code that offers one of them (as an
# import, or otherwise) shows it leaking.
LEAKS = ["invoke", "put_item", "put_object", "FunctionName", "wait_for_task_token", "Ship_fast",
         "total", "order_id"]

SETTINGS = {
    "checkOnSave": False,
    "cargo": {"buildScripts": {"enable": True}},
    "procMacro": {"enable": True},
    "cachePriming": {"enable": False},
    "completion": {"autoimport": {"enable": True}, "limit": 200},
}


class Server:
    """A language server on stdio: requests, notifications, and what it sends."""

    def __init__(self, command: list[str], cwd: Path, log: Path):
        self.process = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(log, "wb"))
        self.next_id = 0
        self.responses: dict[int, dict] = {}
        self.notifications: queue.Queue = queue.Queue()
        self.lock = threading.Condition()
        self.quiescent = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:
                self._answer(message)
            elif "id" in message:
                with self.lock:
                    self.responses[message["id"]] = message
                    self.lock.notify_all()
            else:
                self._notice(message)

    def _answer(self, request: dict) -> None:
        method = request["method"]
        if method == "workspace/configuration":
            result = [SETTINGS for _ in request["params"]["items"]]
        else:
            result = None
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def _notice(self, message: dict) -> None:
        method = message.get("method")
        params = message.get("params", {})
        with self.lock:
            if method == "experimental/serverStatus":
                self.quiescent = bool(params.get("quiescent"))
            self.lock.notify_all()

    def request(self, method: str, params: dict, timeout: float = 120) -> dict:
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.lock:
            while ident not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self.lock.wait(left)
            return self.responses.pop(ident)

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
            return True

    def stop(self) -> None:
        try:
            self.request("shutdown", {}, timeout=20)
            self.notify("exit", {})
            self.process.wait(timeout=20)
        except Exception:  # noqa: BLE001 - stopping whatever state it is in
            self.process.kill()


def position(text: str, where: tuple[str, int, int]) -> dict:
    needle, occurrence, offset = where
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(needle, at + 1)
        if at < 0:
            raise ValueError(f"`{needle}` (#{occurrence}) is not in the file")
    at += offset
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return {"line": line, "character": column}


def summary_of_hover(result) -> str:
    if not result:
        return "(nothing)"
    contents = result.get("contents")
    value = contents.get("value", "") if isinstance(contents, dict) else str(contents)
    lines = [l for l in value.splitlines() if l.strip() and not l.startswith("```")]
    return " / ".join(lines)[:300] or "(empty)"


def summary_of_completion(result, leaks: bool) -> str:
    if not result:
        return "(nothing)"
    items = result["items"] if isinstance(result, dict) else result
    items = sorted(items, key=lambda i: i.get("sortText") or i.get("label"))
    labels = [i["label"] for i in items]
    if leaks:
        leaked = [l for l in labels if l.split("(")[0].strip() in LEAKS]
        return f"{len(labels)} items; of the editor's items: " + (", ".join(leaked) or "none")
    shown = ", ".join(labels[:12])
    return f"{len(labels)} items: {shown}" + (", …" if len(labels) > 12 else "")


def summary_of_definition(result, text: str, uri: str) -> str:
    if not result:
        return "(nothing)"
    targets = result if isinstance(result, list) else [result]
    out = []
    for target in targets:
        turi = target.get("targetUri") or target.get("uri")
        rng = target.get("targetSelectionRange") or target.get("range")
        line = rng["start"]["line"]
        where = f"{Path(turi).name}:{line + 1}:{rng['start']['character'] + 1}"
        if turi == uri:
            snippet = text.splitlines()[line].strip()[:80]
            where += f" `{snippet}`"
        out.append(where)
    return "; ".join(out)


def summary_of_diagnostics(diagnostics: list, text: str) -> str:
    if not diagnostics:
        return "(none)"
    out = []
    for d in diagnostics:
        start = d["range"]["start"]
        end = d["range"]["end"]
        lines = text.splitlines()
        word = ""
        if start["line"] == end["line"] and start["line"] < len(lines):
            word = lines[start["line"]][start["character"]:end["character"]]
        code = d.get("code", "")
        out.append(f"{start['line'] + 1}:{start['character'] + 1} `{word[:40]}` [{code}] {d['message'][:140]}")
    return " | ".join(out)


def run(args) -> None:
    rust_analyzer = os.environ.get("RUST_ANALYZER") or shutil.which("rust-analyzer")
    if not rust_analyzer:
        sys.exit("rust-analyzer not found: set RUST_ANALYZER or put it on PATH")
    runtime = Path(args.runtime).resolve()
    work = Path(args.work or tempfile.mkdtemp(prefix=f"editor-probe-{args.label}-"))
    crate = work / "crate"
    if crate.exists():
        shutil.rmtree(crate)
    work.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CRATE, crate, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    manifest = (crate / "Cargo.toml.in").read_text().replace("@RUNTIME@", str(runtime))
    (crate / "Cargo.toml").write_text(manifest)
    (crate / "Cargo.toml.in").unlink()
    # The repository's lock file: the same dependencies as its own builds, nothing fetched.
    lockfile = Path(args.lockfile) if args.lockfile else runtime.parent / "Cargo.lock"
    if lockfile.exists():
        shutil.copy(lockfile, crate / "Cargo.lock")
    subprocess.run(["cargo", "generate-lockfile", "-q", "--offline"], cwd=crate, check=False)
    source = crate / "src" / "lib.rs"
    base = source.read_text()
    uri = source.as_uri()
    started = time.monotonic()
    # The target directory outside the crate, so that a second run in `--work` reuses it.
    os.environ["CARGO_TARGET_DIR"] = str(work / "target")
    server = Server([rust_analyzer], crate, work / "rust-analyzer.log")
    try:
        server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": crate.as_uri(),
            "workspaceFolders": [{"uri": crate.as_uri(), "name": "probe"}],
            "initializationOptions": SETTINGS,
            "capabilities": {
                "experimental": {"serverStatusNotification": True},
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "completion": {"completionItem": {"snippetSupport": False}},
                    "definition": {"linkSupport": True},
                    "diagnostic": {"dynamicRegistration": False},
                },
                "window": {"workDoneProgress": True},
            },
        })
        server.notify("initialized", {})
        version = 1
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "rust", "version": version, "text": base}})
        # Loaded: quiescent (the crate's build scripts and proc macros built).
        if not server.wait(lambda: server.quiescent, args.timeout):
            raise TimeoutError("rust-analyzer did not load the crate")
        ready = time.monotonic() - started
        results = []
        for name, kind, where, edit in PROBES:
            text = base if edit is None else base.replace(edit[0], edit[1], 1)
            if edit is not None and text == base:
                raise ValueError(f"{name}: `{edit[0]}` is not in the file")
            version += 1
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
            doc = {"textDocument": {"uri": uri}}
            begun = time.monotonic()
            if kind == "diagnostics":
                # Asked (the pull model): rust-analyzer's own diagnostics of the file as it is.
                response = server.request("textDocument/diagnostic", doc)
                report = response.get("result") or {}
                answer = summary_of_diagnostics(report.get("items", []), text)
            else:
                params = dict(doc, position=position(text, where))
                method = {"hover": "textDocument/hover", "completion": "textDocument/completion",
                          "definition": "textDocument/definition"}[kind]
                response = server.request(method, params)
                result = response.get("result")
                if "error" in response:
                    answer = f"(error: {response['error'].get('message')})"
                elif kind == "hover":
                    answer = summary_of_hover(result)
                elif kind == "completion":
                    answer = summary_of_completion(result, "leaks" in name)
                else:
                    answer = summary_of_definition(result, text, uri)
            took = time.monotonic() - begun
            results.append({"probe": name, "kind": kind, "answer": answer,
                            "seconds": round(took, 3)})
            print(f"{name}: {answer} ({took * 1000:.0f} ms)", file=sys.stderr)
        Path(args.out).write_text(json.dumps({
            "label": args.label, "runtime": str(runtime), "ready_seconds": round(ready, 1),
            "probes": results}, indent=1))
    finally:
        server.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def table(args) -> None:
    runs = [json.loads(Path(p).read_text()) for p in args.files]
    head = "| probe | " + " | ".join(f"{r['label']} | ms" for r in runs) + " |"
    print(head)
    print("|---|" + "---|---|" * len(runs))
    for i, probe in enumerate(runs[0]["probes"]):
        cells = []
        for r in runs:
            p = r["probes"][i]
            cells.append(p["answer"].replace("|", "\\|"))
            cells.append(f"{p['seconds'] * 1000:.0f}")
        print(f"| {probe['probe']} | " + " | ".join(cells) + " |")
    print()
    for r in runs:
        print(f"- {r['label']}: rust-analyzer ready (crate loaded, proc macros built) after "
              f"{r['ready_seconds']} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--runtime", required=True, help="the workflow-runtime directory")
    r.add_argument("--label", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--work", help="a directory to keep the crate and its target in")
    r.add_argument("--lockfile", help="a Cargo.lock to start from (default: the runtime's repository's)")
    r.add_argument("--timeout", type=float, default=1800)
    t = sub.add_parser("table")
    t.add_argument("files", nargs="+")
    args = parser.parse_args()
    run(args) if args.command == "run" else table(args)


if __name__ == "__main__":
    main()
