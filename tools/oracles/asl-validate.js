#!/usr/bin/env node
// Oracle 1: asl-validator (npm, Apache-2.0), the strictest third-party static ASL validator
// (JSON schema + state graph + JSONPath syntax + JSONata syntax).
//
//   node asl-validate.js [--json] [--no-arn-check] [--no-path-check] FILE...
//
// With --json, prints one JSON array [{"file", "valid", "errors": [message, ...]}].
// Exit status: 0 all valid, 1 some file invalid, 2 some file unreadable or not JSON (such a file
// is reported as invalid, its read or parse message as its error), 3 usage error.
// Installed by `bash scripts/oracles.sh install`; used by tests/asl_corpus_oracles.rs.
'use strict';

const fs = require('fs');

let aslValidator;
try {
  shareAjv();
  aslValidator = require('asl-validator');
} catch (e) {
  process.stderr.write(
    `asl-validate.js: cannot load asl-validator (${e.message}); run \`bash scripts/oracles.sh install\`\n`,
  );
  process.exit(3);
}

// asl-validator builds a new Ajv instance on every call, compiling its fifteen JSON schemas and
// registering its formats again: about 150 ms a definition (the 177 corpus files: 29 CPU-seconds,
// against 1.6 with one instance). Its Ajv is given one instance for the run instead, keyed by the
// options Ajv is built with (the same schemas on every call): the first call builds and sets it
// up; later calls get it with its setup calls (`addFormat`, `addKeyword`, the format plugins'
// registering) skipped, since the formats are the run's (`--no-arn-check`, `--no-path-check`
// are fixed for the run). The verdicts are the library's own: 348 corpus files gave the same
// output, byte for byte, with and without the shared instance, with each option.
function shareAjv() {
  const path = require('path');
  const ajvModule = require(require.resolve('ajv', { paths: [path.dirname(require.resolve('asl-validator'))] }));
  const Ajv = ajvModule.default;
  const built = new Map();
  const setup = new Set(['addFormat', 'addKeyword', 'addVocabulary', 'addMetaSchema']);
  function SharedAjv(options) {
    const key = JSON.stringify(options);
    const instance = built.get(key);
    if (instance === undefined) {
      const fresh = new Ajv(options);
      built.set(key, fresh);
      return fresh;
    }
    return new Proxy(instance, {
      get(target, name) {
        if (setup.has(name)) return function skipped() { return this; };
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  ajvModule.default = SharedAjv;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const options = { checkArn: !args.includes('--no-arn-check'), checkPaths: !args.includes('--no-path-check') };
const files = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && !['--json', '--no-arn-check', '--no-path-check'].includes(a));
if (unknown.length > 0 || files.length === 0) {
  process.stderr.write('usage: node asl-validate.js [--json] [--no-arn-check] [--no-path-check] FILE...\n');
  process.exit(3);
}

// The value a JSON-schema error points at (its instancePath, a JSON pointer), so that a
// message says what was refused, not only where.
function valueAt(definition, pointer) {
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return undefined;
  let value = definition;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
      return undefined;
    }
    value = value[key];
  }
  return value;
}

function message(error, definition) {
  const code = error['Error code'];
  let text = error.Message !== undefined ? String(error.Message) : JSON.stringify(error);
  const value = valueAt(definition, error.schemaError && error.schemaError.instancePath);
  if (value !== undefined && (value === null || typeof value !== 'object')) {
    text += ` (value: ${JSON.stringify(value)})`;
  }
  return code ? `${code}: ${text}` : text;
}

let unreadable = false;
const results = files.map((file) => {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    unreadable = true;
    return { file, valid: false, errors: [`cannot read the file: ${e.message}`] };
  }
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (e) {
    unreadable = true;
    return { file, valid: false, errors: [`not JSON: ${e.message}`] };
  }
  try {
    // asl-validator mutates its input (it adds QueryLanguage to every state): give it a copy.
    const { isValid, errors } = aslValidator(structuredClone(definition), options);
    return { file, valid: Boolean(isValid), errors: (errors || []).map((e) => message(e, definition)) };
  } catch (e) {
    // A definition shaped unlike ASL can make the validator throw; that is a rejection.
    return { file, valid: false, errors: [`asl-validator threw: ${e && e.message ? e.message : e}`] };
  }
});

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  for (const r of results) {
    process.stdout.write(`${r.file}: ${r.valid ? 'valid' : 'INVALID'}\n`);
    for (const e of r.errors) process.stdout.write(`  ${e}\n`);
  }
}
process.exitCode = unreadable ? 2 : results.every((r) => r.valid) ? 0 : 1;
