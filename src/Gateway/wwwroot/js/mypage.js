import { api } from './api.js';
import { dateTime } from './format.js';
import { element } from './layout.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';
import { openMemberPage } from './session.js';

// My Page shows only the signed-in member's own applications, chosen by the Applications
// service from the token's subject: status, number, dates and what to correct, nothing personal.
// No address or parameter here says whose page this is.
const list = document.getElementById('applications');

function fact(term, ...details) {
  return [element('dt', { textContent: term }), element('dd', {}, details)];
}

function correctionForm(application) {
  const field = (name, label, type = 'text') => {
    const id = `${application.applicationNumber}-${name}`;
    const control = name === 'note' ? element('textarea', { id, name, rows: 4 }) : element('input', { id, name, type });
    return [element('label', { htmlFor: id, textContent: label }), control];
  };
  const form = element('form', { noValidate: true }, [
    element('h3', { textContent: '修正して送信する' }),
    ...field('note', '修正した内容（必須）'),
    element('p', { className: 'hint', textContent: '連絡先が誤っていた場合だけ、正しい内容を入力してください。' }),
    ...field('phone', '電話番号', 'tel'),
    ...field('email', 'メールアドレス', 'email'),
    ...field('postalCode', '郵便番号'),
    ...field('address', '住所'),
    element('button', { type: 'submit', textContent: '修正を送信' }),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      try {
        const values = Object.fromEntries(
          [...form.elements].filter((e) => e.name).map((e) => [e.name, e.value.trim() || null]),
        );
        const number = encodeURIComponent(application.applicationNumber);
        await api(`/api/mypage/applications/${number}/correction`, { method: 'POST', json: values });
        clearErrors(form);
        await load();
        showNotice(document.getElementById('page-message'), '修正を受け付けました。', 'ok');
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

function applicationCard(application) {
  const facts = [
    ...fact('申請番号', element('span', { className: 'mono', textContent: application.applicationNumber })),
    ...fact('状況', element('span', { className: `status ${application.status}`, textContent: application.statusLabel })),
    ...fact('申請日時', dateTime(application.submittedAt)),
    ...fact('更新日時', dateTime(application.updatedAt)),
  ];
  if (application.invalidReason) facts.push(...fact('無効の理由', application.invalidReason));
  const card = element('article', { className: 'card' }, [
    element('h3', { textContent: application.campaignName }),
    element('dl', { className: 'facts' }, facts),
  ]);
  for (const correction of application.corrections) {
    card.append(element('div', { className: 'notice warn' }, [
      element('p', { textContent: `修正のお願い（${dateTime(correction.requestedAt)}）` }),
      element('ul', {}, correction.items.map((item) => element('li', { textContent: item }))),
    ]));
  }
  if (application.status === 'NeedsCorrection') card.append(correctionForm(application));
  return card;
}

async function load() {
  const view = await api('/api/mypage/applications');
  const suspended = view.suspendedCampaigns.map((c) =>
    element('p', { className: 'notice warn', textContent: `${c.campaignName}: ${c.message}` }),
  );
  const cards = view.applications.map(applicationCard);
  list.replaceChildren(...suspended, ...(cards.length ? cards : [element('p', { textContent: 'まだ申請はありません。' })]));
  document.getElementById('apply-link').hidden = view.applications.some((a) => a.status !== 'Invalid');
}

// How many notices wait unread in the inbox, so a member opening My Page does not miss one.
async function unreadNotices() {
  const unread = (await api('/api/notifications/inbox')).filter((n) => n.readAt === null).length;
  const line = document.getElementById('inbox-unread');
  line.replaceChildren(...(unread ? [element('a', { href: '/inbox/', textContent: `未読のお知らせが${unread}件あります。` })] : []));
  line.hidden = unread === 0;
}

if (await openMemberPage()) {
  try {
    await Promise.all([load(), unreadNotices()]);
  } catch (error) {
    showNotice(document.getElementById('page-message'), `${error.message} ${error.problem?.detail ?? ''}`, 'warn');
  }
}
