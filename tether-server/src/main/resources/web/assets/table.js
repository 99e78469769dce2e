// GitHub-style Markdown tables: a header row, a delimiter row (|---|:--:|), then body rows.

// Tested on the trimmed line: a leading or trailing `\s*` here would compete with the inner ones and take
// quadratic time on a long line of spaces, and every frame re-renders.
const DELIMITER = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;

/** True when lines[i] and lines[i + 1] open a table. */
export function startsTable(lines, i) {
  return i + 1 < lines.length && lines[i].includes('|') && DELIMITER.test(lines[i + 1].trim())
    && cells(lines[i]).length === cells(lines[i + 1]).length;
}

/** Appends the table that starts at lines[start] to `fragment`; returns the index of the first line after it. */
export function table(lines, start, fragment, inlineNodes) {
  const aligns = cells(lines[start + 1]).map(alignment);
  const row = (line, tag) => {
    const tr = document.createElement('tr');
    cells(line).slice(0, aligns.length).forEach((text, n) => {
      const cell = document.createElement(tag);
      if (aligns[n]) cell.className = `align-${aligns[n]}`;
      if (tag === 'th') cell.scope = 'col';
      cell.append(inlineNodes(text));
      tr.append(cell);
    });
    return tr;
  };
  const head = document.createElement('thead');
  head.append(row(lines[start], 'th'));
  const body = document.createElement('tbody');
  let i = start + 2;
  for (; i < lines.length && lines[i].includes('|') && lines[i].trim(); i++) body.append(row(lines[i], 'td'));
  const el = document.createElement('table');
  el.append(head, body);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.append(el);
  fragment.append(wrap);
  return i;
}

function cells(line) {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  return text.split(/(?<!\\)\|/).map(cell => cell.trim().replace(/\\\|/g, '|'));
}

function alignment(delimiter) {
  const left = delimiter.startsWith(':');
  const right = delimiter.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : '';
}
