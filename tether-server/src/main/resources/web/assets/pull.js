// "Get a model": lists a Hugging Face repository's GGUF files (GET /models/pull/files), downloads the one chosen
// into the server's model folder (POST /models/pull) with a progress bar that can be cancelled, and offers the
// model once the server lists it. Closing the dialog stops a download; the part on disk is resumed next time.
// Each file says whether it runs here (read from its header by the server); a model that needs the llama.cpp
// engine offers to install it first.

import * as api from './api.js';
import { EngineOffer } from './engine.js';
import { formatBytes } from './models.js';
import { events } from './stream.js';
import { el, showStarting, showStopped } from './ui.js';

const $ = id => document.getElementById(id);

// Right after Cancel the server may still hold the part file until it notices the closed connection.
const RESUME_WAIT_MS = 5000;
const RESUME_POLL_MS = 300;

const TITLES = {
  bad_model: 'Not a repository name',
  repo_not_found: 'Repository not found',
  repo_not_accessible: 'Repository not accessible',
  no_gguf: 'No GGUF files',
  quant_not_found: 'Quantization not found',
  file_not_found: 'File not found',
  split_gguf: 'Split model',
  hub_unreachable: 'Cannot reach the hub',
  hub_error: 'The hub failed',
  checksum_mismatch: 'Checksum mismatch',
  download_interrupted: 'Download interrupted',
  incomplete: 'Download incomplete',
  pull_in_progress: 'Already downloading',
  write_failed: 'Cannot save the model',
};

const VERDICTS = {
  runs: 'Runs here',
  needs_engine: 'Needs the llama.cpp engine',
  too_big: 'Too big for this machine',
  unsupported: 'No engine runs it',
  unknown: 'Cannot tell whether it runs',
};

export class PullPanel {
  /**
   * pulled(model) reloads the model picker and resolves to whether the server lists the model now; use(model)
   * makes it the chat's model.
   */
  constructor({ pulled, use, engineChanged = () => {} }) {
    this.pulled = pulled;
    this.use = use;
    this.engine = new EngineOffer({ installed: () => this.engineInstalled(engineChanged) });
    this.warned = null;
    this.dialog = $('pull-dialog');
    this.controller = null;
    this.cancelledAt = 0;
    this.listing = null;
    this.model = null;
    $('pull-find').addEventListener('submit', e => { e.preventDefault(); this.list(); });
    $('pull-choose').addEventListener('submit', e => { e.preventDefault(); this.start(); });
    // a radio does not submit its form on Enter: the chosen file is downloaded as with the Download button
    $('pull-file-list').addEventListener('keydown', e => {
      if (e.key === 'Enter' && e.target.type === 'radio') {
        e.preventDefault();
        this.start();
      }
    });
    $('pull-start').addEventListener('click', () => this.start());
    $('pull-cancel').addEventListener('click', () => this.cancel());
    $('pull-close').addEventListener('click', () => this.dialog.close());
    // closed first: closing gives focus back to where it was before the dialog, and use() moves it on
    $('pull-use').addEventListener('click', () => { this.dialog.close('used'); this.use(this.model); });
    this.dialog.addEventListener('close', () => this.closed());
  }

  /** Opens the panel; focus goes back to `trigger` when it closes without a model chosen. */
  open(trigger, { engine = false } = {}) {
    this.trigger = trigger;
    this.reset();
    this.dialog.returnValue = '';
    this.dialog.showModal();
    $('pull-repo').focus();
    $('pull-repo').select();
    this.engine.refresh({ fresh: true }).then(() => {
      if (engine && this.engine.missing() && this.dialog.open) $('engine-install').focus();
    });
  }

  reset() {
    this.listing = null;
    this.model = null;
    this.warned = null;
    $('pull-choose').hidden = true;
    $('pull-progress').hidden = true;
    this.status('');
    this.error(null);
    this.buttons('idle');
  }

  async list() {
    const repo = repoOf($('pull-repo').value);
    if (!repo) {
      this.error({ code: 'bad_model', message: 'Type a repository as owner/repo, e.g. Qwen/Qwen2.5-3B-Instruct-GGUF.' });
      $('pull-repo').focus();
      return;
    }
    $('pull-repo').value = repo;
    this.reset();
    $('pull-list').disabled = true;
    this.status(`Asking the hub about ${repo}\u2026`);
    try {
      this.listing = await api.pullFiles(repo);
      this.showFiles(this.listing);
      this.chosen();
      const count = this.listing.files.length;
      this.status(`${count} GGUF ${count === 1 ? 'file' : 'files'} in ${this.listing.repo}.`);
      this.buttons('chosen');
      $('pull-file-list').querySelector('input:checked')?.focus();
    } catch (e) {
      this.status('');
      this.error(e);
      $('pull-repo').focus();
    } finally {
      $('pull-list').disabled = false;
    }
  }

