'use client';
import { detailQuery } from '../core/connections-store.ts';
import type { ConnectionsError } from '../core/errors.ts';
import type { ConnectionDetail } from '../core/types.ts';
import { useConnectionsContext } from './context.tsx';
import { useQuery } from './use-query.ts';

export interface UseConnectionResult {
  /** `tools`, `capabilities`, `connectedAt`, `latencyMs` and the list fields. */
  connection: ConnectionDetail | undefined;
  error: ConnectionsError | undefined;
  /** First load, nothing to show yet. */
  isLoading: boolean;
  /** Any request under way, including background revalidation. */
  isValidating: boolean;
  /** Reloads the detail; resolves to the new detail (on failure, to the one still shown). */
  refresh(): Promise<ConnectionDetail | undefined>;
}

/**
 * One server's detail (`GET …/connections/:serverId`): what connecting grants, its tools, when it
 * connected and how fast it answers. Over the meta-tool client, which has no detail call, it holds
 * the status only, with empty `tools` and `capabilities`. Shared like `useConnections`: one request
 * per server however many components ask; refreshed when a flow connects the server.
 *
 * @example
 * ```tsx
 * function Grants({ serverId }: { serverId: string }) {
 *   const { connection } = useConnection(serverId);
 *   return <ul>{connection?.tools.map((t) => <li key={t.name}>{t.description ?? t.name}</li>)}</ul>;
 * }
 * ```
 */
export function useConnection(serverId: string | null | undefined): UseConnectionResult {
  const { client, store } = useConnectionsContext('useConnection');
  const { data, error, isLoading, isValidating, refresh } = useQuery<ConnectionDetail, ConnectionsError>(
    store.cache,
    serverId ? detailQuery(client, serverId) : null,
  );
  return { connection: data, error, isLoading, isValidating, refresh };
}
