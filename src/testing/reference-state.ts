import type { ConnectionStatus } from '../core/types.ts';
import { CATALOG, type CatalogProvider } from './catalog.ts';

/**
 * What the reference API remembers: its sessions and their servers' records, the session facts
 * `POST /v1/sessions` records, pending authorizations, and the settings tests change at run time
 * (list shape, time-to-live). Routes, pages and control routes read and change it; faults and the
 * request log are kept apart (reference-faults.ts, reference-api.ts).
 */

/**
 * Where a server stands in a reference session: core's {@link ConnectionStatus} but `not_required`,
 * which the reference derives from the provider's auth type (`none`) rather than storing it.
 */
export type ServerState = Exclude<ConnectionStatus, 'not_required'>;

export type Scope = 'sessions:read' | 'sessions:write';

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

const ORG_ID = 'org_reference';
const PROJECT_ID = 'prj_referenceDemo001';

/** One server of a session, as the wire spells its connection. */
export interface ServerRecord {
  state: ServerState;
  connection_id?: string;
  connected_at?: string;
}

/** What `POST /v1/sessions` records beyond the servers (an initial or control-route session has defaults; closing records one). */
export interface SessionInfo {
  user_id: string;
  project_id: string;
  created_at: string;
  closed_at: string | null;
}

/** An `authorize` waiting for the user's decision on the consent page, by its `state`. */
export interface PendingAuthorization {
  sessionId: string;
  serverId: string;
  redirectUrl?: string;
  scopes: string[];
  expiresAt: number;
}

/** What {@link ReferenceState.approve} did: the flow's `state`, the new connection, the callback's message. */
export interface Approval {
  state: string;
  connectionId: string;
  message: { type: 'codespar:connect'; v: 1; state: string; status: 'connected'; connection_id: string };
}

export interface ReferenceStateOptions {
  tokens?: Record<string, Scope[]> | undefined;
  sessions?: Record<string, Record<string, ServerState>> | undefined;
  authorizationTtlMs?: number | undefined;
  listShape?: 'seed' | 'live' | undefined;
  consentOrigin?: string | undefined;
  now?: (() => number) | undefined;
}

/**
 * The reference API's memory (see the file comment). `reset()` brings it back to the options'
 * sessions and settings, with nothing pending.
 *
 * @example
 * ```ts
 * const state = new ReferenceState({ sessions: { ses_1: { stripe: 'not_connected' } } });
 * state.setServerState('ses_1', 'stripe', 'connected');
 * state.sessions.get('ses_1')?.get('stripe')?.state; // 'connected'
 * ```
 */
export class ReferenceState {
  readonly sessions = new Map<string, Map<string, ServerRecord>>();
  readonly infos = new Map<string, SessionInfo>();
  readonly pending = new Map<string, PendingAuthorization>();
  /** Bearer tokens and their scopes. */
  readonly tokens: Readonly<Record<string, Scope[]>>;
  readonly now: () => number;
  /** The fake provider's origin, when the options fix it (see `ReferenceApiOptions.consentOrigin`). */
  readonly consentOrigin: string | undefined;
  listShape: 'seed' | 'live' = 'seed';
  authorizationTtlMs = 600_000;
  /** When the sessions began, for the `created_at` of a session nobody created. */
  startedAt = '';
  readonly catalog: readonly CatalogProvider[] = CATALOG;
  readonly #options: ReferenceStateOptions;
  readonly #catalog = new Map(CATALOG.map((provider) => [provider.id, provider]));
  #sequence = 0;

  constructor(options: ReferenceStateOptions = {}) {
    this.#options = options;
    this.tokens = { ...BASE_TOKENS, ...options.tokens };
    this.now = options.now ?? Date.now;
    this.consentOrigin = options.consentOrigin?.replace(/\/+$/, '');
    this.reset();
  }

  reset(): void {
    this.sessions.clear();
    // ses_empty: a session with no servers yet (empty states).
    const initial = this.#options.sessions ?? { [DEMO_SESSION_ID]: DEMO_SESSION, ses_empty: {} };
    for (const [sessionId, servers] of Object.entries(initial)) this.replaceSession(sessionId, servers);
    this.infos.clear();
    this.startedAt = new Date(this.now()).toISOString();
    this.pending.clear();
    this.listShape = this.#options.listShape ?? 'seed';
    this.authorizationTtlMs = this.#options.authorizationTtlMs ?? 600_000;
  }

  /** A fresh id such as `req_k3j9x1a2`: random, and never the same twice in one API. */
  random(prefix: string): string {
    return `${prefix}_${Math.random().toString(36).slice(2, 10)}${(++this.#sequence).toString(36)}`;
  }

