// A small Markdown renderer that builds DOM nodes: model and tool text only ever becomes text nodes, never HTML.
// Covers what chat answers use: fenced code, headings, lists, quotes, rules, paragraphs, `code`, **bold**,
// *italic*, ~~strike~~ and [links](https://…) (http, https and mailto only).

// Every pattern runs in time linear in the line: no two quantifiers compete for the same characters (a fence or a
// heading pattern with `\s*(…)*\s*$` took seconds on one long line of spaces, and every frame re-renders).
const FENCE_START = /^ {0,3}(```|~~~)/;
const LANGUAGE = /^[\w+#.-]*$/;
const HEADING_START = /^ {0,3}(#{1,6})[ \t]+/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

/** Renders Markdown text into a DocumentFragment. An unclosed code fence (still streaming) renders as code. */
export function render(text) {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let m;
    if ((m = fence(line))) {
      const body = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(m[1]); i++) body.push(lines[i]);
      if (i >= lines.length && body.at(-1) === '') body.pop(); // still streaming: no empty last line yet
      i++;
      fragment.append(codeBlock(body.join('\n'), m[2]));
    } else if ((m = heading(line))) {
      fragment.append(inline(`h${Math.min(m[1].length + 2, 6)}`, m[2]));
      i++;
    } else if (RULE.test(line)) {
      fragment.append(document.createElement('hr'));
      i++;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      i = list(lines, i, fragment);
    } else if (QUOTE.test(line)) {
      const body = [];
      for (; i < lines.length && (m = QUOTE.exec(lines[i])); i++) body.push(m[1]);
      const quote = document.createElement('blockquote');
      quote.append(render(body.join('\n')));
      fragment.append(quote);
    } else if (!line.trim()) {
      i++;
    } else {
      const body = [];
      for (; i < lines.length && lines[i].trim() && !startsBlock(lines[i]); i++) body.push(lines[i]);
      fragment.append(inline('p', body.join('\n')));
    }
  }
  return fragment;
}

/** An opening fence: [line, marker, language], or null. */
function fence(line) {
  const m = FENCE_START.exec(line);
  if (!m) return null;
  const language = line.slice(m[0].length).trim();
  return LANGUAGE.test(language) ? [line, m[1], language] : null;
}

/** A heading: [line, hashes, text without closing hashes], or null. */
function heading(line) {
  const m = HEADING_START.exec(line);
  if (!m) return null;
  let text = line.slice(m[0].length).trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || /\s/.test(text[end - 1])) text = text.slice(0, end).trimEnd();
  return [line, m[1], text];
}

/**
 * Where `text` may be cut so that rendering the two parts apart gives what rendering it whole gives: after
 * the last blank line outside a code fence, at or after `from` (itself such a point). Blocks never span a
 * blank line here, so the part before it is final and a stream need only re-render what follows.
 */
export function stableEnd(text, from) {
  let cut = from;
  let open = null;
  let start = from;
  for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
    const line = text.slice(start, nl);
    const m = open ? null : fence(line);
    if (m) open = m[1];
    else if (open && line.trim().startsWith(open)) open = null;
    else if (!open && !line.trim()) cut = nl + 1;
    start = nl + 1;
  }
  return cut;
}

function startsBlock(line) {
  return fence(line) || heading(line) || RULE.test(line) || BULLET.test(line)
    || NUMBERED.test(line) || QUOTE.test(line);
}

function list(lines, start, fragment) {
  const ordered = NUMBERED.test(lines[start]);
  const pattern = ordered ? NUMBERED : BULLET;
  const items = [];
  let i = start;
  for (; i < lines.length; i++) {
    const m = pattern.exec(lines[i]);
    if (m) {
      items.push([ordered ? m[2] : m[1]]);
    } else if (lines[i].trim() && /^\s{2,}/.test(lines[i])) {
      items.at(-1).push(lines[i].trim()); // a continuation line of the item above
    } else {
      break;
    }
  }
  const el = document.createElement(ordered ? 'ol' : 'ul');
  if (ordered) el.start = Number(NUMBERED.exec(lines[start])[1]);
  for (const item of items) el.append(inline('li', item.join('\n')));
  fragment.append(el);
  return i;
}

function codeBlock(code, language) {
  const pre = document.createElement('pre');
  pre.className = 'code';
  const el = document.createElement('code');
  if (language) el.dataset.lang = language;
  el.textContent = code;
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'copy';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => {
    navigator.clipboard?.writeText(code).then(() => { copy.textContent = 'Copied'; }, () => {});
  });
  pre.append(copy, el);
  return pre;
}

function inline(tag, text) {
  const el = document.createElement(tag);
  el.append(inlineNodes(text));
  return el;
}

// Order matters: code spans first so nothing inside them is read as emphasis or links.
const INLINE = /`([^`\n]+)`|\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|~~([^~\n]+?)~~|\*([^*\s][^*\n]*?)\*|\b_([^_\n]+?)_\b|\[([^\]\n]+)\]\(([^)\s]+)\)|\n/g;

/** Inline Markdown to a fragment of text nodes and a few safe elements. */
export function inlineNodes(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) fragment.append(text.slice(last, m.index));
    fragment.append(inlineElement(m));
    last = m.index + m[0].length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

function inlineElement(m) {
  const [whole, code, bold, bold2, strike, italic, italic2, label, href] = m;
  if (whole === '\n') return document.createElement('br');
  if (code !== undefined) return textElement('code', code);
  if (bold !== undefined || bold2 !== undefined) return withInline('strong', bold ?? bold2);
  if (strike !== undefined) return withInline('del', strike);
  if (italic !== undefined || italic2 !== undefined) return withInline('em', italic ?? italic2);
  if (safeUrl(href)) {
    const a = withInline('a', label);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  return document.createTextNode(whole);
}

function textElement(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function withInline(tag, text) {
  const el = document.createElement(tag);
  el.append(inlineNodes(text));
  return el;
}

function safeUrl(href) {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href, location.href).protocol);
  } catch {
    return false;
  }
}
