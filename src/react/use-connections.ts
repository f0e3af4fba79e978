'use client';
import { useCallback } from 'react';
import { listQuery } from '../core/connections-store.ts';
import { ConfigurationError, type ConnectionsError } from '../core/errors.ts';
import type { Connection, SessionConnections } from '../core/types.ts';
import { useConnectionsContext } from './context.tsx';
import { useQuery } from './use-query.ts';

export interface UseConnectionsResult {
  /** Every server of the session; empty until the first load. */
  connections: Connection[];
  total: number;
  error: ConnectionsError | undefined;
  /** First load, nothing to show yet. */
  isLoading: boolean;
  /** Any request under way, including background revalidation. */
  isValidating: boolean;
  /** Reloads the list; resolves to the new list (on failure, to the list still shown). */
  refresh(): Promise<SessionConnections | undefined>;
  /**
   * Disconnects a server. The list shows it disconnected at once and rolls back if the API refuses;
   * the promise then rejects with the {@link ConnectionsError}.
   */
  disconnect(serverId: string): Promise<void>;
  /** Whether the client can disconnect at all: the REST client can, the meta-tool cannot. */
  canDisconnect: boolean;
}

/** Rows shown disconnected before the API answered: a guess that a rollback may take back. */
const guesses = /* @__PURE__ */ new WeakSet<Connection>();

function optimistic(row: Connection): Connection {
  const guess: Connection = { ...row, connected: false, status: 'not_connected', connectionId: undefined };
  guesses.add(guess);
  return guess;
}

/**
 * Whether a row is the optimistic guess of a disconnect still under way rather than what the API
 * said: what reacts to a server *becoming* connected must not count a rollback as one.
 */
export const isOptimisticRow = (row: Connection): boolean => guesses.has(row);

/**
 * The session's connections, shared by every component that asks: one request per session however
 * many mount (and none within 2 s of the last answer). The list stays shown while it revalidates and
 * when a revalidation fails (`error` is set beside it). Revalidates when the window regains focus (at
 * most every 5 s) or the network comes back; the provider's `revalidateOnFocus` and
 * `revalidateOnReconnect` turn them off.
 *
 * @example
 * ```tsx
 * function Providers() {
 *   const { connections, isLoading, error, disconnect } = useConnections();
 *   if (isLoading) return <p>Loading…</p>;
 *   if (error) return <p role="alert">{error.message}</p>;
 *   return connections.map((c) => (
 *     <p key={c.id}>{c.name}: {c.status} {c.connected && <button onClick={() => disconnect(c.id)}>Disconnect</button>}</p>
 *   ));
 * }
 * ```
 */
export function useConnections(): UseConnectionsResult {
  const { client, store } = useConnectionsContext('useConnections');
  const { data, error, isLoading, isValidating, refresh } = useQuery<SessionConnections, ConnectionsError>(store.cache, listQuery(client));

  const disconnect = useCallback(
    async (serverId: string) => {
      const remove = client.disconnect?.bind(client);
      if (!remove) throw new ConfigurationError('unsupported', `This client (${client.kind}) cannot disconnect servers`);
      const list = listQuery(client);
      await store.cache.mutate<SessionConnections>(
        list.key,
        // With no list loaded yet there is nothing to show early: keep it as it is.
        (current) => current && { ...current, connections: current.connections.map((c) => (c.id === serverId ? optimistic(c) : c)) },
        () => remove(serverId),
        () => list.fetch(),
      );
      store.announce();
    },
    [client, store],
  );

  return {
    connections: data?.connections ?? [],
    total: data?.total ?? 0,
    error,
    isLoading,
    isValidating,
    refresh,
    disconnect,
    canDisconnect: typeof client.disconnect === 'function',
  };
}
