/**
 * The reference API's HTTP plumbing, shared by its routes, pages and faults: JSON and HTML
 * answers, CORS, request bodies, and the platform's `AbortError` that its in-process `fetch`
 * rejects with, as a real `fetch` does.
 */

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Thrown by a route to answer with this status and JSON body. */
export class HttpProblem {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * A JSON answer.
 *
 * @example
 * ```ts
 * return json(404, { error: 'not_found' });
 * ```
 */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

/**
 * An HTML answer that no cache keeps (consent and setup pages hold a flow's `state`).
 *
 * @example
 * ```ts
 * return html(200, messagePage('Connected', 'You can close this window.'));
 * ```
 */
export function html(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': HTML_TYPE, 'cache-control': 'no-store' } });
}

/**
 * `response` with the CORS headers a cross-origin page (the app on the other loopback name) needs.
 *
 * @example
 * ```ts
 * return withCors(request, await route(request));
 * ```
 */
export function withCors(request: Request, response: Response): Response {
  const origin = request.headers.get('origin');
  if (!origin) return response;
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', origin);
  headers.set('vary', 'origin');
  headers.set('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
  headers.set(
    'access-control-allow-headers',
    'authorization, content-type, x-codespar-project, x-reference-fault, x-reference-list-shape, x-reference-discover-shape',
  );
  headers.set('access-control-expose-headers', 'x-request-id, retry-after, date');
  headers.set('access-control-max-age', '600');
  const status = response.status;
  // A 204/1xx/304 response must not carry a body; keep the original body stream otherwise.
  return new Response(status === 204 || status === 304 ? null : response.body, { status, statusText: response.statusText, headers });
}

/**
 * The request's JSON object body (`{}` when empty); anything else is a 400 `invalid_body`.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(request); // throws HttpProblem(400) for `[1, 2]`
 * ```
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpProblem(400, { error: 'invalid_body', issues: ['body must be a JSON object'] });
}

/**
 * Whether `value` is an absolute http(s) URL.
 *
 * @example
 * ```ts
 * isHttpUrl('https://app.example/cb'); // true
 * ```
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Waits `ms`, or rejects with an `AbortError` when `signal` aborts (injected latency).
 *
 * @example
 * ```ts
 * await delay(fault.latencyMs, request.signal);
 * ```
 */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The error a real `fetch` rejects with when its signal aborts.
 *
 * @example
 * ```ts
 * if (request.signal.aborted) return Promise.reject(abortError());
 * ```
 */
export function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}
