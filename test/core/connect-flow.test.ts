import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConnectFlowTiming, createConnectFlow } from '../../src/core/connect-flow.ts';
import { ConnectFlowError, ConnectionsApiError, ConnectionsError } from '../../src/core/errors.ts';
import {
  type ConnectFlowSnapshot,
  type ConnectFlowStatus,
  type FlowEvent,
  initialSnapshot,
  isPendingStatus,
  reduceFlow,
} from '../../src/core/flow-state.ts';
import { CHANGES_CHANNEL, CONNECT_CHANNEL, MESSAGE_TYPE, MESSAGE_VERSION } from '../../src/core/protocol.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { BeginOptions, ConnectionCheck, ConnectionsClient, ConnectStart, RequestOptions } from '../../src/core/types.ts';
import { checkUrl } from '../../src/core/url.ts';
import { createFakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';

// ─── Fixtures ───────────────────────────────────────────────────────────────────────────────────

const SERVER = 'stripe';
const ORIGIN = 'http://localhost:5173';
const REDIRECT_URL = `${ORIGIN}/oauth/done`;
const STATE = 'state-7f3a9c';
/** What the API returns; the flow must navigate to its checked (normalised) form. */
const PROVIDER_URL = 'https://Provider.Example:443/oauth/authorize?client_id=abc&state=state-7f3a9c';
const CHECKED_PROVIDER_URL = 'https://provider.example/oauth/authorize?client_id=abc&state=state-7f3a9c';
const WIZARD_URL = 'https://dashboard.example/setup/stripe';
const ZERO = { messageListeners: 0, channels: 0, attentionListeners: 0, reconnectListeners: 0, timers: 0 };
/** Cancelled because the popup was closed: still listening for a late completion until the link expires. */
const LATE = { messageListeners: 1, channels: 1, attentionListeners: 0, reconnectListeners: 0, timers: 1 };

const ALL_STATUSES: readonly ConnectFlowStatus[] = [
  'idle',
  'checking',
  'needs_setup',
  'opening',
  'waiting',
  'verifying',
  'connected',
  'blocked',
  'cancelled',
  'expired',
  'error',
];

// ─── A controllable client ──────────────────────────────────────────────────────────────────────

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let settle!: { resolve: (value: T) => void; reject: (reason: unknown) => void };
  let settled = false;
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      settled = true;
      settle.resolve(value);
    },
    reject(reason) {
      settled = true;
      settle.reject(reason);
    },
  };
}

interface Call<O, T> {
  serverId: string;
  options: O | undefined;
  result: Deferred<T>;
}

/** A `ConnectionsClient` whose `begin` and `check` answer only when the test says so. */
function createFakeClient() {
  const begins: Call<BeginOptions, ConnectStart>[] = [];
  const checks: Call<RequestOptions, ConnectionCheck>[] = [];
  const begin = vi.fn((serverId: string, options?: BeginOptions) => {
    const result = deferred<ConnectStart>();
    begins.push({ serverId, options, result });
    return result.promise;
  });
  const check = vi.fn((serverId: string, options?: RequestOptions) => {
    const result = deferred<ConnectionCheck>();
    checks.push({ serverId, options, result });
    return result.promise;
  });
  const list = vi.fn(() => Promise.reject(new Error('list() is not used by the connect flow')));
  const client: ConnectionsClient = { kind: 'rest', key: 'test', list, begin, check };
  return { client, begin, check, list, begins, checks };
}

type FakeClient = ReturnType<typeof createFakeClient>;

const connected = (connectionId = 'conn_1'): ConnectionCheck => ({ serverId: SERVER, status: 'connected', connectionId });
const notConnected = (): ConnectionCheck => ({ serverId: SERVER, status: 'not_connected' });

const redirectStart = (overrides: Partial<Extract<ConnectStart, { type: 'redirect' }>> = {}): ConnectStart => ({
  type: 'redirect',
  serverId: SERVER,
  url: PROVIDER_URL,
  state: STATE,
  expiresInMs: 600_000,
  ...overrides,
});

const completion = (status: 'connected' | 'denied' | 'error', extra: Record<string, unknown> = {}) => ({
  type: MESSAGE_TYPE,
  v: MESSAGE_VERSION,
  state: STATE,
  status,
  ...extra,
});

/** Lets every pending promise chain run (fake timers do not touch microtasks). */
async function flush(): Promise<void> {
  for (let i = 0; i < 25; i++) await Promise.resolve();
}

function lastPending<O, T>(calls: Call<O, T>[]): Call<O, T> {
  const call = calls.findLast((c) => !c.result.settled);
  if (!call) throw new Error('no request is pending');
  return call;
}

async function answerBegin(api: FakeClient, start: ConnectStart): Promise<void> {
  lastPending(api.begins).result.resolve(start);
  await flush();
}

async function failBegin(api: FakeClient, error: unknown): Promise<void> {
  lastPending(api.begins).result.reject(error);
  await flush();
}

async function answerCheck(api: FakeClient, result: ConnectionCheck): Promise<void> {
  lastPending(api.checks).result.resolve(result);
  await flush();
}

async function failCheck(api: FakeClient, error: unknown): Promise<void> {
  lastPending(api.checks).result.reject(error);
  await flush();
}

/** Answers every check still pending (polls, attention) with the same result. */
async function answerChecks(api: FakeClient, result: ConnectionCheck): Promise<void> {
  while (api.checks.some((c) => !c.result.settled)) await answerCheck(api, result);
}

function setup({
  blockPopups = false,
  timing,
  redirectUrl = REDIRECT_URL,
}: {
  blockPopups?: boolean;
  timing?: ConnectFlowTiming;
  redirectUrl?: string;
} = {}) {
  const browser = createFakeBrowser({ blockPopups });
  const api = createFakeClient();
  const flow = createConnectFlow({ client: api.client, serverId: SERVER, redirectUrl, adapter: browser, timing });
  const onConnected = vi.fn();
  const onError = vi.fn();
  const onIgnoredMessage = vi.fn();
  flow.on({ onConnected, onError, onIgnoredMessage });
  const seen: ConnectFlowStatus[] = [];
  const notified = vi.fn(() => {
    seen.push(flow.getSnapshot().status);
  });
  flow.subscribe(notified);
  return {
    browser,
    api,
    flow,
    onConnected,
    onError,
    onIgnoredMessage,
    seen,
    notified,
    status: () => flow.getSnapshot().status,
    snapshot: () => flow.getSnapshot(),
  };
}

type Harness = ReturnType<typeof setup>;

/** start() and the API answering with an OAuth redirect: the flow is then `waiting`. */
async function startWaiting(h: Harness, start: ConnectStart = redirectStart()): Promise<void> {
  h.flow.start();
  await answerBegin(h.api, start);
  expect(h.status()).toBe('waiting');
}

/** The user closes the popup and is back on the page (its focus comes with the close); the API says not connected. */
async function closeAndComeBack(h: Harness): Promise<void> {
  popup(h).userClose();
  h.browser.attention();
  await vi.advanceTimersByTimeAsync(1500);
  await answerCheck(h.api, notConnected());
}

