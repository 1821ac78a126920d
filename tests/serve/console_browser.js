#!/usr/bin/env node
// Drives workflow serve's console in one headless Chromium, as a person would, through the
// DevTools protocol on a pipe (--remote-debugging-pipe, as tools/pictures/screenshot.js does:
// no port, no npm package). tests/serve_console.rs runs it:
//
//   node tests/serve/console_browser.js ENDPOINT DONE_EXECUTION_ARN SLOW_MACHINE_ARN MAPPED_EXECUTION_ARN DIR
//
// It opens the state machines, the machine of DONE, and DONE's execution page; selects the
// state "Greet" from the keyboard (Tab to it, Enter) and "Shout" with the mouse, and reads each
// one's input, output and variables; starts an execution of SLOW (a 3 s Wait), opens it while
// it runs and watches the page, without reloading it, until it reads SUCCEEDED and the graph
// colours its last state; opens MAPPED (a Distributed Map over three items), reads its Map Run
// and follows a child execution's link (its graph: the Map's ItemProcessor); stops an execution from the page, redrives it and stops
// it again (the page's token at work). Screenshots go to
// DIR/{machines,machine,execution,running,finished,map-run,child,stopped}.png.
// A page error, a missing control label or any failed check prints why and exits 1.
//
//   node tests/serve/console_browser.js --measure ENDPOINT N
//
// starts N executions of a new one-state machine, then prints how long the machine's page
// takes to show its first page of executions (from navigating to the page's `data-loaded`:
// the machine, its first 25 executions, its graph, versions and aliases), three times; a
// figure, not a check (scripts/console-load.sh runs it against a fresh server).
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const STEP_MS = 30_000;

let browser;
let profile;
function fail(message) {
  process.stderr.write(`tests/serve/console_browser.js: ${message}\n`);
  if (browser && browser.exitCode === null) browser.kill('SIGKILL');
  try { if (profile) fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); } catch (_) { /* chromium still exiting */ }
  process.exit(1);
}

function launch() {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'console-chromium-'));
  browser = spawn('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
    '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', `--user-data-dir=${profile}`, '--remote-debugging-pipe',
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let log = '';
  browser.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
  browser.on('error', (e) => fail(`cannot start chromium (install it: bash scripts/pictures.sh install): ${e.message}`));
  browser.on('exit', (code, signal) => { if (!closing) fail(`chromium exited (${signal || code}):\n${log}`); });
  let pending = Buffer.alloc(0);
  browser.stdio[4].on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let end;
    while ((end = pending.indexOf(0)) >= 0) {
      const message = JSON.parse(pending.subarray(0, end).toString('utf8'));
      pending = pending.subarray(end + 1);
      if (message.id !== undefined) {
        const reply = replies.get(message.id);
        replies.delete(message.id);
        if (message.error) reply.reject(new Error(`${reply.method}: ${message.error.message}`));
        else reply.resolve(message.result);
      } else if (message.method === 'Runtime.exceptionThrown') {
        const d = message.params.exceptionDetails;
        fail(`the page threw: ${(d.exception && d.exception.description) || d.text}`);
      } else if (message.method === 'Log.entryAdded' && message.params.entry.level === 'error') {
        pageErrors.push(`${message.params.entry.text} ${message.params.entry.url || ''}`);
      }
    }
  });
}

let closing = false;
let nextId = 1;
const replies = new Map();
const pageErrors = [];
let session;
function send(method, params = {}, sessionId = session) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  browser.stdio[3].write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => replies.set(id, { resolve, reject, method }));
}

async function evaluate(expression) {
  const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
  return result.value;
}

