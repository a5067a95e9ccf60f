// The common Node SSE broker: a Set of open responses, res.write() to each for every event.
// No npm packages. Listens on 127.0.0.1:$PORT.
'use strict';
const http = require('http');

const port = Number(process.env.PORT);
if (!port) {
  console.error('PORT is required');
  process.exit(2);
}

const clients = new Set();
let nextId = 0;

function broadcast(frame) {
  for (const res of clients) res.write(frame);
}

setInterval(() => broadcast(': keep-alive\n\n'), 15000);

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/events' && req.method === 'GET') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    clients.add(res);
    res.on('close', () => clients.delete(res));
  } else if (path === '/events' && req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let data;
      try {
        data = JSON.parse(Buffer.concat(chunks).toString('utf8')).data;
      } catch (e) {
        res.writeHead(400).end();
        return;
      }
      if (typeof data !== 'string') data = JSON.stringify(data);
      nextId++;
      broadcast(`id: ${nextId}\nevent: bench\ndata: ${data}\n\n`);
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