function popup(h: Harness, index = -1) {
  const p = h.browser.popups.at(index);
  if (!p) throw new Error('no popup was opened');
  return p;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

// ─── 1. The reducer ─────────────────────────────────────────────────────────────────────────────

describe('given the reducer', () => {
  const error = new ConnectFlowError('provider_error', 'boom');
  const events = {
    CHECK: { type: 'CHECK' },
    'CHECKED connected': { type: 'CHECKED', connected: true, connectionId: 'conn_9' },
    'CHECKED not connected': { type: 'CHECKED', connected: false },
    OPEN: { type: 'OPEN' },
    'REDIRECT with popup': { type: 'REDIRECT', url: CHECKED_PROVIDER_URL, popup: true },
    'REDIRECT without popup': { type: 'REDIRECT', url: CHECKED_PROVIDER_URL, popup: false },
    WIZARD: { type: 'WIZARD', url: WIZARD_URL },
    POPUP_OPENED: { type: 'POPUP_OPENED' },
    POPUP_CLOSED: { type: 'POPUP_CLOSED' },
    VERIFY: { type: 'VERIFY' },
    STILL_WAITING: { type: 'STILL_WAITING', popup: true },
    CONNECTED: { type: 'CONNECTED', connectionId: 'conn_9' },
    FAILED: { type: 'FAILED', error },
    EXPIRED: { type: 'EXPIRED', error: new ConnectFlowError('timeout', 'late') },
    CANCELLED: { type: 'CANCELLED', error: new ConnectFlowError('aborted', 'stop') },
    RESET: { type: 'RESET' },
  } satisfies Record<string, FlowEvent>;
  type EventName = keyof typeof events;

  const PENDING: ConnectFlowStatus[] = ['checking', 'needs_setup', 'opening', 'waiting', 'verifying', 'blocked'];
  const SETTLED: ConnectFlowStatus[] = ['idle', 'connected', 'cancelled', 'expired', 'error'];
  const to = (from: ConnectFlowStatus[], status: ConnectFlowStatus) => Object.fromEntries(from.map((s) => [s, status]));

  /**
   * Written from the status and method comments in connect-flow.ts, not from the reducer: which
   * status each event leads to; a status missing from a row does not accept that event.
   */
  const EXPECTED: Record<EventName, Partial<Record<ConnectFlowStatus, ConnectFlowStatus>>> = {
    // check(): only when nothing is under way.
    CHECK: to(SETTLED, 'checking'),
    'CHECKED connected': { checking: 'connected' },
    'CHECKED not connected': { checking: 'idle' },
    // start(): from rest, or over a check; a repeat while under way only focuses.
    OPEN: { ...to(SETTLED, 'opening'), checking: 'opening' },
    // The API answered while the blank popup was open.
    'REDIRECT with popup': { opening: 'waiting' },
    'REDIRECT without popup': { opening: 'blocked' },
    WIZARD: { opening: 'needs_setup' },
    // openFallback(): from blocked, or reopening a closed popup.
    POPUP_OPENED: { blocked: 'waiting', waiting: 'waiting', needs_setup: 'needs_setup' },
    // The popup looks closed while it shows the provider or the setup page.
    POPUP_CLOSED: { waiting: 'verifying', needs_setup: 'verifying' },
    // A completion hint, or the time-out's final check.
    VERIFY: { opening: 'verifying', waiting: 'verifying', needs_setup: 'verifying', blocked: 'verifying' },
    // "Not yet" from the API: back to waiting (here with a live popup, in redirect mode).
    STILL_WAITING: { verifying: 'waiting' },
    // Any flow under way can end.
    CONNECTED: to(PENDING, 'connected'),
    FAILED: to(PENDING, 'error'),
    EXPIRED: to(PENDING, 'expired'),
    CANCELLED: to(PENDING, 'cancelled'),
    RESET: to(
      ALL_STATUSES.filter((s) => s !== 'idle'),
      'idle',
    ),
  };

  /** One plausible snapshot per status, frozen so a mutation would throw. */
  function snapshotIn(status: ConnectFlowStatus): ConnectFlowSnapshot {
    const base = initialSnapshot(SERVER);
    const byStatus: Record<ConnectFlowStatus, Partial<ConnectFlowSnapshot>> = {
      idle: {},
      checking: {},
      needs_setup: { mode: 'wizard', url: WIZARD_URL, popupClosed: true },
      opening: {},
      waiting: { mode: 'redirect', url: CHECKED_PROVIDER_URL, popupClosed: true },
      verifying: { mode: 'redirect', url: CHECKED_PROVIDER_URL },
      connected: { connectionId: 'conn_0' },
      blocked: { mode: 'redirect', url: CHECKED_PROVIDER_URL, error: new ConnectFlowError('popup_blocked', 'blocked') },
      cancelled: { error: new ConnectFlowError('aborted', 'cancelled') },
      expired: { error: new ConnectFlowError('timeout', 'expired') },
      error: { error: new ConnectFlowError('provider_error', 'failed') },
    };
    return Object.freeze({ ...base, ...byStatus[status], status });
  }

  for (const status of ALL_STATUSES) {
    describe(`given status '${status}'`, () => {
      for (const name of Object.keys(events) as EventName[]) {
        const expected = EXPECTED[name][status];
        it(expected ? `should go to '${expected}' on ${name}` : `should return the same snapshot on ${name}`, () => {
          const before = snapshotIn(status);
          const after = reduceFlow(before, events[name]);
          if (expected === undefined) {
            expect(after).toBe(before);
          } else {
            expect(after).not.toBe(before);
            expect(after.status).toBe(expected);
            expect(after.serverId).toBe(SERVER);
          }
        });
      }
    });
  }

  it('should keep every status of the documented union (11 statuses)', () => {
    expect(new Set(ALL_STATUSES).size).toBe(11);
    expect(ALL_STATUSES.filter(isPendingStatus).sort()).toEqual([...PENDING].sort());
  });

  it('should record the checked URL and a popup_blocked error when REDIRECT comes without a popup', () => {
    const next = reduceFlow(snapshotIn('opening'), events['REDIRECT without popup']);
    expect(next).toMatchObject({ status: 'blocked', url: CHECKED_PROVIDER_URL, mode: 'redirect' });
    expect(next.error).toBeInstanceOf(ConnectFlowError);
    expect(next.error?.code).toBe('popup_blocked');
  });

  it('should record the url and the wizard mode on WIZARD', () => {
    expect(reduceFlow(snapshotIn('opening'), events.WIZARD)).toMatchObject({ status: 'needs_setup', url: WIZARD_URL, mode: 'wizard' });
  });

  it('should clear the blocked error and the closed flag on POPUP_OPENED', () => {
    expect(reduceFlow(snapshotIn('blocked'), events.POPUP_OPENED)).toMatchObject({
      status: 'waiting',
      error: undefined,
      popupClosed: false,
    });
    expect(reduceFlow(snapshotIn('waiting'), events.POPUP_OPENED).popupClosed).toBe(false);
  });

  it('should flag the popup as closed on POPUP_CLOSED', () => {
    expect(reduceFlow({ ...snapshotIn('waiting'), popupClosed: false }, events.POPUP_CLOSED).popupClosed).toBe(true);
  });

  describe('given verifying and STILL_WAITING', () => {
    const verifying = snapshotIn('verifying');
    it('should go back to waiting while the popup is open', () => {
      expect(reduceFlow(verifying, { type: 'STILL_WAITING', popup: true }).status).toBe('waiting');
    });
    it('should go back to waiting when the popup looked closed (it may be alive behind COOP)', () => {
      expect(reduceFlow({ ...verifying, popupClosed: true }, { type: 'STILL_WAITING', popup: false }).status).toBe('waiting');
    });
    it('should go back to blocked when there never was a popup', () => {
      expect(reduceFlow(verifying, { type: 'STILL_WAITING', popup: false }).status).toBe('blocked');
    });
    it('should go back to needs_setup in wizard mode', () => {
      expect(reduceFlow({ ...verifying, mode: 'wizard', url: WIZARD_URL }, { type: 'STILL_WAITING', popup: true }).status).toBe(
        'needs_setup',
      );
    });
  });

  it('should carry the error of FAILED, EXPIRED and CANCELLED', () => {
    expect(reduceFlow(snapshotIn('waiting'), events.FAILED).error).toBe(error);
    expect(reduceFlow(snapshotIn('waiting'), events.EXPIRED).error).toBe(events.EXPIRED.error);
    expect(reduceFlow(snapshotIn('waiting'), events.CANCELLED).error).toBe(events.CANCELLED.error);
  });

  it('should carry the connection id and clear the error on CONNECTED and CHECKED', () => {
    expect(reduceFlow(snapshotIn('blocked'), events.CONNECTED)).toMatchObject({ connectionId: 'conn_9', error: undefined });
    expect(reduceFlow(snapshotIn('checking'), events['CHECKED connected']).connectionId).toBe('conn_9');
  });

  it('should start from a clean snapshot on CHECK, OPEN and RESET', () => {
    const fresh = { error: undefined, url: undefined, connectionId: undefined, popupClosed: false, mode: undefined };
    expect(reduceFlow(snapshotIn('error'), events.CHECK)).toEqual({ ...initialSnapshot(SERVER), ...fresh, status: 'checking' });
    expect(reduceFlow(snapshotIn('expired'), events.OPEN)).toEqual({ ...initialSnapshot(SERVER), ...fresh, status: 'opening' });
    expect(reduceFlow(snapshotIn('connected'), events.RESET)).toEqual(initialSnapshot(SERVER));
  });
});

// ─── 2–3. start() ───────────────────────────────────────────────────────────────────────────────

describe('given an idle flow', () => {
  it('should open a blank popup synchronously inside start(), before the API answers', () => {
    const h = setup();
    h.flow.start();
    expect(h.browser.popups).toHaveLength(1);
    expect(popup(h).navigations).toEqual([]);
    expect(h.status()).toBe('opening');
    expect(h.api.begin).toHaveBeenCalledTimes(1);
    const [serverId, options] = h.api.begin.mock.calls[0]!;
    expect(serverId).toBe(SERVER);
    expect(options?.redirectUrl).toBe(REDIRECT_URL);
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(options?.signal?.aborted).toBe(false);
  });

  it('should navigate the popup to the checked URL and wait once the API answers with a redirect', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, redirectStart());
    expect(popup(h).navigations).toEqual([CHECKED_PROVIDER_URL]);
    expect(h.snapshot()).toMatchObject({ status: 'waiting', url: CHECKED_PROVIDER_URL, mode: 'redirect', popupClosed: false });
    expect(h.seen).toEqual(['opening', 'waiting']);
  });

  it('should resolve a relative redirect URL against the page origin and accept messages from it', async () => {
    const h = setup({ redirectUrl: '/oauth/done' });
    h.flow.start();
    expect(h.api.begin.mock.calls[0]![1]?.redirectUrl).toBe(REDIRECT_URL);
    await answerBegin(h.api, redirectStart());
    h.browser.postMessage(completion('connected'), ORIGIN);
    expect(h.status()).toBe('verifying');
  });

  it('should make one authorize request and one popup for five fast clicks', async () => {
    const h = setup();
    for (let i = 0; i < 5; i++) h.flow.start();
    expect(h.api.begin).toHaveBeenCalledTimes(1);
    expect(h.browser.popups).toHaveLength(1);
    await answerBegin(h.api, redirectStart());
    const focusBefore = popup(h).focusCount;
    h.flow.start();
    h.flow.start();
    expect(popup(h).focusCount).toBe(focusBefore + 2);
    expect(h.api.begin).toHaveBeenCalledTimes(1);
    expect(h.browser.popups).toHaveLength(1);
    expect(h.status()).toBe('waiting');
  });
});

