// workflow serve's console: state machines, executions, their histories and Map Runs, read and
// acted on through the server's own operations. No framework, no build step: ES modules served
// from the binary, the DOM built with textContent only. This module routes the page's address
// (`#/machine/ARN`, `#/execution/ARN`, `#/maprun/ARN`, else the state machines) to its view,
// and shows the server's clock beside it.

import { ACTIONS } from './api.js';
import { showClock } from './clock.js';
import { failed, say } from './dom.js';
import { executionView } from './execution.js';
import { machineView, machinesView } from './machines.js';
import { mapRunView } from './map_run.js';

let generation = 0; // bumped on each navigation, so that a left page's late answers are dropped

async function route() {
  generation += 1;
  const mine = generation;
  const isCurrent = () => mine === generation;
  const view = document.getElementById('view');
  view.replaceChildren();
  delete document.body.dataset.loaded;
  delete document.body.dataset.executionStatus;
  delete document.body.dataset.mapRunStatus;
  say('Loading…');
  const [, kind, rest] = location.hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  const arn = rest ? decodeURIComponent(rest) : '';
  try {
    if (kind === 'machine' && arn) await machineView(view, arn, isCurrent);
    else if (kind === 'execution' && arn) await executionView(view, arn, isCurrent);
    else if (kind === 'maprun' && arn) await mapRunView(view, arn, isCurrent);
    else await machinesView(view, isCurrent);
    if (!isCurrent()) return;
    await showClock(route);
    if (!isCurrent()) return;
    say('');
    document.body.dataset.loaded = String(mine);
  } catch (e) {
    if (isCurrent()) failed(e);
  }
}

document.getElementById('mode').textContent = ACTIONS ? 'actions enabled' : 'read-only';
window.addEventListener('hashchange', route);
route();
