import { initials } from '../components/utils.ts';
import type { CatalogProvider } from './catalog.ts';
import { html } from './reference-http.ts';
import type { PendingAuthorization, ReferenceState } from './reference-state.ts';

/**
 * The fake provider's pages: the consent page an OAuth popup lands on and the operator's setup page
 * a meta-tool `wizard_url` points at, what they show (HTML, every value escaped) and what their
 * forms do to the reference API's state.
 */

/**

 * Escapes text for HTML bodies and attribute values. Everything interpolated below goes through it.
 *
 * @example
 * ```ts
 * escapeHtml('<img onerror=x>'); // '&#60;img onerror=x&#62;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#14161a;--muted:#5d6470;--line:#e3e6ea;--accent:#2f5bea}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--card:#181b21;--fg:#eef0f3;--muted:#9aa3af;--line:#2a2f38;--accent:#7c9bff}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:min(420px,calc(100vw - 32px));background:var(--card);border:1px solid var(--line);border-radius:14px;padding:28px}
.logo{width:48px;height:48px;border-radius:12px;display:grid;place-items:center;color:#fff;font-weight:700;font-size:18px}
h1{font-size:20px;margin:16px 0 4px}p{margin:0 0 12px;color:var(--muted)}ul{padding-left:20px;margin:0 0 16px}
label{display:block;font-weight:600;margin:8px 0 4px}input{width:100%;padding:10px;border-radius:8px;border:1px solid var(--line);
background:transparent;color:inherit;font:inherit}.row{display:flex;gap:8px;margin-top:20px}
button{flex:1;padding:10px 14px;border-radius:8px;border:1px solid var(--line);background:transparent;color:inherit;font:inherit;
font-weight:600;cursor:pointer}button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.note{font-size:13px}.error{color:#d4351c}
`;

/**
 * A whole page around `body` (already HTML), in the reference provider's style.
 *
 * @example
 * ```ts
 * page('Connected', `<h1>${escapeHtml(name)} is connected</h1>`);
 * ```
 */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function logo(provider: CatalogProvider): string {
  return `<div class="logo" style="background:${escapeHtml(provider.color)}" aria-hidden="true">${escapeHtml(initials(provider.name))}</div>`;
}

const needsKey = (provider: CatalogProvider) => provider.auth_type === 'api_key' || provider.auth_type === 'path_secret';

function keyField(provider: CatalogProvider, error?: string): string {
  if (!needsKey(provider)) return '';
  const label = provider.auth_type === 'path_secret' ? 'Instance token' : 'API key';
  return `<label for="api_key">${label}</label><input id="api_key" name="api_key" autocomplete="off" placeholder="Any value works here">${
    error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
  }`;
}

/**
 * The fake provider's consent page: Approve / Deny (OAuth) or a key form (API key providers).
 *
 * @example
 * ```ts
 * consentPage({ provider, sessionId: 'ses_demo', state, scopes: ['payments:read'] });
 * ```
 */
export function consentPage(input: {
  provider: CatalogProvider;
  sessionId: string;
  state: string;
  scopes: string[];
  error?: string;
}): string {
  const { provider, sessionId, state, scopes } = input;
  const oauth = !needsKey(provider);
  const grants = oauth ? scopes : provider.capabilities;
  return page(
    `${oauth ? 'Authorize' : 'Connect'} ${provider.name}`,
    `${logo(provider)}
<h1>${oauth ? 'Authorize' : 'Connect'} ${escapeHtml(provider.name)}</h1>
<p>CodeSpar Demo wants to use your ${escapeHtml(provider.name)} account in session <code>${escapeHtml(sessionId)}</code>.</p>
<p class="note">${escapeHtml(provider.description)}</p>
${grants.length ? `<p>${oauth ? 'It will be able to:' : 'It will enable:'}</p><ul>${grants.map((g) => `<li>${escapeHtml(g.replaceAll('_', ' '))}</li>`).join('')}</ul>` : ''}
<form method="post" action="/oauth/consent">
<input type="hidden" name="state" value="${escapeHtml(state)}">
${keyField(provider, input.error)}
<div class="row"><button type="submit" name="decision" value="deny">${oauth ? 'Deny' : 'Cancel'}</button>
<button type="submit" name="decision" value="approve" class="primary">${oauth ? 'Approve' : 'Connect'}</button></div>
</form>
<p class="note">Reference provider page served by @codespar/connect-react/testing. No real account is used.</p>`,
  );
}

/**
 * The operator's setup page a meta-tool `wizard_url` points at; `done` once it is completed.
 *
 * @example
 * ```ts
 * setupPage({ provider, sessionId: 'ses_demo', error: 'Enter a key to continue.' });
 * ```
 */