// ─── 4–7. Completion messages ───────────────────────────────────────────────────────────────────

describe('given a flow waiting for the provider', () => {
  describe('when the callback page posts a connected message', () => {
    it('should verify with the API, then connect and fire onConnected once', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('connected', { connection_id: 'conn_hint' }), ORIGIN);
      expect(h.status()).toBe('verifying');
      expect(h.api.check).toHaveBeenCalledTimes(1);
      expect(h.api.check.mock.calls[0]![0]).toBe(SERVER);
      await answerCheck(h.api, connected('conn_1'));
      expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_1', error: undefined });
      expect(h.onConnected).toHaveBeenCalledTimes(1);
      expect(h.onConnected).toHaveBeenCalledWith({ serverId: SERVER, connectionId: 'conn_1' });
      expect(h.onError).not.toHaveBeenCalled();
      expect(h.browser.active()).toEqual(ZERO);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should close the popup once connected', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('connected'), ORIGIN);
      await answerCheck(h.api, connected());
      expect(h.status()).toBe('connected');
      expect(popup(h).closed).toBe(true);
    });

    it('should ignore a second identical message', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('connected'), ORIGIN);
      await answerCheck(h.api, connected());
      const after = h.snapshot();
      const notifications = h.notified.mock.calls.length;
      h.browser.postMessage(completion('connected'), ORIGIN);
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      await flush();
      expect(h.snapshot()).toBe(after);
      expect(h.notified).toHaveBeenCalledTimes(notifications);
      expect(h.onConnected).toHaveBeenCalledTimes(1);
      expect(h.api.check).toHaveBeenCalledTimes(1);
    });

    it('should go back to waiting, not fail, when the API does not confirm the hint', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('connected'), ORIGIN);
      await answerCheck(h.api, notConnected());
      expect(h.snapshot()).toMatchObject({ status: 'waiting', error: undefined });
      expect(h.onError).not.toHaveBeenCalled();
      expect(popup(h).closed).toBe(false);
    });

    it('should accept a message whose source is null (the popup was cut off by COOP)', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('connected'), ORIGIN, null);
      expect(h.status()).toBe('verifying');
      await answerCheck(h.api, connected());
      expect(h.status()).toBe('connected');
    });
  });

  describe('when a forged or foreign message arrives', () => {
    const otherWindow = {};
    const cases: { name: string; data: unknown; origin: string; source?: unknown; reason?: string }[] = [
      { name: 'another origin', data: completion('connected'), origin: 'http://evil.example', reason: 'origin' },
      { name: 'a look-alike origin', data: completion('connected'), origin: 'http://localhost:5173.evil.example', reason: 'origin' },
      { name: 'the right host on another port', data: completion('connected'), origin: 'http://localhost:5174', reason: 'origin' },
      { name: 'the right host over https', data: completion('connected'), origin: 'https://localhost:5173', reason: 'origin' },
      { name: 'the origin "null"', data: completion('connected'), origin: 'null', reason: 'origin' },
      { name: 'a stale state', data: completion('connected', { state: 'state-old' }), origin: ORIGIN, reason: 'state_mismatch' },
      {
        name: 'another window on the callback origin',
        data: completion('connected'),
        origin: ORIGIN,
        source: otherWindow,
        reason: 'source',
      },
      { name: 'a forged denial from another origin', data: completion('denied'), origin: 'http://evil.example', reason: 'origin' },
      {
        name: 'a forged error with a stale state',
        data: completion('error', { state: 'x', error: 'boom' }),
        origin: ORIGIN,
        reason: 'state_mismatch',
      },
      {
        name: 'a forged denial from another window',
        data: completion('denied'),
        origin: ORIGIN,
        source: otherWindow,
        reason: 'source',
      },
      { name: 'no version', data: { type: MESSAGE_TYPE, state: STATE, status: 'connected' }, origin: ORIGIN },
      { name: 'another version', data: completion('connected', { v: 2 }), origin: ORIGIN },
      { name: 'another type', data: completion('connected', { type: 'codespar:other' }), origin: ORIGIN },
      { name: "status 'hacked'", data: completion('connected', { status: 'hacked' }), origin: ORIGIN },
      { name: 'a string', data: JSON.stringify(completion('connected')), origin: ORIGIN },
      { name: 'null data', data: null, origin: ORIGIN },
      { name: 'a number', data: 42, origin: ORIGIN },
      { name: 'an empty state', data: completion('connected', { state: '' }), origin: ORIGIN },
      { name: 'a huge state', data: completion('connected', { state: STATE + 'x'.repeat(10_000) }), origin: ORIGIN },
      { name: 'a non-string state', data: completion('connected', { state: { toString: () => STATE } }), origin: ORIGIN },
    ];

    for (const c of cases) {
      it(`should change nothing and ask nothing for ${c.name}`, async () => {
        const h = setup();
        await startWaiting(h);
        const before = h.snapshot();
        const notifications = h.notified.mock.calls.length;
        if ('source' in c) h.browser.postMessage(c.data, c.origin, c.source);
        else h.browser.postMessage(c.data, c.origin);
        await flush();
        expect(h.snapshot()).toBe(before);
        expect(h.notified).toHaveBeenCalledTimes(notifications);
        expect(h.api.check).not.toHaveBeenCalled();
        expect(h.onError).not.toHaveBeenCalled();
        expect(popup(h).closed).toBe(false);
        if (c.reason) expect(h.onIgnoredMessage).toHaveBeenCalledWith(c.reason);
        else expect(h.onIgnoredMessage.mock.calls.filter(([r]) => r !== 'malformed')).toEqual([]);
      });
    }

    it('should still connect from the real message after a burst of forged ones', async () => {
      const h = setup();
      await startWaiting(h);
      for (const c of cases) h.browser.postMessage(c.data, c.origin, 'source' in c ? c.source : undefined);
      h.browser.postMessage(completion('connected'), ORIGIN);
      expect(h.status()).toBe('verifying');
      await answerCheck(h.api, connected());
      expect(h.status()).toBe('connected');
      expect(h.onConnected).toHaveBeenCalledTimes(1);
    });
  });

  describe('when the completion comes on the BroadcastChannel', () => {
    it('should connect with the right state', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      expect(h.status()).toBe('verifying');
      await answerCheck(h.api, connected('conn_bc'));
      expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_bc' });
      expect(h.onConnected).toHaveBeenCalledTimes(1);
      expect(h.browser.active()).toEqual(ZERO);
    });

    it('should ignore a denial or an error on it: a broadcast has no source to check', async () => {
      const h = setup();
      await startWaiting(h);
      const before = h.snapshot();
      h.browser.broadcast(CONNECT_CHANNEL, completion('denied'));
      h.browser.broadcast(CONNECT_CHANNEL, completion('error', { error: 'expired' }));
      await flush();
      expect(h.snapshot()).toBe(before);
      expect(h.onIgnoredMessage).toHaveBeenCalledWith('source');
      expect(popup(h).closed).toBe(false);
    });

    it('should ignore a wrong state, a malformed message and other channels', async () => {
      const h = setup();
      await startWaiting(h);
      const before = h.snapshot();
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected', { state: 'state-other-tab' }));
      h.browser.broadcast(CONNECT_CHANNEL, completion('denied', { state: 'state-other-tab' }));
      h.browser.broadcast(CONNECT_CHANNEL, { hello: 'world' });
      h.browser.broadcast(CHANGES_CHANNEL, completion('connected'));
      await flush();
      expect(h.snapshot()).toBe(before);
      expect(h.api.check).not.toHaveBeenCalled();
      expect(h.onIgnoredMessage).toHaveBeenCalledWith('state_mismatch');
    });
  });

  describe('when the provider reports a denial or an error', () => {
    it('should fail with provider_denied and close the popup on a denial', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('denied', { error: 'access_denied' }), ORIGIN);
      expect(h.status()).toBe('error');
      expect(h.snapshot().error).toBeInstanceOf(ConnectionsError);
      expect(h.snapshot().error?.code).toBe('provider_denied');
      expect(h.onError).toHaveBeenCalledTimes(1);
      expect(h.onError).toHaveBeenCalledWith(h.snapshot().error);
      expect(popup(h).closed).toBe(true);
      expect(h.api.check).not.toHaveBeenCalled();
      expect(h.browser.active()).toEqual(ZERO);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should end as expired with code timeout when the link expired', async () => {
      const h = setup();
      await startWaiting(h);
      h.browser.postMessage(completion('error', { error: 'expired' }), ORIGIN);
      expect(h.status()).toBe('expired');
      expect(h.snapshot().error?.code).toBe('timeout');
      expect(h.onError).toHaveBeenCalledTimes(1);
      expect(popup(h).closed).toBe(true);
      expect(h.browser.active()).toEqual(ZERO);
    });

    it('should fail with provider_error and keep the provider text as plain text', async () => {
      const h = setup();
      await startWaiting(h);
      const hostile = '<img src=x onerror=alert(1)>';
      h.browser.postMessage(completion('error', { error: hostile }), ORIGIN);
      expect(h.status()).toBe('error');
      expect(h.snapshot().error?.code).toBe('provider_error');
      expect(h.snapshot().error?.message).toContain(hostile);
      expect(h.onError).toHaveBeenCalledTimes(1);
      expect(popup(h).closed).toBe(true);
    });
  });
});

