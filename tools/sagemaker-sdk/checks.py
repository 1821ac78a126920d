#!/usr/bin/env python3
"""Asks the pinned SDKs, in one Python process, the three things tests/sagemaker.rs compares
with: what emit.py emits, `parameters.py --check` and `image_uris.py --check`.

    target/sagemaker-venv/bin/python tools/sagemaker-sdk/checks.py > checks.json

Output: one JSON object,

    {"emit": what emit.py prints,
     "parameters": {"status": parameters.py --check's exit status, "stdout": …, "stderr": …},
     "image_uris": the same for image_uris.py --check}

Each script still runs alone, as its docstring says. One process imports the SageMaker and Step
Functions SDKs once: the three processes the tests started imported them three times (about
2 CPU-seconds each). emit.py is imported first, so that the environment it sets (a region,
dummy credentials, an endpoint that refuses every call) is set before the SDKs are imported, as
when it runs alone. The output is the scripts' own: compared with each script run alone when
this one was written, emit's JSON was equal but for the job names the SDK stamps with the time
of the run, and each check's status and output were identical.
"""

import contextlib
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import emit  # noqa: E402  (first: see above)


def checked(module):
    """`module.main()` run as `SCRIPT --check`: its exit status and what it printed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = [module.__file__, "--check"]
    status = 0
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            module.main()
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, (int, type(None))):
            stderr.write(f"{e.code}\n")
    finally:
        sys.argv = argv
    return {"status": status, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


def main():
    result = {"emit": emit.cases()}
    import parameters

    result["parameters"] = checked(parameters)
    import image_uris

    result["image_uris"] = checked(image_uris)
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
