// The server, as the console reaches it: Step Functions' own operations
// (POST /console/api/<Operation>, answered as the JSON API answers them; the actions carry the
// page's token), the pictures (/console/graph.svg, /console/progress.svg), the console's own
// reads made of those operations (/console/input, /console/tasks.json, /console/map-run.json)
// and its one action made of them (/console/resume, with the token).

const TOKEN = document.querySelector('meta[name="console-token"]').content;

// Whether the page may act (start, stop, redrive, answer tasks): the server's rule, in the page.
export const ACTIONS = document.querySelector('meta[name="console-actions"]').content === 'true';

// An error of the service: its `__type` (`type`) and message.
export class ServiceError extends Error {
  constructor(operation, type, message) {
    super(`${operation}: ${type}: ${message}`);
    this.type = type;
    this.detail = message;
  }
}

async function answered(what, response) {
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (_) { body = { message: text }; }
  if (!response.ok) throw new ServiceError(what, body.__type || String(response.status), body.message || '');
  return body;
}

// Calls `operation` with `request`: its answer, or throws a ServiceError. Every call carries the
// page's token, which the server asks of the actions only.
export async function api(operation, request = {}) {
  const response = await fetch(`/console/api/${operation}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Console-Token': TOKEN },
    body: JSON.stringify(request),
  });
  return answered(operation, response);
}

// Every page of a listing (`key`) of `operation`, at most `most` items.
export async function all(operation, request, key, most = 25000) {
  const items = [];
  let nextToken;
  do {
    const page = await api(operation, Object.assign({}, request, nextToken ? { nextToken } : {}, { maxResults: 1000 }));
    items.push(...(page[key] || []));
    nextToken = page.nextToken;
  } while (nextToken && items.length < most);
  return items;
}

// One of the console's own reads: GET `path` with `query`, or POST `body` as JSON.
export async function read(path, query = {}, body = undefined) {
  const url = `/console/${path}?${new URLSearchParams(query)}`;
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  return answered(path, await fetch(url, init));
}

// One of the console's own actions: POST `body` as JSON to `path`, with the page's token.
export async function act(path, body) {
  const response = await fetch(`/console/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Console-Token': TOKEN },
    body: JSON.stringify(body),
  });
  return answered(path, response);
}

// A picture: the SVG element, parsed (the server escapes every text it holds).
export async function picture(path, query) {
  const response = await fetch(`/console/${path}?${new URLSearchParams(query)}`);
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).message; } catch (_) { /* the text as it is */ }
    throw new Error(message);
  }
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror')) throw new Error('the picture does not parse');
  return document.importNode(doc.documentElement, true);
}
