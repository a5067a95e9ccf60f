// The common Node SSE broker: a Set of open responses, res.write() to each for every event.
// A response opened with ?topic=NAME gets only that topic's events, found in a Map from topic to a Set
// of responses (the usual topic map); one without gets every event. No npm packages. Listens on
// 127.0.0.1:$PORT.
'use strict';
const http = require('http');

const port = Number(process.env.PORT);
if (!port) {
  console.error('PORT is required');
  process.exit(2);
}

const clients = new Set(); // every response, for keep-alives
const everyTopic = new Set();
const byTopic = new Map(); // topic -> Set of responses
let nextId = 0;

function send(responses, frame) {
  if (responses) for (const res of responses) res.write(frame);
}

function subscribe(res, topic) {
  clients.add(res);
  let set = everyTopic;
  if (topic) {
    set = byTopic.get(topic);
    if (!set) byTopic.set(topic, (set = new Set()));
  }
  set.add(res);
  res.on('close', () => {
    clients.delete(res);
    set.delete(res);
    if (topic && set.size === 0 && byTopic.get(topic) === set) byTopic.delete(topic);
  });
}

setInterval(() => send(clients, ': keep-alive\n\n'), 15000);

const server = http.createServer((req, res) => {
  const [path, query] = req.url.split('?');
  if (path === '/events' && req.method === 'GET') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    subscribe(res, new URLSearchParams(query).get('topic'));
  } else if (path === '/events' && req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let data, topic;
      try {
        ({ data, topic } = JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        res.writeHead(400).end();
        return;
      }
      if (typeof data !== 'string') data = JSON.stringify(data);
      nextId++;
      const frame = `id: ${nextId}\nevent: bench\ndata: ${data}\n\n`;
      send(everyTopic, frame);
      send(byTopic.get(topic), frame);
      res.writeHead(201).end();
    });
  } else if (path === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`ok ${clients.size}\n`);
  } else {
    res.writeHead(404).end();
  }
});
server.keepAliveTimeout = 60000;
server.headersTimeout = 65000;
server.requestTimeout = 0; // streams are long-lived
server.listen(port, '127.0.0.1');
