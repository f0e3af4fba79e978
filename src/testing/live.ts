import type { CatalogProvider, ProviderSetup } from './catalog.ts';
import type { ServerState } from './reference-state.ts';

/**
 * The reference API's live dialect: what CodeSpar's public SDK sends and reads (docs/design.md, "The
 * wire"), beside the seeds' shapes that reference-routes.ts answers. Pure functions over a session's
 * servers; the HTTP side (routes and tokens in reference-routes.ts, faults in reference-faults.ts)
 * stays out of here.
 *
 * Reference states map onto live statuses so: auth `none` → `not_required` whatever the state;
 * `connected` → `connected`; `expired` and `error` → `expired` (credentials exist and no longer work:
 * the live wire has no `error`); `not_connected`, `needs_setup` and a server outside the session →
 * `disconnected`. Discover's `connection_status` has no `expired`: there it is `disconnected`.
 */

export type LiveStatus = 'connected' | 'disconnected' | 'not_required' | 'expired';

/** A server of a session as the live dialect needs it. */
export interface LiveServer {
  state: ServerState;
  connected_at?: string;
}

/** One session, seen by the live meta-tools. */
export interface LiveSession {
  id: string;
  servers: ReadonlyMap<string, LiveServer>;
  catalog: readonly CatalogProvider[];
  /** The catalog entry, or a generated one for an id outside the catalog. */
  provider(serverId: string): CatalogProvider;
  /** The reference setup page for a server of this session. */
  connectUrl(serverId: string, returnTo?: string): string;
  /** Adds a catalog server the session does not hold yet, not connected. */
  add(serverId: string): void;
}

/** What a meta-tool answers: the envelope's `data`, or its `error` (`success: false`). */
export type LiveAnswer = { data: unknown } | { error: string };

const ACTIONS = ['list', 'status', 'initiate'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * The live status of a server, from its catalog auth and its reference state (`undefined`: not in
 * the session).
 *
 * @example
 * ```ts
 * liveStatus('oauth', 'needs_setup'); // 'disconnected'
 * liveStatus('none', undefined); // 'not_required'
 * ```
 */
export function liveStatus(authType: CatalogProvider['auth_type'], state: ServerState | undefined): LiveStatus {
  if (authType === 'none') return 'not_required';
  if (state === 'connected') return 'connected';
  if (state === 'expired' || state === 'error') return 'expired';
  return 'disconnected';
}

/**
 * A provider's operator setup: its catalog entry's, else one generated from its auth type.
 *
 * @example
 * ```ts
 * setupOf(CATALOG.find((p) => p.id === 'z-api')!).required_secrets.map((s) => s.name);
 * // ['ZAPI_INSTANCE_ID', 'ZAPI_INSTANCE_TOKEN', 'ZAPI_CLIENT_TOKEN']
 * ```
 */
export function setupOf(provider: CatalogProvider): ProviderSetup {
  if (provider.setup) return provider.setup;
  const { name } = provider;
  if (provider.auth_type === 'none') {
    return {
      difficulty: 'easy',
      instructions: [`Nothing to set up: ${name} needs no credentials.`],
      required_secrets: [],
      known_pitfalls: [],
    };
  }
  if (provider.auth_type === 'oauth') {
    return {
      difficulty: 'easy',
      instructions: [
        `Open the setup page and choose Connect ${name}.`,
        `Sign in to ${name} and approve the access CodeSpar asks for.`,
        'Come back to the conversation: the connection is ready at once.',
      ],
      required_secrets: [],
      known_pitfalls: [`Sign in with the ${name} account that holds the business's data, not a personal one.`],
    };
  }
  const env = provider.id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const token = provider.auth_type === 'path_secret';
  return {
    difficulty: 'medium',
    instructions: [`Create ${token ? 'an access token' : 'an API key'} in your ${name} account.`, 'Paste it on the setup page and save.'],
    required_secrets: [
      token
        ? { name: `${env}_TOKEN`, hint: 'It travels in the request path: keep it out of logs.' }
        : { name: `${env}_API_KEY`, hint: `In your ${name} account settings.` },
    ],
    known_pitfalls: ['Test and live credentials reach different accounts: use the one that matches the environment.'],
  };
}

// ── POST /v1/sessions ───────────────────────────────────────────────────────────────────────────

const MOCK_KEY = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads a `POST /v1/sessions` body as CodeSpar's API does: `servers` (0 to 20 ids, repeats dropped),
 * `user_id` (optional, 1 to 128 characters, `anonymous` when absent) and `mocks` (optional: canonical
 * `server/tool` keys, each an object or an array of objects; checked, not served). Anything else is
 * an `invalid_body` (or `mocks_invalid`) answer with its issues.
 *
 * @example
 * ```ts
 * parseSessionRequest({ servers: ['asaas', 'asaas'], user_id: 'u_1' }); // { servers: ['asaas'], user_id: 'u_1' }
 * parseSessionRequest({ servers: 'asaas' }); // { error: 'invalid_body', issues: ['servers must be …'] }
 * ```
 */
export function parseSessionRequest(
  body: Record<string, unknown>,
): { servers: string[]; user_id: string } | { error: 'invalid_body' | 'mocks_invalid'; issues: string[] } {
  const issues: string[] = [];
  const servers = own(body, 'servers');
  const ids = Array.isArray(servers) ? servers : [];
  if (!Array.isArray(servers) || ids.length > 20 || ids.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 128)) {
    issues.push('servers must be an array of at most 20 server ids, each a string of 1 to 128 characters');
  }
  const userId = own(body, 'user_id') ?? 'anonymous';
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128)
    issues.push('user_id must be a string of 1 to 128 characters');
  if (issues.length) return { error: 'invalid_body', issues };
  const mocks = own(body, 'mocks');
  if (mocks !== undefined) {
    const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
    const entries = isObject(mocks) ? Object.entries(mocks as Record<string, unknown>) : [];
    const bad = entries.find(
      ([key, value]) => !MOCK_KEY.test(key) || !(isObject(value) || (Array.isArray(value) && value.every(isObject))),
    );
    if (!isObject(mocks) || bad) {
      return {
        error: 'mocks_invalid',
        issues: [
          `mocks must map server/tool names (e.g. asaas/create_payment) to an object or an array of objects${bad ? `; not ${quote(bad[0])}` : ''}`,
        ],
      };
    }
  }
  return { servers: [...new Set(ids as string[])], user_id: userId as string };
}

