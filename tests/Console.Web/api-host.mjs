// Starts the Es API host with demo data (`--demo`, as scripts/start does) on the PostgreSQL cluster
// in ES_TEST_POSTGRES, in an event-store schema of its own, on a free port; resolves when the demo
// data is in (the host prints "Es is running." and its address). stop() ends the host and drops the schema.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startApi() {
  const postgres = process.env.ES_TEST_POSTGRES || 'Host=127.0.0.1;Port=54329;Username=postgres;Database=es';
  const schema = `es_console_${randomBytes(6).toString('hex')}`;
  const command = process.env.ES_API_HOST ?? `dotnet ${root}src/Api/bin/Release/net10.0/Es.Api.dll`;
  // exec: the host replaces the shell, so killing the child stops the host.
  const child = spawn('sh', ['-c', `exec ${command} --urls http://127.0.0.1:0 --demo`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      Es__Postgres__ConnectionString: postgres,
      Es__EventStore__Schema: schema,
      Es__Projections__NodeName: 'console-test',
      DOTNET_ENVIRONMENT: 'Production',
    },
  });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within 120 s:\n${log}`)), 120_000);
    child.stdout.on('data', (chunk) => {
      log += chunk;
      const match = /Es is running\.[\s\S]*GraphiQL:\s+(\S+)\/graphql/.exec(log);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the API exited with ${code}:\n${log}`)); });
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    dropSchema(postgres, schema);
  };
  return { url, schema, stop, log: () => log };
}

/** Drops the test's schema with psql, when there is one (the Npgsql connection string's parts as psql options). */
function dropSchema(connectionString, schema) {
  const parts = Object.fromEntries(connectionString.split(';').filter(Boolean).map((p) => {
    const [k, ...v] = p.split('=');
    return [k.trim().toLowerCase(), v.join('=').trim()];
  }));
  const env = { ...process.env, PGPASSWORD: parts.password ?? '' };
  spawnSync('psql', ['-h', parts.host ?? '127.0.0.1', '-p', parts.port ?? '5432', '-U', parts.username ?? parts['user id'] ?? 'postgres',
    '-d', parts.database ?? 'postgres', '-q', '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { env, stdio: 'ignore' });
}
