// GraphiQL as a person uses it: Debian's chromium, headless, opens the test host's /graphql, types
// operations into the editor and reads the result pane. Proves the page, its bundled files (no
// CDN), the HTTP fetcher and the graphql-transport-ws path in a real browser, under the page's CSP.
//
//   ES_GRAPHQL_HTTP_HOST='dotnet .../Es.GraphQL.Conformance.HttpHost.dll' node --test ide.test.mjs
//
// ES_CHROMIUM overrides the browser (default /usr/bin/chromium); ES_IDE_SCREENSHOTS=DIR saves
// what the page looked like after each test in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost } from './test-host.mjs';

const executablePath = process.env.ES_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.ES_IDE_SCREENSHOTS;

let host;
let endpoint;     // http://127.0.0.1:PORT/graphql
let browser;
let page;
const requests = [];        // { url, status, contentType } of every response the browser got
const sockets = [];         // { url, received: [parsed frames] } of every WebSocket the page opened
const pageErrors = [];      // uncaught exceptions in the page

before(async () => {
  if (!existsSync(executablePath)) throw new Error(`no browser at ${executablePath} (scripts/setup installs Debian's chromium). Nothing was tested.`);
  ({ child: host, url: endpoint } = await startHost());
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The context sees the requests of the page and of its workers alike.
  context.on('response', (response) => requests.push({
    url: response.url(), status: response.status(), contentType: response.headers()['content-type'] ?? '',
  }));
  context.on('requestfailed', (request) => requests.push({ url: request.url(), status: 0, contentType: '' }));
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('websocket', (socket) => {
    const record = { url: socket.url(), received: [] };
    sockets.push(record);
    socket.on('framereceived', ({ payload }) => record.received.push(JSON.parse(payload)));
  });
  // Anything the Content-Security-Policy refuses is kept where the tests can read it.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const schemaLoaded = page.waitForResponse((r) => r.request().method() === 'POST' && /IntrospectionQuery/.test(r.request().postData() ?? ''));
  await page.goto(endpoint);
  await schemaLoaded;
  // The query editor is up when monaco has rendered its lines in it.
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  host?.kill();
});

const savedQuery = 'es-graphiql:/graphql:graphiql:query';  // GraphiQL's key under our namespace

/** Replaces the operation in the query editor by typing it, and runs it with the run button. */
async function run(operation) {
  await type(operation);
  await page.locator('.graphiql-execute-button').click();
}

/** Replaces the operation in the query editor by typing it. */
async function type(operation) {
  // GraphiQL rebuilds the editor (with the text it had saved) when the schema arrives, and parses
  // the text 100 ms after the last change, saving it in the same step: only then does it know a
  // subscription for one. So type until the text is saved and still in the editor.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.graphiql-query-editor .monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // insertText, as a paste would: keystrokes would meet monaco's auto-closing brackets and quotes.
    await page.keyboard.insertText(operation);
    const saved = await page.waitForFunction(([key, text]) => localStorage.getItem(key) === text, [savedQuery, operation], { timeout: 2_000 })
      .then(() => true, () => false);
    const shown = await editorText('.graphiql-query-editor');
    if (saved && shown === operation) break;
    if (attempt === 3) assert.equal(shown, operation, 'the query editor holds what was typed, and GraphiQL saved it');
  }
}

