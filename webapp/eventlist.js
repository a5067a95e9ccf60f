// The list of events: newest first, at most MAX rows, with pause, clear, a filter and the tick collapsed
// into a counter. Rows are built with textContent only: event data is untrusted input, never markup.
'use strict';

class EventList {
  static MAX = 200;
  /** The hub's built-in ticker (topic and type `time`, every tick.interval): counted, listed on request. */
  static TICK_TYPE = 'time';

  /** @param elements {list, count, pending, ticks}: the list and the places its counts are shown */
  constructor(elements) {
    this.elements = elements;
    this.paused = false;
    this.held = [];          // rows that arrived while paused, oldest first
    this.filter = '';
    this.listTicks = false;
    this.ticks = 0;
  }

  add(event) {
    if (event.type === EventList.TICK_TYPE && !this.listTicks) {
      this.ticks += 1;
      this.elements.ticks.textContent = String(this.ticks);
      return;
    }
    const row = EventList.row(event);
    if (this.paused) {
      this.held.push(row);
      if (this.held.length > EventList.MAX) this.held.shift();
      this.elements.pending.textContent = String(this.held.length);
    } else {
      this.insert([row]);
    }
  }

  setPaused(paused) {
    this.paused = paused;
    if (!paused) {
      this.insert(this.held);
      this.held = [];
    }
    this.elements.pending.textContent = String(this.held.length);
  }

  clear() {
    this.elements.list.replaceChildren();
    this.held = [];
    this.ticks = 0;
    this.elements.ticks.textContent = '0';
    this.elements.pending.textContent = '0';
    this.counted();
  }

  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    Array.from(this.elements.list.children).forEach((row) => this.applyFilter(row));
    this.counted();
  }

  setListTicks(listTicks) {
    this.listTicks = listTicks;
    Array.from(this.elements.list.children).forEach((row) => this.applyFilter(row));
    this.counted();
  }

  insert(rows) {
    rows.forEach((row) => {
      this.applyFilter(row);
      this.elements.list.prepend(row);
    });
    const list = this.elements.list;
    while (list.children.length > EventList.MAX) list.lastElementChild.remove();
    this.counted();
  }

  applyFilter(row) {
    const tickHidden = row.dataset.type === EventList.TICK_TYPE && !this.listTicks;
    row.hidden = tickHidden || !row.dataset.search.includes(this.filter);
  }

  /** How many rows are shown: all of them, or those that pass the filter. */
  counted() {
    const rows = Array.from(this.elements.list.children);
    const shown = rows.filter((row) => !row.hidden).length;
    this.elements.count.textContent = shown === rows.length ? String(shown) : shown + ' of ' + rows.length;
  }

  static row(event) {
    const row = document.createElement('li');
    row.dataset.type = event.type;
    row.dataset.id = event.id || '';
    // What the filter looks in: type, id and data (the stream does not say an event's topic).
    row.dataset.search = (event.type + '\n' + (event.id || '') + '\n' + event.data).toLowerCase();
    const type = EventList.span('type', event.type);
    if (event.id === null) type.classList.add('notice'); // the hub's own notices carry no id
    const id = EventList.span('id', event.id === null ? '(no id)' : event.id);
    const time = EventList.span('time', new Date().toLocaleTimeString());
    const data = document.createElement('pre');
    data.className = 'data';
    data.textContent = PrettyJson.format(event.data);
    row.append(type, id, time, data);
    return row;
  }

  static span(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }
}
