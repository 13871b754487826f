// Writes the corpus: corpus/handwritten.json (the documents of handwritten.mjs) and
// corpus/generated.json (documents built from the schema by a seeded generator, then
// mutated into invalid ones). Each entry gets graphql-js's verdict (`expected`), so
// nothing that graphql-js computes is ever written by hand.
//
//   node generate.mjs           rewrite corpus/*.json
//   node generate.mjs --check   exit 1 if corpus/*.json differ from what would be written
//
// The output depends only on SEED, schema.graphql and the code: same input, same bytes.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema, getNamedType, isCompositeType, isEnumType, isInputObjectType,
  isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType,
  isUnionType, parse, validate, specifiedRules,
} from 'graphql';
import { here, corpusDir, schema as conformanceSchema, verdictOf, SYNTAX_ERROR } from './lib.mjs';
import handwritten from './handwritten.mjs';

export const SEED = 20261122;
export const VALID_COUNT = 160;
export const INVALID_COUNT = 260;

// ------------------------------------------------------------------ randomness

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) { this.next = mulberry32(seed); }
  chance(p) { return this.next() < p; }
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick(list) { return list[Math.floor(this.next() * list.length)]; }
  subset(list, p) { return list.filter(() => this.chance(p)); }
  shuffle(list) {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

// ------------------------------------------------------------------ values

const data = JSON.parse(readFileSync(join(here, 'data.json'), 'utf8'));
const userIds = data.users.map((u) => u.id);
const postIds = data.posts.map((p) => p.id);
const commentIds = data.comments.map((c) => c.id);
const tags = ['news', 'graphql', 'compilers', 'os', 'none'];

/** Argument values that make sense for the data, by argument or input field name. */
const pools = {
  'Query.user.id': [...userIds, 'zz'],
  'Query.post.id': [...postIds, 'zz'],
  'Query.node.id': [...userIds, ...postIds, ...commentIds, 'zz'],
  'Query.nodes.ids': [['u1', 'p1'], ['c3', 'zz', 'u5'], []],
  'Query.users.ids': [['u1', 'u3'], ['u5', 'u2', 'zz'], null],
  'User.friends.after': ['u1', 'u2', 'u3', 'zz'],
  'Query.pets.names': [['Rex', 'Felix'], ['Tom', null], null],
  'Query.delayed.ms': [0, 1, 2, null],
  'Mutation.increment.delayMs': [0, 1, 2],
  'Subscription.counted.to': [0, 1, 2, 3],
  'Subscription.events.count': [1, 2, 3, null],
  'Subscription.postPublished.tag': ['news', 'graphql', null],
  'UserRef.id': [...userIds, 'zz'],
  'UserRef.email': ['ada@es.example', 'grace@es.example', 'nobody@es.example'],
  'UserRef.name': ['Ada', 'Linus', 'Nobody'],
  'SearchBy.text': ['G', 'a', 'o', 'Graph', 'zzz'],
  'SearchBy.tag': tags,
  'PostFilter.tags': [['news'], ['graphql', 'news'], []],
  'CreatePostInput.authorId': userIds,
  'CreatePostInput.tags': [[], ['news'], ['a', 'b']],
  first: [0, 1, 2, 3, null],
  limit: [0, 1, 3, null],
};

const scalarPools = {
  Int: [0, 1, 2, 3, 7, 42, -5, 2147483647],
  Float: [0, 1.5, 4, -2.25, 3],
  String: ['', 'a', 'é', 'news', 'two words', 'quote " inside'],
  Boolean: [true, false],
  ID: ['u1', 'p2', 'c3', 'zz', '42'],
  DateTime: ['2024-01-01T00:00:00Z', '2024-06-03T10:00:00.250+02:00', '1999-12-31T23:59:59-08:00'],
  Decimal: ['0', '12.50', '-3.125', '1000000'],
  UUID: ['0f8fad5b-d9cb-469f-a165-70867728950e', 'A1B2C3D4-0000-4000-8000-000000000001'],
  JSON: [{ a: 1 }, [1, 'x', null], 'text', 3.5, true, null, { nested: { list: [1, 2], empty: {} } }],
};

/** A value as both a GraphQL literal and its JSON (for variables). */
class Value {
  constructor(literal, json) { this.literal = literal; this.json = json; }
}

function jsonToLiteral(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(jsonToLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${jsonToLiteral(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

function poolFor(key, name) {
  return pools[key] ?? pools[name];
}

function genValue(rnd, type, key, name, depth = 0) {
  const pool = poolFor(key, name);
  if (pool && !isInputObjectType(getNamedType(type))) {
    let v = rnd.pick(pool);
    if (v === null && isNonNullType(type)) v = pool.find((x) => x !== null);
    return valueOf(type, v);
  }
  if (isNonNullType(type)) return genValue(rnd, type.ofType, key, name, depth);
  if (isListType(type)) {
    const n = rnd.int(0, 3);
    const items = [];
    for (let i = 0; i < n; i++) items.push(genValue(rnd, type.ofType, key, name, depth + 1));
    return new Value(`[${items.map((v) => v.literal).join(', ')}]`, items.map((v) => v.json));
  }
  if (isEnumType(type)) {
    const v = rnd.pick(type.getValues()).name;
    return new Value(v, v);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    let chosen;
    if (type.isOneOf) {
      const candidates = depth > 1 ? fields.filter((f) => isLeafType(getNamedType(f.type))) : fields;
      chosen = [rnd.pick(candidates)];
    } else {
      chosen = fields.filter((f) => (isNonNullType(f.type) && f.defaultValue === undefined && f.default === undefined)
        || (depth < 2 && rnd.chance(0.35)));
    }
    const parts = chosen.map((f) => {
      let v = genValue(rnd, f.type, `${type.name}.${f.name}`, f.name, depth + 1);
      if (type.isOneOf && v.json === null) v = genValue(rnd, f.type, `${type.name}.${f.name}`, f.name, depth + 1);
      if (type.isOneOf && v.json === null) v = valueOf(f.type, isListType(f.type) ? [] : 'a');
      return [f.name, v];
    });
    return new Value(
      `{${parts.map(([k, v]) => `${k}: ${v.literal}`).join(', ')}}`,
      Object.fromEntries(parts.map(([k, v]) => [k, v.json])),
    );
  }
  if (isScalarType(type)) return valueOf(type, rnd.pick(scalarPools[type.name]));
  throw new Error(`No value for ${type}`);
}

/** The literal of a JSON value of a type (enums unquoted, JSON scalars untyped). */
function valueOf(type, json) {
  const literal = (t, v) => {
    if (v === null) return 'null';
    if (isNonNullType(t)) return literal(t.ofType, v);
    if (isListType(t)) return Array.isArray(v) ? `[${v.map((x) => literal(t.ofType, x)).join(', ')}]` : literal(t.ofType, v);
    if (isEnumType(t)) return v;
    if (isScalarType(t) && t.name === 'JSON') return jsonToLiteral(v);
    return JSON.stringify(v);
  };
  return new Value(literal(type, json), json);
}

// ------------------------------------------------------------------ documents (a small IR)

// Selection: { kind: 'field', alias, name, args: [{ name, value: Value | { variable } }],
//              directives: [text], selections?, parent, fieldDef }
//          | { kind: 'inline', on, directives, selections }
//          | { kind: 'spread', name, directives }
// Document:  { operations: [{ type, name, varDefs: [{ name, type, default }], directives, selections }],
//              fragments: [{ name, on, selections }], extra: [text], variables: {} }

function printArgs(args) {
  if (args.length === 0) return '';
  return `(${args.map((a) => `${a.name}: ${a.variable ? `$${a.variable}` : a.value.literal}`).join(', ')})`;
}

function printSelections(selections, indent) {
  const pad = '  '.repeat(indent);
  return `{\n${selections.map((s) => {
    const dirs = s.directives.length ? ` ${s.directives.join(' ')}` : '';
    if (s.kind === 'spread') return `${pad}...${s.name}${dirs}`;
    if (s.kind === 'inline') return `${pad}...${s.on ? ` on ${s.on}` : ''}${dirs} ${printSelections(s.selections, indent + 1)}`;
    const head = `${pad}${s.alias ? `${s.alias}: ` : ''}${s.name}${printArgs(s.args)}${dirs}`;
    return s.selections ? `${head} ${printSelections(s.selections, indent + 1)}` : head;
  }).join('\n')}\n${'  '.repeat(indent - 1)}}`;
}

export function printDocument(doc) {
  const parts = doc.operations.map((op) => {
    const vars = op.varDefs.length
      ? `(${op.varDefs.map((v) => `$${v.name}: ${v.type}${v.default !== undefined ? ` = ${v.default}` : ''}`).join(', ')})`
      : '';
    const dirs = op.directives.length ? ` ${op.directives.join(' ')}` : '';
    const head = `${op.type}${op.name ? ` ${op.name}` : ''}${vars}${dirs}`;
    return `${head} ${printSelections(op.selections, 1)}`;
  });
  for (const f of doc.fragments) parts.push(`fragment ${f.name} on ${f.on} ${printSelections(f.selections, 1)}`);
  parts.push(...doc.extra);
  return parts.join('\n\n');
}

// ------------------------------------------------------------------ the valid generator

const avoidFields = new Set(['Query.mustFail', 'Query.strictFaults', 'Faults.child', 'Query.delayed']);

class Generator {
  constructor(schema, rnd) {
    this.schema = schema;
    this.rnd = rnd;
  }

  document() {
    const rnd = this.rnd;
    const roll = rnd.next();
    const type = roll < 0.8 ? 'query' : roll < 0.92 ? 'mutation' : 'subscription';
    this.doc = { operations: [], fragments: [], extra: [], variables: {} };
    this.op = { type, name: rnd.chance(0.5) ? `Op${rnd.int(1, 999)}` : undefined, varDefs: [], directives: [], selections: [] };
    this.doc.operations.push(this.op);
    if (rnd.chance(0.1)) this.op.directives.push(type === 'query' ? rnd.pick(['@log', '@cached(ttl: 5)', '@log(level: DEBUG) @log']) : '@log');
    const root = this.schema.getRootType(type);
    if (type === 'subscription') {
      this.op.selections = [this.field(root, rnd.pick(Object.values(root.getFields())), 1)];
    } else {
      this.op.selections = this.selections(root, 1, type === 'mutation' ? 3 : 4);
    }
    if (this.op.name === undefined && this.doc.operations.length === 1 && rnd.chance(0.1)) this.op.name = 'Named';
    return this.doc;
  }

  selections(type, depth, maxFields = 4) {
    const rnd = this.rnd;
    const out = [];
    const used = new Map();
    const add = (sel) => {
      if (sel.kind === 'field') {
        const key = sel.alias ?? sel.name;
        const count = used.get(key) ?? 0;
        if (count > 0 || (sel.args.length > 0 && rnd.chance(0.2))) sel.alias = `${sel.name}${count + 1}`;
        used.set(key, count + 1);
      }
      out.push(sel);
    };
    if (isUnionType(type)) {
      if (rnd.chance(0.7)) add(this.typename());
      for (const t of rnd.subset(this.schema.getPossibleTypes(type), 0.6)) add(this.inline(t, depth));
      if (out.length === 0) add(this.typename());
      return out;
    }
    const fields = Object.values(type.getFields())
      .filter((f) => !avoidFields.has(`${type.name}.${f.name}`))
      .filter((f) => depth < 4 || isLeafType(getNamedType(f.type)));
    const n = rnd.int(1, Math.min(maxFields, fields.length));
    for (const f of rnd.shuffle(fields).slice(0, n)) add(this.field(type, f, depth));
    if (rnd.chance(0.1)) add(this.typename());
    if (isInterfaceType(type) && depth < 4 && rnd.chance(0.6)) {
      add(this.inline(rnd.pick(this.schema.getPossibleTypes(type)), depth));
    }
    if (isObjectType(type) && depth < 4 && rnd.chance(0.12)) add(this.spread(type, depth));
    if (depth < 4 && rnd.chance(0.05)) add({ kind: 'inline', on: undefined, directives: ['@log'], selections: [this.typename()] });
    return out;
  }

  typename() {
    return { kind: 'field', name: '__typename', args: [], directives: [] };
  }

  inline(type, depth) {
    return { kind: 'inline', on: type.name, directives: this.rnd.chance(0.1) ? [this.condition()] : [], selections: this.selections(type, depth + 1, 3) };
  }

  spread(type, depth) {
    const name = `${type.name}Fields${this.doc.fragments.length + 1}`;
    const fragment = { name, on: type.name, selections: [] };
    this.doc.fragments.push(fragment);
    fragment.selections = this.selections(type, depth + 1, 3);
    return { kind: 'spread', name, directives: this.rnd.chance(0.15) ? [this.condition()] : [] };
  }

  condition() {
    const rnd = this.rnd;
    const which = rnd.pick(['skip', 'include']);
    if (rnd.chance(0.5)) return `@${which}(if: ${rnd.pick(['true', 'false'])})`;
    const name = this.variable('Boolean!', new Value('x', rnd.chance(0.5)), rnd.chance(0.3));
    return `@${which}(if: $${name})`;
  }

  /** Declares a variable for `value` (as a default or in the variables) and returns its name. */
  variable(typeText, value, asDefault) {
    const name = `v${this.op.varDefs.length + 1}`;
    const def = { name, type: typeText };
    if (asDefault && value.literal !== 'x') def.default = value.literal;
    else if (asDefault) def.default = String(value.json);
    else this.doc.variables[name] = value.json;
    this.op.varDefs.push(def);
    return name;
  }

  field(parent, fieldDef, depth) {
    const rnd = this.rnd;
    const sel = { kind: 'field', name: fieldDef.name, args: [], directives: [] };
    for (const arg of fieldDef.args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined && arg.default === undefined;
      if (!required && !rnd.chance(0.35)) continue;
      if (arg.deprecationReason && !rnd.chance(0.3)) continue;
      const value = genValue(rnd, arg.type, `${parent.name}.${fieldDef.name}.${arg.name}`, arg.name);
      if (rnd.chance(0.25) && this.op) {
        // Hoist into a variable of exactly the argument's type (always an allowed position).
        const name = this.variable(String(arg.type), value, rnd.chance(0.25) && value.json !== null);
        sel.args.push({ name: arg.name, variable: name });
      } else {
        sel.args.push({ name: arg.name, value });
      }
    }
    if (rnd.chance(0.06)) sel.directives.push(this.condition());
    else if (rnd.chance(0.04)) sel.directives.push(rnd.pick(['@log', '@cached', '@log(labels: ["x"])']));
    const named = getNamedType(fieldDef.type);
    if (isCompositeType(named)) sel.selections = this.selections(named, depth + 1, 3);
    return sel;
  }
}

// ------------------------------------------------------------------ mutations into invalid documents

function allSelections(doc) {
  // [selection, parentTypeName, containerArray] for every selection in the document.
  const out = [];
  const walk = (selections, parent) => {
    for (const s of selections) {
      out.push({ sel: s, parent, container: selections });
      if (s.selections) walk(s.selections, s.kind === 'inline' && s.on ? s.on : s.fieldType ?? null);
    }
  };
  for (const op of doc.operations) walk(op.selections, null);
  for (const f of doc.fragments) walk(f.selections, f.on);
  return out;
}

const fieldsOf = (doc) => allSelections(doc).filter((x) => x.sel.kind === 'field');
const setsOf = (doc) => [
  ...doc.operations.map((o) => o.selections),
  ...doc.fragments.map((f) => f.selections),
  ...allSelections(doc).filter((x) => x.sel.selections).map((x) => x.sel.selections),
];

/** Each mutation edits the document in place and returns false when it does not apply. */
const mutations = {
  unknownField(doc, rnd) {
    rnd.pick(setsOf(doc)).push({ kind: 'field', name: rnd.pick(['nmae', 'unknown', 'idd', 'friend']), args: [], directives: [] });
    return true;
  },
  misspelledField(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.name !== '__typename');
    if (!fields.length) return false;
    const f = rnd.pick(fields).sel;
    f.name = `${f.name}s`;
    return true;
  },
  wrongArgumentType(doc, rnd) {
    const args = fieldsOf(doc).flatMap((x) => x.sel.args.filter((a) => !a.variable));
    if (!args.length) return false;
    const a = rnd.pick(args);
    a.value = new Value(rnd.pick(['"text"', '3.5', 'true', 'WRONG_ENUM', '{bogus: 1}', '[[1]]']), null);
    return true;
  },
  nullForRequired(doc, rnd) {
    const args = fieldsOf(doc).flatMap((x) => x.sel.args.filter((a) => a.required));
    if (!args.length) return false;
    const a = rnd.pick(args);
    delete a.variable;
    a.value = new Value('null', null);
    return true;
  },
  missingRequiredArgument(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.args.some((a) => a.required));
    if (!fields.length) return false;
    const f = rnd.pick(fields).sel;
    f.args = f.args.filter((a) => !a.required);
    return true;
  },
  unknownArgument(doc, rnd) {
    const fields = fieldsOf(doc);
    rnd.pick(fields).sel.args.push({ name: rnd.pick(['bogus', 'limit2', 'orderBy']), value: new Value('1', 1) });
    return true;
  },
  duplicateArgument(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.args.some((a) => !a.variable));
    if (!fields.length) return false;
    const f = rnd.pick(fields).sel;
    f.args.push({ ...f.args.find((a) => !a.variable) });
    return true;
  },
  unusedVariable(doc, rnd) {
    doc.operations[0].varDefs.push({ name: 'unused', type: rnd.pick(['Int', 'String!', '[ID]', 'PostFilter']) });
    return true;
  },
  undefinedVariable(doc, rnd) {
    const args = fieldsOf(doc).flatMap((x) => x.sel.args);
    if (!args.length) return false;
    const a = rnd.pick(args);
    a.variable = 'undefinedVariable';
    return true;
  },
  variableTypeMismatch(doc, rnd) {
    const op = doc.operations[0];
    if (!op.varDefs.length) return false;
    const v = rnd.pick(op.varDefs);
    const before = v.type;
    v.type = v.type.endsWith('!') ? v.type.slice(0, -1) : rnd.pick(['String', 'Float', '[String]', 'Boolean']);
    if (v.type === before) return false;
    delete v.default;
    return true;
  },
  variableOfOutputType(doc, rnd) {
    const op = doc.operations[0];
    if (!op.varDefs.length) return false;
    rnd.pick(op.varDefs).type = rnd.pick(['User', 'Node', '[Post!]', 'SearchResult!']);
    return true;
  },
  unknownVariableType(doc, rnd) {
    const op = doc.operations[0];
    if (!op.varDefs.length) return false;
    rnd.pick(op.varDefs).type = rnd.pick(['Integer', 'Str', '[Identifier!]', 'Filter']);
    return true;
  },
  duplicateVariable(doc, rnd) {
    const op = doc.operations[0];
    if (!op.varDefs.length) return false;
    op.varDefs.push({ ...rnd.pick(op.varDefs) });
    return true;
  },
  fragmentCycle(doc, rnd) {
    if (!doc.fragments.length) return false;
    const f = rnd.pick(doc.fragments);
    const sameType = doc.fragments.filter((g) => g.on === f.on);
    const target = rnd.chance(0.5) ? f : rnd.pick(sameType);
    f.selections.push({ kind: 'spread', name: target === f ? f.name : target.name, directives: [] });
    if (target !== f) target.selections.push({ kind: 'spread', name: f.name, directives: [] });
    return true;
  },
  impossibleSpread(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.selections && x.sel.fieldType);
    if (!fields.length) return false;
    const x = rnd.pick(fields);
    const other = rnd.pick(['Dog', 'Cat', 'Comment', 'Scalars', 'FaultItem', 'Event', 'Animal', 'Post', 'User']);
    x.sel.selections.push({ kind: 'inline', on: other, directives: [], selections: [{ kind: 'field', name: '__typename', args: [], directives: [] }] });
    return true;
  },
  fragmentOnScalar(doc, rnd) {
    const sets = setsOf(doc);
    rnd.pick(sets).push({ kind: 'inline', on: rnd.pick(['String', 'Role', 'PostFilter', 'DateTime']), directives: [], selections: [{ kind: 'field', name: 'x', args: [], directives: [] }] });
    return true;
  },
  missingSubselection(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.selections);
    if (!fields.length) return false;
    delete rnd.pick(fields).sel.selections;
    return true;
  },
  subselectionOnLeaf(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => !x.sel.selections);
    if (!fields.length) return false;
    rnd.pick(fields).sel.selections = [{ kind: 'field', name: 'value', args: [], directives: [] }];
    return true;
  },
  unknownDirective(doc, rnd) {
    rnd.pick(allSelections(doc)).sel.directives.push(rnd.pick(['@bogus', '@auth(role: ADMIN)', '@deprecated', '@specifiedBy(url: "x")']));
    return true;
  },
  duplicateDirective(doc, rnd) {
    const s = rnd.pick(allSelections(doc)).sel;
    const d = rnd.pick(['@skip(if: false)', '@include(if: true)', '@cached']);
    s.directives.push(d, d);
    return true;
  },
  directiveMissingArgument(doc, rnd) {
    rnd.pick(allSelections(doc)).sel.directives.push(rnd.pick(['@skip', '@include', '@cached(ttl: null)']));
    return true;
  },
  aliasConflict(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => !x.sel.selections && x.sel.name !== '__typename');
    if (!fields.length) return false;
    const x = rnd.pick(fields);
    const siblings = x.container.filter((s) => s.kind === 'field' && s !== x.sel && !s.selections);
    const key = x.sel.alias ?? x.sel.name;
    x.container.push({ kind: 'field', alias: key, name: siblings.length ? rnd.pick(siblings).name : '__typename', args: [], directives: [] });
    return true;
  },
  argumentConflict(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.args.length > 0 && !x.sel.selections && !x.sel.alias);
    if (!fields.length) return false;
    const x = rnd.pick(fields);
    x.container.push({ kind: 'field', name: x.sel.name, args: [], directives: [] });
    return true;
  },
  unknownFragment(doc, rnd) {
    rnd.pick(setsOf(doc)).push({ kind: 'spread', name: 'MissingFragment', directives: [] });
    return true;
  },
  unusedFragment(doc, rnd) {
    doc.fragments.push({ name: 'UnusedFragment', on: rnd.pick(['User', 'Query', 'Post']), selections: [{ kind: 'field', name: '__typename', args: [], directives: [] }] });
    return true;
  },
  duplicateFragment(doc, rnd) {
    if (!doc.fragments.length) return false;
    doc.fragments.push(structuredClone(rnd.pick(doc.fragments)));
    return true;
  },
  duplicateOperationName(doc) {
    const op = doc.operations[0];
    op.name ??= 'Twice';
    doc.operations.push({ type: 'query', name: op.name, varDefs: [], directives: [], selections: [{ kind: 'field', name: 'counter', args: [], directives: [] }] });
    return true;
  },
  anonymousWithOthers(doc) {
    const op = doc.operations[0];
    op.name = undefined;
    doc.operations.push({ type: 'query', name: 'Other', varDefs: [], directives: [], selections: [{ kind: 'field', name: 'now', args: [], directives: [] }] });
    return true;
  },
  subscriptionTwoFields(doc, rnd) {
    const op = doc.operations[0];
    if (op.type !== 'subscription') return false;
    op.selections.push(rnd.pick([
      { kind: 'field', name: 'counted', alias: 'again', args: [], directives: [] },
      { kind: 'field', name: '__typename', args: [], directives: [] },
    ]));
    return true;
  },
  duplicateInputField(doc, rnd) {
    const args = fieldsOf(doc).flatMap((x) => x.sel.args.filter((a) => !a.variable && /^\{\w/.test(a.value.literal)));
    if (!args.length) return false;
    const a = rnd.pick(args);
    const first = a.value.literal.slice(1).split(/,\s*(?=\w+:)/)[0].replace(/\}$/, '');
    a.value = new Value(`{${first}, ${a.value.literal.slice(1)}`, null);
    return true;
  },
  typeDefinition(doc, rnd) {
    doc.extra.push(rnd.pick(['type Extra { field: Int }', 'extend type User { extra: Int }', 'scalar Money', 'directive @x on FIELD']));
    return true;
  },
  introspectionTooDeep(doc, rnd) {
    if (doc.operations[0].type !== 'query') return false;
    doc.operations[0].selections.push({
      kind: 'field', name: '__type', args: [{ name: 'name', value: new Value('"User"', 'User') }], directives: [],
      selections: [{ kind: 'field', name: rnd.pick(['fields', 'interfaces']), args: [], directives: [], selections: [
        { kind: 'field', name: 'type', args: [], directives: [], selections: [
          { kind: 'field', name: 'fields', args: [], directives: [], selections: [
            { kind: 'field', name: 'type', args: [], directives: [], selections: [
              { kind: 'field', name: 'possibleTypes', args: [], directives: [], selections: [{ kind: 'field', name: 'name', args: [], directives: [] }] }] }] }] }] }],
    });
    return true;
  },
  streamOnNonList(doc, rnd) {
    const fields = fieldsOf(doc).filter((x) => x.sel.name !== '__typename');
    if (!fields.length) return false;
    rnd.pick(fields).sel.directives.push('@stream(if: false)');
    return true;
  },
  deferOnMutationRoot(doc) {
    const op = doc.operations[0];
    if (op.type !== 'mutation') return false;
    op.selections = [{ kind: 'inline', on: undefined, directives: ['@defer(if: false)'], selections: op.selections }];
    return true;
  },
  duplicateDeferLabel(doc, rnd) {
    const sets = setsOf(doc);
    const set = rnd.pick(sets);
    for (let i = 0; i < 2; i++) set.push({ kind: 'inline', on: undefined, directives: ['@defer(label: "same", if: false)'], selections: [{ kind: 'field', name: '__typename', args: [], directives: [] }] });
    return true;
  },
  deferInSubscription(doc, rnd) {
    const op = doc.operations[0];
    if (op.type !== 'subscription') return false;
    const objects = fieldsOf(doc).filter((x) => x.sel.selections);
    if (!objects.length) return false;
    const x = rnd.pick(objects);
    x.sel.selections = [{ kind: 'inline', on: undefined, directives: [rnd.pick(['@defer', '@defer(if: true)', '@defer(label: "s")'])], selections: x.sel.selections }];
    return true;
  },
  syntaxError(doc, rnd) {
    doc.extra.push(rnd.pick(['{', '}', 'query (', 'fragment', '{ a(b: ) }', '"unterminated', '{ ...on }']));
    return true;
  },
};

