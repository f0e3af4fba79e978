import type { CatalogProvider } from './catalog.ts';
import { answerWithFaults, type Fault, FaultList } from './reference-faults.ts';
import { abortError, HttpProblem, json, readJsonBody, withCors } from './reference-http.ts';
import { matchRoute, peekCall, type RouteName, route } from './reference-routes.ts';
import { type Approval, ReferenceState, type Scope, type ServerState } from './reference-state.ts';

/**
 * An in-memory CodeSpar Connections API (REST and the meta-tool in the seeds' dialect; CodeSpar's live
 * dialect in live.ts: sessions, `action`, `codespar_discover`) as a standard fetch handler
 * `(request: Request) => Promise<Response>`. The same object runs in-process (`api.fetch`), as a
 * real HTTP server (`serveReferenceApi`) and inside Vite's dev server (`referenceApiPlugin`).
 *
 * This file assembles it: the request pipeline (CORS, faults, the route, the log), the
 * `/__reference/*` control routes and the in-process `fetch`. What it remembers is
 * reference-state.ts, what each route answers reference-routes.ts, the provider's pages pages.ts,
 * the faults reference-faults.ts.
 */

// The reference API's own types, where its users import them from.
export type { Fault } from './reference-faults.ts';
export type { RouteName } from './reference-routes.ts';
export type { Approval, Scope, ServerState } from './reference-state.ts';
export { DEMO_SESSION, DEMO_SESSION_ID } from './reference-state.ts';

export interface RequestLogEntry {
  method: string;
  path: string;
  route: RouteName | 'other';
  serverId?: string;
  /** `execute` only: the tool called, e.g. `codespar_discover`. */
  tool?: string;
  /** `execute` only: the meta-tool's `operation` (or `action`). */
  operation?: string;
  status: number;
}

export interface ReferenceApiOptions {
  /**
   * Extra bearer tokens and their scopes, added to `demo_token` (read + write), `demo_read_token`
   * (read) and `csk_test_demo` (read + write: a server-side test key, the only kind CodeSpar's SDK accepts).
   */
  tokens?: Record<string, Scope[]>;
  /** Sessions to start with. @defaultValue `{ ses_demo: DEMO_SESSION, ses_empty: {} }` */
  sessions?: Record<string, Record<string, ServerState>>;
  /** How long an authorization stays pending. @defaultValue 600_000 (10 minutes, as the live API) */
  authorizationTtlMs?: number;
  /**
   * Origin of the fake provider's consent and setup pages. By default the other loopback name of
   * the request's host (`localhost` ⇄ `127.0.0.1`), so the consent page is cross-origin to the app
   * as a real provider is; the request's own origin when it is not loopback.
   */
  consentOrigin?: string;
  /** List shape: the seed's `{ data, total, session_id }` or the live `{ servers, tools }`. @defaultValue 'seed' */
  listShape?: 'seed' | 'live';
  /** Clock, for tests. @defaultValue Date.now */
  now?: () => number;
}

export interface ReferenceApi {
  /** The fetch handler. */
  handle(request: Request): Promise<Response>;
  /** A drop-in `fetch` that calls the handler in-process (honours `signal`). */
  fetch: typeof fetch;
  /** Adds a fault; returns a function that removes it. */
  addFault(fault: Fault): () => void;
  clearFaults(): void;
  /** Every API request answered so far (not the control routes). */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  /** Sets where a server stands, e.g. to expire a connection mid-test. */
  setServerState(sessionId: string, serverId: string, state: ServerState): void;
  /** Where a server stands now. */
  getServerState(sessionId: string, serverId: string): ServerState | undefined;
  /** Switches the list shape. */
  setListShape(shape: 'seed' | 'live'): void;
  /** How long new authorizations stay pending. */
  setAuthorizationTtl(ms: number): void;
  /**
   * Completes a pending authorization as the user's Approve on the consent page would, without a
   * popup: the server is connected, and the result is the message the callback page would post
   * (hand it to a fake browser's `completeConnection`). Throws when no authorization is pending.
   */
  approve(serverId: string, options?: { sessionId?: string }): Approval;
  /** Back to the initial sessions, no faults, no pending authorizations, empty log. */
  reset(): void;
  readonly catalog: readonly CatalogProvider[];
}

/**
 * Creates an in-memory reference Connections API.
 *
 * @example
 * ```ts
 * import { createReferenceApi } from '@codespar/connect-react/testing';
 *
 * const api = createReferenceApi();
 * const client = createConnectionsClient({
 *   sessionId: 'ses_demo',
 *   baseUrl: 'http://api.test',
 *   getToken: () => 'demo_token',
 *   fetch: api.fetch,
 * });
 * api.addFault({ route: 'list', status: 503, times: 1 });
 * ```
 */
