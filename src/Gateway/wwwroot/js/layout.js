// The header menu of the pages behind sign-in, written once here instead of in every page.
// <header data-menu="member|ops"> names which menu; the current page is marked for screen readers.
const menus = {
  member: { label: 'メインメニュー', links: [['/mypage/', 'マイページ'], ['/inbox/', 'お知らせ']] },
  ops: { label: 'アカウント', links: [['/ops/', 'コンソールトップ']] },
};

export function element(name, properties = {}, children = []) {
  const node = Object.assign(document.createElement(name), properties);
  node.append(...children);
  return node;
}

export function renderMenu() {
  const header = document.querySelector('header[data-menu]');
  const menu = menus[header?.dataset.menu];
  if (!menu) return;
  const items = menu.links.map(([path, text]) => {
    const link = element('a', { href: path, textContent: text });
    if (window.location.pathname === path) link.setAttribute('aria-current', 'page');
    return element('li', {}, [link]);
  });
  const signOut = element('button', { type: 'button', textContent: 'サインアウト' });
  signOut.dataset.signOut = '';
  items.push(element('li', {}, [signOut]));
  const nav = element('nav', { className: 'site-nav' }, [element('ul', {}, items)]);
  nav.setAttribute('aria-label', menu.label);
  header.append(nav);
}

// A table row from texts or nodes, one cell each.
export function row(cells) {
  return element('tr', {}, cells.map((cell) => element('td', {}, [cell ?? '—'])));
}
