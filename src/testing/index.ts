/**
 * `@codespar/connect-react/testing`: the reference Connections API (in-memory, no account, no
 * network) and helpers to run it in-process, as an HTTP server, or inside Vite's dev server.
 */

export type { CatalogProvider, CatalogTool, ProviderCategory, ProviderSetup } from './catalog.ts';
export { CATALOG } from './catalog.ts';
export type { ChatChunk, ScriptedCall, ScriptedTransport, ToolTurnOptions } from './chat.ts';
export { createScriptedTransport, needsConnectionChunks, textChunks, toolTurnChunks } from './chat.ts';
export type { FakeBrowser, FakeBrowserOptions, FakePopup } from './fake-browser.ts';
export { createFakeBrowser } from './fake-browser.ts';
export type { RunningReferenceApi, ServeOptions } from './node.ts';
export { serveReferenceApi, toNodeListener } from './node.ts';
export type {
  Approval,
  Fault,
  ReferenceApi,
  ReferenceApiOptions,
  RequestLogEntry,
  RouteName,
  Scope,
  ServerState,
} from './reference-api.ts';
export { createReferenceApi, DEMO_SESSION, DEMO_SESSION_ID } from './reference-api.ts';
export type { ReferenceApiPluginOptions, ReferenceApiVitePlugin } from './vite-plugin.ts';
export { callbackPageHtml, REFERENCE_API_PATHS, referenceApiPlugin } from './vite-plugin.ts';
