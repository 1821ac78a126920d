// `workflow debug` driven by VS Code's own Debug Adapter Protocol client: the `DebugClient` of
// @vscode/debugadapter-testsupport (installed into tools/dap by `bash scripts/dap.sh install`),
// which spawns the adapter and speaks to it over its standard input and output (or over TCP),
// as VS Code does. Run by tests/debug_adapter.rs with node's test runner:
//
//   WORKFLOW_BIN=target/debug/workflow WORKFLOW_EXAMPLE=target/debug/examples/workflow_cli \
//       node --test tests/debug/adapter.test.mjs
//
// Lines are found by their text in the files, never written here as numbers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'tools', 'dap', 'package.json'));
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const bin = path.resolve(root, process.env.WORKFLOW_BIN ?? 'target/debug/workflow');
const example = path.resolve(root, process.env.WORKFLOW_EXAMPLE ?? 'target/debug/examples/workflow_cli');
const exampleSource = path.join(root, 'examples', 'workflow_cli.rs');
const orders = path.join(root, 'tests', 'debug', 'fixtures', 'orders.asl.json');
const ordersYaml = path.join(root, 'tests', 'debug', 'fixtures', 'orders.asl.yaml');
const recorded = path.join(root, 'tests', 'debug', 'recorded');

/** The 1-based line of the first line of `file` that holds `text`. */
function lineOf(file, text) {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.notEqual(index, -1, `${file} has no line holding ${text}`);
  return index + 1;
}

const checkoutInput = { card: '0000', items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] };
const ordersInput = { order: { customer: 'ada', subtotal: 40, shipping: 5 } };

/** Runs `body` with a client speaking to a new `workflow debug` of `program`. */
async function session(program, body) {
  const dc = new DebugClient(program, 'debug', 'workflow', { cwd: root }, true);
  dc.defaultTimeout = 20000;
  await dc.start();
  try {
    await body(dc);
  } finally {
    await dc.stop();
  }
}

/** Launches `args` with `breakpoints` (`{path: [{line, condition?, hitCondition?}]}`) and
 * exception filters set, once `initialized`; resolves with the first `stopped` event. */
async function launch(dc, args, { breakpoints = {}, functions = [], exceptions } = {}) {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      for (const [file, list] of Object.entries(breakpoints)) {
        await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: list });
      }
      if (functions.length > 0) {
        await dc.setFunctionBreakpointsRequest({ breakpoints: functions.map((name) => ({ name })) });
      }
      if (exceptions) {
        await dc.setExceptionBreakpointsRequest(exceptions);
      }
      await dc.configurationDoneRequest();
    }),
    dc.launch({ cwd: root, ...args }),
  ]);
  return stopped;
}

/** Launches the record `name` of tests/debug/recorded (`NAME.history.json`) against its
 * definition (`NAME.asl.json`), with `args` and `options` as `launch` takes them; resolves with
 * the definition's path and the first `stopped` event. */
async function launchRecorded(dc, name, args, options) {
  const definition = path.join(recorded, `${name}.asl.json`);
  const history = path.join(recorded, `${name}.history.json`);
  const stopped = await launch(dc, { definition, history, ...args }, options);
  return { definition, stopped };
}

/** The top frame of `threadId`. */
async function top(dc, threadId) {
  const trace = await dc.stackTraceRequest({ threadId });
  return trace.body.stackFrames[0];
}

/** The variables of the scope named `name` of `frame`, as an object. */
async function scope(dc, frame, name) {
  const scopes = await dc.scopesRequest({ frameId: frame.id });
  const found = scopes.body.scopes.find((s) => s.name === name);
  assert.ok(found, `no scope ${name} in ${scopes.body.scopes.map((s) => s.name)}`);
  const vars = await dc.variablesRequest({ variablesReference: found.variablesReference });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}

/** The JSON value of the variable `name` of the scope `scopeName` of `frame`, read back
 * through its variables (containers expanded). */
async function valueOf(dc, frame, scopeName, name) {
  const scopes = await dc.scopesRequest({ frameId: frame.id });
  const found = scopes.body.scopes.find((s) => s.name === scopeName);
  assert.ok(found, `no scope ${scopeName}`);
  const vars = await dc.variablesRequest({ variablesReference: found.variablesReference });
  const variable = vars.body.variables.find((v) => v.name === name);
  assert.ok(variable, `no variable ${name} in ${scopeName}`);
  return materialize(dc, variable);
}

