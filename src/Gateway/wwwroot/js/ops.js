import { element } from './layout.js';
import { openMemberPage } from './session.js';

// The role names as the console shows them (the roles a person holds, the roles page).
export const roleNames = {
  reviewer: '審査担当',
  operator: '運用担当',
  approver: '承認担当',
  auditor: '監査担当',
  admin: '管理者',
};

const noPermission = 'このページを使う権限がありません。権限が必要な場合は、管理者に依頼してください。';

// The section menu comes with the page (a <template> the gateway writes from PortalChrome.cs, so
// the menu has one source); a person sees only the sections their token's roles open. The
// gateway and the services enforce the same rule on every call: this decides what is shown,
// never what is allowed.
function renderNavigation(roles) {
  const nav = document.getElementById('ops-menu').content.firstElementChild.cloneNode(true);
  for (const item of nav.querySelectorAll('li[data-roles]')) {
    if (!item.dataset.roles.split(' ').some((role) => roles.includes(role))) item.remove();
  }
  document.querySelector('[data-when-signed-in]').append(nav);
}

// Opens a console page: the member must hold one of the roles the page names in
// <body data-requires-role="role …"> (or, on the console's home, any ops role). Returns the
// member, or null when the page stays shut.
export async function openConsole() {
  const member = await openMemberPage();
  if (!member) return null;
  renderNavigation(member.roles);
  const required = document.body.dataset.requiresRole;
  const permitted = required
    ? required.split(' ').some((r) => member.roles.includes(r))
    : member.roles.some((r) => r in roleNames);
  if (!permitted) {
    const notice = element('p', { className: 'notice warn', textContent: noPermission });
    document.querySelector('[data-when-signed-in]').prepend(notice);
  }
  for (const element of document.querySelectorAll('[data-when-permitted]')) element.hidden = !permitted;
  return permitted ? member : null;
}
