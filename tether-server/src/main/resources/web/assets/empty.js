// The empty chat: the model's name and a few suggestions made from the tools this server has enabled.

import { el } from './ui.js';

// Tried in order; a suggestion shows when one of its tools is enabled.
const SUGGESTIONS = [
  { tools: /^calendar_/, title: 'What\u2019s on my calendar today?', prompt: 'What\u2019s on my calendar today?' },
  { tools: /^get_current_time$/, title: 'What time is it in Tokyo?', prompt: 'What time is it in Tokyo?' },
  { tools: /^weather$/, title: 'Weather in Lisbon', prompt: 'What\u2019s the weather in Lisbon right now?' },
  { tools: /^forecast$/, title: 'Will it rain this week?', prompt: 'Will it rain in Berlin this week?' },
  { tools: /^mail_/, title: 'Summarize my new mail', prompt: 'Summarize the mail I got today.' },
  { tools: /^(search_files|list_files)$/, title: 'Find my notes', prompt: 'Find my notes about the budget.' },
  { tools: /^kb_search$/, title: 'Search my knowledge base', prompt: 'What do my documents say about backups?' },
  { tools: /^web_search$/, title: 'Search the web', prompt: 'Search the web for this week\u2019s tech news.' },
];
const GENERAL = [
  { title: 'Explain an idea simply', prompt: 'Explain how public-key cryptography works, simply.' },
  { title: 'Write a short poem', prompt: 'Write a four-line poem about the sea.' },
  { title: 'Plan a week of meals', prompt: 'Plan a week of simple vegetarian dinners.' },
  { title: 'Draft a polite email', prompt: 'Draft a polite email asking to move a meeting to Friday.' },
];
const MAX = 4;

/** The suggestions for these enabled tool names: tool ones first, general ones to fill up to four. */
export function suggestions(toolNames) {
  const picked = SUGGESTIONS.filter(s => toolNames.some(name => s.tools.test(name)));
  return [...picked, ...GENERAL].slice(0, MAX);
}

/** The empty state; ask(prompt) sends a suggestion. */
export function emptyState(modelName, toolNames, ask) {
  return el('div', { className: 'welcome' },
    el('p', { className: 'welcome-model' }, modelName ?? 'Tether'),
    el('h2', { className: 'welcome-title' }, 'How can I help?'),
    el('div', { className: 'suggestions' }, ...suggestions(toolNames).map(s =>
      el('button', { type: 'button', className: 'suggestion', onclick: () => ask(s.prompt) },
        el('span', { className: 'suggestion-title' }, s.title),
        el('span', { className: 'suggestion-prompt' }, s.prompt)))));
}
