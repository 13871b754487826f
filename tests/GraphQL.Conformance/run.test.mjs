// The differential suite: our engine (through its driver) against graphql-js 17.
//
//   ES_GRAPHQL_DRIVER='<command line>' node --test run.test.mjs
//
// The driver protocol is in README.md ("Driver protocol"). Without ES_GRAPHQL_DRIVER
// every test fails: this suite never passes without comparing anything.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertValidSchema, buildClientSchema, buildSchema, parse, printSchema } from 'graphql';
import { sdl } from './resolvers.mjs';
import {
  here, loadCorpus, executionOf, normalizeOutcome, introspectionQuery, SYNTAX_ERROR,
} from './lib.mjs';
import { verdictFor, schemaSdl } from './generate.mjs';

const DRIVER = process.env.ES_GRAPHQL_DRIVER;
const TIMEOUT_MS = Number(process.env.ES_GRAPHQL_DRIVER_TIMEOUT_MS ?? 600_000);
const corpus = loadCorpus();
const expectedSdl = printSchema(buildSchema(sdl));

/** Runs `$ES_GRAPHQL_DRIVER <mode>` with `input` as JSON on stdin; returns its stdout as JSON. */
function runDriver(mode, input) {
  if (!DRIVER) {
    assert.fail('ES_GRAPHQL_DRIVER is not set: it must be the shell command line of our engine\'s '
      + 'conformance driver (see tests/GraphQL.Conformance/README.md, "Driver protocol"). '
      + 'Nothing was compared, so this test fails.');
  }
  const child = spawnSync('sh', ['-c', `${DRIVER} ${mode}`], {
    cwd: here,
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: TIMEOUT_MS,
    env: { ...process.env, ES_GRAPHQL_CONFORMANCE_DIR: here },
  });
  const tail = (s) => (s ?? '').split('\n').slice(-30).join('\n');
  if (child.error) assert.fail(`driver ${mode}: ${child.error.message}\n${tail(child.stderr)}`);
  if (child.status !== 0) assert.fail(`driver ${mode} exited with ${child.status ?? child.signal}\n${tail(child.stderr)}`);
  try {
    return JSON.parse(child.stdout);
  } catch (error) {
    assert.fail(`driver ${mode} did not write JSON on stdout (${error.message}):\n${child.stdout.slice(0, 2000)}`);
  }
}

/** The first lines where two texts differ, for a readable failure. */
function lineDiff(expected, actual, max = 20) {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const out = [];
  for (let i = 0; i < Math.max(e.length, a.length) && out.length < max; i++) {
    if (e[i] !== a[i]) out.push(`line ${i + 1}:\n  graphql-js: ${e[i] ?? '<end>'}\n  ours:       ${a[i] ?? '<end>'}`);
  }
  return out.join('\n');
}

/**
 * Compares two printed schemas. Identical text passes. Otherwise they still match when
 * they hold the same definitions, each with exactly the same text, in another order:
 * the order of types and directives means nothing (fields, arguments and values keep
 * their order, inside each definition's text).
 */
function compareSdl(expected, actual) {
  if (expected === actual) return { same: true, note: 'identical' };
  let definitions;
  try {
    definitions = (text) => new Map(parse(text).definitions.map((d) => [
      `${d.kind} ${d.name?.value ?? ''}`, text.slice(d.loc.start, d.loc.end),
    ]));
    definitions(actual);
  } catch (error) {
    return { same: false, note: 'DIFFERENT', detail: `ours does not parse: ${error.message}` };
  }
  const want = definitions(expected);
  const got = definitions(actual);
  const problems = [];
  for (const [key, text] of want) {
    if (!got.has(key)) problems.push(`missing ${key}:\n${text}`);
    else if (got.get(key) !== text) problems.push(`${key} differs:\n${lineDiff(text, got.get(key), 8)}`);
  }
  for (const key of got.keys()) if (!want.has(key)) problems.push(`extra ${key}:\n${got.get(key)}`);
  if (problems.length === 0) return { same: true, note: 'same definitions in another order' };
  return { same: false, note: `DIFFERENT (${problems.length} definitions)`, detail: problems.join('\n\n') };
}

function byId(answers, mode) {
  assert.ok(Array.isArray(answers), `driver ${mode} must answer a JSON array`);
  const map = new Map();
  for (const a of answers) {
    assert.ok(a && typeof a.id === 'string', `driver ${mode}: every answer needs an "id"`);
    assert.ok(!map.has(a.id), `driver ${mode}: id ${a.id} answered twice`);
    map.set(a.id, a);
  }
  return map;
}

const short = (value) => {
  const s = String(JSON.stringify(value));
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
};

