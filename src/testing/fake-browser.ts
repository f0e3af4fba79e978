import type { BrowserAdapter, IncomingMessage, PopupHandle } from '../core/browser.ts';
import { CONNECT_CHANNEL } from '../core/protocol.ts';

/** A popup the fake browser opened: inspect it, or act as the user and the provider. */
export interface FakePopup extends PopupHandle {
  /** Every URL the flow navigated it to. */
  readonly navigations: readonly string[];
  readonly focusCount: number;
  /** The user closes it (or COOP severs it: indistinguishable to the opener). */
  userClose(): void;
}

export interface FakeBrowserOptions {
  /** The page's origin. @defaultValue 'http://localhost:5173' */
  origin?: string;
  /** Block every popup, like a browser with the blocker on and no user gesture. @defaultValue false */
  blockPopups?: boolean;
}

export interface FakeBrowser extends BrowserAdapter {
  readonly popups: readonly FakePopup[];
  blockPopups: boolean;
  /** Delivers a `message` event to the page. `source` defaults to the newest popup. */
  postMessage(data: unknown, origin: string, source?: unknown): void;
  /** Another tab, or the callback page, posts on a `BroadcastChannel` the page listens to. */
  broadcast(channel: string, data: unknown): void;
  /** Every post the page itself made on a channel (`postBroadcast`), in order. */
  readonly broadcasts: readonly { channel: string; data: unknown }[];
  /** The user looks at the page again (focus / visibility). */
  attention(): void;
  /** The network comes back (`online`). */
  reconnect(): void;
  /**
   * What the callback page does once the provider sent the user back: posts `message` to the page
   * from the newest popup (on the page's origin), broadcasts it, and the popup closes. Pair it
   * with the reference API's `approve()`.
   */
  completeConnection(message: unknown): void;
  /** What is still attached: a leak check after every exit. */
  active(): { messageListeners: number; channels: number; attentionListeners: number; reconnectListeners: number; timers: number };
}

/**
 * A {@link BrowserAdapter} with no browser, for unit tests of the connect flow: popups are objects,
 * messages and broadcasts are method calls, and timers are real `setTimeout`s (so Vitest's fake
 * timers drive them). Counts every listener and timer, for leak checks.
 *
 * @example
 * ```ts
 * vi.useFakeTimers();
 * const browser = createFakeBrowser();
 * const flow = createConnectFlow({ client, serverId: 'mercado-pago', redirectUrl: 'http://localhost:5173/cb', adapter: browser });
 * flow.start();
 * await vi.runAllTicks();
 * browser.postMessage({ type: 'codespar:connect', v: 1, state, status: 'connected' }, 'http://localhost:5173');
 * ```
 */
export function createFakeBrowser(options: FakeBrowserOptions = {}): FakeBrowser {
  const origin = options.origin ?? 'http://localhost:5173';
  const popups: FakePopup[] = [];
  const messageListeners = new Set<(m: IncomingMessage) => void>();
  const channels = new Map<string, Set<(data: unknown) => void>>();
  const attentionListeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let channelCount = 0;
  const broadcasts: { channel: string; data: unknown }[] = [];

  const browser: FakeBrowser = {
    popups,
    blockPopups: options.blockPopups ?? false,
    openPopup() {
      if (browser.blockPopups) return null;
      const navigations: string[] = [];
      let closed = false;
      let focusCount = 0;
      const popup: FakePopup = {
        get closed() {
          return closed;
        },
        get navigations() {
          return navigations;
        },
        get focusCount() {
          return focusCount;
        },
        target: {},
        navigate: (url) => {
          navigations.push(url);
        },
        focus: () => {
          focusCount++;
        },
        close: () => {
          closed = true;
        },
        userClose: () => {
          closed = true;
        },
      };
      popups.push(popup);
      return popup;
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onBroadcast(channel, listener) {
      let set = channels.get(channel);
      if (!set) {
        set = new Set();
        channels.set(channel, set);
      }
      set.add(listener);
      channelCount++;
      return () => {
        if (set.delete(listener)) channelCount--;
      };
    },
    onAttention(listener) {
      attentionListeners.add(listener);
      return () => attentionListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    setTimeout(callback, ms) {
      const id = setTimeout(() => {
        timers.delete(id);
        callback();
      }, ms);
      timers.add(id);
      return () => {
        clearTimeout(id);
        timers.delete(id);
      };
    },
    setInterval(callback, ms) {
      const id = setInterval(callback, ms);
      timers.add(id);
      return () => {
        clearInterval(id);
        timers.delete(id);
      };
    },
    now: () => Date.now(),
    origin: () => origin,
    postMessage(data, messageOrigin, source = popups.at(-1)?.target ?? null) {
      for (const listener of [...messageListeners]) listener({ data, origin: messageOrigin, source });
    },
    broadcast(channel, data) {
      for (const listener of [...(channels.get(channel) ?? [])]) listener(data);
    },
    // The page's own post reaches its other listeners too, as a real BroadcastChannel's does.
    postBroadcast(channel, data) {
      broadcasts.push({ channel, data });
      browser.broadcast(channel, data);
    },
    broadcasts,
    attention() {
      for (const listener of [...attentionListeners]) listener();
    },
    reconnect() {
      for (const listener of [...reconnectListeners]) listener();
    },
    completeConnection(message) {
      browser.postMessage(message, origin);
      browser.broadcast(CONNECT_CHANNEL, message);
      popups.at(-1)?.close();
    },
    active: () => ({
      messageListeners: messageListeners.size,
      channels: channelCount,
      attentionListeners: attentionListeners.size,
      reconnectListeners: reconnectListeners.size,
      timers: timers.size,
    }),
  };
  return browser;
}
