import { abortable, sleep, throwIfAborted } from './abort.ts';
import { describeNonJson, errorFromResponse, invalidResponse, summarizeIssues } from './api-errors.ts';
import { ConfigurationError, ConnectionsApiError, ConnectionsError, describe } from './errors.ts';
import { requireId } from './ids.ts';
import type { ExecuteFn } from './meta-tool-client.ts';
import { toolResultWire } from './schemas.ts';
import { assertTokenAllowed } from './secret.ts';
import type { CheckUrlOptions } from './url.ts';

/**
 * The transport to CodeSpar's API, in one place: the options both clients' HTTP side takes
 * ({@link TransportOptions}), the settings built from them ({@link createHttpConfig}), the fetch
 * loop (auth, time-out, abort, retries; {@link httpRequest}) and {@link createSessionExecute}, the
 * meta-tool's `execute` over the same transport. What an error answer becomes is `api-errors.ts`.
 */

/** How to reach the CodeSpar API: shared by the REST client and {@link createSessionExecute}. */
export interface TransportOptions {
  /**
   * API root. In a browser, point it at your own backend route that adds the secret key server-side
   * (e.g. `"/api/codespar"`); a relative URL is resolved against the page.
   * @defaultValue `"https://api.codespar.dev"`
   */
  baseUrl?: string;
  /**
   * Returns the bearer token for each request: a short-lived token your backend minted for this
   * user. Called before every request, so it can refresh. Omit it when `baseUrl` is a proxy that
   * authenticates by cookie.
   */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** The `fetch` to use (tests, instrumentation). @defaultValue `globalThis.fetch` */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Sends `x-codespar-project`. */
  projectId?: string;
  /** GET retries; `false` turns them off. @defaultValue `{ retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 }` */
  retry?: RetryOptions | false;
  /** Per-attempt time-out. @defaultValue 15_000 */
  timeoutMs?: number;
  /** How URLs from the API are checked before use. */
  urlPolicy?: CheckUrlOptions;
  /**
   * Lets a secret key (`csk_live_…`) be used in a browser. Don't: anyone who opens the page can
   * read it. Exists for internal tools on trusted machines.
   * @defaultValue false
   */
  dangerouslyAllowBrowser?: boolean;
}

/**
 * Retries for idempotent requests (GET). POST and DELETE are retried only when the server said it
 * did not process the request: 429, or 503 with `Retry-After`.
 */
export interface RetryOptions {
  /** @defaultValue 2 */
  retries?: number;
  /** First back-off delay; doubles each attempt, with jitter. @defaultValue 300 */
  baseDelayMs?: number;
  /** No single wait is longer; a `Retry-After` above it is not waited for but reported. @defaultValue 10_000 */
  maxDelayMs?: number;
}

export interface HttpConfig {
  baseUrl: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** `dangerouslyAllowBrowser`: whether a secret key may be used in a browser. */
  allowBrowser: boolean;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
}

export interface HttpRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Parses a 2xx body (a ./schemas schema, or anything with its `safeParse`); none for responses without one (204). */
  schema?: Parser<T>;
}

/** What `httpRequest` needs of a schema: a `safeParse` with zod's result shape (./validate). */
export interface Parser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface HttpResponse<T> {
  data: T;
  /**
   * Server clock (`Date` header) in ms, `NaN` when it is absent or unreadable: lets callers turn
   * `expires_at` into a time-to-live.
   */
  serverDate: number;
}

const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 };

/**
 * Builds the transport settings, refusing a secret key in a browser up front (docs/security.md
 * item 16). `caller` names the function in a configuration error.
 *
 * @example
 * ```ts
 * const http = createHttpConfig({ baseUrl: '/api/codespar' }, 'createConnectionsClient');
 * const { data } = await httpRequest(http, { method: 'GET', path: '/v1/sessions/ses_1/connections', schema });
 * ```
 */
export function createHttpConfig(options: TransportOptions, caller: string): HttpConfig {
  const allowBrowser = options.dangerouslyAllowBrowser ?? false;
  const headers = { ...options.headers };
  if (options.projectId) headers['x-codespar-project'] = options.projectId;
  // Every header, whatever its name or scheme: `Authorization: csk_live_…` and `x-api-key` leak as well.
  for (const value of Object.values(headers)) assertTokenAllowed(String(value), allowBrowser);
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') {
    throw new ConfigurationError('invalid_options', `${caller}: no \`fetch\` available; pass one`);
  }
  return {
    baseUrl: (options.baseUrl ?? 'https://api.codespar.dev').replace(/\/+$/, ''),
    fetch: fetchImpl,
    headers,
    allowBrowser,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 15_000,
    getToken: options.getToken || undefined,
  };
}

/**
 * `/v1/sessions/:id` for a session id that stays one path segment (docs/security.md item 17),
 * checked before any request is built; `caller` names the function in the error.
 *
 * @example
 * ```ts
 * sessionPath('ses_abc123', 'createSessionExecute'); // '/v1/sessions/ses_abc123'
 * ```
 */
