import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ConnectionsError, type ConnectionsErrorCode } from '../../src/core/errors.ts';
import { createMetaToolClient } from '../../src/core/meta-tool-client.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import { checkUrl } from '../../src/core/url.ts';
import { REFUSED_URLS } from './url-cases.ts';

const requestedRuns = Number(process.env.FC_RUNS ?? 1000);
const NUM_RUNS = Number.isInteger(requestedRuns) && requestedRuns > 0 ? requestedRuns : 1000;
// Per-test time limit, scaled when CI raises FC_RUNS.
const TIME_LIMIT = Math.max(60_000, NUM_RUNS * 60);

// ─── The documented contract ────────────────────────────────────────────────────────────────────

/** Every documented code; a `Record` so the type checker flags a code added to or removed from the union. */
const DOCUMENTED_CODES: Record<ConnectionsErrorCode, true> = {
  popup_blocked: true,
  popup_closed: true,
  timeout: true,
  aborted: true,
  provider_denied: true,
  provider_error: true,
  unsafe_url: true,
  invalid_response: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  oauth_redirect_required: true,
  bad_request: true,
  rate_limited: true,
  server_error: true,
  network_error: true,
  secret_key_in_browser: true,
  invalid_options: true,
  unsupported: true,
  unexpected: true,
};
const CODES = Object.keys(DOCUMENTED_CODES);

/** Output schemas: the return types in src/core/types.ts, written independently of the wire schemas. */
const connectionStatus = z.enum(['connected', 'not_connected', 'needs_setup', 'expired', 'error', 'not_required']);
const count = z.number().int().nonnegative();

const connection = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  category: z.string().optional(),
  country: z.string().optional(),
  authType: z.string().optional(),
  connected: z.boolean(),
  status: connectionStatus,
  toolsCount: count.optional(),
  connectionId: z.string().optional(),
  connectedAt: z.string().optional(),
});

const connectionList = z.strictObject({
  connections: z.array(connection),
  total: count,
  sessionId: z.string().optional(),
});

const tool = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  inputSchema: z.unknown().optional(),
});

const connectionDetail = connection.extend({
  capabilities: z.array(z.string()),
  tools: z.array(tool),
  latencyMs: z.number().nonnegative().optional(),
});

/** What an operator's setup page asks for: text only, bounded, and never a secret's value. */
const setupInstructions = z.strictObject({
  instructions: z.array(z.string().max(601)).max(20),
  requiredSecrets: z.array(z.strictObject({ name: z.string().min(1).max(601), hint: z.string().max(601).optional() })).max(20),
  knownPitfalls: z.array(z.string().max(601)).max(20),
  nextAction: z.string().max(601).optional(),
  difficulty: z.string().optional(),
});

const connectStart = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('connected'), serverId: z.string(), connectionId: z.string().optional() }),
  z.strictObject({
    type: z.literal('redirect'),
    serverId: z.string(),
    url: z.string(),
    state: z.string().optional(),
    expiresInMs: z.number().nonnegative().optional(),
  }),
  z.strictObject({ type: z.literal('wizard'), serverId: z.string(), url: z.string(), setup: setupInstructions.optional() }),
]);

const connectionCheck = (serverId: string) =>
  z.strictObject({ serverId: z.literal(serverId), status: connectionStatus, connectionId: z.string().optional() });

/** A URL the client hands back for navigation passes the same check again, unchanged. */
function expectSafeUrl(url: string | undefined, what: string): void {
  expect(url, `${what} must be present`).toBeTypeOf('string');
  expect(checkUrl(url).href, what).toBe(url);
}

// ─── Settling ───────────────────────────────────────────────────────────────────────────────────

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

const HANG = Symbol('hang');

/** The promise's outcome; a test failure when it has not settled within two seconds. */
async function settle(promise: Promise<unknown>, what: string): Promise<Settled> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<typeof HANG>((resolve) => {
    timer = setTimeout(() => resolve(HANG), 2000);
  });
  let outcome: Settled | typeof HANG;
  try {
    const value = await Promise.race([promise, hang]);
    outcome = value === HANG ? HANG : { ok: true, value };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
  if (outcome === HANG) expect.fail(`${what} never settled`);
  return outcome;
}

function expectConnectionsError(error: unknown, what: string): ConnectionsError {
  expect(error, `${what} rejected with something other than a ConnectionsError`).toBeInstanceOf(ConnectionsError);
  const e = error as ConnectionsError;
  expect(CODES, `${what}: undocumented code ${e.code}`).toContain(e.code);
  expect(e.message, `${what}: empty message`).toBeTypeOf('string');
  expect(e.message.length).toBeGreaterThan(0);
  return e;
}

