#!/usr/bin/env python3
"""Replays the executions AWS recorded in LocalStack's snapshot tests with `workflow replay`.

usage: replay.py WORKFLOW_BINARY LOCALSTACK_REPO [--cases DIR]... [--only SUBSTR]
                 [--report FILE] [-v]

LOCALSTACK_REPO is a git checkout or bare mirror of localstack/localstack holding the pinned
commit (PINNED below). Each case directory (by default `../shared/aws-recorded/cases` and
`tests/aws_recorded_classes/cases`, both extracted from that commit) names the recording it
comes from in its `expect.json` (`source`: snapshot file, test id, key). The recorded
`GetExecutionHistory` answer is read from the snapshot at the pinned commit and written as
the file `aws stepfunctions get-execution-history --output json` prints, then

  1. `workflow replay definition.asl.json --history HISTORY.json --json` replays it on the
     case's own definition: it must replay identically;
  2. the same on a deliberately changed definition (the last top-level state the record
     entered becomes a Fail state, or a Succeed state if it was a Fail): the replay must
     diverge, naming that state.

The snapshots were rewritten by LocalStack's transformers: JSON texts parsed into values
(written back as text here), event ids inside concurrent branches masked (the events are
renumbered in order; a masked `previousEventId` becomes 0, which `workflow replay` matches by
type and state), timestamps replaced by `timestamp` (the events are given times 1 ms apart in
order), and the names a test drew at random replaced by placeholders. A placeholder that
stands for one name (the case's `normalize` pairs whose pattern is a literal) is put back; a
difference left between a recorded value holding another placeholder (a date, a request id, a
UUID) and the engine's value is not counted when the case's own comparison rules (`normalize`,
`wildcards`, `<name:N>` tokens, as `../shared/aws-recorded/run.py` compares outputs) match
them.

Prints one line per case that does not replay as expected, then the counts: recorded
histories, replayed identically, changed definitions that diverge at the changed state, and
the cases left out with why. Exit 0 only when every replayed case agrees. Python 3 standard
library only; reproducible: the same commit, cases and binary give the same report.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

PINNED = "8b9a79f05846835cf4dff63ab7eefdde9df83783"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CASES = [
    os.path.join(ROOT, "..", "shared", "aws-recorded", "cases"),
    os.path.join(ROOT, "tests", "aws_recorded_classes", "cases"),
]
# `../shared` beside the repository: where the project keeps it (a worktree may sit elsewhere;
# give `--cases` then).
TIMEOUT_S = 20
BASE_MILLIS = 1_704_067_200_000  # 2024-01-01T00:00:00Z: the first recorded event's time
REGEX_CHARS = set("\\^$*+?()[]{}|")

ANGLE_TOKEN = re.compile(r"<[A-Za-z0-9_.\-]+(?::\d+)?>")
ISO8601 = re.compile(
    r"(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|"
    r"(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|"
    r"[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)"
)
SPECIAL_WILDCARDS = {"111111111111": r"\d{12}", "date": ISO8601.pattern + "|date"}
# The details that held JSON text before the snapshot parsed them.
JSON_TEXT_FIELDS = {"input", "output", "parameters", "cause"}


class Repo:
    """Files of LocalStack at the pinned commit."""

    def __init__(self, path):
        self.path = path
        self.cache = {}
        try:
            head = self.git("rev-parse", PINNED + "^{commit}").strip()
        except (subprocess.CalledProcessError, OSError):
            head = None
        if head != PINNED:
            raise SystemExit("%s does not hold %s" % (path, PINNED))

    def git(self, *args):
        return subprocess.run(
            ["git", "-C", self.path] + list(args), capture_output=True, text=True, check=True
        ).stdout

    def snapshot(self, name):
        if name not in self.cache:
            try:
                self.cache[name] = json.loads(self.git("show", "%s:%s" % (PINNED, name)))
            except (subprocess.CalledProcessError, ValueError):
                self.cache[name] = None
        return self.cache[name]


class Cmp:
    """A recorded (snapshot-transformed) value against the engine's, by the case's rules."""

    def __init__(self, expect):
        self.normalize = [(re.compile(p), r) for p, r in expect.get("normalize", [])]
        self.wild = sorted(expect.get("wildcards", []), key=len, reverse=True)

    def norm(self, s):
        for rx, rep in self.normalize:
            s = rx.sub(rep.replace("\\", "\\\\"), s)
        return s

    def template(self, e):
        pieces, i, found = [], 0, False
        wild_rx = "|".join(re.escape(w) for w in self.wild if w)
        rx = ANGLE_TOKEN.pattern + ("|" + wild_rx if wild_rx else "")
        for m in re.finditer(rx, e):
            found = True
            pieces.append(re.escape(e[i : m.start()]))
            pieces.append("(?:%s)" % SPECIAL_WILDCARDS.get(m.group(0), r".+?"))
            i = m.end()
        if not found:
            return None
        pieces.append(re.escape(e[i:]))
        return re.compile("".join(pieces), re.S)

    def same(self, e, a, ptr="", ignore=()):
        """Whether the recorded `e` and the engine's `a` agree (values, not texts); the
        values at the JSON pointers `ignore` are not compared."""
        if ptr in ignore:
            return True
        if isinstance(e, str) and isinstance(a, str) and e != a:
            try:
                return self.same(json.loads(e), json.loads(a), ptr, ignore)
            except ValueError:
                pass
        if isinstance(e, dict):
            return (
                isinstance(a, dict)
                and set(e) == set(a)
                and all(self.same(e[k], a[k], ptr + "/" + k, ignore) for k in e)
            )
        if isinstance(e, list):
            return (
                isinstance(a, list)
                and len(a) == len(e)
                and all(self.same(x, y, "%s/%d" % (ptr, i), ignore) for i, (x, y) in enumerate(zip(e, a)))
            )
        if isinstance(e, str):
            if e in self.wild and e not in SPECIAL_WILDCARDS:
                return True
            if not isinstance(a, str):
                return False
            a_n = self.norm(a)
            if e in (a, a_n):
                return True
            t = self.template(e)
            return bool(t and (t.fullmatch(a_n) or t.fullmatch(a)))
        if isinstance(e, bool) or e is None:
            return a is e
        return not isinstance(a, bool) and isinstance(a, (int, float)) and type(a) is type(e) and a == e


# Placeholders a snapshot holds for names its case's `normalize` does not list: the test's
# account (drawn by a pattern; every case's definition names it as 111111111111) and the
# execution role (the name of a role the test created; any role's ARN stands for it: the
# replay compares no role).
DEFAULT_PAIRS = [
    ("<test_aws_account_id>", "111111111111"),
    ("snf_role_arn", "arn:aws:iam::111111111111:role/snf_role"),
]


def literal_pairs(expect):
    """The placeholders that each stand for one name: (placeholder, name), longest first."""
    pairs = []
    for pattern, replacement in expect.get("normalize", []):
        if REGEX_CHARS & set(pattern) or not replacement or replacement == "date":
            continue
        pairs.append((replacement, pattern))
    listed = {p for p, _ in pairs}
    pairs += [(p, n) for p, n in DEFAULT_PAIRS if p not in listed]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def put_back(value, pairs):
    """`value` with each placeholder of `pairs` replaced by the name it stands for."""
    if isinstance(value, str):
        for placeholder, name in pairs:
            value = value.replace(placeholder, name)
        return value
    if isinstance(value, list):
        return [put_back(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: put_back(v, pairs) for k, v in value.items()}
    return value


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def restored(events):
    """The events with what the snapshot's transformer for Parallel states took out put back.

    LocalStack's `SfnNoneRecursiveParallelTransformer` masks the ids of a Parallel's branch
    events (`[0]`) and sorts them; it replaces them once at `ParallelStateSucceeded` and once
    more at the `ParallelStateExited` that follows, which, one longer, drops the
    `ParallelStateSucceeded` (localstack-core/localstack/testing/pytest/stepfunctions/utils.py
    at the pinned commit: no recorded history of the snapshots holds one, and each skips its
    id). Put back where its id is missing: before `ParallelStateExited`, naming the same
    previous event."""
    out, last_id, masked = [], 0, False
    for event in events:
        event_id = event.get("id")
        if not isinstance(event_id, int):
            masked = True
            out.append(event)
            continue
        if masked and event.get("type") == "ParallelStateExited" and event_id - last_id >= 2:
            out.append({"id": event_id - 1, "previousEventId": event.get("previousEventId"), "type": "ParallelStateSucceeded"})
        masked = False
        last_id = event_id
        out.append(event)
    return out


def definition_pairs(definition, expect):
    """The placeholders that stand for a name the definition holds: `activity_arn` for its
    one activity's ARN (the test created it under a drawn name), `map_run_arn` for a Map
    Run's ARN (the service names it after the machine, the Map state and a UUID; any such ARN
    stands for it: the replay runs the Map Run again under the recorded one)."""
    pairs = []
    activities = sorted(
        {
            state.get("Resource")
            for state in walk_states(definition)
            if ":activity:" in str(state.get("Resource", ""))
        }
    )
    if len(activities) == 1:
        pairs.append(("activity_arn", activities[0]))
    names = dict((r, p) for p, r in expect.get("normalize", []) if not REGEX_CHARS & set(p))
    machine = names.get("<ArnPart_0idx>", "machine")
    pairs.append(
        (
            "map_run_arn",
            "arn:aws:states:us-east-1:111111111111:mapRun:%s/map:00000000-0000-4000-8000-000000000000" % machine,
        )
    )
    return pairs


def walk_states(definition):
    """Every state of a definition, nested ones too."""
    stack = [definition]
    while stack:
        scope = stack.pop()
        for state in (scope.get("States") or {}).values():
            if not isinstance(state, dict):
                continue
            yield state
            stack.extend(b for b in state.get("Branches") or [] if isinstance(b, dict))
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), dict):
                    stack.append(state[key])


def history_file(events, expect, sent_input, definition=None):
    """The recorded events as `get-execution-history --output json` prints them; the
    execution's input is the one the test sent (`sent_input`, the case's `input.json`), which
    the snapshot may hold with placeholders."""
    pairs = literal_pairs(expect) + definition_pairs(definition or {}, expect)
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    out, last_id = [], 0
    for n, event in enumerate(restored(events), 1):
        event = put_back(event, pairs)
        if n == 1 and isinstance(event.get("executionStartedEventDetails"), dict):
            event["executionStartedEventDetails"]["input"] = sent_input
        event_id = event.get("id")
        last_id = event_id if isinstance(event_id, int) and event_id > last_id else last_id + 1
        previous = event.get("previousEventId")
        fixed = {
            "id": last_id,
            "previousEventId": previous if isinstance(previous, int) else 0,
            "timestamp": (BASE_MILLIS + n) / 1000.0,
            "type": event["type"],
        }
        for key, details in event.items():
            if key.endswith("EventDetails") and isinstance(details, dict):
                fixed[key] = {k: text_fields(k, v) for k, v in details.items()}
        out.append(fixed)
    return {"events": out}


def text_fields(key, value):
    """A detail as the service wrote it: JSON text where the snapshot parsed it."""
    if key in JSON_TEXT_FIELDS and not isinstance(value, str):
        return as_text(value)
    if key == "assignedVariables" and isinstance(value, dict):
        return {k: as_text(v) if not isinstance(v, str) else v for k, v in value.items()}
    return value


def last_top_level_state(definition, events):
    """The top-level state the record entered last, if any."""
    top = set(definition.get("States", {}))
    last = None
    for event in events:
        details = event.get("stateEnteredEventDetails")
        if event.get("type", "").endswith("StateEntered") and details and details.get("name") in top:
            last = details["name"]
    return last


def changed(definition, state):
    """`definition` with `state` made a Fail state (a Succeed state if it is a Fail)."""
    changed = json.loads(json.dumps(definition))
    old = changed["States"][state]
    new = {"Type": "Succeed"} if old.get("Type") == "Fail" else {"Type": "Fail", "Error": "Changed"}
    if old.get("QueryLanguage"):
        new["QueryLanguage"] = old["QueryLanguage"]
    changed["States"][state] = new
    return changed


def execution_arn(expect):
    """The recorded execution's ARN, from the names its snapshot's placeholders stand for."""
    names = dict((r, p) for p, r in expect.get("normalize", []) if not REGEX_CHARS & set(p))
    machine, name = names.get("<ArnPart_0idx>"), names.get("<ExecArnPart_0idx>")
    if not machine or not name:
        return None
    return "arn:aws:states:us-east-1:111111111111:execution:%s:%s" % (machine, name)


def replay(binary, definition_path, history_path, case_dir, expect, mock):
    cmd = [binary, "replay", definition_path, "--history", history_path, "--json"]
    arn = execution_arn(expect)
    if arn:
        cmd += ["--execution-arn", arn]
    if mock:
        cmd += ["--mock-config", mock, "--state-machine", "recorded", "--test-case", "recorded"]
    s3 = os.path.join(case_dir, "s3")
    if os.path.isdir(s3):
        cmd += ["--s3", s3]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % TIMEOUT_S
    try:
        return json.loads(p.stdout), None
    except ValueError:
        err = (p.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, "exit %d: %s" % (p.returncode, err[:300])


def remaining(report, cmp, ignore):
    """The differences of a replay report that the case's rules do not explain (`ignore`:
    the pointers of the execution's output or cause the case does not compare)."""
    left = []
    for d in report.get("differences", []):
        e, a = d.get("recordedDetails"), d.get("nowDetails")
        event = d.get("event")
        same_type = (d.get("recordedEvent") or {}).get("type") == event
        if same_type and e is not None and a is not None and cmp.same(e, a, "", ignore):
            continue
        left.append(d)
    return left