export function sessionPath(sessionId: unknown, caller: string): string {
  return `/v1/sessions/${encodeURIComponent(requireId(sessionId, `${caller}: \`sessionId\``))}`;
}

/**
 * Sends one API request with auth, time-out, abort, retries, and typed errors for every failure.
 *
 * @example
 * ```ts
 * const { data, serverDate } = await httpRequest(http, { method: 'POST', path, body, signal, schema: authorizeWire });
 * ```
 */
export async function httpRequest<T>(config: HttpConfig, request: HttpRequest<T>): Promise<HttpResponse<T>> {
  const idempotent = request.method === 'GET';
  const retry = config.retry;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(request.signal);
    let failure: ConnectionsError;
    try {
      return await attemptOnce(config, request);
    } catch (error) {
      if (!(error instanceof ConnectionsError)) throw error;
      failure = error;
    }
    const delay = retry && attempt < retry.retries ? retryDelay(failure, idempotent, attempt, retry) : undefined;
    if (delay === undefined) throw failure;
    await sleep(delay, request.signal);
  }
}

function retryDelay(
  { code, status, retryAfterMs }: ConnectionsError,
  idempotent: boolean,
  attempt: number,
  retry: Required<RetryOptions>,
): number | undefined {
  const serverSaidNotProcessed = code === 'rate_limited' || (status === 503 && retryAfterMs !== undefined);
  const transient = code === 'network_error' || code === 'server_error' || code === 'rate_limited';
  if (!(idempotent ? transient : serverSaidNotProcessed)) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= retry.maxDelayMs ? retryAfterMs : undefined;
  const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.round(backoff / 2 + (Math.random() * backoff) / 2);
}

async function attemptOnce<T>(config: HttpConfig, request: HttpRequest<T>): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
  // One signal for the whole attempt, getToken() included: a cancel while the token is on its way
  // must stop the request going out, and a getToken() that never answers must not hang the flow.
  const { signal, done } = linkSignal(request.signal, config.timeoutMs);
  let response: Response;
  let raw: string;
  const where = `${request.method} ${request.path}`;
  let step = 'getToken()';
  try {
    const token: unknown = (await abortable(Promise.resolve(config.getToken?.()), signal)) ?? undefined;
    if (token !== undefined && typeof token !== 'string') {
      throw new ConfigurationError('invalid_options', `getToken() must return a string or undefined, got ${describe(token)}`);
    }
    assertTokenAllowed(token, config.allowBrowser);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    step = where;
    response = await config.fetch(`${config.baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body,
      signal,
      credentials: 'same-origin',
    });
    raw = await response.text();
  } catch (error) {
    throwIfAborted(request.signal);
    if (signal.aborted) throw new ConnectionsApiError('network_error', `${step} timed out after ${config.timeoutMs} ms`, { cause: error });
    if (error instanceof ConnectionsError) throw error;
    // A getToken() that throws is the host saying "no session": unauthorized, not a network problem.
    throw new ConnectionsApiError(step === 'getToken()' ? 'unauthorized' : 'network_error', `${step} failed: ${describe(error)}`, {
      cause: error,
    });
  } finally {
    done();
  }

  const serverDate = Date.parse(response.headers.get('date') ?? ''); // NaN when absent or unreadable
  if (!response.ok) throw errorFromResponse(where, response, raw);
  if (!request.schema) return { data: undefined as T, serverDate };

  if (raw.trim() === '') throw invalidResponse(`${where} answered HTTP ${response.status} with an empty body`, response, raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw invalidResponse(`${where} answered HTTP ${response.status} with ${describeNonJson(raw)}`, response, raw, error);
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw invalidResponse(`${where} answered a body of the wrong shape: ${summarizeIssues(parsed.error)}`, response, json, parsed.error);
  }
  return { data: parsed.data, serverDate };
}

/** A signal that aborts when the caller's does or when `timeoutMs` passes; `done()` detaches both. */
function linkSignal(outer: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

export interface SessionExecuteOptions extends TransportOptions {
  sessionId: string;
}

/**
 * An {@link ExecuteFn} over `POST /v1/sessions/:id/execute`, for hosts without the CodeSpar SDK.
 * Not retried blindly: a tool call is not idempotent.
 *
 * @example
 * ```ts
 * const client = createMetaToolClient({
 *   key: 'ses_abc123',
 *   execute: createSessionExecute({ sessionId: 'ses_abc123', baseUrl: '/api/codespar' }),
 * });
 * ```
 */
export function createSessionExecute(options: SessionExecuteOptions): ExecuteFn {
  const http = createHttpConfig(options, 'createSessionExecute');
  const path = `${sessionPath(options.sessionId, 'createSessionExecute')}/execute`;
  return async (tool, input, opts) => {
    const { data } = await httpRequest(http, { method: 'POST', path, body: { tool, input }, signal: opts?.signal, schema: toolResultWire });
    return data;
  };
}
