// Events per second over the last minute, as an SVG bar chart with its axes and units. SVG rather than a
// canvas: its labels are text a screen reader and a test can read, and it scales to any screen.
'use strict';

class RateChart {
  static SECONDS = 60;
  static SVG = 'http://www.w3.org/2000/svg';
  // The drawing's own coordinates (viewBox), about its size on screen so that its text reads at 12px;
  // the plot is the part inside the axes.
  static WIDTH = 400;
  static HEIGHT = 160;
  static PLOT = { left: 34, right: 390, top: 26, bottom: 128 };

  /** @param svg the chart's element; @param summary where the chart is said in words */
  constructor(svg, summary) {
    this.svg = svg;
    this.summary = summary;
    this.perSecond = new Array(RateChart.SECONDS).fill(0);
    this.second = RateChart.now();
    this.build();
    this.draw();
  }

  static now() {
    return Math.floor(Date.now() / 1000);
  }

  /** One event arrived. */
  count() {
    this.roll();
    this.perSecond[this.perSecond.length - 1] += 1;
    this.tell();
  }

  /** Forgets the history: a new subscription has a rate of its own. */
  reset() {
    this.perSecond.fill(0);
    this.draw();
  }

  roll() {
    const now = RateChart.now();
    const behind = Math.min(now - this.second, RateChart.SECONDS);
    for (let i = 0; i < behind; i++) {
      this.perSecond.shift();
      this.perSecond.push(0);
    }
    this.second = now;
  }

  build() {
    const { left, right, top, bottom } = RateChart.PLOT;
    this.svg.setAttribute('viewBox', '0 0 ' + RateChart.WIDTH + ' ' + RateChart.HEIGHT);
    this.maxLabel = this.text('axis-value', left - 6, top + 4, 'end', '1');
    this.text('axis-value', left - 6, bottom + 4, 'end', '0');
    this.text('axis-unit', left - 6, top - 10, 'start', 'events/s');
    this.text('axis-value', left, bottom + 20, 'start', RateChart.SECONDS + ' s ago');
    this.text('axis-value', (left + right) / 2, bottom + 20, 'middle', RateChart.SECONDS / 2 + ' s ago');
    this.text('axis-value', right, bottom + 20, 'end', 'now');
    this.line('grid', left, top, right, top);
    this.bars = this.perSecond.map(() => this.element('rect', { class: 'bar' }));
    this.line('axis', left, top - 4, left, bottom);
    this.line('axis', left, bottom, right, bottom);
  }

  draw() {
    this.roll();
    const { left, right, top, bottom } = RateChart.PLOT;
    const peak = Math.max(...this.perSecond);
    const scale = RateChart.niceCeiling(peak);
    const slot = (right - left) / RateChart.SECONDS;
    this.perSecond.forEach((count, i) => {
      const height = (count / scale) * (bottom - top);
      this.bars[i].setAttribute('x', String(left + i * slot + 1));
      this.bars[i].setAttribute('width', String(Math.max(1, slot - 2)));
      this.bars[i].setAttribute('y', String(bottom - height));
      this.bars[i].setAttribute('height', String(height));
    });
    this.maxLabel.textContent = String(scale);
    this.tell();
  }

  /** The chart in words, at once on every event; the bars are drawn once a second. */
  tell() {
    const total = this.perSecond.reduce((sum, count) => sum + count, 0);
    const lastWhole = this.perSecond[this.perSecond.length - 2]; // the current second is still counting
    this.svg.dataset.total = String(total);
    this.summary.textContent = total + ' events in the last minute, ' + lastWhole + '/s in the last second, '
      + 'peak ' + Math.max(...this.perSecond) + '/s';
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above the peak: round numbers on the axis. */
  static niceCeiling(peak) {
    if (peak <= 1) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(peak)));
    return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= peak);
  }

  text(className, x, y, anchor, content) {
    const text = this.element('text', { class: className, x: x, y: y, 'text-anchor': anchor });
    text.textContent = content;
    return text;
  }

  line(className, x1, y1, x2, y2) {
    return this.element('line', { class: className, x1: x1, y1: y1, x2: x2, y2: y2 });
  }

  element(name, attributes) {
    const element = document.createElementNS(RateChart.SVG, name);
    Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, String(value)));
    this.svg.append(element);
    return element;
  }
}
