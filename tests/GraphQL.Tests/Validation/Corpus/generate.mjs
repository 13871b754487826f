// Regenerates validation-corpus.json from graphql-js 17 (npm `graphql`): for every case of
// cases.mjs, the errors (message, locations) of its rule alone and of all specifiedRules.
// Run: npm i graphql@17 && node generate.mjs > validation-corpus.json
import * as graphql from 'graphql';
import fs from 'node:fs';
import { cases } from './cases.mjs';

const schema = graphql.buildSchema(fs.readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
const errorsOf = (errors) => errors.map((e) => ({ message: e.message, locations: (e.locations ?? []).map((l) => [l.line, l.column]) }));

const result = [];
for (const [rule, documents] of Object.entries(cases)) {
  for (const source of documents) {
    const document = graphql.parse(source);
    result.push({
      rule,
      source,
      errors: errorsOf(graphql.validate(schema, document, [graphql[rule]])),
      allErrors: errorsOf(graphql.validate(schema, document)),
    });
  }
}
console.log(JSON.stringify(result, null, 1));
