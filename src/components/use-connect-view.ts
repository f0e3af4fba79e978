'use client';
import { type FocusEvent, type ForwardedRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { Connection } from '../core/types.ts';
import { type UseConnectionWizardOptions, type UseConnectionWizardResult, useConnectionWizard } from '../react/use-connection-wizard.ts';
import { isOptimisticRow, useConnections } from '../react/use-connections.ts';
import { type ConnectView, type ConnectViewOptions, connectView, type ViewActionId } from './connect-view.ts';
import type { Messages } from './locales/index.ts';

/*
 * The connect view of one server in React: its wizard, its row of the shared list, the pure
 * `connectView` of both, and what a click on each of its actions does. The dialog and the card
 * render from it; the list's rows call `connectView` with their own row.
 */

export interface UseConnectViewOptions extends UseConnectionWizardOptions, ConnectViewOptions {}

export interface UseConnectViewResult {
  wizard: UseConnectionWizardResult;
  view: ConnectView;
  /** The list's row, when the list knows the server. */
  connection: Connection | undefined;
  /** The connection's id: the flow's once it connected, else the list's. */
  connectionId: string | undefined;
}

/**
 * @example
 * ```ts
 * const { wizard, view } = useConnectView('mercado-pago', t, { surface: 'card', name: 'Mercado Pago', onConnected });
 * ```
 */
export function useConnectView(serverId: string, t: Messages, options: UseConnectViewOptions): UseConnectViewResult {
  // One options object for both: the wizard and the view each read only their own keys.
  const wizard = useConnectionWizard(serverId, options);
  const { connections } = useConnections();
  const connection = connections.find((c) => c.id === serverId);

  // Connected elsewhere while this waits (another tab, a list on the page): onConnected all the
  // same, so the host can resume. Only after the server was seen not connected, never on mount;
  // while this component's own flow runs, the flow reports success itself (with the connection id).
  // An optimistic disconnect is not the server's word: its rollback must not look like a connection.
  const confirmedStatus = connection && isOptimisticRow(connection) ? undefined : connection?.status;
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
    latestOnConnected.current?.({ serverId, connectionId: connection?.connectionId });
  }, [confirmedStatus, ownFlowRunning, serverId, connection?.connectionId]);

  const view = connectView(wizard, connection, t, options);
  return { wizard, view, connection, connectionId: wizard.connectionId ?? connection?.connectionId };
}

/**
 * What a click on a view's action does. Runs inside the click handler: `start()`, `openFallback()`
 * and `openSetup()` open the popup from it. `continue`, `done` and `disconnect` are the caller's.
 *
 * @example
 * ```ts
 * onClick={() => runViewAction(action.id, wizard, { setupUrl })}
 * ```
 */
export function runViewAction(
  id: ViewActionId,
  wizard: Pick<UseConnectionWizardResult, 'status' | 'start' | 'cancel' | 'openFallback' | 'openSetup'>,
  { setupUrl }: { setupUrl?: string | undefined } = {},
): void {
  switch (id) {
    case 'connect':
    case 'retry':
      wizard.start();
      return;
    case 'reopen':
    case 'open-window':
      wizard.openFallback();
      return;
    case 'open-setup':
      // The flow's own setup page (the meta-tool's initiate), or the one a tool result offers.
      if (wizard.status === 'needs_setup' || !setupUrl) wizard.openFallback();
      else wizard.openSetup(setupUrl);
      return;
    case 'cancel':
      wizard.cancel();
      return;
    // `continue`, `done` and `disconnect`: nothing here.
  }
}

/**
 * When a view change removed the focused button (Connect → waiting), the browser drops focus on
 * `<body>`; keyboard and screen-reader users would lose their place. Moves it to the new view's
 * primary button, else its first button, else the container (which must then have `tabIndex={-1}`).
 * Only when focus was inside the container and is now lost: never steals it from elsewhere.
 * Returns the container's `ref` (the host's forwarded ref gets the element too) and its handlers.
 *
 * @example
 * ```tsx
 * const container = useFocusFollow(forwardedRef, view.status);
 * return <div tabIndex={-1} {...container}>…</div>;
 * ```
 */
export function useFocusFollow<E extends HTMLElement>(
  forwardedRef: ForwardedRef<E>,
  view: string,
  /** The host's own handlers on the container: they run first. */
  own: { onFocus?: ((event: FocusEvent<E>) => void) | undefined; onBlur?: ((event: FocusEvent<E>) => void) | undefined } = {},
) {
  const ref = useRef<E>(null);
  useImperativeHandle(forwardedRef, () => ref.current as E);
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
  }, [view]);
  return {
    ref,
    onFocus: (event: FocusEvent<E>) => {
      own.onFocus?.(event);
      hadFocus.current = true;
    },
    onBlur: (event: FocusEvent<E>) => {
      own.onBlur?.(event);
      // A removed element blurs with no relatedTarget: keep "had focus" so the effect can restore it.
      const next = event.relatedTarget as Node | null;
      if (next && !event.currentTarget.contains(next)) hadFocus.current = false;
    },
  };
}
