// "Install the llama.cpp engine", offered in "Get a model" while no llama-server is installed: what `auto` would
// install (GET /engines: version, size, backend and why that backend), then POST /engines/install with a progress
// bar, Cancel (the part on disk is resumed by the next install) and the error in place when it fails.

import * as api from './api.js';
import { formatBytes } from './models.js';
import { events } from './stream.js';
import { el, showStarting, showStopped } from './ui.js';

const $ = id => document.getElementById(id);

// Right after Cancel the server may still hold the install (409) until it notices the closed connection.
const RESUME_WAIT_MS = 5000;
const RESUME_POLL_MS = 300;

export class EngineOffer {
  /** installed() runs after a successful install (the model list and the verdicts change). */
  constructor({ installed }) {
    this.installed = installed;
    this.info = null;
    this.controller = null;
    $('engine-install').addEventListener('click', () => this.install().catch(() => {}));
    $('engine-cancel').addEventListener('click', () => this.cancel());
  }

  /** Asks the server about its engines; a server without the engine routes makes the offer go away. */
  async refresh({ fresh = false } = {}) {
    if (fresh) this.justInstalled = false;
    try {
      this.info = await api.engines();
    } catch {
      this.info = null;
    }
    this.render();
    return this.info;
  }

  /** True when the server can install llama-server and has none. */
  missing() {
    return Boolean(this.info && !this.info.active);
  }

  /** True when an install here would work (this machine has a matching release file). */
  installable() {
    return this.missing() && this.info.auto?.supported !== false;
  }

  render() {
    const offer = $('engine-offer');
    // after an install the section stays, saying so, until the panel is opened again
    offer.hidden = !this.missing() && !this.justInstalled;
    if (!this.missing()) {
      $('engine-install').hidden = true;
      return;
    }
    const auto = this.info.auto ?? {};
    const facts = [auto.version, Number.isFinite(auto.size) ? formatBytes(auto.size) : null,
      auto.backend ? `${auto.backend} backend` : null].filter(Boolean);
    $('engine-facts').textContent = facts.length ? `llama.cpp ${facts.join(' \u00b7 ')}` : 'llama.cpp';
    $('engine-why').textContent = auto.why ?? '';
    $('engine-install').disabled = !this.installable() || Boolean(this.controller);
    if (!this.controller) this.buttons(false);
  }

  /** Streams one install to its done event; resolves to true when the engine is in place. */
  async install() {
    if (this.controller || !this.installable()) return false;
    this.controller = new AbortController();
    this.error(null);
    this.buttons(true);
    showStarting(this, 'engine', 'Starting the engine\u2019s download\u2026');
    try {
      await this.stream(await this.request(this.controller.signal));
      this.justInstalled = true;
      await this.refresh();
      this.status(`The llama.cpp engine is installed${this.info?.active?.version ? ` (${this.info.active.version})` : ''}.`
        + ' Models load on it from now on.');
      $('engine-bar').value = $('engine-bar').max;
      await this.installed();
      return true;
    } catch (e) {
      showStopped(this, e, 'Install cancelled. What arrived is kept: Install again to resume.');
      throw e;
    } finally {
      this.controller = null;
      this.buttons(false);
      this.render();
    }
  }

  /** POST /engines/install; a 409 shortly after a cancel is the old install still stopping, so it is asked again. */
  async request(signal) {
    const deadline = Date.now() + RESUME_WAIT_MS;
    for (;;) {
      try {
        return await api.installEngine({ backend: 'auto' }, signal);
      } catch (e) {
        const stopping = e.status === 409 && Date.now() - (this.cancelledAt ?? 0) < RESUME_WAIT_MS;
        if (!stopping || signal.aborted || Date.now() > deadline) throw e;
        this.status('Waiting for the cancelled install to stop\u2026');
        await new Promise(resolve => setTimeout(resolve, RESUME_POLL_MS));
      }
    }
  }

  async stream(response) {
    let failure = null;
    for await (const { type, data } of events(response)) {
      if (type === 'start') this.started(data);
      else if (type === 'progress') this.progress(data);
      else if (type === 'error') failure = data;
      else if (type === 'done') {
        if (data.success) return data;
        throw failure ?? { code: 'install_failed', message: 'The install failed.' };
      } else if (data?.message) this.status(data.message);
      else if (type === 'verify') this.status('Checking the SHA-256 GitHub published\u2026');
    }
    throw failure ?? { code: 'install_interrupted',
      message: 'The connection to the server ended before the install did. Install again to resume.' };
  }

  started({ total_bytes: total = 0, resumed_from: from = 0, file, asset }) {
    $('engine-bar').max = Math.max(1, total);
    const name = asset ?? file ?? 'llama.cpp';
    this.status(from > 0 ? `Resuming ${name} at ${formatBytes(from)} of ${formatBytes(total)}\u2026`
      : `Downloading ${name} (${formatBytes(total)})\u2026`);
    this.progress({ downloaded_bytes: from, total_bytes: total, bytes_per_second: 0 });
  }

  progress({ downloaded_bytes: have, total_bytes: total, bytes_per_second: rate }) {
    $('engine-bar').value = have;
    const parts = [`${formatBytes(have)} of ${formatBytes(total)}`];
    if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
    $('engine-figures').textContent = parts.join(' \u00b7 ');
  }

  cancel() {
    if (!this.controller) return;
    this.cancelledAt = Date.now();
    this.controller.abort();
  }

  buttons(installing) {
    $('engine-install').hidden = installing;
    $('engine-cancel').hidden = !installing;
  }

  status(text) {
    $('engine-status').textContent = text;
  }

  error(e) {
    const box = $('engine-error');
    box.hidden = !e;
    box.replaceChildren(...(e ? [el('strong', {}, 'The engine was not installed'), `: ${e.message ?? e}`] : []));
  }
}
