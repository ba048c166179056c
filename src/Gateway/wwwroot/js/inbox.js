import { api } from './api.js';
import { dateTime } from './format.js';
import { element } from './layout.js';
import { showNotice } from './forms.js';
import { openMemberPage } from './session.js';

// The in-app inbox (アプリの「事務局からのお知らせ」): the member's own notices only, chosen by
// the Notifications service from the token's subject, newest first. An unread notice says so
// in words (「未読」), not by colour alone, so a screen reader announces it with the title.
const list = document.getElementById('notices');
const message = document.getElementById('page-message');

function notice(item) {
  const unread = item.readAt === null;
  const headingId = `notice-${item.id}`;
  const heading = element('h2', { id: headingId, className: 'notice-subject', tabIndex: -1 }, [
    ...(unread ? [element('span', { className: 'badge unread', textContent: '未読' }), ' '] : []),
    item.subject,
  ]);
  const parts = [
    heading,
    element('p', { className: 'hint' }, [
      element('time', { dateTime: item.receivedAt, textContent: dateTime(item.receivedAt) }),
    ]),
    element('p', { className: 'notice-body', textContent: item.body }),
  ];
  if (unread) {
    const read = element('button', { type: 'button', className: 'secondary', textContent: '既読にする' });
    read.setAttribute('aria-describedby', headingId);
    read.addEventListener('click', async () => {
      read.disabled = true;
      try {
        await api(`/api/notifications/inbox/${encodeURIComponent(item.id)}/read`, { method: 'POST' });
        await load();
        // The button is gone with the marker; the focus stays on this notice, not the page top.
        document.getElementById(headingId)?.focus();
        showNotice(message, `「${item.subject}」を既読にしました。`, 'ok');
      } catch (error) {
        read.disabled = false;
        showNotice(message, `${error.message} ${error.problem?.detail ?? ''}`, 'warn');
      }
    });
    parts.push(element('p', {}, [read]));
  }
  const article = element('article', { className: `card${unread ? ' unread' : ''}` }, parts);
  article.setAttribute('aria-labelledby', headingId);
  return element('li', {}, [article]);
}

async function load() {
  const items = await api('/api/notifications/inbox');
  list.replaceChildren(...items.map(notice));
  document.getElementById('no-notices').hidden = items.length > 0;
  const unread = items.filter((i) => i.readAt === null).length;
  document.getElementById('unread-count').textContent = items.length ? `未読のお知らせ: ${unread}件` : '';
}

if (await openMemberPage()) {
  try {
    await load();
  } catch (error) {
    showNotice(message, `${error.message} ${error.problem?.detail ?? ''}`, 'warn');
  }
}
