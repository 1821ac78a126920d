// The graph of a state machine or an execution, in a viewer that zooms and pans: buttons (zoom
// in, zoom out, fit, actual size), Ctrl + wheel (or a pinch) zooms around the pointer, a drag
// pans, and with the viewer focused the keys + and − zoom, 0 fits and the arrows pan. Each
// state of the picture (`g.state`) is a button: a click or Enter selects it. The view is kept
// when the picture is redrawn (an execution that runs), and a state given the focus is brought
// into view.

import { el } from './dom.js';

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const STEP = 1.25;
// The smallest scale the graph first opens at: its states' names still read. A picture whole
// only smaller (a long chain of states: 16 % for forty) opens at its start at this scale; Fit
// shows it whole.
const READABLE = 0.5;

// A viewer of `svg` labelled `label`; `onSelect(name)` when a state is chosen. Returns
// `{element, replace(svg), select(name), names()}`.
export function viewer(svg, { label, onSelect }) {
  const stage = el('div', { class: 'graph-stage', tabindex: '0', role: 'group', 'aria-label': `${label}: + and − zoom, 0 fits, the arrows pan; Tab reaches each state` });
  const zoom = el('span', { class: 'muted zoom', 'aria-live': 'polite' });
  const button = (text, name, action) => el('button', { type: 'button', class: 'secondary', 'aria-label': name, title: name, text, onclick: action });
  const tools = el('div', { class: 'toolbar graph-tools' },
    button('+', 'Zoom in', () => zoomBy(STEP)),
    button('−', 'Zoom out', () => zoomBy(1 / STEP)),
    button('Fit', 'Fit the graph', () => fit()),
    button('Actual size', 'Actual size', () => actual()),
    zoom,
    el('span', { class: 'muted', text: 'Ctrl + wheel zooms, drag pans' }));
  const element = el('div', { class: 'graph' }, tools, stage);
  let current = null;
  let natural = { x: 0, y: 0, width: 1, height: 1 };
  let view = null; // the viewBox shown: {x, y, width, height}
  let selected = null;

  function box() {
    const r = stage.getBoundingClientRect();
    return { width: Math.max(r.width, 1), height: Math.max(r.height, 1) };
  }
  // How many screen pixels a unit of the picture takes.
  function scale() {
    const b = box();
    return Math.min(b.width / view.width, b.height / view.height);
  }
  function apply() {
    current.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
    zoom.textContent = `${Math.round(scale() * 100)}%`;
  }
  // The whole picture in view, never larger than its actual size.
  function fit() {
    const b = box();
    const s = Math.min(b.width / natural.width, b.height / natural.height);
    if (s <= 1) view = { ...natural };
    else {
      view = { x: natural.x + natural.width / 2 - b.width / 2, y: natural.y + natural.height / 2 - b.height / 2, width: b.width, height: b.height };
    }
    apply();
  }
  // The first view: the whole picture when it reads so, else its start at a readable scale,
  // centred across where it fits.
  function initial() {
    const b = box();
    if (Math.min(b.width / natural.width, b.height / natural.height) >= READABLE) { fit(); return; }
    const width = b.width / READABLE;
    const height = b.height / READABLE;
    view = {
      x: width >= natural.width ? natural.x + natural.width / 2 - width / 2 : natural.x,
      y: height >= natural.height ? natural.y + natural.height / 2 - height / 2 : natural.y,
      width,
      height,
    };
    apply();
  }
  function actual() {
    const b = box();
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    view = { x: cx - b.width / 2, y: cy - b.height / 2, width: b.width, height: b.height };
    apply();
  }
  // Zooms by `factor` around the point (`px`, `py`) of the stage (its centre by default).
  function zoomBy(factor, px, py) {
    const b = box();
    const s = scale();
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, s * factor));
    const f = s / next;
    const ax = px === undefined ? 0.5 : px / b.width;
    const ay = py === undefined ? 0.5 : py / b.height;
    const width = view.width * f;
    const height = view.height * f;
    view = { x: view.x + (view.width - width) * ax, y: view.y + (view.height - height) * ay, width, height };
    apply();
  }
  function panBy(dx, dy) {
    const s = scale();
    view = { ...view, x: view.x - dx / s, y: view.y - dy / s };
    apply();
  }
  // Brings the state `g` into view, unless it is already.
  function reveal(g) {
    const b = g.getBBox();
    if (b.x >= view.x && b.y >= view.y && b.x + b.width <= view.x + view.width && b.y + b.height <= view.y + view.height) return;
    view = { ...view, x: b.x + b.width / 2 - view.width / 2, y: b.y + b.height / 2 - view.height / 2 };
    apply();
  }

  function mark() {
    for (const g of current.querySelectorAll('g.state')) g.classList.toggle('selected', g.dataset.name === selected);
  }

  function wire(next) {
    next.removeAttribute('width');
    next.removeAttribute('height');
    next.setAttribute('class', 'graph-picture');
    next.setAttribute('role', 'group');
    next.setAttribute('aria-label', label);
    const [x, y, width, height] = (next.getAttribute('viewBox') || '0 0 1 1').split(/\s+/).map(Number);
    natural = { x, y, width, height };
    for (const g of next.querySelectorAll('g.state')) {
      const name = g.dataset.name;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `${name}${g.dataset.status ? `: ${g.dataset.status.replace('-', ' ')}` : ''}`);
      g.addEventListener('click', (e) => { if (!dragged) { e.stopPropagation(); onSelect(name); } });
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); onSelect(name); } });
      g.addEventListener('focus', () => reveal(g));
    }
  }

  // Drag to pan; a drag is no click.
  let dragging = null;
  let dragged = false;
  stage.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    dragging = { x: e.clientX, y: e.clientY };
    dragged = false;
  });
  stage.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const dx = e.clientX - dragging.x;
    const dy = e.clientY - dragging.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) stage.setPointerCapture(e.pointerId);
    dragged = true;
    dragging = { x: e.clientX, y: e.clientY };
    panBy(dx, dy);
  });
  const stop = (e) => {
    if (dragging && dragged && stage.hasPointerCapture(e.pointerId)) stage.releasePointerCapture(e.pointerId);
    dragging = null;
    // The click that ends a drag comes after pointerup: forgotten on the next tick.
    setTimeout(() => { dragged = false; }, 0);
  };
  stage.addEventListener('pointerup', stop);
  stage.addEventListener('pointercancel', stop);
  stage.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const r = stage.getBoundingClientRect();
    zoomBy(e.deltaY < 0 ? STEP : 1 / STEP, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  stage.addEventListener('keydown', (e) => {
    if (e.key === '+' || e.key === '=') zoomBy(STEP);
    else if (e.key === '-') zoomBy(1 / STEP);
    else if (e.key === '0') fit();
    else if (e.key in PAN && e.target === stage) panBy(...PAN[e.key]);
    else return;
    e.preventDefault();
  });

  function replace(next) {
    const keep = view;
    wire(next);
    if (current) current.replaceWith(next); else stage.append(next);
    current = next;
    if (keep) { view = keep; apply(); } else initial();
    mark();
  }
  replace(svg);
  // Once the stage has its width on the page: as tall as the picture is at that width (at a
  // readable scale at least), at most its actual size (between 200 and 640 pixels, resizable
  // from its corner), the picture's first view in it.
  requestAnimationFrame(() => {
    const width = stage.getBoundingClientRect().width;
    if (width > 0) stage.style.height = `${Math.round(Math.min(640, Math.max(200, natural.height * Math.min(1, Math.max(READABLE, width / natural.width)))))}px`;
    initial();
  });
  return {
    element,
    replace(next) {
      const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('g.state');
      const name = focused && current.contains(focused) ? focused.dataset.name : null;
      replace(next);
      if (name) { const again = [...current.querySelectorAll('g.state')].find((g) => g.dataset.name === name); if (again) again.focus({ preventScroll: true }); }
    },
    select(name) { selected = name; mark(); const g = [...current.querySelectorAll('g.state')].find((s) => s.dataset.name === name); if (g) reveal(g); },
    names() { return [...current.querySelectorAll('g.state')].map((g) => g.dataset.name); },
    statuses() { return new Map([...current.querySelectorAll('g.state')].map((g) => [g.dataset.name, { kind: g.dataset.kind, status: g.dataset.status || 'not-reached' }])); },
  };
}

const PAN = { ArrowLeft: [60, 0], ArrowRight: [-60, 0], ArrowUp: [0, 60], ArrowDown: [0, -60] };
