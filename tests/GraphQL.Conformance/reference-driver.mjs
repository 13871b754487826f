// A driver that answers the protocol with graphql-js itself: the executable form of the
// protocol in README.md, and the proof that run.test.mjs passes against a conforming
// engine. Our C# driver does the same with src/GraphQL.
//
//   ES_GRAPHQL_DRIVER='node reference-driver.mjs' node --test run.test.mjs
//
// Usage: node reference-driver.mjs <introspect|sdl|validate|execute>  (JSON in on stdin, out on stdout)

import { readFileSync } from 'node:fs';
import {
  buildSchema, experimentalExecuteIncrementally, parse, printSchema, specifiedRules, validate, GraphQLError,
} from 'graphql';
import { schema, executionOf, SYNTAX_ERROR } from './lib.mjs';

const located = (e) => ({ message: e.message, locations: e.locations ?? [] });

function validateEntry(entry, schemas) {
  let document;
  try {
    document = parse(entry.document);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [{ ...located(error), rule: SYNTAX_ERROR }];
  }
  let target = schema();
  if (entry.schemaSdl !== undefined) {
    if (!schemas.has(entry.schemaSdl)) schemas.set(entry.schemaSdl, buildSchema(entry.schemaSdl));
    target = schemas.get(entry.schemaSdl);
  }
  return specifiedRules.flatMap((rule) => validate(target, document, [rule]).map((e) => ({ ...located(e), rule: rule.name })));
}

const modes = {
  introspect: (input) => JSON.parse(JSON.stringify(
    experimentalExecuteIncrementally({ schema: schema(), document: parse(input.query) }),
  )),
  sdl: () => ({ sdl: printSchema(schema()) }),
  validate: (input) => {
    const schemas = new Map();
    return input.map((entry) => ({ id: entry.id, errors: validateEntry(entry, schemas) }));
  },
  execute: async (input) => {
    const out = [];
    for (const entry of input) out.push({ id: entry.id, ...(await executionOf(entry)) });
    return out;
  },
};

const mode = process.argv[2];
if (!(mode in modes)) {
  process.stderr.write(`usage: reference-driver.mjs <${Object.keys(modes).join('|')}>\n`);
  process.exit(2);
}
const input = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(await modes[mode](input)));
