"""Sends DynamoDB requests to moto's server and prints what it answers, one JSON line per
request: {"refused": true, "message": "..."} for a ValidationException, {"refused": false,
"error": CODE or null} otherwise. Reads a JSON list of [action, request] pairs from standard
input; creates table `t` (partition key `id`, a string) first.
Usage: python dynamodb_expressions.py ENDPOINT < cases.json
"""
import json
import sys

import boto3
import botocore.config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
client = boto3.client(
    "dynamodb",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
    config=botocore.config.Config(retries={"max_attempts": 1}),
)
try:
    client.create_table(
        TableName="t",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
except ClientError as e:
    if e.response["Error"]["Code"] != "ResourceInUseException":
        raise
calls = {
    "getItem": client.get_item,
    "putItem": client.put_item,
    "updateItem": client.update_item,
    "deleteItem": client.delete_item,
    "query": client.query,
    "scan": client.scan,
}
for action, request in json.load(sys.stdin):
    try:
        calls[action](**request)
        answer = {"refused": False, "error": None}
    except ClientError as e:
        error = e.response["Error"]
        if error["Code"] == "ValidationException":
            answer = {"refused": True, "message": error["Message"]}
        else:
            answer = {"refused": False, "error": error["Code"]}
    except Exception as e:  # moto's own failure (a 500): reported, not a verdict
        answer = {"refused": False, "error": type(e).__name__}
    print(json.dumps(answer), flush=True)