async function materialize(dc, variable) {
  if (!variable.variablesReference) {
    return JSON.parse(variable.value);
  }
  const children = await dc.variablesRequest({ variablesReference: variable.variablesReference });
  if (variable.indexedVariables !== undefined) {
    return Promise.all(children.body.variables.map((c) => materialize(dc, c)));
  }
  const out = {};
  for (const child of children.body.variables) {
    out[child.name] = await materialize(dc, child);
  }
  return out;
}

/** Resolves with the text the adapter prints once the run ends (its `output` events). */
function outcome(dc) {
  let text = '';
  dc.on('output', (e) => { text += e.body.output; });
  return dc.waitForEvent('terminated').then(() => text);
}

test('initialize answers what the adapter offers', async () => {
  await session(bin, async (dc) => {
    const init = await dc.initializeRequest();
    const caps = init.body;
    for (const cap of ['supportsConfigurationDoneRequest', 'supportsFunctionBreakpoints',
      'supportsConditionalBreakpoints', 'supportsHitConditionalBreakpoints', 'supportsStepBack',
      'supportsSetVariable', 'supportsEvaluateForHovers', 'supportsExceptionInfoRequest',
      'supportsExceptionFilterOptions']) {
      assert.equal(caps[cap], true, cap);
    }
    assert.deepEqual(caps.exceptionBreakpointFilters.map((f) => f.filter), ['uncaught', 'caught', 'divergence']);
    // A launch that cannot run says why.
    await assert.rejects(dc.launchRequest({ definition: 'no/such/file.asl.json' }), /no\/such\/file/);
  });
});

test('a breakpoint on a workflow! line is hit; stack, scopes, JSONata and JSONPath in its scope', async () => {
  await session(example, async (dc) => {
    const line = lineOf(exampleSource, '"Pack item": pass;');
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line }] } });
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = await top(dc, stopped.body.threadId);
    assert.equal(frame.source.path, fs.realpathSync(exampleSource));
    assert.equal(frame.line, line);
    // The nesting is the stack: the state, the Map's iteration, the execution.
    const trace = await dc.stackTraceRequest({ threadId: stopped.body.threadId });
    const names = trace.body.stackFrames.map((f) => f.name);
    assert.match(names[0], /^Pack item \[entered/);
    assert.match(names[1], /^Pack \[iteration \d\]$/);
    assert.equal(names[2], 'execution');
    assert.equal(trace.body.stackFrames[1].line, lineOf(exampleSource, '"Pack": map('));
    // Each iteration is a thread.
    const threads = await dc.threadsRequest();
    assert.ok(threads.body.threads.filter((t) => /iteration \d of Pack/.test(t.name)).length >= 1);
    const input = await scope(dc, frame, 'Input');
    assert.ok(['"a"', '"b"'].includes(input.sku));
    const context = await scope(dc, frame, 'Context object');
    assert.ok('Execution' in context && 'State' in context);
    // The virtual clock: the Wait of 30 s passed before the Map.
    const execution = await scope(dc, frame, 'Execution');
    assert.equal(execution.clock, '"2026-01-01T00:00:30.000Z"');
    const jsonata = await dc.evaluateRequest({ expression: '{% $states.input.qty * 10 %}', frameId: frame.id, context: 'repl' });
    assert.ok(['20', '10'].includes(jsonata.body.result));
    const path_ = await dc.evaluateRequest({ expression: '$.sku', frameId: frame.id, context: 'hover' });
    assert.equal(path_.body.result, input.sku);
    const intrinsic = await dc.evaluateRequest({ expression: "States.Format('sku {}', $.sku)", frameId: frame.id, context: 'watch' });
    assert.match(intrinsic.body.result, /^"sku [ab]"$/);
    // The engine's own errors.
    await assert.rejects(
      dc.evaluateRequest({ expression: '{% $undefinedThing.x %}', frameId: frame.id, context: 'repl' }),
      /States\.QueryEvaluationError: The JSONata expression '\$undefinedThing\.x' specified for the field 'Expression' returned nothing/);
    await assert.rejects(
      dc.evaluateRequest({ expression: '$.nothing.here', frameId: frame.id, context: 'repl' }),
      /States\.Runtime/);
    const ended = outcome(dc);
    await dc.setBreakpointsRequest({ source: { path: exampleSource }, breakpoints: [] });
    await dc.continueRequest({ threadId: stopped.body.threadId });
    assert.match(await ended, /status: SUCCEEDED/);
  });
});

