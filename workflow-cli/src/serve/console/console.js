// workflow serve's console: state machines, executions and their histories, read through the
// server's own operations (POST /console/api/<Operation>, answered as Step Functions' API
// answers them) and pictures (/console/graph.svg, /console/progress.svg). No framework, no
// build step: the DOM is built with textContent only (nothing the server holds is parsed as
// HTML but the pictures, which workflow-graph escapes).
'use strict';

const TOKEN = document.querySelector('meta[name="console-token"]').content;
const ACTIONS = document.querySelector('meta[name="console-actions"]').content === 'true';
const PAGE_SIZE = 25;
const EVENTS_PAGE = 100;
const POLL_MS = 1000;

let poll = null; // the timer refreshing a running execution's page
let generation = 0; // bumped on each navigation, so that late answers of a left page are dropped

// ---- the server ----------------------------------------------------------------------------

// Calls `operation` with `request`; the answer, or throws an Error with the service's message.
async function api(operation, request = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (operation === 'StopExecution' || operation === 'RedriveExecution') headers['X-Console-Token'] = TOKEN;
  const response = await fetch(`/console/api/${operation}`, { method: 'POST', headers, body: JSON.stringify(request) });
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (_) { body = { message: text }; }
  if (!response.ok) throw new Error(`${operation}: ${body.__type || response.status}: ${body.message || ''}`);
  return body;
}

// Every page of a listing (`key`) of `operation`, at most `most` items.
async function all(operation, request, key, most = 25000) {
  const items = [];
  let nextToken;
  do {
    const page = await api(operation, Object.assign({}, request, nextToken ? { nextToken } : {}, { maxResults: 1000 }));
    items.push(...(page[key] || []));
    nextToken = page.nextToken;
  } while (nextToken && items.length < most);
  return items;
}

async function picture(url) {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).message; } catch (_) { /* text as it is */ }
    throw new Error(message);
  }
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror')) throw new Error('the picture does not parse');
  return document.importNode(doc.documentElement, true);
}

// ---- the DOM -------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function say(message, isError = false) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

function when(seconds) {
  if (seconds === undefined || seconds === null) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function pretty(text) {
  if (text === undefined || text === null) return '';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { return String(text); }
}

function badge(status) {
  return el('span', { class: `badge ${status}`, text: status });
}

function link(route, arn, text) {
  return el('a', { href: `#/${route}/${encodeURIComponent(arn)}`, text: text || arn });
}

function table(caption, headings, rows) {
  return el('table', {},
    el('caption', { class: 'muted', text: caption }),
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c)))))));
}

// A listing shown a page at a time: `load(nextToken)` answers `{items, nextToken}`, `render`
// draws the items; Previous and Next move between pages (the tokens of earlier pages kept).
function pager(container, label, load, render) {
  const tokens = [undefined];
  let at = 0;
  const body = el('div');
  const previous = el('button', { class: 'secondary', type: 'button', text: 'Previous page', 'aria-label': `Previous page of ${label}` });
  const next = el('button', { class: 'secondary', type: 'button', text: 'Next page', 'aria-label': `Next page of ${label}` });
  const where = el('span', { class: 'muted' });
  container.append(body, el('div', { class: 'pager' }, previous, next, where));
  async function show() {
    const mine = generation;
    const page = await load(tokens[at]);
    if (mine !== generation) return;
    body.replaceChildren(render(page.items));
    if (page.nextToken) tokens[at + 1] = page.nextToken; else tokens.length = at + 1;
    previous.disabled = at === 0;
    next.disabled = !page.nextToken;
    where.textContent = `page ${at + 1}`;
  }
  previous.addEventListener('click', () => { if (at > 0) { at -= 1; show().catch(failed); } });
  next.addEventListener('click', () => { if (tokens[at + 1]) { at += 1; show().catch(failed); } });
  return show;
}

function failed(e) {
  say(e.message || String(e), true);
}

// ---- the views -----------------------------------------------------------------------------

