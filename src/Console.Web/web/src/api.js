// The console's only way out: POSTs to the Es GraphQL endpoint (same origin) with the id of one of
// its trusted documents, never a document's text. The session (access and refresh token) lives in
// sessionStorage: it ends with the tab. An expired access token is renewed with the refresh token
// once; when that fails the session ends and the app asks to sign in again.
import documents from 'virtual:es-documents';

const endpoint = document.querySelector('meta[name="es-graphql-endpoint"]')?.content ?? '/graphql';
const sessionKey = 'es-console-session';

export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
  }
}

export class SessionEnded extends Error {}

export function session() {
  try { return JSON.parse(sessionStorage.getItem(sessionKey)); } catch { return null; }
}

function keep(value) {
  if (value) sessionStorage.setItem(sessionKey, JSON.stringify(value));
  else sessionStorage.removeItem(sessionKey);
}

/** The roles in the access token (for what the console offers; the API decides what it answers). */
export function roles() {
  const token = session()?.accessToken;
  if (!token) return [];
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const role = payload.role ?? [];
    return ['member', ...(Array.isArray(role) ? role : [role])];
  } catch { return []; }
}

export const isAdministrator = () => roles().includes('administrator');

/** Commerce analytics are read by administrators and auditors. */
export const isAnalyst = () => roles().some((r) => r === 'administrator' || r === 'auditor');

async function post(operationName, variables, token) {
  const id = documents[operationName];
  if (!id) throw new Error(`no trusted document named ${operationName}`);
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ documentId: id, operationName, variables }) });
  const body = await response.json().catch(() => null);
  if (!body) throw new Error(`HTTP ${response.status}`);
  return body;
}

const unauthenticated = (result) => result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');

let renewing = null;
async function renew() {
  const current = session();
  if (!current?.refreshToken) return null;
  // One renewal at a time: a refresh token is spent on use.
  renewing ??= post('RefreshSession', { refreshToken: current.refreshToken })
    .then((r) => { keep(r.data?.refreshSession ?? null); return r.data?.refreshSession ?? null; })
    .finally(() => { renewing = null; });
  return renewing;
}

/** Runs one of the console's operations as the signed-in member; resolves with its data or throws ApiError. */
export async function request(operationName, variables = {}) {
  let current = session();
  if (current && Date.parse(current.accessTokenExpiresAt) - Date.now() < 30_000) current = await renew();
  let result = await post(operationName, variables, current?.accessToken);
  if (unauthenticated(result) && current) {
    current = await renew();
    if (!current) { keep(null); throw new SessionEnded(); }
    result = await post(operationName, variables, current.accessToken);
  }
  if (result.errors?.length) throw new ApiError(result.errors);
  return result.data;
}

export async function signIn(email, password) {
  const result = await post('SignIn', { email, password });
  if (result.errors?.length) throw new ApiError(result.errors);
  keep(result.data.signIn);
  return result.data.signIn;
}

export async function signOut() {
  const current = session();
  keep(null);
  if (current?.refreshToken) await post('SignOut', { refreshToken: current.refreshToken }).catch(() => {});
}
