// The console's DOM: elements built with textContent only (nothing the server holds is parsed
// as HTML), the status line, dates and durations, tables, pagers, JSON as an expandable tree
// and the confirmation dialog every action that changes state asks through.

// An element `tag` with `attributes` (`text` its text, `on…` its listeners) and `children`.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

// The page's status line (read by screen readers as it changes).
export function say(message, isError = false) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

export function failed(e) {
  say(e.message || String(e), true);
}

// The document's title: what the page shows, then the server's name.
export function title(...parts) {
  document.title = [...parts.filter(Boolean), 'workflow serve'].join(' · ');
}

// A date the API gives (seconds since the epoch) as UTC text.
export function when(seconds) {
  if (seconds === undefined || seconds === null) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

// A duration in milliseconds as people read it: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min.
export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 3 : 1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor(s / 60) % 60).padStart(2, '0')} min`;
}

// JSON text pretty-printed; other text as it is.
export function pretty(text) {
  if (text === undefined || text === null) return '';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { return String(text); }
}

export function badge(status, id) {
  return el('span', { class: `badge ${status}`, id, text: status });
}

// A link to the console's page `route` of `arn`.
export function link(route, arn, text) {
  return el('a', { href: `#/${route}/${encodeURIComponent(arn)}`, text: text || arn });
}

// A table: `caption`, column `headings`, and rows of cells (text, nodes, or <td>s).
export function table(caption, headings, rows, attributes = {}) {
  return el('table', attributes,
    el('caption', { class: 'muted', text: caption }),
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows.map((cells) => (cells instanceof Node ? cells
      : el('tr', {}, ...cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c))))))));
}

// A definition list of [term, description] pairs (pairs with no description left out).
export function summary(pairs) {
  const dl = el('dl', { class: 'summary' });
  for (const [term, description] of pairs) {
    if (description === undefined || description === null || description === '') continue;
    dl.append(el('dt', { text: term }), el('dd', {}, description));
  }
  return dl;
}

// A listing shown a page at a time: `load(nextToken)` answers `{items, nextToken, note}`,
// `render` draws the items; Previous and Next move between pages (the tokens of earlier pages
// kept). Returns `show`, which (re)draws the current page; `restart` goes back to the first.
export function pager(container, label, load, render, isCurrent = () => true) {
  let tokens = [undefined];
  let at = 0;
  const body = el('div');
  const previous = el('button', { class: 'secondary', type: 'button', text: 'Previous page', 'aria-label': `Previous page of ${label}` });
  const next = el('button', { class: 'secondary', type: 'button', text: 'Next page', 'aria-label': `Next page of ${label}` });
  const where = el('span', { class: 'muted' });
  container.append(body, el('div', { class: 'pager' }, previous, next, where));
  async function show() {
    const page = await load(tokens[at]);
    if (!isCurrent()) return;
    body.replaceChildren(render(page.items));
    if (page.nextToken) tokens[at + 1] = page.nextToken; else tokens.length = at + 1;
    previous.disabled = at === 0;
    next.disabled = !page.nextToken;
    where.textContent = `page ${at + 1}${page.note ? ` · ${page.note}` : ''}`;
  }
  previous.addEventListener('click', () => { if (at > 0) { at -= 1; show().catch(failed); } });
  next.addEventListener('click', () => { if (tokens[at + 1]) { at += 1; show().catch(failed); } });
  show.restart = () => { tokens = [undefined]; at = 0; return show(); };
  return show;
}

// The most nodes one JSON tree draws; the rest is counted.
const MOST_NODES = 5000;