/** The text monaco shows in the editor inside `selector` (its lines joined, non-breaking spaces as spaces). */
async function editorText(selector) {
  const lines = await page.locator(`${selector} .monaco-editor .view-line`).evaluateAll((elements) =>
    elements
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text));
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Waits until the result pane's text passes `predicate`; returns that text. */
async function resultText(predicate, what) {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await editorText('.result-window');
    if (predicate(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`the result pane never showed ${what}; it shows:\n${text}`);
}

async function screenshot(name) {
  if (screenshots) await page.screenshot({ path: join(screenshots, `ide-${name}.png`) });
}

test('a browser at the endpoint gets GraphiQL, and a query typed in it shows its result', async () => {
  assert.equal(await page.title(), 'GraphiQL');
  await run('{ hello(name: "ide") }');
  const text = await resultText((t) => t.includes('"hello ide"'), '"hello ide"');
  assert.deepEqual(JSON.parse(text), { data: { hello: 'hello ide' } });
  await screenshot('query');
});

test('a subscription run in the IDE streams over the WebSocket and the pane ends on the last event', async () => {
  const before = sockets.length;
  await run('subscription { countdown(from: 3) }');
  const text = await resultText((t) => /"countdown":\s*0\b/.test(t), '"countdown": 0');
  assert.deepEqual(JSON.parse(text), { data: { countdown: 0 } });
  await screenshot('subscription');

  // The browser opened a socket to the endpoint's own path and got every event, then complete.
  const opened = sockets.slice(before);
  assert.equal(opened.length, 1, `one socket for the subscription: ${JSON.stringify(opened)}`);
  const [socket] = opened;
  assert.equal(socket.url, endpoint.replace(/^http/, 'ws'));
  const deadline = Date.now() + 5_000;
  while (!socket.received.some((m) => m.type === 'complete') && Date.now() < deadline) await page.waitForTimeout(20);
  assert.deepEqual(socket.received.map((m) => m.type), ['connection_ack', 'next', 'next', 'next', 'next', 'complete']);
  assert.deepEqual(socket.received.filter((m) => m.type === 'next').map((m) => m.payload.data.countdown), [3, 2, 1, 0]);
});

test('the editor checks the operation against the schema in monaco-graphql\'s worker', async () => {
  await type('{ hello(name: "ide") nope }');
  // The worker validates the text with the schema GraphiQL fetched, and monaco underlines the error.
  const marker = page.locator('.graphiql-query-editor .squiggly-error');
  await marker.first().waitFor({ timeout: 15_000 });
  assert.equal(await marker.count(), 1, 'one error: the unknown field');
  await screenshot('validation');
  await type('{ hello(name: "ide") }');
  await marker.first().waitFor({ state: 'detached', timeout: 15_000 });
});

test('the IDE fetched nothing from any other origin and broke no rule of its CSP', async () => {
  const origin = new URL(endpoint).origin;
  const urls = requests.map((r) => r.url);
  // The recording works: the page, its script and style, monaco's workers and the POSTs were seen.
  assert.ok(urls.includes(endpoint), `the page itself: ${urls.join('\n')}`);
  for (const file of [/\/_ide\/assets\/index-[\w-]+\.js$/, /\/_ide\/assets\/index-[\w-]+\.css$/,
    /\/_ide\/assets\/editor\.worker-[\w-]+\.js$/, /\/_ide\/assets\/graphql\.worker-[\w-]+\.js$/]) {
    assert.ok(urls.some((u) => file.test(u)), `a request for ${file}: ${urls.join('\n')}`);
  }
  assert.ok(sockets.length > 0, 'the subscription opened a WebSocket');

  const foreign = [...urls, ...sockets.map((s) => s.url)]
    .filter((u) => !u.startsWith('data:'))
    .filter((u) => new URL(u).origin !== origin && new URL(u).origin !== origin.replace(/^http/, 'ws'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(requests.filter((r) => r.status === 0 || r.status >= 400), [], 'no request failed');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(pageErrors, []);
});

test('the IDE files come with their content types, caching and CSP; unknown files are 404', async () => {
  // What the browser got (GraphiQL's page, chunks, style sheets, workers, monaco's font).
  const byExtension = new Map([['.js', 'text/javascript'], ['.css', 'text/css'], ['.ttf', 'font/ttf']]);
  const assets = requests.filter((r) => r.url.includes('/_ide/'));
  assert.ok(assets.length >= 5, `the IDE loaded its files: ${JSON.stringify(assets)}`);
  for (const asset of assets) {
    const extension = new URL(asset.url).pathname.match(/\.\w+$/)?.[0];
    assert.ok(byExtension.has(extension), `an expected kind of file: ${asset.url}`);
    assert.match(asset.contentType, new RegExp(`^${byExtension.get(extension)}\\b`), asset.url);
  }
  assert.ok(assets.some((a) => a.url.endsWith('.ttf')), 'monaco\'s codicon font came from us');

  const pageResponse = await fetch(endpoint, { headers: { accept: 'text/html' } });
  assert.equal(pageResponse.status, 200);
  assert.match(pageResponse.headers.get('content-type'), /^text\/html; charset=utf-8$/);
  assert.equal(pageResponse.headers.get('cache-control'), 'no-cache');
  const csp = pageResponse.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  const html = await pageResponse.text();
  assert.match(html, /<meta name="es-graphql-endpoint" content="\/graphql"/);
  assert.match(html, /<base href="\/graphql\/_ide\/"/);

  // A hashed file is cached for good and revalidates to 304 by its ETag.
  const script = new URL(assets.find((a) => a.url.endsWith('.js')).url);
  const first = await fetch(script, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[\w-]+"$/);
  const again = await fetch(script, { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } });
  assert.equal(again.status, 304);
  const page304 = await fetch(endpoint, { headers: { accept: 'text/html', 'if-none-match': pageResponse.headers.get('etag') } });
  assert.equal(page304.status, 304);

  // Compressed for clients that take it, and the same bytes once decoded.
  const plain = Buffer.from(await (await fetch(script, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  const br = await fetch(script, { headers: { 'accept-encoding': 'br' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.ok(Number(br.headers.get('content-length')) < plain.length / 2, 'brotli pays');
  assert.ok(Buffer.from(await br.arrayBuffer()).equals(plain), 'fetch decodes br to the same bytes');

  for (const unknown of ['assets/nope.js', 'index.html', '..%2F..%2Fappsettings.json', '%2E%2E/%2E%2E/etc/passwd',
    'assets/..%2F..%2Fbin/Es.GraphQL.Ide.dll', 'ASSETS/' + script.pathname.split('/').pop()]) {
    const response = await fetch(`${endpoint}/_ide/${unknown}`);
    assert.equal(response.status, 404, unknown);
  }
});

test('GraphQL clients at the same URL still get GraphQL, not the page', async () => {
  const response = await fetch(`${endpoint}?query=${encodeURIComponent('{ hello }')}`, { headers: { accept: 'text/html, application/json' } });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { data: { hello: 'hello world' } });
  const noQuery = await fetch(endpoint, { headers: { accept: 'application/graphql-response+json' } });
  assert.equal(noQuery.status, 400);
  assert.match(noQuery.headers.get('content-type'), /json/);
});
