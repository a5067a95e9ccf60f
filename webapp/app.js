// The ssehub page: a live view of the stream (stream.js), its list (eventlist.js) and rate (chart.js),
// and a form to publish. Everything the hub sends is shown with textContent, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const stateBadge = $('state');
  const events = new EventList({ list: $('events'), count: $('event-count'), pending: $('pending'), ticks: $('tick-count') });
  const chart = new RateChart($('rate'), $('rate-summary'));

  let stream = null;
  let reconnects = 0;

  function setState(state, detail) {
    stateBadge.textContent = state;
    stateBadge.className = 'state ' + state;
    stateBadge.dataset.state = state;
    $('state-detail').textContent = detail;
  }

  /** A new subscription: a fresh list, chart and reconnect count, since the old ones were about other topics. */
  function subscribe(topics) {
    if (stream) stream.close();
    const params = new URLSearchParams();
    topics.forEach((topic) => params.append('topic', topic));
    const query = params.toString();
    const label = topics.join(', ');
    events.clear();
    chart.reset();
    reconnects = 0;
    $('reconnects').textContent = '0';
    $('last-id').textContent = '–';
    $('subscription').textContent = label || 'every topic';
    stream = new EventStream('events' + (query ? '?' + query : ''), {
      onOpen: ({ reconnected }) => {
        if (reconnected) {
          reconnects += 1;
          $('reconnects').textContent = String(reconnects);
        }
        stateBadge.dataset.topics = label;
      },
      onState: setState,
      onEvent: (event) => {
        if (event.lastEventId) $('last-id').textContent = event.lastEventId;
        chart.count();
        events.add(event);
      },
    });
  }

  $('topics-form').addEventListener('submit', (e) => {
    e.preventDefault();
    subscribe($('topics').value.split(',').map((t) => t.trim()).filter((t) => t.length > 0));
  });

  $('filter').addEventListener('input', () => events.setFilter($('filter').value));
  $('show-ticks').addEventListener('change', () => events.setListTicks($('show-ticks').checked));
  $('clear').addEventListener('click', () => events.clear());
  $('pause').addEventListener('click', () => {
    const pause = $('pause').getAttribute('aria-pressed') !== 'true';
    $('pause').setAttribute('aria-pressed', String(pause));
    $('pause').textContent = pause ? 'Resume' : 'Pause';
    $('held').hidden = !pause;
    events.setPaused(pause);
  });

  $('publish-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const result = $('publish-result');
    result.className = '';
    try {
      JSON.parse($('publish-data').value);
    } catch (err) {
      result.className = 'error';
      result.textContent = 'data is not valid JSON: ' + err.message;
      return;
    }
    try {
      const response = await fetch('events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // The data's own text, not JSON.stringify(data): the hub keeps every number as it was written.
        body: '{"topic":' + JSON.stringify($('publish-topic').value.trim())
          + ',"type":' + JSON.stringify($('publish-type').value.trim())
          + ',"data":' + $('publish-data').value + '}',
      });
      const body = await response.json();
      if (response.ok) {
        result.textContent = 'published ' + body.id;
        result.dataset.id = body.id;
      } else {
        result.className = 'error';
        result.textContent = response.status + ': ' + (body.detail || body.title);
      }
    } catch (err) {
      result.className = 'error';
      result.textContent = 'the hub did not answer: ' + err.message;
    }
  });

  setInterval(() => chart.draw(), 1000);
  subscribe([]);
})();
