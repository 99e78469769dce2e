// Drives a Tether MCP server with the official TypeScript SDK client and prints one JSON report on stdout.
//   node client.mjs tour <stdio|http|sse> <url | command args...>
//   node client.mjs concurrent http <url> <sessions> <callsPerSession>
//   node client.mjs notoffered <stdio|http|sse> <url | command args...>   (calls each name after --names=a,b,c)
// TETHER_API_KEY, when set, is sent as a bearer token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [scenario, kind, ...rest] = process.argv.slice(2);
const names = (rest.find(a => a.startsWith('--names=')) ?? '--names=').slice('--names='.length).split(',').filter(Boolean);
const target = rest.filter(a => !a.startsWith('--names='));
const headers = process.env.TETHER_API_KEY ? { Authorization: `Bearer ${process.env.TETHER_API_KEY}` } : {};

function transport() {
  switch (kind) {
    case 'stdio':
      return new StdioClientTransport({ command: target[0], args: target.slice(1), stderr: 'inherit' });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(target[0]), { requestInit: { headers } });
    case 'sse':
      return new SSEClientTransport(new URL(target[0]), {
        requestInit: { headers },
        eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, ...headers } }) },
      });
    default:
      throw new Error(`unknown transport ${kind}`);
  }
}

async function connect() {
  const client = new Client({ name: 'tether-mcp-test', version: '1.0.0' });
  const t = transport();
  await client.connect(t);
  return { client, t };
}

async function settle(promise) {
  try {
    return { ok: await promise };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
}

async function tour() {
  const { client, t } = await connect();
  const report = {
    server: client.getServerVersion(),
    capabilities: client.getServerCapabilities(),
    sessionId: t.sessionId ?? null,
  };
  report.tools = (await client.listTools()).tools;
  const args = {
    get_current_time: { timezone: 'UTC', format: 'iso' },
    echo: { text: 'hi', times: 2, style: 'upper' },
    always_fails: {},
    count_to: { n: 3 },
  };
  report.calls = {};
  for (const tool of report.tools) {
    report.calls[tool.name] = await settle(client.callTool({ name: tool.name, arguments: args[tool.name] ?? {} }));
  }
  report.badArguments = await settle(client.callTool({ name: 'echo', arguments: { times: 'many' } }));
  report.unknownTool = await settle(client.callTool({ name: 'no_such_tool', arguments: {} }));
  report.unknownMethod = await settle(client.request({ method: 'resources/list', params: {} },
    (await import('@modelcontextprotocol/sdk/types.js')).ListResourcesResultSchema));
  report.ping = await settle(client.ping());
  await client.close();
  return report;
}

async function notOffered() {
  const { client } = await connect();
  const report = { tools: (await client.listTools()).tools.map(t => t.name), calls: {} };
  for (const name of names) {
    report.calls[name] = await settle(client.callTool({ name, arguments: {} }));
  }
  await client.close();
  return report;
}

async function concurrent() {
  const [url, sessionsArg, callsArg] = target;
  const sessions = Number(sessionsArg), calls = Number(callsArg);
  const results = await Promise.all(Array.from({ length: sessions }, async (_, s) => {
    const client = new Client({ name: `tether-mcp-load-${s}`, version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    const answers = await Promise.all(Array.from({ length: calls }, async (_, c) => {
      const text = `s${s}c${c}`;
      const r = await client.callTool({ name: 'echo', arguments: { text } });
      return r.structuredContent?.text === text && !r.isError;
    }));
    await client.close();
    return answers;
  }));
  const flat = results.flat();
  return { sessions, calls: flat.length, correct: flat.filter(Boolean).length };
}

const run = { concurrent, notoffered: notOffered }[scenario] ?? tour;
run().then(
  (report) => { process.stdout.write(JSON.stringify(report) + '\n'); process.exit(0); },
  (e) => { process.stderr.write(`client failed: ${e.stack ?? e}\n`); process.exit(1); },
);