/** The mutations that only apply to one kind of operation. */
const needsOperation = {
  subscriptionTwoFields: 'subscription',
  deferInSubscription: 'subscription',
  deferOnMutationRoot: 'mutation',
};

/** The mutations that only apply to documents with named fragments. */
const needsFragments = new Set(['fragmentCycle', 'duplicateFragment']);

/** Remembers on each field its type and which arguments are required, for the mutations. */
function annotate(schema, doc) {
  const walk = (selections, parentType) => {
    for (const s of selections) {
      if (s.kind === 'field') {
        const def = parentType && !s.name.startsWith('__') ? parentType.getFields()[s.name] : undefined;
        if (def) {
          s.fieldType = getNamedType(def.type).name;
          for (const a of s.args) {
            const argDef = def.args.find((x) => x.name === a.name);
            a.required = Boolean(argDef && isNonNullType(argDef.type) && argDef.defaultValue === undefined && argDef.default === undefined);
          }
        }
        if (s.selections) walk(s.selections, def ? getNamedType(def.type) : undefined);
      } else if (s.kind === 'inline') {
        walk(s.selections, s.on ? schema.getType(s.on) : parentType);
      }
    }
  };
  for (const op of doc.operations) walk(op.selections, schema.getRootType(op.type));
  for (const f of doc.fragments) walk(f.selections, schema.getType(f.on));
}