/** Resolves to a value valid against `schema`, or rejects with a documented ConnectionsError. */
async function expectContract<T>(promise: Promise<unknown>, schema: z.ZodType<T>, what: string): Promise<Settled> {
  const result = await settle(promise, what);
  if (result.ok) {
    const parsed = schema.safeParse(result.value);
    if (!parsed.success) expect.fail(`${what} resolved outside its documented type: ${z.prettifyError(parsed.error)}`);
  } else {
    expectConnectionsError(result.error, what);
  }
  return result;
}

// ─── Generators ─────────────────────────────────────────────────────────────────────────────────

const ANYTHING = {
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
} as const;

const anything = fc.anything(ANYTHING);
/** For values handed over in memory (not serialised): also BigInt and prototype-less objects. */
const anythingInMemory = fc.anything({ ...ANYTHING, withBigInt: true, withNullPrototype: true });

const serialise = (value: unknown): string => JSON.stringify(value) ?? '';

/** Mostly `arb`, sometimes null or anything at all. */
const mostly = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anything });

/** Strings that find something on Object.prototype when used as a key (the review's hostile inputs). */
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
/** Markup where text belongs: it must stay text. */
const MARKUP = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', '&lt;b&gt;'];
/** Ids that leave a URL path segment once decoded or normalised. */
const DOT_SEGMENT_IDS = ['.', '..', '%2e%2e', '.%2E', '%252e%252e', '．．', '../x', 'a%2fb', 'a\\b'];

/** Any text, often one of the hostile strings above. */
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, ...MARKUP, ...DOT_SEGMENT_IDS) },
);

const STATUS_WORDS = [
  ...PROTO_KEYS,
  'ready',
  'connected',
  'ACTIVE',
  ' ok ',
  'not_connected',
  'disconnected',
  'available',
  'needs_setup',
  'pending',
  'expired',
  'reauth_required',
  'error',
  'failed',
  'something_new',
  '',
];

const urlLike = fc.oneof(
  fc.constantFrom(...REFUSED_URLS.map((c) => c.input).filter((input): input is string => typeof input === 'string')),
  fc.constantFrom('https://auth.mercadopago.com/authorization?client_id=1', 'http://localhost:4010/oauth/consent?state=x'),
  fc.webUrl({ validSchemes: ['https', 'http', 'javascript', 'data'], authoritySettings: { withUserInfo: true } }),
  fc.string(),
);

const isoDate = fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(2100, 0)) }).map((d) => d.toISOString());
const someNumber = fc.oneof(
  { weight: 8, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
const serverIdLike = fc.oneof(
  fc.constantFrom('stripe', 'mercado-pago', 'asaas', 'z-api', ' ', ...PROTO_KEYS, ...DOT_SEGMENT_IDS),
  fc.string({ maxLength: 300 }),
);

const serverLike = fc.record(
  {
    id: mostly(serverIdLike),
    name: mostly(hostileText),
    category: mostly(hostileText),
    country: mostly(fc.oneof(fc.constantFrom('BR', 'GLOBAL'), hostileText)),
    auth_type: mostly(fc.oneof(fc.constantFrom('oauth', 'api_key', 'none'), hostileText)),
    connected: mostly(fc.boolean()),
    status: mostly(fc.constantFrom(...STATUS_WORDS)),
    tools_count: mostly(someNumber),
    connection_id: mostly(hostileText),
    connected_at: mostly(fc.oneof(isoDate, hostileText)),
  },
  { requiredKeys: ['id'] },
);

const toolLike = fc.record(
  {
    name: mostly(hostileText),
    description: mostly(hostileText),
    input_schema: fc.jsonValue(),
    server: mostly(fc.constantFrom('stripe', 'mercado-pago', 'nobody', ...PROTO_KEYS)),
  },
  { requiredKeys: ['name'] },
);

/** Objects shaped almost like the REST API's answers, with arbitrary values in the known keys. */
const restShaped = fc
  .tuple(
    fc.record(
      {
        data: mostly(fc.array(serverLike, { maxLength: 4 })),
        servers: mostly(fc.array(serverLike, { maxLength: 4 })),
        tools: mostly(fc.array(toolLike, { maxLength: 4 })),
        total: mostly(someNumber),
        session_id: mostly(hostileText),
        id: mostly(serverIdLike),
        connected: mostly(fc.boolean()),
        redirect_url: mostly(urlLike),
        state: mostly(hostileText),
        link_token: mostly(hostileText),
        expires_at: mostly(fc.oneof(isoDate, hostileText)),
        capabilities: mostly(fc.array(mostly(hostileText), { maxLength: 4 })),
        latency_ms: mostly(someNumber),
      },
      { requiredKeys: ['id', 'connected'] },
    ),
    fc.option(serverLike, { nil: undefined }),
  )
  .map(([shaped, server]) => ({ ...server, ...shaped }));

const restJsonBody = fc.oneof(
  fc.jsonValue().map(serialise),
  anything.map(serialise),
  { weight: 6, arbitrary: restShaped.map(serialise) },
  restShaped.map((value) => serialise(value).slice(0, -1)),
);

/** Printable ASCII, tab and Latin-1: what a Headers value may hold (no NUL, CR, LF). */
const headerValue = fc.oneof(
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
      .map((code) => String.fromCharCode(code)),
  }),
  fc.nat().map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
);

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** Which code a non-2xx status maps to, per the ConnectionsErrorCode docs. */
function codesFor(status: number): ConnectionsErrorCode[] {
  if (status === 401) return ['unauthorized'];
  if (status === 403) return ['forbidden'];
  if (status === 404) return ['not_found'];
  if (status === 409) return ['conflict'];
  if (status === 422) return ['oauth_redirect_required', 'bad_request'];
  if (status === 429) return ['rate_limited'];
  if (status === 408 || status >= 500) return ['server_error'];
  return ['bad_request'];
}

