// The meta-tool client over CodeSpar's live wire (issue 9): `session.execute` of an SDK-shaped
// session handed over unchanged, both argument spellings, both result dialects; and the live
// shapes' edge cases as fixtures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnectFlow } from '../../src/core/connect-flow.ts';
import { ConnectionsError } from '../../src/core/errors.ts';
import { createSessionExecute } from '../../src/core/http.ts';
import { createMetaToolClient } from '../../src/core/meta-tool-client.ts';
import { createFakeBrowser } from '../../src/testing/fake-browser.ts';
import { type RunningReferenceApi, serveReferenceApi } from '../../src/testing/node.ts';
import { openSdkSession } from '../sdk-session.ts';
import type { ConnectionWizardInstructions, ConnectionWizardResult } from '../sdk-types.ts';

let server: RunningReferenceApi;
beforeAll(async () => {
  server = await serveReferenceApi({ port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.api.reset();
});

/** `ses_demo`'s servers seen through the SDK's own `session.execute`, handed over unchanged. */
async function sdkClient(argument: 'operation' | 'action') {
  const session = await openSdkSession(server.url, 'csk_test_demo', {
    servers: ['stripe', 'mercado-pago', 'asaas', 'z-api', 'brasil-api'],
    user_id: 'user_1',
  });
  server.api.setServerState(session.id, 'stripe', 'connected');
  server.api.setServerState(session.id, 'asaas', 'expired');
  return { session, client: createMetaToolClient({ key: session.id, execute: session.execute, argument }) };
}

describe("given CodeSpar's SDK session.execute, handed over unchanged", () => {
  it.each(['action', 'operation'] as const)('should list the servers with one status vocabulary (argument: %s)', async (argument) => {
    const { client } = await sdkClient(argument);
    const { connections } = await client.list();
    const byId = Object.fromEntries(connections.map((c) => [c.id, c.status]));
    if (argument === 'action') {
      // The live rows: every server of the session, named, with not_required for one that needs no auth.
      expect(byId).toEqual({
        stripe: 'connected',
        'mercado-pago': 'not_connected',
        asaas: 'expired',
        'z-api': 'not_connected',
        'brasil-api': 'not_required',
      });
      expect(connections.find((c) => c.id === 'mercado-pago')?.name).toBe('Mercado Pago');
    } else {
      // The seed's list: only servers with a connection, named by id.
      expect(byId).toMatchObject({ stripe: 'connected', asaas: 'expired' });
      expect(connections.find((c) => c.id === 'stripe')?.name).toBe('stripe');
    }
  });

  it('should read the live status row and the live initiate, with what the setup page asks for', async () => {
    const { client } = await sdkClient('action');
    expect(await client.check('brasil-api')).toEqual({ serverId: 'brasil-api', status: 'not_required' });
    expect(await client.check('mercado-pago')).toEqual({ serverId: 'mercado-pago', status: 'not_connected' });
    expect(await client.begin('brasil-api')).toEqual({ type: 'connected', serverId: 'brasil-api' });

    const start = await client.begin('z-api');
    expect(start.type).toBe('wizard');
    if (start.type !== 'wizard') return;
    expect(new URL(start.url).pathname).toBe('/dashboard/auth-configs');
    expect(new URL(start.url).searchParams.get('connect')).toBe('z-api');
    expect(start.setup?.difficulty).toBe('medium');
    expect(start.setup?.instructions.length).toBeGreaterThan(1);
    expect(start.setup?.requiredSecrets.map((s) => s.name)).toEqual(['ZAPI_INSTANCE_ID', 'ZAPI_INSTANCE_TOKEN', 'ZAPI_CLIENT_TOKEN']);
    expect(start.setup?.knownPitfalls.length).toBeGreaterThan(0);
    expect(start.setup?.nextAction).toMatch(/\S/);
    // The live rows name the server: the list shows it as the API does.
    expect((await client.list()).connections.find((c) => c.id === 'z-api')?.name).toBe('Z-API');
  });

  it('should run the connect flow on it: needs_setup with the instructions, then connected once the operator is done', async () => {
    const { session, client } = await sdkClient('action');
    const browser = createFakeBrowser({ origin: server.url });
    const flow = createConnectFlow({ client, serverId: 'z-api', adapter: browser, timing: { pollIntervalMs: 30 } });
    flow.start();
    await expect.poll(() => flow.getSnapshot().status).toBe('needs_setup');
    expect(flow.getSnapshot().setup?.requiredSecrets[0]?.name).toBe('ZAPI_INSTANCE_ID');
    expect(browser.popups[0]?.navigations).toEqual([flow.getSnapshot().url]);
    // The operator fills in the setup page the popup shows.
    const url = new URL(flow.getSnapshot().url as string);
    const done = await fetch(new URL('/dashboard/auth-configs', url), {
      method: 'POST',
      body: new URLSearchParams({ connect: 'z-api', session: session.id, api_key: 'instance-token-from-the-panel' }),
    });
    expect(done.status).toBe(200);
    await expect.poll(() => flow.getSnapshot().status).toBe('connected');
    flow.dispose();
  });
});

describe('given createSessionExecute with argument: action', () => {
  it('should send action and read the live answers the reference API gives for it', async () => {
    server.api.clearRequests();
    const client = createMetaToolClient({
      key: 'ses_demo',
      argument: 'action',
      execute: createSessionExecute({ sessionId: 'ses_demo', baseUrl: server.url, getToken: () => 'demo_token' }),
    });
    // The live row has no connection id (connection_metadata and connected_at instead).
    expect(await client.check('stripe')).toEqual({ serverId: 'stripe', status: 'connected' });
    expect(server.api.requests.at(-1)).toMatchObject({ route: 'execute', operation: 'status' });
  });
});

/** A meta-tool client whose execute answers `result` (wrapped in the SDK's envelope). */
const answering = (result: unknown) =>
  createMetaToolClient({ argument: 'action', execute: async () => ({ success: true, data: result, error: null }) });

const instructions = (overrides: Partial<ConnectionWizardInstructions> & Record<string, unknown> = {}): ConnectionWizardInstructions => ({
  server_id: 'asaas',
  display_name: 'Asaas',
  auth_type: 'api_key',
  difficulty: 'easy',
  status: 'disconnected',
  connect_url: 'https://app.codespar.dev/dashboard/auth-configs?connect=asaas',
  instructions: ['Open Asaas → Integrations.', 'Create an API key.'],
  required_secrets: [{ name: 'ASAAS_API_KEY', hint: 'Starts with $aact_' }],
  known_pitfalls: ['Sandbox keys do not work in production.'],
  next_action: 'Paste the key on the setup page.',
  ...overrides,
});
const wizard = (partial: Partial<ConnectionWizardResult>): ConnectionWizardResult => ({
  action: 'initiate',
  connections: [],
  status: null,
  initiate: null,
  ...partial,
});

describe('given live results of every kind (fixtures)', () => {
  it('should carry the secrets’ names and hints and never a value the API might send', async () => {
    const secret = { name: 'ASAAS_API_KEY', hint: 'Starts with $aact_', value: '$aact_live_do_not_show' };
    const start = await answering(wizard({ initiate: instructions({ required_secrets: [secret] }) })).begin('asaas');
    expect(start).toMatchObject({ type: 'wizard', setup: { requiredSecrets: [{ name: 'ASAAS_API_KEY', hint: 'Starts with $aact_' }] } });
    expect(JSON.stringify(start)).not.toContain('do_not_show');
  });

  it('should cut an endless setup list to twenty lines of at most 600 characters', async () => {
    const long = 'x'.repeat(5000);
    const start = await answering(wizard({ initiate: instructions({ instructions: Array(500).fill(long) }) })).begin('asaas');
    if (start.type !== 'wizard') throw new Error('expected a wizard');
    expect(start.setup?.instructions).toHaveLength(20);
    expect(start.setup?.instructions[0]).toHaveLength(601);
  });

  it('should refuse an unsafe connect_url, a null answer, and an answer about another server', async () => {
    const unsafe = await answering(wizard({ initiate: instructions({ connect_url: 'javascript:alert(1)' }) }))
      .begin('asaas')
      .catch((e: unknown) => e);
    expect(unsafe).toMatchObject({ code: 'unsafe_url' });
    const empty = await answering(wizard({ action: 'status' }))
      .check('asaas')
      .catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ConnectionsError);
    expect(empty).toMatchObject({ code: 'invalid_response', message: expect.stringContaining('answered no status result') });
    const other = await answering(wizard({ initiate: instructions({ server_id: 'stripe' }) }))
      .begin('asaas')
      .catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'invalid_response' });
  });

  it('should read a flat result that also names its action as the flat result it is', async () => {
    const client = answering({ action: 'status', server_id: 'asaas', status: 'needs_setup' });
    expect(await client.check('asaas')).toEqual({ serverId: 'asaas', status: 'needs_setup' });
  });

  it('should refuse an argument spelling it does not know', () => {
    expect(() => createMetaToolClient({ execute: async () => null, argument: 'op' as 'action' })).toThrow(/argument/);
  });
});