test('step into a Parallel branch, out of it, and over a Map', async () => {
  await session(example, async (dc) => {
    const prepare = lineOf(exampleSource, '"Prepare": parallel {');
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line: prepare }] } });
    const thread = stopped.body.threadId;
    assert.match((await top(dc, thread)).name, /^Prepare \[entered/);
    // Into the first branch.
    let step = dc.waitForEvent('stopped');
    await dc.stepInRequest({ threadId: thread });
    let event = await step;
    assert.equal(event.body.reason, 'step');
    assert.notEqual(event.body.threadId, thread);
    const branch = await dc.stackTraceRequest({ threadId: event.body.threadId });
    assert.match(branch.body.stackFrames[0].name, /^Hold stock \[entered/);
    assert.match(branch.body.stackFrames[1].name, /^Prepare \[branch 0\]$/);
    // Out of it: the Parallel left, on the execution's thread.
    step = dc.waitForEvent('stopped');
    await dc.stepOutRequest({ threadId: event.body.threadId });
    event = await step;
    assert.equal(event.body.threadId, thread);
    let frame = await top(dc, thread);
    assert.match(frame.name, /^Prepare \[left/);
    const output = await scope(dc, frame, 'Output');
    assert.ok('prepared' in output);
    // Over the transition to the Map, then over the whole Map.
    step = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: thread });
    await step;
    assert.match((await top(dc, thread)).name, /^Pack \[entered/);
    step = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: thread });
    await step;
    frame = await top(dc, thread);
    assert.match(frame.name, /^Pack \[left/);
    assert.equal(frame.line, lineOf(exampleSource, '"Pack": map('));
    const ended = outcome(dc);
    await dc.continueRequest({ threadId: thread });
    await ended;
  });
});

