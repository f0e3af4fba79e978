import { ConnectionsApiError, type ConnectionsErrorCode, type ConnectionsErrorInit, truncate } from './errors.ts';
import { isRecord, own } from './validate.ts';

/**
 * What an API answer that went wrong becomes: which stable {@link ConnectionsErrorCode} an HTTP
 * status or an error body's own code maps to, how error bodies are read (CodeSpar's and the
 * proxies' in front of it), and the `invalid_response` errors for answers outside the contract.
 * Shared by the REST client (through `http.ts`) and the meta-tool client; no fetching here.
 */

/** The shapes of error bodies CodeSpar's API, and the proxies in front of it, are seen to send. */
export interface ErrorFacts {
  code?: string;
  message?: string;
  requestId?: string;
  retryAfterMs?: number;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * Reads `{error:{code,message},request_id}`, `{error:"code",message}`, `{message}`, `{detail}`…
 *
 * @example
 * ```ts
 * readErrorBody({ error: { code: 'not_found', message: 'No such server' }, request_id: 'req_1' });
 * // { code: 'not_found', message: 'No such server', requestId: 'req_1', retryAfterMs: undefined }
 * ```
 */
export function readErrorBody(body: unknown): ErrorFacts {
  if (!isRecord(body)) return {};
  const nested = isRecord(body.error) ? body.error : {};
  const code = str(body.error) ?? str(nested.code) ?? str(nested.type) ?? str(body.code);
  const message = str(nested.message) ?? str(body.message) ?? str(body.error_description) ?? str(body.detail) ?? str(nested.description);
  const requestId = str(body.request_id) ?? str(body.requestId) ?? str(nested.request_id);
  // A fact not found is undefined (the readers only read them).
  return {
    code: code && truncate(code, 100),
    message: message && truncate(message, 500),
    requestId: requestId && truncate(requestId, 200),
    retryAfterMs: num(body.retry_after_ms) ?? num(nested.retry_after_ms),
  };
}

/**
 * Maps an HTTP status (and the body's own code) onto a stable {@link ConnectionsErrorCode}.
 *
 * @example
 * ```ts
 * codeForStatus(422, 'oauth_redirect_required'); // 'oauth_redirect_required'
 * codeForStatus(503); // 'server_error'
 * ```
 */
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

/**
 * The message codes the meta-tool and error bodies use, mapped onto ours; `undefined` for a name
 * we do not know (the caller picks its fallback).
 *
 * @example
 * ```ts
 * codeForName('session_not_found'); // 'not_found'
 * codeForName('something_else'); // undefined
 * ```
 */
export function codeForName(name: string | undefined): ConnectionsErrorCode | undefined {
  const key = name?.toLowerCase() ?? '';
  // Own keys only: "__proto__" or "constructor" from the tool must not find Object.prototype's.
  return own(CODE_FOR_NAME, key) as ConnectionsErrorCode | undefined;
}

const CODE_FOR_NAME: Record<string, ConnectionsErrorCode> = {
  unauthorized: 'unauthorized',
  unauthenticated: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  server_not_found: 'not_found',
  session_not_found: 'not_found',
  rate_limited: 'rate_limited',
  already_connected: 'conflict',
  already_disconnected: 'conflict',
  conflict: 'conflict',
  invalid_body: 'bad_request',
  invalid_input: 'bad_request',
  invalid_request: 'bad_request',
  bad_request: 'bad_request',
};

/**
 * The error for a non-2xx answer to `where` (`"GET /v1/…"`): its code from the status and body,
 * the body's message or a description of what came instead, the request id and `Retry-After`.
 *
 * @example
 * ```ts
 * if (!response.ok) throw errorFromResponse(`GET ${path}`, response, await response.text());
 * ```
 */
export function errorFromResponse(where: string, response: Response, raw: string): ConnectionsApiError {
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: a proxy's HTML page, an empty body, a truncated body. Described below.
  }
  // The raw text when it is not JSON: no facts then.
  const facts = readErrorBody(body);
  const { status } = response;
  const retryAfterMs = facts.retryAfterMs ?? parseRetryAfter(response.headers.get('retry-after'));
  const requestId = facts.requestId ?? headerRequestId(response);
  const what = facts.message ?? facts.code?.replaceAll('_', ' ') ?? describeNonJson(raw);
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const message = `${where} failed with HTTP ${status}${statusText}: ${what}${requestId ? ` (request ${requestId})` : ''}`;
  // An init field that is undefined is the same as one not given (the ConnectionsError constructor assigns them all).
  return new ConnectionsApiError(codeForStatus(status, facts.code), message, { status, body, requestId, retryAfterMs });
}

/**
 * A 2xx answer that is not what the contract says (`invalid_response`), with its status, body and
 * request id.
 *
 * @example
 * ```ts
 * if (raw.trim() === '') throw invalidResponse(`${where} answered an empty body`, response, raw);
 * ```
 */
export function invalidResponse(message: string, response: Response, body: unknown, cause?: unknown): ConnectionsApiError {
  return new ConnectionsApiError('invalid_response', message, {
    status: response.status,
    body,
    cause,
    requestId: headerRequestId(response),
  });
}

/**
 * An answer must be about the server asked for: a wrong route (an id that left its path), a proxy's
 * cache or a confused tool can serve another server's state, and "connected" would then be a lie.
 *
 * @example
 * ```ts
 * requireSameServer('stripe', data.id, `GET ${path}`, { status: 200, body: data });
 * ```
 */
export function requireSameServer(asked: string, answered: string, what: string, init: ConnectionsErrorInit): void {
  if (answered === asked) return;
  throw new ConnectionsApiError(
    'invalid_response',
    `${what} answered about another server (${JSON.stringify(truncate(answered, 80))})`,
    init,
  );
}

/**
 * The first few issues of a failed schema parse, as one line for an error message.
 *
 * @example
 * ```ts
 * summarizeIssues(parsed.error); // 'data.0.id: Expected an id of 1 to 256 characters; total: Expected a whole number, 0 or more'
 * ```
 */
export function summarizeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * What a body that is not the JSON asked for looks like, for an error message.
 *
 * @example
 * ```ts
 * describeNonJson('<html><title>502 Bad Gateway</title>'); // 'an HTML page instead of JSON ("502 Bad Gateway")'
 * ```
 */
export function describeNonJson(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return 'an empty body';
  if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]{1,120})/i.exec(trimmed)?.[1]?.trim();
    return `an HTML page instead of JSON${title ? ` ("${title}")` : ''}`;
  }
  if (/^[[{]/.test(trimmed)) return 'malformed or truncated JSON';
  return `a body that is not JSON: ${JSON.stringify(truncate(trimmed, 80))}`;
}

/** `Retry-After`: delay-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  // No header is an empty one: neither a number nor a date.
  const trimmed = (value ?? '').trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const date = Date.parse(trimmed); // NaN when unreadable
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function headerRequestId(response: Response): string | undefined {
  const value = response.headers.get('x-request-id') ?? response.headers.get('request-id');
  return value ? truncate(value, 200) : undefined;
}
