import { api } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, showNotice, submitting } from './forms.js';

// The breach-scope report (#18): the leak's reads in a window, by person, and the items the
// authority's first and final reports ask for. The same query gives the CSV for the prefecture.
const form = document.getElementById('breach-scope');
const results = document.getElementById('breach-results');
const base = '/api/applications/audit/breach-scope';
const mono = (text) => element('span', { className: 'mono', textContent: text });
const monoList = (values) => element('span', {}, values.flatMap((v, i) => (i ? [' ', mono(v)] : [mono(v)])));

function query() {
  const parameters = new URLSearchParams();
  for (const name of ['from', 'to', 'route', 'reader', 'stage', 'cause', 'measures']) {
    const value = form.elements[name].value.trim();
    if (value) parameters.set(name, value);
  }
  return parameters.toString();
}

function summary(s) {
  const period = (from, to) => `${from ? dateTime(from) : '—'} ～ ${to ? dateTime(to) : '—'}`;
  const entries = [
    ['報告の区分', s.stage],
    ['対象期間', period(s.windowFrom, s.windowTo)],
    ['漏えいの期間（最初と最後の閲覧）', period(s.firstRead, s.lastRead)],
    ['本人の数', `${s.peopleAffected}人`],
    ['個人データの項目', s.items.join('、') || 'なし'],
    ['マイナンバーカードの画像', s.myNumberCardIncluded ? '含む' : '含まない'],
    ['個人番号（特定個人情報）', s.myNumberIncluded ? '含む' : '含まない'],
    ['閲覧回数・閲覧者の数', `${s.reads}回・${s.readers}人`],
    ['キャンペーン', s.campaigns.join('、') || 'なし'],
    ['原因', s.cause ?? '（未記入）'],
    ['再発防止策', s.measures ?? '（未記入）'],
  ];
  document.getElementById('breach-summary').replaceChildren(
    ...entries.flatMap(([term, value]) => [
      element('dt', { textContent: term }),
      element('dd', { textContent: value }),
    ]),
  );
}

function render(report, parameters) {
  summary(report.summary);
  results.querySelector('tbody').replaceChildren(...report.subjects.map((s) => row([
    mono(s.subject), s.applicationNumbers.join(' '), s.items.join('、'), String(s.reads), monoList(s.readers),
    dateTime(s.firstRead), dateTime(s.lastRead), monoList(s.traceIds),
  ])));
  document.getElementById('breach-csv').href = `${base}.csv?${parameters}`;
  // The affected, as the reminder's listed-members audience takes them (incident day, step 5).
  document.getElementById('breach-members').value = report.subjects.map((s) => s.subject).join('\n');
  const cut = document.getElementById('breach-cut');
  if (report.cut) showNotice(cut, '記録が多いため、古いものから上限までで打ち切っています。期間を分けて作成してください。', 'warn');
  else cut.hidden = true;
  results.hidden = false;
}

if (await openConsole()) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      const parameters = query();
      try {
        const report = await api(`${base}?${parameters}`);
        clearErrors(form);
        render(report, parameters);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
}
