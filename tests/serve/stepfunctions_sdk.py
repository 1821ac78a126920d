"""The AWS Step Functions Data Science SDK (stepfunctions 2.3.0, from target/sagemaker-venv) as a
client of `workflow serve`: a workflow built with its steps, created, executed, waited for,
listed, attached, updated, created again (the SDK reads the existing ARN from the error
message), an execution stopped, and the workflow deleted, each answer asserted.

Usage: python stepfunctions_sdk.py ENDPOINT
Prints one JSON object: {"done": [what was checked, in order]}.
"""
import json
import logging
import sys

logging.disable(logging.CRITICAL)

import boto3  # noqa: E402
from stepfunctions.steps import Chain, Choice, ChoiceRule, Fail, Pass, Succeed, Wait  # noqa: E402
from stepfunctions.workflow import ExecutionStatus, Workflow  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/StepFunctionsRole"
endpoint = sys.argv[1]
client = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
done = []


def check(label, actual, expected):
    if actual != expected:
        raise AssertionError(f"{label}: {actual!r} != {expected!r}")
    done.append(label)


# Greet, then choose on the name: the SDK's steps and its ASL.
greet = Pass("Greet", parameters={"greeting.$": "States.Format('hello {}', $.name)", "name.$": "$.name"})
known = Choice("Known?")
known.add_choice(ChoiceRule.StringEquals(variable="$.name", value="world"), Succeed("Done"))
known.default_choice(Fail("Unknown", error="Unknown", cause="not the world"))
workflow = Workflow(name="sdk-greeter", definition=Chain([greet, known]), role=ROLE, client=client)

arn = workflow.create()
check("create", arn.endswith(":stateMachine:sdk-greeter"), True)

execution = workflow.execute(inputs={"name": "world"})
check("execute and get_output(wait=True)", execution.get_output(wait=True), {"greeting": "hello world", "name": "world"})
check("describe", execution.describe()["status"], "SUCCEEDED")
check("get_input", execution.get_input(), {"name": "world"})
events = execution.list_events()
check("list_events", (events[0]["type"], events[-1]["type"]), ("ExecutionStarted", "ExecutionSucceeded"))

failed = workflow.execute(name="stranger", inputs={"name": "stranger"})
failed.get_output(wait=True)
check("a failed execution", failed.describe()["status"], "FAILED")
check("its error", failed.describe().get("error"), "Unknown")

listed = workflow.list_executions()
check("list_executions", sorted(e.execution_arn.rsplit(":", 1)[1] for e in listed)[-1], "stranger")
check("list_executions(status_filter)", len(workflow.list_executions(status_filter=ExecutionStatus.Failed)), 1)

names = [w["name"] for w in Workflow.list_workflows(client=client)]
check("list_workflows", "sdk-greeter" in names, True)

attached = Workflow.attach(arn, client=client)
check("attach", json.loads(attached.definition.to_json())["StartAt"], "Greet")

# A second workflow of the same name: the SDK reads the existing ARN from AWS's message.
again = Workflow(name="sdk-greeter", definition=Chain([greet, known]), role=ROLE, client=client)
check("create again (StateMachineAlreadyExists)", again.create(), arn)

# Update: a Wait first, so that an execution runs long enough to be stopped.
slow = Chain([Wait("Pause", seconds=3600), Pass("Late")])
workflow.update(definition=slow)
check("update", json.loads(Workflow.attach(arn, client=client).definition.to_json())["StartAt"], "Pause")
running = workflow.execute(inputs={})
check("a running execution", running.describe()["status"], "RUNNING")
running.stop(error="Stopped", cause="by the test")
check("stop", running.describe()["status"], "ABORTED")

workflow.delete()
check("delete", "sdk-greeter" in [w["name"] for w in Workflow.list_workflows(client=client)], False)

print(json.dumps({"done": done}))
