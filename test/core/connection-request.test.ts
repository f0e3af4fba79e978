// readConnectionRequest (issue 8 item 1, issue 9 item 3): what a chat app holds (a tool result, JSON
// text, a session.execute envelope, an MCP result, an AI SDK UI message part) → the connection a tool
// call asks for, or undefined. Fixtures first, then hostile input, then fast-check properties.
import type { DynamicToolUIPart, ReasoningUIPart, TextUIPart, ToolUIPart } from 'ai';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConnectionRequest, readConnectionRequest } from '../../src/core/connection-request.ts';
import { isSafeId } from '../../src/core/ids.ts';
import { checkUrl } from '../../src/core/url.ts';
import type {
  ConnectionStatusRow,
  ConnectionWizardInstructions,
  ConnectionWizardResult,
  DiscoverResult,
  DiscoverToolMatch,
  LiveStatus,
  ToolResult,
} from '../sdk-types.ts';
import { REFUSED_URLS } from './url-cases.ts';

const read = readConnectionRequest;

const requestedRuns = Number(process.env.FC_RUNS ?? 1000);
const NUM_RUNS = Number.isInteger(requestedRuns) && requestedRuns > 0 ? requestedRuns : 1000;
// Per-test time limit, scaled when CI raises FC_RUNS.
const TIME_LIMIT = Math.max(60_000, NUM_RUNS * 60);

// ─── The seed's shapes (seeds/003_df334802aa1f07ca.txt) ─────────────────────────────────────────

/** Seed 003's own example of a `wizard_url`: a deep link into /dashboard/auth-configs. */
const SEED_WIZARD_URL = 'https://app.codespar.dev/dashboard/auth-configs?connect=z-api';
const MP_WIZARD_URL = 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago';

/** The connection bias loop's answer, verbatim: `return { needs_connection: wiz.wizard_url }`. */
const SEED_NEEDS_CONNECTION = { needs_connection: SEED_WIZARD_URL };

/** `codespar_manage_connections` `status` result (seed 003, "Result shape"). */
interface SeedStatusResult {
  server_id: string;
  status: 'connected' | 'needs_setup' | 'expired' | 'error';
  connection_id?: string;
  expires_at?: string;
}

/** `codespar_manage_connections` `initiate` result (seed 003), also what `session.connectionWizard(id)` returns. */
interface SeedInitiateResult {
  server_id: string;
  status: 'needs_setup' | 'connected';
  wizard_url?: string;
  connection_id?: string;
}

/** `session.discover(…)` as the seed's loop reads it: `matches[0].connected`, `.server_id`, `.tool_name`. */
interface SeedDiscoverResult {
  matches: { server_id: string; tool_name: string; connected: boolean }[];
}

const seedDiscover = (connected: boolean): SeedDiscoverResult => ({
  matches: [{ server_id: 'nuvem-fiscal', tool_name: 'nuvem_fiscal_issue_nfe', connected }],
});

// ─── The live wire (types: ../sdk-types.ts, transcribed from CodeSpar's public SDK) ──────────────

const ZAPI_CONNECT_URL = 'https://app.codespar.dev/dashboard/connections?connect=z-api&return_to=%2Fdashboard%2Fchat';

function liveRow(status: LiveStatus): ConnectionStatusRow {
  return {
    server_id: 'mercado-pago',
    display_name: 'Mercado Pago',
    auth_type: 'oauth',
    status,
    difficulty: 'easy',
    connection_metadata: status === 'connected' ? { account: 'loja@example.com' } : {},
    connected_at: status === 'connected' ? '2026-05-02T12:00:00Z' : null,
  };
}

function liveInstructions(status: LiveStatus): ConnectionWizardInstructions {
  return {
    server_id: 'z-api',
    display_name: 'Z-API',
    auth_type: 'path_secret',
    difficulty: 'medium',
    status,
    connect_url: ZAPI_CONNECT_URL,
    instructions: ['Create an instance in the Z-API panel.', 'Paste its instance id and token on the setup page.'],
    required_secrets: [{ name: 'ZAPI_INSTANCE_ID' }, { name: 'ZAPI_TOKEN', hint: 'Panel → Instance → Security token' }],
    known_pitfalls: ['Recreating the instance changes its token.'],
    next_action: 'Open the setup page and paste the instance credentials.',
  };
}

const liveInitiate = (status: LiveStatus): ConnectionWizardResult => ({
  action: 'initiate',
  connections: [],
  status: null,
  initiate: liveInstructions(status),
});

const liveStatus = (status: LiveStatus): ConnectionWizardResult => ({
  action: 'status',
  connections: [],
  status: liveRow(status),
  initiate: null,
});

function liveMatch(connectionStatus: DiscoverToolMatch['connection_status']): DiscoverToolMatch {
  return {
    server_id: 'nuvem-fiscal',
    tool_name: 'nuvem_fiscal_issue_nfe',
    description: 'Issue an NF-e (Brazilian electronic invoice).',
    http_method: 'POST',
    endpoint_template: '/nfe',
    cosine_distance: 0.18,
    trigram_similarity: null,
    connection_status: connectionStatus,
    known_pitfalls: ['The CNPJ must have an A1 certificate uploaded.'],
    recommended_plan: [
      { step: 'codespar_manage_connections', description: 'Connect Nuvem Fiscal', prereq: true },
      { step: 'nuvem_fiscal_issue_nfe', action: true },
    ],
  };
}

const liveDiscover = (recommended: DiscoverToolMatch | null): DiscoverResult => ({
  use_case: 'issue an NF-e for a Brazilian customer',
  search_strategy: 'embedding',
  recommended,
  related: [],
  next_steps: ['Call codespar_manage_connections with action "initiate" for nuvem-fiscal.'],
});

const executed = (data: unknown, success = true): ToolResult => ({
  success,
  data: success ? data : null,
  error: success ? null : '404: {"error":"not_found"}',
  duration: 42,
  server: 'codespar',
  tool: 'codespar_manage_connections',
  tool_call_id: 'tc_01',
  called_at: '2026-05-02T12:00:00Z',
});

/** An MCP `CallToolResult` whose one text block is `payload` as JSON. */
const mcpText = (payload: unknown) => ({ content: [{ type: 'text', text: JSON.stringify(payload) }], isError: false });

// ─── AI SDK UI message parts ────────────────────────────────────────────────────────────────────

const PIX_INPUT = { amount: 120, customer: 'Ana Souza' };
type PixTools = { create_pix_charge: { input: typeof PIX_INPUT; output: unknown } };

/**
 * ai 6: checked by the type checker against the installed `ai` 6.0.326 (`UIToolInvocation`,
 * `ToolUIPart`, `DynamicToolUIPart` in node_modules/ai/dist/index.d.ts).
 */