test('step into a Map iteration and out of it; into a child execution and out of it', async () => {
  await session(example, async (dc) => {
    const pack = lineOf(exampleSource, '"Pack": map(');
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line: pack }] } });
    const thread = stopped.body.threadId;
    assert.match((await top(dc, thread)).name, /^Pack \[entered/);
    // Into an iteration: its own thread, the iteration below its state.
    let step = dc.waitForEvent('stopped');
    await dc.stepInRequest({ threadId: thread });
    let event = await step;
    assert.equal(event.body.reason, 'step');
    assert.notEqual(event.body.threadId, thread);
    const iteration = await dc.stackTraceRequest({ threadId: event.body.threadId });
    const names = iteration.body.stackFrames.map((f) => f.name);
    assert.match(names[0], /^Pack item \[entered/);
    assert.match(names[1], /^Pack \[iteration \d\]$/);
    assert.equal(names[2], 'execution');
    assert.equal(iteration.body.stackFrames[0].line, lineOf(exampleSource, '"Pack item": pass;'));
    // Out of it: the Map left, on the execution's thread.
    step = dc.waitForEvent('stopped');
    await dc.stepOutRequest({ threadId: event.body.threadId });
    event = await step;
    assert.equal(event.body.threadId, thread);
    assert.match((await top(dc, thread)).name, /^Pack \[left/);
    const ended = outcome(dc);
    await dc.setBreakpointsRequest({ source: { path: exampleSource }, breakpoints: [] });
    await dc.continueRequest({ threadId: thread });
    assert.match(await ended, /status: SUCCEEDED/);
  });
  // A Distributed Map whose items run as STANDARD child executions.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-debug-'));
  const definition = path.join(dir, 'children.asl.json');
  fs.writeFileSync(definition, JSON.stringify({
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map', ItemsPath: '$.items', Label: 'Children', End: true,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Check', States: { Check: { Type: 'Pass', End: true } },
        },
      },
    },
  }, null, 2));
  try {
    await session(bin, async (dc) => {
      const stopped = await launch(dc, { definition, input: { items: ['x', 'y'] } }, { functions: ['Fan out'] });
      const thread = stopped.body.threadId;
      assert.match((await top(dc, thread)).name, /^Fan out \[entered/);
      let step = dc.waitForEvent('stopped');
      await dc.stepInRequest({ threadId: thread });
      let event = await step;
      assert.equal(event.body.reason, 'step');
      assert.notEqual(event.body.threadId, thread);
      const child = await dc.stackTraceRequest({ threadId: event.body.threadId });
      const names = child.body.stackFrames.map((f) => f.name);
      assert.match(names[0], /^Check \[entered/);
      // The child execution is named, in its frame and its thread, by its execution's name.
      const named = names[1].match(/^Fan out \[child execution \d: ([0-9a-f-]{36})\]$/);
      assert.ok(named, names[1]);
      const threads = await dc.threadsRequest();
      assert.ok(threads.body.threads.some((t) => t.id === event.body.threadId && t.name.includes(`(${named[1]})`)),
        JSON.stringify(threads.body.threads));
      assert.equal(names[2], 'execution');
      assert.equal(child.body.stackFrames[0].line, lineOf(definition, '"Check": {'));
      // The child's input is its item.
      const input = await dc.evaluateRequest({ expression: '$', frameId: child.body.stackFrames[0].id, context: 'watch' });
      assert.ok(['"x"', '"y"'].includes(input.body.result), input.body.result);
      step = dc.waitForEvent('stopped');
      await dc.stepOutRequest({ threadId: event.body.threadId });
      event = await step;
      assert.equal(event.body.threadId, thread);
      assert.match((await top(dc, thread)).name, /^Fan out \[left/);
      const ended = outcome(dc);
      await dc.continueRequest({ threadId: thread });
      assert.match(await ended, /status: SUCCEEDED/);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an exception breakpoint stops on a caught error, by its name', async () => {
  await session(example, async (dc) => {
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput }, {
      exceptions: { filters: [], filterOptions: [{ filterId: 'caught', condition: 'Payment.Declined' }] },
    });
    assert.equal(stopped.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: stopped.body.threadId });
    assert.equal(info.body.exceptionId, 'Payment.Declined');
    assert.equal(info.body.description, 'the card 0000 is declined');
    assert.equal(info.body.breakMode, 'always');
    const frame = await top(dc, stopped.body.threadId);
    assert.equal(frame.line, lineOf(exampleSource, '"Charge": lambda::invoke {'));
    const parameters = await valueOf(dc, frame, 'Task', 'parameters');
    assert.equal(parameters.Payload.card, '0000');
    const error = await valueOf(dc, frame, 'Task', 'error');
    assert.deepEqual(error, { Error: 'Payment.Declined', Cause: 'the card 0000 is declined' });
    const ended = outcome(dc);
    await dc.continueRequest({ threadId: stopped.body.threadId });
    // Caught: the run goes on to `Declined` and succeeds.
    assert.match(await ended, /Charge → Declined → Done/);
  });
});

test('a conditional breakpoint stops where its JSONata or JSONPath condition holds', async () => {
  await session(example, async (dc) => {
    const line = lineOf(exampleSource, '"Pack item": pass;');
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line, condition: "{% $states.input.sku = 'b' %}" }] } });
    assert.equal(stopped.body.reason, 'breakpoint');
    const input = await scope(dc, await top(dc, stopped.body.threadId), 'Input');
    assert.equal(input.sku, '"b"');
  });
  await session(example, async (dc) => {
    // A JSONPath filter: the item whose sku is `b`.
    const line = lineOf(exampleSource, '"Pack item": pass;');
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line, condition: "$[?(@.sku == 'b')]" }] } });
    const input = await scope(dc, await top(dc, stopped.body.threadId), 'Input');
    assert.equal(input.sku, '"b"');
  });
  await session(example, async (dc) => {
    // A hit count: of the two iterations, the breakpoint stops on the second one reached only.
    const line = lineOf(exampleSource, '"Pack item": pass;');
    let stops = 0;
    dc.on('stopped', () => { stops += 1; });
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line, hitCondition: '2' }] } });
    assert.equal(stopped.body.reason, 'breakpoint');
    const ended = outcome(dc);
    await dc.continueRequest({ threadId: stopped.body.threadId });
    await ended;
    assert.equal(stops, 1);
  });
  await session(example, async (dc) => {
    // A hit condition in JSONata, of `$hits`.
    const line = lineOf(exampleSource, '"Pack item": pass;');
    let stops = 0;
    dc.on('stopped', () => { stops += 1; });
    const stopped = await launch(dc, { definition: 'Checkout', input: checkoutInput },
      { breakpoints: { [exampleSource]: [{ line, hitCondition: '$hits >= 1' }] } });
    const second = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: stopped.body.threadId });
    const next = await second;
    const ended = outcome(dc);
    await dc.continueRequest({ threadId: next.body.threadId });
    await ended;
    assert.equal(stops, 2);
  });
});

