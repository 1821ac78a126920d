#!/usr/bin/env python3
"""Mutates the definitions of the executions AWS recorded and checks that `workflow replay`
names the state that changed.

usage: mutate.py WORKFLOW_BINARY LOCALSTACK_REPO [--cases DIR]... [--only SUBSTR]
                 [--every] [--report FILE] [-v]

For every recorded history `replay.py` reads (the same cases, the same pinned LocalStack
commit, the same history files) that its own definition replays identically, each kind of
change below is made to one state the record entered (the first, in the record's order, for
which the change alters the run; with `--every`, to each such state in turn), and the changed
definition is replayed on the record:

  pass-result       a Pass state's result: `Result` (or, JSONata, `Output`) wrapped as
                    {"mutated": ...}, or given one where it passed its input on;
  removed-catcher   a state's `Catch` removed;
  renamed-state     a state renamed (`<name>Renamed`), with every transition to it;
  swapped-choice    a Choice state's targets rotated (each rule's `Next` becomes the next
                    rule's, the last one's the `Default`'s);
  lowered-retry     a state's Retriers' `MaxAttempts` lowered by one (else to 0);
  changed-parameter a Task's or Pass's `Parameters` (JSONata: `Arguments`): its first literal
                    value changed (text appended, number + 1, boolean flipped), or a field
                    added where every value is a path.

A change "alters the run" when `workflow run` of the changed definition, on the case's input
and mocked task results, writes a history other than the original's (event types and
details; times and ids aside); a change that alters nothing (a Result that `ResultPath: null`
drops, a Catcher never used) is not counted. A counted change must make the replay differ
(exit 1), and its first difference must name the changed state: as the state it is about,
or as the state its path leaves (`afterState`: a Choice that now chooses otherwise, a Task
no longer retried or caught). The renamed state is named under either name. Differences the
case's own comparison rules explain (placeholders the snapshot holds) are not counted, as in
`replay.py`; a change found only at a value the snapshot replaced by a placeholder for any
text (`<queue-url:1>`) is listed apart: the case cannot tell it from the recorded value.

Prints one line per change that is not named, then, per kind: changes made, named, named
elsewhere, missed. Exit 0 only when every counted change is named. Python 3 standard
library only.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import replay as R

KINDS = [
    "pass-result",
    "removed-catcher",
    "renamed-state",
    "swapped-choice",
    "lowered-retry",
    "changed-parameter",
]


def scopes(definition):
    """Every scope of a definition (the top, branches, item processors) with its path."""
    stack = [definition]
    while stack:
        scope = stack.pop()
        if not isinstance(scope, dict) or not isinstance(scope.get("States"), dict):
            continue
        yield scope
        for state in scope["States"].values():
            if not isinstance(state, dict):
                continue
            stack.extend(state.get("Branches") or [])
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), dict):
                    stack.append(state[key])


def find(definition, name):
    """The scope and state named `name` (the first scope holding one)."""
    for scope in scopes(definition):
        if name in scope["States"]:
            return scope, scope["States"][name]
    return None, None


def prune(scope):
    """Removes the states of `scope` no transition reaches any more (a removed Catcher's
    handler), so that the changed definition stays valid."""
    states = scope["States"]
    reached, todo = set(), [scope.get("StartAt")]
    while todo:
        name = todo.pop()
        if name in reached or name not in states:
            continue
        reached.add(name)
        state = states[name]
        if not isinstance(state, dict):
            continue
        todo += [state.get("Next"), state.get("Default")]
        todo += [r.get("Next") for r in (state.get("Choices") or []) + (state.get("Catch") or []) if isinstance(r, dict)]
    for name in [n for n in states if n not in reached]:
        del states[name]


def jsonata(definition, state):
    return (state.get("QueryLanguage") or definition.get("QueryLanguage")) == "JSONata"


def entered_states(events):
    """The names of the states the record entered, in order, once each."""
    seen, out = set(), []
    for event in events:
        details = event.get("stateEnteredEventDetails")
        if event.get("type", "").endswith("StateEntered") and details:
            name = details.get("name")
            if name not in seen:
                seen.add(name)
                out.append(name)
    return out


def changed_literal(value):
    """`value` with its first literal changed: (new value, whether one was)."""
    if isinstance(value, bool):
        return (not value), True
    if isinstance(value, (int, float)):
        return value + 1, True
    if isinstance(value, str):
        if value.startswith("{%") or value.startswith("$"):
            return value, False
        return value + "-mutated", True
    if value is None:
        return "mutated", True
    if isinstance(value, list):
        for i, item in enumerate(value):
            new, done = changed_literal(item)
            if done:
                return value[:i] + [new] + value[i + 1 :], True
        return value, False
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith(".$"):
                continue
            new, done = changed_literal(item)
            if done:
                out = dict(value)
                out[key] = new
                return out, True
        return value, False
    return value, False


def mutants(kind, definition, name):
    """The changed definitions of `kind` for the state `name` (none where it does not apply),
    each with the names the replay may give the changed state."""
    scope, state = find(definition, name)
    if state is None:
        return []
    out = []

    def variant(change, names=(name,)):
        d = copy.deepcopy(definition)
        s, st = find(d, name)
        if change(d, s, st) is not False:
            out.append((d, set(names)))

    typ = state.get("Type")
    if kind == "pass-result" and typ == "Pass":
        def change(d, s, st):
            if jsonata(d, st):
                st["Output"] = {"mutated": st.get("Output", "{% $states.input %}")}
            elif "Result" in st:
                st["Result"] = {"mutated": st["Result"]}
            else:
                st["Result"] = {"mutated": True}
        variant(change)
    elif kind == "removed-catcher" and state.get("Catch"):
        def change(d, s, st):
            st.pop("Catch")
            prune(s)
        variant(change)
    elif kind == "renamed-state":
        new = name + "Renamed"

        def change(d, s, st):
            states = s["States"]
            states[new] = states.pop(name)
            if s.get("StartAt") == name:
                s["StartAt"] = new
            for other in states.values():
                if not isinstance(other, dict):
                    continue
                if other.get("Next") == name:
                    other["Next"] = new
                if other.get("Default") == name:
                    other["Default"] = new
                for rule in (other.get("Choices") or []) + (other.get("Catch") or []):
                    if isinstance(rule, dict) and rule.get("Next") == name:
                        rule["Next"] = new
        variant(change, (name, new))
    elif kind == "swapped-choice" and typ == "Choice":
        rules = [r for r in state.get("Choices") or [] if isinstance(r, dict) and "Next" in r]
        targets = [r["Next"] for r in rules] + ([state["Default"]] if "Default" in state else [])
        if len(set(targets)) >= 2:
            def change(d, s, st):
                rs = [r for r in st.get("Choices") or [] if isinstance(r, dict) and "Next" in r]
                for i, r in enumerate(rs):
                    r["Next"] = targets[(i + 1) % len(targets)]
                if "Default" in st:
                    st["Default"] = targets[0]
            variant(change)
    elif kind == "lowered-retry" and state.get("Retry"):
        for lowered in (lambda n: max(0, n - 1), lambda n: 0):
            def change(d, s, st, lowered=lowered):
                changed = False
                for r in st["Retry"]:
                    before = r.get("MaxAttempts", 3)
                    if isinstance(before, int) and lowered(before) < before:
                        r["MaxAttempts"] = lowered(before)
                        changed = True
                return changed
            variant(change)
    elif kind == "changed-parameter" and typ in ("Task", "Pass"):
        key = "Arguments" if jsonata(definition, state) else "Parameters"
        if key in state:
            def change(d, s, st):
                new, done = changed_literal(st[key])
                if not done:
                    if not isinstance(st[key], dict):
                        return False
                    new = dict(st[key])
                    new["mutated"] = True
                st[key] = new
            variant(change)
    return out


def run(binary, definition_path, case_dir, mock):
    """`workflow run`'s history of a definition on the case's input and mocks, as compared:
    event types and details, times and ids aside (`None` when it does not run)."""
    with open(os.path.join(case_dir, "input.json")) as f:
        inp = f.read().strip()
    cmd = [binary, "run", definition_path, "--input", inp, "--json", "--history", "--errors-as-warnings"]
    if mock:
        cmd += ["--mock-config", mock, "--state-machine", "recorded", "--test-case", "recorded"]
    s3 = os.path.join(case_dir, "s3")
    if os.path.isdir(s3):
        cmd += ["--s3", s3]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=R.TIMEOUT_S)
        out = json.loads(p.stdout)
    except (subprocess.TimeoutExpired, ValueError):
        return None
    return [
        (e.get("type"), {k: v for k, v in e.items() if k.endswith("EventDetails")})
        for e in out.get("history") or []
    ]


def renamed_mock(mock, old, new, tmp):
    """The mock configuration with the answers of state `old` given to `new`."""
    with open(mock) as f:
        config = json.load(f)
    for machine in config.get("StateMachines", {}).values():
        for case in machine.get("TestCases", {}).values():
            if old in case:
                case[new] = case.pop(old)
    path = os.path.join(tmp, "renamed-mock.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def run_case(binary, repo, case_dir, tmp, every=False):
    """{kind: [(verdict, detail)]} for the case: the first change of each kind that alters
    the run (with `every`, one for each state that has one); verdict `named`, `elsewhere`,
    `missed`, `masked` or `error`. `None` when the case has no history its own definition
    replays identically."""
    with open(os.path.join(case_dir, "expect.json")) as f:
        expect = json.load(f)
    if expect.get("kind") in ("refused", "accepted"):
        return None
    source = expect.get("source") or {}
    snap = repo.snapshot(source.get("snapshot", ""))
    if snap is None:
        return None
    entry = (snap.get(source.get("node", "")) or {}).get("recorded-content") or {}
    keys = source.get("key", "")
    keys = keys if isinstance(keys, list) else [keys]
    recorded = next(
        (entry[k] for k in keys if isinstance(entry.get(k), dict) and "events" in entry[k]), None
    )
    if not isinstance(recorded, dict) or not recorded.get("events"):
        return None
    events = recorded["events"]
    if events[0].get("type") != "ExecutionStarted":
        return None
    definition_path = os.path.join(case_dir, "definition.asl.json")
    with open(definition_path) as f:
        definition = json.load(f)
    with open(os.path.join(case_dir, "input.json")) as f:
        sent_input = f.read().strip()
    history = os.path.join(tmp, "history.json")
    with open(history, "w") as f:
        json.dump(R.history_file(events, expect, sent_input, definition), f)
    cmp = R.Cmp(expect)
    ignore = set(expect.get("ignore", []))
    mock = os.path.join(case_dir, "mock.json")
    mock = mock if os.path.exists(mock) else None
    report, _ = R.replay(binary, definition_path, history, case_dir, expect, mock)
    if report is None or R.remaining(report, cmp, ignore):
        return None
    original = run(binary, definition_path, case_dir, mock)
    if original is None:
        return None
    found = {}
    changed_path = os.path.join(tmp, "mutant.asl.json")
    for kind in KINDS:
        for name in entered_states(events):
            done = False
            for mutant, names in mutants(kind, definition, name):
                with open(changed_path, "w") as f:
                    json.dump(mutant, f)
                mutant_mock = mock
                if mock and kind == "renamed-state":
                    mutant_mock = renamed_mock(mock, name, name + "Renamed", tmp)
                now = run(binary, changed_path, case_dir, mutant_mock)
                # A change the engine does not run (an invalid definition) or that alters
                # nothing is not counted.
                if now is None or now == original:
                    continue
                report, error = R.replay(binary, changed_path, history, case_dir, expect, mutant_mock)
                verdicts = found.setdefault(kind, [])
                if report is None:
                    verdicts.append(("error", "%s: %s" % (name, error)))
                else:
                    left = R.remaining(report, cmp, ignore)
                    raw = report.get("differences") or []
                    if not left and raw and names & {raw[0].get("state"), raw[0].get("afterState")}:
                        # Found, at the value the snapshot replaced by a placeholder that
                        # stands for any text (`<queue-url:1>`): the case cannot tell.
                        verdicts.append(("masked", "%s: %s" % (name, R.describe(raw[0]))))
                    elif not left:
                        verdicts.append(("missed", "%s: replays identically" % name))
                    elif names & {left[0].get("state"), left[0].get("afterState")}:
                        verdicts.append(("named", name))
                    else:
                        verdicts.append(("elsewhere", "%s: %s" % (name, R.describe(left[0]))))
                done = True
                break
            if done and not every:
                break
    return found


def main(argv):
    args = argv[1:]
    if len(args) < 2 or args[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    binary, repo = os.path.abspath(args[0]), R.Repo(args[1])
    options = R.parse_options(args[2:], flags=("every",))
    if options is None:
        return 2
    report_path, verbose, every = options["report"], options["verbose"], options["every"]
    cases = R.case_dirs(options["cases"], options["only"])
    counts = {
        k: {"changes": 0, "named": 0, "elsewhere": 0, "missed": 0, "error": 0, "masked": 0}
        for k in KINDS
    }
    results, histories = {}, 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            name = os.path.basename(case)
            found = run_case(binary, repo, case, tmp, every)
            if found is None:
                continue
            histories += 1
            results[name] = found
            for kind, verdict, detail in [(k, v, d) for k, vs in sorted(found.items()) for v, d in vs]:
                counts[kind][verdict] += 1
                if verdict == "masked":
                    if verbose:
                        print("masked %s %s: %s" % (kind, name, detail))
                    continue
                counts[kind]["changes"] += 1
                if verdict != "named":
                    print("%s %s %s: %s" % (verdict.upper(), kind, name, detail))
                elif verbose:
                    print("named %s %s: %s" % (kind, name, detail))
    print("mutate: %d recorded histories that replay identically" % histories)
    for kind in KINDS:
        c = counts[kind]
        print(
            "  %-17s %4d changes, %4d named, %d elsewhere, %d missed, %d errors"
            " (%d more found where the snapshot holds a placeholder for any text)"
            % (kind, c["changes"], c["named"], c["elsewhere"], c["missed"], c["error"], c["masked"])
        )
    if report_path:
        with open(report_path, "w") as f:
            json.dump({"counts": counts, "cases": results}, f, indent=1, sort_keys=True)
    return 0 if all(c["named"] == c["changes"] for c in counts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
