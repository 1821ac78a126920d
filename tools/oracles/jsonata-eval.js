#!/usr/bin/env node
// Oracle 3: jsonata (npm, MIT), the JSONata reference implementation.
//
//   node jsonata-eval.js CASES.json
//
// CASES.json is an array of {"expr": "...", "input": <JSON, optional>, "bindings": {...}}.
// Prints one JSON array, one entry per case: {"result": <JSON>} (a result JSON can hold),
// {"undefined": true} (the expression returned nothing), {"nonjson": true} (a function, or a
// number JSON cannot hold), or {"error": "<code>", "message": "..."}.
// Installed by `bash scripts/oracles.sh install`; used by workflow-jsonata/tests/oracle.rs.
'use strict';

const fs = require('fs');

let jsonata;
try {
  jsonata = require('jsonata');
} catch (e) {
  process.stderr.write(`jsonata-eval.js: cannot load jsonata (${e.message}); run \`bash scripts/oracles.sh install\`\n`);
  process.exit(3);
}

function hasNonJson(v) {
  if (typeof v === 'function' || (v && typeof v === 'object' && (v._jsonata_lambda || v._jsonata_function))) return true;
  if (typeof v === 'number') return !isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonJson);
  if (v && typeof v === 'object') return Object.values(v).some(hasNonJson);
  return false;
}

async function run(c) {
  try {
    const expr = jsonata(c.expr);
    const result = await expr.evaluate(c.input, c.bindings || {});
    if (result === undefined) return { undefined: true };
    if (hasNonJson(result)) return { nonjson: true };
    return { result: JSON.parse(JSON.stringify(result)) };
  } catch (e) {
    return { error: e.code || 'JS', message: e.message || String(e) };
  }
}

(async () => {
  if (process.argv.length !== 3) {
    process.stderr.write('usage: node jsonata-eval.js CASES.json\n');
    process.exit(3);
  }
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) out.push(await run(c));
  process.stdout.write(JSON.stringify(out));
})();
