import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  ConnectionsApiError,
  ConnectionsError,
  createConnectionsClient,
  type RestConnectionsClient,
  UnsafeUrlError,
} from '../../src/core/index.ts';
import { normalizeStatus } from '../../src/core/schemas.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/index.ts';
import { SAFE_IDS, UNSAFE_IDS } from './id-cases.ts';

/** `begin()` toward the consent page: what the connect flow gets from `POST …/authorize`. */
async function authorize(c: { begin: RestConnectionsClient['begin'] }, serverId: string, redirectUrl?: string) {
  const start = await c.begin(serverId, redirectUrl === undefined ? {} : { redirectUrl });
  if (start.type !== 'redirect') throw new Error(`expected a redirect to the consent page, got ${start.type}`);
  return { redirectUrl: start.url, state: start.state, expiresInMs: start.expiresInMs };
}

const BASE = 'http://127.0.0.1:4010';

let api: ReferenceApi;
let client: RestConnectionsClient;

function clientWith(overrides: Partial<Parameters<typeof createConnectionsClient>[0]> = {}): RestConnectionsClient {
  return createConnectionsClient({
    sessionId: 'ses_demo',
    baseUrl: BASE,
    getToken: () => 'demo_token',
    fetch: api.fetch,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 50 },
    ...overrides,
  });
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
  client = clientWith();
});

