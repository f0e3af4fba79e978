import { type BrowserAdapter, browserAdapter, type PopupHandle, popupFeatures } from './browser.ts';
import { abortedError, asConnectionsError, ConnectFlowError, type ConnectionsError, UnsafeUrlError } from './errors.ts';
import { acceptCompletion, type CompletionSender, callbackOrigin, type IgnoredMessageReason } from './flow-messages.ts';
import { type ConnectFlowSnapshot, type FlowEvent, initialSnapshot, isClosedByUser, isPendingStatus, reduceFlow } from './flow-state.ts';
import { CONNECT_CHANNEL, type CompletionMessage } from './protocol.ts';
import { defined } from './schemas.ts';
import type { ConnectionCheck, ConnectionsClient, ConnectStart } from './types.ts';
import { checkUrl } from './url.ts';

/**
 * The connect flow of one server, as a framework-free state machine (TanStack `Mutation` style):
 * `subscribe()` / `getSnapshot()`, status changed only by the pure reducer of `flow-state.ts`,
 * which messages count decided by `flow-messages.ts`, every side effect behind a
 * {@link BrowserAdapter}. This file holds the side effects: the popup, the listeners, the timers
 * and the API checks. It enforces docs/security.md items 1–14; the comments name them.
 */

export interface ConnectFlowTiming {
  /** How often to ask the API while waiting. @defaultValue 4000 */
  pollIntervalMs?: number;
  /** How often to look at `popup.closed`. @defaultValue 500 */
  closedPollMs?: number;
  /** How long after the popup looks closed before asking the API (docs/security.md item 9). @defaultValue 1500 */
  closeGraceMs?: number;
  /** Time-out when the API gives no `expires_at` (operator setup). @defaultValue 900_000 */
  defaultTtlMs?: number;
  /** Least time between two checks triggered by focus. @defaultValue 1000 */
  attentionThrottleMs?: number;
}

export interface ConnectFlowOptions {
  client: ConnectionsClient;
  serverId: string;
  /** The page that runs `completeConnection()`; its origin is the only one messages are accepted from. */
  redirectUrl?: string | undefined;
  scopes?: string[] | undefined;
  /** Popup size. @defaultValue `{ width: 500, height: 680 }` */
  popup?: { width?: number; height?: number } | undefined;
  /**
   * How to ask the API where the server stands. The React layer passes one that revalidates the
   * shared connections list, so confirming *is* the one list refresh. @defaultValue `client.check`
   */
  confirm?: ((serverId: string, signal: AbortSignal) => Promise<ConnectionCheck>) | undefined;
  adapter?: BrowserAdapter | undefined;
  timing?: ConnectFlowTiming | undefined;
}

/**
 * What one attempt connects with, given to `start()` by the component that was clicked: two
 * components sharing a flow may each have their own. Unset fields fall back to the flow's options.
 */
export interface ConnectStartOptions {
  /** Overrides the flow's `redirectUrl` for this start; an empty one counts as none. */
  redirectUrl?: string | undefined;
  scopes?: string[] | undefined;
  popup?: { width?: number; height?: number } | undefined;
}

export interface ConnectFlowEvents {
  /** Fires once per successful attempt. */
  onConnected?(result: { serverId: string; connectionId?: string | undefined }): void;
  /** Fires once when an attempt ends in `error` or `expired`. */
  onError?(error: ConnectionsError): void;
  /** A message that was ignored, and why: for debugging, never acted on. */
  onIgnoredMessage?(reason: IgnoredMessageReason): void;
}

/**
 * Creates the connect flow of one server.
 *
 * @example
 * ```ts
 * const flow = createConnectFlow({ client, serverId: 'mercado-pago', redirectUrl: `${location.origin}/oauth/done` });
 * flow.subscribe(() => render(flow.getSnapshot()));
 * button.onclick = () => flow.start(); // from the click: the popup opens before any await
 * ```
 */
export function createConnectFlow(options: ConnectFlowOptions): ConnectFlow {
  return new ConnectFlow(options);
}

/**
 * The connect flow of one server (see {@link createConnectFlow}). Read it with `subscribe` and
 * `getSnapshot` (made for `useSyncExternalStore`); drive it with `start`, `openFallback`, `cancel`,
 * `reset` and `check`; `dispose` when nothing uses it any more.
 *
 * @example
 * ```ts
 * const flow = createConnectFlow({ client, serverId: 'stripe' });
 * const stop = flow.subscribe(() => console.log(flow.getSnapshot().status));
 * ```
 */
