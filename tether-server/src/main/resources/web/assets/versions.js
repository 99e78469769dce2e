// The ‹ 1/2 › switcher of a message that has versions: an edited user message or a regenerated answer. The
// server keeps every version as a branch of the chat's message tree; switching shows another branch.

import { el, iconButton } from './ui.js';

/**
 * siblings: {index (1-based), count, ids} from the history API; what: 'message' or 'answer'; choose(id) shows the
 * version with that id. The buttons at either end are disabled.
 */
export function versionSwitcher(siblings, what, choose) {
  const { index, count, ids } = siblings;
  const step = (delta, name, label) => {
    const button = iconButton(name, label, () => choose(ids[index - 1 + delta]), 'icon-button version-step');
    button.dataset.step = delta < 0 ? 'previous' : 'next';
    button.disabled = index + delta < 1 || index + delta > count;
    return button;
  };
  return el('div', { className: 'versions', role: 'group', 'aria-label': `Versions of this ${what}`, dataset: { what } },
    step(-1, 'previous', `Previous version of this ${what}`),
    el('span', { className: 'versions-count', 'aria-label': `Version ${index} of ${count}` }, `${index}/${count}`),
    step(1, 'next', `Next version of this ${what}`));
}

/**
 * Each turn's versions, in order, from a history (the active path): {user, answer}, the `siblings` of its user
 * message and of its first answer (the message a regenerate replaces), or null where there is only one.
 */
export function turnVersions(messages) {
  const turns = [];
  let turn = null;
  for (const m of messages) {
    if (m.role === 'user') {
      turn = { user: m.siblings ?? null, answer: null, answered: false };
      turns.push(turn);
    } else if (turn && m.role === 'assistant' && !turn.answered) {
      turn.answered = true;
      turn.answer = m.siblings ?? null;
    }
  }
  return turns.map(({ user, answer }) => ({ user, answer }));
}

/** The ids of a message's versions: its siblings' ids, or its own id alone (none when it was never stored). */
export function versionIds(siblings, id) {
  return siblings?.ids ?? (id === null ? [] : [id]);
}

/** The versions once a new one (id, the newest, shown) joined ids; null while it is the only one. */
export function joined(ids, id) {
  const all = [...ids, id];
  return all.length > 1 ? { index: all.length, count: all.length, ids: all } : null;
}
