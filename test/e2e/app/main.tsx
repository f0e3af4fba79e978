// The app under test: a chat-like page that connects one server with the hooks. Test-only.
import { StrictMode, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createConnectionsClient } from '../../../src/core/index.ts';
import { ConnectionsProvider, useConnections, useConnectionWizard } from '../../../src/react/index.ts';

declare global {
  interface Window {
    __log: { at: number; event: string; detail?: unknown }[];
    __start(): void;
    __unmount(): void;
    __live(): { listeners: number; intervals: number; timeouts: number; channels: number };
  }
}

const params = new URLSearchParams(location.search);
const serverId = params.get('server') ?? 'mercado-pago';
const poll = Number(params.get('poll') ?? 4000);
window.__log = [];
const log = (event: string, detail?: unknown) => window.__log.push({ at: performance.now(), event, detail });

const client = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: location.origin, getToken: () => 'demo_token' });

function Wizard() {
  const { connections } = useConnections();
  const wizard = useConnectionWizard(serverId, {
    onConnected: (result) => log('connected', result),
    onError: (error) => log('error', error.code),
  });
  const last = useRef('');
  useEffect(() => {
    if (last.current !== wizard.status) log('status', wizard.status);
    last.current = wizard.status;
  });
  window.__start = wizard.start;
  // ?autostart=MS: start from a timer with no user gesture (test-only). Playwright's evaluate grants
  // transient activation, which Chromium keeps ~5 s, so the test waits longer than that.
  const { start } = wizard;
  useEffect(() => {
    if (!params.has('autostart')) return;
    const id = setTimeout(start, Number(params.get('autostart')));
    return () => clearTimeout(id);
  }, [start]);
  const row = connections.find((c) => c.id === serverId);
  return (
    <main>
      <button type="button" id="connect" onClick={wizard.start}>
        Connect
      </button>
      <button type="button" id="fallback" onClick={wizard.openFallback}>
        Open the window
      </button>
      <button type="button" id="cancel" onClick={wizard.cancel}>
        Cancel
      </button>
      <output id="status">{wizard.status}</output>
      <output id="error">{wizard.error?.code ?? ''}</output>
      <output id="popup-closed">{String(wizard.popupClosed)}</output>
      <output id="list-status">{row?.status ?? ''}</output>
    </main>
  );
}

/** The provider stays; the wizard can be unmounted mid-flow (a chat message scrolled away). */
function App() {
  const [shown, setShown] = useState(true);
  window.__unmount = () => flushSync(() => setShown(false));
  return (
    <ConnectionsProvider client={client} redirectUrl="/codespar/callback" timing={{ pollIntervalMs: poll, closeGraceMs: 800 }}>
      {shown && <Wizard />}
    </ConnectionsProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
