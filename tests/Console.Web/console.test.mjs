// The Es console as people use it: Debian's chromium, headless, against the Es API host with its
// demo data. Each page loads without errors and without a request to any other origin, shows the
// figures the API gives for the same question (asked here with a GraphQL call of the test's own),
// and speaks to the API only with trusted documents (by id). Screenshots of each page go to
// ES_CONSOLE_SCREENSHOTS (default tests/Console.Web/screenshots/, not committed).
//
//   ES_TEST_POSTGRES='Host=...' tests/Console.Web/run      (after dotnet build src/Api -c Release)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startApi } from './api-host.mjs';

const executablePath = process.env.ES_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.ES_CONSOLE_SCREENSHOTS ?? fileURLToPath(new URL('./screenshots', import.meta.url));
const password = 'walk-together-2026';
const member = 'minji@demo.es';
const administrator = 'admin@demo.es';

let api;
let origin;
let browser;
const requests = [];     // { url, method, status, body } of every request the browsers made
const pageErrors = [];   // uncaught exceptions and console errors in any page

before(async () => {
  if (!existsSync(executablePath)) throw new Error(`no browser at ${executablePath} (scripts/setup installs Debian's chromium). Nothing was tested.`);
  mkdirSync(screenshots, { recursive: true });
  api = await startApi();
  origin = api.url;
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await api?.stop();
});

/** A fresh browser context (its own sessionStorage) with a page that records what it does. */
async function openPage(locale = 'en') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
  context.on('request', (request) => requests.push({ url: request.url(), method: request.method(), body: request.postData() }));
  context.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`${page.url()}: console: ${message.text()}`); });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
}

async function signIn(page, email) {
  await page.goto(`${origin}/console`);
  await page.locator('#email').waitFor();
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form.signin button[type=submit]');
  await page.locator('main[data-ready="true"]').waitFor({ timeout: 30_000 });
}

async function open(page, name) {
  await page.evaluate((n) => { window.location.hash = `#/${n}`; }, name);
  await page.locator(`main[data-ready="true"][data-page="${name}"]`).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('main .alert').count(), 0, `no error on ${name}: ${await page.locator('main .alert').allTextContents()}`);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], `no CSP violation on ${name}`);
}

async function screenshot(page, name, fullPage = true) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
}

/** What a person sees with the element at the top of the window. */
async function screenshotAt(page, selector, name) {
  await page.locator(selector).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, name, false);
}

/** The test's own GraphQL call (a document's text, as any client may send). */
async function graphql(query, variables = {}, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${origin}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return response.json();
}

async function tokenOf(email) {
  const result = await graphql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', { e: email, p: password });
  return result.data.signIn.accessToken;
}

/** data-value of the cells of a table column (1-based). */
const column = (page, tableId, n) => page.locator(`#${tableId} > tbody > tr > td:nth-child(${n})`).evaluateAll((cells) => cells.map((c) => c.dataset.value ?? c.textContent));

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

test('an anonymous visitor is sent to sign in, and comes back to the page they asked for', async () => {
  const page = await openPage();
  await page.goto(`${origin}/console#/community`);
  await page.locator('form.signin').waitFor();
  assert.equal(new URL(page.url()).hash, '#/signin?next=community');
  assert.equal(await page.locator('nav a').count(), 0, 'no navigation before signing in');
  await screenshot(page, 'signin');
  await page.fill('#email', member);
  await page.fill('#password', password);
  await page.click('form.signin button[type=submit]');
  await page.locator('main[data-ready="true"][data-page="community"]').waitFor({ timeout: 30_000 });
  // The session is the tab's: the access token is in sessionStorage, not in localStorage.
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('es-console-session')));
  assert.ok(stored.accessToken && stored.refreshToken);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('session')).length), 0);
  await page.context().close();
});

test('a wrong password is refused on the sign-in page with the API\'s reason', async () => {
  const page = await openPage();
  await page.goto(`${origin}/console#/signin`);
  await page.fill('#email', member);
  await page.fill('#password', 'not-the-password-2026');
  await page.click('form.signin button[type=submit]');
  const message = await page.locator('#signin-status [role=alert]').textContent();
  assert.match(message, /Sign-in failed/);
  await page.context().close();
});

