// Shows a session's stored messages (GET /sessions/{id}/messages) the way they looked while streaming.

import { SummaryView } from './summary.js';
import { TurnView } from './turn.js';

/**
 * Rebuilds the turns, and the compaction note where it is; actions are the message actions each turn offers (see
 * TurnView). Returns the turns.
 */
export function replay(container, messages, actions, sessionId) {
  const turns = [];
  let view = null;
  for (const m of messages) {
    if (m.role === 'summary') {
      view?.finish();
      view = null;
      container.append(new SummaryView(sessionId, m).node);
    } else if (m.role === 'user') {
      view?.finish();
      view = new TurnView(container, m.content, actions, m.id);
      turns.push(view);
    } else if (!view || m.role === 'system') {
      continue;
    } else if (m.role === 'assistant') {
      view.answerId ??= m.id;
      view.answerIds.push(m.id);
      if (m.reasoning) view.reasoning(m.reasoning, m.reasoning_ms);
      if (m.content) view.token(m.content);
      for (const call of m.tool_calls ?? []) view.toolCall(call, null);
      if (m.model) view.setModel(m.model);
      // a failed answer keeps its error; it is shown, never sent to a model
      if (m.error) view.error(m.error.message, m.error.code);
      if (m.finish_reason === 'cancelled') view.note('Stopped');
    } else if (m.role === 'tool') {
      view.toolResult({ id: m.tool_call_id, tool_name: m.name, label: m.label, not_run: m.not_run, ...toolOutcome(m.content) });
    }
  }
  view?.finish();
  return turns;
}

// A stored tool message holds the result as JSON (or plain text), or {"error": "..."} for a failure.
function toolOutcome(content) {
  try {
    const value = JSON.parse(content);
    const failed = value && typeof value === 'object' && !Array.isArray(value)
      && Object.keys(value).length === 1 && typeof value.error === 'string';
    return failed ? { error: value.error } : { result: value };
  } catch {
    return { result: content };
  }
}
