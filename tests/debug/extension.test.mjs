// The VS Code extension of editors/vscode, packaged by VS Code's official packager
// (@vscode/vsce, installed into tools/dap by `bash scripts/dap.sh install`), as its Marketplace
// would take it: the package holds the manifest that registers the debug type `workflow` and
// the script that starts `workflow debug` for it. Run by tests/debug_adapter.rs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = path.join(root, 'tools', 'dap');
const require = createRequire(path.join(tools, 'package.json'));

/** The files of the zip archive `file`, by name, as text. */
function unzip(file) {
  const yauzl = require('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const files = {};
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => { files[entry.fileName] = Buffer.concat(chunks).toString('utf8'); zip.readEntry(); });
        });
      });
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

test('vsce packages the extension that registers the `workflow` debugger', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-vsix-'));
  try {
    const vsix = path.join(out, 'workflow-debug.vsix');
    const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
      cwd: path.join(root, 'editors', 'vscode'),
      stdio: 'pipe',
    });
    const files = await unzip(vsix);
    assert.ok('extension.vsixmanifest' in files);
    const manifest = JSON.parse(files['extension/package.json']);
    const debuggers = manifest.contributes.debuggers;
    assert.equal(debuggers.length, 1);
    assert.equal(debuggers[0].type, 'workflow');
    assert.deepEqual(debuggers[0].configurationAttributes.launch.required, ['definition']);
    assert.ok(manifest.contributes.breakpoints.some((b) => b.language === 'rust'));
    assert.ok(manifest.activationEvents.includes('onDebug'));
    const script = files['extension/extension.js'];
    assert.match(script, /registerDebugAdapterDescriptorFactory\('workflow'/);
    assert.match(script, /new vscode\.DebugAdapterExecutable\(/);
    // Every attribute the manifest offers, the adapter reads (tests/debug/adapter.test.mjs
    // launches with them): none is a stray.
    const offered = Object.keys(debuggers[0].configurationAttributes.launch.properties);
    const adapter = fs.readFileSync(path.join(root, 'workflow-cli', 'src', 'debug', 'launch.rs'), 'utf8');
    for (const attribute of offered) {
      assert.ok(adapter.includes(`"${attribute}"`), `the adapter does not know \`${attribute}\``);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
