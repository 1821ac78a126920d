// `workflow debug` on what the other tools write, driven by VS Code's own DAP client (as
// tests/debug/adapter.test.mjs is): an execution run on `workflow serve` (a Distributed Map
// whose items run as STANDARD child executions), its record written by `workflow history ARN
// --format record -o DIR`, then debugged from that directory and from its `executionArn`
// against the same server. Run by tests/debug_adapter.rs:
//
//   WORKFLOW_BIN=target/debug/workflow node --test tests/debug/records.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'tools', 'dap', 'package.json'));
const { DebugClient } = require('@vscode/debugadapter-testsupport');
const bin = path.resolve(root, process.env.WORKFLOW_BIN ?? 'target/debug/workflow');

const fanOut = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Map', ItemsPath: '$.items', Label: 'Children', Next: 'Done',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check', States: { Check: { Type: 'Pass', End: true } },
      },
    },
    Done: { Type: 'Pass', End: true },
  },
};

/** The same Map, whose child for `y` fails (no Choice rule matches it), so the execution
 * fails: a recorded error inside a recorded child. */
const fanOutFails = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Map', ItemsPath: '$.items', Label: 'Children', End: true,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: {
          Check: { Type: 'Choice', Choices: [{ Variable: '$', StringEquals: 'x', Next: 'Fine' }] },
          Fine: { Type: 'Pass', End: true },
        },
      },
    },
  },
};

let server;
let url;
let dir;
let definition;
let executionArn;
let clientEnv;
let failing;
let failedArn;

/** A Step Functions API call to the server. */
async function call(operation, body) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  assert.ok(answer.ok, `${operation}: ${answer.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  server = spawn(bin, ['serve', '--port', '0', '--virtual-time']);
  url = await new Promise((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/listening on (http:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`workflow serve exited with ${code}`)));
  });
  clientEnv = { ...process.env, AWS_ENDPOINT_URL_SFN: url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-records-'));
  definition = path.join(dir, 'fan-out.asl.json');
  fs.writeFileSync(definition, JSON.stringify(fanOut, null, 2));
  const machine = await call('CreateStateMachine', { name: 'FanOut', definition: JSON.stringify(fanOut), roleArn: 'arn:aws:iam::123456789012:role/r' });
  const started = await call('StartExecution', { stateMachineArn: machine.stateMachineArn, input: JSON.stringify({ items: ['x', 'y'] }) });
  executionArn = started.executionArn;
  let described;
  for (let i = 0; i < 200; i += 1) {
    described = await call('DescribeExecution', { executionArn });
    if (described.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(described.status, 'SUCCEEDED');
  execFileSync(bin, ['history', executionArn, '--format', 'record', '-o', path.join(dir, 'record')], { env: clientEnv });
  failing = path.join(dir, 'fan-out-fails.asl.json');
  fs.writeFileSync(failing, JSON.stringify(fanOutFails, null, 2));
  const fails = await call('CreateStateMachine', { name: 'FanOutFails', definition: JSON.stringify(fanOutFails), roleArn: 'arn:aws:iam::123456789012:role/r' });
  const failed = await call('StartExecution', { stateMachineArn: fails.stateMachineArn, input: JSON.stringify({ items: ['x', 'y'] }) });
  failedArn = failed.executionArn;
  for (let i = 0; i < 200; i += 1) {
    described = await call('DescribeExecution', { executionArn: failedArn });
    if (described.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(described.status, 'FAILED');
  execFileSync(bin, ['history', failedArn, '--format', 'record', '-o', path.join(dir, 'failed')], { env: clientEnv });
});

after(() => {
  server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` with a client speaking to a new `workflow debug` (the client's environment
 * names the server). */
async function session(body) {
  const dc = new DebugClient(bin, 'debug', 'workflow', { cwd: root, env: clientEnv }, true);
  dc.defaultTimeout = 20000;
  await dc.start();
  try {
    await body(dc);
  } finally {
    await dc.stop();
  }
}

/** Launches `args` with a function breakpoint on the Map; resolves with the first stop. */
async function launch(dc, args) {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Fan out' }] });
      await dc.configurationDoneRequest();
    }),
    dc.launch({ cwd: root, definition, ...args }),
  ]);
  return stopped;
}

/** Into a recorded child, back out of it to the Map's entry, then to the end: the replay
 * follows the record. */
