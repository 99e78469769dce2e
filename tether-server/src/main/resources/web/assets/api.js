// Tether's HTTP API as small async functions. The API key, when the server wants one, is asked for
// once and kept in this browser's localStorage only.

const KEY_STORAGE = 'tether.apiKey';

/** An API failure with the server's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** What the page says when the server does not answer at all (not running, or the network is down). */
export const UNREACHABLE = 'Tether isn\u2019t reachable \u2014 is ./tether running?';

/** A request that got no answer: the server is down or the network failed. */
export function unreachable() {
  reachability(false);
  return new ApiError(0, 'unreachable', UNREACHABLE);
}

let reachability = () => {};

/** Sets the function told whether the server answers: (reachable: boolean) => void, after every request. */
export function onReachability(listener) {
  reachability = listener;
}

let askKey = async () => null;
let pendingKey = null;

/** Sets the function that asks the user for a key: (rejected: boolean) => Promise<string|null>. */
export function onKeyNeeded(ask) {
  askKey = ask;
}

/** The key this browser keeps, or null. */
export function storedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Keeps a new key in this browser, or forgets it when empty. */
export function setStoredKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

function headers(extra) {
  const h = { ...extra };
  const key = storedKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

// Concurrent requests that all meet a 401 share one prompt.
function newKey(rejected) {
  if (!pendingKey) {
    pendingKey = askKey(rejected).then(key => {
      pendingKey = null;
      if (key) localStorage.setItem(KEY_STORAGE, key);
      return key;
    });
  }
  return pendingKey;
}

/** fetch with the key; on 401 asks for a key and tries again. Returns the Response when it is ok. */
export async function request(path, { method = 'GET', body, signal, accept = 'application/json' } = {}) {
  for (;;) {
    const hadKey = Boolean(storedKey());
    const init = { method, signal, headers: headers({ Accept: accept }) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw unreachable(); // "Failed to fetch" says nothing a user can act on
    }
    reachability(true);
    if (res.status === 401) {
      if (!(await newKey(hadKey))) throw new ApiError(401, 'unauthorized', 'This server needs an API key.');
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

async function errorOf(res) {
  try {
    const { error } = await res.json();
    return new ApiError(res.status, error.code, error.message);
  } catch {
    return new ApiError(res.status, 'http_' + res.status, `The server answered ${res.status} ${res.statusText}.`);
  }
}

async function json(path, options) {
  const res = await request(path, options);
  return res.status === 204 ? null : res.json();
}

/** Newest first; with a query, only the chats whose title or words match it (full-text search). */
export const listSessions = (query = '') =>
  json(`sessions?limit=200${query.trim() ? `&q=${encodeURIComponent(query.trim())}` : ''}`);
export const createSession = title => json('sessions', { method: 'POST', body: { title } });
export const session = id => json(`sessions/${encodeURIComponent(id)}`);
export const setSystemPrompt = (id, prompt) =>
  json(`sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { system_prompt: prompt } });
/** Sets the model the chat's next answers come from. */
export const setSessionModel = (id, model) =>
  json(`sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { model } });
export const renameSession = (id, title) => json(`sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { title } });
export const deleteSession = id => json(`sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const messages = id => json(`sessions/${encodeURIComponent(id)}/messages`);
/** Shows another version: the newest branch through message `messageId` becomes active; resolves to its path. */
export const branch = (id, messageId) =>
  json(`sessions/${encodeURIComponent(id)}/branch`, { method: 'POST', body: { message_id: messageId } });

/** Replaces a compaction note's text; the next turn reads it. */
export const editSummary = (id, summaryId, content) =>
  json(`sessions/${encodeURIComponent(id)}/summaries/${encodeURIComponent(summaryId)}`, { method: 'PATCH', body: { content } });
export const models = () => json('models');
export const model = name => json(`models/${encodeURIComponent(name)}`);
export const tools = () => json('tools');
/** A Hugging Face repository's GGUF files and the default choice: {repo, files: [{path, size, …}], default}. */
export const pullFiles = repo => json(`models/pull/files?repo=${encodeURIComponent(repo)}`);
/** Starts downloading {model: owner/repo, file}; resolves to the NDJSON progress stream once the server began. */
export const pull = (body, signal) => request('models/pull', { method: 'POST', body, signal, accept: 'application/x-ndjson' });
/** The llama.cpp engines: installed ones, the active one, the machine and what an automatic install takes. */
export const engines = () => json('engines');
export const installEngine = (body, signal) =>
  request('engines/install', { method: 'POST', body, signal, accept: 'application/x-ndjson' });

/** Answers a tool_approval event of the session's running turn. */
export const answerApproval = (id, callId, approve, scope = 'once') =>
  json(`sessions/${encodeURIComponent(id)}/approvals/${encodeURIComponent(callId)}`, { method: 'POST', body: { approve, scope } });

/** Whether the server answers /healthz now (no key needed). */
export async function healthy(signal) {
  try {
    const res = await fetch('healthz', { signal, cache: 'no-store' });
    reachability(true);
    return res.ok;
  } catch {
    reachability(false);
    return false;
  }
}

const BUSY_WAIT_MS = 5000;
const BUSY_POLL_MS = 100;

/**
 * Starts a chat turn; resolves to the streaming Response once the server has accepted it. `turn` is one of
 * {prompt}, {regenerate: true} or {edit: {message_id, prompt}}; `extra` adds model_name and options. Right after
 * Stop the server may still be storing the stopped answer and refuse a second stream into the session (409) for a
 * moment: that is waited out.
 */
export async function chat(sessionId, turn, extra, signal) {
  // this page shows tool_approval events and answers them, so such a call waits for the user
  const body = { session_id: sessionId, ...turn, ...extra, interactive_approval: true };
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    try {
      return await request('chat/stream', { method: 'POST', body, signal, accept: 'application/x-ndjson' });
    } catch (e) {
      if (e.status !== 409 || Date.now() > deadline) throw e;
      await pause(BUSY_POLL_MS, signal);
    }
  }
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('The answer was stopped.', 'AbortError'));
    }, { once: true });
  });
}
