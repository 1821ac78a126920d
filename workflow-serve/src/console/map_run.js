// A Map Run's page: its status and settings (concurrency, tolerated failures; changed while it
// runs), its items and child executions counted by status, its Map state's reader, batcher and
// writer as the definition configures them and where the writer wrote, and its child executions
// with each one's item, by status: each links to the child, and each child back here.

import { ACTIONS, ServiceError, api, read } from './api.js';
import { badge, confirmDialog, el, failed, jsonTree, link, pager, say, summary, table, title, when } from './dom.js';

const PAGE_SIZE = 25;
const POLL_MS = 1000;
const COUNTS = [['pending', 'Pending'], ['running', 'Running'], ['succeeded', 'Succeeded'], ['failed', 'Failed'], ['timedOut', 'Timed out'], ['aborted', 'Aborted'], ['total', 'Total'], ['resultsWritten', 'Results written']];

export async function mapRunView(view, arn, isCurrent) {
  let poll = null;
  const header = el('div');
  const settings = el('div');
  const counts = el('div');
  const state = el('div');
  const children = el('div', { id: 'map-run-children' });
  view.append(header, el('h2', { text: 'Settings' }), settings, el('h2', { text: 'Items and child executions' }), counts,
    el('h2', { text: 'Map state' }), state, el('h2', { id: 'children-heading', text: 'Child executions' }), children);

  const status = el('select', { id: 'child-status-filter' },
    ...['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].map((s) => el('option', { value: s, text: s || 'Any status' })));
  const rows = el('div', { 'aria-labelledby': 'children-heading' });
  children.append(el('div', { class: 'toolbar' }, el('label', { for: 'child-status-filter', text: 'Status' }), status), rows);
  const showChildren = pager(rows, 'child executions', async (nextToken) => {
    const request = { mapRunArn: arn, maxResults: PAGE_SIZE, nextToken };
    if (status.value) request.statusFilter = status.value;
    let page;
    try {
      page = await api('ListExecutions', request);
    } catch (e) {
      // A server that lists a Map Run's children only once it has ended.
      if (e instanceof ServiceError && e.type === 'ResourceNotFound') return { items: null };
      throw e;
    }
    const items = await Promise.all((page.executions || []).map(async (x) => {
      const described = await api('DescribeExecution', { executionArn: x.executionArn }).catch(() => ({}));
      return Object.assign({ input: described.input }, x);
    }));
    return { items, nextToken: page.nextToken };
  }, (items) => {
    if (items === null) return el('p', { text: 'The server lists this Map Run’s child executions once it has ended; this page shows them then.' });
    if (items.length === 0) return el('p', { text: 'No child executions.' });
    return table('Child executions', ['Name', 'Status', 'Item', 'Started', 'Stopped'], items.map((x) => {
      let item = x.input;
      try { item = JSON.parse(x.input); } catch (_) { /* the text as it is */ }
      const brief = x.input === undefined ? '' : (x.input.length > 60 ? `${x.input.slice(0, 60)}…` : x.input);
      return [link('execution', x.executionArn, x.name), badge(x.status),
        el('td', { class: 'details' }, el('details', {}, el('summary', {}, el('span', { class: 'brief', text: brief })), jsonTree(item, { open: 1 }))),
        when(x.startDate), when(x.stopDate)];
    }), { id: 'children' });
  }, isCurrent);
  status.addEventListener('change', () => showChildren.restart().catch(failed));

  let info = null;
  async function refresh() {
    const run = await api('DescribeMapRun', { mapRunArn: arn });
    if (!isCurrent()) return;
    if (!info) info = await read('map-run.json', { mapRunArn: arn }).catch((e) => ({ error: e.message }));
    const label = arn.split(':').slice(-2).join(':');
    title(`Map Run ${label}`);
    header.replaceChildren(
      el('h1', { text: `Map Run ${label}` }),
      summary([
        ['Status', badge(run.status, 'map-run-status')],
        ['ARN', run.mapRunArn],
        ['Execution', link('execution', run.executionArn, run.executionArn.split(':').pop())],
        ['Map state', info.mapState],
        ['Started', when(run.startDate)],
        ['Stopped', when(run.stopDate)],
        ['Redriven', run.redriveCount ? `${run.redriveCount} time(s), last ${when(run.redriveDate)}` : null],
      ]));
    const running = run.status === 'RUNNING';
    settings.replaceChildren(
      summary([
        ['Max concurrency', run.maxConcurrency === 0 ? '0 (as many as the service runs at once)' : String(run.maxConcurrency)],
        ['Tolerated failure percentage', `${run.toleratedFailurePercentage ?? 0}%`],
        ['Tolerated failure count', String(run.toleratedFailureCount ?? 0)],
      ]),
      ...(running ? [el('button', { type: 'button', class: 'secondary', id: 'update-map-run', text: 'Change settings…', disabled: !ACTIONS,
        onclick: async () => {
          const given = await confirmDialog({
            heading: 'Change how the Map Run runs',
            text: 'UpdateMapRun: the new settings apply to the child executions not started yet.',
            confirm: 'Update Map Run',
            fields: [
              { name: 'maxConcurrency', label: 'Max concurrency', value: String(run.maxConcurrency) },
              { name: 'toleratedFailurePercentage', label: 'Tolerated failure percentage', value: String(run.toleratedFailurePercentage ?? 0) },
              { name: 'toleratedFailureCount', label: 'Tolerated failure count', value: String(run.toleratedFailureCount ?? 0) },
            ],
          });
          if (!given) return;
          try {
            await api('UpdateMapRun', {
              mapRunArn: arn,
              maxConcurrency: Number(given.maxConcurrency),
              toleratedFailurePercentage: Number(given.toleratedFailurePercentage),
              toleratedFailureCount: Number(given.toleratedFailureCount),
            });
            say('Updated the Map Run.');
            await refresh();
          } catch (e) { failed(e); }
        } })] : []));
    const items = run.itemCounts || {};
    const executions = run.executionCounts || {};
    counts.replaceChildren(table('Counts by status', ['Counted', ...COUNTS.map(([, name]) => name)], [
      ['Items', ...COUNTS.map(([key]) => String(items[key] ?? 0))],
      ['Child executions', ...COUNTS.map(([key]) => String(executions[key] ?? 0))],
    ], { id: 'map-run-counts' }));
    if (info.error) state.replaceChildren(el('p', { text: info.error }));
    else {
      const written = info.resultWriterDetails;
      const definition = info.definition || {};
      state.replaceChildren(
        summary([
          ['Result writer', definition.ResultWriter ? jsonTree(definition.ResultWriter, { open: 3 }) : 'none: the results are the Map state’s output'],
          ['Results written to', written && written.Bucket ? el('code', { id: 'result-writer-details', text: `s3://${written.Bucket}/${written.Key}` }) : null],
          ['Item reader', definition.ItemReader ? jsonTree(definition.ItemReader, { open: 3 }) : null],
          ['Items path', definition.ItemsPath],
          ['Items', definition.Items !== undefined ? jsonTree(definition.Items) : null],
          ['Item selector', definition.ItemSelector ? jsonTree(definition.ItemSelector, { open: 2 }) : null],
          ['Item batcher', definition.ItemBatcher ? jsonTree(definition.ItemBatcher, { open: 2 }) : null],
          ['Label', definition.Label],
        ]));
    }
    await showChildren();
    document.body.dataset.mapRunStatus = run.status;
    if (running) {
      clearTimeout(poll);
      poll = setTimeout(() => { if (isCurrent()) refresh().catch(failed); }, POLL_MS);
    }
  }
  await refresh();
}
