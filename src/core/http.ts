import {
  abortedError,
  ConfigurationError,
  ConnectionsApiError,
  ConnectionsError,
  type ConnectionsErrorCode,
  type ConnectionsErrorInit,
  describe,
  truncate,
} from './errors.ts';

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
  checkToken: (token: string | undefined) => void;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
}

export interface HttpRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Parses a 2xx body (a zod schema, or anything with its `safeParse`); none for responses without one (204). */
  schema?: Parser<T>;
}

/** What `httpRequest` needs of a schema: zod's `safeParse` result shape. */
export interface Parser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface HttpResponse<T> {
  data: T;
  /** Server clock (`Date` header) in ms, when sent: lets callers turn `expires_at` into a time-to-live. */
  serverDate?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 };

/** Sends one API request with auth, time-out, abort, retries, and typed errors for every failure. */
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

function retryDelay(error: ConnectionsError, idempotent: boolean, attempt: number, retry: Required<RetryOptions>): number | undefined {
  const serverSaidNotProcessed = error.code === 'rate_limited' || (error.status === 503 && error.retryAfterMs !== undefined);
  const transient = error.code === 'network_error' || error.code === 'server_error' || error.code === 'rate_limited';
  if (!(idempotent ? transient : serverSaidNotProcessed)) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= retry.maxDelayMs ? error.retryAfterMs : undefined;
  }
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
  let step = 'getToken()';
  try {
    const token: unknown = (await abortable(Promise.resolve(config.getToken?.()), signal)) ?? undefined;
    if (token !== undefined && typeof token !== 'string') {
      throw new ConfigurationError('invalid_options', `getToken() must return a string or undefined, got ${describe(token)}`);
    }
    config.checkToken(token);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    step = `${request.method} ${request.path}`;
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

  const dateHeader = Date.parse(response.headers.get('date') ?? '');
  const serverDate = Number.isFinite(dateHeader) ? dateHeader : undefined;
  if (!response.ok) throw errorFromResponse(request, response, raw);
  if (!request.schema) return { data: undefined as T, serverDate };

  const where = `${request.method} ${request.path}`;
  if (raw.trim() === '') throw invalid(`${where} answered HTTP ${response.status} with an empty body`, response, raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw invalid(`${where} answered HTTP ${response.status} with ${describeNonJson(raw)}`, response, raw, error);
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw invalid(`${where} answered a body of the wrong shape: ${summarizeIssues(parsed.error)}`, response, json, parsed.error);
  }
  return { data: parsed.data, serverDate };
}

function invalid(message: string, response: Response, body: unknown, cause?: unknown): ConnectionsApiError {
  return new ConnectionsApiError('invalid_response', message, {
    status: response.status,
    body,
    cause,
    ...optional('requestId', headerRequestId(response)),
  });
}

/**
 * An answer must be about the server asked for: a wrong route (an id that left its path), a proxy's
 * cache or a confused tool can serve another server's state, and "connected" would then be a lie.
 */
export function requireSameServer(asked: string, answered: string, what: string, init: ConnectionsErrorInit): void {
  if (answered === asked) return;
  throw new ConnectionsApiError(
    'invalid_response',
    `${what} answered about another server (${JSON.stringify(truncate(answered, 80))})`,
    init,
  );
}

/** The shapes of error bodies CodeSpar's API, and the proxies in front of it, are seen to send. */
interface ErrorFacts {
  code?: string;
  message?: string;
  requestId?: string;
  retryAfterMs?: number;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/** Reads `{error:{code,message},request_id}`, `{error:"code",message}`, `{message}`, `{detail}`… */
export function readErrorBody(json: unknown): ErrorFacts {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const body = json as Record<string, unknown>;
  const nested = typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : {};
  const facts: ErrorFacts = {};
  const code = str(body.error) ?? str(nested.code) ?? str(nested.type) ?? str(body.code);
  const message = str(nested.message) ?? str(body.message) ?? str(body.error_description) ?? str(body.detail) ?? str(nested.description);
  const requestId = str(body.request_id) ?? str(body.requestId) ?? str(nested.request_id);
  const retryAfterMs = num(body.retry_after_ms) ?? num(nested.retry_after_ms);
  if (code) facts.code = truncate(code, 100);
  if (message) facts.message = truncate(message, 500);
  if (requestId) facts.requestId = truncate(requestId, 200);
  if (retryAfterMs !== undefined) facts.retryAfterMs = retryAfterMs;
  return facts;
}

/** Maps an HTTP status (and the body's own code) onto a stable {@link ConnectionsErrorCode}. */
export function codeForStatus(status: number, bodyCode?: string): ConnectionsErrorCode {
  const hint = bodyCode?.toLowerCase() ?? '';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return hint === '' || hint.includes('redirect') || hint.includes('oauth') ? 'oauth_redirect_required' : 'bad_request';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'server_error';
  return 'bad_request';
}

/** The message codes the meta-tool and error bodies use, mapped onto ours. */
export function codeForName(name: string | undefined): ConnectionsErrorCode | undefined {
  switch (name?.toLowerCase()) {
    case 'unauthorized':
    case 'unauthenticated':
      return 'unauthorized';
    case 'forbidden':
      return 'forbidden';
    case 'not_found':
    case 'server_not_found':
    case 'session_not_found':
      return 'not_found';
    case 'rate_limited':
      return 'rate_limited';
    case 'already_connected':
    case 'already_disconnected':
    case 'conflict':
      return 'conflict';
    case 'invalid_body':
    case 'invalid_input':
    case 'invalid_request':
    case 'bad_request':
      return 'bad_request';
    default:
      return undefined;
  }
}

function errorFromResponse(request: HttpRequest<unknown>, response: Response, raw: string): ConnectionsApiError {
  let body: unknown = raw;
  let facts: ErrorFacts = {};
  try {
    body = JSON.parse(raw);
    facts = readErrorBody(body);
  } catch {
    // Not JSON: a proxy's HTML page, an empty body, a truncated body. Described below.
  }
  const status = response.status;
  const code = codeForStatus(status, facts.code);
  const retryAfterMs = facts.retryAfterMs ?? parseRetryAfter(response.headers.get('retry-after'));
  const requestId = facts.requestId ?? headerRequestId(response);
  const what = facts.message ?? (facts.code ? facts.code.replaceAll('_', ' ') : describeNonJson(raw));
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const message = `${request.method} ${request.path} failed with HTTP ${status}${statusText}: ${what}${
    requestId ? ` (request ${requestId})` : ''
  }`;
  return new ConnectionsApiError(code, message, {
    status,
    body,
    ...optional('requestId', requestId),
    ...optional('retryAfterMs', retryAfterMs),
  });
}

/** `Retry-After`: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function headerRequestId(response: Response): string | undefined {
  const value = response.headers.get('x-request-id') ?? response.headers.get('request-id');
  return value ? truncate(value, 200) : undefined;
}

function describeNonJson(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return 'an empty body';
  if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]{1,120})/i.exec(trimmed)?.[1]?.trim();
    return `an HTML page instead of JSON${title ? ` ("${title}")` : ''}`;
  }
  if (/^[[{]/.test(trimmed)) return 'malformed or truncated JSON';
  return `a body that is not JSON: ${JSON.stringify(truncate(trimmed, 80))}`;
}

export function summarizeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
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

/** Waits `ms`, or rejects with `aborted` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `promise`, or a rejection with `aborted` as soon as `signal` aborts (the promise is left to settle unheard). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