export class ConnectFlow {
  #options: ConnectFlowOptions;
  #snapshot: ConnectFlowSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #events = new Set<ConnectFlowEvents>();
  /** Every attempt has an id; results of an older attempt are dropped, so a late answer moves nothing. */
  #attempt = 0;
  #cleanups: (() => void)[] = [];
  #controller: AbortController | undefined;
  #popup: PopupHandle | null = null;
  #state: string | undefined;
  #confirming: Promise<ConnectionCheck | undefined> | undefined;
  #confirmController: AbortController | undefined;
  #lastAttention = Number.NEGATIVE_INFINITY;
  /** When the user last looked at the page (`adapter.now()`), for telling a close from COOP. */
  #attentionAt = Number.NEGATIVE_INFINITY;
  /** The popup looked closed while the user was away: the COOP signature. Attention then only polls. */
  #severed = false;
  /** When the attempt's link expires (`adapter.now()` time). */
  #deadline = Number.POSITIVE_INFINITY;
  /** The options of the attempt under way (see {@link ConnectStartOptions}). */
  #run: ConnectStartOptions = {};
  /** After dispose(), nothing may arm listeners or timers that nothing would remove. */
  #disposed = false;
  /**
   * This flow's own popup window name. `window.open` with a name reuses the window of that name, so
   * a name per server alone let two sessions connecting the same server share one window, and
   * cancelling one closed the other's.
   */
  readonly #windowName: string;

  constructor(options: ConnectFlowOptions) {
    this.#options = options;
    this.#snapshot = initialSnapshot(options.serverId);
    this.#windowName = `codespar-connect-${options.serverId}-${Math.random().toString(36).slice(2, 10)}`;
  }

