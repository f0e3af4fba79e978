'use client';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Query } from '../core/connections-store.ts';
import { IDLE, type QueryCache, type QueryState, UNLOADED } from '../core/query-cache.ts';

export interface QueryResult<T, E> extends QueryState<T, E> {
  /** A new request (never deduped); resolves to its answer, or on failure to the data still shown. */
  refresh(): Promise<T | undefined>;
}

/**
 * One key of the store's cache, through `useSyncExternalStore`: watching it (from the commit, so
 * never on a server) revalidates it unless an answer is fresh. On a server, and before the first
 * answer, a key shows nothing loaded; `null` shows nothing at all.
 *
 * @example
 * ```ts
 * const { data, error, isLoading, refresh } = useQuery(store.cache, listQuery(client));
 * ```
 */
export function useQuery<T, E>(cache: QueryCache, query: Query<T> | null): QueryResult<T, E> {
  const key = query?.key ?? null;
  // The newest render's request (a client with the same key may be a new object).
  const latest = useRef(query);
  latest.current = query;
  const request = useCallback(() => (latest.current as Query<T>).fetch(), []);
  const subscribe = useCallback(
    (onChange: () => void) => (key === null ? () => {} : cache.watch(key, request, onChange)),
    [cache, key, request],
  );
  const state = useSyncExternalStore(
    subscribe,
    () => (key === null ? IDLE : cache.get<T, E>(key)),
    () => (key === null ? IDLE : UNLOADED),
  );
  const refresh = useCallback(
    () => (key === null ? Promise.resolve(undefined) : cache.fetch(key, request).catch(() => cache.get<T>(key).data)),
    [cache, key, request],
  );
  return { ...state, refresh };
}
