// A small MCP server for Tether's client tests: "add_tool" adds the tool "second" (the SDK then sends
// notifications/tools/list_changed), "big" answers with as many characters as "chars" asks (default 10 MB).
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
await server.connect(new StdioServerTransport());