// Waits until `expression` is truthy in the page; its value.
async function until(expression, what, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await evaluate(expression).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) {
      const status = await evaluate("document.getElementById('status') && document.getElementById('status').textContent").catch(() => '');
      throw new Error(`${what}: not within ${ms / 1000} s (the page says: ${status})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(url) {
  const loadedBefore = await evaluate('document.body && document.body.dataset.loaded').catch(() => undefined);
  const navigation = await send('Page.navigate', { url });
  if (navigation.errorText) throw new Error(`${url}: ${navigation.errorText}`);
  await until(`document.body && document.body.dataset.loaded && document.body.dataset.loaded !== ${JSON.stringify(loadedBefore || '')}`, `${url} loads`);
}

async function screenshot(dir, name) {
  const shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
  fs.writeFileSync(path.join(dir, `${name}.png`), Buffer.from(shot.data, 'base64'));
}

async function key(name, code, keyCode) {
  for (const type of ['keyDown', 'keyUp']) {
    await send('Input.dispatchKeyEvent', { type, key: name, code, windowsVirtualKeyCode: keyCode, text: type === 'keyDown' && name === 'Enter' ? '\r' : undefined });
  }
}

async function click(selector) {
  const box = await evaluate(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
  for (const type of ['mousePressed', 'mouseReleased']) {
    await send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
  }
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: ${a}, expected ${e}`);
}

// Every control has a name a screen reader says: a select its <label for>, a button its text,
// a focusable picture state its aria-label.
async function labelled(what) {
  const unnamed = await evaluate(`[...document.querySelectorAll('select, button, input, [tabindex="0"]')]
    .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.id && document.querySelector('label[for="' + e.id + '"]')) || (e.tagName === 'BUTTON' && e.textContent.trim())))
    .map((e) => e.outerHTML.slice(0, 80))`);
  if (unnamed.length) throw new Error(`${what}: controls without a label: ${unnamed.join(' | ')}`);
}

// Every text of the page's controls, headings, tables and badges holds at least 4.5:1
// contrast against the background it is drawn on (WCAG 2.1, success criterion 1.4.3,
// the relative luminance of its definitions).
async function contrasted(what) {
  const poor = await evaluate(`(() => {
    const rgb = (text) => (text.match(/[0-9.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (e) => {
      for (let at = e; at; at = at.parentElement) {
        const c = rgb(getComputedStyle(at).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const e of document.querySelectorAll('h1, h2, h3, p, a, button, label, select, th, td, dt, dd, pre, .badge, .mode')) {
      if (!e.textContent.trim() || e.closest('svg')) continue;
      const fore = luminance(rgb(getComputedStyle(e).color).slice(0, 3));
      const back = luminance(background(e));
      const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      if (ratio < 4.5) out.push(e.tagName + ' ' + e.textContent.trim().slice(0, 30) + ': ' + ratio.toFixed(2));
    }
    return out;
  })()`);
  if (poor.length) throw new Error(`${what}: text under 4.5:1 contrast: ${poor.join(' | ')}`);
}

async function call(endpoint, operation, request) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'X-Amz-Target': `AWSStepFunctions.${operation}`, 'Content-Type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(request),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${operation}: ${JSON.stringify(body)}`);
  return body;
}

async function start() {
  launch();
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' }, undefined);
  ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }, undefined));
  await send('Page.enable');
  await send('Runtime.enable');
  await send('Log.enable');
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 1000, deviceScaleFactor: 1, mobile: false });
}

async function close() {
  closing = true;
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  await send('Browser.close', {}, undefined).catch(() => browser.kill('SIGKILL'));
  await exited;
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
}

