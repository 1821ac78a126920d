// The state machines: their list (searched by name), and a machine's page: what it is, its
// executions (by status, by name, by when they started), a new execution started with its input
// checked, its graph (zoomed and panned, or as a table of its states), its definition, versions
// and aliases.

import { ACTIONS, all, api, picture, read } from './api.js';
import { badge, el, failed, link, pager, pretty, say, summary, table, title, when } from './dom.js';
import { viewer } from './graph.js';

const PAGE_SIZE = 25;
// The most rows one page of a search reads before it shows what it found.
const MOST_SEARCHED = 5000;

// A listing searched page by page: `list(nextToken, maxResults)` answers `{items, nextToken}`;
// `keep(item)` says whether an item matches, `past(item)` that no later item can (executions
// come newest first, so one started before the range ends the search). Without a search, one
// page of PAGE_SIZE; with one, pages of 100 until PAGE_SIZE matches, the end, or MOST_SEARCHED
// rows read (the next page searches on).
function searched(list, keep, past, searching) {
  return async (nextToken) => {
    if (!searching()) return list(nextToken, PAGE_SIZE);
    const items = [];
    let read = 0;
    let token = nextToken;
    do {
      const page = await list(token, 100);
      read += page.items.length;
      token = page.nextToken;
      for (const item of page.items) {
        if (past(item)) { token = undefined; break; }
        if (keep(item)) items.push(item);
      }
    } while (token && items.length < PAGE_SIZE && read < MOST_SEARCHED);
    return { items, nextToken: token, note: `${read} searched, ${items.length} found` };
  };
}

export async function machinesView(view, isCurrent) {
  title('State machines');
  view.append(el('h1', { text: 'State machines' }));
  const search = el('input', { id: 'machine-search', type: 'search', placeholder: 'part of a name' });
  const list = el('div');
  view.append(el('div', { class: 'toolbar' }, el('label', { for: 'machine-search', text: 'Name contains' }), search), list);
  const show = pager(list, 'state machines', searched(
    async (nextToken, maxResults) => {
      const page = await api('ListStateMachines', { maxResults, nextToken });
      return { items: page.stateMachines || [], nextToken: page.nextToken };
    },
    (m) => m.name.toLowerCase().includes(search.value.trim().toLowerCase()),
    () => false,
    () => search.value.trim() !== ''),
  (items) => (items.length === 0
    ? el('p', { text: search.value.trim() ? 'No state machine has that in its name.' : 'No state machines yet: create one with CreateStateMachine (aws stepfunctions create-state-machine, boto3, the workflow client).' })
    : table('State machines', ['Name', 'Type', 'Created', 'ARN'],
      items.map((m) => [link('machine', m.stateMachineArn, m.name), m.type, when(m.creationDate), m.stateMachineArn]))), isCurrent);
  let typing;
  search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => show.restart().catch(failed), 250); });
  await show();
}

