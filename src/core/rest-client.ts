import { requireSameServer } from './api-errors.ts';
import { ConnectionsApiError, isConnectionsError } from './errors.ts';
import { createHttpConfig, type HttpResponse, httpRequest, type Parser, sessionPath, type TransportOptions } from './http.ts';
import { requireId } from './ids.ts';
import {
  authorizeWire,
  defined,
  detailWire,
  liveListWire,
  normalizeConnection,
  normalizeTool,
  seedListWire,
  withConnectionId,
} from './schemas.ts';
import type {
  BeginOptions,
  ConnectionCheck,
  ConnectionDetail,
  ConnectionsClient,
  ConnectStart,
  RequestOptions,
  SessionConnections,
} from './types.ts';
import { checkUrl } from './url.ts';
import type { Infer } from './validate.ts';

// Where the public entry imports it from today; it is defined with the transport in http.ts.

export interface ConnectionsClientOptions extends TransportOptions {
  /** The CodeSpar session whose connections to show, e.g. `"ses_abc123"`. */
  sessionId: string;
}

/** The REST client: the {@link ConnectionsClient} operations plus the raw endpoints of the Connections API. */
export interface RestConnectionsClient extends ConnectionsClient {
  readonly kind: 'rest';
  readonly sessionId: string;
  get(serverId: string, options?: RequestOptions): Promise<ConnectionDetail>;
  disconnect(serverId: string, options?: RequestOptions): Promise<void>;
}

/** `POST …/authorize`'s body, as the wire spells it. */
interface AuthorizeBody {
  redirect_url?: string;
  scopes?: string[];
}

/**
 * Creates a client for the CodeSpar Connections REST API of one session.
 *
 * Every response is validated; every failure is a {@link ConnectionsError} with a stable `code`.
 *
 * @example
 * ```ts
 * const client = createConnectionsClient({
 *   sessionId: 'ses_abc123',
 *   baseUrl: '/api/codespar',            // your backend adds the secret key
 * });
 * const { connections } = await client.list();
 * const detail = await client.get('stripe', { signal });
 * ```
 */
export function createConnectionsClient(options: ConnectionsClientOptions): RestConnectionsClient {
  const base = `${sessionPath(options.sessionId, 'createConnectionsClient')}/connections`;
  const { sessionId } = options;
  const http = createHttpConfig(options, 'createConnectionsClient');
  const serverPath = (serverId: string) => `${base}/${encodeURIComponent(requireId(serverId, 'serverId'))}`;

  const get = async (serverId: string, opts: RequestOptions = {}): Promise<ConnectionDetail> => {
    const path = serverPath(serverId);
    const { data } = await httpRequest(http, { method: 'GET', path, signal: opts.signal, schema: detailWire });
    requireSameServer(serverId, data.id, `GET ${path}`, { status: 200, body: data });
    return defined({
      ...normalizeConnection(data, data.tools?.length),
      capabilities: data.capabilities ?? [],
      tools: (data.tools ?? []).map(normalizeTool),
      latencyMs: data.latency_ms ?? undefined,
    });
  };

  const check = async (serverId: string, opts: RequestOptions = {}): Promise<ConnectionCheck> => {
    const detail = await get(serverId, opts);
    return withConnectionId({ serverId, status: detail.status }, detail.connectionId);
  };

  return {
    kind: 'rest',
    key: `rest:${http.baseUrl}:${sessionId}`,
    urlPolicy: options.urlPolicy,
    sessionId,

    async list(opts: RequestOptions = {}): Promise<SessionConnections> {
      const { data } = await httpRequest(http, { method: 'GET', path: base, signal: opts.signal, schema: listWire });
      return data;
    },

    get,

    async disconnect(serverId: string, opts: RequestOptions = {}): Promise<void> {
      await httpRequest(http, { method: 'DELETE', path: serverPath(serverId), signal: opts.signal });
    },

    check,

    async begin(serverId: string, opts: BeginOptions = {}): Promise<ConnectStart> {
      let answer: HttpResponse<Infer<typeof authorizeWire>>;
      try {
        // Unset options are left out of the body (JSON has no undefined).
        const body: AuthorizeBody = { redirect_url: opts.redirectUrl, scopes: opts.scopes };
        answer = await httpRequest(http, {
          method: 'POST',
          path: `${serverPath(serverId)}/authorize`,
          body,
          signal: opts.signal,
          schema: authorizeWire,
        });
      } catch (error) {
        // A 409 is the seeds' "already connected": a finished flow, not a failure, but only once the
        // API's own check agrees (a 409's text proves nothing, and its body may be anything).
        if (!isConnectionsError(error, 'conflict')) throw error;
        const now = await check(serverId, opts).catch(() => undefined);
        if (now?.status !== 'connected') throw error;
        return withConnectionId({ type: 'connected', serverId }, now.connectionId);
      }
      const { data, serverDate } = answer;
      if (data.connected) return { type: 'connected', serverId };
      if (!data.redirect_url) {
        throw new ConnectionsApiError('invalid_response', `authorize ${serverId}: not connected and no redirect_url`, {
          status: 200,
          body: data,
        });
      }
      // The provider's page, checked with `checkUrl`; `state` identifies the flow (the live API calls
      // it `link_token`); `expiresInMs` is the time left before `expires_at`.
      return defined({
        type: 'redirect',
        serverId,
        url: checkUrl(data.redirect_url, options.urlPolicy).href,
        state: (data.state ?? data.link_token) || undefined,
        expiresInMs: timeToLive(data.expires_at, serverDate),
      });
    },
  };
}