/** Whatever a broken `fetch` / `execute` might throw, including values `String()` cannot convert. */
const thrownValue = fc.oneof(
  anything,
  fc.constantFrom<unknown>(Object.create(null), { toString: 0 }),
  fc.constantFrom<unknown>(null, undefined, '', 'boom', 0, Number.NaN, false, Symbol('boom'), [], {}),
  fc.string().map((message) => new Error(message)),
  fc.string().map((message) => new TypeError(message)),
  fc.string().map((message) => new DOMException(message, 'AbortError')),
  fc.string().map((message) => new DOMException(message, 'NetworkError')),
);

// ─── Clients ────────────────────────────────────────────────────────────────────────────────────

function restClient(fetch: typeof globalThis.fetch) {
  return createConnectionsClient({ sessionId: 'ses_demo', baseUrl: 'http://api.test', getToken: () => 'demo_token', retry: false, fetch });
}

/** Runs every REST method against the same answer and checks each against its documented type. */
async function everyRestMethod(respond: () => Response): Promise<Array<{ what: string; result: Settled }>> {
  const client = restClient(async () => respond());
  const results: Array<{ what: string; result: Settled }> = [];

  results.push({ what: 'list()', result: await expectContract(client.list(), connectionList, 'list()') });
  results.push({ what: "get('stripe')", result: await expectContract(client.get('stripe'), connectionDetail, "get('stripe')") });

  const what = "begin('mercado-pago', { redirectUrl })";
  const auth = await expectContract(client.begin('mercado-pago', { redirectUrl: 'http://localhost/cb' }), connectStart, what);
  if (auth.ok) {
    const value = auth.value as z.infer<typeof connectStart>;
    if (value.type === 'redirect') expectSafeUrl(value.url, `${what}.url`);
  }
  results.push({ what, result: auth });

  results.push({
    what: "disconnect('stripe')",
    result: await expectContract(client.disconnect('stripe'), z.undefined(), "disconnect('stripe')"),
  });

  const begun = await expectContract(client.begin('mercado-pago'), connectStart, "begin('mercado-pago')");
  if (begun.ok) {
    const start = begun.value as z.infer<typeof connectStart>;
    if (start.type === 'redirect') expectSafeUrl(start.url, "begin('mercado-pago').url");
  }
  results.push({ what: "begin('mercado-pago')", result: begun });
  return results;
}

// ─── REST client ────────────────────────────────────────────────────────────────────────────────

