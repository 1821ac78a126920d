"""Every operation `workflow serve` answers, called with boto3 as a user calls it.

Usage: python boto3_every_operation.py ENDPOINT_URL

The server runs with a mock configuration whose state machine `Mocked` has the test case
`HappyPath`, answering its `Invoke` state with `{"Payload": {"answer": 42}}`.

Each check asserts the answer (or the error's name) the Step Functions API reference gives;
the script prints one JSON object naming the operations it called, which the Rust test
(`tests/serve.rs`) compares with the server's own list. Any failed assertion exits non-zero.
"""

import http.client
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
ROLE = "arn:aws:iam::123456789012:role/test"
CALLED = set()

# boto3 sends StartSyncExecution to a `sync-` host prefix; a local endpoint has none.
sfn = boto3.client(
    "stepfunctions",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    aws_access_key_id="any",
    aws_secret_access_key="any",
    config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
)


def call(operation, **kwargs):
    CALLED.add(operation)
    method = "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
    return getattr(sfn, method)(**kwargs)


# The errors any operation may answer: the API reference's "Common Errors" (its
# `ValidationError` is `ValidationException` in Step Functions' JSON protocol).
COMMON_ERRORS = {
    "AccessDeniedException", "IncompleteSignature", "InternalFailure", "InvalidAction",
    "InvalidClientTokenId", "NotAuthorized", "OptInRequired", "RequestExpired",
    "ServiceUnavailable", "ThrottlingException", "ValidationException",
}