export function setupPage(input: { provider: CatalogProvider; sessionId: string; done?: boolean; error?: string }): string {
  const { provider, sessionId } = input;
  if (input.done) {
    return page(
      'Setup complete',
      `${logo(provider)}<h1>${escapeHtml(provider.name)} is connected</h1><p>Return to the conversation: the assistant can use it now.</p>`,
    );
  }
  return page(
    `Set up ${provider.name}`,
    `${logo(provider)}
<h1>Set up ${escapeHtml(provider.name)}</h1>
<p>Operator setup for session <code>${escapeHtml(sessionId)}</code>.</p>
<form method="post" action="/dashboard/auth-configs">
<input type="hidden" name="connect" value="${escapeHtml(provider.id)}"><input type="hidden" name="session" value="${escapeHtml(sessionId)}">
${keyField(provider, input.error)}
<div class="row"><button type="submit" class="primary">Complete setup</button></div>
</form>`,
  );
}

/**
 * A page with a title and one line of text, both escaped.
 *
 * @example
 * ```ts
 * messagePage('Link expired', 'Start again from the app.');
 * ```
 */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/**
 * `/oauth/consent`: GET shows the consent page of a pending authorization; POST records the
 * user's decision and sends the browser to the flow's redirect URL with the outcome (or shows it,
 * when the flow gave none).
 *
 * @example
 * ```ts
 * if (url.pathname === '/oauth/consent') return consentRoute(state, request, url);
 * ```
 */
export async function consentRoute(state: ReferenceState, request: Request, url: URL): Promise<Response> {
  const form = request.method === 'POST' ? new URLSearchParams(await request.text()) : undefined;
  const flowState = (form ?? url.searchParams).get('state') ?? '';
  const flow = state.pending.get(flowState);
  if (!flow) return html(400, messagePage('Link not valid', 'This authorization link is unknown or was already used.'));
  const provider = state.provider(flow.serverId);
  const expired = flow.expiresAt <= state.now();
  const page = { provider, sessionId: flow.sessionId, state: flowState, scopes: flow.scopes };
  if (!form) {
    return expired
      ? html(410, messagePage('Link expired', 'This authorization link has expired. Start again from the app.'))
      : html(200, consentPage(page));
  }
  if (expired) {
    state.pending.delete(flowState);
    return finish(flow, flowState, { status: 'error', error: 'expired' }, 'Link expired', 'This authorization link has expired.');
  }
  if (form.get('decision') !== 'approve') {
    state.pending.delete(flowState);
    return finish(flow, flowState, { status: 'denied', error: 'access_denied' }, 'Access denied', 'You can close this window.');
  }
  if (needsKey(provider) && !form.get('api_key')?.trim()) return html(422, consentPage({ ...page, error: 'Enter a key to continue.' }));
  const record = state.grant(flowState, flow);
  return finish(
    flow,
    flowState,
    { status: 'connected', connection_id: record.connection_id as string },
    'Connected',
    `${provider.name} is connected. You can close this window.`,
  );
}

/** The end of a consent: a 303 to the callback page with the outcome, or a page saying it. */
function finish(flow: PendingAuthorization, state: string, params: Record<string, string>, title: string, message: string): Response {
  if (!flow.redirectUrl) return html(200, messagePage(title, message));
  const target = new URL(flow.redirectUrl);
  target.searchParams.set('state', state);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return new Response(null, { status: 303, headers: { location: target.href } });
}

/**
 * `/dashboard/auth-configs`: GET shows the operator's setup page for `?connect=<server>&session=<id>`;
 * POST completes it (a key for API-key providers), and the server is connected.
 *
 * @example
 * ```ts
 * if (url.pathname === '/dashboard/auth-configs') return setupRoute(state, request, url);
 * ```
 */
export async function setupRoute(state: ReferenceState, request: Request, url: URL): Promise<Response> {
  const fields = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams;
  const sessionId = fields.get('session') ?? '';
  const serverId = fields.get('connect') ?? '';
  const session = state.sessions.get(sessionId);
  if (!session?.has(serverId)) return html(404, messagePage('Not found', 'This setup link does not match a server of a session.'));
  const provider = state.provider(serverId);
  if (request.method !== 'POST') return html(200, setupPage({ provider, sessionId }));
  if (needsKey(provider) && !fields.get('api_key')?.trim()) {
    return html(422, setupPage({ provider, sessionId, error: 'Enter a key to continue.' }));
  }
  session.set(serverId, state.connectedRecord());
  return html(200, setupPage({ provider, sessionId, done: true }));
}