def without_state(mock_path, state, tmp):
    """The case's mock configuration without the answers of `state` (a changed definition
    no longer has it)."""
    with open(mock_path) as f:
        config = json.load(f)
    for machine in config.get("StateMachines", {}).values():
        for case in machine.get("TestCases", {}).values():
            case.pop(state, None)
    path = os.path.join(tmp, "changed-mock.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def describe(d):
    where = d.get("state") or ""
    rec = d.get("recordedEvent") or {}
    return "%s %s%s: recorded %s; now %s" % (
        d.get("kind", ""),
        ("state `%s`," % where) if where else "",
        "event %s (%s)" % (rec.get("id"), rec.get("type")) if rec else "no recorded event",
        d.get("recorded", "")[:200],
        d.get("now", "")[:200],
    )


def run_case(binary, repo, case_dir, tmp):
    """(kind, detail): kind is `left-out`, `identical`, `differs`; detail says why."""
    with open(os.path.join(case_dir, "expect.json")) as f:
        expect = json.load(f)
    source = expect.get("source") or {}
    if expect.get("kind") in ("refused", "accepted"):
        return ("left-out", "a definition's creation, no execution"), None
    snap = repo.snapshot(source.get("snapshot", ""))
    if snap is None:
        return ("left-out", "no snapshot file"), None
    entry = (snap.get(source.get("node", "")) or {}).get("recorded-content") or {}
    keys = source.get("key", "")
    keys = keys if isinstance(keys, list) else [keys]
    recorded = next(
        (entry[k] for k in keys if isinstance(entry.get(k), dict) and "events" in entry[k]),
        None,
    )
    if not isinstance(recorded, dict) or not isinstance(recorded.get("events"), list):
        return ("left-out", "only the output was recorded, not the history"), None
    events = recorded["events"]
    if not events or events[0].get("type") != "ExecutionStarted":
        return ("left-out", "the recorded history does not begin with ExecutionStarted"), None
    history = os.path.join(tmp, "history.json")
    with open(os.path.join(case_dir, "input.json")) as f:
        sent_input = f.read().strip()
    definition_path = os.path.join(case_dir, "definition.asl.json")
    with open(definition_path) as f:
        definition = json.load(f)
    with open(history, "w") as f:
        json.dump(history_file(events, expect, sent_input, definition), f)
    cmp = Cmp(expect)
    mock = os.path.join(case_dir, "mock.json")
    mock = mock if os.path.exists(mock) else None
    ignore = set(expect.get("ignore", []))
    report, error = replay(binary, definition_path, history, case_dir, expect, mock)
    if report is None:
        return ("differs", error), ("left-out", "its own definition could not replay it", [])
    left = remaining(report, cmp, ignore)
    same = ("identical", "") if not left else ("differs", describe(left[0]))
    details = []
    # The changed definition.
    state = last_top_level_state(definition, events)
    if state is None:
        return same, ("left-out", "no top-level state entered", details)
    changed_path = os.path.join(tmp, "changed.asl.json")
    with open(changed_path, "w") as f:
        json.dump(changed(definition, state), f)
    # The mock of a state it no longer has is left out.
    changed_mock = mock and without_state(mock, state, tmp)
    changed_report, error = replay(binary, changed_path, history, case_dir, expect, changed_mock)
    if changed_report is None:
        return same, ("misses", error, details)
    divergences = remaining(changed_report, cmp, ignore)
    if not divergences:
        return same, ("misses", "replays identically", details)
    first = divergences[0]
    if first.get("state") != state:
        return same, ("elsewhere", describe(first), details)
    return same, ("names", "", details)


def parse_options(args, flags=()):
    """The tools' options: `--cases DIR` (repeatable), `--only SUBSTR`, `--report FILE`, `-v`,
    and the `flags` a tool adds (each `--NAME`, true when given). `None` (after saying why)
    for an option it does not know."""
    options = {"cases": [], "only": None, "report": None, "verbose": False}
    options.update({flag: False for flag in flags})
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--cases", "--only", "--report") and i + 1 < len(args):
            if arg == "--cases":
                options["cases"].append(args[i + 1])
            else:
                options[arg[2:]] = args[i + 1]
            i += 2
        elif arg == "-v":
            options["verbose"] = True
            i += 1
        elif arg.startswith("--") and arg[2:] in flags:
            options[arg[2:]] = True
            i += 1
        else:
            print("unknown argument %s" % arg, file=sys.stderr)
            return None
    return options


def case_dirs(dirs, only):
    """The case directories under `dirs` (by default the two sets of cases), in name order,
    those whose name holds `only` when given."""
    cases = []
    for d in dirs or DEFAULT_CASES:
        if not os.path.isdir(d):
            print("localstack-replay: no cases at %s (skipped)" % d, file=sys.stderr)
            continue
        cases += [os.path.join(d, c) for c in sorted(os.listdir(d)) if not only or only in c]
    return cases


def main(argv):
    args = argv[1:]
    if len(args) < 2 or args[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    binary, repo = os.path.abspath(args[0]), Repo(args[1])
    options = parse_options(args[2:])
    if options is None:
        return 2
    report_path, verbose = options["report"], options["verbose"]
    cases = case_dirs(options["cases"], options["only"])
    counts = {"histories": 0, "identical": 0, "changed": 0, "named": 0}
    left_out, results = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            name = os.path.basename(case)
            same, change = run_case(binary, repo, case, tmp)
            results[name] = {"same": same, "changed": change}
            if same[0] == "left-out":
                left_out[same[1]] = left_out.get(same[1], 0) + 1
                continue
            counts["histories"] += 1
            if same[0] == "identical":
                counts["identical"] += 1
            else:
                print("DIFFERS %s: %s" % (name, same[1]))
            if change[0] != "left-out":
                counts["changed"] += 1
                if change[0] == "names":
                    counts["named"] += 1
                else:
                    print("CHANGED %s: %s %s" % (name, change[0], change[1]))
            if verbose:
                for d in change[2]:
                    print("  detail %s: %s" % (name, d))
    print(
        "localstack-replay: %d recorded histories, %d replay identically; %d changed definitions, %d diverge at the changed state"
        % (counts["histories"], counts["identical"], counts["changed"], counts["named"])
    )
    for why, n in sorted(left_out.items(), key=lambda kv: -kv[1]):
        print("  left out: %d (%s)" % (n, why))
    if report_path:
        with open(report_path, "w") as f:
            json.dump({"counts": counts, "left_out": left_out, "cases": results}, f, indent=1, sort_keys=True)
    ok = counts["identical"] == counts["histories"] and counts["named"] == counts["changed"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
