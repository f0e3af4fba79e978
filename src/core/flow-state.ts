import { ConnectFlowError, type ConnectionsError } from './errors.ts';
import type { SetupInstructions } from './types.ts';

/**
 * What state a connect flow is in and how it moves: the statuses, the events, the one pure reducer
 * (TanStack's `#dispatch`: `(state, event) → state`, nothing else read) and the booleans derived
 * from a status. No timers, windows or requests here; `connect-flow.ts` owns those and dispatches.
 */

export type ConnectFlowStatus =
  | 'idle'
  /** Asking the API whether the server is connected already. */
  | 'checking'
  /** An operator must finish setup at `url` (meta-tool `wizard_url`); the API is polled. */
  | 'needs_setup'
  /** The popup is open (blank) while the API is asked for the provider URL. */
  | 'opening'
  /** The popup shows the provider; waiting for the callback, a broadcast, or the API. */
  | 'waiting'
  /** A completion hint arrived, the popup closed, or time ran out: asking the API. */
  | 'verifying'
  | 'connected'
  /** The browser blocked the popup: offer `url` as a button; completion is still detected. */
  | 'blocked'
  | 'cancelled'
  | 'expired'
  | 'error';

export interface ConnectFlowSnapshot {
  readonly status: ConnectFlowStatus;
  readonly serverId: string;
  /** Why the flow stopped (`error`, `expired`, `cancelled`) or why it is `blocked`. */
  readonly error: ConnectionsError | undefined;
  /** The checked provider or setup URL, for a fallback button or link. */
  readonly url: string | undefined;
  readonly connectionId: string | undefined;
  /**
   * The popup looks closed. Advisory only: a provider page that sends
   * `Cross-Origin-Opener-Policy` makes a live popup look closed (docs/security.md item 9).
   */
  readonly popupClosed: boolean;
  readonly mode: 'redirect' | 'wizard' | undefined;
  /** What the operator's setup page will ask for (`needs_setup`, when the API said). */
  readonly setup: SetupInstructions | undefined;
}

/** Everything that can happen to a flow. An event carries all the reducer needs to decide. */
export type FlowEvent =
  | { type: 'CHECK' }
  | { type: 'CHECKED'; connected: boolean; connectionId?: string | undefined }
  | { type: 'OPEN' }
  | { type: 'REDIRECT'; url: string; popup: boolean }
  | { type: 'WIZARD'; url: string; setup?: SetupInstructions | undefined }
  | { type: 'POPUP_OPENED' }
  | { type: 'POPUP_CLOSED' }
  | { type: 'VERIFY' }
  /** The API said "not yet". `popup`, as on REDIRECT: the flow holds a popup that is not closed. */
  | { type: 'STILL_WAITING'; popup: boolean }
  | { type: 'CONNECTED'; connectionId?: string | undefined }
  | { type: 'FAILED'; error: ConnectionsError }
  | { type: 'EXPIRED'; error: ConnectionsError }
  | { type: 'CANCELLED'; error: ConnectionsError }
  | { type: 'RESET' };

const PENDING: ReadonlySet<ConnectFlowStatus> = /* @__PURE__ */ new Set([
  'checking',
  'opening',
  'waiting',
  'needs_setup',
  'blocked',
  'verifying',
]);

/**
 * Whether a flow in this status is still under way.
 *
 * @example
 * ```ts
 * isPendingStatus('waiting'); // true
 * isPendingStatus('connected'); // false
 * ```
 */
export const isPendingStatus = (status: ConnectFlowStatus): boolean => PENDING.has(status);

/** The booleans of one status, for hooks and views to spread (see {@link flowFlags}). */
export interface ConnectFlowFlags {
  isIdle: boolean;
  isChecking: boolean;
  /** `opening`: the blank popup is open while the API is asked for the provider URL. */
  isOpening: boolean;
  /** `waiting` only: the popup shows the provider (not `opening`, not `verifying`). */
  isWaiting: boolean;
  isVerifying: boolean;
  /** `needs_setup`: an operator must finish setup on the setup page. */
  isAwaitingSetup: boolean;
  isBlocked: boolean;
  isConnected: boolean;
  isCancelled: boolean;
  isExpired: boolean;
  isError: boolean;
  /** Anything under way: not idle and not finished. */
  isPending: boolean;
  /** Under way with nothing for the user to click: `checking`, `opening` or `verifying`. */
  isBusy: boolean;
}

/**
 * The derived booleans of a status, in one place so every layer names them alike. Each `is…`
 * means exactly its status; `isPending` and `isBusy` are the two groupings views need.
 *
 * @example
 * ```ts
 * const { isWaiting, isBusy } = flowFlags(flow.getSnapshot().status);
 * button.disabled = isBusy;
 * ```
 */
