// Parses Mermaid diagrams with Mermaid's own parser (the `mermaid` package, in a jsdom window),
// for workflow-graph/tests/graph.rs. Reads a JSON array of diagram texts on standard input and
// prints a JSON array with, for each, null when it parses or the parser's message.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    results.push(null);
  } catch (e) {
    results.push(String((e && e.message) || e));
  }
}
process.stdout.write(JSON.stringify(results));
