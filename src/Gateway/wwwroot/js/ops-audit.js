import { api } from './api.js';
import { dateTime } from './format.js';
import { element, row } from './layout.js';
import { openConsole } from './ops.js';
import { clearErrors, showErrors, submitting } from './forms.js';

// The two questions of DESIGN.md incident 1, point 6: who saw application X, and what did
// subject Y see. Each read of personal data left a row with its trace id.
const results = document.getElementById('audit-results');
const mono = (text) => element('span', { className: 'mono', textContent: text });

function search(form, heading, path) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      try {
        const key = form.elements[0].value.trim();
        const rows = await api(path(encodeURIComponent(key)));
        clearErrors(form);
        document.getElementById('audit-heading').textContent = `${heading(key)}（${rows.length}件）`;
        results.querySelector('tbody').replaceChildren(...rows.map((r) => row([
          dateTime(r.readAt), mono(r.actor), r.actorRole, mono(r.applicationNumber), mono(r.owner), r.fields.join('、'), r.traceId ? mono(r.traceId) : null,
        ])));
        results.hidden = false;
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
}

if (await openConsole()) {
  search(document.getElementById('by-application'), (n) => `申請 ${n} の閲覧記録`, (n) => `/api/applications/audit/applications/${n}/reads`);
  search(document.getElementById('by-actor'), (s) => `閲覧者 ${s} の閲覧記録`, (s) => `/api/applications/audit/actors/${s}/reads`);
}
