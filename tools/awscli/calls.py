"""AWS CLI calls for the tests, in one Python process (tests/serve.rs's `aws`).

Each line of standard input is one call: a JSON list of the arguments after `aws`. Each is run
through the CLI's own entry point, as the `aws` command runs it (a new `awscli.clidriver`
driver, and so a new botocore session, for every call), with this process's environment; its
answer is one line of standard output: a JSON object with the exit code (`rc`) and what the
call wrote to standard output and standard error (`stdout`, `stderr`). The CLI is imported
once for all the calls: a process of its own for each call spent about 0.5 CPU-seconds
importing it. What bypasses `sys.stdout` (`help`'s pager) goes to standard error. The
process ends when its standard input does.
"""
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver


def call(args):
    """Runs `aws ARGS`: its exit code, and what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        # What returns no status (`help`) ends the `aws` command with 0.
        rc = create_clidriver().main(args) or 0
    except SystemExit as exit:
        # argparse's usage errors and `--version` exit, as they do from the `aws` command; the
        # status is what Python's would be: none is 0, a message is printed and is 1.
        if exit.code is None or isinstance(exit.code, int):
            rc = exit.code or 0
        else:
            print(exit.code, file=err)
            rc = 1
    finally:
        sys.stdout, sys.stderr = real
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    # The answers go to a copy of standard output, which then points at standard error: what
    # writes to the descriptor rather than to `sys.stdout` (`help`'s pager, a subprocess) shows
    # in the test's output instead of breaking the answers' lines.
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for line in sys.stdin:
        answers.write(json.dumps(call(json.loads(line))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
