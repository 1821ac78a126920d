// The AWS SDK for JavaScript v3 (`@aws-sdk/client-sfn`, pinned in tools/oracles/package.json,
// installed by `bash scripts/oracles.sh install`) against `workflow serve`, run by
// tests/serve.rs: a state machine's whole lifecycle (create, start, describe, history, list,
// stop, delete), StartSyncExecution and TestState, every answer checked, including its request
// id. One process for every case. Prints a JSON report `{"done": [step, …]}`; any failed check
// throws (exit 1).
//
//   node tests/serve/js_sdk.mjs ENDPOINT_URL
//
// StartSyncExecution and TestState carry a `sync-` host prefix; the JS SDK v3 reads neither
// AWS_DISABLE_HOST_PREFIX_INJECTION nor the shared config's setting, so the client is built
// with `disableHostPrefix: true`, the advice the README gives for it.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tools/oracles/package.json"));
const sfn = require("@aws-sdk/client-sfn");

const endpoint = process.argv[2];
if (!endpoint) throw new Error("usage: node js_sdk.mjs ENDPOINT_URL");

const client = new sfn.SFNClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  disableHostPrefix: true,
  maxAttempts: 1,
});
const ROLE = "arn:aws:iam::123456789012:role/test";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const done = [];

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function send(command) {
  const out = await client.send(command);
  check(UUID.test(out.$metadata.requestId ?? ""), `a request id: ${JSON.stringify(out.$metadata)}`);
  check(out.$metadata.httpStatusCode === 200, "HTTP 200");
  return out;
}

async function refused(command, name) {
  try {
    await client.send(command);
  } catch (e) {
    check(e.name === name, `${name}, got ${e.name}: ${e.message}`);
    check(UUID.test(e.$metadata?.requestId ?? ""), `an error's request id: ${JSON.stringify(e.$metadata)}`);
    return e;
  }
  throw new Error(`expected ${name}`);
}

