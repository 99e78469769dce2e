// One exchange on screen: the user's message with its actions, and everything the assistant did in answer, in
// order — text (Markdown), reasoning (one collapsed block per run), tool chips, errors, the answer's figures and its
// actions.

import { copyText, el, iconButton } from './ui.js';
import { render, stableEnd } from './markdown.js';
import { ToolChip, formatMs } from './toolchip.js';
import { versionSwitcher } from './versions.js';

export class TurnView {
  /**
   * prompt: the user's text; actions: {edit(turn), regenerate(turn), branch(turn, messageId), retry(turn),
   * settings(), models()}; userId: the stored message's id when known.
   */
  constructor(container, prompt, actions, userId = null) {
    this.prompt = prompt;
    this.userId = userId;
    this.answerId = null; // the first stored answer's id: the message a regenerate adds a version of
    this.answerIds = []; // every stored assistant message of the turn (a tool loop stores several)
    this.siblings = { user: null, answer: null };
    this.actions = actions;
    this.answer = el('div', { className: 'answer' });
    this.bubble = el('div', { className: 'bubble' }, prompt);
    this.userActions = el('div', { className: 'message-actions' },
      iconButton('copy', 'Copy message', e => copyText(e.currentTarget, this.prompt)),
      iconButton('edit', 'Edit message', () => actions.edit(this)));
    // on a phone the message's actions show after a tap on it (there is no hover)
    this.user = el('div', { className: 'user-message', onclick: () => this.node.classList.toggle('show-actions') },
      this.bubble);
    this.node = el('article', { className: 'turn' },
      el('div', { className: 'user-row' }, this.user, this.userActions), this.answer);
    container.append(this.node);
    this.text = null;     // the text part being written: {node, source}
    this.thought = null;  // the reasoning run being written: {body, summary, started, timer}
    this.chips = new Map();
    this.chipRow = null;  // consecutive tool calls share one row
    this.sources = [];    // every text part's Markdown, for Copy
    this.loadingNode = null;
    this.frame = 0;
    this.model = null;    // the model that wrote the answer, once the server said
    this.figuresNode = null;
  }

  /** Visible model text: appended to the current text part, rendered as Markdown once per frame. */
  token(text) {
    this.clearLoading();
    this.endThought();
    this.chipRow = null;
    if (!this.text) {
      // stable: how much of source is rendered for good; tail: the nodes of the rest, replaced each frame
      this.text = { node: el('div', { className: 'markdown' }), source: '', stable: 0, tail: [] };
      this.answer.append(this.text.node);
    }
    this.text.source += text;
    this.scheduleRender();
  }

  /** Reasoning text: every piece of one run goes to one collapsed block, which counts the seconds while it runs. */
  think(text) {
    this.clearLoading();
    this.closeText();
    this.chipRow = null;
    if (!this.thought) {
      const block = thinkBlock('Thinking\u2026');
      const started = performance.now();
      const tick = () => {
        const s = Math.floor((performance.now() - started) / 1000);
        block.summary.textContent = s >= 1 ? `Thinking\u2026 ${s} s` : 'Thinking\u2026';
      };
      this.thought = { ...block, started, timer: setInterval(tick, 1000) };
      this.answer.append(block.node);
    }
    this.thought.body.append(text);
  }

  /** Stored reasoning, shown after a reload as it was shown when the run ended. */
  reasoning(text, ms) {
    this.closeText();
    this.endThought();
    const block = thinkBlock(thoughtFor(ms));
    block.body.append(text);
    this.answer.append(block.node);
  }

  /** The reasoning run, if one is open, ends: its block tells how long it took. */
  endThought() {
    if (!this.thought) return;
    clearInterval(this.thought.timer);
    this.thought.summary.textContent = thoughtFor(performance.now() - this.thought.started);
    this.thought = null;
  }

  toolCall(call, started) {
    this.flush();
    if (!this.chipRow) {
      this.chipRow = el('div', { className: 'chips' });
      this.answer.append(this.chipRow);
    }
    const chip = new ToolChip(call, started);
    this.chips.set(call.id, chip);
    this.chipRow.append(chip.node);
    return chip;
  }

  toolResult({ id, tool_name: name, result, error, label, not_run: notRun }) {
    const chip = this.chips.get(id) ?? this.toolCall({ id, name, arguments: {} }, null);
    chip.finish({ result, error, label, notRun });
  }

  /** A tool call waits for the user's approval; decide(approved) answers the server. */
  approval({ id, tool_name: name, arguments: args, reason, label }, decide) {
    const chip = this.chips.get(id) ?? this.toolCall({ id, name, arguments: args, label });
    chip.askApproval(decide, reason);
  }