test('My network draws the member\'s graph as the API gives it, suggestions highlighted, and lists the neighbours', async () => {
  const page = await openPage();
  await signIn(page, member);
  await open(page, 'network');
  const token = await tokenOf(member);
  const { data } = await graphql(`{ me { id network {
      graph(limit: 50) { nodes { id } edges { source target } }
      neighbours(first: 20) { nodes { member { id displayName } weight } }
      suggestions(first: 10) { nodes { member { id displayName } } } } } }`, {}, token);
  const graph = data.me.network.graph;
  assert.ok(graph.nodes.length >= 4, `the demo member has a network: ${JSON.stringify(graph)}`);
  const suggestedIds = data.me.network.suggestions.nodes.map((s) => s.member.id).filter((id) => !graph.nodes.some((n) => n.id === id));

  const drawn = await page.locator('#network-graph').evaluate((element) => ({
    nodes: element.cy.nodes().map((n) => ({ id: n.id(), me: n.hasClass('me'), suggestion: n.hasClass('suggestion'), x: n.renderedPosition('x'), y: n.renderedPosition('y') })),
    edges: element.cy.edges('[!suggestion]').filter((e) => !e.hasClass('suggestion')).map((e) => [e.source().id(), e.target().id()]),
    width: element.clientWidth, height: element.clientHeight,
  }));
  assert.deepEqual(drawn.nodes.filter((n) => !n.suggestion).map((n) => n.id).sort(), graph.nodes.map((n) => n.id).sort());
  assert.deepEqual(drawn.nodes.filter((n) => n.suggestion).map((n) => n.id).sort(), suggestedIds.sort());
  assert.deepEqual(drawn.nodes.filter((n) => n.me).map((n) => n.id), [data.me.id]);
  assert.deepEqual(drawn.edges.map((e) => e.join('-')).sort(), graph.edges.map((e) => `${e.source}-${e.target}`).sort());
  // The layout placed every node inside the drawing.
  for (const n of drawn.nodes) assert.ok(n.x >= 0 && n.x <= drawn.width && n.y >= 0 && n.y <= drawn.height, `node ${n.id} at ${n.x},${n.y}`);

  const neighbours = data.me.network.neighbours.nodes;
  assert.deepEqual(await column(page, 'neighbours', 1), neighbours.map((n) => n.member.displayName));
  // Weights decay with time (docs/analytics.md): the page asked a moment before the test did.
  const weights = (await column(page, 'neighbours', 3)).map(Number);
  weights.forEach((w, i) => assert.ok(Math.abs(w - neighbours[i].weight) < 0.01, `${w} ~ ${neighbours[i].weight}`));
  // The member's own region's graph, as regionGraph gives it.
  const region = await graphql('{ regionGraph(region: "Seoul Mapo", limit: 100) { nodes { id } } }', {}, token);
  const regionNodes = await page.locator('#region-graph').evaluate((element) => element.cy.nodes().map((n) => n.id()));
  assert.deepEqual(regionNodes.sort(), region.data.regionGraph.nodes.map((n) => n.id).sort());
  await screenshot(page, 'network');
  await page.context().close();
});

