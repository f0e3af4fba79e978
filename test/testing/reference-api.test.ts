import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectionsClient, type RestConnectionsClient } from '../../src/core/index.ts';
import {
  CATALOG,
  createReferenceApi,
  DEMO_SESSION,
  type ReferenceApi,
  type RunningReferenceApi,
  serveReferenceApi,
} from '../../src/testing/index.ts';

/** Starts an authorization the way the connect flow does (`begin()`), for the consent page's tests. */
async function authorize(c: { begin: RestConnectionsClient['begin'] }, serverId: string, redirectUrl?: string, scopes?: string[]) {
  const start = await c.begin(serverId, { ...(redirectUrl ? { redirectUrl } : {}), ...(scopes ? { scopes } : {}) });
  if (start.type !== 'redirect') throw new Error(`expected a redirect to the consent page, got ${start.type}`);
  return { redirectUrl: start.url, state: start.state, expiresInMs: start.expiresInMs };
}

let api: ReferenceApi;
let client: RestConnectionsClient;

beforeEach(() => {
  api = createReferenceApi();
  client = createConnectionsClient({
    sessionId: 'ses_demo',
    baseUrl: 'http://localhost:6006',
    getToken: () => 'demo_token',
    fetch: api.fetch,
    retry: false,
  });
});

/** Follows the consent page like a user: GET it, submit the form, read where it redirects. */
async function decide(consentUrl: string, decision: 'approve' | 'deny', extra: Record<string, string> = {}) {
  const page = await api.handle(new Request(consentUrl));
  const html = await page.text();
  const state = /name="state" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const response = await api.handle(
    new Request(new URL('/oauth/consent', consentUrl), {
      method: 'POST',
      body: new URLSearchParams({ state, decision, ...extra }),
    }),
  );
  return { page, html, response, location: response.headers.get('location') };
}

describe('given the catalog and the demo session', () => {
  it('should hold at least 15 real providers with tools, capabilities and unique ids', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CATALOG.map((p) => p.id)).size).toBe(CATALOG.length);
    for (const provider of CATALOG) {
      expect(provider.tools.length, provider.id).toBeGreaterThan(0);
      expect(provider.capabilities.length, provider.id).toBeGreaterThan(0);
      expect(provider.color, provider.id).toMatch(/^#[0-9a-f]{6}$/);
      if (provider.auth_type === 'oauth') expect(provider.scopes?.length, provider.id).toBeGreaterThan(0);
    }
    for (const id of ['stripe', 'mercado-pago', 'asaas', 'correios', 'z-api', 'nuvem-fiscal']) {
      expect(
        CATALOG.some((p) => p.id === id),
        id,
      ).toBe(true);
    }
  });

  it('should start ses_demo with connected, not connected, expired, needs-setup and errored servers', () => {
    expect(new Set(Object.values(DEMO_SESSION))).toEqual(new Set(['connected', 'not_connected', 'expired', 'needs_setup', 'error']));
  });
});

