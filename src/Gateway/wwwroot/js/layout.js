// Small DOM helpers the pages share. The header, its menus and the footer are not here: the
// gateway writes them into every page (src/Gateway/Portal/PortalChrome.cs).
export function element(name, properties = {}, children = []) {
  const node = Object.assign(document.createElement(name), properties);
  node.append(...children);
  return node;
}

// A table row from texts or nodes, one cell each.
export function row(cells) {
  return element('tr', {}, cells.map((cell) => element('td', {}, [cell ?? '—'])));
}