async function drive([endpoint, done, slowMachine, mapped, dir]) {
  if (!dir) fail('usage: node tests/serve/console_browser.js ENDPOINT DONE_EXECUTION_ARN SLOW_MACHINE_ARN MAPPED_EXECUTION_ARN DIR');
  await start();
  const page = (hash) => `${endpoint}/#/${hash}`;

  await open(page(''));
  const names = await evaluate("[...document.querySelectorAll('#view tbody tr td:first-child')].map((td) => td.textContent)");
  if (!names.includes('Steps') || !names.includes('Slow')) throw new Error(`the state machines listed: ${names}`);
  await labelled('the state machines');
  await contrasted('the state machines');
  await screenshot(dir, 'machines');

  const described = await call(endpoint, 'DescribeExecution', { executionArn: done });
  await open(page(`machine/${encodeURIComponent(described.stateMachineArn)}`));
  await until("document.querySelector('.graph svg g.state[data-name=\"Greet\"]')", 'the machine graph');
  const definition = await evaluate("document.getElementById('definition').textContent");
  same(JSON.parse(definition).StartAt, 'Greet', 'the definition shown');
  same(await evaluate("document.querySelectorAll('#view a[href^=\"#/execution/\"]').length"), 1, 'the executions listed');
  await labelled('the machine');
  await contrasted('the machine');
  await screenshot(dir, 'machine');

  await open(page(`execution/${encodeURIComponent(done)}`));
  same(await evaluate("document.getElementById('execution-status').textContent"), 'SUCCEEDED', 'the execution status');
  // From the keyboard: Tab until the state "Greet" of the graph has the focus, then Enter.
  let focused = '';
  for (let i = 0; i < 60 && focused !== 'Greet'; i += 1) {
    await key('Tab', 'Tab', 9);
    focused = await evaluate("document.activeElement && document.activeElement.dataset ? (document.activeElement.dataset.name || '') : ''");
  }
  if (focused !== 'Greet') throw new Error('Tab never reached the state Greet of the graph');
  await key('Enter', 'Enter', 13);
  await until("document.getElementById('state-name') && document.getElementById('state-name').textContent === 'Greet'", 'Greet selected');
  same(JSON.parse(await evaluate("document.getElementById('state-input').textContent")), { name: 'console' }, "Greet's input");
  same(JSON.parse(await evaluate("document.getElementById('state-output').textContent")), { greeting: 'hello console' }, "Greet's output");
  // The variables Greet assigned, as its StateExited event's `assignedVariables` holds them.
  const variables = await evaluate("document.getElementById('state-variables').textContent");
  same(JSON.parse(variables), { greeted: 'console' }, "Greet's variables");
  same(await evaluate("document.getElementById('state-error').textContent"), '(none)', "Greet's error");
  await click('#graph g.state[data-name="Shout"]');
  await until("document.getElementById('state-name').textContent === 'Shout'", 'Shout selected by a click');
  same(JSON.parse(await evaluate("document.getElementById('state-input').textContent")), { greeting: 'hello console' }, "Shout's input");
  same(JSON.parse(await evaluate("document.getElementById('state-output').textContent")), { shout: 'HELLO CONSOLE' }, "Shout's output");
  const types = await evaluate("[...document.querySelectorAll('#events tbody tr td:nth-child(2)')].map((td) => td.textContent)");
  same(types[0], 'ExecutionStarted', 'the first event');
  same(types[types.length - 1], 'ExecutionSucceeded', 'the last event');
  same(await evaluate("document.getElementById('redrive').disabled && document.getElementById('stop').disabled"), true, 'no action on a succeeded execution');
  await labelled('the execution');
  await contrasted('the execution');
  await screenshot(dir, 'execution');

  const started = await call(endpoint, 'StartExecution', { stateMachineArn: slowMachine, input: '{"slow":true}' });
  await open(page(`execution/${encodeURIComponent(started.executionArn)}`));
  same(await evaluate("document.getElementById('execution-status').textContent"), 'RUNNING', 'the slow execution, opened');
  same(await evaluate("document.querySelector('#graph g.state[data-name=\"Pause\"]').dataset.status"), 'in-progress', 'Pause, opened');
  same(await evaluate("document.getElementById('stop').disabled"), false, 'Stop offered while it runs');
  await screenshot(dir, 'running');
  await until("document.getElementById('execution-status').textContent === 'SUCCEEDED'", 'the running execution finishes on the page');
  await until("document.querySelector('#graph g.state[data-name=\"Done\"]').dataset.status === 'succeeded'", 'the graph colours Done succeeded');
  await screenshot(dir, 'finished');

  await open(page(`execution/${encodeURIComponent(mapped)}`));
  const children = await evaluate("[...document.querySelectorAll('#map-runs tbody tr')].map((tr) => tr.children[1].textContent)");
  same(children, ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'], "the Map Run's child executions");
  same(await evaluate("/SUCCEEDED/.test(document.querySelector('#map-runs h3').textContent)"), true, 'the Map Run succeeded');
  await screenshot(dir, 'map-run');
  const loaded = await evaluate('document.body.dataset.loaded');
  await click('#map-runs tbody tr a');
  await until(`document.body.dataset.loaded && document.body.dataset.loaded !== ${JSON.stringify(loaded)}`, 'the child execution opens');
  same(await evaluate("document.getElementById('execution-status').textContent"), 'SUCCEEDED', 'the child execution');
  const childEvents = await evaluate("[...document.querySelectorAll('#events tbody tr td:nth-child(2)')].map((td) => td.textContent)");
  same(childEvents[0], 'ExecutionStarted', "the child's first event");
  // Its graph is the Map state's ItemProcessor, coloured by its run.
  same(await evaluate("document.querySelector('#graph g.state[data-name=\"Item\"]').dataset.status"), 'succeeded', "the child's graph");
  await screenshot(dir, 'child');

  // Stop and Redrive from the page (which sends its token): a run that waits an hour.
  const held = await call(endpoint, 'CreateStateMachine', {
    name: 'Held', roleArn: 'arn:aws:iam::123456789012:role/console',
    definition: JSON.stringify({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } }),
  });
  const holding = await call(endpoint, 'StartExecution', { stateMachineArn: held.stateMachineArn, input: '{}' });
  await open(page(`execution/${encodeURIComponent(holding.executionArn)}`));
  same(await evaluate("document.getElementById('execution-status').textContent"), 'RUNNING', 'the held execution');
  await click('#stop');
  await until("document.getElementById('execution-status').textContent === 'ABORTED'", 'Stop stops it');
  await until("!document.getElementById('redrive').disabled", 'Redrive offered once it is aborted');
  await screenshot(dir, 'stopped');
  await click('#redrive');
  await until("document.getElementById('execution-status').textContent === 'RUNNING'", 'Redrive runs it again');
  same((await call(endpoint, 'DescribeExecution', { executionArn: holding.executionArn })).redriveCount, 1, 'redriven once');
  await until("!document.getElementById('stop').disabled", 'Stop offered again');
  await click('#stop');
  await until("document.getElementById('execution-status').textContent === 'ABORTED'", 'Stop stops the redriven run');
  if (pageErrors.length) throw new Error(`the page logged errors: ${pageErrors.join(' | ')}`);
  await close();
  process.stdout.write('console: machines, machine, execution (Greet by keyboard, Shout by mouse), running → finished: ok\n');
}

