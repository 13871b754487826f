// Starts the test host (HttpHost) from the command in ES_GRAPHQL_HTTP_HOST and resolves with its
// process and the URL it prints ("listening on URL").
import { spawn } from 'node:child_process';

export async function startHost() {
  const hostCommand = process.env.ES_GRAPHQL_HTTP_HOST;
  if (!hostCommand) throw new Error('ES_GRAPHQL_HTTP_HOST is not set: the command that starts the test host. Nothing was tested.');
  // exec: the host replaces the shell, so killing the child stops the host.
  const child = spawn('sh', ['-c', `exec ${hostCommand}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the host did not start within 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the host exited with ${code}: ${out}`)); });
  });
  return { child, url };
}
