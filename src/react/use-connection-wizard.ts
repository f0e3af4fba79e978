'use client';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useSWRConfig } from 'swr';
import {
  type ConnectFlow,
  type ConnectFlowSnapshot,
  type ConnectFlowStatus,
  createConnectFlow,
  isPendingStatus,
} from '../core/connect-flow.ts';
import type { ConnectionsError } from '../core/errors.ts';
import type { ConnectionCheck, SessionConnections } from '../core/types.ts';
import { announceChange, useConnectionsContext } from './context.tsx';
import { detailKey } from './use-connection.ts';

export interface UseConnectionWizardOptions {
  /** Called once when the server is connected; resume the tool call here. */
  onConnected?: (result: { serverId: string; connectionId?: string | undefined }) => void;
  /** Called once when an attempt ends in `error` or `expired`. */
  onError?: (error: ConnectionsError) => void;
  /** Overrides the provider's `redirectUrl`. */
  redirectUrl?: string;
  /** Overrides the provider's default OAuth scopes. */
  scopes?: string[];
  /** Popup size. @defaultValue `{ width: 500, height: 680 }` */
  popup?: { width?: number; height?: number };
}

export interface UseConnectionWizardResult extends ConnectFlowSnapshot {
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
  isIdle: boolean;
  isChecking: boolean;
  /** `opening`, `waiting` or `verifying`: the popup flow is under way. */
  isWaiting: boolean;
  isNeedsSetup: boolean;
  isBlocked: boolean;
  isConnected: boolean;
  isCancelled: boolean;
  isExpired: boolean;
  isError: boolean;
  /** Anything under way (not idle and not finished). */
  isPending: boolean;
}

/**
 * Connects one server through an OAuth popup (REST client) or an operator's setup page (meta-tool
 * client), inside the chat. One flow per server: every component that connects the same server
 * shares it. StrictMode-safe; everything is cleaned up on every exit and on unmount.
 *
 * @example
 * ```tsx
 * function ConnectButton({ serverId }: { serverId: string }) {
 *   const wizard = useConnectionWizard(serverId, { onConnected: () => resumeToolCall() });
 *   if (wizard.isConnected) return <p>Connected</p>;
 *   if (wizard.isBlocked) return <button onClick={wizard.openFallback}>Open the sign-in window</button>;
 *   return (
 *     <button onClick={wizard.start} disabled={wizard.isWaiting}>
 *       {wizard.isWaiting ? 'Waiting for the provider…' : 'Connect'}
 *     </button>
 *   );
 * }
 * ```
 */
export function useConnectionWizard(serverId: string, options: UseConnectionWizardOptions = {}): UseConnectionWizardResult {
  const ctx = useConnectionsContext('useConnectionWizard');
  const { client, registry, adapter, timing } = ctx;
  const { mutate } = useSWRConfig();
  const key = `${client.key}::${serverId}`;

  // Confirming *is* the one list refresh: the list is fetched and put in the shared cache.
  const confirm = useCallback(
    async (id: string, signal: AbortSignal): Promise<ConnectionCheck> => {
      const list = (await mutate(client.key, client.list({ signal }), { revalidate: false })) as SessionConnections | undefined;
      const row = list?.connections.find((c) => c.id === id);
      return { serverId: id, status: row?.status ?? 'not_connected', ...(row?.connectionId ? { connectionId: row.connectionId } : {}) };
    },
    [client, mutate],
  );

  const flow: ConnectFlow = useMemo(
    () =>
      registry.get(key, () => {
        const created = createConnectFlow({ client, serverId, adapter, timing, confirm });
        created.on({
          onConnected: () => {
            void mutate(detailKey(client, serverId));
            announceChange(client.key);
          },
        });
        return created;
      }),
    [registry, key, client, serverId, adapter, timing, confirm, mutate],
  );

  useEffect(() => registry.retain(key, flow), [registry, key, flow]);
  // The flow outlives the render that made it: a new client with the same key (a refreshed token)
  // must be the one it calls from now on.
  useEffect(() => flow.setOptions({ client, adapter, timing, confirm }), [flow, client, adapter, timing, confirm]);

  // This component's redirect URL, scopes and popup size go with its own start(), not into the
  // shared flow: another component connecting the same server may have others.
  const own = { ...options, redirectUrl: options.redirectUrl ?? ctx.redirectUrl };
  const latest = useRef(own);
  useEffect(() => {
    latest.current = own;
  });
  useEffect(
    () =>
      flow.on({
        onConnected: (result) => latest.current.onConnected?.(result),
        onError: (error) => latest.current.onError?.(error),
      }),
    [flow],
  );
  const start = useCallback(() => {
    const { redirectUrl, scopes, popup } = latest.current;
    flow.start({ redirectUrl, scopes, popup });
  }, [flow]);

  const snapshot = useSyncExternalStore(flow.subscribe, flow.getSnapshot, flow.getSnapshot);
  const { cancel, reset, openFallback, openSetup, check } = flow; // bound: stable for the flow's life
  return { ...snapshot, start, cancel, reset, openFallback, openSetup, check, ...derive(snapshot.status) };
}

/** Booleans are derived from the status, never stored: they cannot disagree with it. */
function derive(status: ConnectFlowStatus) {
  return {
    isIdle: status === 'idle',
    isChecking: status === 'checking',
    isWaiting: status === 'opening' || status === 'waiting' || status === 'verifying',
    isNeedsSetup: status === 'needs_setup',
    isBlocked: status === 'blocked',
    isConnected: status === 'connected',
    isCancelled: status === 'cancelled',
    isExpired: status === 'expired',
    isError: status === 'error',
    isPending: isPendingStatus(status),
  };
}
