"""Run Step Functions definitions on a moto server (tools/moto/moto-sfn-server.py) and print
what happened in the shape of `workflow run --json`:

    {"status": "SUCCEEDED"|"FAILED"|"TIMED_OUT"|"ABORTED", "output": <JSON or null>,
     "error": str|null, "cause": str|null, "states": [names of entered states, history order]}

One definition:
    python run_on_moto.py --endpoint URL --definition FILE --input JSON [--name NAME]
Many (one client, executions run concurrently, one JSON object {id: result} printed):
    python run_on_moto.py --endpoint URL --batch FILE
where FILE holds [{"id": "...", "definition": "path", "input": <JSON value>}, ...].

A definition moto's parser rejects gives {"status": "CREATE_FAILED", "cause": <moto's message>};
any other error talking to moto gives {"status": "HARNESS_ERROR", "error": ..., "cause": ...}.
"""
import argparse
import json
import re
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.config
import botocore.exceptions

ROLE_ARN = "arn:aws:iam::123456789012:role/test"
TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}
DEADLINE_SECONDS = 90.0


def client(endpoint, service="stepfunctions"):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=botocore.config.Config(inject_host_prefix=False, retries={"max_attempts": 2}),
    )


def safe_name(text):
    # Step Functions names: 1-80 chars of letters, digits, - and _.
    return (re.sub(r"[^A-Za-z0-9_-]", "-", text) or "case")[:80]


def entered_states(events):
    names = []
    for event in events:
        if event["type"].endswith("StateEntered"):
            names.append(event["stateEnteredEventDetails"]["name"])
    return names


def history(sfn, arn):
    events, token = [], None
    while True:
        kwargs = {"executionArn": arn}
        if token:
            kwargs["nextToken"] = token
        page = sfn.get_execution_history(**kwargs)
        events.extend(page["events"])
        token = page.get("nextToken")
        if not token:
            return events


def failure_from_history(events):
    for event in reversed(events):
        for key in ("executionFailedEventDetails", "executionTimedOutEventDetails", "executionAbortedEventDetails"):
            if key in event:
                details = event[key]
                return details.get("error"), details.get("cause")
    return None, None


def start(sfn, definition_text, input_value, name):
    name = safe_name(name)
    sm = sfn.create_state_machine(name=name, definition=definition_text, roleArn=ROLE_ARN)
    arn = sm["stateMachineArn"]
    # Always name the execution: moto names unnamed executions "None" (a second one then clashes).
    ex = sfn.start_execution(stateMachineArn=arn, name=name, input=json.dumps(input_value))
    return arn, ex["executionArn"]


def finish(sfn, ex_arn, deadline):
    while True:
        desc = sfn.describe_execution(executionArn=ex_arn)
        if desc["status"] in TERMINAL:
            break
        if time.monotonic() > deadline:
            return {"status": "HARNESS_ERROR", "output": None, "error": "deadline",
                    "cause": "the execution was still RUNNING at the deadline", "states": []}
        time.sleep(0.05)
    events = history(sfn, ex_arn)
    output = desc.get("output")
    error, cause = desc.get("error"), desc.get("cause")
    if desc["status"] != "SUCCEEDED" and error is None and cause is None:
        error, cause = failure_from_history(events)
    return {
        "status": desc["status"],
        "output": json.loads(output) if output is not None else None,
        "error": error,
        "cause": cause,
        "states": entered_states(events),
    }


def harness_error(exc):
    return {"status": "HARNESS_ERROR", "output": None, "error": type(exc).__name__,
            "cause": "".join(traceback.format_exception_only(type(exc), exc)).strip(), "states": []}


def run_batch(endpoint, cases):
    sfn = client(endpoint)
    started, results = {}, {}
    for case in cases:
        try:
            with open(case["definition"], encoding="utf-8") as f:
                text = f.read()
            started[case["id"]] = start(sfn, text, case["input"], case.get("name", case["id"]))
        except botocore.exceptions.ClientError as exc:
            if exc.operation_name == "CreateStateMachine":
                # moto's parser rejected the definition (moto leaves the error Code empty).
                results[case["id"]] = {"status": "CREATE_FAILED", "output": None,
                                       "error": exc.response.get("Error", {}).get("Code") or "InvalidDefinition",
                                       "cause": exc.response.get("Error", {}).get("Message"), "states": []}
            else:
                results[case["id"]] = harness_error(exc)
        except Exception as exc:  # noqa: BLE001 - reported per case
            results[case["id"]] = harness_error(exc)
    deadline = time.monotonic() + DEADLINE_SECONDS

    def one(item):
        case_id, (_, ex_arn) = item
        try:
            return case_id, finish(sfn, ex_arn, deadline)
        except Exception as exc:  # noqa: BLE001
            return case_id, harness_error(exc)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for case_id, result in pool.map(one, started.items()):
            results[case_id] = result
    # The state machines are deleted once every case has finished, never while another case is
    # still being read: moto finds an execution's state machine by walking its list of machines
    # (StepFunctionBackend._get_state_machine_for_execution) while DeleteStateMachine removes
    # from that list in another request thread, unlocked, and a walk that is under way then
    # skips the machine after the one removed: DescribeExecution answered ExecutionDoesNotExist
    # for a live execution (a clean run at e6b31cc, case retry_exhausted_then_catch).
    for sm_arn, _ in started.values():
        try:
            sfn.delete_state_machine(stateMachineArn=sm_arn)
        except Exception:  # noqa: BLE001 - best effort clean-up
            pass
    return {case["id"]: results[case["id"]] for case in cases}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--definition")
    parser.add_argument("--input", default="{}")
    parser.add_argument("--name")
    parser.add_argument("--batch")
    args = parser.parse_args()
    if args.batch:
        with open(args.batch, encoding="utf-8") as f:
            cases = json.load(f)
        print(json.dumps(run_batch(args.endpoint, cases)))
        return 0
    if not args.definition:
        parser.error("--definition or --batch is required")
    name = args.name or re.sub(r"\.asl\.json$|\.json$", "", args.definition.replace("\\", "/").split("/")[-1])
    result = run_batch(args.endpoint, [{"id": name, "definition": args.definition,
                                        "input": json.loads(args.input), "name": name}])[name]
    print(json.dumps(result))
    return 0 if result["status"] != "HARNESS_ERROR" else 2


if __name__ == "__main__":
    sys.exit(main())
