// An npm `eventsource` client as Node applications use it: prints one line per event of the types named,
// "<type> <lastEventId>", and "closed" if the EventSource gives up for good.
// Usage: node event-lines.mjs <path to the eventsource package> <stream URL> <type>...
import { createRequire } from 'node:module';

const [, , packagePath, url, ...types] = process.argv;
const loaded = createRequire(import.meta.url)(packagePath);
// eventsource 2 exports the constructor itself, eventsource 3 and later a named export.
const EventSource = loaded.EventSource ?? loaded;
const source = new EventSource(url);
for (const type of types) {
  source.addEventListener(type, (event) => console.log(`${type} ${event.lastEventId}`));
}
source.addEventListener('error', () => {
  if (source.readyState === 2) {
    console.log('closed');
  }
});
