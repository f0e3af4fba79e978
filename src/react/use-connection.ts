'use client';
import useSWR from 'swr';
import type { ConnectionsError } from '../core/errors.ts';
import type { ConnectionDetail, ConnectionsClient } from '../core/types.ts';
import { useConnectionsContext } from './context.tsx';
import { detailKey } from './keys.ts';

export interface UseConnectionResult {
  /** `tools`, `capabilities`, `connectedAt`, `latencyMs` and the list fields. */
  connection: ConnectionDetail | undefined;
  error: ConnectionsError | undefined;
  isLoading: boolean;
  isValidating: boolean;
  refresh(): Promise<ConnectionDetail | undefined>;
}

/**
 * One server's detail (`GET …/connections/:serverId`): what connecting grants, its tools, when it
 * connected and how fast it answers. Over the meta-tool client, which has no detail call, it holds
 * the status only, with empty `tools` and `capabilities`.
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
  const { client } = useConnectionsContext('useConnection');
  const { data, error, isLoading, isValidating, mutate } = useSWR<ConnectionDetail, ConnectionsError>(
    serverId ? detailKey(client, serverId) : null,
    () => fetchDetail(client, serverId as string),
  );
  return { connection: data, error, isLoading, isValidating, refresh: () => mutate() };
}

async function fetchDetail(client: ConnectionsClient, serverId: string): Promise<ConnectionDetail> {
  if (client.get) return client.get(serverId);
  const check = await client.check(serverId);
  return {
    id: serverId,
    name: serverId,
    connected: check.status === 'connected',
    status: check.status,
    capabilities: [],
    tools: [],
    ...(check.connectionId ? { connectionId: check.connectionId } : {}),
  };
}
