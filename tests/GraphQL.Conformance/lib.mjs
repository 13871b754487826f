// What graphql-js says about a corpus entry: the reference side of the differential
// suite, shared by generate.mjs, selfcheck.test.mjs and run.test.mjs.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  parse, validate, specifiedRules, experimentalExecuteIncrementally, subscribe, getOperationAST, GraphQLError,
  getIntrospectionQuery,
} from 'graphql';
import { createSchema, createContext } from './resolvers.mjs';

export const here = dirname(fileURLToPath(import.meta.url));
export const corpusDir = join(here, 'corpus');

/** The pseudo-rule of a document that does not parse. */
export const SYNTAX_ERROR = 'SyntaxError';

export const ruleNames = specifiedRules.map((r) => r.name);

let cachedSchema;
export function schema() {
  cachedSchema ??= createSchema();
  return cachedSchema;
}

/** Parses, or returns the syntax error. */
export function tryParse(source) {
  try {
    return { document: parse(source) };
  } catch (error) {
    if (error instanceof GraphQLError) return { error };
    throw error;
  }
}

const located = (e) => ({ message: e.message, locations: e.locations ?? [] });

/**
 * graphql-js's verdict on a document: valid or not, its errors, and the rules that
 * report them, each rule run on its own (`validate(schema, doc, [rule])`).
 */
export function verdictOf(source) {
  const parsed = tryParse(source);
  if (parsed.error) {
    return { valid: false, rules: [SYNTAX_ERROR], errors: [{ ...located(parsed.error), rule: SYNTAX_ERROR }] };
  }
  const s = schema();
  const errors = [];
  const rules = [];
  const all = validate(s, parsed.document);
  if (all.length === 0) return { valid: true, rules, errors };
  for (const rule of specifiedRules) {
    const found = validate(s, parsed.document, [rule]);
    if (found.length > 0) {
      rules.push(rule.name);
      for (const e of found) errors.push({ ...located(e), rule: rule.name });
    }
  }
  if (errors.length === 0) {
    throw new Error(`validate() with all rules disagrees with the rules run one by one on:\n${source}`);
  }
  return { valid: errors.length === 0, rules, errors };
}

const toJson = (value) => JSON.parse(JSON.stringify(value));

/** getIntrospectionQuery with every option on, as the driver's `introspect` mode runs it. */
export const introspectionOptions = Object.freeze({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

export function introspectionQuery() {
  return getIntrospectionQuery(introspectionOptions);
}

/** graphql-js's own answer to the introspection query (for the self-check). */
export function jsIntrospection() {
  const result = experimentalExecuteIncrementally({ schema: schema(), document: parse(introspectionQuery()) });
  return toJson(result);
}

/**
 * graphql-js's outcome of executing a valid entry with a fresh context:
 * `{ result }` for a query or mutation (and for a subscription that fails to start),
 * `{ events }` for a subscription (every event of its finite source stream).
 */
export async function executionOf(entry) {
  const document = parse(entry.document);
  const args = {
    schema: schema(),
    document,
    variableValues: entry.variables ?? undefined,
    operationName: entry.operationName ?? undefined,
    contextValue: createContext(),
  };
  const operation = getOperationAST(document, entry.operationName ?? undefined);
  if (operation?.operation === 'subscription') {
    const stream = await subscribe(args);
    if (stream && typeof stream[Symbol.asyncIterator] === 'function') {
      const events = [];
      for await (const event of stream) events.push(toJson(event));
      return { events };
    }
    return { result: toJson(stream) };
  }
  // The schema declares @defer and @stream (so that their validation rules apply), which
  // graphql-js's plain execute() refuses; corpus documents never defer or stream for
  // real (only with `if: false`), so the result is always a single payload.
  const result = await experimentalExecuteIncrementally(args);
  if ('initialResult' in result) throw new Error('Entry would produce an incremental result; use `if: false`.');
  return { result: toJson(result) };
}

/** One result in the comparable form: data as is; errors by message, path and locations, sorted. */
export function normalizeResult(result) {
  const out = {};
  if (result === null || typeof result !== 'object') return result;
  if ('data' in result) out.data = result.data;
  if (Array.isArray(result.errors)) {
    out.errors = result.errors
      .map((e) => ({
        message: e.message,
        path: e.path ?? null,
        locations: (e.locations ?? []).map(({ line, column }) => ({ line, column })),
      }))
      .sort((a, b) => {
        const ka = JSON.stringify([a.path, a.message, a.locations]);
        const kb = JSON.stringify([b.path, b.message, b.locations]);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
  }
  return out;
}

/** An execution outcome ({result} or {events}) in comparable form. */
export function normalizeOutcome(outcome) {
  if (outcome && Array.isArray(outcome.events)) return { events: outcome.events.map(normalizeResult) };
  return { result: normalizeResult(outcome?.result) };
}

/** Every corpus entry, from corpus/*.json, in file then entry order. */
export function loadCorpus() {
  const entries = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()) {
    const list = JSON.parse(readFileSync(join(corpusDir, file), 'utf8'));
    for (const e of list) entries.push({ ...e, file });
  }
  return entries;
}
