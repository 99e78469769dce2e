// The empty chat: the model's name and a few suggestions made from the tools this server has enabled.

import { el } from './ui.js';

// Tried in order; a suggestion shows when one of its tools is enabled. The prompt is title + ' ' + rest.
const SUGGESTIONS = [
  { tools: /^calendar_/, title: 'What\u2019s on my calendar', rest: 'today?' },
  { tools: /^get_current_time$/, title: 'What time is it', rest: 'in Tokyo?' },
  { tools: /^weather$/, title: 'What\u2019s the weather', rest: 'in Lisbon right now?' },
  { tools: /^forecast$/, title: 'Will it rain', rest: 'in Berlin this week?' },
  { tools: /^mail_/, title: 'Summarize', rest: 'the mail I got today.' },
  { tools: /^(search_files|list_files)$/, title: 'Find my notes', rest: 'about the budget.' },
  { tools: /^kb_search$/, title: 'What do my documents say', rest: 'about backups?' },
  { tools: /^web_search$/, title: 'Search the web', rest: 'for this week\u2019s tech news.' },
];
const GENERAL = [
  { title: 'Explain', rest: 'how public-key cryptography works, simply.' },
  { title: 'Write a poem', rest: 'about the sea, in four lines.' },
  { title: 'Plan a week', rest: 'of simple vegetarian dinners.' },
  { title: 'Draft a polite email', rest: 'asking to move a meeting to Friday.' },
];
const MAX = 4;

/** The suggestions for these enabled tool names: tool ones first, general ones to fill up to four. */
export function suggestions(toolNames) {
  const picked = SUGGESTIONS.filter(s => toolNames.some(name => s.tools.test(name)));
  return [...picked, ...GENERAL].slice(0, MAX);
}

/** The empty state; ask(prompt) sends a suggestion, getModel() opens "Get a model" (offered with the demo model). */
export function emptyState(modelName, toolNames, ask, getModel) {
  return el('div', { className: 'welcome' },
    el('p', { className: 'welcome-model' }, modelName ?? 'Tether'),
    el('h2', { className: 'welcome-title' }, 'How can I help?'),
    modelName === 'demo' && getModel ? el('p', { className: 'welcome-note' }, 'The demo model only plays a script. ',
      el('button', { type: 'button', className: 'link-button', onclick: getModel }, 'Get a real model')) : null,
    el('div', { className: 'suggestions' }, ...suggestions(toolNames).map(s =>
      el('button', { type: 'button', className: 'suggestion', onclick: () => ask(`${s.title} ${s.rest}`) },
        el('span', { className: 'suggestion-title' }, s.title),
        el('span', { className: 'suggestion-prompt' }, s.rest)))));
}
