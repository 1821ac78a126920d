#!/usr/bin/env python3
"""Extract the AWS-recorded cases the shared aws-recorded set does not cover.

usage: extract.py LOCALSTACK_GIT_DIR [OUT_DIR]

Reads LocalStack's Step Functions test suite from a git checkout or bare mirror of
localstack/localstack (Apache-2.0) at the pinned commit (PINNED below; HEAD must be it) and
writes OUT_DIR/<module>__<test>[_<param>]/ case folders (default OUT_DIR:
tests/aws_recorded_classes/cases of this repository) for these classes:

  item_reader  Distributed Map reading S3 (ItemReader: CSV, JSON, ListObjectsV2; ItemBatcher)
  distributed_tasks  Task states inside distributed Maps
  timeouts     TimeoutSeconds / HeartbeatSeconds / state-machine TimeoutSeconds
  callbacks    .waitForTaskToken answered (or not) by an actor of the test
  express      EXPRESS executions (async: end event from CloudWatch logs; sync: StartSyncExecution)
  activities   activity tasks served by an activity worker of the test
  definitions  definitions refused (or accepted) by CreateStateMachine / ValidateStateMachineDefinition

A case is kept only when its test is marked `@markers.aws.validated` and has an entry in its
module's `*.validation.json` (the record of the last run against AWS), and the snapshot holds the
recording.  Hand-written per-test knowledge (template, mutation, input, S3 objects, what the
test's actor did) is in the SPECS table below, each entry naming its test.

Python 3 standard library only.
"""
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The commit of localstack/localstack the cases come from (the one the shared aws-recorded set
# was extracted from).
PINNED = "8b9a79f05846835cf4dff63ab7eefdde9df83783"
V2 = "tests/aws/services/stepfunctions/v2/"
TEMPLATES = "tests/aws/services/stepfunctions/templates"
REPO = None

ISO8601 = (
    r"(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|"
    r"(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|"
    r"[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)"
)
BASE_WILDCARDS = [
    "111111111111",
    "Extended Request ID: <extended_request_id>",
    "Request ID: <request_id>",
    "arn:<partition>:",
    "sfn_role_arn",
    "snf_role_arn",
    "timestamp",
]
ACCOUNT = "111111111111"
REGION = "us-east-1"


# ----------------------------------------------------------------------------------------------
# reading the mirror


def git(*args):
    return subprocess.run(
        ["git", "-C", REPO] + list(args), capture_output=True, text=True, check=True
    ).stdout


_SHOW = {}


def show(path):
    if path not in _SHOW:
        _SHOW[path] = git("show", "HEAD:" + path)
    return _SHOW[path]


class _J5:
    """A JSON5 reader (comments, trailing commas, unquoted keys, single quotes), key order kept."""

    NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
    LIT = re.compile(
        r"[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|true|false|null"
    )

    def __init__(self, text):
        self.t, self.i = text, 0

    def ws(self):
        t = self.t
        while self.i < len(t):
            c = t[self.i]
            if c in " \t\r\n\ufeff\u00a0\u2028\u2029":
                self.i += 1
            elif t.startswith("//", self.i):
                j = t.find("\n", self.i)
                self.i = len(t) if j < 0 else j + 1
            elif t.startswith("/*", self.i):
                self.i = t.index("*/", self.i + 2) + 2
            else:
                break

    def value(self):
        self.ws()
        c = self.t[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c in "\"'":
            return self.string()
        return self.lit()

    def obj(self):
        self.i += 1
        d = {}
        while True:
            self.ws()
            if self.t[self.i] == "}":
                self.i += 1
                return d
            if self.t[self.i] in "\"'":
                k = self.string()
            else:
                m = self.NAME.match(self.t, self.i)
                k, self.i = m.group(0), m.end()
            self.ws()
            if self.t[self.i] != ":":
                raise ValueError("json5: ':' expected at %d" % self.i)
            self.i += 1
            d[k] = self.value()
            self.ws()
            if self.t[self.i] == ",":
                self.i += 1
            elif self.t[self.i] != "}":
                raise ValueError("json5: ',' or '}' expected at %d" % self.i)

    def arr(self):
        self.i += 1
        a = []
        while True:
            self.ws()
            if self.t[self.i] == "]":
                self.i += 1
                return a
            a.append(self.value())
            self.ws()
            if self.t[self.i] == ",":
                self.i += 1
            elif self.t[self.i] != "]":
                raise ValueError("json5: ',' or ']' expected at %d" % self.i)

    def string(self):
        q = self.t[self.i]
        self.i += 1
        out, t = [], self.t
        esc = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
        while True:
            c = t[self.i]
            if c == q:
                self.i += 1
                return "".join(out)
            if c != "\\":
                out.append(c)
                self.i += 1
                continue
            n = t[self.i + 1]
            if n == "\n":
                self.i += 2
            elif n == "\r":
                self.i += 2 + (t[self.i + 2 : self.i + 3] == "\n")
            elif n == "u":
                cp = int(t[self.i + 2 : self.i + 6], 16)
                self.i += 6
                if 0xD800 <= cp < 0xDC00 and t.startswith("\\u", self.i):
                    lo = int(t[self.i + 2 : self.i + 6], 16)
                    if 0xDC00 <= lo < 0xE000:
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                        self.i += 6
                out.append(chr(cp))
            elif n == "x":
                out.append(chr(int(t[self.i + 2 : self.i + 4], 16)))
                self.i += 4
            else:
                out.append(esc.get(n, n))
                self.i += 2

    def lit(self):
        m = self.LIT.match(self.t, self.i)
        if not m:
            raise ValueError("json5: bad literal at %d" % self.i)
        self.i = m.end()
        w = m.group(0)
        if w in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[w]
        if re.fullmatch(r"[+-]?0[xX][0-9a-fA-F]+", w):
            return int(w, 16)
        if re.fullmatch(r"[+-]?\d+", w):
            return int(w)
        return float(w)


def json5_loads(text):
    p = _J5(text)
    v = p.value()
    p.ws()
    if p.i != len(p.t):
        raise ValueError("json5: trailing text at %d" % p.i)
    return v


_CONSTS = None


def template_consts():
    """`Class.CONST` -> repository path, from the `os.path.join(_THIS_FOLDER, ...)` constants."""
    global _CONSTS
    if _CONSTS is None:
        _CONSTS = {}
        for f in git("ls-tree", "-r", "--name-only", "HEAD", TEMPLATES).split():
            if not f.endswith(".py"):
                continue
            for node in ast.parse(show(f)).body:
                if not isinstance(node, ast.ClassDef):
                    continue
                for st in node.body:
                    if isinstance(st, ast.AnnAssign):
                        tgt, val = st.target, st.value
                    elif isinstance(st, ast.Assign):
                        tgt, val = st.targets[0], st.value
                    else:
                        continue
                    if (
                        isinstance(val, ast.Call)
                        and ast.unparse(val.func) == "os.path.join"
                        and isinstance(tgt, ast.Name)
                    ):
                        parts = [a.value for a in val.args[1:] if isinstance(a, ast.Constant)]
                        _CONSTS[node.name + "." + tgt.id] = os.path.normpath(
                            os.path.join(os.path.dirname(f), *parts)
                        )
    return _CONSTS


def template(const):
    """A fresh copy of a template, as `TemplateLoader.load_sfn_template` reads it (json5)."""
    return json5_loads(show(template_consts()[const]))


_SNAP, _VAL, _MARK = {}, {}, {}


def snapshot(module):
    if module not in _SNAP:
        _SNAP[module] = json.loads(show(V2 + module + ".snapshot.json"))
    return _SNAP[module]


def validation(module):
    if module not in _VAL:
        try:
            _VAL[module] = json.loads(show(V2 + module + ".validation.json"))
        except subprocess.CalledProcessError:
            _VAL[module] = {}
    return _VAL[module]


def markers(module):
    """test function name -> (validated, skip-marked) from the decorators."""
    if module not in _MARK:
        out = {}
        for node in ast.walk(ast.parse(show(V2 + module + ".py"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                decs = [ast.unparse(d) for d in node.decorator_list]
                out[node.name] = (
                    "markers.aws.validated" in decs,
                    any(re.match(r"pytest\.mark\.skip(\(|$)", d) for d in decs),
                )
        _MARK[module] = out
    return _MARK[module]


def node_key(module, test_id):
    """The snapshot / validation key of a test id such as `test_x[PARAM]`."""
    src = show(V2 + module + ".py")
    cls = None
    name = test_id.split("[")[0]
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ClassDef):
            for st in node.body:
                if isinstance(st, ast.FunctionDef) and st.name == name:
                    cls = node.name
    return "%s%s.py::%s%s" % (V2, module, (cls + "::") if cls else "", test_id)


def recording(module, test_id):
    """(snapshot key, recorded content, validation date, skip-marked) or a reason to drop."""
    key = node_key(module, test_id)
    validated, skip = markers(module).get(test_id.split("[")[0], (False, False))
    if not validated:
        return None, "not marked @markers.aws.validated"
    val = validation(module).get(key)
    if not val:
        return None, "no entry in %s.validation.json" % module
    snap = snapshot(module).get(key)
    if not snap:
        return None, "no snapshot entry"
    return (key, snap["recorded-content"], val.get("last_validated_date"), skip), None


# ----------------------------------------------------------------------------------------------
# turning a recorded history into expect.json / mock.json


TERMINAL = {
    "ExecutionSucceeded": ("SUCCEEDED", "executionSucceededEventDetails"),
    "ExecutionFailed": ("FAILED", "executionFailedEventDetails"),
    "ExecutionTimedOut": ("TIMED_OUT", "executionTimedOutEventDetails"),
    "ExecutionAborted": ("ABORTED", "executionAbortedEventDetails"),
}
TASK_SUCCESS = {
    "TaskSucceeded": "taskSucceededEventDetails",
    "LambdaFunctionSucceeded": "lambdaFunctionSucceededEventDetails",
    "ActivitySucceeded": "activitySucceededEventDetails",
}
TASK_FAILURE = {
    "TaskFailed": "taskFailedEventDetails",
    "TaskTimedOut": "taskTimedOutEventDetails",
    "TaskStartFailed": "taskStartFailedEventDetails",
    "TaskSubmitFailed": "taskSubmitFailedEventDetails",
    "LambdaFunctionFailed": "lambdaFunctionFailedEventDetails",
    "LambdaFunctionTimedOut": "lambdaFunctionTimedOutEventDetails",
    "LambdaFunctionStartFailed": "lambdaFunctionStartFailedEventDetails",
    "LambdaFunctionScheduleFailed": "lambdaFunctionScheduleFailedEventDetails",
    "ActivityFailed": "activityFailedEventDetails",
    "ActivityTimedOut": "activityTimedOutEventDetails",
    "ActivityScheduleFailed": "activityScheduleFailedEventDetails",
}


def json_value(v):
    """A recorded JSON document: the snapshot parsed texts starting with '{'; others are text."""
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def cause_text(c, notes, where, compact=False):
    if isinstance(c, (dict, list)):
        notes.append("mock cause for %s re-serialised from parsed snapshot%s"
                     % (where, " (compact, as the actor sent the input text)" if compact else ""))
        return json.dumps(c, separators=(",", ":")) if compact else json.dumps(c)
    return c


def walk_states(states, distributed=False, acc=None):
    """[(name, inside a DISTRIBUTED processor)] of every state, recursively."""
    acc = [] if acc is None else acc
    for name, st in (states or {}).items():
        acc.append((name, distributed, st))
        if st.get("Type") == "Parallel":
            for b in st.get("Branches", []):
                walk_states(b.get("States"), distributed, acc)
        if st.get("Type") == "Map":
            proc = st.get("ItemProcessor") or st.get("Iterator") or {}
            mode = (proc.get("ProcessorConfig") or {}).get("Mode", "INLINE")
            walk_states(proc.get("States"), distributed or mode == "DISTRIBUTED", acc)
    return acc


def order_kind(definition):
    """`multiset` where a Parallel or an inline Map running items concurrently makes the
    interleaving of entered states timing-dependent (outside distributed Maps)."""
    for name, dist, st in walk_states(definition.get("States")):
        if dist:
            continue
        if st.get("Type") == "Parallel":
            return "multiset"
        if st.get("Type") == "Map":
            proc = st.get("ItemProcessor") or st.get("Iterator") or {}
            mode = (proc.get("ProcessorConfig") or {}).get("Mode", "INLINE")
            if mode != "DISTRIBUTED" and st.get("MaxConcurrency", 0) != 1:
                return "multiset"
    return "exact"


def from_history(events, definition, notes, compact_cause=False):
    """expect fields and mocked responses from a recorded GetExecutionHistory."""
    by_id = {e["id"]: e for e in events}
    exp = {}
    last = events[-1]
    status, det_key = TERMINAL[last["type"]]
    exp["status"] = status
    det = last.get(det_key, {})
    if status == "SUCCEEDED":
        exp["output"] = json_value(det.get("output"))
    else:
        if "error" in det:
            exp["error"] = det["error"]
        if "cause" in det:
            exp["cause"] = det["cause"]
    exp["states"] = [
        e["stateEnteredEventDetails"]["name"] for e in events if e["type"].endswith("StateEntered")
    ]
    exp["states_order"] = order_kind(definition)
    excl = sorted({n for n, d, _ in walk_states(definition.get("States")) if d})
    if excl:
        exp["states_exclude"] = excl
    exp["events"] = [e["type"] for e in events]

    def state_of(e):
        seen = set()
        while e is not None and e["id"] not in seen:
            seen.add(e["id"])
            if e["type"].endswith("StateEntered"):
                return e["stateEnteredEventDetails"]["name"]
            e = by_id.get(e.get("previousEventId"))
        return None

    mocks = {}
    for e in events:
        t = e["type"]
        if t in TASK_SUCCESS:
            out = e.get(TASK_SUCCESS[t], {}).get("output")
            mocks.setdefault(state_of(e), []).append({"Return": json_value(out)})
        elif t in TASK_FAILURE:
            d = e.get(TASK_FAILURE[t], {})
            name = state_of(e)
            throw = {}
            if "error" in d:
                throw["Error"] = d["error"]
            if "cause" in d:
                throw["Cause"] = cause_text(d["cause"], notes, name, compact_cause)
            mocks.setdefault(name, []).append({"Throw": throw})
    return exp, mocks


def mock_config(mocks):
    """Step Functions Local MockConfigFile: state machine `recorded`, test case `recorded`."""
    cases, responses = {}, {}
    for i, (state, results) in enumerate(mocks.items()):
        rname = "R%d_%s" % (i, re.sub(r"[^A-Za-z0-9_]", "_", state))
        cases[state] = rname
        if isinstance(results, dict):  # already keyed by invocation ranges
            responses[rname] = results
        else:
            responses[rname] = {str(j): r for j, r in enumerate(results)}
    return {
        "StateMachines": {"recorded": {"TestCases": {"recorded": cases}}},
        "MockedResponses": responses,
    }


# ----------------------------------------------------------------------------------------------
# names the tests drew at random, and the placeholders the snapshot put in their place


def uid(case_id, salt=""):
    return hashlib.sha1((case_id + salt).encode()).hexdigest()[:8]


def subst(value, names):
    """Replace `$SYMBOL`s (longest first) in every string of a JSON value."""
    keys = sorted(names, key=len, reverse=True)

    def s(x):
        if isinstance(x, str):
            for k in keys:
                x = x.replace(k, names[k][0])
            return x
        if isinstance(x, list):
            return [s(y) for y in x]
        if isinstance(x, dict):
            return {s(k): s(v) for k, v in x.items()}
        return x

    return s(value)


def to_placeholders(value, names):
    """Replace the concrete names by the snapshot's placeholders (to check recorded inputs)."""
    pairs = sorted(((c, p) for c, p in names.values() if p is not None and c != p),
                   key=lambda cp: len(cp[0]), reverse=True)

    def s(x):
        if isinstance(x, str):
            for c, p in pairs:
                x = x.replace(c, p)
            return x
        if isinstance(x, list):
            return [s(y) for y in x]
        if isinstance(x, dict):
            return {s(k): s(v) for k, v in x.items()}
        return x

    return s(value)


def normalize_rules(names, extra=()):
    rules = []
    for c, p in sorted(names.values(), key=lambda cp: len(cp[0]), reverse=True):
        if p is not None and c != p:
            rules.append([re.escape(c), p])
    rules += list(extra)
    rules += [
        [REGION, "<region>"],
        ["arn:aws:", "arn:<partition>:"],
        ["Extended Request ID: [a-zA-Z0-9-/=+]+", "Extended Request ID: <extended_request_id>"],
        ["Request ID: [a-zA-Z0-9-]+", "Request ID: <request_id>"],
        [ISO8601, "date"],
    ]
    return rules


def lambda_arn(name):
    return "arn:aws:lambda:%s:%s:function:%s" % (REGION, ACCOUNT, name)


def queue_url(name):
    return "https://sqs.%s.amazonaws.com/%s/%s" % (REGION, ACCOUNT, name)


# ----------------------------------------------------------------------------------------------
# the per-test table


CSV_6 = (
    "Col1,Col2,Col3\n"
    "Value1,Value2,Value3\n"
    "Value4,Value5,Value6\n"
    ",,,\n"
    "true,1,'HelloWorld'\n"
    "Null,None,\n"
    "   \n"
)
CSV_NOHEAD = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"
CSV_MAX = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n"
JSON_3 = json.dumps(
    [
        {"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"},
        {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"},
        {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"},
    ]
)
SC = "scenarios/test_base_scenarios"
ST = "ScenariosTemplate."


def set_path(*path_and_value):
    *path, value = path_and_value

    def f(t):
        d = t
        for p in path[:-1]:
            d = d[p]
        d[path[-1]] = value
        return t

    return f


def del_path(*path):
    def f(t):
        d = t
        for p in path[:-1]:
            d = d[p]
        del d[path[-1]]
        return t

    return f


def bucket_names(placeholder):
    """The bucket: the recorded placeholder when it is a valid S3 bucket name, else `bucket-name`."""
    concrete = placeholder if re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", placeholder) else "bucket-name"
    return {"$BUCKET": (concrete, placeholder)}


def item_reader(test, tmpl, body, key, placeholder="bucket-name", mutate=None, extra_input=None,
                notes=(), module=SC, **kw):
    inp = {"Bucket": "$BUCKET", "Key": key}
    inp.update(extra_input or {})
    spec = dict(
        cls="item_reader", module=module, test=test, template=ST + tmpl, mutate=mutate,
        input=inp, s3={"$BUCKET/" + key: body}, names=bucket_names(placeholder),
        notes=list(notes),
    )
    spec.update(kw)
    return spec


SPECS = []

# --- Distributed Map, ItemReader over S3 (scenarios/test_base_scenarios.py) -------------------
SPECS += [
    dict(
        cls="item_reader", module=SC, test="test_map_item_reader_base_list_objects_v2",
        template=ST + "MAP_ITEM_READER_BASE_LIST_OBJECTS_V2",
        input={"Bucket": "$BUCKET"},
        s3={"$BUCKET/file_%d.txt" % i: "%dHelloWorld!" % i for i in range(3)},
        names=bucket_names("bucket_name"),
        ignore=["/output/%d/%s" % (i, k) for i in range(3) for k in ("Etag", "LastModified")],
        notes=[
            "the test rewrote the recorded output before snapshotting it: each item rebuilt with only "
            "Etag (as '<Etag-KEY>'), LastModified (as '<date>'), Key, Size, StorageClass, sorted by "
            "Key; Etag and LastModified values are therefore not compared (ignore), and any other "
            "field AWS returned is unknown",
        ],
    ),
    item_reader("test_map_item_reader_base_csv_headers_first_line",
                "MAP_ITEM_READER_BASE_CSV_HEADERS_FIRST_LINE", CSV_6, "file.csv"),
    item_reader("test_map_item_reader_base_csv_headers_decl", "MAP_ITEM_READER_BASE_CSV_HEADERS_DECL",
                CSV_NOHEAD, "file.csv",
                mutate=set_path("States", "MapState", "ItemReader", "ReaderConfig", "CSVHeaders",
                                ["H1", "H2", "H3"])),
    item_reader("test_map_item_reader_csv_headers_decl_duplicate_headers",
                "MAP_ITEM_READER_BASE_CSV_HEADERS_DECL", CSV_NOHEAD, "file.csv",
                mutate=set_path("States", "MapState", "ItemReader", "ReaderConfig", "CSVHeaders",
                                ["H1", "H1", "H3"])),
    item_reader("test_map_item_reader_csv_headers_first_row_typed_headers",
                "MAP_ITEM_READER_BASE_CSV_HEADERS_FIRST_LINE",
                "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
                "file.csv"),
    item_reader("test_map_item_reader_csv_headers_decl_extra_fields",
                "MAP_ITEM_READER_BASE_CSV_HEADERS_DECL", CSV_NOHEAD, "file.csv",
                mutate=set_path("States", "MapState", "ItemReader", "ReaderConfig", "CSVHeaders",
                                ["H1"])),
    item_reader("test_map_item_reader_csv_first_row_extra_fields",
                "MAP_ITEM_READER_BASE_CSV_HEADERS_FIRST_LINE",
                "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n", "file.csv"),
    item_reader("test_map_item_reader_base_json", "MAP_ITEM_READER_BASE_JSON", JSON_3, "file.json"),
    item_reader("test_map_item_reader_json_no_json_list_object", "MAP_ITEM_READER_BASE_JSON",
                json.dumps({"Hello": "world"}), "file.json"),
    item_reader("test_map_item_reader_base_json_max_items", "MAP_ITEM_READER_BASE_JSON_MAX_ITEMS",
                json.dumps([{"verdict": "true", "statement_date": "6/11/2008",
                             "statement_source": "speech"}] * 3), "file.json"),
    item_reader("test_map_item_reader_base_json_max_items_jsonata",
                "MAP_ITEM_READER_BASE_JSON_MAX_ITEMS_JSONATA", JSON_3, "file.json",
                extra_input={"MaxItems": 2}),
    item_reader("test_map_item_batching_base_json_max_per_batch_jsonata",
                "MAP_ITEM_BATCHER_BASE_JSON_MAX_PER_BATCH_JSONATA", JSON_3, "file.json",
                extra_input={"MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 150_000}),
]
for v in (0, 2, 100_000_000):
    SPECS.append(item_reader(
        "test_map_item_reader_csv_max_items[%s]" % v, "MAP_ITEM_READER_BASE_CSV_MAX_ITEMS", CSV_MAX,
        "file.csv", mutate=set_path("States", "MapState", "ItemReader", "ReaderConfig", "MaxItems", v)))
for v in (-1, 0, 1.5, 2, 100_000_000, 100_000_001):
    SPECS.append(item_reader(
        "test_map_item_reader_csv_max_items_paths[%s]" % v, "MAP_ITEM_READER_BASE_CSV_MAX_ITEMS_PATH",
        CSV_MAX, "file.csv", extra_input={"MaxItems": v},
        notes=["the test calls pytest.skip for 1.5 today; the snapshot and validation entries are "
               "from an AWS run of 2024-03-25"] if v == 1.5 else []))
for pid, path in (
    ("VALID_ITEMS_PATH_FROM_PREVIOUS", "$.from_previous"),
    ("VALID_ITEMS_PATH_FROM_ITEM_READER", "$[0]"),
    ("INVALID_ITEMS_PATH", "$.no_such_path_in_bucket_result"),
):
    SPECS.append(item_reader(
        "test_map_item_reader_base_json_with_items_path[%s]" % pid,
        "MAP_ITEM_READER_BASE_JSON_WITH_ITEMS_PATH", json.dumps([["from-bucket-item-0"]]), "file.json",
        mutate=set_path("States", "MapState", "ItemsPath", path),
        extra_input={"from_input_items": ["input-item-0"]}))
JSON_4 = json.dumps(
    [
        {"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"},
        {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"},
        {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"},
        {"verdict": "false", "statement_date": "5/18/2024", "statement_source": "x"},
    ]
)
for pid in ("MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH", "MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH"):
    SPECS.append(dict(
        cls="item_reader", module="assign/test_assign_reference_variables",
        test="test_reference_in_map_state_max_items_path[%s]" % pid, template="AssignTemplate." + pid,
        input={"Bucket": "$BUCKET", "Key": "file.json"}, s3={"$BUCKET/file.json": JSON_4},
        names=bucket_names("bucket-name"),
        notes=["this parameter is pytest.mark.skip today (LocalStack lacks the feature); the "
               "snapshot and validation entries are from an AWS run of 2024-11-14"]
        if pid.endswith("BATCH_PATH") else [],
    ))
SPECS += [
    dict(
        cls="item_reader", module="test_sfn_api_map_run", test="test_list_map_runs_and_describe_map_run",
        template=ST + "MAP_ITEM_READER_BASE_CSV_HEADERS_FIRST_LINE",
        input={"Bucket": "$BUCKET", "Key": "file.csv"},
        s3={"$BUCKET/file.csv": "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6"},
        names=bucket_names("bucket_name"),
        history=False,
        expect=dict(status="SUCCEEDED", output=None, ignore=["/output"], states=None,
                    states_order="none", checks=[{"pointer": "/output", "length": 2}]),
        recorded_keys=["list_map_runs", "describe_map_run"],
        notes=[
            "AWS recorded only ListMapRuns and DescribeMapRun: the map run SUCCEEDED with itemCounts "
            "total 2, succeeded 2, resultsWritten 2; the execution status SUCCEEDED is inferred (the "
            "Map is the only state and ends the execution), the output is not recorded and only its "
            "length (2 items) is checked",
        ],
    ),
    # Task states inside distributed Maps (their results live in child executions AWS does not
    # put in the parent history: the mock is built from the test's Lambda, which returns its input)
    dict(
        cls="distributed_tasks", module=SC, test="test_map_state_config_distributed_reentrant_lambda",
        template=ST + "MAP_STATE_CONFIG_DISTRIBUTED_REENTRANT_LAMBDA",
        mutate=lambda t: json.loads(json.dumps(t).replace("_tbd_", lambda_arn("$FN"))),
        input={}, names={"$FN": ("sfn_lambda_%s", "lambda_function_name")},
        mock={"ProcessValue": {"0-1": {"Return": "HelloWorld"}}},
        notes=[
            "ProcessValue (a Lambda returning its input, LAMBDA_ID_FUNCTION) runs in the distributed "
            "Map's child executions, which the parent history does not show: mocked as returning its "
            "input 'HelloWorld' for both iterations (the recorded Map outputs show that result)",
        ],
    ),
    dict(
        cls="distributed_tasks", module=SC, test="test_map_state_nested_config_distributed_no_max_max_concurrency",
        template=ST + "MAP_STATE_NESTED_CONFIG_DISTRIBUTED_NO_MAX_CONCURRENCY",
        mutate=lambda t: json.loads(json.dumps(t).replace("__tbd__", "$FN")),
        input={}, names={"$FN": ("lambda_func_%s", "<lambda_function_name>")},
        mock={"ProcessJob": {"0-19": {"Return": {"ExecutedVersion": "$LATEST", "Payload": {"job": 0},
                                                 "StatusCode": 200}}}},
        notes=[
            "ProcessJob (lambda:invoke of LAMBDA_ID_FUNCTION) runs 20 times in nested distributed "
            "Maps' child executions, not in the parent history; its results are discarded "
            "(ResultPath null at both levels), so one made-up invoke result serves all 20 calls",
        ],
    ),
]

SPECS.append(dict(
    cls="distributed_tasks", module="local_mocking/test_base_scenarios", test="test_map_state_lambda",
    template=ST + "MAP_STATE_CONFIG_DISTRIBUTED_REENTRANT_LAMBDA",
    mutate=lambda t: json.loads(json.dumps(
        set_path("States", "StartState", "Parameters", "Values", 0, {"body": "string body"})(t)
    ).replace("_tbd_", lambda_arn("$FN"))),
    input={}, names={"$FN": ("sfn_lambda_%s", "lambda_function_name")},
    mock={"ProcessValue": {"0-1": {"Return": {"body": "string body"}}}},
    notes=[
        "the AWS branch of the test (is_aws_cloud) ran the reentrant distributed Map with a real "
        "Lambda returning its input (LAMBDA_ID_FUNCTION); ProcessValue runs in child executions "
        "the parent history does not show: mocked as returning its input {\"body\": \"string body\"} "
        "for both iterations (the recorded Map outputs show that result)",
    ],
))

# --- timeouts and heartbeats -----------------------------------------------------------------
TO = "timeouts/test_timeouts"
HB = "timeouts/test_heartbeats"
TT = "TimeoutTemplates."
TIMEOUT_THROW = {"Throw": {"Error": "States.Timeout"}}
SPECS += [
    dict(
        cls="timeouts", module=TO, test="test_global_timeout", template="BaseTemplate.BASE_WAIT_1_MIN",
        mutate=set_path("TimeoutSeconds", 5), input=None, history=False,
        recorded_keys=["describe_execution"],
        expect=dict(status="TIMED_OUT", states=None, states_order="none"),
        notes=[
            "the execution was started without input (AWS used {}); AWS recorded only "
            "DescribeExecution: status TIMED_OUT, no error and no cause fields",
            "no actor: a 60 s Wait against the machine's TimeoutSeconds 5; the engine's virtual "
            "clock decides",
        ],
    ),
    dict(
        cls="timeouts", module=TO, test="test_fixed_timeout_service_lambda",
        template=TT + "SERVICE_LAMBDA_WAIT_WITH_TIMEOUT_SECONDS",
        input={"FunctionName": "$FN", "Payload": None, "TimeoutSecondsValue": 5},
        names={"$FN": ("lambda_1_func_%s", "<lambda_function_1_name>")},
        notes=["actor: the Lambda sleeps 60 s (LAMBDA_WAIT_60_SECONDS); TimeoutSeconds 5 fires; the "
               "mock replays the recorded TaskTimedOut (States.Timeout, no cause)"],
    ),
    dict(
        cls="timeouts", module=TO, test="test_fixed_timeout_service_lambda_with_path",
        template=TT + "SERVICE_LAMBDA_MAP_FUNCTION_INVOKE_WITH_TIMEOUT_SECONDS_PATH",
        input={"TimeoutSecondsValue": 5, "FunctionName": "$FN", "Payload": None},
        names={"$FN": ("lambda_1_func_%s", "<lambda_function_1_name>")},
        notes=["actor: the Lambda sleeps 60 s; TimeoutSecondsPath gives 5; the mock replays the "
               "recorded TaskTimedOut (States.Timeout, no cause)"],
    ),
    dict(
        cls="timeouts", module=TO, test="test_fixed_timeout_lambda",
        template=TT + "LAMBDA_WAIT_WITH_TIMEOUT_SECONDS",
        mutate=set_path("States", "Start", "Resource", lambda_arn("$FN")),
        input={"Payload": None},
        names={"$FN": ("lambda_1_func_%s", "<lambda_function_1_name>")},
        notes=["actor: the Lambda (legacy function-ARN resource) sleeps 60 s; TimeoutSeconds 5 "
               "fires; the mock replays the recorded LambdaFunctionTimedOut (States.Timeout, no cause)"],
    ),
    dict(
        cls="timeouts", module="error_handling/test_task_service_lambda", test="test_invoke_timeout",
        template="ErrorHandlingTemplate.AWS_SERVICE_LAMBDA_INVOKE_CATCH_TIMEOUT",
        input={"FunctionName": "$FN", "Payload": None},
        names={"$FN": ("lambda_1_func_%s", "<lambda_function_1_name>")},
        notes=["actor: the Lambda sleeps 60 s; TimeoutSeconds 5 fires and is caught; the mock "
               "replays the recorded TaskTimedOut (States.Timeout, no cause); AWS's Catch output "
               "shows Cause \"\""],
    ),
]
for test, tmpl, extra, mut in (
    ("test_heartbeat_timeout", "SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT", {}, None),
    ("test_heartbeat_path_timeout", "SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT_PATH",
     {"HeartbeatSecondsPath": 5}, None),
    ("test_heartbeat_no_timeout", "SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT", {},
     del_path("States", "SendMessageWithWait", "TimeoutSeconds")),
):
    inp = {"QueueUrl": "$QURL", "Message": "test_message_txt"}
    inp.update(extra)
    SPECS.append(dict(
        cls="timeouts", module=HB, test=test, template=TT + tmpl, mutate=mut, input=inp,
        names={"$QURL": (queue_url("queue-%s"), "<sqs_queue_url>"), "$QNAME": ("queue-%s", "<sqs_queue_name>")},
        notes=["actor: nobody answers the task token and no heartbeat is sent; HeartbeatSeconds 5 "
               "expires; AWS recorded TaskTimedOut with error States.Timeout (not "
               "States.HeartbeatTimeout) and no cause, which the mock replays"],
    ))

# --- callbacks -------------------------------------------------------------------------------
CB = "callback/test_callback"
CT = "CallbackTemplates."
QNAMES = {"$QURL": (queue_url("queue-%s"), "<sqs_queue_url>"), "$QNAME": ("queue-%s", "<sqs_queue_name>")}
QNAMES_BARE = {"$QURL": (queue_url("queue-%s"), "sqs_queue_url"), "$QNAME": ("queue-%s", "sqs_queue_name")}
SPECS += [
    dict(
        cls="callbacks", module=CB, test="test_sqs_wait_for_task_token_no_token_parameter",
        template=CT + "SQS_WAIT_FOR_TASK_TOKEN_NO_TOKEN_PARAMETER", input={"QueueUrl": "$QURL"},
        names=QNAMES_BARE,
        notes=["actor: none (the message carries no task token, so nobody can answer); "
               "TimeoutSeconds 5 fires; the mock replays the recorded TaskTimedOut "
               "(States.Timeout, no cause)"],
    ),
]
for pid in ("SQS_PARALLEL_WAIT_FOR_TASK_TOKEN", "SQS_WAIT_FOR_TASK_TOKEN_CATCH"):
    SPECS.append(dict(
        cls="callbacks", module=CB, test="test_sqs_failure_in_wait_for_task_tok_no_error_field[%s]" % pid,
        template=CT + pid, input={"QueueUrl": "$QURL", "Message": "test_message_txt"}, names=QNAMES,
        notes=["actor: a thread reads the SQS message and calls SendTaskFailure with the token only "
               "(no error, no cause); AWS recorded TaskFailed without error and cause, and the "
               "States.ALL catcher's output {\"Error\": null, \"Cause\": null}; the mock is a Throw "
               "with neither Error nor Cause"],
    ))
SPECS += [
    dict(
        cls="callbacks", module=CB, test="test_multiple_heartbeat_notifications",
        template=TT + "SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT_PATH",
        input={"QueueUrl": "$QURL", "Message": "txt", "HeartbeatSecondsPath": 120}, names=QNAMES_BARE,
        notes=["actor: a thread reads the SQS message, sends 10 SendTaskHeartbeat then "
               "SendTaskSuccess with the message body as output; the mock returns that output "
               "(the task token in it is the snapshot's placeholder)",
               "the test is pytest.mark.skip ('flaky') today; snapshot and validation entries are "
               "from an AWS run of 2024-04-18"],
    ),
    dict(
        cls="callbacks", module=CB, test="test_multiple_executions_and_heartbeat_notifications",
        template=TT + "SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT_PATH",
        input={"QueueUrl": "$QURL", "Message": "txt", "HeartbeatSecondsPath": 120}, names=QNAMES_BARE,
        history_key="execution_history_0", same_as=["execution_history_%d" % i for i in range(1, 6)],
        wildcards=["a_task_token", "a_message_id"],
        notes=["six executions were started; this case is the first (execution_history_0); the "
               "other five recorded histories are identical after the snapshot's placeholders",
               "actor: per execution a thread reads the SQS message, sends 10 SendTaskHeartbeat then "
               "SendTaskSuccess with the message body as output; the mock returns that output",
               "the test is pytest.mark.skip ('flaky') today; snapshot and validation entries are "
               "from an AWS run of 2024-04-18"],
    ),
]
for run in ("success", "failure"):
    SPECS.append(dict(
        cls="callbacks", module="scenarios/test_sfn_scenarios", test="test_wait_for_callback",
        case_suffix=run, definition_from="describe_statemachine",
        input={"shouldfail": "no" if run == "success" else "yes"},
        names={"$QURL": (queue_url("queue-%s"), "<queue-url:1>")},
        history_key=run + "__execution_history",
        notes=["deployed by CloudFormation (wait-for-callback.yaml); the definition is the one "
               "DescribeStateMachine recorded, with the queue URL placeholder replaced by a made-up URL",
               "actor: a Lambda on the queue calls SendTaskSuccess with output "
               "{\"message\": \"Successfully executed lambda\"} when ShouldFail is 'no', else "
               "SendTaskFailure(error='IntentionalFail', cause='Intentional failure'); the mock "
               "replays what AWS recorded for the task"],
    ))

# --- EXPRESS ---------------------------------------------------------------------------------
EA = "express/test_express_async"
ES = "express/test_express_sync"
LAMBDA_EXC = ("{\"errorMessage\":\"Some exception was raised.\",\"errorType\":\"Exception\","
              "\"requestId\":<request-id>\",\"stackTrace\":[\"  File \\\"/var/task/handler.py\\\", "
              "line 2, in handler\\n    raise Exception(\\\"Some exception was raised.\\\")\\n\"]}")
LAMBDA_EXC_LEGACY = ("{\"errorMessage\": \"Some exception was raised.\", \"errorType\": \"Exception\", "
                     "\"requestId\": \"<request-id>\", \"stackTrace\": [\"  File \\\"/var/task/handler.py\\\", "
                     "line 2, in handler\\n    raise Exception(\\\"Some exception was raised.\\\")\\n\"]}")
for mod, kind in ((EA, "async"), (ES, "sync")):
    ctx = ["EXPRESS %s: AWS recorded only %s" % (
        kind, "the end event of the execution's CloudWatch log (type and details)" if kind == "async"
        else "the StartSyncExecution response (status, output or error and cause)")]
    for pid in ("BASE_PASS_RESULT", "BASE_RAISE_FAILURE"):
        SPECS.append(dict(cls="express", module=mod, test="test_base[%s]" % pid,
                          template="BaseTemplate." + pid, input={}, express=kind, notes=ctx))
    SPECS += [
        dict(cls="express", module=mod, test="test_query_runtime_memory",
             template="BaseTemplate.QUERY_CONTEXT_OBJECT_VALUES", input={"message": "TestMessage"},
             express=kind, wildcards=["start-time", "entered-time"], notes=ctx),
        dict(cls="express", module=mod, test="test_catch",
             template="ErrorHandlingTemplate.AWS_SERVICE_LAMBDA_INVOKE_CATCH_ALL",
             input={"FunctionName": "$FN", "Payload": None}, express=kind,
             names={"$FN": ("lambda_func_%s", "lambda_function_name")},
             mock={"InvokeLambda": [{"Throw": {"Error": "Exception", "Cause": LAMBDA_EXC}}]},
             notes=ctx + ["actor: the Lambda raises Exception('Some exception was raised.'); the mock "
                          "Throw carries the error and cause the recorded Catch output shows (its "
                          "requestId as the snapshot wrote it)"]),
        dict(cls="express", module=mod, test="test_retry",
             template=ST + "LAMBDA_INVOKE_WITH_RETRY_BASE_EXTENDED_INPUT",
             mutate=set_path("States", "InvokeLambdaWithRetry", "Resource", lambda_arn("$FN")),
             input={}, express=kind, names={"$FN": ("lambda_func_%s", "lambda_function_name")},
             mock={"InvokeLambdaWithRetry": {"0-3": {"Throw": {"Error": "Exception",
                                                                "Cause": LAMBDA_EXC_LEGACY}}}},
             notes=ctx + ["actor: the Lambda (legacy function-ARN resource) raises every time: 1 call "
                          "+ 3 retries (MaxAttempts 3), then the catcher; the mock Throw carries the "
                          "error and cause the recorded Catch output shows"]),
    ]
SPECS.append(dict(
    cls="express", module="local_mocking/test_base_scenarios", test="test_lambda_service_invoke_sync_execution",
    template="ServicesTemplates.LAMBDA_INVOKE",
    input={"FunctionName": "$FN", "Payload": {"body": "string body"}}, express="sync",
    names={"$FN": ("lambda_%s", "lambda_function_name")},
    mock_from_output=("Start", "final"),
    notes=["EXPRESS sync: AWS recorded the StartSyncExecution response (the AWS branch of the test, "
           "is_aws_cloud, with a real Lambda returning its input)",
           "mock: Start returns the Lambda invoke result the recorded output shows (the output "
           "without the 'final' copy that EndWithFinal adds)"],
))
SPECS += [
    dict(cls="express", module="test_sfn_api_express", test="test_start_async_describe_history_execution",
         template="BaseTemplate.BASE_PASS_RESULT", input={}, express="async",
         notes=["EXPRESS async: AWS recorded the end event of the execution's CloudWatch log; the "
                "test also recorded that ListExecutions, DescribeExecution, StopExecution and "
                "GetExecutionHistory refuse EXPRESS executions (not compared here)"]),
    dict(cls="express", module="test_sfn_api_express", test="test_start_sync_execution",
         template="BaseTemplate.BASE_PASS_RESULT", input={}, express="sync",
         notes=["EXPRESS sync: AWS recorded the StartSyncExecution response"]),
]

# --- activities ------------------------------------------------------------------------------
AC = "activities/test_activities"
ACT_NAMES = {
    "$ACTARN": ("arn:aws:states:%s:%s:activity:activity-%%s" % (REGION, ACCOUNT), "activity_arn"),
}
for test, tmpl, note in (
    ("test_activity_task", "BASE_ACTIVITY_TASK",
     "actor: an activity worker (a state machine, BASE_ID_ACTIVITY_CONSUMER, worker name "
     "'BASE_ID_ACTIVITY_CONSUMER') answers SendTaskSuccess with the task input; the mock returns "
     "what AWS recorded (ActivitySucceeded output); the worker name is not expressible in a mock"),
    ("test_activity_task_no_worker_name", "BASE_ACTIVITY_TASK",
     "actor: the same worker without WorkerName (ActivityStarted has no workerName); the mock "
     "returns the recorded ActivitySucceeded output"),
    ("test_activity_task_failure", "BASE_ACTIVITY_TASK",
     "actor: the worker (BASE_ID_ACTIVITY_CONSUMER_FAIL) calls SendTaskFailure(error='Programmatic "
     "Error', cause=<the task input text>); the mock replays the recorded ActivityFailed"),
    ("test_activity_task_with_heartbeat", "BASE_ACTIVITY_TASK_HEARTBEAT",
     "actor: the worker (HEARTBEAT_ID_ACTIVITY_CONSUMER) waits 2 s, sends a heartbeat, waits 2 s "
     "and sends SendTaskSuccess with the input (HeartbeatSeconds 10, TimeoutSeconds 60); the mock "
     "returns the recorded ActivitySucceeded output"),
    ("test_activity_task_start_timeout", "BASE_ACTIVITY_TASK_TIMEOUT",
     "actor: the worker (BASE_ID_ACTIVITY_CONSUMER_TIMEOUT) takes the task and never answers; "
     "TimeoutSeconds 5 fires; the mock replays the recorded ActivityTimedOut (States.Timeout, no cause)"),
    ("test_activity_task_on_deleted", "BASE_ACTIVITY_TASK",
     "the test deletes the activity before creating the state machine; no worker, no mock: the "
     "engine's run has no activity declared, which is the deleted activity's situation"),
):
    SPECS.append(dict(
        cls="activities", module=AC, test=test, template="ActivityTemplate." + tmpl,
        mutate=set_path("States", "ActivityTask", "Resource", "$ACTARN"),
        input={"Value1": "HelloWorld"}, names=ACT_NAMES, notes=[note],
        no_mock=(test == "test_activity_task_on_deleted"), compact_cause=True,
    ))

# --- definitions refused or accepted ---------------------------------------------------------
DEF = "definitions"
VAL = "test_sfn_api_validation"
for pid, text in (("EMPTY_STRING", " "), ("NOT_A_DEF", "not a definition"), ("EMPTY_DICT", "{}")):
    SPECS.append(dict(cls=DEF, module=VAL,
                      test="test_validate_state_machine_definition_not_a_definition[%s]" % pid,
                      raw_definition=text, api="ValidateStateMachineDefinition", type="STANDARD",
                      recorded_key="validation_response"))
for typ, params in (
    ("standard", ("VALID_BASE_PASS", "INVALID_DOWNGRADE_QUERY_LANGUAGE", "VALID_QUERY_LANGUAGE_PASS",
                  "INVALID_BASE_NO_STARTAT")),
    ("express", ("VALID_BASE_PASS", "INVALID_BASE_NO_STARTAT", "INVALID_DOWNGRADE_QUERY_LANGUAGE",
                 "VALID_QUERY_LANGUAGE_PASS", "ILLEGAL_WFTT")),
):
    for pid in params:
        tmpl = CT + "SQS_WAIT_FOR_TASK_TOKEN" if pid == "ILLEGAL_WFTT" else "ValidationTemplate." + pid
        SPECS.append(dict(cls=DEF, module=VAL,
                          test="test_validate_state_machine_definition_type_%s[%s]" % (typ, pid),
                          template=tmpl, api="ValidateStateMachineDefinition", type=typ.upper(),
                          recorded_key="validation_response"))
for pid, tmpl in (("WAIT_FOR_TASK_TOKEN", CT + "SNS_PUBLIC_WAIT_FOR_TASK_TOKEN"),
                  ("SYNC", CT + "SFN_START_EXECUTION_SYNC")):
    SPECS.append(dict(cls=DEF, module="test_sfn_api_express", test="test_illegal_callbacks[%s]" % pid,
                      template=tmpl, api="CreateStateMachine", type="EXPRESS",
                      recorded_key="creation_error"))
SPECS += [
    dict(cls=DEF, module="test_sfn_api_express", test="test_illegal_activity_task",
         template="ActivityTemplate.BASE_ACTIVITY_TASK",
         mutate=set_path("States", "ActivityTask", "Resource", "$ACTARN"), names=ACT_NAMES,
         api="CreateStateMachine", type="EXPRESS", recorded_key="creation_error"),
    dict(cls=DEF, module="test_sfn_api_express", test="test_create_describe_delete",
         template="BaseTemplate.BASE_PASS_RESULT", api="CreateStateMachine", type="EXPRESS",
         recorded_key="creation_response", accepted=True),
    dict(cls=DEF, module="test_sfn_api", test="test_create_delete_invalid_sm",
         template="BaseTemplate.BASE_INVALID_DER", api="CreateStateMachine", type="STANDARD",
         recorded_key="invalid_definition_1"),
    dict(cls=DEF, module="test_sfn_api", test="test_create_delete_valid_sm",
         template="BaseTemplate.BASE_TASK_SEQ_2",
         mutate=lambda t: (set_path("States", "State_1", "Resource", lambda_arn("id_function"))(t),
                           set_path("States", "State_2", "Resource", lambda_arn("id_function"))(t))[1],
         api="CreateStateMachine", type="STANDARD", recorded_key="creation_resp_1", accepted=True),
    dict(cls=DEF, module="services/test_dynamodb_task_service", test="test_invalid_integration",
         template="ServicesTemplates.INVALID_INTEGRATION_DYNAMODB_QUERY", api="CreateStateMachine",
         type="STANDARD", recorded_key="exception"),
]
for pid in ("EMPTY_CREDENTIALS", "INVALID_CREDENTIALS_FIELD"):
    SPECS.append(dict(cls=DEF, module="credentials/test_credentials_base",
                      test="test_invalid_credentials_field[%s]" % pid,
                      template="CredentialsTemplates." + pid, api="CreateStateMachine",
                      type="STANDARD", recorded_key="invalid_definition"))
for pid, ts in (("NO_T", "2016-12-05 21:29:29Z"), ("NO_Z", "2016-12-05T21:29:29"),
                ("INVALID_DATE", "2016-13-05T21:29:29Z"), ("INVALID_TIME", "2016-12-05T25:29:29Z"),
                ("INVALID_ISO", "05-12-2016T21:29:29Z"), ("JSONATA", "{% '2016-03-14T01:59:00Z' %}")):
    SPECS.append(dict(cls=DEF, module=SC, test="test_wait_timestamp_invalid[%s]" % pid,
                      template=ST + "WAIT_TIMESTAMP",
                      mutate=set_path("States", "WaitUntil", "Timestamp", ts),
                      api="CreateStateMachine", type="STANDARD", recorded_key="exception"))
for pid in ("ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION", "ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION_2"):
    SPECS.append(dict(cls=DEF, module=SC, test="test_illegal_escapes[%s]" % pid, template=ST + pid,
                      api="CreateStateMachine", type="STANDARD", recorded_key="exception",
                      notes=["the test is pytest.mark.skip today (LocalStack lacks the check); the "
                             "snapshot and validation entries are from an AWS run of 2025-02-02"]))


# ----------------------------------------------------------------------------------------------
# building the case folders


def case_name(spec):
    t = spec["test"].replace("[", "_").replace("]", "")
    name = spec["module"].replace("/", ".")
    n = "%s__%s" % (name, t)
    if spec.get("case_suffix"):
        n += "_" + spec["case_suffix"]
    # keep folder names portable
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", n)


def concrete_names(spec, cid):
    names = {}
    for sym, (conc, ph) in (spec.get("names") or {}).items():
        if "%s" in conc:
            conc = conc % uid(cid, sym)
        names[sym] = (conc, ph)
    # derived: a queue URL and its queue name share the uid
    if "$QURL" in names and "$QNAME" in names:
        qn = names["$QNAME"][0]
        names["$QURL"] = (queue_url(qn), names["$QURL"][1])
    return names


def parse_refusal_message(message):
    """`Invalid State Machine Definition: 'CODE: text at /loc'` -> diagnostics."""
    m = re.match(r"^Invalid State Machine Definition: '(.*)'$", message, re.S)
    if not m:
        return None
    diags = []
    for part in re.split(r", (?=[A-Z_]+: )", m.group(1)):
        mm = re.match(r"^([A-Z_]+): (.*?)(?:\s+at (/\S*))?$", part, re.S)
        if mm:
            d = {"code": mm.group(1), "message": mm.group(2), "derived_from_message": True}
            if mm.group(3):
                d["location"] = mm.group(3)
            diags.append(d)
    return diags


def build_definition(spec, names, rec):
    if "raw_definition" in spec:
        return spec["raw_definition"], None
    if spec.get("definition_from"):
        d = rec[spec["definition_from"]]["definition"]
        text = json.dumps(d).replace("arn:<partition>:", "arn:aws:")
        for sym, (conc, ph) in names.items():
            if ph:
                text = text.replace(ph, sym)
        d = json.loads(text)
    else:
        d = template(spec["template"])
        if spec.get("mutate"):
            d = spec["mutate"](d)
    d = subst(d, names)
    return json.dumps(d), d


def write_json(path, value, indent=1):
    with open(path, "w") as f:
        json.dump(value, f, indent=indent, ensure_ascii=False)
        f.write("\n")


def build(spec, out_dir, report):
    module, test = spec["module"], spec["test"]
    rec, why = recording(module, test)
    cid = case_name(spec)
    if rec is None:
        report.append(("dropped", cid, why))
        return None
    key, content, vdate, skip = rec
    names = concrete_names(spec, cid)
    notes = list(spec.get("notes", []))
    source = {
        "snapshot": V2 + module + ".snapshot.json",
        "node": key,
        "validated": vdate,
        "class": spec["cls"],
    }
    if skip and not any("pytest.mark.skip" in n for n in notes):
        notes.append("the test is pytest.mark.skip today; snapshot and validation entries exist")
    definition_text, definition = build_definition(spec, names, content)
    folder = os.path.join(out_dir, cid)
    os.makedirs(folder)
    with open(os.path.join(folder, "definition.asl.json"), "w") as f:
        f.write(definition_text)

    # --- definition refused / accepted --------------------------------------------------------
    if "api" in spec:
        recd = content[spec["recorded_key"]]
        source["key"] = spec["recorded_key"]
        exp = {"kind": None, "api": spec["api"], "type": spec["type"], "class": spec["cls"]}
        if spec["api"] == "ValidateStateMachineDefinition":
            exp["kind"] = "accepted" if recd["result"] == "OK" else "refused"
            exp["result"] = recd["result"]
            exp["diagnostics"] = recd["diagnostics"]
            if recd["diagnostics"]:
                exp["error_code"] = recd["diagnostics"][0]["code"]
                exp["message"] = recd["diagnostics"][0]["message"]
        elif spec.get("accepted"):
            exp["kind"] = "accepted"
            notes.append("AWS created the state machine (recorded %s)" % spec["recorded_key"])
        else:
            exp["kind"] = "refused"
            if "exception_value" in recd:
                exp["error_code"] = recd["exception_typename"]
                msg = recd["exception_value"]
                pre = "An error occurred (%s) when calling the CreateStateMachine operation: " % (
                    recd["exception_typename"])
                exp["message"] = msg[len(pre):] if msg.startswith(pre) else msg
            else:
                exp["error_code"] = recd["Error"]["Code"]
                exp["message"] = recd["Error"]["Message"]
            diags = parse_refusal_message(exp["message"])
            if diags:
                exp["diagnostics"] = diags
        if names:
            exp["normalize"] = normalize_rules(names)
        exp["source"] = source
        if notes:
            exp["notes"] = notes
        write_json(os.path.join(folder, "expect.json"), exp)
        report.append(("kept", cid, spec["cls"]))
        return cid

    # --- executions ---------------------------------------------------------------------------
    inp = spec.get("input")
    input_text = json.dumps(subst(inp, names)) if inp is not None else "{}"
    with open(os.path.join(folder, "input.json"), "w") as f:
        f.write(input_text)
    mocks = {}
    exp = {}
    express = spec.get("express")
    if express == "async":
        end = content["end_event"]
        source["key"] = "end_event"
        exp["status"] = TERMINAL[end["type"]][0]
        det = end.get("details", {})
        if exp["status"] == "SUCCEEDED":
            exp["output"] = json_value(det.get("output"))
        else:
            for k in ("error", "cause"):
                if k in det:
                    exp[k] = det[k]
        exp["states"] = None
        exp["states_order"] = "none"
        exp["type"] = "EXPRESS"
        exp["end_event_id"] = int(end["id"])
    elif express == "sync":
        resp = content["start_execution_sync_response"]
        source["key"] = "start_execution_sync_response"
        exp["status"] = resp["status"]
        if resp["status"] == "SUCCEEDED":
            exp["output"] = json_value(resp.get("output"))
        else:
            for k in ("error", "cause"):
                if k in resp:
                    exp[k] = resp[k]
        exp["states"] = None
        exp["states_order"] = "none"
        exp["type"] = "EXPRESS"
        exp["start"] = "sync"
        rin = resp.get("input")
        if rin is not None and json_value(rin) != to_placeholders(json.loads(input_text), names):
            notes.append("recorded input differs from the sent one: %s" % json.dumps(rin))
    elif spec.get("history", True):
        hkey = spec.get("history_key", "get_execution_history")
        events = content[hkey]["events"]
        source["key"] = hkey
        source["execution_index"] = 0
        hx, mocks = from_history(events, definition, notes, spec.get("compact_cause", False))
        exp.update(hx)
        rin = json_value(events[0]["executionStartedEventDetails"].get("input"))
        if rin != to_placeholders(json.loads(input_text), names):
            notes.append("recorded input %s differs from the sent one after placeholders"
                         % json.dumps(rin))
        elif names and json.loads(input_text) != rin:
            notes.append("input transformed in snapshot (placeholders): the input holds made-up "
                         "names, normalised back to the placeholders when compared")
        for other in spec.get("same_as", []):
            ev2 = content[other]["events"]
            if [e["type"] for e in ev2] != exp["events"]:
                notes.append("%s differs in its event types" % other)
    else:
        source["key"] = spec.get("recorded_keys")
    if spec.get("mock_from_output"):
        state, drop = spec["mock_from_output"]
        result = {k: v for k, v in exp["output"].items() if k != drop}
        mocks = {state: [{"Return": result}]}
    if spec.get("expect"):
        exp.update(spec["expect"])
    if spec.get("mock"):
        mocks = spec["mock"]
    if spec.get("no_mock"):
        mocks = {}
    if mocks:
        write_json(os.path.join(folder, "mock.json"), mock_config(mocks))
        exp["mocked_states"] = sorted(mocks)
    if spec.get("s3"):
        for path, body in spec["s3"].items():
            path = subst(path, names)
            p = os.path.join(folder, "s3", *path.split("/"))
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(body)
        bucket = names.get("$BUCKET")
        if bucket and bucket[0] != bucket[1]:
            notes.append("the snapshot shows the test's random bucket as the placeholder '%s' (not a "
                         "valid bucket name); the case uses the bucket '%s', normalised back to the "
                         "placeholder when compared" % (bucket[1], bucket[0]))
        elif bucket:
            notes.append("the snapshot shows the test's random bucket as the placeholder '%s'; the "
                         "case uses that placeholder as the bucket name" % bucket[1])
        notes.append("s3/ holds the objects the test put before starting the execution (bodies "
                     "from the test code)")
    exp["normalize"] = normalize_rules(names)
    exp["wildcards"] = sorted(set(BASE_WILDCARDS + spec.get("wildcards", [])
                                  + (["map_run_arn"] if "map_run_arn" in json.dumps(content) else [])))
    exp.setdefault("ignore", [])
    exp["ignore"] = sorted(set(exp["ignore"] + spec.get("ignore", [])))
    exp["class"] = spec["cls"]
    if spec.get("runnable") is False:
        exp["runnable"] = False
    exp["source"] = source
    if notes:
        exp["notes"] = notes
    write_json(os.path.join(folder, "expect.json"), exp)
    report.append(("kept", cid, spec["cls"]))
    return cid


def main(argv):
    global REPO
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    REPO = argv[1]
    out_dir = argv[2] if len(argv) > 2 else os.path.join(
        HERE, "..", "..", "tests", "aws_recorded_classes", "cases")
    head = git("rev-parse", "HEAD").strip()
    if head != PINNED:
        raise SystemExit("%s is at %s; the cases are extracted from %s (git checkout it)"
                         % (REPO, head, PINNED))
    # replace earlier case folders (and only those: folders holding an expect.json)
    if os.path.isdir(out_dir):
        for n in os.listdir(out_dir):
            p = os.path.join(out_dir, n)
            if os.path.isdir(p) and os.path.exists(os.path.join(p, "expect.json")):
                shutil.rmtree(p)
            else:
                raise SystemExit("%s holds %s, which is not a case folder; not touching it" % (out_dir, n))
    os.makedirs(out_dir, exist_ok=True)
    report = []
    seen = set()
    for spec in SPECS:
        cid = case_name(spec)
        if cid in seen:
            raise SystemExit("duplicate case %s" % cid)
        seen.add(cid)
        build(spec, out_dir, report)
    by_cls = {}
    for kind, cid, info in report:
        if kind == "kept":
            by_cls.setdefault(info, []).append(cid)
        else:
            print("dropped %s: %s" % (cid, info))
    for cls, ids in sorted(by_cls.items()):
        print("%s: %d cases" % (cls, len(ids)))
    print("from %s at %s: %d cases" % (REPO, head, sum(len(v) for v in by_cls.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
