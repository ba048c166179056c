import { api, ProblemError } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, submitting } from './forms.js';

// Member roster and entitlement files (DESIGN.md incident 2, point 1). Members checks every cell
// and refuses the whole file for a single bad one; this page shows what it did, or every bad cell
// it found (row, column, value, reason) with the full report, and the history of uploads.
// An import is a job (issue #14, point 7): the upload answers at once with the job's status URL,
// which this page polls, showing the rows read, checked and stored, until the job has finished.
const base = '/api/members/ops/imports';
const form = document.getElementById('import-form');
const progress = document.getElementById('import-progress');
const outcome = document.getElementById('import-outcome');
const outcomeBody = document.getElementById('outcome-body');
const kinds = { roster: '会員名簿', entitlements: '権利・チャージ額' };
const statuses = { imported: '取り込み済み', rejected: '取り込まず（誤りあり）', duplicate: '同じファイル（変更なし）' };
const pollEvery = 1000;
const states = {
  Queued: '順番待ちです（同じ種類の取り込みが終わるのを待っています）…',
  Running: '取り込み中です。大きなファイルは数分かかります…',
};
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

function jobProgress(job) {
  const p = job.progress;
  const counts = job.state === 'Running'
    ? ` 読み込み ${p.rowsRead}行・確認済み ${p.rowsChecked}行・保存 ${p.rowsStored}行`
    : '';
  progress.textContent = `${states[job.state] ?? ''}${counts}`;
}

// Until the job has finished; its answer is the one a synchronous upload gave.
async function finished(job) {
  while (!job.isFinished) {
    jobProgress(job);
    await new Promise((resolve) => { setTimeout(resolve, pollEvery); });
    job = await api(job.statusUrl);
  }
  return job;
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
    progress.textContent = 'アップロード中です…';
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const queued = await api(`${base}/${encodeURIComponent(form.elements.kind.value)}`, { method: 'POST', body });
      const job = await finished(queued);
      if (job.state === 'Succeeded') {
        clearErrors(form);
        imported(job.result);
        outcome.focus();
      } else if (job.state === 'Refused') {
        rejected(job.problem);
      } else {
        showErrors(form, new ProblemError(500, { title: '取り込みに失敗しました（何も保存していません）。', detail: job.reason }));
      }
    } catch (error) {
      showErrors(form, error);
    } finally {
      progress.textContent = '';
    }
    await history();
  });
});

if (await openConsole()) await history();
