/**
 * What the callback page tells the opener (docs/security.md item 7): only `{ type, v, state, status,
 * connection_id?, error? }`, never a code or a token. It is a hint; the API is the source of truth.
 */

export const MESSAGE_TYPE = 'codespar:connect';
export const MESSAGE_VERSION = 1;
/** The `BroadcastChannel` the callback page also posts on (it still works when COOP cut the opener). */
export const CONNECT_CHANNEL = 'codespar-connect';
/** The `BroadcastChannel` that tells other tabs a session's connections changed. */
export const CHANGES_CHANNEL = 'codespar-connections';

export interface CompletionMessage {
  type: typeof MESSAGE_TYPE;
  v: typeof MESSAGE_VERSION;
  state: string;
  status: 'connected' | 'denied' | 'error';
  connection_id?: string;
  error?: string;
}

/**

 * Returns the message if `data` is a well-formed completion message, otherwise `undefined`.
 *
 * @example
 * ```ts
 * window.addEventListener('message', (e) => {
 *   const message = readCompletionMessage(e.data); // undefined unless well-formed
 * });
 * ```
 */
export function readCompletionMessage(data: unknown): CompletionMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, v, state, status, connection_id: connectionId, error } = data as Record<string, unknown>;
  if (type !== MESSAGE_TYPE || v !== MESSAGE_VERSION) return undefined;
  if (typeof state !== 'string' || state.length === 0 || state.length > 512) return undefined;
  if (status !== 'connected' && status !== 'denied' && status !== 'error') return undefined;
  // What is missing or not a string is undefined (the readers only read the fields).
  return {
    type,
    v,
    state,
    status,
    connection_id: typeof connectionId === 'string' && connectionId.length <= 512 ? connectionId : undefined,
    error: typeof error === 'string' ? error.slice(0, 500) : undefined,
  };
}
