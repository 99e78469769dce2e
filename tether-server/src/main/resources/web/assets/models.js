// The model picker: a button naming the chosen model and a menu of every model with what GET /models/{name}
// tells about it — engine, size, quantization, context length and whether it is loaded.

import * as api from './api.js';
import { openMenu } from './menu.js';

const MODEL_STORAGE = 'tether.model';

export class ModelPicker {
  /**
   * getModel() opens the "Get a model" panel, offered at the end of the menu; installEngine, when it is a
   * function (the server has no llama-server yet), is offered before it.
   */
  constructor(button, nameNode, stateNode, getModel, installEngine = () => null) {
    this.button = button;
    this.nameNode = nameNode;
    this.stateNode = stateNode;
    this.getModel = getModel;
    this.installEngine = installEngine;
    this.infos = new Map();
    this.chosen = null;
    this.reachable = true;
    this.picked = () => {}; // the user picked a model in the menu: (name) => void
    button.addEventListener('click', () => this.open());
  }

  async load() {
    const names = await api.models();
    const all = await Promise.all(names.map(name => api.model(name).catch(() => ({ name }))));
    // embedding models make vectors (POST /v1/embeddings); they cannot chat, so the picker leaves them out
    const infos = all.filter(info => info.kind !== 'embedding');
    const chat = infos.map(info => info.name);
    this.infos = new Map(infos.map(info => [info.name, info]));
    const kept = [this.chosen, localStorage.getItem(MODEL_STORAGE)].find(name => chat.includes(name));
    this.choose(kept ?? chat[0] ?? null, false);
  }

  /**
   * Shows the open chat's model ({@code model}, when the server still has it); without one (a new chat, or one no
   * model has answered yet), the model this browser last picked.
   */
  follow(model) {
    const names = this.names();
    const own = [model, localStorage.getItem(MODEL_STORAGE)].find(name => name && names.includes(name));
    this.choose(own ?? names[0] ?? this.chosen, false);
  }

  /** The header tells whether the server answers: "not reachable" instead of a stale "loaded". */
  setReachable(reachable) {
    this.reachable = reachable;
    this.show();
  }

  /** The chosen model's name, or null when the server has none. */
  current() {
    return this.chosen;
  }

  names() {
    return [...this.infos.keys()];
  }

  isLoaded(name = this.chosen) {
    return Boolean(this.infos.get(name)?.loaded);
  }

  /** Asks the server again about one model (after a turn it is usually loaded). */
  async refresh(name = this.chosen) {
    if (!name) return;
    try {
      this.infos.set(name, await api.model(name));
      if (name === this.chosen) this.show();
    } catch {
      // the picker keeps what it knew
    }
  }

  choose(name, remember = true) {
    this.chosen = name;
    if (remember && name) localStorage.setItem(MODEL_STORAGE, name);
    this.show();
  }

  show() {
    this.nameNode.textContent = this.chosen ?? 'No model';
    const loaded = this.isLoaded();
    const state = !this.reachable ? 'unreachable' : loaded ? 'loaded' : 'unloaded';
    this.stateNode.className = `model-state ${state}`;
    this.stateNode.textContent = { unreachable: 'not reachable', loaded: 'loaded', unloaded: 'not loaded' }[state];
    this.button.title = this.chosen ? describe(this.infos.get(this.chosen)) : '';
  }

  open() {
    openMenu(this.button, this.names().map(name => ({
      label: name,
      detail: describe(this.infos.get(name)),
      checked: name === this.chosen,
      onSelect: () => { this.choose(name); this.picked(name); this.button.focus(); },
    })).concat(this.installEngine() ? [{ label: 'Install the llama.cpp engine\u2026', icon: 'download',
      detail: 'needed by current models such as Qwen3', onSelect: this.installEngine() }] : [])
      .concat(this.getModel ? [{ label: 'Get a model\u2026', icon: 'download', onSelect: this.getModel }] : []),
    { label: 'Models', className: 'model-menu' });
  }
}

/** "llama-server · 1.2 GB · Q4_K_M · 32k context · loaded": whatever the server knows. */
export function describe(info = {}) {
  const parts = [info.engine ?? info.provider];
  const bytes = info.file_size ?? info.size_bytes;
  if (Number.isFinite(bytes)) parts.push(formatBytes(bytes));
  else if (info.parameter_size) parts.push(info.parameter_size);
  else if (Number.isFinite(info.parameters) && info.parameters > 0) parts.push(formatCount(info.parameters) + ' params');
  const quantization = info.quantization ?? info.quantization_level;
  if (quantization && quantization !== 'unknown') parts.push(quantization);
  if (Number.isFinite(info.context_length) && info.context_length > 0) {
    parts.push(`${formatContext(info.context_length)} context`);
  }
  if (info.loaded !== undefined) parts.push(info.loaded ? 'loaded' : 'not loaded');
  return parts.filter(Boolean).join(' \u00b7 ');
}

export function formatBytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

function formatContext(n) {
  return n >= 1024 ? `${Math.round(n / 1024)}k` : String(n);
}

function formatCount(n) {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)}k`;
  return String(n);
}
