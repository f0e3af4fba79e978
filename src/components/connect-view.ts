'use client';
import { type RefObject, useEffect, useRef } from 'react';
import type { ConnectFlowStatus } from '../core/connect-flow.ts';
import type { ConnectionStatus } from '../core/types.ts';
import { type UseConnectionWizardOptions, type UseConnectionWizardResult, useConnectionWizard } from '../react/use-connection-wizard.ts';
import { isOptimisticRow, useConnections } from '../react/use-connections.ts';
import { format, type Messages } from './locales/index.ts';
import { errorText } from './utils.ts';

/*
 * What `ConnectWizardDialog` and `ConnectionRequired` share: which view to show for a server, the
 * words for it, and the buttons it offers. Each component only lays them out.
 */

export interface ConnectViewOptions extends UseConnectionWizardOptions {
  /** Display name when the list does not know the server (or only knows its id). */
  name?: string | undefined;
}

export interface ConnectView {
  wizard: UseConnectionWizardResult;
  /** The wizard's status, except `connected` while idle when the list already says so. */
  view: ConnectFlowStatus;
  /** The name to show: the list's, else the `name` prop, else the id. */
  name: string;
  /** Where the list says the server stands (`undefined` while loading or unknown). */
  listStatus: ConnectionStatus | undefined;
  /** The connection's id: the flow's once it connected, else the list's. */
  connectionId: string | undefined;
  /**
   * The server needs no connection (`not_required`): shown as `connected` (nothing to do), said in
   * its own words.
   */
  usableAsIs: boolean;
}

/**
 * The wizard of one server plus what the shared list knows about it.
 *
 * @example
 * ```ts
 * const { wizard, view, name } = useConnectView('mercado-pago', { name: 'Mercado Pago', onConnected });
 * ```
 */
export function useConnectView(serverId: string, { name, ...options }: ConnectViewOptions): ConnectView {
  const wizard = useConnectionWizard(serverId, options);
  const { connections } = useConnections();
  const row = connections.find((c) => c.id === serverId);
  const listStatus = row?.status;
  // An optimistic disconnect is not the server's word: its rollback must not look like a connection.
  const confirmedStatus = row && isOptimisticRow(row) ? undefined : listStatus;

  // Connected elsewhere while this waits (another tab, a list on the page): onConnected all the
  // same, so the host can resume. Only after the server was seen not connected, never on mount;
  // while this component's own flow runs, the flow reports success itself (with the connection id).
  const latestOnConnected = useRef(options.onConnected);
  latestOnConnected.current = options.onConnected;
  const sawUnconnected = useRef(false);
  const ownFlowRunning = wizard.isPending || wizard.isConnected;
  useEffect(() => {
    if (confirmedStatus === undefined || ownFlowRunning) return;
    if (confirmedStatus !== 'connected') {
      sawUnconnected.current = true;
      return;
    }
    if (!sawUnconnected.current) return;
    sawUnconnected.current = false;
    latestOnConnected.current?.({ serverId, connectionId: row?.connectionId });
  }, [confirmedStatus, ownFlowRunning, serverId, row?.connectionId]);

  // A server connected before this mounted, or that needs no connection: shown connected without a
  // click (and without onConnected).
  const usableAsIs = wizard.status === 'idle' && row?.status === 'not_required';
  const view: ConnectFlowStatus = wizard.status === 'idle' && (row?.status === 'connected' || usableAsIs) ? 'connected' : wizard.status;
  // The meta-tool list only knows ids (`name === id`): a host-given name reads better then.
  const listName = row && row.name !== row.id ? row.name : undefined;
  return {
    wizard,
    view,
    name: listName ?? name ?? row?.name ?? serverId,
    listStatus,
    connectionId: wizard.connectionId ?? row?.connectionId,
    usableAsIs,
  };
}

/** Views that show a spinner: something is under way and there is nothing to click. */
/** How a step reads at a glance. */
export type ViewTone = 'progress' | 'success' | 'warning' | 'error';

/**
 * One tone per step for every component (the list's progress line, the dialog's and the card's
 * status, as `data-tone`), so a status looks the same wherever it shows. `idle` has none.
 */
export const VIEW_TONES: Record<ConnectFlowStatus, ViewTone | undefined> = {
  idle: undefined,
  checking: 'progress',
  opening: 'progress',
  waiting: 'progress',
  verifying: 'progress',
  connected: 'success',
  needs_setup: 'warning',
  blocked: 'warning',
  cancelled: 'warning',
  expired: 'warning',
  error: 'error',
};

export const isBusyView = (view: ConnectFlowStatus) => view === 'checking' || view === 'opening' || view === 'verifying';

/**
 * The sentence for a view; `''` when there is nothing to say (idle). `connected` differs between the
 * dialog (`wizard.connected`) and the chat card (`required.connected`), so the caller passes it.
 */
