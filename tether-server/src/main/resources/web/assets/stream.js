// Reads the NDJSON chat stream: one {"type", "data"} object per line.

import { unreachable } from './api.js';

/** Yields each event of the response body as it arrives. */
export async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw unreachable(); // the connection broke mid-answer ("network error")
      }
      const { value, done } = chunk;
      if (done) break;
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line);
      }
    }
    if (buffered.trim()) yield JSON.parse(buffered);
  } finally {
    reader.releaseLock();
  }
}
