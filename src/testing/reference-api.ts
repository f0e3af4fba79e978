import { CATALOG, type CatalogProvider } from './catalog.ts';
import { discover, type LiveSession, manageConnections, parseSessionRequest } from './live.ts';
import { consentPage, messagePage, setupPage } from './pages.ts';

/**
 * An in-memory CodeSpar Connections API (REST and the meta-tool in the seeds' dialect; CodeSpar's live
 * dialect in live.ts: sessions, `action`, `codespar_discover`) as a standard fetch handler
 * `(request: Request) => Promise<Response>`. The same object runs in-process (`api.fetch`), as a
 * real HTTP server (`serveReferenceApi`) and inside Vite's dev server (`referenceApiPlugin`).
 */

/** Where a server stands in a reference session. */
export type ServerState = 'connected' | 'not_connected' | 'needs_setup' | 'expired' | 'error';

export type Scope = 'sessions:read' | 'sessions:write';

/** The routes faults can target. */
export type RouteName =
  | 'list'
  | 'get'
  | 'authorize'
  | 'disconnect'
  | 'execute'
  | 'consent'
  | 'setup'
  | 'createSession'
  | 'getSession'
  | 'closeSession';

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

/** What {@link ReferenceApi.approve} did: the flow's `state`, the new connection, the callback's message. */
export interface Approval {
  state: string;
  connectionId: string;
  message: { type: 'codespar:connect'; v: 1; state: string; status: 'connected'; connection_id: string };
}

/** `ses_demo`: a mix of every state. */
export const DEMO_SESSION: Readonly<Record<string, ServerState>> = {
  stripe: 'connected',
  'mercado-pago': 'not_connected',
  asaas: 'expired',
  'pagar-me': 'not_connected',
  correios: 'connected',
  'melhor-envio': 'not_connected',
  'z-api': 'needs_setup',
  'nuvem-fiscal': 'error',
  'focus-nfe': 'not_connected',
  bling: 'not_connected',
  shopify: 'connected',
  paypal: 'not_connected',
  twilio: 'not_connected',
  'brasil-api': 'connected',
};

export const DEMO_SESSION_ID = 'ses_demo';

const BASE_TOKENS: Record<string, Scope[]> = {
  demo_token: ['sessions:read', 'sessions:write'],
  demo_read_token: ['sessions:read'],
  csk_test_demo: ['sessions:read', 'sessions:write'],
};

/** What `POST /v1/sessions` records beyond the servers (an initial or control-route session has defaults; closing records one). */
interface SessionInfo {
  user_id: string;
  project_id: string;
  created_at: string;
  closed_at: string | null;
}

const ORG_ID = 'org_reference';
const PROJECT_ID = 'prj_referenceDemo001';

interface ServerRecord {
  state: ServerState;
  connection_id?: string;
  connected_at?: string;
}

interface PendingAuthorization {
  sessionId: string;
  serverId: string;
  redirectUrl?: string;
  scopes: string[];
  expiresAt: number;
}

interface StoredFault extends Fault {
  id: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

class HttpProblem {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
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
  const now = options.now ?? Date.now;
  let ttl = options.authorizationTtlMs ?? 600_000;
  const tokens = { ...BASE_TOKENS, ...options.tokens };
  const catalog = new Map(CATALOG.map((provider) => [provider.id, provider]));
  // ses_empty: a session with no servers yet (empty states).
  const initialSessions = options.sessions ?? { [DEMO_SESSION_ID]: DEMO_SESSION, ses_empty: {} };
  let listShape = options.listShape ?? 'seed';
  let sessions = new Map<string, Map<string, ServerRecord>>();
  let infos = new Map<string, SessionInfo>();
  let startedAt = new Date(now()).toISOString();
  let pending = new Map<string, PendingAuthorization>();
  let faults: StoredFault[] = [];
  let log: RequestLogEntry[] = [];
  let sequence = 0;

