import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { clickConnect, decide, setupHarness } from './harness.ts';

const t = setupHarness();

const authorizeRequests = () => t.h.api.requests.filter((r) => r.route === 'authorize');
/** API requests only (not the provider's consent pages). */
const apiRoutes = () => t.h.api.requests.map((r) => r.route).filter((r) => r !== 'consent' && r !== 'setup');

describe('given a chat page and the reference provider on another origin, with the popup blocker on', () => {
  it('should connect when the user approves, with one authorize request and one list refresh', async () => {
    const app = await t.open();
    t.h.api.clearRequests();
    const popup = await clickConnect(app);
    await decide(popup, 'Approve');
    await app.waitForStatus('connected');
    expect(await app.page.locator('#list-status').innerText()).toBe('connected');
    expect(await app.events('connected')).toEqual([{ serverId: 'mercado-pago', connectionId: expect.stringMatching(/^conn_/) }]);
    expect(new URL(popup.url() || t.h.origin).origin === t.h.consentOrigin || popup.isClosed()).toBe(true);
    await expect.poll(() => popup.isClosed(), { timeout: 5000 }).toBe(true);
    expect(apiRoutes()).toEqual(['authorize', 'list']);
    expect(t.h.api.getServerState('ses_demo', 'mercado-pago')).toBe('connected');
  });

  it('should end in provider_denied when the user denies, and leave the server unconnected', async () => {
    const app = await t.open();
    const popup = await clickConnect(app);
    await decide(popup, 'Deny');
    await app.waitForStatus('error');
    expect(await app.page.locator('#error').innerText()).toBe('provider_denied');
    expect(await app.events('error')).toEqual(['provider_denied']);
    expect(t.h.api.getServerState('ses_demo', 'mercado-pago')).toBe('not_connected');
  });

  it('should open the popup at once even when authorize takes 6 s, then navigate it', async () => {
    t.h.api.addFault({ route: 'authorize', latencyMs: 6000 });
    const app = await t.open();
    const started = Date.now();
    const popup = await clickConnect(app);
    // The popup is there while authorize (6 s) is still pending: opened in the click, not after it.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await app.status()).toBe('opening');
    await decide(popup, 'Approve');
    await app.waitForStatus('connected');
  }, 30_000);

  it('should connect after five fast clicks with one authorize request and one popup', async () => {
    const app = await t.open();
    const pages: Page[] = [];
    app.context.on('page', (p) => pages.push(p));
    for (let i = 0; i < 5; i++) await app.page.click('#connect', { delay: 0 });
    await expect.poll(() => pages.length).toBe(1);
    await decide(pages[0] as Page, 'Approve');
    await app.waitForStatus('connected');
    expect(pages).toHaveLength(1);
    expect(authorizeRequests()).toHaveLength(1);
  });

  it('should refuse an unsafe redirect_url from the API: unsafe_url, popup closed, nothing navigated', async () => {
    t.h.api.addFault({ route: 'authorize', redirectUrl: 'javascript:alert(document.domain)' });
    const app = await t.open();
    const dialogs: string[] = [];
    app.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const popup = await clickConnect(app);
    popup.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await app.waitForStatus('error');
    expect(await app.page.locator('#error').innerText()).toBe('unsafe_url');
    await expect.poll(() => popup.isClosed()).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('should offer a fallback when the popup is blocked, and connect through it', async () => {
    // Playwright's own calls lend this window user activation, which Chromium keeps ~5 s: let it
    // lapse, then start from another page over a BroadcastChannel. No activation here: blocked.
    const app = await t.open();
    const other = await app.context.newPage();
    await other.goto(`${t.h.origin}/test/e2e/app/silent.html`);
    const blockedPages: Page[] = [];
    app.context.on('page', (p) => blockedPages.push(p));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await other.evaluate(() => new BroadcastChannel('harness').postMessage('start'));
    await app.waitForStatus('blocked');
    expect(blockedPages).toHaveLength(0);
    expect(await app.page.locator('#error').innerText()).toBe('popup_blocked');
    const [popup] = await Promise.all([app.context.waitForEvent('page'), app.page.click('#fallback')]);
    await decide(popup, 'Approve');
    await app.waitForStatus('connected');
    expect(authorizeRequests()).toHaveLength(1);
  }, 30_000);
});

describe('given the meta-tool client (codespar_manage_connections) and an operator setup page', () => {
  it('should open wizard_url, wait in needs_setup, and see completion by asking status again', async () => {
    const app = await t.open('?client=meta&server=z-api&poll=1000');
    const popup = await clickConnect(app);
    await app.waitForStatus('needs_setup');
    const url = new URL(await app.page.locator('#url').innerText());
    expect(url.origin).toBe(t.h.consentOrigin);
    expect(url.pathname).toBe('/dashboard/auth-configs');
    await popup.waitForURL(/\/dashboard\/auth-configs/);
    await popup.getByLabel('Instance token').fill('token-123');
    await popup.getByRole('button', { name: 'Complete setup' }).click();
    await popup.getByText('is connected').waitFor();
    await app.waitForStatus('connected');
    expect(await app.events('connected')).toEqual([{ serverId: 'z-api', connectionId: expect.stringMatching(/^conn_/) }]);
    const executes = t.h.api.requests.filter((r) => r.route === 'execute').map((r) => r.operation);
    expect(executes).toContain('initiate');
    expect(executes.at(-1)).toBe('list');
  });
});

describe('given two tabs of the same chat app', () => {
  it('should update the other tab when one tab connects a server', async () => {
    const app = await t.open();
    const other = await app.context.newPage();
    await other.goto(`${t.h.origin}/test/e2e/app/index.html`);
    await other.locator('#list-status').filter({ hasText: 'not_connected' }).waitFor();
    const popup = await clickConnect(app);
    await decide(popup, 'Approve');
    await app.waitForStatus('connected');
    // No focus change in the other tab: the change arrives over BroadcastChannel.
    await other
      .locator('#list-status')
      .filter({ hasText: /^connected$/ })
      .waitFor({ timeout: 5000 });
    expect(await other.locator('#status').innerText()).toBe('idle');
  });
});
