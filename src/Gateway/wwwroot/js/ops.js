import { openMemberPage } from './session.js';

// The ops console's sections and the role each needs. The navigation shows a person only the
// sections their token's roles open; the gateway and the services enforce the same rule on every
// call, so this table decides what is shown, never what is allowed.
export const sections = [
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

function renderNavigation(allowed) {
  const list = document.querySelector('#ops-nav ul');
  for (const section of allowed) {
    const link = document.createElement('a');
    link.href = section.path;
    link.textContent = section.title;
    if (window.location.pathname === section.path) link.setAttribute('aria-current', 'page');
    const role = document.createElement('span');
    role.className = 'role';
    role.textContent = `${roleNames[section.role]}: ${section.summary}`;
    link.append(role);
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
}

// Opens a console page: the member must hold the role the page names in <body data-requires-role>
// (or, on the console's home, any ops role). Returns the member, or null when the page stays shut.
export async function openConsole() {
  const member = await openMemberPage();
  if (!member) return null;
  const allowed = sections.filter((s) => member.roles.includes(s.role));
  renderNavigation(allowed);
  const required = document.body.dataset.requiresRole;
  const permitted = required ? member.roles.includes(required) : member.roles.some((r) => r in roleNames);
  document.getElementById('no-permission').hidden = permitted;
  for (const element of document.querySelectorAll('[data-when-permitted]')) element.hidden = !permitted;
  return permitted ? member : null;
}
