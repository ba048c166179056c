import { api } from './api.js';
import { row } from './layout.js';
import { openConsole } from './ops.js';
import { showErrors, submitting } from './forms.js';

// Sends a probe message through the Applications service's outbox and shows, for each other
// service, that it arrived once and under which trace id (to look up in the Aspire dashboard).
const form = document.getElementById('probe-form');
const results = document.getElementById('probe-results');
const services = [['members', 'Members（会員）'], ['notifications', 'Notifications（通知）']];
const patienceMs = 30000;

async function receiptsOf(service, probeId) {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const answer = await api(`/api/${service}/probes/${encodeURIComponent(probeId)}`);
    if (answer.receipts.length > 0 || Date.now() > deadline) return answer.receipts;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

if (await openConsole()) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      try {
        const { probeId } = await api('/api/applications/probes', { method: 'POST' });
        document.getElementById('probe-id').textContent = probeId;
        const body = results.querySelector('tbody');
        body.replaceChildren();
        for (const [service, name] of services) {
          const receipts = await receiptsOf(service, probeId);
          if (receipts.length === 0) body.append(row([name, '未着', '—']));
          for (const receipt of receipts) {
            body.append(row([name, `受信（送信元: ${receipt.origin}）`, receipt.traceId ?? '—']));
          }
        }
        results.hidden = false;
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
}
