import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { type AppPage, atConsent, clickConnect, decide, setupHarness } from './harness.ts';

const t = setupHarness();

const message = (state: string, status: string) => ({ type: 'codespar:connect', v: 1, state, status, error: 'access_denied' });

/** A flow whose consent page sends COOP same-origin: once it loads, the live popup looks closed to the chat. */
async function severedPopup() {
  t.h.api.addFault({ route: 'consent', coop: true });
  const app = await t.open();
  const popup = await clickConnect(app);
  await atConsent(popup);
  await app.page.waitForFunction(() => document.querySelector('#popup-closed')?.textContent === 'true');
  return { app, popup };
}

/** Listeners, intervals and channels of the page are back to `baseline`; returns what is live now. */
async function expectLiveAsBefore(app: AppPage, baseline: ReturnType<Window['__live']>) {
  const after = await app.page.evaluate(() => window.__live());
  const { listeners, intervals, channels } = after;
  expect({ listeners, intervals, channels }).toEqual({
    listeners: baseline.listeners,
    intervals: baseline.intervals,
    channels: baseline.channels,
  });
  return after;
}

/** The user approves in the popup; the chat ends connected, and says so once. */
async function approveAndConnect(app: AppPage, popup: Page): Promise<void> {
  await popup.getByRole('button', { name: 'Approve' }).click();
  await app.waitForStatus('connected');
  expect(await app.events('connected')).toHaveLength(1);
}

