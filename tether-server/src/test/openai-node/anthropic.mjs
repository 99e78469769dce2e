// Drives Tether's Anthropic Messages API with the official `@anthropic-ai/sdk` client; run by AnthropicClientTest.
// Usage: TETHER_URL=http://127.0.0.1:PORT TETHER_KEY=<server.api_key> node anthropic.mjs
// Prints "ok <step>" per step, exits 1 on failure.
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';

const baseURL = process.env.TETHER_URL;
const client = new Anthropic({ baseURL, apiKey: process.env.TETHER_KEY, maxRetries: 0 });
const model = 'tether-test';
const tools = [{
  name: 'get_weather',
  description: 'Weather in a city.',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];

async function wholeMessage() {
  const message = await client.messages.create({
    model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'hello' }],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.ok(message.id.startsWith('msg_'), message.id);
  assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from Tether.' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0, 'usage');
}

async function wholeToolRoundTrip() {
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await client.messages.create({ model, max_tokens: 100, messages, tools });
  assert.equal(first.stop_reason, 'tool_use');
  assert.equal(first.content[0].type, 'text');
  assert.equal(first.content[0].text, 'Let me look. ');
  const use = first.content.find(b => b.type === 'tool_use');
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Paris' });

  messages.push({ role: 'assistant', content: first.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny, 18C' }] });
  const second = await client.messages.create({ model, max_tokens: 100, messages, tools });
  assert.equal(second.stop_reason, 'end_turn');
  assert.deepEqual(second.content, [{ type: 'text', text: 'It is sunny in Paris.' }]);
}

async function streamedToolRoundTrip() {
  const messages = [{ role: 'user', content: 'Weather in Paris, please' }];
  const stream = client.messages.stream({ model, max_tokens: 100, messages, tools });
  const types = [];
  stream.on('streamEvent', event => types.push(event.type === 'content_block_delta'
    ? event.delta.type : event.type));
  const first = await stream.finalMessage();
  assert.equal(types[0], 'message_start');
  assert.ok(types.includes('text_delta') && types.includes('input_json_delta'), types.join(','));
  assert.equal(types.at(-1), 'message_stop');
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find(b => b.type === 'tool_use');
  assert.deepEqual(use.input, { city: 'Paris' });

  messages.push({ role: 'assistant', content: first.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: 'sunny' }] }] });
  const raw = await client.messages.create({ model, max_tokens: 100, messages, tools, stream: true });
  let text = '';
  let stop;
  for await (const event of raw) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'message_delta') stop = event.delta.stop_reason;
  }
  assert.equal(text, 'It is sunny in Paris.');
  assert.equal(stop, 'end_turn');
}

async function streamedThinking() {
  const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'think first' }] });
  const message = await stream.finalMessage();
  assert.equal(message.content[0].type, 'thinking');
  assert.equal(message.content[0].thinking, 'Hmm, a greeting.');
  assert.equal(message.content[1].type, 'text');
  assert.equal(message.content[1].text, 'Hello.');
}

async function countsTokens() {
  const short = await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'hi' }] });
  const long = await client.messages.countTokens({
    model, messages: [{ role: 'user', content: 'hi '.repeat(200) }], tools,
  });
  assert.ok(short.input_tokens > 0, JSON.stringify(short));
  assert.ok(long.input_tokens > short.input_tokens + 100, `${short.input_tokens} < ${long.input_tokens}`);
}

async function badRequestsNameTheField() {
  await assert.rejects(client.messages.create({ model, messages: [{ role: 'user', content: 'hello' }] }),
    e => e instanceof Anthropic.BadRequestError && e.error.type === 'error'
      && e.error.error.type === 'invalid_request_error' && /max_tokens/.test(e.error.error.message));
  await assert.rejects(client.messages.create({ model, max_tokens: 10, messages: [{ role: 'robot', content: 'x' }] }),
    e => e instanceof Anthropic.BadRequestError && /messages\.0\.role/.test(e.error.error.message));
  await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 10,
    messages: [{ role: 'user', content: 'hello' }] }),
    e => e instanceof Anthropic.NotFoundError && e.error.error.type === 'not_found_error');
}

async function keysAreChecked() {
  const bearer = new Anthropic({ baseURL, authToken: process.env.TETHER_KEY, apiKey: null, maxRetries: 0 });
  const message = await bearer.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] });
  assert.equal(message.content[0].text, 'Hello from Tether.');
  const wrong = new Anthropic({ baseURL, apiKey: 'wrong-key', maxRetries: 0 });
  await assert.rejects(wrong.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] }),
    e => e instanceof Anthropic.AuthenticationError);
}

let failed = false;
for (const step of [wholeMessage, wholeToolRoundTrip, streamedToolRoundTrip, streamedThinking, countsTokens,
  badRequestsNameTheField, keysAreChecked]) {
  try {
    await step();
    console.log(`ok ${step.name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${step.name}: ${e.stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
