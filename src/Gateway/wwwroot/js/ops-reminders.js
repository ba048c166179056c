import { api } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// Reminders (incident 2): create, then follow one reminder through reconciliation
// (declared, resolved and bound side by side), test send, four-eyes approval, halt and the report.
// A reminder that has sent can get a correction (point 6): the same form, posted to the original's
// corrections route, then the same reconciliation and approval.
// The services decide who may do what; the page only hides buttons a role cannot use.
const base = '/api/notifications/ops/reminders';
const states = {
  Requested: '受付（抽出待ち）',
  Resolving: '対象者を抽出中',
  ReconciliationFailed: '件数が一致せず停止中',
  AudienceUnavailable: '対象者を抽出できず停止中',
  AwaitingApproval: '承認待ち',
  Sending: '配信中',
  Completed: '配信完了',
  Expired: '承認されず期限切れ（未送信）',
};
// States the saga leaves by itself; the view refreshes until it settles.
const moving = new Set(['Requested', 'Resolving', 'Sending']);
const createForm = document.getElementById('create-form');
const result = document.getElementById('reminder-result');
const section = document.getElementById('reminder');
const body = document.getElementById('reminder-body');
let member;
let watching = 0;
// The reminder a correction or follow-up is being created for, or null for a new reminder.
let correcting = null;
// 'corrections' or 'follow-ups': what the form creates from `correcting`.
let deriving = 'corrections';

const stateName = (state) => states[state] ?? state;
const count = (value) => (value ?? '—').toString();
const url = (id, action = '') => `${base}/${encodeURIComponent(id)}${action}`;
// datetime-local has no zone: the console works in Japan time, as the reminder does.
const jstInput = (offsetHours) => new Date(Date.now() + (9 + offsetHours) * 3600e3).toISOString().slice(0, 16);
const fromJst = (value) => (value ? new Date(`${value}:00+09:00`).toISOString() : null);
const numberOrNull = (value) => (value === '' ? null : Number(value));

function button(text, onClick, className = '') {
  const node = element('button', { type: 'button', textContent: text, className });
  node.addEventListener('click', async () => {
    node.disabled = true;
    try {
      await onClick();
    } catch (error) {
      showNotice(result, `${error.message}${error.problem?.detail ? ` ${error.problem.detail}` : ''}`, 'warn');
    } finally {
      node.disabled = false;
    }
  });
  return node;
}

function reconciliation(view) {
  // A correction's bound is how many people the original reached, not the campaign's winners.
  const bound = view.correctionOf ? '上限（元の配信の送信済み人数）' : '上限（キャンペーンの当選者数）';
  const numbers = element('table', { id: 'reconciliation' }, [
    element('caption', { textContent: '件数の照合' }),
    element('thead', {}, [element('tr', {},
      ['申告件数', '抽出件数', bound].map((h) => element('th', { scope: 'col', textContent: h })))]),
    element('tbody', {}, [row([count(view.declared), count(view.resolved), count(view.bound)])]),
  ]);
  const parts = [numbers];
  if (view.state === 'ReconciliationFailed' || view.state === 'AudienceUnavailable') {
    const stop = element('div', { className: 'notice warn', id: 'stop-notice' }, [
      element('strong', { textContent: '配信は止まっています。' }),
      element('p', { textContent: view.problem ?? '抽出件数が申告件数と一致しないか、上限を超えています。' }),
      element('p', { textContent: '申告件数が誤っていれば修正してください。対象者のデータが誤っていれば、データを直してから再抽出してください。どちらでも承認は取り消され、もう一度照合されます。' }),
    ]);
    stop.setAttribute('role', 'alert');
    parts.push(stop);
  }
  return parts;
}

