import { discover, type LiveSession, manageConnections, parseSessionRequest } from './live.ts';
import { consentRoute, setupRoute } from './pages.ts';
import { HttpProblem, isHttpUrl, json, readJsonBody } from './reference-http.ts';
import { type ReferenceState, type Scope, type ServerRecord, type ServerState, stableHash } from './reference-state.ts';

/**
 * The reference API's routes: which route a request is ({@link matchRoute}) and what each answers,
 * the Connections REST API, CodeSpar's sessions and the `execute` endpoint (the meta-tool in the
 * seeds' dialect here, the live dialect in live.ts), with their tokens and scopes. The fake
 * provider's pages are in pages.ts.
 */

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

export interface RouteMatch {
  route: RouteName | 'other';
  sessionId?: string;
  serverId?: string;
}

/**
 * Which route `method path` is, with the session and server ids it names (decoded).
 *
 * @example
 * ```ts
 * matchRoute('POST', '/v1/sessions/ses_1/connections/stripe/authorize'); // { route: 'authorize', sessionId: 'ses_1', serverId: 'stripe' }
 * ```
 */
export function matchRoute(method: string, path: string): RouteMatch {
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

/**
 * The tool and meta-tool operation an execute request names, for faults and the log.
 *
 * @example
 * ```ts
 * const { tool, operation } = await peekCall(request); // the body is left for the route to read
 * ```
 */
export async function peekCall(request: Request): Promise<{ tool?: string; operation?: string }> {
  try {
    const body = (await request.clone().json()) as { tool?: unknown; input?: { operation?: unknown; action?: unknown } };
    const op = body?.input?.operation ?? body?.input?.action;
    return { ...(typeof body?.tool === 'string' ? { tool: body.tool } : {}), ...(typeof op === 'string' ? { operation: op } : {}) };
  } catch {
    return {};
  }
}

/**
 * The answer of the route `match` names; a route's refusal is thrown as an {@link HttpProblem}.
 *
 * @example
 * ```ts
 * const response = await route(state, request, new URL(request.url), matchRoute(request.method, path));
 * ```
 */
export async function route(state: ReferenceState, request: Request, url: URL, match: RouteMatch): Promise<Response> {
  switch (match.route) {
    case 'list':
    case 'get':
    case 'authorize':
    case 'disconnect':
    case 'execute':
      return api(state, request, match as Required<RouteMatch> & { route: RouteName });
    case 'createSession':
      return createSession(state, request);
    case 'getSession':
    case 'closeSession':
      return sessionRoute(state, request, match.route, match.sessionId as string);
    case 'consent':
      return consentRoute(state, request, url);
    case 'setup':
      return setupRoute(state, request, url);
    default:
      throw new HttpProblem(404, { error: { code: 'not_found', message: `No route for ${request.method} ${url.pathname}` } });
  }
}

// ── the Connections API ─────────────────────────────────────────────────────────────────────────

async function api(
  state: ReferenceState,
  request: Request,
  match: { route: RouteName; sessionId: string; serverId?: string },
): Promise<Response> {
  const needsWrite = match.route === 'authorize' || match.route === 'disconnect';
  authenticate(state, request, needsWrite ? 'sessions:write' : 'sessions:read');
  const session = state.sessions.get(match.sessionId);
  if (!session) throw sessionNotFound(state, match.sessionId);
  if (state.infos.get(match.sessionId)?.closed_at) {
    throw new HttpProblem(409, { error: 'session_closed', message: `Session ${match.sessionId} is closed` });
  }
  if (match.route === 'list') return json(200, listBody(state, match.sessionId, session, listShapeOf(state, request)));
  if (match.route === 'execute') return execute(state, request, match.sessionId, session);

  const serverId = match.serverId as string;
  const server = session.get(serverId);
  if (!server) throw new HttpProblem(404, { error: 'not_found' });
  const provider = state.provider(serverId);

  if (match.route === 'get') {
    const connected = server.state === 'connected';
    return json(200, {
      ...row(state, serverId, server),
      capabilities: provider.capabilities,
      tools: provider.tools,
      ...(server.connection_id ? { connection_id: server.connection_id } : {}),
      ...(server.connected_at ? { connected_at: server.connected_at } : {}),
      ...(connected ? { latency_ms: 40 + (stableHash(serverId) % 160) } : {}),
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
    session.set(serverId, state.connectedRecord());
    return json(200, { connected: true });
  }
  if (provider.auth_type === 'oauth' && redirectUrl === undefined) {
    throw new HttpProblem(422, {
      error: { code: 'oauth_redirect_required', message: 'Server requires OAuth but no redirect URL provided' },
      request_id: state.random('req'),
    });
  }
  const flowState = state.random('oauth');
  const expiresAt = state.now() + state.authorizationTtlMs;
  state.pending.set(flowState, {
    sessionId: match.sessionId,
    serverId,
    ...(typeof redirectUrl === 'string' ? { redirectUrl } : {}),
    scopes: (scopes as string[] | undefined) ?? provider.scopes ?? [],
    expiresAt,
  });
  return json(200, {
    connected: false,
    redirect_url: `${consentOrigin(state, request)}/oauth/consent?state=${encodeURIComponent(flowState)}`,
    state: flowState,
    expires_at: new Date(expiresAt).toISOString(),
  });
}

const wireStatus = (state: ServerState) => (state === 'connected' ? 'ready' : state);

function row(state: ReferenceState, serverId: string, record: ServerRecord) {
  const p = state.provider(serverId);
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

function listBody(state: ReferenceState, sessionId: string, session: Map<string, ServerRecord>, shape: 'seed' | 'live') {
  const rows = [...session].map(([serverId, record]) => row(state, serverId, record));
  if (shape === 'seed') return { data: rows, total: rows.length, session_id: sessionId };
  return {
    servers: rows.map(({ tools_count: _count, status: _status, ...rest }) => rest),
    tools: [...session]
      .filter(([, record]) => record.state === 'connected')
      .flatMap(([serverId]) =>
        state.provider(serverId).tools.map((tool) => ({
          ...tool,
          input_schema: { type: 'object', properties: {} },
          server: serverId,
        })),
      ),
  };
}

/** The shape a request asks for in `header` (`seed` or `live`), else `fallback`. */
function askedShape(request: Request, header: string, fallback: 'seed' | 'live'): 'seed' | 'live' {
  const asked = request.headers.get(header)?.trim().toLowerCase();
  if (asked === undefined) return fallback;
  if (asked === 'seed' || asked === 'live') return asked;
  throw new HttpProblem(400, { error: 'invalid_header', message: `${header} must be seed or live` });
}

const listShapeOf = (state: ReferenceState, request: Request) => askedShape(request, 'x-reference-list-shape', state.listShape);

/**
 * Where the fake provider's pages are: the configured origin, else the other loopback name of the
 * request's host (`localhost` ⇄ `127.0.0.1`), so the consent page is cross-origin to the app as a
 * real provider is; the request's own origin when it is not loopback.
 */
function consentOrigin(state: ReferenceState, request: Request): string {
  if (state.consentOrigin) return state.consentOrigin;
  const url = new URL(request.url);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  else if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.origin;
}

function setupUrl(state: ReferenceState, request: Request, sessionId: string, serverId: string): string {
  return `${consentOrigin(state, request)}/dashboard/auth-configs?connect=${encodeURIComponent(serverId)}&session=${encodeURIComponent(sessionId)}`;
}

function authenticate(state: ReferenceState, request: Request, scope: Scope): void {
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const scopes = token ? state.tokens[token] : undefined;
  if (!scopes) throw new HttpProblem(401, { error: 'unauthorized' });
  if (!scopes.includes(scope)) {
    throw new HttpProblem(403, { error: 'forbidden', message: `This token lacks the ${scope} scope`, status: 403 });
  }
}

function sessionNotFound(state: ReferenceState, sessionId: string): HttpProblem {
  return new HttpProblem(404, { error: { code: 'not_found', message: `Session ${sessionId} not found` }, request_id: state.random('req') });
}

// ── sessions (CodeSpar's SDK: POST /v1/sessions, GET and DELETE /v1/sessions/:id) ───────────────

async function createSession(state: ReferenceState, request: Request): Promise<Response> {
  authenticate(state, request, 'sessions:write');
  const parsed = parseSessionRequest(await readJsonBody(request));
  if ('issues' in parsed) throw new HttpProblem(400, parsed);
  const sessionId = state.createSession(parsed.servers, parsed.user_id, request.headers.get('x-codespar-project') ?? '');
  return json(201, state.sessionObject(sessionId));
}

/** GET answers the session, closed or not; DELETE closes it (again: the same answer). */
function sessionRoute(state: ReferenceState, request: Request, route: 'getSession' | 'closeSession', sessionId: string): Response {
  authenticate(state, request, route === 'closeSession' ? 'sessions:write' : 'sessions:read');
  if (!state.sessions.has(sessionId)) throw sessionNotFound(state, sessionId);
  if (route === 'closeSession') state.closeSession(sessionId);
  return json(200, state.sessionObject(sessionId));
}

// ── execute: the meta-tool (seed 003) and codespar_discover ─────────────────────────────────────

function liveSession(state: ReferenceState, request: Request, sessionId: string, session: Map<string, ServerRecord>): LiveSession {
  return {
    id: sessionId,
    servers: session,
    catalog: state.catalog,
    provider: state.provider,
    connectUrl: (serverId, returnTo) =>
      `${setupUrl(state, request, sessionId, serverId)}${returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ''}`,
    add: (serverId) => session.set(serverId, state.joining(serverId)),
  };
}

async function execute(state: ReferenceState, request: Request, sessionId: string, session: Map<string, ServerRecord>): Promise<Response> {
  const body = await readJsonBody(request);
  const started = state.now();
  const tool = typeof body.tool === 'string' ? body.tool : '';
  const given = body.input ?? body.params; // the API takes either name
  const input = (typeof given === 'object' && given !== null ? given : {}) as Record<string, unknown>;
  const envelope = (result: { data?: unknown; error?: string }) =>
    json(200, {
      success: result.error === undefined,
      data: result.data ?? null,
      error: result.error ?? null,
      duration: state.now() - started,
      server: 'codespar',
      tool,
      tool_call_id: state.random('call'),
      called_at: new Date(started).toISOString(),
    });
  if (tool === 'codespar_discover') {
    const seedMatches = askedShape(request, 'x-reference-discover-shape', 'live') === 'seed';
    return envelope(discover(liveSession(state, request, sessionId, session), input, seedMatches));
  }
  if (tool !== 'codespar_manage_connections') return envelope({ error: `Tool not registered: ${tool || '(none)'}` });
  // `operation` is the seed's spelling and answers its shapes (below); `action`, or neither, the live SDK's.
  if (!Object.hasOwn(input, 'operation')) {
    if (Object.hasOwn(input, 'action') && input.action === 'initiate') authenticate(state, request, 'sessions:write');
    return envelope(manageConnections(liveSession(state, request, sessionId, session), input));
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
  if (operation === 'initiate') authenticate(state, request, 'sessions:write');
  const serverId = input.server_id;
  if (typeof serverId !== 'string' || !serverId) return envelope({ error: 'invalid_input: server_id is required' });
  const server = session.get(serverId);
  if (!server) return envelope({ error: 'not_found' });
  const status = server.state === 'connected' || server.state === 'expired' || server.state === 'error' ? server.state : 'needs_setup';
  const data: Record<string, unknown> = { server_id: serverId, status };
  if (server.connection_id) data.connection_id = server.connection_id;
  if (operation === 'initiate' && status !== 'connected') {
    data.status = 'needs_setup';
    data.wizard_url = setupUrl(state, request, sessionId, serverId);
  }
  return envelope({ data });
}
