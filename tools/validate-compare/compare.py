#!/usr/bin/env python3
"""`workflow validate` of two builds over the definitions the project holds itself to, side by side.

usage: compare.py NEW_BINARY BASE_BINARY [LOCALSTACK_REPO]

Validates, with each binary, every definition of the shared corpus (`../shared/asl-corpus/
substituted`, 177), the recorded executions (`../shared/aws-recorded/cases/*`, 1,031), the classes
the shared set lacks (`tests/aws_recorded_classes/cases/*`) and, given a checkout or bare mirror of
localstack/localstack, every Step Functions template of its test suite (`tests/aws/services/
stepfunctions/templates/**/*.json5`, read with tools/localstack-recorded's JSON5 reader; the files
that are not a state machine are left out). Prints, per set, the files, those with errors and the
diagnostics by severity for each binary, then every diagnostic one binary reports and the other
does not (code, severity and pointer compared). Python 3 standard library only.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "localstack-recorded"))


def localstack_templates(repo, out):
    """Writes every template of LocalStack's Step Functions tests that is a state machine as
    JSON into `out`; returns the files."""
    import extract  # tools/localstack-recorded: the JSON5 reader

    git = ["git", "-C", repo]
    names = subprocess.run(git + ["ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.split()
    files = []
    for name in names:
        if "stepfunctions/templates/" not in name or not name.endswith(".json5"):
            continue
        text = subprocess.run(git + ["show", "HEAD:" + name], capture_output=True, text=True).stdout
        try:
            value = extract.json5_loads(text)
        except ValueError:
            continue
        if not isinstance(value, dict) or "States" not in value:
            continue
        path = os.path.join(out, name.split("stepfunctions/templates/")[1].replace("/", "__")
                            .replace(".json5", ".asl.json"))
        with open(path, "w") as f:
            json.dump(value, f, indent=1)
        files.append(path)
    return sorted(files)


def validate(binary, files):
    """{file: [(code, severity, pointer, message)]}, 50 files a call."""
    found = {}
    for i in range(0, len(files), 50):
        chunk = files[i:i + 50]
        out = subprocess.run([binary, "validate", "--json", *chunk], capture_output=True, text=True)
        for f in json.loads(out.stdout)["files"]:
            found[f["file"]] = [(d["code"], d["severity"], d["pointer"], d["message"])
                                for d in f["diagnostics"]]
    return found


def summary(found):
    by_severity = {}
    for diagnostics in found.values():
        for d in diagnostics:
            by_severity[d[1]] = by_severity.get(d[1], 0) + 1
    with_errors = sum(1 for ds in found.values() if any(d[1] == "error" for d in ds))
    return f"{len(found)} files, {with_errors} with errors, {dict(sorted(by_severity.items()))}"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    new, base = sys.argv[1], sys.argv[2]
    shared = os.path.join(ROOT, "..", "shared")
    sets = {
        "corpus": sorted(glob.glob(os.path.join(shared, "asl-corpus", "substituted", "*.asl.json"))),
        "recorded": sorted(glob.glob(os.path.join(shared, "aws-recorded", "cases", "*",
                                                  "definition.asl.json"))),
        "classes": sorted(glob.glob(os.path.join(ROOT, "tests", "aws_recorded_classes", "cases",
                                                 "*", "definition.asl.json"))),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 3:
            sets["localstack"] = localstack_templates(sys.argv[3], tmp)
        for name, files in sets.items():
            a, b = validate(new, files), validate(base, files)
            print(f"{name}: new {summary(a)}; base {summary(b)}")
            for f in files:
                key = lambda d: d[:3]
                ka, kb = {key(d) for d in a.get(f, [])}, {key(d) for d in b.get(f, [])}
                shown = os.path.basename(os.path.dirname(f)) if name != "corpus" and \
                    name != "localstack" else os.path.basename(f)
                for d in a.get(f, []):
                    if key(d) not in kb:
                        print(f"  new only: {shown}: {d[1]} {d[0]} at {d[2]}: {d[3][:200]}")
                for d in b.get(f, []):
                    if key(d) not in ka:
                        print(f"  base only: {shown}: {d[1]} {d[0]} at {d[2]}: {d[3][:200]}")


if __name__ == "__main__":
    main()
