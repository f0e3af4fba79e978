// The connections store (issue 11): flows exist only once a user starts one; one flow per server;
// the confirm step is the one list refresh through the host's cache; other tabs and orphan
// completions; a new client for the next flow. No React.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConnectionsCache, createConnectionsStore } from '../../src/core/connections-store.ts';
import { CHANGES_CHANNEL, CONNECT_CHANNEL } from '../../src/core/protocol.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';

const ORIGIN = 'http://localhost:5173';
let api: ReferenceApi;
let browser: FakeBrowser;

const restClient = (sessionId = 'ses_demo') =>
  createConnectionsClient({ sessionId, baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch, retry: false });

/** A cache that records what the store asks of it, and answers the list as the API does. */
function recordingCache() {
  const calls: string[] = [];
  const cache: ConnectionsCache = {
    refreshList: async (client, signal) => {
      calls.push('refreshList');
      return client.list(signal ? { signal } : {});
    },
    revalidateList: () => {
      calls.push('revalidateList');
    },
    onConnected: (_client, serverId) => {
      calls.push(`onConnected:${serverId}`);
    },
  };
  return { cache, calls };
}

beforeEach(() => {
  api = createReferenceApi();
  browser = createFakeBrowser({ origin: ORIGIN });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const store = (client: ConnectionsClient = restClient(), cache?: ConnectionsCache) =>
  createConnectionsStore({ client, adapter: browser, redirectUrl: `${ORIGIN}/oauth/done` }, cache);

/** Approves in the popup's consent page and delivers what the callback page posts. */
async function approve() {
  const approval = api.approve('mercado-pago');
  browser.completeConnection(approval.message);
  return approval;
}

describe('given a thousand rows watching their servers', () => {
  it('should hold no flow until a user starts one, and one after', () => {
    const s = store();
    const offs = Array.from({ length: 1000 }, (_, i) => s.subscribe(`server-${i}`, () => {}));
    expect(s.flowCount).toBe(0);
    expect(s.getSnapshot('server-7')).toBe(s.getSnapshot('server-7')); // one idle object: nothing re-renders
    expect(s.getSnapshot('server-7').status).toBe('idle');
    s.start('server-7');
    expect(s.flowCount).toBe(1);
    for (const off of offs) off();
    expect(s.flowCount).toBe(0);
  });
});

describe('given a start for a server nothing shows (a component that unmounted since)', () => {
  it('should do nothing: no flow, no popup, nothing attached', () => {
    const s = store();
    s.start('mercado-pago');
    s.openSetup('mercado-pago', 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago');
    expect(s.flowCount).toBe(0);
    expect(browser.popups).toHaveLength(0);
    expect(browser.active()).toEqual({ messageListeners: 0, channels: 0, attentionListeners: 0, timers: 0 });
    expect(api.requests).toEqual([]);
  });
});

describe('given two components on one server', () => {
  it('should share one flow: five starts make one authorize and one popup, both see each step', async () => {
    const s = store();
    const seen: string[][] = [[], []];
    const offs = [0, 1].map((i) => s.subscribe('mercado-pago', () => seen[i]?.push(s.getSnapshot('mercado-pago').status)));
    for (let i = 0; i < 5; i++) s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    expect(browser.popups).toHaveLength(1);
    expect(api.requests.filter((r) => r.route === 'authorize')).toHaveLength(1);
    expect(seen[0]).toEqual(['opening', 'waiting']);
    expect(seen[1]).toEqual(seen[0]);
    for (const off of offs) off();
  });

  it('should dispose the flow with the last one gone, leaving nothing attached', async () => {
    const s = store();
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    expect(browser.active().messageListeners).toBe(1);
    off();
    expect(s.flowCount).toBe(0);
    expect(browser.active()).toEqual({ messageListeners: 0, channels: 0, attentionListeners: 0, timers: 0 });
    expect(s.getSnapshot('mercado-pago').status).toBe('idle');
  });
});

describe('given the confirm step', () => {
  it('should be the one list refresh through the cache, then tell the cache and the other tabs', async () => {
    const { cache, calls } = recordingCache();
    const s = store(restClient(), cache);
    const onConnected = vi.fn();
    s.on('mercado-pago', { onConnected }); // before the flow exists
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    const { connectionId } = await approve();
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('connected'));
    expect(calls).toEqual(['refreshList', 'onConnected:mercado-pago']);
    expect(api.requests.filter((r) => r.route === 'list')).toHaveLength(1);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
    // What this page posted: "this session changed", for the other tabs.
    expect(browser.broadcasts).toEqual([
      { channel: CHANGES_CHANNEL, data: { type: 'codespar:connections-changed', key: s.client.key, tab: expect.any(String) } },
    ]);
    off();
  });
});

describe('given a new client from the provider', () => {
  it('should use it for the next start of a flow that already exists', async () => {
    const first = restClient();
    const s = store(first);
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    s.cancel('mercado-pago');
    const second = restClient();
    const begin = vi.spyOn(second, 'begin');
    s.configure({ client: second, adapter: browser, redirectUrl: `${ORIGIN}/oauth/done` });
    s.start('mercado-pago');
    expect(begin).toHaveBeenCalledTimes(1);
    off();
  });

  it('should end the old session’s flows when the client is for another session', async () => {
    const s = store();
    const seen = vi.fn();
    const off = s.subscribe('mercado-pago', seen);
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    s.configure({ client: restClient('ses_empty'), adapter: browser });
    expect(s.flowCount).toBe(0);
    expect(s.getSnapshot('mercado-pago').status).toBe('idle');
    expect(browser.active().messageListeners).toBe(0);
    expect(seen).toHaveBeenCalled();
    off();
  });
});

describe('given it is mounted', () => {
  it('should revalidate for another tab’s change to this session only, never for its own', () => {
    const { cache, calls } = recordingCache();
    const s = store(restClient(), cache);
    const unmount = s.mount();
    browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: 'rest:elsewhere', tab: 'other' });
    s.announce(); // its own, echoed back on the channel
    expect(calls).toEqual([]);
    browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: s.client.key, tab: 'other' });
    expect(calls).toEqual(['revalidateList']);
    unmount();
    expect(browser.active().channels).toBe(0);
  });

  it('should refresh the list for a completion no live flow owns, and leave an owned one to its flow', async () => {
    const { cache, calls } = recordingCache();
    const s = store(restClient(), cache);
    const unmount = s.mount();
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    const state = new URL(browser.popups[0]?.navigations.at(-1) ?? '').searchParams.get('state') ?? '';
    browser.broadcast(CONNECT_CHANNEL, { type: 'codespar:connect', v: 1, state, status: 'connected' });
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).not.toBe('waiting'));
    expect(calls.filter((c) => c === 'refreshList')).toHaveLength(1); // the flow's own confirmation
    browser.broadcast(CONNECT_CHANNEL, { type: 'codespar:connect', v: 1, state: 'state-of-an-unmounted-card', status: 'connected' });
    expect(calls.filter((c) => c === 'refreshList')).toHaveLength(2);
    off();
    unmount();
  });
});
