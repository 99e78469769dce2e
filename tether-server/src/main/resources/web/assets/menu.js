// A popup menu under a button: arrow keys move, Enter or a click picks, Esc or a click elsewhere closes and
// gives focus back to the button. Items: {label, detail?, icon?, checked?, danger?, onSelect}; an item with
// `checked` is a choice (menuitemradio), one without it an action.

import { el } from './ui.js';
import { icon } from './icons.js';

let open = null;

export function openMenu(anchor, items, { label, className = '' } = {}) {
  closeMenu();
  const buttons = items.map(item => el('button', {
    type: 'button',
    role: item.checked !== undefined ? 'menuitemradio' : 'menuitem',
    className: `menu-item${item.danger ? ' danger' : ''}`,
    tabIndex: -1,
    onclick: () => { closeMenu(); item.onSelect(); },
    ...(item.checked !== undefined ? { 'aria-checked': String(Boolean(item.checked)) } : {}),
  }, item.icon ? icon(item.icon) : null,
  el('span', { className: 'menu-text' }, el('span', { className: 'menu-label' }, item.label),
    item.detail ? el('span', { className: 'menu-detail' }, item.detail) : null),
  item.checked ? icon('check', 'icon menu-check') : null));
  const name = label ?? anchor.getAttribute('aria-label');
  const menu = el('div', { role: 'menu', className: `menu ${className}`, 'aria-label': name }, ...buttons);
  menu.addEventListener('keydown', e => onKey(e, buttons));
  // on the body, where no drawer clips it; in a landmark of its own, so that no content lies outside landmarks
  const popup = el('div', { role: 'region', 'aria-label': name }, menu);
  document.body.append(popup);
  place(menu, anchor);
  anchor.setAttribute('aria-expanded', 'true');
  open = { menu, popup, anchor };
  setTimeout(() => document.addEventListener('pointerdown', outside), 0);
  (buttons.find(b => b.getAttribute('aria-checked') === 'true') ?? buttons[0])?.focus();
}

export function closeMenu(returnFocus = false) {
  if (!open) return;
  const { popup, anchor } = open;
  open = null;
  document.removeEventListener('pointerdown', outside);
  popup.remove();
  anchor.setAttribute('aria-expanded', 'false');
  if (returnFocus) anchor.focus();
}

function outside(e) {
  if (open && !open.menu.contains(e.target) && !open.anchor.contains(e.target)) closeMenu();
}

function onKey(e, buttons) {
  const at = buttons.indexOf(document.activeElement);
  const move = {
    ArrowDown: (at + 1) % buttons.length,
    ArrowUp: (at - 1 + buttons.length) % buttons.length,
    Home: 0,
    End: buttons.length - 1,
  }[e.key];
  if (move !== undefined) {
    e.preventDefault();
    buttons[move].focus();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    closeMenu(true);
  } else if (e.key === 'Tab') {
    closeMenu(true);
  }
}

// Below the anchor, kept inside the window (CSSOM positions are allowed by a strict Content-Security-Policy).
function place(menu, anchor) {
  const a = anchor.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const left = Math.max(8, Math.min(a.left, window.innerWidth - width - 8));
  const below = a.bottom + 4 + height <= window.innerHeight - 8;
  menu.style.left = `${left}px`;
  menu.style.top = `${below ? a.bottom + 4 : Math.max(8, a.top - height - 4)}px`;
}