const ai6 = {
  static: (output: unknown) =>
    ({
      type: 'tool-create_pix_charge',
      toolCallId: 'call_ai6_static',
      title: 'Create a Pix charge',
      providerExecuted: false,
      state: 'output-available',
      input: PIX_INPUT,
      output,
      preliminary: false,
      callProviderMetadata: {},
      resultProviderMetadata: {},
      approval: { id: 'approval_1', approved: true, reason: 'The user approved.' },
    }) satisfies ToolUIPart<PixTools>,
  dynamic: (output: unknown) =>
    ({
      type: 'dynamic-tool',
      dynamic: false,
      toolName: 'codespar_manage_connections',
      toolCallId: 'call_ai6_dynamic',
      toolMetadata: {},
      providerExecuted: true,
      state: 'output-available',
      input: { action: 'initiate', server_id: 'z-api' },
      output,
    }) satisfies DynamicToolUIPart,
  /** Every other state, as ai 6 types it (none carries an `output`). */
  pending: [
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-streaming', input: { amount: 120 }, rawInput: '{"amount":120' },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-available', input: PIX_INPUT },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'approval-requested', input: PIX_INPUT, approval: { id: 'a1' } },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'approval-responded',
      input: PIX_INPUT,
      approval: { id: 'a1', approved: true },
    },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'output-denied',
      input: PIX_INPUT,
      approval: { id: 'a1', approved: false, reason: 'Not now.' },
    },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'output-error',
      input: PIX_INPUT,
      errorText: 'Mercado Pago is not connected.',
    },
  ] satisfies ToolUIPart<PixTools>[],
  pendingDynamic: [
    { type: 'dynamic-tool', toolName: 'codespar_manage_connections', toolCallId: 'd', state: 'input-streaming', input: undefined },
    { type: 'dynamic-tool', toolName: 'codespar_manage_connections', toolCallId: 'd', state: 'input-available', input: {} },
    {
      type: 'dynamic-tool',
      toolName: 'codespar_manage_connections',
      toolCallId: 'd',
      state: 'approval-requested',
      input: {},
      approval: { id: 'a2' },
    },
    {
      type: 'dynamic-tool',
      toolName: 'codespar_manage_connections',
      toolCallId: 'd',
      state: 'approval-responded',
      input: {},
      approval: { id: 'a2', approved: false },
    },
    {
      type: 'dynamic-tool',
      toolName: 'codespar_manage_connections',
      toolCallId: 'd',
      state: 'output-denied',
      input: {},
      approval: { id: 'a2', approved: false },
    },
    { type: 'dynamic-tool', toolName: 'codespar_manage_connections', toolCallId: 'd', state: 'output-error', input: {}, errorText: 'boom' },
  ] satisfies DynamicToolUIPart[],
};

/**
 * ai 5: `UIToolInvocation` and `DynamicToolUIPart` of packages/ai/src/ui/ui-messages.ts in ai 5.x (read
 * through the search index in AllTheTables/ai, a vercel/ai fork at 5.2.0, commit 0803f83; it matches
 * the ai 5 CHANGELOG: `preliminary` from 5.0.11). Static parts carry `providerExecuted?` per state;
 * dynamic parts have no `providerExecuted` or `title`; no approval states yet.
 */
const ai5 = {
  static: (output: unknown) => ({
    type: 'tool-create_pix_charge',
    toolCallId: 'call_ai5_static',
    state: 'output-available',
    input: PIX_INPUT,
    output,
    providerExecuted: false,
    callProviderMetadata: {},
    preliminary: false,
  }),
  dynamic: (output: unknown) => ({
    type: 'dynamic-tool',
    toolName: 'codespar_manage_connections',
    toolCallId: 'call_ai5_dynamic',
    state: 'output-available',
    input: { operation: 'initiate', server_id: 'z-api' },
    output,
    preliminary: true,
  }),
  pending: [
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-streaming', input: undefined, providerExecuted: false },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-available', input: PIX_INPUT, callProviderMetadata: {} },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'output-error', input: PIX_INPUT, rawInput: PIX_INPUT, errorText: 'boom' },
    { type: 'dynamic-tool', toolName: 'codespar_discover', toolCallId: 'd', state: 'input-streaming', input: undefined },
    { type: 'dynamic-tool', toolName: 'codespar_discover', toolCallId: 'd', state: 'input-available', input: {} },
    { type: 'dynamic-tool', toolName: 'codespar_discover', toolCallId: 'd', state: 'output-error', input: {}, errorText: 'boom' },
  ],
};

/**
 * ai 7: packages/ai/src/ui/ui-messages.ts at 7.0.0-beta.45 (read through the search index in
 * khulnasoft/ai-toolkit, a vercel/ai fork at that version, commit 2ff234e; the index holds one
 * vercel/ai version of the file, an ai 6 one). Static and dynamic parts carry `title?` and
 * `providerExecuted?`; the approval states are those of ai 6; the approval has `{ id, approved, reason? }`.
 */
const ai7 = {
  static: (output: unknown) => ({
    type: 'tool-create_pix_charge',
    toolCallId: 'call_ai7_static',
    title: 'Create a Pix charge',
    providerExecuted: false,
    state: 'output-available',
    input: PIX_INPUT,
    output,
    callProviderMetadata: {},
    resultProviderMetadata: {},
    preliminary: false,
    approval: { id: 'approval_7', approved: true },
  }),
  dynamic: (output: unknown) => ({
    type: 'dynamic-tool',
    toolName: 'codespar_manage_connections',
    toolCallId: 'call_ai7_dynamic',
    title: 'Manage connections',
    providerExecuted: true,
    state: 'output-available',
    input: { action: 'initiate', server_id: 'z-api' },
    output,
  }),
  pending: [
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-streaming', input: { amount: 120 } },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'input-available', input: PIX_INPUT },
    { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'approval-requested', input: PIX_INPUT, approval: { id: 'a7' } },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'approval-responded',
      input: PIX_INPUT,
      approval: { id: 'a7', approved: true },
    },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'output-denied',
      input: PIX_INPUT,
      approval: { id: 'a7', approved: false, reason: 'No.' },
    },
    {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'output-error',
      input: PIX_INPUT,
      errorText: 'boom',
      resultProviderMetadata: {},
    },
    {
      type: 'dynamic-tool',
      toolName: 'codespar_discover',
      toolCallId: 'd',
      state: 'approval-requested',
      input: {},
      approval: { id: 'a8' },
    },
    {
      type: 'dynamic-tool',
      toolName: 'codespar_discover',
      toolCallId: 'd',
      state: 'output-denied',
      input: {},
      approval: { id: 'a8', approved: false },
    },
  ],
};

const VERSIONS = [
  { version: 'ai 5', parts: ai5 },
  { version: 'ai 6', parts: ai6 },
  { version: 'ai 7', parts: ai7 },
] as const;

// ─── 1. Fixtures ────────────────────────────────────────────────────────────────────────────────