  const random = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}${(++sequence).toString(36)}`;

  function reset(): void {
    sessions = new Map();
    for (const [sessionId, servers] of Object.entries(initialSessions)) {
      const records = new Map<string, ServerRecord>();
      for (const [serverId, state] of Object.entries(servers)) records.set(serverId, recordFor(serverId, state));
      sessions.set(sessionId, records);
    }
    infos = new Map();
    startedAt = new Date(now()).toISOString();
    pending = new Map();
    faults = [];
    log = [];
    listShape = options.listShape ?? 'seed';
    ttl = options.authorizationTtlMs ?? 600_000;
  }

  function recordFor(serverId: string, state: ServerState): ServerRecord {
    const record: ServerRecord = { state };
    // Expired and errored connections exist; they just do not work.
    if (state === 'connected' || state === 'expired' || state === 'error') {
      record.connection_id = `conn_${serverId.replace(/[^a-z0-9]/gi, '')}_${(hash(serverId) % 9000) + 1000}`;
      record.connected_at = new Date(now() - (hash(serverId) % 30) * 86_400_000 - 3_600_000).toISOString();
    }
    return record;
  }

  function providerOf(serverId: string): CatalogProvider {
    return (
      catalog.get(serverId) ?? {
        id: serverId,
        name: serverId,
        category: 'commerce',
        country: 'GLOBAL',
        auth_type: 'oauth',
        description: `${serverId} (not in the reference catalog).`,
        capabilities: [],
        tools: [],
        scopes: ['read'],
        color: '#5d6470',
      }
    );
  }

  const wireStatus = (state: ServerState) => (state === 'connected' ? 'ready' : state);

  function row(serverId: string, record: ServerRecord) {
    const p = providerOf(serverId);
    return {
      id: p.id,
      name: p.name,
      category: p.category,
      country: p.country,
      auth_type: p.auth_type,
      connected: record.state === 'connected',
      tools_count: p.tools.length,
      status: wireStatus(record.state),
    };
  }

  function consentOrigin(request: Request): string {
    if (options.consentOrigin) return options.consentOrigin.replace(/\/+$/, '');
    const url = new URL(request.url);
    if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
    else if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
    return url.origin;
  }

  // ── routing ───────────────────────────────────────────────────────────────────────────────────

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === 'OPTIONS') return withCors(request, new Response(null, { status: 204 }));
    if (path.startsWith('/__reference/')) return withCors(request, await control(request, path));

    const match = matchRoute(request.method, path);
    const call = match.route === 'execute' ? await peekCall(request) : {};
    const { operation } = call;
    const serverId = match.serverId;
    const active = matchingFaults(request, match.route, serverId, operation);

    let response: Response;
    if (active.some((f) => f.networkError)) {
      record(request, path, match.route, serverId, call, 0);
      throw new TypeError('reference API: injected network failure');
    }
    const latency = Math.max(0, ...active.map((f) => f.latencyMs ?? 0));
    if (latency > 0) await delay(latency, request.signal);

    const replacement = active.find((f) => f.status !== undefined);
    if (replacement) {
      const body = replacement.body;
      response = new Response(typeof body === 'string' ? body : body === undefined ? null : JSON.stringify(body), {
        status: replacement.status,
        headers: { 'content-type': typeof body === 'string' ? HTML_TYPE : JSON_TYPE },
      });
    } else {
      try {
        response = await route(request, url, match);
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        response = json(error.status, error.body);
      }
      response = await alter(response, active);
    }
    for (const fault of active) {
      for (const [name, value] of Object.entries(fault.headers ?? {})) response.headers.set(name, value);
    }
    response.headers.set('x-request-id', random('req'));
    if (!response.headers.has('date')) response.headers.set('date', new Date(now()).toUTCString());
    record(request, path, match.route, serverId, call, response.status);
    return withCors(request, response);
  }

  function record(
    request: Request,
    path: string,
    route: RouteName | 'other',
    serverId: string | undefined,
    call: { tool?: string; operation?: string },
    status: number,
  ): void {
    const entry: RequestLogEntry = { method: request.method, path, route, status };
    if (serverId) entry.serverId = serverId;
    if (call.tool) entry.tool = call.tool;
    if (call.operation) entry.operation = call.operation;
    log.push(entry);
  }

  interface RouteMatch {
    route: RouteName | 'other';
    sessionId?: string;
    serverId?: string;
  }

  function matchRoute(method: string, path: string): RouteMatch {
    let parts: string[];
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return { route: 'other' }; // a malformed escape such as %E0: no route, not a crash
    }
    if (path === '/v1/sessions' && method === 'POST') return { route: 'createSession' };
    // The session itself only at its exact path: `DELETE /v1/sessions/ses_x/` (an id missing after it) must not close it.
    if (/^\/v1\/sessions\/[^/]+$/.test(path) && (method === 'GET' || method === 'DELETE')) {
      return { route: method === 'GET' ? 'getSession' : 'closeSession', sessionId: parts[2] as string };
    }
    if (parts[0] === 'v1' && parts[1] === 'sessions' && parts[2]) {
      const sessionId = parts[2];
      if (parts[3] === 'execute' && parts.length === 4 && method === 'POST') return { route: 'execute', sessionId };
      if (parts[3] === 'connections') {
        if (parts.length === 4 && method === 'GET') return { route: 'list', sessionId };
        const serverId = parts[4];
        if (serverId && parts.length === 5 && method === 'GET') return { route: 'get', sessionId, serverId };
        if (serverId && parts.length === 5 && method === 'DELETE') return { route: 'disconnect', sessionId, serverId };
        if (serverId && parts.length === 6 && parts[5] === 'authorize' && method === 'POST') {
          return { route: 'authorize', sessionId, serverId };
        }
      }
    }
    if (path === '/oauth/consent') return { route: 'consent' };
    if (path === '/dashboard/auth-configs') return { route: 'setup' };
    return { route: 'other' };
  }

  async function route(request: Request, url: URL, match: RouteMatch): Promise<Response> {
    switch (match.route) {
      case 'list':
      case 'get':
      case 'authorize':
      case 'disconnect':
      case 'execute':
        return api(request, match as Required<RouteMatch> & { route: RouteName });
      case 'createSession':
        return createSession(request);
      case 'getSession':
      case 'closeSession':
        return sessionRoute(request, match.route, match.sessionId as string);
      case 'consent':
        return request.method === 'POST' ? consentDecision(request) : consentView(url);
      case 'setup':
        return request.method === 'POST' ? setupDecision(request) : setupView(url);
      default:
        throw new HttpProblem(404, { error: { code: 'not_found', message: `No route for ${request.method} ${url.pathname}` } });
    }
  }

  // ── the API ───────────────────────────────────────────────────────────────────────────────────

  async function api(request: Request, match: { route: RouteName; sessionId: string; serverId?: string }): Promise<Response> {
    const needsWrite = match.route === 'authorize' || match.route === 'disconnect';
    authenticate(request, needsWrite ? 'sessions:write' : 'sessions:read');
    const session = sessions.get(match.sessionId);
    if (!session) throw sessionNotFound(match.sessionId);
    if (infos.get(match.sessionId)?.closed_at) {
      throw new HttpProblem(409, { error: 'session_closed', message: `Session ${match.sessionId} is closed` });
    }
    if (match.route === 'list') return json(200, listBody(match.sessionId, session, listShapeOf(request)));
    if (match.route === 'execute') return execute(request, match.sessionId, session);

    const serverId = match.serverId as string;
    const server = session.get(serverId);
    if (!server) throw new HttpProblem(404, { error: 'not_found' });
    const provider = providerOf(serverId);

    if (match.route === 'get') {
      const connected = server.state === 'connected';
      return json(200, {
        ...row(serverId, server),
        capabilities: provider.capabilities,
        tools: provider.tools,
        ...(server.connection_id ? { connection_id: server.connection_id } : {}),
        ...(server.connected_at ? { connected_at: server.connected_at } : {}),
        ...(connected ? { latency_ms: 40 + (hash(serverId) % 160) } : {}),
      });
    }

    if (match.route === 'disconnect') {
      if (server.state === 'not_connected' || server.state === 'needs_setup') {
        throw new HttpProblem(409, { error: 'already_disconnected', message: `${serverId} is already disconnected` });
      }
      session.set(serverId, { state: 'not_connected' });
      return new Response(null, { status: 204 });
    }

    // authorize
    const body = await readJsonBody(request);
    const issues: string[] = [];
    const redirectUrl = body.redirect_url;
    if (redirectUrl !== undefined && (typeof redirectUrl !== 'string' || !isHttpUrl(redirectUrl))) {
      issues.push('redirect_url must be an absolute http(s) URL');
    }
    const scopes = body.scopes;
    if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))) {
      issues.push('scopes must be an array of strings');
    }
    if (issues.length) throw new HttpProblem(400, { error: 'invalid_body', issues });
    if (server.state === 'connected') {
      throw new HttpProblem(409, { error: 'already_connected', message: `${serverId} is already connected` });
    }
    if (provider.auth_type === 'none') {
      session.set(serverId, connectedRecord());
      return json(200, { connected: true });
    }
    if (provider.auth_type === 'oauth' && redirectUrl === undefined) {
      throw new HttpProblem(422, {
        error: { code: 'oauth_redirect_required', message: 'Server requires OAuth but no redirect URL provided' },
        request_id: random('req'),
      });
    }
    const state = random('oauth');
    const expiresAt = now() + ttl;
    pending.set(state, {
      sessionId: match.sessionId,
      serverId,
      ...(typeof redirectUrl === 'string' ? { redirectUrl } : {}),
      scopes: (scopes as string[] | undefined) ?? provider.scopes ?? [],
      expiresAt,
    });
    return json(200, {
      connected: false,
      redirect_url: `${consentOrigin(request)}/oauth/consent?state=${encodeURIComponent(state)}`,
      state,
      expires_at: new Date(expiresAt).toISOString(),
    });
  }

  function sessionNotFound(sessionId: string): HttpProblem {
    return new HttpProblem(404, { error: { code: 'not_found', message: `Session ${sessionId} not found` }, request_id: random('req') });
  }

  // ── sessions (CodeSpar's SDK: POST /v1/sessions, GET and DELETE /v1/sessions/:id) ───────────────

  async function createSession(request: Request): Promise<Response> {
    authenticate(request, 'sessions:write');
    const parsed = parseSessionRequest(await readJsonBody(request));
    if ('issues' in parsed) throw new HttpProblem(400, parsed);
    const sessionId = random('ses');
    sessions.set(sessionId, new Map(parsed.servers.map((serverId) => [serverId, joining(serverId)])));
    const project = request.headers.get('x-codespar-project') ?? '';
    infos.set(sessionId, {
      user_id: parsed.user_id,
      project_id: /^prj_[A-Za-z0-9]{16}$/.test(project) ? project : PROJECT_ID,
      created_at: new Date(now()).toISOString(),
      closed_at: null,
    });
    return json(201, sessionObject(sessionId));
  }

  /** GET answers the session, closed or not; DELETE closes it (again: the same answer). */
  function sessionRoute(request: Request, route: 'getSession' | 'closeSession', sessionId: string): Response {
    authenticate(request, route === 'closeSession' ? 'sessions:write' : 'sessions:read');
    if (!sessions.has(sessionId)) throw sessionNotFound(sessionId);
    const info = infoOf(sessionId);
    if (route === 'closeSession' && !info.closed_at) infos.set(sessionId, { ...info, closed_at: new Date(now()).toISOString() });
    return json(200, sessionObject(sessionId));
  }

  function infoOf(sessionId: string): SessionInfo {
    return infos.get(sessionId) ?? { user_id: 'demo_user', project_id: PROJECT_ID, created_at: startedAt, closed_at: null };
  }

  function sessionObject(sessionId: string) {
    const info = infoOf(sessionId);
    return {
      id: sessionId,
      org_id: ORG_ID,
      project_id: info.project_id,
      user_id: info.user_id,
      servers: [...(sessions.get(sessionId)?.keys() ?? [])],
      status: info.closed_at ? 'closed' : 'active',
      created_at: info.created_at,
      closed_at: info.closed_at,
    };
  }

  /** The shape a request asks for in `header` (`seed` or `live`), else `fallback`. */
  function askedShape(request: Request, header: string, fallback: 'seed' | 'live'): 'seed' | 'live' {
    const asked = request.headers.get(header)?.trim().toLowerCase();
    if (asked === undefined) return fallback;
    if (asked === 'seed' || asked === 'live') return asked;
    throw new HttpProblem(400, { error: 'invalid_header', message: `${header} must be seed or live` });
  }

  const listShapeOf = (request: Request) => askedShape(request, 'x-reference-list-shape', listShape);

  /** A record for a server joining a session: not connected, or connected when it needs no auth. */
  const joining = (serverId: string) => recordFor(serverId, providerOf(serverId).auth_type === 'none' ? 'connected' : 'not_connected');

  function setupUrl(request: Request, sessionId: string, serverId: string): string {
    return `${consentOrigin(request)}/dashboard/auth-configs?connect=${encodeURIComponent(serverId)}&session=${encodeURIComponent(sessionId)}`;
  }

  function liveSession(request: Request, sessionId: string, session: Map<string, ServerRecord>): LiveSession {
    return {
      id: sessionId,
      servers: session,
      catalog: CATALOG,
      provider: providerOf,
      connectUrl: (serverId, returnTo) =>
        `${setupUrl(request, sessionId, serverId)}${returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ''}`,
      add: (serverId) => session.set(serverId, joining(serverId)),
    };
  }

  function listBody(sessionId: string, session: Map<string, ServerRecord>, shape: 'seed' | 'live') {
    const rows = [...session].map(([serverId, record]) => row(serverId, record));
    if (shape === 'seed') return { data: rows, total: rows.length, session_id: sessionId };
    return {
      servers: rows.map(({ tools_count: _count, status: _status, ...rest }) => rest),
      tools: [...session]
        .filter(([, record]) => record.state === 'connected')
        .flatMap(([serverId]) =>
          providerOf(serverId).tools.map((tool) => ({
            ...tool,
            input_schema: { type: 'object', properties: {} },
            server: serverId,
          })),
        ),
    };
  }

  function connectedRecord(): ServerRecord {
    return { state: 'connected', connection_id: random('conn'), connected_at: new Date(now()).toISOString() };
  }

  function authenticate(request: Request, scope: Scope): void {
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const scopes = token ? tokens[token] : undefined;
    if (!scopes) throw new HttpProblem(401, { error: 'unauthorized' });
    if (!scopes.includes(scope)) {
      throw new HttpProblem(403, { error: 'forbidden', message: `This token lacks the ${scope} scope`, status: 403 });
    }
  }

  // ── the meta-tool (seed 003) ──────────────────────────────────────────────────────────────────

  async function execute(request: Request, sessionId: string, session: Map<string, ServerRecord>): Promise<Response> {
    const body = await readJsonBody(request);
    const started = now();
    const tool = typeof body.tool === 'string' ? body.tool : '';
    const given = body.input ?? body.params; // the API takes either name
    const input = (typeof given === 'object' && given !== null ? given : {}) as Record<string, unknown>;
    const envelope = (result: { data?: unknown; error?: string }) =>
      json(200, {
        success: result.error === undefined,
        data: result.data ?? null,
        error: result.error ?? null,
        duration: now() - started,
        server: 'codespar',
        tool,
        tool_call_id: random('call'),
        called_at: new Date(started).toISOString(),
      });
    if (tool === 'codespar_discover') {
      const seedMatches = askedShape(request, 'x-reference-discover-shape', 'live') === 'seed';
      return envelope(discover(liveSession(request, sessionId, session), input, seedMatches));
    }
    if (tool !== 'codespar_manage_connections') return envelope({ error: `Tool not registered: ${tool || '(none)'}` });
    // `operation` is the seed's spelling and answers its shapes (below); `action`, or neither, the live SDK's.
    if (!Object.hasOwn(input, 'operation')) {
      if (Object.hasOwn(input, 'action') && input.action === 'initiate') authenticate(request, 'sessions:write');
      return envelope(manageConnections(liveSession(request, sessionId, session), input));
    }
    const operation = input.operation;
    if (operation === 'list') {
      const connections = [...session]
        .filter(([, record]) => record.connection_id)
        .map(([serverId, record]) => ({
          server_id: serverId,
          connection_id: record.connection_id,
          status: record.state === 'connected' ? 'connected' : record.state,
          connected_at: record.connected_at,
        }));
      return envelope({ data: { connections } });
    }
    if (operation !== 'status' && operation !== 'initiate') return envelope({ error: 'invalid_input: operation' });
    if (operation === 'initiate') authenticate(request, 'sessions:write');
    const serverId = input.server_id;
    if (typeof serverId !== 'string' || !serverId) return envelope({ error: 'invalid_input: server_id is required' });
    const server = session.get(serverId);
    if (!server) return envelope({ error: 'not_found' });
    const status = server.state === 'connected' || server.state === 'expired' || server.state === 'error' ? server.state : 'needs_setup';
    const data: Record<string, unknown> = { server_id: serverId, status };
    if (server.connection_id) data.connection_id = server.connection_id;
    if (operation === 'initiate' && status !== 'connected') {
      data.status = 'needs_setup';
      data.wizard_url = setupUrl(request, sessionId, serverId);
    }
    return envelope({ data });
  }

  // ── the fake provider's pages ─────────────────────────────────────────────────────────────────

  function consentView(url: URL): Response {
    const state = url.searchParams.get('state') ?? '';
    const flow = pending.get(state);
    if (!flow) return html(400, messagePage('Link not valid', 'This authorization link is unknown or was already used.'));
    if (flow.expiresAt <= now())
      return html(410, messagePage('Link expired', 'This authorization link has expired. Start again from the app.'));
    return html(200, consentPage({ provider: providerOf(flow.serverId), sessionId: flow.sessionId, state, scopes: flow.scopes }));
  }

  async function consentDecision(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const state = form.get('state') ?? '';
    const flow = pending.get(state);
    if (!flow) return html(400, messagePage('Link not valid', 'This authorization link is unknown or was already used.'));
    const provider = providerOf(flow.serverId);
    const approve = form.get('decision') === 'approve';
    if (flow.expiresAt <= now()) {
      pending.delete(state);
      return finish(flow, state, { status: 'error', error: 'expired' }, 'Link expired', 'This authorization link has expired.');
    }
    if (!approve) {
      pending.delete(state);
      return finish(flow, state, { status: 'denied', error: 'access_denied' }, 'Access denied', 'You can close this window.');
    }
    if ((provider.auth_type === 'api_key' || provider.auth_type === 'path_secret') && !form.get('api_key')?.trim()) {
      return html(422, consentPage({ provider, sessionId: flow.sessionId, state, scopes: flow.scopes, error: 'Enter a key to continue.' }));
    }
    const record = grant(state, flow);
    return finish(
      flow,
      state,
      { status: 'connected', connection_id: record.connection_id as string },
      'Connected',
      `${provider.name} is connected. You can close this window.`,
    );
  }

  /** The user approved: the authorization is used up and the server connected. */
  function grant(state: string, flow: PendingAuthorization): ServerRecord {
    pending.delete(state);
    const record = connectedRecord();
    sessions.get(flow.sessionId)?.set(flow.serverId, record);
    return record;
  }

  function approve(serverId: string, { sessionId = DEMO_SESSION_ID }: { sessionId?: string } = {}): Approval {
    const found = [...pending].find(([, flow]) => flow.serverId === serverId && flow.sessionId === sessionId && flow.expiresAt > now());
    if (!found) throw new Error(`reference API: no pending authorization for ${serverId} in ${sessionId}`);
    const [state, flow] = found;
    const connectionId = grant(state, flow).connection_id as string;
    return { state, connectionId, message: { type: 'codespar:connect', v: 1, state, status: 'connected', connection_id: connectionId } };
  }

  function finish(flow: PendingAuthorization, state: string, params: Record<string, string>, title: string, message: string): Response {
    if (!flow.redirectUrl) return html(200, messagePage(title, message));
    const target = new URL(flow.redirectUrl);
    target.searchParams.set('state', state);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    return new Response(null, { status: 303, headers: { location: target.href } });
  }

  function setupView(url: URL): Response {
    const sessionId = url.searchParams.get('session') ?? '';
    const serverId = url.searchParams.get('connect') ?? '';
    if (!sessions.get(sessionId)?.has(serverId)) {
      return html(404, messagePage('Not found', 'This setup link does not match a server of a session.'));
    }
    return html(200, setupPage({ provider: providerOf(serverId), sessionId }));
  }

  async function setupDecision(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const sessionId = form.get('session') ?? '';
    const serverId = form.get('connect') ?? '';
    const session = sessions.get(sessionId);
    if (!session?.has(serverId)) return html(404, messagePage('Not found', 'This setup link does not match a server of a session.'));
    const provider = providerOf(serverId);
    if ((provider.auth_type === 'api_key' || provider.auth_type === 'path_secret') && !form.get('api_key')?.trim()) {
      return html(422, setupPage({ provider, sessionId, error: 'Enter a key to continue.' }));
    }
    session.set(serverId, connectedRecord());
    return html(200, setupPage({ provider, sessionId, done: true }));
  }

  // ── faults and control ────────────────────────────────────────────────────────────────────────

  function matchingFaults(request: Request, route: RouteName | 'other', serverId?: string, operation?: string): Fault[] {
    const perRequest = parseFaultHeader(request.headers.get('x-reference-fault'));
    const matches = (f: Fault) =>
      (f.route === undefined ? route !== 'consent' && route !== 'setup' : f.route === route) &&
      (f.serverId === undefined || f.serverId === serverId) &&
      (f.operation === undefined || f.operation === operation);
    // The first matching fault applies, so several with `times` script a sequence.
    const active: Fault[] = [];
    const fault = faults.find(matches);
    if (fault) {
      active.push(fault);
      if (fault.times !== undefined && --fault.times <= 0) faults = faults.filter((f) => f !== fault);
    }
    return [...active, ...perRequest.filter(matches)];
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

  let nextFaultId = 1;
  function addFault(fault: Fault): () => void {
    const stored: StoredFault = { ...fault, id: nextFaultId++ };
    faults.push(stored);
    return () => {
      faults = faults.filter((f) => f !== stored);
    };
  }

  function setServerState(sessionId: string, serverId: string, state: ServerState): void {
    let session = sessions.get(sessionId);
    if (!session) {
      session = new Map();
      sessions.set(sessionId, session);
    }
    session.set(serverId, recordFor(serverId, state));
  }

  /** `/__reference/…`: lets browser tests and benchmarks drive the server over HTTP. */
  async function control(request: Request, path: string): Promise<Response> {
    const method = request.method;
    if (path === '/__reference/faults' && method === 'POST') {
      const fault = (await readJsonBody(request)) as Fault;
      addFault(fault);
      return json(201, { faults: faults.length });
    }
    if (path === '/__reference/faults' && method === 'DELETE') {
      faults = [];
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
      const records = new Map<string, ServerRecord>();
      for (const [serverId, state] of Object.entries(body.servers as Record<string, ServerState>))
        records.set(serverId, recordFor(serverId, state));
      sessions.set(body.sessionId, records);
      infos.delete(body.sessionId); // a replaced session is open again
      return new Response(null, { status: 204 });
    }
    if (path === '/__reference/approve' && method === 'POST') {
      // { serverId, sessionId? }: approve() over HTTP, for browser tests; answers the callback's message.
      const body = await readJsonBody(request);
      if (typeof body.serverId !== 'string') return json(400, { error: 'invalid_body', issues: ['serverId is required'] });
      try {
        return json(200, approve(body.serverId, typeof body.sessionId === 'string' ? { sessionId: body.sessionId } : {}));
      } catch (error) {
        return json(404, { error: 'not_found', message: (error as Error).message });
      }
    }
    if (path === '/__reference/state' && method === 'POST') {
      const body = await readJsonBody(request);
      if (typeof body.listShape === 'string') listShape = body.listShape === 'live' ? 'live' : 'seed';
      if (typeof body.sessionId === 'string' && typeof body.serverId === 'string' && typeof body.state === 'string') {
        setServerState(body.sessionId, body.serverId, body.state as ServerState);
      }
      return new Response(null, { status: 204 });
    }
    return json(404, { error: 'not_found' });
  }

  reset();

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
    addFault,
    clearFaults: () => {
      faults = [];
    },
    get requests() {
      return log;
    },
    clearRequests: () => {
      log = [];
    },
    setServerState,
    approve,
    getServerState: (sessionId, serverId) => sessions.get(sessionId)?.get(serverId)?.state,
    setListShape: (shape) => {
      listShape = shape;
    },
    setAuthorizationTtl: (ms) => {
      ttl = ms;
    },
    reset,
    catalog: CATALOG,
  };
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

function html(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': HTML_TYPE, 'cache-control': 'no-store' } });
}

function withCors(request: Request, response: Response): Response {
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

async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
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

/** The tool and meta-tool operation an execute request names, for faults and the log. */
async function peekCall(request: Request): Promise<{ tool?: string; operation?: string }> {
  try {
    const body = (await request.clone().json()) as { tool?: unknown; input?: { operation?: unknown; action?: unknown } };
    const op = body?.input?.operation ?? body?.input?.action;
    return { ...(typeof body?.tool === 'string' ? { tool: body.tool } : {}), ...(typeof op === 'string' ? { operation: op } : {}) };
  } catch {
    return {};
  }
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

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
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

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

function hash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
