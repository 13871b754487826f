// graphql-http's audit suite (every audit: MUST, SHOULD and MAY) against our engine's HTTP
// endpoint, served by HttpHost on a free loopback port.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './test-host.mjs';
import { auditServer } from 'graphql-http';

let host;
after(() => host?.child.kill());

test('every graphql-http server audit passes (MUST, SHOULD and MAY)', async () => {
  host = await startHost();
  const results = await auditServer({ url: host.url });
  const failed = results.filter((r) => r.status !== 'ok');
  console.log(`# graphql-http audits: ${results.length} run, ${results.length - failed.length} ok, ${failed.length} not ok`);
  assert.ok(results.length >= 61, `expected at least 61 audits, ran ${results.length}`);
  assert.deepEqual(
    failed.map((r) => `${r.id} ${r.name}: ${r.reason}`),
    [],
  );
});