describe('given the REST client and a 200 answer with an arbitrary JSON body', () => {
  it(
    'should resolve every method to its documented type, or reject with a ConnectionsError',
    async () => {
      await fc.assert(
        fc.asyncProperty(restJsonBody, async (body) => {
          await everyRestMethod(() => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given the REST client and an answer of arbitrary bytes, status and headers', () => {
  it(
    'should resolve to the documented type or reject with a ConnectionsError that carries the status',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 512 }),
          fc.integer({ min: 200, max: 599 }),
          fc.option(headerValue, { nil: undefined }),
          fc.option(headerValue, { nil: undefined }),
          async (bytes, status, retryAfter, requestId) => {
            const headers = new Headers();
            if (retryAfter !== undefined) headers.set('retry-after', retryAfter);
            if (requestId !== undefined) headers.set('x-request-id', requestId);
            const results = await everyRestMethod(
              () => new Response(NULL_BODY_STATUSES.has(status) ? null : new Uint8Array(bytes), { status, headers }),
            );
            if (status < 300) return;
            for (const { what, result } of results) {
              expect(result.ok, `${what} resolved on HTTP ${status}`).toBe(false);
              const error = expectConnectionsError((result as { error: unknown }).error, what);
              expect(error.status, `${what}: status`).toBe(status);
              expect(codesFor(status), `${what}: code for HTTP ${status}`).toContain(error.code);
              if (error.retryAfterMs !== undefined) expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
              if (requestId?.trim()) expect(error.requestId, `${what}: request id`).toBeTypeOf('string');
            }
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given the REST client and a fetch that throws', () => {
  it(
    'should reject every method with a network_error ConnectionsError',
    async () => {
      await fc.assert(
        fc.asyncProperty(thrownValue, fc.boolean(), async (thrown, synchronously) => {
          const client = restClient(
            synchronously
              ? () => {
                  throw thrown;
                }
              : async () => Promise.reject(thrown),
          );
          for (const [what, call] of [
            ['list()', () => client.list()],
            ["get('stripe')", () => client.get('stripe')],
            ["begin('mercado-pago')", () => client.begin('mercado-pago')],
            ["disconnect('stripe')", () => client.disconnect('stripe')],
          ] as const) {
            const result = await settle(call(), what);
            expect(result.ok, `${what} resolved`).toBe(false);
            expect(expectConnectionsError((result as { error: unknown }).error, what).code).toBe('network_error');
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

// ─── Meta-tool client ───────────────────────────────────────────────────────────────────────────

const metaStatusLike = fc.record(
  {
    server_id: mostly(serverIdLike),
    status: mostly(fc.constantFrom('connected', 'needs_setup', 'expired', 'error', 'not_connected', 'ready', ...PROTO_KEYS)),
    connection_id: mostly(hostileText),
    expires_at: mostly(fc.oneof(isoDate, hostileText)),
    wizard_url: mostly(urlLike),
    operation: fc.constantFrom('status', 'initiate', 'list', ...PROTO_KEYS),
    action: fc.constantFrom('status', 'initiate', 'list', ...PROTO_KEYS),
  },
  { requiredKeys: ['server_id', 'status'] },
);

const metaListLike = fc.record({
  connections: mostly(
    fc.array(
      fc.record(
        {
          server_id: mostly(serverIdLike),
          status: mostly(fc.constantFrom('connected', 'expired', 'error', 'needs_setup', ...PROTO_KEYS)),
          connection_id: mostly(hostileText),
          connected_at: mostly(isoDate),
        },
        { requiredKeys: ['server_id', 'status'] },
      ),
      { maxLength: 4 },
    ),
  ),
});

// CodeSpar's live wire: ConnectionWizardResult, its rows and instructions, hostile in every field.
const liveStatus = fc.constantFrom('connected', 'disconnected', 'not_required', 'expired', 'needs_setup', ...PROTO_KEYS);
const textList = fc.array(hostileText, { maxLength: 30 });
const liveRowLike = fc.record(
  {
    server_id: mostly(serverIdLike),
    display_name: mostly(hostileText),
    auth_type: mostly(hostileText),
    status: mostly(liveStatus),
    difficulty: mostly(fc.constantFrom('easy', 'medium', 'hard', ...PROTO_KEYS)),
    connection_metadata: mostly(fc.jsonValue({ maxDepth: 2 })),
    connected_at: mostly(fc.oneof(isoDate, fc.constant(null))),
  },
  { requiredKeys: ['server_id', 'status'] },
);
const liveInstructionsLike = fc.record(
  {
    server_id: mostly(serverIdLike),
    display_name: mostly(hostileText),
    status: mostly(liveStatus),
    connect_url: mostly(urlLike),
    instructions: mostly(textList),
    required_secrets: mostly(
      fc.array(fc.record({ name: mostly(hostileText), hint: mostly(hostileText), value: hostileText }, { requiredKeys: ['name'] }), {
        maxLength: 25,
      }),
    ),
    known_pitfalls: mostly(textList),
    next_action: mostly(hostileText),
    difficulty: mostly(hostileText),
  },
  { requiredKeys: ['server_id', 'status'] },
);
const liveWizardLike = fc.record(
  {
    action: fc.constantFrom('list', 'status', 'initiate', ...PROTO_KEYS),
    connections: mostly(fc.array(liveRowLike, { maxLength: 4 })),
    status: mostly(fc.oneof(liveRowLike, fc.constant(null))),
    initiate: mostly(fc.oneof(liveInstructionsLike, fc.constant(null))),
  },
  { requiredKeys: ['action'] },
);

const metaPayload = fc.oneof(
  { weight: 2, arbitrary: metaStatusLike },
  { weight: 2, arbitrary: metaListLike },
  { weight: 2, arbitrary: liveWizardLike },
  { weight: 1, arbitrary: anything },
);
const metaPayloadInMemory = fc.oneof(
  { weight: 2, arbitrary: metaStatusLike },
  { weight: 2, arbitrary: metaListLike },
  { weight: 2, arbitrary: liveWizardLike },
  { weight: 1, arbitrary: anythingInMemory },
);

const toolError = fc.oneof(
  anything,
  fc.constantFrom('unauthorized', 'not_found', 'rate_limited', 'already_connected', 'invalid_input', 'weird'),
  fc.record({ code: mostly(fc.string()), message: mostly(fc.string()), request_id: mostly(fc.string()) }, { requiredKeys: [] }),
);

const envelope = fc.record(
  {
    success: fc.boolean(),
    data: fc.oneof(metaPayloadInMemory, metaPayload.map(serialise), fc.string()),
    error: toolError,
    message: mostly(fc.string()),
  },
  { requiredKeys: ['success'] },
);

const executeResult = fc.oneof(
  { weight: 3, arbitrary: metaPayloadInMemory },
  { weight: 2, arbitrary: metaPayload.map(serialise) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 3, arbitrary: envelope },
  {
    weight: 1,
    arbitrary: envelope.map((value) => {
      try {
        return serialise(value);
      } catch {
        return '{"success":false}';
      }
    }),
  },
);

describe('given the meta-tool client and an execute() that resolves to an arbitrary value', () => {
  it(
    'should resolve every method to its documented type, or reject with a ConnectionsError',
    async () => {
      await fc.assert(
        fc.asyncProperty(executeResult, fc.constantFrom('operation', 'action'), async (value, argument) => {
          const client = createMetaToolClient({ execute: async () => value, argument });
          await expectContract(client.list(), connectionList, 'list()');
          await expectContract(client.check('asaas'), connectionCheck('asaas'), "check('asaas')");
          const begun = await expectContract(client.begin('z-api'), connectStart, "begin('z-api')");
          if (begun.ok) {
            const start = begun.value as z.infer<typeof connectStart>;
            expect(start.type).not.toBe('redirect');
            if (start.type === 'wizard') expectSafeUrl(start.url, "begin('z-api').url");
          }

          await expectContract(client.check('z-api'), connectionCheck('z-api'), "check('z-api')");
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given the meta-tool client and an execute() that throws', () => {
  it(
    'should reject every method with a ConnectionsError',
    async () => {
      await fc.assert(
        fc.asyncProperty(thrownValue, fc.boolean(), async (thrown, synchronously) => {
          const client = createMetaToolClient({
            execute: synchronously
              ? () => {
                  throw thrown;
                }
              : async () => Promise.reject(thrown),
          });
          for (const [what, call] of [
            ['list()', () => client.list()],
            ["begin('z-api')", () => client.begin('z-api')],
            ["check('z-api')", () => client.check('z-api')],
          ] as const) {
            const result = await settle(call(), what);
            expect(result.ok, `${what} resolved`).toBe(false);
            expectConnectionsError((result as { error: unknown }).error, what);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

// ─── The review's hostile inputs ────────────────────────────────────────────────────────────────

/** Ids built from the characters that make dot segments, separators and percent-encodings. */
const idLike = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('.', '.', '%', '2', 'e', 'E', 'f', 'F', '5', 'c', 'C', '/', '\\', '?', '#', 'a', ' ', '．', '／', '\u0000'),
    maxLength: 10,
  }),
  fc.constantFrom(...DOT_SEGMENT_IDS, ...PROTO_KEYS),
);

describe('given any server or session id', () => {
  it(
    'should refuse it with invalid_options before any request, or keep it one path segment under …/connections/',
    async () => {
      await fc.assert(
        fc.asyncProperty(idLike, idLike, async (sessionId, serverId) => {
          const urls: string[] = [];
          const fetch: typeof globalThis.fetch = async (input, init) => {
            urls.push(new Request(input, init).url);
            return new Response('{"error":"not_found"}', { status: 404 });
          };
          let client: ReturnType<typeof createConnectionsClient>;
          try {
            client = createConnectionsClient({ sessionId, baseUrl: 'http://api.test', retry: false, fetch });
          } catch (error) {
            expect(expectConnectionsError(error, 'createConnectionsClient').code).toBe('invalid_options');
            return;
          }
          const base = `/v1/sessions/${encodeURIComponent(sessionId)}/connections`;
          await client.list().catch(() => undefined);
          expect(urls.map((url) => new URL(url).pathname)).toEqual([base]);
          urls.length = 0;
          let refused = 0;
          for (const call of [
            () => client.get(serverId),
            () => client.disconnect(serverId),
            () => client.begin(serverId, { redirectUrl: 'http://localhost/cb' }),
          ]) {
            const result = await settle(call(), 'a call with a server id');
            if (!result.ok && (result.error as ConnectionsError).code === 'invalid_options') refused++;
          }
          if (refused) {
            expect(refused).toBe(3);
            expect(urls).toEqual([]);
            return;
          }
          expect(urls).toHaveLength(3);
          for (const url of urls) {
            const path = new URL(url).pathname;
            expect(path.startsWith(`${base}/`), path).toBe(true);
            const [segment, ...rest] = path.slice(base.length + 1).split('/');
            expect(decodeURIComponent(segment ?? '')).toBe(serverId);
            expect(rest.filter((part) => part !== 'authorize')).toEqual([]);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given an authorize answer with or without a Date header the client can read', () => {
  it(
    'should measure the time-to-live on the server clock, or keep it to 1–30 minutes without one',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -1e10, max: 1e10 }),
          fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: undefined }),
          async (expiresIn, serverSkew) => {
            const now = Date.now();
            const headers = new Headers({ 'content-type': 'application/json' });
            if (serverSkew !== undefined) headers.set('date', new Date(now + serverSkew).toUTCString());
            const body = {
              connected: false,
              redirect_url: 'https://p.example/a',
              state: 's',
              expires_at: new Date(now + expiresIn).toISOString(),
            };
            const auth = await restClient(async () => new Response(JSON.stringify(body), { status: 200, headers })).begin('mercado-pago', {
              redirectUrl: 'http://localhost/cb',
            });
            const ttl = (auth.type === 'redirect' ? auth.expiresInMs : undefined) as number;
            if (serverSkew === undefined) {
              expect(ttl).toBeGreaterThanOrEqual(60_000);
              expect(ttl).toBeLessThanOrEqual(1_800_000);
            } else {
              expect(ttl).toBeGreaterThanOrEqual(0);
            }
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    TIME_LIMIT,
  );
});

describe('given a getToken() that never answers', () => {
  it(
    'should reject every method with aborted on abort, or network_error at the time-out, and send nothing',
    async () => {
      vi.useFakeTimers();
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('list', 'get', 'check', 'begin', 'disconnect'),
            fc.boolean(),
            fc.integer({ min: 1, max: 60_000 }),
            async (method, abort, timeoutMs) => {
              let requests = 0;
              const client = createConnectionsClient({
                sessionId: 'ses_demo',
                baseUrl: 'http://api.test',
                getToken: () => new Promise<string>(() => {}),
                retry: false,
                timeoutMs,
                fetch: async () => {
                  requests++;
                  return new Response('{}');
                },
              });
              const controller = new AbortController();
              const opts = { signal: controller.signal };
              const promise =
                method === 'list'
                  ? client.list(opts)
                  : method === 'begin'
                    ? client.begin('mercado-pago', opts)
                    : client[method]('stripe', opts);
              let outcome: unknown = 'pending';
              promise.then(
                () => (outcome = 'resolved'),
                (error: unknown) => (outcome = error),
              );
              if (abort) controller.abort();
              else await vi.advanceTimersByTimeAsync(timeoutMs);
              await vi.advanceTimersByTimeAsync(0);
              const error = expectConnectionsError(outcome, `${method}()`);
              expect(error.code).toBe(abort ? 'aborted' : 'network_error');
              expect(requests).toBe(0);
            },
          ),
          { numRuns: NUM_RUNS },
        );
      } finally {
        vi.useRealTimers();
      }
    },
    TIME_LIMIT,
  );
});
