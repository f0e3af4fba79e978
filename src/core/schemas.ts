import { truncate } from './errors.ts';
import type { Connection, ConnectionStatus, SetupInstructions, Tool } from './types.ts';
import { array, check, type Infer, isName, looseObject, maybe, own } from './validate.ts';

/*
 * Wire schemas: what the API may send. They are tolerant readers (unknown fields pass, optional
 * fields may be missing or null) and strict about what the library relies on (ids are non-empty
 * strings, counts are numbers). The normalisers below turn them into the types in ./types. A field
 * that may hold anything (a tool's `input_schema`, the envelope's `data` and `error`) is not
 * declared: a loose object passes it through as it came, typed `unknown`.
 */

const isString = (value: unknown): value is string => typeof value === 'string';
const text = check<string>(isString, 'Expected a string');
const bool = check<boolean>((value) => typeof value === 'boolean', 'Expected a boolean');
const id = check<string>(isName, 'Expected an id of 1 to 256 characters');
const count = check<number>((value) => Number.isSafeInteger(value) && (value as number) >= 0, 'Expected a whole number, 0 or more');

const toolWire = looseObject({
  name: id,
  description: maybe(text),
  server: maybe(text),
});

const serverShape = {
  id,
  name: maybe(text),
  category: maybe(text),
  country: maybe(text),
  auth_type: maybe(text),
  connected: maybe(bool),
  status: maybe(text),
  tools_count: maybe(count),
  connection_id: maybe(text),
  connected_at: maybe(text),
};
const serverWire = looseObject(serverShape);

/** The seed's list shape: `{ data, total, session_id }`. */
export const seedListWire = looseObject({
  data: array(serverWire),
  total: maybe(count),
  session_id: maybe(text),
});

/** The live API's list shape: `{ servers, tools }`. */
export const liveListWire = looseObject({
  servers: array(serverWire),
  tools: maybe(array(toolWire)),
});

export const detailWire = looseObject({
  ...serverShape,
  capabilities: maybe(array(text)),
  tools: maybe(array(toolWire)),
  latency_ms: maybe(check<number>((value) => Number.isFinite(value) && (value as number) >= 0, 'Expected a number, 0 or more')),
});

export const authorizeWire = looseObject({
  connected: bool,
  redirect_url: maybe(text),
  state: maybe(text),
  link_token: maybe(text),
  expires_at: maybe(text),
});

/*
 * codespar_manage_connections, in both dialects: the seed's flat results, and the live SDK's
 * `ConnectionWizardResult` (`{ action, connections, status, initiate }`), whose rows and
 * instructions carry the same names plus `display_name`, `connect_url` and the setup fields.
 */
const META_STATUSES = ['connected', 'needs_setup', 'expired', 'error', 'disconnected', 'not_required'] as const;
const metaStatus = check<(typeof META_STATUSES)[number]>(
  (value) => META_STATUSES.includes(value as (typeof META_STATUSES)[number]),
  `Expected one of ${META_STATUSES.join(', ')}`,
);
const textList = array(text);

export const metaListWire = looseObject({
  connections: array(
    looseObject({
      server_id: id,
      display_name: maybe(text),
      auth_type: maybe(text),
      connection_id: maybe(text),
      status: metaStatus,
      connected_at: maybe(text),
    }),
  ),
});

/** A seed `status` / `initiate` result, a live `ConnectionStatusRow` or live `ConnectionWizardInstructions`. */
export const metaStatusWire = looseObject({
  server_id: id,
  display_name: maybe(text),
  status: metaStatus,
  connection_id: maybe(text),
  expires_at: maybe(text),
  wizard_url: maybe(text),
  connect_url: maybe(text),
  instructions: maybe(textList),
  required_secrets: maybe(array(looseObject({ name: id, hint: maybe(text) }))),
  known_pitfalls: maybe(textList),
  next_action: maybe(text),
  difficulty: maybe(text),
});

/** `session.execute` results: the `{ success, data, error }` envelope (`data` and `error` may be anything). */
export const toolResultWire = looseObject({ success: bool });

