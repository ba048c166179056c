import { api } from './api.js';
import { openConsole, roleNames } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// Admins grant ops roles by e-mail address (sent in the body, never in the address bar). The
// person gets the role in the token of their next sign-in.
const form = document.getElementById('grant-form');
const result = document.getElementById('grant-result');

if (await openConsole()) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      result.hidden = true;
      try {
        const role = form.elements.role.value;
        await api('/api/members/admin/roles', { method: 'POST', json: { email: form.elements.email.value, role } });
        clearErrors(form);
        form.reset();
        showNotice(result, `「${roleNames[role] ?? role}」の権限を付与しました。次にサインインしたときから有効です。`, 'ok');
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
}