describe("given seed 003's agent result `{ needs_connection: wizard_url }`", () => {
  it('should read the verbatim seed payload as the server in `connect=` with the URL kept', () => {
    expect(read(SEED_NEEDS_CONNECTION)).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
  });

  it('should read the server from the `server` and `server_id` query parameters too', () => {
    const byServer = 'https://app.codespar.dev/dashboard/auth-configs?server=mercado-pago';
    const byServerId = 'https://app.codespar.dev/dashboard/auth-configs?server_id=asaas&tab=keys';
    expect(read({ needs_connection: byServer })).toEqual({ serverId: 'mercado-pago', wizardUrl: byServer });
    expect(read({ needs_connection: byServerId })).toEqual({ serverId: 'asaas', wizardUrl: byServerId });
  });

  it('should read the project-scoped `/dashboard/connections?…` variant', () => {
    const url = 'https://app.codespar.dev/dashboard/connections?project=prj_42&connect=nuvem-fiscal';
    expect(read({ needs_connection: url })).toEqual({ serverId: 'nuvem-fiscal', wizardUrl: url });
  });

  it('should decode a percent-encoded id in the query and keep the URL as checkUrl gives it', () => {
    const url = 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado%2Dpago';
    expect(read({ needs_connection: url })).toEqual({ serverId: 'mercado-pago', wizardUrl: checkUrl(url).href });
  });

  it('should prefer `connect` over `server` and `server_id` when a URL has several', () => {
    const url = 'https://app.codespar.dev/dashboard/auth-configs?server_id=asaas&connect=z-api';
    expect(read({ needs_connection: url })).toEqual({ serverId: 'z-api', wizardUrl: url });
  });

  it('should give undefined for a URL that names no server', () => {
    expect(read({ needs_connection: 'https://app.codespar.dev/dashboard/auth-configs' })).toBeUndefined();
    expect(read({ needs_connection: 'https://app.codespar.dev/dashboard/auth-configs?provider=z-api' })).toBeUndefined();
  });

  it.each([
    ['javascript: with an id', 'javascript:alert(1)?connect=z-api'],
    ['javascript: in mixed case with an id', 'JaVaScRiPt:alert(document.cookie)?server=z-api'],
    ['data: with an id', 'data:text/html,<script>alert(1)</script>?connect=z-api'],
    ['http to a public host', 'http://evil.example/dashboard/auth-configs?connect=z-api'],
    ['https with user info', 'https://user:pass@evil.example/?connect=z-api'],
    ['a tab before javascript:', '\tjavascript:alert(1)?connect=z-api'],
  ])('should read the server from an unsafe URL (%s) and drop the URL', (_, url) => {
    expect(read({ needs_connection: url })).toEqual({ serverId: 'z-api' });
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http to a public host', 'http://evil.example'],
    ['protocol-relative', '//evil.example/?connect=z-api'],
  ])('should give undefined for an unsafe URL with no readable id (%s)', (_, url) => {
    expect(read({ needs_connection: url })).toBeUndefined();
  });

  it('should keep a loopback http URL outside a browser, where checkUrl allows it', () => {
    expect(typeof window).toBe('undefined');
    const url = 'http://localhost:6006/dashboard/auth-configs?connect=z-api';
    expect(read({ needs_connection: url })).toEqual({ serverId: 'z-api', wizardUrl: url });
  });
});

describe('given the other `needs_connection` spellings', () => {
  it('should read a bare server id', () => {
    expect(read({ needs_connection: 'mercado-pago' })).toEqual({ serverId: 'mercado-pago' });
  });

  it('should read `{ server_id, wizard_url }` details', () => {
    expect(read({ needs_connection: { server_id: 'mercado-pago', wizard_url: MP_WIZARD_URL } })).toEqual({
      serverId: 'mercado-pago',
      wizardUrl: MP_WIZARD_URL,
    });
    expect(read({ needs_connection: { server_id: 'asaas' } })).toEqual({ serverId: 'asaas' });
  });

  it('should read details that only carry the URL, or the live `connect_url`', () => {
    expect(read({ needs_connection: { wizard_url: SEED_WIZARD_URL } })).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
    expect(read({ needs_connection: { server_id: 'z-api', connect_url: ZAPI_CONNECT_URL } })).toEqual({
      serverId: 'z-api',
      wizardUrl: ZAPI_CONNECT_URL,
    });
  });

  it('should read `{ needs_connection: true, server_id }` with the details beside the flag', () => {
    expect(read({ needs_connection: true, server_id: 'stripe' })).toEqual({ serverId: 'stripe' });
    expect(read({ needs_connection: true, server_id: 'mercado-pago', wizard_url: MP_WIZARD_URL })).toEqual({
      serverId: 'mercado-pago',
      wizardUrl: MP_WIZARD_URL,
    });
  });

  it('should drop an unsafe `wizard_url` from the details but keep the request', () => {
    expect(read({ needs_connection: { server_id: 'stripe', wizard_url: 'javascript:alert(1)' } })).toEqual({ serverId: 'stripe' });
  });

  it('should give undefined when the flag is off or says nothing', () => {
    expect(read({ needs_connection: false, server_id: 'stripe' })).toBeUndefined();
    expect(read({ needs_connection: null, server_id: 'stripe' })).toBeUndefined();
    expect(read({ needs_connection: 1, server_id: 'stripe' })).toBeUndefined();
    expect(read({ needs_connection: {} })).toBeUndefined();
  });
});

describe('given a seed `codespar_manage_connections` result', () => {
  it.each(['needs_setup', 'expired', 'error'] as const)('should read a `status` result in status %s', (status) => {
    const result: SeedStatusResult = { server_id: 'asaas', status, expires_at: '2026-05-01T00:00:00Z' };
    expect(read(result)).toEqual({ serverId: 'asaas' });
  });

  it('should give undefined for a `connected` status result', () => {
    const result: SeedStatusResult = { server_id: 'asaas', status: 'connected', connection_id: 'conn_1' };
    expect(read(result)).toBeUndefined();
  });

  it('should read a `needs_setup` initiate result with its wizard_url', () => {
    const result: SeedInitiateResult = { server_id: 'z-api', status: 'needs_setup', wizard_url: SEED_WIZARD_URL };
    expect(read(result)).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
  });

  it('should give undefined for a `connected` initiate result', () => {
    const result: SeedInitiateResult = { server_id: 'z-api', status: 'connected', connection_id: 'conn_2' };
    expect(read(result)).toBeUndefined();
  });

  it("should read `session.connectionWizard('mercado-pago')` when it says needs_setup, not when connected", () => {
    const needsSetup: SeedInitiateResult = { server_id: 'mercado-pago', status: 'needs_setup', wizard_url: MP_WIZARD_URL };
    const connected: SeedInitiateResult = { server_id: 'mercado-pago', status: 'connected', connection_id: 'conn_mp' };
    expect(read(needsSetup)).toEqual({ serverId: 'mercado-pago', wizardUrl: MP_WIZARD_URL });
    expect(read(connected)).toBeUndefined();
  });

  it('should give undefined for a `list` result, even with an expired row', () => {
    const list = { connections: [{ server_id: 'asaas', connection_id: 'c1', status: 'expired', connected_at: '2026-01-01T00:00:00Z' }] };
    expect(read(list)).toBeUndefined();
  });
});

describe('given a live `ConnectionWizardResult` (`session.connectionWizard()` of the public SDK)', () => {
  it.each(['disconnected', 'expired'] as const)('should read an initiate in status %s with `connect_url` as the wizardUrl', (status) => {
    expect(read(liveInitiate(status))).toEqual({ serverId: 'z-api', wizardUrl: ZAPI_CONNECT_URL });
  });

  it.each(['connected', 'not_required'] as const)('should give undefined for an initiate in status %s', (status) => {
    expect(read(liveInitiate(status))).toBeUndefined();
  });

  it.each(['disconnected', 'expired'] as const)('should read a status row in status %s', (status) => {
    expect(read(liveStatus(status))).toEqual({ serverId: 'mercado-pago' });
  });

  it.each(['connected', 'not_required'] as const)('should give undefined for a status row in status %s', (status) => {
    expect(read(liveStatus(status))).toBeUndefined();
  });

  it('should give undefined for `action: list`, whatever its rows say', () => {
    const list: ConnectionWizardResult = {
      action: 'list',
      connections: [liveRow('disconnected'), liveRow('expired')],
      status: null,
      initiate: null,
    };
    expect(read(list)).toBeUndefined();
  });

  it('should read a bare `ConnectionWizardInstructions` or `ConnectionStatusRow` too', () => {
    expect(read(liveInstructions('disconnected'))).toEqual({ serverId: 'z-api', wizardUrl: ZAPI_CONNECT_URL });
    expect(read(liveRow('expired'))).toEqual({ serverId: 'mercado-pago' });
    expect(read(liveRow('not_required'))).toBeUndefined();
  });
});

