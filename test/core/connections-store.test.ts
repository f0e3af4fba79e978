// The connections store (issue 11): flows exist only once a user starts one; one flow per server;
// the confirm step is the one list refresh, into the store's cache; other tabs and orphan
// completions; focus and reconnect; a new client for the next flow. No React.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionsStore, detailQuery, listQuery } from '../../src/core/connections-store.ts';
import { CHANGES_CHANNEL, CONNECT_CHANNEL } from '../../src/core/protocol.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { ConnectionDetail, ConnectionsClient, SessionConnections } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';

const ORIGIN = 'http://localhost:5173';
let api: ReferenceApi;
let browser: FakeBrowser;

const restClient = (sessionId = 'ses_demo') =>
  createConnectionsClient({ sessionId, baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch, retry: false });

/** How many requests the API answered on one route. */
const requestsOn = (route: string) => api.requests.filter((r) => r.route === route).length;

beforeEach(() => {
  api = createReferenceApi();
  browser = createFakeBrowser({ origin: ORIGIN });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const store = (client: ConnectionsClient = restClient(), options: { revalidateOnFocus?: boolean; revalidateOnReconnect?: boolean } = {}) =>
  createConnectionsStore({ client, adapter: browser, redirectUrl: `${ORIGIN}/oauth/done`, ...options });

/** Something shows the session's list (what `useConnections` does): returns the stop. */
function showList(s: ReturnType<typeof store>) {
  const list = listQuery(s.client);
  return s.cache.watch(
    list.key,
    () => list.fetch(),
    () => {},
  );
}

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
    expect(browser.active()).toEqual({ messageListeners: 0, channels: 0, attentionListeners: 0, reconnectListeners: 0, timers: 0 });
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
    expect(browser.active()).toEqual({ messageListeners: 0, channels: 0, attentionListeners: 0, reconnectListeners: 0, timers: 0 });
    expect(s.getSnapshot('mercado-pago').status).toBe('idle');
  });
});

describe('given a component whose unsubscribe runs twice (an effect cleanup called again)', () => {
  it('should leave the flow of the component that shows the server now', async () => {
    const s = store();
    const offOld = s.subscribe('mercado-pago', () => {});
    offOld();
    const offNew = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    offOld();
    expect(s.flowCount).toBe(1);
    expect(s.getSnapshot('mercado-pago').status).toBe('waiting');
    expect(browser.popups[0]?.closed).toBe(false);
    offNew();
    expect(s.flowCount).toBe(0);
  });
});

