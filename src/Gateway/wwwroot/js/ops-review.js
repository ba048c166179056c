import { api } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// Reviewers work through the queue: open one application (the service records the read in the
// access audit), then register a decision. Which moves are offered follows the service's rule;
// the service refuses any other whatever this page offers.
const queueForm = document.getElementById('queue-form');
const queue = document.querySelector('#queue tbody');
const detail = document.getElementById('detail');
const decisionForm = document.getElementById('decision-form');
const message = document.getElementById('page-message');
const labels = { Accepted: '受付済', NeedsCorrection: '不備対応中', Approved: '審査完了', Rejected: '非承認' };
const moves = {
  Submitted: ['Accepted', 'Rejected'],
  Accepted: ['NeedsCorrection', 'Approved', 'Rejected'],
  NeedsCorrection: ['Rejected'],
  Corrected: ['NeedsCorrection', 'Approved', 'Rejected'],
};
const genders = { female: '女性', male: '男性', other: 'その他', unspecified: '回答しない' };
const relationships = { child: '子', spouse: '配偶者', parent: '親', other: 'その他' };
let current = null;

function facts(pairs) {
  return element('dl', { className: 'facts' }, pairs.flatMap(([term, value]) => [
    element('dt', { textContent: term }),
    element('dd', { textContent: value ?? '—' }),
  ]));
}

function renderDetail(application) {
  const r = application.representative;
  const body = [
    facts([
      ['申請番号', application.applicationNumber], ['キャンペーン', application.campaignCode],
      ['状況', application.statusLabel], ['申込口数', `${application.units}口`],
      ['申請日時', dateTime(application.submittedAt)], ['無効の理由', application.invalidReason],
    ]),
    element('h3', { textContent: '申請者' }),
    facts([
      ['氏名', `${r.familyName} ${r.givenName}`], ['フリガナ', `${r.familyNameKana} ${r.givenNameKana}`],
      ['生年月日', r.birthDate], ['性別', genders[r.gender] ?? r.gender], ['電話番号', r.phone],
      ['メールアドレス', r.email], ['住所', `〒${r.postalCode} ${r.address}`],
    ]),
    element('h3', { textContent: '世帯員' }),
    element('ul', {}, application.householdMembers.map((m) => element('li', {
      textContent: `${m.familyName} ${m.givenName}（${m.familyNameKana} ${m.givenNameKana}）${m.birthDate} `
        + (relationships[m.relationship] ?? m.relationship),
    }))),
    element('h3', { textContent: `本人確認書類（${application.documentType}）` }),
    element('p', { className: 'hint', textContent: '画像そのものはこの画面に送られません。種類・大きさ・ハッシュのみ表示します。' }),
    element('ul', {}, application.documents.map((d) => element('li', {
      textContent: `${d.side}: ${d.contentType}, ${d.sizeBytes} bytes, SHA-256 ${d.sha256}`,
    }))),
    element('h3', { textContent: '履歴' }),
    element('ul', {}, application.history.map((h) => element('li', {
      textContent: `${dateTime(h.at)} ${h.from ?? '—'} → ${h.to}（${h.actorRole}）${h.reason} ${h.items.join('、')}`,
    }))),
  ];
  document.getElementById('detail-body').replaceChildren(...body);
  const allowed = moves[application.status] ?? [];
  decisionForm.hidden = allowed.length === 0;
  decisionForm.elements.to.replaceChildren(
    ...allowed.map((to) => element('option', { value: to, textContent: labels[to] })),
  );
}

async function open(number) {
  try {
    current = await api(`/api/applications/review/applications/${encodeURIComponent(number)}`);
    renderDetail(current);
    clearErrors(decisionForm);
    decisionForm.reset();
    detail.hidden = false;
    detail.focus();
  } catch (error) {
    showNotice(message, `${error.message} ${error.problem?.detail ?? ''}`, 'warn');
  }
}

async function loadQueue() {
  const status = queueForm.elements.status.value;
  const entries = await api(`/api/applications/review/queue${status ? `?status=${encodeURIComponent(status)}` : ''}`);
  queue.replaceChildren(...entries.map((entry) => {
    const button = element('button', { type: 'button', className: 'link-button', textContent: '開く' });
    button.addEventListener('click', () => open(entry.applicationNumber));
    return row([
      element('span', { className: 'mono', textContent: entry.applicationNumber }),
      entry.campaignCode, entry.statusLabel, dateTime(entry.submittedAt), button,
    ]);
  }));
  if (entries.length === 0) queue.append(row(['審査待ちの申請はありません。', '', '', '', '']));
}

if (await openConsole()) {
  queueForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(queueForm, loadQueue);
  });
  decisionForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(decisionForm, async () => {
      try {
        const items = decisionForm.elements.items.value.split('\n').map((i) => i.trim()).filter(Boolean);
        const number = encodeURIComponent(current.applicationNumber);
        const result = await api(`/api/applications/review/applications/${number}/transitions`, {
          method: 'POST',
          json: { to: decisionForm.elements.to.value, reason: decisionForm.elements.reason.value, items },
        });
        showNotice(message, `${result.applicationNumber} を「${result.statusLabel}」にしました。`, 'ok');
        detail.hidden = true;
        await loadQueue();
      } catch (error) {
        showErrors(decisionForm, error);
      }
    });
  });
  await loadQueue();
}