async function intoAChildAndBack(dc, stopped) {
  const thread = stopped.body.threadId;
  let step = dc.waitForEvent('stopped');
  await dc.stepInRequest({ threadId: thread });
  const child = (await step).body.threadId;
  assert.notEqual(child, thread);
  const trace = await dc.stackTraceRequest({ threadId: child });
  const names = trace.body.stackFrames.map((f) => f.name);
  assert.match(names[0], /^Check \[entered/);
  // The child is the recorded one: its frame and thread name its execution.
  const recorded = fs.readdirSync(path.join(dir, 'record', 'map-runs'))
    .flatMap((run) => fs.readdirSync(path.join(dir, 'record', 'map-runs', run, 'children')))
    .map((file) => file.replace(/\.json$/, ''));
  const named = names[1].match(/^Fan out \[child execution \d: (.+)\]$/);
  assert.ok(named && recorded.includes(named[1]), `${names[1]} names none of ${recorded}`);
  const input = await dc.evaluateRequest({ expression: '$', frameId: trace.body.stackFrames[0].id, context: 'watch' });
  assert.ok(['"x"', '"y"'].includes(input.body.result), input.body.result);
  // Step Back from the child's first stop: the Map's entry.
  step = dc.waitForEvent('stopped');
  await dc.stepBackRequest({ threadId: child });
  assert.equal((await step).body.threadId, thread);
  const top = await dc.stackTraceRequest({ threadId: thread });
  assert.match(top.body.stackFrames[0].name, /^Fan out \[entered · past/);
  let text = '';
  dc.on('output', (e) => { text += e.body.output; });
  const ended = dc.waitForEvent('terminated');
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  await dc.continueRequest({ threadId: thread });
  await ended;
  assert.match(text, /replays identically/);
}

test('the directory `workflow history --format record` writes: stops, a recorded child stepped into and back', async () => {
  await session(async (dc) => {
    const stopped = await launch(dc, { history: path.join(dir, 'record'), executionArn });
    assert.equal(stopped.body.reason, 'function breakpoint');
    await intoAChildAndBack(dc, stopped);
  });
});

test('`executionArn` against `workflow serve`: its record read through the client', async () => {
  await session(async (dc) => {
    const stopped = await launch(dc, { executionArn });
    assert.equal(stopped.body.reason, 'function breakpoint');
    await intoAChildAndBack(dc, stopped);
  });
});

/** Launched on the failed execution's record (no breakpoint: errors not caught stop), it
 * stops at the recorded error in the child for `y`; the stop shows the child's input and
 * context object, and Step Back goes to where that child entered `Check`. */
async function backFromAChildsError(dc, args) {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
    dc.launch({ cwd: root, definition: failing, ...args }),
  ]);
  const error = await stopped;
  assert.equal(error.body.reason, 'exception');
  assert.match(error.body.description, /States\.NoChoiceMatched/);
  const thread = error.body.threadId;
  const trace = await dc.stackTraceRequest({ threadId: thread });
  const frame = trace.body.stackFrames[0].id;
  const input = await dc.evaluateRequest({ expression: '$', frameId: frame, context: 'watch' });
  assert.equal(input.body.result, '"y"');
  const scopes = await dc.scopesRequest({ frameId: frame });
  const context = scopes.body.scopes.find((scope) => scope.name.startsWith('Context'));
  assert.ok(context, JSON.stringify(scopes.body.scopes));
  const members = await dc.variablesRequest({ variablesReference: context.variablesReference });
  const names = members.body.variables.map((v) => v.name);
  assert.ok(names.includes('Execution') && names.includes('State'), names.join(', '));
  const step = dc.waitForEvent('stopped');
  await dc.stepBackRequest({ threadId: thread });
  assert.equal((await step).body.threadId, thread);
  const back = await dc.stackTraceRequest({ threadId: thread });
  assert.match(back.body.stackFrames[0].name, /^Check \[entered · past/);
}

test('a record directory of a failed execution: Step Back from an error in a recorded child', async () => {
  await session((dc) => backFromAChildsError(dc, { history: path.join(dir, 'failed'), executionArn: failedArn }));
});

test('`executionArn` of a failed execution on `workflow serve`: Step Back from the same error', async () => {
  await session((dc) => backFromAChildsError(dc, { executionArn: failedArn }));
});
