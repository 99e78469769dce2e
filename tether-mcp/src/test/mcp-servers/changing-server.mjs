// A small MCP server for Tether's client tests: "add_tool" adds the tool "second" (the SDK then sends
// notifications/tools/list_changed), "big" answers with 10 MB of text; "wait_for_cancel" runs until the client sends
// notifications/cancelled for it (at most a minute), and "call_log" lists when each such call started and why it was
// cancelled.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'changing', version: '1.0.0' });
server.registerTool('add_tool', { description: 'Adds the tool second' }, async () => {
  server.registerTool('second', { description: 'The tool added later' }, async () => ({
    content: [{ type: 'text', text: 'second answers' }],
  }));
  return { content: [{ type: 'text', text: 'added' }] };
});
server.registerTool('big', { description: 'Answers with 10 MB of text' }, async () => ({
  content: [{ type: 'text', text: 'z'.repeat(10 * 1024 * 1024) }],
}));
const callLog = [];
server.registerTool('wait_for_cancel', { description: 'Runs until the client cancels it' }, async (extra) => {
  callLog.push(`started ${extra.requestId}`);
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    extra.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      callLog.push(`cancelled ${extra.requestId}: ${extra.signal.reason}`);
      resolve();
    });
  });
  return { content: [{ type: 'text', text: 'not cancelled' }] };
});
server.registerTool('call_log', { description: 'When wait_for_cancel calls started and why they ended' }, async () => ({
  content: [{ type: 'text', text: JSON.stringify(callLog) }],
}));
await server.connect(new StdioServerTransport());
