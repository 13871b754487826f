// Hostile inputs against our endpoint as a public deployment has it (HttpHost, default limits):
// each is refused fast with its code, and the server goes on answering. The bounds on time are
// generous (they catch work that grows with the attack, not slowness of a busy machine).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startHost } from './test-host.mjs';

const FAST_MS = 2000;

let host;
let url;

before(async () => {
  const started = await startHost();
  host = started.child;
  url = started.url;
  await post({ query: '{ hello }' }); // warm: the first request pays for JIT
});
after(() => host?.kill());

async function post(body, { raw = false } = {}) {
  const text = raw ? body : JSON.stringify(body);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: text,
  });
  const answer = await response.text();
  return { status: response.status, body: answer ? JSON.parse(answer) : null, ms: performance.now() - started };
}

/** The server still answers an ordinary query correctly. */
async function assertHealthy() {
  const { status, body } = await post({ query: '{ hello(name: "still here") }' });
  assert.equal(status, 200);
  assert.deepEqual(body, { data: { hello: 'hello still here' } });
  assert.equal(host.exitCode, null, 'the host process is still running');
}

function assertRefused(result, code) {
  assert.ok(result.ms < FAST_MS, `refused in ${result.ms.toFixed(0)} ms, expected under ${FAST_MS} ms`);
  assert.equal(result.status, 400, JSON.stringify(result.body).slice(0, 300));
  assert.equal(result.body.data, undefined, 'a refused request has no data');
  assert.equal(result.body.errors[0].extensions?.code, code, JSON.stringify(result.body.errors[0]).slice(0, 300));
}

test('a 10 MB document is refused with 413 before it is read whole', async () => {
  const body = JSON.stringify({ query: `{ hello ${'# padding '.repeat(1_100_000)}}` });
  // node:http rather than fetch: the answer is timed when its status arrives, not when the
  // client has finished uploading what the server no longer reads.
  const started = performance.now();
  const status = await new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      resolve(response.statusCode);
      response.resume();
      request.destroy();
    });
    request.on('error', (error) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    request.end(body);
  });
  const ms = performance.now() - started;
  assert.equal(status, 413);
  assert.ok(ms < FAST_MS, `refused in ${ms.toFixed(0)} ms`);
  await assertHealthy();
});

test('10,000 aliases are refused by the token limit before validation', async () => {
  const fields = Array.from({ length: 10_000 }, (_, i) => `a${i}: hello`).join(' ');
  assertRefused(await post({ query: `{ ${fields} }` }), 'MAX_TOKENS_EXCEEDED');
  await assertHealthy();
});

test('2,000 aliases (within the token limit) are refused by the alias limit', async () => {
  const fields = Array.from({ length: 2_000 }, (_, i) => `a${i}: hello`).join(' ');
  assertRefused(await post({ query: `{ ${fields} }` }), 'MAX_ALIASES_EXCEEDED');
  await assertHealthy();
});

test('a selection 1,000 levels deep is refused by the nesting limit', async () => {
  const query = `${'{ a '.repeat(1_000)}${'}'.repeat(1_000)}`;
  assertRefused(await post({ query }), 'MAX_DEPTH_EXCEEDED');
  await assertHealthy();
});

test('a fragment bomb (2^40 fields once expanded) is refused by the cost limit without expanding it', async () => {
  const fragments = ['fragment F0 on Query { hello }'];
  for (let i = 1; i <= 40; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  const query = `{ ...F40 } ${fragments.join(' ')}`;
  assertRefused(await post({ query }), 'MAX_COST_EXCEEDED');
  await assertHealthy();
});

test('a chain of shallow fragments deeper than the limit is refused by the depth limit', async () => {
  // Each fragment is one level deep, so the parser's nesting limit does not see the depth.
  const fragments = [];
  for (let i = 0; i < 300; i++) fragments.push(`fragment F${i} on Query { self { ...F${i + 1} } }`);
  fragments.push('fragment F300 on Query { hello }');
  const result = await post({ query: `{ ...F0 } ${fragments.join(' ')}` });
  assertRefused(result, 'MAX_DEPTH_EXCEEDED');
  await assertHealthy();
});

test('1,000 directives on one field are refused by the directive limit', async () => {
  const query = `{ hello ${'@skip(if: false) '.repeat(1_000)}}`;
  assertRefused(await post({ query }), 'MAX_DIRECTIVES_EXCEEDED');
  await assertHealthy();
});

test('variables nested 10,000 levels deep are refused as malformed JSON', async () => {
  const body = `{"query":"query($v: String) { hello(name: $v) }","variables":{"v":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
  const result = await post(body, { raw: true });
  assert.ok(result.ms < FAST_MS);
  assert.equal(result.status, 400);
  await assertHealthy();
});

test('many hostile requests at once leave the server answering ordinary ones', async () => {
  const fragments = ['fragment F0 on Query { hello }'];
  for (let i = 1; i <= 30; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  const bomb = { query: `{ ...F30 } ${fragments.join(' ')}` };
  const deep = { query: `${'{ a '.repeat(1_000)}${'}'.repeat(1_000)}` };
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? bomb : deep)));
  for (const result of results) assert.equal(result.status, 400);
  await assertHealthy();
});
