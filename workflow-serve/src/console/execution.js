// An execution's page: what it is and how it ended, Stop, Redrive and Resume on a new version
// (each after a confirmation) and a new execution with its input, the tasks that wait for an answer
// (a callback's token, an activity's worker) answered from the page, its graph coloured by its
// progress (zoomed and panned, or a table of each state's visits) with the selected state's
// input, output, variables and error, its events, and its Map Runs. A running execution's page
// follows it until it ends.

import { ACTIONS, act as actOn, all, api, picture, read } from './api.js';
import { badge, confirmDialog, duration, el, failed, link, pretty, say, summary, table, title, when } from './dom.js';
import { detailsOf, elapsed, eventsView, lastVisit, read as readHistory } from './events.js';
import { graphPanel, startDialog } from './machines.js';

const POLL_MS = 1000;
// The name the console gives itself as an activity worker (GetActivityTask's workerName).
const WORKER = 'workflow-serve-console';
// The tokens of activity tasks the console took, by activity ARN and scheduled event, kept for
// the page's life: GetActivityTask gives a token once.
const taken = new Map();

// What a state's Output says when it did not leave: by its status in the picture.
const NO_OUTPUT = {
  'in-progress': '(still running)',
  failed: '(none: the state failed; see Error)',
  cancelled: '(none: the state was stopped before it finished)',
  'caught-error': '(none: its error was caught; see Error)',
};

