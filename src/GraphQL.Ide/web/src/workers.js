// Monaco runs its language services in web workers and asks MonacoEnvironment for them by label.
// The `?worker` imports make vite bundle each worker as its own file next to the other assets,
// loaded from our origin (CSP worker-src 'self'): no blob: or data: workers, nothing from a CDN.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'graphql':
        return new GraphQLWorker();
      case 'json':
        return new JsonWorker();
      default:
        return new EditorWorker();
    }
  },
};