test('Community shows the week\'s ranking with its breakdown, trending tags with a series, and a region with its polls as the API gives them', async () => {
  const page = await openPage();
  await signIn(page, member);
  await open(page, 'community');
  const today = seoulToday();
  const week = await page.locator('#week').textContent();
  const isoWeek = /\((\d{4}-W\d{2})\)/.exec(week)[1];
  const { data } = await graphql(`query($w: String, $d: String) {
      membersOfTheWeek(week: $w, first: 10) { rank score member { displayName } breakdown { kind points } }
      trendingTags(day: $d, first: 10) { tag mentions score }
      region(name: "Seoul Mapo") { members { display } posts { display } openPolls { poll { question options { votes } } } closedPolls { poll { question options { votes } } } } }`,
  { w: isoWeek, d: today });
  assert.ok(data.membersOfTheWeek.length > 0, 'the demo data ranks members this week');
  assert.deepEqual(await column(page, 'members-of-the-week', 2), data.membersOfTheWeek.map((m) => m.member.displayName));
  assert.deepEqual((await column(page, 'members-of-the-week', 4)).map(Number), data.membersOfTheWeek.map((m) => m.score));
  // The breakdown of the first member: points per kind add up to the score shown.
  const first = data.membersOfTheWeek[0];
  const points = first.breakdown.reduce((s, b) => s + b.points, 0);
  assert.ok(Math.abs(points - first.score) < 1e-9);
  const breakdownRows = await page.locator('#members-of-the-week > tbody > tr:first-child details tbody tr').count();
  assert.equal(breakdownRows, first.breakdown.length);

  assert.deepEqual(await page.locator('#trending-tags tbody tr td:first-child').allTextContents(), data.trendingTags.map((t) => `#${t.tag}`));
  assert.deepEqual((await column(page, 'trending-tags', 2)).map(Number), data.trendingTags.map((t) => t.mentions));
  const tag = data.trendingTags[0].tag;
  const series = await graphql('query($t: String!, $f: String!, $to: String!) { tagSeries(tag: $t, from: $f, to: $to) { mentions } }',
    { t: tag, f: new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10), to: today });
  assert.equal(Number(await page.locator('#tag-series').getAttribute('data-total')), series.data.tagSeries.reduce((s, d) => s + d.mentions, 0));

  assert.equal(await page.locator('#region-members .value').textContent(), data.region.members.display);
  assert.equal(await page.locator('#region-posts .value').textContent(), data.region.posts.display);
  const votesShown = (id) => page.locator(`#${id} .poll-results`).evaluateAll((tables) => tables.map((t) =>
    [...t.querySelectorAll('tbody td:nth-child(2)')].map((c) => Number(c.dataset.value))));
  assert.deepEqual(await votesShown('open-polls'), data.region.openPolls.map((p) => p.poll.options.map((o) => o.votes)));
  assert.deepEqual(await votesShown('closed-polls'), data.region.closedPolls.map((p) => p.poll.options.map((o) => o.votes)));
  assert.ok(data.region.closedPolls.length > 0, 'the demo has a closed poll in Seoul Mapo');
  // A member is not shown the administrators' cohort table.
  assert.equal(await page.locator('#cohorts-admins-only').count(), 1);
  await screenshot(page, 'community');
  await page.context().close();
});

test('a member cannot open the operations page, and the API refuses them the projections and the dead letters too', async () => {
  const page = await openPage();
  await signIn(page, member);
  assert.equal(await page.locator('nav a[href="#/operations"]').count(), 0, 'no link to it');
  await page.evaluate(() => { window.location.hash = '#/operations'; });
  await page.locator('main[data-ready="true"][data-page="operations"]').waitFor();
  assert.match(await page.locator('main [role=alert]').textContent(), /Only administrators/);
  assert.equal(await page.locator('#projections').count(), 0);
  assert.equal(await page.locator('#dead-letters').count(), 0);
  const refused = await graphql('{ projections { name } }', {}, await tokenOf(member));
  assert.equal(refused.errors[0].extensions.code, 'FORBIDDEN');
  const letters = await graphql('{ deadLetters { nodes { key } } }', {}, await tokenOf(member));
  assert.equal(letters.errors[0].extensions.code, 'FORBIDDEN');
  const anonymous = await graphql('{ projections { name } }');
  assert.equal(anonymous.errors[0].extensions.code, 'UNAUTHENTICATED');
  await page.context().close();
});

