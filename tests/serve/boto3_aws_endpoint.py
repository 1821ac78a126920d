"""boto3 drives `workflow serve --aws-endpoint`: creates the README's workflow
(examples/aws_endpoint/orders.asl.json), starts an execution, waits for it and prints its
description as JSON. Usage: python boto3_aws_endpoint.py SERVE_URL DEFINITION_FILE INPUT_JSON
"""
import json
import sys
import time

import boto3

endpoint, definition_file, execution_input = sys.argv[1:4]
sfn = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
with open(definition_file) as f:
    definition = f.read()
machine = sfn.create_state_machine(
    name="orders",
    definition=definition,
    roleArn="arn:aws:iam::123456789012:role/orders",
)
started = sfn.start_execution(
    stateMachineArn=machine["stateMachineArn"], name="o-1", input=execution_input
)
deadline = time.time() + 60
while True:
    described = sfn.describe_execution(executionArn=started["executionArn"])
    if described["status"] != "RUNNING" or time.time() > deadline:
        break
    time.sleep(0.2)
history = sfn.get_execution_history(executionArn=started["executionArn"], maxResults=1000)
print(
    json.dumps(
        {
            "status": described["status"],
            "output": json.loads(described.get("output", "null")),
            "events": len(history["events"]),
            "error": described.get("error"),
            "cause": described.get("cause"),
        }
    )
)
