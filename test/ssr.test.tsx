// @vitest-environment node
// Server rendering: every component renders to HTML in Node, with no DOM and no request made.
import { version } from 'react';
import { renderToString, version as serverVersion } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  ConnectionList,
  ConnectionRequired,
  ConnectionStatusBadge,
  ConnectionsProvider,
  ConnectUIProvider,
  ConnectWizardDialog,
  createConnectionsClient,
} from '../src/index.ts';

describe('given a server with no DOM', () => {
  it('should render every component to HTML without touching window or the network', () => {
    expect(typeof window).toBe('undefined');
    // The unit project renders with React 19, react18 with 18.3 (vite.config.ts).
    expect(version.split('.')[0]).toBe(process.env.EXPECTED_REACT_MAJOR ?? '19');
    expect(serverVersion).toBe(version);
    const requests: string[] = [];
    const client = createConnectionsClient({
      sessionId: 'ses_demo',
      baseUrl: 'https://api.example',
      fetch: async (input) => {
        requests.push(String(input));
        return new Response('{}');
      },
    });
    // React 18 warns on the server for a useLayoutEffect; a host's server log should stay clean.
    const warnings = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    const html = renderToString(
      <ConnectionsProvider client={client}>
        <ConnectUIProvider locale="pt-BR">
          <ConnectionStatusBadge status="expired" />
          <ConnectionList />
          <ConnectionRequired serverId="mercado-pago" name="Mercado Pago" />
          <ConnectWizardDialog serverId="stripe" trigger={<button type="button">Conectar Stripe</button>} />
        </ConnectUIProvider>
      </ConnectionsProvider>,
    );
    expect(html).toContain('data-slot="connection-status-badge"');
    expect(html).toContain('Expirado');
    expect(html).toContain('data-slot="connection-list"');
    expect(html).toContain('data-slot="connection-required"');
    expect(html).toContain('Conectar Stripe');
    expect(requests).toEqual([]);
    for (const spy of warnings) {
      expect(spy.mock.calls.map((call) => String(call[0]))).toEqual([]);
      spy.mockRestore();
    }
  });
});
