/**
 * `@codespar/connect-react/core`: the framework-free layer. No React import anywhere below here:
 * the HTTP and meta-tool clients, zod schemas, typed errors and the URL checker.
 */

export type { BrowserAdapter, IncomingMessage, PopupHandle } from './browser.ts';
export { browserAdapter, popupFeatures } from './browser.ts';
export type {
  ConnectFlowEvents,
  ConnectFlowOptions,
  ConnectFlowSnapshot,
  ConnectFlowStatus,
  ConnectFlowTiming,
  ConnectStartOptions,
  FlowEvent,
} from './connect-flow.ts';
export { ConnectFlow, createConnectFlow, initialSnapshot, isPendingStatus, reduceFlow } from './connect-flow.ts';
export type { ConnectionRequest } from './connection-request.ts';
export { readConnectionRequest } from './connection-request.ts';
export type { ConnectionsCache, ConnectionsStoreConfig } from './connections-store.ts';
export { ConnectionsStore, createConnectionsStore } from './connections-store.ts';
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
export type { CompletionMessage } from './protocol.ts';
export { CHANGES_CHANNEL, CONNECT_CHANNEL, MESSAGE_TYPE, MESSAGE_VERSION, readCompletionMessage } from './protocol.ts';
export type {
  ConnectionsClientOptions,
  RestConnectionsClient,
  TransportOptions,
} from './rest-client.ts';
export { createConnectionsClient } from './rest-client.ts';
export { normalizeStatus } from './schemas.ts';
export type {
  BeginOptions,
  Connection,
  ConnectionCheck,
  ConnectionDetail,
  ConnectionStatus,
  ConnectionsClient,
  ConnectStart,
  RequestOptions,
  SessionConnections,
  Tool,
} from './types.ts';
export type { CheckUrlOptions } from './url.ts';
export { checkUrl, isLoopbackHost } from './url.ts';