/**
 * Time left before `expires_at` (`undefined` when it is absent or unreadable), on the server's own
 * clock when its `Date` header is readable.
 */
function timeToLive(expiresAtText: string | null | undefined, serverDate: number): number | undefined {
  const expiresAt = Date.parse(expiresAtText ?? ''); // NaN when absent or unreadable
  if (Number.isNaN(expiresAt)) return undefined;
  // Measured on the server's clock when its Date header is readable. Otherwise (a cross-origin
  // proxy without `Access-Control-Expose-Headers: Date`) the client clock may be minutes off
  // either way: keep the result to 1–30 minutes, and the flow still checks before `expired`.
  if (Number.isNaN(serverDate)) return Math.min(Math.max(expiresAt - Date.now(), 60_000), 1_800_000);
  return Math.max(0, expiresAt - serverDate);
}

/**
 * Either list shape (the seed's `{ data, total }`, the live API's `{ servers, tools }`), normalised to one {@link SessionConnections}.
 * The shape is picked by its key (`servers` without `data` is the live shape), so a validation
 * error names the field that is wrong.
 */
const listWire: Parser<SessionConnections> = {
  safeParse(wire) {
    const isLive = typeof wire === 'object' && wire !== null && 'servers' in wire && !('data' in wire);
    if (!isLive) {
      const seed = seedListWire.safeParse(wire);
      if (!seed.success) return seed;
      const connections = seed.data.data.map((server) => normalizeConnection(server));
      return {
        success: true,
        data: defined({ connections, total: seed.data.total ?? connections.length, sessionId: seed.data.session_id || undefined }),
      };
    }
    const live = liveListWire.safeParse(wire);
    if (!live.success) return live;
    // The live shape has no tools_count: count its tools[] by server.
    const counts = new Map<string, number>();
    for (const tool of live.data.tools ?? []) {
      if (tool.server) counts.set(tool.server, (counts.get(tool.server) ?? 0) + 1);
    }
    const tools = live.data.tools;
    const connections = live.data.servers.map((server) => normalizeConnection(server, tools ? (counts.get(server.id) ?? 0) : undefined));
    return { success: true, data: { connections, total: connections.length } };
  },
};
