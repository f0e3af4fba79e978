// The reference API's live dialect (issue 9 item 4): a session driven the way CodeSpar's own SDK
// drives one, over real HTTP on 127.0.0.1, every answer parsed against the SDK's types; the seed's
// dialect beside it; unknown actions, closed sessions, the list-shape header and hostile input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG, createReferenceApi, type RunningReferenceApi, serveReferenceApi } from '../../src/testing/index.ts';
import { Connections, Discover, Envelope, openSdkSession, SessionBody, WizardResult } from '../sdk-session.ts';
import type { ConnectionWizardInstructions, ConnectionWizardOptions, ConnectionWizardResult } from '../sdk-types.ts';

let server: RunningReferenceApi;
const KEY = 'csk_test_demo';
const NFE_USE_CASE = 'issue an NF-e for a Brazilian customer';

beforeAll(async () => {
  // The SDK reads GET …/connections as { servers, tools } and sends no header to ask for it: a host
  // running it unchanged starts the reference API with listShape: 'live'.
  server = await serveReferenceApi({ port: 0, listShape: 'live' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.api.reset();
});

const open = (servers: string[], user_id = 'user_42') => openSdkSession(server.url, KEY, { servers, user_id });

function http(path: string, init: RequestInit & { token?: string } = {}) {
  const { token = KEY, ...rest } = init;
  return fetch(`${server.url}${path}`, {
    ...rest,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(rest.headers as Record<string, string>) },
  });
}

/** The operator completes the reference setup page a connect_url points at, as a browser would. */
async function completeSetup(connectUrl: string, fields: Record<string, string> = {}) {
  const url = new URL(connectUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const done = await fetch(new URL('/dashboard/auth-configs', url), {
    method: 'POST',
    body: new URLSearchParams({
      connect: url.searchParams.get('connect') ?? '',
      session: url.searchParams.get('session') ?? '',
      ...fields,
    }),
  });
  expect(done.status).toBe(200);
}

describe('given a session CodeSpar’s SDK creates with csk_test_demo', () => {
  it('should answer the session object, its servers not connected except those that need no auth', async () => {
    const session = await open(['nuvem-fiscal', 'focus-nfe', 'brasil-api']);
    const created = SessionBody.parse(session.created);
    expect(created).toMatchObject({
      user_id: 'user_42',
      servers: ['nuvem-fiscal', 'focus-nfe', 'brasil-api'],
      status: 'active',
      closed_at: null,
    });
    const servers = await session.connections();
    expect(servers.map((s) => [s.id, s.connected])).toEqual([
      ['nuvem-fiscal', false],
      ['focus-nfe', false],
      ['brasil-api', true],
    ]);
    // The tools of usable servers only, as connections() caches them for tools().
    expect(new Set(session.tools().map((t) => t.server))).toEqual(new Set(['brasil-api']));
    const got = await http(`/v1/sessions/${session.id}`);
    expect(SessionBody.parse(await got.json())).toEqual(created);
  });

  it('should run seed 003’s loop in the live dialect: discover → status → initiate → setup → connected', async () => {
    const session = await open(['nuvem-fiscal', 'focus-nfe', 'brasil-api']);
    const found = await session.discover(NFE_USE_CASE);
    expect(found).toMatchObject({ use_case: NFE_USE_CASE, search_strategy: 'trigram' });
    expect(found.recommended).toMatchObject({
      server_id: 'nuvem-fiscal',
      tool_name: 'nuvem_fiscal_issue_nfe',
      connection_status: 'disconnected',
    });
    expect(found.recommended?.recommended_plan.map((s) => s.step)).toEqual(['connect', 'execute']);
    expect(found.next_steps[0]).toContain('"nuvem-fiscal"');

    // connectionWizard({ server_id }) without an action: the backend's default is status.
    const status = await session.connectionWizard({ server_id: 'nuvem-fiscal' });
    expect(status).toMatchObject({ action: 'status', connections: [], initiate: null });
    expect(status.status).toMatchObject({
      server_id: 'nuvem-fiscal',
      display_name: 'Nuvem Fiscal',
      status: 'disconnected',
      connected_at: null,
    });

    const wizard = await session.connectionWizard({ action: 'initiate', server_id: 'nuvem-fiscal' });
    const initiate = wizard.initiate as ConnectionWizardInstructions;
    expect(wizard).toMatchObject({ action: 'initiate', connections: [], status: null });
    expect(initiate).toMatchObject({ status: 'disconnected', difficulty: 'hard', auth_type: 'oauth' });
    expect(initiate.required_secrets.map((s) => s.name)).toEqual(['NUVEM_FISCAL_CLIENT_ID', 'NUVEM_FISCAL_CLIENT_SECRET']);
    expect(initiate.known_pitfalls.join(' ')).toContain('A1 certificate');
    const connect = new URL(initiate.connect_url);
    expect(connect.pathname).toBe('/dashboard/auth-configs');
    expect(Object.fromEntries(connect.searchParams)).toEqual({ connect: 'nuvem-fiscal', session: session.id });

    await completeSetup(initiate.connect_url);
    const after = await session.connectionWizard({ server_id: 'nuvem-fiscal' });
    expect(after.status?.status).toBe('connected');
    expect(Date.parse(after.status?.connected_at ?? '')).not.toBeNaN();
    expect((await session.discover(NFE_USE_CASE)).recommended?.connection_status).toBe('connected');
    expect((await session.connections()).find((s) => s.id === 'nuvem-fiscal')?.connected).toBe(true);
  });

  it('should list every server of the session with connectionWizard({}) (the default is list)', async () => {
    const session = await open(['stripe', 'brasil-api', 'z-api']);
    const list = await session.connectionWizard({});
    expect(list).toMatchObject({ action: 'list', status: null, initiate: null });
    expect(list.connections.map((r) => [r.server_id, r.status, r.difficulty])).toEqual([
      ['stripe', 'disconnected', 'easy'],
      ['brasil-api', 'not_required', 'easy'],
      ['z-api', 'disconnected', 'medium'],
    ]);
    const brazil = await session.connectionWizard({ action: 'list', country: 'br' });
    // BR servers and the GLOBAL ones (Stripe) stay; a country's filter never hides what works everywhere.
    expect(brazil.connections.map((r) => r.server_id)).toEqual(['stripe', 'brasil-api', 'z-api']);
    expect((await session.connectionWizard({ action: 'list', country: 'MX' })).connections.map((r) => r.server_id)).toEqual(['stripe']);
  });

  it('should answer the seed’s shapes to the same session when asked with operation', async () => {
    const session = await open(['asaas', 'z-api']);
    await completeSetup((await session.connectionWizard({ action: 'initiate', server_id: 'asaas' })).initiate?.connect_url ?? '', {
      api_key: 'key_123',
    });
    const list = await session.execute('codespar_manage_connections', { operation: 'list' });
    expect(list.data).toEqual({
      connections: [
        { server_id: 'asaas', connection_id: expect.stringMatching(/^conn_/), status: 'connected', connected_at: expect.any(String) },
      ],
    });
    const status = await session.execute('codespar_manage_connections', { operation: 'status', server_id: 'z-api' });
    expect(status.data).toEqual({ server_id: 'z-api', status: 'needs_setup' });
    const initiate = await session.execute('codespar_manage_connections', { operation: 'initiate', server_id: 'z-api' });
    expect(initiate.data).toEqual({
      server_id: 'z-api',
      status: 'needs_setup',
      wizard_url: expect.stringMatching(new RegExp(`/dashboard/auth-configs\\?connect=z-api&session=${session.id}$`)),
    });
    // `operation` wins over `action`, as before.
    const both = await session.execute('codespar_manage_connections', { operation: 'status', action: 'list', server_id: 'asaas' });
    expect(both.data).toMatchObject({ server_id: 'asaas', status: 'connected', connection_id: expect.stringMatching(/^conn_/) });
  });

  it('should map every reference state of ses_demo onto a live status', async () => {
    const res = await http('/v1/sessions/ses_demo/execute', {
      method: 'POST',
      body: JSON.stringify({ tool: 'codespar_manage_connections', input: {} }),
    });
    const list = WizardResult.parse(Envelope.parse(await res.json()).data);
    const byId = Object.fromEntries(list.connections.map((r) => [r.server_id, r]));
    expect(byId.stripe).toMatchObject({ status: 'connected', connected_at: expect.any(String) }); // connected
    expect(byId['mercado-pago']).toMatchObject({ status: 'disconnected', connected_at: null }); // not_connected
    expect(byId['z-api']?.status).toBe('disconnected'); // needs_setup
    expect(byId.asaas).toMatchObject({ status: 'expired', connected_at: expect.any(String) }); // expired
    expect(byId['nuvem-fiscal']?.status).toBe('expired'); // error: credentials that no longer work
    expect(byId['brasil-api']).toMatchObject({ status: 'not_required', connected_at: null }); // auth none
  });

  it('should give every catalog provider setup instructions, and name secrets for key-based ones', async () => {
    const session = await open([]);
    for (const provider of CATALOG) {
      const initiate = (await session.connectionWizard({ action: 'initiate', server_id: provider.id })).initiate;
      expect(initiate?.instructions.length, provider.id).toBeGreaterThan(0);
      if (provider.auth_type === 'api_key' || provider.auth_type === 'path_secret') {
        expect(initiate?.required_secrets.length, provider.id).toBeGreaterThan(0);
        for (const secret of initiate?.required_secrets ?? []) expect(secret.name, provider.id).toMatch(/^[A-Z][A-Z0-9_]+$/);
      }
      expect(initiate?.status, provider.id).toBe(provider.auth_type === 'none' ? 'not_required' : 'disconnected');
    }
    // initiate adds a catalog server the session did not hold, so its setup page works.
    expect((await session.connections()).length).toBe(CATALOG.length);
  });

  it('should close the session: GET says closed, its calls answer 409 session_closed, DELETE again changes nothing', async () => {
    const session = await open(['stripe']);
    expect(await session.connections()).toHaveLength(1);
    await session.close();
    const closed = SessionBody.parse(await (await http(`/v1/sessions/${session.id}`)).json());
    expect(closed).toMatchObject({ status: 'closed', closed_at: expect.any(String) });

    const result = await session.execute('codespar_manage_connections', { action: 'list' });
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/^409: /);
    expect(JSON.parse(result.error?.slice(5) ?? '')).toEqual({ error: 'session_closed', message: `Session ${session.id} is closed` });
    await expect(session.connectionWizard({})).rejects.toThrow(/connectionWizard failed: 409: .*session_closed/);
    // connections() keeps its last answer when the API refuses, as the SDK does.
    expect(await session.connections()).toHaveLength(1);
    expect((await http(`/v1/sessions/${session.id}/connections`)).status).toBe(409);
    expect((await http(`/v1/sessions/${session.id}/connections/stripe/authorize`, { method: 'POST', body: '{}' })).status).toBe(409);

    const again = await http(`/v1/sessions/${session.id}`, { method: 'DELETE' });
    expect(again.status).toBe(200);
    expect(SessionBody.parse(await again.json()).closed_at).toBe(closed.closed_at);
  });

  it('should not close a session for a path that only ends like one (/v1/sessions/:id/)', async () => {
    const session = await open(['stripe']);
    expect((await http(`/v1/sessions/${session.id}/`, { method: 'DELETE' })).status).toBe(404);
    expect((await http(`/v1/sessions/${session.id}//`, { method: 'DELETE' })).status).toBe(404);
    expect(SessionBody.parse(await (await http(`/v1/sessions/${session.id}`)).json()).status).toBe('active');
  });

  it('should keep ses_demo and ses_empty: readable as sessions, and open again after reset', async () => {
    const demo = SessionBody.parse(await (await http('/v1/sessions/ses_demo')).json());
    expect(demo.servers).toContain('stripe');
    expect(demo.status).toBe('active');
    expect(SessionBody.parse(await (await http('/v1/sessions/ses_empty')).json()).servers).toEqual([]);
    expect((await http('/v1/sessions/ses_demo', { method: 'DELETE' })).status).toBe(200);
    expect((await http('/v1/sessions/ses_demo/connections')).status).toBe(409);
    server.api.reset();
    expect((await http('/v1/sessions/ses_demo/connections')).status).toBe(200);
  });
});

describe('given bad input to the live routes', () => {
  it('should refuse a create without the write scope, or without a key', async () => {
    const body = JSON.stringify({ servers: [], user_id: 'u' });
    expect((await http('/v1/sessions', { method: 'POST', body, token: 'demo_read_token' })).status).toBe(403);
    expect((await http('/v1/sessions', { method: 'POST', body, token: 'csk_live_unknown' })).status).toBe(401);
    expect((await http('/v1/sessions/ses_demo', { method: 'DELETE', token: 'demo_read_token' })).status).toBe(403);
    expect((await http('/v1/sessions/ses_nope')).status).toBe(404);
  });

  it.each([
    ['no servers', {}, 'invalid_body'],
    ['servers not an array', { servers: 'stripe' }, 'invalid_body'],
    ['an empty server id', { servers: [''] }, 'invalid_body'],
    ['21 servers', { servers: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'invalid_body'],
    ['a user_id that is a number', { servers: [], user_id: 42 }, 'invalid_body'],
    ['mocks with the double-underscore form', { servers: [], mocks: { asaas__create_payment: {} } }, 'mocks_invalid'],
    ['mocks as an array', { servers: [], mocks: [] }, 'mocks_invalid'],
    ['a mock that is a string', { servers: [], mocks: { 'asaas/create_payment': 'ok' } }, 'mocks_invalid'],
  ])('should answer 400 for %s, with the issue', async (_, body, error) => {
    const res = await http('/v1/sessions', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; issues: string[] };
    expect(answer.error).toBe(error);
    expect(answer.issues[0]).toMatch(/servers|user_id|mocks/);
  });

  it('should take canonical mocks, drop repeated servers and default user_id', async () => {
    const res = await http('/v1/sessions', {
      method: 'POST',
      body: JSON.stringify({ servers: ['asaas', 'asaas'], mocks: { 'asaas/create_payment': [{ id: 'pay_1' }] } }),
    });
    expect(res.status).toBe(201);
    expect(SessionBody.parse(await res.json())).toMatchObject({ servers: ['asaas'], user_id: 'anonymous' });
  });

  it.each([
    ['an unknown action', { action: 'remove', server_id: 'stripe' }, /unknown action "remove"/],
    ['an action that is an object', { action: { toString: 'x' } }, /unknown action \{"toString":"x"\}/],
    ['action __proto__', { action: '__proto__' }, /unknown action "__proto__"/],
    ['status without server_id', { action: 'status' }, /server_id is required for status/],
    [
      'initiate for an id in no session and no catalog',
      { action: 'initiate', server_id: '../../etc' },
      /not_found: server "\.\.\/\.\.\/etc"/,
    ],
    ['an unknown environment', { action: 'list', environment: 'prod' }, /environment must be live or test/],
    ['a return_to outside the dashboard', { action: 'initiate', server_id: 'stripe', return_to: 'https://evil.test/' }, /return_to/],
    ['a return_to with ..', { action: 'initiate', server_id: 'stripe', return_to: '/dashboard/../admin' }, /return_to/],
    ['a server_id that is a number', { server_id: 7 }, /server_id must be a string/],
  ])('should answer success: false for %s', async (_, input, error) => {
    const session = await open(['stripe']);
    const result = await session.execute('codespar_manage_connections', input);
    expect(result).toMatchObject({ success: false, data: null, tool: 'codespar_manage_connections' });
    expect(result.error).toMatch(error);
    await expect(session.connectionWizard(input as ConnectionWizardOptions)).rejects.toThrow(/^connectionWizard failed: /);
  });

  it('should answer success: false for an unknown operation, and for a tool it does not have', async () => {
    const session = await open(['stripe']);
    expect(await session.execute('codespar_manage_connections', { operation: 'remove' })).toMatchObject({
      success: false,
      error: 'invalid_input: operation',
    });
    expect(await session.execute('codespar_shop', { action: 'search' })).toMatchObject({
      success: false,
      error: 'Tool not registered: codespar_shop',
    });
  });

  it('should carry a valid return_to on the connect_url', async () => {
    const session = await open(['stripe']);
    const wizard = await session.connectionWizard({ action: 'initiate', server_id: 'stripe', return_to: '/dashboard/chat' });
    expect(new URL(wizard.initiate?.connect_url ?? '').searchParams.get('return_to')).toBe('/dashboard/chat');
  });

  it('should survive hostile server ids and keys (__proto__, markup, ..) and escape them on the setup page', async () => {
    const ids = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', '..'];
    const session = await open(ids, '<b>user</b>');
    expect((await session.connections()).map((s) => s.id)).toEqual(ids);
    const wizard = await session.connectionWizard({ action: 'initiate', server_id: '<img src=x onerror=alert(1)>' });
    const page = await (await fetch(wizard.initiate?.connect_url ?? '')).text();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect((await session.connectionWizard({ server_id: '__proto__' })).status).toMatchObject({
      server_id: '__proto__',
      status: 'disconnected',
    });
    // A `__proto__` key in the input is data: it does not turn a list into an initiate.
    const raw = await http(`/v1/sessions/${session.id}/execute`, {
      method: 'POST',
      body: '{"tool":"codespar_manage_connections","input":{"__proto__":{"action":"initiate","server_id":"x"}}}',
    });
    expect(WizardResult.parse(Envelope.parse(await raw.json()).data).action).toBe('list');
    expect((await session.discover('<script>alert(1)</script> __proto__ ..')).search_strategy).toBe('empty');
    expect((await http('/v1/sessions/%E0%A4%A', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('given codespar_discover', () => {
  it('should honour category, country and limit, and clamp limit to 1–20', async () => {
    const session = await open([]);
    const fiscal = await session.discover('issue an invoice', { category: 'fiscal', limit: 20 });
    expect(new Set([fiscal.recommended, ...fiscal.related].map((m) => CATALOG.find((p) => p.id === m?.server_id)?.category))).toEqual(
      new Set(['fiscal']),
    );
    const mexico = await session.discover('issue an invoice', { country: 'MX', limit: 20 });
    const countries = new Set([mexico.recommended, ...mexico.related].map((m) => CATALOG.find((p) => p.id === m?.server_id)?.country));
    expect(countries.has('MX')).toBe(true);
    expect([...countries].every((c) => c === 'MX' || c === 'GLOBAL')).toBe(true);
    expect(mexico.recommended?.server_id).toBe('facturapi');
    expect((await session.discover('create a payment', { limit: 2 })).related).toHaveLength(2);
    expect((await session.discover('create a payment', { limit: 0 })).related).toHaveLength(1);
    expect((await session.discover('create a payment', { limit: 500 })).related).toHaveLength(20);
  });

  it('should say each match’s real status in the session, and prefer what the session can use', async () => {
    const res = await http('/v1/sessions/ses_demo/execute', {
      method: 'POST',
      body: JSON.stringify({ tool: 'codespar_discover', input: { use_case: 'look up a CNPJ', limit: 20 } }),
    });
    const found = Discover.parse(Envelope.parse(await res.json()).data);
    // brasil-api (no auth) and nuvem-fiscal (errored in ses_demo) both look up a CNPJ; the usable one first.
    expect(found.recommended).toMatchObject({ server_id: 'brasil-api', connection_status: 'not_required', http_method: 'GET' });
    expect(found.next_steps).toEqual(['Ready: call brasil_api_lookup_cnpj with session.execute.']);
    const payments = await http('/v1/sessions/ses_demo/execute', {
      method: 'POST',
      body: JSON.stringify({ tool: 'codespar_discover', input: { use_case: 'refund a payment', limit: 20 } }),
    });
    const status = Object.fromEntries(
      [...Discover.parse(Envelope.parse(await payments.json()).data).related].map((m) => [m.server_id, m.connection_status]),
    );
    expect(status).toMatchObject({ 'mercado-pago': 'disconnected', paypal: 'disconnected' }); // not connected in ses_demo
    expect(status.dlocal).toBe('disconnected'); // not in ses_demo at all
    expect(Object.values(status)).not.toContain('expired'); // discover has no expired: asaas's expired key is disconnected
  });

  it('should answer an empty result for no match, and success: false without a use_case', async () => {
    const session = await open([]);
    const none = await session.discover('teleport a llama');
    expect(none).toMatchObject({ search_strategy: 'empty', recommended: null, related: [] });
    expect(none.next_steps[0]).toMatch(/No tool matched/);
    expect(await session.execute('codespar_discover', {})).toMatchObject({
      success: false,
      error: expect.stringMatching(/use_case is required/),
    });
    await expect(session.discover('   ')).rejects.toThrow(/discover failed: invalid_input/);
    expect(await session.execute('codespar_discover', { use_case: 'pay', limit: 'many' })).toMatchObject({ success: false });
  });

  it('should add the seed loop’s matches[].connected beside the live fields when asked with X-Reference-Discover-Shape: seed', async () => {
    const session = await open(['nuvem-fiscal']);
    const ask = (shape?: string) =>
      http(`/v1/sessions/${session.id}/execute`, {
        method: 'POST',
        headers: shape ? { 'x-reference-discover-shape': shape } : {},
        body: JSON.stringify({ tool: 'codespar_discover', input: { use_case: NFE_USE_CASE, limit: 1 } }),
      }).then(async (r) => Envelope.parse(await r.json()).data as Record<string, unknown>);
    const seed = await ask('seed');
    const { matches, ...live } = seed;
    expect(Discover.parse(live)).toEqual(await ask());
    expect(matches).toEqual([
      { server_id: 'nuvem-fiscal', tool_name: 'nuvem_fiscal_issue_nfe', description: expect.any(String), connected: false },
      { server_id: 'focus-nfe', tool_name: 'focus_nfe_issue_nfe', description: expect.any(String), connected: false },
    ]);
    expect('matches' in (await ask('live'))).toBe(false);
  });
});

describe('given the list-shape switch', () => {
  it('should answer { servers, tools } for X-Reference-List-Shape: live, the seed shape otherwise', async () => {
    server.api.setListShape('seed'); // the default
    const live = await http('/v1/sessions/ses_demo/connections', { headers: { 'x-reference-list-shape': 'live' } });
    const body = Connections.parse(await live.json());
    expect(body.servers.find((s) => s.id === 'stripe')).toEqual({
      id: 'stripe',
      name: 'Stripe',
      category: 'payments',
      country: 'GLOBAL',
      auth_type: 'api_key',
      connected: true,
    });
    expect(body.tools.some((t) => t.server === 'stripe' && t.name === 'stripe_create_refund')).toBe(true);
    expect(body.tools.some((t) => t.server === 'mercado-pago')).toBe(false);
    const seed = (await (await http('/v1/sessions/ses_demo/connections')).json()) as { data: unknown[]; total: number; session_id: string };
    expect(seed).toMatchObject({ session_id: 'ses_demo', total: seed.data.length });
  });

  it('should let the header override the API’s listShape both ways, and refuse an unknown shape', async () => {
    const seed = await (await http('/v1/sessions/ses_demo/connections', { headers: { 'X-Reference-List-Shape': 'Seed' } })).json();
    expect(seed).toHaveProperty('session_id', 'ses_demo');
    expect(await (await http('/v1/sessions/ses_demo/connections')).json()).toHaveProperty('tools');
    const bad = await http('/v1/sessions/ses_demo/connections', { headers: { 'x-reference-list-shape': 'xml' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_header', message: 'x-reference-list-shape must be seed or live' });
  });

  it('should allow the header in a browser’s preflight', async () => {
    const preflight = await fetch(`${server.url}/v1/sessions/ses_demo/connections`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'x-reference-list-shape' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-reference-list-shape');
  });
});

describe('given faults on the live initiate', () => {
  it('should replace connect_url like wizard_url, for tests of an unsafe setup link', async () => {
    const api = createReferenceApi();
    api.addFault({ route: 'execute', operation: 'initiate', redirectUrl: 'javascript:alert(1)' });
    const res = await api.handle(
      new Request('http://localhost/v1/sessions/ses_demo/execute', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ tool: 'codespar_manage_connections', input: { action: 'initiate', server_id: 'z-api' } }),
      }),
    );
    expect(((await res.json()) as { data: ConnectionWizardResult }).data.initiate?.connect_url).toBe('javascript:alert(1)');
  });
});
