import type { ConnectionsClient } from '../core/types.ts';

/** The SWR key of the session's list: one cache entry per session, whichever component asks. */
export const listKey = (client: ConnectionsClient) => client.key;

/** The SWR key of one server's detail. */
export const detailKey = (client: ConnectionsClient, serverId: string) => [client.key, 'connection', serverId] as const;