async function measure([endpoint, count]) {
  const n = Number(count);
  if (!endpoint || !(n > 0)) fail('usage: node tests/serve/console_browser.js --measure ENDPOINT N');
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const { stateMachineArn: machine } = await call(endpoint, 'CreateStateMachine', {
    name: `Many${Date.now()}`, definition, roleArn: 'arn:aws:iam::123456789012:role/console',
  });
  let next = 0;
  const began = Date.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < n) {
      next += 1;
      await call(endpoint, 'StartExecution', { stateMachineArn: machine, input: '{}' });
    }
  }));
  process.stdout.write(`${n} executions started in ${Date.now() - began} ms\n`);
  await start();
  const url = `${endpoint}/#/machine/${encodeURIComponent(machine)}`;
  for (let i = 0; i < 3; i += 1) {
    await send('Page.navigate', { url: 'about:blank' });
    const began = Date.now();
    await open(url);
    const rows = await evaluate("document.querySelectorAll('#view a[href^=\"#/execution/\"]').length");
    process.stdout.write(`first page of executions: ${Date.now() - began} ms (${rows} rows shown)\n`);
  }
  await close();
}

const args = process.argv.slice(2);
(args[0] === '--measure' ? measure(args.slice(1)) : drive(args))
  .then(() => process.exit(0))
  .catch((e) => fail(e.stack || e.message));