async function untilDone(executionArn) {
  for (let i = 0; i < 1500; i++) {
    const d = await send(new sfn.DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${executionArn} did not finish`);
}

const ADD = JSON.stringify({
  StartAt: "Add",
  States: { Add: { Type: "Pass", Parameters: { "sum.$": "States.MathAdd($.a, $.b)" }, End: true } },
});
// A task waiting for a callback that never comes (the server runs in virtual time, where a
// Wait state takes none).
const WAIT = JSON.stringify({
  StartAt: "Ask",
  States: {
    Ask: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: { QueueUrl: "q", MessageBody: { "t.$": "$$.Task.Token" } },
      End: true,
    },
  },
});

// Create, describe.
const created = await send(
  new sfn.CreateStateMachineCommand({ name: "JsAdder", definition: ADD, roleArn: ROLE }),
);
check(created.stateMachineArn.endsWith(":stateMachine:JsAdder"), created.stateMachineArn);
check(created.creationDate instanceof Date, "a creation date");
done.push("create");
const described = await send(
  new sfn.DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
);
check(described.definition === ADD && described.status === "ACTIVE", JSON.stringify(described));
done.push("describe-state-machine");

// Start, describe, history, list.
const started = await send(
  new sfn.StartExecutionCommand({
    stateMachineArn: created.stateMachineArn,
    name: "first",
    input: JSON.stringify({ a: 20, b: 22 }),
  }),
);
check(started.executionArn.endsWith(":execution:JsAdder:first"), started.executionArn);
done.push("start");
const finished = await untilDone(started.executionArn);
check(finished.status === "SUCCEEDED", finished.status);
check(JSON.parse(finished.output).sum === 42, finished.output);
check(finished.startDate instanceof Date && finished.stopDate instanceof Date, "dates");
done.push("describe-execution");
const history = await send(new sfn.GetExecutionHistoryCommand({ executionArn: started.executionArn }));
const types = history.events.map((e) => e.type);
check(
  JSON.stringify(types) ===
    JSON.stringify(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]),
  JSON.stringify(types),
);
check(history.events[0].timestamp instanceof Date, "event timestamps");
done.push("history");
const listed = await send(new sfn.ListExecutionsCommand({ stateMachineArn: created.stateMachineArn }));
check(listed.executions.length === 1 && listed.executions[0].name === "first", JSON.stringify(listed));
const machines = await send(new sfn.ListStateMachinesCommand({}));
check(machines.stateMachines.some((m) => m.name === "JsAdder"), "listed machine");
done.push("list");

// Paginators follow nextToken.
for (const name of ["second", "third"]) {
  await send(new sfn.StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name, input: "{\"a\":1,\"b\":2}" }));
}
let pages = 0;
let seen = 0;
for await (const page of sfn.paginateListExecutions(
  { client, pageSize: 1 },
  { stateMachineArn: created.stateMachineArn },
)) {
  pages += 1;
  seen += page.executions.length;
}
check(pages === 3 && seen === 3, `pages ${pages}, executions ${seen}`);
done.push("paginate");

// Stop.
const waiter = await send(new sfn.CreateStateMachineCommand({ name: "JsWaiter", definition: WAIT, roleArn: ROLE }));
const waiting = await send(new sfn.StartExecutionCommand({ stateMachineArn: waiter.stateMachineArn }));
const stopped = await send(
  new sfn.StopExecutionCommand({ executionArn: waiting.executionArn, error: "Js", cause: "stopped by the JS SDK" }),
);
check(stopped.stopDate instanceof Date, "a stop date");
const aborted = await untilDone(waiting.executionArn);
check(aborted.status === "ABORTED" && aborted.error === "Js", JSON.stringify(aborted));
done.push("stop");

// Errors: the service's names, as the SDK's exception classes.
const missing = await refused(
  new sfn.DescribeExecutionCommand({ executionArn: `${started.executionArn}-missing` }),
  "ExecutionDoesNotExist",
);
check(missing instanceof sfn.ExecutionDoesNotExist, "the SDK's exception class");
const long = await refused(
  new sfn.StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: "n".repeat(81) }),
  "ValidationException",
);
check(
  long.message.startsWith("1 validation error detected: Value '") &&
    long.message.endsWith("at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"),
  long.message,
);
done.push("errors");

// StartSyncExecution (an EXPRESS machine) and TestState: the `sync-` host prefix is off.
const express = await send(
  new sfn.CreateStateMachineCommand({ name: "JsQuick", type: "EXPRESS", definition: ADD, roleArn: ROLE }),
);
const sync = await send(
  new sfn.StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn, input: JSON.stringify({ a: 2, b: 3 }) }),
);
check(sync.status === "SUCCEEDED" && JSON.parse(sync.output).sum === 5, JSON.stringify(sync));
check(sync.executionArn.includes(":express:JsQuick:"), sync.executionArn);
done.push("start-sync-execution");
// AWS's answer: InvalidArn, "Resource type not valid in this context: express" (issue 90).
await refused(
  new sfn.DescribeExecutionCommand({ executionArn: sync.executionArn }),
  "InvalidArn",
);
done.push("express-describe-refused");
const tested = await send(
  new sfn.TestStateCommand({
    definition: JSON.stringify({ Type: "Pass", Parameters: { "doubled.$": "States.MathAdd($.n, $.n)" }, End: true }),
    input: JSON.stringify({ n: 21 }),
    inspectionLevel: "DEBUG",
  }),
);
check(tested.status === "SUCCEEDED" && JSON.parse(tested.output).doubled === 42, JSON.stringify(tested));
check(tested.inspectionData && typeof tested.inspectionData.input === "string", "inspection data");
done.push("test-state");

// Delete.
await send(new sfn.DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
await send(new sfn.DeleteStateMachineCommand({ stateMachineArn: express.stateMachineArn }));
await send(new sfn.DeleteStateMachineCommand({ stateMachineArn: waiter.stateMachineArn }));
const left = await send(new sfn.ListStateMachinesCommand({}));
check(!left.stateMachines.some((m) => m.name.startsWith("Js")), JSON.stringify(left));
done.push("delete");

console.log(JSON.stringify({ done }));
