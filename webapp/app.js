// The ssehub page: a live view of the stream and a form to publish, on the browser's own EventSource.
// Everything the hub sends is shown with textContent, never as HTML: event data is untrusted input.
(function () {
  'use strict';

  const MAX_SHOWN = 200;          // events kept on screen
  const RATE_WINDOW = 60;         // seconds of history in the rate chart
  const RECONNECT_MIN_MS = 1000;  // backoff when the browser gave up on the stream itself
  const RECONNECT_MAX_MS = 15000;

  const $ = (id) => document.getElementById(id);
  const stateBadge = $('state');
  const reconnectsOut = $('reconnects');
  const lastIdOut = $('last-id');
  const eventList = $('events');
  const eventCount = $('event-count');

  let source = null;
  let topics = [];
  let lastEventId = null;
  let reconnects = 0;
  let everOpened = false;
  let received = 0;
  let manualRetryTimer = null;
  let manualRetryDelay = RECONNECT_MIN_MS;
  const perSecond = new Array(RATE_WINDOW).fill(0);
  let currentSecond = Math.floor(Date.now() / 1000);

  function setState(state) {
    stateBadge.textContent = state;
    stateBadge.className = 'state ' + state;
    stateBadge.dataset.state = state;
  }

  function streamUrl(resumeFrom) {
    const params = new URLSearchParams();
    topics.forEach((topic) => params.append('topic', topic));
    // EventSource sends Last-Event-ID itself when it reconnects; a new EventSource cannot set headers,
    // so a fresh connection that resumes passes the id as a query parameter.
    if (resumeFrom) params.append('lastEventId', resumeFrom);
    const query = params.toString();
    return 'events' + (query ? '?' + query : '');
  }

  function connect(resumeFrom) {
    if (source) source.close();
    clearTimeout(manualRetryTimer);
    setState('connecting');
    source = new EventSource(streamUrl(resumeFrom));
    source.onopen = () => {
      if (everOpened) {
        reconnects += 1;
        reconnectsOut.textContent = String(reconnects);
      }
      everOpened = true;
      manualRetryDelay = RECONNECT_MIN_MS;
      setState('open');
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser stops for good on an HTTP error (a 503 while the hub restarts, say): retry ourselves,
        // with jittered backoff, from the last id we saw.
        setState('closed');
        const delay = manualRetryDelay * (0.5 + Math.random() / 2);
        manualRetryDelay = Math.min(manualRetryDelay * 2, RECONNECT_MAX_MS);
        manualRetryTimer = setTimeout(() => connect(lastEventId), delay);
      } else {
        setState('connecting');
      }
    };
    source.onmessage = show; // events without a type
    // Typed events arrive only to listeners of their type; one listener per type seen is added lazily
    // through the catch-all below, since the page cannot know every type in advance.
    knownTypes.forEach((type) => source.addEventListener(type, show));
  }

  // EventSource has no "any event" hook: listen to the types the hub uses and to the types people publish.
  const knownTypes = new Set(['time', 'user', 'notification', 'error', 'reset', 'message']);
  function listenTo(type) {
    if (!knownTypes.has(type)) {
      knownTypes.add(type);
      if (source) source.addEventListener(type, show);
    }
  }

  function show(event) {
    if (event.lastEventId) {
      lastEventId = event.lastEventId;
      lastIdOut.textContent = lastEventId;
    }
    countForRate();
    received += 1;
    eventCount.textContent = String(received);

    const item = document.createElement('li');
    item.dataset.type = event.type;
    item.dataset.id = event.lastEventId || '';
    const type = document.createElement('span');
    type.className = 'type ' + event.type;
    type.textContent = event.type;
    const id = document.createElement('span');
    id.className = 'id';
    id.textContent = event.type === 'reset' || event.type === 'error' ? '(no id)' : (event.lastEventId || '');
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = new Date().toLocaleTimeString();
    const data = document.createElement('pre');
    data.className = 'data';
    data.textContent = event.data;
    item.append(type, id, time, data);
    eventList.prepend(item);
    while (eventList.children.length > MAX_SHOWN) eventList.lastElementChild.remove();
  }

  // Event rate: a count per second over the last minute, drawn once a second.
  function rollSeconds() {
    const now = Math.floor(Date.now() / 1000);
    while (currentSecond < now) {
      perSecond.shift();
      perSecond.push(0);
      currentSecond += 1;
    }
  }

  function countForRate() {
    rollSeconds();
    perSecond[perSecond.length - 1] += 1;
  }

  function drawRate() {
    rollSeconds();
    const canvas = $('rate');
    const scale = window.devicePixelRatio || 1;
    const width = canvas.clientWidth * scale;
    const height = canvas.clientHeight * scale;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    const peak = Math.max(1, ...perSecond);
    const barWidth = width / RATE_WINDOW;
    g.fillStyle = '#0969da';
    perSecond.forEach((count, i) => {
      const barHeight = (count / peak) * (height - 16 * scale);
      g.fillRect(i * barWidth + 1, height - barHeight, Math.max(1, barWidth - 2), barHeight);
    });
    g.fillStyle = '#667085';
    g.font = (11 * scale) + 'px system-ui, sans-serif';
    g.fillText('peak ' + peak + '/s, now ' + perSecond[perSecond.length - 2] + '/s', 4, 12 * scale);
  }

  $('topics-form').addEventListener('submit', (e) => {
    e.preventDefault();
    topics = $('topics').value.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
    lastEventId = null;
    connect(null);
  });

  $('publish-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const result = $('publish-result');
    result.className = '';
    let data;
    try {
      data = JSON.parse($('publish-data').value);
    } catch (err) {
      result.className = 'error';
      result.textContent = 'data is not valid JSON: ' + err.message;
      return;
    }
    const type = $('publish-type').value.trim();
    listenTo(type);
    try {
      const response = await fetch('events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic: $('publish-topic').value.trim(), type: type, data: data }),
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

  setInterval(drawRate, 1000);
  drawRate();
  connect(null);
})();