test('a Task nothing answers waits, and the REPL answers it', async () => {
  await session(bin, async (dc) => {
    const stopped = await launch(dc, { definition: orders, input: ordersInput });
    assert.equal(stopped.body.reason, 'task');
    const thread = stopped.body.threadId;
    const frame = await top(dc, thread);
    assert.equal(frame.line, lineOf(orders, '"Charge": {'));
    assert.match(frame.name, /^Charge \[waiting for an answer · 2026-01-01T00:05:00\.000Z\]$/);
    const waiting = await scope(dc, frame, 'Waiting Task');
    assert.equal(waiting.parameters, '{"amount":45,"customer":"ada"}');
    // The stop shows the state's own scope: its input (not the request), its variables,
    // its context object; hovers and the REPL read them.
    assert.deepEqual(await valueOf(dc, frame, 'Input', 'order'), ordersInput.order);
    assert.equal((await scope(dc, frame, 'Variables')).customer, '"ada"');
    assert.deepEqual(await valueOf(dc, frame, 'Context object', 'State'),
      { EnteredTime: '2026-01-01T00:05:00.000Z', Name: 'Charge', RetryCount: 0 });
    const started = await valueOf(dc, frame, 'Context object', 'Execution');
    assert.deepEqual(started.Input, ordersInput);
    assert.deepEqual(await valueOf(dc, frame, 'Task', 'parameters'), { amount: 45, customer: 'ada' });
    const hover = await dc.evaluateRequest({ expression: '"$.order.customer",', frameId: frame.id, context: 'hover' });
    assert.equal(hover.body.result, '"ada"');
    const total = await dc.evaluateRequest({ expression: '$.total', frameId: frame.id, context: 'repl' });
    assert.equal(total.body.result, '45');
    const name = await dc.evaluateRequest({ expression: '$$.State.Name', frameId: frame.id, context: 'watch' });
    assert.equal(name.body.result, '"Charge"');
    const beat = await dc.evaluateRequest({ expression: '.wait 20', context: 'repl' });
    assert.match(beat.body.result, /\+20 s/);
    await dc.evaluateRequest({ expression: '.heartbeat', context: 'repl' });
    await dc.evaluateRequest({ expression: '.wait 25', context: 'repl' });
    const ended = outcome(dc);
    await dc.evaluateRequest({ expression: '.success {"receipt": "r-1"}', context: 'repl' });
    const text = await ended;
    assert.match(text, /status: SUCCEEDED/);
    assert.match(text, /"charge":\{"receipt":"r-1"\}/);
  });
  await session(bin, async (dc) => {
    // 31 s without a heartbeat: `States.Timeout`, caught; then the Fail state's error, which
    // nothing catches, stops the run (the `uncaught` filter is on by default).
    await launch(dc, { definition: orders, input: ordersInput });
    const ended = outcome(dc);
    const failed = dc.waitForEvent('stopped');
    const said = await dc.evaluateRequest({ expression: '.wait 31', context: 'repl' });
    assert.match(said.body.result, /States\.HeartbeatTimeout/);
    const uncaught = await failed;
    assert.equal(uncaught.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: uncaught.body.threadId });
    assert.deepEqual([info.body.exceptionId, info.body.breakMode], ['Order.TimedOut', 'unhandled']);
    const frame = await top(dc, uncaught.body.threadId);
    assert.equal(frame.line, lineOf(orders, '"Timed out": {'));
    const timedOut = await valueOf(dc, frame, 'Input', 'timedOut');
    assert.deepEqual(timedOut, { Error: 'States.Timeout', Cause: '' });
    await dc.continueRequest({ threadId: uncaught.body.threadId });
    assert.match(await ended, /error: Order\.TimedOut/);
  });
  await session(bin, async (dc) => {
    await launch(dc, { definition: orders, input: ordersInput }, { exceptions: { filters: [] } });
    const ended = outcome(dc);
    await dc.evaluateRequest({ expression: '.failure Card.Stolen "reported stolen"', context: 'repl' });
    const text = await ended;
    assert.match(text, /error: Card\.Stolen/);
    assert.match(text, /cause: reported stolen/);
  });
});