export function createReferenceApi(options: ReferenceApiOptions = {}): ReferenceApi {
  const state = new ReferenceState(options);
  const faults = new FaultList();
  let log: RequestLogEntry[] = [];

  function reset(): void {
    state.reset();
    faults.clear();
    log = [];
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === 'OPTIONS') return withCors(request, new Response(null, { status: 204 }));
    if (path.startsWith('/__reference/')) return withCors(request, await control(request, path));

    const match = matchRoute(request.method, path);
    const call = match.route === 'execute' ? await peekCall(request) : {};
    const entry: RequestLogEntry = { method: request.method, path, route: match.route, status: 0 };
    if (match.serverId) entry.serverId = match.serverId;
    if (call.tool) entry.tool = call.tool;
    if (call.operation) entry.operation = call.operation;
    const active = faults.take(request, { route: match.route, serverId: match.serverId, operation: call.operation });

    if (active.some((f) => f.networkError)) {
      log.push(entry);
      throw new TypeError('reference API: injected network failure');
    }
    const response = await answerWithFaults(active, request.signal, async () => {
      try {
        return await route(state, request, url, match);
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        return json(error.status, error.body);
      }
    });
    response.headers.set('x-request-id', state.random('req'));
    if (!response.headers.has('date')) response.headers.set('date', new Date(state.now()).toUTCString());
    entry.status = response.status;
    log.push(entry);
    return withCors(request, response);
  }

  /** `/__reference/…`: lets browser tests and benchmarks drive the server over HTTP. */
  async function control(request: Request, path: string): Promise<Response> {
    const method = request.method;
    if (path === '/__reference/faults' && method === 'POST') {
      faults.add((await readJsonBody(request)) as Fault);
      return json(201, { faults: faults.size });
    }
    if (path === '/__reference/faults' && method === 'DELETE') {
      faults.clear();
      return new Response(null, { status: 204 });
    }
    if (path === '/__reference/requests' && method === 'GET') return json(200, { requests: log });
    if (path === '/__reference/requests' && method === 'DELETE') {
      log = [];
      return new Response(null, { status: 204 });
    }
    if (path === '/__reference/reset' && method === 'POST') {
      reset();
      return new Response(null, { status: 204 });
    }
    if (path === '/__reference/sessions' && method === 'POST') {
      // { sessionId, servers: { [serverId]: state } }: creates or replaces a whole session.
      const body = await readJsonBody(request);
      if (typeof body.sessionId !== 'string' || typeof body.servers !== 'object' || body.servers === null) {
        return json(400, { error: 'invalid_body', issues: ['sessionId and servers are required'] });
      }
      state.replaceSession(body.sessionId, body.servers as Record<string, ServerState>);
      state.infos.delete(body.sessionId); // a replaced session is open again
      return new Response(null, { status: 204 });
    }
    if (path === '/__reference/approve' && method === 'POST') {
      // { serverId, sessionId? }: approve() over HTTP, for browser tests; answers the callback's message.
      const body = await readJsonBody(request);
      if (typeof body.serverId !== 'string') return json(400, { error: 'invalid_body', issues: ['serverId is required'] });
      try {
        return json(200, state.approve(body.serverId, typeof body.sessionId === 'string' ? { sessionId: body.sessionId } : {}));
      } catch (error) {
        return json(404, { error: 'not_found', message: (error as Error).message });
      }
    }
    if (path === '/__reference/state' && method === 'POST') {
      const body = await readJsonBody(request);
      if (typeof body.listShape === 'string') state.listShape = body.listShape === 'live' ? 'live' : 'seed';
      if (typeof body.sessionId === 'string' && typeof body.serverId === 'string' && typeof body.state === 'string') {
        state.setServerState(body.sessionId, body.serverId, body.state as ServerState);
      }
      return new Response(null, { status: 204 });
    }
    return json(404, { error: 'not_found' });
  }

  const referenceFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.signal.aborted) return Promise.reject(abortError());
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      request.signal.addEventListener('abort', onAbort, { once: true });
      handle(request)
        .then(resolve, reject)
        .finally(() => request.signal.removeEventListener('abort', onAbort));
    });
  }) as typeof fetch;

  return {
    handle,
    fetch: referenceFetch,
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    get requests() {
      return log;
    },
    clearRequests: () => {
      log = [];
    },
    setServerState: (sessionId, serverId, serverState) => state.setServerState(sessionId, serverId, serverState),
    approve: (serverId, approveOptions) => state.approve(serverId, approveOptions),
    getServerState: (sessionId, serverId) => state.sessions.get(sessionId)?.get(serverId)?.state,
    setListShape: (shape) => {
      state.listShape = shape;
    },
    setAuthorizationTtl: (ms) => {
      state.authorizationTtlMs = ms;
    },
    reset,
    catalog: state.catalog,
  };
}
