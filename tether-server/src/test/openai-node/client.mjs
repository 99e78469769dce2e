// Drives Tether's OpenAI-compatible API with the official `openai` client; run by OpenAiClientTest.
// Usage: TETHER_BASE_URL=http://127.0.0.1:PORT/v1 node client.mjs — prints "ok <step>" per step, exits 1 on failure.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: process.env.TETHER_BASE_URL, apiKey: 'unused-locally', maxRetries: 0 });
const model = 'tether-test';
const tools = [{
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];

async function listsModels() {
  const ids = [];
  for await (const m of client.models.list()) {
    ids.push(m.id);
  }
  assert.ok(ids.includes(model), `models: ${ids}`);
}

async function wholeToolRoundTrip() {
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await client.chat.completions.create({ model, messages, tools });
  const choice = first.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.tool_calls.length, 1);
  const call = choice.message.tool_calls[0];
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });

  messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 18C' });
  const second = await client.chat.completions.create({ model, messages, tools });
  assert.equal(second.choices[0].message.content, 'It is sunny in Paris.');
  assert.equal(second.choices[0].finish_reason, 'stop');
  assert.ok(second.usage.total_tokens > 0);
}

async function streamedToolRoundTrip() {
  const messages = [{ role: 'user', content: 'Weather in Paris, please' }];
  const stream = await client.chat.completions.create({
    model, messages, tools, stream: true, stream_options: { include_usage: true },
  });
  let content = '';
  let finish;
  let usage;
  const calls = [];
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    content += choice.delta.content ?? '';
    for (const delta of choice.delta.tool_calls ?? []) {
      calls[delta.index] ??= { id: '', name: '', arguments: '' };
      calls[delta.index].id += delta.id ?? '';
      calls[delta.index].name += delta.function?.name ?? '';
      calls[delta.index].arguments += delta.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  assert.equal(content, 'Let me look. ');
  assert.equal(finish, 'tool_calls');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].name, 'get_weather');
  assert.deepEqual(JSON.parse(calls[0].arguments), { city: 'Paris' });
  assert.ok(usage.completion_tokens > 0, 'usage chunk');

  // the client's own stream helper assembles the deltas into a whole completion
  messages.push(
    { role: 'assistant', content, tool_calls: [{ id: calls[0].id, type: 'function',
      function: { name: calls[0].name, arguments: calls[0].arguments } }] },
    { role: 'tool', tool_call_id: calls[0].id, content: 'sunny, 18C' });
  const runner = client.chat.completions.stream({ model, messages, tools });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].message.content, 'It is sunny in Paris.');
  assert.equal(final.choices[0].finish_reason, 'stop');
}

async function helperAssemblesStreamedToolCalls() {
  const runner = client.chat.completions.stream({
    model, tools, messages: [{ role: 'user', content: 'weather?' }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  const final = await runner.finalChatCompletion();
  const call = final.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  assert.equal(final.choices[0].finish_reason, 'tool_calls');
}

async function unknownModelIsNotFound() {
  await assert.rejects(
    client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'hello' }] }),
    (e) => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === 'model_not_found'
      && e.param === 'model');
}

async function failureMidStreamThrows() {
  const stream = await client.chat.completions.create({
    model: 'tether-failing', stream: true, messages: [{ role: 'user', content: 'hello' }],
  });
  await assert.rejects(async () => {
    for await (const chunk of stream) {
      void chunk;
    }
  }, (e) => e instanceof OpenAI.APIError && /closed the connection/.test(e.message));
}

const steps = [listsModels, wholeToolRoundTrip, streamedToolRoundTrip, helperAssemblesStreamedToolCalls,
  unknownModelIsNotFound, failureMidStreamThrows];
for (const step of steps) {
  await step();
  console.log(`ok ${step.name}`);
}