test('variables are set where ASL allows it; a YAML file binds its lines', async () => {
  await session(bin, async (dc) => {
    const line = lineOf(ordersYaml, 'Wait for the warehouse:');
    const stopped = await launch(dc, { definition: ordersYaml, input: ordersInput },
      { breakpoints: { [ordersYaml]: [{ line }] } });
    const frame = await top(dc, stopped.body.threadId);
    assert.equal(frame.line, line);
    assert.equal(frame.source.path, fs.realpathSync(ordersYaml));
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    const vars = scopes.body.scopes.find((s) => s.name === 'Variables');
    const set = await dc.setVariableRequest({ variablesReference: vars.variablesReference, name: 'customer', value: '"grace"' });
    assert.equal(set.body.value, '"grace"');
    await assert.rejects(dc.setVariableRequest({ variablesReference: vars.variablesReference, name: 'states', value: '1' }), /reserved/);
    await assert.rejects(dc.setVariableRequest({ variablesReference: vars.variablesReference, name: 'x', value: 'not json' }), /JSON/);
    const seen = await dc.evaluateRequest({ expression: '$customer', frameId: frame.id, context: 'repl' });
    assert.equal(seen.body.result, '"grace"');
    // The Task's request reads the variable as set.
    const waiting = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: stopped.body.threadId });
    const task = await waiting;
    assert.equal(task.body.reason, 'task');
    const request = await scope(dc, await top(dc, task.body.threadId), 'Waiting Task');
    assert.equal(request.parameters, '{"amount":45,"customer":"grace"}');
  });
});

test('a recorded AWS history: stopped at a state, stepped back, run back to a breakpoint', async () => {
  await session(bin, async (dc) => {
    const definition = path.join(recorded, 'lambda_catch.asl.json');
    const line = lineOf(definition, '"EndWithStateTaskFailedHandler": {');
    const stopped = await launch(dc, {
      definition,
      history: path.join(recorded, 'lambda_catch.history.json'),
      executionArn: 'arn:aws:states:us-east-1:111111111111:execution:statemachine_create_and_record_execution_5fdb65d1:0aaba623-eed9-4a89-b990-eb03d80554b5',
    }, { breakpoints: { [definition]: [{ line }, { line: lineOf(definition, '"Start": {') }] } });
    // The first breakpoint: Start.
    assert.equal(stopped.body.reason, 'breakpoint');
    let next = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    await next;
    let frame = await top(dc, 1);
    assert.match(frame.name, /^EndWithStateTaskFailedHandler \[entered/);
    // One step back: Start, left, its output the error the record caught.
    next = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: 1 });
    assert.equal((await next).body.reason, 'step');
    frame = await top(dc, 1);
    assert.match(frame.name, /^Start \[left · past/);
    assert.equal(frame.line, lineOf(definition, '"Start": {'));
    const output = await scope(dc, frame, 'Output');
    assert.equal(output.Error, '"Exception"');
    const error = await valueOf(dc, frame, 'Task', 'error');
    assert.equal(error.Error, 'Exception');
    assert.match(error.Cause, /Some exception was raised/);
    // A past stop's variables are not the run's to set.
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    const vars = scopes.body.scopes.find((s) => s.name === 'Variables');
    await assert.rejects(dc.setVariableRequest({ variablesReference: vars.variablesReference, name: 'x', value: '1' }));
    // Run back: the breakpoint on Start, as entered.
    next = dc.waitForEvent('stopped');
    await dc.reverseContinueRequest({ threadId: 1 });
    assert.equal((await next).body.reason, 'breakpoint');
    frame = await top(dc, 1);
    assert.match(frame.name, /^Start \[entered · past/);
    // Forward again through the record, to the live stop, then to the end.
    next = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: 1 });
    await next;
    assert.match((await top(dc, 1)).name, /^Start \[left/);
    const ended = outcome(dc);
    await dc.setBreakpointsRequest({ source: { path: definition }, breakpoints: [] });
    await dc.continueRequest({ threadId: 1 });
    assert.match(await ended, /replays identically/);
  });
});