// ─── 8. API polling and attention ───────────────────────────────────────────────────────────────

describe('given a flow waiting while the API is polled', () => {
  it('should ask the API every 4000 ms and connect when it says so', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(3999);
    expect(h.api.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('waiting');
    await answerCheck(h.api, notConnected());
    expect(h.status()).toBe('waiting');
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.api.check).toHaveBeenCalledTimes(2);
    await answerCheck(h.api, connected('conn_poll'));
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_poll' });
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should keep waiting when a check fails', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(4000);
    await failCheck(h.api, new ConnectionsApiError('network_error', 'offline'));
    expect(h.snapshot()).toMatchObject({ status: 'waiting', error: undefined });
    expect(h.onError).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.api.check).toHaveBeenCalledTimes(2);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });

  it('should not stack checks while one is still in flight', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(h.api.check).toHaveBeenCalledTimes(1);
  });

  it('should ask the API when the user looks at the page again, at most once per second', async () => {
    const h = setup();
    await startWaiting(h);
    h.browser.attention();
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, notConnected());
    h.browser.attention();
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    h.browser.attention();
    expect(h.api.check).toHaveBeenCalledTimes(2);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });
});

// ─── 9. The popup looks closed ──────────────────────────────────────────────────────────────────

describe('given the popup looks closed (user or COOP)', () => {
  it('should verify after the closed poll, ask once after the grace period, then wait again', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(499);
    expect(h.status()).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(h.snapshot()).toMatchObject({ status: 'verifying', popupClosed: true });
    expect(h.api.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1499);
    expect(h.api.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, notConnected());
    expect(h.snapshot()).toMatchObject({ status: 'waiting', popupClosed: true, error: undefined });
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('should still connect from a later broadcast (the popup was alive behind COOP)', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(2000);
    await answerCheck(h.api, notConnected());
    expect(h.status()).toBe('waiting');
    h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
    expect(h.status()).toBe('verifying');
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.browser.active()).toEqual(ZERO);
  });

  it('should connect when the check after the grace period says connected', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, connected('conn_late'));
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_late' });
    expect(h.onConnected).toHaveBeenCalledTimes(1);
  });

  it('should cancel with popup_closed when the user is back on the page and the API says not connected', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    h.browser.attention();
    expect(h.snapshot()).toMatchObject({ status: 'verifying', popupClosed: true });
    await vi.advanceTimersByTimeAsync(1499);
    expect(h.api.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, notConnected());
    expect(h.status()).toBe('cancelled');
    expect(h.snapshot().error?.code).toBe('popup_closed');
    expect(h.onConnected).not.toHaveBeenCalled();
    // Still listening for a late completion (see below), and only that, until the link expires.
    expect(h.browser.active()).toEqual(LATE);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.status()).toBe('cancelled');
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
    expect(h.api.check).toHaveBeenCalledTimes(1);
  });

  it('should cancel when the closed poll saw it first and the user came back during the grace period', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(500);
    expect(h.status()).toBe('verifying');
    h.browser.attention(); // the focus the browser gives back as the popup closes
    await vi.advanceTimersByTimeAsync(1500);
    await answerCheck(h.api, notConnected());
    expect(h.snapshot()).toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'popup_closed' }) });
  });

  describe('given the popup looked closed while the user was away (the COOP signature)', () => {
    async function severed() {
      const h = setup();
      await startWaiting(h);
      popup(h).userClose(); // COOP: the live popup looks closed to the opener
      await vi.advanceTimersByTimeAsync(2000);
      await answerCheck(h.api, notConnected());
      expect(h.snapshot()).toMatchObject({ status: 'waiting', popupClosed: true });
      return h;
    }

    it('should keep waiting when the user glances back at the chat, asking the API instead of cancelling', async () => {
      const h = await severed();
      h.browser.attention();
      expect(h.status()).toBe('waiting');
      expect(h.api.check).toHaveBeenCalledTimes(2);
      await answerCheck(h.api, notConnected());
      await vi.advanceTimersByTimeAsync(5000);
      await answerChecks(h.api, notConnected());
      h.browser.attention();
      await vi.advanceTimersByTimeAsync(5000);
      await answerChecks(h.api, notConnected());
      expect(h.snapshot()).toMatchObject({ status: 'waiting', popupClosed: true, error: undefined });
      expect(h.seen).not.toContain('cancelled');
      // The approval in the popup that is still open arrives over the BroadcastChannel.
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      await answerCheck(h.api, connected('conn_coop'));
      expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_coop' });
      expect(h.onConnected).toHaveBeenCalledTimes(1);
      expect(h.browser.active()).toEqual(ZERO);
    });

    it('should still expire at the end of the link, after a final check', async () => {
      const h = await severed();
      h.browser.attention();
      await vi.advanceTimersByTimeAsync(600_000);
      await answerChecks(h.api, notConnected());
      await vi.advanceTimersByTimeAsync(0);
      expect(h.snapshot()).toMatchObject({ status: 'expired', error: expect.objectContaining({ code: 'timeout' }) });
      expect(h.browser.active()).toEqual(ZERO);
    });

    it('should judge a reopened popup on its own: closed with the user back, it cancels', async () => {
      const h = await severed();
      h.flow.openFallback(); // Reopen
      expect(h.snapshot()).toMatchObject({ status: 'waiting', popupClosed: false });
      await closeAndComeBack(h);
      expect(h.snapshot()).toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'popup_closed' }) });
    });
  });

  describe('given a flow cancelled because the popup was closed', () => {
    async function closedByUser() {
      const h = setup();
      await startWaiting(h);
      await closeAndComeBack(h);
      expect(h.snapshot()).toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'popup_closed' }) });
      return h;
    }

    it('should turn connected when the approval arrives after all (the judgement was wrong), once the API agrees', async () => {
      const h = await closedByUser();
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      await answerCheck(h.api, connected('conn_late'));
      expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_late', error: undefined });
      expect(h.onConnected).toHaveBeenCalledTimes(1);
      expect(h.browser.active()).toEqual(ZERO);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should stay cancelled when the API does not confirm, and take no denial', async () => {
      const h = await closedByUser();
      const before = h.snapshot();
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      await answerCheck(h.api, notConnected());
      h.browser.postMessage(completion('denied'), ORIGIN);
      await flush();
      expect(h.snapshot()).toBe(before);
      expect(h.onError).not.toHaveBeenCalled();
    });

    for (const [name, act] of [
      ['cancel()', (h: Harness) => h.flow.cancel()],
      ['reset()', (h: Harness) => h.flow.reset()],
      ['dispose()', (h: Harness) => h.flow.dispose()],
    ] as const) {
      it(`should stop listening on ${name}`, async () => {
        const h = await closedByUser();
        act(h);
        expect(h.browser.active()).toEqual(ZERO);
        expect(vi.getTimerCount()).toBe(0);
        h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
        expect(h.api.checks.filter((c) => !c.result.settled)).toEqual([]);
      });
    }

    it('should start a fresh attempt on start(), dropping the late listeners', async () => {
      const h = await closedByUser();
      await startWaiting(h, redirectStart({ state: 'state-2' }));
      expect(h.browser.active()).toMatchObject({ messageListeners: 1, channels: 1, attentionListeners: 1 });
      h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
      expect(h.onIgnoredMessage).toHaveBeenCalledWith('state_mismatch');
    });
  });

  it('should reopen the popup at the same URL from openFallback() after it was closed', async () => {
    const h = setup();
    await startWaiting(h);
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(2000);
    await answerCheck(h.api, notConnected());
    h.flow.openFallback();
    expect(h.browser.popups).toHaveLength(2);
    expect(popup(h).navigations).toEqual([CHECKED_PROVIDER_URL]);
    expect(h.snapshot()).toMatchObject({ status: 'waiting', popupClosed: false });
    h.browser.postMessage(completion('connected'), ORIGIN);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });
});

// ─── 10. Expiry ─────────────────────────────────────────────────────────────────────────────────

