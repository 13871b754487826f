// Regenerates introspection-result.json: graphql-js 17 introspection of everything.graphql with every option on.
// node introspection.mjs everything.graphql introspection-query.graphql introspection-result.json
import { buildSchema, graphql, getIntrospectionQuery } from 'graphql';
import { readFileSync, writeFileSync } from 'fs';
const schema = buildSchema(readFileSync(process.argv[2], 'utf8'));
const source = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
  inputValueDeprecation: true, experimentalDirectiveDeprecation: true, oneOf: true });
writeFileSync(process.argv[3], source);
const result = await graphql({ schema, source });
writeFileSync(process.argv[4], JSON.stringify(result, null, 1));
