import { isSafeId } from './ids.ts';
import { defined } from './schemas.ts';
import { checkUrl } from './url.ts';
import { has, isName, isRecord, own } from './validate.ts';

/**
 * What a tool call said it needs: a server to connect, and where it came from. Read out of
 * whatever the chat hands over by {@link readConnectionRequest}.
 */
export interface ConnectionRequest {
  /** The server to connect, e.g. `"mercado-pago"`. Always a safe path segment. */
  serverId: string;
  /** The operator's setup page (seed 003's `wizard_url`, the live `connect_url`), checked with `checkUrl`. */
  wizardUrl?: string;
  /** The tool to resume: the AI SDK part's tool, else the `codespar_discover` match's. */
  toolName?: string;
  /** The tool call to resume (AI SDK parts): what "resume exactly once" is counted by. */
  toolCallId?: string;
}

/** Deeper than any real result nests. */
const MAX_DEPTH = 8;
/** JSON text longer than this is not parsed: no tool result that asks for a connection is this big. */
const MAX_JSON_LENGTH = 1_000_000;
/** The query parameters a setup URL names its server by (`?connect=z-api`). */
const URL_ID_PARAMS = ['connect', 'server', 'server_id'];
/** Statuses that say a server is not usable yet: the seed's (`needs_setup`, `expired`, `error`) and the live ones. */
const UNUSABLE = /* @__PURE__ */ new Set(['needs_setup', 'expired', 'error', 'disconnected', 'not_connected']);
/** A URL scheme (`javascript:`): a `needs_connection` string that starts with one is a URL, never a server id. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Reads a connection request out of anything a chat app holds, or `undefined` when the value does
 * not ask for a connection. It never throws, and a `serverId` it returns is always a safe URL path
 * segment. It reads:
 *
 * - seed 003's agent result `{ needs_connection: "<wizard_url>" }` (the server from the URL's
 *   `connect`, `server` or `server_id` parameter; the URL kept only if it passes `checkUrl`),
 *   `{ needs_connection: "<server id>" }` and `{ needs_connection: { server_id, wizard_url? } }`;
 * - a `codespar_manage_connections` `status` / `initiate` result, or `session.connectionWizard()`'s
 *   (seed or live shape), whose status says the server is not usable (`needs_setup`, `expired`,
 *   `error`, `disconnected`); a `connected` or `not_required` one is not a request;
 * - a `codespar_discover` match that is not connected (`connected: false` or
 *   `connection_status: "disconnected"`), or a discover result whose top match is one;
 * - any of these as JSON text, in a `session.execute` envelope (`{ success, data }`), in an MCP tool
 *   result (`structuredContent`, or `content: [{ type: 'text', text }]`), or as the `output` of an
 *   AI SDK UI message part (`tool-<name>` or `dynamic-tool`, ai 5–7) in state `output-available`,
 *   which adds `toolCallId` and `toolName`;
 * - a {@link ConnectionRequest} itself, so reading twice gives the same request.
 *
 * @example
 * ```tsx
 * {message.parts.map((part) => {
 *   const request = readConnectionRequest(part);
 *   return request ? <ConnectionRequired key={request.toolCallId} request={request} onConnected={resume} /> : null;
 * })}
 *
 * readConnectionRequest({ needs_connection: 'https://app.codespar.dev/dashboard/auth-configs?connect=z-api' });
 * // { serverId: 'z-api', wizardUrl: 'https://app.codespar.dev/dashboard/auth-configs?connect=z-api' }
 * ```
 */
export function readConnectionRequest(value: unknown): ConnectionRequest | undefined {
  try {
    return read(value, 0, new Map());
  } catch {
    // A Proxy or an exotic object that throws on inspection is not a request.
    return undefined;
  }
}

/**
 * `seen` holds the shallowest depth each object or string was read at: read again from no shallower,
 * it can find nothing new. Without it a cycle, or one object shared by the text blocks of every level,
 * is read up to 32^MAX_DEPTH times (the MCP `content` loop below).
 */
function read(value: unknown, depth: number, seen: Map<unknown, number>): ConnectionRequest | undefined {
  // Only JSON text and objects that are not arrays can hold a request.
  if (depth > MAX_DEPTH || (typeof value !== 'string' && !isRecord(value))) return undefined;
  if ((seen.get(value) ?? Number.POSITIVE_INFINITY) <= depth) return undefined;
  seen.set(value, depth);
  if (typeof value === 'string') return read(parseJson(value), depth + 1, seen);
  const next = (inner: unknown) => read(inner, depth + 1, seen);

  const part = readPart(value, next);
  if (part !== null) return part;

  if (has(value, 'needs_connection')) return readNeedsConnection(value);

  // session.execute's envelope: only a successful call carries a result.
  if (typeof own(value, 'success') === 'boolean' && has(value, 'data')) {
    return own(value, 'success') === true ? next(own(value, 'data')) : undefined;
  }

  // An MCP tool result: its structured content, else the first text block that reads as a request.
  if (has(value, 'structuredContent') || Array.isArray(own(value, 'content'))) {
    const structured = next(own(value, 'structuredContent'));
    if (structured) return structured;
    const content = own(value, 'content');
    if (!Array.isArray(content)) return undefined;
    // Array.prototype's slice, not the value's: an own `slice` could hand over blocks that are not there, or never end.
    for (const block of Array.prototype.slice.call(content, 0, 32)) {
      if (isRecord(block) && own(block, 'type') === 'text') {
        const found = next(own(block, 'text'));
        if (found) return found;
      }
    }
    return undefined;
  }

  // session.connectionWizard()'s live result: `initiate` for initiate, `status` for status.
  if (typeof own(value, 'action') === 'string' && (has(value, 'initiate') || has(value, 'status'))) {
    const initiate = own(value, 'initiate');
    return readStatusLike(isRecord(initiate) ? initiate : own(value, 'status'));
  }

  // codespar_discover: the seed's `matches[0]`, the live `recommended`.
  const matches = own(value, 'matches');
  if (Array.isArray(matches)) return readDiscoverMatch(matches[0]);
  if (has(value, 'recommended')) return readDiscoverMatch(own(value, 'recommended'));
  if (has(value, 'tool_name') && (has(value, 'connected') || has(value, 'connection_status'))) return readDiscoverMatch(value);

  if (has(value, 'server_id') && typeof own(value, 'status') === 'string') return readStatusLike(value);

  return readOwnShape(value);
}