// ── codespar_manage_connections ─────────────────────────────────────────────────────────────────

/**
 * `codespar_manage_connections` in the live dialect (`action`): a `ConnectionWizardResult`. Without
 * an `action` it answers `status` when `server_id` is given, else `list` — the backend default the
 * SDK's `connectionWizard()` relies on (it sends its options verbatim). `status` and `initiate` also
 * answer a catalog server outside the session (`disconnected`); `initiate` then adds it to the
 * session, not connected, so its setup page works.
 *
 * @example
 * ```ts
 * const answer = manageConnections(session, { server_id: 'z-api' });
 * // { data: { action: 'status', connections: [], status: { server_id: 'z-api', status: 'disconnected', … }, initiate: null } }
 * ```
 */
export function manageConnections(session: LiveSession, input: Record<string, unknown>): LiveAnswer {
  const serverId = own(input, 'server_id');
  const action = own(input, 'action') ?? (serverId === undefined ? 'list' : 'status');
  if (!ACTIONS.includes(action as Action)) return { error: `invalid_input: unknown action ${quote(action)}; use list, status or initiate` };
  const problem = optionalString(input, 'country') ?? optionalString(input, 'return_to') ?? optionalString(input, 'server_id');
  if (problem) return { error: problem };
  const environment = own(input, 'environment');
  if (environment !== undefined && environment !== 'live' && environment !== 'test') {
    return { error: `invalid_input: environment must be live or test, not ${quote(environment)}` };
  }
  const result = { action, connections: [] as unknown[], status: null as unknown, initiate: null as unknown };

  if (action === 'list') {
    const country = own(input, 'country') as string | undefined;
    result.connections = [...session.servers.keys()]
      .filter((id) => inCountry(session.provider(id), country))
      .map((id) => statusRow(session, id));
    return { data: result };
  }
  if (typeof serverId !== 'string' || serverId === '') return { error: `invalid_input: server_id is required for ${action}` };
  if (!session.servers.has(serverId) && !session.catalog.some((p) => p.id === serverId)) {
    return { error: `not_found: server ${quote(serverId)} is neither in session ${session.id} nor in the catalog` };
  }
  if (action === 'status') {
    result.status = statusRow(session, serverId);
    return { data: result };
  }
  const returnTo = own(input, 'return_to') as string | undefined;
  // A dashboard path, as the dashboard checks it: no `..`, no `//`, nothing but path characters.
  if (returnTo !== undefined && (!/^\/dashboard\/[\w\-/]*$/.test(returnTo) || returnTo.includes('//'))) {
    return { error: 'invalid_input: return_to must be a path under /dashboard/' };
  }
  if (!session.servers.has(serverId)) session.add(serverId);
  result.initiate = instructions(session, serverId, returnTo);
  return { data: result };
}

