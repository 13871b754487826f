// GraphiQL for one Es.GraphQL endpoint. The server names the endpoint in a <meta> tag, so the same
// bundle serves any path: queries and mutations are POSTed to it, subscriptions go over
// graphql-transport-ws to the same path on ws:// or wss://.
import './workers.js';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher, createLocalStorage } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './page.css';

const endpoint = document.querySelector('meta[name="es-graphql-endpoint"]')?.content;
if (!endpoint) throw new Error('GraphiQL: the page names no GraphQL endpoint (meta es-graphql-endpoint)');

const httpUrl = new URL(endpoint, window.location.href);
const wsUrl = new URL(httpUrl);
wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: httpUrl.href,
  // A new graphql-ws client per subscription, whose connection_init payload carries the headers of
  // the IDE's headers tab: that is where GraphQLHttpOptions.OnConnect looks for a token.
  subscriptionUrl: wsUrl.href,
  // The engine does not deliver @defer/@stream incrementally: plain JSON responses only.
  enableIncrementalDelivery: false,
});

// Endpoints on one origin keep their own tabs and history.
const storage = createLocalStorage({ namespace: `es-graphiql:${httpUrl.pathname}` });

createRoot(document.getElementById('graphiql')).render(<GraphiQL fetcher={fetcher} storage={storage} />);