test('Step Back from a failed DynamoDB Task recorded on AWS: to its entry, and forward to the error', async () => {
  await session(bin, async (dc) => {
    // Only errors not caught stop (the record's table names are the snapshot's placeholders,
    // which the replay's request does not hold: it diverges there).
    const { definition, stopped } = await launchRecorded(dc, 'dynamodb_no_such_table', {
      executionArn: 'arn:aws:states:us-east-1:111111111111:execution:statemachine_create_and_record_execution_b2f04f22:584b69fe-8c69-4662-bcca-5ca7e0e81edb',
    }, { exceptions: { filters: ['uncaught'] } });
    assert.equal(stopped.body.reason, 'exception');
    const thread = stopped.body.threadId;
    let frame = await top(dc, thread);
    assert.match(frame.name, /^PutItem \[raised DynamoDB\.ResourceNotFoundException/);
    const info = await dc.exceptionInfoRequest({ threadId: thread });
    assert.deepEqual([info.body.exceptionId, info.body.breakMode], ['DynamoDB.ResourceNotFoundException', 'unhandled']);
    // One step back: the Task's entry, its input the execution's.
    let next = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: thread });
    assert.equal((await next).body.reason, 'step');
    frame = await top(dc, thread);
    assert.match(frame.name, /^PutItem \[entered · past/);
    assert.equal(frame.line, lineOf(definition, '"PutItem": {'));
    assert.equal((await scope(dc, frame, 'Input')).TableName, '"no_such_sfn_test_table_fed37d5b"');
    // Nothing before the first state's entry.
    await assert.rejects(dc.stepBackRequest({ threadId: thread }), /no earlier checkpoint/);
    // Forward: the error again, the live stop, its Task's request and error in its scope.
    next = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: thread });
    await next;
    frame = await top(dc, thread);
    assert.match(frame.name, /^PutItem \[raised DynamoDB\.ResourceNotFoundException · /);
    const error = await valueOf(dc, frame, 'Task', 'error');
    assert.equal(error.Error, 'DynamoDB.ResourceNotFoundException');
    // Reverse Continue from the error, with no breakpoint: the first checkpoint.
    next = dc.waitForEvent('stopped');
    await dc.reverseContinueRequest({ threadId: thread });
    assert.equal((await next).body.reason, 'entry');
    assert.match((await top(dc, thread)).name, /^PutItem \[entered · past/);
    // Forward from the past, a continue stops again where the error filter stops.
    const ended = outcome(dc);
    next = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: thread });
    assert.equal((await next).body.reason, 'exception');
    await dc.continueRequest({ threadId: thread });
    assert.match(await ended, /status: FAILED/);
  });
});

