// The open chat: its turns on screen, and streaming a new turn, a regenerated answer or an edited message.

import * as api from './api.js';
import { events } from './stream.js';
import { replay } from './history.js';
import { dropSummariesFrom, placeSummary } from './summary.js';
import { TurnView } from './turn.js';
import { editorBox, el } from './ui.js';

export class Conversation {
  /**
   * hooks: {extra() → {model_name, options}, loading() → model name when it still has to load, or null,
   * streaming(on), finished(), decide(sessionId, callId, approved)}.
   */
  constructor(container, hooks) {
    this.container = container;
    this.hooks = hooks;
    this.sessionId = null;
    this.turns = [];
    this.streaming = null;
    this.actions = { edit: turn => this.startEdit(turn), regenerate: turn => this.regenerate(turn) };
  }

  /** Shows a stored chat (or an empty one). */
  show(sessionId, messages) {
    this.stop();
    this.sessionId = sessionId;
    this.container.replaceChildren();
    this.turns = replay(this.container, messages, this.actions, sessionId);
  }

  isEmpty() {
    return this.turns.length === 0;
  }

  send(prompt) {
    return this.run(new TurnView(this.container, prompt, this.actions), { prompt });
  }

  /** Answers the newest user message again; the old answer is replaced here and in the store. */
  regenerate(turn) {
    if (this.streaming || turn !== this.turns.at(-1)) return;
    this.dropFrom(turn);
    return this.run(new TurnView(this.container, turn.prompt, this.actions), { regenerate: true });
  }

  /** Turns a user message into an editor; sending it replaces that message and everything after it. */
  startEdit(turn) {
    if (this.streaming || turn.userId === null) return;
    const input = el('textarea', { className: 'edit-input', value: turn.prompt, 'aria-label': 'Edit message', rows: 3 });
    const cancel = () => editor.replaceWith(turn.user);
    const save = () => {
      const prompt = input.value.trim();
      if (!prompt) return;
      this.dropFrom(turn);
      this.run(new TurnView(this.container, prompt, this.actions),
        { edit: { message_id: turn.userId, prompt } }).catch(() => {});
    };
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); save(); }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); }
    });
    const editor = editorBox(input, cancel, save, 'Send');
    turn.user.replaceWith(editor);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  stop() {
    this.streaming?.controller.abort();
  }

  dropFrom(turn) {
    dropSummariesFrom(this.container, turn.userId);
    const at = this.turns.indexOf(turn);
    for (const t of this.turns.splice(at)) t.node.remove();
  }

  async run(view, turn) {
    this.turns.push(view);
    const controller = new AbortController();
    this.streaming = { controller, view };
    this.hooks.streaming(true);
    const loadingModel = this.hooks.loading();
    if (loadingModel) view.loading(loadingModel);
    try {
      await this.stream(view, turn, controller.signal);
    } finally {
      if (this.streaming?.controller === controller) this.streaming = null;
      this.hooks.streaming(Boolean(this.streaming));
      view.finish();
      this.hooks.finished();
    }
  }

  async stream(view, turn, signal) {
    const started = performance.now();
    const timing = { firstTokenMs: null, streamMs: 0, totalMs: 0 };
    try {
      const sessionId = this.sessionId;
      const response = await api.chat(sessionId, turn, this.hooks.extra(), signal);
      for await (const { type, data } of events(response)) {
        if (timing.firstTokenMs === null && (type === 'token' || type === 'think')) {
          timing.firstTokenMs = performance.now() - started;
        }
        if (type === 'token') view.token(data.text);
        else if (type === 'think') view.think(data.text);
        else if (type === 'tool_call') view.toolCall(data);
        else if (type === 'tool_approval') view.approval(data, (approved, scope) => this.hooks.decide(sessionId, data.id, approved, scope));
        else if (type === 'tool_progress') view.chips.get(data.id)?.progress(data);
        else if (type === 'tool_result') view.toolResult(data);
        // the prompt's stored id, which an edit of this turn names
        else if (type === 'message_stored' && data.role === 'user') view.userId = data.id;
        else if (type === 'context_compacted') placeSummary(this.container, sessionId, data, this.turns, view);
        else if (type === 'error') view.error(data.message, data.code);
        else if (type === 'done') {
          timing.totalMs = performance.now() - started;
          timing.streamMs = timing.firstTokenMs === null ? 0 : timing.totalMs - timing.firstTokenMs;
          view.flush();
          if (data.finish_reason !== 'stop') view.note(finishNote(data.finish_reason));
          view.figures(data.usage, timing);
        }
        this.container.dispatchEvent(new CustomEvent('rendered'));
      }
    } catch (e) {
      if (e.name === 'AbortError') view.note('Stopped', 'note stopped');
      else view.error(e.message, e.code);
    }
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