describe('given a `codespar_discover` result', () => {
  it("should read the seed's top match when it is not connected, with its tool", () => {
    expect(read(seedDiscover(false))).toEqual({ serverId: 'nuvem-fiscal', toolName: 'nuvem_fiscal_issue_nfe' });
  });

  it("should give undefined for the seed's connected top match", () => {
    expect(read(seedDiscover(true))).toBeUndefined();
  });

  it('should read only the top match, as the seed loop does', () => {
    const result: SeedDiscoverResult = {
      matches: [
        { server_id: 'focus-nfe', tool_name: 'focus_nfe_issue', connected: true },
        { server_id: 'nuvem-fiscal', tool_name: 'nuvem_fiscal_issue_nfe', connected: false },
      ],
    };
    expect(read(result)).toBeUndefined();
    expect(read({ matches: [] })).toBeUndefined();
  });

  it('should read a live `DiscoverResult` whose recommended match is disconnected', () => {
    expect(read(liveDiscover(liveMatch('disconnected')))).toEqual({ serverId: 'nuvem-fiscal', toolName: 'nuvem_fiscal_issue_nfe' });
  });

  it.each([
    ['connected', liveDiscover(liveMatch('connected'))],
    ['not_required', liveDiscover(liveMatch('not_required'))],
    ['recommended: null', liveDiscover(null)],
  ])('should give undefined for a live `DiscoverResult` (%s)', (_, result) => {
    expect(read(result)).toBeUndefined();
  });

  it('should not read a disconnected `related` match when the recommended one is connected', () => {
    const result: DiscoverResult = { ...liveDiscover(liveMatch('connected')), related: [liveMatch('disconnected')] };
    expect(read(result)).toBeUndefined();
  });
});

/** Every fixture above that is a request, with what it reads as. */
const REQUESTS: [string, unknown, ConnectionRequest][] = [
  ['seed needs_connection URL', SEED_NEEDS_CONNECTION, { serverId: 'z-api', wizardUrl: SEED_WIZARD_URL }],
  ['needs_connection id', { needs_connection: 'mercado-pago' }, { serverId: 'mercado-pago' }],
  [
    'needs_connection details',
    { needs_connection: { server_id: 'mercado-pago', wizard_url: MP_WIZARD_URL } },
    { serverId: 'mercado-pago', wizardUrl: MP_WIZARD_URL },
  ],
  ['needs_connection flag', { needs_connection: true, server_id: 'stripe' }, { serverId: 'stripe' }],
  ['seed status needs_setup', { server_id: 'asaas', status: 'needs_setup' }, { serverId: 'asaas' }],
  [
    'seed initiate needs_setup',
    { server_id: 'z-api', status: 'needs_setup', wizard_url: SEED_WIZARD_URL },
    { serverId: 'z-api', wizardUrl: SEED_WIZARD_URL },
  ],
  ['live initiate disconnected', liveInitiate('disconnected'), { serverId: 'z-api', wizardUrl: ZAPI_CONNECT_URL }],
  ['live status expired', liveStatus('expired'), { serverId: 'mercado-pago' }],
  ['seed discover', seedDiscover(false), { serverId: 'nuvem-fiscal', toolName: 'nuvem_fiscal_issue_nfe' }],
  ['live discover', liveDiscover(liveMatch('disconnected')), { serverId: 'nuvem-fiscal', toolName: 'nuvem_fiscal_issue_nfe' }],
];

/** Every fixture above that is not a request. */
const NOT_REQUESTS: [string, unknown][] = [
  ['seed status connected', { server_id: 'asaas', status: 'connected' }],
  ['live initiate connected', liveInitiate('connected')],
  ['live status not_required', liveStatus('not_required')],
  ['seed discover connected', seedDiscover(true)],
  ['live discover connected', liveDiscover(liveMatch('connected'))],
];

describe('given each fixture wrapped the ways a chat app hands it over', () => {
  it.each(REQUESTS)('should read %s the same as JSON text', (_, payload, expected) => {
    expect(read(JSON.stringify(payload))).toEqual(expected);
    expect(read(`\n  ${JSON.stringify(payload, null, 2)}`)).toEqual(expected);
  });

  it.each(REQUESTS)('should read %s inside a successful `session.execute` envelope', (_, payload, expected) => {
    expect(read(executed(payload))).toEqual(expected);
    expect(read({ success: true, data: payload })).toEqual(expected);
  });

  it.each(REQUESTS)('should give undefined for %s inside a failed `session.execute` envelope', (_, payload) => {
    expect(read(executed(payload, false))).toBeUndefined();
    expect(read({ success: false, data: payload, error: 'boom' })).toBeUndefined();
  });

  it.each(REQUESTS)('should read %s inside an MCP tool result, as text and as structuredContent', (_, payload, expected) => {
    expect(read(mcpText(payload))).toEqual(expected);
    expect(read({ content: [], structuredContent: payload })).toEqual(expected);
    // A first block that is not text (or not a request) does not hide a later one.
    const blocks = [
      { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
      { type: 'text', text: 'Mercado Pago is not connected yet.' },
      { type: 'text', text: JSON.stringify(payload) },
    ];
    expect(read({ content: blocks })).toEqual(expected);
  });

  it.each(NOT_REQUESTS)('should give undefined for %s however it is wrapped', (_, payload) => {
    expect(read(JSON.stringify(payload))).toBeUndefined();
    expect(read(executed(payload))).toBeUndefined();
    expect(read(mcpText(payload))).toBeUndefined();
    expect(read({ structuredContent: payload })).toBeUndefined();
    expect(read(ai6.static(payload))).toBeUndefined();
  });

  it('should read a live result through every layer at once: part → execute envelope → MCP text → JSON', () => {
    const part = ai6.dynamic(executed(mcpText(executed(liveInitiate('disconnected')))));
    expect(read(part)).toEqual({
      serverId: 'z-api',
      wizardUrl: ZAPI_CONNECT_URL,
      toolName: 'codespar_manage_connections',
      toolCallId: 'call_ai6_dynamic',
    });
  });
});

describe.each(VERSIONS)('given $version UI message parts', ({ parts }) => {
  it.each(REQUESTS)('should read %s as the output of a static `tool-<name>` part, with its call and tool', (_, payload, expected) => {
    const part = parts.static(payload);
    expect(read(part)).toEqual({ ...expected, toolName: 'create_pix_charge', toolCallId: part.toolCallId });
  });

  it.each(REQUESTS)('should read %s as the output of a `dynamic-tool` part, with its call and tool', (_, payload, expected) => {
    const part = parts.dynamic(payload);
    expect(read(part)).toEqual({ ...expected, toolName: 'codespar_manage_connections', toolCallId: part.toolCallId });
  });

  it("should let the part's tool name win over a discover match's `tool_name`", () => {
    expect(read(parts.static(seedDiscover(false)))).toEqual({
      serverId: 'nuvem-fiscal',
      toolName: 'create_pix_charge',
      toolCallId: parts.static(null).toolCallId,
    });
  });

  it('should read an output that is JSON text (a tool that returns a string)', () => {
    const part = parts.static(JSON.stringify(SEED_NEEDS_CONNECTION));
    expect(read(part)).toEqual({
      serverId: 'z-api',
      wizardUrl: SEED_WIZARD_URL,
      toolName: 'create_pix_charge',
      toolCallId: part.toolCallId,
    });
  });

  it('should give undefined for an output-available part whose output is not a request', () => {
    expect(read(parts.static({ id: 'pay_1', status: 'pending', pix_copy_paste: '000201…' }))).toBeUndefined();
    expect(read(parts.dynamic(liveInitiate('connected')))).toBeUndefined();
  });

  it.each<object>(parts.pending)('should give undefined for a part in state $state, even with a stale output beside it', (part) => {
    expect(read(part)).toBeUndefined();
    expect(read({ ...part, output: SEED_NEEDS_CONNECTION })).toBeUndefined();
  });
});

describe('given a message part that is not a tool part', () => {
  const json = JSON.stringify(SEED_NEEDS_CONNECTION);
  it('should give undefined for a text part, even one whose text is a request as JSON', () => {
    const part = { type: 'text', text: json, state: 'done' } satisfies TextUIPart;
    expect(read(part)).toBeUndefined();
  });

  it('should give undefined for a reasoning part, even one whose text is a request as JSON', () => {
    const part = { type: 'reasoning', text: json, state: 'streaming', providerMetadata: {} } satisfies ReasoningUIPart;
    expect(read(part)).toBeUndefined();
  });

  it('should give undefined for a whole message (its parts are read one by one)', () => {
    expect(read({ id: 'm1', role: 'assistant', parts: [ai6.static(SEED_NEEDS_CONNECTION)] })).toBeUndefined();
    expect(read([ai6.static(SEED_NEEDS_CONNECTION)])).toBeUndefined();
  });
});

describe('given a `ConnectionRequest` itself', () => {
  it.each<ConnectionRequest>([
    { serverId: 'stripe' },
    { serverId: 'z-api', wizardUrl: SEED_WIZARD_URL },
    { serverId: 'nuvem-fiscal', toolName: 'nuvem_fiscal_issue_nfe' },
    { serverId: 'mercado-pago', wizardUrl: MP_WIZARD_URL, toolName: 'create_pix_charge', toolCallId: 'call_1' },
  ])('should read $serverId as itself', (request) => {
    expect(read(request)).toEqual(request);
    expect(read(read(request))).toEqual(request);
    expect(read(JSON.stringify(request))).toEqual(request);
  });

  it('should read a request read from a part as itself', () => {
    const first = read(ai7.static(SEED_NEEDS_CONNECTION));
    expect(first).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL, toolName: 'create_pix_charge', toolCallId: 'call_ai7_static' });
    expect(read(first)).toEqual(first);
  });

  it('should give undefined for an object with extra keys beside `serverId`', () => {
    expect(read({ serverId: 'stripe', note: 'hi' })).toBeUndefined();
    expect(read({ serverId: 'stripe', wizardUrl: SEED_WIZARD_URL, server: 'x' })).toBeUndefined();
    expect(read({ wizardUrl: SEED_WIZARD_URL })).toBeUndefined();
  });

  it('should check each field anew: an unsafe id is refused, an unsafe URL dropped', () => {
    expect(read({ serverId: '..' })).toBeUndefined();
    expect(read({ serverId: 'stripe', wizardUrl: 'javascript:alert(1)' })).toEqual({ serverId: 'stripe' });
    expect(read({ serverId: 'stripe', toolName: '', toolCallId: 42 })).toEqual({ serverId: 'stripe' });
  });
});

