import { api } from './api.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// Sign-in in two steps: the address, then the six-digit code from the mail. The address stays
// in this page's memory only (never in the address bar), and the token goes into an HttpOnly
// cookie set by the gateway.
const emailForm = document.getElementById('email-form');
const codeForm = document.getElementById('code-form');
const message = document.getElementById('page-message');
let email = '';

if (new URLSearchParams(window.location.search).has('signed-out')) showNotice(message, 'サインアウトしました。', 'ok');

emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  await submitting(emailForm, async () => {
    try {
      email = emailForm.elements.email.value;
      const accepted = await api('/api/session/code', { method: 'POST', json: { email } });
      clearErrors(emailForm);
      document.getElementById('code-sent').textContent = accepted?.message ?? 'サインイン用のコードをメールで送りました。';
      emailForm.hidden = true;
      codeForm.hidden = false;
      message.hidden = true;
      codeForm.elements.code.focus();
    } catch (error) {
      showErrors(emailForm, error);
    }
  });
});

codeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  await submitting(codeForm, async () => {
    try {
      await api('/api/session/verify', { method: 'POST', json: { email, code: codeForm.elements.code.value } });
      const me = await api('/api/members/me');
      window.location.assign(me.roles.length > 0 ? '/ops/' : '/mypage/');
    } catch (error) {
      showErrors(codeForm, error);
    }
  });
});

document.getElementById('use-another-address').addEventListener('click', () => {
  clearErrors(codeForm);
  codeForm.reset();
  codeForm.hidden = true;
  emailForm.hidden = false;
  emailForm.elements.email.focus();
});