  showFiles({ repo, files, default: chosen }) {
    const first = chosen ?? files.find(f => !f.split)?.path;
    $('pull-files-title').textContent = `GGUF files in ${repo}`;
    $('pull-file-list').replaceChildren(...files.map(file => {
      const notes = [formatBytes(file.size)];
      if (file.path === chosen) notes.push('recommended');
      if (file.downloaded) notes.push('downloaded');
      if (file.split) notes.push('split into parts: not supported');
      const verdict = file.verdict ? el('span', { className: `pull-file-verdict verdict-${file.verdict}` },
        VERDICTS[file.verdict] ?? file.verdict) : null;
      const reason = file.verdict && file.verdict !== 'runs' && file.verdict_reason
        ? el('span', { className: 'pull-file-reason' }, file.verdict_reason) : null;
      return el('label', { className: `pull-file${file.split ? ' disabled' : ''}` },
        el('input', { type: 'radio', name: 'pull-file', value: file.path, checked: file.path === first,
          disabled: file.split, onchange: () => this.chosen() }),
        el('span', { className: 'pull-file-text' },
          el('span', { className: 'pull-file-name' }, file.path),
          el('span', { className: 'pull-file-note' }, notes.join(' \u00b7 ')), verdict, reason));
    }));
    $('pull-choose').hidden = false;
  }

  chosenFile() {
    return $('pull-file-list').querySelector('input:checked')?.value ?? null;
  }

  /** The Download button says what it will do for the chosen file. */
  chosen() {
    const file = this.listing?.files.find(f => f.path === this.chosenFile());
    const needsEngine = file?.verdict === 'needs_engine';
    $('pull-start').textContent = needsEngine && this.engine.installable() ? 'Install the engine and download'
      : (needsEngine || file?.verdict === 'too_big') && this.warned === file.path ? 'Download anyway' : 'Download';
  }

  async start() {
    const file = this.chosenFile();
    if (!this.listing || !file || this.controller || this.engine.controller) return;
    if (!(await this.readyFor(this.listing.files.find(f => f.path === file)))) return;
    const body = { model: this.listing.repo, file };
    this.controller = new AbortController();
    this.error(null);
    this.buttons('downloading');
    showStarting(this, 'pull', `Starting the download of ${file}\u2026`);
    try {
      const done = await this.download(body, this.controller.signal);
      await this.finished(done);
    } catch (e) {
      showStopped(this, e, 'Download cancelled. What arrived is kept: Download again to resume.');
      this.buttons('chosen');
      $('pull-start').focus();
    } finally {
      this.controller = null;
    }
  }

  /**
   * Before downloading a model the engine here cannot run: installs the llama.cpp engine first where the server
   * can, else says why once (the next Download goes ahead). Resolves to whether to download now.
   */
  async readyFor(file) {
    if (!file || !['needs_engine', 'too_big'].includes(file.verdict) || this.warned === file.path) return true;
    if (file.verdict === 'needs_engine' && this.engine.installable()) {
      this.status(`${file.path} needs the llama.cpp engine: installing it first.`);
      try {
        await this.engine.install();
      } catch {
        this.status(`${file.path} needs the llama.cpp engine; it was not installed.`);
        return false;
      }
      return true;
    }
    this.warned = file.path;
    this.status(`${file.verdict_reason ?? VERDICTS[file.verdict]}. Download again to get it anyway.`);
    this.chosen();
    return false;
  }

  /** A new engine changes what runs: the files are listed again with their new verdicts. */
  async engineInstalled(engineChanged) {
    await engineChanged();
    if (!this.listing || this.controller) return;
    const chosen = this.chosenFile();
    try {
      this.listing = await api.pullFiles(this.listing.repo);
      this.showFiles(this.listing);
      const again = $('pull-file-list').querySelector(`input[value="${CSS.escape(chosen ?? '')}"]`);
      if (again) again.checked = true;
      this.chosen();
    } catch {
      // the old listing stays
    }
  }

