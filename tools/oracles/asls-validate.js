#!/usr/bin/env node
// Oracle 2: amazon-states-language-service (npm, MIT), AWS's own language service behind the
// VS Code / Toolkit ASL support. A file is invalid when it gets an error-severity diagnostic.
//
//   node asls-validate.js [--json] FILE...
//
// With --json, prints one JSON array [{"file", "valid", "errors": ["line:col message", ...]}]
// (1-based line and column). Exit status: 0 all valid, 1 some file invalid, 2 some file
// unreadable or not JSON (reported as invalid, its read or parse message as its error),
// 3 usage error. Installed by `bash scripts/oracles.sh install`; used by
// tests/asl_corpus_oracles.rs.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

let service;
try {
  service = require('amazon-states-language-service');
} catch (e) {
  process.stderr.write(
    `asls-validate.js: cannot load amazon-states-language-service (${e.message}); run \`bash scripts/oracles.sh install\`\n`,
  );
  process.exit(3);
}
const { getLanguageService, TextDocument, DiagnosticSeverity } = service;

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
if (unknown.length > 0 || files.length === 0) {
  process.stderr.write('usage: node asls-validate.js [--json] FILE...\n');
  process.exit(3);
}

const ERROR = DiagnosticSeverity ? DiagnosticSeverity.Error : 1;

async function main() {
  const ls = getLanguageService({});
  let unreadable = false;
  const results = [];
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      unreadable = true;
      results.push({ file, valid: false, errors: [`cannot read the file: ${e.message}`] });
      continue;
    }
    try {
      JSON.parse(text);
    } catch (e) {
      unreadable = true;
      results.push({ file, valid: false, errors: [`not JSON: ${e.message}`] });
      continue;
    }
    const doc = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'json', 1, text);
    const diagnostics = await ls.doValidation(doc, ls.parseJSONDocument(doc));
    const errors = diagnostics
      .filter((d) => d.severity === ERROR)
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    results.push({ file, valid: errors.length === 0, errors });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      process.stdout.write(`${r.file}: ${r.valid ? 'valid' : 'INVALID'}\n`);
      for (const e of r.errors) process.stdout.write(`  ${e}\n`);
    }
  }
  process.exitCode = unreadable ? 2 : results.every((r) => r.valid) ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`asls-validate.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(3);
});
