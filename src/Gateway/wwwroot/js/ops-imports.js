import { api, ProblemError } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, submitting } from './forms.js';

// Member roster and entitlement files (DESIGN.md incident 2, point 1). Members checks every cell
// and refuses the whole file for a single bad one; this page shows what it did, or every bad cell
// it found (row, column, value, reason) with the full report, and the history of uploads.
const base = '/api/members/ops/imports';
const form = document.getElementById('import-form');
const progress = document.getElementById('import-progress');
const outcome = document.getElementById('import-outcome');
const outcomeBody = document.getElementById('outcome-body');
const kinds = { roster: '会員名簿', entitlements: '権利・チャージ額' };
const statuses = { imported: '取り込み済み', rejected: '取り込まず（誤りあり）', duplicate: '同じファイル（変更なし）' };
const reportUrl = (id) => `${base}/${encodeURIComponent(id)}/errors.csv`;
const reportLink = (id, text = 'エラー一覧（CSV）をダウンロード') =>
  element('a', { href: reportUrl(id), textContent: text, download: '' });

function show(...parts) {
  outcomeBody.replaceChildren(...parts);
  outcome.hidden = false;
}

function imported(result) {
  const facts = [
    ['種類', kinds[result.kind] ?? result.kind], ['ファイル', result.fileName ?? '—'], ['行数', result.rowCount],
    ['追加', result.insertedCount], ['更新', result.updatedCount],
  ];
  const text = result.status === 'duplicate'
    ? '同じファイルは取り込み済みです。何も変更していません。'
    : `取り込みました: ${result.rowCount}行（追加 ${result.insertedCount}件、更新 ${result.updatedCount}件）。`;
  show(element('p', { className: 'notice ok', id: 'import-summary', textContent: text }),
    element('dl', { className: 'facts' }, facts.flatMap(([term, value]) => [
      element('dt', { textContent: term }),
      element('dd', { textContent: String(value) }),
    ])));
}

// A refused file: the summary goes to the form (focused, as every page's errors do), the bad
// cells into a table a screen reader can walk by row and column.
function rejected(problem) {
  showErrors(form, new ProblemError(422, { title: problem.title, detail: problem.detail }));
  const cells = problem.cells.map((e) => row([
    e.row === 0 ? 'ファイル全体' : String(e.row), e.column, e.value === null || e.value === '' ? '（空欄）' : e.value, e.reason,
  ]));
  const shown = problem.cellsShown < problem.errorCount
    ? `（${problem.errorCount}件のうち最初の${problem.cellsShown}件）`
    : `（${problem.errorCount}件）`;
  show(element('table', { id: 'import-errors' }, [
    element('caption', { textContent: `誤りのあるセル${shown}` }),
    element('thead', {}, [
      element('tr', {}, ['行', '列', '値', '理由'].map((h) => element('th', { scope: 'col', textContent: h }))),
    ]),
    element('tbody', {}, cells),
  ]), element('p', {}, [reportLink(problem.importId, `エラー一覧（CSV、全${problem.errorCount}件）をダウンロード`)]));
}

async function history() {
  const imports = await api(base);
  document.querySelector('#imports tbody').replaceChildren(...imports.map((i) => row([
    dateTime(i.startedAt), kinds[i.kind] ?? i.kind, i.fileName ?? '—',
    i.status === 'rejected'
      ? element('span', {}, [`${statuses.rejected} `, reportLink(i.importId, 'エラー一覧')])
      : statuses[i.status] ?? i.status,
    String(i.rowCount), String(i.errorCount), String(i.insertedCount), String(i.updatedCount),
    element('span', { className: 'mono', textContent: i.importedBy }),
  ])));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  outcome.hidden = true;
  if (!file) {
    showErrors(form, new ProblemError(400, { title: '入力内容を確認してください。', errors: { file: ['取り込むファイルを選んでください。'] } }));
    return;
  }
  await submitting(form, async () => {
    progress.textContent = '取り込み中です。大きなファイルは数分かかります…';
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const result = await api(`${base}/${encodeURIComponent(form.elements.kind.value)}`, { method: 'POST', body });
      clearErrors(form);
      imported(result);
      outcome.focus();
    } catch (error) {
      // Only a refused file carries the list of cells; anything else is a plain problem.
      if (error instanceof ProblemError && Array.isArray(error.problem.cells)) rejected(error.problem);
      else showErrors(form, error);
    } finally {
      progress.textContent = '';
    }
    await history();
  });
});

if (await openConsole()) await history();