export function viewMessage(
  t: Messages,
  view: ConnectFlowStatus,
  name: string,
  wizard: UseConnectionWizardResult,
  connected: string,
): string {
  const values = { name };
  switch (view) {
    case 'idle':
      return '';
    case 'checking':
      return format(t.wizard.checking, values);
    case 'opening':
      return format(t.wizard.opening, values);
    case 'waiting':
      return format(t.wizard.waiting, values);
    case 'verifying':
      return format(t.wizard.verifying, values);
    case 'blocked':
      return format(t.wizard.blocked, values);
    case 'needs_setup':
      return format(t.wizard.needsSetup, values);
    case 'connected':
      return format(connected, values);
    case 'cancelled':
      // The user came back with the popup closed: say so rather than a bare "cancelled".
      return wizard.error?.code === 'popup_closed' ? errorText(t, wizard.error) : t.wizard.cancelled;
    case 'expired':
      return t.wizard.expired;
    case 'error':
      return wizard.error?.code === 'provider_denied' ? format(t.wizard.denied, values) : errorText(t, wizard.error);
  }
}

export type ViewActionId = 'connect' | 'retry' | 'reopen' | 'open-window' | 'open-setup' | 'continue' | 'cancel';

export interface ViewAction {
  id: ViewActionId;
  label: string;
  /** The one button a view leads with. */
  primary: boolean;
  /** Runs inside the click handler: `start()` and `openFallback()` open the popup from it. */
  run(): void;
}

/**
 * The action that fits where a server stands: Finish setup for `needs_setup`, Reconnect for an
 * `expired` or failing (`error`) connection, Connect otherwise. One answer for every component.
 *
 * @example
 * ```ts
 * connectLabel(t, 'expired'); // 'Reconnect'
 * ```
 */
export function connectLabel(t: Messages, status: ConnectionStatus | undefined): string {
  if (status === 'needs_setup') return t.action.finishSetup;
  if (status === 'expired' || status === 'error') return t.action.reconnect;
  return t.action.connect;
}

/** The buttons a view offers, primary first. `connected` offers none here: the dialog adds Done. */
export function viewActions(
  t: Messages,
  view: ConnectFlowStatus,
  name: string,
  wizard: UseConnectionWizardResult,
  listStatus: ConnectionStatus | undefined,
): ViewAction[] {
  const cancel: ViewAction = { id: 'cancel', label: t.action.cancel, primary: false, run: wizard.cancel };
  switch (view) {
    case 'idle':
    case 'cancelled':
      return [{ id: 'connect', label: connectLabel(t, listStatus), primary: true, run: wizard.start }];
    case 'waiting':
      return wizard.popupClosed ? [{ id: 'reopen', label: t.wizard.reopen, primary: true, run: wizard.openFallback }, cancel] : [cancel];
    case 'blocked':
      return [{ id: 'open-window', label: format(t.wizard.openWindow, { name }), primary: true, run: wizard.openFallback }, cancel];
    case 'needs_setup':
      return [{ id: 'open-setup', label: t.wizard.openSetup, primary: true, run: wizard.openFallback }, cancel];
    case 'error':
    case 'expired':
      return [
        {
          id: 'retry',
          label: t.action.retry,
          primary: true,
          // Same click: reset, then start, so the new popup still opens from the user's gesture.
          run: () => {
            wizard.reset();
            wizard.start();
          },
        },
      ];
    default:
      return [];
  }
}

/**
 * When a view change removed the focused button (Connect → waiting), the browser drops focus on
 * `<body>`; keyboard and screen-reader users would lose their place. Moves it to the new view's
 * primary button, else its first button, else the container (which must then have `tabIndex={-1}`).
 * Only when focus was inside the container and is now lost: never steals it from elsewhere.
 *
 * @example
 * ```tsx
 * const ref = useRef<HTMLDivElement>(null);
 * const onFocusTracking = useFocusFollow(ref, view);
 * return <div ref={ref} tabIndex={-1} {...onFocusTracking}>…</div>;
 * ```
 */
export function useFocusFollow(ref: RefObject<HTMLElement | null>, view: string) {
  const previous = useRef(view);
  const hadFocus = useRef(false);
  useEffect(() => {
    if (previous.current === view) return;
    previous.current = view;
    const container = ref.current;
    if (!container || !hadFocus.current) return;
    const active = container.ownerDocument.activeElement;
    if (active && active !== container.ownerDocument.body && active !== container) return;
    const target =
      container.querySelector<HTMLElement>('[data-slot$="-actions"] button[data-variant="primary"]') ??
      container.querySelector<HTMLElement>('[data-slot$="-actions"] button') ??
      container;
    target.focus();
  }, [ref, view]);
  return {
    onFocus: () => {
      hadFocus.current = true;
    },
    onBlur: (event: { relatedTarget: EventTarget | null; currentTarget: EventTarget & HTMLElement }) => {
      // A removed element blurs with no relatedTarget: keep "had focus" so the effect can restore it.
      const next = event.relatedTarget as Node | null;
      if (next && !event.currentTarget.contains(next)) hadFocus.current = false;
    },
  };
}
