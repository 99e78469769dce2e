// The chats list: grouped by when they were last used, each with a menu to rename or delete it.

import { el, iconButton } from './ui.js';
import { openMenu } from './menu.js';

/** A title as plain text: Markdown marks a prompt may have carried into it are dropped. */
export function sessionTitle(session) {
  const plain = (session.title ?? '')
    .replace(/```+|`/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/, '')
    .replace(/(\*\*|__|~~|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  return plain || 'Untitled chat';
}

const GROUPS = ['Today', 'Yesterday', 'Previous 7 days', 'Older'];

function groupOf(updatedAt, now = new Date()) {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const t = new Date(updatedAt).getTime();
  const day = 24 * 60 * 60 * 1000;
  if (t >= startOfToday) return GROUPS[0];
  if (t >= startOfToday - day) return GROUPS[1];
  if (t >= startOfToday - 7 * day) return GROUPS[2];
  return GROUPS[3];
}

/**
 * Fills the chats list. handlers: {select(id, messageId), rename(id, title), remove(id), refresh()}: a search result
 * opens at the message that matched (messageId). `searching` says whether `sessions` are search results (the empty
 * text differs).
 */
export function renderSessions(list, sessions, activeId, handlers, searching = false) {
  const groups = new Map(GROUPS.map(name => [name, []]));
  for (const s of sessions) groups.get(groupOf(s.updated_at)).push(s);
  const sections = [];
  for (const [name, items] of groups) {
    if (!items.length) continue;
    const headingId = `group-${name.replace(/\W+/g, '-').toLowerCase()}`;
    sections.push(el('h2', { className: 'group-title', id: headingId }, name),
      el('ul', { className: 'session-group', 'aria-labelledby': headingId },
        ...items.map(s => sessionItem(s, s.session_id === activeId, handlers))));
  }
  list.replaceChildren(...sections);
  if (!sessions.length) {
    list.append(el('p', { className: 'empty' }, searching ? 'No chats match.' : 'No chats yet'));
  }
}

function sessionItem(session, active, handlers) {
  const id = session.session_id;
  const title = sessionTitle(session);
  // a search result shows where it matched: the title and a snippet of the message, the words marked
  const shown = session.title_highlight ? marked(session.title_highlight) : [title];
  const snippet = session.snippet ? [el('span', { className: 'session-snippet' }, ...marked(session.snippet))] : [];
  const open = el('button', {
    type: 'button', className: snippet.length ? 'session-open with-snippet' : 'session-open', title,
    onclick: () => handlers.select(id, session.snippet_message_id ?? null),
  }, ...(snippet.length ? [el('span', { className: 'session-name' }, ...shown), ...snippet] : shown));
  if (active) open.setAttribute('aria-current', 'page');
  const more = iconButton('more', `Options for ${title}`, () => openMenu(more, [
    { label: 'Rename', icon: 'rename', onSelect: () => startRename(item, session, handlers) },
    { label: 'Delete', icon: 'trash', danger: true, onSelect: () => handlers.remove(id) },
  ], { label: `Options for ${title}` }), 'icon-button session-more');
  more.setAttribute('aria-haspopup', 'menu');
  more.setAttribute('aria-expanded', 'false');
  const item = el('li', { className: active ? 'session active' : 'session', dataset: { id } }, open, more);
  return item;
}

/** Search pieces [{text, match}] as text nodes and <mark> elements: the text is never read as HTML. */
function marked(pieces) {
  return pieces.map(p => (p.match ? el('mark', {}, p.text) : document.createTextNode(p.text)));
}

function startRename(item, session, handlers) {
  const input = el('input', {
    type: 'text', className: 'rename', value: sessionTitle(session), 'aria-label': 'Chat title', maxLength: 200,
  });
  let finished = false;
  const finish = save => {
    if (finished) return;
    finished = true;
    const title = input.value.trim();
    if (save && title && title !== session.title) handlers.rename(session.session_id, title);
    else handlers.refresh();
  };
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') { e.preventDefault(); finish(true); }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); finish(false); }
  });
  input.addEventListener('blur', () => finish(true));
  item.replaceChildren(input);
  input.focus();
  input.select();
}
