import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectionsApiError,
  ConnectionsError,
  createMetaToolClient,
  createSessionExecute,
  type ExecuteFn,
  type MetaToolConnectionsClient,
  UnsafeUrlError,
} from '../../src/core/index.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/index.ts';
import { UNSAFE_IDS } from './id-cases.ts';

let api: ReferenceApi;
let client: MetaToolConnectionsClient;

function executeOver(api: ReferenceApi, token = 'demo_token'): ExecuteFn {
  return createSessionExecute({ sessionId: 'ses_demo', baseUrl: 'http://127.0.0.1:4010', getToken: () => token, fetch: api.fetch });
}

async function rejection(promise: Promise<unknown>): Promise<ConnectionsError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionsError);
  return error as ConnectionsError;
}

beforeEach(() => {
  api = createReferenceApi();
  client = createMetaToolClient({ key: 'ses_demo', execute: executeOver(api) });
});

describe('given the reference API over POST /v1/sessions/:id/execute', () => {
  it('should list the session connections (connected, expired and errored ones)', async () => {
    const { connections, total } = await client.list();
    expect(total).toBe(connections.length);
    const byId = Object.fromEntries(connections.map((c) => [c.id, c]));
    expect(byId.stripe).toMatchObject({ connected: true, status: 'connected', connectionId: expect.stringMatching(/^conn_/) });
    expect(byId.asaas).toMatchObject({ connected: false, status: 'expired' });
    expect(byId['nuvem-fiscal']).toMatchObject({ status: 'error' });
    expect(byId['mercado-pago']).toBeUndefined();
  });

  it('should send { operation, server_id } to codespar_manage_connections', async () => {
    const calls: unknown[] = [];
    const execute: ExecuteFn = async (tool, args) => {
      calls.push({ tool, args });
      return executeOver(api)(tool, args);
    };
    await createMetaToolClient({ execute }).check('asaas');
    expect(calls).toEqual([{ tool: 'codespar_manage_connections', args: { operation: 'status', server_id: 'asaas' } }]);
    expect(api.requests.at(-1)).toMatchObject({ route: 'execute', operation: 'status' });
  });

  it('status should say connected, needs_setup, expired or error', async () => {
    await expect(client.check('stripe')).resolves.toMatchObject({
      serverId: 'stripe',
      status: 'connected',
      connectionId: expect.any(String),
    });
    await expect(client.check('mercado-pago')).resolves.toEqual({ serverId: 'mercado-pago', status: 'needs_setup' });
    await expect(client.check('asaas')).resolves.toMatchObject({ status: 'expired' });
    await expect(client.check('nuvem-fiscal')).resolves.toMatchObject({ serverId: 'nuvem-fiscal', status: 'error' });
  });

  it('initiate should give begin a wizard start with the checked wizard_url', async () => {
    const start = await client.begin('z-api');
    if (start.type !== 'wizard') throw new Error(`expected a wizard, got ${start.type}`);
    const url = new URL(start.url);
    expect(url.pathname).toBe('/dashboard/auth-configs');
    expect(url.searchParams.get('connect')).toBe('z-api');
    expect(start).toEqual({ type: 'wizard', serverId: 'z-api', url: start.url });
    expect(api.requests.at(-1)).toMatchObject({ route: 'execute', operation: 'initiate' });
  });

  it('should see completion only by asking status again after the operator finishes setup', async () => {
    const start = await client.begin('z-api');
    if (start.type !== 'wizard') throw new Error('expected a wizard');
    await expect(client.check('z-api')).resolves.toMatchObject({ status: 'needs_setup' });
    const setupUrl = new URL(start.url);
    const form = new URLSearchParams({ connect: 'z-api', session: 'ses_demo', api_key: 'token-123' });
    const page = await api.handle(new Request(new URL('/dashboard/auth-configs', setupUrl), { method: 'POST', body: form }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('is connected');
    await expect(client.check('z-api')).resolves.toMatchObject({ status: 'connected', connectionId: expect.any(String) });
    await expect(client.begin('z-api')).resolves.toMatchObject({ type: 'connected', serverId: 'z-api', connectionId: expect.any(String) });
  });

  it('should refuse an unsafe wizard_url with unsafe_url', async () => {
    api.addFault({ route: 'execute', operation: 'initiate', redirectUrl: 'javascript:alert(1)' });
    const error = await rejection(client.begin('z-api'));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(error.code).toBe('unsafe_url');
  });

  it('should turn success: false into a typed error', async () => {
    const error = await rejection(client.check('no-such-server'));
    expect(error).toBeInstanceOf(ConnectionsApiError);
    expect(error.code).toBe('not_found');
  });

  it('should surface HTTP failures of the execute endpoint with their code', async () => {
    const readOnly = createMetaToolClient({ execute: executeOver(api, 'demo_read_token') });
    await expect(readOnly.check('stripe')).resolves.toBeTruthy();
    const error = await rejection(readOnly.begin('z-api'));
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('should not retry the execute POST after a 5xx', async () => {
    api.addFault({ route: 'execute', status: 500, body: { error: 'internal' } });
    const error = await rejection(client.list());
    expect(error).toMatchObject({ code: 'server_error', status: 500 });
    expect(api.requests).toHaveLength(1);
  });
});

describe('given what different hosts return from execute', () => {
  const withResult = (value: unknown) => createMetaToolClient({ execute: async () => value });

  it('should accept the bare result, the envelope, and JSON text', async () => {
    const bare = { server_id: 'asaas', status: 'expired' };
    const read = { serverId: 'asaas', status: 'expired' };
    await expect(withResult(bare).check('asaas')).resolves.toEqual(read);
    await expect(withResult({ success: true, data: bare }).check('asaas')).resolves.toEqual(read);
    await expect(withResult(JSON.stringify(bare)).check('asaas')).resolves.toEqual(read);
    await expect(withResult({ success: true, data: JSON.stringify(bare) }).check('asaas')).resolves.toEqual(read);
  });

  it('should accept results that also say action', async () => {
    await expect(withResult({ action: 'status', server_id: 'x', status: 'connected' }).check('x')).resolves.toEqual({
      serverId: 'x',
      status: 'connected',
    });
  });

  it.each([
    [{ success: false, error: 'rate_limited' }, 'rate_limited'],
    [{ success: false, error: { code: 'unauthorized', message: 'bad key' } }, 'unauthorized'],
    [{ success: false, error: 'something odd happened' }, 'server_error'],
    [{ success: false }, 'server_error'],
  ])('should map the failure %j to %s', async (result, code) => {
    const error = await rejection(withResult(result).list());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/codespar_manage_connections list failed/);
    expect(error.body).toEqual(result);
  });

  it.each([
    ['not JSON text', 'oops', /not JSON/],
    ['the wrong shape', { connections: [{ server_id: 'x', status: 'maybe' }] }, /wrong shape: connections\.0\.status/],
    ['nothing', undefined, /wrong shape/],
    // An execute() that hands back a host object can hold a hole; it was a row of undefined in the list.
    [
      'a list with a hole',
      { connections: Object.assign([], { 1: { server_id: 'asaas', status: 'connected' } }) },
      /wrong shape: connections\.0: Expected an object/,
    ],
  ])('should reject %s as invalid_response', async (_what, result, message) => {
    const error = await rejection(withResult(result).list());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(message);
  });

  describe('given a result for another operation, server or tool, in either spelling (operation or action)', () => {
    const wizard = 'https://app.codespar.dev/dashboard/auth-configs?connect=asaas';
    it.each([
      ['status', { operation: 'initiate', server_id: 'asaas', status: 'needs_setup', wizard_url: wizard }],
      ['status', { action: 'initiate', server_id: 'asaas', status: 'needs_setup', wizard_url: wizard }],
      ['status', { action: 'list', server_id: 'asaas', status: 'connected' }],
      ['status', { operation: 'status', action: 'initiate', server_id: 'asaas', status: 'connected' }],
      ['initiate', { operation: 'status', server_id: 'asaas', status: 'connected' }],
      ['initiate', { action: 'status', server_id: 'asaas', status: 'connected' }],
      ['list', { operation: 'status', connections: [{ server_id: 'asaas', status: 'connected' }] }],
      ['list', { action: 'initiate', connections: [] }],
      ['status', { action: 7, server_id: 'asaas', status: 'connected' }],
    ] as const)('should reject a %s answered with %j as invalid_response', async (operation, result) => {
      const c = withResult({ success: true, data: result });
      const error = await rejection(operation === 'list' ? c.list() : operation === 'status' ? c.check('asaas') : c.begin('asaas'));
      expect(error.code).toBe('invalid_response');
      expect(error.message).toContain('another operation');
    });

    it.each([
      { operation: 'status', server_id: 'stripe', status: 'connected' },
      { action: 'status', server_id: 'stripe', status: 'connected' },
    ])('should reject a status of another server in %j', async (result) => {
      const error = await rejection(withResult(result).check('asaas'));
      expect(error.code).toBe('invalid_response');
      expect(error.message).toContain('another server');
    });

    it('should reject the result of another tool in the envelope', async () => {
      const error = await rejection(
        withResult({ success: true, tool: 'codespar_discover', data: { server_id: 'asaas', status: 'connected' } }).check('asaas'),
      );
      expect(error.code).toBe('invalid_response');
      expect(error.message).toContain('codespar_discover');
    });

    it('should accept a result that names the operation asked, in both spellings', async () => {
      const result = { operation: 'status', action: 'status', server_id: 'asaas', status: 'connected' };
      await expect(withResult({ success: true, tool: 'codespar_manage_connections', data: result }).check('asaas')).resolves.toEqual({
        serverId: 'asaas',
        status: 'connected',
      });
    });
  });

  it('should reject an answer about another server as invalid_response', async () => {
    const error = await rejection(withResult({ server_id: 'stripe', status: 'connected' }).check('asaas'));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('another server');
  });

  it('should check a wizard_url that status returns, too', async () => {
    const error = await rejection(withResult({ server_id: 'x', status: 'needs_setup', wizard_url: 'javascript:alert(1)' }).check('x'));
    expect(error.code).toBe('unsafe_url');
  });

  it('should reject needs_setup without a wizard_url from begin as invalid_response', async () => {
    const error = await rejection(withResult({ server_id: 'x', status: 'needs_setup' }).begin('x'));
    expect(error.code).toBe('invalid_response');
  });

  it('should wrap a throwing execute as network_error with the cause, and keep a ConnectionsError as is', async () => {
    const cause = new TypeError('Failed to fetch');
    const error = await rejection(createMetaToolClient({ execute: () => Promise.reject(cause) }).list());
    expect(error).toMatchObject({ code: 'network_error' });
    expect(error.cause).toBe(cause);
    const own = new ConnectionsApiError('rate_limited', 'slow');
    await expect(createMetaToolClient({ execute: () => Promise.reject(own) }).list()).rejects.toBe(own);
  });

  it("should reject with aborted, its cause kept, when execute's own fetch was aborted (an AbortError)", async () => {
    const cause = new DOMException('The operation was aborted.', 'AbortError');
    const error = await rejection(createMetaToolClient({ execute: () => Promise.reject(cause) }).list());
    expect(error).toMatchObject({ code: 'aborted', cause });
  });

  it('should reject with aborted when the signal aborts, even if execute ignores it', async () => {
    const controller = new AbortController();
    const never = createMetaToolClient({ execute: () => new Promise(() => {}) });
    const promise = never.list({ signal: controller.signal });
    controller.abort();
    expect((await rejection(promise)).code).toBe('aborted');
  });

  it.each(UNSAFE_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))(
    'should refuse server id %s with invalid_options before calling execute',
    async (_label, id) => {
      const calls: unknown[] = [];
      const c = createMetaToolClient({ execute: async (_tool, args) => calls.push(args) });
      const serverId = id as string;
      for (const call of [() => c.check(serverId), () => c.begin(serverId)]) {
        const error = await rejection(call());
        expect(error).toMatchObject({ name: 'ConfigurationError', code: 'invalid_options' });
      }
      expect(calls).toEqual([]);
    },
  );

  it.each(UNSAFE_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))(
    'should refuse session id %s in createSessionExecute up front',
    (_label, id) => {
      expect(() => createSessionExecute({ sessionId: id as string, fetch: api.fetch })).toThrow(
        expect.objectContaining({ code: 'invalid_options' }),
      );
    },
  );

  it('should refuse a missing execute', () => {
    expect(() => createMetaToolClient({} as never)).toThrow(/execute/);
  });
});