function statusRow(session: LiveSession, serverId: string) {
  const provider = session.provider(serverId);
  const server = session.servers.get(serverId);
  const status = liveStatus(provider.auth_type, server?.state);
  return {
    server_id: serverId,
    display_name: provider.name,
    auth_type: provider.auth_type,
    status,
    difficulty: setupOf(provider).difficulty,
    connection_metadata: {},
    connected_at: status === 'connected' || status === 'expired' ? (server?.connected_at ?? null) : null,
  };
}

/** Said to whoever reads it, the agent or (through the setup details) the operator: no wire names. */
const NEXT_ACTION: Record<LiveStatus, string> = {
  connected: 'Already connected: call its tools.',
  not_required: 'Nothing to set up: call its tools.',
  disconnected: 'Open the setup page and complete it; the status then turns to connected.',
  expired: 'Open the setup page and enter the credentials again; the status then turns to connected.',
};

function instructions(session: LiveSession, serverId: string, returnTo?: string) {
  const row = statusRow(session, serverId);
  const setup = setupOf(session.provider(serverId));
  return {
    server_id: serverId,
    display_name: row.display_name,
    auth_type: row.auth_type,
    difficulty: setup.difficulty,
    status: row.status,
    connect_url: session.connectUrl(serverId, returnTo),
    instructions: setup.instructions,
    required_secrets: setup.required_secrets,
    known_pitfalls: setup.known_pitfalls,
    next_action: NEXT_ACTION[row.status],
  };
}

// ── codespar_discover ───────────────────────────────────────────────────────────────────────────

const STOP_WORDS = new Set(
  'a an the for to of and or with in on by my our from via me i we please de da do das dos para um uma em com por'.split(' '),
);
const COUNTRY_WORDS: Record<string, string> = {
  BR: 'brazil brazilian brasil',
  MX: 'mexico mexican',
  CO: 'colombia colombian',
  AR: 'argentina argentinian argentine',
};

/**
 * `codespar_discover` over the catalog: a keyword match of `use_case` against provider names,
 * categories, capabilities, tool names and descriptions (a trigram-like score, so
 * `search_strategy: 'trigram'`, or `'empty'` when nothing matches), honouring `category`,
 * `country` (that country's providers and the GLOBAL ones) and `limit` (how many `related`, 1–20,
 * default 5). Each match carries the server's status in the session; a catalog server outside the
 * session is `disconnected` (`not_required` when it needs no auth) — `initiate` adds it.
 * `seedMatches` adds the seed loop's `matches[]` (`{ server_id, tool_name, description, connected }`,
 * the recommended match first) beside the live fields.
 *
 * @example
 * ```ts
 * const answer = discover(session, { use_case: 'issue an NF-e for a Brazilian customer', limit: 3 });
 * // { data: { use_case, search_strategy: 'trigram', recommended: { server_id: 'nuvem-fiscal', … }, related: […], next_steps: […] } }
 * ```
 */
export function discover(session: LiveSession, input: Record<string, unknown>, seedMatches = false): LiveAnswer {
  const useCase = own(input, 'use_case');
  if (typeof useCase !== 'string' || useCase.trim() === '') return { error: 'invalid_input: use_case is required (a non-empty string)' };
  const problem = optionalString(input, 'category') ?? optionalString(input, 'country');
  if (problem) return { error: problem };
  const limitValue = own(input, 'limit') ?? 5;
  if (typeof limitValue !== 'number' || !Number.isFinite(limitValue)) return { error: 'invalid_input: limit must be a number' };
  const limit = Math.min(20, Math.max(1, Math.trunc(limitValue)));
  const category = (own(input, 'category') as string | undefined)?.trim().toLowerCase();
  const country = own(input, 'country') as string | undefined;

  const terms = [...new Set(words(useCase.slice(0, 2000)))].filter((t) => !STOP_WORDS.has(t));
  const scored: { provider: CatalogProvider; tool: CatalogProvider['tools'][number]; score: number }[] = [];
  for (const provider of session.catalog) {
    if ((category !== undefined && provider.category !== category) || !inCountry(provider, country)) continue;
    const about = words(
      [
        provider.id,
        provider.name,
        provider.category,
        ...provider.capabilities,
        provider.description,
        COUNTRY_WORDS[provider.country] ?? '',
      ].join(' '),
    );
    for (const tool of provider.tools) {
      const itself = words(`${unprefixed(provider, tool)} ${tool.description}`);
      // A term counts twice in the tool's own name or description, once in its provider's.
      const points = terms.reduce((sum, t) => sum + (itself.some((w) => same(t, w)) ? 2 : about.some((w) => same(t, w)) ? 1 : 0), 0);
      if (points > 0) scored.push({ provider, tool, score: Math.round((points / (2 * terms.length)) * 1000) / 1000 });
    }
  }
  // Best first; among equals, what the session can use now, then what it holds, then catalog order (a stable sort).
  const rank = (provider: CatalogProvider) => {
    const state = session.servers.get(provider.id)?.state;
    return liveStatus(provider.auth_type, state) === 'connected' || provider.auth_type === 'none' ? 0 : state ? 1 : 2;
  };
  scored.sort((a, b) => b.score - a.score || rank(a.provider) - rank(b.provider));
  const matches = scored.slice(0, limit + 1).map(({ provider, tool, score }) => toolMatch(session, provider, tool, score));
  const [recommended = null, ...related] = matches;
  const data: Record<string, unknown> = {
    use_case: useCase,
    search_strategy: recommended ? 'trigram' : 'empty',
    recommended,
    related,
    next_steps: nextSteps(session, recommended),
  };
  if (seedMatches) {
    data.matches = matches.map((m) => ({
      server_id: m.server_id,
      tool_name: m.tool_name,
      description: m.description,
      connected: m.connection_status !== 'disconnected',
    }));
  }
  return { data };
}

