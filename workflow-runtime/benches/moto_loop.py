"""Times the counting loop on moto's Step Functions interpreter (execution mode).

Usage: python moto_loop.py ENDPOINT DEFINITION LIMIT
Prints one JSON object: {"transitions": N, "seconds": S}, where S is the execution's own
duration (stopDate - startDate), so Python start-up and API calls are not counted.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, definition_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
    config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
)
with open(definition_path) as f:
    definition = f.read()
arn = client.create_state_machine(
    name=f"bench-{limit}-{int(time.time() * 1000)}",
    definition=definition,
    roleArn="arn:aws:iam::123456789012:role/bench",
)["stateMachineArn"]
execution = client.start_execution(stateMachineArn=arn, name=f"run-{limit}", input=json.dumps({"limit": limit}))
while True:
    described = client.describe_execution(executionArn=execution["executionArn"])
    if described["status"] != "RUNNING":
        break
    time.sleep(0.05)
history = client.get_execution_history(executionArn=execution["executionArn"])["events"]
entered = sum(1 for e in history if e["type"].endswith("StateEntered"))
seconds = (described["stopDate"] - described["startDate"]).total_seconds()
print(json.dumps({"status": described["status"], "transitions": entered, "seconds": seconds}))
client.delete_state_machine(stateMachineArn=arn)