describe('given a link that expires in 60 s', () => {
  // Polling far apart, so the only check is the final one.
  const timing = { pollIntervalMs: 3_600_000 };

  it('should make one final check at 60 s and expire with code timeout when not connected', async () => {
    const h = setup({ timing });
    await startWaiting(h, redirectStart({ expiresInMs: 60_000 }));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(h.status()).toBe('waiting');
    expect(h.api.check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.status()).toBe('verifying');
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, notConnected());
    expect(h.status()).toBe('expired');
    expect(h.snapshot().error?.code).toBe('timeout');
    expect(h.onError).toHaveBeenCalledTimes(1);
    expect(popup(h).closed).toBe(true);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should connect when the final check says connected', async () => {
    const h = setup({ timing });
    await startWaiting(h, redirectStart({ expiresInMs: 60_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('should expire when the final check fails', async () => {
    const h = setup({ timing });
    await startWaiting(h, redirectStart({ expiresInMs: 60_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    await failCheck(h.api, new ConnectionsApiError('server_error', 'down'));
    expect(h.status()).toBe('expired');
  });

  it('should not care about the wall clock jumping (relative time-to-live)', async () => {
    const h = setup({ timing });
    await startWaiting(h, redirectStart({ expiresInMs: 60_000 }));
    vi.setSystemTime(Date.now() + 24 * 3_600_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.status()).toBe('waiting');
    expect(h.api.check).not.toHaveBeenCalled();
  });

  it('should use defaultTtlMs when the API gives no expiry', async () => {
    const h = setup({ timing: { ...timing, defaultTtlMs: 30_000 } });
    await startWaiting(h, redirectStart({ expiresInMs: undefined }));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(h.status()).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(h.status()).toBe('verifying');
  });
});

describe('given a link that expires in 30 days', () => {
  it('should still be waiting a second later (no timer overflow past 2^31-1 ms)', async () => {
    const h = setup({ timing: { pollIntervalMs: 3_600_000 } });
    await startWaiting(h, redirectStart({ expiresInMs: 30 * 24 * 3_600_000 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.status()).toBe('waiting');
    expect(h.api.check).not.toHaveBeenCalled();
  });
});

// ─── 11. Popup blocked ──────────────────────────────────────────────────────────────────────────

describe('given a browser that blocks the popup', () => {
  async function startBlocked() {
    const h = setup({ blockPopups: true });
    h.flow.start();
    expect(h.status()).toBe('opening');
    expect(h.browser.popups).toHaveLength(0);
    await answerBegin(h.api, redirectStart());
    return h;
  }

  it('should be blocked with popup_blocked and offer the checked URL', async () => {
    const h = await startBlocked();
    expect(h.status()).toBe('blocked');
    expect(h.snapshot().error?.code).toBe('popup_blocked');
    expect(h.snapshot().url).toBe(CHECKED_PROVIDER_URL);
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('should open the popup at that URL from openFallback() and wait', async () => {
    const h = await startBlocked();
    h.browser.blockPopups = false;
    h.flow.openFallback();
    expect(h.browser.popups).toHaveLength(1);
    expect(popup(h).navigations).toEqual([CHECKED_PROVIDER_URL]);
    expect(h.snapshot()).toMatchObject({ status: 'waiting', error: undefined });
  });

  it('should connect from a message sent by the fallback popup', async () => {
    const h = await startBlocked();
    h.browser.blockPopups = false;
    h.flow.openFallback();
    h.browser.postMessage(completion('connected'), ORIGIN, popup(h).target);
    expect(h.status()).toBe('verifying');
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.browser.active()).toEqual(ZERO);
  });

  it('should connect by polling after the fallback', async () => {
    const h = await startBlocked();
    h.browser.blockPopups = false;
    h.flow.openFallback();
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });

  it('should connect by polling even without the fallback (user opened the link some other way)', async () => {
    const h = await startBlocked();
    await vi.advanceTimersByTimeAsync(4000);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
    expect(h.browser.active()).toEqual(ZERO);
  });

  describe('when a denial or an error arrives with no popup to check its source against', () => {
    const someWindow = {};
    const cases = [
      ['a message from a window on the callback origin', (h: Harness) => h.browser.postMessage(completion('denied'), ORIGIN, someWindow)],
      ['a message with no source', (h: Harness) => h.browser.postMessage(completion('error', { error: 'boom' }), ORIGIN, null)],
      ['a broadcast from another tab', (h: Harness) => h.browser.broadcast(CONNECT_CHANNEL, completion('denied'))],
    ] as const;
    for (const [name, send] of cases) {
      it(`should ignore ${name} and stay blocked`, async () => {
        const h = await startBlocked();
        const before = h.snapshot();
        send(h);
        await flush();
        expect(h.snapshot()).toBe(before);
        expect(h.onError).not.toHaveBeenCalled();
        expect(h.onIgnoredMessage).toHaveBeenCalledWith('source');
      });
    }

    it('should still let a connected hint move it, once the API confirms', async () => {
      const h = await startBlocked();
      h.browser.postMessage(completion('connected'), ORIGIN, someWindow);
      expect(h.status()).toBe('verifying');
      await answerCheck(h.api, connected());
      expect(h.status()).toBe('connected');
    });
  });

  it('should stay blocked when openFallback() is blocked too', async () => {
    const h = await startBlocked();
    const before = h.snapshot();
    h.flow.openFallback();
    expect(h.snapshot()).toBe(before);
  });
});

// ─── 12–15. What begin() answers ────────────────────────────────────────────────────────────────

describe('given the API answers with an unsafe URL', () => {
  const unsafe = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '\tjavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/authorize',
    'https://u@evil.example/authorize',
    'http://evil.example/authorize',
    '/relative/path',
  ];
  for (const url of unsafe) {
    it(`should fail with unsafe_url and close the blank popup unnavigated for ${JSON.stringify(url)}`, async () => {
      const h = setup();
      h.flow.start();
      await answerBegin(h.api, redirectStart({ url }));
      expect(h.status()).toBe('error');
      expect(h.snapshot().error?.code).toBe('unsafe_url');
      expect(h.snapshot().url).toBeUndefined();
      expect(popup(h).navigations).toEqual([]);
      expect(popup(h).closed).toBe(true);
      expect(h.onError).toHaveBeenCalledTimes(1);
      expect(h.browser.active()).toEqual(ZERO);
    });
  }

  it('should refuse an unsafe wizard URL the same way', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, { type: 'wizard', serverId: SERVER, url: 'javascript:alert(document.cookie)' });
    expect(h.snapshot().error?.code).toBe('unsafe_url');
    expect(popup(h).navigations).toEqual([]);
    expect(popup(h).closed).toBe(true);
  });
});

describe('given begin() rejects', () => {
  it('should report the exact ConnectionsError and close the popup', async () => {
    const h = setup();
    h.flow.start();
    const error = new ConnectionsApiError('rate_limited', 'slow down', { status: 429, retryAfterMs: 2000 });
    await failBegin(h.api, error);
    expect(h.status()).toBe('error');
    expect(h.snapshot().error).toBe(error);
    expect(h.onError).toHaveBeenCalledTimes(1);
    expect(h.onError).toHaveBeenCalledWith(error);
    expect(popup(h).closed).toBe(true);
    expect(popup(h).navigations).toEqual([]);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should wrap anything else in a ConnectionsError coded unexpected (a host bug), not provider_error', async () => {
    const h = setup();
    h.flow.start();
    const cause = new TypeError('Failed to fetch');
    await failBegin(h.api, cause);
    expect(h.status()).toBe('error');
    expect(h.snapshot().error).toBeInstanceOf(ConnectionsError);
    expect(h.snapshot().error?.code).toBe('unexpected');
    expect(h.snapshot().error?.message).toBe('Failed to fetch');
    expect(h.snapshot().error?.cause).toBe(cause);
    expect(h.onError).toHaveBeenCalledTimes(1);
  });

  it('should wrap a thrown non-Error too, even one String() cannot print', async () => {
    const h = setup();
    h.flow.start();
    await failBegin(h.api, 'plain string');
    expect(h.snapshot().error).toBeInstanceOf(ConnectionsError);
    expect(h.snapshot().error).toMatchObject({ code: 'unexpected', message: 'plain string' });
    h.flow.start();
    const odd = Object.create(null);
    await failBegin(h.api, odd);
    expect(h.snapshot().error).toMatchObject({ code: 'unexpected', cause: odd });
  });
});

describe('given the REST client and a getToken() that does not answer', () => {
  function restSetup(timeoutMs = 15_000) {
    const api = createReferenceApi();
    let give: (token: string) => void = () => {};
    const getToken = vi.fn(() => new Promise<string>((resolve) => (give = resolve)));
    const client = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: ORIGIN, getToken, fetch: api.fetch, retry: false, timeoutMs });
    const browser = createFakeBrowser();
    const flow = createConnectFlow({ client, serverId: 'mercado-pago', redirectUrl: REDIRECT_URL, adapter: browser });
    return { api, browser, flow, getToken, give: (token: string) => give(token) };
  }

  it('should send no authorize request after cancel(), even when the token comes later', async () => {
    const h = restSetup();
    h.flow.start();
    await flush();
    expect(h.getToken).toHaveBeenCalledTimes(1);
    h.flow.cancel();
    h.give('demo_token');
    await flush();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.api.requests.filter((r) => r.route === 'authorize')).toEqual([]);
    expect(h.flow.getSnapshot().status).toBe('cancelled');
  });

  it('should end in error after the time-out instead of staying opening with a blank popup', async () => {
    const h = restSetup(5000);
    h.flow.start();
    await flush();
    expect(h.flow.getSnapshot().status).toBe('opening');
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(h.flow.getSnapshot()).toMatchObject({ status: 'error', error: expect.objectContaining({ code: 'network_error' }) });
    expect(h.browser.popups[0]?.closed).toBe(true);
    expect(h.browser.active()).toEqual(ZERO);
  });
});

describe('given a redirect URL with an opaque origin (data:, about:)', () => {
  for (const redirectUrl of ['data:text/html,<p>done</p>', 'about:blank', 'javascript:void 0']) {
    it(`should fail with unsafe_url before any request or popup for ${redirectUrl}`, async () => {
      const h = setup({ redirectUrl });
      h.flow.start();
      await flush();
      expect(h.snapshot()).toMatchObject({ status: 'error', error: expect.objectContaining({ code: 'unsafe_url' }) });
      expect(h.api.begin).not.toHaveBeenCalled();
      expect(h.browser.popups.every((p) => p.closed)).toBe(true);
      expect(h.browser.active()).toEqual(ZERO);
    });
  }

  it('should never accept a message from the origin "null", whatever the redirect URL', async () => {
    const h = setup({ redirectUrl: 'data:text/html,x' });
    h.flow.start();
    if (h.api.begins.length) await answerBegin(h.api, redirectStart());
    // An opaque page (a data: URL, a sandboxed frame) posts with origin "null", whoever made it.
    h.browser.postMessage(completion('connected'), 'null');
    await flush();
    expect(h.api.check).not.toHaveBeenCalled();
    expect(h.onConnected).not.toHaveBeenCalled();
  });
});

describe("given the client's URL policy", () => {
  it('should check the provider URL with the policy the client checked it with (stricter than the default)', async () => {
    const h = setup();
    Object.assign(h.api.client, { urlPolicy: { allowLoopbackHttp: false } });
    h.flow.start();
    await answerBegin(h.api, redirectStart({ url: 'http://localhost:4010/oauth/consent?state=x' }));
    expect(h.snapshot()).toMatchObject({ status: 'error', error: expect.objectContaining({ code: 'unsafe_url' }) });
    expect(popup(h).navigations).toEqual([]);
  });

  it('should accept loopback http on a non-loopback page when the client allows it', async () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('location', { hostname: 'app.example', origin: 'https://app.example' });
    try {
      const api = createReferenceApi();
      const client = createConnectionsClient({
        sessionId: 'ses_demo',
        baseUrl: 'http://127.0.0.1:4010',
        getToken: () => 'demo_token',
        fetch: api.fetch,
        urlPolicy: { allowLoopbackHttp: true },
      });
      const browser = createFakeBrowser({ origin: 'https://app.example' });
      const flow = createConnectFlow({ client, serverId: 'mercado-pago', redirectUrl: 'https://app.example/cb', adapter: browser });
      flow.start();
      await vi.waitFor(() => expect(flow.getSnapshot().status).not.toBe('opening'));
      expect(flow.getSnapshot()).toMatchObject({ status: 'waiting', error: undefined });
      expect(browser.popups[0]?.navigations[0]).toMatch(/^http:\/\/localhost:4010\/oauth\/consent\?state=/);
      flow.dispose();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('given begin() says the server is connected already', () => {
  it('should close the popup, verify, then connect once the API confirms', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, { type: 'connected', serverId: SERVER, connectionId: 'conn_begin' });
    expect(h.status()).toBe('verifying');
    expect(popup(h).closed).toBe(true);
    expect(popup(h).navigations).toEqual([]);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, connected('conn_api'));
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_api' });
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.seen).toEqual(['opening', 'verifying', 'connected']);
    expect(h.browser.active()).toEqual(ZERO);
  });

  it('should trust begin() when the confirming check fails', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, { type: 'connected', serverId: SERVER, connectionId: 'conn_begin' });
    await failCheck(h.api, new ConnectionsApiError('network_error', 'offline'));
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_begin' });
  });

  it('should not get stuck when the API then says not connected: another click asks again', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, { type: 'connected', serverId: SERVER });
    await answerCheck(h.api, notConnected());
    h.flow.start();
    expect(h.api.begin).toHaveBeenCalledTimes(2);
    expect(h.browser.popups).toHaveLength(2);
  });
});

