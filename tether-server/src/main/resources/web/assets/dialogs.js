// The page's own dialogs: the API key prompt and a styled confirmation (instead of the browser's confirm()).

const $ = id => document.getElementById(id);

/** Opens a <dialog> and resolves to its returnValue once it closes. */
export function showDialog(dialog) {
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** Asks for the API key in the page's dialog; resolves to the key, or null when dismissed. */
export async function askForKey(rejected) {
  const input = $('key-input');
  $('key-error').hidden = !rejected;
  input.value = '';
  const shown = showDialog($('key-dialog'));
  input.focus();
  return (await shown) === 'ok' ? input.value.trim() || null : null;
}

/** Asks to confirm something that cannot be undone; resolves to true when confirmed. */
export async function confirmAction({ title, message, confirm }) {
  $('confirm-title').textContent = title;
  $('confirm-message').textContent = message;
  $('confirm-ok').textContent = confirm;
  return (await showDialog($('confirm-dialog'))) === 'ok';
}
