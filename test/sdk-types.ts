// The live wire, transcribed from CodeSpar's public SDK (read through the search index, not
// installed: the SDK is not on the npm registry), so the type checker holds every live fixture and
// every reference answer to the real shapes:
// - `@codespar/types`: codespar/codespar-core packages/types/src/types.ts at commit 11272ac4d01514f5f8a4386c006a72cc7f216b06;
// - `@codespar/sdk`: packages/core/src/session.ts at commit 07d3d00a830d1732bca0e6479a947657023e6c35
//   (`BackendSessionResponse`, `BackendConnectionsResponse`);
// - `@codespar/api-types`: packages/api-types/src/sessions.ts at commit 07d3d00a830d1732bca0e6479a947657023e6c35.
// Types only: nothing here runs.

export type LiveStatus = 'connected' | 'disconnected' | 'not_required' | 'expired';

export interface ConnectionWizardOptions {
  /** Defaults to "status" when server_id is given, else "list" (applied by the backend). */
  action?: 'list' | 'status' | 'initiate';
  server_id?: string;
  country?: string;
  environment?: 'live' | 'test';
  return_to?: string;
}

export interface ConnectionStatusRow {
  server_id: string;
  display_name: string;
  auth_type: string;
  status: LiveStatus;
  difficulty: 'easy' | 'medium' | 'hard';
  connection_metadata: Record<string, unknown>;
  connected_at: string | null;
}

export interface ConnectionWizardInstructions {
  server_id: string;
  display_name: string;
  auth_type: string;
  difficulty: 'easy' | 'medium' | 'hard';
  status: LiveStatus;
  connect_url: string;
  instructions: string[];
  required_secrets: { name: string; hint?: string }[];
  known_pitfalls: string[];
  next_action: string;
}

export interface ConnectionWizardResult {
  action: 'list' | 'status' | 'initiate';
  connections: ConnectionStatusRow[];
  status: ConnectionStatusRow | null;
  initiate: ConnectionWizardInstructions | null;
}

export interface DiscoverOptions {
  category?: string;
  country?: string;
  /** Max related results returned. Clamped 1..20 server-side. */
  limit?: number;
}

export interface DiscoverPlanStep {
  step: string;
  description?: string;
  prereq?: boolean;
  action?: boolean;
}

export interface DiscoverToolMatch {
  server_id: string;
  tool_name: string;
  description: string;
  http_method: string;
  endpoint_template: string;
  cosine_distance: number | null;
  trigram_similarity: number | null;
  connection_status: 'connected' | 'disconnected' | 'not_required';
  known_pitfalls: string[];
  recommended_plan: DiscoverPlanStep[];
}

export interface DiscoverResult {
  use_case: string;
  search_strategy: 'embedding' | 'trigram' | 'empty';
  recommended: DiscoverToolMatch | null;
  related: DiscoverToolMatch[];
  next_steps: string[];
}

/** `session.execute`'s answer. */
export interface ToolResult {
  success: boolean;
  data: unknown;
  error: string | null;
  duration: number;
  server: string;
  tool: string;
  tool_call_id?: string;
  called_at?: string;
}

/** What `POST /v1/sessions` answers and the SDK builds its session from. */
export interface BackendSessionResponse {
  id: string;
  org_id: string;
  user_id: string;
  servers: string[];
  status: 'active' | 'closed' | 'error';
  created_at: string;
  closed_at: string | null;
}

export interface ServerConnection {
  id: string;
  name: string;
  category: string;
  country: string;
  auth_type: 'oauth' | 'api_key' | 'cert' | 'none';
  connected: boolean;
}

/** `GET /v1/sessions/:id/connections` as `session.connections()` reads it (the live list shape: docs/design.md, "The wire"). */
export interface BackendConnectionsResponse {
  servers: ServerConnection[];
  tools: { name: string; description: string; input_schema: Record<string, unknown>; server: string }[];
}