function declaredForm(view) {
  const input = element('input', {
    id: 'fix-declared', name: 'declaredCount', type: 'number', min: 1, inputMode: 'numeric', value: view.declared ?? '',
  });
  const form = element('form', { className: 'card', noValidate: true }, [
    element('h3', { textContent: '申告件数を修正する' }),
    element('label', { htmlFor: input.id, textContent: '正しい申告件数' }), input,
    element('button', { type: 'submit', textContent: '修正して照合し直す' }),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      try {
        await api(url(view.id, '/declared-count'),
          { method: 'PUT', json: { declaredCount: numberOrNull(input.value) } });
        clearErrors(form);
        showNotice(result, '申告件数を修正しました。照合し直しています。', 'ok');
        await watch(view.id, view);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

function actions(view) {
  const operator = member.roles.includes('operator');
  const approver = member.roles.includes('approver');
  const changeable = ['Resolving', 'ReconciliationFailed', 'AwaitingApproval', 'AudienceUnavailable']
    .includes(view.state);
  const parts = [];
  if (operator && changeable) {
    parts.push(declaredForm(view));
    parts.push(element('p', {}, [button('対象者を再抽出する', async () => {
      await api(url(view.id, '/resolve'), { method: 'POST' });
      showNotice(result, '再抽出を依頼しました。', 'ok');
      await watch(view.id, view);
    }, 'secondary')]));
  }
  if (view.state === 'AwaitingApproval') {
    const tested = view.testSends.some((t) => t.snapshotId === view.snapshotId);
    const approval = element('div', { className: 'card', id: 'approval' }, [
      element('h3', { textContent: 'テスト送信と承認' }),
      element('p', { textContent: `テスト送信先: ${view.seedList.join('、')}` }),
      element('p', { textContent: tested ? 'このスナップショットのテスト送信は済んでいます。' : 'このスナップショットのテスト送信はまだです。承認の前に必要です。' }),
    ]);
    if (operator) {
      approval.append(element('p', {}, [button('テスト送信する', async () => {
        const sent = await api(url(view.id, '/test-send'), { method: 'POST' });
        showNotice(result, `テスト送信しました（${sent.recipients.join('、')}）。`, 'ok');
        await show(view.id);
      }, 'secondary')]));
    }
    if (approver) {
      approval.append(
        element('p', {
          className: 'hint',
          textContent: `承認するスナップショット: ${view.snapshotId}（ダイジェスト ${view.digest}）。`
            + '作成した人と最後に対象者を変えた人は承認できません。',
        }),
        element('p', {}, [button(`${count(view.resolved)}件への配信を承認する`, async () => {
          await api(url(view.id, '/approve'),
            { method: 'POST', json: { snapshotId: view.snapshotId, digest: view.digest } });
          showNotice(result, '承認しました。配信期間内に送信が始まります。', 'ok');
          await watch(view.id, view);
        })]));
    }
    parts.push(approval);
  }
  if (operator && (view.state === 'Sending' || view.state === 'Completed')) {
    parts.push(element('div', { className: 'card', id: 'correction' }, [
      element('h3', { textContent: '訂正配信' }),
      element('p', { textContent: 'この配信を送るべきでなかった人がいたときは、送信済みの記録から、その人たちにだけ訂正を送れます。' }),
      element('p', {}, [button('この配信の訂正を作成する', async () => startCorrection(view), 'secondary')]),
      element('p', { textContent: '送信に失敗した人・結果が不明な人のうち、いまも対象者の条件に当てはまる人には、フォローアップ配信を作成できます（承認は別の人が行います）。' }),
      element('p', {}, [button('フォローアップ配信を作成する', async () => startCorrection(view, 'follow-ups'), 'secondary')]),
    ]));
  }
  if (view.state === 'Sending' || view.state === 'AwaitingApproval') {
    parts.push(element('p', {}, [view.halted
      ? button('送信を再開する', async () => { await api(url(view.id, '/resume'), { method: 'POST' }); await show(view.id); })
      : button('送信を一時停止する', async () => {
        await api(url(view.id, '/halt'), { method: 'POST' });
        await show(view.id);
      }, 'secondary')]));
  }
  return parts;
}

async function report(view) {
  if (!['Sending', 'Completed'].includes(view.state)) return [];
  const data = await api(url(view.id, '/report'));
  return [element('table', { id: 'report' }, [
    element('caption', { textContent: '配信レポート' }),
    element('thead', {}, [element('tr', {}, ['チャネル', '承認件数', '送信済', '失敗（不明を含む）', '未送信']
      .map((h) => element('th', { scope: 'col', textContent: h })))]),
    element('tbody', {}, data.channels.map((c) =>
      row([c.channel, String(c.approved), String(c.sent), String(c.failed), String(c.notSent)]))),
  ]), element('p', {}, [
    element('a', { href: url(view.id, '/report.csv'), textContent: 'レポートをCSVでダウンロード', download: '' }),
  ])];
}

function facts(view) {
  const pairs = [
    ['状態', element('span', {
      className: 'status', id: 'reminder-state',
      textContent: `${stateName(view.state)}${view.halted ? '（一時停止中）' : ''}`,
    })],
    ['名称', view.name], ['キャンペーン', view.campaignCode], ['対象者の条件', view.audience], ['チャネル', view.channels.join('、')],
    ['件名', view.subject], ['本文', view.body], ['配信期間', `${dateTime(view.sendFrom)} 〜 ${dateTime(view.sendUntil)}`],
    ['承認', view.approvedAt ? `${dateTime(view.approvedAt)}（${view.approved}件）` : '—'],
  ];
  if (view.correctionOf) pairs.splice(1, 0, ['訂正元', button('元の配信を開く', () => open(view.correctionOf), 'link-button')]);
  return element('dl', { className: 'facts' },
    pairs.flatMap(([term, value]) => [element('dt', { textContent: term }), element('dd', {}, [value])]));
}

async function show(id) {
  const view = await api(url(id));
  body.replaceChildren(facts(view), ...reconciliation(view), ...actions(view), ...await report(view));
  section.hidden = false;
  return view;
}

// After an action the saga moves on its own: refresh until the reminder has changed and settled.
async function watch(id, before) {
  const token = ++watching;
  const was = JSON.stringify(before);
  for (let attempt = 0; attempt < 90 && token === watching; attempt++) {
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    if (token !== watching) return;
    const view = await show(id);
    if (JSON.stringify(view) !== was && !moving.has(view.state)) break;
  }
  await list();
}

async function open(id) {
  history.replaceState(null, '', `?id=${encodeURIComponent(id)}`);
  const view = await show(id);
  section.focus();
  if (moving.has(view.state)) await watch(id, view);
}

// What awaits the signed-in person: counts to enter or check (operator), approvals (approver).
async function awaiting() {
  const waiting = await api(`${base}/awaiting`);
  document.querySelector('#awaiting tbody').replaceChildren(...waiting.map((c) => row([
    c.name, stateName(c.state), dateTime(c.sendFrom), dateTime(c.sendUntil),
    button('開く', () => open(c.id), 'link-button'),
  ])));
}

async function list() {
  await awaiting();
  const reminders = await api(base);
  document.querySelector('#reminders tbody').replaceChildren(...reminders.map((c) => row([
    c.name, c.campaignCode, stateName(c.state), `${count(c.declared)} / ${count(c.resolved)} / ${count(c.bound)}`,
    dateTime(c.createdAt),
    button('開く', () => open(c.id), 'link-button'),
  ])));
}

// The create form, either for a new reminder or for a correction of one that has sent: a
// correction keeps the original's campaign code, so that field goes away.
function formMode(original, kind = 'corrections') {
  correcting = original;
  deriving = kind;
  const what = kind === 'follow-ups' ? 'フォローアップ配信' : '訂正配信';
  clearErrors(createForm);
  document.getElementById('create-heading').textContent = original ? `${what}を作成する（元の配信: ${original.name}）` : '配信を作成する';
  document.getElementById('c-correction-note').hidden = !original || kind === 'follow-ups';
  document.getElementById('c-code-field').hidden = Boolean(original);
  createForm.querySelector('button[type="submit"]').textContent = original ? `${what}を作成する` : '作成する';
}

function startCorrection(original, kind = 'corrections') {
  formMode(original, kind);
  const f = createForm.elements;
  f.name.value = `${kind === 'follow-ups' ? '【再送のご案内】' : '【訂正】'}${original.name}`;
  for (const channel of createForm.querySelectorAll('input[name="channels"]')) {
    channel.checked = original.channels.includes(channel.value);
  }
  f.declaredCount.value = '';
  f.name.focus();
}

function defaultWindow() {
  createForm.elements.sendFrom.value = jstInput(0);
  createForm.elements.sendUntil.value = jstInput(24 * 7);
}

document.getElementById('c-correction-cancel').addEventListener('click', () => formMode(null));

// The listed-members audience is its list: the field shows only for it.
createForm.elements.audience.addEventListener('change', () => {
  document.getElementById('c-members-field').hidden = createForm.elements.audience.value !== 'listed-members';
});

createForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = createForm.elements;
  await submitting(createForm, async () => {
    try {
      const created = await api(correcting ? url(correcting.id, `/${deriving}`) : base, {
        method: 'POST',
        json: {
          name: f.name.value, audience: f.audience.value, campaignCode: correcting ? null : f.campaignCode.value,
          subject: f.subject.value, body: f.body.value,
          channels: [...createForm.querySelectorAll('input[name="channels"]:checked')].map((c) => c.value),
          declaredCount: numberOrNull(f.declaredCount.value),
          sendFrom: fromJst(f.sendFrom.value), sendUntil: fromJst(f.sendUntil.value),
          messagesPerSecond: numberOrNull(f.messagesPerSecond.value),
          seedList: f.seedList.value.split('\n').map((s) => s.trim()).filter((s) => s),
          campaignTitle: f.campaignTitle.value || null, deadline: f.deadline.value || null,
          memberIds: f.audience.value === 'listed-members'
            ? f.memberIds.value.split('\n').map((s) => s.trim()).filter((s) => s) : null,
        },
      });
      showNotice(result, correcting ? '訂正配信を作成しました。送るべきでなかった人を抽出して照合しています。' : '配信を作成しました。対象者を抽出して照合しています。', 'ok');
      // A fresh form, so a second press cannot create the same reminder twice by accident.
      formMode(null);
      createForm.reset();
      document.getElementById('c-members-field').hidden = true;
      defaultWindow();
      await list();
      await open(created.id);
    } catch (error) {
      showErrors(createForm, error);
    }
  });
});

member = await openConsole();
if (member) {
  createForm.hidden = !member.roles.includes('operator');
  defaultWindow();
  await list();
  const id = new URLSearchParams(window.location.search).get('id');
  if (id) await open(id);
}