// ─── 2. Hostile input ───────────────────────────────────────────────────────────────────────────

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Server ids that must never come back: each could leave `…/connections/<id>` or is not one segment. */
const UNSAFE_IDS: [string, string][] = [
  ['a dot', '.'],
  ['two dots', '..'],
  ['encoded dots', '%2e%2e'],
  ['encoded dots in upper case', '%2E%2E'],
  ['a dot and an encoded dot', '.%2E'],
  ['an encoded dot and a dot', '%2e.'],
  ['one encoded dot', '%2e'],
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['an encoded slash', '%2F'],
  ['an encoded slash in lower case', 'a%2fb'],
  ['an encoded backslash', '%5C'],
  ['a query', 'stripe?x=1'],
  ['a fragment', 'stripe#x'],
  ['an encoded query', 'stripe%3Fx'],
  ['a NUL', 'stripe\u0000'],
  ['a newline', 'str\nipe'],
  ['an escape', '\u001b[31mstripe'],
  ['a DEL', 'stripe\u007f'],
  ['an encoded NUL', 'stripe%00'],
  ['a leading space', ' stripe'],
  ['a trailing space', 'stripe '],
  ['a leading tab', '\tstripe'],
  ['a trailing no-break space', 'stripe\u00a0'],
  ['a line separator', '\u2028stripe'],
  ['257 characters', 'x'.repeat(257)],
  ['the empty string', ''],
  ['a lone percent', '%'],
  ['a malformed escape', '%zz'],
];

/** Every place a server id can come from, for one id. */
const carriers = (id: string): [string, unknown][] => [
  ['needs_connection', { needs_connection: id }],
  ['needs_connection details', { needs_connection: { server_id: id } }],
  ['needs_connection flag', { needs_connection: true, server_id: id }],
  ['a wizard URL', { needs_connection: `https://app.codespar.dev/dashboard/auth-configs?connect=${encodeURIComponent(id)}` }],
  ['seed status', { server_id: id, status: 'needs_setup' }],
  ['live initiate', { ...liveInitiate('disconnected'), initiate: { ...liveInstructions('disconnected'), server_id: id } }],
  ['live status', { ...liveStatus('expired'), status: { ...liveRow('expired'), server_id: id } }],
  ['seed discover', { matches: [{ server_id: id, tool_name: 't', connected: false }] }],
  ['live discover', liveDiscover({ ...liveMatch('disconnected'), server_id: id })],
  ['a ConnectionRequest', { serverId: id }],
  ['a tool part', ai6.static({ needs_connection: { server_id: id } })],
];

describe('given a server id that is not a safe path segment', () => {
  it.each(UNSAFE_IDS)('should never return it (%s), from any carrier', (_, id) => {
    for (const [where, value] of carriers(id)) {
      expect(read(value), where).toBeUndefined();
      expect(read(JSON.stringify(value)), `${where} as JSON`).toBeUndefined();
    }
  });

  it('should read the same carriers with a safe id (so the refusals above are about the id)', () => {
    for (const [where, value] of carriers('stripe')) expect(read(value)?.serverId, where).toBe('stripe');
    for (const [where, value] of carriers('x'.repeat(256))) expect(read(value)?.serverId, where).toBe('x'.repeat(256));
  });

  it.each(UNSAFE_IDS)('should read it (%s) written raw into a wizard URL only as the URL parser decodes it, never as given', (_, id) => {
    // The parser drops tabs and newlines and ends the query at `#`, so a safe id can remain; the unsafe one never does.
    for (const param of ['connect', 'server', 'server_id']) {
      const request = read({ needs_connection: `https://app.codespar.dev/dashboard/auth-configs?${param}=${id}` });
      expect(request?.serverId).not.toBe(id);
      expectSafe(request);
    }
  });

  it('should refuse dot segments arriving double-decoded from a wizard URL (`%2e%2e` in the query is `..`)', () => {
    for (const id of ['%2e%2e', '.%2E', '%2E.', '%2F', 'a%2Fb']) {
      expect(read({ needs_connection: `https://app.codespar.dev/dashboard/auth-configs?connect=${id}` })).toBeUndefined();
    }
  });
});

