// End-to-end test of "Install the llama.cpp engine" on the web page, in Debian's Chromium via playwright-core.
// Usage: node engine-e2e.mjs <base-url> <screenshot-dir>
// The server (see EngineInstallIT) runs with no llama-server anywhere it looks, a fake GitHub API whose latest
// llama.cpp release holds an archive of the llama-server that scripts/llama-server.sh built (sent slowly; the first
// download with one byte changed), and a fake hub with acme/Mixed-GGUF (a llama model and a qwen3 model).
// Exits 0 when every check passed; otherwise prints the failure and exits 1.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, shots] = process.argv.slice(2);
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
page.setDefaultTimeout(20_000);
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
const cspViolations = [];
page.on('console', m => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let step = 'start';
const shot = name => page.screenshot({ path: join(shots, `${name}.png`) });
const dialog = page.getByRole('dialog', { name: 'Get a model' });
const offer = dialog.locator('#engine-offer');
const engineStatus = offer.locator('#engine-status');
const engineError = offer.locator('#engine-error');
const activeId = () => page.evaluate(() => document.activeElement?.id);
const modelMenu = () => page.getByRole('menu', { name: 'Models' });

async function listMixed() {
  await dialog.getByLabel('Hugging Face repository').fill('acme/Mixed-GGUF');
  await dialog.getByLabel('Hugging Face repository').press('Enter');
  await dialog.locator('.pull-file-verdict').first().waitFor();
}

const verdictOf = name => dialog.locator('.pull-file', { has: page.getByRole('radio', { name }) })
  .locator('.pull-file-verdict');

try {
  step = 'no llama-server: the model menu offers the engine install';
  await page.goto(baseUrl + '/');
  const engines = await page.evaluate(() => fetch('/engines').then(r => r.json()));
  assert.equal(engines.active, null, 'no llama-server is active');
  assert.equal(engines.auto.supported, true, `this machine has a release file: ${JSON.stringify(engines.auto)}`);
  await page.locator('#model-button').click();
  await modelMenu().getByRole('menuitem', { name: /Install the llama\.cpp engine/ }).click();
  await dialog.waitFor();
  await offer.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'engine-install');

  step = 'the offer names version, size, backend and why that backend';
  const facts = await offer.locator('#engine-facts').textContent();
  assert.match(facts, new RegExp(`^llama\\.cpp ${engines.auto.version} · [\\d.]+ MB · ${engines.auto.backend} backend$`));
  assert.equal(await offer.locator('#engine-why').textContent(), engines.auto.why);
  assert.ok(engines.auto.why.length > 0);
  await shot('engine-offer');
  await axeCheck('engine offer');

  step = 'a qwen3 model needs the engine; downloading it offers the install first';
  await listMixed();
  assert.equal(await verdictOf(/mixed-qwen3/).textContent(), 'Needs the llama.cpp engine');
  await dialog.getByRole('radio', { name: /mixed-qwen3/ }).check();
  await dialog.getByRole('button', { name: 'Install the engine and download' }).waitFor();

  step = 'a download that fails its digest check shows the error in place, and nothing is installed';
  await offer.getByRole('button', { name: 'Install the llama.cpp engine' }).click();
  await engineError.filter({ hasText: /^The engine was not installed: / }).waitFor({ timeout: 60_000 });
  assert.match(await engineError.textContent(), /sha-?256|digest|checksum/i);
  assert.equal(await page.evaluate(() => fetch('/engines').then(r => r.json()).then(e => e.active)), null);
  await shot('engine-error');

  step = 'the install shows its progress and can be cancelled';
  await offer.getByRole('button', { name: 'Install the llama.cpp engine' }).click();
  assert.equal(await engineError.isVisible(), false, 'the old error is cleared');
  await offer.locator('#engine-figures').filter({ hasText: /^[\d.]+ [KM]B of [\d.]+ MB · [\d.]+ [KM]B\/s$/ }).waitFor();
  const bar = offer.getByRole('progressbar', { name: 'Engine download progress' });
  assert.ok(await bar.evaluate(p => p.value > 0 && p.value < p.max), 'the bar has moved but is not full');
  await shot('engine-progress');
  await offer.getByRole('button', { name: 'Cancel install' }).click();
  await engineStatus.filter({ hasText: 'Install cancelled. What arrived is kept: Install again to resume.' }).waitFor();

  step = 'installing again resumes, checks and installs the engine; the qwen3 model then runs here';
  await offer.getByRole('button', { name: 'Install the llama.cpp engine' }).click();
  await engineStatus.filter({ hasText: /^Resuming / }).waitFor();
  await engineStatus.filter({ hasText: /^The llama\.cpp engine is installed/ }).waitFor({ timeout: 120_000 });
  const after = await page.evaluate(() => fetch('/engines').then(r => r.json()));
  assert.notEqual(after.active, null);
  assert.ok(after.engines.some(e => e.name.startsWith(`${engines.auto.version}-`) && e.active),
    `the installed ${engines.auto.version} engine is the active one: ${JSON.stringify(after.engines)}`);
  await verdictOf(/mixed-qwen3/).filter({ hasText: 'Runs here' }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Download', exact: true }).isVisible(), true);
  await shot('engine-installed');
  await axeCheck('engine installed');

  step = 'the model menu no longer offers the install';
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('#model-button').click();
  await modelMenu().waitFor();
  assert.equal(await modelMenu().getByRole('menuitem', { name: /Install the llama\.cpp engine/ }).count(), 0);
  await page.keyboard.press('Escape');

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
  console.log('engine install e2e: all checks passed');
} catch (e) {
  console.error(`engine install e2e failed at "${step}":`, e);
  await shot('engine-failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

async function axeCheck(where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core violations in ${where}`);
}