test('an administrator sees the projections live with state and lag, and the returning-members heatmap', async () => {
  const page = await openPage();
  await signIn(page, administrator);
  assert.equal(await page.locator('nav a[href="#/operations"]').count(), 1);
  await open(page, 'operations');
  const token = await tokenOf(administrator);
  const { data } = await graphql('{ projections { name isCurrent state } }', {}, token);
  const names = data.projections.map((p) => (p.isCurrent ? p.name : `${p.name} (rebuild)`));
  assert.ok(names.length >= 5, JSON.stringify(names));
  assert.deepEqual(await column(page, 'projections', 1), names);
  assert.deepEqual(await page.locator('#projections tbody td:nth-child(3)').allTextContents(), data.projections.map((p) => p.state));
  // Live: the page asks again on its own.
  const before = requests.length;
  const stamp = await page.locator('#projections-updated').textContent();
  await page.waitForFunction((s) => document.querySelector('#projections-updated').textContent !== s, stamp, { timeout: 10_000 });
  assert.ok(requests.slice(before).some((r) => r.url.endsWith('/graphql') && JSON.parse(r.body).operationName === 'Projections'));
  await screenshot(page, 'operations');

  await open(page, 'community');
  const month = seoulToday().slice(0, 7);
  const cohorts = await graphql('query($m: String!) { returningMembers(month: $m) { signupMonth members returning } }', { m: month }, token);
  assert.ok(cohorts.data.returningMembers.length > 0, 'the demo members signed up this month');
  const rows = await page.locator('#cohorts tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.dataset.value ?? td.textContent)));
  const thisMonth = rows.slice(-cohorts.data.returningMembers.length);
  assert.deepEqual(thisMonth.map((r) => [Number(r[2]), Number(r[3])]), cohorts.data.returningMembers.map((c) => [c.members, c.returning]));
  assert.ok(await page.locator('#cohort-heatmap canvas').count() >= 1, 'the heatmap is drawn');
  await screenshot(page, 'community-administrator');
  await page.context().close();
});

test('commerce pages: an administrator sees segments, top customers and order trends as the API gives them; a member is kept out', async () => {
  const page = await openPage();
  await signIn(page, administrator);
  const token = await tokenOf(administrator);
  await open(page, 'customers');
  const { data } = await graphql(`{ customerSegments { segment count } topCustomers(first: 10) { customer spend }
    orderTrends { orders byWeekday { name orders } } restaurants(first: 10) { restaurantId } }`, {}, token);
  assert.ok(data.customerSegments.length > 0, 'every segment is listed');
  assert.deepEqual(await column(page, 'segments', 1), data.customerSegments.map((s) => s.segment));
  assert.deepEqual((await column(page, 'segments', 2)).map(Number), data.customerSegments.map((s) => s.count));
  if (data.topCustomers.length === 0) assert.equal(await page.locator('#no-customers').count(), 1);
  else assert.deepEqual((await column(page, 'top-customers', 2)).map(Number), data.topCustomers.map((c) => c.spend));
  await screenshot(page, 'customers');

  await open(page, 'delivery');
  assert.deepEqual(await column(page, 'orders-weekday', 1), data.orderTrends.byWeekday.map((d) => d.name));
  assert.deepEqual((await column(page, 'orders-weekday', 2)).map(Number), data.orderTrends.byWeekday.map((d) => d.orders));
  assert.equal(await page.locator('#restaurants, #no-restaurants').count(), 1);
  if (data.restaurants.length > 0) assert.equal(await page.locator('#restaurants > tbody > tr').count(), data.restaurants.length);
  await screenshot(page, 'delivery');

  await page.context().close();

  const memberPage = await openPage();
  await signIn(memberPage, member);
  assert.equal(await memberPage.locator('nav a[href="#/customers"]').count(), 0);
  await memberPage.evaluate(() => { window.location.hash = '#/customers'; });
  await memberPage.locator('main[data-ready="true"][data-page="customers"]').waitFor();
  assert.match(await memberPage.locator('main [role=alert]').textContent(), /Only administrators and auditors/);
  const refused = await graphql('{ customerSegments { count } }', {}, await tokenOf(member));
  assert.equal(refused.errors[0].extensions.code, 'FORBIDDEN');
  await memberPage.context().close();
});

test('Merchants: the list is the API\'s merchants; the daily ticket has a marker for each flag the API gives, and a marker or the list below shows a flag\'s events', async () => {
  const page = await openPage();
  await signIn(page, administrator);
  const token = await tokenOf(administrator);
  await open(page, 'merchants');
  const merchants = [];
  for (let after = null; ;) {
    const { data } = await graphql('query($a: String) { merchants(first: 100, after: $a) { nodes { id sales flags } pageInfo { hasNextPage endCursor } } }', { a: after }, token);
    merchants.push(...data.merchants.nodes);
    if (!data.merchants.pageInfo.hasNextPage) break;
    after = data.merchants.pageInfo.endCursor;
  }
  assert.ok(merchants.length >= 20, `the demo's 12 merchants, 8 restaurants and the Kafka kiosk: ${merchants.length}`);
  const offered = await page.locator('#merchant-select option').evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual([...offered].sort(), merchants.map((m) => m.id).sort());
  // Without a choice the page shows the merchant with the most sales.
  const busiest = merchants.reduce((best, m) => (m.sales > best.sales ? m : best));
  assert.equal(await page.locator('#merchant-ticket').getAttribute('data-merchant'), busiest.id);

  // The card merchant with the most flags, chosen in the list.
  const flagged = merchants.filter((m) => m.sales > 0).reduce((best, m) => (m.flags > best.flags ? m : best));
  assert.ok(flagged.flags > 0, 'the demo has flagged sales');
  await page.selectOption('#merchant-select', flagged.id);
  await page.click('main form button[type=submit]');
  await page.locator(`main[data-ready="true"] #merchant-ticket[data-merchant="${flagged.id}"]`).waitFor({ timeout: 30_000 });
  const ticket = await graphql('query($m: String!) { merchantAverageTicket(merchantId: $m) { from to periods { transactions } } }', { m: flagged.id }, token);
  const { from, to } = ticket.data.merchantAverageTicket;
  assert.deepEqual((await column(page, 'ticket-daily-table', 2)).map(Number), ticket.data.merchantAverageTicket.periods.map((p) => p.transactions));
  const { data } = await graphql(`query($m: String!, $f: String!, $t: String!) { anomalies(merchantId: $m, from: $f, to: $t, first: 100) {
      nodes { id rule reason day events { sequence type actor source } } pageInfo { hasNextPage } } }`, { m: flagged.id, f: from, t: to }, token);
  const flags = data.anomalies.nodes;
  assert.ok(flags.length > 0 && !data.anomalies.pageInfo.hasNextPage, `${flags.length} flags in ${from}..${to}`);
  const markers = await page.locator('#ticket-daily').evaluate((element) => element.esChart.getOption().series.find((s) => s.id === 'flags').data.length);
  assert.equal(markers, flags.length, 'a marker for each flag');
  assert.deepEqual(await page.locator('#flag-list button').evaluateAll((buttons) => buttons.map((b) => b.dataset.flag)), flags.map((f) => f.id));

  // A click on a marker (the first of its day sits on the line) shows that flag's rule, reason and events.
  const target = await page.locator('#ticket-daily').evaluate((element) => {
    const chart = element.esChart;
    const option = chart.getOption();
    const data = option.series.find((s) => s.id === 'flags').data;
    const i = data.findIndex((d) => d.symbolOffset[1] === 0);
    const [x, y] = chart.convertToPixel({ seriesId: 'flags' }, [option.xAxis[0].data.indexOf(data[i].value[0]), data[i].value[1]]);
    const box = element.getBoundingClientRect();
    return { flag: data[i].flag, x: box.left + x, y: box.top + y };
  });
  await page.mouse.click(target.x, target.y);
  const clicked = flags[target.flag];
  await page.locator(`#flag-detail [data-flag="${clicked.id}"]`).waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#flag-reason').textContent(), clicked.reason);
  assert.ok((await page.locator('#flag-rule').textContent()).includes(clicked.rule));
  assert.deepEqual(await column(page, 'flag-events', 1), clicked.events.map((e) => e.sequence));
  assert.deepEqual(await column(page, 'flag-events', 2), clicked.events.map((e) => e.type));
  assert.deepEqual(await column(page, 'flag-events', 4), clicked.events.map((e) => e.actor ?? '—'));
  assert.deepEqual(await column(page, 'flag-events', 5), clicked.events.map((e) => e.source ?? '—'));
  await screenshot(page, 'merchants');
  await screenshotAt(page, '#flags-heading', 'merchants-flag');

  // The same from the keyboard: the last flag of the list.
  const last = flags[flags.length - 1];
  await page.locator(`#flag-list button[data-flag="${last.id}"]`).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#flag-detail [data-flag="${last.id}"]`).waitFor({ timeout: 5_000 });
  assert.deepEqual(await column(page, 'flag-events', 1), last.events.map((e) => e.sequence));
  await page.context().close();
});

test('Operations lists Kafka\'s dead letters as the API gives them, and Replay sends one back so the refund behind it is stored', async () => {
  const page = await openPage();
  await signIn(page, administrator);
  const token = await tokenOf(administrator);
  await open(page, 'operations');
  await page.locator('#dead-letters').waitFor({ timeout: 30_000 });
  const { data } = await graphql('{ deadLetters(first: 100) { ingestEnabled nodes { topic partition offset reason key } } }', {}, token);
  const letters = data.deadLetters.nodes;
  assert.equal(letters.length, 4, `the demo's four bad messages: ${JSON.stringify(letters)}`);
  assert.deepEqual(await column(page, 'dead-letters', 1), letters.map((l) => `${l.topic}/${l.partition}/${l.offset}`));
  assert.deepEqual(await column(page, 'dead-letters', 3), letters.map((l) => l.reason));
  assert.deepEqual(await column(page, 'dead-letters', 5), letters.map((l) => l.key));
  await screenshotAt(page, '#dead-letters-box', 'operations-dead-letters');

  // The refund came before its sale; the sale is there now, so replaying the refund stores it.
  const refund = letters.findIndex((l) => l.reason === 'REJECTED');
  assert.ok(refund >= 0);
  await page.locator(`#dead-letters > tbody > tr:nth-child(${refund + 1}) button`).click();
  await page.waitForFunction(() => /Replayed/.test(document.querySelector('#dead-letter-status').textContent), null, { timeout: 30_000 });
  // The list is read again: the replayed letter says so, with who, as the API records it.
  await page.waitForFunction((n) => /Replayed 1×/.test(document.querySelector(`#dead-letters > tbody > tr:nth-child(${n}) .replays`)?.textContent ?? ''),
    refund + 1, { timeout: 30_000 });
  const recorded = (await graphql('{ deadLetters(first: 100) { nodes { replays { replayedBy } } } }', {}, token)).data.deadLetters.nodes;
  assert.deepEqual(recorded.map((l) => l.replays.length), letters.map((_, i) => (i === refund ? 1 : 0)));
  const replayText = await page.locator(`#dead-letters > tbody > tr:nth-child(${refund + 1}) .replays`).textContent();
  assert.ok(replayText.includes(recorded[refund].replays[0].replayedBy), replayText);
  const stream = letters[refund].key;
  let types = [];
  for (let i = 0; i < 120 && types.length < 2; i++) {
    const audit = await graphql('query($id: String!) { audit { stream(id: $id, first: 10) { nodes { type } } } }', { id: stream }, token);
    types = audit.data.audit.stream.nodes.map((n) => n.type);
    if (types.length < 2) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.deepEqual(types, ['SaleRecorded', 'SaleRefunded']);
  await page.context().close();
});

test('labels switch to Korean and numbers and dates follow the locale', async () => {
  const page = await openPage();
  await signIn(page, member);
  await open(page, 'community');
  await page.click('#language');
  await page.locator('main[data-ready="true"][data-page="community"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.deepEqual(await page.locator('nav a').allTextContents(), ['나의 네트워크', '커뮤니티']);
  const day = await page.locator('h2', { hasText: '뜨는 태그' }).textContent();
  const expected = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${seoulToday()}T00:00:00Z`));
  assert.ok(day.includes(expected), `${day} names the day as Korean does: ${expected}`);
  await screenshot(page, 'community-ko');
  await page.click('#language');
  await page.locator('main[data-ready="true"][data-page="community"]').waitFor();
  assert.equal(await page.locator('nav a').first().textContent(), 'My network');
  await page.context().close();
});

test('the keyboard reaches everything: a skip link first, landmarks, and a visible focus', async () => {
  const page = await openPage();
  await signIn(page, member);
  await open(page, 'network');
  // A fresh load: the first Tab starts at the top of the document.
  await page.reload();
  await page.locator('main[data-ready="true"][data-page="network"]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineWidth);
  assert.equal(outline, '4px');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  for (const landmark of ['header[role=banner]', 'nav[aria-label]', 'main', 'footer[role=contentinfo]']) {
    assert.equal(await page.locator(landmark).count(), 1, landmark);
  }
  // The base size is large: 20 px.
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '20px');
  await page.context().close();
});

test('the console asked the API only by trusted-document id, fetched nothing from another origin, and logged no error', async () => {
  const posts = requests.filter((r) => r.method === 'POST');
  assert.ok(posts.length > 10, 'the tests above used the console');
  for (const post of posts) {
    assert.equal(new URL(post.url).pathname, '/graphql');
    const body = JSON.parse(post.body);
    assert.match(body.documentId, /^sha256:[0-9a-f]{64}$/);
    assert.equal(body.query, undefined, 'no document text on the wire');
  }
  const foreign = requests.map((r) => r.url).filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors.filter((e) => !/status of 401/.test(e)), []);
});

test('the console page carries a strict CSP; its files are served hashed, unknown ones are 404', async () => {
  const response = await fetch(`${origin}/console`);
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self'(;|$)/);
  const html = await response.text();
  assert.match(html, /<base href="\/console\/"/);
  assert.match(html, /<meta name="es-graphql-endpoint" content="\/graphql"/);
  const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(html)[1];
  const file = await fetch(`${origin}/console/${script}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  for (const unknown of ['assets/nope.js', 'persisted-documents.json', 'index.html', '..%2Fappsettings.json']) {
    assert.equal((await fetch(`${origin}/console/${unknown}`)).status, 404, unknown);
  }
});