// `value` as a tree: objects and arrays as disclosure widgets (<details>), open `open` levels
// deep; with `parseText`, a string holding JSON (an event's input, output, parameters) drawn as
// the tree it holds. Built with a stack, however deep the value nests.
export function jsonTree(value, { open = 2, parseText = false } = {}) {
  const root = el('div', { class: 'json' });
  const stack = [{ value, into: root, key: null, depth: 0 }];
  let drawn = 0;
  let left = 0;
  while (stack.length) {
    const { value: v, into, key, depth } = stack.pop();
    if (drawn >= MOST_NODES) { left += 1; continue; }
    drawn += 1;
    const keyed = () => (key === null ? null : el('span', { class: 'json-key', text: typeof key === 'number' ? `${key}:` : `${JSON.stringify(key)}:` }));
    let shown = v;
    let fromText = false;
    if (parseText && typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try { shown = JSON.parse(v); fromText = true; } catch (_) { shown = v; }
    }
    if (shown !== null && typeof shown === 'object') {
      const entries = Array.isArray(shown) ? shown.map((x, i) => [i, x]) : Object.entries(shown);
      const brief = Array.isArray(shown) ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
      const children = el('div', { class: 'json-children' });
      const details = el('details', { open: depth < open },
        el('summary', {}, keyed(), el('span', { class: 'json-brief', text: `${brief}${fromText ? ' (JSON text)' : ''}` })),
        children);
      into.append(details);
      for (let i = entries.length - 1; i >= 0; i -= 1) stack.push({ value: entries[i][1], into: children, key: entries[i][0], depth: depth + 1 });
    } else {
      const type = shown === null ? 'null' : typeof shown;
      into.append(el('div', { class: 'json-row' }, keyed(), key === null ? null : ' ', el('span', { class: `json-${type}`, text: JSON.stringify(shown) })));
    }
  }
  if (left) root.append(el('p', { class: 'muted', text: `… ${left} more values not drawn` }));
  return root;
}

// Asks before an action: a modal dialog titled `heading` saying `text` (and `problem`, what went
// wrong with the last try, as an alert), with `fields` (`{name, label, value, multiline}`, or
// `options: [{value, text}]` for a choice) to fill in, and the buttons `confirm` and Cancel.
// Resolves to the fields' values when confirmed, `null` when cancelled (Cancel, Escape).
export function confirmDialog({ heading, text, confirm, danger = false, fields = [], problem = '' }) {
  return new Promise((resolve) => {
    const id = `dialog-${Date.now()}`;
    const inputs = fields.map((f, i) => {
      const fieldId = `${id}-${i}`;
      let input;
      if (f.options) {
        input = el('select', { id: fieldId }, ...f.options.map((o) => el('option', { value: o.value, text: o.text })));
        input.value = f.value || (f.options[0] || {}).value || '';
      } else if (f.multiline) input = el('textarea', { id: fieldId, rows: '4', spellcheck: 'false', text: f.value || '' });
      else input = el('input', { id: fieldId, type: 'text', value: f.value || '', spellcheck: 'false' });
      return { name: f.name, input, row: el('div', { class: 'field' }, el('label', { for: fieldId, text: f.label }), input) };
    });
    const yes = el('button', { type: 'button', class: danger ? 'danger' : '', id: 'confirm', text: confirm });
    const no = el('button', { type: 'button', class: 'secondary', id: 'cancel', text: 'Cancel' });
    const dialog = el('dialog', { 'aria-labelledby': `${id}-heading`, 'aria-describedby': `${id}-text`, class: 'confirm' },
      el('h2', { id: `${id}-heading`, text: heading }),
      el('p', { id: `${id}-text`, text }),
      problem ? el('p', { class: 'error', role: 'alert', id: `${id}-problem`, text: problem }) : null,
      ...inputs.map((i) => i.row),
      el('div', { class: 'toolbar' }, yes, no));
    let answered = false;
    const finish = (values) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(values);
    };
    yes.addEventListener('click', () => finish(Object.fromEntries(inputs.map((i) => [i.name, i.input.value]))));
    no.addEventListener('click', () => finish(null));
    dialog.addEventListener('close', () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
    (inputs.length ? inputs[0].input : no).focus();
  });
}
