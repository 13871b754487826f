// Regenerates random-corpus.json: seeded random documents over schema.graphql, mostly valid but
// with every kind of mistake sprinkled in, and the errors graphql-js 17 reports for each (all
// specifiedRules). Run: npm i graphql@17 && node generate-random.mjs > random-corpus.json
import * as graphql from 'graphql';
import fs from 'node:fs';

const schema = graphql.buildSchema(fs.readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
const COUNT = 1000;

// mulberry32: small, seeded, reproducible.
let seed = 20261122;
const random = () => {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const chance = (p) => random() < p;
// Mistakes happen at their full rate in the first documents and at a tenth of it afterwards, so both
// error-rich and mostly valid documents are covered.
let mistakeScale = 1;
const oops = (p) => random() < p * mistakeScale;
const pick = (list) => list[Math.floor(random() * list.length)];

const typeNames = Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__'));
const compositeTypes = typeNames.map((n) => schema.getType(n)).filter((t) => graphql.isCompositeType(t));
const directives = ['include(if: true)', 'skip(if: false)', 'include(if: $flag)', 'onField', 'onQuery', 'repeatable', 'unknownDirective',
  'include', 'withArgs(required: "x")', 'withArgs', 'defer', 'stream', 'stream(initialCount: 1)', 'deprecated'];

function literalFor(type, depth = 0) {
  if (graphql.isNonNullType(type)) return oops(0.05) ? 'null' : literalFor(type.ofType, depth);
  if (chance(0.05)) return 'null';
  if (oops(0.04)) return pick(['"wrong"', '12', '1.5', 'true', 'WRONG', '{ x: 1 }', '[1]']);
  if (graphql.isListType(type)) {
    if (chance(0.3)) return literalFor(type.ofType, depth);
    return '[' + Array.from({ length: Math.floor(random() * 3) }, () => literalFor(type.ofType, depth + 1)).join(', ') + ']';
  }
  if (graphql.isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => graphql.isRequiredInputField(f) || chance(0.4));
    const parts = fields.filter(() => !oops(0.05)).map((f) => `${f.name}: ${depth > 3 ? 'null' : literalFor(f.type, depth + 1)}`);
    if (oops(0.05)) parts.push('unknownField: 1');
    if (oops(0.04) && parts.length) parts.push(parts[0]);
    return '{ ' + parts.join(', ') + ' }';
  }
  if (graphql.isEnumType(type)) return !oops(0.1) ? pick(type.getValues()).name : 'NOT_A_VALUE';
  switch (type.name) {
    case 'Int': return pick(['0', '-7', '42', '2147483647', '2147483648', '3.5']);
    case 'Float': return pick(['1.5', '-0.25e3', '3', '"1.5"']);
    case 'String': return pick(['"text"', '""', '"""block"""', '5']);
    case 'Boolean': return pick(['true', 'false', '"true"']);
    case 'ID': return pick(['"id-1"', '7', '1.0']);
    default: return '"?"';
  }
}

function typeString(type) { return type.toString(); }

function generateDocument() {
  const variables = new Map();
  const fragments = [];
  const usedVariables = new Set();

  function useVariable(type) {
    if (chance(0.4) && variables.size) {
      const [name] = pick([...variables.entries()]);
      usedVariables.add(name);
      return '$' + name;
    }
    const name = 'v' + variables.size;
    const varType = oops(0.15) ? pick(['Int', 'String', 'Boolean', '[String]', 'ComplexInput', 'Dog', 'Unknown']) : typeString(type);
    variables.set(name, chance(0.2) ? `${varType} = ${literalFor(schema.getType(varType.replace(/[[\]!]/g, '')) ?? graphql.GraphQLString)}` : varType);
    usedVariables.add(name);
    return '$' + name;
  }

  function argumentsFor(field) {
    const args = field.args.filter((a) => graphql.isRequiredArgument(a) ? !oops(0.1) : chance(0.4));
    const parts = args.map((a) => `${a.name}: ${chance(0.2) ? useVariable(a.type) : literalFor(a.type)}`);
    if (oops(0.05)) parts.push('unknownArg: 1');
    if (oops(0.03) && parts.length) parts.push(parts[0]);
    return parts.length ? '(' + parts.join(', ') + ')' : '';
  }

  function directivesText(location) {
    if (!oops(0.12)) return '';
    let text = ' @' + pick(directives);
    if (chance(0.2)) text += ' @' + pick(directives);
    if (text.includes('$flag')) variables.set('flag', chance(0.8) ? 'Boolean!' : 'Int');
    return text;
  }

  function selectionSet(type, depth) {
    const selections = [];
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) selections.push(selection(type, depth));
    return '{ ' + selections.join(' ') + ' }';
  }

  function selection(type, depth) {
    const r = random();
    if (r < 0.12 && depth < 5) {
      const on = !oops(0.15) ? pick(compositeTypes) : schema.getType(pick(['String', 'FurColor', 'ComplexInput'])) ?? type;
      return `... on ${on.name}${directivesText()} ${selectionSet(on, depth + 1)}`;
    }
    if (r < 0.2 && depth < 5) {
      const on = !oops(0.3) ? type : pick(compositeTypes);
      const name = 'F' + fragments.length;
      fragments.push(null);
      fragments[fragments.length - 1] = `fragment ${name} on ${on.name}${directivesText()} ${selectionSet(on, depth + 1)}`;
      if (oops(0.05)) return `...${name} ...${name}`;
      return `...${oops(0.04) ? 'Missing' : name}${directivesText()}`;
    }
    if (r < 0.23 && fragments.length && chance(0.5)) return `...F${Math.floor(random() * fragments.length)}`;
    const fields = graphql.isObjectType(type) || graphql.isInterfaceType(type) ? Object.values(type.getFields()) : [];
    if (!fields.length || oops(0.04)) return chance(0.5) ? '__typename' : pick(['unknownField', 'name', 'nickname']);
    const field = pick(fields);
    const alias = oops(0.1) ? pick(['a', 'b', 'name', 'x']) + ': ' : '';
    let text = alias + field.name + argumentsFor(field) + directivesText();
    const named = graphql.getNamedType(field.type);
    if (graphql.isCompositeType(named)) {
      if (depth < 5 && !oops(0.05)) text += ' ' + selectionSet(named, depth + 1);
    } else if (oops(0.03)) {
      text += ' { oops }';
    }
    return text;
  }

  const kind = pick(['query', 'query', 'query', 'mutation', 'subscription', 'anonymous']);
  const root = kind === 'mutation' ? schema.getMutationType() : kind === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const body = selectionSet(root, 0);
  if (oops(0.05)) variables.set('unused', 'Int');
  const varDefs = variables.size ? '(' + [...variables.entries()].map(([n, t]) => `$${n}: ${t}`).join(', ') + ')' : '';
  if (oops(0.05) && variables.size) variables.delete([...variables.keys()][0]);
  const head = kind === 'anonymous' ? (varDefs ? 'query' + varDefs : '') : `${kind} Op${varDefs}${directivesText()}`;
  let document = (head ? head + ' ' : '') + body;
  if (oops(0.05)) document += ' { dog { name } }';
  if (oops(0.03)) document += ` query Op { __typename }`;
  return [document, ...fragments].join('\n');
}

const cases = [];
for (let i = 0; i < COUNT; i++) {
  mistakeScale = i < 600 ? 1 : 0.1;
  const source = generateDocument();
  let document;
  try { document = graphql.parse(source); } catch { continue; }
  const errors = graphql.validate(schema, document);
  cases.push({ source, errors: errors.map((e) => ({ message: e.message, locations: (e.locations ?? []).map((l) => [l.line, l.column]) })) });
}
console.log(JSON.stringify(cases, null, 1));
