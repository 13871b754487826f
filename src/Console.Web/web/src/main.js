// The Es console: one page, its views in the URL's fragment (#/network, #/community,
// #/operations, #/signin). An anonymous visitor is sent to sign in first.
import './style.css';
import { request, session, signOut, isAdministrator, isAnalyst, SessionEnded } from './api.js';
import { h, alert } from './dom.js';
import { t, locale, setLocale } from './i18n.js';
import { disposeAll } from './charts.js';
import * as signin from './pages/signin.js';
import * as network from './pages/network.js';
import * as community from './pages/community.js';
import * as operations from './pages/operations.js';
import * as commerce from './pages/commerce.js';

const pages = {
  network: { page: network, label: 'network' },
  community: { page: community, label: 'community' },
  merchants: { page: commerce.merchants, label: 'merchants', analysts: true },
  customers: { page: commerce.customers, label: 'customers', analysts: true },
  delivery: { page: commerce.delivery, label: 'delivery', analysts: true },
  operations: { page: operations, label: 'operations', administrators: true },
};

const main = document.getElementById('main');
let cleanup = null;
let me = null;

function route() {
  const hash = window.location.hash;
  if (!hash.startsWith('#/')) return { name: 'network', params: new URLSearchParams() };
  const [path, query] = hash.slice(2).split('?');
  return { name: path || 'network', params: new URLSearchParams(query ?? '') };
}

export function navigate(name, params) {
  const query = params ? `?${new URLSearchParams(params)}` : '';
  const target = `#/${name}${query}`;
  // Not ready from here until the new page has rendered: the hashchange comes later, and until it
  // does the old page would still say ready (a test waiting for the new page could read the old one).
  delete main.dataset.ready;
  if (window.location.hash === target) show();
  else window.location.hash = target;
}

function chrome(current) {
  document.documentElement.lang = locale();
  document.title = `${t(pages[current]?.label ?? 'signIn')} · ${t('brand')}`;
  document.getElementById('brand').textContent = t('brand');
  const skip = document.getElementById('skip-link');
  skip.textContent = t('skip');
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('mainNav'));
  const signedIn = Boolean(session());
  nav.replaceChildren(signedIn ? h('ul', {}, Object.entries(pages)
    .filter(([, p]) => (!p.administrators || isAdministrator()) && (!p.analysts || isAnalyst()))
    .map(([name, p]) => h('li', {}, h('a', { href: `#/${name}`, 'aria-current': name === current ? 'page' : undefined }, t(p.label))))) : '');
  const tools = document.getElementById('tools');
  tools.replaceChildren(
    signedIn && me ? h('span', { id: 'signed-in-as' }, t('signedInAs', { name: me.displayName })) : '',
    h('button', { type: 'button', class: 'secondary', id: 'language', lang: locale() === 'en' ? 'ko' : 'en', 'aria-label': t('languageName'),
      onclick: () => { setLocale(locale() === 'en' ? 'ko' : 'en'); show(); } }, t('language')),
    signedIn ? h('button', { type: 'button', id: 'sign-out', onclick: async () => { await signOut(); me = null; navigate('signin'); } }, t('signOut')) : '');
  document.getElementById('footer').textContent = t('footer');
}

async function show() {
  cleanup?.();
  cleanup = null;
  disposeAll(main);
  main.replaceChildren();
  const { name, params } = route();
  if (name === 'signin' || !session()) {
    // Anonymous: sign in first, then come back to where the visitor was going.
    const next = name === 'signin' ? params.get('next') : name;
    if (name !== 'signin') { navigate('signin', next ? { next } : undefined); return; }
    me = null;
    chrome('signin');
    signin.render(main, { next, navigate, reason: params.get('ended') ? t('sessionEnded') : null });
    return;
  }
  const entry = pages[name] ?? pages.network;
  try {
    me ??= (await request('Me')).me;
    chrome(name);
    main.append(h('p', { class: 'note', id: 'loading' }, t('loading')));
    const loading = main.firstChild;
    // The API refuses these reads to anyone else too; this spares a member the round trip.
    const result = entry.analysts && !isAnalyst()
      ? void main.append(h('h1', {}, t(entry.label)), alert(t('analystsOnly')))
      : await entry.page.render(main, { me, navigate, params });
    loading.remove();
    main.dataset.page = name;
    main.dataset.ready = 'true';
    if (typeof result === 'function') cleanup = result;
  } catch (error) {
    if (error instanceof SessionEnded) { me = null; navigate('signin', { next: name, ended: 1 }); return; }
    main.querySelector('#loading')?.remove();
    main.append(alert(t('error', { message: error.message })));
    main.dataset.ready = 'true';
  }
}

document.getElementById('skip-link').addEventListener('click', (event) => {
  // The fragment holds the route: move focus to the content without changing it.
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => { delete main.dataset.ready; show(); });
show();
