// Test helper: a real MCP client (streamable HTTP) on a test backend's MCP
// actions backend, signed in as a catalog user, as an assistant would call.
import { mockCredentials } from '@backstage/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from 'node:http';

export async function mcpClientAs(
  backend: { server: Server },
  userEntityRef: string,
) {
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new Client({ name: 'quality-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: {
            authorization: mockCredentials.user.header(userEntityRef),
          },
        },
      },
    ),
  );
  const { tools } = await client.listTools();
  /** Calls the quality tool whose name ends with `suffix`: its text, and whether it failed. */
  const call = async (suffix: string, args: Record<string, unknown>) => {
    const tool = tools.find(t => t.name.endsWith(suffix));
    if (!tool) throw new Error(`No MCP tool ${suffix}`);
    const result = await client.callTool({ name: tool.name, arguments: args });
    const text = (result.content as Array<{ text?: string }>)
      .map(c => c.text ?? '')
      .join('\n');
    return { isError: Boolean(result.isError), text };
  };
  /** The JSON answer of a call that must succeed. */
  const json = async (suffix: string, args: Record<string, unknown>) => {
    const { isError, text } = await call(suffix, args);
    if (isError) throw new Error(`${suffix}: ${text}`);
    return JSON.parse(text);
  };
  return { tools, call, json, close: () => client.close() };
}
