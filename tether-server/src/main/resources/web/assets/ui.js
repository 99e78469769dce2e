// Small DOM helpers and the sessions list. Text always goes in as text nodes.

/** Creates an element: el('button', {className: 'x', onclick: f}, 'label', otherNode). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node) node[name] = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

export function sessionTitle(session) {
  return session.title?.trim() || 'Untitled chat';
}

/**
 * Fills the sessions list. handlers: {select(id), rename(id, title), remove(id)}.
 */
export function renderSessions(list, sessions, activeId, handlers) {
  list.replaceChildren(...sessions.map(s => sessionItem(s, s.session_id === activeId, handlers)));
  if (!sessions.length) list.append(el('li', { className: 'empty' }, 'No chats yet'));
}

function sessionItem(session, active, handlers) {
  const id = session.session_id;
  const open = el('button', {
    type: 'button', className: 'session-open', title: sessionTitle(session),
    onclick: () => handlers.select(id),
  }, sessionTitle(session));
  if (active) open.setAttribute('aria-current', 'true');
  const rename = el('button', {
    type: 'button', className: 'icon small', title: 'Rename', 'aria-label': 'Rename chat',
    onclick: () => startRename(item, session, handlers),
  }, '\u270E');
  const remove = el('button', {
    type: 'button', className: 'icon small', title: 'Delete', 'aria-label': 'Delete chat',
    onclick: () => handlers.remove(id),
  }, '\u2715');
  const item = el('li', { className: active ? 'session active' : 'session', dataset: { id } },
    open, el('span', { className: 'session-actions' }, rename, remove));
  return item;
}

function startRename(item, session, handlers) {
  const input = el('input', {
    type: 'text', className: 'rename', value: session.title ?? '', 'aria-label': 'Chat title', maxLength: 200,
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

/** Asks for the API key in the page's dialog; resolves to the key, or null when dismissed. */
export function askForKey(rejected) {
  const dialog = document.getElementById('key-dialog');
  const input = document.getElementById('key-input');
  document.getElementById('key-error').hidden = !rejected;
  input.value = '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok' ? input.value.trim() || null : null);
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
}
