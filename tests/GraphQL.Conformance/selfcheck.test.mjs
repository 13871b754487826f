// Proves the suite itself is sound, with graphql-js alone (no driver needed):
//   node --test selfcheck.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidSchema, buildSchema, printSchema, specifiedRules, buildClientSchema } from 'graphql';
import { sdl, designedErrorPatterns } from './resolvers.mjs';
import { schema, loadCorpus, executionOf, corpusDir, SYNTAX_ERROR, jsIntrospection } from './lib.mjs';
import { corpusFiles, generateEntries, SEED } from './generate.mjs';
import handwritten from './handwritten.mjs';

const corpus = loadCorpus();
const isHandwritten = (e) => e.file === 'handwritten.json';

test('the schema is valid and prints the same from SDL and from its own introspection', () => {
  const s = schema();
  assertValidSchema(s);
  const result = jsIntrospection();
  assert.equal(result.errors, undefined);
  const rebuilt = buildClientSchema(result.data);
  assertValidSchema(rebuilt);
  assert.equal(printSchema(rebuilt), printSchema(buildSchema(sdl)));
});

test('the schema covers the type system', () => {
  const s = schema();
  const printed = printSchema(s);
  for (const needle of ['@specifiedBy(url:', '@oneOf', 'repeatable on', 'interface Entity implements Node', 'union SearchResult', '@deprecated(reason:', 'subscription: Subscription']) {
    assert.ok(printed.includes(needle), `printSchema lacks ${needle}`);
  }
  for (const name of ['DateTime', 'Decimal', 'UUID', 'JSON']) assert.ok(s.getType(name), name);
});

test('the corpus files are exactly what generate.mjs writes: fresh, with graphql-js\'s verdicts', () => {
  // corpusFiles() asks graphql-js again for every verdict, one rule at a time.
  const files = corpusFiles();
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readFileSync(join(corpusDir, name), 'utf8'), text, `corpus/${name} is stale: run node generate.mjs`);
  }
});

test('the generator is deterministic and depends on its seed', () => {
  const docs = (seed) => generateEntries(seed, { withVerdicts: false }).map((e) => e.document);
  const a = docs(SEED);
  assert.deepEqual(docs(SEED), a);
  assert.notDeepEqual(docs(SEED + 1), a);
});

test('the corpus is large enough: at least 400 documents, at least 150 hand-written', () => {
  assert.ok(corpus.length >= 400, `${corpus.length} documents`);
  const hw = corpus.filter(isHandwritten);
  assert.ok(hw.length >= 150, `${hw.length} hand-written`);
  assert.equal(hw.length, handwritten.length);
  assert.ok(corpus.some((e) => e.expected.valid) && corpus.some((e) => !e.expected.valid));
});

test('ids are unique and entries are well-formed', () => {
  const ids = new Set();
  for (const e of corpus) {
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.equal(typeof e.document, 'string', e.id);
    assert.equal(typeof e.expected.valid, 'boolean', e.id);
    assert.equal(e.expected.valid, e.expected.rules.length === 0, e.id);
  }
});

test('every rule of specifiedRules is the verdict of at least 3 invalid documents', () => {
  const counts = Object.fromEntries(specifiedRules.map((r) => [r.name, 0]));
  for (const e of corpus) for (const r of e.expected.rules) if (r in counts) counts[r]++;
  const short = Object.entries(counts).filter(([, n]) => n < 3);
  assert.deepEqual(short, [], `rules with fewer than 3 invalid documents: ${JSON.stringify(short)}`);
  assert.ok(corpus.some((e) => e.expected.rules.includes(SYNTAX_ERROR)), 'no syntax error in the corpus');
});

test('hand-written documents cover every rule by themselves, with valid cases beside them', () => {
  const counts = Object.fromEntries(specifiedRules.map((r) => [r.name, 0]));
  for (const e of corpus.filter(isHandwritten)) for (const r of e.expected.rules) if (r in counts) counts[r]++;
  const short = Object.entries(counts).filter(([, n]) => n < 3);
  assert.deepEqual(short, [], `hand-written: rules with fewer than 3 documents: ${JSON.stringify(short)}`);
  assert.ok(corpus.filter(isHandwritten).filter((e) => e.expected.valid).length >= 100);
});

test('every valid document executes against the JS resolvers without unexpected errors', async () => {
  const problems = [];
  const valid = corpus.filter((e) => e.expected.valid && e.schema === undefined);
  assert.ok(valid.length >= 200, `${valid.length} valid executable documents`);
  for (const e of valid) {
    let outcome;
    try {
      outcome = await executionOf(e);
    } catch (error) {
      problems.push(`${e.id}: execution threw ${error.message}`);
      continue;
    }
    const results = outcome.events ?? [outcome.result];
    const errors = results.flatMap((r) => r.errors ?? []);
    if (e.expectErrors) {
      if (errors.length === 0) problems.push(`${e.id}: expected errors, got none`);
      continue;
    }
    for (const err of errors) {
      if (!designedErrorPatterns.some((p) => p.test(err.message))) problems.push(`${e.id}: unexpected error "${err.message}"`);
    }
  }
  assert.deepEqual(problems, []);
});
