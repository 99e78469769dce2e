// End-to-end test of the web page's "Get a model" panel in Debian's Chromium, driven by playwright-core.
// Usage: node pull-e2e.mjs <base-url> <screenshot-dir>
// The server (see PullPanelIT) starts in demo mode and pulls from a fake Hugging Face Hub that has
// acme/Tiny-GGUF (tether-tiny-Q4_K_M.gguf, sent slowly, and a Q8_0), acme/Docs (no GGUF), acme/Broken-GGUF
// (a wrong published SHA-256), acme/Offline-GGUF (its download address refuses connections) and acme/Mixed-GGUF
// (a llama model, a qwen3 model the embedded engine cannot load, and a model listed at 10 TB).
// Exits 0 when every check passed; otherwise prints the failure and exits 1.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, shots] = process.argv.slice(2);
const MODEL = 'tether-tiny-Q4_K_M';
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'tether-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
});
const page = context.pages()[0] ?? await context.newPage();
page.setDefaultTimeout(15_000);
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
// the page runs under the Content-Security-Policy the server sends: no inline scripts or styles
const cspViolations = [];
page.on('console', m => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let step = 'start';
const shot = name => page.screenshot({ path: join(shots, `${name}.png`) });
const dialog = page.getByRole('dialog', { name: 'Get a model' });
const status = dialog.getByRole('status');
const alert = dialog.getByRole('alert');
const repoInput = dialog.getByLabel('Hugging Face repository');
const activeId = () => page.evaluate(() => document.activeElement?.id);

/** Types a repository and asks for its files with Enter. */
async function find(repo) {
  await repoInput.fill(repo);
  await repoInput.press('Enter');
}

try {
  step = 'demo mode: the picker has only the demo model and the empty chat offers a real one';
  await page.goto(baseUrl + '/');
  await page.locator('#model-name', { hasText: 'demo' }).waitFor();
  await page.locator('.welcome').getByRole('button', { name: 'Get a real model' }).waitFor();
  await shot('pull-demo-welcome');
  // a chat with the demo model is open when the model arrives: "Use this model" leaves it for a new chat
  await page.fill('#prompt', 'Hello');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn .figures').waitFor();
  const demoChat = new URL(page.url()).hash;
  assert.ok(demoChat.length > 1, 'the demo chat is in the address');

  step = 'the model menu opens the panel from the keyboard, focus in the repository field';
  await page.getByRole('button', { name: /Model: demo/ }).click();
  const menu = page.getByRole('menu', { name: 'Models' });
  await menu.waitFor();
  assert.deepEqual(await menu.getByRole('menuitemradio').locator('.menu-label').allTextContents(), ['demo']);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  assert.equal(await activeId(), 'pull-repo');
  await axeCheck('get a model, empty');

  step = 'an unknown repository is named as such';
  await find('acme/Nope-GGUF');
  await alert.getByText('Repository not found', { exact: true }).waitFor();
  assert.match(await alert.textContent(), /^Repository not found: the hub at http:\/\/127\.0\.0\.1:\d+ has no acme\/Nope-GGUF/);
  assert.equal(await activeId(), 'pull-repo');

  step = 'a repository without GGUF files says so';
  await find('acme/Docs');
  await alert.getByText('No GGUF files', { exact: true }).waitFor();
  assert.match(await alert.textContent(), /^No GGUF files: acme\/Docs has no \.gguf files/);

  step = 'a bad name is refused by the server with its reason';
  await find('no-slash');
  await alert.getByText('Not a repository name', { exact: true }).waitFor();

  step = 'a download whose connection is refused shows the network error';
  await find('acme/Offline-GGUF');
  await dialog.getByRole('radio', { name: /offline-Q4_K_M\.gguf/ }).waitFor();
  await dialog.getByRole('button', { name: 'Download' }).click();
  await alert.getByText('Cannot reach the hub', { exact: true }).waitFor();
  assert.match(await alert.textContent(), /: cannot download offline-Q4_K_M\.gguf from http:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await dialog.getByRole('button', { name: 'Download' }).isVisible(), true);

  step = 'a checksum mismatch is an error and the download is gone';
  await find('acme/Broken-GGUF');
  await dialog.getByRole('radio', { name: /broken-Q4_K_M\.gguf/ }).waitFor();
  await dialog.getByRole('button', { name: 'Download' }).click();
  await alert.getByText('Checksum mismatch', { exact: true }).waitFor();
  assert.match(await alert.textContent(), /the hub published 0{64}; the download was deleted/);
  await shot('pull-error');
  await axeCheck('get a model, error');

  step = 'a pasted hub address lists the GGUF files with the default chosen';
  await find('https://huggingface.co/acme/Tiny-GGUF');
  const q4Name = new RegExp(`${MODEL}\\.gguf`);
  const q4 = dialog.getByRole('radio', { name: q4Name });
  await q4.waitFor();
  assert.equal(await repoInput.inputValue(), 'acme/Tiny-GGUF');
  assert.equal(await alert.isVisible(), false);
  assert.equal(await dialog.getByRole('radio').count(), 2, 'README.md is not offered');
  assert.equal(await q4.isChecked(), true);
  assert.equal(await activeId() !== 'pull-repo', true, 'focus moved to the chosen file');
  assert.match(await dialog.locator('.pull-file', { has: page.getByRole('radio', { name: q4Name }) }).locator('.pull-file-note').textContent(),
    /^\d+ KB · recommended$/);
  assert.match(await status.textContent(), /2 GGUF files in acme\/Tiny-GGUF/);
  await shot('pull-files');

  step = 'the download shows size, rate and time left, and can be cancelled';
  await page.keyboard.press('Enter'); // on the chosen radio: starts the download
  const figures = dialog.locator('#pull-figures');
  await figures.filter({ hasText: /^\d+ KB of \d+ KB · \d+ KB\/s · \d+ s left$/ }).waitFor();
  const bar = dialog.getByRole('progressbar', { name: 'Download progress' });
  assert.ok(await bar.evaluate(p => p.value > 0 && p.value < p.max), 'the bar has moved but is not full');
  await shot('pull-progress');
  await axeCheck('get a model, downloading');
  await dialog.getByRole('button', { name: 'Cancel download' }).click();
  await status.filter({ hasText: 'Download cancelled' }).waitFor();
  assert.equal(await activeId(), 'pull-start');

  step = 'downloading again resumes and ends with the checksum checked and the model listed';
  await dialog.getByRole('button', { name: 'Download' }).click();
  await status.filter({ hasText: /^Resuming tether-tiny-Q4_K_M\.gguf at \d+ KB/ }).waitFor();
  await status.filter({ hasText: `${MODEL} is ready, its SHA-256 checked.` }).waitFor({ timeout: 30_000 });
  assert.ok(await bar.evaluate(p => p.value === p.max));
  assert.equal(await activeId(), 'pull-use');
  await shot('pull-done');

  step = 'the model is in the picker; "Use this model" starts a new chat with it';
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('#model-name', { hasText: MODEL }).waitFor();
  await page.locator('.welcome').waitFor();
  assert.equal(await page.locator('.turn').count(), 0);
  assert.equal(new URL(page.url()).hash, '');
  assert.equal(await activeId(), 'prompt');
  assert.equal(await page.locator('.welcome-model').textContent(), MODEL);
  await page.getByRole('button', { name: new RegExp(`Model: ${MODEL}`) }).click();
  assert.deepEqual(await menu.getByRole('menuitemradio').locator('.menu-label').allTextContents(), [MODEL, 'demo']);
  assert.equal(await menu.getByRole('menuitemradio', { name: new RegExp(`^${MODEL}`) }).getAttribute('aria-checked'), 'true');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });

  step = 'the pulled model answers without a restart';
  await page.fill('#prompt', 'Hello');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.answer .figures').waitFor({ timeout: 60_000 });
  // random weights write anything, broken tool calls included: what counts is that this model generated it
  assert.match(await page.locator('.turn').last().locator('.figures').textContent(), /^[1-9]\d* tokens/);
  const codes = await page.locator('.turn .error').evaluateAll(errors => errors.map(e => e.dataset.code));
  assert.ok(!codes.some(code => /model|internal/.test(code)), `no error about the model itself: ${codes}`);
  assert.equal(await page.evaluate(() => localStorage.getItem('tether.model')), MODEL);

  step = 'the panel again: the file shows as downloaded; Esc closes it and focus goes back';
  await page.click('#open-pull');
  await dialog.waitFor();
  await find('acme/Tiny-GGUF');
  await dialog.locator('.pull-file-note', { hasText: 'recommended · downloaded' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await activeId(), 'open-pull');

  step = 'dark theme and phone width';
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: new RegExp(`Model: ${MODEL}`) }).click();
  await page.getByRole('menuitem', { name: 'Get a model…' }).click();
  await dialog.waitFor();
  await find('acme/Tiny-GGUF');
  await q4.waitFor();
  await shot('pull-phone-dark');
  await axeCheck('get a model, phone, dark');

  step = 'each file says whether it runs here, read from its header before any download';
  await find('acme/Mixed-GGUF');
  const verdictOf = name => dialog.locator('.pull-file', { has: page.getByRole('radio', { name }) })
    .locator('.pull-file-verdict');
  await verdictOf(/mixed-llama-Q4_K_M\.gguf/).waitFor();
  assert.equal(await verdictOf(/mixed-llama-Q4_K_M\.gguf/).textContent(), 'Runs here');
  assert.equal(await verdictOf(/mixed-qwen3-Q8_0\.gguf/).textContent(), 'Needs the llama.cpp engine');
  assert.equal(await verdictOf(/mixed-huge-Q6_K\.gguf/).textContent(), 'Too big for this machine');
  assert.match(await dialog.locator('.pull-file', { has: page.getByRole('radio', { name: /mixed-qwen3/ }) })
    .locator('.pull-file-reason').textContent(), /qwen3 needs the llama\.cpp engine: the embedded engine \(llama\.cpp b4916\) does not load qwen3/);
  assert.match(await dialog.locator('.pull-file', { has: page.getByRole('radio', { name: /mixed-huge/ }) })
    .locator('.pull-file-reason').textContent(), /too big for this machine: weights 10\.0 TB/);
  await shot('pull-verdicts');
  await axeCheck('get a model, verdicts');

  step = 'a model the engine here cannot run is not downloaded straight away';
  const enginesStatus = await page.evaluate(() => fetch('/engines').then(r => r.status));
  await dialog.getByRole('radio', { name: /mixed-qwen3-Q8_0\.gguf/ }).check();
  if (enginesStatus === 404) {
    // a server without the engine routes: the reason, with the command that installs the engine, then "anyway"
    assert.equal(await dialog.locator('#engine-offer').isVisible(), false);
    await dialog.getByRole('button', { name: 'Download', exact: true }).click();
    await status.filter({ hasText: /qwen3 needs the llama\.cpp engine.*tether engine install/ }).waitFor();
    await dialog.getByRole('button', { name: 'Download anyway' }).waitFor();
    assert.equal(await dialog.locator('#pull-progress').isVisible(), false, 'nothing was downloaded');
  } else {
    // the engine routes are there and no llama-server is: the install is offered first, with what it would take
    const engines = await page.evaluate(() => fetch('/engines').then(r => r.json()));
    assert.equal(engines.active, null);
    await dialog.locator('#engine-offer').waitFor();
    assert.match(await dialog.locator('#engine-facts').textContent(), /^llama\.cpp/);
    await dialog.getByRole('button', { name: engines.auto?.supported === false ? 'Download' : 'Install the engine and download',
      exact: true }).waitFor();
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  step = 'the model menu offers the engine install exactly when the server can install one and has none';
  await page.getByRole('button', { name: new RegExp(`Model: ${MODEL}`) }).click();
  await menu.waitFor();
  assert.equal(await menu.getByRole('menuitem', { name: /Install the llama\.cpp engine/ }).count(),
    enginesStatus === 404 ? 0 : 1);
  await page.keyboard.press('Escape');

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
  console.log('get a model e2e: all checks passed');
} catch (e) {
  console.error(`get a model e2e failed at "${step}":`, e);
  await shot('pull-failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

/** axe-core on the page as it is now: no serious or critical violation. Evaluated, so a CSP cannot block it. */
async function axeCheck(where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core violations in ${where}`);
}