// ------------------------------------------------------------------ the corpus

function toEntry(id, doc) {
  const entry = { id, document: printDocument(doc) };
  if (Object.keys(doc.variables).length) entry.variables = doc.variables;
  if (doc.operations.length > 1 && doc.operations[0].name) entry.operationName = doc.operations[0].name;
  return entry;
}

function withVerdict(entry) {
  const verdict = verdictOf(entry.document);
  return { ...entry, expected: { valid: verdict.valid, rules: verdict.rules } };
}

/** The generated entries; `withVerdicts: false` leaves out graphql-js's verdicts (faster). */
export function generateEntries(seed = SEED, { withVerdicts = true } = {}) {
  const schema = conformanceSchema();
  const rnd = new Random(seed);
  const generator = new Generator(schema, rnd);
  const valid = [];
  const invalid = [];
  const seen = new Set();
  const candidates = [];
  let attempts = 0;
  while (valid.length < VALID_COUNT) {
    if (++attempts > VALID_COUNT * 20) throw new Error('The generator cannot find enough valid documents');
    const doc = generator.document();
    const entry = toEntry(`gen-valid-${String(valid.length + 1).padStart(3, '0')}`, doc);
    if (seen.has(entry.document)) continue;
    if (validate(schema, parse(entry.document)).length > 0) continue; // e.g. a response-name conflict: try again
    seen.add(entry.document);
    valid.push(entry);
    annotate(schema, doc);
    candidates.push(doc);
  }
  const names = Object.keys(mutations);
  let m = 0;
  attempts = 0;
  while (invalid.length < INVALID_COUNT) {
    if (++attempts > INVALID_COUNT * 20) throw new Error('The mutations cannot find enough invalid documents');
    const name = names[m % names.length];
    m++;
    const needs = needsOperation[name];
    let pool = needs ? candidates.filter((c) => c.operations[0].type === needs) : candidates;
    if (needsFragments.has(name)) pool = pool.filter((c) => c.fragments.length > 0);
    const doc = structuredClone(rnd.pick(pool));
    if (!mutations[name](doc, rnd)) continue;
    const entry = toEntry(`gen-invalid-${String(invalid.length + 1).padStart(3, '0')}-${name}`, doc);
    if (seen.has(entry.document)) continue;
    if (isValid(schema, entry.document)) continue; // the mutation changed nothing that matters
    seen.add(entry.document);
    invalid.push(entry);
  }
  const entries = [...valid, ...invalid];
  return withVerdicts ? entries.map(withVerdict) : entries;
}

