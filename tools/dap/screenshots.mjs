#!/usr/bin/env node
// The screenshots of docs/debugging.md: VS Code's own debugger UI (code-server, VS Code in a
// browser, from npm) with the extension of editors/vscode installed from its package, debugging
// `Checkout` of examples/workflow_cli.rs with `workflow debug`, in headless Chromium driven
// through the DevTools protocol on a pipe (as tools/pictures/screenshot.js drives it). Not part
// of the test command (code-server is large and builds native modules); run by hand:
//
//   npm install --prefix /tmp/cs code-server@4.100.3      # Node 20; needs libkrb5-dev, libx11-dev,
//                                                         # libxkbfile-dev, libsecret-1-dev
//   (cd editors/vscode && node ../../tools/dap/node_modules/@vscode/vsce/vsce package \
//       --no-dependencies --allow-missing-repository --out /tmp/workflow-debug.vsix)
//   cargo build -p workflow-cli --example workflow_cli
//   node tools/dap/screenshots.mjs /tmp/cs/node_modules/.bin/code-server /tmp/workflow-debug.vsix \
//       target/debug/examples/workflow_cli docs
//
// It clicks what a person would: Start Debugging (the launch configuration stops on entry),
// Step Into twice (into the Parallel's first branch), Step Over twice (out of the branch, on to
// the Map), Step Into an iteration, then types a JSONata expression into the Debug Console.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const [codeServer, vsix, adapter, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node tools/dap/screenshots.mjs CODE_SERVER VSIX WORKFLOW_CLI_EXAMPLE OUT_DIR');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-shots-'));
const userData = path.join(scratch, 'user');
const extensions = path.join(scratch, 'extensions');
const workspace = path.join(scratch, 'checkout');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
fs.mkdirSync(path.join(workspace, 'examples'), { recursive: true });
// The example's source, where the adapter says it is (sourceRoot: the workspace).
fs.copyFileSync(path.join(root, 'examples', 'workflow_cli.rs'), path.join(workspace, 'examples', 'workflow_cli.rs'));
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workflow.debug.command': path.resolve(adapter),
  'workflow.debug.args': ['debug'],
  'debug.toolBarLocation': 'docked',
}, null, 2));
fs.writeFileSync(path.join(workspace, '.vscode', 'launch.json'), JSON.stringify({
  version: '0.2.0',
  configurations: [{
    type: 'workflow',
    request: 'launch',
    name: 'Debug Checkout',
    definition: 'Checkout',
    input: { card: '0000', items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] },
    stopOnEntry: true,
    cwd: workspace,
    sourceRoot: workspace,
  }],
}, null, 2));

execFileSync(codeServer, ['--extensions-dir', extensions, '--install-extension', path.resolve(vsix)], { stdio: 'inherit' });

const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const editor = spawn(codeServer, [
  '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData,
  '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', workspace,
], { stdio: 'inherit' });

const chromium = spawn('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
  '--disable-dev-shm-usage', `--user-data-dir=${path.join(scratch, 'chromium')}`,
  '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });

// The DevTools protocol on fds 3 (to the browser) and 4 (from it), NUL-separated JSON.
let next = 0;
const waiting = new Map();
let buffer = '';
chromium.stdio[4].on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    const pending = message.id && waiting.get(message.id);
    if (pending) {
      waiting.delete(message.id);
      if (message.error) pending.reject(new Error(JSON.stringify(message.error)));
      else pending.resolve(message.result);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = ++next;
  chromium.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const page = (method, params) => send(method, params, sessionId);
  await page('Emulation.setDeviceMetricsOverride', { width: 1600, height: 1000, deviceScaleFactor: 1, mobile: false });
  await page('Page.enable');
  // code-server takes a while to listen, and the workbench to load.
  for (let i = 0; i < 60; i++) {
    try {
      await new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(); });
        socket.on('error', reject);
      });
      break;
    } catch {
      await sleep(1000);
    }
  }
  await page('Page.navigate', { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}` });
  await sleep(20000);
  const key = async (code, keyCode, modifiers = 0, text) => {
    await page('Input.dispatchKeyEvent', { type: 'rawKeyDown', code, key: code, windowsVirtualKeyCode: keyCode, modifiers });
    if (text) await page('Input.dispatchKeyEvent', { type: 'char', text, modifiers });
    await page('Input.dispatchKeyEvent', { type: 'keyUp', code, key: code, windowsVirtualKeyCode: keyCode, modifiers });
  };
  const shot = async (file) => {
    const { data } = await page('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(outDir, file), Buffer.from(data, 'base64'));
    console.log(`wrote ${path.join(outDir, file)}`);
  };
  // What a person clicks, found by its label.
  const click = async (label) => {
    for (let i = 0; i < 30; i++) {
      const { result } = await page('Runtime.evaluate', {
        expression: `(() => { const b = [...document.querySelectorAll('a.action-label, .action-label, [role=button]')]
          .find((e) => (e.getAttribute('aria-label') || '').startsWith(${JSON.stringify(label)}) && e.offsetParent !== null);
          if (b) { b.click(); return true; } return false; })()`,
        returnByValue: true,
      });
      if (result.value) return;
      await sleep(1000);
    }
    const { result } = await page('Runtime.evaluate', {
      expression: `[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).filter((l) => /debug|step|start/i.test(l)).join(' | ')`,
      returnByValue: true,
    });
    throw new Error(`no button labelled ${label}; labels: ${result.value}`);
  };
  await click('Run and Debug');
  await sleep(3000);
  await click('Start Debugging');
  await sleep(15000);
  await click('Step Into');
  await sleep(5000);
  await click('Step Into');
  await sleep(5000);
  await shot('debugging-vscode-threads.png');
  // On to the Map's iterations, then a JSONata expression in the Debug Console.
  for (let i = 0; i < 2; i++) {
    await click('Step Over');
    await sleep(4000);
  }
  await click('Step Into');
  await sleep(5000);
  await page('Runtime.evaluate', {
    expression: `(() => { const t = document.querySelector('.repl-input-wrapper textarea'); if (t) t.focus(); return !!t; })()`,
  });
  await sleep(1000);
  await page('Input.insertText', { text: '{% $states.input.qty * 10 %}' });
  await key('Enter', 13, 0, '\r');
  await sleep(4000);
  await shot('debugging-vscode.png');
} finally {
  chromium.kill('SIGKILL');
  editor.kill('SIGTERM');
  await sleep(1000);
  try { fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 5 }); } catch { /* Chromium's last writes */ }
}
