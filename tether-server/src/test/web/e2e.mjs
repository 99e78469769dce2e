// End-to-end test of the web chat page in Debian's Chromium, driven by playwright-core.
// Usage: node e2e.mjs <base-url> <api-key> <screenshot-dir>
// The server runs the scripted provider (see WebPageIT): "time" → a get_current_time tool call,
// "mars" → a tool call that fails, "long" → a long, slow answer, "hi"/"hello" → "<think>…</think>Hello there!",
// anything else → no rule: an error event.
// Exits 0 when every check passed; otherwise prints the failure and exits 1.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
const page = context.pages()[0] ?? await context.newPage();
page.setDefaultTimeout(15_000);
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
const nativeDialogs = [];
page.on('dialog', dialog => { nativeDialogs.push(dialog.message()); dialog.dismiss(); });
const chatBodies = [];
page.on('request', r => { if (r.url().endsWith('/chat/stream')) chatBodies.push(JSON.parse(r.postData())); });
// the page learns a streamed turn's stored ids from its message_stored events, not by reading the messages again
let messageListReads = 0;
page.on('request', r => { if (/\/sessions\/[^/]+\/messages$/.test(new URL(r.url()).pathname)) messageListReads++; });
// the page runs under the Content-Security-Policy the server sends: no inline scripts or styles
const cspViolations = [];
// every axe finding of the run, each with where it was seen; checked at the end so that one run shows them all
const axeFindings = [];
page.on('console', m => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let step = 'start';
let firstSessionId = null; // the first chat of the run, which the later checks come back to
const firstChat = () => firstSessionId;
const shot = name => page.screenshot({ path: join(shots, `${name}.png`) });

try {
  step = 'the page asks for the API key and keeps it';
  await page.goto(baseUrl + '/');
  const keyDialog = page.locator('#key-dialog');
  await keyDialog.waitFor({ state: 'visible' });
  await shot('api-key-dialog');
  await axeCheck('API key dialog, light');
  await page.fill('#key-input', 'wrong-key');
  await page.press('#key-input', 'Enter');
  await page.locator('#key-error').waitFor({ state: 'visible' });
  await page.fill('#key-input', apiKey);
  await page.press('#key-input', 'Enter');
  await keyDialog.waitFor({ state: 'hidden' });
  // the dialog hides before its close event stores the key, so wait for the store (fails after the timeout)
  await page.waitForFunction(key => localStorage.getItem('tether.apiKey') === key, apiKey);
  assert.equal(await page.evaluate(() => localStorage.getItem('tether.apiKey')), apiKey);

  step = 'the model picker lists /models with their details';
  await page.locator('#model-name', { hasText: 'scripted' }).waitFor();
  await page.locator('.welcome').waitFor();
  await page.getByRole('button', { name: /Model: scripted/ }).click();
  const modelMenu = page.getByRole('menu', { name: 'Models' });
  await modelMenu.waitFor();
  assert.deepEqual(await modelMenu.getByRole('menuitemradio').locator('.menu-label').allTextContents(), ['scripted', 'other']);
  await modelMenu.getByRole('menuitem', { name: 'Get a model…' }).waitFor(); // pull-e2e.mjs tests that panel
  assert.match(await modelMenu.locator('.menu-detail').first().textContent(), /^scripted · loaded$/);
  assert.equal(await page.getByRole('menuitemradio', { name: /^scripted/ }).getAttribute('aria-checked'), 'true');
  await shot('model-picker-light');
  await axeCheck('model menu, light');
  step = 'the keyboard picks a model: arrows, Enter, and Esc gives focus back';
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('#model-name', { hasText: 'other' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('tether.model')), 'other');
  await page.keyboard.press('Enter');
  await modelMenu.waitFor();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.locator('#model-name', { hasText: 'scripted' }).waitFor();
  await page.keyboard.press('Enter');
  await modelMenu.waitFor();
  await page.keyboard.press('Escape');
  await modelMenu.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'model-button');

  step = 'the empty chat names the model and suggests what the enabled tools can do';
  const welcome = page.locator('.welcome');
  await welcome.waitFor();
  assert.equal(await welcome.locator('.welcome-model').textContent(), 'scripted');
  const suggestions = await welcome.locator('.suggestion').allInnerTexts();
  assert.equal(suggestions.length, 4);
  assert.equal(suggestions[0].replace(/\s+/g, ' '), 'What time is it in Tokyo?');
  assert.ok(!suggestions.some(t => /calendar/i.test(t)), 'no calendar suggestion without calendar tools');
  await shot('empty-light');
  await axeCheck('empty chat, light');

  step = 'a message streams an answer with a tool card';
  await page.fill('#prompt', 'What time is it?');
  await page.press('#prompt', 'Enter');
  const card = page.locator('.turn').last().locator('.tool-chip');
  await card.locator('.tool-status', { hasText: 'done' }).waitFor();
  assert.equal(await card.locator('.tool-name').textContent(), 'Checked the time in UTC');
  assert.match(await card.locator('pre.json').first().textContent(), /"timezone": "UTC"/);
  assert.match(await card.locator('pre.json').nth(1).textContent(), /\d{4}-\d\d-\d\d/);
  step = 'a tool call is a compact chip that opens to its arguments and result';
  assert.match(await card.locator('summary').innerText(), /^Checked the time in UTC\s*·\s*\d+ ms/);
  assert.equal(await card.locator('pre.json').first().isVisible(), false);
  await card.locator('summary').click();
  assert.equal(await card.locator('pre.json').nth(1).isVisible(), true);
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
  firstSessionId = firstSession;
  assert.equal(await page.locator('.session.active .session-open').textContent(), 'What time is it?');
  await shot('answer-with-tool-light');
  await card.locator('summary').click();

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
      fenceText: (() => { const d = document.createElement('div'); d.append(render('```js\nlet a = "<div>";\n```')); return d.querySelector('code').textContent; })(),
      table: html('| Tool | ms |\n|---|--:|\n| `time` | 12 |\n| a \\| b | 3 |'),
      unknownLanguage: (() => { const d = document.createElement('div'); d.append(render('```klingon\nif x < 1\n```')); return d.querySelector('code').outerHTML; })(),
      lists: html('# Title\n1. one\n2. two\n\n> quoted *text*\n\n---'),
    };
  });
  assert.equal(rendered.script, '<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b onclick="x()"&gt;bold&lt;/b&gt;</p>');
  assert.equal(rendered.jsLink, '<p>[click](javascript:alert(1)) <a href="https://example.org/a?b=1" '
    + 'target="_blank" rel="noopener noreferrer">ok</a></p>');
  assert.equal(rendered.code, '<p><code>&lt;i&gt;x&lt;/i&gt;</code> <strong>strong <em>both</em></strong> <del>gone</del></p>');
  // the code is highlighted now: the same text, in spans
  assert.match(rendered.fence, /^<p>Before<\/p><pre class="code"><button[^>]*>Copy<\/button><code data-lang="js">.*<\/code><\/pre>$/);
  assert.equal(rendered.fenceText, 'let a = "<div>";');
  assert.match(rendered.fence, /<span class="tok-keyword">let<\/span> a = <span class="tok-string">"&lt;div&gt;"<\/span>;/);
  assert.equal(rendered.table, '<div class="table-wrap"><table><thead><tr><th scope="col">Tool</th>'
    + '<th class="align-right" scope="col">ms</th></tr></thead><tbody><tr><td><code>time</code></td>'
    + '<td class="align-right">12</td></tr><tr><td>a | b</td><td class="align-right">3</td></tr></tbody></table></div>');
  assert.equal(rendered.unknownLanguage, '<code data-lang="klingon">if x &lt; 1</code>');
  assert.equal(rendered.lists, '<h3>Title</h3><ol start="1"><li>one</li><li>two</li></ol>'
    + '<blockquote><p>quoted <em>text</em></p></blockquote><hr>');

  step = 'reasoning streamed in pieces is one collapsed block that tells how long it took';
  await page.fill('#prompt', 'Hi there');
  await page.click('#send');
  await page.locator('.turn').last().locator('.figures').waitFor();
  const think = page.locator('.turn').last().locator('details.think');
  assert.equal(await think.count(), 1, 'the two reasoning pieces share one block');
  assert.match(await think.locator('summary').textContent(), /^Thought for \d+ s$/);
  assert.equal(await think.getAttribute('open'), null);
  assert.equal(await think.locator('.think-text').isVisible(), false);
  await think.locator('summary').click();
  assert.equal(await think.locator('.think-text').textContent(), 'pondering deeply');
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');

  step = 'a failing tool and a failed answer show their errors in place';
  await page.fill('#prompt', 'And on Mars?');
  await page.press('#prompt', 'Enter');
  const failed = page.locator('.turn').last().locator('.tool-chip.failed');
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

  step = 'copy an answer and a message';
  const lastTurn = page.locator('.turn').last();
  await lastTurn.hover();
  await lastTurn.getByRole('button', { name: 'Copy answer' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Hello there!');
  await lastTurn.getByRole('button', { name: 'Copy message' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'Hi again');
  assert.equal(await page.locator('.turn').nth(5).getByRole('button', { name: 'Regenerate answer' }).isVisible(), false);

  step = 'regenerate the last answer: the active path holds the new one, the old one stays as a version';
  const storedBefore = await api(`/sessions/${firstSession}/messages`);
  const readsBeforeRegenerate = messageListReads;
  await lastTurn.hover();
  await lastTurn.getByRole('button', { name: 'Regenerate answer' }).click();
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').count(), 7);
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');
  assert.deepEqual(chatBodies.at(-1).regenerate, true);
  const storedAfter = await api(`/sessions/${firstSession}/messages`);
  assert.equal(storedAfter.length, storedBefore.length);
  assert.deepEqual(storedAfter.slice(0, -1), storedBefore.slice(0, -1), 'the same prompt is answered again');
  assert.ok(storedAfter.at(-1).id > storedBefore.at(-1).id, 'the answer was stored again');
  assert.deepEqual(storedAfter.at(-1).siblings.ids, [storedBefore.at(-1).id, storedAfter.at(-1).id]);

  step = 'edit a message and send it again: a new version of it and of what followed';
  await page.locator('.turn').last().hover();
  await page.locator('.turn').last().getByRole('button', { name: 'Edit message' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit message' });
  assert.equal(await editor.inputValue(), 'Hi again');
  await shot('edit-message-light');
  await editor.press('Escape');
  assert.equal(await page.locator('.turn').last().locator('.user-message').textContent(), 'Hi again');
  await page.locator('.turn').last().hover();
  await page.locator('.turn').last().getByRole('button', { name: 'Edit message' }).click();
  await editor.fill('Hello, edited');
  await editor.press('Enter');
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').count(), 7);
  assert.equal(chatBodies.at(-1).edit.prompt, 'Hello, edited');
  assert.equal(chatBodies.at(-1).edit.message_id, storedAfter.at(-2).id);
  const edited = await api(`/sessions/${firstSession}/messages`);
  assert.deepEqual(edited.slice(-2).map(m => [m.role, m.content]), [['user', 'Hello, edited'], ['assistant', 'Hello there!']]);
  assert.equal(edited.length, storedAfter.length);
  assert.equal(edited.at(-1).reasoning, 'pondering deeply');
  assert.ok(Number.isInteger(edited.at(-1).reasoning_ms));
  assert.equal(edited.at(-2).reasoning, undefined);
  assert.equal(messageListReads, readsBeforeRegenerate, 'a streamed turn needs no second read of the messages');

  step = 'after a reload the history is there';
  await page.reload();
  await page.locator('.turn').nth(6).waitFor();
  assert.equal(await page.locator('.turn').count(), 7);
  assert.equal(await page.locator('.turn .user-message').first().textContent(), 'What time is it?');
  assert.equal(await page.locator('.turn .user-message').last().textContent(), 'Hello, edited');
  const replayedCard = page.locator('.turn').first().locator('.tool-chip');
  assert.equal(await replayedCard.locator('.tool-name').textContent(), 'Checked the time in UTC');
  assert.equal(await replayedCard.locator('.tool-status').textContent(), 'done');
  assert.match(await page.locator('.turn').first().textContent(), /It is now\./);
  assert.equal(await page.locator('.turn').nth(2).locator('.tool-chip.failed .tool-status').textContent(), 'error');
  assert.match(await page.locator('.turn').nth(4).locator('.note').textContent(), /Stopped/);
  const replayedThink = page.locator('.turn').last().locator('details.think');
  assert.equal(await replayedThink.count(), 1, 'stored reasoning comes back as one block');
  assert.match(await replayedThink.locator('summary').textContent(), /^Thought for \d+ s$/);
  assert.equal(await replayedThink.locator('.think-text').textContent(), 'pondering deeply');
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');
  await shot('history-light');
  await axeCheck('history, light');

  step = 'a replayed message can be edited too';
  await page.locator('.turn').nth(1).hover();
  await page.locator('.turn').nth(1).getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).press('Escape');
  assert.equal(await page.locator('.turn').count(), 7);

  step = 'a chat can be renamed from its menu';
  await page.locator('.session.active').getByRole('button', { name: /^Options for/ }).click();
  const sessionMenu = page.getByRole('menu', { name: /^Options for/ });
  await sessionMenu.waitFor();
  await shot('session-menu-light');
  await axeCheck('chat menu, light');
  await menuItemsReadable(sessionMenu);
  await sessionMenu.getByRole('menuitem', { name: 'Rename' }).click();
  await page.fill('.session input.rename', 'Clock **questions**');
  await page.press('.session input.rename', 'Enter');
  await page.locator('.session.active .session-open', { hasText: 'Clock questions' }).waitFor();
  assert.equal((await api(`/sessions/${firstSession}`)).title, 'Clock **questions**');
  assert.equal(await page.locator('.session.active .session-open').textContent(), 'Clock questions');
  assert.equal(await page.locator('.group-title').first().textContent(), 'Today');

  step = 'a new chat, then switching between chats';
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'Hello');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn .figures').waitFor();
  assert.equal(await page.locator('.session').count(), 2);
  await page.locator('.session.active .session-open', { hasText: 'Hello' }).waitFor();
  const secondSession = await page.locator('.session.active').getAttribute('data-id');
  await page.locator(`.session[data-id="${firstSession}"] .session-open`).click();
  await page.locator('.turn').nth(6).waitFor();
  assert.equal(await page.locator('#session-title').textContent(), 'Clock questions');

  step = 'the sidebar searches titles and what was said';
  await page.fill('#search', 'clock');
  await page.locator('.session').nth(1).waitFor({ state: 'detached' });
  assert.deepEqual(await page.locator('.session').evaluateAll(items => items.map(i => i.dataset.id)), [firstSession]);
  await page.fill('#search', 'pondering');
  await page.locator('.sessions .empty', { hasText: 'No chats match.' }).waitFor();
  await page.fill('#search', 'story');
  await page.locator(`.session[data-id="${firstSession}"]`).waitFor();
  assert.equal(await page.locator('.session').count(), 1);
  await page.fill('#search', '');
  await page.locator('.session').nth(1).waitFor();

  step = 'a suggestion in an empty chat sends itself';
  await page.click('#new-session');
  await page.getByRole('button', { name: /What time is it\s*in Tokyo\?/ }).click();
  await page.locator('.turn .tool-chip .tool-status', { hasText: 'done' }).waitFor();
  await page.locator('.turn .figures').waitFor();
  assert.equal(await page.locator('.turn .user-message').textContent(), 'What time is it in Tokyo?');
  const thirdSession = await page.locator('.session.active').getAttribute('data-id');

  step = 'per-chat settings: system prompt on the server, temperature, max tokens and tools on each turn';
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const settingsDialog = page.getByRole('dialog', { name: 'Settings' });
  await settingsDialog.waitFor();
  await settingsDialog.getByLabel('System prompt').fill('Answer in one line.');
  await settingsDialog.getByLabel('Temperature').fill('0.3');
  await settingsDialog.getByLabel('Max tokens').fill('64');
  await settingsDialog.getByRole('checkbox', { name: 'weather' }).uncheck();
  await shot('settings-light');
  await axeCheck('settings dialog, light');
  await settingsDialog.getByRole('button', { name: 'Save' }).click();
  await settingsDialog.waitFor({ state: 'hidden' });
  await waitFor(async () => (await api(`/sessions/${thirdSession}`)).system_prompt === 'Answer in one line.');
  await page.fill('#prompt', 'Hi with settings');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.figures').waitFor();
  const tools = (await api('/tools')).filter(t => t.available !== false).map(t => t.name);
  assert.deepEqual(chatBodies.at(-1).options, {
    temperature: 0.3, max_tokens: 64, tools: tools.filter(name => name !== 'weather'),
  });
  await page.getByRole('button', { name: 'Chat settings' }).click();
  assert.equal(await settingsDialog.getByLabel('Temperature').inputValue(), '0.3');
  assert.equal(await settingsDialog.getByRole('checkbox', { name: 'weather' }).isChecked(), false);
  await settingsDialog.getByRole('button', { name: 'Cancel' }).click();
  await settingsDialog.waitFor({ state: 'hidden' });

  step = 'long reasoning counts its seconds while it runs, then says how long it took';
  await page.fill('#prompt', 'Ponder slowly');
  await page.press('#prompt', 'Enter');
  const liveThink = page.locator('.turn').last().locator('details.think summary');
  await liveThink.filter({ hasText: /^Thinking\u2026 1 s$/ }).waitFor();
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').last().locator('details.think').count(), 1);
  assert.match(await liveThink.textContent(), /^Thought for \d+ s$/);
  assert.equal((await page.locator('.turn').last().locator('.think-text').textContent()).trim(), 'step '.repeat(40).trim());

  step = 'deleting asks in the page\'s own dialog; Cancel keeps the chat';
  const deleteChat = async id => {
    await page.locator(`.session[data-id="${id}"]`).getByRole('button', { name: /^Options for/ }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete chat?' });
    await confirm.waitFor();
    return confirm;
  };
  let confirm = await deleteChat(thirdSession);
  await shot('confirm-delete-light');
  await axeCheck('confirm dialog, light');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal(await page.locator(`.session[data-id="${thirdSession}"]`).count(), 1);
  confirm = await deleteChat(thirdSession);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.locator(`.session[data-id="${thirdSession}"]`).waitFor({ state: 'detached' });

  step = 'a chat can be deleted';
  confirm = await deleteChat(secondSession);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.locator(`.session[data-id="${secondSession}"]`).waitFor({ state: 'detached' });
  const left = await api('/sessions');
  assert.deepEqual(left.map(s => s.session_id), [firstSession]);
  assert.deepEqual(nativeDialogs, [], 'no browser confirm() or alert()');

  step = 'a tool call waiting for approval shows Approve and Deny (stream recorded in the approval format)';
  await approvalCheck();
  step = "another MCP server's tool can be allowed once, in this chat, or denied";
  await mcpApprovalCheck();
  step = "a running MCP tool's progress shows on its chip, and the result replaces it";
  await mcpProgressCheck();
  step = "the settings list Tether's tools first, then each MCP server's tools under the server's name";
  await mcpToolGroupsCheck();
  await versionsCheck();
  step = 'each answer names its model, the picker follows the open chat, and "/" opens a new chat';
  await modelPerAnswerCheck();
  step = 'an unreachable server is said plainly, with Retry, and the header says "not reachable"';
  await unreachableCheck();
  step = 'a shutdown is told apart from Stop, a failed answer comes back after a reload, a full context says what to do';
  await failedAnswerCheck();
  step = 'a compacted chat shows its note (Earlier messages summarized), which opens and can be edited';
  await compactionCheck();
  step = 'a New chat click while the page is still starting stands (the start-up does not open the newest chat over it)';
  await startupChoiceCheck();

  step = 'a network tool after reading a file waits for Approve / Deny';
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const approvedTurn = page.locator('.turn').last();
  const approvalBar = approvedTurn.getByRole('group', { name: 'Approve send_note?' });
  await approvalBar.waitFor();
  assert.match(await approvalBar.locator('.approval-reason').textContent(), /private data \(from read_file\)/);
  await shot('approval-light');
  await approvalBar.getByRole('button', { name: 'Allow once' }).click();
  const approvedChip = approvedTurn.locator('.tool-chip', { hasText: 'send_note' });
  await approvedChip.locator('.tool-status', { hasText: 'done' }).waitFor();
  assert.match(await approvedChip.locator('pre.json').nth(1).textContent(), /sent/);
  await approvedTurn.locator('.figures').waitFor();
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const deniedTurn = page.locator('.turn').last();
  await deniedTurn.getByRole('group', { name: 'Approve send_note?' }).getByRole('button', { name: 'Deny' }).click();
  const deniedChip = deniedTurn.locator('.tool-chip', { hasText: 'send_note' });
  await deniedChip.locator('.tool-status', { hasText: 'denied' }).waitFor();
  // "denied" shows at the click; the tool_result with the server's reason follows
  await deniedTurn.locator('.tool-chip.not-run', { hasText: 'send_note' }).waitFor();
  assert.match(await deniedChip.locator('pre.json').last().textContent(), /did not allow/);
  await deniedTurn.locator('.figures').waitFor();

  step = 'a tool chip says what the call did, with its JSON behind the chip, before and after a reload';
  await toolLabelCheck();
  step = 'an approval offers Allow once, Allow in this chat and Deny, with Deny focused; a denial is not a failure';
  await approvalChoicesCheck();
  step = 'on a phone the three approval buttons stay on one row';
  await approvalPhoneCheck();
  step = 'search shows the matching snippet with the match marked, and never reads it as HTML';
  await searchSnippetCheck();
  step = 'a search match on a version the chat does not show opens that version, scrolled to and marked';
  await searchHiddenVersionCheck();

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
    const slowest = Math.max(time('```' + spaces + '!'), time('# ' + spaces + 'x!'), time(spaces + 'x'),
      time('| a |' + spaces + '\n|' + spaces + '---'));
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

  step = 'the theme setting switches to dark';
  await page.locator(`.session[data-id="${firstSession}"] .session-open`).click();
  await page.locator('.turn').nth(6).waitFor();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Save' }).click();
  // the theme is applied once the save completes: wait for it (5 s at most), then check it
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(23, 24, 27)');
  await shot('history-dark');
  await axeCheck('history, dark');
  await page.locator('.session.active').getByRole('button', { name: /^Options for/ }).click();
  const darkMenu = page.getByRole('menu', { name: /^Options for/ });
  await darkMenu.waitFor();
  await shot('session-menu-dark');
  await axeCheck('chat menu, dark');
  await menuItemsReadable(darkMenu);
  await page.keyboard.press('Escape');
  await darkMenu.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: /Model: scripted/ }).click();
  await page.getByRole('menu', { name: 'Models' }).waitFor();
  await axeCheck('model menu, dark');
  await page.keyboard.press('Escape');
  await page.getByRole('menu', { name: 'Models' }).waitFor({ state: 'detached' });
  await page.locator('.turn').first().locator('.tool-chip summary').click();
  await shot('tool-chip-open-dark');
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await shot('empty-dark');
  await page.evaluate(() => { localStorage.setItem('tether.theme', 'system'); document.documentElement.dataset.theme = 'system'; });
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(23, 24, 27)');

  step = 'phone: a drawer with a backdrop, no shadow at the edge, 44 px touch targets';
  await page.locator(`.session[data-id="${firstSession}"] .session-open`).click();
  await page.locator('.turn').nth(6).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().right <= 0);
  // closed, the drawer is hidden (so nothing in it takes focus) once its slide ends
  await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('sidebar')).boxShadow), 'none');
  await shot('phone-dark');
  await axeCheck('phone, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await shot('phone-light');
  await axeCheck('phone, light');
  const small = await page.evaluate(() => [...document.querySelectorAll(
    '.icon-button, .send, .model-button, .tool-chip > summary, .suggestion')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map(e => [e.getAttribute('aria-label') ?? e.textContent.trim(), e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
    .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`));
  assert.deepEqual(small, []);
  await page.getByRole('button', { name: 'Show chats' }).click();
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().left >= 0);
  assert.equal(await page.locator('#backdrop').isVisible(), true);
  assert.equal(await page.locator('#toggle-sidebar').getAttribute('aria-expanded'), 'true');
  await shot('phone-sidebar');
  await axeCheck('phone sidebar, light');
  const rows = await page.locator('.session-open').evaluateAll(items => items.map(i => i.getBoundingClientRect().height));
  assert.ok(rows.every(h => h >= 44), `session rows of ${rows}`);
  await page.mouse.click(370, 400);
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().right <= 0);
  assert.equal(await page.locator('#backdrop').isVisible(), false);
  await page.getByRole('button', { name: 'Show chats' }).click();
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().left >= 0);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().right <= 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'toggle-sidebar');

  step = 'reduced motion stops the animations';
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.ok(parseFloat(await page.evaluate(() => getComputedStyle(document.getElementById('sidebar')).transitionDuration)) < 0.001);

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(axeFindings, [], 'axe-core violations');
  console.log('web page e2e: all checks passed');
} catch (e) {
  console.error(`web page e2e failed at "${step}":`, e);
  if (axeFindings.length) console.error('axe-core violations so far:', axeFindings);
  await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

/**
 * axe-core on the page as it is now: no serious or critical violation (colour contrast among them), and none of the
 * page-structure rules that are only "moderate". Evaluated, so a CSP cannot block it.
 */
async function axeCheck(where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const structure = ['page-has-heading-one', 'region', 'heading-order'];
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical' || structure.includes(v.id))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`);
  axeFindings.push(...bad.map(b => `${where}: ${b}`));
}

/** Every item of an open menu has text whose colour differs from its own background (the red Delete was red on red). */
async function menuItemsReadable(menu) {
  const same = await menu.getByRole('menuitem').evaluateAll(items => items
    .map(i => [i.textContent.trim(), getComputedStyle(i).color, getComputedStyle(i).backgroundColor])
    .filter(([, color, background]) => color === background));
  assert.deepEqual(same, [], 'menu items whose text is the colour of their background');
}

/**
 * Versions (issue 25): a regenerate keeps the old answer and an edit the old message, each behind a ‹ 1/2 ›
 * switcher; switching asks the server, redraws the path, keeps the keyboard focus and survives a reload.
 */
async function versionsCheck() {
  step = 'versions: a regenerated answer shows ‹ 2/2 ›';
  // after the reload before, the page first opens the chat it showed last
  await page.locator('.turn, .welcome').first().waitFor();
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'Hi, versions');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn .figures').waitFor();
  await page.locator('.session.active .session-open', { hasText: 'Hi, versions' }).waitFor();
  const sessionId = await page.locator('.session.active').getAttribute('data-id');
  const firstAnswer = (await api(`/sessions/${sessionId}/messages`)).at(-1).id;
  await page.locator('.turn').last().hover();
  await page.locator('.turn').last().getByRole('button', { name: 'Regenerate answer' }).click();
  const answerVersions = () => page.locator('.turn').last().getByRole('group', { name: 'Versions of this answer' });
  await answerVersions().locator('.versions-count', { hasText: '2/2' }).waitFor();
  await page.locator('.turn').last().locator('.figures').waitFor();
  const regenerated = await api(`/sessions/${sessionId}/messages`);
  const secondAnswer = regenerated.at(-1).id;
  assert.deepEqual(regenerated.at(-1).siblings, { index: 2, count: 2, ids: [firstAnswer, secondAnswer] });
  assert.equal(await answerVersions().getByRole('button', { name: 'Next version of this answer' }).isDisabled(), true);
  await shot('versions-answer-light');
  await axeCheck('answer versions, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('versions-answer-dark');
  await axeCheck('answer versions, dark');
  await page.emulateMedia({ colorScheme: 'light' });

  step = 'versions: ‹ (by keyboard) shows the first answer again, and a reload keeps that choice';
  await answerVersions().getByRole('button', { name: 'Previous version of this answer' }).focus();
  await page.keyboard.press('Enter');
  await answerVersions().locator('.versions-count', { hasText: '1/2' }).waitFor();
  assert.equal((await api(`/sessions/${sessionId}/messages`)).at(-1).id, firstAnswer);
  // the focus stays on the switcher: ‹ is disabled at 1/2, so on ›
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Next version of this answer');
  await page.reload();
  await answerVersions().locator('.versions-count', { hasText: '1/2' }).waitFor();
  assert.equal(await page.locator('.turn').count(), 1);
  assert.equal(await page.locator('.session.active').getAttribute('data-id'), sessionId);
  await answerVersions().getByRole('button', { name: 'Next version of this answer' }).click();
  await answerVersions().locator('.versions-count', { hasText: '2/2' }).waitFor();
  assert.equal((await api(`/sessions/${sessionId}/messages`)).at(-1).id, secondAnswer);

  step = 'versions: an edited message shows ‹ 2/2 ›, and ‹ brings back the old message with its answers';
  await page.locator('.turn').last().hover();
  await page.locator('.turn').last().getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('Hello, second version');
  await page.getByRole('textbox', { name: 'Edit message' }).press('Enter');
  const messageVersions = () => page.locator('.turn').last().getByRole('group', { name: 'Versions of this message' });
  await messageVersions().locator('.versions-count', { hasText: '2/2' }).waitFor();
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').count(), 1);
  assert.equal(await page.locator('.turn .user-message').textContent(), 'Hello, second version');
  assert.equal(await answerVersions().count(), 0, 'the new message has one answer');
  await shot('versions-message-light');
  await messageVersions().getByRole('button', { name: 'Previous version of this message' }).click();
  await page.locator('.turn .user-message', { hasText: /^Hi, versions$/ }).waitFor();
  assert.equal(await messageVersions().locator('.versions-count').textContent(), '1/2');
  assert.equal(await answerVersions().locator('.versions-count').textContent(), '2/2');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');
  await shot('versions-phone-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('versions-phone-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await axeCheck('versions, phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await page.locator('.turn .user-message', { hasText: /^Hi, versions$/ }).waitFor();
  assert.equal(await messageVersions().locator('.versions-count').textContent(), '1/2');
}

/**
 * One recorded stream in the server's tool_approval format, served to the page: the chip asks, and Approve posts
 * {approve: true} to the session's approval endpoint.
 */
async function approvalCheck() {
  const decisions = [];
  await page.route('**/sessions/*/approvals/*', route => {
    decisions.push({ url: route.request().url(), body: JSON.parse(route.request().postData()) });
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{"call_id":"call_1","approved":true}' });
  });
  await page.route('**/chat/stream', route => route.fulfill({
    status: 200,
    contentType: 'application/x-ndjson',
    body: [
      { type: 'tool_call', data: { id: 'call_1', name: 'weather', arguments: { city: 'Lisbon' } } },
      { type: 'tool_approval', data: { id: 'call_1', tool_name: 'weather', arguments: { city: 'Lisbon' },
        reason: 'private data (from read_file) is in this conversation' } },
    ].map(e => JSON.stringify(e)).join('\n') + '\n',
  }));
  await page.click('#new-session');
  await page.fill('#prompt', 'Weather after reading my notes');
  await page.press('#prompt', 'Enter');
  const approval = page.getByRole('group', { name: 'Approve weather?' });
  await approval.waitFor();
  assert.match(await page.locator('.tool-chip.waiting .tool-status').textContent(), /needs approval/);
  assert.match(await approval.locator('.approval-reason').textContent(), /Private data \(from read_file\)/);
  await shot('tool-approval-light');
  await axeCheck('tool approval, light');
  await approval.getByRole('button', { name: 'Allow once' }).click();
  await waitFor(async () => decisions.length === 1);
  const id = await page.locator('.session.active').getAttribute('data-id');
  assert.ok(decisions[0].url.endsWith(`/sessions/${id}/approvals/call_1`), decisions[0].url);
  assert.deepEqual(decisions[0].body, { approve: true, scope: 'once' });
  assert.equal(await approval.getByRole('button', { name: 'Deny' }).isDisabled(), true);
  assert.equal(chatBodies.at(-1).interactive_approval, true);
  await page.unroute('**/chat/stream');
  await page.unroute('**/sessions/*/approvals/*');
  await api(`/sessions/${id}`, { method: 'DELETE' });
}

/** A recorded tool_approval for another MCP server's tool: "Allow in this chat" posts scope chat. */
async function mcpApprovalCheck() {
  const decisions = [];
  await page.route('**/sessions/*/approvals/*', route => {
    decisions.push(JSON.parse(route.request().postData()));
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{"call_id":"call_2","approved":true}' });
  });
  await page.route('**/chat/stream', route => route.fulfill({
    status: 200,
    contentType: 'application/x-ndjson',
    body: [
      { type: 'tool_call', data: { id: 'call_2', name: 'files__read_text_file', arguments: { path: 'a.txt' } } },
      { type: 'tool_approval', data: { id: 'call_2', tool_name: 'files__read_text_file', arguments: { path: 'a.txt' },
        reason: 'files__read_text_file is third-party code from mcp:files, may read private data' } },
    ].map(e => JSON.stringify(e)).join('\n') + '\n',
  }));
  await page.click('#new-session');
  await page.fill('#prompt', 'Read a.txt');
  await page.press('#prompt', 'Enter');
  const approval = page.getByRole('group', { name: 'Approve files__read_text_file?' });
  await approval.waitFor();
  await approval.getByRole('button', { name: 'Allow once' }).waitFor();
  await approval.getByRole('button', { name: 'Allow in this chat' }).click();
  await waitFor(async () => decisions.length === 1);
  assert.deepEqual(decisions[0], { approve: true, scope: 'chat' });
  assert.match(await page.locator('.tool-chip .tool-status').last().textContent(), /allowed in this chat/);
  const id = await page.locator('.session.active').getAttribute('data-id');
  await page.unroute('**/chat/stream');
  await page.unroute('**/sessions/*/approvals/*');
  await api(`/sessions/${id}`, { method: 'DELETE' });
}

/**
 * A recorded stream: a call of another MCP server's tool that has reported progress twice and runs on. The chip
 * shows the bar at 2 of 4 and "2/4"; its screen-reader status says 50%.
 */
async function mcpProgressCheck() {
  const call = { id: 'call_3', name: 'ev__trigger-long-running-operation', arguments: { duration: 4, steps: 4 } };
  await page.route('**/chat/stream', route => route.fulfill({
    status: 200,
    contentType: 'application/x-ndjson',
    body: [
      { type: 'tool_call', data: call },
      { type: 'tool_progress', data: { id: 'call_3', tool_name: call.name, progress: 1, total: 4 } },
      { type: 'tool_progress', data: { id: 'call_3', tool_name: call.name, progress: 2, total: 4 } },
    ].map(e => JSON.stringify(e)).join('\n') + '\n',
  }));
  await page.click('#new-session');
  await page.fill('#prompt', 'Run the long operation');
  await page.press('#prompt', 'Enter');
  const chip = page.locator('.tool-chip[data-id="call_3"]');
  await chip.locator('.chip-progress').waitFor();
  assert.equal(await chip.locator('.chip-progress-text').textContent(), '2/4');
  assert.equal(await chip.locator('progress').evaluate(bar => `${bar.value}/${bar.max}`), '2/4');
  assert.match(await chip.locator('.tool-status').textContent(), /running, 50%/);
  await shot('tool-progress-light');
  await axeCheck('tool progress, light');
  const id = await page.locator('.session.active').getAttribute('data-id');
  await page.unroute('**/chat/stream');
  await api(`/sessions/${id}`, { method: 'DELETE' });

  // a finished call shows its result, not the bar
  await page.route('**/chat/stream', route => route.fulfill({
    status: 200,
    contentType: 'application/x-ndjson',
    body: [
      { type: 'tool_call', data: { ...call, id: 'call_4' } },
      { type: 'tool_progress', data: { id: 'call_4', tool_name: call.name, progress: 4, total: 4 } },
      { type: 'tool_result', data: { id: 'call_4', tool_name: call.name, result: 'Long running operation completed.' } },
    ].map(e => JSON.stringify(e)).join('\n') + '\n',
  }));
  await page.click('#new-session');
  await page.fill('#prompt', 'Run it again');
  await page.press('#prompt', 'Enter');
  const done = page.locator('.tool-chip[data-id="call_4"]');
  await waitFor(async () => (await done.locator('.tool-status').textContent()) === 'done');
  assert.equal(await done.locator('.chip-progress').count(), 0);
  const second = await page.locator('.session.active').getAttribute('data-id');
  await page.unroute('**/chat/stream');
  await api(`/sessions/${second}`, { method: 'DELETE' });
}

/** GET /tools as a server with two MCP servers answers it; the settings dialog groups their tools by server. */
async function mcpToolGroupsCheck() {
  const listed = [
    { name: 'ev__echo', description: 'Echoes', source: 'mcp:ev', state: 'running' },
    { name: 'get_current_time', description: 'The time' },
    { name: 'files__read_text_file', description: 'Reads a file', source: 'mcp:files', state: 'running' },
    { name: 'ev__get-sum', description: 'Adds', source: 'mcp:ev', state: 'running' },
    { name: 'weather', description: 'The weather' },
  ];
  await page.route('**/tools', route => route.request().method() === 'GET'
    ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(listed) })
    : route.fallback());
  await page.reload();
  await page.locator('#prompt').waitFor();
  await page.locator('.session.active').waitFor(); // the start-up has the tools (they load before the chat opens)
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: /Settings/ });
  await dialog.waitFor();
  const rows = await dialog.locator('#set-tools').locator('.tool-group, .tool-option').evaluateAll(nodes =>
    nodes.map(n => n.classList.contains('tool-group') ? `# ${n.textContent}` : n.textContent));
  assert.deepEqual(rows, ['get_current_time', 'weather', '# From MCP server ev', 'ev__echo', 'ev__get-sum',
    '# From MCP server files', 'files__read_text_file']);
  await shot('settings-mcp-groups-light');
  await axeCheck('settings with MCP tool groups, light');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.unroute('**/tools');
  await page.reload();
  await page.locator('#prompt').waitFor();
  await page.locator('.session.active').waitFor(); // the page has opened a chat: a click now is not undone
}

/** A real call of get_current_time: its chip shows the tool's label; the JSON shows only once the chip is opened. */
async function toolLabelCheck() {
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'What time is it?');
  await page.press('#prompt', 'Enter');
  const chip = page.locator('.turn').last().locator('.tool-chip');
  await chip.locator('.tool-status', { hasText: 'done' }).waitFor();
  assert.equal(await chip.locator('.tool-name').textContent(), 'Checked the time in UTC');
  assert.doesNotMatch(await chip.locator('summary').innerText(), /get_current_time|\{/);
  assert.equal(await chip.locator('pre.json').first().isVisible(), false, 'the JSON is behind the chip');
  await chip.locator('summary').click();
  assert.equal(await chip.evaluate(d => d.open), true);
  assert.equal(await chip.locator('.tool-id').textContent(), 'get_current_time');
  assert.match(await chip.locator('pre.json').first().textContent(), /"timezone": "UTC"/);
  assert.equal(await chip.locator('pre.json').nth(1).isVisible(), true);
  await shot('tool-label-open-light');
  const id = await page.locator('.session.active').getAttribute('data-id');
  await page.reload();
  await page.locator(`.session[data-id="${id}"] .session-open`).click();
  const replayed = page.locator('.turn').last().locator('.tool-chip');
  await replayed.waitFor();
  assert.equal(await replayed.locator('.tool-name').textContent(), 'Checked the time in UTC', 'the same label after a reload');
  await leaveAndDelete(id);
}

/**
 * The real private-data question (read_file, then send_note): three choices, Deny focused so Enter denies; the
 * denied chip is shown as not run, in muted colours rather than the failure's red, also after a reload.
 */
async function approvalChoicesCheck() {
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const turn = page.locator('.turn').last();
  const bar = turn.getByRole('group', { name: 'Approve send_note?' });
  await bar.waitFor();
  assert.deepEqual(await bar.getByRole('button').allInnerTexts(), ['Allow once', 'Allow in this chat', 'Deny']);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Deny', 'Deny has the focus');
  assert.match(await bar.locator('.approval-reason').textContent(), /^Using send note: allow it\?/);
  await page.keyboard.press('Enter');
  const chip = turn.locator('.tool-chip', { hasText: 'send_note' });
  await chip.locator('.tool-status', { hasText: 'denied' }).waitFor();
  // the Deny click says "denied" at once; the tool_result that marks the call as not run follows
  await turn.locator('.tool-chip.not-run', { hasText: 'send_note' }).waitFor({ timeout: 10_000 });
  const looks = async () => chip.evaluate(node => {
    const summary = node.querySelector('summary');
    const danger = getComputedStyle(document.documentElement).getPropertyValue('--danger');
    return { notRun: node.classList.contains('not-run'), failed: node.classList.contains('failed'),
      color: getComputedStyle(summary).color, border: getComputedStyle(summary).borderTopStyle,
      danger: getComputedStyle(Object.assign(document.createElement('span'), { style: `color: ${danger}` })).color };
  });
  const denied = await looks();
  assert.equal(denied.notRun, true);
  assert.equal(denied.failed, false, 'a denial is not a failure');
  assert.equal(denied.border, 'dashed');
  assert.notEqual(denied.color, denied.danger, 'not in the failure colour');
  assert.equal(await chip.locator('.tool-status').isVisible(), true, 'the chip says "denied" in words');
  assert.equal(await chip.locator('.tool-status').textContent(), 'denied');
  await turn.locator('.figures').waitFor();
  await shot('tool-denied-light');
  await axeCheck('denied tool call, light');
  const id = await page.locator('.session.active').getAttribute('data-id');
  await page.reload();
  await page.locator(`.session[data-id="${id}"] .session-open`).click();
  await chip.locator('.tool-status', { hasText: 'not run' }).waitFor();
  assert.equal((await looks()).failed, false, 'still not a failure after a reload');
  await leaveAndDelete(id);
}

/** At 390 px the approval's three buttons share one row and none of them wraps its text. */
async function approvalPhoneCheck() {
  const before = page.viewportSize();
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.fill('#prompt', 'summarize my notes');
  await page.press('#prompt', 'Enter');
  const bar = page.getByRole('group', { name: 'Approve send_note?' });
  await bar.waitFor();
  const boxes = await bar.getByRole('button').evaluateAll(buttons => buttons.map(b => {
    const r = b.getBoundingClientRect();
    return { top: Math.round(r.top), height: Math.round(r.height), right: r.right };
  }));
  assert.equal(boxes.length, 3);
  assert.ok(boxes.every(b => b.top === boxes[0].top), `one row: ${JSON.stringify(boxes)}`);
  assert.ok(boxes.every(b => b.height === boxes[0].height && b.height <= 48), `no wrapped text: ${JSON.stringify(boxes)}`);
  assert.ok(boxes.every(b => b.right <= 390), 'inside the screen');
  await shot('approval-phone-light');
  await axeCheck('approval on a phone, light');
  await bar.getByRole('button', { name: 'Deny' }).click();
  await page.locator('.turn').last().locator('.figures').waitFor();
  const id = await page.locator('.session.active').getAttribute('data-id');
  await page.setViewportSize(before);
  await leaveAndDelete(id);
}

/** Opens a new chat, then deletes the chat a check made. */
async function leaveAndDelete(id) {
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await api(`/sessions/${id}`, { method: 'DELETE' });
}

/** A message's words found by search: the snippet marks them with <mark>, and the message's markup stays text. */
async function searchSnippetCheck() {
  await page.fill('#search', 'onerror');
  const result = page.locator('.session .session-snippet').first();
  await result.waitFor();
  assert.deepEqual(await result.locator('mark').allTextContents(), ['onerror']);
  assert.match(await result.textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('.sessions img').count(), 0, 'the snippet is never HTML');
  await shot('search-snippet-light');
  await axeCheck('search snippets, light');
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await shot('search-snippet-dark');
  await axeCheck('search snippets, dark');
  await page.evaluate(t => { document.documentElement.dataset.theme = t; }, theme ?? '');
  await page.fill('#search', 'clock');
  const title = page.locator('.session .session-name mark, .session .session-open > mark').first();
  await title.waitFor();
  assert.equal(await title.textContent(), 'Clock');
  await page.fill('#search', '');
  await page.locator('.session .session-snippet').first().waitFor({ state: 'detached' });
}

/**
 * A search match in an edited-away message at the top of a long branch: opening the result shows that version,
 * scrolled to the match (not to the end) and marked a moment.
 */
async function searchHiddenVersionCheck() {
  const { session_id: id } = await api('/sessions', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Sea animals' }),
  });
  const chat = async body => {
    const res = await fetch(baseUrl + '/chat/stream', {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_id: id, ...body }),
    });
    assert.ok(res.ok, `chat: ${res.status}`);
    await res.text();
  };
  await chat({ prompt: 'hi, tell me about narwhals' });
  for (let i = 0; i < 8; i++) await chat({ prompt: `hello again, ${i}` }); // the match ends up far above the end
  const [asked] = await api(`/sessions/${id}/messages`);
  await chat({ edit: { message_id: asked.id, prompt: 'hi, tell me about otters' } });
  assert.doesNotMatch(JSON.stringify(await api(`/sessions/${id}/messages`)), /narwhals/, 'the first version is hidden');
  await page.evaluate(() => {
    window.foundMarks = [];
    new MutationObserver(changes => changes.forEach(c => {
      if (c.target.classList?.contains('found')) window.foundMarks.push(c.target.textContent);
    })).observe(document.getElementById('messages'), { subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  await page.fill('#search', 'narwhals');
  await page.locator('.session .session-snippet', { hasText: 'narwhals' }).click();
  const shown = page.locator('.turn .user-message', { hasText: /^hi, tell me about narwhals$/ });
  await shown.waitFor();
  await page.waitForFunction(() => window.foundMarks.some(text => text.includes('narwhals')));
  const inView = await shown.evaluate(node => {
    const box = document.getElementById('messages').getBoundingClientRect();
    const r = node.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom;
  });
  assert.ok(inView, 'the match is scrolled into view');
  const box = page.locator('#messages');
  assert.ok(await box.evaluate(b => b.scrollHeight > b.clientHeight + 200), 'the branch is longer than the view');
  await shot('search-hidden-version-light');
  const versions = page.locator('.turn').first().getByRole('group', { name: 'Versions of this message' });
  assert.equal(await versions.locator('.versions-count').textContent(), '1/2');
  assert.equal((await api(`/sessions/${id}/messages`))[0].content, 'hi, tell me about narwhals', 'the server shows it too');
  // with reduced motion the mark is a still ring, not a glow cut to nothing; Enter in the search opens the first result
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.press('#search', 'Enter');
  const ring = await page.locator('.user-message.found .bubble').evaluate(node => getComputedStyle(node).boxShadow);
  assert.notEqual(ring, 'none', 'a still ring marks the match');
  await page.locator('.user-message.found').waitFor({ state: 'detached' });
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  // ↓ moves into the results; Esc in the search box clears it (the list is whole again)
  await page.focus('#search');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.session')?.dataset.id), id);
  await page.focus('#search');
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue('#search'), '');
  await page.locator('.session .session-snippet').first().waitFor({ state: 'detached' });
  await leaveAndDelete(id);
}

/**
 * Issue #25 item 3 on the real server: a chat answered by "other", another by "scripted"; the picker shows the open
 * chat's model, each answer says which model wrote it (also after a reload), picking a model in a chat makes it the
 * chat's (PATCH), and "/" outside a text field opens a new chat.
 */
async function modelPerAnswerCheck() {
  const picker = page.locator('#model-name');
  const pick = async name => {
    await page.getByRole('button', { name: /^Model: / }).click();
    await page.getByRole('menuitemradio', { name: new RegExp(`^${name}`) }).click();
    await picker.filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
  };
  await page.click('#new-session');
  await page.locator('.welcome').waitFor();
  await pick('other');
  await page.fill('#prompt', 'Hello from other');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.figures').waitFor();
  const otherChat = await page.locator('.session.active').getAttribute('data-id');
  assert.equal(chatBodies.at(-1).model_name, 'other');
  assert.equal(await page.locator('.turn').last().locator('.answer-model').textContent(), 'Answered by other');
  assert.equal((await api(`/sessions/${otherChat}`)).model, 'other');
  await shot('answer-model-light');
  await axeCheck('answer with its model, light');

  await pick('scripted'); // in an open chat: that chat's model from now on
  await waitFor(async () => (await api(`/sessions/${otherChat}`)).model === 'scripted');
  await page.fill('#prompt', 'Hello from scripted');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').nth(1).locator('.figures').waitFor();
  assert.deepEqual(await page.locator('.turn .answer-model').allTextContents(), ['Answered by other', 'Answered by scripted']);
  await api(`/sessions/${otherChat}`, { method: 'PATCH', body: JSON.stringify({ model: 'other' }),
    headers: { 'Content-Type': 'application/json' } });

  step = 'opening a chat selects its model';
  await page.locator(`.session[data-id="${firstChat()}"] .session-open`).click();
  await page.locator('.turn').nth(6).waitFor();
  await picker.filter({ hasText: /^scripted$/ }).waitFor();
  await page.locator(`.session[data-id="${otherChat}"] .session-open`).click();
  await page.locator('.turn').nth(1).waitFor();
  await picker.filter({ hasText: /^other$/ }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('tether.model')), 'scripted', 'opening a chat is no pick');

  step = 'after a reload each answer still names its model, and the picker shows the chat\'s';
  await page.reload();
  await page.locator('.turn').nth(1).locator('.answer-model').waitFor();
  assert.deepEqual(await page.locator('.turn .answer-model').allTextContents(), ['Answered by other', 'Answered by scripted']);
  await picker.filter({ hasText: /^other$/ }).waitFor();
  const stored = await api(`/sessions/${otherChat}/messages`);
  assert.deepEqual(stored.map(m => m.model ?? null), [null, 'other', null, 'scripted']);

  step = '"/" opens a new chat, but is only text in the message box';
  await page.locator('#prompt').focus();
  await page.keyboard.type('a/b');
  assert.equal(await page.locator('#prompt').inputValue(), 'a/b');
  assert.equal(await page.locator('.welcome').count(), 0);
  await page.fill('#prompt', '');
  await page.locator('#session-title').click(); // focus out of the text field
  await page.keyboard.press('/');
  await page.locator('.welcome').waitFor();
  assert.equal(new URL(page.url()).hash, '');
  await picker.filter({ hasText: /^scripted$/ }).waitFor(); // a new chat starts on the model last picked
  assert.equal(await page.evaluate(() => document.activeElement.id), 'prompt');
  await api(`/sessions/${otherChat}`, { method: 'DELETE' });
}

/**
 * The server is unreachable (the browser's requests are refused): the answer says so in plain words with Retry, the
 * header says "not reachable"; once the server answers again, Retry sends the message and the header recovers.
 */
async function unreachableCheck() {
  await page.click('#new-session');
  await page.fill('#prompt', 'Hi before the outage');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.figures').waitFor();
  // /healthz, asked every few seconds, tells the header while nothing else is asked
  const refuse = route => route.abort('connectionrefused');
  await page.route('**/healthz', refuse);
  await page.locator('#model-state', { hasText: 'not reachable' }).waitFor({ timeout: 15_000 });
  await page.unroute('**/healthz', refuse);
  await page.locator('#model-state', { hasText: /^loaded$/ }).waitFor({ timeout: 15_000 });
  // the server goes away: every request but the page's own files is refused
  const apiPath = url => !/^\/(assets\/.*|healthz)?$/.test(url.pathname);
  await page.route(apiPath, refuse);
  await page.route('**/healthz', refuse);
  await page.fill('#prompt', 'Hello while down');
  await page.press('#prompt', 'Enter');
  const problem = page.locator('.turn').last().locator('.error');
  await problem.waitFor();
  assert.equal(await problem.locator('.error-message').textContent(), 'Tether isn\u2019t reachable \u2014 is ./tether running?');
  assert.equal(await problem.getAttribute('data-code'), 'unreachable');
  assert.doesNotMatch(await page.locator('.messages').textContent(), /Failed to fetch|network error/i);
  await page.locator('#model-state', { hasText: 'not reachable' }).waitFor();
  assert.equal(await page.locator('#model-state').getAttribute('class'), 'model-state unreachable');
  const retry = problem.getByRole('button', { name: 'Retry' });
  await retry.waitFor();
  await shot('unreachable-light');
  await axeCheck('unreachable server, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('unreachable-dark');
  await axeCheck('unreachable server, dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');
  await shot('unreachable-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.unroute(apiPath, refuse);
  await page.unroute('**/healthz', refuse);
  await retry.click();
  await page.locator('.turn').nth(1).locator('.figures').waitFor();
  assert.equal(await page.locator('.turn').count(), 2, 'Retry replaces the failed turn');
  assert.equal(await page.locator('.turn .error').count(), 0);
  assert.equal(await page.locator('.turn').last().locator('.markdown').textContent(), 'Hello there!');
  assert.equal(chatBodies.at(-1).prompt, 'Hello while down');
  await page.locator('#model-state', { hasText: /^loaded$/ }).waitFor();
  const id = await page.locator('.session.active').getAttribute('data-id');
  const stored = await api(`/sessions/${id}/messages`);
  assert.deepEqual(stored.map(m => m.role), ['user', 'assistant', 'user', 'assistant']);

  step = 'opening a chat while the server is down says so too, and Retry opens it';
  await page.route(apiPath, refuse);
  await page.locator(`.session[data-id="${firstChat()}"] .session-open`).click();
  const pageError = page.locator('.messages > .page-error');
  await pageError.waitFor();
  assert.equal(await pageError.locator('.error-message').textContent(), 'Tether isn\u2019t reachable \u2014 is ./tether running?');
  await page.unroute(apiPath, refuse);
  await pageError.getByRole('button', { name: 'Retry' }).click();
  await page.locator('.turn').nth(6).waitFor();
  assert.equal(await page.locator('.page-error').count(), 0);
  assert.equal(new URL(page.url()).hash, `#${firstChat()}`);
  await api(`/sessions/${id}`, { method: 'DELETE' });
}

/**
 * A shutdown while answering (a recorded stream in the server's format: error server_stopping) reads as such, with
 * Retry, and not as the user's Stop; a real failed answer is stored and shown again after a reload; a context
 * overflow offers what to do.
 */
async function failedAnswerCheck() {
  const recorded = events => route => route.fulfill({
    status: 200,
    contentType: 'application/x-ndjson',
    body: events.map(e => JSON.stringify(e)).join('\n') + '\n',
  });
  await page.route('**/chat/stream', recorded([
    { type: 'token', data: { text: 'Half an ans' } },
    { type: 'error', data: { code: 'server_stopping',
      message: 'Tether was shut down while answering; start it again and retry the message' } },
    { type: 'done', data: { finish_reason: 'error', usage: {} } },
  ]));
  await page.click('#new-session');
  await page.fill('#prompt', 'Answer while it stops');
  await page.press('#prompt', 'Enter');
  const stopped = page.locator('.turn').last();
  await stopped.locator('.error[data-code="server_stopping"]').waitFor();
  assert.match(await stopped.locator('.error').textContent(), /shut down while answering/);
  await stopped.getByRole('button', { name: 'Retry' }).waitFor();
  assert.equal(await stopped.locator('.note.stopped').count(), 0, 'a shutdown is not the user\'s Stop');
  await page.unroute('**/chat/stream');

  await page.route('**/chat/stream', recorded([
    { type: 'error', data: { code: 'context_overflow', message: 'the newest message does not fit the model\'s context'
      + ' (9000 tokens; 4096 available). To make room: turn some tools off for this chat (each offered tool takes'
      + ' room), give the model a larger context (providers.model.args.n_ctx), or pick a model with a longer context.' } },
    { type: 'done', data: { finish_reason: 'error', usage: {} } },
  ]));
  await page.click('#new-session');
  await page.fill('#prompt', 'A very long paste');
  await page.press('#prompt', 'Enter');
  const overflow = page.locator('.turn').last().locator('.error[data-code="context_overflow"]');
  await overflow.waitFor();
  await shot('context-overflow-light');
  await axeCheck('context overflow, light');
  await overflow.getByRole('button', { name: 'Choose another model' }).waitFor();
  assert.match(await overflow.locator('.error-message').textContent(), /n_ctx.*a model with a longer context\.$/);
  await overflow.getByRole('button', { name: 'Turn tools off' }).click();
  const settingsDialog = page.getByRole('dialog', { name: 'Settings' });
  await settingsDialog.waitFor();
  await settingsDialog.getByRole('button', { name: 'Cancel' }).click();
  await settingsDialog.waitFor({ state: 'hidden' });
  await page.unroute('**/chat/stream');
  for (const id of await page.locator('.session').evaluateAll(items => items.map(i => i.dataset.id))) {
    if (id !== firstChat()) await api(`/sessions/${id}`, { method: 'DELETE' });
  }

  step = 'a failed answer is stored with its error and shown after a reload';
  await page.reload();
  await page.click('#new-session');
  await page.fill('#prompt', 'Something unscripted');
  await page.press('#prompt', 'Enter');
  await page.locator('.turn').last().locator('.error[data-code="no_script_rule"]').waitFor();
  const failedChat = await page.locator('.session.active').getAttribute('data-id');
  const stored = (await api(`/sessions/${failedChat}/messages`)).at(-1);
  assert.equal(stored.error.code, 'no_script_rule');
  await page.reload();
  const replayed = page.locator('.turn').last().locator('.error[data-code="no_script_rule"]');
  await replayed.waitFor();
  assert.match(await replayed.textContent(), /no rule/);
  await api(`/sessions/${failedChat}`, { method: 'DELETE' });
}

/**
 * Compaction (the script's context is 20,000 characters): a chat filled through the API is compacted, and the page
 * shows the note after the last message it covers, collapsed; opened, it reads the model's summary and Edit saves a
 * new text on the server. A turn sent from the page that compacts again shows the new note in place of the old.
 */
async function compactionCheck() {
  const json = { 'Content-Type': 'application/json' };
  const { session_id: id } = await api('/sessions', { method: 'POST', headers: json, body: JSON.stringify({ title: 'Long greetings' }) });
  const filler = ' and a few more words to fill the context'.repeat(50);
  let compacted = null;
  for (let i = 0; i < 20 && !compacted; i++) {
    const res = await fetch(baseUrl + '/chat/stream', {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/x-ndjson', ...json },
      body: JSON.stringify({ session_id: id, prompt: `hello ${i}${filler}` }),
    });
    const events = (await res.text()).trim().split('\n').map(line => JSON.parse(line));
    compacted = events.find(e => e.type === 'context_compacted')?.data ?? null;
  }
  assert.ok(compacted, 'no turn was compacted');
  assert.equal(compacted.content, 'The user greeted many times.');

  await page.reload();
  await page.locator(`.session[data-id="${id}"]`).click();
  const note = page.locator('.summary-note');
  await note.waitFor();
  assert.equal(await note.count(), 1);
  assert.equal(await note.locator('summary').textContent(), `Earlier messages summarized (${compacted.covers} messages)`);
  assert.equal(await note.evaluate(n => n.open), false, 'collapsed at first');
  // after the last message it covers: as many turns before it as it covers exchanges
  const turnsBefore = await note.evaluate(n => {
    let count = 0;
    for (let e = n.previousElementSibling; e; e = e.previousElementSibling) if (e.matches('.turn')) count++;
    return count;
  });
  assert.equal(turnsBefore, compacted.covers / 2);
  await note.locator('summary').click();
  assert.equal(await note.locator('.summary-text').textContent(), 'The user greeted many times.');
  await shot('summary-note-light');
  await axeCheck('summary note, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('summary-note-dark');
  await axeCheck('summary note, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');
  await note.scrollIntoViewIfNeeded();
  const small = await note.evaluate(n => [n.querySelector('summary'), n.querySelector('.summary-edit')]
    .map(e => e.getBoundingClientRect().height).filter(h => h < 44));
  assert.deepEqual(small, [], '44 px touch targets');
  await shot('summary-note-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'visible');

  await note.getByRole('button', { name: 'Edit' }).click();
  const input = page.getByRole('textbox', { name: 'Edit summary' });
  assert.equal(await input.inputValue(), 'The user greeted many times.');
  await input.fill('Only the greetings matter.');
  await shot('summary-edit-light');
  await page.locator('.summary-editor').getByRole('button', { name: 'Save' }).click();
  await note.locator('.summary-text', { hasText: 'Only the greetings matter.' }).waitFor();
  const stored = (await api(`/sessions/${id}/messages`)).find(m => m.role === 'summary');
  assert.equal(stored.content, 'Only the greetings matter.');
  assert.ok(stored.edited_at, 'the edit is stored');

  // turns sent from the page until one compacts again: the new note replaces the old one on screen
  for (let i = 0; i < 8 && (await page.locator(`.summary-note[data-summary-id="${compacted.summary_id}"]`).count()) === 1; i++) {
    await page.fill('#prompt', `hello again ${i}${filler}`);
    await page.press('#prompt', 'Enter');
    await page.locator('.turn').last().locator('.figures').waitFor();
  }
  assert.equal(await page.locator('.summary-note').count(), 1, 'one note on screen');
  const latest = (await api(`/sessions/${id}/messages`)).find(m => m.role === 'summary');
  assert.notEqual(latest.summary_id, compacted.summary_id);
  assert.equal(await page.locator('.summary-note').getAttribute('data-summary-id'), String(latest.summary_id));
  assert.ok(latest.covers > compacted.covers);

  // editing a message the note covers replaces it and what follows: the note goes, here and on the server
  await page.locator('.turn').first().hover();
  await page.locator('.turn').first().getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('hello from the start');
  await page.locator('.editor').getByRole('button', { name: 'Send' }).click();
  await page.locator('.turn').last().locator('.figures').waitFor();
  assert.equal(await page.locator('.summary-note').count(), 0);
  assert.equal(await page.locator('.turn').count(), 1);
  assert.deepEqual((await api(`/sessions/${id}/messages`)).filter(m => m.role === 'summary'), []);
  await api(`/sessions/${id}`, { method: 'DELETE' });
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

/**
 * The page starts by opening the newest chat once it has the models, tools and chats; a New chat click made before
 * that (the tools answer is held back here) must not be undone by it.
 */
async function startupChoiceCheck() {
  assert.ok(await page.locator('.session').count() > 0, 'there are stored chats the start-up could open');
  let release;
  const held = new Promise(resolve => { release = resolve; });
  const hold = async route => {
    if (route.request().method() !== 'GET') return route.fallback();
    await held;
    return route.fallback();
  };
  await page.route('**/tools', hold);
  const toolsAsked = page.waitForRequest(r => r.url().endsWith('/tools') && r.method() === 'GET');
  await page.goto(new URL(page.url()).origin + '/');
  await toolsAsked;
  await page.click('#new-session');
  const listed = page.waitForResponse(r => /\/sessions\?limit=/.test(r.url()));
  release();
  await listed;
  await page.waitForLoadState('networkidle');
  await page.unroute('**/tools', hold);
  assert.equal(await page.locator('.session.active').count(), 0, 'no stored chat was opened over the new one');
  assert.equal(new URL(page.url()).hash, '');
  await page.locator('.welcome').waitFor();
}