describe('given prototype keys', () => {
  it('should not read a JSON `__proto__` key as the prototype', () => {
    expect(read(JSON.parse('{"__proto__": {"needs_connection": "stripe"}}'))).toBeUndefined();
    expect(read('{"__proto__": {"needs_connection": "stripe"}}')).toBeUndefined();
    expect(read(JSON.parse('{"__proto__": {"serverId": "stripe"}}'))).toBeUndefined();
    expect(read(JSON.parse('{"success": true, "__proto__": {"data": {"needs_connection": "stripe"}}}'))).toBeUndefined();
    expect(read(JSON.parse('{"serverId": "stripe", "__proto__": {"wizardUrl": "https://evil.example"}}'))).toBeUndefined();
  });

  it.each(PROTO_KEYS)('should not read a request nested under a `%s` key', (key) => {
    expect(read(JSON.parse(`{"${key}": {"needs_connection": "stripe"}}`))).toBeUndefined();
    expect(read({ [key]: { needs_connection: 'stripe' } })).toBeUndefined();
  });

  it('should give undefined for an object whose prototype says `needs_connection`', () => {
    expect(read(Object.create({ needs_connection: 'stripe' }))).toBeUndefined();
    expect(read(Object.create({ serverId: 'stripe' }))).toBeUndefined();
    expect(read(Object.create({ success: true, data: { needs_connection: 'stripe' } }))).toBeUndefined();
    expect(read(Object.create(liveInitiate('disconnected')))).toBeUndefined();
  });

  it('should not read a part output inherited from its prototype', () => {
    const part = Object.assign(Object.create({ output: SEED_NEEDS_CONNECTION }), {
      type: 'tool-create_pix_charge',
      toolCallId: 'c',
      state: 'output-available',
      input: {},
    });
    expect(read(part)).toBeUndefined();
  });

  it('should not read through a polluted Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'needs_connection', { value: 'stripe', configurable: true, writable: true });
    try {
      expect(read({})).toBeUndefined();
      expect(read('{}')).toBeUndefined();
      expect(read({ success: true, data: {} })).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).needs_connection;
    }
  });

  it('should read prototype names as plain ids (values, not keys) into a plain object', () => {
    for (const id of PROTO_KEYS) {
      const request = read({ needs_connection: id });
      expect(request).toEqual({ serverId: id });
      expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
      expect(Object.keys(request ?? {})).toEqual(['serverId']);
    }
  });
});

/** A Proxy that throws on every trap. */
function explosive<T extends object>(target: T): T {
  const boom = () => {
    throw new Error('trap');
  };
  return new Proxy(target, {
    get: boom,
    set: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    defineProperty: boom,
    deleteProperty: boom,
    getPrototypeOf: boom,
    setPrototypeOf: boom,
    isExtensible: boom,
    preventExtensions: boom,
    apply: boom,
    construct: boom,
  });
}

describe('given objects that throw when inspected', () => {
  it('should give undefined for getters that throw, without running them', () => {
    let runs = 0;
    const getter = () => {
      runs++;
      throw new Error('getter');
    };
    expect(read(Object.defineProperty({}, 'needs_connection', { get: getter, enumerable: true }))).toBeUndefined();
    expect(read(Object.defineProperty({ success: true }, 'data', { get: getter, enumerable: true }))).toBeUndefined();
    const part = { type: 'tool-x', toolCallId: 'c', state: 'output-available', input: {} };
    expect(read(Object.defineProperty(part, 'output', { get: getter, enumerable: true }))).toBeUndefined();
    expect(read(Object.defineProperty({ serverId: 'stripe' }, 'wizardUrl', { get: getter, enumerable: true }))).toEqual({
      serverId: 'stripe',
    });
    expect(runs).toBe(0);
  });

  it('should give undefined for an array element getter that throws', () => {
    const content = [{ type: 'text', text: '{}' }];
    Object.defineProperty(content, 0, {
      get: () => {
        throw new Error('element');
      },
    });
    expect(read({ content })).toBeUndefined();
    expect(read({ matches: content })).toBeUndefined();
  });

  it('should give undefined for a Proxy that throws on every trap, wherever it sits', () => {
    const object = explosive({});
    const array = explosive([]);
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    for (const value of [
      object,
      array,
      revocable.proxy,
      { needs_connection: object },
      { success: true, data: object },
      { content: array },
      { content: [object] },
      { structuredContent: object },
      { matches: array },
      { recommended: object },
      { action: 'initiate', initiate: object },
      ai6.static(object),
      ai6.static(revocable.proxy),
    ]) {
      expect(read(value)).toBeUndefined();
    }
  });
});

/**
 * A Proxy that counts how often the reader looks into `target`, and gives up (throws, so the reader
 * returns undefined) past a budget: how the tests below see runaway work without hanging on it.
 */
function counted<T extends object>(target: T, budget = 10_000) {
  const seen = { lookups: 0 };
  const proxy = new Proxy(target, {
    getOwnPropertyDescriptor(inner, key) {
      if (++seen.lookups > budget) throw new Error('budget');
      return Reflect.getOwnPropertyDescriptor(inner, key);
    },
  });
  return { proxy, seen };
}

describe('given cyclic and shared objects', () => {
  it('should give undefined for an output that contains itself', () => {
    const envelope: Record<string, unknown> = { success: true };
    envelope.data = envelope;
    const mcp: Record<string, unknown> = {};
    mcp.structuredContent = mcp;
    expect(read(envelope)).toBeUndefined();
    expect(read(mcp)).toBeUndefined();
    expect(read(ai6.static(envelope))).toBeUndefined();
  });

  it('should give undefined for a part whose output is the part', () => {
    const part: Record<string, unknown> = { type: 'tool-create_pix_charge', toolCallId: 'c', state: 'output-available', input: {} };
    part.output = part;
    expect(read(part)).toBeUndefined();
  });

  it('should still find a request beside a cycle', () => {
    const result: Record<string, unknown> = { content: [] };
    (result.content as unknown[]).push({ type: 'text', text: result }, { type: 'text', text: JSON.stringify(SEED_NEEDS_CONNECTION) });
    expect(read(result)).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
  });

  it('should look into an MCP result whose 32 text blocks all point back at it only a bounded number of times', () => {
    const target: Record<string, unknown> = {};
    const { proxy, seen } = counted(target);
    target.content = Array.from({ length: 32 }, () => ({ type: 'text', text: proxy }));
    expect(read(proxy)).toBeUndefined();
    expect(seen.lookups).toBeLessThan(100);
  });

  it('should look into an object shared by many blocks on every level only a bounded number of times', () => {
    // Not cyclic: eight levels, each level's 32 text blocks all pointing at the next level.
    let next: object = { needs_connection: false };
    const counters: { lookups: number }[] = [];
    for (let level = 0; level < 8; level++) {
      const { proxy, seen } = counted({ content: Array.from({ length: 32 }, () => ({ type: 'text', text: next })) });
      counters.push(seen);
      next = proxy;
    }
    expect(read(next)).toBeUndefined();
    for (const seen of counters) expect(seen.lookups).toBeLessThan(100);
  });
});

