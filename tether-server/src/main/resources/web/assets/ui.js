// Small DOM helpers. Text always goes in as text nodes.

import { icon } from './icons.js';

/** Creates an element: el('button', {className: 'x', onclick: f}, 'label', otherNode). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node) node[name] = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

/** A button that shows only an icon; its label is what screen readers say and what the tooltip shows. */
export function iconButton(name, label, onclick, className = 'icon-button') {
  return el('button', { type: 'button', className, title: label, 'aria-label': label, onclick }, icon(name));
}

/** An editor: the text input, then Cancel and the primary button named {@code action}. */
export function editorBox(input, cancel, save, action, className = 'editor') {
  return el('div', { className }, input,
    el('div', { className: 'editor-buttons' },
      el('button', { type: 'button', className: 'secondary', onclick: cancel }, 'Cancel'),
      el('button', { type: 'button', className: 'primary', onclick: save }, action)));
}

/** Copies text, then shows a check on the button for a moment. */
export function copyText(button, text) {
  navigator.clipboard?.writeText(text).then(() => {
    const original = button.querySelector('svg');
    original?.replaceWith(icon('check'));
    button.classList.add('copied');
    setTimeout(() => {
      button.classList.remove('copied');
      if (original) button.querySelector('svg')?.replaceWith(original);
    }, 1500);
  }, () => {});
}

/**
 * Shows a download starting in the panel whose elements are named {@code prefix}-progress, -bar, -figures and
 * -cancel: an empty bar, {@code text} as the status and the focus on Cancel.
 */
export function showStarting(panel, prefix, text) {
  const $ = id => document.getElementById(`${prefix}-${id}`);
  $('progress').hidden = false;
  $('bar').value = 0;
  $('figures').textContent = '';
  panel.status(text);
  $('cancel').focus();
}

/** A download stopped: after a cancel the status says {@code cancelled}; any other failure is shown as the error. */
export function showStopped(panel, e, cancelled) {
  if (e.name === 'AbortError') {
    panel.status(cancelled);
  } else {
    panel.status('');
    panel.error(e);
  }
}
