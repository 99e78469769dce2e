// Line icons (24×24, stroked), built as SVG nodes so the page needs no image files and no inline markup.

const PATHS = {
  send: 'M12 19V5M5 12l7-7 7 7',
  stop: 'M7 7h10v10H7z',
  copy: 'M9 9h10v10H9zM5 15V5h10',
  check: 'M5 12l5 5 9-10',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  regenerate: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  menu: 'M4 7h16M4 12h16M4 17h16',
  close: 'M6 6l12 12M18 6L6 18',
  settings: 'M4 7h10M18 7h2M4 17h4M12 17h8M14 5v4M8 15v4',
  plus: 'M12 5v14M5 12h14',
  search: 'M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM16 16l4 4',
  chevron: 'M7 10l5 5 5-5',
  previous: 'M15 6l-6 6 6 6',
  next: 'M9 6l6 6-6 6',
  tool: 'M14 6a4 4 0 0 0 5 5l-8 8a2 2 0 0 1-3-3l8-8a4 4 0 0 1-2-2z',
  error: 'M12 8v5M12 16h.01M12 3l9 16H3z',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
  rename: 'M4 20h4L19 9l-4-4L4 16z',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  blocked: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zM5.6 5.6l12.8 12.8',
};

/** An SVG icon, hidden from assistive technology: the button around it carries the label. */
export function icon(name, className = 'icon') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}
