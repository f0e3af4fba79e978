/**
 * `@codespar/connect-react/core`: the framework-free layer. No React import anywhere below here:
 * the HTTP and meta-tool clients, zod schemas, typed errors and the URL checker.
 */

export type { ConnectionsErrorCode, ConnectionsErrorInit } from './errors.ts';
export {
  ConfigurationError,
  ConnectFlowError,
  ConnectionsApiError,
  ConnectionsError,
  isConnectionsError,
  UnsafeUrlError,
} from './errors.ts';
export type { RetryOptions } from './http.ts';
export type {
  ExecuteFn,
  MetaToolClientOptions,
  MetaToolConnectionsClient,
  SessionExecuteOptions,
} from './meta-tool-client.ts';
export { createMetaToolClient, createSessionExecute, MANAGE_CONNECTIONS_TOOL } from './meta-tool-client.ts';
export type {
  AuthorizeBody,
  ConnectionsClientOptions,
  RestConnectionsClient,
  TransportOptions,
} from './rest-client.ts';
export { createConnectionsClient } from './rest-client.ts';
export { normalizeStatus } from './schemas.ts';
export type {
  Authorization,
  BeginOptions,
  Connection,
  ConnectionCheck,
  ConnectionDetail,
  ConnectionList,
  ConnectionStatus,
  ConnectionsClient,
  ConnectStart,
  MetaToolStatus,
  RequestOptions,
  Tool,
} from './types.ts';
export type { CheckUrlOptions } from './url.ts';
export { checkUrl, isLoopbackHost } from './url.ts';
