// The chat page: wires the sidebar, the model picker, the settings, the composer and the conversation together.

import * as api from './api.js';
import { Conversation } from './conversation.js';
import { confirmAction, askForKey } from './dialogs.js';
import { emptyState } from './empty.js';
import { icon } from './icons.js';
import { ModelPicker } from './models.js';
import { PullPanel } from './pull.js';
import { adoptDraft, applyTheme, forgetChat, openSettings, turnOptions } from './settings.js';
import { renderSessions, sessionTitle } from './sidebar.js';
import { el } from './ui.js';

const $ = id => document.getElementById(id);
const state = { sessions: [], activeId: null, tools: [], query: '' };
const picker = new ModelPicker($('model-button'), $('model-name'), $('model-state'),
  () => pullPanel.open($('model-button')),
  () => (pullPanel.engine.missing() ? () => pullPanel.open($('model-button'), { engine: true }) : null));
const pullPanel = new PullPanel({
  pulled: async model => { await picker.load(); return picker.names().includes(model); },
  engineChanged: () => picker.load().catch(() => {}),
  // a model just downloaded starts a new chat of its own
  use: model => act(async () => {
    await selectSession(null);
    picker.choose(model);
    showEmptyState();
    $('prompt').focus();
  }),
});
// picked in the header while a chat is open, the model becomes that chat's model
picker.picked = model => {
  if (state.activeId) act(async () => { state.active = await api.setSessionModel(state.activeId, model); });
};
const toolNames = () => state.tools.map(t => t.name);

const conversation = new Conversation($('messages'), {
  extra: () => ({ ...(picker.current() ? { model_name: picker.current() } : {}),
    ...turnOptions(state.activeId, toolNames()) }),
  loading: () => (picker.current() && !picker.isLoaded() ? picker.current() : null),
  streaming: on => setStreaming(on),
  finished: () => {
    scrollToEnd();
    picker.refresh().catch(() => {});
    refreshSessions().catch(() => {});
  },
  decide: (sessionId, callId, approved, scope) => act(() => api.answerApproval(sessionId, callId, approved, scope)),
  settings: () => act(settings),
  models: () => picker.open(),
});

const handlers = {
  select: (id, messageId) => act(() => selectSession(id, messageId)),
  rename: (id, title) => act(async () => { await api.renameSession(id, title); await refreshSessions(); }),
  remove: id => act(() => removeSession(id)),
  refresh: () => act(refreshSessions),
};

async function refreshSessions() {
  state.sessions = await api.listSessions(state.query);
  renderSessions($('sessions'), state.sessions, state.activeId, handlers, Boolean(state.query.trim()));
  const active = state.sessions.find(s => s.session_id === state.activeId);
  if (active) state.active = active;
  showTitle();
}

function showTitle() {
  const title = state.activeId && state.active ? sessionTitle(state.active) : 'New chat';
  $('session-title').textContent = title;
  document.title = state.activeId ? `${title} \u2013 Tether` : 'Tether';
}

let selecting = 0; // the newest selectSession call: an older one still loading gives way to it

/** Opens a chat (null: a new one); messageId, a search's match, is shown: its branch if hidden, scrolled to. */
async function selectSession(id, messageId = null) {
  const ticket = ++selecting;
  const streamingBefore = conversation.streaming;
  let [session, messages] = id ? await Promise.all([api.session(id), api.messages(id)]) : [null, []];
  if (messageId !== null && !messages.some(m => m.id === messageId) && ticket === selecting) {
    // the match is on a version the chat does not show: show that one (a deleted message leaves the chat as it is)
    messages = await api.branch(id, messageId).catch(() => messages);
  }
  // a newer choice, or a message sent meanwhile into the chat on screen, wins over this one (an answer already
  // streaming when the user chose is stopped by the switch, as before)
  const sentMeanwhile = conversation.streaming && conversation.streaming !== streamingBefore;
  if (ticket !== selecting || sentMeanwhile) return;
  state.activeId = id;
  state.active = session;
  picker.follow(session?.model);
  showTitle();
  history.replaceState(null, '', id ? `#${id}` : location.pathname);
  closeSidebar();
  conversation.show(id, messages);
  showEmptyState();
  await refreshSessions();
  if (messageId === null || !conversation.reveal(messageId)) scrollToEnd(true);
  if (!document.querySelector('.menu, dialog[open]')) $('prompt').focus({ preventScroll: true });
}

function showEmptyState() {
  $('messages').querySelector('.welcome')?.remove();
  if (conversation.isEmpty()) {
    $('messages').append(emptyState(picker.current(), toolNames(), prompt => act(() => send(prompt)),
      () => pullPanel.open(document.activeElement)));
  }
}

async function removeSession(id) {
  const session = state.sessions.find(s => s.session_id === id);
  const confirmed = await confirmAction({
    title: 'Delete chat?',
    message: `\u201c${session ? sessionTitle(session) : 'This chat'}\u201d and all its messages will be deleted.`,
    confirm: 'Delete',
  });
  if (!confirmed) return;
  if (id === state.activeId) conversation.stop();
  await api.deleteSession(id);
  forgetChat(id);
  if (id === state.activeId) await selectSession(null);
  else await refreshSessions();
}

async function newSession(title) {
  const session = await api.createSession(title);
  const draft = adoptDraft(session.session_id);
  if (draft.system_prompt) await api.setSystemPrompt(session.session_id, draft.system_prompt);
  state.activeId = session.session_id;
  state.active = session;
  history.replaceState(null, '', `#${session.session_id}`);
  conversation.sessionId = session.session_id;
  await refreshSessions();
}

