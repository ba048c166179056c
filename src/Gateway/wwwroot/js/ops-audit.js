import { api, ProblemError } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// The questions of DESIGN.md incident 1, point 6, over both access-audit trails: who saw
// application X, what did subject Y see, who saw member Y's data, who read import Z's error
// cells. Each service keeps its own trail (written in the reading transaction), so the page asks
// each one and merges; the search values go in the API's path, never in this page's own URL.
const results = document.getElementById('audit-results');
const incomplete = document.getElementById('audit-incomplete');
const mono = (text) => element('span', { className: 'mono', textContent: text });

// As many rows as the APIs give (500 at most): a list cut short is said so on the page.
const limit = 500;
const subjectPattern = /^[0-9a-f]{32}$/;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Both trails' rows in one shape: which service, and what was read there.
const sources = {
  applications: {
    name: '申請',
    row: (r) => ({ ...r, target: `申請 ${r.applicationNumber}` }),
  },
  members: {
    name: '会員',
    row: (r) => ({ ...r, target: r.importId ? `取り込み ${r.importId} のエラー一覧` : '会員の権利' }),
  },
};

// Each search: the field, how its value is checked, and which trails it asks.
const searches = [
  {
    form: 'by-application', field: 'number', normalize: (v) => v,
    check: (v) => v.length > 0 || '申請番号を入力してください。',
    heading: (v) => `申請 ${v} の閲覧記録`,
    asks: (v) => [['applications', `/api/applications/audit/applications/${v}/reads`]],
  },
  {
    form: 'by-actor', field: 'subject', normalize: (v) => v.toLowerCase(),
    check: (v) => subjectPattern.test(v) || '閲覧者のIDは32桁の英数字（0-9、a-f）で入力してください。',
    heading: (v) => `閲覧者 ${v} の閲覧記録`,
    asks: (v) => [
      ['applications', `/api/applications/audit/actors/${v}/reads`],
      ['members', `/api/members/audit/actors/${v}/reads`],
    ],
  },
  {
    form: 'by-member', field: 'memberId', normalize: (v) => v.toLowerCase(),
    check: (v) => subjectPattern.test(v) || '会員IDは32桁の英数字（0-9、a-f）で入力してください。',
    heading: (v) => `会員 ${v} のデータの閲覧記録（会員サービス）`,
    asks: (v) => [['members', `/api/members/audit/members/${v}/reads`]],
  },
  {
    form: 'by-import', field: 'importId', normalize: (v) => v.toLowerCase(),
    check: (v) => guidPattern.test(v)
      || '取り込みIDは取り込み履歴に表示される36文字のID（例: 3f2b8c1e-0d4a-4e6b-9a7c-5b1d2e3f4a5b）'
      + 'で入力してください。',
    heading: (v) => `取り込み ${v} のエラー一覧の閲覧記録`,
    asks: (v) => [['members', `/api/members/audit/imports/${v}/reads`]],
  },
];

// Newest first across trails. A trail that returned a full page may hold older rows not
// fetched, so the merged list stops at the newest of those pages' oldest rows: below it a row
// from one trail could be missing while the other's shows, which would mislead.
function merge(answers) {
  const cuts = answers.filter((a) => a.rows.length >= limit).map((a) => Date.parse(a.rows[a.rows.length - 1].readAt));
  const cut = cuts.length ? Math.max(...cuts) : -Infinity;
  const rows = answers
    .flatMap((a) => a.rows.map((r) => ({ ...sources[a.source].row(r), service: sources[a.source].name })))
    .filter((r) => Date.parse(r.readAt) >= cut)
    .sort((a, b) => Date.parse(b.readAt) - Date.parse(a.readAt));
  return { rows, truncated: cuts.length > 0 };
}

function render(heading, { rows, truncated }, failures) {
  document.getElementById('audit-heading').textContent = `${heading}（${rows.length}件）`;
  results.querySelector('tbody').replaceChildren(...rows.map((r) => row([
    dateTime(r.readAt), r.service, mono(r.actor), r.actorRole, r.target, r.owner ? mono(r.owner) : null,
    r.fields.join('、'), r.traceId ? mono(r.traceId) : null,
  ])));
  const notes = failures.map(({ source, error }) =>
    `${sources[source].name}サービスの記録を取得できなかったため、この一覧は不完全です`
    + `（${error.problem?.title ?? error.message}）。時間をおいてもう一度検索してください。`);
  if (truncated) notes.push(`記録が多いため、新しいものから表示できる範囲（各サービス${limit}件まで）だけを表示しています。`);
  if (notes.length) showNotice(incomplete, notes.join(' '), 'warn');
  else incomplete.hidden = true;
  results.hidden = false;
}

function search({ form: id, field, normalize, check, heading, asks }) {
  const form = document.getElementById(id);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = normalize(form.elements[field].value.trim());
    const valid = check(value);
    if (valid !== true) {
      showErrors(form, new ProblemError(400, { title: '入力内容を確認してください。', errors: { [field]: [valid] } }));
      return;
    }
    await submitting(form, async () => {
      const calls = asks(encodeURIComponent(value));
      const settled = await Promise.allSettled(calls.map(([, path]) => api(`${path}?limit=${limit}`)));
      const answers = settled.flatMap((s, i) =>
        (s.status === 'fulfilled' ? [{ source: calls[i][0], rows: s.value }] : []));
      const failures = settled.flatMap((s, i) =>
        (s.status === 'rejected' ? [{ source: calls[i][0], error: s.reason }] : []));
      // Nothing answered: the form says why (a bad number is the service's field error).
      if (!answers.length) {
        showErrors(form, failures[0].error);
        return;
      }
      clearErrors(form);
      render(heading(value), merge(answers), failures);
    });
  });
}

if (await openConsole()) {
  for (const definition of searches) search(definition);
}
