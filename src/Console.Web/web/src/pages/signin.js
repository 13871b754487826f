import { signIn } from '../api.js';
import { h, alert } from '../dom.js';
import { t } from '../i18n.js';

export function render(main, { next, navigate, reason }) {
  const status = h('div', { id: 'signin-status' });
  if (reason) status.append(alert(reason));
  const email = h('input', { id: 'email', type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'signin', novalidate: true, 'aria-describedby': 'signin-help' },
    h('p', { id: 'signin-help' }, t('signInHelp')),
    h('label', { for: 'email' }, t('email')), email,
    h('label', { for: 'password' }, t('password')), password,
    h('button', { type: 'submit' }, t('signIn')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await signIn(email.value.trim(), password.value);
      navigate(next && next !== 'signin' ? next : 'network');
    } catch (error) {
      status.append(alert(t('signInFailed', { message: error.message })));
      password.focus();
    }
  });
  main.append(h('h1', {}, t('signInTitle')), status, form);
  email.focus();
}
