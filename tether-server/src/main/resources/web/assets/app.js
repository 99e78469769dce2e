// The chat page: wires the sessions sidebar, the model picker, the composer and the stream together.

import * as api from './api.js';
import { events } from './stream.js';
import { replay } from './history.js';
import { TurnView } from './turn.js';
import { askForKey, el, renderSessions, sessionTitle } from './ui.js';

const $ = id => document.getElementById(id);
const MODEL_STORAGE = 'tether.model';

const state = { sessions: [], activeId: null, streaming: null };

const handlers = {
  select: id => selectSession(id),
  rename: (id, title) => act(async () => { await api.renameSession(id, title); await refreshSessions(); }),
  remove: id => removeSession(id),
  refresh: () => refreshSessions(),
};

async function refreshSessions() {
  state.sessions = await api.listSessions();
  renderSessions($('sessions'), state.sessions, state.activeId, handlers);
  const active = state.sessions.find(s => s.session_id === state.activeId);
  $('session-title').textContent = active ? sessionTitle(active) : 'Tether';
  document.title = active ? `${sessionTitle(active)} \u2013 Tether` : 'Tether';
}

async function selectSession(id) {
  stop();
  state.activeId = id;
  history.replaceState(null, '', id ? `#${id}` : location.pathname);
  document.body.classList.remove('sidebar-open');
  const messages = $('messages');
  messages.replaceChildren();
  await refreshSessions();
  if (id) replay(messages, await api.messages(id));
  if (!messages.children.length) {
    messages.append(el('p', { className: 'welcome' }, 'Start a new chat: type a message below.'));
  }
  scrollToEnd(true);
  $('prompt').focus();
}

async function removeSession(id) {
  const session = state.sessions.find(s => s.session_id === id);
  if (!confirm(`Delete \u201c${session ? sessionTitle(session) : 'this chat'}\u201d and all its messages?`)) return;
  await act(async () => {
    if (id === state.activeId) stop();
    await api.deleteSession(id);
    if (id === state.activeId) await selectSession(null);
    else await refreshSessions();
  });
}

async function newSession(title = 'New chat') {
  const session = await api.createSession(title);
  await selectSession(session.session_id);
  return session.session_id;
}

async function loadModels() {
  const select = $('model');
  const names = await api.models();
  const saved = localStorage.getItem(MODEL_STORAGE);
  select.replaceChildren(...names.map(name => el('option', { value: name }, name)));
  if (names.includes(saved)) select.value = saved;
}

async function send() {
  const input = $('prompt');
  const prompt = input.value.trim();
  if (!prompt || state.streaming) return;
  const sessionId = state.activeId ?? await newSession(prompt.slice(0, 60));
  const current = state.sessions.find(s => s.session_id === sessionId);
  if (current && current.message_count === 0 && current.title === 'New chat') {
    api.renameSession(sessionId, prompt.slice(0, 60)).then(refreshSessions, () => {});
  }
  input.value = '';
  autosize();
  $('messages').querySelector('.welcome')?.remove();
  const view = new TurnView($('messages'), prompt);
  scrollToEnd(true);
  const controller = new AbortController();
  state.streaming = { controller, view };
  setStreaming(true);
  try {
    await stream(view, sessionId, prompt, controller.signal);
  } finally {
    if (state.streaming?.controller === controller) state.streaming = null;
    setStreaming(Boolean(state.streaming));
    view.flush();
    scrollToEnd();
    refreshSessions().catch(() => {});
  }
}

async function stream(view, sessionId, prompt, signal) {
  const started = performance.now();
  const timing = { firstTokenMs: null, streamMs: 0, totalMs: 0 };
  try {
    const response = await api.chat(sessionId, prompt, $('model').value, signal);
    for await (const { type, data } of events(response)) {
      if (timing.firstTokenMs === null && (type === 'token' || type === 'think')) {
        timing.firstTokenMs = performance.now() - started;
      }
      if (type === 'token') view.token(data.text);
      else if (type === 'think') view.think(data.text);
      else if (type === 'tool_call') view.toolCall(data);
      else if (type === 'tool_result') view.toolResult(data);
      else if (type === 'tool_approval') view.approval(data, approve => api.answerApproval(sessionId, data.id, approve));
      else if (type === 'error') view.error(data.message, data.code);
      else if (type === 'done') {
        timing.totalMs = performance.now() - started;
        timing.streamMs = timing.firstTokenMs === null ? 0 : timing.totalMs - timing.firstTokenMs;
        view.flush();
        if (data.finish_reason !== 'stop') view.note(finishNote(data.finish_reason));
        view.figures(data.usage, timing);
      }
      scrollToEnd();
    }
  } catch (e) {
    if (e.name === 'AbortError') view.note('Stopped', 'note stopped');
    else view.error(e.message, e.code);
  }
}

function finishNote(reason) {
  return {
    length: 'The answer reached its length limit.',
    tool_loop_limit: 'Stopped: too many tool calls in one turn.',
    cancelled: 'Stopped',
    error: 'The answer ended with an error.',
  }[reason] ?? `Finished: ${reason}`;
}

function stop() {
  state.streaming?.controller.abort();
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

/** Runs an action and shows its failure in place of the conversation instead of losing it. */
async function act(action) {
  try {
    await action();
  } catch (e) {
    $('messages').append(el('div', { className: 'error', role: 'alert' }, e.message));
  }
}

function wire() {
  api.onKeyNeeded(askForKey);
  $('composer').addEventListener('submit', e => { e.preventDefault(); act(send); });
  $('prompt').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      act(send);
    }
  });
  $('prompt').addEventListener('input', autosize);
  $('stop').addEventListener('click', stop);
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && state.streaming) {
      e.preventDefault();
      stop();
    }
  });
  $('new-session').addEventListener('click', () => act(() => newSession()));
  $('model').addEventListener('change', e => localStorage.setItem(MODEL_STORAGE, e.target.value));
  $('toggle-sidebar').addEventListener('click', () => document.body.classList.toggle('sidebar-open'));
  document.querySelector('.chat').addEventListener('click', e => {
    if (!e.target.closest('#toggle-sidebar')) document.body.classList.remove('sidebar-open');
  });
  $('messages').addEventListener('rendered', () => scrollToEnd());
}

wire();
act(async () => {
  await loadModels();
  await refreshSessions();
  const fromUrl = location.hash.slice(1);
  const known = state.sessions.some(s => s.session_id === fromUrl);
  await selectSession(known ? fromUrl : state.sessions[0]?.session_id ?? null);
});