function isValid(schema, source) {
  let document;
  try {
    document = parse(source);
  } catch {
    return false;
  }
  return validate(schema, document).length === 0;
}

export function handwrittenEntries() {
  return handwritten.map((e) => {
    const entry = { id: e.id, document: e.document };
    if (e.variables !== undefined) entry.variables = e.variables;
    if (e.operationName !== undefined) entry.operationName = e.operationName;
    if (e.schema !== undefined) entry.schema = e.schema;
    if (e.expectErrors) entry.expectErrors = true;
    return { ...entry, expected: verdictFor(entry) };
  });
}

const otherSchemas = new Map();
/** The SDL text of a named extra schema (schemas/<name>.graphql). */
export function schemaSdl(name) {
  return readFileSync(join(here, 'schemas', `${name}.graphql`), 'utf8');
}
function otherSchema(name) {
  if (!otherSchemas.has(name)) otherSchemas.set(name, buildSchema(schemaSdl(name)));
  return otherSchemas.get(name);
}

/** graphql-js's verdict for an entry, against its own schema. */
export function verdictFor(entry) {
  if (entry.schema === undefined) {
    const v = verdictOf(entry.document);
    return { valid: v.valid, rules: v.rules };
  }
  return verdictAgainst(otherSchema(entry.schema), entry.document);
}

