// Regenerates sdl-corpus.json from graphql-js 17 (npm `graphql`): for every case of sdl-cases.mjs,
// the errors of validateSDL with its rule alone and with all of specifiedSDLRules.
// Run: npm i graphql@17 && node generate-sdl.mjs > sdl-corpus.json
import * as graphql from 'graphql';
import { validateSDL } from 'graphql/validation/validate.js';
import { specifiedSDLRules } from 'graphql/validation/specifiedRules.js';
import { KnownArgumentNamesOnDirectivesRule } from 'graphql/validation/rules/KnownArgumentNamesRule.js';
import { ProvidedRequiredArgumentsOnDirectivesRule } from 'graphql/validation/rules/ProvidedRequiredArgumentsRule.js';
import fs from 'node:fs';
import { sdlCases } from './sdl-cases.mjs';

const schema = graphql.buildSchema(fs.readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
const rules = { ...graphql, KnownArgumentNamesOnDirectivesRule, ProvidedRequiredArgumentsOnDirectivesRule };
const errorsOf = (errors) => errors.map((e) => ({ message: e.message, locations: (e.locations ?? []).map((l) => [l.line, l.column]) }));

const result = [];
for (const [rule, list] of Object.entries(sdlCases)) {
  for (const { sdl, extend } of list) {
    const document = graphql.parse(sdl);
    const base = extend ? schema : undefined;
    result.push({
      rule,
      source: sdl,
      extend: extend === true,
      errors: errorsOf(validateSDL(document, base, [rules[rule]])),
      allErrors: errorsOf(validateSDL(document, base, specifiedSDLRules)),
    });
  }
}
console.log(JSON.stringify(result, null, 1));
