// graphql-js 17 behind graphql-http on node:http, serving what the C# host of
// bench/GraphQL.Http.Bench serves: the schema of bench/GraphQL.Bench with the same in-memory data
// and resolvers, at /graphql; /floor answers a constant after reading the body (the HTTP floor).
// node server.mjs SCHEMA_FILE [--workers N]     prints "listening on URL" once every worker listens
// node server.mjs --introspection-query         prints graphql-js's introspection query (all options)
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';

if (process.argv[2] === '--introspection-query') {
  process.stdout.write(getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
    schemaDescription: true, inputValueDeprecation: true, oneOf: true,
  }));
  process.exit(0);
}

const schemaFile = process.argv[2];
const workersAt = process.argv.indexOf('--workers');
const workers = workersAt > 0 ? Number(process.argv[workersAt + 1]) : 1;

if (workers > 1 && cluster.isPrimary) {
  // The workers share one listening port (port 0 in a worker means one port chosen for all).
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m.listening && ++listening === workers) process.stdout.write(`listening on ${m.listening}\n`);
    });
  }
  cluster.on('exit', (_, code, signal) => { if (signal !== 'SIGTERM') process.exit(code ?? 1); });
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill('SIGTERM'); process.exit(0); });
} else {
  serve();
}

function serve() {
  // The same deterministic data as bench/GraphQL.Bench/Data.cs (and its js/bench.mjs).
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

  const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
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

  const graphql = createHandler({ schema });
  const floor = Buffer.from('{"data":{"post":{"id":"p1","title":"Post 1"}}}');
  const server = createServer((req, res) => {
    if (req.url === '/graphql') {
      graphql(req, res).catch((err) => {
        res.writeHead(500).end(String(err));
      });
    } else if (req.url === '/floor' && req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8' }).end(floor));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const url = `http://127.0.0.1:${server.address().port}`;
    if (cluster.isWorker) process.send({ listening: url });
    else process.stdout.write(`listening on ${url}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}
