// graphql-js doing exactly the work of bench/GraphQL.Bench (same schema, data, queries, phases).
// node bench.mjs --introspection-query            prints graphql-js's introspection query
// node bench.mjs DIR SECONDS                      prints {"case": {"parse": ns, ...}} as JSON
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, execute, getIntrospectionQuery } from 'graphql';

const introspectionQuery = getIntrospectionQuery({
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
  schemaDescription: true, inputValueDeprecation: true, oneOf: true,
});
if (process.argv[2] === '--introspection-query') {
  process.stdout.write(introspectionQuery);
  process.exit(0);
}

const dir = process.argv[2];
const seconds = Number(process.argv[3] ?? 1);

// The same deterministic data as Data.cs.
const members = Array.from({ length: 50 }, (_, i) => ({
  handle: `m${i}`, displayName: `Member ${i}`, region: i % 3 === 0 ? null : `region-${i % 7}`,
}));
const posts = Array.from({ length: 200 }, (_, i) => ({
  id: `p${i}`, title: `Post ${i}`, body: `Body of post ${i}`, likes: (i * 7) % 100,
  tags: [`t${i % 5}`, `t${(i + 1) % 5}`], authorHandle: `m${i % 50}`,
  allComments: Array.from({ length: 5 }, (_, k) => ({ id: `c${i}-${k}`, body: `Comment ${k} on ${i}`, authorHandle: `m${(i + k) % 50}` })),
}));
const memberByHandle = new Map(members.map((m) => [m.handle, m]));
const postById = new Map(posts.map((p) => [p.id, p]));
const postsByAuthor = new Map(members.map((m) => [m.handle, posts.filter((p) => p.authorHandle === m.handle)]));

const schema = buildSchema(readFileSync(join(dir, 'schema.graphql'), 'utf8'));
const resolvers = {
  Query: {
    post: (_, { id }) => postById.get(id) ?? null,
    posts: (_, { first }) => posts.slice(0, first),
    member: (_, { handle }) => memberByHandle.get(handle) ?? null,
  },
  Post: {
    author: (p) => memberByHandle.get(p.authorHandle),
    comments: (p, { first }) => p.allComments.slice(0, first),
  },
  Comment: { author: (c) => memberByHandle.get(c.authorHandle) },
  Member: { posts: (m) => postsByAuthor.get(m.handle) },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName);
  for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName].resolve = resolve;
}

const cases = [
  ['small', readFileSync(join(dir, 'queries', 'small.graphql'), 'utf8'), {}],
  ['nested', readFileSync(join(dir, 'queries', 'nested.graphql'), 'utf8'), { first: 20 }],
  ['introspection', introspectionQuery, {}],
];

async function measure(work) {
  // Warm up the JIT for a second, as the .NET side does.
  const warmUntil = process.hrtime.bigint() + 1_000_000_000n;
  while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < 50; i++) await work();
  let iterations = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    for (let i = 0; i < 50; i++) await work();
    iterations += 50;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / iterations;
}

const out = {};
for (const [name, text, variableValues] of cases) {
  const document = parse(text);
  const check = (r) => { if (r.errors) throw new Error(`${name}: ${JSON.stringify(r.errors)}`); return r; };
  const result = check(await execute({ schema, document, variableValues }));
  out[name] = {
    parse: await measure(() => parse(text)),
    validate: await measure(() => { if (validate(schema, document).length) throw new Error('invalid'); }),
    execute: await measure(async () => check(await execute({ schema, document, variableValues }))),
    serialize: await measure(() => JSON.stringify(result)),
    total: await measure(async () => {
      const doc = parse(text);
      if (validate(schema, doc).length) throw new Error('invalid');
      check(await execute({ schema, document: doc, variableValues }));
    }),
  };
}
process.stdout.write(JSON.stringify(out));