def refused(error_name, operation, **kwargs):
    # An error is one the operation can answer: in its model's list (botocore's, which the
    # SDKs decode errors by) or common to every operation. The expected name is checked
    # too, so that no check here expects an error AWS never answers for the operation.
    modelled = {shape.name for shape in sfn.meta.service_model.operation_model(operation).error_shapes}
    assert error_name in modelled | COMMON_ERRORS, (
        f"{operation} never answers {error_name} on AWS: its errors are {sorted(modelled)}"
    )
    try:
        call(operation, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        assert got == error_name, f"{operation}: expected {error_name}, got {got}: {e}"
        return e.response["Error"]["Message"]
    raise AssertionError(f"{operation} succeeded; expected {error_name}")


def until_done(arn, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        d = call("DescribeExecution", executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.02)
    raise AssertionError(f"{arn} still RUNNING after {seconds}s")


def until_waiting(arn, seconds=30):
    """Until the execution `arn` waits for a callback (its `TaskSubmitted` is written)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        events = call("GetExecutionHistory", executionArn=arn)["events"]
        if any(ev["type"] == "TaskSubmitted" for ev in events):
            return
        time.sleep(0.02)
    raise AssertionError(f"{arn} never waited for its callback in {seconds}s")


def definition(states, start):
    return json.dumps({"StartAt": start, "States": states})


# State machines.
PASS = definition({"P": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}, "P")
m = call("CreateStateMachine", name="Adder", definition=PASS, roleArn=ROLE, tags=[{"key": "team", "value": "data"}])
adder = m["stateMachineArn"]
assert adder == "arn:aws:states:us-east-1:123456789012:stateMachine:Adder", adder
again = call("CreateStateMachine", name="Adder", definition=PASS, roleArn=ROLE)
assert again["stateMachineArn"] == adder, "an identical create is idempotent"
# Another role or other tags are ignored (the API reference: neither is updated); another
# definition or configuration is refused.
again = call("CreateStateMachine", name="Adder", definition=PASS, roleArn=ROLE + "2", tags=[{"key": "x", "value": "y"}])
assert again["stateMachineArn"] == adder, "a create differing only in role and tags is idempotent"
assert call("DescribeStateMachine", stateMachineArn=adder)["roleArn"] == ROLE
refused("StateMachineAlreadyExists", "CreateStateMachine", name="Adder", definition=PASS, roleArn=ROLE,
        tracingConfiguration={"enabled": True})
refused("StateMachineAlreadyExists", "CreateStateMachine", name="Adder", roleArn=ROLE,
        definition=definition({"P": {"Type": "Pass", "End": True}}, "P"))
message = refused("InvalidDefinition", "CreateStateMachine", name="Broken", roleArn=ROLE,
                  definition=definition({"A": {"Type": "Pass", "Next": "Nowhere"}}, "A"))
assert "Nowhere" in message, message
refused("InvalidName", "CreateStateMachine", name="has space", definition=PASS, roleArn=ROLE)
# publish and versionDescription are part of the check too: the same request answers the version
# the first one published; another one (not publishing, another description) is refused.
first = call("CreateStateMachine", name="Published", definition=PASS, roleArn=ROLE, publish=True,
             versionDescription="v1")
again = call("CreateStateMachine", name="Published", definition=PASS, roleArn=ROLE, publish=True,
             versionDescription="v1")
assert again["stateMachineVersionArn"] == first["stateMachineVersionArn"], (first, again)
refused("StateMachineAlreadyExists", "CreateStateMachine", name="Published", definition=PASS, roleArn=ROLE)
refused("StateMachineAlreadyExists", "CreateStateMachine", name="Published", definition=PASS, roleArn=ROLE,
        publish=True, versionDescription="v2")
call("DeleteStateMachine", stateMachineArn=first["stateMachineArn"])
d = call("DescribeStateMachine", stateMachineArn=adder)
assert d["name"] == "Adder" and d["status"] == "ACTIVE" and d["type"] == "STANDARD", d
assert json.loads(d["definition"]) == json.loads(PASS)
refused("StateMachineDoesNotExist", "DescribeStateMachine",
        stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:Nobody")
refused("InvalidArn", "DescribeStateMachine", stateMachineArn="not-an-arn")
for i in range(3):
    call("CreateStateMachine", name=f"Paged{i}", definition=PASS, roleArn=ROLE)
page = call("ListStateMachines", maxResults=2)
assert len(page["stateMachines"]) == 2 and "nextToken" in page, page
rest = call("ListStateMachines", maxResults=100, nextToken=page["nextToken"])
names = [s["name"] for s in page["stateMachines"] + rest["stateMachines"]]
assert names == ["Adder", "Paged0", "Paged1", "Paged2"], names
ADD3 = definition({"P": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, 3)"}, "End": True}}, "P")
u = call("UpdateStateMachine", stateMachineArn=adder, definition=ADD3)
assert u["revisionId"] != d["revisionId"], u
refused("MissingRequiredParameter", "UpdateStateMachine", stateMachineArn=adder)
v = call("ValidateStateMachineDefinition", definition=definition({"A": {"Type": "Pass", "Next": "Nowhere"}}, "A"))
assert v["result"] == "FAIL" and v["diagnostics"][0]["severity"] == "ERROR", v
assert call("ValidateStateMachineDefinition", definition=PASS)["result"] == "OK"
call("DeleteStateMachine", stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:Paged2")
refused("StateMachineDoesNotExist", "DescribeStateMachine",
        stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:Paged2")

# Tags.
assert call("ListTagsForResource", resourceArn=adder)["tags"] == [{"key": "team", "value": "data"}]
call("TagResource", resourceArn=adder, tags=[{"key": "stage", "value": "test"}])
call("UntagResource", resourceArn=adder, tagKeys=["team"])
assert call("ListTagsForResource", resourceArn=adder)["tags"] == [{"key": "stage", "value": "test"}]
refused("ResourceNotFound", "TagResource", resourceArn=adder + "Gone", tags=[{"key": "a", "value": "b"}])
# Past the service's 50 tags a request is refused whole: the resource keeps the tags it had.
refused("TooManyTags", "TagResource", resourceArn=adder, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])
assert call("ListTagsForResource", resourceArn=adder)["tags"] == [{"key": "stage", "value": "test"}]

# Executions.
e = call("StartExecution", stateMachineArn=adder, name="first", input='{"a": 1, "b": 2}')
assert e["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Adder:first", e
done = until_done(e["executionArn"])
assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"sum": 4}, done
assert done["input"] == '{"a": 1, "b": 2}', done
# The execution ran the revision it started on; it says which.
used = call("DescribeStateMachineForExecution", executionArn=e["executionArn"])
assert json.loads(used["definition"]) == json.loads(ADD3) and used["revisionId"] == u["revisionId"], used
refused("ExecutionAlreadyExists", "StartExecution", stateMachineArn=adder, name="first", input='{"a": 1, "b": 2}')
refused("InvalidExecutionInput", "StartExecution", stateMachineArn=adder, input="{not json")
refused("ExecutionDoesNotExist", "DescribeExecution",
        executionArn="arn:aws:states:us-east-1:123456789012:execution:Adder:nobody")
h = call("GetExecutionHistory", executionArn=e["executionArn"])
types = [ev["type"] for ev in h["events"]]
assert types == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], types
back = call("GetExecutionHistory", executionArn=e["executionArn"], reverseOrder=True, maxResults=1)
assert back["events"][0]["type"] == "ExecutionSucceeded" and "nextToken" in back, back
nxt = call("GetExecutionHistory", executionArn=e["executionArn"], reverseOrder=True, maxResults=1,
           nextToken=back["nextToken"])
assert nxt["events"][0]["type"] == "PassStateExited", nxt
bare = call("GetExecutionHistory", executionArn=e["executionArn"], includeExecutionData=False)
assert "input" not in bare["events"][0]["executionStartedEventDetails"], bare["events"][0]

# A failing execution, listed with a status filter.
FAIL = definition({"F": {"Type": "Fail", "Error": "Bad.Thing", "Cause": "on purpose"}}, "F")
failing = call("CreateStateMachine", name="Failing", definition=FAIL, roleArn=ROLE)["stateMachineArn"]
f = call("StartExecution", stateMachineArn=failing, name="f1")
fd = until_done(f["executionArn"])
assert (fd["status"], fd["error"], fd["cause"]) == ("FAILED", "Bad.Thing", "on purpose"), fd
listed = call("ListExecutions", stateMachineArn=failing, statusFilter="FAILED")["executions"]
assert [x["name"] for x in listed] == ["f1"], listed
assert call("ListExecutions", stateMachineArn=failing, statusFilter="SUCCEEDED")["executions"] == []
refused("ValidationException", "ListExecutions", stateMachineArn=failing, statusFilter="DONE")
# A failed execution is redriven; a Fail state fails again, and the execution says it was redriven.
assert call("DescribeExecution", executionArn=f["executionArn"])["redriveStatus"] == "REDRIVABLE"
assert "redriveDate" in call("RedriveExecution", executionArn=f["executionArn"])
rd = until_done(f["executionArn"])
assert (rd["status"], rd["redriveCount"]) == ("FAILED", 1), rd

# A redrive whose answer is lost is retried by boto3 itself (its standard retry mode retries a
# connection closed before an answer) with the client token botocore drew for the call, which
# it sends again unchanged (`clientToken` is an idempotency token in the API model): the retry
# is answered as the redrive was ("The API will return idempotent responses for the last 10
# client tokens used to successfully redrive the execution", the API reference), not
# ExecutionNotRedrivable, and the execution is redriven once.
class DroppingProxy(threading.Thread):
    """A loopback proxy to the server that forwards every request, and drops the answer of the
    first one whose X-Amz-Target is `target` (its connection closed once the server answered)."""

    def __init__(self, upstream, target):
        super().__init__(daemon=True)
        self.upstream = urllib.parse.urlparse(upstream)
        self.target = target
        self.seen = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = "http://127.0.0.1:%d" % self.listener.getsockname()[1]

    def run(self):
        while True:
            client, _ = self.listener.accept()
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        reader = client.makefile("rb")
        while True:
            line = reader.readline()
            if not line:
                return client.close()
            headers = {}
            while True:
                h = reader.readline().decode()
                if h in ("\r\n", "\n", ""):
                    break
                k, v = h.split(":", 1)
                headers[k.strip().lower()] = v.strip()
            body = reader.read(int(headers.get("content-length", "0")))
            upstream = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port)
            upstream.request("POST", "/", body=body, headers={k: v for k, v in headers.items() if k != "host"})
            answer = upstream.getresponse()
            data = answer.read()
            upstream.close()
            target = headers.get("x-amz-target", "")
            if target == self.target:
                self.seen.append(json.loads(body))
                if len(self.seen) == 1:
                    return client.close()
            client.sendall(b"HTTP/1.1 %d OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: %d\r\n\r\n" % (answer.status, len(data)) + data)


proxy = DroppingProxy(ENDPOINT, "AWSStepFunctions.RedriveExecution")
proxy.start()
retrying = boto3.client(
    "stepfunctions", endpoint_url=proxy.url, region_name="us-east-1",
    aws_access_key_id="any", aws_secret_access_key="any",
    config=Config(inject_host_prefix=False, retries={"mode": "standard", "max_attempts": 3}),
)
lost = call("StartExecution", stateMachineArn=failing, name="f-lost", input="{}")
until_done(lost["executionArn"])
again = retrying.redrive_execution(executionArn=lost["executionArn"])
assert [r["clientToken"] for r in proxy.seen] == [proxy.seen[0]["clientToken"]] * 2, proxy.seen
assert again["ResponseMetadata"]["RetryAttempts"] == 1, again["ResponseMetadata"]
rl = until_done(lost["executionArn"])
assert (rl["status"], rl["redriveCount"], rl["redriveDate"]) == ("FAILED", 1, again["redriveDate"]), (rl, again)
redriven = [e for e in sfn.get_execution_history(executionArn=lost["executionArn"])["events"]
            if e["type"] == "ExecutionRedriven"]
assert len(redriven) == 1, redriven

# Stop: a task waiting for a callback (the server runs in virtual time, where a Wait state
# takes none) is aborted with the error and cause given.
LONG = definition({"W": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                         "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": True}}, "W")
long_arn = call("CreateStateMachine", name="Long", definition=LONG, roleArn=ROLE)["stateMachineArn"]
l = call("StartExecution", stateMachineArn=long_arn, name="long", input="{}")
assert call("DescribeExecution", executionArn=l["executionArn"])["status"] == "RUNNING"
refused("ExecutionNotRedrivable", "RedriveExecution", executionArn=l["executionArn"])
# Idempotent: the same name and input while it runs answers the same execution.
assert call("StartExecution", stateMachineArn=long_arn, name="long", input="{}")["executionArn"] == l["executionArn"]
call("StopExecution", executionArn=l["executionArn"], error="Test.Stop", cause="by the test")
ld = call("DescribeExecution", executionArn=l["executionArn"])
assert (ld["status"], ld["error"], ld["cause"]) == ("ABORTED", "Test.Stop", "by the test"), ld
last = call("GetExecutionHistory", executionArn=l["executionArn"], reverseOrder=True)["events"][0]
assert last["type"] == "ExecutionAborted", last

# DeleteStateMachine while an execution waits: the machine is DELETING (the API reference:
# "It sets the state machine's status to DELETING ... A state machine is deleted only when all
# its executions are completed") and refuses new executions with boto3's modeled
# StateMachineDeleting; stopping the execution lets the deletion finish (AWS's knowledge
# center on machines stuck in DELETING).
d2 = call("StartExecution", stateMachineArn=long_arn, name="long-2", input="{}")
# Once it waits for its callback: an execution not past its first state transition yet is
# terminated at it (the API reference: "On the next state transition, the state machine's
# executions are terminated"), and the machine deleted at once.
until_waiting(d2["executionArn"])
call("DeleteStateMachine", stateMachineArn=long_arn)
assert call("DescribeStateMachine", stateMachineArn=long_arn)["status"] == "DELETING"
try:
    sfn.start_execution(stateMachineArn=long_arn, input="{}")
    raise AssertionError("StartExecution on a DELETING machine succeeded")
except sfn.exceptions.StateMachineDeleting:
    pass
call("StopExecution", executionArn=d2["executionArn"])
refused("StateMachineDoesNotExist", "DescribeStateMachine", stateMachineArn=long_arn)

# StartSyncExecution: EXPRESS only.
express = call("CreateStateMachine", name="Quick", type="EXPRESS", definition=PASS, roleArn=ROLE)["stateMachineArn"]
s = call("StartSyncExecution", stateMachineArn=express, input='{"a": 20, "b": 22}')
assert s["status"] == "SUCCEEDED" and json.loads(s["output"]) == {"sum": 42}, s
assert ":express:Quick:" in s["executionArn"], s
refused("StateMachineTypeNotSupported", "StartSyncExecution", stateMachineArn=adder, input="{}")
# StartExecution on an EXPRESS machine: an asynchronous EXPRESS execution, named by its express
# ARN (machine, name and an id).
WHO = definition({"Who": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": True}}, "Who")
who = call("CreateStateMachine", name="Who", type="EXPRESS", definition=WHO, roleArn=ROLE)["stateMachineArn"]
a = call("StartExecution", stateMachineArn=who, name="first", input="{}")
assert ":express:Who:first:" in a["executionArn"], a
# The operations on a recorded execution do not support an EXPRESS one (the API reference of
# each): its ARN is `InvalidArn` ("Resource type not valid in this context: express", AWS's
# answer to DescribeExecution, recorded in issue 90).
# ListExecutions does not list an EXPRESS machine's (its model's StateMachineTypeNotSupported).
for operation in ["DescribeExecution", "GetExecutionHistory", "StopExecution",
                  "DescribeStateMachineForExecution"]:
    refused("InvalidArn", operation, executionArn=a["executionArn"])
refused("InvalidArn", "DescribeExecution", executionArn=s["executionArn"])
refused("StateMachineTypeNotSupported", "ListExecutions", stateMachineArn=who)

# Callbacks: a token sent out with .waitForTaskToken, answered.
CALLBACK = definition({"Ask": {
    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                   "MessageBody": {"token.$": "$$.Task.Token"}},
    "HeartbeatSeconds": 600, "Catch": [{"ErrorEquals": ["Rejected"], "Next": "No"}], "End": True},
    "No": {"Type": "Pass", "Result": "rejected", "End": True}}, "Ask")
asker = call("CreateStateMachine", name="Asker", definition=CALLBACK, roleArn=ROLE)["stateMachineArn"]


def token_of(execution_arn):
    for _ in range(500):
        for ev in call("GetExecutionHistory", executionArn=execution_arn)["events"]:
            if ev["type"] == "TaskScheduled":
                return json.loads(ev["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
        time.sleep(0.01)
    raise AssertionError("no TaskScheduled event")


yes = call("StartExecution", stateMachineArn=asker, name="yes")["executionArn"]
token = token_of(yes)
call("SendTaskHeartbeat", taskToken=token)
call("SendTaskSuccess", taskToken=token, output='{"approved": true}')
assert json.loads(until_done(yes)["output"]) == {"approved": True}
refused("TaskTimedOut", "SendTaskSuccess", taskToken=token, output="{}")
no = call("StartExecution", stateMachineArn=asker, name="no")["executionArn"]
call("SendTaskFailure", taskToken=token_of(no), error="Rejected", cause="not today")
assert json.loads(until_done(no)["output"]) == "rejected"
# Neither error nor cause (both optional): the history names none, and no Catcher but one on
# States.ALL matches (as AWS recorded it): this execution fails, with no error.
bare = call("StartExecution", stateMachineArn=asker, name="bare")["executionArn"]
call("SendTaskFailure", taskToken=token_of(bare))
d = until_done(bare)
assert d["status"] == "FAILED" and "error" not in d and "cause" not in d, d
failed = [e for e in call("GetExecutionHistory", executionArn=bare)["events"] if e["type"] == "TaskFailed"][0]
assert set(failed["taskFailedEventDetails"]) == {"resource", "resourceType"}, failed
refused("InvalidToken", "SendTaskSuccess", taskToken="garbage", output="{}")
refused("TaskDoesNotExist", "SendTaskHeartbeat", taskToken="00000000-0000-4000-8000-000000000000")
pending = call("StartExecution", stateMachineArn=asker, name="pending")["executionArn"]
refused("InvalidOutput", "SendTaskSuccess", taskToken=token_of(pending), output="{not json")
call("StopExecution", executionArn=pending)

# Activities: a worker's long poll gets the task an execution schedules.
act = call("CreateActivity", name="Review")["activityArn"]
assert act == "arn:aws:states:us-east-1:123456789012:activity:Review", act
assert call("DescribeActivity", activityArn=act)["name"] == "Review"
assert [a["name"] for a in call("ListActivities")["activities"]] == ["Review"]
REVIEW = definition({"R": {"Type": "Task", "Resource": act, "TimeoutSeconds": 600, "End": True}}, "R")
reviewer = call("CreateStateMachine", name="Reviewer", definition=REVIEW, roleArn=ROLE)["stateMachineArn"]
r = call("StartExecution", stateMachineArn=reviewer, input='{"doc": 7}')["executionArn"]
task = call("GetActivityTask", activityArn=act, workerName="worker-1")
assert json.loads(task["input"]) == {"doc": 7}, task
call("SendTaskSuccess", taskToken=task["taskToken"], output='{"ok": 1}')
assert json.loads(until_done(r)["output"]) == {"ok": 1}
started = [ev for ev in call("GetExecutionHistory", executionArn=r)["events"] if ev["type"] == "ActivityStarted"]
assert started[0]["activityStartedEventDetails"]["workerName"] == "worker-1", started
call("DeleteActivity", activityArn=act)
refused("ActivityDoesNotExist", "DescribeActivity", activityArn=act)

# Step Functions Local's mock configurations: `…:stateMachine:NAME#TEST_CASE`.
MOCKED = definition({"Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "MyLambda", "Payload.$": "$"},
                                "OutputPath": "$.Payload", "End": True}}, "Invoke")
mocked = call("CreateStateMachine", name="Mocked", definition=MOCKED, roleArn=ROLE)["stateMachineArn"]
mx = call("StartExecution", stateMachineArn=mocked + "#HappyPath", input="{}")["executionArn"]
assert json.loads(until_done(mx)["output"]) == {"answer": 42}, until_done(mx)
# Without a mock, the Lambda function is unreachable: the task fails, never silently.
ux = call("StartExecution", stateMachineArn=mocked, input="{}")["executionArn"]
assert until_done(ux)["status"] == "FAILED"

# Map Runs: a Distributed Map's run, its counts and its child executions.
DMAP = definition({"Each": {
    "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ToleratedFailureCount": 1,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Check", "States": {
                          "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "Zero"}],
                                    "Default": "Ok"},
                          "Zero": {"Type": "Fail", "Error": "Zero"},
                          "Ok": {"Type": "Pass", "End": True}}},
    "End": True}}, "Each")
dm = call("CreateStateMachine", name="Distributed", definition=DMAP, roleArn=ROLE)["stateMachineArn"]
dx = call("StartExecution", stateMachineArn=dm, input='{"items": [1, 0, 2]}')["executionArn"]
assert until_done(dx)["status"] == "SUCCEEDED"
runs = call("ListMapRuns", executionArn=dx)["mapRuns"]
assert len(runs) == 1 and runs[0]["executionArn"] == dx, runs
mr = call("DescribeMapRun", mapRunArn=runs[0]["mapRunArn"])
assert (mr["status"], mr["maxConcurrency"], mr["toleratedFailureCount"]) == ("SUCCEEDED", 2, 1), mr
assert (mr["itemCounts"]["succeeded"], mr["itemCounts"]["failed"], mr["itemCounts"]["total"]) == (2, 1, 3), mr
children = call("ListExecutions", mapRunArn=runs[0]["mapRunArn"])["executions"]
assert sorted(c["status"] for c in children) == ["FAILED", "SUCCEEDED", "SUCCEEDED"], children
assert len(call("ListExecutions", mapRunArn=runs[0]["mapRunArn"], statusFilter="FAILED")["executions"]) == 1
refused("ValidationException", "UpdateMapRun", mapRunArn=runs[0]["mapRunArn"], maxConcurrency=5)
refused("ResourceNotFound", "DescribeMapRun", mapRunArn=runs[0]["mapRunArn"] + "x")

# A Map Run in progress: listed and described RUNNING, and UpdateMapRun changes it while it
# runs (its children are activity tasks, taken by a worker afterwards).
worker = call("CreateActivity", name="map-worker")["activityArn"]
LIVE = definition({"Each": {
    "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": worker, "End": True}}},
    "End": True}}, "Each")
lm = call("CreateStateMachine", name="LiveMap", definition=LIVE, roleArn=ROLE)["stateMachineArn"]
lx = call("StartExecution", stateMachineArn=lm, input='{"items": [1, 2, 3]}')["executionArn"]
for _ in range(200):
    live = call("ListMapRuns", executionArn=lx)["mapRuns"]
    if live:
        break
    time.sleep(0.05)
assert len(live) == 1 and "stopDate" not in live[0], live
assert live[0]["stateMachineArn"] == lm + "/" + live[0]["mapRunArn"].split("/")[1].split(":")[0], live
mr = call("DescribeMapRun", mapRunArn=live[0]["mapRunArn"])
assert (mr["status"], mr["maxConcurrency"]) == ("RUNNING", 1), mr
assert (mr["itemCounts"]["running"], mr["itemCounts"]["pending"], mr["itemCounts"]["total"]) == (1, 2, 3), mr
call("UpdateMapRun", mapRunArn=live[0]["mapRunArn"], maxConcurrency=3, toleratedFailurePercentage=50)
mr = call("DescribeMapRun", mapRunArn=live[0]["mapRunArn"])
assert (mr["maxConcurrency"], mr["toleratedFailurePercentage"], mr["itemCounts"]["running"]) == (3, 50, 3), mr
refused("ValidationException", "UpdateMapRun", mapRunArn=live[0]["mapRunArn"], toleratedFailurePercentage=150)
for _ in range(3):
    task = call("GetActivityTask", activityArn=worker, workerName="w")
    call("SendTaskSuccess", taskToken=task["taskToken"], output='"done"')
assert until_done(lx)["status"] == "SUCCEEDED"
mr = call("DescribeMapRun", mapRunArn=live[0]["mapRunArn"])
assert (mr["status"], mr["maxConcurrency"], mr["itemCounts"]["succeeded"]) == ("SUCCEEDED", 3, 3), mr

# Redriving an execution whose Map Run failed redrives that Map Run: the child that succeeded
# is not run again, the failed one runs its task again, under the same Map Run ARN.
rx = call("StartExecution", stateMachineArn=lm, input='{"items": ["kept", "again"]}')["executionArn"]
for answer in ("success", "failure"):
    task = call("GetActivityTask", activityArn=worker, workerName="w")
    if answer == "success":
        assert json.loads(task["input"]) == "kept", task
        call("SendTaskSuccess", taskToken=task["taskToken"], output='"done"')
    else:
        call("SendTaskFailure", taskToken=task["taskToken"], error="Worker.Busy", cause="later")
assert until_done(rx)["status"] == "FAILED"
failed_run = call("ListMapRuns", executionArn=rx)["mapRuns"][0]["mapRunArn"]
call("RedriveExecution", executionArn=rx)
task = call("GetActivityTask", activityArn=worker, workerName="w")
assert json.loads(task["input"]) == "again", task
call("SendTaskSuccess", taskToken=task["taskToken"], output='"done"')
assert json.loads(until_done(rx)["output"]) == ["done", "done"]
events = call("GetExecutionHistory", executionArn=rx)["events"]
redriven = [e for e in events if e["type"] == "MapRunRedriven"]
assert len(redriven) == 1, [e["type"] for e in events]
assert redriven[0]["mapRunRedrivenEventDetails"] == {"mapRunArn": failed_run, "redriveCount": 1}, redriven
mr = call("DescribeMapRun", mapRunArn=failed_run)
assert (mr["status"], mr["redriveCount"], mr["itemCounts"]["succeeded"]) == ("SUCCEEDED", 1, 2), mr

# A Distributed Map inside a Map Run's child: the child lists its own Map Run, described with
# the child as its execution, its children described as any.
NESTED = definition({"Outer": {
    "Type": "Map", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Inner", "States": {"Inner": {
                          "Type": "Map", "ItemsPath": "$.parts", "End": True,
                          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                            "StartAt": "Part", "States": {"Part": {"Type": "Pass", "End": True}}}}}}}}, "Outer")
nm = call("CreateStateMachine", name="NestedMaps", definition=NESTED, roleArn=ROLE)["stateMachineArn"]
nx = call("StartExecution", stateMachineArn=nm, input='[{"parts": [1, 2]}]')["executionArn"]
assert json.loads(until_done(nx)["output"]) == [[1, 2]]
outer = call("ListMapRuns", executionArn=nx)["mapRuns"]
assert len(outer) == 1, outer
child = call("ListExecutions", mapRunArn=outer[0]["mapRunArn"])["executions"][0]["executionArn"]
inner = call("ListMapRuns", executionArn=child)["mapRuns"]
assert len(inner) == 1 and inner[0]["executionArn"] == child and inner[0]["mapRunArn"] != outer[0]["mapRunArn"], inner
mr = call("DescribeMapRun", mapRunArn=inner[0]["mapRunArn"])
assert (mr["executionArn"], mr["status"], mr["itemCounts"]["succeeded"]) == (child, "SUCCEEDED", 2), mr
parts = call("ListExecutions", mapRunArn=inner[0]["mapRunArn"])["executions"]
assert len(parts) == 2, parts
assert call("DescribeExecution", executionArn=parts[0]["executionArn"])["status"] == "SUCCEEDED"

# Stopping an execution whose Map Run runs ends that Map Run ABORTED, its running child stopped.
sx = call("StartExecution", stateMachineArn=lm, input='{"items": [1, 2]}')["executionArn"]
for _ in range(200):
    live = call("ListMapRuns", executionArn=sx)["mapRuns"]
    if live and call("DescribeMapRun", mapRunArn=live[0]["mapRunArn"])["itemCounts"]["running"] == 1:
        break
    time.sleep(0.05)
call("StopExecution", executionArn=sx, error="Test.Stop")
assert call("DescribeExecution", executionArn=sx)["status"] == "ABORTED"
types = [e["type"] for e in call("GetExecutionHistory", executionArn=sx)["events"]]
assert types[-2:] == ["MapRunAborted", "ExecutionAborted"], types
mr = call("DescribeMapRun", mapRunArn=live[0]["mapRunArn"])
# The running child stopped counts as aborted among the child executions (their total: "the
# number of child workflow executions that were started by a Map Run", the API reference's
# MapRunExecutionCounts), and the item never started as aborted among the items ("stopped ...
# by Step Functions, because the Map Run failed", MapRunItemCounts): each adds up to its total.
assert (mr["status"], mr["executionCounts"]["aborted"], mr["executionCounts"]["total"]) == ("ABORTED", 1, 1), mr
assert (mr["itemCounts"]["aborted"], mr["itemCounts"]["total"]) == (2, 2), mr
assert [e["status"] for e in call("ListExecutions", mapRunArn=live[0]["mapRunArn"])["executions"]] == ["ABORTED"]

# Versions and aliases.
vm = call("CreateStateMachine", name="Versioned", definition=PASS, roleArn=ROLE, publish=True,
          versionDescription="first")
assert vm["stateMachineVersionArn"] == vm["stateMachineArn"] + ":1", vm
assert call("PublishStateMachineVersion", stateMachineArn=vm["stateMachineArn"])["stateMachineVersionArn"] == vm["stateMachineVersionArn"]
up = call("UpdateStateMachine", stateMachineArn=vm["stateMachineArn"], definition=ADD3, publish=True)
v2 = up["stateMachineVersionArn"]
assert v2.endswith(":2"), up
refused("ConflictException", "PublishStateMachineVersion", stateMachineArn=vm["stateMachineArn"], revisionId="stale")
assert [v["stateMachineVersionArn"] for v in call("ListStateMachineVersions", stateMachineArn=vm["stateMachineArn"])["stateMachineVersions"]] == [v2, vm["stateMachineVersionArn"]]
assert call("DescribeStateMachine", stateMachineArn=v2)["stateMachineArn"] == v2
alias = call("CreateStateMachineAlias", name="live", routingConfiguration=[{"stateMachineVersionArn": vm["stateMachineVersionArn"], "weight": 100}])["stateMachineAliasArn"]
assert alias == vm["stateMachineArn"] + ":live", alias
refused("ValidationException", "CreateStateMachineAlias", name="half", routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 50}])
ax = call("StartExecution", stateMachineArn=alias, input='{"a": 1, "b": 1}')["executionArn"]
axd = until_done(ax)
assert json.loads(axd["output"]) == {"sum": 2} and axd["stateMachineAliasArn"] == alias, axd
call("UpdateStateMachineAlias", stateMachineAliasArn=alias, routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
assert call("DescribeStateMachineAlias", stateMachineAliasArn=alias)["routingConfiguration"] == [{"stateMachineVersionArn": v2, "weight": 100}]
assert json.loads(until_done(call("StartExecution", stateMachineArn=alias, input='{"a": 1}')["executionArn"])["output"]) == {"sum": 4}
assert [a["stateMachineAliasArn"] for a in call("ListStateMachineAliases", stateMachineArn=vm["stateMachineArn"])["stateMachineAliases"]] == [alias]
refused("ConflictException", "DeleteStateMachineVersion", stateMachineVersionArn=v2)
call("DeleteStateMachineVersion", stateMachineVersionArn=vm["stateMachineVersionArn"])
call("DeleteStateMachineAlias", stateMachineAliasArn=alias)
refused("ResourceNotFound", "DescribeStateMachineAlias", stateMachineAliasArn=alias)

# TestState: one state, mocked, with its inspection data.
TASK = json.dumps({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "F", "Payload.$": "$"}, "ResultSelector": {"v.$": "$.Payload"},
                   "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 1}], "Next": "After"})
t = call("TestState", definition=TASK, input='{"n": 1}', inspectionLevel="DEBUG",
         mock={"result": '{"Payload": 5, "StatusCode": 200}'})
assert (t["status"], json.loads(t["output"]), t["nextState"]) == ("SUCCEEDED", {"v": 5}, "After"), t
assert json.loads(t["inspectionData"]["afterParameters"]) == {"FunctionName": "F", "Payload": {"n": 1}}, t
r = call("TestState", definition=TASK, mock={"errorOutput": {"error": "Busy", "cause": "later"}})
assert (r["status"], r["error"]) == ("RETRIABLE", "Busy"), r
r = call("TestState", definition=TASK, mock={"errorOutput": {"error": "Busy"}},
         stateConfiguration={"retrierRetryCount": 1})
assert r["status"] == "FAILED", r
refused("ValidationException", "TestState", definition='{"Type": "Pass", "End": true}', mock={"result": "1"})
refused("InvalidDefinition", "TestState", definition='{"Type": "Pass"}')
# AWS's refusals, in AWS's words (recorded on AWS: LocalStack's TestState snapshots).
m = refused("ValidationException", "TestState", definition=TASK, input='{"n": 1}')  # no role, no mock
assert m == "RoleArn must be specified when testing a Task state", m
m = refused("ValidationException", "TestState", definition=TASK, mock={"result": "not json"})
assert m == "Mocked result must be valid JSON", m
m = refused("InvalidDefinition", "TestState",
            definition=json.dumps({"Type": "Parallel", "Branches": [
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}], "End": True}))
assert m.startswith("TestState API does not support Map or Parallel states."), m


# The protocol: malformed requests get AWS's error shapes, never a dropped connection.
def raw(target, body):
    request = urllib.request.Request(ENDPOINT, data=body, method="POST", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


status, body = raw("AWSStepFunctions.DescribeStateMachine", b"{oops")
assert (status, body["__type"]) == (400, "SerializationException"), body
status, body = raw("AWSStepFunctions.NoSuchThing", b"{}")
assert (status, body["__type"]) == (400, "UnknownOperationException"), body
# A body over the limit is refused from its declared length, before it is read.
parsed = urllib.parse.urlparse(ENDPOINT)
connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
connection.putrequest("POST", "/")
connection.putheader("X-Amz-Target", "AWSStepFunctions.CreateStateMachine")
connection.putheader("Content-Type", "application/x-amz-json-1.0")
connection.putheader("Content-Length", str(4 * 1024 * 1024))
connection.endheaders(b'{"name": "')
response = connection.getresponse()
assert response.status == 413, (response.status, response.read())
assert json.loads(response.read())["__type"] == "ValidationException"

print(json.dumps({"called": sorted(CALLED)}))
