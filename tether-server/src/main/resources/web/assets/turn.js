// One exchange on screen: the user's message and everything the assistant did in answer, in order — text
// (Markdown), thinking (collapsible), tool calls with their results, errors and the answer's figures.

import { el } from './ui.js';
import { render, stableEnd } from './markdown.js';

export class TurnView {
  constructor(container, prompt) {
    this.answer = el('div', { className: 'answer' });
    this.node = el('article', { className: 'turn' },
      el('div', { className: 'user-message' }, el('div', { className: 'bubble' }, prompt)),
      this.answer);
    container.append(this.node);
    this.text = null;     // the text part being written: {node, source}
    this.thought = null;  // the think part being written
    this.cards = new Map();
    this.frame = 0;
  }

  /** Visible model text: appended to the current text part, rendered as Markdown once per frame. */
  token(text) {
    this.thought = null;
    if (!this.text) {
      // stable: how much of source is rendered for good; tail: the nodes of the rest, replaced each frame
      this.text = { node: el('div', { className: 'markdown' }), source: '', stable: 0, tail: [] };
      this.answer.append(this.text.node);
    }
    this.text.source += text;
    this.scheduleRender();
  }

  think(text) {
    this.flush();
    if (!this.thought) {
      const body = el('div', { className: 'think-text' });
      this.thought = { body, node: el('details', { className: 'think' }, el('summary', {}, 'Thinking'), body) };
      this.answer.append(this.thought.node);
    }
    this.thought.body.append(text);
  }

  toolCall({ id, name, arguments: args }) {
    this.flush();
    const status = el('span', { className: 'tool-status' }, 'running\u2026');
    const body = el('div', { className: 'tool-body' },
      el('div', { className: 'tool-label' }, 'Arguments'), el('pre', { className: 'json' }, pretty(args)));
    const card = el('details', { className: 'tool-card running', open: true },
      el('summary', {}, el('span', { className: 'tool-name' }, name), status), body);
    this.cards.set(id, { card, status, body });
    this.answer.append(card);
  }

  /** A call that waits for the user: why, and Approve / Deny; answer(approve) sends the choice. */
  approval({ id, tool_name: name, arguments: args, reason }, answer) {
    const entry = this.cards.get(id) ?? (this.toolCall({ id, name, arguments: args }), this.cards.get(id));
    entry.status.textContent = 'needs your approval';
    const buttons = [];
    const choose = approve => {
      buttons.forEach(b => { b.disabled = true; });
      entry.status.textContent = approve ? 'approved, running\u2026' : 'denied';
      answer(approve).catch(e => this.error(e.message, e.code));
    };
    buttons.push(el('button', { className: 'approve', type: 'button', onclick: () => choose(true) }, 'Approve'),
      el('button', { className: 'deny', type: 'button', onclick: () => choose(false) }, 'Deny'));
    entry.body.append(el('div', { className: 'approval', role: 'alert' },
      el('div', { className: 'approval-reason' }, `Send this to ${name}? ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`), ...buttons));
  }

  toolResult({ id, tool_name: name, result, error }) {
    const entry = this.cards.get(id) ?? (this.toolCall({ id, name, arguments: {} }), this.cards.get(id));
    entry.card.classList.remove('running');
    if (error) {
      entry.card.classList.add('failed');
      entry.status.textContent = 'error';
      entry.body.append(el('div', { className: 'tool-label' }, 'Error'), el('pre', { className: 'json error-text' }, error));
    } else {
      entry.status.textContent = 'done';
      entry.body.append(el('div', { className: 'tool-label' }, 'Result'), el('pre', { className: 'json' }, pretty(result)));
    }
  }

  error(message, code) {
    this.flush();
    this.answer.append(el('div', { className: 'error', role: 'alert', dataset: { code: code ?? '' } }, message));
  }

  note(text, className = 'note') {
    this.flush();
    this.answer.append(el('div', { className }, text));
  }

  /** The quiet figures under an answer: from the done event's usage and the client's own clock. */
  figures(usage, timing) {
    const parts = [];
    const tokens = usage?.completion_tokens ?? 0;
    parts.push(`${tokens} token${tokens === 1 ? '' : 's'}`);
    const genMs = usage?.generation_ms > 0 ? usage.generation_ms : timing.streamMs;
    if (tokens > 0 && genMs > 0) parts.push(`${(tokens / (genMs / 1000)).toFixed(1)} tok/s`);
    if (timing.firstTokenMs !== null) parts.push(`first token ${formatMs(timing.firstTokenMs)}`);
    parts.push(formatMs(timing.totalMs));
    this.answer.append(el('div', { className: 'figures' }, parts.join(' \u00b7 ')));
  }

  /** Renders pending text now and closes the current text part: whatever comes next starts a new part. */
  flush() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    if (this.text) renderText(this.text);
    this.text = null;
    this.thought = null;
  }

  scheduleRender() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.text) renderText(this.text);
      this.node.dispatchEvent(new CustomEvent('rendered', { bubbles: true }));
    });
  }
}

/** Renders what is new: finished blocks once, and the unfinished rest in place of its previous rendering. */
function renderText(text) {
  const cut = stableEnd(text.source, text.stable);
  text.tail.forEach(node => node.remove());
  if (cut > text.stable) {
    text.node.append(render(text.source.slice(text.stable, cut)));
    text.stable = cut;
  }
  const rest = render(text.source.slice(text.stable));
  text.tail = [...rest.childNodes];
  text.node.append(rest);
}

function pretty(value) {
  if (value === undefined || value === null) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
