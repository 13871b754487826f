// A small element builder: h('td', { class: 'num' }, text). Text is set as text, never as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A table with a caption, header cells and rows of cells (a cell is text, a Node, or { text, num, value }). */
export function table(caption, headers, rows, attributes = {}) {
  const cell = (tag, c) => {
    if (c && typeof c === 'object' && !(c instanceof Node)) {
      return h(tag, { class: c.num ? 'num' : undefined, dataset: c.value !== undefined ? { value: String(c.value) } : undefined, scope: tag === 'th' ? 'row' : undefined }, c.text);
    }
    return h(tag, {}, c);
  };
  return h('table', attributes,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.num ? 'num' : undefined }, x.text ?? x)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((c) => cell('td', c))))));
}

export function alert(message) {
  return h('p', { class: 'alert', role: 'alert' }, message);
}