describe('given the confirm step', () => {
  it('should be the one list refresh, into the cache every reader reads, then refresh the detail and tell the other tabs', async () => {
    const s = store();
    const detail = detailQuery(s.client, 'mercado-pago');
    const stopDetail = s.cache.watch(
      detail.key,
      () => detail.fetch(),
      () => {},
    );
    await vi.waitFor(() => expect(s.cache.get(detail.key).isValidating).toBe(false));
    expect(requestsOn('get')).toBe(1);
    const onConnected = vi.fn();
    s.on('mercado-pago', { onConnected }); // before the flow exists
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    const { connectionId } = await approve();
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('connected'));
    expect(requestsOn('list')).toBe(1);
    // The answer is in the cache: what every component showing the list reads.
    const list = s.cache.get<SessionConnections>(listQuery(s.client).key).data;
    expect(list?.connections.find((c) => c.id === 'mercado-pago')?.status).toBe('connected');
    // The detail something shows is refreshed, once.
    await vi.waitFor(() => expect(requestsOn('get')).toBe(2));
    await vi.waitFor(() => expect(s.cache.get<ConnectionDetail>(detail.key).data?.status).toBe('connected'));
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
    // What this page posted: "this session changed", for the other tabs.
    expect(browser.broadcasts).toEqual([
      { channel: CHANGES_CHANNEL, data: { type: 'codespar:connections-changed', key: s.client.key, tab: expect.any(String) } },
    ]);
    off();
    stopDetail();
  });

  it('should write its answer over a list request still in flight from before, which never overwrites it', async () => {
    // The first load is answered at once (not_connected) but delivered late, after the approval.
    let calls = 0;
    const slowFirst = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await api.fetch(input, init);
      if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 300));
      return response;
    };
    const s = store(
      createConnectionsClient({ sessionId: 'ses_demo', baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: slowFirst, retry: false }),
    );
    const stop = showList(s);
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    await approve();
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('connected'));
    const row = () =>
      s.cache.get<SessionConnections>(listQuery(s.client).key).data?.connections.find((c) => c.id === 'mercado-pago')?.status;
    expect(row()).toBe('connected');
    // The slow first load (answered before the approval: not_connected) arrives now: dropped.
    await vi.waitFor(() => expect(s.cache.get(listQuery(s.client).key).isValidating).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(requestsOn('list')).toBe(2);
    expect(row()).toBe('connected');
    off();
    stop();
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
  it('should revalidate for another tab’s change to this session only, never for its own', async () => {
    const s = store();
    const unmount = s.mount();
    const stop = showList(s);
    await vi.waitFor(() => expect(s.cache.get(listQuery(s.client).key).isValidating).toBe(false));
    expect(requestsOn('list')).toBe(1);
    browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: 'rest:elsewhere', tab: 'other' });
    s.announce(); // its own, echoed back on the channel
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestsOn('list')).toBe(1);
    // Within the dedupe window all the same: another tab's word is news.
    browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: s.client.key, tab: 'other' });
    await vi.waitFor(() => expect(requestsOn('list')).toBe(2));
    stop();
    unmount();
    expect(browser.active().channels).toBe(0);
  });

  it('should refresh the list for a completion no live flow owns, and leave an owned one to its flow', async () => {
    const s = store();
    const unmount = s.mount();
    const off = s.subscribe('mercado-pago', () => {});
    s.start('mercado-pago');
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).toBe('waiting'));
    const state = new URL(browser.popups[0]?.navigations.at(-1) ?? '').searchParams.get('state') ?? '';
    browser.broadcast(CONNECT_CHANNEL, { type: 'codespar:connect', v: 1, state, status: 'connected' });
    await vi.waitFor(() => expect(s.getSnapshot('mercado-pago').status).not.toBe('waiting'));
    await vi.waitFor(() => expect(requestsOn('list')).toBe(1)); // the flow's own confirmation
    browser.broadcast(CONNECT_CHANNEL, { type: 'codespar:connect', v: 1, state: 'state-of-an-unmounted-card', status: 'connected' });
    await vi.waitFor(() => expect(requestsOn('list')).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestsOn('list')).toBe(2);
    off();
    unmount();
  });

  it('should revalidate what is shown on focus (throttled) and when the network comes back, unless told not to', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const s = store();
      const unmount = s.mount();
      expect(browser.active()).toMatchObject({ attentionListeners: 1, reconnectListeners: 1 });
      const stop = showList(s);
      const settled = () => vi.waitFor(() => expect(s.cache.get(listQuery(s.client).key).isValidating).toBe(false));
      await settled();
      vi.setSystemTime(Date.now() + 6000);
      browser.attention();
      await vi.waitFor(() => expect(requestsOn('list')).toBe(2));
      await settled();
      vi.setSystemTime(Date.now() + 3000); // past the dedupe window, within the focus throttle
      browser.attention();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(requestsOn('list')).toBe(2);
      browser.reconnect();
      await vi.waitFor(() => expect(requestsOn('list')).toBe(3));
      await settled();
      vi.setSystemTime(Date.now() + 6000);
      s.configure({ client: s.client, adapter: browser, revalidateOnFocus: false, revalidateOnReconnect: false });
      browser.attention();
      browser.reconnect();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(requestsOn('list')).toBe(3);
      stop();
      unmount();
      expect(browser.active()).toMatchObject({ attentionListeners: 0, reconnectListeners: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});