export async function executionView(view, arn, isCurrent) {
  let poll = null;
  const header = el('div');
  const actions = el('div', { class: 'toolbar', id: 'actions' });
  const resumed = el('p', { id: 'resumed', hidden: true });
  const waiting = el('section', { id: 'waiting', 'aria-labelledby': 'waiting-heading', hidden: true });
  const graphBox = el('div', { class: 'graph-box' });
  const chooser = el('select', { id: 'state-select' });
  const panel = el('div', { class: 'panel', id: 'state-panel', 'aria-live': 'polite' },
    el('p', { class: 'muted', text: 'No state selected.' }));
  const eventsBox = el('div');
  const mapRuns = el('div', { id: 'map-runs' });
  view.append(header, actions, resumed, waiting,
    el('h2', { text: 'Graph' }),
    el('p', { class: 'muted', text: 'Select a state (click it, Tab to it and press Enter, choose it below, or pick it in the table view) to see its input, output, variables and error.' }),
    el('div', { class: 'split' }, graphBox,
      el('div', {},
        el('div', { class: 'toolbar' }, el('label', { for: 'state-select', text: 'State' }), chooser),
        panel)),
    el('h2', { text: 'Events' }), eventsBox,
    el('h2', { text: 'Map Runs' }), mapRuns);
  const updateEvents = eventsView(eventsBox);

  let execution = null;
  let events = [];
  let said = { stateOf: new Map(), visits: [] };
  let selected = null;
  let pictured = null;

  function status(name) {
    return pictured ? (pictured.graph.statuses().get(name) || {}).status : undefined;
  }

  function showState(name) {
    selected = name;
    chooser.value = name;
    if (pictured) pictured.graph.select(name);
    const { entered, exited, error } = lastVisit(said.visits, name);
    const block = (id, heading, text) => [el('h3', { id: `${id}-heading`, text: heading }),
      el('pre', { id, tabindex: '0', 'aria-labelledby': `${id}-heading`, text })];
    const variables = exited ? detailsOf(exited).assignedVariables : undefined;
    const errorDetails = error ? detailsOf(error) : null;
    let output = '';
    if (exited) output = pretty(detailsOf(exited).output);
    else if (entered) output = NO_OUTPUT[status(name)] || '(none)';
    panel.replaceChildren(
      el('h3', { id: 'state-name', text: `${name}${entered ? '' : ' (not reached)'}` }),
      ...block('state-input', 'Input', entered ? pretty(detailsOf(entered).input) : ''),
      ...block('state-output', 'Output', output),
      // The API reference, StateExitedEventDetails: "assignedVariables: Map of variable name
      // and value as a serialized JSON representation."
      ...block('state-variables', 'Variables', variables
        ? JSON.stringify(Object.fromEntries(Object.entries(variables).map(([k, v]) => { try { return [k, JSON.parse(v)]; } catch (_) { return [k, v]; } })), null, 2)
        : '(none assigned)'),
      ...block('state-error', 'Error', errorText(name, error, errorDetails)));
  }
  // The error of state `name`: the first failure on its strand; for a state that failed with
  // none there (a Fail state, a Parallel or Map whose branch failed), the execution's own error,
  // which it ended with.
  function errorText(name, error, details) {
    if (details) return `${error.type}: ${details.error || ''}${details.cause ? `\n${pretty(details.cause)}` : ''}`;
    if (status(name) === 'failed' && execution && execution.error !== undefined) {
      return `The execution failed with it: ${execution.error}${execution.cause ? `\n${pretty(execution.cause)}` : ''}`;
    }
    return '(none)';
  }
  chooser.addEventListener('change', () => { if (chooser.value) showState(chooser.value); });

  // Each visit of each state, as the table view shows them.
  function visitRows() {
    const end = execution && execution.stopDate;
    return said.visits.map((v) => {
      const state = v.exited ? (v.error ? 'caught error' : 'succeeded') : (status(v.name) || 'not-reached').replace('-', ' ');
      const stop = v.exited ? v.exited.timestamp : (end || Date.now() / 1000);
      return [
        el('button', { type: 'button', class: 'link', text: v.name, onclick: () => showState(v.name) }),
        v.kind, state, duration(elapsed(events, v.entered)),
        `${duration((stop - v.entered.timestamp) * 1000)}${v.exited ? '' : ' so far'}`,
        v.resource || ''];
    });
  }

  async function act(operation, verb, fields = {}) {
    try {
      await api(operation, Object.assign({ executionArn: arn }, fields));
      say(`${verb} ${execution.name}.`);
      await refresh();
    } catch (e) { failed(e); }
  }

  function drawHeader(parentArn) {
    header.replaceChildren(
      el('h1', { text: execution.name }),
      summary([
        ['Status', badge(execution.status, 'execution-status')],
        ['ARN', execution.executionArn],
        ['State machine', execution.mapRunArn ? execution.stateMachineArn : link('machine', execution.stateMachineArn)],
        ['Map Run', execution.mapRunArn ? link('maprun', execution.mapRunArn, execution.mapRunArn.split(':').pop()) : null],
        ['Parent execution', parentArn ? link('execution', parentArn, parentArn.split(':').pop()) : null],
        ['Started', when(execution.startDate)],
        ['Stopped', when(execution.stopDate)],
        ['Duration', duration(((execution.stopDate || Date.now() / 1000) - execution.startDate) * 1000)],
        ['Redriven', execution.redriveCount ? `${execution.redriveCount} time(s), last ${when(execution.redriveDate)}` : null],
        ['Error', execution.error ? `${execution.error}: ${execution.cause || ''}` : null],
      ]),
      el('h2', { id: 'execution-input-heading', text: 'Execution input' }),
      el('pre', { tabindex: '0', id: 'execution-input', 'aria-labelledby': 'execution-input-heading', text: pretty(execution.input) }),
      el('h2', { id: 'execution-output-heading', text: 'Execution output' }),
      el('pre', { tabindex: '0', id: 'execution-output', 'aria-labelledby': 'execution-output-heading', text: execution.output !== undefined ? pretty(execution.output)
        : (execution.status === 'RUNNING' ? '(none yet: the execution runs)' : `(none: the execution ended ${execution.status})`) }));
  }

  function drawActions() {
    const running = execution.status === 'RUNNING';
    const child = Boolean(execution.mapRunArn);
    const redrivable = ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status) && !child;
    actions.replaceChildren(
      el('button', { type: 'button', class: 'danger', id: 'stop', text: 'Stop execution', disabled: !ACTIONS || !running || child,
        onclick: async () => {
          const answer = await confirmDialog({
            heading: `Stop ${execution.name}?`,
            text: 'The execution ends ABORTED: the states running now are stopped and none after them runs. A redrive can run it again from where it stopped.',
            confirm: 'Stop execution', danger: true,
            fields: [{ name: 'error', label: 'Error (optional)' }, { name: 'cause', label: 'Cause (optional)', multiline: true }],
          });
          if (!answer) return;
          const fields = {};
          if (answer.error.trim()) fields.error = answer.error.trim();
          if (answer.cause.trim()) fields.cause = answer.cause;
          await act('StopExecution', 'Stopped', fields);
        } }),
      el('button', { type: 'button', id: 'redrive', text: 'Redrive execution', disabled: !ACTIONS || !redrivable,
        onclick: async () => {
          const answer = await confirmDialog({
            heading: `Redrive ${execution.name}?`,
            text: 'The execution runs again under the same ARN from the state that did not succeed; the states that succeeded are not run again.',
            confirm: 'Redrive execution',
          });
          if (answer) await act('RedriveExecution', 'Redrove');
        } }),
      el('button', { type: 'button', id: 'resume', text: 'Resume on a new version', disabled: !ACTIONS || !redrivable,
        onclick: () => resumeOnVersion().catch(failed) }),
      el('button', { type: 'button', class: 'secondary', id: 'new-execution', text: 'New execution with this input', disabled: !ACTIONS || child,
        onclick: async () => {
          try {
            const machine = await api('DescribeStateMachine', { stateMachineArn: execution.stateMachineArn });
            await startDialog(machine, execution.input);
          } catch (e) { failed(e); }
        } }),
      ...(ACTIONS ? [] : [el('span', { class: 'muted', text: 'Read-only: the server listens beyond loopback (start it with --console-actions to act from the page).' })]));
  }

  // Resume on a new version: the machine's versions (newest first) and its current definition
  // to choose from, where to resume (where the record failed, or any visit of any state the
  // record holds: GET /console/visits.json, `Each[4]/Pack` for iteration 4 of a Map) and,
  // at a visit, the input it enters with (empty: the recorded one); the server plans,
  // synthesises the one-off machine and starts it (POST /console/resume). A definition that
  // takes another path before the failure, or a visit it cannot resume at, is refused with
  // the engine's reason, and the dialog asks again with it.
  async function resumeOnVersion() {
    const machineArn = execution.stateMachineArn.split(':').slice(0, 7).join(':');
    const [versions, held] = await Promise.all([
      all('ListStateMachineVersions', { stateMachineArn: machineArn }, 'stateMachineVersions', 1000),
      read('visits.json', { executionArn: arn }),
    ]);
    const choices = [
      ...versions.map((v) => ({ value: v.stateMachineVersionArn, text: `Version ${v.stateMachineVersionArn.split(':').pop()} (published ${when(v.creationDate)})` })),
      { value: machineArn, text: 'The current definition of the state machine' },
    ];
    const states = [{ value: '', text: 'Where the execution failed (found by replaying its record)' },
      ...held.visits.map((v) => ({ value: v.visit, text: `${v.visit} (${v.type}${v.finished ? '' : ', did not finish'})` }))];
    let chosen = { version: choices[0].value, fromState: '', input: '' };
    let problem = '';
    for (;;) {
      const answer = await confirmDialog({
        heading: `Resume ${execution.name} on a new version?`,
        text: 'A new state machine made from the chosen definition starts at the state that failed, with the input and the variables the record shows there; this execution stays as it is.',
        confirm: 'Resume on this version', problem,
        fields: [
          { name: 'version', label: 'Definition', options: choices, value: chosen.version },
          { name: 'fromState', label: 'Resume at', options: states, value: chosen.fromState },
          { name: 'input', label: 'Input at that visit (JSON; empty: the recorded input)', multiline: true, value: chosen.input },
        ],
      });
      if (!answer) return;
      chosen = answer;
      const request = { executionArn: arn, stateMachineArn: answer.version };
      if (answer.fromState) request.fromState = answer.fromState;
      if (answer.fromState && answer.input.trim()) request.input = answer.input;
      try {
        const done = await actOn('resume', request);
        const name = done.executionArn.split(':').pop();
        resumed.replaceChildren(`Resumed at ${done.resumeVisit || done.resumeState} on ${done.stateMachineArn.split(':').pop()} (${done.action}): `,
          link('execution', done.executionArn, name));
        resumed.hidden = false;
        say(`Resumed ${execution.name} at ${done.resumeState} as ${name}.`);
        return;
      } catch (e) {
        if (!['ResumeDiverges', 'ExecutionNotResumable', 'ResumeVisitRefused', 'ValidationException'].includes(e.type)) throw e;
        problem = e.detail;
      }
    }
  }

  // The tasks waiting for an answer. A task's row is drawn once and kept while it waits, so that
  // what is typed into it survives the page's refreshes.
  const rows = new Map();
  const list = el('div', { class: 'tasks' });
  waiting.append(el('h2', { id: 'waiting-heading', text: 'Waiting for an answer' }),
    el('p', { class: 'muted', text: 'Tasks that wait for a callback (.waitForTaskToken) or an activity worker. Answer one here as the service it called, or its worker, would.' }),
    list);

  function taskRow(task) {
    const key = `${task.activityArn || ''}#${task.scheduledEventId}`;
    const id = `task-${task.scheduledEventId}`;
    const output = el('textarea', { id: `${id}-output`, rows: '4', spellcheck: 'false', text: '{}' });
    const tokenInput = el('input', { id: `${id}-token`, type: 'text', spellcheck: 'false' });
    const tokenRow = el('div', { class: 'field' }, el('label', { for: `${id}-token`, text: 'Task token' }), tokenInput);
    const state = el('p', { class: 'muted' });
    const answer = el('div', { class: 'answer' });
    const token = () => task.token || (taken.get(key) || {}).token || tokenInput.value.trim();
    const send = async (operation, request, verb) => {
      try {
        await api(operation, Object.assign({ taskToken: token() }, request));
        say(`${verb} for ${task.state || 'the task'}.`);
        await refresh();
      } catch (e) { failed(e); }
    };
    const buttons = el('div', { class: 'toolbar' },
      el('button', { type: 'button', id: `${id}-success`, text: 'Send success', disabled: !ACTIONS,
        onclick: () => send('SendTaskSuccess', { output: output.value }, 'Sent success') }),
      el('button', { type: 'button', class: 'danger', id: `${id}-failure`, text: 'Send failure…', disabled: !ACTIONS,
        onclick: async () => {
          const given = await confirmDialog({
            heading: `Fail the task of ${task.state || 'this state'}?`,
            text: 'The Task fails with this error and cause, as when its worker or callback reports a failure (SendTaskFailure); its Retry and Catch apply.',
            confirm: 'Send failure', danger: true,
            fields: [{ name: 'error', label: 'Error' }, { name: 'cause', label: 'Cause', multiline: true }],
          });
          if (!given) return;
          const request = {};
          if (given.error.trim()) request.error = given.error.trim();
          if (given.cause) request.cause = given.cause;
          await send('SendTaskFailure', request, 'Sent failure');
        } }),
      el('button', { type: 'button', class: 'secondary', id: `${id}-heartbeat`, text: 'Send heartbeat', disabled: !ACTIONS,
        onclick: () => send('SendTaskHeartbeat', {}, 'Sent a heartbeat') }));
    answer.append(
      el('div', { class: 'field' }, el('label', { for: `${id}-output`, text: 'Output (JSON), for Send success' }), output),
      buttons);
    const take = el('button', { type: 'button', id: `${id}-take`, text: 'Take the task as a worker', disabled: !ACTIONS,
      onclick: async () => {
        try {
          const got = await api('GetActivityTask', { activityArn: task.activityArn, workerName: WORKER });
          if (!got.taskToken) { say(`No task of ${task.activityArn} waits for a worker now.`, true); return; }
          taken.set(key, { token: got.taskToken, input: got.input });
          say(`Took a task of ${task.activityArn.split(':').pop()}.`);
          draw(task);
          await refresh();
        } catch (e) { failed(e); }
      } });
    const row = el('div', { class: 'task panel', id, 'data-state': task.state || '', 'data-kind': task.kind },
      el('h3', { text: `${task.state || '(a state)'} · ${task.kind === 'activity' ? 'activity task' : 'callback'}` }),
      state,
      el('details', {}, el('summary', { text: task.kind === 'activity' ? 'The task’s input' : 'The request it sent' }),
        el('pre', { tabindex: '0', 'aria-label': `The input of the task of ${task.state}`, text: pretty(task.input) })),
      tokenRow, take, answer);
    function draw(now) {
      task = now;
      const mine = taken.get(key);
      const since = `scheduled ${when(task.timestamp)}${task.heartbeatSeconds ? `, heartbeat every ${task.heartbeatSeconds} s` : ''}${task.timeoutSeconds ? `, times out after ${task.timeoutSeconds} s` : ''}`;
      if (task.kind === 'callback') {
        state.textContent = `Waits for its task token (${task.resource}); ${since}. ${task.token ? 'Its token was found in the request it sent.' : 'Its token is part of a value in its request: paste it below.'}`;
        tokenRow.hidden = Boolean(task.token);
        take.hidden = true;
        answer.hidden = false;
      } else if (mine) {
        state.textContent = `Taken by this console as the worker ${WORKER}; ${since}. An activity’s tasks go to workers oldest first: the task taken had the input ${mine.input}.`;
        tokenRow.hidden = true;
        take.hidden = true;
        answer.hidden = false;
      } else if (task.worker !== null && task.worker !== undefined) {
        state.textContent = `Taken by the worker ${task.worker || '(unnamed)'}; ${since}. Answer with the token it was given:`;
        tokenRow.hidden = false;
        take.hidden = true;
        answer.hidden = false;
      } else {
        state.textContent = `Waits for a worker of ${task.activityArn}; ${since}.`;
        tokenRow.hidden = true;
        take.hidden = false;
        answer.hidden = true;
      }
    }
    draw(task);
    return { row, draw };
  }

  async function drawWaiting() {
    const tasks = execution.status === 'RUNNING' ? await read('tasks.json', { executionArn: arn }) : [];
    const now = new Set();
    for (const task of tasks) {
      const key = String(task.scheduledEventId);
      now.add(key);
      if (rows.has(key)) rows.get(key).draw(task);
      else {
        const made = taskRow(task);
        rows.set(key, made);
        list.append(made.row);
      }
    }
    for (const [key, made] of rows) if (!now.has(key)) { made.row.remove(); rows.delete(key); }
    waiting.hidden = rows.size === 0;
  }

  async function drawMapRuns() {
    const runs = await all('ListMapRuns', { executionArn: arn }, 'mapRuns', 1000);
    if (runs.length === 0) { mapRuns.replaceChildren(el('p', { text: 'No Map Runs.' })); return; }
    const described = await Promise.all(runs.map((run) => api('DescribeMapRun', { mapRunArn: run.mapRunArn })));
    mapRuns.replaceChildren(table('Map Runs', ['Map Run', 'Status', 'Items', 'Started', 'Stopped'], described.map((d) => {
      const c = d.executionCounts || {};
      return [link('maprun', d.mapRunArn, d.mapRunArn.split(':').pop()), badge(d.status),
        `${c.total ?? '?'} total, ${c.succeeded ?? 0} succeeded, ${c.failed ?? 0} failed, ${c.running ?? 0} running`,
        when(d.startDate), when(d.stopDate)];
    })));
  }

  let parentArn = null;
  async function refresh() {
    execution = await api('DescribeExecution', { executionArn: arn });
    if (!isCurrent()) return false;
    title(execution.name, 'Execution');
    if (execution.mapRunArn && !parentArn) {
      parentArn = (await api('DescribeMapRun', { mapRunArn: execution.mapRunArn }).catch(() => ({}))).executionArn || null;
    }
    events = await all('GetExecutionHistory', { executionArn: arn }, 'events').catch(() => []);
    if (!isCurrent()) return false;
    said = readHistory(events);
    drawHeader(parentArn);
    drawActions();
    await drawWaiting().catch((e) => { waiting.hidden = false; list.replaceChildren(el('p', { class: 'error', text: e.message })); });
    try {
      const svg = await picture('progress.svg', { executionArn: arn });
      if (!isCurrent()) return false;
      if (!pictured) {
        graphBox.replaceChildren();
        pictured = graphPanel(graphBox, svg, `The progress of ${execution.name}`, showState, visitRows);
      } else {
        pictured.graph.replace(svg);
        pictured.refresh();
      }
      const names = pictured.graph.names();
      if (chooser.options.length !== names.length + 1) {
        chooser.replaceChildren(el('option', { value: '', text: 'Choose a state' }), ...names.map((n) => el('option', { value: n, text: n })));
      }
    } catch (e) {
      graphBox.replaceChildren(el('p', { text: `No graph: ${e.message}` }));
    }
    if (selected) showState(selected);
    updateEvents(events, said);
    await drawMapRuns().catch((e) => mapRuns.replaceChildren(el('p', { text: e.message })));
    document.body.dataset.executionStatus = execution.status;
    if (execution.status === 'RUNNING') watch();
    return true;
  }

  function watch() {
    clearTimeout(poll);
    poll = setTimeout(async () => {
      if (!isCurrent()) return;
      try { await refresh(); } catch (e) { failed(e); }
    }, POLL_MS);
  }
  await refresh();
}