// A UTC date and time typed in a `datetime-local` input, in seconds; `undefined` when empty.
function seconds(input) {
  if (!input.value) return undefined;
  const ms = Date.parse(`${input.value}Z`);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

// `seconds` as a `datetime-local` value, in UTC.
function local(secondsSinceEpoch) {
  return new Date(secondsSinceEpoch * 1000).toISOString().slice(0, 16);
}

// The executions of machine `arn`, with their filters, into `container`.
async function executionsList(container, machine, isCurrent) {
  const arn = machine.stateMachineArn;
  const status = el('select', { id: 'status-filter' },
    ...['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map((s) => el('option', { value: s, text: s || 'Any status' })));
  const name = el('input', { id: 'execution-search', type: 'search', placeholder: 'part of a name' });
  const range = el('select', { id: 'time-range' },
    ...[['', 'Any time'], ['3600', 'Last hour'], ['86400', 'Last 24 hours'], ['604800', 'Last 7 days'], ['custom', 'Between…']]
      .map(([value, text]) => el('option', { value, text })));
  const from = el('input', { id: 'started-from', type: 'datetime-local' });
  const to = el('input', { id: 'started-to', type: 'datetime-local' });
  const between = el('span', { class: 'toolbar', hidden: true },
    el('label', { for: 'started-from', text: 'Started from (UTC)' }), from,
    el('label', { for: 'started-to', text: 'to (UTC)' }), to);
  const rows = el('div', { 'aria-labelledby': 'executions-heading' });
  container.append(
    el('div', { class: 'toolbar' },
      el('label', { for: 'status-filter', text: 'Status' }), status,
      el('label', { for: 'execution-search', text: 'Name contains' }), name,
      el('label', { for: 'time-range', text: 'Started' }), range, between),
    rows);
  if (machine.type === 'EXPRESS') {
    rows.append(el('p', { text: 'Step Functions keeps no list of an EXPRESS machine’s executions.' }));
    return;
  }
  const bounds = () => {
    if (range.value === 'custom') return [seconds(from), seconds(to)];
    if (range.value) return [Date.now() / 1000 - Number(range.value), undefined];
    return [undefined, undefined];
  };
  const show = pager(rows, 'executions', searched(
    async (nextToken, maxResults) => {
      const request = { stateMachineArn: arn, maxResults, nextToken };
      if (status.value) request.statusFilter = status.value;
      const page = await api('ListExecutions', request);
      return { items: page.executions || [], nextToken: page.nextToken };
    },
    (x) => {
      const [start, end] = bounds();
      return x.name.toLowerCase().includes(name.value.trim().toLowerCase())
        && (end === undefined || x.startDate <= end) && (start === undefined || x.startDate >= start);
    },
    (x) => { const [start] = bounds(); return start !== undefined && x.startDate < start; },
    () => name.value.trim() !== '' || bounds().some((b) => b !== undefined)),
  (items) => (items.length === 0 ? el('p', { text: 'No executions.' })
    : table('Executions', ['Name', 'Status', 'Started', 'Stopped'],
      items.map((x) => [link('execution', x.executionArn, x.name), badge(x.status), when(x.startDate), when(x.stopDate)]))), isCurrent);
  let typing;
  const again = () => { clearTimeout(typing); typing = setTimeout(() => show.restart().catch(failed), 250); };
  status.addEventListener('change', again);
  name.addEventListener('input', again);
  from.addEventListener('change', again);
  to.addEventListener('change', again);
  range.addEventListener('change', () => {
    between.hidden = range.value !== 'custom';
    if (range.value === 'custom' && !from.value) from.value = local(Date.now() / 1000 - 86400);
    again();
  });
  await show();
}

export async function machineView(view, arn, isCurrent) {
  const machine = await api('DescribeStateMachine', { stateMachineArn: arn });
  title(machine.name, 'State machine');
  const start = el('button', { type: 'button', id: 'start-execution', text: 'Start execution', disabled: !ACTIONS,
    onclick: () => startDialog(machine).catch(failed) });
  view.append(
    el('h1', { text: machine.name }),
    summary([
      ['ARN', machine.stateMachineArn],
      ['Type', machine.type],
      ['Status', machine.status],
      ['Created', when(machine.creationDate)],
      ['Revision', machine.revisionId],
    ]),
    el('div', { class: 'toolbar' }, start,
      ACTIONS ? null : el('span', { class: 'muted', text: 'Read-only: the server listens beyond loopback (start it with --console-actions to act from the page).' })));

  view.append(el('h2', { id: 'executions-heading', text: 'Executions' }));
  const executions = el('div');
  view.append(executions);
  await executionsList(executions, machine, isCurrent);

  view.append(el('h2', { text: 'Graph' }));
  const svg = await picture('graph.svg', { stateMachineArn: arn });
  const graphBox = el('div');
  view.append(graphBox);
  graphPanel(graphBox, svg, `The graph of ${machine.name}`, () => {});

  view.append(el('h2', { id: 'definition-heading', text: 'Definition (ASL)' }),
    el('pre', { id: 'definition', tabindex: '0', 'aria-labelledby': 'definition-heading', text: pretty(machine.definition) }));

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

// The graph of a machine or an execution in `container`: the viewer, or a table of its states
// (`rows()` gives the table's rows when there is one to show), switched by two buttons.
export function graphPanel(container, svg, label, onSelect, tableOf = null) {
  const graph = viewer(svg, { label, onSelect });
  const states = el('div', { class: 'states-table', id: 'states-table', hidden: true });
  const asGraph = el('button', { type: 'button', class: 'secondary', 'aria-pressed': 'true', id: 'show-graph', text: 'Graph view' });
  const asTable = el('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false', id: 'show-table', text: 'Table view' });
  const drawTable = () => {
    const rows = tableOf ? tableOf() : [...graph.statuses()].map(([name, s]) => [
      el('button', { type: 'button', class: 'link', text: name, onclick: () => onSelect(name) }), s.kind]);
    const headings = tableOf ? ['State', 'Type', 'Status', 'Started after', 'Duration', 'Resource'] : ['State', 'Type'];
    states.replaceChildren(table('The states', headings, rows));
  };
  const showAs = (tabular) => {
    asGraph.setAttribute('aria-pressed', String(!tabular));
    asTable.setAttribute('aria-pressed', String(tabular));
    graph.element.hidden = tabular;
    states.hidden = !tabular;
    if (tabular) drawTable();
  };
  asGraph.addEventListener('click', () => showAs(false));
  asTable.addEventListener('click', () => showAs(true));
  container.append(el('div', { class: 'toolbar', role: 'group', 'aria-label': 'How the states are shown' }, asGraph, asTable), graph.element, states);
  return {
    graph,
    refresh() { if (!states.hidden) drawTable(); },
  };
}

// The dialog that starts an execution of `machine` (its description), with `input` first
// (the schema's example input where one is known, else `{}`). The input is checked as it is
// typed (/console/input: the service's checks, and the workflow's schema where known); Start
// is offered once the service would take it, and, when it does not fit the schema, once the
// user says so. Opens the new execution's page.
export async function startDialog(machine, input) {
  const arn = machine.stateMachineArn;
  const known = await read('input', {}, { stateMachineArn: arn });
  const text = input !== undefined ? pretty(input) : (known.example !== null ? JSON.stringify(known.example, null, 2) : '{}');
  const name = el('input', { id: 'start-name', type: 'text', spellcheck: 'false', 'aria-describedby': 'start-name-hint' });
  const box = el('textarea', { id: 'start-input', rows: '14', spellcheck: 'false', 'aria-describedby': 'start-checked' });
  box.value = text;
  const checked = el('div', { id: 'start-checked', class: 'checked', role: 'status', 'aria-live': 'polite' });
  const anyway = el('input', { id: 'start-anyway', type: 'checkbox' });
  const anywayRow = el('div', { class: 'field inline', hidden: true }, anyway, el('label', { for: 'start-anyway', text: 'Start even though the input does not fit the schema' }));
  const go = el('button', { type: 'button', id: 'start-confirm', text: 'Start', disabled: true });
  const cancel = el('button', { type: 'button', class: 'secondary', text: 'Cancel' });
  const dialog = el('dialog', { class: 'start', 'aria-labelledby': 'start-heading' },
    el('h2', { id: 'start-heading', text: `Start an execution of ${machine.name}` }),
    el('div', { class: 'field' }, el('label', { for: 'start-name', text: 'Name (optional)' }), name,
      el('span', { id: 'start-name-hint', class: 'muted', text: 'Up to 80 characters; a unique name is made when left empty.' })),
    el('p', { class: 'muted', id: 'start-schema', text: known.schema
      ? `Input schema of the workflow ${known.workflow}: ${known.schema}`
      : 'No input schema is known for this machine: the input is checked as JSON and against the service’s limits.' }),
    el('div', { class: 'field' }, el('label', { for: 'start-input', text: 'Input (JSON)' }), box),
    checked, anywayRow,
    el('div', { class: 'toolbar' }, go, cancel));
  let serviceOk = false;
  let schemaErrors = 0;
  const ready = () => { go.disabled = !ACTIONS || !serviceOk || (schemaErrors > 0 && !anyway.checked); };
  let asked = 0;
  async function check() {
    const mine = ++asked;
    const answer = await read('input', {}, { stateMachineArn: arn, input: box.value });
    if (mine !== asked) return;
    const problems = answer.problems || [];
    serviceOk = !problems.some((p) => p.source === 'service');
    schemaErrors = problems.filter((p) => p.source === 'schema' && p.severity === 'ERROR').length;
    anywayRow.hidden = schemaErrors === 0 || !serviceOk;
    if (anywayRow.hidden) anyway.checked = false;
    const size = el('p', { class: answer.bytes > answer.limit ? 'error' : 'muted', text: `${answer.bytes.toLocaleString('en')} of ${answer.limit.toLocaleString('en')} bytes` });
    const verdict = problems.length === 0
      ? el('p', { class: 'ok', text: answer.schema ? 'The input fits the schema.' : 'The input is JSON the service takes.' })
      : el('ul', { class: 'problems' }, ...problems.map((p) => el('li', { class: p.severity === 'ERROR' ? 'error' : 'warning' },
        el('strong', { text: p.severity === 'ERROR' ? 'Error' : 'Warning' }), ` ${p.pointer || 'the input'}: ${p.message}`)));
    checked.replaceChildren(verdict, size);
    ready();
  }
  let typing;
  box.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => check().catch(failed), 200); });
  anyway.addEventListener('change', ready);
  const close = () => { dialog.close(); dialog.remove(); };
  cancel.addEventListener('click', close);
  dialog.addEventListener('close', () => dialog.remove());
  go.addEventListener('click', async () => {
    go.disabled = true;
    try {
      const request = { stateMachineArn: arn, input: box.value };
      if (name.value.trim()) request.name = name.value.trim();
      const started = await api('StartExecution', request);
      close();
      say(`Started ${started.executionArn.split(':').pop()}.`);
      location.hash = `#/execution/${encodeURIComponent(started.executionArn)}`;
    } catch (e) {
      checked.replaceChildren(el('p', { class: 'error', text: e.message }));
      ready();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  box.focus();
  await check();
}

