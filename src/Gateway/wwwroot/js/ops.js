import { element } from './layout.js';
import { openMemberPage } from './session.js';

// The ops console's sections and the role each needs. The navigation shows a person only the
// sections their token's roles open; the gateway and the services enforce the same rule on every
// call, so this table decides what is shown, never what is allowed.
export const sections = [
  { path: '/ops/review/', title: '申請の審査', role: 'reviewer', summary: '審査待ちの申請を開き、受付・不備対応・承認・非承認を登録します。' },
  { path: '/ops/intake/', title: '受付の停止・締切', role: 'operator', summary: 'キャンペーンの受付とマイページを止める・再開する、締切を延ばします。' },
  { path: '/ops/imports/', title: '会員・権利の取り込み', role: 'operator', summary: '会員名簿と権利・チャージ額のファイル（CSV・Excel）を取り込み、誤りのあるセルを確かめます。' },
  {
    path: '/ops/reminders/', title: 'リマインド配信', role: 'operator', alsoRole: 'approver',
    summary: '配信を作成し、件数の照合・テスト送信・承認・停止・レポートを行います。',
  },
  { path: '/ops/audit/', title: 'アクセス監査', role: 'auditor', summary: '誰がどの申請・会員の個人情報を見たか、ある人が何を見たかを検索します。' },
  { path: '/ops/probes/', title: 'メッセージ経路の確認', role: 'operator', summary: 'サービス間のメッセージが届くことと、そのトレースIDを確かめます。' },
  { path: '/ops/roles/', title: '権限の付与', role: 'admin', summary: '事務局員に審査・運用・承認・監査の権限を付与します。' },
];

export const roleNames = {
  reviewer: '審査担当',
  operator: '運用担当',
  approver: '承認担当',
  auditor: '監査担当',
  admin: '管理者',
};

const noPermission = 'このページを使う権限がありません。権限が必要な場合は、管理者に依頼してください。';

function renderNavigation(allowed) {
  const items = allowed.map((section) => {
    const who = [section.role, section.alsoRole].filter((r) => r).map((r) => roleNames[r]).join('・');
    const role = element('span', { className: 'role', textContent: `${who}: ${section.summary}` });
    const link = element('a', { href: section.path, textContent: section.title }, [role]);
    if (window.location.pathname === section.path) link.setAttribute('aria-current', 'page');
    return element('li', {}, [link]);
  });
  const nav = element('nav', { className: 'ops-nav' }, [element('h2', { textContent: '業務メニュー' }), element('ul', {}, items)]);
  nav.setAttribute('aria-label', '業務メニュー');
  document.querySelector('[data-when-signed-in]').append(nav);
}

// Opens a console page: the member must hold one of the roles the page names in
// <body data-requires-role="role …"> (or, on the console's home, any ops role). Returns the member, or null when the page stays shut.
export async function openConsole() {
  const member = await openMemberPage();
  if (!member) return null;
  const allowed = sections.filter((s) => member.roles.includes(s.role) || member.roles.includes(s.alsoRole));
  renderNavigation(allowed);
  const required = document.body.dataset.requiresRole;
  const permitted = required ? required.split(' ').some((r) => member.roles.includes(r)) : member.roles.some((r) => r in roleNames);
  if (!permitted) {
    document.querySelector('[data-when-signed-in]').prepend(element('p', { className: 'notice warn', textContent: noPermission }));
  }
  for (const element of document.querySelectorAll('[data-when-permitted]')) element.hidden = !permitted;
  return permitted ? member : null;
}