function toolMatch(session: LiveSession, provider: CatalogProvider, tool: CatalogProvider['tools'][number], score: number) {
  const status = liveStatus(provider.auth_type, session.servers.get(provider.id)?.state);
  const connection_status = status === 'expired' ? 'disconnected' : status;
  // A REST endpoint generated from the tool's verb and noun: `get_nfe` → `GET /nfe/{id}`.
  const [verb = '', ...noun] = unprefixed(provider, tool).split('_');
  const method = /^(get|list|track|lookup|search|download)$/.test(verb) ? 'GET' : verb === 'cancel' ? 'DELETE' : 'POST';
  const byId = /^(get|track|lookup|download|cancel)$/.test(verb);
  const path = `/${noun.join('-') || verb}${byId ? '/{id}' : ''}`;
  return {
    server_id: provider.id,
    tool_name: tool.name,
    description: tool.description,
    http_method: method,
    endpoint_template: path,
    cosine_distance: null,
    trigram_similarity: score,
    connection_status,
    known_pitfalls: setupOf(provider).known_pitfalls,
    recommended_plan: [
      ...(connection_status === 'disconnected'
        ? [{ step: 'connect', description: `Connect ${provider.name} (codespar_manage_connections, action initiate).`, prereq: true }]
        : []),
      { step: 'execute', description: `Call ${tool.name}.`, action: true },
    ],
  };
}

function nextSteps(session: LiveSession, match: ReturnType<typeof toolMatch> | null): string[] {
  if (!match) return ['No tool matched: describe the use case in other words, or drop the category or country filter.'];
  const call = `call ${match.tool_name} with session.execute.`;
  if (match.connection_status !== 'disconnected') return [`Ready: ${call}`];
  return [
    `${session.provider(match.server_id).name} is not connected in this session: call codespar_manage_connections with action "initiate" and server_id "${match.server_id}", and show the operator its connect_url.`,
    `Once its status is connected, ${call}`,
  ];
}

/** A tool's name without its provider's prefix: `focus_nfe_issue_nfe` → `issue_nfe`. */
function unprefixed(provider: CatalogProvider, tool: CatalogProvider['tools'][number]): string {
  const prefix = `${provider.id.replaceAll('-', '_')}_`;
  return tool.name.startsWith(prefix) ? tool.name.slice(prefix.length) : tool.name;
}

/** Lower-case words without accents; `NF-e` → `nfe`, `z-api` → `zapi`; underscores split words. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\p{L})[-.](?=\p{L})/gu, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
}

/** A query term matches a word that is it, starts with it, or that it starts with (`issues` ~ `issue`). */
function same(term: string, word: string): boolean {
  return term === word || (term.length >= 3 && word.startsWith(term)) || (word.length >= 4 && term.startsWith(word));
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function inCountry(provider: CatalogProvider, country: string | undefined): boolean {
  if (country === undefined) return true;
  const wanted = country.trim().toUpperCase();
  return provider.country === wanted || provider.country === 'GLOBAL';
}

/** An own property only: `__proto__` or `constructor` in the input are data, never the prototype's. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = own(record, key);
  if (value === undefined || (typeof value === 'string' && value.length <= 256)) return undefined;
  return `invalid_input: ${key} must be a string of at most 256 characters`;
}

function quote(value: unknown): string {
  // JSON, not String(): an object whose own `toString` is not a function would throw.
  const text = JSON.stringify(value) ?? `(${typeof value})`;
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}