  /** A quiet line while the model loads, replaced by the first thing the answer shows. */
  loading(modelName) {
    this.loadingNode = el('div', { className: 'loading-model', role: 'status' },
      el('span', { className: 'spinner', 'aria-hidden': 'true' }), `Loading ${modelName}\u2026`);
    this.answer.append(this.loadingNode);
  }

  clearLoading() {
    this.loadingNode?.remove();
    this.loadingNode = null;
  }

  /** A failure in place, with what the user can do about it: Retry, or for a full context the ways to make room. */
  error(message, code) {
    this.flush();
    const buttons = [];
    if (RETRYABLE.has(code)) {
      buttons.push(el('button', { type: 'button', className: 'secondary retry', onclick: () => this.actions.retry(this) },
        'Retry'));
    } else if (code === 'context_overflow') {
      buttons.push(el('button', { type: 'button', className: 'secondary', onclick: () => this.actions.settings() },
        'Turn tools off'));
      buttons.push(el('button', { type: 'button', className: 'secondary', onclick: () => this.actions.models() },
        'Choose another model'));
    }
    this.answer.append(el('div', { className: 'error', role: 'alert', dataset: { code: code ?? '' } },
      errorText(message), buttons.length ? el('div', { className: 'error-buttons' }, ...buttons) : null));
  }

  /** The model that wrote this answer, shown small under it. */
  setModel(name) {
    this.model = name || null;
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
    this.figuresNode = el('div', { className: 'figures' }, parts.join(' \u00b7 '));
    this.answer.append(this.figuresNode);
  }

  /** The answer is complete: Copy, and Regenerate when this is the newest turn (the page decides which). */
  finish() {
    this.flush();
    this.answerFooter?.remove();
    this.foot?.remove();
    if (this.model || this.figuresNode) {
      this.foot = el('div', { className: 'answer-foot' },
        this.model ? el('span', { className: 'answer-model', title: 'The model that wrote this answer' },
          el('span', { className: 'visually-hidden' }, 'Answered by '), this.model) : null,
        this.figuresNode);
      this.answer.append(this.foot);
    }
    this.answerActions = el('div', { className: 'message-actions answer-actions' },
      iconButton('copy', 'Copy answer', e => copyText(e.currentTarget, this.sources.join('\n\n'))),
      iconButton('regenerate', 'Regenerate answer', () => this.actions.regenerate(this), 'icon-button regenerate'));
    this.answerFooter = el('div', { className: 'answer-footer' }, this.answerVersions, this.answerActions);
    this.answer.append(this.answerFooter);
  }

  /** The ‹ 1/2 › switchers of the user message and of the answer: {user, answer} siblings, each null for none. */
  versions({ user, answer }) {
    this.siblings = { user, answer };
    this.userVersions?.remove();
    this.answerVersions?.remove();
    const choose = id => this.actions.branch(this, id);
    this.userVersions = user ? versionSwitcher(user, 'message', choose) : null;
    this.answerVersions = answer ? versionSwitcher(answer, 'answer', choose) : null;
    if (this.userVersions) this.userActions.after(this.userVersions);
    if (this.answerVersions) this.answerFooter?.prepend(this.answerVersions);
  }

  /** Renders pending text now and closes the current text part: whatever comes next starts a new part. */
  flush() {
    this.clearLoading();
    this.closeText();
    this.endThought();
  }

  /** Renders pending text now and closes the current text part. */
  closeText() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    if (this.text) {
      renderText(this.text);
      this.sources.push(this.text.source);
    }
    this.text = null;
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

/** Failures a second try may cure: the server was not reachable, or it was shut down while answering. */
const RETRYABLE = new Set(['unreachable', 'server_stopping']);
const SHORT_ERROR = 480;

/** An error's text; a long one (an engine's log, a provider's page) shows its start, the rest behind Details. */
function errorText(message) {
  const text = el('p', { className: 'error-message' }, message.length > SHORT_ERROR ? `${message.slice(0, 400)}\u2026` : message);
  if (message.length <= SHORT_ERROR) return text;
  return el('div', {}, text, el('details', { className: 'error-details' }, el('summary', {}, 'Details'),
    el('pre', { className: 'error-full' }, message)));
}

/** A collapsed reasoning block: {node, summary, body}. */
function thinkBlock(title) {
  const summary = el('summary', {}, title);
  const body = el('div', { className: 'think-text' });
  return { node: el('details', { className: 'think' }, summary, body), summary, body };
}

/** "Thought for 4 s"; at least 1 s, as "0 s" reads as if nothing happened. */
function thoughtFor(ms) {
  return `Thought for ${Math.max(1, Math.round((ms ?? 0) / 1000))} s`;
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