describe('given the reference API with session ses_demo', () => {
  describe('list()', () => {
    it('should return every server, normalised, with the seed total and session id', async () => {
      const list = await client.list();
      expect(list.sessionId).toBe('ses_demo');
      expect(list.total).toBe(list.connections.length);
      expect(list.connections.length).toBeGreaterThanOrEqual(10);
      const byId = Object.fromEntries(list.connections.map((c) => [c.id, c]));
      expect(byId.stripe).toMatchObject({ name: 'Stripe', category: 'payments', country: 'GLOBAL', connected: true, status: 'connected' });
      expect(byId['mercado-pago']).toMatchObject({ name: 'Mercado Pago', connected: false, status: 'not_connected', authType: 'oauth' });
      expect(byId.asaas?.status).toBe('expired');
      expect(byId['z-api']?.status).toBe('needs_setup');
      expect(byId['nuvem-fiscal']?.status).toBe('error');
      expect(byId.stripe?.toolsCount).toBeGreaterThan(0);
    });

    it('should read the live { servers, tools } shape and count tools per server', async () => {
      api.setListShape('live');
      const list = await client.list();
      const stripe = list.connections.find((c) => c.id === 'stripe');
      const mp = list.connections.find((c) => c.id === 'mercado-pago');
      expect(stripe).toMatchObject({ connected: true, status: 'connected' });
      expect(stripe?.toolsCount).toBe(api.catalog.find((p) => p.id === 'stripe')?.tools.length);
      // Not connected: its tools are not in the session yet.
      expect(mp).toMatchObject({ connected: false, status: 'not_connected', toolsCount: 0 });
      expect(list.total).toBe(list.connections.length);
      expect(list.sessionId).toBeUndefined();
    });

    it('should send the bearer token, accept header and project header', async () => {
      const seen: Request[] = [];
      const spy: typeof fetch = (input, init) => {
        seen.push(new Request(input, init));
        return api.fetch(input, init);
      };
      await clientWith({ fetch: spy, projectId: 'prj_123', headers: { 'x-extra': '1' } }).list();
      expect(seen[0]?.url).toBe(`${BASE}/v1/sessions/ses_demo/connections`);
      expect(seen[0]?.headers.get('authorization')).toBe('Bearer demo_token');
      expect(seen[0]?.headers.get('x-codespar-project')).toBe('prj_123');
      expect(seen[0]?.headers.get('x-extra')).toBe('1');
    });

    it('should call getToken before every request so a refreshed token is used', async () => {
      let n = 0;
      const tokens = ['demo_token', 'nope'];
      const c = clientWith({ getToken: () => tokens[n++] });
      await expect(c.list()).resolves.toBeTruthy();
      const error = await rejection(c.list());
      expect(error.code).toBe('unauthorized');
    });

    it('should encode ids in the path', async () => {
      const c = createConnectionsClient({ sessionId: 'ses:1@x', baseUrl: BASE, getToken: () => 'demo_token', fetch: api.fetch });
      const error = await rejection(c.list());
      expect(error.code).toBe('not_found');
      expect(api.requests.at(-1)?.path).toBe('/v1/sessions/ses%3A1%40x/connections');
    });
  });

  describe('given an id that could leave the connections path', () => {
    const spied = () => {
      const urls: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        urls.push(new Request(input, init).url);
        return api.fetch(input, init);
      };
      return { urls, client: clientWith({ fetch }) };
    };

    it.each(UNSAFE_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))(
      'should refuse server id %s with invalid_options and send nothing',
      async (_label, id) => {
        const { urls, client: c } = spied();
        const serverId = id as string;
        for (const call of [
          () => c.get(serverId),
          () => c.check(serverId),
          () => authorize(c, serverId, 'http://localhost/cb'),
          () => c.begin(serverId, { redirectUrl: 'http://localhost/cb' }),
          () => c.disconnect(serverId),
        ]) {
          const error = await rejection(call());
          expect(error).toBeInstanceOf(ConfigurationError);
          expect(error.code).toBe('invalid_options');
        }
        expect(urls).toEqual([]);
      },
    );

    it.each(UNSAFE_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))('should refuse session id %s up front', (_label, id) => {
      expect(() => createConnectionsClient({ sessionId: id as string, fetch: api.fetch })).toThrow(ConfigurationError);
    });

    it.each(SAFE_IDS.map((id) => [JSON.stringify(id), id]))(
      'should keep server id %s one segment under …/connections/',
      async (_label, id) => {
        const { urls, client: c } = spied();
        await c.get(id).catch(() => undefined);
        await c.disconnect(id).catch(() => undefined);
        await authorize(c, id, 'http://localhost/cb').catch(() => undefined);
        expect(urls).toHaveLength(3);
        for (const url of urls) {
          const path = new URL(url).pathname;
          expect(path.startsWith('/v1/sessions/ses_demo/connections/')).toBe(true);
          const [segment, ...rest] = path.slice('/v1/sessions/ses_demo/connections/'.length).split('/');
          expect(decodeURIComponent(segment ?? '')).toBe(id);
          expect(rest.filter((part) => part !== 'authorize')).toEqual([]);
        }
      },
    );
  });

  describe('get()', () => {
    it('should return detail with tools, capabilities, connectedAt and latencyMs', async () => {
      const detail = await client.get('stripe');
      expect(detail).toMatchObject({ id: 'stripe', connected: true, status: 'connected' });
      expect(detail.capabilities.length).toBeGreaterThan(0);
      expect(detail.tools[0]).toEqual({ name: expect.stringMatching(/^stripe_/), description: expect.any(String) });
      expect(Date.parse(detail.connectedAt ?? '')).not.toBeNaN();
      expect(detail.latencyMs).toBeGreaterThan(0);
    });

    it('should reject an unknown server with not_found', async () => {
      const error = await rejection(client.get('no-such-server'));
      expect(error).toBeInstanceOf(ConnectionsApiError);
      expect(error).toMatchObject({ code: 'not_found', status: 404 });
      expect(error.requestId).toMatch(/^req_/);
    });

    it('should reject an unknown session with not_found and the body request id', async () => {
      const c = clientWith({ sessionId: 'ses_missing' });
      const error = await rejection(c.get('stripe'));
      expect(error).toMatchObject({ code: 'not_found', status: 404 });
      expect(error.message).toContain('Session ses_missing not found');
    });

    it('should reject a detail about another server as invalid_response, in get() and check()', async () => {
      api.addFault({
        route: 'get',
        serverId: 'mercado-pago',
        status: 200,
        body: { id: 'stripe', name: 'Stripe', connected: true, status: 'ready' },
      });
      for (const call of [() => client.get('mercado-pago'), () => client.check('mercado-pago')]) {
        const error = await rejection(call());
        expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
        expect(error.message).toContain('another server');
        expect(error.message).toContain('"stripe"');
      }
    });

    it('should refuse an empty server id before any request', async () => {
      await expect(client.get('')).rejects.toBeInstanceOf(ConfigurationError);
      expect(api.requests).toHaveLength(0);
    });
  });

  describe('begin() over POST …/authorize', () => {
    it('should return a checked consent URL, the state and a time-to-live from the server clock', async () => {
      const auth = await authorize(client, 'mercado-pago', 'http://localhost:3000/callback');
      expect(auth.state).toMatch(/^oauth_/);
      expect(new URL(auth.redirectUrl ?? '').pathname).toBe('/oauth/consent');
      expect(auth.expiresInMs).toBeGreaterThan(9 * 60_000);
      // The Date header has one-second resolution.
      expect(auth.expiresInMs).toBeLessThanOrEqual(10 * 60_000 + 1000);
    });

    it('should measure the time-to-live against the Date header, not the local clock', async () => {
      // The server's clock runs an hour behind ours; the time-to-live must still be ~10 minutes.
      const skewed = createReferenceApi({ now: () => Date.now() - 3_600_000 });
      const c = clientWith({ fetch: skewed.fetch });
      const auth = await authorize(c, 'mercado-pago', 'http://localhost:3000/cb');
      expect(auth.expiresInMs).toBeGreaterThan(9 * 60_000);
    });

    describe('given no Date header the client can read (a cross-origin proxy that does not expose it)', () => {
      /** The API's answers without `Date`, as `fetch` shows them when `Access-Control-Expose-Headers` lacks it. */
      const withoutDate =
        (upstream: typeof fetch): typeof fetch =>
        async (input, init) => {
          const response = await upstream(input, init);
          const headers = new Headers(response.headers);
          headers.delete('date');
          return new Response(response.body, { status: response.status, headers });
        };

      it('should not expire a 10-minute link at once when the client clock runs 11 minutes fast', async () => {
        const serverBehind = createReferenceApi({ now: () => Date.now() - 11 * 60_000 });
        const auth = await authorize(clientWith({ fetch: withoutDate(serverBehind.fetch) }), 'mercado-pago', 'http://localhost:3000/cb');
        expect(auth.expiresInMs).toBeGreaterThanOrEqual(60_000);
      });

      it('should not wait past 30 minutes when the client clock runs hours slow', async () => {
        const serverAhead = createReferenceApi({ now: () => Date.now() + 5 * 3_600_000 });
        const auth = await authorize(clientWith({ fetch: withoutDate(serverAhead.fetch) }), 'mercado-pago', 'http://localhost:3000/cb');
        expect(auth.expiresInMs).toBeLessThanOrEqual(30 * 60_000);
      });

      it('should keep an honest 10-minute time-to-live when the clocks agree', async () => {
        const auth = await authorize(clientWith({ fetch: withoutDate(api.fetch) }), 'mercado-pago', 'http://localhost/cb');
        expect(auth.expiresInMs).toBeGreaterThan(9 * 60_000);
        expect(auth.expiresInMs).toBeLessThanOrEqual(10 * 60_000 + 1000);
      });
    });

    it('should reject an OAuth server without redirect_url with oauth_redirect_required (422)', async () => {
      const error = await rejection(client.begin('mercado-pago'));
      expect(error).toMatchObject({ code: 'oauth_redirect_required', status: 422 });
      expect(error.message).toContain('requires OAuth but no redirect URL');
    });

    it('should take a 409 already connected for connected, once the API agrees', async () => {
      await expect(client.begin('stripe', { redirectUrl: 'http://localhost/cb' })).resolves.toMatchObject({
        type: 'connected',
        serverId: 'stripe',
      });
      expect(api.requests.filter((r) => r.route === 'authorize').map((r) => r.status)).toEqual([409]);
    });

    it('should reject a read-only token with forbidden (403) and the server message', async () => {
      const c = clientWith({ getToken: () => 'demo_read_token' });
      const error = await rejection(authorize(c, 'mercado-pago', 'http://localhost/cb'));
      expect(error).toMatchObject({ code: 'forbidden', status: 403 });
      expect(error.message).toContain('sessions:write');
    });

    it('should reject an invalid body with bad_request (400)', async () => {
      const error = await rejection(authorize(client, 'mercado-pago', 'not a url'));
      expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    });

    it('should refuse an unsafe redirect_url from the API with unsafe_url', async () => {
      for (const bad of ['javascript:alert(document.domain)', 'https://user@evil.example/x', '//evil.example']) {
        api.addFault({ route: 'authorize', redirectUrl: bad, times: 1 });
        const error = await rejection(authorize(client, 'mercado-pago', 'http://localhost/cb'));
        expect(error).toBeInstanceOf(UnsafeUrlError);
        expect(error.code).toBe('unsafe_url');
        expect((error as UnsafeUrlError).url).toBe(bad);
      }
    });

    it('should not retry a POST that failed with a 5xx', async () => {
      api.addFault({ route: 'authorize', status: 502, body: { error: 'bad_gateway' } });
      const error = await rejection(authorize(client, 'mercado-pago', 'http://localhost/cb'));
      expect(error).toMatchObject({ code: 'server_error', status: 502 });
      expect(api.requests.filter((r) => r.route === 'authorize')).toHaveLength(1);
    });

    it('should retry a POST the server rate-limited, after Retry-After', async () => {
      api.addFault({
        route: 'authorize',
        status: 429,
        body: { error: 'rate_limited', retry_after_ms: 20, message: 'slow down' },
        times: 1,
      });
      const auth = await authorize(client, 'mercado-pago', 'http://localhost/cb');
      expect(auth.state).toBeTruthy();
      expect(api.requests.filter((r) => r.route === 'authorize').map((r) => r.status)).toEqual([429, 200]);
    });
  });

  describe('disconnect()', () => {
    it('should disconnect a connected server (204) and the list should show it', async () => {
      await expect(client.disconnect('stripe')).resolves.toBeUndefined();
      const list = await client.list();
      expect(list.connections.find((c) => c.id === 'stripe')).toMatchObject({ connected: false, status: 'not_connected' });
    });

    it('should reject an already disconnected server with conflict (409)', async () => {
      const error = await rejection(client.disconnect('mercado-pago'));
      expect(error).toMatchObject({ code: 'conflict', status: 409 });
      expect(error.message).toContain('already disconnected');
    });

    it('should not retry a DELETE that hit a network failure', async () => {
      api.addFault({ route: 'disconnect', networkError: true });
      const error = await rejection(client.disconnect('stripe'));
      expect(error).toMatchObject({ code: 'network_error', status: 0 });
      expect(api.requests.filter((r) => r.route === 'disconnect')).toHaveLength(1);
    });
  });

  describe('check() and begin() (what the connect flow uses)', () => {
    it('begin should return a redirect with url, state and expiresInMs', async () => {
      const start = await client.begin('mercado-pago', { redirectUrl: 'http://localhost/cb', scopes: ['read'] });
      expect(start).toMatchObject({ type: 'redirect', serverId: 'mercado-pago', state: expect.stringMatching(/^oauth_/) });
      if (start.type !== 'redirect') throw new Error('unreachable');
      expect(start.expiresInMs).toBeGreaterThan(0);
      expect(new URL(start.url).searchParams.get('state')).toBe(start.state);
    });

    it('begin should treat "already connected" (409) as connected once the API confirms it', async () => {
      await expect(client.begin('stripe', { redirectUrl: 'http://localhost/cb' })).resolves.toEqual({
        type: 'connected',
        serverId: 'stripe',
        connectionId: expect.stringMatching(/^conn_/),
      });
      expect(api.requests.map((r) => r.route)).toEqual(['authorize', 'get']);
    });

    it('begin should reject with the conflict when a 409 says "already connected" but the API says not connected', async () => {
      api.addFault({
        route: 'authorize',
        status: 409,
        body: { error: 'already_connected', message: 'mercado-pago is already connected' },
      });
      const error = await rejection(client.begin('mercado-pago', { redirectUrl: 'http://localhost/cb' }));
      expect(error).toMatchObject({ code: 'conflict', status: 409 });
      expect(api.getServerState('ses_demo', 'mercado-pago')).toBe('not_connected');
    });

    it('begin should reject a 409 with a deeply nested body with a ConnectionsError, not a RangeError', async () => {
      const depth = 200_000;
      const body = `{"error":"conflict","details":${'['.repeat(depth)}"already connected"${']'.repeat(depth)}}`;
      api.addFault({ route: 'authorize', status: 409, body });
      const error = await rejection(client.begin('mercado-pago', { redirectUrl: 'http://localhost/cb' }));
      expect(error).toMatchObject({ code: 'conflict', status: 409 });
    });

    it('begin should connect a no-auth server at once', async () => {
      await client.disconnect('brasil-api');
      await expect(client.begin('brasil-api')).resolves.toEqual({ type: 'connected', serverId: 'brasil-api' });
    });

    it('check should report the status and connection id', async () => {
      await expect(client.check('stripe')).resolves.toMatchObject({
        serverId: 'stripe',
        status: 'connected',
        connectionId: expect.any(String),
      });
      await expect(client.check('asaas')).resolves.toMatchObject({ status: 'expired' });
      await expect(client.check('mercado-pago')).resolves.toEqual({ serverId: 'mercado-pago', status: 'not_connected' });
    });
  });
});

