// Drives Tether's Responses API with the official `openai` client; run by ResponsesClientTest.
// Usage: TETHER_BASE_URL=http://127.0.0.1:PORT/v1 node responses.mjs — prints "ok <step>" per step (and "ids …"
// lines for the Java side to check the store), exits 1 on failure.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: process.env.TETHER_BASE_URL, apiKey: 'unused-locally', maxRetries: 0 });
const model = 'tether-test';
const tools = [{
  type: 'function',
  name: 'get_weather',
  description: 'Weather in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];

async function whole() {
  const response = await client.responses.create({ model, input: 'hello', instructions: 'Be brief.' });
  assert.ok(response.id.startsWith('resp_'), response.id);
  assert.equal(response.object, 'response');
  assert.equal(response.status, 'completed');
  assert.equal(response.output_text, 'Hello from Tether.');
  assert.equal(response.output[0].type, 'message');
  assert.equal(response.instructions, 'Be brief.');
  assert.ok(response.usage.output_tokens > 0);
  const again = await client.responses.retrieve(response.id);
  assert.equal(again.id, response.id);
  assert.equal(again.output_text, 'Hello from Tether.');
}

async function streamed() {
  const stream = await client.responses.create({ model, input: [{ role: 'user', content: 'hello' }], stream: true });
  const types = [];
  let text = '';
  let completed;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.ok(types.includes('response.output_item.added'), types.join(','));
  assert.equal(types.at(-1), 'response.completed');
  assert.equal(text, 'Hello from Tether.');
  assert.equal(completed.output[0].content[0].text, 'Hello from Tether.');

  // the client's stream helper checks the events' order and ids and assembles the response
  const helper = client.responses.stream({ model, input: 'think first' });
  const final = await helper.finalResponse();
  assert.equal(final.output[0].type, 'reasoning');
  assert.equal(final.output_text, 'Hello.');
}

async function previousResponseContinuesTheSession() {
  const first = await client.responses.create({ model, input: 'hello, I am Ada' });
  const second = await client.responses.create({ model, input: 'hello again', previous_response_id: first.id });
  const fresh = await client.responses.create({ model, input: 'hello again', store: false });
  assert.equal(second.previous_response_id, first.id);
  assert.ok(second.usage.input_tokens > fresh.usage.input_tokens,
    `the model saw the earlier turn: ${second.usage.input_tokens} > ${fresh.usage.input_tokens}`);
  console.log(`ids continued ${first.id} ${second.id}`);
  await assert.rejects(client.responses.retrieve(fresh.id), e => e instanceof OpenAI.NotFoundError);
  await assert.rejects(client.responses.create({ model, input: 'hello', previous_response_id: fresh.id }),
    e => e instanceof OpenAI.NotFoundError && e.param === 'previous_response_id');
}

async function functionCallRoundTrip() {
  const first = await client.responses.create({ model, input: 'What is the weather in Paris?', tools });
  const call = first.output.find(item => item.type === 'function_call');
  assert.ok(call, JSON.stringify(first.output));
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
  const second = await client.responses.create({
    model, tools, previous_response_id: first.id,
    input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 18C' }],
  });
  assert.equal(second.output_text, 'It is sunny in Paris.');
  console.log(`ids called ${first.id} ${second.id}`);

  // the same round trip streamed and stateless: the client sends the call and its output back itself
  const stream = client.responses.stream({ model, tools, input: 'Weather in Paris, please', store: false });
  const deltas = [];
  stream.on('response.function_call_arguments.delta', event => deltas.push(event.delta));
  const streamedFirst = await stream.finalResponse();
  const streamedCall = streamedFirst.output.find(item => item.type === 'function_call');
  assert.deepEqual(JSON.parse(deltas.join('')), { city: 'Paris' });
  const streamedSecond = await client.responses.create({
    model, tools, store: false, input: [
      { role: 'user', content: 'Weather in Paris, please' },
      { type: 'function_call', call_id: streamedCall.call_id, name: streamedCall.name, arguments: streamedCall.arguments },
      { type: 'function_call_output', call_id: streamedCall.call_id, output: 'sunny' },
    ],
  });
  assert.equal(streamedSecond.output_text, 'It is sunny in Paris.');
}

async function badRequestsNameTheField() {
  await assert.rejects(client.responses.create({ model, input: [] }),
    e => e instanceof OpenAI.BadRequestError && e.param === 'input');
  await assert.rejects(client.responses.create({ model, input: 'hi', tools: [{ type: 'web_search' }] }),
    e => e instanceof OpenAI.BadRequestError && e.param === 'tools[0].type');
  await assert.rejects(client.responses.create({ model, input: 'hi', max_output_tokens: 0 }),
    e => e instanceof OpenAI.BadRequestError && e.param === 'max_output_tokens');
  await assert.rejects(client.responses.create({ model, input: 'hi', text: { format: { type: 'xml' } } }),
    e => e instanceof OpenAI.BadRequestError && e.param === 'text.format');
}

let failed = false;
for (const step of [whole, streamed, previousResponseContinuesTheSession, functionCallRoundTrip,
  badRequestsNameTheField]) {
  try {
    await step();
    console.log(`ok ${step.name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${step.name}: ${e.stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
