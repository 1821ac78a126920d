#!/usr/bin/env python3
"""Writes the history AWS recorded for one case, as `aws stepfunctions get-execution-history
--output json` prints it, undoing LocalStack's snapshot transformers as `replay.py` does (the
same functions): what `tests/debug/recorded/` holds was written so.

usage: history.py LOCALSTACK_REPO CASE_DIR OUT.json

LOCALSTACK_REPO holds the pinned commit (`replay.PINNED`); CASE_DIR is a case of
`../shared/aws-recorded/cases` or `tests/aws_recorded_classes/cases`. Prints the execution's
ARN rebuilt from the snapshot's placeholders (the launch configuration's `executionArn`), if
the case names one. Python 3 standard library only.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay  # noqa: E402


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    repo, case_dir, out = replay.Repo(argv[1]), argv[2], argv[3]
    with open(os.path.join(case_dir, "expect.json")) as f:
        expect = json.load(f)
    source = expect.get("source") or {}
    snapshot = repo.snapshot(source.get("snapshot", "")) or {}
    entry = (snapshot.get(source.get("node", "")) or {}).get("recorded-content") or {}
    keys = source.get("key", "")
    keys = keys if isinstance(keys, list) else [keys]
    recorded = next((entry[k] for k in keys if isinstance(entry.get(k), dict)), None)
    if not recorded or not isinstance(recorded.get("events"), list):
        print("%s: its snapshot holds no recorded history" % case_dir, file=sys.stderr)
        return 1
    with open(os.path.join(case_dir, "input.json")) as f:
        sent_input = f.read().strip()
    with open(os.path.join(case_dir, "definition.asl.json")) as f:
        definition = json.load(f)
    history = replay.history_file(recorded["events"], expect, sent_input, definition)
    with open(out, "w") as f:
        json.dump(history, f, indent=1)
        f.write("\n")
    arn = replay.execution_arn(expect)
    if arn:
        print(arn)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
