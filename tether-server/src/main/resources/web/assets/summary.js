// A compaction note in the conversation: the model's summary of the oldest messages, which stands for them in the
// prompt from then on. Collapsed by default ("Earlier messages summarized"); it can be opened, read and edited.

import * as api from './api.js';
import { editorBox, el } from './ui.js';

export class SummaryView {
  /** note: {summary_id, content, covers, through_message_id}; sessionId: the chat it belongs to. */
  constructor(sessionId, note) {
    this.sessionId = sessionId;
    this.note = note;
    this.text = el('div', { className: 'summary-text' }, note.content);
    this.error = el('p', { className: 'summary-error', hidden: true });
    this.editButton = el('button', { type: 'button', className: 'secondary summary-edit', onclick: () => this.startEdit() }, 'Edit');
    this.body = el('div', { className: 'summary-body' }, this.text, this.error, el('div', { className: 'editor-buttons' }, this.editButton));
    const dataset = { summaryId: String(note.summary_id), throughMessageId: String(note.through_message_id) };
    this.node = el('details', { className: 'summary-note', dataset },
      el('summary', {}, `Earlier messages summarized (${note.covers} ${note.covers === 1 ? 'message' : 'messages'})`),
      this.body);
  }

  startEdit() {
    const input = el('textarea', { className: 'edit-input', value: this.note.content, 'aria-label': 'Edit summary', rows: 5 });
    const cancel = () => editor.replaceWith(this.body);
    const save = async () => {
      const content = input.value.trim();
      if (!content) return;
      try {
        this.note = await api.editSummary(this.sessionId, this.note.summary_id, content);
        this.text.textContent = this.note.content;
        this.error.hidden = true;
      } catch (e) {
        this.error.textContent = e.message;
        this.error.hidden = false;
      }
      editor.replaceWith(this.body);
    };
    input.addEventListener('keydown', e => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); }
    });
    const editor = editorBox(input, cancel, save, 'Save', 'editor summary-editor');
    this.body.replaceWith(editor);
    input.focus();
  }
}

/** Removes the notes that cover a message from {@code firstGoneId} on (those messages are being replaced). */
export function dropSummariesFrom(container, firstGoneId) {
  if (firstGoneId === null) return;
  container.querySelectorAll('.summary-note')
    .forEach(n => { if (Number(n.dataset.throughMessageId) >= firstGoneId) n.remove(); });
}

/**
 * Shows the note of a context_compacted event in place of any earlier one: before the first turn whose prompt came
 * after the last message it covers (ids grow with each message), else before {@code current}.
 */
export function placeSummary(container, sessionId, note, turns, current) {
  container.querySelectorAll('.summary-note').forEach(n => n.remove());
  const view = new SummaryView(sessionId, note);
  const after = turns.find(t => t.userId !== null && t.userId > note.through_message_id);
  container.insertBefore(view.node, (after ?? current).node);
  return view;
}
