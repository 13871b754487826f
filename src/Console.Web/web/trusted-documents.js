// The console's trusted documents: every web/src/operations/*.graphql file is one operation. The
// plugin gives the app `virtual:es-documents` (operation name -> "sha256:<hex>" of the file's text)
// and writes dist/persisted-documents.json (hex -> text, GraphQL Code Generator's format), which the
// C# build embeds and the GraphQL endpoint registers. The app never sends a document's text.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const virtualId = 'virtual:es-documents';
const resolvedId = '\0' + virtualId;

export function readOperations(folder) {
  const operations = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.graphql')).sort()) {
    const text = readFileSync(join(folder, file), 'utf8').trim();
    const names = [...text.matchAll(/^\s*(query|mutation|subscription)\s+(\w+)/gm)].map((m) => m[2]);
    if (names.length !== 1) throw new Error(`${file}: one named operation a file, found ${names.length}`);
    if (`${names[0]}.graphql` !== file) throw new Error(`${file}: the file is named after its operation (${names[0]}.graphql)`);
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    operations[names[0]] = { hash, text };
  }
  return operations;
}

export default function trustedDocuments(folder) {
  let operations;
  return {
    name: 'es-trusted-documents',
    buildStart() {
      operations = readOperations(folder);
      for (const file of readdirSync(folder)) this.addWatchFile(join(folder, file));
    },
    resolveId(id) { return id === virtualId ? resolvedId : null; },
    load(id) {
      if (id !== resolvedId) return null;
      const ids = Object.fromEntries(Object.entries(operations).map(([name, o]) => [name, `sha256:${o.hash}`]));
      return `export default ${JSON.stringify(ids, null, 2)};`;
    },
    generateBundle() {
      const manifest = Object.fromEntries(Object.values(operations).map((o) => [o.hash, o.text]));
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: JSON.stringify(manifest, null, 2) + '\n' });
    },
  };
}
