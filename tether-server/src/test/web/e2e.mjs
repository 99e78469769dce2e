// End-to-end test of the web chat page in Debian's Chromium, driven by playwright-core.
// Usage: node e2e.mjs <base-url> <api-key> <screenshot-dir>
// The server runs the scripted provider (see WebPageIT): "time" → a get_current_time tool call,
// "mars" → a tool call that fails, "long" → a long, slow answer, "hi"/"hello" → "<think>…</think>Hello there!",
// anything else → no rule: an error event.
// Exits 0 when every check passed; otherwise prints the failure and exits 1.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, apiKey, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'tether-chromium-'));

const api = async (path, init = {}) => {
  const res = await fetch(baseUrl + path, { ...init, headers: { Authorization: `Bearer ${apiKey}`, ...init.headers } });
  assert.ok(res.ok, `${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
};

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
const policyViolations = [];
page.on('console', m => { if (/Content Security Policy/i.test(m.text())) policyViolations.push(m.text()); });
page.on('dialog', dialog => dialog.accept());
let step = 'start';
const shot = name => page.screenshot({ path: join(shots, `${name}.png`) });

try {
  step = 'the page asks for the API key and keeps it';
  await page.goto(baseUrl + '/');
  const keyDialog = page.locator('#key-dialog');
  await keyDialog.waitFor({ state: 'visible' });
  await shot('api-key-dialog');
  await page.fill('#key-input', 'wrong-key');
  await page.press('#key-input', 'Enter');
  await page.locator('#key-error').waitFor({ state: 'visible' });
  await page.fill('#key-input', apiKey);
  await page.press('#key-input', 'Enter');
  await keyDialog.waitFor({ state: 'hidden' });
  // the dialog hides before its close event stores the key, so wait for the store (fails after the timeout)
  await page.waitForFunction(key => localStorage.getItem('tether.apiKey') === key, apiKey);
  assert.equal(await page.evaluate(() => localStorage.getItem('tether.apiKey')), apiKey);

  step = 'the model picker lists /models';
  await page.locator('#model option').first().waitFor({ state: 'attached' });
  assert.deepEqual(await page.locator('#model option').allTextContents(), ['scripted', 'other']);

  step = 'a message streams an answer with a tool card';
  await page.fill('#prompt', 'What time is it?');
  await page.press('#prompt', 'Enter');
  const card = page.locator('.turn').last().locator('.tool-card');
  await card.locator('.tool-status', { hasText: 'done' }).waitFor();
  assert.equal(await card.locator('.tool-name').textContent(), 'get_current_time');
  assert.match(await card.locator('pre.json').first().textContent(), /"timezone": "UTC"/);
  assert.match(await card.locator('pre.json').nth(1).textContent(), /\d{4}-\d\d-\d\d/);
  const answer = page.locator('.turn').last().locator('.answer');
  await answer.locator('.figures').waitFor();
  assert.match(await answer.locator('.markdown').first().textContent(), /Let me check\./);
  assert.equal(await answer.locator('.markdown strong').textContent(), 'now');
  assert.match(await answer.locator('pre.code code').textContent(), /<b>x<\/b>/);
  assert.match(await answer.locator('.figures').textContent(), /\d+ tokens? · .*first token \d+/);
  step = 'model text never becomes HTML';
  assert.equal(await page.locator('.messages img, .messages b').count(), 0);
  assert.match(await answer.textContent(), /<img src=x onerror=alert\(1\)>/);
  const firstSession = await page.locator('.session.active').getAttribute('data-id');
  assert.equal(await page.locator('.session.active .session-open').textContent(), 'What time is it?');
  await shot('answer-with-tool-light');

  step = 'Markdown renders safely';
  const rendered = await page.evaluate(async () => {
    const { render } = await import('./assets/markdown.js');
    const html = text => {
      const div = document.createElement('div');
      div.append(render(text));
      return div.innerHTML;
    };
    return {
      script: html('<script>alert(1)</script> and <b onclick="x()">bold</b>'),
      jsLink: html('[click](javascript:alert(1)) [ok](https://example.org/a?b=1)'),
      code: html('`<i>x</i>` **strong _both_** ~~gone~~'),
      fence: html('Before\n```js\nlet a = "<div>";\n'),
      lists: html('# Title\n1. one\n2. two\n\n> quoted *text*\n\n---'),
    };
  });
  assert.equal(rendered.script, '<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b onclick="x()"&gt;bold&lt;/b&gt;</p>');
  assert.equal(rendered.jsLink, '<p>[click](javascript:alert(1)) <a href="https://example.org/a?b=1" '
    + 'target="_blank" rel="noopener noreferrer">ok</a></p>');
  assert.equal(rendered.code, '<p><code>&lt;i&gt;x&lt;/i&gt;</code> <strong>strong <em>both</em></strong> <del>gone</del></p>');
  assert.match(rendered.fence, /^<p>Before<\/p><pre class="code"><button[^>]*>Copy<\/button><code data-lang="js">let a = "&lt;div&gt;";<\/code><\/pre>$/);
  assert.equal(rendered.lists, '<h3>Title</h3><ol start="1"><li>one</li><li>two</li></ol>'
    + '<blockquote><p>quoted <em>text</em></p></blockquote><hr>');

  step = 'think text is collapsible';
  await page.fill('#prompt', 'Hi there');
  await page.click('#send');
  await page.locator('.turn').last().locator('.figures').waitFor();
  const think = page.locator('.turn').last().locator('details.think');
  assert.equal(await think.getAttribute('open'), null);
  assert.equal(await think.locator('.think-text').isVisible(), false);
  await think.locator('summary').click();
  assert.equal(await think.locator('.think-text').textContent(), 'pondering deeply');
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');

  step = 'a failing tool and a failed answer show their errors in place';
  await page.fill('#prompt', 'And on Mars?');
  await page.press('#prompt', 'Enter');
  const failed = page.locator('.turn').last().locator('.tool-card.failed');
  await failed.locator('.tool-status', { hasText: 'error' }).waitFor();
  assert.match(await failed.locator('.error-text').textContent(), /unknown time zone 'Mars\/Olympus'/);
  await page.locator('.turn').last().locator('.figures').waitFor();
  await page.fill('#prompt', 'Something unscripted');
  await page.press('#prompt', 'Enter');
  const problem = page.locator('.turn').last().locator('.error');
  await problem.waitFor();
  assert.match(await problem.textContent(), /no rule/);
  await page.locator('.turn').last().locator('.note', { hasText: 'ended with an error' }).waitFor();
  await shot('errors-light');

  step = 'Esc stops a long answer and the server stores it as cancelled';
  await page.fill('#prompt', 'Tell me a long story');
  await page.press('#prompt', 'Enter');
  const longText = page.locator('.turn').last().locator('.markdown');
  await longText.filter({ hasText: 'long answer' }).waitFor();
  assert.equal(await page.locator('#stop').isVisible(), true);
  await shot('streaming');
  await page.keyboard.press('Escape');
  await page.locator('.turn').last().locator('.note.stopped').waitFor();
  assert.equal(await page.locator('#stop').isVisible(), false);
  assert.equal(await page.locator('#send').isVisible(), true);
  const shown = await longText.textContent();
  assert.ok(!shown.includes('the end'), 'the whole answer arrived before Stop');
  const stored = await waitFor(async () => {
    const messages = await api(`/sessions/${firstSession}/messages`);
    const last = messages.at(-1);
    return last.role === 'assistant' && last.finish_reason === 'cancelled' ? last : null;
  });
  assert.ok(!stored.content.includes('the end'));

  step = 'the stop button stops too, and the next message goes straight in';
  await page.fill('#prompt', 'Another long one');
  await page.click('#send');
  await page.locator('.turn').last().locator('.markdown').filter({ hasText: 'long answer' }).waitFor();
  await page.click('#stop');
  await page.locator('.turn').last().locator('.note.stopped').waitFor();
  await page.fill('#prompt', 'Hi again');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');

  step = 'after a reload the history is there';
  await page.reload();
  await page.locator('.turn').nth(6).waitFor();
  assert.equal(await page.locator('.turn').count(), 7);
  assert.equal(await page.locator('.turn .user-message').first().textContent(), 'What time is it?');
  const replayedCard = page.locator('.turn').first().locator('.tool-card');
  assert.equal(await replayedCard.locator('.tool-name').textContent(), 'get_current_time');
  assert.equal(await replayedCard.locator('.tool-status').textContent(), 'done');
  assert.match(await page.locator('.turn').first().textContent(), /It is now\./);
  assert.equal(await page.locator('.turn').nth(2).locator('.tool-card.failed .tool-status').textContent(), 'error');
  assert.match(await page.locator('.turn').nth(4).locator('.note').textContent(), /Stopped/);
  await shot('history-light');

  step = 'a chat can be renamed';
  await page.locator('.session.active button[aria-label="Rename chat"]').click();
  await page.fill('.session input.rename', 'Clock questions');
  await page.press('.session input.rename', 'Enter');
  await page.locator('.session.active .session-open', { hasText: 'Clock questions' }).waitFor();
  assert.equal((await api(`/sessions/${firstSession}`)).title, 'Clock questions');

  step = 'a new chat, then switching between chats';
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  assert.equal(await page.locator('.session').count(), 2);
  await page.fill('#prompt', 'Hello');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn .figures').waitFor();
  await page.locator('.session.active .session-open', { hasText: 'Hello' }).waitFor();
  const secondSession = await page.locator('.session.active').getAttribute('data-id');
  await page.locator(`.session[data-id="${firstSession}"] .session-open`).click();
  await page.locator('.turn').nth(6).waitFor();
  assert.equal(await page.locator('#session-title').textContent(), 'Clock questions');

  step = 'a chat can be deleted';
  await page.locator(`.session[data-id="${secondSession}"] button[aria-label="Delete chat"]`).click();
  await page.locator(`.session[data-id="${secondSession}"]`).waitFor({ state: 'detached' });
  const left = await api('/sessions');
  assert.deepEqual(left.map(s => s.session_id), [firstSession]);

  step = 'a network tool after reading a file waits for Approve / Deny';
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const approvalCard = page.locator('.turn').last().locator('.tool-card', { hasText: 'send_note' });
  await approvalCard.locator('.approval').waitFor();
  assert.match(await approvalCard.locator('.approval-reason').textContent(), /private data \(from read_file\)/);
  await shot('approval-light');
  await approvalCard.locator('button.approve').click();
  await approvalCard.locator('.tool-status', { hasText: 'done' }).waitFor();
  assert.match(await approvalCard.locator('pre.json').nth(1).textContent(), /sent/);
  await page.locator('.turn').last().locator('.figures').waitFor();
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const deniedCard = page.locator('.turn').last().locator('.tool-card', { hasText: 'send_note' });
  await deniedCard.locator('button.deny').click();
  await deniedCard.locator('.tool-status', { hasText: 'error' }).waitFor();
  assert.match(await deniedCard.locator('.error-text').textContent(), /did not allow/);

  step = 'the page runs under its Content-Security-Policy, and Markdown renders in linear time';
  const headers = (await page.goto(baseUrl + '/')).headers();
  assert.match(headers['content-security-policy'], /default-src 'self'/);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  await page.locator('.session').first().waitFor();
  const markdown = await page.evaluate(async () => {
    const { render, stableEnd } = await import('/assets/markdown.js');
    const time = text => { const t = performance.now(); render(text); return performance.now() - t; };
    const spaces = ' '.repeat(256_000);
    const slowest = Math.max(time('```' + spaces + '!'), time('# ' + spaces + 'x!'), time(spaces + 'x'));
    const text = '# Title\n\nSome *text*\n\n```js\nlet a;\n\nlet b;\n```\n\n- one\n- two\n\nend';
    const whole = document.createElement('div');
    whole.append(render(text));
    const parts = document.createElement('div');
    const cut = stableEnd(text, 0);
    parts.append(render(text.slice(0, cut)), render(text.slice(cut)));
    return { slowest, same: whole.innerHTML === parts.innerHTML, cut, inFence: text.slice(0, cut).endsWith('let a;\n\n') };
  });
  assert.ok(markdown.slowest < 2000, `a 256k-character line took ${markdown.slowest} ms to render`);
  assert.ok(markdown.same, 'rendering in two parts at stableEnd gives what rendering whole gives');
  assert.ok(!markdown.inFence, 'no cut inside a code fence');

  step = 'dark and phone-width screenshots';
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('history-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().right <= 0);
  await shot('phone-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await shot('phone-light');
  await page.click('#toggle-sidebar');
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().left >= 0);
  await shot('phone-sidebar');
  await page.locator('.messages').click({ position: { x: 370, y: 400 } });
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().right <= 0);

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(policyViolations, []);
  console.log('web page e2e: all checks passed');
} catch (e) {
  console.error(`web page e2e failed at "${step}":`, e);
  await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

async function waitFor(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 100));
  }
}