  /** The catalog entry, or a generated one for an id outside the catalog. */
  provider = (serverId: string): CatalogProvider =>
    this.#catalog.get(serverId) ?? {
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
    };

  /** A record in `state`, with a stable connection id and date when a connection exists. */
  recordFor(serverId: string, state: ServerState): ServerRecord {
    const record: ServerRecord = { state };
    // Expired and errored connections exist; they just do not work.
    if (state === 'connected' || state === 'expired' || state === 'error') {
      record.connection_id = `conn_${serverId.replace(/[^a-z0-9]/gi, '')}_${(stableHash(serverId) % 9000) + 1000}`;
      record.connected_at = new Date(this.now() - (stableHash(serverId) % 30) * 86_400_000 - 3_600_000).toISOString();
    }
    return record;
  }

  /** A connection made just now. */
  connectedRecord(): ServerRecord {
    return { state: 'connected', connection_id: this.random('conn'), connected_at: new Date(this.now()).toISOString() };
  }

  /** A record for a server joining a session: not connected, or connected when it needs no auth. */
  joining = (serverId: string): ServerRecord =>
    this.recordFor(serverId, this.provider(serverId).auth_type === 'none' ? 'connected' : 'not_connected');

  setServerState(sessionId: string, serverId: string, state: ServerState): void {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = new Map();
      this.sessions.set(sessionId, session);
    }
    session.set(serverId, this.recordFor(serverId, state));
  }

  /** Creates or replaces a whole session (initial sessions, the `/__reference/sessions` control route). */
  replaceSession(sessionId: string, servers: Record<string, ServerState>): void {
    const records = new Map<string, ServerRecord>();
    for (const [serverId, state] of Object.entries(servers)) records.set(serverId, this.recordFor(serverId, state));
    this.sessions.set(sessionId, records);
  }

  /** The session's recorded facts, or the defaults of a session nobody created through the API. */
  info(sessionId: string): SessionInfo {
    return this.infos.get(sessionId) ?? { user_id: 'demo_user', project_id: PROJECT_ID, created_at: this.startedAt, closed_at: null };
  }

  /** `POST /v1/sessions`: a new session holding `servers`; `project` is used when it looks like a project id. */
  createSession(servers: string[], userId: string, project: string): string {
    const sessionId = this.random('ses');
    this.sessions.set(sessionId, new Map(servers.map((serverId) => [serverId, this.joining(serverId)])));
    this.infos.set(sessionId, {
      user_id: userId,
      project_id: /^prj_[A-Za-z0-9]{16}$/.test(project) ? project : PROJECT_ID,
      created_at: new Date(this.now()).toISOString(),
      closed_at: null,
    });
    return sessionId;
  }

  /** Closes a session; closing it again changes nothing. */
  closeSession(sessionId: string): void {
    const info = this.info(sessionId);
    if (!info.closed_at) this.infos.set(sessionId, { ...info, closed_at: new Date(this.now()).toISOString() });
  }

  /** The session as CodeSpar's API answers `GET /v1/sessions/:id`. */
  sessionObject(sessionId: string) {
    const info = this.info(sessionId);
    return {
      id: sessionId,
      org_id: ORG_ID,
      project_id: info.project_id,
      user_id: info.user_id,
      servers: [...(this.sessions.get(sessionId)?.keys() ?? [])],
      status: info.closed_at ? 'closed' : 'active',
      created_at: info.created_at,
      closed_at: info.closed_at,
    };
  }

  /** The user approved: the authorization is used up and the server connected. */
  grant(state: string, flow: PendingAuthorization): ServerRecord {
    this.pending.delete(state);
    const record = this.connectedRecord();
    this.sessions.get(flow.sessionId)?.set(flow.serverId, record);
    return record;
  }

  /** Approves the pending authorization of `serverId` as the consent page's Approve would. */
  approve(serverId: string, { sessionId = DEMO_SESSION_ID }: { sessionId?: string } = {}): Approval {
    const now = this.now();
    const found = [...this.pending].find(([, flow]) => flow.serverId === serverId && flow.sessionId === sessionId && flow.expiresAt > now);
    if (!found) throw new Error(`reference API: no pending authorization for ${serverId} in ${sessionId}`);
    const [state, flow] = found;
    const connectionId = this.grant(state, flow).connection_id as string;
    return { state, connectionId, message: { type: 'codespar:connect', v: 1, state, status: 'connected', connection_id: connectionId } };
  }
}

/**
 * A stable number from `text`, for ids, dates and latencies that are the same on every run.
 *
 * @example
 * ```ts
 * `${40 + (stableHash('stripe') % 160)} ms`; // the same every run
 * ```
 */
export function stableHash(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