test('introspect: our introspection rebuilds with buildClientSchema and prints the same SDL', (t) => {
  const result = runDriver('introspect', { query: introspectionQuery() });
  assert.ok(result && typeof result === 'object', 'introspect must answer an execution result object');
  assert.equal(result.errors, undefined, `introspection errors: ${short(result.errors)}`);
  const rebuilt = buildClientSchema(result.data);
  assertValidSchema(rebuilt);
  const printed = printSchema(rebuilt);
  const comparison = compareSdl(expectedSdl, printed);
  t.diagnostic(`introspect: ${Object.keys(rebuilt.getTypeMap()).length} types and ${rebuilt.getDirectives().length} directives rebuilt; printed SDL: ${comparison.note}`);
  assert.ok(comparison.same, `printSchema of our introspection differs from graphql-js's:\n${comparison.detail}`);
});

test('sdl: our printSchema prints what graphql-js prints', (t) => {
  const result = runDriver('sdl', {});
  assert.equal(typeof result?.sdl, 'string', 'sdl must answer {"sdl": "<text>"}');
  const ours = result.sdl.replace(/\s+$/, '');
  const comparison = compareSdl(expectedSdl, ours);
  t.diagnostic(`sdl: ${expectedSdl.split('\n').length} lines compared; ${comparison.note}`);
  assert.ok(comparison.same, `our printSchema differs from graphql-js's:\n${comparison.detail}`);
});

test('validate: same verdict and same rules as graphql-js for every document', (t) => {
  const input = corpus.map((e) => {
    const entry = { id: e.id, document: e.document };
    if (e.schema !== undefined) entry.schemaSdl = schemaSdl(e.schema);
    return entry;
  });
  const answers = byId(runDriver('validate', input), 'validate');
  const verdictMismatches = [];
  const ruleMismatches = [];
  const missing = [];
  let valid = 0;
  for (const e of corpus) {
    const expected = verdictFor(e);
    if (expected.valid) valid++;
    const answer = answers.get(e.id);
    if (!answer) { missing.push(e.id); continue; }
    assert.ok(Array.isArray(answer.errors), `validate: ${e.id} needs an "errors" array`);
    const rules = [...new Set(answer.errors.map((err) => err.rule))].sort();
    const want = [...expected.rules].sort();
    if ((answer.errors.length === 0) !== expected.valid) {
      verdictMismatches.push(`${e.id}: graphql-js ${expected.valid ? 'valid' : `invalid [${want}]`}, ours ${answer.errors.length === 0 ? 'valid' : `invalid [${rules}]`}`);
    } else if (JSON.stringify(rules) !== JSON.stringify(want)) {
      ruleMismatches.push(`${e.id}: graphql-js [${want}], ours [${rules}]`);
    }
  }
  const extra = [...answers.keys()].filter((id) => !corpus.some((e) => e.id === id));
  t.diagnostic(`validate: ${corpus.length} documents compared (${valid} valid, ${corpus.length - valid} invalid by graphql-js); `
    + `${verdictMismatches.length} verdict mismatches, ${ruleMismatches.length} rule mismatches, ${missing.length} unanswered`);
  const problems = [
    ...missing.map((id) => `${id}: no answer`),
    ...extra.map((id) => `${id}: answered but not asked`),
    ...verdictMismatches,
    ...ruleMismatches,
  ];
  assert.ok(problems.length === 0, `${problems.length} documents differ from graphql-js (rules as [${SYNTAX_ERROR} | rule names]):\n${problems.join('\n')}`);
});

test('execute: every valid document executes to the same result as in graphql-js', async (t) => {
  const valid = corpus.filter((e) => e.expected.valid && e.schema === undefined);
  const input = valid.map((e) => {
    const entry = { id: e.id, document: e.document };
    if (e.variables !== undefined) entry.variables = e.variables;
    if (e.operationName !== undefined) entry.operationName = e.operationName;
    return entry;
  });
  const answers = byId(runDriver('execute', input), 'execute');
  const problems = [];
  let subscriptions = 0;
  for (const e of valid) {
    const answer = answers.get(e.id);
    if (!answer) { problems.push(`${e.id}: no answer`); continue; }
    const expected = normalizeOutcome(await executionOf(e));
    if (expected.events) subscriptions++;
    const actual = normalizeOutcome('events' in answer ? { events: answer.events } : { result: answer.result });
    try {
      assert.deepStrictEqual(actual, expected);
    } catch {
      problems.push(`${e.id}:\n  graphql-js: ${short(expected)}\n  ours:       ${short(actual)}`);
      continue;
    }
    // Response maps are ordered (and so are echo's objects): same values in another key order differ too.
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${e.id}: same values, different key order:\n  graphql-js: ${short(expected)}\n  ours:       ${short(actual)}`);
    }
  }
  t.diagnostic(`execute: ${valid.length} documents executed and compared (${subscriptions} subscriptions); ${problems.length} differ`);
  assert.ok(problems.length === 0, `${problems.length} results differ from graphql-js (data; errors by message, path, locations):\n${problems.join('\n')}`);
});
