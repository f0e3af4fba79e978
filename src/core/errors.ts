/**
 * Every failure this library reports is a {@link ConnectionsError} with a stable `code`.
 * Subclasses say where it came from, so `instanceof` and `code` both work:
 *
 * - {@link ConnectionsApiError}: the Connections API or the meta-tool answered with an error,
 *   or could not be reached, or answered something that is not what the contract says.
 * - {@link ConnectFlowError}: the popup flow ended without a connection (blocked, closed, denied…).
 * - {@link UnsafeUrlError}: a URL was refused before anything navigated to it.
 * - {@link ConfigurationError}: the library was set up in a way that is unsafe or cannot work.
 */

/**
 * The stable error codes. Matching on these is supported; matching on `message` is not. Every code
 * here is produced somewhere (the README's error table says where).
 */
export type ConnectionsErrorCode =
  // popup flow
  | 'popup_blocked'
  | 'popup_closed'
  | 'timeout'
  /** The caller's `AbortSignal` fired, or `cancel()` stopped the flow: see {@link abortedError}. */
  | 'aborted'
  | 'provider_denied'
  /** The provider itself reported an error on the callback (`status=error`): never a thrown bug. */
  | 'provider_error'
  // URLs
  | 'unsafe_url'
  // API
  | 'invalid_response'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'oauth_redirect_required'
  | 'bad_request'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  // configuration
  | 'secret_key_in_browser'
  | 'invalid_options'
  | 'unsupported'
  // the host
  /**
   * Something the host supplied (a custom client, the flow's `confirm`) threw what is not a
   * ConnectionsError: a bug to fix there, with what was thrown as `cause`. See {@link asConnectionsError}.
   */
  | 'unexpected';

export interface ConnectionsErrorInit {
  /** HTTP status of the response; 0 when there was none (network failure, popup, configuration). */
  status?: number;
  /** Request id from the error body or the `X-Request-Id` header, for support tickets. */
  requestId?: string;
  /** How long the server asked us to wait before trying again (429 / 503). */
  retryAfterMs?: number;
  /** The response body as received: parsed JSON when it parsed, otherwise the raw text. */
  body?: unknown;
  cause?: unknown;
}

/**
 * The one error type this library throws or reports.
 *
 * @example
 * ```ts
 * try {
 *   await client.disconnect('stripe');
 * } catch (error) {
 *   if (error instanceof ConnectionsError && error.code === 'conflict') {
 *     // already disconnected: nothing to do
 *   } else throw error;
 * }
 * ```
 */
export class ConnectionsError extends Error {
  override name = 'ConnectionsError';
  // `declare`d: the constructor below creates each of them, in this order, after `name`.
  declare readonly code: ConnectionsErrorCode;
  declare readonly status: number;
  declare readonly requestId?: string;
  declare readonly retryAfterMs?: number;
  declare readonly body?: unknown;

  constructor(code: ConnectionsErrorCode, message: string, init: ConnectionsErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status ?? 0;
    // Assigned even when undefined: every error has all five as own properties.
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body;
  }
}

/**

 * The API (REST or meta-tool) failed, could not be reached, or answered outside the contract.
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionsApiError && error.status === 401) signIn();
 * ```
 */
export class ConnectionsApiError extends ConnectionsError {
  override name = 'ConnectionsApiError';
}

/**

 * The connect flow ended without a connection: blocked or closed popup, denial, time-out…
 *
 * @example
 * ```ts
 * flow.on({ onError: (e) => e instanceof ConnectFlowError && showRetry(e.code) });
 * ```
 */
export class ConnectFlowError extends ConnectionsError {
  override name = 'ConnectFlowError';
}

/**

 * A URL was refused before any navigation or rendering. `url` is what was refused.
 *
 * @example
 * ```ts
 * try { checkUrl(url) } catch (e) { if (e instanceof UnsafeUrlError) report(e.url) }
 * ```
 */
export class UnsafeUrlError extends ConnectionsError {
  override name = 'UnsafeUrlError';
  declare readonly url: string;
  constructor(url: string, reason: string) {
    super('unsafe_url', `Refused unsafe URL ${JSON.stringify(truncate(url, 120))}: ${reason}`);
    this.url = url;
  }
}

/**

 * The library was configured in a way that is unsafe or cannot work.
 *
 * @example
 * ```ts
 * createConnectionsClient({ sessionId: '' }); // throws ConfigurationError('invalid_options')
 * ```
 */
export class ConfigurationError extends ConnectionsError {
  override name = 'ConfigurationError';
}

/**
 * Whether `error` is a {@link ConnectionsError}, optionally with one of the given codes.
 *
 * @example
 * ```ts
 * if (isConnectionsError(error, 'rate_limited')) wait(error.retryAfterMs);
 * ```
 */
export function isConnectionsError(error: unknown, ...codes: ConnectionsErrorCode[]): error is ConnectionsError {
  return error instanceof ConnectionsError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * The one way an `aborted` error is made, so every abort reads alike whichever layer saw it. A plain
 * {@link ConnectionsError}: the host stopped it (its signal, or `cancel()`), neither the API nor the flow.
 *
 * @example
 * ```ts
 * if (signal?.aborted) throw abortedError(signal.reason);
 * ```
 */
export function abortedError(cause?: unknown, message = 'The request was aborted'): ConnectionsError {
  return new ConnectionsError('aborted', message, { cause });
}

/**
 * `error` as a {@link ConnectionsError}: itself when it is one; otherwise `unexpected`, with `error`
 * as `cause`. What a host-supplied client or `confirm` throws outside the contract is the host's
 * bug: labelling it `provider_error` or `network_error` would send the user to retry, and the
 * developer to the wrong place.
 *
 * @example
 * ```ts
 * client.begin(serverId).catch((error) => fail(asConnectionsError(error)));
 * ```
 */
export function asConnectionsError(error: unknown): ConnectionsError {
  return error instanceof ConnectionsError ? error : new ConnectionsError('unexpected', describe(error), { cause: error });
}

/**
 * A thrown value in a few words: an `Error`'s message (its name when the message is empty),
 * anything else as a bounded string.
 *
 * @example
 * ```ts
 * describe(new TypeError('Failed to fetch')); // 'Failed to fetch'
 * ```
 */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return truncate(safeString(error), 200);
}

/**
 * `String(value)` that never throws (`Object.create(null)`, `{ toString: 0 }` make `String` throw).
 *
 * @example
 * ```ts
 * safeString(Object.create(null)); // '[object Object]'
 * ```
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * `text` cut to `max` characters, with an ellipsis when it was longer: for ids and bodies in messages.
 *
 * @example
 * ```ts
 * truncate('abcdef', 3); // 'abc…'
 * ```
 */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
