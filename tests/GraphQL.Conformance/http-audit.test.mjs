// graphql-http's audit suite (every audit: MUST, SHOULD and MAY) against our engine's HTTP
// endpoint, served by HttpHost on a free loopback port.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { auditServer } from 'graphql-http';

const hostCommand = process.env.ES_GRAPHQL_HTTP_HOST;

async function startHost() {
  if (!hostCommand) throw new Error('ES_GRAPHQL_HTTP_HOST is not set: the command that starts the test host. Nothing was audited.');
  const child = spawn('sh', ['-c', `exec ${hostCommand}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the host did not start within 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the host exited with ${code}: ${out}`)); });
  });
  return { child, url };
}

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
