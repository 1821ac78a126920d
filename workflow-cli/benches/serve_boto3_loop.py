"""The boto3 loop of `serve_vs_moto`: create a 10-state machine, start an execution, describe it
until it is done; ITERATIONS times, against the Step Functions endpoint ENDPOINT.

Usage: python serve_boto3_loop.py ENDPOINT ITERATIONS
Prints one JSON object: {"iterations": N, "seconds": S, "succeeded": K}, S being the loop's wall
time as the client sees it (every API call counted; Python's start-up not).
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, iterations = sys.argv[1], int(sys.argv[2])
client = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
    config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
)
# Ten states: nine Pass states, each adding to a counter, and a Succeed.
states = {}
for i in range(9):
    states[f"Step{i}"] = {
        "Type": "Pass",
        "Parameters": {"n.$": "States.MathAdd($.n, 1)"},
        "Next": f"Step{i + 1}" if i < 8 else "Done",
    }
states["Done"] = {"Type": "Succeed"}
definition = json.dumps({"StartAt": "Step0", "States": states})
stamp = int(time.time() * 1000)
succeeded = 0
started = time.perf_counter()
for i in range(iterations):
    arn = client.create_state_machine(
        name=f"loop-{stamp}-{i}", definition=definition, roleArn="arn:aws:iam::123456789012:role/bench"
    )["stateMachineArn"]
    execution = client.start_execution(stateMachineArn=arn, input='{"n": 0}')["executionArn"]
    while True:
        described = client.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            break
        time.sleep(0.01)
    if described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"n": 9}:
        succeeded += 1
seconds = time.perf_counter() - started
print(json.dumps({"iterations": iterations, "seconds": seconds, "succeeded": succeeded}))
