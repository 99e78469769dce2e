// Drives Tether's POST /v1/embeddings with the official `openai` client; run by EmbeddingsIT.
// Usage: TETHER_BASE_URL=http://127.0.0.1:PORT/v1 TETHER_MODEL=name TETHER_WIDTH=n node embeddings.mjs
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: process.env.TETHER_BASE_URL, apiKey: 'unused-locally', maxRetries: 0 });
const model = process.env.TETHER_MODEL;
const width = Number(process.env.TETHER_WIDTH);

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

// the client asks for base64 by default and decodes it itself
const decoded = await client.embeddings.create({ model, input: ['hello world', 'a second text'] });
assert.equal(decoded.data.length, 2);
assert.equal(decoded.data[1].index, 1);
assert.equal(decoded.data[0].embedding.length, width);
assert.ok(Math.abs(norm(decoded.data[0].embedding) - 1) < 1e-4, `norm ${norm(decoded.data[0].embedding)}`);
assert.ok(decoded.usage.prompt_tokens > 0 && decoded.usage.total_tokens === decoded.usage.prompt_tokens);
console.log('ok base64Decoded');

const floats = await client.embeddings.create({ model, input: 'hello world', encoding_format: 'float' });
assert.equal(floats.data.length, 1);
floats.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - decoded.data[0].embedding[i]) < 1e-5, `index ${i}`));
console.log('ok floatMatchesBase64');

await assert.rejects(client.embeddings.create({ model, input: [] }), (e) => e.status === 400 && e.param === 'input');
console.log('ok emptyInputIsRejected');