  /** Streams one pull to its done event; a failure reported in the stream is thrown. */
  async download(body, signal) {
    const deadline = Date.now() + RESUME_WAIT_MS;
    for (;;) {
      try {
        return await this.stream(await api.pull(body, signal));
      } catch (e) {
        const resuming = e.code === 'pull_in_progress' && Date.now() - this.cancelledAt < RESUME_WAIT_MS;
        if (!resuming || signal.aborted || Date.now() > deadline) throw e;
        this.status('Waiting for the cancelled download to stop\u2026');
        await pause(RESUME_POLL_MS, signal);
      }
    }
  }

  async stream(response) {
    let failure = null;
    for await (const { type, data } of events(response)) {
      if (type === 'start') this.started(data);
      else if (type === 'progress') this.progress(data);
      else if (type === 'verify') this.status('Checking the SHA-256 the hub published\u2026');
      else if (type === 'error') failure = data;
      else if (type === 'done') {
        if (data.success) return data;
        throw failure ?? { code: 'hub_error', message: 'The download failed.' };
      }
    }
    throw failure ?? { code: 'download_interrupted',
      message: 'The connection to the server ended before the download did. Download again to resume.' };
  }

  started({ file, total_bytes: total, resumed_from: from }) {
    this.total = total;
    $('pull-bar').max = Math.max(1, total);
    $('pull-bar').value = from;
    this.status(from >= total ? `${file} is downloaded already.`
      : from > 0 ? `Resuming ${file} at ${formatBytes(from)} of ${formatBytes(total)}\u2026`
        : `Downloading ${file} (${formatBytes(total)})\u2026`);
    this.progress({ downloaded_bytes: from, total_bytes: total, bytes_per_second: 0 });
  }

  progress({ downloaded_bytes: have, total_bytes: total, bytes_per_second: rate }) {
    $('pull-bar').value = have;
    const parts = [`${formatBytes(have)} of ${formatBytes(total)}`];
    if (rate > 0) {
      parts.push(`${formatBytes(rate)}/s`);
      if (have < total) parts.push(`${formatDuration((total - have) / rate)} left`);
    }
    $('pull-figures').textContent = parts.join(' \u00b7 ');
  }

  async finished(done) {
    this.model = done.model;
    const listed = await this.pulled(done.model);
    $('pull-bar').value = $('pull-bar').max;
    $('pull-figures').textContent = `${formatBytes(done.bytes)}${done.already_present ? ', already here' : ''}`;
    const checked = done.verified ? ', its SHA-256 checked' : '';
    this.status(listed ? `${done.model} is ready${checked}. It is in the model picker now.`
      : `${done.model} was saved to ${done.path}${checked}, but this server does not list it: restart it, or `
        + 'check that pull.dist_root is the llama.cpp provider\u2019s dist_root.');
    this.buttons(listed ? 'done' : 'chosen');
    if (listed) $('pull-use').focus();
  }

  cancel() {
    if (!this.controller) return;
    this.cancelledAt = Date.now();
    this.controller.abort();
  }

  closed() {
    this.cancel();
    this.engine.cancel();
    if (this.dialog.returnValue !== 'used' && this.trigger?.isConnected) this.trigger.focus();
  }

  /** Which buttons show: idle (nothing listed), chosen (a file to download), downloading, done. */
  buttons(state) {
    $('pull-start').hidden = state !== 'chosen';
    $('pull-cancel').hidden = state !== 'downloading';
    $('pull-use').hidden = state !== 'done';
    $('pull-close').textContent = state === 'downloading' ? 'Close and stop' : 'Close';
    $('pull-list').disabled = state === 'downloading';
    $('pull-file-list').querySelectorAll('input').forEach(input => {
      input.disabled = state === 'downloading' || input.closest('.pull-file').classList.contains('disabled');
    });
  }

  status(text) {
    $('pull-status').textContent = text;
  }

  /** Shows an API error ({code, message}) as a title and the server's sentence (kept as written: it may start
   * with a case-sensitive repository name); null clears it. */
  error(e) {
    const box = $('pull-error');
    box.hidden = !e;
    if (!e) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(el('strong', {}, TITLES[e.code] ?? 'The download failed'), `: ${e.message ?? e}`);
  }
}

/** owner/repo[:quant] from what was typed, also from a pasted hub address; '' when there is nothing. */
export function repoOf(text) {
  const value = text.trim();
  const url = value.match(/^https?:\/\/[^/]+\/([^/?#]+\/[^/?#:]+)/);
  return url ? url[1] : value;
}

function formatDuration(seconds) {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('The download was cancelled.', 'AbortError'));
    }, { once: true });
  });
}
