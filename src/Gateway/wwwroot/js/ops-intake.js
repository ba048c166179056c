import { api } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// The kill switch and the deadline, per campaign. Every action needs a reason and is recorded
// with who did it; the record is shown under the campaign.
const list = document.getElementById('campaign-list');
const result = document.getElementById('intake-result');

function field(form, name, label, control) {
  const id = `${form}-${name}`;
  Object.assign(control, { id, name });
  return [element('label', { htmlFor: id, textContent: label }), control];
}

function actionForm(legend, controls, submitText, send) {
  const form = element('form', { className: 'card', noValidate: true }, [
    element('h3', { textContent: legend }),
    ...controls,
    element('button', { type: 'submit', textContent: submitText }),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      try {
        const updated = await send(form);
        clearErrors(form);
        showNotice(result, `${updated.name}: ${updated.message}`, 'ok');
        await load();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

async function campaignSection(campaign) {
  const base = `/api/applications/ops/campaigns/${encodeURIComponent(campaign.code)}`;
  const suspended = campaign.state === 'Suspended';
  const key = `c-${campaign.code}`;
  const switchForm = actionForm(suspended ? '受付を再開する' : '受付を停止する',
    field(`${key}-switch`, 'reason', '理由', element('input')), suspended ? '再開する' : '停止する',
    (form) => api(`${base}/${suspended ? 'resume' : 'suspend'}`, {
      method: 'POST', json: { reason: form.elements.reason.value },
    }));
  const deadlineForm = actionForm('締切を延ばす', [
    ...field(`${key}-deadline`, 'closesAt', '新しい締切（日本時間）', element('input', { type: 'datetime-local' })),
    ...field(`${key}-deadline`, 'reason', '理由', element('input')),
  ], '延長する', (form) => api(`${base}/deadline`, {
    method: 'POST', json: { closesAt: form.elements.closesAt.value, reason: form.elements.reason.value },
  }));

  const audit = await api(`${base}/audit`);
  const trail = element('table', {}, [
    element('caption', { textContent: '操作の記録' }),
    element('tbody', {}, audit.map((entry) => row([
      dateTime(entry.at), entry.action, entry.reason, entry.detail,
      element('span', { className: 'mono', textContent: entry.actor }),
    ]))),
  ]);
  return element('section', { className: 'card' }, [
    element('h2', { textContent: campaign.name }),
    element('p', { className: `notice ${campaign.state === 'Open' ? 'ok' : 'warn'}`, textContent: campaign.message }),
    element('p', {
      textContent: `受付期間: ${dateTime(campaign.opensAt)} 〜 ${dateTime(campaign.closesAt)}（コード ${campaign.code}）`,
    }),
    switchForm, deadlineForm, trail,
  ]);
}

async function load() {
  const campaigns = await api('/api/applications/campaigns');
  list.replaceChildren(...await Promise.all(campaigns.map(campaignSection)));
  if (campaigns.length === 0) list.append(element('p', { textContent: 'キャンペーンはまだありません。' }));
}

if (await openConsole()) await load();