describe('given the OAuth consent flow', () => {
  it('should connect on Approve and redirect to the caller with state, status and connection_id', async () => {
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/callback.html?from=chat');
    const consent = new URL(auth.redirectUrl ?? '');
    // The consent page is on the other loopback name: cross-origin to the app, like a real provider.
    expect(consent.origin).toBe('http://127.0.0.1:6006');
    const { page, html, response, location } = await decide(consent.href, 'approve');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Mercado Pago');
    expect(html).toMatch(/Approve/);
    expect(response.status).toBe(303);
    const back = new URL(location ?? '');
    expect(back.origin + back.pathname).toBe('http://localhost:6006/callback.html');
    expect(back.searchParams.get('from')).toBe('chat');
    expect(back.searchParams.get('state')).toBe(auth.state);
    expect(back.searchParams.get('status')).toBe('connected');
    const detail = await client.get('mercado-pago');
    expect(detail).toMatchObject({ connected: true, status: 'connected' });
    expect(back.searchParams.get('connection_id')).toBe(detail.connectionId);
  });

  it('should leave the server unconnected on Deny and redirect with status=denied&error=access_denied', async () => {
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/cb');
    const { location } = await decide(auth.redirectUrl ?? '', 'deny');
    const back = new URL(location ?? '');
    expect(Object.fromEntries(back.searchParams)).toEqual({ state: auth.state, status: 'denied', error: 'access_denied' });
    await expect(client.check('mercado-pago')).resolves.toMatchObject({ status: 'not_connected' });
  });

  it('should ask API-key providers for a key, and refuse an empty one', async () => {
    const auth = await authorize(client, 'asaas');
    const empty = await decide(auth.redirectUrl ?? '', 'approve');
    expect(empty.response.status).toBe(422);
    expect(empty.html).toContain('API key');
    await expect(client.check('asaas')).resolves.toMatchObject({ status: 'expired' });
    const ok = await decide(auth.redirectUrl ?? '', 'approve', { api_key: 'key_123' });
    // No redirect_url was given: the page says so and the window can close.
    expect(ok.response.status).toBe(200);
    expect(await ok.response.text()).toContain('is connected');
    await expect(client.check('asaas')).resolves.toMatchObject({ status: 'connected' });
  });

  it('should expire a pending authorization at expires_at', async () => {
    let now = Date.parse('2026-04-17T15:30:00Z');
    api = createReferenceApi({ now: () => now, authorizationTtlMs: 60_000 });
    client = createConnectionsClient({
      sessionId: 'ses_demo',
      baseUrl: 'http://localhost:6006',
      getToken: () => 'demo_token',
      fetch: api.fetch,
    });
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/cb');
    expect(auth.expiresInMs).toBe(60_000); // expires_at 15:31:00, on the API's clock (its Date header)
    const page = await api.handle(new Request(auth.redirectUrl ?? ''));
    now += 61_000;
    const state = /name="state" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const late = await api.handle(
      new Request(new URL('/oauth/consent', auth.redirectUrl), {
        method: 'POST',
        body: new URLSearchParams({ state, decision: 'approve' }),
      }),
    );
    const back = new URL(late.headers.get('location') ?? '');
    expect(back.searchParams.get('status')).toBe('error');
    expect(back.searchParams.get('error')).toBe('expired');
    await expect(client.check('mercado-pago')).resolves.toMatchObject({ status: 'not_connected' });
    // And the link is gone.
    expect((await api.handle(new Request(auth.redirectUrl ?? ''))).status).toBe(400);
  });

  it('should not let a state be used twice', async () => {
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/cb');
    await decide(auth.redirectUrl ?? '', 'approve');
    const replay = await api.handle(
      new Request(new URL('/oauth/consent', auth.redirectUrl), {
        method: 'POST',
        body: new URLSearchParams({ state: auth.state ?? '', decision: 'approve' }),
      }),
    );
    expect(replay.status).toBe(400);
  });

  it('should escape everything it renders (scopes come from the caller)', async () => {
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/cb', ['<img src=x onerror=alert(1)>']);
    const html = await (await api.handle(new Request(auth.redirectUrl ?? ''))).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('should send Cross-Origin-Opener-Policy: same-origin on the consent page when asked', async () => {
    const auth = await authorize(client, 'mercado-pago', 'http://localhost:6006/cb');
    expect((await api.handle(new Request(auth.redirectUrl ?? ''))).headers.get('cross-origin-opener-policy')).toBeNull();
    api.addFault({ route: 'consent', coop: true });
    expect((await api.handle(new Request(auth.redirectUrl ?? ''))).headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});

describe('given auth, faults and control routes', () => {
  it('should answer 401 without a known token and for a missing header', async () => {
    const res = await api.handle(new Request('http://localhost/v1/sessions/ses_demo/connections'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });

  it('should accept extra configured tokens with their scopes', async () => {
    api = createReferenceApi({ tokens: { reader: ['sessions:read'] } });
    const res = await api.handle(
      new Request('http://localhost/v1/sessions/ses_demo/connections/stripe', { headers: { authorization: 'Bearer reader' } }),
    );
    expect(res.status).toBe(200);
  });

  it('should apply a per-request fault from the X-Reference-Fault header', async () => {
    const res = await api.handle(
      new Request('http://localhost/v1/sessions/ses_demo/connections', {
        headers: { authorization: 'Bearer demo_token', 'x-reference-fault': JSON.stringify({ status: 418, body: { error: 'teapot' } }) },
      }),
    );
    expect(res.status).toBe(418);
    const next = await api.handle(
      new Request('http://localhost/v1/sessions/ses_demo/connections', { headers: { authorization: 'Bearer demo_token' } }),
    );
    expect(next.status).toBe(200);
  });

  it('should add latency that the caller can abort', async () => {
    api.addFault({ route: 'list', latencyMs: 80 });
    const started = performance.now();
    await client.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('should target a fault at one server only', async () => {
    api.addFault({ route: 'get', serverId: 'asaas', status: 500 });
    await expect(client.get('stripe')).resolves.toBeTruthy();
    await expect(client.get('asaas')).rejects.toMatchObject({ code: 'server_error' });
  });

  it('should log API requests, and reset to the initial state', async () => {
    await client.disconnect('stripe');
    expect(api.requests).toEqual([
      { method: 'DELETE', path: '/v1/sessions/ses_demo/connections/stripe', route: 'disconnect', serverId: 'stripe', status: 204 },
    ]);
    api.addFault({ route: 'list', status: 500 });
    api.reset();
    expect(api.requests).toEqual([]);
    await expect(client.check('stripe')).resolves.toMatchObject({ status: 'connected' });
    await expect(client.list()).resolves.toBeTruthy();
  });

  it('should be driven over HTTP through /__reference/', async () => {
    const post = (path: string, body: unknown) =>
      api.handle(new Request(`http://localhost${path}`, { method: 'POST', body: JSON.stringify(body) }));
    expect((await post('/__reference/faults', { route: 'list', status: 503, times: 1 })).status).toBe(201);
    await expect(client.list()).rejects.toMatchObject({ status: 503 });
    expect(
      (await post('/__reference/state', { sessionId: 'ses_demo', serverId: 'stripe', state: 'expired', listShape: 'live' })).status,
    ).toBe(204);
    const list = await client.list();
    expect(list.connections.find((c) => c.id === 'stripe')).toMatchObject({ connected: false });
    const log = (await (await api.handle(new Request('http://localhost/__reference/requests'))).json()) as { requests: unknown[] };
    expect(log.requests).toHaveLength(2);
  });
});

describe('given the reference API as a real HTTP server', () => {
  let server: RunningReferenceApi;
  afterEach(async () => {
    await server?.close();
  });

  it('should answer curl-like requests on loopback with the seed shape and CORS', async () => {
    server = await serveReferenceApi({ port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/sessions/ses_demo/connections`, {
      headers: { authorization: 'Bearer demo_token', origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await res.json()) as { data: { id: string; status: string }[]; total: number; session_id: string };
    expect(body.session_id).toBe('ses_demo');
    expect(body.total).toBe(body.data.length);
    expect(body.data.find((s) => s.id === 'stripe')?.status).toBe('ready');

    const preflight = await fetch(`${server.url}/v1/sessions/ses_demo/connections/stripe`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('should drop the connection for an injected network failure, and a GET client should recover', async () => {
    server = await serveReferenceApi({ port: 0 });
    server.api.addFault({ route: 'list', networkError: true, times: 1 });
    const c = createConnectionsClient({
      sessionId: 'ses_demo',
      baseUrl: server.url,
      getToken: () => 'demo_token',
      retry: { baseDelayMs: 1 },
    });
    const list = await c.list();
    expect(list.total).toBeGreaterThan(0);
    expect(server.api.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('should redirect the browser from the consent page back to the app', async () => {
    server = await serveReferenceApi({ port: 0 });
    const c = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: server.url, getToken: () => 'demo_token' });
    const auth = await authorize(c, 'melhor-envio', 'http://127.0.0.1:9/cb');
    const consent = new URL(auth.redirectUrl ?? '');
    expect(consent.hostname).toBe('localhost');
    const res = await fetch(new URL('/oauth/consent', `${server.url}/`), {
      method: 'POST',
      body: new URLSearchParams({ state: auth.state ?? '', decision: 'approve' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('status')).toBe('connected');
  });
});

describe('given the sessions control route', () => {
  it('should create a whole session in one call', async () => {
    const servers = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`srv-${i}`, i % 2 ? 'connected' : 'not_connected']));
    const res = await api.handle(
      new Request('http://localhost/__reference/sessions', { method: 'POST', body: JSON.stringify({ sessionId: 'ses_big', servers }) }),
    );
    expect(res.status).toBe(204);
    const big = createConnectionsClient({
      sessionId: 'ses_big',
      baseUrl: 'http://localhost:6006',
      getToken: () => 'demo_token',
      fetch: api.fetch,
    });
    const list = await big.list();
    expect(list.total).toBe(50);
    expect(list.connections.filter((c) => c.connected)).toHaveLength(25);
    const bad = await api.handle(new Request('http://localhost/__reference/sessions', { method: 'POST', body: '{}' }));
    expect(bad.status).toBe(400);
  });
});