describe('given an operator setup (wizard mode)', () => {
  it('should show the setup URL, listen to no messages, and connect by polling', async () => {
    const h = setup();
    h.flow.start();
    await answerBegin(h.api, { type: 'wizard', serverId: SERVER, url: WIZARD_URL });
    expect(h.snapshot()).toMatchObject({ status: 'needs_setup', url: WIZARD_URL, mode: 'wizard' });
    expect(popup(h).navigations).toEqual([WIZARD_URL]);
    expect(h.browser.active().messageListeners).toBe(0);
    expect(h.browser.active().channels).toBe(0);
    expect(h.browser.active().timers).toBeGreaterThan(0);
    h.browser.postMessage(completion('connected'), ORIGIN);
    expect(h.status()).toBe('needs_setup');
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.api.check).toHaveBeenCalledTimes(1);
    await answerCheck(h.api, notConnected());
    expect(h.status()).toBe('needs_setup');
    await vi.advanceTimersByTimeAsync(4000);
    await answerCheck(h.api, connected('conn_wiz'));
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_wiz' });
    expect(h.onConnected).toHaveBeenCalledTimes(1);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should expire after defaultTtlMs with a final check', async () => {
    const h = setup({ timing: { pollIntervalMs: 3_600_000, defaultTtlMs: 120_000 } });
    h.flow.start();
    await answerBegin(h.api, { type: 'wizard', serverId: SERVER, url: WIZARD_URL });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.status()).toBe('verifying');
    await answerCheck(h.api, notConnected());
    expect(h.snapshot().error?.code).toBe('timeout');
  });
});

// ─── 16–18. cancel(), reset(), dispose(), check() ───────────────────────────────────────────────

describe('given the user cancels', () => {
  it('should cancel while opening: abort begin(), close the popup, and ignore its late answer', async () => {
    const h = setup();
    h.flow.start();
    const signal = h.api.begin.mock.calls[0]![1]!.signal!;
    h.flow.cancel();
    expect(h.status()).toBe('cancelled');
    expect(h.snapshot().error?.code).toBe('aborted');
    expect(h.snapshot().error).toBeInstanceOf(ConnectionsError);
    expect(signal.aborted).toBe(true);
    expect(popup(h).closed).toBe(true);
    await answerBegin(h.api, redirectStart());
    expect(h.status()).toBe('cancelled');
    expect(popup(h).navigations).toEqual([]);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('should ignore a late rejection of the aborted begin()', async () => {
    const h = setup();
    h.flow.start();
    h.flow.cancel();
    await failBegin(h.api, new ConnectionsError('aborted', 'aborted'));
    expect(h.status()).toBe('cancelled');
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('should cancel while waiting: close the popup, abort the check in flight, and drop its answer', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(4000);
    const checkSignal = h.api.check.mock.calls[0]![1]!.signal!;
    h.flow.cancel();
    expect(h.status()).toBe('cancelled');
    expect(h.snapshot().error?.code).toBe('aborted');
    expect(popup(h).closed).toBe(true);
    expect(checkSignal.aborted).toBe(true);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
    await answerCheck(h.api, connected());
    h.browser.postMessage(completion('connected'), ORIGIN);
    expect(h.status()).toBe('cancelled');
    expect(h.onConnected).not.toHaveBeenCalled();
  });

  it('should do nothing when nothing is under way', () => {
    const h = setup();
    h.flow.cancel();
    expect(h.status()).toBe('idle');
    expect(h.notified).not.toHaveBeenCalled();
  });

  it('should go back to idle on reset(), from waiting or from cancelled', async () => {
    const h = setup();
    await startWaiting(h);
    h.flow.reset();
    expect(h.snapshot()).toEqual(initialSnapshot(SERVER));
    expect(popup(h).closed).toBe(true);
    expect(h.browser.active()).toEqual(ZERO);
    h.flow.start();
    h.flow.cancel();
    h.flow.reset();
    expect(h.status()).toBe('idle');
  });

  it('should start a fresh attempt after a cancel', async () => {
    const h = setup();
    await startWaiting(h);
    h.flow.cancel();
    await startWaiting(h, redirectStart({ state: 'state-2' }));
    expect(h.api.begin).toHaveBeenCalledTimes(2);
    h.browser.postMessage(completion('connected'), ORIGIN);
    expect(h.onIgnoredMessage).toHaveBeenCalledWith('state_mismatch');
    expect(h.status()).toBe('waiting');
    h.browser.postMessage(completion('connected', { state: 'state-2' }), ORIGIN);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });
});

describe('given the component unmounts (dispose)', () => {
  it('should drop everything at once while waiting and leave the popup open', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(4000);
    const notifications = h.notified.mock.calls.length;
    h.flow.dispose();
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
    expect(popup(h).closed).toBe(false);
    h.browser.postMessage(completion('connected'), ORIGIN);
    h.browser.broadcast(CONNECT_CHANNEL, completion('connected'));
    h.browser.attention();
    await answerCheck(h.api, connected());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.notified).toHaveBeenCalledTimes(notifications);
    expect(h.onConnected).not.toHaveBeenCalled();
    expect(h.onError).not.toHaveBeenCalled();
    expect(h.api.check).toHaveBeenCalledTimes(1);
    expect(isPendingStatus(h.status())).toBe(false);
  });

  it('should ignore a begin() answer that arrives after dispose', async () => {
    const h = setup();
    h.flow.start();
    h.flow.dispose();
    expect(h.browser.active()).toEqual(ZERO);
    await answerBegin(h.api, redirectStart());
    expect(popup(h).navigations).toEqual([]);
    // Still blank: nothing of the user's is in it, so it is closed rather than left empty forever.
    expect(popup(h).closed).toBe(true);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
    expect(h.seen).toEqual(['opening']);
  });

  it('should ignore a begin() failure that arrives after dispose', async () => {
    const h = setup();
    h.flow.start();
    h.flow.dispose();
    await failBegin(h.api, new ConnectionsApiError('server_error', 'down'));
    expect(h.onError).not.toHaveBeenCalled();
    expect(h.seen).toEqual(['opening']);
  });
});

describe('given a flow that was disposed', () => {
  it('should open nothing, ask nothing and attach nothing on start(), openFallback() or check()', async () => {
    const h = setup();
    await startWaiting(h);
    h.flow.dispose();
    h.flow.start();
    h.flow.openFallback();
    await h.flow.check();
    await flush();
    expect(h.browser.popups).toHaveLength(1);
    expect(h.api.begin).toHaveBeenCalledTimes(1);
    expect(h.api.check).not.toHaveBeenCalled();
    expect(h.status()).toBe('idle');
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should work again once revived after a dispose', async () => {
    const h = setup();
    h.flow.dispose();
    h.flow.revive();
    await startWaiting(h);
    expect(h.browser.popups).toHaveLength(1);
    h.flow.dispose();
    expect(h.browser.active()).toEqual(ZERO);
  });
});

describe('given the popup is closed while still blank (before the API answered)', () => {
  it('should cancel with popup_closed at once, abort begin(), and ignore its late answer', async () => {
    const h = setup();
    h.flow.start();
    const signal = h.api.begin.mock.calls[0]![1]?.signal;
    popup(h).userClose();
    await vi.advanceTimersByTimeAsync(500);
    expect(h.snapshot()).toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'popup_closed' }) });
    expect(signal?.aborted).toBe(true);
    expect(h.api.check).not.toHaveBeenCalled();
    await answerBegin(h.api, redirectStart());
    expect(h.status()).toBe('cancelled');
    expect(popup(h).navigations).toEqual([]);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should cancel the same way when begin() answers before the closed poll saw it', async () => {
    const h = setup();
    h.flow.start();
    popup(h).userClose();
    await answerBegin(h.api, redirectStart());
    expect(h.snapshot()).toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'popup_closed' }) });
    expect(popup(h).navigations).toEqual([]);
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should still end connected when begin() says the server is connected already', async () => {
    const h = setup();
    h.flow.start();
    popup(h).userClose();
    await answerBegin(h.api, { type: 'connected', serverId: SERVER });
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('connected');
  });
});

