import { api } from './api.js';
import { openConsole, roleNames } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// Admins grant ops roles by e-mail address (sent in the body, never in the address bar). The
// person gets the role in the token of their next sign-in. Revoking one ends every session the
// person has at once (their tokens carry the role); they sign in again without it.
const form = document.getElementById('grant-form');
const result = document.getElementById('grant-result');

if (await openConsole()) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      result.hidden = true;
      try {
        const role = form.elements.role.value;
        const json = { email: form.elements.email.value, role };
        const name = roleNames[role] ?? role;
        if (event.submitter?.value === 'revoke') {
          const revoked = await api('/api/members/admin/roles/revoke', { method: 'POST', json });
          clearErrors(form);
          form.reset();
          showNotice(
            result,
            revoked.wasHeld
              ? `「${name}」の権限を取り消しました。サインイン中のセッション ${revoked.sessionsEnded} 件を終了しました。`
              : `この方は「${name}」の権限を持っていません。変更はありません。`,
            'ok',
          );
          return;
        }
        await api('/api/members/admin/roles', { method: 'POST', json });
        clearErrors(form);
        form.reset();
        showNotice(result, `「${name}」の権限を付与しました。次にサインインしたときから有効です。`, 'ok');
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
}
