// CodeSpar's SDK, as far as the tests need it: its types as runtime schemas (held equal to the
// SDK's by the type checker) and a session that behaves as the SDK's does, over real HTTP. Used by
// the reference API's live-dialect tests and by the meta-tool client's.
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import type {
  BackendConnectionsResponse,
  BackendSessionResponse,
  ConnectionStatusRow,
  ConnectionWizardInstructions,
  ConnectionWizardOptions,
  ConnectionWizardResult,
  DiscoverOptions,
  DiscoverResult,
  DiscoverToolMatch,
  ToolResult,
} from './sdk-types.ts';

// ─── The SDK's types as runtime schemas, held equal to them by the type checker ──────────────────

export const Timestamp = z.iso.datetime();
export const LiveStatus = z.enum(['connected', 'disconnected', 'not_required', 'expired']);
export const Difficulty = z.enum(['easy', 'medium', 'hard']);

export const Row = z.strictObject({
  server_id: z.string(),
  display_name: z.string(),
  auth_type: z.string(),
  status: LiveStatus,
  difficulty: Difficulty,
  connection_metadata: z.record(z.string(), z.unknown()),
  connected_at: Timestamp.nullable(),
});
export const Instructions = z.strictObject({
  server_id: z.string(),
  display_name: z.string(),
  auth_type: z.string(),
  difficulty: Difficulty,
  status: LiveStatus,
  connect_url: z.url({ protocol: /^https?$/ }),
  instructions: z.array(z.string().min(1)).min(1),
  required_secrets: z.array(z.strictObject({ name: z.string().min(1), hint: z.string().optional() })),
  known_pitfalls: z.array(z.string()),
  next_action: z.string().min(1),
});
export const WizardResult = z.strictObject({
  action: z.enum(['list', 'status', 'initiate']),
  connections: z.array(Row),
  status: Row.nullable(),
  initiate: Instructions.nullable(),
});
export const Match = z.strictObject({
  server_id: z.string(),
  tool_name: z.string(),
  description: z.string(),
  http_method: z.enum(['GET', 'POST', 'DELETE']),
  endpoint_template: z.string().startsWith('/'),
  cosine_distance: z.number().nullable(),
  trigram_similarity: z.number().min(0).max(1).nullable(),
  connection_status: z.enum(['connected', 'disconnected', 'not_required']),
  known_pitfalls: z.array(z.string()),
  recommended_plan: z.array(
    z.strictObject({
      step: z.string(),
      description: z.string().optional(),
      prereq: z.boolean().optional(),
      action: z.boolean().optional(),
    }),
  ),
});
export const Discover = z.strictObject({
  use_case: z.string(),
  search_strategy: z.enum(['embedding', 'trigram', 'empty']),
  recommended: Match.nullable(),
  related: z.array(Match),
  next_steps: z.array(z.string().min(1)).min(1),
});
export const Envelope = z.strictObject({
  success: z.boolean(),
  data: z.unknown(),
  error: z.string().nullable(),
  duration: z.number(),
  server: z.string(),
  tool: z.string(),
  tool_call_id: z.string().optional(),
  called_at: Timestamp.optional(),
});
export const SessionBody = z.strictObject({
  id: z.string().startsWith('ses_'),
  org_id: z.string(),
  project_id: z.string().regex(/^prj_[A-Za-z0-9]{16}$/), // api-types' SessionRow has it; the SDK does not read it
  user_id: z.string(),
  servers: z.array(z.string()),
  status: z.enum(['active', 'closed', 'error']),
  created_at: Timestamp,
  closed_at: Timestamp.nullable(),
});
export const Connections = z.strictObject({
  servers: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      country: z.string(),
      // The SDK types it oauth | api_key | cert | none; the API's auth types are an open string
      // (api-types AuthTypeSchema), and path_secret is one of them (Z-API).
      auth_type: z.string(),
      connected: z.boolean(),
    }),
  ),
  tools: z.array(
    z.strictObject({ name: z.string(), description: z.string(), input_schema: z.record(z.string(), z.unknown()), server: z.string() }),
  ),
});

expectTypeOf<z.infer<typeof Row>>().toEqualTypeOf<ConnectionStatusRow>();
expectTypeOf<z.infer<typeof Instructions>>().toEqualTypeOf<ConnectionWizardInstructions>();
expectTypeOf<z.infer<typeof WizardResult>>().toEqualTypeOf<ConnectionWizardResult>();
expectTypeOf<z.infer<typeof Match>>().toExtend<DiscoverToolMatch>();
expectTypeOf<z.infer<typeof Discover>>().toExtend<DiscoverResult>();
expectTypeOf<z.infer<typeof Envelope>>().toEqualTypeOf<ToolResult>();
expectTypeOf<Omit<z.infer<typeof SessionBody>, 'project_id'>>().toEqualTypeOf<BackendSessionResponse>();
expectTypeOf<BackendConnectionsResponse>().toExtend<z.infer<typeof Connections>>();

// ─── A session as CodeSpar's SDK drives one ─────────────────────────────────────────────────────
// Its behaviour, from packages/core/src/session.ts (commit 07d3d00): only csk_ keys; `POST
// /v1/sessions` { servers, user_id }; execute turns a non-2xx answer into `success: false` with
// `"<status>: <body>"`; connectionWizard() and discover() send their options verbatim (the backend
// applies the action default) and throw on `success: false`; connections() falls back to its last
// answer when the API fails; close() is a DELETE whose outcome is ignored.

export async function openSdkSession(baseUrl: string, apiKey: string, body: { servers: string[]; user_id: string }) {
  if (!apiKey.startsWith('csk_')) throw new Error('CodeSpar SDK: the API key must start with csk_');
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` };
  const created = await fetch(`${baseUrl}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!created.ok) throw new Error(`createSession failed: ${created.status} ${await created.text()}`);
  const data = (await created.json()) as BackendSessionResponse;
  let cached: BackendConnectionsResponse | null = null;

  async function execute(tool: string, input: Record<string, unknown>): Promise<ToolResult> {
    const started = Date.now();
    const res = await fetch(`${baseUrl}/v1/sessions/${data.id}/execute`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ tool, input }),
    });
    if (!res.ok)
      return { success: false, data: null, error: `${res.status}: ${await res.text()}`, duration: Date.now() - started, server: '', tool };
    return Envelope.parse(await res.json());
  }
  async function typed(what: string, tool: string, input: Record<string, unknown>): Promise<unknown> {
    const result = await execute(tool, input);
    if (!result.success) throw new Error(`${what} failed: ${result.error ?? 'unknown'}`);
    return result.data;
  }
  return {
    created: data as unknown,
    id: data.id,
    execute,
    connectionWizard: async (options: ConnectionWizardOptions) =>
      WizardResult.parse(await typed('connectionWizard', 'codespar_manage_connections', options as Record<string, unknown>)),
    discover: async (useCase: string, options?: DiscoverOptions) =>
      Discover.parse(await typed('discover', 'codespar_discover', { use_case: useCase, ...options })),
    async connections() {
      try {
        const res = await fetch(`${baseUrl}/v1/sessions/${data.id}/connections`, { headers });
        if (!res.ok) return cached?.servers ?? [];
        cached = Connections.parse(await res.json()) as BackendConnectionsResponse;
        return cached.servers;
      } catch {
        return cached?.servers ?? [];
      }
    },
    tools: () => cached?.tools ?? [],
    async close() {
      await fetch(`${baseUrl}/v1/sessions/${data.id}`, { method: 'DELETE', headers }).catch(() => undefined);
    },
  };
}