type ServerWire = Infer<typeof serverWire>;
type ToolWire = Infer<typeof toolWire>;

const STATUS_ALIASES: Record<string, ConnectionStatus> = {
  ready: 'connected',
  connected: 'connected',
  active: 'connected',
  healthy: 'connected',
  ok: 'connected',
  not_connected: 'not_connected',
  disconnected: 'not_connected',
  inactive: 'not_connected',
  available: 'not_connected',
  needs_setup: 'needs_setup',
  setup_required: 'needs_setup',
  pending: 'needs_setup',
  initiated: 'needs_setup',
  expired: 'expired',
  token_expired: 'expired',
  reauth_required: 'expired',
  error: 'error',
  errored: 'error',
  not_required: 'not_required',
  failed: 'error',
  unhealthy: 'error',
};

/**
 * Maps whatever status spelling the API used onto {@link ConnectionStatus}. An unknown or missing
 * status falls back to the `connected` flag, so a new server-side status never breaks a list.
 *
 * @example
 * ```ts
 * normalizeStatus('ready', true); // 'connected'
 * normalizeStatus(undefined, false); // 'not_connected'
 * ```
 */
export function normalizeStatus(status: string | null | undefined, connected?: boolean | null): ConnectionStatus {
  const key = status?.trim().toLowerCase() ?? '';
  // Own keys only: "__proto__" or "constructor" from the API must not find Object.prototype's.
  return (own(STATUS_ALIASES, key) as ConnectionStatus | undefined) ?? (connected ? 'connected' : 'not_connected');
}

/** `value` without its `undefined` and `null` fields: the wire's `null` for "not sent" is no key at all. */
export function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] == null) delete value[key]; // undefined or null
  }
  return value;
}

/**
 * `value` with `connectionId` last when there is one (a non-empty string), without the key otherwise:
 * the shape every check and "connected" answer takes.
 *
 * @example
 * ```ts
 * withConnectionId({ serverId, status }, detail.connectionId); // { serverId, status } when it is '' or undefined
 * ```
 */
export function withConnectionId<T extends object>(value: T, connectionId: string | undefined): T & { connectionId?: string } {
  return connectionId ? { ...value, connectionId } : value;
}

export function normalizeConnection(server: ServerWire, toolsCount?: number): Connection {
  const { id, name, connected, category, country } = server;
  const status = normalizeStatus(server.status, connected);
  return defined({
    id,
    name: name?.trim() ? name : id,
    category,
    country,
    authType: server.auth_type,
    connected: connected ?? status === 'connected',
    status,
    toolsCount: server.tools_count ?? toolsCount,
    connectionId: server.connection_id,
    connectedAt: server.connected_at,
  }) as Connection;
}

export function normalizeTool(tool: ToolWire): Tool {
  return defined({
    name: tool.name,
    description: tool.description,
    inputSchema: tool.input_schema,
  }) as Tool;
}

/** Enough for any real setup page; a longer list or line is cut, not shown whole. */
const MAX_ITEMS = 20;
const MAX_TEXT = 600;
const cut = (line: string) => truncate(line, MAX_TEXT);

/**
 * The live `initiate`'s setup fields as {@link SetupInstructions}, or `undefined` when it sent none.
 * Secrets keep their names and hints only: a `value` the API might send never travels further.
 */
export function normalizeSetup(wire: Infer<typeof metaStatusWire>): SetupInstructions | undefined {
  const { instructions, required_secrets: secrets, known_pitfalls: pitfalls, next_action: next, difficulty } = wire;
  if (!instructions?.length && !secrets?.length && !pitfalls?.length && !next) return undefined;
  const lines = (list: string[] | null | undefined) => (list ?? []).slice(0, MAX_ITEMS).map(cut);
  return defined({
    instructions: lines(instructions),
    requiredSecrets: (secrets ?? [])
      .slice(0, MAX_ITEMS)
      .map((secret) => defined({ name: cut(secret.name), hint: secret.hint ? cut(secret.hint) : undefined })),
    knownPitfalls: lines(pitfalls),
    nextAction: next ? cut(next) : undefined,
    difficulty,
  }) as SetupInstructions;
}
