// Regenerates execution-results.json with graphql-js 17: node execution-results.mjs execution-cases.json execution-results.json
import { buildSchema, parse, execute } from 'graphql';
import { readFileSync, writeFileSync } from 'fs';
const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schema = buildSchema(fixture.sdl);
// echo resolver: deterministic description of its arguments, the same in both engines.
const root = { ...fixture.root, echo: (args) => JSON.stringify(Object.fromEntries(Object.keys(args).sort().map((k) => [k, args[k]]))) };
const results = [];
for (const c of fixture.cases) {
  const result = await execute({ schema, document: parse(c.query), rootValue: root, variableValues: c.variables, operationName: c.operationName });
  results.push(JSON.parse(JSON.stringify(result)));
}
writeFileSync(process.argv[3], JSON.stringify(results, null, 1));
