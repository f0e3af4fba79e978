import { abortable, throwIfAborted } from './abort.ts';
import { codeForName, readErrorBody, requireSameServer, summarizeIssues } from './api-errors.ts';
import { abortedError, ConfigurationError, ConnectionsApiError, ConnectionsError, describe, safeString, truncate } from './errors.ts';
import { requireId } from './ids.ts';
import {
  defined,
  metaListWire,
  metaStatusWire,
  normalizeConnection,
  normalizeSetup,
  normalizeStatus,
  toolResultWire,
  withConnectionId,
} from './schemas.ts';
import type { ConnectionStatus, ConnectionsClient, ConnectStart, RequestOptions, SessionConnections, SetupInstructions } from './types.ts';
import { type CheckUrlOptions, checkUrl } from './url.ts';
import { type Infer, isRecord, own, type Schema } from './validate.ts';

// Where the public entry imports it from today; it is defined with the transport it uses, in http.ts.

/**
 * `codespar_manage_connections` `status` / `initiate`, from either dialect (the seed's flat result,
 * the live row or instructions), normalised: one status vocabulary, `connect_url` as `wizardUrl`.
 */
interface MetaToolStatus {
  serverId: string;
  status: ConnectionStatus;
  /** The live `display_name`. */
  displayName?: string;
  connectionId?: string;
  /** A setup link for an operator; always checked with `checkUrl` before it is returned. */
  wizardUrl?: string;
  /** What the setup page will ask for (live `initiate` only). */
  setup?: SetupInstructions;
}

/** The meta-tool this client drives. */
export const MANAGE_CONNECTIONS_TOOL = 'codespar_manage_connections';

/**
 * The host's `session.execute(tool, args)`. It may resolve to the `{ success, data, error }`
 * envelope the SDK returns, or straight to the tool's result (object or JSON text). A third
 * argument carries the abort signal for hosts that can use it.
 */
export type ExecuteFn = (tool: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }) => unknown;

export interface MetaToolClientOptions {
  /**
   * The host's `session.execute`. CodeSpar's SDK's goes in unchanged: `execute: session.execute`
   * (it takes `(tool, input, { signal })` and answers the `{ success, data, error }` envelope).
   */
  execute: ExecuteFn;
  /**
   * How the operation is named in the tool's input: `"operation"` as seed 003 documents it, or
   * `"action"` as CodeSpar's SDK (`session.connectionWizard()`) sends it. Either way the client reads
   * both result dialects: the seed's flat results and the live `ConnectionWizardResult`.
   * @defaultValue `"operation"`
   */
  argument?: 'operation' | 'action';
  /** Cache identity (usually the session id). @defaultValue `"default"` */
  key?: string;
  /** How `wizard_url`s are checked before use. */
  urlPolicy?: CheckUrlOptions;
}

/** The meta-tool client: the {@link ConnectionsClient} operations over `codespar_manage_connections`. */
export interface MetaToolConnectionsClient extends ConnectionsClient {
  readonly kind: 'meta-tool';
}

/**
 * Creates a client over the `codespar_manage_connections` meta-tool (seed 003), for hosts that
 * reach CodeSpar through an agent session rather than the REST API.
 *
 * It lists connected providers, checks one, and initiates a setup flow whose `wizard_url` an
 * operator follows; completion is seen by asking `status` again.
 *
 * @example
 * ```ts
 * const client = createMetaToolClient({
 *   key: session.id,
 *   execute: (tool, args) => session.execute(tool, args),
 * });
 * const { connections } = await client.list();
 * const start = await client.begin('z-api'); // { type: 'wizard', url, setup? }
 * ```
 */