describe('given values that are not plain data', () => {
  it('should give undefined for symbols, bigints and functions', () => {
    const fn = Object.assign(() => undefined, { needs_connection: 'stripe' });
    for (const value of [
      Symbol('stripe'),
      10n,
      fn,
      { needs_connection: Symbol('stripe') },
      { needs_connection: 10n },
      { needs_connection: () => 'stripe' },
      { serverId: 1n },
      { [Symbol('needs_connection')]: 'stripe' },
      { serverId: Symbol('stripe') },
      ai6.static(fn),
    ]) {
      expect(read(value)).toBeUndefined();
    }
  });

  it("should not call the input's own methods: an own `slice` on MCP content hands over blocks that are not there", () => {
    let calls = 0;
    const content: unknown[] = [];
    Object.defineProperty(content, 'slice', {
      value: function* () {
        calls++;
        yield { type: 'text', text: JSON.stringify(SEED_NEEDS_CONNECTION) };
      },
    });
    expect(read({ content })).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('should read an object without a prototype like any other, and give undefined for an empty one', () => {
    expect(read(Object.create(null))).toBeUndefined();
    expect(read(Object.assign(Object.create(null), { needs_connection: 'stripe' }))).toEqual({ serverId: 'stripe' });
    const details = Object.assign(Object.create(null), { server_id: 'z-api', wizard_url: SEED_WIZARD_URL });
    expect(read({ needs_connection: details })).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
  });

  it('should give undefined for primitives, boxed strings, maps and dates', () => {
    for (const value of [
      undefined,
      null,
      true,
      0,
      Number.NaN,
      '',
      'stripe',
      SEED_WIZARD_URL,
      'null',
      '[{"needs_connection":"stripe"}]',
      '{"needs_connection":',
      new String(JSON.stringify(SEED_NEEDS_CONNECTION)),
      new Map([['needs_connection', 'stripe']]),
      new Date(),
    ]) {
      expect(read(value)).toBeUndefined();
    }
  });
});

describe('given huge and deeply nested input', () => {
  const FIVE_MB = 5 * 1024 * 1024;

  it('should give undefined for a 5 MB string, JSON or not', () => {
    expect(read('x'.repeat(FIVE_MB))).toBeUndefined();
    expect(read(`{"needs_connection":"stripe","pad":"${'x'.repeat(FIVE_MB)}"}`)).toBeUndefined();
    expect(read(`${' '.repeat(FIVE_MB)}{"needs_connection":"stripe"}`)).toBeUndefined();
  });

  it('should give undefined for a 5 MB wizard URL, and drop one beside a server id', () => {
    expect(read({ needs_connection: `https://app.codespar.dev/?connect=z-api&pad=${'x'.repeat(FIVE_MB)}` })).toBeUndefined();
    expect(read({ needs_connection: { server_id: 'stripe', wizard_url: `https://app.codespar.dev/${'x'.repeat(FIVE_MB)}` } })).toEqual({
      serverId: 'stripe',
    });
  });

  it('should leave out a 5 MB tool call id or tool name', () => {
    const part = { ...ai6.static(SEED_NEEDS_CONNECTION), toolCallId: 'c'.repeat(FIVE_MB) };
    expect(read(part)).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL, toolName: 'create_pix_charge' });
    const dynamic = { ...ai6.dynamic(SEED_NEEDS_CONNECTION), toolName: 'n'.repeat(FIVE_MB) };
    expect(read(dynamic)).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL, toolCallId: 'call_ai6_dynamic' });
  });

  it('should read JSON in JSON a few levels deep, and give undefined nested deeper than any real result', () => {
    const nested = (levels: number) => {
      let text = JSON.stringify(SEED_NEEDS_CONNECTION);
      for (let i = 0; i < levels; i++) text = JSON.stringify(text);
      return text;
    };
    expect(read(nested(3))).toEqual({ serverId: 'z-api', wizardUrl: SEED_WIZARD_URL });
    // Each level about doubles the escapes: 12 levels still parse (and nest too deep), 18 are past the size limit.
    expect(nested(12).length).toBeLessThan(1_000_000);
    expect(read(nested(12))).toBeUndefined();
    expect(nested(18).length).toBeGreaterThan(1_000_000);
    expect(read(nested(18))).toBeUndefined();
  });

  it('should give undefined for 10,000 nested envelopes, as text and in memory', () => {
    const depth = 10_000;
    const text = `${'{"success":true,"data":'.repeat(depth)}{"needs_connection":"stripe"}${'}'.repeat(depth)}`;
    expect(read(text)).toBeUndefined();
    let value: unknown = { needs_connection: 'stripe' };
    for (let i = 0; i < depth; i++) value = { success: true, data: value };
    expect(read(value)).toBeUndefined();
    for (let i = 0; i < depth; i++) value = { structuredContent: value };
    expect(read(value)).toBeUndefined();
  });
});

// ─── 3. Properties ──────────────────────────────────────────────────────────────────────────────

const OWN_KEYS = new Set(['serverId', 'wizardUrl', 'toolName', 'toolCallId']);

/** The contract for every answer: undefined, or a plain request with a safe id and a checked URL. */
function expectSafe(request: ConnectionRequest | undefined): void {
  if (request === undefined) return;
  expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
  expect(Object.getOwnPropertySymbols(request)).toEqual([]);
  for (const key of Object.keys(request)) expect(OWN_KEYS.has(key), key).toBe(true);
  expect(isSafeId(request.serverId), request.serverId).toBe(true);
  if ('wizardUrl' in request) expect(checkUrl(request.wizardUrl).href).toBe(request.wizardUrl);
  if ('toolName' in request) expect(request.toolName).toBeTypeOf('string');
  if ('toolCallId' in request) expect(request.toolCallId).toBeTypeOf('string');
}

const HOSTILE_IDS = [...UNSAFE_IDS.map(([, id]) => id), ...PROTO_KEYS, 'toString', 'hasOwnProperty', '...', '%252e%252e'];

const idArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_IDS, 'stripe', 'mercado-pago', 'z-api', 'nuvem-fiscal'),
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,24}$/),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  // Dot segments, separators and their encodings, in any order.
  fc
    .array(fc.constantFrom('.', '%2e', '%2E', '/', '%2f', '\\', '%5C', '?', '#', '%', ' ', '\u0000', 'a', '-'), { maxLength: 6 })
    .map((pieces) => pieces.join('')),
  fc.integer({ min: 250, max: 260 }).map((length) => 'x'.repeat(length)),
);

const URL_BASES = [
  'https://app.codespar.dev/dashboard/auth-configs',
  'https://app.codespar.dev/dashboard/connections',
  'http://localhost:6006/dashboard/auth-configs',
  'http://evil.example/dashboard',
  'https://user@evil.example/',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '//evil.example/',
];

const urlArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      base: fc.constantFrom(...URL_BASES),
      param: fc.constantFrom('connect', 'server', 'server_id', 'provider', ...PROTO_KEYS),
      id: idArb,
      encode: fc.boolean(),
      extra: fc.constantFrom('', '&session=sess_1', '#top'),
    })
    .map(({ base, param, id, encode, extra }) => `${base}?${param}=${encode ? encodeURIComponent(id) : id}${extra}`),
  fc.constantFrom(SEED_WIZARD_URL, MP_WIZARD_URL, ZAPI_CONNECT_URL, 'http://127.0.0.1:6006/dashboard/auth-configs?server=stripe'),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(...REFUSED_URLS.flatMap((c) => (typeof c.input === 'string' ? [c.input] : []))),
  fc.string({ maxLength: 60 }),
);

const statusArb = fc.oneof(
  fc.constantFrom('connected', 'needs_setup', 'expired', 'error', 'disconnected', 'not_required', 'not_connected', '', 'NEEDS_SETUP'),
  fc.string({ maxLength: 12 }),
);

const nameArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ...PROTO_KEYS),
  fc.integer({ min: 255, max: 258 }).map((length) => 'n'.repeat(length)),
);

/** JSON-safe values for the fields a shape does not pin down. */
const jsonish = fc.anything({ withObjectString: true, withSparseArray: true, maxDepth: 2 });

/** Mostly `arb`, sometimes anything. */
const mostly = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: jsonish });

