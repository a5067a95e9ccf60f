// One subscription: reads the hub's stream with fetch (see parser.js for why not EventSource), and
// reconnects as EventSource would, resuming with Last-Event-ID, but also where EventSource gives up for
// good: on a 503 while the hub restarts it waits (Retry-After, jittered backoff) instead of stopping.
// A failing connection is a state of this subscription, never an event: only the hub's events are events.
'use strict';

class EventStream {
  static BACKOFF_MIN_MS = 1000;
  static BACKOFF_MAX_MS = 15000;
  static DEFAULT_RETRY_MS = 3000; // until the hub's first retry hint, which comes first on every stream

  /**
   * @param url      the stream's URL, with its topics
   * @param handlers onEvent(event), onOpen({reconnected}), onState(state, detail): state is
   *                 connecting, open, waiting (to reconnect) or refused (stopped: a 4xx the hub will repeat)
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.closed = false;
    this.opened = false;
    this.retryMs = EventStream.DEFAULT_RETRY_MS;
    this.backoffMs = EventStream.BACKOFF_MIN_MS;
    this.abort = new AbortController();
    this.parser = new SseParser(
      (event) => { if (!this.closed) this.handlers.onEvent(event); },
      (ms) => { this.retryMs = ms; });
    this.run();
  }

  close() {
    this.closed = true;
    this.abort.abort();
  }

  async run() {
    while (!this.closed) {
      let next;
      try {
        next = await this.connectOnce();
      } catch (err) {
        if (this.closed) return;
        // A network error: the hub is not there (yet), or the stream broke off.
        next = { delay: this.backoff(), why: 'no connection' };
      }
      if (next === null || this.closed) return;
      this.state('waiting', next.why + '; reconnecting in ' + (next.delay / 1000).toFixed(1) + ' s');
      await this.pause(next.delay);
    }
  }

  /** One connection, read to its end; answers when to try again and why, or null to stop. */
  async connectOnce() {
    this.state('connecting', '');
    const headers = { Accept: 'text/event-stream' };
    if (this.parser.lastEventId) headers['Last-Event-ID'] = this.parser.lastEventId;
    const response = await fetch(this.url, { headers: headers, cache: 'no-store', signal: this.abort.signal });
    if (response.ok && (response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
      this.handlers.onOpen({ reconnected: this.opened });
      this.opened = true;
      this.backoffMs = EventStream.BACKOFF_MIN_MS;
      this.state('open', '');
      await this.read(response.body);
      // The hub ended the stream (a restart, a cut slow reader): come back when it said, spread out.
      return { delay: EventStream.jittered(this.retryMs), why: 'the hub ended the stream' };
    }
    const problem = await EventStream.describe(response);
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      const retryAfter = Number(response.headers.get('Retry-After'));
      const delay = Math.max(this.backoff(), Number.isFinite(retryAfter) ? EventStream.jittered(retryAfter * 1000) : 0);
      return { delay: delay, why: problem };
    }
    // 400, 401, 403, 404...: asking again gets the same answer. Subscribing again starts over.
    this.state('refused', problem);
    return null;
  }

  async read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.closed) return;
      this.parser.feed(value);
    }
  }

  /** Never sooner than the hub's retry hint, and longer after each failure in a row, up to the maximum. */
  backoff() {
    const delay = EventStream.jittered(Math.max(this.retryMs, this.backoffMs));
    this.backoffMs = Math.min(this.backoffMs * 2, EventStream.BACKOFF_MAX_MS);
    return delay;
  }

  /** Waits, or less when the stream is closed meanwhile. */
  pause(ms) {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  state(state, detail) {
    if (!this.closed) this.handlers.onState(state, detail);
  }

  /** Somewhere between the delay and half as long again, so that clients a restart cut off come back apart. */
  static jittered(ms) {
    return ms * (1 + Math.random() / 2);
  }

  /** A refusal in a line: the status and the problem's detail (RFC 9457) when the hub sent one. */
  static async describe(response) {
    let detail = '';
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || '';
    } catch (err) {
      // not a problem body: the status says it
    }
    return response.status + (detail ? ': ' + detail : '');
  }
}
