// Settings. Per chat: the system prompt (stored by the server with the session) and temperature, max tokens and
// the tools the chat may use (kept in this browser, per chat). For all chats: the theme and the API key.

import { el } from './ui.js';
import { showDialog } from './dialogs.js';
import { setStoredKey, storedKey } from './api.js';

const THEME = 'tether.theme';
const DRAFT = 'new';
const $ = id => document.getElementById(id);
const chatKey = id => `tether.chat.${id ?? DRAFT}`;

/** Applies the saved theme: system (follows the OS), light or dark. */
export function applyTheme(theme = localStorage.getItem(THEME) ?? 'system') {
  document.documentElement.dataset.theme = theme;
}

/** {temperature?, max_tokens?, blocked_tools?: [], system_prompt? (drafts only)} of a chat; null id: a new chat. */
export function chatSettings(id) {
  try {
    return JSON.parse(localStorage.getItem(chatKey(id))) ?? {};
  } catch {
    return {};
  }
}

function saveChatSettings(id, settings) {
  localStorage.setItem(chatKey(id), JSON.stringify(settings));
}

/** A new chat got its id: the settings chosen before it existed become its own. Returns them. */
export function adoptDraft(id) {
  const draft = chatSettings(null);
  localStorage.removeItem(chatKey(null));
  const { system_prompt: _, ...rest } = draft;
  saveChatSettings(id, rest);
  return draft;
}

export function forgetChat(id) {
  localStorage.removeItem(chatKey(id));
}

/** The request fields these settings add to a turn: {options} with only what the user set. */
export function turnOptions(id, enabledTools) {
  const s = chatSettings(id);
  const options = {};
  if (Number.isFinite(s.temperature)) options.temperature = s.temperature;
  if (Number.isInteger(s.max_tokens)) options.max_tokens = s.max_tokens;
  const blocked = (s.blocked_tools ?? []).filter(name => enabledTools.includes(name));
  if (blocked.length) options.tools = enabledTools.filter(name => !blocked.includes(name));
  return Object.keys(options).length ? { options } : {};
}

/**
 * Opens the settings dialog for the chat `session` (null: the next new chat). `tools` are the enabled tools;
 * saveSystemPrompt(id, text) stores a chat's system prompt on the server. Resolves once closed.
 */
export async function openSettings({ session, tools, saveSystemPrompt }) {
  const id = session?.session_id ?? null;
  const s = chatSettings(id);
  const system = session ? session.system_prompt ?? '' : s.system_prompt ?? '';
  $('set-system').value = system;
  $('set-temperature').value = s.temperature ?? '';
  $('set-max-tokens').value = s.max_tokens ?? '';
  const blocked = new Set(s.blocked_tools ?? []);
  const option = tool => el('label', { className: 'tool-option', title: tool.description },
    el('input', { type: 'checkbox', value: tool.name, checked: !blocked.has(tool.name) }),
    el('span', {}, tool.name));
  // Tether's own tools first, then each MCP server's under its name
  const groups = Map.groupBy(tools, tool => tool.source ?? '');
  $('set-tools').replaceChildren(...[...groups].sort(([a], [b]) => (a ? 1 : 0) - (b ? 1 : 0))
    .flatMap(([source, list]) => [
      ...(source ? [el('p', { className: 'tool-group muted' }, `From MCP server ${source.replace(/^mcp:/, '')}`)] : []),
      ...list.map(option)]));
  if (!tools.length) $('set-tools').append(el('p', { className: 'muted' }, 'No tools are enabled on this server.'));
  const theme = localStorage.getItem(THEME) ?? 'system';
  document.querySelectorAll('input[name="theme"]').forEach(r => { r.checked = r.value === theme; });
  $('set-key').value = storedKey() ?? '';
  $('settings-title').textContent = session ? 'Settings' : 'Settings for the next chat';
  if ((await showDialog($('settings-dialog'))) !== 'ok') return;

  const next = {};
  const temperature = parseFloat($('set-temperature').value);
  if (Number.isFinite(temperature)) next.temperature = Math.min(2, Math.max(0, temperature));
  const maxTokens = parseInt($('set-max-tokens').value, 10);
  if (Number.isInteger(maxTokens) && maxTokens > 0) next.max_tokens = maxTokens;
  next.blocked_tools = [...$('set-tools').querySelectorAll('input:not(:checked)')].map(box => box.value);
  const newSystem = $('set-system').value.trim();
  if (!session) next.system_prompt = newSystem;
  saveChatSettings(id, next);
  if (session && newSystem !== system.trim()) await saveSystemPrompt(id, newSystem);
  const chosenTheme = document.querySelector('input[name="theme"]:checked')?.value ?? 'system';
  localStorage.setItem(THEME, chosenTheme);
  applyTheme(chosenTheme);
  const key = $('set-key').value.trim();
  if (key !== (storedKey() ?? '')) setStoredKey(key);
}
