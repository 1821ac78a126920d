"""AWS CLI calls for the tests, in one Python process (tests/serve.rs's `aws`).

Each line of standard input is one call: a JSON list of the arguments after `aws`. Each is run
through the CLI's own entry point, as the `aws` command runs it (a new `awscli.clidriver`
driver, and so a new botocore session, for every call), with this process's environment; its
answer is one line of standard output: a JSON object with the exit code (`rc`) and what the
call wrote to standard output and standard error (`stdout`, `stderr`). The CLI is imported
once for all the calls: a process of its own for each call spent about 0.5 CPU-seconds
importing it. The process ends when its standard input does.
"""
import io
import json
import sys

from awscli.clidriver import create_clidriver


def call(args):
    """Runs `aws ARGS`: its exit code, and what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        rc = create_clidriver().main(args)
    except SystemExit as exit:
        # argparse's usage errors exit, as they do from the `aws` command.
        rc = exit.code if isinstance(exit.code, int) else 1
    finally:
        sys.stdout, sys.stderr = real
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    answers = sys.stdout
    for line in sys.stdin:
        answers.write(json.dumps(call(json.loads(line))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
