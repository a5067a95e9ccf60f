// Reads text/event-stream exactly as the HTML standard's "Interpreting an event stream" says (section
// 9.2.6), and hands on every event whatever its type. The page reads the stream itself rather than through
// EventSource because EventSource delivers a named event only to listeners registered for that name, and
// a live view must show the types it has never heard of (a `deploy` published with curl).
// Unlike EventSource, each event also keeps its own id: the hub's `reset` and `error` notices carry none.
'use strict';

class SseParser {
  /** @param onEvent called with {type, data, id, lastEventId}; @param onRetry with the hint in ms. */
  constructor(onEvent, onRetry) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.pending = '';       // the start of a line whose end has not arrived yet
    this.afterCR = false;    // a chunk ended in CR: an LF at the start of the next one belongs to it
    this.type = '';
    this.data = '';
    this.id = null;          // the id field of the event being read, if it had one
    this.lastEventId = '';   // the stream's last event id: what to resume from
  }

  /** Takes text already decoded from UTF-8 (TextDecoder removes a leading BOM). */
  feed(chunk) {
    let text = chunk;
    if (this.afterCR && text.startsWith('\n')) text = text.slice(1);
    this.afterCR = false;
    text = this.pending + text;
    const endOfLine = /\r\n|\r|\n/g;
    let start = 0;
    let match;
    while ((match = endOfLine.exec(text)) !== null) {
      this.line(text.slice(start, match.index));
      start = endOfLine.lastIndex;
      if (match[0] === '\r' && start === text.length) this.afterCR = true;
    }
    this.pending = text.slice(start);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return; // a comment: the hub's greeting and keep-alives
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data += value + '\n';
        break;
      case 'id':
        if (!value.includes('\u0000')) {
          this.id = value;
          this.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.onRetry(Number(value));
        break;
      default: // unknown fields are ignored
    }
  }

  dispatch() {
    const { type, data, id } = this;
    this.type = '';
    this.data = '';
    this.id = null;
    if (data === '') return; // a block without data (a bare retry hint) is no event
    this.onEvent({ type: type || 'message', data: data.slice(0, -1), id: id, lastEventId: this.lastEventId });
  }
}