async function machinesView(view) {
  view.append(el('h1', { text: 'State machines' }));
  const show = pager(view, 'state machines', async (nextToken) => {
    const page = await api('ListStateMachines', { maxResults: PAGE_SIZE, nextToken });
    return { items: page.stateMachines || [], nextToken: page.nextToken };
  }, (items) => items.length === 0
    ? el('p', { text: 'No state machines yet: create one with CreateStateMachine (aws stepfunctions create-state-machine, boto3, the workflow client).' })
    : table('State machines', ['Name', 'Type', 'Created', 'ARN'],
      items.map((m) => [link('machine', m.stateMachineArn, m.name), m.type, when(m.creationDate), m.stateMachineArn])));
  await show();
}

async function machineView(view, arn) {
  const machine = await api('DescribeStateMachine', { stateMachineArn: arn });
  view.append(
    el('h1', { text: machine.name }),
    el('dl', { class: 'summary' },
      el('dt', { text: 'ARN' }), el('dd', { text: machine.stateMachineArn }),
      el('dt', { text: 'Type' }), el('dd', { text: machine.type }),
      el('dt', { text: 'Status' }), el('dd', { text: machine.status }),
      el('dt', { text: 'Created' }), el('dd', { text: when(machine.creationDate) }),
      el('dt', { text: 'Revision' }), el('dd', { text: machine.revisionId || '' })));

  view.append(el('h2', { id: 'executions-heading', text: 'Executions' }));
  const filter = el('select', { id: 'status-filter' },
    ...['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']
      .map((s) => el('option', { value: s, text: s || 'Any status' })));
  const executions = el('div', { 'aria-labelledby': 'executions-heading' });
  view.append(el('div', { class: 'toolbar' }, el('label', { for: 'status-filter', text: 'Status' }), filter), executions);
  async function listExecutions() {
    executions.replaceChildren();
    if (machine.type === 'EXPRESS') {
      executions.append(el('p', { text: 'Step Functions keeps no list of an EXPRESS machine’s executions.' }));
      return;
    }
    const show = pager(executions, 'executions', async (nextToken) => {
      const request = { stateMachineArn: arn, maxResults: PAGE_SIZE, nextToken };
      if (filter.value) request.statusFilter = filter.value;
      const page = await api('ListExecutions', request);
      return { items: page.executions || [], nextToken: page.nextToken };
    }, (items) => items.length === 0
      ? el('p', { text: 'No executions.' })
      : table('Executions', ['Name', 'Status', 'Started', 'Stopped'],
        items.map((x) => [link('execution', x.executionArn, x.name), badge(x.status), when(x.startDate), when(x.stopDate)])));
    await show();
  }
  filter.addEventListener('change', () => listExecutions().catch(failed));
  await listExecutions();

  view.append(el('h2', { text: 'Graph' }));
  const graph = el('div', { class: 'graph', role: 'img', 'aria-label': `The graph of ${machine.name}` });
  view.append(graph);
  graph.append(await picture(`/console/graph.svg?stateMachineArn=${encodeURIComponent(arn)}`));

  view.append(el('h2', { text: 'Definition (ASL)' }), el('pre', { id: 'definition', tabindex: '0', 'aria-label': 'The definition', text: pretty(machine.definition) }));

  const [versions, aliases] = await Promise.all([
    all('ListStateMachineVersions', { stateMachineArn: arn }, 'stateMachineVersions', 1000),
    all('ListStateMachineAliases', { stateMachineArn: arn }, 'stateMachineAliases', 1000),
  ]);
  view.append(el('h2', { text: 'Versions' }), versions.length === 0 ? el('p', { text: 'No versions published.' })
    : table('Versions', ['Version ARN', 'Created'], versions.map((v) => [v.stateMachineVersionArn, when(v.creationDate)])));
  const aliasRows = await Promise.all(aliases.map(async (a) => {
    const described = await api('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn });
    const routes = (described.routingConfiguration || []).map((r) => `${r.stateMachineVersionArn} (${r.weight}%)`).join(', ');
    return [a.stateMachineAliasArn, routes, when(a.creationDate)];
  }));
  view.append(el('h2', { text: 'Aliases' }), aliases.length === 0 ? el('p', { text: 'No aliases.' })
    : table('Aliases', ['Alias ARN', 'Routes', 'Created'], aliasRows));
}

// The details of an event: its `…EventDetails` member.
function detailsOf(event) {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key ? event[key] : {};
}

// What `events` say of the last visit of state `name`: the event it was entered with, left
// with, and the first error on its strand (an event whose chain of previous events leads back
// to its entry).
function visitOf(events, name) {
  const byId = new Map(events.map((e) => [e.id, e]));
  let entered = null;
  let exited = null;
  for (const e of events) {
    const d = detailsOf(e);
    if (e.type.endsWith('StateEntered') && d.name === name) { entered = e; exited = null; }
    else if (e.type.endsWith('StateExited') && d.name === name && entered) exited = e;
  }
  let error = null;
  if (entered) {
    for (const e of events) {
      if (e.id <= entered.id || (exited && e.id > exited.id && !e.type.startsWith('Execution'))) continue;
      const d = detailsOf(e);
      if (d.error === undefined && d.cause === undefined) continue;
      let id = e.previousEventId;
      for (let steps = 0; id > entered.id && steps < 100000; steps += 1) id = (byId.get(id) || { previousEventId: 0 }).previousEventId;
      if (id === entered.id) { error = e; break; }
    }
  }
  return { entered, exited, error };
}

async function executionView(view, arn) {
  const mine = generation;
  const header = el('div');
  const actions = el('div', { class: 'toolbar' });
  const graph = el('div', { class: 'graph', id: 'graph' });
  const chooser = el('select', { id: 'state-select' });
  const panel = el('div', { class: 'panel', id: 'state-panel', 'aria-live': 'polite' });
  const eventsBox = el('div', { id: 'events' });
  const mapRuns = el('div', { id: 'map-runs' });
  view.append(header, actions,
    el('h2', { text: 'Graph' }),
    el('p', { class: 'muted', text: 'Select a state (click it, or Tab to it and press Enter, or choose it below) to see its input, output, variables and error.' }),
    el('div', { class: 'split' }, graph,
      el('div', {},
        el('div', { class: 'toolbar' }, el('label', { for: 'state-select', text: 'State' }), chooser),
        panel)),
    el('h2', { text: 'Events' }), eventsBox,
    el('h2', { text: 'Map Runs' }), mapRuns);

  let selected = null;
  let events = [];
  let eventsAt = 0;

  function showState(name) {
    selected = name;
    chooser.value = name;
    for (const g of graph.querySelectorAll('g.state')) g.classList.toggle('selected', g.dataset.name === name);
    const { entered, exited, error } = visitOf(events, name);
    const block = (id, title, text) => [el('h3', { id: `${id}-heading`, text: title }),
      el('pre', { id, tabindex: '0', 'aria-labelledby': `${id}-heading`, text })];
    const enteredDetails = entered ? detailsOf(entered) : {};
    const exitedDetails = exited ? detailsOf(exited) : {};
    const errorDetails = error ? detailsOf(error) : null;
    // The API reference, StateExitedEventDetails: "assignedVariables: Map of variable name and
    // value as a serialized JSON representation."
    const variables = exitedDetails.assignedVariables;
    panel.replaceChildren(
      el('h3', { id: 'state-name', text: `${name}${entered ? '' : ' (not reached)'}` }),
      ...block('state-input', 'Input', entered ? pretty(enteredDetails.input) : ''),
      ...block('state-output', 'Output', exited ? pretty(exitedDetails.output) : (entered ? '(still running)' : '')),
      ...block('state-variables', 'Variables', variables
        ? JSON.stringify(Object.fromEntries(Object.entries(variables).map(([k, v]) => { try { return [k, JSON.parse(v)]; } catch (_) { return [k, v]; } })), null, 2)
        : '(none assigned)'),
      ...block('state-error', 'Error', errorDetails
        ? `${error.type}: ${errorDetails.error || ''}${errorDetails.cause ? `\n${pretty(errorDetails.cause)}` : ''}` : '(none)'));
  }
  chooser.addEventListener('change', () => { if (chooser.value) showState(chooser.value); });
  panel.append(el('p', { class: 'muted', text: 'No state selected.' }));

  function drawEvents() {
    const from = eventsAt * EVENTS_PAGE;
    const shown = events.slice(from, from + EVENTS_PAGE);
    const previous = el('button', { class: 'secondary', type: 'button', text: 'Previous page', 'aria-label': 'Previous page of events', disabled: eventsAt === 0,
      onclick: () => { eventsAt -= 1; drawEvents(); } });
    const next = el('button', { class: 'secondary', type: 'button', text: 'Next page', 'aria-label': 'Next page of events', disabled: from + EVENTS_PAGE >= events.length,
      onclick: () => { eventsAt += 1; drawEvents(); } });
    eventsBox.replaceChildren(
      table('Events', ['ID', 'Type', 'State', 'Time', 'Details'], shown.map((e) => {
        const d = detailsOf(e);
        return [String(e.id), e.type, d.name || '', when(e.timestamp), el('td', { class: 'details', text: JSON.stringify(d) })];
      })),
      el('div', { class: 'pager' }, previous, next, el('span', { class: 'muted', text: `events ${events.length ? from + 1 : 0}–${Math.min(from + EVENTS_PAGE, events.length)} of ${events.length}` })));
  }

  async function drawMapRuns() {
    const runs = await all('ListMapRuns', { executionArn: arn }, 'mapRuns', 1000);
    if (runs.length === 0) { mapRuns.replaceChildren(el('p', { text: 'No Map Runs.' })); return; }
    const parts = [];
    for (const run of runs) {
      const described = await api('DescribeMapRun', { mapRunArn: run.mapRunArn });
      const children = await api('ListExecutions', { mapRunArn: run.mapRunArn, maxResults: 100 });
      const counts = described.executionCounts || {};
      parts.push(el('h3', { text: `${run.mapRunArn} · ${described.status}` }),
        el('p', { text: `items: ${counts.total ?? '?'} total, ${counts.succeeded ?? 0} succeeded, ${counts.failed ?? 0} failed, ${counts.running ?? 0} running` }),
        table('Child executions', ['Name', 'Status', 'Started', 'Stopped'], (children.executions || []).map((x) =>
          [link('execution', x.executionArn, x.name), badge(x.status), when(x.startDate), when(x.stopDate)])),
        children.nextToken ? el('p', { class: 'muted', text: 'The first 100 child executions are shown.' }) : null);
    }
    mapRuns.replaceChildren(...parts.filter(Boolean));
  }

  async function refresh() {
    const execution = await api('DescribeExecution', { executionArn: arn });
    if (mine !== generation) return;
    events = await all('GetExecutionHistory', { executionArn: arn }, 'events').catch(() => []);
    if (mine !== generation) return;
    header.replaceChildren(
      el('h1', { text: execution.name }),
      el('dl', { class: 'summary' },
        el('dt', { text: 'Status' }), el('dd', {}, el('span', { id: 'execution-status', class: `badge ${execution.status}`, text: execution.status })),
        el('dt', { text: 'ARN' }), el('dd', { text: execution.executionArn }),
        el('dt', { text: 'State machine' }), el('dd', {}, execution.mapRunArn ? execution.stateMachineArn : link('machine', execution.stateMachineArn)),
        el('dt', { text: 'Started' }), el('dd', { text: when(execution.startDate) }),
        el('dt', { text: 'Stopped' }), el('dd', { text: when(execution.stopDate) }),
        execution.mapRunArn ? el('dt', { text: 'Map Run' }) : null, execution.mapRunArn ? el('dd', { text: execution.mapRunArn }) : null,
        execution.error ? el('dt', { text: 'Error' }) : null, execution.error ? el('dd', { text: `${execution.error}: ${execution.cause || ''}` }) : null),
      el('h3', { id: 'execution-input-heading', text: 'Execution input' }),
      el('pre', { tabindex: '0', id: 'execution-input', 'aria-labelledby': 'execution-input-heading', text: pretty(execution.input) }),
      el('h3', { id: 'execution-output-heading', text: 'Execution output' }),
      el('pre', { tabindex: '0', id: 'execution-output', 'aria-labelledby': 'execution-output-heading', text: pretty(execution.output) }));
    const running = execution.status === 'RUNNING';
    const redrivable = ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status) && !execution.mapRunArn;
    const act = async (operation, verb) => {
      try {
        await api(operation, { executionArn: arn });
        say(`${verb} ${execution.name}.`);
        await refresh();
        watch();
      } catch (e) { failed(e); }
    };
    actions.replaceChildren(
      el('button', { type: 'button', class: 'danger', id: 'stop', text: 'Stop execution', disabled: !ACTIONS || !running, onclick: () => act('StopExecution', 'Stopped') }),
      el('button', { type: 'button', id: 'redrive', text: 'Redrive execution', disabled: !ACTIONS || !redrivable, onclick: () => act('RedriveExecution', 'Redrove') }),
      ...(ACTIONS ? [] : [el('span', { class: 'muted', text: 'Read-only: the server listens beyond loopback (start it with --console-actions to allow actions).' })]));
    try {
      const svg = await picture(`/console/progress.svg?executionArn=${encodeURIComponent(arn)}`);
      if (mine !== generation) return;
      const names = [];
      for (const g of svg.querySelectorAll('g.state')) {
        const name = g.dataset.name;
        names.push(name);
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
        g.setAttribute('aria-label', `${name}: ${g.dataset.status || 'not reached'}`);
        g.addEventListener('click', () => showState(name));
        g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showState(name); } });
      }
      const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('#graph g.state');
      const focusedName = focused ? focused.dataset.name : null;
      graph.replaceChildren(svg);
      if (focusedName) { const again = [...graph.querySelectorAll('g.state')].find((g) => g.dataset.name === focusedName); if (again) again.focus(); }
      if (chooser.options.length !== names.length) {
        chooser.replaceChildren(el('option', { value: '', text: 'Choose a state' }), ...names.map((n) => el('option', { value: n, text: n })));
      }
    } catch (e) {
      graph.replaceChildren(el('p', { text: `No graph: ${e.message}` }));
    }
    if (selected) showState(selected);
    drawEvents();
    await drawMapRuns().catch((e) => mapRuns.replaceChildren(el('p', { text: e.message })));
    document.body.dataset.executionStatus = execution.status;
    return running;
  }

  function watch() {
    clearTimeout(poll);
    poll = setTimeout(async () => {
      if (mine !== generation) return;
      try { if (await refresh()) watch(); } catch (e) { failed(e); }
    }, POLL_MS);
  }
  if (await refresh()) watch();
}

// ---- the router ----------------------------------------------------------------------------

async function route() {
  generation += 1;
  clearTimeout(poll);
  const view = document.getElementById('view');
  view.replaceChildren();
  delete document.body.dataset.loaded;
  delete document.body.dataset.executionStatus;
  say('Loading…');
  const [, kind, rest] = location.hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  const arn = rest ? decodeURIComponent(rest) : '';
  const mine = generation;
  try {
    if (kind === 'machine' && arn) await machineView(view, arn);
    else if (kind === 'execution' && arn) await executionView(view, arn);
    else await machinesView(view);
    if (mine !== generation) return;
    say('');
    document.body.dataset.loaded = String(mine);
  } catch (e) {
    if (mine === generation) failed(e);
  }
}

document.getElementById('mode').textContent = ACTIONS ? 'stop and redrive enabled' : 'read-only';
window.addEventListener('hashchange', route);
route();