export function flowFlags(status: ConnectFlowStatus): ConnectFlowFlags {
  return {
    isIdle: status === 'idle',
    isChecking: status === 'checking',
    isOpening: status === 'opening',
    isWaiting: status === 'waiting',
    isVerifying: status === 'verifying',
    isAwaitingSetup: status === 'needs_setup',
    isBlocked: status === 'blocked',
    isConnected: status === 'connected',
    isCancelled: status === 'cancelled',
    isExpired: status === 'expired',
    isError: status === 'error',
    isPending: PENDING.has(status),
    isBusy: status === 'checking' || status === 'opening' || status === 'verifying',
  };
}

/**
 * The snapshot of a flow that has not started: `idle` (or the `status` a new attempt starts in),
 * nothing known yet.
 *
 * @example
 * ```ts
 * initialSnapshot('stripe').status; // 'idle'
 * ```
 */
export function initialSnapshot(serverId: string, status: ConnectFlowStatus = 'idle'): ConnectFlowSnapshot {
  return {
    status,
    serverId,
    error: undefined,
    url: undefined,
    connectionId: undefined,
    popupClosed: false,
    mode: undefined,
    setup: undefined,
  };
}

/**
 * Cancelled because the popup looked closed with the user back on the page. That judgement can be
 * wrong (a COOP-severed popup the user glanced away from), so a completion the API confirms still
 * turns it `connected` until the link expires.
 *
 * @example
 * ```ts
 * if (isClosedByUser(flow.getSnapshot())) keepListeningUntilTheLinkExpires();
 * ```
 */
export const isClosedByUser = (s: ConnectFlowSnapshot): boolean => s.status === 'cancelled' && s.error?.code === 'popup_closed';

/**
 * The only place status changes, so every transition is in one switch, and a pure one: the next
 * snapshot depends on the snapshot and the event alone. An event the current status does not
 * accept returns the same snapshot object, so nothing re-renders.
 *
 * @example
 * ```ts
 * const next = reduceFlow(initialSnapshot('stripe'), { type: 'OPEN' }); // status 'opening'
 * ```
 */
export function reduceFlow(s: ConnectFlowSnapshot, event: FlowEvent): ConnectFlowSnapshot {
  const pending = PENDING.has(s.status);
  switch (event.type) {
    case 'CHECK':
      return pending ? s : initialSnapshot(s.serverId, 'checking');
    case 'CHECKED':
      if (s.status !== 'checking') return s;
      return event.connected ? { ...s, status: 'connected', connectionId: event.connectionId } : initialSnapshot(s.serverId);
    case 'OPEN':
      return pending && s.status !== 'checking' ? s : initialSnapshot(s.serverId, 'opening');
    case 'REDIRECT':
      // From `opening`, which has no error yet.
      if (s.status !== 'opening') return s;
      return {
        ...s,
        status: event.popup ? 'waiting' : 'blocked',
        url: event.url,
        mode: 'redirect',
        error: event.popup
          ? undefined
          : new ConnectFlowError('popup_blocked', 'The browser blocked the popup. Open it from the button instead.'),
      };
    case 'WIZARD':
      return s.status === 'opening' ? { ...s, status: 'needs_setup', url: event.url, mode: 'wizard', setup: event.setup } : s;
    case 'POPUP_OPENED':
      if (s.status !== 'blocked' && s.status !== 'waiting' && s.status !== 'needs_setup') return s;
      return { ...s, status: s.mode === 'wizard' ? 'needs_setup' : 'waiting', popupClosed: false, error: undefined };
    case 'POPUP_CLOSED':
      if (s.status !== 'waiting' && s.status !== 'needs_setup') return s;
      return { ...s, status: 'verifying', popupClosed: true };
    case 'VERIFY':
      return s.status === 'opening' || s.status === 'waiting' || s.status === 'needs_setup' || s.status === 'blocked'
        ? { ...s, status: 'verifying' }
        : s;
    case 'STILL_WAITING':
      // Back to where the user was: the setup page, the provider's popup (open, or looking closed
      // behind COOP), or the blocked popup's button when there never was one.
      if (s.status !== 'verifying') return s;
      return { ...s, status: s.mode === 'wizard' ? 'needs_setup' : event.popup || s.popupClosed ? 'waiting' : 'blocked' };
    case 'CONNECTED':
      return pending || isClosedByUser(s) ? { ...s, status: 'connected', connectionId: event.connectionId, error: undefined } : s;
    case 'FAILED':
      return pending ? { ...s, status: 'error', error: event.error } : s;
    case 'EXPIRED':
      return pending ? { ...s, status: 'expired', error: event.error } : s;
    case 'CANCELLED':
      return pending ? { ...s, status: 'cancelled', error: event.error } : s;
    case 'RESET':
      return s.status === 'idle' ? s : initialSnapshot(s.serverId);
  }
}