describe('given check()', () => {
  it('should go checking → connected without firing onConnected', async () => {
    const h = setup();
    const done = h.flow.check();
    expect(h.status()).toBe('checking');
    expect(h.browser.popups).toHaveLength(0);
    await answerCheck(h.api, connected('conn_known'));
    await done;
    expect(h.snapshot()).toMatchObject({ status: 'connected', connectionId: 'conn_known' });
    expect(h.onConnected).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should go checking → idle when not connected', async () => {
    const h = setup();
    const done = h.flow.check();
    await answerCheck(h.api, notConnected());
    await done;
    expect(h.status()).toBe('idle');
    expect(h.seen).toEqual(['checking', 'idle']);
  });

  it('should not check while a connect flow is under way', async () => {
    const h = setup();
    await startWaiting(h);
    await h.flow.check();
    expect(h.status()).toBe('waiting');
    expect(h.api.check).not.toHaveBeenCalled();
  });

  it('should end in error coded unexpected when the check throws something that is not a ConnectionsError', async () => {
    const h = setup();
    const done = h.flow.check();
    const cause = new RangeError('confirm() has a bug');
    await failCheck(h.api, cause);
    await done;
    expect(h.snapshot().error).toMatchObject({ code: 'unexpected', cause });
    const own = new ConnectionsApiError('server_error', 'down');
    const again = h.flow.check();
    await failCheck(h.api, own);
    await again;
    expect(h.snapshot().error).toBe(own);
  });

  it('should let start() take over a check in progress', async () => {
    const h = setup();
    void h.flow.check();
    h.flow.start();
    expect(h.status()).toBe('opening');
    expect(h.api.check.mock.calls[0]![1]!.signal!.aborted).toBe(true);
    await answerCheck(h.api, connected());
    expect(h.status()).toBe('opening');
    await answerBegin(h.api, redirectStart());
    expect(h.status()).toBe('waiting');
  });
});

// ─── 19. Clean-up on every exit ─────────────────────────────────────────────────────────────────

describe('given any way a flow ends', () => {
  const exits: { name: string; end: (h: Harness) => Promise<void>; status: ConnectFlowStatus }[] = [
    {
      name: 'connected by message',
      status: 'connected',
      end: async (h) => {
        h.browser.postMessage(completion('connected'), ORIGIN);
        await answerCheck(h.api, connected());
      },
    },
    {
      name: 'connected by polling with the popup closed',
      status: 'connected',
      end: async (h) => {
        popup(h).userClose();
        await vi.advanceTimersByTimeAsync(2000);
        await answerCheck(h.api, notConnected());
        await vi.advanceTimersByTimeAsync(4000);
        await answerCheck(h.api, connected());
      },
    },
    {
      name: 'error (denied)',
      status: 'error',
      end: async (h) => {
        h.browser.postMessage(completion('denied'), ORIGIN);
      },
    },
    {
      name: 'expired',
      status: 'expired',
      end: async (h) => {
        await vi.advanceTimersByTimeAsync(600_000);
        await answerChecks(h.api, notConnected());
        await vi.advanceTimersByTimeAsync(0);
      },
    },
    {
      name: 'cancelled by the user',
      status: 'cancelled',
      end: async (h) => {
        h.flow.cancel();
      },
    },
    {
      name: 'cancelled because the user closed the popup, once the link expired',
      status: 'cancelled',
      end: async (h) => {
        await closeAndComeBack(h);
        expect(h.browser.active()).toEqual(LATE);
        await vi.advanceTimersByTimeAsync(600_000);
      },
    },
    {
      name: 'cancelled during the grace period after the popup closed',
      status: 'cancelled',
      end: async (h) => {
        popup(h).userClose();
        await vi.advanceTimersByTimeAsync(500);
        expect(h.status()).toBe('verifying');
        h.flow.cancel();
      },
    },
    {
      name: 'disposed during the grace period after the popup closed',
      status: 'idle',
      end: async (h) => {
        popup(h).userClose();
        await vi.advanceTimersByTimeAsync(500);
        h.flow.dispose();
      },
    },
    {
      name: 'reset',
      status: 'idle',
      end: async (h) => {
        h.flow.reset();
      },
    },
    {
      name: 'disposed',
      status: 'idle',
      end: async (h) => {
        h.flow.dispose();
      },
    },
  ];

  for (const exit of exits) {
    it(`should leave no listener, channel or timer after ${exit.name}`, async () => {
      const h = setup();
      await startWaiting(h);
      expect(h.browser.active().messageListeners).toBe(1);
      expect(h.browser.active().channels).toBe(1);
      expect(h.browser.active().attentionListeners).toBe(1);
      await exit.end(h);
      expect(h.status()).toBe(exit.status);
      expect(h.browser.active()).toEqual(ZERO);
      expect(vi.getTimerCount()).toBe(0);
    });
  }

  it('should leave nothing attached when a subscriber cancels as soon as the flow waits', async () => {
    const h = setup();
    h.flow.subscribe(() => {
      if (h.flow.getSnapshot().status === 'waiting') h.flow.cancel();
    });
    h.flow.start();
    await answerBegin(h.api, redirectStart());
    expect(h.status()).toBe('cancelled');
    expect(h.browser.active()).toEqual(ZERO);
    expect(vi.getTimerCount()).toBe(0);
  });
});

// ─── 20. Random sequences ───────────────────────────────────────────────────────────────────────

type BeginOutcome =
  | { kind: 'redirect'; expiresInMs: number | undefined; url: string }
  | { kind: 'redirect-no-state' }
  | { kind: 'wizard'; url: string }
  | { kind: 'connected' }
  | { kind: 'reject'; connectionsError: boolean };

type CheckOutcome = 'connected' | 'not_connected' | 'needs_setup' | 'reject';

type Action =
  | { kind: 'start' }
  | { kind: 'cancel' }
  | { kind: 'reset' }
  | { kind: 'check' }
  | { kind: 'openFallback' }
  | { kind: 'block'; on: boolean }
  | { kind: 'userClose' }
  | { kind: 'attention' }
  | { kind: 'message'; status: 'connected' | 'denied' | 'error'; error: string | undefined; sourceNull: boolean }
  | { kind: 'broadcast'; status: 'connected' | 'denied' | 'error'; error: string | undefined }
  | { kind: 'forged'; how: 'origin' | 'state' | 'malformed' | 'broadcast-state' }
  | { kind: 'advance'; ms: number }
  | { kind: 'answerBegin'; pick: number; outcome: BeginOutcome }
  | { kind: 'answerCheck'; pick: number; outcome: CheckOutcome };

