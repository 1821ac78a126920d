// The server's clock, in the header: its time and, on a virtual clock (`workflow serve
// --virtual-clock`), a button that advances it to its next timer (a Wait, a retry's back-off,
// a task's deadline), through the server's own operations (`DescribeClock`, `AdvanceClock`),
// which the console calls as it calls the API's.

import { ACTIONS, api } from './api.js';

// Shows the clock; `advanced` is awaited after each advance (the view is read again).
export async function showClock(advanced) {
  const place = document.getElementById('clock');
  const clock = await api('DescribeClock');
  const at = (seconds) => new Date(seconds * 1000).toISOString();
  const time = document.createElement('time');
  time.dateTime = at(clock.now);
  time.textContent = `${clock.virtual ? 'virtual clock' : 'now'}: ${at(clock.now)}`;
  const parts = [time];
  if (clock.virtual && ACTIONS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'advance-clock';
    button.textContent = 'Advance to the next timer';
    button.disabled = clock.nextTimer === undefined;
    button.title = clock.nextTimer === undefined ? 'no timer is set' : `the next timer is at ${at(clock.nextTimer)}`;
    button.addEventListener('click', async () => {
      button.disabled = true;
      await api('AdvanceClock', { until: 'NEXT_TIMER' });
      await advanced();
    });
    parts.push(button);
  }
  place.replaceChildren(...parts);
}