describe('given a pending connect flow in real Chromium', () => {
  it('should report cancelled (popup_closed) when the user closes the popup and comes back to the chat', async () => {
    const app = await t.open();
    const popup = await clickConnect(app);
    await atConsent(popup);
    await popup.close();
    // In a real browser the OS gives the chat window focus back when the popup closes. Headless
    // Chromium emulates focus and sends no such event, so the test sends the one the OS would.
    await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await app.waitForStatus('cancelled');
    expect(await app.page.locator('#error').innerText()).toBe('popup_closed');
    // The API was asked before reporting it (docs/security.md item 9).
    expect(t.h.api.requests.filter((r) => r.route === 'list').length).toBeGreaterThanOrEqual(2);
  });

  it('should still detect completion when the consent page sends COOP same-origin, without a false cancelled', async () => {
    // COOP cut the opener: the live popup now looks closed to the page. Past the grace period…
    const { app, popup } = await severedPopup();
    await popup.waitForTimeout(1500);
    expect(await app.status()).toBe('waiting');
    // …the user, still in the popup, approves; the callback reaches the page over BroadcastChannel.
    await approveAndConnect(app, popup);
    expect(await app.statuses()).not.toContain('cancelled');
  });

  it('should keep waiting when the user glances back at the chat while the COOP-severed popup is open, then connect', async () => {
    // COOP cut the opener while the user was in the popup; past the grace period the flow waits on.
    const { app, popup } = await severedPopup();
    await popup.waitForTimeout(1500);
    expect(await app.status()).toBe('waiting');
    // The user clicks back to the chat to re-read something, or switches tabs on a phone. Headless
    // Chromium moves no OS focus between windows, so the test sends the events the browser would.
    await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await app.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await popup.waitForTimeout(2000); // past another grace period
    expect(await app.status()).toBe('waiting');
    // …then approves in the popup that was open all along.
    await approveAndConnect(app, popup);
    expect(await app.statuses()).not.toContain('cancelled');
  });

  it('should still connect when the approval comes after a reported popup_closed (the user looked back at once)', async () => {
    const { app, popup } = await severedPopup();
    // Back on the chat within the grace period: indistinguishable from closing the popup (see above
    // for why the test sends the focus event itself).
    await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await app.waitForStatus('cancelled');
    expect(await app.page.locator('#error').innerText()).toBe('popup_closed');
    await approveAndConnect(app, popup);
  });

  it('should ignore a message with the right state from another origin', async () => {
    const app = await t.open();
    const popup = await clickConnect(app);
    const state = await atConsent(popup);
    // The consent page's origin (the "provider") forges completion and denial with the real state.
    await popup.evaluate((m) => window.opener.postMessage(m, '*'), message(state, 'denied'));
    await popup.evaluate((m) => window.opener.postMessage(m, '*'), message(state, 'connected'));
    await app.page.waitForTimeout(300);
    expect(await app.status()).toBe('waiting');
    expect(await app.statuses()).not.toContain('verifying');
    await popup.getByRole('button', { name: 'Approve' }).click();
    await app.waitForStatus('connected');
  });

  it('should ignore a stale state from another window on the callback origin', async () => {
    const app = await t.open();
    const popup = await clickConnect(app);
    await atConsent(popup);
    const other = await app.context.newPage();
    await other.goto(`${t.h.origin}/codespar/callback?state=oauth_stale&status=denied&error=access_denied`);
    await other.evaluate((m) => new BroadcastChannel('codespar-connect').postMessage(m), message('oauth_stale', 'denied'));
    await app.page.waitForTimeout(300);
    expect(await app.status()).toBe('waiting');
    await popup.getByRole('button', { name: 'Approve' }).click();
    await app.waitForStatus('connected');
  });

  it('should ignore a denial from another window or tab while the popup is blocked, then connect through the fallback', async () => {
    const app = await t.open();
    const other = await app.context.newPage();
    await other.goto(`${t.h.origin}/test/e2e/app/silent.html`);
    // Let the activation Playwright's calls lend the page lapse (~5 s), then start with no gesture.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await other.evaluate(() => new BroadcastChannel('harness').postMessage('start'));
    await app.waitForStatus('blocked');
    const state = new URL(await app.page.locator('#url').innerText()).searchParams.get('state') ?? '';
    expect(state).not.toBe('');
    // A frame of the callback origin in the chat page, holding the state, posts a denial…
    await app.page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.id = 'forger';
      frame.src = '/test/e2e/app/silent.html';
      document.body.append(frame);
    });
    const frame = await (await app.page.waitForSelector('#forger')).contentFrame();
    await frame?.waitForLoadState();
    await frame?.evaluate((m) => parent.postMessage(m, location.origin), message(state, 'denied'));
    // …and another tab of the app broadcasts an error.
    await other.evaluate((m) => new BroadcastChannel('codespar-connect').postMessage(m), { ...message(state, 'error'), error: 'forged' });
    await app.page.waitForTimeout(500);
    expect(await app.status()).toBe('blocked');
    expect(await app.statuses()).not.toContain('error');
    const [popup] = await Promise.all([app.context.waitForEvent('page'), app.page.click('#fallback')]);
    await popup.getByRole('button', { name: 'Approve' }).click();
    await app.waitForStatus('connected');
  }, 30_000);

  it("should give two sessions connecting the same server a popup each: cancelling one leaves the other's open", async () => {
    t.h.api.setServerState('ses_two', 'mercado-pago', 'not_connected');
    const app = await t.open('?second=ses_two');
    const pages: Page[] = [];
    app.context.on('page', (p) => pages.push(p));
    await app.page.click('#connect');
    await app.page.click('#connect-2');
    await app.page.waitForFunction(() => document.querySelector('#status-2')?.textContent === 'waiting');
    await app.waitForStatus('waiting');
    expect(pages).toHaveLength(2);
    const [first, second] = pages as [Page, Page];
    await app.page.click('#cancel');
    await app.waitForStatus('cancelled');
    await expect.poll(() => first.isClosed()).toBe(true);
    expect(second.isClosed()).toBe(false);
    await decide(second, 'Approve');
    await app.page.waitForFunction(() => document.querySelector('#status-2')?.textContent === 'connected');
    expect(t.h.api.getServerState('ses_two', 'mercado-pago')).toBe('connected');
    expect(t.h.api.getServerState('ses_demo', 'mercado-pago')).toBe('not_connected');
  });

  it('should leave no listeners, timers or channels behind when unmounted mid-flow', async () => {
    const app = await t.open();
    await app.page.waitForTimeout(2500); // the first load settles (the cache sets no timers)
    const baseline = await app.page.evaluate(() => window.__live());
    const popup = await clickConnect(app);
    await atConsent(popup);
    const during = await app.page.evaluate(() => window.__live());
    expect(during.listeners).toBeGreaterThan(baseline.listeners);
    expect(during.intervals).toBeGreaterThan(baseline.intervals);
    expect(during.channels).toBeGreaterThan(baseline.channels);
    await app.page.evaluate(() => window.__unmount());
    await app.page.waitForTimeout(2500);
    const after = await expectLiveAsBefore(app, baseline);
    // Timeouts of the idle page may have run out meanwhile: none may be added.
    expect(after.timeouts).toBeLessThanOrEqual(baseline.timeouts);
    // Late completion after unmount changes nothing and throws nothing.
    const errors: string[] = [];
    app.page.on('pageerror', (e) => errors.push(e.message));
    await popup.getByRole('button', { name: 'Approve' }).click();
    await app.page.waitForTimeout(500);
    expect(errors).toEqual([]);
  });

  it('should not expire the link at once when the Date header is unreadable and the page clock runs 11 minutes fast', async () => {
    // An empty Date is what fetch shows for a cross-origin answer without Access-Control-Expose-Headers: Date.
    t.h.api.addFault({ route: 'authorize', headers: { date: '' } });
    const app = await t.open('', () => {
      const skew = 11 * 60_000;
      const RealDate = Date;
      // The user's clock is 11 minutes fast: Date.now() and new Date() both say so.
      globalThis.Date = class extends RealDate {
        constructor(...args: ConstructorParameters<DateConstructor> | []) {
          if (args.length === 0) super(RealDate.now() + skew);
          else super(...(args as ConstructorParameters<DateConstructor>));
        }
        static override now() {
          return RealDate.now() + skew;
        }
      } as DateConstructor;
    });
    const popup = await clickConnect(app);
    await app.page.waitForTimeout(2500);
    expect(await app.statuses()).not.toContain('expired');
    expect(await app.status()).toBe('waiting');
    await atConsent(popup);
    await popup.getByRole('button', { name: 'Approve' }).click();
    await app.waitForStatus('connected');
  });

  it('should attach nothing and open nothing when a stale start() runs after the wizard unmounted', async () => {
    const app = await t.open();
    await app.page.waitForTimeout(2500); // the first load settles (the cache sets no timers)
    const baseline = await app.page.evaluate(() => window.__live());
    await app.page.evaluate(() => window.__unmount());
    t.h.api.clearRequests();
    const pages: unknown[] = [];
    app.context.on('page', (p) => pages.push(p));
    // A handler kept from before the unmount (a chat message's button) calls the wizard's start().
    await app.page.evaluate(() => window.__start());
    await app.page.waitForTimeout(1500);
    await expectLiveAsBefore(app, baseline);
    expect(pages).toEqual([]);
    expect(t.h.api.requests.filter((r) => r.route === 'authorize')).toEqual([]);
  });

  it('should end cancelled (popup_closed) at once when the still-blank popup is closed during a slow authorize', async () => {
    t.h.api.addFault({ route: 'authorize', latencyMs: 6000 });
    const app = await t.open();
    const popup = await clickConnect(app);
    expect(await app.status()).toBe('opening');
    await popup.close();
    // No focus event is sent: the blank popup was ours, so its close is certain without one.
    await app.waitForStatus('cancelled', 3000);
    expect(await app.page.locator('#error').innerText()).toBe('popup_closed');
    await app.page.waitForTimeout(6500); // past the authorize answer: it changes nothing
    expect(await app.statuses()).toEqual(['idle', 'opening', 'cancelled']);
  }, 30_000);

  for (const serverId of ['..', '%2e%2e', 'a%2fb']) {
    it(`should refuse server id ${JSON.stringify(serverId)} before any request leaves the connections path`, async () => {
      const app = await t.open(`?server=${encodeURIComponent(serverId)}`);
      t.h.api.clearRequests();
      await app.page.click('#connect');
      await app.waitForStatus('error');
      expect(await app.page.locator('#error').innerText()).toBe('invalid_options');
      expect(t.h.api.requests.filter((r) => r.route !== 'list')).toEqual([]);
    });
  }

  it('should render a list whose every field is a prototype key or markup as text, without a page error', async () => {
    const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const markup = '<img src=x onerror=alert(1)>';
    const data = keys.map((key) => ({
      id: key,
      name: `${key} ${markup}`,
      category: key,
      country: key,
      auth_type: key,
      status: key,
      connected: false,
    }));
    t.h.api.addFault({ route: 'list', status: 200, body: { data, total: data.length, session_id: 'ses_demo' } });
    const context = await t.h.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const dialogs: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${t.h.origin}/test/e2e/app/layout.html?view=list`);
      await page
        .locator('[data-slot="connection-list-item"]')
        .nth(keys.length - 1)
        .waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-slot="connection-list-item"]').count()).toBe(keys.length);
      for (const key of keys) await expect.poll(() => page.getByText(`${key} ${markup}`, { exact: true }).count()).toBe(1);
      expect(await page.locator('[data-slot="connection-list"] img').count()).toBe(0);
      await page.waitForTimeout(300);
      expect({ errors, dialogs }).toEqual({ errors: [], dialogs: [] });
    } finally {
      await context.close();
    }
  });

  it('should send no authorize after Cancel while getToken() hangs, and end in error at the time-out otherwise', async () => {
    const app = await t.open('?timeout=2000');
    t.h.api.clearRequests();
    await app.page.evaluate(() => {
      window.__hangToken = true;
    });
    const popup = await clickConnect(app);
    expect(await app.status()).toBe('opening');
    await app.page.click('#cancel');
    await app.waitForStatus('cancelled');
    await expect.poll(() => popup.isClosed()).toBe(true);
    // Again, left alone: the time-out ends it instead of a blank popup forever.
    const second = await clickConnect(app);
    await app.waitForStatus('error', 5000);
    expect(await app.page.locator('#error').innerText()).toBe('network_error');
    await expect.poll(() => second.isClosed()).toBe(true);
    await app.page.evaluate(() => {
      window.__hangToken = false;
    });
    expect(t.h.api.requests.filter((r) => r.route === 'authorize')).toEqual([]);
  });

  it('should end expired after a final check when expires_at is reached', async () => {
    t.h.api.setAuthorizationTtl(3000);
    const app = await t.open();
    const popup = await clickConnect(app);
    await atConsent(popup);
    t.h.api.clearRequests();
    await app.waitForStatus('expired', 8000);
    expect(await app.page.locator('#error').innerText()).toBe('timeout');
    expect(await app.statuses()).toEqual(expect.arrayContaining(['waiting', 'verifying', 'expired']));
    expect(t.h.api.requests.some((r) => r.route === 'list')).toBe(true);
    await expect.poll(() => popup.isClosed()).toBe(true);
  }, 20_000);
});
