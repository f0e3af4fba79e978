import { delay, HTML_TYPE, JSON_TYPE } from './reference-http.ts';
import type { RouteName } from './reference-routes.ts';

/**
 * The faults the reference API injects: which ones a request takes (added ones, then its own
 * `x-reference-fault` header), and how they change its answer (latency, a replacement, an altered
 * body or headers). Dropping the connection is the caller's part: it must log the request first.
 */

/**
 * A fault to inject. A request takes the first matching fault that was added (add several with
 * `times` to script a sequence). Its fields combine: latency first, then either a replacement
 * response (`status`/`body`) or the real one, altered.
 */
export interface Fault {
  /** Which route; omit for every API route. */
  route?: RouteName;
  /** Only requests about this server. */
  serverId?: string;
  /** Only this meta-tool operation (`list`, `status`, `initiate`), spelled `operation` or `action`. */
  operation?: string;
  /** Wait this long before answering (aborts with the request). */
  latencyMs?: number;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Body for `status`: a string is sent as is (HTML, garbage), anything else as JSON. */
  body?: unknown;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Send the real JSON body cut in half. */
  malformed?: boolean;
  /** Replace `redirect_url` (authorize), `wizard_url` (seed initiate) or `connect_url` (live initiate) with this value. */
  redirectUrl?: string;
  /** Send `Cross-Origin-Opener-Policy: same-origin` (consent page). */
  coop?: boolean;
  /** Fail like a dropped connection: in-process `fetch` rejects, the HTTP server destroys the socket. */
  networkError?: boolean;
  /** Apply to this many matching requests, then expire. @defaultValue unlimited */
  times?: number;
}

/** What a request is, as far as faults match it. */
export interface FaultTarget {
  route: RouteName | 'other';
  serverId?: string | undefined;
  operation?: string | undefined;
}

/**
 * The faults added so far, in order.
 *
 * @example
 * ```ts
 * const faults = new FaultList();
 * faults.add({ route: 'list', status: 503, times: 1 });
 * const active = faults.take(request, { route: 'list' }); // the 503, which then expires
 * ```
 */
export class FaultList {
  #faults: Fault[] = [];

  /** Adds a fault; returns a function that removes it. */
  add(fault: Fault): () => void {
    const stored = { ...fault };
    this.#faults.push(stored);
    return () => {
      this.#faults = this.#faults.filter((f) => f !== stored);
    };
  }

  clear(): void {
    this.#faults = [];
  }

  get size(): number {
    return this.#faults.length;
  }

  /**
   * The faults `request` takes: the first added one that matches (counted against its `times`),
   * then every matching one of its own `x-reference-fault` header.
   */
  take(request: Request, target: FaultTarget): Fault[] {
    const perRequest = parseFaultHeader(request.headers.get('x-reference-fault'));
    const matches = (f: Fault) =>
      (f.route === undefined ? target.route !== 'consent' && target.route !== 'setup' : f.route === target.route) &&
      (f.serverId === undefined || f.serverId === target.serverId) &&
      (f.operation === undefined || f.operation === target.operation);
    // The first matching fault applies, so several with `times` script a sequence.
    const active: Fault[] = [];
    const fault = this.#faults.find(matches);
    if (fault) {
      active.push(fault);
      if (fault.times !== undefined && --fault.times <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    }
    return [...active, ...perRequest.filter(matches)];
  }
}

/**
 * The answer to a request under `active` faults: after their latency, the replacement one names,
 * or `answer()` altered (URL swapped, body cut, COOP), with their extra headers on either.
 *
 * @example
 * ```ts
 * const response = await answerWithFaults(active, request.signal, () => route(request));
 * ```
 */
export async function answerWithFaults(active: Fault[], signal: AbortSignal, answer: () => Promise<Response>): Promise<Response> {
  const latency = Math.max(0, ...active.map((f) => f.latencyMs ?? 0));
  if (latency > 0) await delay(latency, signal);
  const replacement = active.find((f) => f.status !== undefined);
  let response: Response;
  if (replacement) {
    const body = replacement.body;
    response = new Response(typeof body === 'string' ? body : body === undefined ? null : JSON.stringify(body), {
      status: replacement.status,
      headers: { 'content-type': typeof body === 'string' ? HTML_TYPE : JSON_TYPE },
    });
  } else {
    response = await alter(await answer(), active);
  }
  for (const fault of active) {
    for (const [name, value] of Object.entries(fault.headers ?? {})) response.headers.set(name, value);
  }
  return response;
}

async function alter(response: Response, active: Fault[]): Promise<Response> {
  const redirect = active.find((f) => f.redirectUrl !== undefined)?.redirectUrl;
  const malformed = active.some((f) => f.malformed);
  const coop = active.some((f) => f.coop);
  if (coop) response.headers.set('cross-origin-opener-policy', 'same-origin');
  if (!redirect && !malformed) return response;
  let text = await response.text();
  if (redirect !== undefined && text) {
    const body = JSON.parse(text) as Record<string, unknown>;
    if ('redirect_url' in body) body.redirect_url = redirect;
    const data = body.data as Record<string, unknown> | null | undefined;
    if (data && typeof data === 'object' && 'wizard_url' in data) data.wizard_url = redirect;
    const initiate = data?.initiate as Record<string, unknown> | null | undefined;
    if (initiate && typeof initiate === 'object' && 'connect_url' in initiate) initiate.connect_url = redirect;
    text = JSON.stringify(body);
  }
  if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  return new Response(text, { status: response.status, headers: response.headers });
}

function parseFaultHeader(value: string | null): Fault[] {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value) as Fault | Fault[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}
