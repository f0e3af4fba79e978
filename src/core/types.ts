import type { CheckUrlOptions } from './url.ts';

/**
 * The normalised shapes the clients return: camelCase, whatever the wire spelled (the wire's
 * snake_case names stay in ./schemas and the clients).
 */

/**
 * Where a server stands in a session, whatever spelling the API used:
 * - `connected`: usable now (the REST API says `"ready"`);
 * - `not_connected`: never connected, or disconnected;
 * - `needs_setup`: an operator must finish setup (API key, path secret, dashboard step);
 * - `expired`: was connected, credentials expired: reconnect;
 * - `error`: the connection exists but is failing;
 * - `not_required`: the server needs no credentials and is usable as it is (the live API's
 *   `not_required`): nothing to connect.
 */
export type ConnectionStatus = 'connected' | 'not_connected' | 'needs_setup' | 'expired' | 'error' | 'not_required';

/**
 * What an operator's setup page will ask for (the live `initiate`'s `instructions`,
 * `required_secrets`, `known_pitfalls`, `next_action`, `difficulty`). API text, shown as text.
 */
export interface SetupInstructions {
  /** The steps, in order. */
  instructions: string[];
  /** The secrets the page asks for: their names and hints, never values. */
  requiredSecrets: { name: string; hint?: string }[];
  knownPitfalls: string[];
  nextAction?: string;
  /** `easy`, `medium` or `hard` as the API says; another word passes through as it is. */
  difficulty?: string;
}

/** One server of a session, as `list()` returns it. */
export interface Connection {
  /** Server id, e.g. `"stripe"`, `"mercado-pago"`. Opaque: compare, do not parse. */
  id: string;
  /** Display name; the id when the API did not send one. */
  name: string;
  category?: string;
  /** ISO 3166 alpha-2 code, or `"GLOBAL"`. */
  country?: string;
  /** `"oauth"`, `"api_key"`, `"none"`, … as the API says (its `auth_type`). */
  authType?: string;
  connected: boolean;
  status: ConnectionStatus;
  /** Number of tools the server exposes; `undefined` when the API did not say. */
  toolsCount?: number;
  connectionId?: string;
  /** ISO 8601, as the API sent it. */
  connectedAt?: string;
}

/** The session's connections, from either list shape. */
export interface SessionConnections {
  connections: Connection[];
  total: number;
  sessionId?: string;
}

export interface Tool {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

/** `GET …/connections/:serverId`. */
export interface ConnectionDetail extends Connection {
  capabilities: string[];
  tools: Tool[];
  latencyMs?: number;
}

/** What a connect attempt needs next: nothing (connected, or nothing to connect), an OAuth popup, or an operator's setup page. */
export type ConnectStart =
  | { type: 'connected'; serverId: string; connectionId?: string }
  | {
      /** OAuth: open `url` in a popup; completion comes back on the redirect URL with `state`. */
      type: 'redirect';
      serverId: string;
      url: string;
      state?: string;
      expiresInMs?: number;
    }
  | {
      /** Operator setup (meta-tool `wizard_url`): completion is only visible by asking `check()`. */
      type: 'wizard';
      serverId: string;
      url: string;
      /** What the setup page will ask for, when the API said (live `initiate`). */
      setup?: SetupInstructions | undefined;
    };

/** Where one server stands now: what the connect flow polls. */
export interface ConnectionCheck {
  serverId: string;
  status: ConnectionStatus;
  connectionId?: string;
}

/** Options every client method takes. */
export interface RequestOptions {
  /** Aborts the request; the promise then rejects with code `aborted`. */
  signal?: AbortSignal;
}

export interface BeginOptions extends RequestOptions {
  /** Where the provider sends the browser when OAuth completes (the page running `completeConnection()`). */
  redirectUrl?: string;
  /** Override the provider's default OAuth scopes. */
  scopes?: string[];
}

/**
 * What the hooks need from a client. Both {@link createConnectionsClient} (REST) and
 * {@link createMetaToolClient} (`codespar_manage_connections`) implement it, so every hook runs
 * over either.
 */
export interface ConnectionsClient {
  readonly kind: 'rest' | 'meta-tool';
  /** Identifies the session's data for caches: two clients with the same key share a cache entry. */
  readonly key: string;
  /** How the client checks URLs from the API; the connect flow checks them again the same way. */
  readonly urlPolicy?: CheckUrlOptions | undefined;
  /** Every server of the session. */
  list(options?: RequestOptions): Promise<SessionConnections>;
  /** Where one server stands now. */
  check(serverId: string, options?: RequestOptions): Promise<ConnectionCheck>;
  /** Starts connecting a server: says whether to open a popup, send an operator to setup, or nothing. */
  begin(serverId: string, options?: BeginOptions): Promise<ConnectStart>;
  /** Full detail of one server, when the transport has it (REST). */
  get?(serverId: string, options?: RequestOptions): Promise<ConnectionDetail>;
  /** Disconnects a server, when the transport can (REST). */
  disconnect?(serverId: string, options?: RequestOptions): Promise<void>;
}
