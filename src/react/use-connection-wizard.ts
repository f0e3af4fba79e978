'use client';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ConnectFlowEvents } from '../core/connect-flow.ts';
import type { ConnectionsError } from '../core/errors.ts';
import { type ConnectFlowFlags, type ConnectFlowSnapshot, flowFlags } from '../core/flow-state.ts';
import { useConnectionsContext } from './context.tsx';

export interface UseConnectionWizardOptions {
  /** Called once when the server is connected; resume the tool call here. */
  onConnected?: (result: { serverId: string; connectionId?: string | undefined }) => void;
  /** Called once when an attempt ends in `error` or `expired`. */
  onError?: (error: ConnectionsError) => void;
  /** A message that was ignored (another origin, window or state), and why: for debugging, never acted on. */
  onIgnoredMessage?: ConnectFlowEvents['onIgnoredMessage'];
  /** Overrides the provider's `redirectUrl`. */
  redirectUrl?: string;
  /** Overrides the provider's default OAuth scopes. */
  scopes?: string[];
  /** Popup size. @defaultValue `{ width: 500, height: 680 }` */
  popup?: { width?: number; height?: number };
}

export interface UseConnectionWizardResult extends ConnectFlowSnapshot, ConnectFlowFlags {
  /** Starts connecting. Call it straight from a click handler: the popup opens before any await. */
  start(): void;
  /** Stops the flow and closes the popup. */
  cancel(): void;
  /** Back to `idle`. */
  reset(): void;
  /** Opens the popup at `url` from a click: the fallback when it was blocked, or to reopen it. */
  openFallback(): void;
  /**
   * From a click: opens an operator's setup page the host holds (a tool result's `wizard_url`)
   * instead of the client's sign-in, then waits for the API to say the server is connected.
   */
  openSetup(url: string): void;
  /** Asks the API whether the server is connected already. */
  check(): Promise<void>;
}

/**
 * Connects one server through an OAuth popup (REST client) or an operator's setup page (meta-tool
 * client), inside the chat. One flow per server: every component that connects the same server
 * shares it, and it exists only once a user starts it (a long list of rows holds none). A thin
 * adapter of the provider's connections store; StrictMode-safe; everything is cleaned up on every
 * exit and when the last component showing the server unmounts.
 *
 * @example
 * ```tsx
 * function ConnectButton({ serverId }: { serverId: string }) {
 *   const wizard = useConnectionWizard(serverId, { onConnected: () => resumeToolCall() });
 *   if (wizard.isConnected) return <p>Connected</p>;
 *   if (wizard.isBlocked) return <button onClick={wizard.openFallback}>Open the sign-in window</button>;
 *   return (
 *     <button onClick={wizard.start} disabled={wizard.isPending}>
 *       {wizard.isPending ? 'Waiting for the provider…' : 'Connect'}
 *     </button>
 *   );
 * }
 * ```
 */
export function useConnectionWizard(serverId: string, options: UseConnectionWizardOptions = {}): UseConnectionWizardResult {
  const { store, redirectUrl } = useConnectionsContext('useConnectionWizard');
  // This component's callbacks, redirect URL, scopes and popup size go with its own start(): another
  // component connecting the same server may have others.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(
    () =>
      store.on(serverId, {
        onConnected: (result) => latest.current.onConnected?.(result),
        onError: (error) => latest.current.onError?.(error),
        onIgnoredMessage: (reason) => latest.current.onIgnoredMessage?.(reason),
      }),
    [store, serverId],
  );
  const subscribe = useCallback((listener: () => void) => store.subscribe(serverId, listener), [store, serverId]);
  const read = () => store.getSnapshot(serverId);
  const snapshot = useSyncExternalStore(subscribe, read, read);
  const actions = useMemo(
    () => ({
      start: () => {
        const { scopes, popup } = latest.current;
        store.start(serverId, { redirectUrl: latest.current.redirectUrl ?? redirectUrl, scopes, popup });
      },
      cancel: () => store.cancel(serverId),
      reset: () => store.reset(serverId),
      openFallback: () => store.openFallback(serverId),
      openSetup: (url: string) => store.openSetup(serverId, url),
      check: () => store.check(serverId),
    }),
    [store, serverId, redirectUrl],
  );
  return { ...snapshot, ...actions, ...flowFlags(snapshot.status) };
}
