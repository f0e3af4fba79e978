import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectionsError,
  createConnectionsClient,
  createMetaToolClient,
  createSessionExecute,
  type RestConnectionsClient,
} from '../../src/core/index.ts';

/** Starts an authorization the way the connect flow does (`begin()`), for the consent page's tests. */
async function authorize(c: { begin: RestConnectionsClient['begin'] }, serverId: string, redirectUrl?: string, scopes?: string[]) {
  const start = await c.begin(serverId, { ...(redirectUrl ? { redirectUrl } : {}), ...(scopes ? { scopes } : {}) });
  if (start.type !== 'redirect') throw new Error(`expected a redirect to the consent page, got ${start.type}`);
  return { redirectUrl: start.url, state: start.state, expiresInMs: start.expiresInMs };
}

/** The page runs on one loopback name; the API is reached on the other, so every call is cross-origin. */
const otherOrigin = (() => {
  const url = new URL(location.origin);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
})();

const control = (path: string, init?: RequestInit) => fetch(`${location.origin}/__reference/${path}`, init);
const addFault = (fault: object) => control('faults', { method: 'POST', body: JSON.stringify(fault) });

beforeEach(async () => {
  await control('reset', { method: 'POST' });
});
afterEach(async () => {
  await control('reset', { method: 'POST' });
});

const client = () =>
  createConnectionsClient({ sessionId: 'ses_demo', baseUrl: otherOrigin, getToken: () => 'demo_token', retry: { baseDelayMs: 5 } });

describe('given the REST client in Chromium, calling the reference API cross-origin', () => {
  it('should list connections through a CORS preflight with the bearer token', async () => {
    expect(otherOrigin).not.toBe(location.origin);
    const list = await client().list();
    expect(list.sessionId).toBe('ses_demo');
    expect(list.connections.find((c) => c.id === 'stripe')).toMatchObject({ name: 'Stripe', status: 'connected' });
  });

  it('should read X-Request-Id and Date across origins (exposed headers)', async () => {
    await addFault({ route: 'get', status: 404, body: { error: 'not_found' }, times: 1 });
    const error = await client()
      .get('stripe')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionsError);
    expect(error).toMatchObject({ code: 'not_found', status: 404, requestId: expect.stringMatching(/^req_/) });
    const auth = await authorize(client(), 'mercado-pago', `${location.origin}/cb`);
    expect(auth.expiresInMs).toBeGreaterThan(9 * 60_000);
  });

  it('should authorize and disconnect', async () => {
    const auth = await authorize(client(), 'mercado-pago', `${location.origin}/callback`);
    // The consent page is on the other loopback name of the API's host: cross-origin to the API.
    expect(new URL(auth.redirectUrl ?? '').origin).not.toBe(otherOrigin);
    await client().disconnect('stripe');
    await expect(client().check('stripe')).resolves.toMatchObject({ status: 'not_connected' });
  });

  // Chromium itself resends a request once when a reused keep-alive socket dies before any byte of
  // the response, whatever the method: one dropped connection is invisible. Drop every attempt.
  it('should recover from dropped connections on GET, and report them on DELETE', async () => {
    await addFault({ route: 'list', networkError: true, times: 2 });
    await expect(client().list()).resolves.toMatchObject({ sessionId: 'ses_demo' });
    await addFault({ route: 'disconnect', networkError: true });
    const error = await client()
      .disconnect('stripe')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('should abort an in-flight request', async () => {
    await addFault({ route: 'list', latencyMs: 2000, times: 1 });
    const controller = new AbortController();
    const promise = client().list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(promise).rejects.toMatchObject({ code: 'aborted' });
  });

  it('should refuse a secret key on a real page, before any request', async () => {
    await control('requests', { method: 'DELETE' });
    const secret = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: otherOrigin, getToken: () => 'csk_live_abc' });
    await expect(secret.list()).rejects.toMatchObject({ code: 'secret_key_in_browser' });
    const log = (await (await control('requests')).json()) as { requests: unknown[] };
    expect(log.requests).toEqual([]);
  });

  it('should refuse a secret key inside a Web Worker (no window), before any request', async () => {
    await control('requests', { method: 'DELETE' });
    const worker = new Worker(new URL('./secret-worker.ts', import.meta.url), { type: 'module' });
    try {
      const ask = (token: string) =>
        new Promise<{ outcome: string; code?: string; name?: string }>((resolve, reject) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage({ baseUrl: otherOrigin, token });
        });
      expect(await ask('csk_live_abc')).toEqual({ outcome: 'rejected', code: 'secret_key_in_browser', name: 'ConfigurationError' });
      const log = (await (await control('requests')).json()) as { requests: unknown[] };
      expect(log.requests).toEqual([]);
      // The same worker with a short-lived token reaches the API: the refusal is about the key.
      expect(await ask('demo_token')).toEqual({ outcome: 'resolved' });
    } finally {
      worker.terminate();
    }
  });

  it('should run the meta-tool client over the execute endpoint', async () => {
    const meta = createMetaToolClient({
      key: 'ses_demo',
      execute: createSessionExecute({ sessionId: 'ses_demo', baseUrl: otherOrigin, getToken: () => 'demo_token' }),
    });
    const start = await meta.begin('z-api');
    expect(start).toMatchObject({ type: 'wizard', serverId: 'z-api' });
    await expect(meta.check('stripe')).resolves.toMatchObject({ status: 'connected' });
  });
});