describe('given API strings that are Object.prototype keys', () => {
  const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

  it.each(KEYS)('should normalise status %s from the connected flag, never to an object', (key) => {
    expect(normalizeStatus(key, false)).toBe('not_connected');
    expect(normalizeStatus(key, true)).toBe('connected');
    expect(normalizeStatus(key.toUpperCase(), false)).toBe('not_connected');
  });

  it('should list rows whose every field is such a key, with a status from the documented union', async () => {
    const data = KEYS.map((key) => ({ id: key, name: key, category: key, country: key, auth_type: key, status: key, connected: false }));
    api.addFault({ route: 'list', status: 200, body: { data, total: data.length } });
    const { connections } = await client.list();
    expect(connections.map((c) => [c.id, c.name, c.category, c.country, c.status])).toEqual(
      KEYS.map((key) => [key, key, key, key, 'not_connected']),
    );
  });
});

describe('given failures between the client and the API', () => {
  it('should retry a GET after 5xx and network failures, then succeed', async () => {
    api.addFault({ route: 'list', status: 503, body: '', times: 1 });
    api.addFault({ route: 'list', networkError: true, times: 1 });
    const list = await client.list();
    expect(list.connections.length).toBeGreaterThan(0);
    expect(api.requests.map((r) => r.status)).toEqual([503, 0, 200]);
  });

  it('should give up after the configured retries with the last error', async () => {
    api.addFault({ route: 'list', status: 500, body: { error: { code: 'internal', message: 'boom' }, request_id: 'req_abc' } });
    const error = await rejection(client.list());
    expect(error).toMatchObject({ code: 'server_error', status: 500, requestId: 'req_abc' });
    expect(error.message).toContain('boom');
    expect(api.requests).toHaveLength(3);
  });

  it('should not retry when retry is false', async () => {
    api.addFault({ route: 'list', status: 500 });
    await rejection(clientWith({ retry: false }).list());
    expect(api.requests).toHaveLength(1);
  });

  it('should report 429 with retryAfterMs from the Retry-After header and not wait longer than maxDelayMs', async () => {
    api.addFault({
      route: 'list',
      status: 429,
      body: { error: 'rate_limited', message: 'Too many requests' },
      headers: { 'Retry-After': '120' },
    });
    const error = await rejection(client.list());
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 120_000 });
    expect(api.requests).toHaveLength(1);
  });

  it('should ignore a Retry-After too large to be a number', async () => {
    api.addFault({ route: 'list', status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': '9'.repeat(400) } });
    const error = await rejection(clientWith({ retry: false }).list());
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('should prefer retry_after_ms from the body', async () => {
    api.addFault({
      route: 'list',
      status: 429,
      body: { error: 'rate_limited', retry_after_ms: 1200, message: 'x' },
      headers: { 'Retry-After': '9' },
    });
    const error = await rejection(clientWith({ retry: false }).list());
    expect(error.retryAfterMs).toBe(1200);
  });

  it('should honour Retry-After on a GET by waiting that long', async () => {
    vi.useFakeTimers();
    try {
      api.addFault({ route: 'list', status: 503, headers: { 'Retry-After': '2' }, times: 1 });
      const c = clientWith({ retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5000 } });
      const promise = c.list();
      await vi.advanceTimersByTimeAsync(1900);
      expect(api.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200);
      await expect(promise).resolves.toMatchObject({ total: expect.any(Number) });
      expect(api.requests).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    [
      'an HTML error page',
      502,
      '<!doctype html><html><head><title>502 Bad Gateway</title></head></html>',
      'server_error',
      /HTML page.*502 Bad Gateway/,
    ],
    ['an empty body', 500, '', 'server_error', /empty body/],
    ['truncated JSON', 500, '{"error": {"code": "x", "mess', 'server_error', /malformed or truncated JSON/],
    ['plain text', 401, 'Unauthorized', 'unauthorized', /not JSON/],
  ])('should turn %s on an error status into a readable ConnectionsError', async (_what, status, body, code, message) => {
    api.addFault({ route: 'get', status, body });
    const error = await rejection(clientWith({ retry: false }).get('stripe'));
    expect(error).toMatchObject({ code, status, body });
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      '{ error: { code, message, details }, request_id }',
      404,
      { error: { code: 'not_found', message: 'Server x not found', details: {} }, request_id: 'req_1' },
      'not_found',
      'Server x not found',
      'req_1',
    ],
    ['{ error: "not_found" }', 404, { error: 'not_found' }, 'not_found', 'not found', undefined],
    ['{ error: "invalid_body", issues }', 400, { error: 'invalid_body', issues: ['x'] }, 'bad_request', 'invalid body', undefined],
    [
      '{ error: "cannot_delete_active", message }',
      409,
      { error: 'cannot_delete_active', message: 'Disconnect first' },
      'conflict',
      'Disconnect first',
      undefined,
    ],
    ['401 { error: "unauthorized" }', 401, { error: 'unauthorized' }, 'unauthorized', 'unauthorized', undefined],
    [
      '403 { error, message, status }',
      403,
      { error: 'forbidden', message: 'No access to ses_demo', status: 403 },
      'forbidden',
      'No access to ses_demo',
      undefined,
    ],
    [
      '429 { error, retry_after_ms, message }',
      429,
      { error: 'rate_limited', retry_after_ms: 60_000, message: 'Slow down' },
      'rate_limited',
      'Slow down',
      undefined,
    ],
  ])('should read the error body %s', async (_shape, status, body, code, message, requestId) => {
    api.addFault({ route: 'get', status, body });
    const error = await rejection(clientWith({ retry: false }).get('stripe'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toContain(message);
    expect(error.body).toEqual(body);
    // Without a body request id, the X-Request-Id header is used.
    expect(error.requestId).toEqual(requestId ?? expect.stringMatching(/^req_/));
  });

  it.each([
    ['truncated JSON', { malformed: true }, /malformed or truncated JSON/],
    ['an empty body', { status: 200, body: '' }, /empty body/],
    ['an HTML page', { status: 200, body: '<html><title>Login</title></html>' }, /HTML page/],
    ['the wrong shape', { status: 200, body: { data: [{ id: 42 }] } }, /wrong shape: .*data\.0\.id/],
    ['a list with no rows key', { status: 200, body: { items: [] } }, /wrong shape/],
  ])('should reject a 200 with %s as invalid_response', async (_what, fault, message) => {
    api.addFault({ route: 'list', ...fault });
    const error = await rejection(client.list());
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect(error.message).toMatch(message);
    expect(error.cause === undefined || !(error.cause instanceof ConnectionsError)).toBe(true);
  });

  it('should reject with aborted when the caller aborts mid-request, and not retry', async () => {
    api.addFault({ route: 'list', latencyMs: 1000 });
    const controller = new AbortController();
    const promise = client.list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await rejection(promise);
    expect(error.code).toBe('aborted');
  });

  it('should reject at once with aborted when the signal is already aborted', async () => {
    const error = await rejection(client.list({ signal: AbortSignal.abort() }));
    expect(error.code).toBe('aborted');
    expect(api.requests).toHaveLength(0);
  });

  describe('given a getToken() that has not answered yet', () => {
    function pendingToken() {
      let give: (token: string) => void = () => {};
      const getToken = vi.fn(() => new Promise<string>((resolve) => (give = resolve)));
      return { getToken, give: (token: string) => give(token) };
    }

    it('should reject with aborted as soon as the caller aborts, and send nothing once the token comes', async () => {
      const token = pendingToken();
      const controller = new AbortController();
      const promise = clientWith({ getToken: token.getToken }).begin('mercado-pago', {
        redirectUrl: 'http://localhost/cb',
        signal: controller.signal,
      });
      await vi.waitFor(() => expect(token.getToken).toHaveBeenCalled());
      controller.abort();
      const error = await rejection(promise);
      expect(error.code).toBe('aborted');
      token.give('demo_token');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(api.requests).toEqual([]);
    });

    it('should give up after timeoutMs with a network_error that says getToken() timed out', async () => {
      const token = pendingToken();
      const started = Date.now();
      const error = await rejection(clientWith({ getToken: token.getToken, timeoutMs: 40, retry: false }).list());
      expect(error).toMatchObject({ code: 'network_error', status: 0 });
      expect(error.message).toMatch(/getToken\(\) timed out after 40 ms/);
      expect(Date.now() - started).toBeLessThan(1000);
      token.give('demo_token');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(api.requests).toEqual([]);
    });
  });

  it('should time out a hung request as network_error', async () => {
    api.addFault({ route: 'list', latencyMs: 5000 });
    const error = await rejection(clientWith({ timeoutMs: 30, retry: false }).list());
    expect(error.code).toBe('network_error');
    expect(error.message).toMatch(/timed out after 30 ms/);
  });

  it('should wrap a failing getToken as unauthorized with the cause', async () => {
    const cause = new Error('backend down');
    const error = await rejection(clientWith({ getToken: () => Promise.reject(cause) }).list());
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.cause).toBe(cause);
    expect(api.requests).toHaveLength(0);
  });
});

describe('given a secret key', () => {
  const g = globalThis as { window?: unknown };
  afterEach(() => {
    delete g.window;
  });

  it('should refuse csk_live_/csk_test_ tokens where window exists, before any request', async () => {
    g.window = {};
    for (const key of ['csk_live_abc123', 'csk_test_abc123', ' csk_live_x']) {
      const error = await rejection(clientWith({ getToken: () => key }).list());
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.code).toBe('secret_key_in_browser');
      expect(error.message).toContain('dangerouslyAllowBrowser');
    }
    expect(() => clientWith({ headers: { Authorization: 'Bearer csk_live_abc' } })).toThrow(ConfigurationError);
    expect(api.requests).toHaveLength(0);
  });

  it('should refuse them in a Web Worker or Service Worker too (a browser without window)', async () => {
    vi.stubGlobal('WorkerGlobalScope', class {});
    try {
      const error = await rejection(clientWith({ getToken: () => 'csk_live_abc123' }).list());
      expect(error.code).toBe('secret_key_in_browser');
      expect(() => clientWith({ headers: { authorization: 'Bearer csk_test_abc' } })).toThrow(ConfigurationError);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(api.requests).toHaveLength(0);
  });

  it('should refuse them in any casing, with or without Bearer, in any header or from getToken', async () => {
    g.window = {};
    for (const key of ['CSK_LIVE_abc', 'Csk_Test_abc', 'Bearer csk_live_abc', 'bearer CSK_TEST_abc', 'Basic csk_live_abc']) {
      const error = await rejection(clientWith({ getToken: () => key }).list());
      expect(error.code, key).toBe('secret_key_in_browser');
    }
    const hostile: Record<string, string>[] = [
      { Authorization: 'csk_live_abc' },
      { AUTHORIZATION: 'CSK_LIVE_abc' },
      { authorization: 'Token csk_test_abc' },
      { 'x-api-key': 'csk_live_abc' },
    ];
    for (const headers of hostile) {
      expect(() => clientWith({ headers }), JSON.stringify(headers)).toThrow(expect.objectContaining({ code: 'secret_key_in_browser' }));
    }
    expect(api.requests).toHaveLength(0);
  });

  it('should reject a getToken() that returns something other than a string with a typed error, anywhere', async () => {
    for (const withWindow of [true, false]) {
      if (withWindow) g.window = {};
      else delete g.window;
      for (const token of [42, {}, ['demo_token'], true]) {
        const error = await rejection(clientWith({ getToken: () => token as never }).list());
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.code).toBe('invalid_options');
        expect(error.message).toContain('getToken');
      }
    }
    expect(api.requests).toHaveLength(0);
  });

  it('should allow them with dangerouslyAllowBrowser: true, or on a server', async () => {
    api = createReferenceApi({ tokens: { csk_test_ok: ['sessions:read'] } });
    g.window = {};
    await expect(clientWith({ getToken: () => 'csk_test_ok', dangerouslyAllowBrowser: true }).list()).resolves.toBeTruthy();
    delete g.window;
    await expect(clientWith({ getToken: () => 'csk_test_ok' }).list()).resolves.toBeTruthy();
  });
});

describe('given bad options', () => {
  it('should refuse a missing session id', () => {
    expect(() => createConnectionsClient({ sessionId: '' })).toThrow(/sessionId/);
  });

  it('should use https://api.codespar.dev by default and strip trailing slashes', async () => {
    const urls: string[] = [];
    const spy: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ data: [], total: 0 }), { status: 200 });
    };
    await createConnectionsClient({ sessionId: 's', fetch: spy }).list();
    await createConnectionsClient({ sessionId: 's', fetch: spy, baseUrl: '/api/codespar//' }).list();
    expect(urls).toEqual(['https://api.codespar.dev/v1/sessions/s/connections', '/api/codespar/v1/sessions/s/connections']);
  });

  it('should give two clients of the same session the same cache key', () => {
    const a = createConnectionsClient({ sessionId: 's', baseUrl: BASE, fetch: api.fetch });
    const b = createConnectionsClient({ sessionId: 's', baseUrl: `${BASE}/`, fetch: api.fetch });
    const c = createConnectionsClient({ sessionId: 't', baseUrl: BASE, fetch: api.fetch });
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
  });
});