const completionStatus = fc.constantFrom('connected' as const, 'denied' as const, 'error' as const);
const providerError = fc.option(fc.constantFrom('expired', 'access_denied', 'server_error', '<b>x</b>'), { nil: undefined });

const beginOutcomeArb: fc.Arbitrary<BeginOutcome> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('redirect' as const),
      expiresInMs: fc.option(fc.constantFrom(0, 1000, 5000, 60_000), { nil: undefined }),
      url: fc.constantFrom(PROVIDER_URL, 'https://provider.example/a'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('redirect' as const),
      expiresInMs: fc.constant(undefined),
      url: fc.constantFrom('javascript:alert(1)', 'https://u@evil.example', '//evil.example'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'redirect-no-state' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wizard' as const), url: fc.constantFrom(WIZARD_URL, WIZARD_URL, 'data:text/html,x') }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'connected' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), connectionsError: fc.boolean() }) },
);

/** Weighted towards moving a flow forward, so runs reach waiting, verifying, blocked and every exit. */
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Action>({ kind: 'start' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'cancel' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'reset' }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'check' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'openFallback' }) },
  { weight: 2, arbitrary: fc.boolean().map<Action>((on) => ({ kind: 'block', on })) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'userClose' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'attention' }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ status: completionStatus, error: providerError, sourceNull: fc.boolean() })
      .map<Action>((m) => ({ kind: 'message', ...m })),
  },
  { weight: 2, arbitrary: fc.record({ status: completionStatus, error: providerError }).map<Action>((m) => ({ kind: 'broadcast', ...m })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('origin' as const, 'state' as const, 'malformed' as const, 'broadcast-state' as const)
      .map<Action>((how) => ({ kind: 'forged', how })),
  },
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 2500, max: 70_000 }))
      .map<Action>((ms) => ({ kind: 'advance', ms })),
  },
  { weight: 5, arbitrary: fc.record({ pick: fc.nat(), outcome: beginOutcomeArb }).map<Action>((a) => ({ kind: 'answerBegin', ...a })) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        pick: fc.nat(),
        outcome: fc.constantFrom<CheckOutcome>('connected', 'not_connected', 'not_connected', 'needs_setup', 'reject'),
      })
      .map<Action>((a) => ({ kind: 'answerCheck', ...a })),
  },
);

function pickPending<O, T>(calls: Call<O, T>[], pick: number): Call<O, T> | undefined {
  const pending = calls.filter((c) => !c.result.settled);
  return pending.length === 0 ? undefined : pending[pick % pending.length];
}

describe('given any sequence of user, browser and API events', () => {
  it('should never throw, keep a known status, connect at most once per attempt, and leak nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 60, size: 'large' }), async (actions) => {
        vi.clearAllTimers();
        const h = setup();
        /** How many begin() calls there had been each time onConnected fired. */
        const connectedAtAttempt: number[] = [];
        h.flow.on({ onConnected: () => connectedAtAttempt.push(h.api.begin.mock.calls.length) });
        let state = STATE;
        let n = 0;

        for (const action of actions) {
          const before = h.snapshot();
          const checksBefore = h.api.check.mock.calls.length;
          switch (action.kind) {
            case 'start':
              h.flow.start();
              break;
            case 'cancel':
              h.flow.cancel();
              break;
            case 'reset':
              h.flow.reset();
              break;
            case 'check':
              void h.flow.check();
              break;
            case 'openFallback':
              h.flow.openFallback();
              break;
            case 'block':
              h.browser.blockPopups = action.on;
              break;
            case 'userClose':
              h.browser.popups.at(-1)?.userClose();
              break;
            case 'attention':
              h.browser.attention();
              break;
            case 'message': {
              const data = completion(action.status, { state, ...(action.error ? { error: action.error } : {}) });
              if (action.sourceNull) h.browser.postMessage(data, ORIGIN, null);
              else h.browser.postMessage(data, ORIGIN);
              break;
            }
            case 'broadcast':
              h.browser.broadcast(CONNECT_CHANNEL, completion(action.status, { state, ...(action.error ? { error: action.error } : {}) }));
              break;
            case 'forged':
              if (action.how === 'origin') h.browser.postMessage(completion('denied', { state }), 'http://localhost:5173.evil.example');
              else if (action.how === 'state') h.browser.postMessage(completion('error', { state: 'forged-state' }), ORIGIN);
              else if (action.how === 'malformed') h.browser.postMessage({ ...completion('denied', { state }), v: '1' }, ORIGIN);
              else h.browser.broadcast(CONNECT_CHANNEL, completion('denied', { state: 'forged-state' }));
              break;
            case 'advance':
              await vi.advanceTimersByTimeAsync(action.ms);
              break;
            case 'answerBegin': {
              const call = pickPending(h.api.begins, action.pick);
              if (!call) break;
              const o = action.outcome;
              if (o.kind === 'redirect') {
                state = `state-${++n}`;
                call.result.resolve({ type: 'redirect', serverId: SERVER, url: o.url, state, expiresInMs: o.expiresInMs });
              } else if (o.kind === 'redirect-no-state') {
                call.result.resolve({ type: 'redirect', serverId: SERVER, url: PROVIDER_URL });
              } else if (o.kind === 'wizard') {
                call.result.resolve({ type: 'wizard', serverId: SERVER, url: o.url });
              } else if (o.kind === 'connected') {
                call.result.resolve({ type: 'connected', serverId: SERVER, connectionId: 'conn_b' });
              } else {
                call.result.reject(o.connectionsError ? new ConnectionsApiError('rate_limited', 'slow down') : new Error('boom'));
              }
              break;
            }
            case 'answerCheck': {
              const call = pickPending(h.api.checks, action.pick);
              if (!call) break;
              if (action.outcome === 'reject') call.result.reject(new ConnectionsApiError('network_error', 'offline'));
              else call.result.resolve({ serverId: SERVER, status: action.outcome, connectionId: 'conn_c' });
              break;
            }
          }
          await flush();

          const snap = h.snapshot();
          expect(ALL_STATUSES).toContain(snap.status);
          expect(snap.serverId).toBe(SERVER);
          if (action.kind === 'forged') {
            expect(snap).toBe(before);
            expect(h.api.check.mock.calls.length).toBe(checksBefore);
          }
          // Every exit leaves nothing attached, but a popup_closed cancel listens for a late
          // completion until the link expires.
          if (!isPendingStatus(snap.status)) {
            const late = snap.status === 'cancelled' && snap.error?.code === 'popup_closed' && snap.mode === 'redirect';
            expect([ZERO, ...(late ? [LATE] : [])]).toContainEqual(h.browser.active());
          }
          if (snap.status === 'error' || snap.status === 'expired' || snap.status === 'cancelled') {
            expect(snap.error).toBeInstanceOf(ConnectionsError);
          }
        }

        // At most one onConnected per attempt (attempts are counted by begin() calls).
        expect(new Set(connectedAtAttempt).size).toBe(connectedAtAttempt.length);
        expect(connectedAtAttempt.every((attempt) => attempt > 0)).toBe(true);
        // Nothing was ever navigated to an unsafe URL.
        for (const p of h.browser.popups) {
          for (const url of p.navigations) expect(() => checkUrl(url)).not.toThrow();
        }

        h.flow.dispose();
        expect(h.browser.active()).toEqual(ZERO);
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe('given a completion message while an older API check is still under way', () => {
  it('should ask the API again instead of trusting the older answer', async () => {
    const h = setup();
    await startWaiting(h);
    await vi.advanceTimersByTimeAsync(4000); // the poll starts a check
    expect(h.api.checks).toHaveLength(1);
    h.browser.postMessage(completion('connected'), ORIGIN);
    await answerCheck(h.api, notConnected()); // the poll's answer predates the completion
    expect(h.api.checks).toHaveLength(2);
    await answerCheck(h.api, connected('conn_fresh'));
    expect(h.status()).toBe('connected');
    expect(h.snapshot().connectionId).toBe('conn_fresh');
  });

  it('should not ask twice when no older check was under way', async () => {
    const h = setup();
    await startWaiting(h);
    h.browser.postMessage(completion('connected'), ORIGIN);
    await answerCheck(h.api, notConnected());
    expect(h.api.checks).toHaveLength(1);
    expect(h.status()).toBe('waiting');
  });
});

describe('given a message that claims to be ours but is malformed', () => {
  it('should ignore it and report it as malformed', async () => {
    const h = setup();
    await startWaiting(h);
    h.browser.postMessage({ type: MESSAGE_TYPE, v: 2, state: STATE, status: 'connected' }, ORIGIN);
    h.browser.postMessage({ type: 'someone-else', v: 1 }, ORIGIN);
    await flush();
    expect(h.onIgnoredMessage.mock.calls).toEqual([['malformed']]);
    expect(h.status()).toBe('waiting');
    expect(h.api.checks).toHaveLength(0);
  });
});