export function createMetaToolClient(options: MetaToolClientOptions): MetaToolConnectionsClient {
  if (typeof options?.execute !== 'function') {
    throw new ConfigurationError('invalid_options', 'createMetaToolClient: `execute` must be a function');
  }
  const { execute, urlPolicy } = options;
  const argument = options.argument ?? 'operation';
  if (argument !== 'operation' && argument !== 'action') {
    throw new ConfigurationError('invalid_options', 'createMetaToolClient: `argument` must be "operation" or "action"');
  }

  async function call<T>(operation: Operation, serverId: string | undefined, schema: Schema<T>, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    const args = defined({ [argument]: operation, server_id: serverId });
    const what = `${MANAGE_CONNECTIONS_TOOL} ${operation}${serverId ? ` ${serverId}` : ''}`;
    let raw: unknown;
    try {
      raw = await abortable(Promise.resolve(execute(MANAGE_CONNECTIONS_TOOL, args, signal ? { signal } : {})), signal);
    } catch (error) {
      if (error instanceof ConnectionsError) throw error;
      const message = `${what} failed: ${describe(error)}`;
      // The host's execute gave up because its own fetch was aborted: the same as our signal firing.
      if (error instanceof Error && error.name === 'AbortError') throw abortedError(error, message);
      throw new ConnectionsApiError('network_error', message, { cause: error });
    }
    const result = unwrap(raw, what);
    // A result that names its operation must name the one asked, in either spelling: the seeds'
    // `operation` or the live SDK's `action` (a confused host or tool must not answer "status" with
    // another call's result). Checked before any shape is read, so it holds for every shape.
    for (const field of ['operation', 'action']) {
      const named = isRecord(result) ? result[field] : undefined;
      if (named != null && named !== operation) {
        throw new ConnectionsApiError(
          'invalid_response',
          `${what} answered for another operation (${field}: ${truncate(safeString(named), 40)})`,
          {
            body: result,
          },
        );
      }
    }
    const answer = liveSection(result, operation);
    if (answer === null) throw new ConnectionsApiError('invalid_response', `${what} answered no ${operation} result`, { body: result });
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new ConnectionsApiError('invalid_response', `${what} returned a result of the wrong shape: ${summarizeIssues(parsed.error)}`, {
        body: result,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  /** `status` and `initiate`: the answer must be about the server asked for, and any URL safe. */
  async function statusLike(operation: Exclude<Operation, 'list'>, serverId: string, signal?: AbortSignal): Promise<MetaToolStatus> {
    const result = tidy(await call(operation, requireId(serverId, 'serverId'), metaStatusWire, signal));
    requireSameServer(serverId, result.serverId, `${MANAGE_CONNECTIONS_TOOL} ${operation} ${serverId}`, { body: result });
    if (result.wizardUrl !== undefined) result.wizardUrl = checkUrl(result.wizardUrl, urlPolicy).href;
    return result;
  }

  return {
    kind: 'meta-tool',
    key: `meta-tool:${options.key ?? 'default'}`,
    urlPolicy,

    async list(opts: RequestOptions = {}): Promise<SessionConnections> {
      const data = await call('list', undefined, metaListWire, opts.signal);
      // The REST rows' normaliser: a live row names the server (a seed row gives only its id, which
      // names it then); an empty auth type, connection id or time is left out, as it always was.
      // `connected` follows from the status, which is always one normalizeStatus() knows.
      const connections = data.connections.map((row) =>
        normalizeConnection({
          id: row.server_id,
          name: row.display_name,
          status: row.status,
          auth_type: row.auth_type || undefined,
          connection_id: row.connection_id || undefined,
          connected_at: row.connected_at || undefined,
        }),
      );
      return { connections, total: connections.length };
    },

    async check(serverId, opts = {}) {
      const result = await statusLike('status', serverId, opts.signal);
      return withConnectionId({ serverId, status: result.status }, result.connectionId);
    },

    async begin(serverId, opts = {}): Promise<ConnectStart> {
      const result = await statusLike('initiate', serverId, opts.signal);
      // Connected, or needing no connection: nothing for anyone to do.
      if (result.status === 'connected' || result.status === 'not_required') {
        return withConnectionId({ type: 'connected', serverId }, result.connectionId);
      }
      if (!result.wizardUrl) {
        throw new ConnectionsApiError(
          'invalid_response',
          `${MANAGE_CONNECTIONS_TOOL} initiate ${serverId}: status "${result.status}" without a wizard_url`,
          {
            body: result,
          },
        );
      }
      return defined({ type: 'wizard', serverId, url: result.wizardUrl, setup: result.setup });
    },
  };
}

/** Takes the tool's result out of the `{ success, data, error }` envelope, or a JSON text. */
function unwrap(raw: unknown, what: string): unknown {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new ConnectionsApiError(
        'invalid_response',
        `${what} returned text that is not JSON: ${JSON.stringify(truncate(value as string, 80))}`,
        {
          body: raw,
          cause: error,
        },
      );
    }
  }
  const envelope = toolResultWire.safeParse(value);
  if (!envelope.success) return value;
  const tool = (value as Record<string, unknown>).tool;
  if (typeof tool === 'string' && tool !== MANAGE_CONNECTIONS_TOOL) {
    throw new ConnectionsApiError('invalid_response', `${what} returned the result of another tool (${truncate(tool, 80)})`, {
      body: value,
    });
  }
  if (envelope.data.success) {
    const data = envelope.data.data;
    return typeof data === 'string' ? unwrap(data, what) : data;
  }
  const facts = readErrorBody({ error: envelope.data.error, message: (value as Record<string, unknown>).message });
  const code = codeForName(facts.code) ?? 'server_error';
  const message = facts.message ?? facts.code?.replaceAll('_', ' ') ?? 'the tool reported a failure';
  throw new ConnectionsApiError(code, `${what} failed: ${message}`, { body: value, requestId: facts.requestId });
}

type Operation = 'list' | 'status' | 'initiate';

/**
 * The live `ConnectionWizardResult` keeps each operation's answer under its own key (`connections`
 * for list, `status`, `initiate`); the seed's results are the answer itself. `null`: the live result
 * answered nothing for this operation.
 */
function liveSection(result: unknown, operation: Operation): unknown {
  if (operation === 'list' || !isRecord(result) || !('action' in result)) return result;
  const section = own(result, operation);
  // An object (the row, the instructions) or null is the live answer; a string `status` is a flat result's own.
  return typeof section === 'object' ? section : result;
}

/** Either dialect's status or initiate, normalised: one status vocabulary, `connect_url` as `wizard_url`. */
function tidy(result: Infer<typeof metaStatusWire>): MetaToolStatus {
  // An empty name, id or URL is left out, as a missing one is.
  return defined({
    serverId: result.server_id,
    // Every meta-tool status is one normalizeStatus() knows: no `connected` flag to fall back on.
    status: normalizeStatus(result.status),
    displayName: result.display_name?.trim() ? result.display_name : undefined,
    connectionId: result.connection_id || undefined,
    wizardUrl: (result.wizard_url ?? result.connect_url) || undefined,
    setup: normalizeSetup(result),
  });
}