/** Plausible request-bearing payloads, every field arbitrary or hostile. All JSON-safe. */
const payloadArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  mostly(urlArb).map((url) => ({ needs_connection: url })),
  mostly(idArb).map((id) => ({ needs_connection: id })),
  fc
    .record({ server_id: mostly(idArb), wizard_url: mostly(urlArb), connect_url: urlArb, tool_name: nameArb }, { requiredKeys: [] })
    .map((details) => ({ needs_connection: details })),
  fc
    .record({ flag: mostly(fc.constant(true)), server_id: mostly(idArb), wizard_url: mostly(urlArb) }, { requiredKeys: ['flag'] })
    .map(({ flag, ...details }) => ({ needs_connection: flag, ...details })),
  fc.record(
    { server_id: mostly(idArb), status: mostly(statusArb), wizard_url: mostly(urlArb), connection_id: nameArb, expires_at: fc.string() },
    { requiredKeys: ['server_id', 'status'] },
  ),
  fc
    .record({
      action: fc.constantFrom('initiate', 'status', 'list'),
      server_id: mostly(idArb),
      status: mostly(statusArb),
      url: mostly(urlArb),
    })
    .map(({ action, server_id, status, url }) => {
      const instructions = { ...liveInstructions('disconnected'), server_id, status, connect_url: url };
      const row = { ...liveRow('disconnected'), server_id, status };
      return {
        action,
        connections: action === 'list' ? [row] : [],
        status: action === 'status' ? row : null,
        initiate: action === 'initiate' ? instructions : null,
      };
    }),
  fc
    .record({ server_id: mostly(idArb), tool_name: mostly(nameArb), connected: mostly(fc.boolean()) }, { requiredKeys: [] })
    .map((match) => ({ matches: [match] })),
  fc
    .record({ server_id: mostly(idArb), tool_name: mostly(nameArb), connection_status: mostly(statusArb) })
    .map((match) => ({ ...liveDiscover(null), recommended: { ...liveMatch('disconnected'), ...match } })),
  fc.record(
    { serverId: mostly(idArb), wizardUrl: mostly(urlArb), toolName: mostly(nameArb), toolCallId: mostly(nameArb) },
    { requiredKeys: ['serverId'] },
  ),
);

const PENDING_STATES = ['input-streaming', 'input-available', 'approval-requested', 'approval-responded', 'output-denied', 'output-error'];
const stateArb = fc.oneof(
  fc.constantFrom(...PENDING_STATES, 'output-available'),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('Output-Available', 'output-available ', 'result', 'call'),
);

const toolPart = (kind: 'static' | 'dynamic', state: string, output: unknown, toolCallId: unknown = 'call_p') =>
  kind === 'static'
    ? { type: 'tool-create_pix_charge', toolCallId, state, input: PIX_INPUT, output }
    : { type: 'dynamic-tool', toolName: 'codespar_manage_connections', toolCallId, state, input: {}, output };

type Wrapper = (inner: unknown, state: string) => unknown;

/** The ways a payload reaches the reader, freely stacked, including ones that must hide it. */
const WRAPPERS: Record<string, Wrapper> = {
  json: (inner) => JSON.stringify(inner) ?? 'undefined',
  envelope: (inner) => ({ success: true, data: inner }),
  failedEnvelope: (inner) => ({ success: false, data: inner, error: 'boom' }),
  mcpText: (inner) => ({ content: [{ type: 'text', text: typeof inner === 'string' ? inner : JSON.stringify(inner) }] }),
  structured: (inner) => ({ structuredContent: inner }),
  staticPart: (inner, state) => toolPart('static', state, inner),
  dynamicPart: (inner, state) => toolPart('dynamic', state, inner),
  protoKey: (inner) => JSON.parse(`{"__proto__": ${JSON.stringify(inner) ?? 'null'}}`),
  constructorKey: (inner) => ({ constructor: inner }),
  inherited: (inner) => (typeof inner === 'object' && inner !== null ? Object.create(inner) : inner),
  nullPrototype: (inner) => (typeof inner === 'object' && inner !== null ? Object.assign(Object.create(null), inner) : inner),
};

const wrappedArb: fc.Arbitrary<unknown> = fc
  .tuple(payloadArb, fc.array(fc.tuple(fc.constantFrom(...Object.keys(WRAPPERS)), stateArb), { maxLength: 5 }))
  .map(([payload, layers]) => layers.reduce<unknown>((inner, [name, state]) => WRAPPERS[name]!(inner, state), payload));

const KEYS = [
  ...PROTO_KEYS,
  ...OWN_KEYS,
  'needs_connection',
  'server_id',
  'wizard_url',
  'connect_url',
  'tool_name',
  'status',
  'success',
  'data',
  'content',
  'structuredContent',
  'type',
  'text',
  'state',
  'output',
  'action',
  'initiate',
  'matches',
  'recommended',
  'connected',
  'connection_status',
];

/** Anything at all, in memory: BigInt, prototype-less objects, boxed values, with the reader's own keys and hostile strings. */
const hostileAnything = fc.anything({
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 10 })),
  values: [
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constant(null),
    fc.constant(undefined),
    idArb,
    urlArb,
    statusArb,
    fc.constantFrom('output-available', 'tool-create_pix_charge', 'dynamic-tool', 'text', 'initiate'),
  ],
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  maxDepth: 4,
});

const anyValue = fc.oneof(hostileAnything, wrappedArb, payloadArb);

/** serverId and wizardUrl only: what wrapping must not change. */
const core = (request: ConnectionRequest | undefined) =>
  request === undefined
    ? undefined
    : request.wizardUrl === undefined
      ? { serverId: request.serverId }
      : { serverId: request.serverId, wizardUrl: request.wizardUrl };

describe('given any value at all (fast-check)', () => {
  it(
    'should never throw, and give undefined or a request with only its own keys, a safe id and a checked URL',
    () => {
      fc.assert(
        fc.property(anyValue, (value) => {
          expectSafe(readConnectionRequest(value));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );

  it(
    'should read its own answer as itself (idempotence)',
    () => {
      fc.assert(
        fc.property(anyValue, (value) => {
          const first = readConnectionRequest(value);
          if (first !== undefined) expect(readConnectionRequest(first)).toStrictEqual(first);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given any request-bearing payload (fast-check)', () => {
  it(
    'should read the same serverId and wizardUrl as JSON, in an envelope, in MCP text and in an output-available part',
    () => {
      fc.assert(
        fc.property(payloadArb, (payload) => {
          const base = core(readConnectionRequest(payload));
          expect(core(readConnectionRequest(JSON.stringify(payload)))).toStrictEqual(base);
          expect(core(readConnectionRequest({ success: true, data: payload }))).toStrictEqual(base);
          expect(core(readConnectionRequest({ content: [{ type: 'text', text: JSON.stringify(payload) }] }))).toStrictEqual(base);
          expect(core(readConnectionRequest({ structuredContent: payload }))).toStrictEqual(base);
          // A part adds exactly its call and tool.
          const expected = base && { ...base, toolName: 'create_pix_charge', toolCallId: 'call_p' };
          expect(readConnectionRequest(toolPart('static', 'output-available', payload))).toStrictEqual(expected);
          expect(readConnectionRequest(toolPart('static', 'output-available', JSON.stringify(payload)))).toStrictEqual(expected);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );

  it(
    'should give undefined for it behind a prototype key or as a prototype',
    () => {
      fc.assert(
        fc.property(payloadArb, (payload) => {
          const json = JSON.stringify(payload);
          expect(readConnectionRequest(JSON.parse(`{"__proto__": ${json}}`))).toBeUndefined();
          expect(readConnectionRequest(`{"__proto__": ${json}}`)).toBeUndefined();
          expect(readConnectionRequest({ constructor: payload })).toBeUndefined();
          expect(readConnectionRequest(Object.create(payload))).toBeUndefined();
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );

  it(
    'should give undefined for a tool part around it in any state but output-available',
    () => {
      fc.assert(
        fc.property(
          payloadArb,
          stateArb.filter((state) => state !== 'output-available'),
          fc.constantFrom('static' as const, 'dynamic' as const),
          fc.boolean(),
          (payload, state, kind, asJson) => {
            const part = toolPart(kind, state, asJson ? JSON.stringify(payload) : payload);
            expect(readConnectionRequest(part)).toBeUndefined();
            expect(readConnectionRequest(JSON.stringify(part))).toBeUndefined();
            expect(readConnectionRequest({ ...part, errorText: 'boom', approval: { id: 'a', approved: false } })).toBeUndefined();
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});
