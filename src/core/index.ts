/**
 * `@codespar/connect-react/core`: the framework-free API. No React import anywhere below here: the
 * REST and meta-tool clients, the connect flow and the connections store, the reader of tool results
 * that ask for a connection, URL checks, typed errors, and the types they take and return. Internals
 * (the reducer, the protocol constants, the message reader) are public nowhere.
 */

export type { BrowserAdapter, IncomingMessage, PopupHandle } from './browser.ts';
export { browserAdapter } from './browser.ts';
export type { ConnectFlowEvents, ConnectFlowOptions, ConnectFlowTiming, ConnectStartOptions } from './connect-flow.ts';
export { ConnectFlow, createConnectFlow } from './connect-flow.ts';
export type { ConnectionRequest } from './connection-request.ts';
export { readConnectionRequest } from './connection-request.ts';
export type { ConnectionsStoreConfig, Query } from './connections-store.ts';
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
export type { ConnectFlowFlags, ConnectFlowSnapshot, ConnectFlowStatus } from './flow-state.ts';
export { flowFlags } from './flow-state.ts';
export type { RetryOptions, SessionExecuteOptions, TransportOptions } from './http.ts';
export { createSessionExecute } from './http.ts';
export type { ExecuteFn, MetaToolClientOptions, MetaToolConnectionsClient } from './meta-tool-client.ts';
export { createMetaToolClient, MANAGE_CONNECTIONS_TOOL } from './meta-tool-client.ts';
export type { FetchOptions, QueryCache, QueryCacheOptions, QueryState } from './query-cache.ts';
export type { ConnectionsClientOptions, RestConnectionsClient } from './rest-client.ts';
export { createConnectionsClient } from './rest-client.ts';
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
  SetupInstructions,
  Tool,
} from './types.ts';
export type { CheckUrlOptions } from './url.ts';
export { checkUrl } from './url.ts';