/**
 * An AI SDK UI message part (`tool-<name>` or `dynamic-tool`, identified by its `state`): its output
 * once it is available, with the call's id and tool name. `null` when the value is not a tool part.
 */
function readPart(value: Record<string, unknown>, next: (inner: unknown) => ConnectionRequest | undefined) {
  const type = own(value, 'type');
  const state = own(value, 'state');
  if (typeof type !== 'string' || typeof state !== 'string' || !has(value, 'toolCallId')) return null;
  const toolName = type === 'dynamic-tool' ? own(value, 'toolName') : type.startsWith('tool-') ? type.slice(5) : undefined;
  if (toolName === undefined) return null;
  if (state !== 'output-available') return undefined;
  const found = next(own(value, 'output'));
  if (!found) return undefined;
  return build(found.serverId, found.wizardUrl, isName(toolName) ? toolName : found.toolName, own(value, 'toolCallId'));
}

function readNeedsConnection(value: Record<string, unknown>): ConnectionRequest | undefined {
  const needs = own(value, 'needs_connection');
  if (typeof needs === 'string') {
    if (isSafeId(needs) && !URL_SCHEME.test(needs)) return build(needs);
    return fromWizardUrl(needs);
  }
  // `{ needs_connection: { server_id, wizard_url } }`, or a flag beside them.
  const details = isRecord(needs) ? needs : needs === true ? value : undefined;
  if (!details) return undefined;
  const url = own(details, 'wizard_url') ?? own(details, 'connect_url');
  const serverId = own(details, 'server_id');
  if (serverId === undefined && typeof url === 'string') return fromWizardUrl(url);
  return build(serverId, url, own(details, 'tool_name'));
}

/** Seed 003's verbatim result: a setup URL that names its server in the query. */
function fromWizardUrl(text: string): ConnectionRequest | undefined {
  if (text.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  for (const name of URL_ID_PARAMS) {
    const id = url.searchParams.get(name);
    if (id !== null) return build(id, text);
  }
  return undefined;
}

/** A `status` / `initiate` result (seed) or a live `ConnectionStatusRow` / `ConnectionWizardInstructions`. */
function readStatusLike(value: unknown): ConnectionRequest | undefined {
  if (!isRecord(value)) return undefined;
  const status = own(value, 'status');
  if (typeof status !== 'string' || !UNUSABLE.has(status)) return undefined;
  return build(own(value, 'server_id'), own(value, 'wizard_url') ?? own(value, 'connect_url'));
}

/** A `codespar_discover` match (an object), when it is not connected. */
function readDiscoverMatch(value: unknown): ConnectionRequest | undefined {
  if (!isRecord(value)) return undefined;
  const connected = own(value, 'connected');
  const status = own(value, 'connection_status');
  const unusable = connected === false || (connected === undefined && status === 'disconnected');
  return unusable ? build(own(value, 'server_id'), undefined, own(value, 'tool_name')) : undefined;
}

const OWN_KEYS = /* @__PURE__ */ new Set(['serverId', 'wizardUrl', 'toolName', 'toolCallId']);

/** A {@link ConnectionRequest} handed in again: only its own keys, each checked anew. */
function readOwnShape(value: Record<string, unknown>): ConnectionRequest | undefined {
  const keys = Object.keys(value);
  if (!keys.includes('serverId') || keys.some((key) => !OWN_KEYS.has(key))) return undefined;
  return build(own(value, 'serverId'), own(value, 'wizardUrl'), own(value, 'toolName'), own(value, 'toolCallId'));
}

/**
 * The request, or `undefined` when the server id is not safe. A URL that fails `checkUrl` is dropped,
 * and so is a tool name or call id that is not a string of 1 to 256 characters.
 */
function build(serverId: unknown, wizardUrl?: unknown, toolName?: unknown, toolCallId?: unknown): ConnectionRequest | undefined {
  if (!isSafeId(serverId)) return undefined;
  return defined({
    serverId,
    wizardUrl: safeHref(wizardUrl),
    toolName: isName(toolName) ? toolName : undefined,
    toolCallId: isName(toolCallId) ? toolCallId : undefined,
  });
}

/** The checked URL; `undefined` when it is not a string, or unsafe, or malformed (the request stands, without a link). */
function safeHref(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? checkUrl(url).href : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if ((start !== '{' && start !== '"') || text.length > MAX_JSON_LENGTH) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
