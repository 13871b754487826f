// graphql-transport-ws against our engine's WebSocket endpoint, served by HttpHost: the graphql-ws
// client from npm for the happy paths, a raw `ws` socket to provoke every close code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './test-host.mjs';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

let host;
let wsUrl;

before(async () => {
  const started = await startHost();
  host = started.child;
  wsUrl = started.url.replace(/^http/, 'ws');
});
after(() => host?.kill());

function client(connectionParams) {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams });
}

/** Runs one operation through the graphql-ws client; resolves with everything it received. */
function run(c, payload) {
  return new Promise((resolve) => {
    const received = [];
    c.subscribe(payload, {
      next: (value) => received.push({ next: value }),
      error: (error) => resolve([...received, { error }]),
      complete: () => resolve(received),
    });
  });
}

test('a subscription streams its events and then completes', async () => {
  const c = client();
  const received = await run(c, { query: 'subscription { countdown(from: 3) }' });
  await c.dispose();
  assert.deepEqual(received.map((r) => r.next.data.countdown), [3, 2, 1, 0]);
});

test('queries and mutations over the socket give one result and complete', async () => {
  const c = client();
  assert.deepEqual(await run(c, { query: 'query Q($n: String) { hello(name: $n) }', variables: { n: 'ws' } }),
    [{ next: { data: { hello: 'hello ws' } } }]);
  const [bump] = await run(c, { query: 'mutation { bump }' });
  assert.equal(typeof bump.next.data.bump, 'number');
  await c.dispose();
});

test('a document that does not validate gets an error message with the errors', async () => {
  const c = client();
  const received = await run(c, { query: 'subscription { nope }' });
  await c.dispose();
  assert.equal(received.length, 1);
  assert.match(received[0].error[0].message, /Cannot query field "nope"/);
});

test('unsubscribing stops the stream', async () => {
  const c = client();
  const seen = [];
  await new Promise((resolve) => {
    const stop = c.subscribe({ query: 'subscription { forever }' }, {
      next: (v) => { seen.push(v.data.forever); if (seen.length === 3) { stop(); setTimeout(resolve, 100); } },
      error: resolve, complete: resolve,
    });
  });
  await c.dispose();
  assert.equal(seen.length, 3);
});

/** A raw socket: sends `messages` (strings or objects) once open, resolves with the close code and reason. */
function closeOf(messages, { protocol = 'graphql-transport-ws', waitMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, protocol);
    const timer = setTimeout(() => { socket.terminate(); reject(new Error('the server did not close the socket')); }, 10_000);
    const received = [];
    socket.on('open', async () => {
      for (const m of messages) {
        socket.send(typeof m === 'string' ? m : JSON.stringify(m));
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
      }
    });
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    socket.on('close', (code, reason) => { clearTimeout(timer); resolve({ code, reason: String(reason), received }); });
    socket.on('error', () => {});
  });
}

test('ping is answered with pong', async () => {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const pong = await new Promise((resolve) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'ping' })));
    socket.on('message', (data) => resolve(JSON.parse(String(data))));
  });
  socket.close();
  assert.deepEqual(pong, { type: 'pong' });
});

test('4400: a message that is not JSON closes the socket', async () => {
  const { code, reason } = await closeOf([{ type: 'connection_init' }, 'not json']);
  assert.equal(code, 4400);
  assert.match(reason, /Invalid message/);
});

test('4400: an unknown message type closes the socket', async () => {
  assert.equal((await closeOf([{ type: 'connection_init' }, { type: 'start', id: '1' }])).code, 4400);
});

test('4401: subscribing before connection_init is unauthorized', async () => {
  assert.equal((await closeOf([{ type: 'subscribe', id: '1', payload: { query: '{ hello }' } }])).code, 4401);
});

test('4403: a connection the server refuses is forbidden', async () => {
  assert.equal((await closeOf([{ type: 'connection_init', payload: { forbidden: true } }])).code, 4403);
});

test('4406: the legacy graphql-ws subprotocol is not spoken', async () => {
  assert.equal((await closeOf([], { protocol: 'graphql-ws' })).code, 4406);
});

test('4408: no connection_init within the timeout', async () => {
  const { code, reason } = await closeOf([]);
  assert.equal(code, 4408);
  assert.match(reason, /initialisation timeout/);
});

test('4409: a second subscriber with an id in use', async () => {
  const subscribe = { type: 'subscribe', id: 'same', payload: { query: 'subscription { forever }' } };
  const { code, received } = await closeOf([{ type: 'connection_init' }, subscribe, subscribe], { waitMs: 50 });
  assert.equal(code, 4409);
  assert.equal(received[0].type, 'connection_ack');
});

test('4429: a second connection_init', async () => {
  assert.equal((await closeOf([{ type: 'connection_init' }, { type: 'connection_init' }], { waitMs: 50 })).code, 4429);
});

test('4500: an internal error while connecting', async () => {
  assert.equal((await closeOf([{ type: 'connection_init', payload: { crash: true } }])).code, 4500);
});
