// The app under test: a chat-like page that connects one server with the hooks. Test-only.
import { StrictMode, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createConnectionsClient, createMetaToolClient, createSessionExecute } from '../../../src/core/index.ts';
import { ConnectionsProvider, useConnections, useConnectionWizard } from '../../../src/react/index.ts';

const params = new URLSearchParams(location.search);
const serverId = params.get('server') ?? 'mercado-pago';
const poll = Number(params.get('poll') ?? 4000);
/** ?count=N: N more components read the same list (benchmark a). */
const count = Number(params.get('count') ?? 0);
/** ?redirect=PATH: another callback page, e.g. one that stays silent, to time polling alone. */
const redirectUrl = params.get('redirect') ?? '/codespar/callback';
window.__log = [];
const log = (event: string, detail?: unknown) => window.__log.push({ at: performance.now(), event, detail });

/** ?timeout=MS: the clients' per-attempt time-out. `window.__hangToken = true`: getToken() stops answering. */
const timeoutMs = Number(params.get('timeout') ?? 15_000);
const transportOf = (sessionId: string) => ({
  sessionId,
  baseUrl: location.origin,
  timeoutMs,
  getToken: () => (window.__hangToken ? new Promise<string>(() => {}) : 'demo_token'),
});
/** ?client=meta: the codespar_manage_connections meta-tool over POST /execute instead of REST. */
const client =
  params.get('client') === 'meta'
    ? createMetaToolClient({ key: 'ses_demo', execute: createSessionExecute(transportOf('ses_demo')) })
    : createConnectionsClient(transportOf('ses_demo'));
/** ?second=SESSION: a second chat on the same page, connecting the same server for another session. */
const second = params.get('second');
const secondClient = createConnectionsClient(transportOf(second ?? 'ses_demo'));

/** One chat's wizard. The second chat's elements and log events end in `-2`. */
function Wizard({ suffix = '' }: { suffix?: string }) {
  const { connections } = useConnections();
  const wizard = useConnectionWizard(serverId, {
    onConnected: (result) => log(`connected${suffix}`, result),
    onError: (error) => log(`error${suffix}`, error.code),
  });
  const last = useRef('');
  useEffect(() => {
    if (last.current !== wizard.status) log(`status${suffix}`, wizard.status);
    last.current = wizard.status;
  });
  if (!suffix) window.__start = wizard.start;

  const row = connections.find((c) => c.id === serverId);
  return (
    <main>
      <button type="button" id={`connect${suffix}`} onClick={wizard.start}>
        Connect
      </button>
      <button type="button" id={`fallback${suffix}`} onClick={wizard.openFallback}>
        Open the window
      </button>
      <button type="button" id={`cancel${suffix}`} onClick={wizard.cancel}>
        Cancel
      </button>
      <output id={`status${suffix}`}>{wizard.status}</output>
      <output id={`error${suffix}`}>{wizard.error?.code ?? ''}</output>
      <output id={`popup-closed${suffix}`}>{String(wizard.popupClosed)}</output>
      <output id={`list-status${suffix}`}>{row?.status ?? (connections.length ? 'absent' : '')}</output>
      <output id={`url${suffix}`}>{wizard.url ?? ''}</output>
    </main>
  );
}

function ListReader({ index }: { index: number }) {
  const { connections } = useConnections();
  return <span data-reader={index}>{connections.length}</span>;
}

/** The provider stays; the wizard can be unmounted mid-flow (a chat message scrolled away). */
function App() {
  const [shown, setShown] = useState(true);
  // A 'start' on the harness channel starts the flow with no user gesture in this window (test-only):
  // how a test meets the popup blocker. User activation is per window, so the page that posts it
  // lends none. Held here, not in the wizard, so unmounting the wizard leaves it open (leak test).
  useEffect(() => {
    const channel = new BroadcastChannel('harness');
    channel.onmessage = (event) => {
      if (event.data === 'start') window.__start();
    };
    return () => channel.close();
  }, []);
  window.__unmount = () => flushSync(() => setShown(false));
  return (
    <ConnectionsProvider client={client} redirectUrl={redirectUrl} timing={{ pollIntervalMs: poll, closeGraceMs: 800 }}>
      {shown && <Wizard />}
      {second ? (
        <ConnectionsProvider client={secondClient} redirectUrl={redirectUrl}>
          <Wizard suffix="-2" />
        </ConnectionsProvider>
      ) : null}
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of identical readers
        <ListReader key={i} index={i} />
      ))}
    </ConnectionsProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
