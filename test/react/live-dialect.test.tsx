// The live dialect through the components (issue 9): not_required said in words instead of a
// Connect button, and what the setup page asks for shown in the needs_setup step, in every locale.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectWizardDialog } from '../../src/components/connect-wizard-dialog/index.ts';
import { ConnectionList } from '../../src/components/connection-list/index.ts';
import { ConnectionRequired } from '../../src/components/connection-required/index.ts';
import type { Locale } from '../../src/components/locales/index.ts';
import { createSessionExecute } from '../../src/core/http.ts';
import { createMetaToolClient } from '../../src/core/meta-tool-client.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { ORIGIN, Providers, SESSION } from './harness.tsx';

let api: ReferenceApi;
let browser: FakeBrowser;
let client: ConnectionsClient;

beforeEach(() => {
  api = createReferenceApi();
  browser = createFakeBrowser({ origin: ORIGIN });
  // The meta-tool as CodeSpar's SDK speaks it: `action`, answered with ConnectionWizardResult.
  client = createMetaToolClient({
    key: SESSION,
    argument: 'action',
    execute: createSessionExecute({ sessionId: SESSION, baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch }),
  });
});
afterEach(cleanup);

const withProviders = (children: React.ReactNode) => (
  <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
    {children}
  </Providers>
);

describe('given a server that needs no connection (live not_required)', () => {
  it('should say so in the list, with nothing to click', async () => {
    render(withProviders(<ConnectionList locale="en" />));
    const row = await waitFor(() => {
      const found = screen.getAllByRole('listitem').find((item) => within(item).queryByText('BrasilAPI'));
      if (!found) throw new Error('no BrasilAPI row yet');
      return found;
    });
    expect(row.getAttribute('data-status')).toBe('not_required');
    expect(within(row).getByText('No connection needed')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('should say so in the dialog and the card, offering Done / Continue instead of Connect', async () => {
    render(withProviders(<ConnectWizardDialog serverId="brasil-api" defaultOpen locale="en" />));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(dialog).getByRole('status').textContent).toBe('BrasilAPI needs no connection. The assistant can use it as it is.'),
    );
    expect(within(dialog).queryByRole('button', { name: 'Connect' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Done' })).toBeTruthy();
    cleanup();

    render(withProviders(<ConnectionRequired serverId="brasil-api" locale="en" onConnected={() => undefined} />));
    const card = await screen.findByRole('group', { name: 'BrasilAPI is ready' });
    expect(within(card).getByRole('status').textContent).toBe('BrasilAPI needs no connection. The assistant can use it as it is.');
    expect(within(card).getByRole('button', { name: 'Continue' })).toBeTruthy();
    expect(browser.popups).toHaveLength(0);
  });
});

const SETUP_LABELS: Record<Locale, { region: string; secrets: string; pitfalls: string; next: string; medium: string; connect: string }> = {
  en: {
    region: 'What the setup page asks for',
    secrets: 'Have these ready:',
    pitfalls: 'Watch out:',
    next: 'Next:',
    medium: 'A few minutes',
    connect: 'Connect',
  },
  'pt-BR': {
    region: 'O que a página de configuração pede',
    secrets: 'Tenha em mãos:',
    pitfalls: 'Atenção:',
    next: 'Próximo passo:',
    medium: 'Alguns minutos',
    connect: 'Conectar',
  },
  es: {
    region: 'Lo que pide la página de configuración',
    secrets: 'Ten a mano:',
    pitfalls: 'Atención:',
    next: 'Siguiente paso:',
    medium: 'Unos minutos',
    connect: 'Conectar',
  },
};

describe('given a server an operator must set up (live initiate with instructions)', () => {
  it.each(Object.keys(SETUP_LABELS) as Locale[])(
    'should show the steps, secret names with hints, pitfalls and next action in the needs_setup step (%s)',
    async (locale) => {
      const labels = SETUP_LABELS[locale];
      render(withProviders(<ConnectWizardDialog serverId="z-api" defaultOpen locale={locale} />));
      const dialog = await screen.findByRole('dialog');
      fireEvent.click(within(dialog).getByRole('button', { name: labels.connect }));
      const setup = await within(dialog).findByRole('region', { name: labels.region });
      expect(dialog.getAttribute('data-status')).toBe('needs_setup');
      expect(within(setup).getByText(labels.medium)).toBeTruthy();
      expect(within(setup).getAllByRole('listitem').length).toBeGreaterThan(5);
      expect(within(setup).getByText('ZAPI_INSTANCE_ID').tagName).toBe('CODE');
      expect(setup.textContent).toContain(`${labels.secrets}`);
      expect(setup.textContent).toContain('ZAPI_INSTANCE_ID — On the instance page.');
      expect(setup.textContent).toContain(labels.pitfalls);
      expect(setup.textContent).toContain(labels.next);
      // The API's words, shown as text.
      expect(setup.textContent).toContain('scan its QR code');
      const violations = await axe.run(dialog, { rules: { 'color-contrast': { enabled: false } } });
      expect(violations.violations.map((v) => v.id)).toEqual([]);
    },
  );

  it('should render markup in the instructions as text, and never a secret value the API might send', async () => {
    client = createMetaToolClient({
      argument: 'action',
      execute: async () => ({
        success: true,
        data: {
          action: 'initiate',
          connections: [],
          status: null,
          initiate: {
            server_id: 'z-api',
            display_name: 'Z-API',
            auth_type: 'path_secret',
            difficulty: 'hard',
            status: 'disconnected',
            connect_url: 'https://app.codespar.dev/dashboard/auth-configs?connect=z-api',
            instructions: ['<img src=x onerror=alert(1)> Paste the token.'],
            required_secrets: [{ name: 'ZAPI_TOKEN', hint: '<b>bold</b>', value: 'tok_live_should_never_show' }],
            known_pitfalls: [],
            next_action: 'Save.',
          },
        },
        error: null,
      }),
    });
    render(withProviders(<ConnectionRequired serverId="z-api" name="Z-API" locale="en" />));
    fireEvent.click(within(screen.getByRole('group')).getByRole('button', { name: 'Connect' }));
    const setup = await screen.findByRole('region', { name: 'What the setup page asks for' });
    expect(setup.querySelector('img, b')).toBeNull();
    expect(setup.textContent).toContain('<img src=x onerror=alert(1)> Paste the token.');
    expect(setup.textContent).toContain('ZAPI_TOKEN — <b>bold</b>');
    expect(document.body.textContent).not.toContain('should_never_show');
    expect(within(setup).getByText('Needs care')).toBeTruthy();
  });
});