async function send(text = $('prompt').value) {
  const prompt = text.trim();
  if (!prompt || conversation.streaming) return;
  if (!state.activeId) await newSession(prompt.slice(0, 60));
  $('prompt').value = '';
  autosize();
  $('messages').querySelector('.welcome')?.remove();
  const running = conversation.send(prompt);
  scrollToEnd(true);
  await running;
}

function setStreaming(on) {
  $('send').hidden = on;
  $('stop').hidden = !on;
  document.body.classList.toggle('streaming', on);
}

function scrollToEnd(force = false) {
  const box = $('messages');
  const nearEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  if (force || nearEnd) box.scrollTop = box.scrollHeight;
}

function autosize() {
  const input = $('prompt');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 240)}px`;
}

/**
 * Runs an action and shows its failure in the conversation instead of losing it; when the server did not answer,
 * with a Retry that runs the action again.
 */
async function act(action) {
  try {
    await action();
  } catch (e) {
    const box = el('div', { className: 'error page-error', role: 'alert' }, el('p', { className: 'error-message' }, e.message));
    if (e.code === 'unreachable') {
      box.append(el('div', { className: 'error-buttons' }, el('button', { type: 'button', className: 'secondary retry',
        onclick: () => { box.remove(); act(action); } }, 'Retry')));
    }
    $('messages').append(box);
  }
}

/** Whether a key press goes into something the user types in (so "/" is text there, not a shortcut). */
function typing(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

const HEALTH_POLL_MS = 5000;

/** The header shows whether the server answers: every request tells, and /healthz is asked every few seconds. */
function watchReachability() {
  let reachable = true;
  api.onReachability(up => {
    if (up === reachable) return;
    reachable = up;
    picker.setReachable(up);
    if (up) picker.load().catch(() => {}); // back: what is loaded may have changed
  });
  setInterval(() => { if (document.visibilityState === 'visible') api.healthy(); }, HEALTH_POLL_MS);
}

function openSidebar() {
  document.body.classList.add('sidebar-open');
  $('backdrop').hidden = false;
  $('toggle-sidebar').setAttribute('aria-expanded', 'true');
  $('search').focus();
}

function closeSidebar() {
  if (!document.body.classList.contains('sidebar-open')) return;
  document.body.classList.remove('sidebar-open');
  $('backdrop').hidden = true;
  $('toggle-sidebar').setAttribute('aria-expanded', 'false');
}

function settings() {
  return openSettings({
    session: state.activeId ? state.active : null,
    tools: state.tools,
    saveSystemPrompt: async (id, text) => { state.active = await api.setSystemPrompt(id, text); },
  });
}

let searchTimer = 0;

function wire() {
  api.onKeyNeeded(askForKey);
  $('send').append(icon('send'));
  $('stop').append(icon('stop'));
  $('toggle-sidebar').append(icon('menu'));
  $('close-sidebar').append(icon('close'));
  $('chat-settings').append(icon('settings'));
  $('new-session').prepend(icon('plus'));
  $('open-settings').prepend(icon('settings'));
  $('open-pull').prepend(icon('download'));
  $('open-pull').addEventListener('click', () => pullPanel.open($('open-pull')));
  $('model-button').append(icon('chevron', 'icon chevron'));
  $('composer').addEventListener('submit', e => { e.preventDefault(); act(() => send()); });
  $('prompt').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      act(() => send());
    }
  });
  $('prompt').addEventListener('input', autosize);
  $('stop').addEventListener('click', () => conversation.stop());
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && conversation.streaming && !document.querySelector('dialog[open], .menu')) {
      e.preventDefault();
      conversation.stop();
    } else if (e.key === 'Escape' && document.body.classList.contains('sidebar-open')) {
      closeSidebar();
      $('toggle-sidebar').focus();
    } else if (e.key.toLowerCase() === 'o' && (e.ctrlKey || e.metaKey) && e.shiftKey) {
      e.preventDefault();
      act(() => selectSession(null));
    } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)
      && !document.querySelector('dialog[open], .menu')) {
      e.preventDefault();
      act(() => selectSession(null));
    }
  });
  $('new-session').addEventListener('click', () => act(() => selectSession(null)));
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.query = $('search').value; act(refreshSessions); }, 150);
  });
  // Enter opens the first result (at its match), Esc clears the search, ↓ moves into the results
  $('search').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      clearTimeout(searchTimer);
      act(async () => {
        state.query = $('search').value;
        await refreshSessions();
        $('sessions').querySelector('.session-open')?.click();
      });
    } else if (e.key === 'Escape' && $('search').value) {
      e.preventDefault();
      e.stopPropagation();
      clearTimeout(searchTimer);
      $('search').value = '';
      state.query = '';
      act(refreshSessions);
    } else if (e.key === 'ArrowDown') {
      const first = $('sessions').querySelector('.session-open');
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  $('toggle-sidebar').addEventListener('click', openSidebar);
  $('close-sidebar').addEventListener('click', () => { closeSidebar(); $('toggle-sidebar').focus(); });
  $('backdrop').addEventListener('click', closeSidebar);
  $('chat-settings').addEventListener('click', () => act(settings));
  $('open-settings').addEventListener('click', () => act(settings));
  $('messages').addEventListener('rendered', () => scrollToEnd());
}

applyTheme();
wire();
watchReachability();
pullPanel.engine.refresh();
act(async () => {
  const chosen = selecting;
  await picker.load();
  state.tools = (await api.tools()).filter(tool => tool.available !== false); // unavailable ones are listed too
  await refreshSessions();
  // a chat the user opened or started while the page was loading stands: the start-up's own choice gives way
  if (selecting !== chosen || state.activeId || conversation.streaming) return;
  const fromUrl = location.hash.slice(1);
  const known = state.sessions.some(s => s.session_id === fromUrl);
  await selectSession(known ? fromUrl : state.sessions[0]?.session_id ?? null);
});
