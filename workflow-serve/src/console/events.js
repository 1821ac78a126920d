// An execution's history as the console reads it: the state each event belongs to (the strand
// of `previousEventId`s leads back to the state it was entered with), each visit of a state
// (entered, left, the first error on its strand), and the events table: each event's time since
// the execution started, its details as an expandable JSON tree, filtered by type and by
// state, a page at a time.

import { el, duration, jsonTree, table, when } from './dom.js';

const EVENTS_PAGE = 100;

// The details of an event: its `…EventDetails` member.
export function detailsOf(event) {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key ? event[key] : {};
}

const isEntered = (e) => e.type.endsWith('StateEntered');
const isExited = (e) => e.type.endsWith('StateExited');
// An event that failed something (a Task, a Map Run, an evaluation), not the execution itself.
const isError = (e) => !e.type.startsWith('Execution') && (detailsOf(e).error !== undefined || detailsOf(e).cause !== undefined || /(Failed|TimedOut)$/.test(e.type));

// What `events` say: `stateOf` (event id → the name of the state it belongs to) and `visits`
// (each entry of a state, in order: `{name, kind, entered, exited, error, resource}`).
export function read(events) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const owner = new Map(); // event id → the visit its strand belongs to
  const stateOf = new Map();
  const visits = [];
  const open = []; // visits entered and not left, in order
  for (const e of events) {
    const d = detailsOf(e);
    if (isEntered(e)) {
      const visit = { name: d.name, kind: e.type.slice(0, -'StateEntered'.length), entered: e, exited: null, error: null };
      visits.push(visit);
      open.push(visit);
      owner.set(e.id, visit);
      stateOf.set(e.id, d.name);
      continue;
    }
    if (isExited(e)) {
      // The visit its strand leads back to, else the latest open one of that name.
      let visit = null;
      for (let id = e.previousEventId, steps = 0; id && steps < 100000; steps += 1) {
        const v = owner.get(id);
        if (v && v.name === d.name && !v.exited) { visit = v; break; }
        const at = byId.get(id);
        if (!at) break;
        id = at.previousEventId;
      }
      if (!visit) visit = [...open].reverse().find((v) => v.name === d.name) || null;
      if (visit) {
        visit.exited = e;
        open.splice(open.indexOf(visit), 1);
      }
      stateOf.set(e.id, d.name);
      continue;
    }
    // The execution's own events belong to no state.
    if (e.type.startsWith('Execution')) continue;
    const previous = byId.get(e.previousEventId);
    let visit = previous && !isExited(previous) ? owner.get(e.previousEventId) : undefined;
    // A Parallel's or Map's own events after its branches ran: its latest open visit.
    const compound = /^(Parallel|Map)State/.exec(e.type);
    if ((!visit || (compound && visit.kind !== compound[1])) && compound) {
      visit = [...open].reverse().find((v) => v.kind === compound[1]);
    }
    if (visit) {
      owner.set(e.id, visit);
      stateOf.set(e.id, visit.name);
      if (!visit.error && isError(e)) visit.error = e;
      if (!visit.resource && e.type.endsWith('Scheduled') && d.resource) visit.resource = d.resource;
    }
  }
  return { stateOf, visits };
}

// The last visit of state `name` in `visits` (`{}` when it was never entered).
export function lastVisit(visits, name) {
  for (let i = visits.length - 1; i >= 0; i -= 1) if (visits[i].name === name) return visits[i];
  return {};
}

// Milliseconds from the first event to `event`.
export function elapsed(events, event) {
  return events.length ? Math.round((event.timestamp - events[0].timestamp) * 1000) : 0;
}

// The events table in `container`: filters by type and state, pages of EVENTS_PAGE. Returns
// `update(events)`, which redraws it with the filters, the page and the open details kept.
export function eventsView(container) {
  let events = [];
  let stateOf = new Map();
  let page = 0;
  const openIds = new Set();
  const typeFilter = el('select', { id: 'event-type-filter' });
  const stateFilter = el('select', { id: 'event-state-filter' });
  const body = el('div', { id: 'events' });
  const previous = el('button', { class: 'secondary', type: 'button', text: 'Previous page', 'aria-label': 'Previous page of events', onclick: () => { page -= 1; draw(); } });
  const next = el('button', { class: 'secondary', type: 'button', text: 'Next page', 'aria-label': 'Next page of events', onclick: () => { page += 1; draw(); } });
  const where = el('span', { class: 'muted', id: 'events-shown' });
  container.append(
    el('div', { class: 'toolbar' },
      el('label', { for: 'event-type-filter', text: 'Type' }), typeFilter,
      el('label', { for: 'event-state-filter', text: 'State' }), stateFilter),
    body,
    el('div', { class: 'pager' }, previous, next, where));
  for (const select of [typeFilter, stateFilter]) select.addEventListener('change', () => { page = 0; draw(); });

  function options(select, values, any) {
    const chosen = select.value;
    const wanted = ['', ...values];
    if (select.options.length !== wanted.length || wanted.some((v, i) => select.options[i].value !== v)) {
      select.replaceChildren(...wanted.map((v) => el('option', { value: v, text: v || any })));
      select.value = wanted.includes(chosen) ? chosen : '';
    }
  }

  function row(e) {
    const d = detailsOf(e);
    const brief = JSON.stringify(d);
    const details = el('details', { 'data-event': String(e.id), open: openIds.has(e.id) },
      el('summary', {}, el('span', { class: 'brief', text: brief.length > 90 ? `${brief.slice(0, 90)}…` : brief })));
    let drawn = false;
    const fill = () => { if (!drawn && details.open) { drawn = true; details.append(jsonTree(d, { parseText: true, open: 3 })); } };
    details.addEventListener('toggle', () => { if (details.open) openIds.add(e.id); else openIds.delete(e.id); fill(); });
    fill();
    return [String(e.id), e.type, stateOf.get(e.id) || '', duration(elapsed(events, e)), when(e.timestamp), el('td', { class: 'details' }, details)];
  }

  function draw() {
    const type = typeFilter.value;
    const state = stateFilter.value;
    const shown = events.filter((e) => (!type || e.type === type) && (!state || stateOf.get(e.id) === state));
    const pages = Math.max(1, Math.ceil(shown.length / EVENTS_PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    const from = page * EVENTS_PAGE;
    const slice = shown.slice(from, from + EVENTS_PAGE);
    body.replaceChildren(table('Events', ['ID', 'Type', 'State', 'Elapsed', 'Time', 'Details'], slice.map(row), { class: 'events' }));
    previous.disabled = page === 0;
    next.disabled = from + EVENTS_PAGE >= shown.length;
    const filtered = shown.length === events.length ? '' : ` (${events.length} in all)`;
    where.textContent = `events ${shown.length ? from + 1 : 0}–${Math.min(from + EVENTS_PAGE, shown.length)} of ${shown.length}${filtered}`;
  }

  return function update(list, said) {
    events = list;
    stateOf = said.stateOf;
    options(typeFilter, [...new Set(events.map((e) => e.type))].sort(), 'Any type');
    options(stateFilter, [...new Set(said.visits.map((v) => v.name))].sort(), 'Any state');
    draw();
  };
}
