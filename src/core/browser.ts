/**
 * Every browser side effect the connect flow and the connections store use, behind one injectable
 * adapter. Each setup returns its own cleanup. The default adapter touches
 * `window` only when called, so importing this module on a server is safe.
 */

/** A popup the flow opened. `target` is what `MessageEvent.source` is compared with. */
export interface PopupHandle {
  readonly closed: boolean;
  readonly target: unknown;
  navigate(url: string): void;
  focus(): void;
  close(): void;
}

export interface IncomingMessage {
  origin: string;
  data: unknown;
  source: unknown;
}

export interface BrowserAdapter {
  /**
   * Opens a blank popup synchronously (must run inside the click handler). Returns `null` when the
   * browser blocked it: a `null` handle, `closed === true` at once, or no `closed` property.
   */
  openPopup(name: string, features: string): PopupHandle | null;
  /** `message` events on this window. */
  onMessage(listener: (message: IncomingMessage) => void): () => void;
  /** A `BroadcastChannel`; a no-op where there is none. */
  onBroadcast(channel: string, listener: (data: unknown) => void): () => void;
  /** Posts on a `BroadcastChannel` (other tabs, and other listeners in this one); a no-op where there is none. */
  postBroadcast(channel: string, data: unknown): void;
  /** The user is looking at the page again: `focus`, or `visibilitychange` to visible. */
  onAttention(listener: () => void): () => void;
  /** The network came back: `online`. */
  onReconnect(listener: () => void): () => void;
  setTimeout(callback: () => void, ms: number): () => void;
  setInterval(callback: () => void, ms: number): () => void;
  /** Monotonic milliseconds: time-outs must not depend on the wall clock. */
  now(): number;
  /** The page's origin, to resolve a relative redirect URL. */
  origin(): string | undefined;
}

/**

 * Centred popup features for `window.open`. Never `noopener`: it makes `open` return null.
 *
 * @example
 * ```ts
 * window.open('', 'connect', popupFeatures(500, 680));
 * ```
 */
export function popupFeatures(width = 500, height = 680): string {
  const w = typeof window === 'undefined' ? undefined : window;
  const left = w ? Math.max(0, Math.round(w.screenX + (w.outerWidth - width) / 2)) : 0;
  const top = w ? Math.max(0, Math.round(w.screenY + (w.outerHeight - height) / 2)) : 0;
  return `popup=yes,width=${width},height=${height},left=${left},top=${top}`;
}

/**

 * The adapter over the real browser.
 *
 * @example
 * ```ts
 * createConnectFlow({ client, serverId: 'stripe', adapter: browserAdapter });
 * ```
 */
export const browserAdapter: BrowserAdapter = {
  openPopup(name, features) {
    if (typeof window === 'undefined') return null;
    let opened: Window | null;
    try {
      opened = window.open('', name, features);
    } catch {
      return null;
    }
    // Blocked: a null handle, a window that is closed at once, or a stub without `closed`.
    if (!opened || typeof opened.closed !== 'boolean' || opened.closed) return null;
    const popup = opened;
    return {
      get closed() {
        return popup.closed;
      },
      target: popup,
      navigate(url) {
        // replace(): the blank page must not stay in the popup's history.
        popup.location.replace(url);
      },
      focus() {
        try {
          popup.focus();
        } catch {
          // A popup severed by COOP may refuse; nothing else to do.
        }
      },
      close() {
        try {
          popup.close();
        } catch {
          // Same.
        }
      },
    };
  },
  onMessage(listener) {
    if (typeof window === 'undefined') return () => {};
    const handler = (event: MessageEvent) => listener({ origin: event.origin, data: event.data, source: event.source });
    window.addEventListener('message', handler);
    return () => window.removeEventListener('message', handler);
  },
  onBroadcast(channel, listener) {
    if (typeof BroadcastChannel === 'undefined') return () => {};
    const bc = new BroadcastChannel(channel);
    bc.onmessage = (event: MessageEvent) => listener(event.data);
    return () => {
      bc.onmessage = null;
      bc.close();
    };
  },
  postBroadcast(channel, data) {
    if (typeof BroadcastChannel === 'undefined') return;
    const bc = new BroadcastChannel(channel);
    bc.postMessage(data);
    bc.close();
  },
  onAttention(listener) {
    if (typeof window === 'undefined' || typeof document === 'undefined') return () => {};
    const onVisibility = () => {
      if (document.visibilityState === 'visible') listener();
    };
    window.addEventListener('focus', listener);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', listener);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  },
  onReconnect(listener) {
    if (typeof window === 'undefined') return () => {};
    window.addEventListener('online', listener);
    return () => window.removeEventListener('online', listener);
  },
  setTimeout(callback, ms) {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
  setInterval(callback, ms) {
    const id = setInterval(callback, ms);
    return () => clearInterval(id);
  },
  now: () => (typeof performance === 'undefined' ? Date.now() : performance.now()),
  origin: () => (typeof location === 'undefined' ? undefined : location.origin),
};
