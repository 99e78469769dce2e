// The open chat: its turns on screen, and streaming a new turn, a regenerated answer or an edited message.

import * as api from './api.js';
import { events } from './stream.js';
import { replay } from './history.js';
import { dropSummariesFrom, placeSummary } from './summary.js';
import { TurnView } from './turn.js';
import { joined, turnVersions, versionIds } from './versions.js';
import { editorBox, el } from './ui.js';

export class Conversation {
  /**
   * hooks: {extra() → {model_name, options}, loading() → model name when it still has to load, or null,
   * streaming(on), finished(), decide(sessionId, callId, approved), settings() opens the chat's settings, models()
   * the model picker}.
   */
  constructor(container, hooks) {
    this.container = container;
    this.hooks = hooks;
    this.sessionId = null;
    this.turns = [];
    this.streaming = null;
    this.actions = {
      edit: turn => this.startEdit(turn),
      regenerate: turn => this.regenerate(turn),
      branch: (turn, messageId) => this.switchTo(turn, messageId),
      retry: turn => this.retry(turn),
      settings: () => hooks.settings?.(),
      models: () => hooks.models?.(),
    };
  }

  /** Shows a stored chat (or an empty one). */
  show(sessionId, messages) {
    this.stop();
    this.sessionId = sessionId;
    this.container.replaceChildren();
    this.turns = replay(this.container, messages, this.actions, sessionId);
    this.showVersions(messages);
  }

  /** Puts the ‹ 1/2 › switchers on the turns that have versions, from the history API's active path. */
  showVersions(messages) {
    turnVersions(messages).forEach((versions, i) => this.turns[i]?.versions(versions));
  }

  /** Shows the version with id messageId: the server switches the branch, and the chat is drawn again. */
  async switchTo(turn, messageId) {
    if (this.streaming) return;
    const ticket = this.switching = (this.switching ?? 0) + 1;
    const at = this.turns.indexOf(turn);
    const used = document.activeElement;
    const what = used?.closest('.versions')?.dataset.what;
    const sessionId = this.sessionId;
    try {
      const messages = await api.branch(sessionId, messageId);
      // quick clicks: only the newest switch's answer (the server's active path) is drawn
      if (ticket !== this.switching || this.sessionId !== sessionId || this.streaming) return;
      this.show(sessionId, messages);
    } catch (e) {
      turn.error(e.message, e.code);
      return;
    }
    // keyboard users stay on the switcher they used (on its other button once this one is at an end)
    const buttons = [...(this.turns[at]?.node.querySelectorAll(`.versions[data-what="${what}"] button`) ?? [])];
    (buttons.find(b => b.dataset.step === used?.dataset.step && !b.disabled) ?? buttons.find(b => !b.disabled))?.focus();
  }

  /** Scrolls to the stored message messageId and marks it a moment; false when no turn on screen holds it. */
  reveal(messageId) {
    const turn = this.turns.find(t => t.userId === messageId || t.answerIds.includes(messageId));
    if (!turn) return false;
    const node = turn.userId === messageId ? turn.user : turn.node;
    node.scrollIntoView({ block: 'center' });
    node.classList.add('found');
    // a timer, not animationend: with reduced motion the mark is a still ring for the same time
    setTimeout(() => node.classList.remove('found'), 2400);
    return true;
  }

  isEmpty() {
    return this.turns.length === 0;
  }

  send(prompt) {
    return this.run(new TurnView(this.container, prompt, this.actions), { prompt });
  }

  /** Answers the newest user message again; the old answer stays on the server as another version. */
  regenerate(turn) {
    if (this.streaming || turn !== this.turns.at(-1)) return;
    this.dropFrom(turn);
    const view = new TurnView(this.container, turn.prompt, this.actions, turn.userId);
    view.versions({ user: turn.siblings.user, answer: null });
    // the new answer joins the old one's versions once it is stored
    view.earlier = { answer: versionIds(turn.siblings.answer, turn.answerId) };
    return this.run(view, { regenerate: true });
  }

  /**
   * Sends a failed newest turn again: its prompt once more when the server never stored it, else as a regenerate
   * (the stored prompt answered again; the failed answer stays as a version).
   */
  retry(turn) {
    if (this.streaming || turn !== this.turns.at(-1)) return;
    if (turn.userId !== null || !turn.request) return this.regenerate(turn);
    this.dropFrom(turn);
    return this.run(new TurnView(this.container, turn.prompt, this.actions), turn.request);
  }

  /** Turns a user message into an editor; sending it starts a new version of that message and what follows. */
  startEdit(turn) {
    if (this.streaming || turn.userId === null) return;
    const input = el('textarea', { className: 'edit-input', value: turn.prompt, 'aria-label': 'Edit message', rows: 3 });
    const cancel = () => editor.replaceWith(turn.user);
    const save = () => {
      const prompt = input.value.trim();
      if (!prompt) return;
      this.dropFrom(turn);
      const view = new TurnView(this.container, prompt, this.actions);
      // the new message joins the edited one's versions once it is stored
      view.earlier = { user: versionIds(turn.siblings.user, turn.userId) };
      this.run(view, { edit: { message_id: turn.userId, prompt } }).catch(() => {});
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
    view.request = turn;
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
    let ended = false;
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
        else if (type === 'message_stored') stored(view, data);
        else if (type === 'context_compacted') placeSummary(this.container, sessionId, data, this.turns, view);
        else if (type === 'error') view.error(data.message, data.code);
        else if (type === 'done') {
          ended = true;
          timing.totalMs = performance.now() - started;
          timing.streamMs = timing.firstTokenMs === null ? 0 : timing.totalMs - timing.firstTokenMs;
          view.flush();
          if (data.finish_reason !== 'stop') view.note(finishNote(data.finish_reason));
          view.figures(data.usage, timing);
        }
        this.container.dispatchEvent(new CustomEvent('rendered'));
      }
      // a stream cut off without its done event: the server went away mid-answer
      if (!ended) view.error(api.UNREACHABLE, 'unreachable');
    } catch (e) {
      if (e.name === 'AbortError') view.note('Stopped', 'note stopped');
      else view.error(e.message, e.code);
    }
  }
}

/**
 * A message_stored event: the prompt's id, which an edit of this turn names, the answering model, and the first
 * answer's id, which a regenerate joins; a new version (view.earlier) gets its ‹ n/n › switcher here, without reading the history again.
 */
function stored(view, { role, id, model }) {
  if (role === 'user') {
    view.userId = id;
    if (view.earlier?.user) view.versions({ ...view.siblings, user: joined(view.earlier.user, id) });
  } else if (role === 'assistant') {
    view.setModel(model);
    if (view.answerId !== null) return;
    view.answerId = id;
    if (view.earlier?.answer) view.versions({ ...view.siblings, answer: joined(view.earlier.answer, id) });
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