test('Step Back from a caught error in a Map iteration recorded on AWS: the iteration, then the Map', async () => {
  await session(bin, async (dc) => {
    const { stopped } = await launchRecorded(dc, 'map_catch', {},
      { exceptions: { filters: [], filterOptions: [{ filterId: 'caught' }] } });
    assert.equal(stopped.body.reason, 'exception');
    const iteration = stopped.body.threadId;
    assert.notEqual(iteration, 1);
    let trace = await dc.stackTraceRequest({ threadId: iteration });
    assert.match(trace.body.stackFrames[0].name, /^HandleItemFail \[raised HandleItemFailError/);
    assert.equal(trace.body.stackFrames[1].name, 'MapState [iteration 0]');
    // The iteration's item, and its context object.
    const item = await scope(dc, trace.body.stackFrames[0], 'Map item');
    assert.deepEqual([item.Index, item.Value], ['0', '1']);
    assert.equal((await valueOf(dc, trace.body.stackFrames[0], 'Context object', 'State')).Name, 'HandleItemFail');
    // Back: the Fail state's entry, on the iteration's thread.
    let next = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: iteration });
    let event = await next;
    assert.equal(event.body.threadId, iteration);
    trace = await dc.stackTraceRequest({ threadId: iteration });
    assert.match(trace.body.stackFrames[0].name, /^HandleItemFail \[entered · past/);
    assert.equal(trace.body.stackFrames[1].name, 'MapState [iteration 0]');
    // Back again: before the iteration started, the Map's entry, on the execution's thread.
    next = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: iteration });
    event = await next;
    assert.equal(event.body.threadId, 1);
    assert.match((await top(dc, 1)).name, /^MapState \[entered · past/);
    // Forward from the Map's entry: the caught error stops again (its filter is on), the
    // live stop, on the iteration's thread.
    next = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    event = await next;
    assert.deepEqual([event.body.reason, event.body.threadId], ['exception', iteration]);
    assert.match((await top(dc, iteration)).name, /^HandleItemFail \[raised HandleItemFailError · /);
    // Reverse Continue from there: no breakpoint, no earlier error; the first checkpoint.
    next = dc.waitForEvent('stopped');
    await dc.reverseContinueRequest({ threadId: iteration });
    assert.equal((await next).body.reason, 'entry');
    assert.match((await top(dc, 1)).name, /^StartState \[entered · past/);
    const ended = outcome(dc);
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    await dc.continueRequest({ threadId: 1 });
    assert.match(await ended, /replays identically/);
  });
});

test('a changed definition stops where it diverges from the record', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-debug-'));
  const changed = JSON.parse(fs.readFileSync(path.join(recorded, 'lambda_catch.asl.json'), 'utf8'));
  changed.States.Start.Catch = changed.States.Start.Catch.filter((c) => !c.ErrorEquals.includes('States.TaskFailed'));
  const definition = path.join(dir, 'changed.asl.json');
  fs.writeFileSync(definition, JSON.stringify(changed, null, 2));
  try {
    await session(bin, async (dc) => {
      const stopped = await launch(dc, { definition, history: path.join(recorded, 'lambda_catch.history.json') });
      assert.equal(stopped.body.reason, 'exception');
      assert.match(stopped.body.text, /EndWithAllHandler/);
      const info = await dc.exceptionInfoRequest({ threadId: stopped.body.threadId });
      assert.equal(info.body.exceptionId, 'Divergence');
      const ended = outcome(dc);
      await dc.continueRequest({ threadId: stopped.body.threadId });
      assert.match(await ended, /diverges at/);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--port serves a session over TCP; a function breakpoint by state name', async () => {
  const server = spawn(bin, ['debug', '--port', '0'], { cwd: root });
  try {
    const port = await new Promise((resolve, reject) => {
      let seen = '';
      server.stdout.on('data', (chunk) => {
        seen += chunk;
        const found = seen.match(/listening on 127\.0\.0\.1:(\d+)/);
        if (found) resolve(Number(found[1]));
      });
      server.on('exit', (code) => reject(new Error(`workflow debug --port exited with ${code}`)));
    });
    const dc = new DebugClient('unused', 'unused', 'workflow');
    await dc.start(port);
    try {
      const stopped = await launch(dc, { definition: orders, input: ordersInput }, { functions: ['Wait for the warehouse'] });
      assert.equal(stopped.body.reason, 'function breakpoint');
      const frame = await top(dc, stopped.body.threadId);
      assert.equal(frame.line, lineOf(orders, '"Wait for the warehouse": {'));
      // Over the Wait: 300 s of virtual time pass, nothing of the wall clock's.
      const step = dc.waitForEvent('stopped');
      await dc.nextRequest({ threadId: stopped.body.threadId });
      await step;
      const left = await top(dc, stopped.body.threadId);
      assert.match(left.name, /^Wait for the warehouse \[left · 2026-01-01T00:05:00\.000Z\]$/);
    } finally {
      await dc.stop();
    }
  } finally {
    server.kill();
  }
});
