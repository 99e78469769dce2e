// A tool call as a compact chip that says what it does — "Checked the time in Tokyo · 12 ms ✓" — and opens to the
// tool's name and the JSON of its arguments and result. A call waiting for the user's approval shows Allow once,
// Allow in this chat and Deny (focused, as tether chat defaults to no); a call that was not run (denied, no answer,
// refused by the rules) is shown as such, not as a failure.

import { el } from './ui.js';
import { icon } from './icons.js';

export class ToolChip {
  /** {id, name, arguments, label}; `started` is the clock reading when the call began (null when replayed). */
  constructor({ id, name, arguments: args, label }, started = performance.now()) {
    this.id = id;
    this.name = name;
    this.started = started;
    this.state = el('span', { className: 'chip-state' }, el('span', { className: 'spinner', 'aria-hidden': 'true' }));
    this.status = el('span', { className: 'tool-status' }, 'running');
    this.timing = el('span', { className: 'chip-timing' });
    this.label = el('span', { className: 'tool-name' }, label || name);
    this.body = el('div', { className: 'tool-body' },
      el('div', { className: 'tool-label' }, 'Tool'), el('code', { className: 'tool-id' }, name),
      el('div', { className: 'tool-label' }, 'Arguments'), el('pre', { className: 'json' }, pretty(args)));
    this.node = el('details', { className: 'tool-chip running', dataset: { id } },
      el('summary', {}, icon('tool', 'icon chip-icon'), this.label, this.timing, this.state, this.status),
      this.body);
  }

  /**
   * The running tool says how far it has got: {progress, total, message}, total and message optional. The chip
   * shows a bar (indeterminate without a total) and "2/5" or the server's message.
   */
  progress({ progress, total, message }) {
    if (!this.node.classList.contains('running')) return;
    if (!this.progressNode) {
      this.progressBar = el('progress', { className: 'chip-progress-bar' });
      this.progressText = el('span', { className: 'chip-progress-text' });
      this.progressNode = el('span', { className: 'chip-progress', role: 'status' }, this.progressBar, this.progressText);
      this.status.before(this.progressNode);
    }
    if (total > 0) {
      this.progressBar.max = total;
      this.progressBar.value = Math.min(progress, total);
    } else {
      this.progressBar.removeAttribute('value');
    }
    this.progressText.textContent = message || (total > 0 ? `${progress}/${total}` : `${progress}`);
    this.status.textContent = total > 0 ? `running, ${Math.round(100 * progress / total)}%` : 'running';
  }

  /** The tool's outcome: {result} or {error}; label: what the call did; notRun: the error says it never ran. */
  finish({ result, error, label, notRun }) {
    this.approvalBar?.remove();
    this.progressNode?.remove();
    this.node.classList.remove('running', 'waiting');
    if (label) this.label.textContent = label;
    if (this.started !== null) this.timing.textContent = `\u00b7 ${formatMs(performance.now() - this.started)}`;
    if (error && notRun) {
      this.node.classList.add('not-run');
      this.status.textContent = this.denied ? 'denied' : 'not run';
      this.state.replaceChildren(icon('blocked', 'icon state-icon'));
      this.body.append(el('div', { className: 'tool-label' }, 'Not run'), el('pre', { className: 'json' }, error));
    } else if (error) {
      this.node.classList.add('failed');
      this.status.textContent = 'error';
      this.state.replaceChildren(icon('error', 'icon state-icon'));
      this.body.append(el('div', { className: 'tool-label' }, 'Error'), el('pre', { className: 'json error-text' }, error));
    } else {
      this.status.textContent = 'done';
      this.state.replaceChildren(icon('check', 'icon state-icon'));
      this.body.append(el('div', { className: 'tool-label' }, 'Result'), el('pre', { className: 'json' }, pretty(result)));
    }
  }

  /**
   * The server waits for the user's say: decide(approved, scope) sends it (scope 'chat': the same question is not
   * asked again in this chat); reason says why it asks. The chip opens so the arguments show; Deny has the focus.
   */
  askApproval(decide, reason) {
    this.node.classList.add('waiting');
    this.node.open = true;
    this.status.textContent = 'needs approval';
    const answer = (approved, scope = 'once') => {
      this.approvalBar.querySelectorAll('button').forEach(b => { b.disabled = true; });
      this.denied = !approved;
      this.status.textContent = !approved ? 'denied' : scope === 'chat' ? 'allowed in this chat' : 'approved';
      decide(approved, scope);
    };
    const deny = el('button', { type: 'button', className: 'secondary', onclick: () => answer(false) }, 'Deny');
    this.approvalBar = el('div', { className: 'approval', role: 'group', 'aria-label': `Approve ${this.name}?` },
      el('span', { className: 'approval-reason' }, `${this.label.textContent}: allow it?`
        + (reason ? ` ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` : '')),
      el('div', { className: 'approval-buttons' },
        el('button', { type: 'button', className: 'primary', onclick: () => answer(true) }, 'Allow once'),
        el('button', { type: 'button', className: 'secondary', onclick: () => answer(true, 'chat') }, 'Allow in this chat'),
        deny));
    this.node.after(this.approvalBar);
    deny.focus();
  }
}

function pretty(value) {
  if (value === undefined || value === null) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
