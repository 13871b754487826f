// Generates random-execution-cases.json: seeded random operations over execution-cases.json's schema
// and root, kept when graphql-js 17 validates them, with graphql-js's response for each.
// node random-cases.mjs execution-cases.json random-execution-cases.json
import { buildSchema, parse, validate, execute, getNamedType, isObjectType, isInterfaceType, isUnionType, isLeafType, isNonNullType, isListType, isEnumType, isInputObjectType } from 'graphql';
import { readFileSync, writeFileSync } from 'fs';
const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schema = buildSchema(fixture.sdl);
const root = { ...fixture.root, echo: (args) => JSON.stringify(Object.fromEntries(Object.keys(args).sort().map((k) => [k, args[k]]))) };
let seed = 20261122;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const literalFor = (type, depth = 0) => {
  if (isNonNullType(type)) return literalFor(type.ofType, depth);
  if (rand() < 0.1) return 'null';
  if (isListType(type)) return rand() < 0.5 ? `[${literalFor(type.ofType, depth + 1)}, ${literalFor(type.ofType, depth + 1)}]` : literalFor(type.ofType, depth + 1);
  if (isEnumType(type)) return pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    if (type.isOneOf) { const f = pick(fields); return `{ ${f.name}: ${literalFor(new (f.type.constructor)(f.type.ofType ?? f.type), depth + 1).replace('null', '"x"')} }`; }
    return `{ ${fields.filter(() => rand() < 0.7).map((f) => `${f.name}: ${literalFor(f.type, depth + 1)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int': return String(Math.floor(rand() * 200 - 100));
    case 'Float': return (rand() * 10).toFixed(2);
    case 'Boolean': return rand() < 0.5 ? 'true' : 'false';
    case 'ID': return rand() < 0.5 ? '"id' + Math.floor(rand() * 9) + '"' : String(Math.floor(rand() * 9));
    default: return JSON.stringify('s' + Math.floor(rand() * 99));
  }
};
const fragments = new Map();
const selection = (type, depth) => {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const parts = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (isObjectType(named) || isInterfaceType(named)) {
      const fields = Object.values(named.getFields()).filter((f) => depth < 3 || isLeafType(getNamedType(f.type)));
      if (fields.length === 0) continue;
      const f = pick(fields);
      const alias = rand() < 0.2 ? `a${Math.floor(rand() * 5)}: ` : '';
      const args = f.args.length && rand() < 0.7 ? `(${f.args.filter(() => rand() < 0.6).map((a) => `${a.name}: ${literalFor(a.type)}`).join(', ')})`.replace('()', '') : '';
      const dir = rand() < 0.1 ? (rand() < 0.5 ? ' @skip(if: true)' : ' @include(if: true)') : '';
      parts.push(`${alias}${f.name}${args}${dir}${selection(f.type, depth + 1)}`);
    }
    if (r < 0.3 && (isInterfaceType(named) || isUnionType(named))) {
      const t = pick(schema.getPossibleTypes(named));
      parts.push(`... on ${t.name}${selection(t, depth + 1)}`);
    } else if (r < 0.4) {
      parts.push('__typename');
    } else if (r < 0.5 && isObjectType(named)) {
      const name = `F${fragments.size}`;
      fragments.set(name, `fragment ${name} on ${named.name}${selection(named, depth + 1)}`);
      parts.push(`...${name}`);
    }
  }
  if (parts.length === 0) parts.push('__typename');
  return ` { ${parts.join(' ')} }`;
};
const cases = [];
const results = [];
let attempts = 0;
while (cases.length < 200 && attempts < 5000) {
  attempts++;
  fragments.clear();
  const op = rand() < 0.1 ? 'mutation' : 'query';
  const rootType = op === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const query = `${op}${selection(rootType, 0)}${[...fragments.values()].map((f) => '\n' + f).join('')}`;
  let document;
  try { document = parse(query); } catch { continue; }
  if (validate(schema, document).length > 0) continue;
  const result = await execute({ schema, document, rootValue: root });
  cases.push({ query });
  results.push(JSON.parse(JSON.stringify(result)));
}
writeFileSync(process.argv[3], JSON.stringify({ cases, results }, null, 1));
console.log(cases.length, 'cases from', attempts, 'attempts');