function verdictAgainst(schema, source) {
  let document;
  try {
    document = parse(source);
  } catch {
    return { valid: false, rules: [SYNTAX_ERROR] };
  }
  const rules = specifiedRules.filter((r) => validate(schema, document, [r]).length > 0).map((r) => r.name);
  return { valid: rules.length === 0, rules };
}

export function corpusFiles() {
  const json = (entries) => `${JSON.stringify(entries, null, 2)}\n`;
  return {
    'handwritten.json': json(handwrittenEntries()),
    'generated.json': json(generateEntries()),
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const files = corpusFiles();
  if (process.argv.includes('--check')) {
    let stale = false;
    for (const [name, text] of Object.entries(files)) {
      let current = '';
      try { current = readFileSync(join(corpusDir, name), 'utf8'); } catch { /* missing */ }
      if (current !== text) { console.error(`corpus/${name} is stale: run node generate.mjs`); stale = true; }
    }
    process.exit(stale ? 1 : 0);
  }
  mkdirSync(corpusDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(corpusDir, name), text);
  const all = Object.values(files).flatMap((t) => JSON.parse(t));
  console.log(`corpus: ${all.length} entries, ${all.filter((e) => e.expected.valid).length} valid, ${all.filter((e) => !e.expected.valid).length} invalid`);
}
