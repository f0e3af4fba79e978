// The Chat story's agent: the real AI SDK (`streamText`, tools, UI message streams) over a scripted
// model, with a tool that runs seed 003's connection bias loop (codespar_discover, then
// codespar_manage_connections) against the reference API on this page's origin. It lives in the browser, so `npm start` needs no server, no key and no network.
import { type ChatTransport, convertToModelMessages, simulateReadableStream, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import * as z from 'zod';

export const SERVER_ID = 'mercado-pago';

// The model interface's types, taken from the mock (`@ai-sdk/provider` is not a dependency of ours).
type DoStream = MockLanguageModelV3['doStream'];
type LanguageModelV3Prompt = Parameters<DoStream>[0]['prompt'];
type LanguageModelV3StreamPart = Awaited<ReturnType<DoStream>>['stream'] extends ReadableStream<infer T> ? T : never;

/** How the chat resumes once connected; see the README, "In an AI SDK chat". */
export type ResumeMode = 'new-turn' | 'tool-output';

/** What seed 003's agent holds: a CodeSpar session (`session.execute`, `session.connectionWizard`). */
function demoSession(sessionId: string) {
  const execute = async (tool: string, input: Record<string, unknown>) => {
    const response = await fetch(`/v1/sessions/${sessionId}/execute`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo_token', 'content-type': 'application/json' },
      body: JSON.stringify({ tool, input }),
    });
    const result = (await response.json()) as { success: boolean; data: Record<string, unknown> | null; error: string | null };
    if (!result.success || !result.data) throw new Error(`${tool} failed: ${result.error ?? response.status}`);
    return result.data;
  };
  return {
    execute,
    discover: (useCase: string) => execute('codespar_discover', { use_case: useCase }),
    connectionWizard: (serverId: string) => execute('codespar_manage_connections', { operation: 'initiate', server_id: serverId }),
  };
}

interface DiscoverMatch {
  server_id: string;
  tool_name: string;
  connection_status: 'connected' | 'disconnected' | 'not_required';
}

/**
 * The tool, as seed 003's connection bias loop writes it: discover the tool, check that its server
 * is reachable, and when it is not, answer `{ needs_connection: wiz.wizard_url }`.
 */
function pixChargeTool(sessionId: string) {
  const session = demoSession(sessionId);
  return tool({
    description: 'Create a Pix charge through Mercado Pago',
    inputSchema: z.object({ amount: z.number(), customer: z.string() }),
    execute: async ({ amount, customer }) => {
      // 1. Find the right tool (the live DiscoverResult: its top match is `recommended`).
      const found = await session.discover('create a Pix charge with Mercado Pago');
      const top = found.recommended as DiscoverMatch | null;
      if (!top) return { error: 'no tool for a Pix charge' };
      // 2. Check whether the top match is reachable for this user.
      if (top.connection_status === 'disconnected') {
        // 3. Surface the wizard URL to the user, exactly as the seed's agent returns it.
        const wiz = await session.connectionWizard(top.server_id);
        return { needs_connection: wiz.wizard_url };
      }
      // 4. Otherwise call the tool. The reference API runs no provider tools: the charge is made up here.
      return { charge_id: `pix_${Math.random().toString(36).slice(2, 8)}`, tool: top.tool_name, amount, customer, expires_in_minutes: 30 };
    },
  });
}

/** The UI tool of the `tool-output` mode: no `execute`, the card answers it (`addToolOutput`). */
const connectAccountTool = tool({
  description: 'Ask the user to connect an account in the chat',
  inputSchema: z.object({ needs_connection: z.string() }),
});

const CHARGE = { amount: 120, customer: 'Ana Souza' };

/** A scripted model: what it says depends only on the last message of the conversation. */
function demoModel(mode: ResumeMode) {
  return new MockLanguageModelV3({
    doStream: async ({ prompt }) => ({ stream: simulateReadableStream({ chunks: reply(prompt, mode), chunkDelayInMs: 12 }) }),
  });
}

function reply(prompt: LanguageModelV3Prompt, mode: ResumeMode): LanguageModelV3StreamPart[] {
  const last = prompt.at(-1);
  if (last?.role === 'tool') {
    const result = last.content.find((part) => part.type === 'tool-result');
    const output = result?.output.type === 'json' ? (result.output.value as Record<string, unknown> | null) : null;
    if (result?.toolName === 'connect_account') return callTool('create_pix_charge', CHARGE);
    if (output && typeof output.needs_connection === 'string') {
      if (mode === 'tool-output') return callTool('connect_account', { needs_connection: output.needs_connection });
      return say('I can create that Pix charge, but I need access to your Mercado Pago account first.');
    }
    return say('Done! Ana Souza can pay the R$\u00a0120,00 with the Pix code. It expires in 30 minutes.');
  }
  const text = last?.role === 'user' ? last.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ') : '';
  if (/pix|charge|connected|go on|continue/i.test(text)) return callTool('create_pix_charge', CHARGE);
  return say('This demo only creates the Pix charge: ask me to charge Ana Souza R$\u00a0120,00 by Pix.');
}

let calls = 0;
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 10, text: 10, reasoning: undefined },
};

function callTool(toolName: string, input: unknown): LanguageModelV3StreamPart[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'tool-call', toolCallId: `call_${++calls}_${Date.now().toString(36)}`, toolName, input: JSON.stringify(input) },
    { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage },
  ];
}

function say(text: string): LanguageModelV3StreamPart[] {
  const words = text.split(/(?<= )/);
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 'text' },
    ...words.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 'text', delta })),
    { type: 'text-end', id: 'text' },
    { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
  ];
}

/**
 * A `ChatTransport` that runs the agent in the page: what a route handler with `streamText` and
 * `toUIMessageStreamResponse()` does on a server, without the HTTP in between.
 */
export function createDemoTransport({ sessionId = 'ses_demo', mode = 'new-turn' }: { sessionId?: string; mode?: ResumeMode } = {}) {
  const tools = { create_pix_charge: pixChargeTool(sessionId), ...(mode === 'tool-output' ? { connect_account: connectAccountTool } : {}) };
  const transport: ChatTransport<UIMessage> & { turns: number } = {
    turns: 0,
    async sendMessages({ messages, abortSignal }) {
      transport.turns++;
      const result = streamText({
        model: demoModel(mode),
        messages: await convertToModelMessages(messages),
        tools,
        // Tool call, tool result, then the model's answer: one turn of the loop.
        stopWhen: stepCountIs(3),
        ...(abortSignal ? { abortSignal } : {}),
      });
      return result.toUIMessageStream();
    },
    reconnectToStream: async () => null,
  };
  return transport;
}