  get #adapter(): BrowserAdapter {
    return this.#options.adapter ?? browserAdapter;
  }

  get #timing(): Required<ConnectFlowTiming> {
    return {
      pollIntervalMs: 4000,
      closedPollMs: 500,
      closeGraceMs: 1500,
      defaultTtlMs: 900_000,
      attentionThrottleMs: 1000,
      ...this.#options.timing,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): ConnectFlowSnapshot => this.#snapshot;

  /** Whether a completion message with this `state` belongs to this flow's latest sign-in. */
  handles(state: string): boolean {
    return this.#state !== undefined && this.#state === state;
  }

  /** Adds event callbacks; returns a function that removes them. */
  on(events: ConnectFlowEvents): () => void {
    this.#events.add(events);
    return () => {
      this.#events.delete(events);
    };
  }

  /** Updates options that may change between renders (the client, redirect URL, scopes, timing). */
  setOptions(options: Partial<Omit<ConnectFlowOptions, 'serverId'>>): void {
    this.#options = { ...this.#options, ...options };
  }

  /**
   * Starts connecting. Call it straight from a click handler: the popup is opened synchronously,
   * before any `await` (docs/security.md item 1). While a flow is under way a repeat call only
   * focuses the popup (item 11). `options` are this attempt's own redirect URL, scopes
   * and popup size, over the flow's.
   */
  start = (options: ConnectStartOptions = {}): void => this.#launch(options, undefined);

  /**
   * Sends the user to a setup page the host already holds (a tool result's `wizard_url`) instead of
   * the client's own sign-in: for a server the client cannot connect itself (operator setup). Call
   * it from a click. The flow is then `needs_setup` at `url`, and completion is seen by asking the
   * API, as after the meta-tool's `initiate`. An unsafe `url` ends the attempt in `error`.
   */
  openSetup = (url: string): void => this.#launch({}, url);

  /** `start()`, or `openSetup(url)` when a setup URL is given: the same attempt without `begin()`. */
  #launch(options: ConnectStartOptions, setupUrl: string | undefined): void {
    if (this.#disposed) return;
    const status = this.#snapshot.status;
    if (isPendingStatus(status) && status !== 'checking') {
      // No popup open: `openFallback` reopens one where there is a URL to show (blocked, waiting, needs_setup).
      if (this.#popup && !this.#popup.closed) this.#popup.focus();
      else this.openFallback();
      return;
    }
    this.#teardown();
    const attempt = ++this.#attempt;
    this.#severed = false;
    this.#attentionAt = Number.NEGATIVE_INFINITY;
    const { client, serverId } = this.#options;
    this.#run = {
      redirectUrl: options.redirectUrl || this.#options.redirectUrl,
      scopes: options.scopes ?? this.#options.scopes,
      popup: options.popup ?? this.#options.popup,
    };
    const resolvedRedirect = this.#resolveRedirect(this.#run.redirectUrl);
    if (resolvedRedirect && !callbackOrigin(resolvedRedirect)) {
      // A data: or about: page has the opaque origin "null", which any sandboxed frame shares.
      this.#dispatch({ type: 'OPEN' });
      this.#fail(new UnsafeUrlError(resolvedRedirect, 'the redirect URL must be an http(s) page of the app'));
      return;
    }
    this.#popup = this.#openPopup();
    this.#dispatch({ type: 'OPEN' });
    const controller = new AbortController();
    this.#controller = controller;
    // Watches popup.closed for the whole attempt. While the popup is still blank (ours, same-origin,
    // not navigated yet) a close is certain: the user closed it, and the attempt ends at once.
    this.#cleanups.push(
      this.#adapter.setInterval(() => {
        if (attempt !== this.#attempt || !this.#popup?.closed) return;
        if (this.#snapshot.status === 'opening') this.#closedWhileBlank();
        else if (isPendingStatus(this.#snapshot.status) && !this.#snapshot.popupClosed) this.#onPopupClosed(attempt, false);
      }, this.#timing.closedPollMs),
    );
    if (setupUrl !== undefined) {
      this.#onStart(attempt, { type: 'wizard', serverId, url: setupUrl });
      return;
    }
    // Only the options there are: `defined` drops an unset redirect URL or scopes.
    client
      .begin(serverId, defined({ signal: controller.signal, redirectUrl: resolvedRedirect, scopes: this.#run.scopes || undefined }))
      .then(
        (start) => {
          if (attempt === this.#attempt) this.#onStart(attempt, start);
        },
        (error: unknown) => {
          // The attempt is still `opening`: failing it closes the popup.
          if (attempt === this.#attempt) this.#fail(asConnectionsError(error));
        },
      );
  }

  /**
   * Opens the popup at the known URL from a click: the fallback when the browser blocked it, or to
   * reopen one the user closed. Completion is detected the same way.
   */
  openFallback = (): void => {
    const { url, status } = this.#snapshot;
    if (this.#disposed || !url || !(status === 'blocked' || status === 'waiting' || status === 'needs_setup')) return;
    if (this.#popup && !this.#popup.closed) {
      this.#popup.focus();
      return;
    }
    const popup = this.#openPopup();
    if (!popup) return;
    try {
      popup.navigate(checkUrl(url, this.#options.client.urlPolicy).href);
    } catch {
      popup.close();
      return;
    }
    this.#popup = popup;
    this.#severed = false; // a new window: its own close will tell
    this.#dispatch({ type: 'POPUP_OPENED' });
  };

  /** Stops the flow: closes the popup, aborts requests, removes every listener and timer. */
  cancel = (): void => {
    if (!isPendingStatus(this.#snapshot.status)) {
      // Cancelled by a closed popup, still listening for a late completion: stop that too.
      if (isClosedByUser(this.#snapshot)) {
        this.#attempt++;
        this.#teardown();
      }
      return;
    }
    // Ending the attempt closes the popup and removes every listener and timer (`#dispatch`).
    this.#attempt++;
    this.#dispatch({ type: 'CANCELLED', error: abortedError(undefined, 'The connection was cancelled.') });
  };

  /** Back to `idle`, cancelling anything under way. */
  reset = (): void => {
    if (isPendingStatus(this.#snapshot.status)) this.cancel();
    this.#dispatch({ type: 'RESET' });
  };

  /** Asks the API whether the server is connected already (`checking` → `connected` or `idle`). */
  check = async (): Promise<void> => {
    if (this.#disposed || isPendingStatus(this.#snapshot.status)) return;
    this.#teardown();
    const attempt = ++this.#attempt;
    this.#dispatch({ type: 'CHECK' });
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const result = await this.#confirmWith(controller.signal);
      if (attempt !== this.#attempt) return;
      this.#controller = undefined;
      this.#dispatch({ type: 'CHECKED', connected: isUsable(result), connectionId: result.connectionId });
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.#fail(asConnectionsError(error));
    }
  };

  /**
   * Unmount: drops everything the flow holds (listeners, timers, channels, requests) and ignores
   * late results. A popup already at the provider is left to the user (closing it could throw away
   * their consent); a still-blank one, opened for an authorize that will now be ignored, is closed.
   */
  dispose(): void {
    this.#disposed = true;
    this.#attempt++;
    this.#teardown();
    if (this.#snapshot.status === 'opening') this.#closePopup();
    this.#popup = null;
    if (isPendingStatus(this.#snapshot.status)) this.#snapshot = initialSnapshot(this.#options.serverId);
  }

  /**
   * Undoes `dispose()`, for a registry that hands the same flow out again: React StrictMode and
   * `<Activity>` re-run effects with the flow a component already holds.
   */
  revive(): void {
    this.#disposed = false;
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────

  #dispatch(event: FlowEvent): void {
    const previous = this.#snapshot;
    const next = reduceFlow(previous, event);
    if (next === previous) return;
    this.#snapshot = next;
    if (!isPendingStatus(next.status)) {
      this.#teardown();
      // Every ending closes the popup, success too: the callback page's own close() can fail.
      this.#closePopup();
    }
    for (const listener of [...this.#listeners]) listener();
    // Once per success: the reducer never moves connected to connected, and a check's answer (from checking) is no attempt's.
    if (next.status === 'connected' && previous.status !== 'checking') {
      for (const events of [...this.#events]) events.onConnected?.({ serverId: next.serverId, connectionId: next.connectionId });
    }
    if ((next.status === 'error' || next.status === 'expired') && next.error) {
      for (const events of [...this.#events]) events.onError?.(next.error);
    }
  }

  /** One named window per flow, so a reopen reuses it rather than stacking popups. */
  #openPopup(): PopupHandle | null {
    const { width, height } = this.#run.popup ?? {};
    return this.#adapter.openPopup(this.#windowName, popupFeatures(width, height));
  }

  /** The API said "connected": the attempt ends there. Returns whether it did. */
  #connectedIf(result: ConnectionCheck | undefined): boolean {
    if (!isUsable(result)) return false;
    this.#dispatch({ type: 'CONNECTED', connectionId: result?.connectionId });
    return true;
  }

  /** The API said "not yet": back to waiting; whether our popup is still open decides where to. */
  #stillWaiting(): void {
    this.#dispatch({ type: 'STILL_WAITING', popup: this.#popup !== null && !this.#popup.closed });
  }

  #fail(error: ConnectionsError): void {
    this.#dispatch({ type: 'FAILED', error });
  }

  #resolveRedirect(redirectUrl: string | undefined): string | undefined {
    if (!redirectUrl) return undefined;
    try {
      return new URL(redirectUrl, this.#adapter.origin()).href;
    } catch {
      return redirectUrl;
    }
  }

  #onStart(attempt: number, start: ConnectStart): void {
    this.#controller = undefined;
    if (start.type === 'connected') {
      this.#closePopup();
      // Still confirm: it is the one list refresh, and the API is the source of truth.
      this.#dispatch({ type: 'VERIFY' });
      void this.#verify(attempt, start.connectionId, true);
      return;
    }
    if (this.#popup?.closed) {
      this.#closedWhileBlank(); // before the closed poll saw it
      return;
    }
    let url: string;
    try {
      url = checkUrl(start.url, this.#options.client.urlPolicy).href; // again, whatever the client did (docs/security.md item 4)
    } catch (error) {
      this.#closePopup();
      this.#fail(asConnectionsError(error));
      return;
    }
    const popup = this.#popup;
    if (popup) {
      try {
        popup.navigate(url);
      } catch {
        this.#popup = null;
      }
    }
    if (start.type === 'wizard') {
      this.#state = undefined;
      this.#dispatch({ type: 'WIZARD', url, setup: start.setup });
    } else {
      this.#state = start.state;
      this.#dispatch({ type: 'REDIRECT', url, popup: this.#popup !== null });
    }
    // A subscriber may have cancelled during that dispatch: arm only a live attempt.
    if (attempt !== this.#attempt || !isPendingStatus(this.#snapshot.status)) return;
    this.#arm(attempt, (start.type === 'redirect' ? start.expiresInMs : undefined) ?? this.#timing.defaultTtlMs);
  }

  /** Runs the three completion channels and the watchers until the attempt ends (docs/security.md item 8). */
  #arm(attempt: number, ttlMs: number): void {
    const adapter = this.#adapter;
    const timing = this.#timing;
    const live = () => attempt === this.#attempt && isPendingStatus(this.#snapshot.status);
    this.#deadline = adapter.now() + ttlMs;
    this.#listen(attempt, live);
    this.#cleanups.push(
      adapter.setInterval(() => {
        if (live() && this.#snapshot.status !== 'verifying') void this.#poll(attempt);
      }, timing.pollIntervalMs),
      adapter.onAttention(() => {
        if (!live()) return;
        const now = adapter.now();
        this.#attentionAt = now; // a grace period under way reads it when it ends
        if (this.#snapshot.status === 'verifying') return;
        // The user is back and the popup is gone: now is when to decide whether they closed it,
        // unless it looked closed while they were away (COOP): then it is likely still open.
        if (!this.#severed && (this.#popup?.closed || this.#snapshot.popupClosed)) {
          this.#onPopupClosed(attempt, true);
        } else if (now - this.#lastAttention >= timing.attentionThrottleMs) {
          this.#lastAttention = now;
          void this.#poll(attempt);
        }
      }),
      // A relative time-to-live on the monotonic clock, with a final check (docs/security.md item 10).
      adapter.setTimeout(
        () => {
          if (!live()) return;
          this.#dispatch({ type: 'VERIFY' });
          void this.#confirmOnce(attempt).then((result) => {
            if (attempt !== this.#attempt || !isPendingStatus(this.#snapshot.status) || this.#connectedIf(result)) return;
            this.#dispatch({ type: 'EXPIRED', error: expiredError() });
          });
        },
        Math.min(ttlMs, MAX_TIMER_MS),
      ),
    );
  }

  /** The `message` and `BroadcastChannel` listeners of a redirect attempt, for as long as `live()`. */
  #listen(attempt: number, live: () => boolean): void {
    if (this.#snapshot.mode !== 'redirect') return;
    const origin = callbackOrigin(this.#resolveRedirect(this.#run.redirectUrl));
    const receive = (data: unknown, sender?: CompletionSender) => {
      if (!live()) return;
      const verdict = acceptCompletion({ origin, state: this.#state, popup: this.#popup }, data, sender);
      if (typeof verdict === 'object') this.#onCompletion(attempt, verdict);
      else if (verdict) this.#ignored(verdict);
    };
    this.#cleanups.push(
      this.#adapter.onMessage((message) => receive(message.data, message)),
      this.#adapter.onBroadcast(CONNECT_CHANNEL, (data) => receive(data)),
    );
  }

  /**
   * The popup looks closed. Wait a grace period, then ask the API (docs/security.md item 9). The
   * focus a desktop browser gives back when a popup closes comes with the close, so the user back on
   * the page by the end of the grace period means they closed it. A handle that looked closed while
   * they stayed away is the COOP signature: the window is likely alive, so keep waiting (Reopen and
   * Cancel are offered), with the channels and API checks running until the link expires.
   */
  #onPopupClosed(attempt: number, userIsBack: boolean): void {
    const closedAt = this.#adapter.now();
    this.#dispatch({ type: 'POPUP_CLOSED' });
    this.#dispatch({ type: 'VERIFY' }); // from where POPUP_CLOSED does not lead (blocked); the reducer ignores it once verifying
    this.#cleanups.push(
      this.#adapter.setTimeout(() => {
        void this.#confirmOnce(attempt).then((result) => {
          if (attempt !== this.#attempt || this.#snapshot.status !== 'verifying' || this.#connectedIf(result)) return;
          if (userIsBack || this.#attentionAt >= closedAt) return this.#closedByUser(attempt);
          this.#severed = true;
          this.#stillWaiting();
        });
      }, this.#timing.closeGraceMs),
    );
  }

  /**
   * Ends the attempt `cancelled` (`popup_closed`), but keeps listening for a completion until the
   * link expires: if the judgement was wrong, the approval that follows still connects.
   */
  #closedByUser(attempt: number): void {
    this.#dispatch({ type: 'CANCELLED', error: closedError() });
    const late = () => attempt === this.#attempt && isClosedByUser(this.#snapshot);
    if (!late() || this.#snapshot.mode !== 'redirect') return;
    this.#listen(attempt, late);
    this.#cleanups.push(
      this.#adapter.setTimeout(
        () => {
          if (late()) this.#teardown();
        },
        Math.min(Math.max(0, this.#deadline - this.#adapter.now()), MAX_TIMER_MS),
      ),
    );
  }

  /** The still-blank popup was closed: the user closed it, for certain (no provider page, no COOP). */
  #closedWhileBlank(): void {
    this.#attempt++;
    this.#popup = null;
    this.#dispatch({ type: 'CANCELLED', error: closedError() });
  }

  /**
   * An accepted completion (`flow-messages.ts`): `connected` is a hint the API must confirm; a
   * denial or an error, accepted only from our own popup, ends the attempt.
   */
  #onCompletion(attempt: number, { status, error, connection_id: connectionId }: CompletionMessage): void {
    if (status === 'connected') {
      this.#dispatch({ type: 'VERIFY' });
      void this.#verify(attempt, connectionId, false);
      return;
    }
    // The attempt is live: ending it (FAILED or EXPIRED) closes the popup.
    if (status === 'denied') {
      const detail = error && error !== 'access_denied' ? ` (${error})` : '';
      this.#fail(new ConnectFlowError('provider_denied', `Access was denied at the provider${detail}.`));
    } else if (error === 'expired') {
      this.#dispatch({ type: 'EXPIRED', error: expiredError() });
    } else {
      this.#fail(new ConnectFlowError('provider_error', `The provider reported an error: ${error ?? 'unknown error'}.`));
    }
  }

  /** A completion hint: confirm with the API. "Not yet" goes back to waiting, never fails. */
  async #verify(attempt: number, hintedConnectionId: string | undefined, beginSaidConnected: boolean): Promise<void> {
    const stale = this.#confirming !== undefined;
    let result = await this.#confirmOnce(attempt);
    // A check already under way when the hint came may predate the completion: ask once more.
    if (stale && !isUsable(result) && attempt === this.#attempt) result = await this.#confirmOnce(attempt);
    // A newer attempt owns the flow. An attempt that ended meanwhile (other than closed by the user)
    // needs no check here: the reducer ignores CONNECTED and STILL_WAITING then.
    if (attempt !== this.#attempt) return;
    // begin() came from the API too: when it said "connected", a lagging list does not undo it.
    if (isUsable(result) || beginSaidConnected) {
      this.#dispatch({ type: 'CONNECTED', connectionId: result?.connectionId ?? hintedConnectionId });
    } else {
      this.#stillWaiting();
    }
  }

  async #poll(attempt: number): Promise<void> {
    if (this.#confirming) return;
    const result = await this.#confirmOnce(attempt);
    if (attempt === this.#attempt && isPendingStatus(this.#snapshot.status)) this.#connectedIf(result);
  }

  /** One API check at a time; a failed check is "not known yet" (`undefined`), not a failure. */
  #confirmOnce(attempt: number): Promise<ConnectionCheck | undefined> {
    if (this.#confirming) return this.#confirming;
    const controller = new AbortController();
    this.#confirmController = controller;
    const promise = this.#confirmWith(controller.signal)
      .catch(() => undefined)
      .finally(() => {
        if (this.#confirming === promise) this.#confirming = undefined;
      });
    this.#confirming = attempt === this.#attempt ? promise : undefined;
    return promise;
  }

  #confirmWith(signal: AbortSignal): Promise<ConnectionCheck> {
    const { confirm, client, serverId } = this.#options;
    return confirm ? confirm(serverId, signal) : client.check(serverId, { signal });
  }

  #ignored(reason: IgnoredMessageReason): void {
    for (const events of [...this.#events]) events.onIgnoredMessage?.(reason);
  }

  #closePopup(): void {
    this.#popup?.close();
    this.#popup = null;
  }

  /** Every exit removes listeners, clears timers, closes channels, aborts fetches (docs/security.md item 13). */
  #teardown(): void {
    const cleanups = this.#cleanups;
    this.#cleanups = [];
    for (const cleanup of cleanups) cleanup();
    this.#controller?.abort();
    this.#controller = undefined;
    this.#confirmController?.abort();
    this.#confirmController = undefined;
    this.#confirming = undefined;
  }
}

/** Connected, or needing no connection (`not_required`): either way the attempt is done. */
const isUsable = (check: ConnectionCheck | undefined) => check?.status === 'connected' || check?.status === 'not_required';

/** setTimeout wraps delays above 2^31 - 1 ms to ~1 ms: clamp (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

const expiredError = () => new ConnectFlowError('timeout', 'The connection link expired before it was completed.');
const closedError = () => new ConnectFlowError('popup_closed', 'The window was closed before the connection finished.');
